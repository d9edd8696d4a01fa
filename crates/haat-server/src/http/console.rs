//! The merchant console (`/m/…`): its own app, built into `dist/console` (`scripts/build-app`). Every
//! console address gets the same small page, which loads the app; the app routes in the browser. The
//! page is never cached or indexed, and has a policy of its own: no script but its own, and no site may
//! frame it (a shop owner's taps must be the owner's). It shares the storefront's origin, so the
//! storefront's scripts are trusted with the owner's secret too: both are this server's own.

use std::{path::Path, sync::Arc};

use axum::{
    Extension, Router,
    http::{
        HeaderName, HeaderValue,
        header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE},
    },
    response::IntoResponse,
    routing::get,
};

use super::{AppState, security::source_hash, storefront::Assets};

/// The console's page and its policy, made once at start from the files Trunk built.
#[derive(Debug)]
pub struct Console {
    page: String,
    policy: HeaderValue,
}

impl Console {
    /// The console built into `static_dir/console`, if it was built.
    pub fn load(static_dir: &Path) -> Option<Self> {
        let index = std::fs::read_to_string(static_dir.join("console/index.html")).ok()?;
        let assets = Assets::find(&index)?;
        let loader = assets.loader();
        let page = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta name=\"robots\" content=\"noindex\"><title>Haat for shops</title>\
             <link rel=\"stylesheet\" href=\"{}\"><script type=\"module\">{loader}</script></head>\
             <body><div id=\"console\"><p class=\"console narrow\">Opening your shop…</p></div></body></html>",
            assets.css
        );
        let policy = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; \
             img-src 'self' data: https:; connect-src 'self'; frame-src 'self'; object-src 'none'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            source_hash(&loader)
        );
        Some(Self {
            page,
            policy: HeaderValue::from_str(&policy).ok()?,
        })
    }
}

/// `/m` and every address under it.
pub fn routes(console: Arc<Console>) -> Router<AppState> {
    Router::new()
        .route("/m", get(page))
        .route("/m/", get(page))
        .route("/m/{*rest}", get(page))
        .layer(Extension(console))
}

async fn page(Extension(console): Extension<Arc<Console>>) -> impl IntoResponse {
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                HeaderName::from_static("x-robots-tag"),
                HeaderValue::from_static("noindex"),
            ),
            (CONTENT_SECURITY_POLICY, console.policy.clone()),
        ],
        console.page.clone(),
    )
}
