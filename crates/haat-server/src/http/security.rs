//! Headers every response carries: a Content-Security-Policy that lets the storefront's wasm run
//! (`'wasm-unsafe-eval'`, never `'unsafe-eval'`) and be framed only by the configured chat hosts, `nosniff`,
//! and no referrer.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    http::{
        HeaderName, HeaderValue,
        header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS},
    },
    middleware::Next,
    response::Response,
};
use base64::{Engine, engine::general_purpose::STANDARD};
use sha2::{Digest, Sha256};

use super::storefront::Shell;

/// Who may frame the storefront: CSP `frame-ancestors` sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameAncestors(Vec<String>);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "frame ancestor {0:?} is not an origin (https://host[:port], wildcards like https://*.example.com) \
     or one of 'self', 'none'"
)]
pub struct InvalidFrameAncestor(pub String);

impl FrameAncestors {
    /// Parses space- or comma-separated sources.
    pub fn parse(list: &str) -> Result<Self, InvalidFrameAncestor> {
        let sources: Vec<String> = list
            .split([' ', ','])
            .filter(|source| !source.is_empty())
            .map(|source| {
                is_source(source)
                    .then(|| source.to_owned())
                    .ok_or_else(|| InvalidFrameAncestor(source.to_owned()))
            })
            .collect::<Result<_, _>>()?;
        if sources.is_empty() {
            return Ok(Self(vec!["'none'".to_owned()]));
        }
        Ok(Self(sources))
    }
}

fn is_source(source: &str) -> bool {
    if matches!(source, "'self'" | "'none'") {
        return true;
    }
    let Some((scheme, host)) = source.split_once("://") else {
        return false;
    };
    matches!(scheme, "https" | "http")
        && !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'*'))
}

/// Telegram's Mini App script, which the host bridge loads when Telegram opens the store without it.
const TELEGRAM_SCRIPT: &str = "https://telegram.org/js/telegram-web-app.js";

/// The policy for this server, built once at start.
#[derive(Clone, Debug)]
pub struct Policy {
    csp: HeaderValue,
    /// A preview's pages' (`?preview=`): the same, and its inline script too.
    preview_csp: HeaderValue,
}

impl Policy {
    /// The policy for pages made with `shell` (its inline loader and stylesheet allowed by hash), or for
    /// an API-only server. The merchant console's page sends its own (`console.rs`).
    pub fn new(shell: Option<&Shell>, frame_ancestors: &FrameAncestors) -> Self {
        let hash = |text: &str| format!(" {}", source_hash(text));
        let (script, style, preview) = shell.map_or_else(Default::default, |shell| {
            let scripts: String = shell.inline_scripts().into_iter().map(hash).collect();
            (
                scripts,
                hash(shell.inline_style()),
                hash(shell.preview_script()),
            )
        });
        let csp = |script: &str| {
            let csp = format!(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{script} {TELEGRAM_SCRIPT}; \
                 style-src 'self'{style}; \
                 img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
                 form-action 'self'; frame-ancestors {}",
                frame_ancestors.0.join(" ")
            );
            HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static("default-src 'self'"))
        };
        Self {
            csp: csp(&script),
            preview_csp: csp(&format!("{script}{preview}")),
        }
    }
}

/// A CSP source allowing exactly this inline script or stylesheet: `'sha256-…'`.
pub fn source_hash(text: &str) -> String {
    format!("'sha256-{}'", STANDARD.encode(Sha256::digest(text)))
}

pub async fn headers(State(policy): State<Arc<Policy>>, request: Request, next: Next) -> Response {
    let preview = request
        .uri()
        .query()
        .is_some_and(|query| query.split('&').any(|pair| pair.starts_with("preview=")));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // A handler with a policy of its own (the demo host pages) keeps it.
    headers.entry(CONTENT_SECURITY_POLICY).or_insert_with(|| {
        if preview {
            policy.preview_csp.clone()
        } else {
            policy.csp.clone()
        }
    });
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin-allow-popups"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_ancestors_accept_origins_and_keywords_only() {
        let parsed =
            FrameAncestors::parse("'self' https://web.telegram.org, https://*.example.com:8443")
                .expect("valid");
        assert_eq!(parsed.0.len(), 3);
        assert_eq!(FrameAncestors::parse("").expect("empty").0, ["'none'"]);
        for bad in [
            "web.telegram.org",
            "https://x; script-src *",
            "'unsafe-inline'",
            "javascript://x",
        ] {
            assert!(FrameAncestors::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_policy_allows_wasm_but_not_eval() {
        let policy = Policy::new(None, &FrameAncestors::parse("'self'").expect("valid"));
        let csp = policy.csp.to_str().expect("ascii");
        assert!(csp.contains("'wasm-unsafe-eval'"));
        assert!(!csp.contains("'unsafe-eval'"));
        assert!(
            csp.contains(" https://telegram.org/js/telegram-web-app.js;"),
            "{csp}"
        );
        assert!(csp.ends_with("frame-ancestors 'self'"));
    }
}
