//! The merchant console (`/m/…`): its own app, built into `dist/console` (`scripts/build-app`). Every
//! console address gets the same small page, which loads the app; the app routes in the browser. The
//! page speaks the merchant's language (the one they chose on the console's switcher, `?lang=hi`, kept in
//! the same cookie as a shopper's choice, else their browser's): it says its title in it, and carries that
//! language's translations of the console's texts (`crates/haat-console/locales/`), which the app reads.
//! The page is never cached or indexed, and has a policy of its own: no script but its own, and no site
//! may frame it (a shop owner's taps must be the owner's). It shares the storefront's origin, so the
//! storefront's scripts are trusted with the owner's secret too: both are this server's own.

use std::{path::Path, sync::Arc};

use axum::{
    Extension, Router,
    extract::{Query, rejection::QueryRejection},
    http::{
        HeaderMap, HeaderName, HeaderValue,
        header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, SET_COOKIE, VARY},
    },
    response::{IntoResponse, Response},
    routing::get,
};
use haat::lang::{Lang, Translations};
use haat_api::Language;
use haat_lang::TEXTS_ID;
use html_escape::encode_text;
use serde::Deserialize;

use super::{AppState, language, security::source_hash, storefront::Assets};

/// The console's page in each language, and their policy, made once at start from the files Trunk built.
#[derive(Debug)]
pub struct Console {
    pages: Vec<(Language, String)>,
    policy: HeaderValue,
}

impl Console {
    /// The console built into `static_dir/console`, if it was built; `voice` says the page's own words
    /// (its title, and what shows while the app loads) in each language.
    pub fn load(static_dir: &Path, voice: impl Fn(Language) -> Lang) -> Option<Self> {
        let index = std::fs::read_to_string(static_dir.join("console/index.html")).ok()?;
        let assets = Assets::find(&index)?;
        let loader = assets.loader();
        let pages = Language::ALL
            .into_iter()
            .map(|language| {
                let lang = voice(language);
                let texts = serde_json::to_string(&translations(language))
                    .expect("texts are JSON")
                    // Inside a script element, `<` could start what ends it early (`</script`, `<!--`);
                    // JSON may write it as an escape instead.
                    .replace('<', r"\u003c");
                let page = format!(
                    "<!doctype html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
                     <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
                     <meta name=\"robots\" content=\"noindex\"><title>{title}</title>\
                     <link rel=\"stylesheet\" href=\"{css}\"><script type=\"module\">{loader}</script>\
                     </head><body><div id=\"console\"><p class=\"console narrow\">{opening}</p></div>\
                     <script type=\"application/json\" id=\"{texts_id}\">{texts}</script></body></html>",
                    code = language.as_str(),
                    title = encode_text(lang.t("Haat for shops")),
                    css = assets.css,
                    opening = encode_text(lang.t("Opening your shop…")),
                    texts_id = TEXTS_ID,
                );
                (language, page)
            })
            .collect();
        let policy = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; \
             img-src 'self' data: https:; connect-src 'self'; frame-src 'self'; object-src 'none'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            source_hash(&loader)
        );
        Some(Self {
            pages,
            policy: HeaderValue::from_str(&policy).ok()?,
        })
    }

    /// The page in `language`.
    fn page(&self, language: Language) -> &str {
        self.pages
            .iter()
            .find(|(speaks, _)| *speaks == language)
            .map_or("", |(_, page)| page.as_str())
    }
}

/// The console's translations into `language`, from its catalogs (none for English, whose texts are the
/// console's own code).
///
/// # Panics
/// When a catalog is not a table of texts: the root's `tests/catalogs.rs` reads them all.
pub fn translations(language: Language) -> Translations {
    haat::lang::read(match language {
        Language::En => return Translations::new(),
        Language::Hi => include_str!("../../../haat-console/locales/hi.toml"),
        Language::Ta => include_str!("../../../haat-console/locales/ta.toml"),
        Language::Fr => include_str!("../../../haat-console/locales/fr.toml"),
    })
}

/// `/m` and every address under it.
pub fn routes(console: Arc<Console>) -> Router<AppState> {
    Router::new()
        .route("/m", get(page))
        .route("/m/", get(page))
        .route("/m/{*rest}", get(page))
        .layer(Extension(console))
}

/// What a console page's query may ask of the server.
#[derive(Default, Deserialize)]
struct Asked {
    /// The language the merchant chose on the console's switcher.
    lang: Option<String>,
}

async fn page(
    Extension(console): Extension<Arc<Console>>,
    asked: Result<Query<Asked>, QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let Asked { lang } = asked.map(|Query(asked)| asked).unwrap_or_default();
    // The console is the merchant's: their choice or their browser's, never a shop's.
    let chosen = language::choose(lang.as_deref(), &headers, "");
    let mut response = (
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
            (VARY, HeaderValue::from_static("accept-language, cookie")),
        ],
        console.page(chosen.language).to_owned(),
    )
        .into_response();
    if chosen.just_chosen {
        response
            .headers_mut()
            .insert(SET_COOKIE, language::keep(chosen.language));
    }
    response
}
