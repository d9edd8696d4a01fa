//! The shopper's pages (`/s/{store}/…`), rendered here with the storefront's own components (the `haat`
//! crate's [`App`], feature `ssr`) and hydrated by the browser. A page arrives whole in one response: its
//! first view in the HTML, the stylesheet inline, the data the first view was drawn from
//! ([`FirstView`]) for hydration, and its own title and link-preview tags. The app's JavaScript and wasm
//! load after, never in the way of the first paint.

use std::{path::Path, rc::Rc, sync::Arc};

use axum::{
    Extension, Router,
    extract::{Path as UrlPath, Query, State, rejection::QueryRejection},
    http::{
        HeaderMap, HeaderValue, StatusCode, Uri,
        header::{CACHE_CONTROL, CONTENT_TYPE, HOST, SET_COOKIE, VARY},
    },
    response::{IntoResponse, Response},
    routing::get,
};
use haat::{
    App, AppProps, FIRST_VIEW_ID, Place, RENDERED,
    lang::{self, Lang, Translations},
    route::{self, Page, Search},
    shop::FirstView,
};
use haat_api::{Catalog, Language};
use html_escape::{encode_double_quoted_attribute, encode_text};
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use yew::AttrValue;
use yew_router::Routable;

use super::{AppState, card, draft_view, language, now_ms, preview::Preview};
use crate::{domain::preview_link, error::AppError};

/// The built storefront's parts every page is made with, read once at start.
#[derive(Debug)]
pub struct Shell {
    /// The whole stylesheet, inlined: it is small, and a page then needs no second request to paint.
    css: String,
    /// The module script that loads the app's JavaScript and wasm.
    loader: String,
    /// The classic script that runs before the app: Telegram's theme from the first frame, and taps held
    /// until the app runs (`static/early.js`).
    early: String,
    /// The classic script a preview of the draft runs before the app: the app's calls for the catalog,
    /// quotes and orders carry the preview's token (`static/preview.js`).
    preview: String,
}

/// The built storefront's files, as Trunk named them in its `index.html`.
#[derive(Debug, PartialEq, Eq)]
pub struct Assets<'a> {
    pub css: &'a str,
    pub js: &'a str,
    pub wasm: &'a str,
}

impl<'a> Assets<'a> {
    pub fn find(index_html: &'a str) -> Option<Self> {
        let asset = |extension: &str| {
            index_html
                .split(['\'', '"', '=', ' ', '>'])
                .find(|token| token.starts_with('/') && token.ends_with(extension))
        };
        Some(Self {
            css: asset(".css")?,
            js: asset(".js")?,
            wasm: asset(".wasm")?,
        })
    }

    /// The module script that loads the app's JavaScript and wasm.
    pub fn loader(&self) -> String {
        format!(
            "import init from '{}';init({{module_or_path:'{}'}})",
            self.js, self.wasm
        )
    }
}

impl Shell {
    /// The storefront built into `dir`, whose page Trunk wrote as `index_html`; `None` when there is
    /// none (the server then serves the API only).
    pub fn load(dir: &Path, index_html: &str) -> Option<Self> {
        let assets = Assets::find(index_html)?;
        let css = std::fs::read_to_string(dir.join(assets.css.trim_start_matches('/'))).ok()?;
        let loader = assets.loader();
        let early = std::fs::read_to_string(dir.join("early.js")).ok()?;
        let preview = std::fs::read_to_string(dir.join("preview.js")).ok()?;
        Some(Self {
            css,
            loader,
            early,
            preview,
        })
    }

    /// The page's inline scripts and stylesheet, which the Content-Security-Policy allows by hash.
    pub fn inline_scripts(&self) -> [&str; 2] {
        [&self.early, &self.loader]
    }

    /// The inline script a preview's pages run besides (its policy allows it; shoppers' pages do not).
    pub fn preview_script(&self) -> &str {
        &self.preview
    }

    pub fn inline_style(&self) -> &str {
        &self.css
    }
}

/// What the shopper's pages are made with.
#[derive(Debug)]
pub struct Storefront {
    pub shell: Shell,
    /// Where shoppers open the store, for link previews; `None` to take each request's `Host`.
    pub origin: Option<String>,
    /// Each language's translations of the app's texts, in the order of [`Language::ALL`].
    texts: Vec<Translations>,
}

impl Storefront {
    pub fn new(shell: Shell, origin: Option<String>) -> Self {
        Self {
            shell,
            origin,
            texts: Language::ALL.into_iter().map(lang::catalog).collect(),
        }
    }

    /// `language`'s translations of the app's texts.
    fn texts(&self, language: Language) -> Translations {
        Language::ALL
            .iter()
            .position(|it| *it == language)
            .and_then(|at| self.texts.get(at))
            .cloned()
            .unwrap_or_default()
    }

    fn origin(&self, headers: &HeaderMap) -> String {
        if let Some(origin) = &self.origin {
            return origin.clone();
        }
        let host = headers.get(HOST).and_then(|host| host.to_str().ok());
        format!("http://{}", host.unwrap_or("localhost"))
    }
}

/// `/s/{store}` and every page under it.
pub fn routes(storefront: Arc<Storefront>) -> Router<AppState> {
    let pages = Router::new()
        .route("/s/{store}", get(page))
        .route("/s/{store}/", get(page))
        .route("/s/{store}/{*rest}", get(page))
        .layer(Extension(storefront))
        .layer(CompressionLayer::new());
    // A PNG is compressed already.
    pages.route("/s/{store}/card.png", get(card::shop_card))
}

async fn page(
    State(app): State<AppState>,
    Extension(storefront): Extension<Arc<Storefront>>,
    UrlPath(params): UrlPath<Vec<(String, String)>>,
    uri: Uri,
    // A query the server cannot read asks it nothing: the app reads its own part (the search).
    asked: Result<Query<Asked>, QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let at = At {
        origin: storefront.origin(&headers),
        slug: param(&params, "store"),
        rest: param(&params, "rest"),
        path: uri.path(),
        search: Search::in_query(uri.query().unwrap_or_default()),
        headers: &headers,
        lang: None,
    };
    let Asked { preview, lang } = asked.map(|Query(asked)| asked).unwrap_or_default();
    let at = At {
        lang: lang.as_deref(),
        ..at
    };
    match preview {
        Some(token) => render_draft(&app, &storefront, &at, &token).await,
        None => render(&app, &storefront, &at).await,
    }
}

/// What a page's query may ask of the server (the search is the app's: [`Search`]).
#[derive(Default, Deserialize)]
struct Asked {
    /// A preview link's token: the shop's draft, not its live catalog ([`preview_link`]).
    preview: Option<String>,
    /// The language the shopper chose on the page's switcher ([`language`]).
    lang: Option<String>,
}

/// A path parameter's value; `""` when the route has none of that name.
fn param<'a>(params: &'a [(String, String)], name: &str) -> &'a str {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

/// Where a page was asked for.
struct At<'a> {
    /// The site's origin, for absolute addresses.
    origin: String,
    slug: &'a str,
    /// The path under the shop's base.
    rest: &'a str,
    /// The whole path (`/s/{slug}/{rest}`).
    path: &'a str,
    search: Search,
    headers: &'a HeaderMap,
    /// The language the query asks for (`?lang=`).
    lang: Option<&'a str>,
}

/// The page the request is `at`.
async fn render(app: &AppState, storefront: &Storefront, at: &At<'_>) -> Response {
    match shop_catalog(app, at.slug).await {
        Ok(Some(catalog)) => page_of(app, storefront, at, &catalog, Showing::Live).await,
        Ok(None) => no_such_shop(&at.voice(app, "")),
        Err(error) => error.into_response(),
    }
}

/// The page the request is `at`, drawn from the shop's draft for a preview link's `token`: the same
/// page and app, whose orders are tests ([`draft_view`]), never cached or indexed.
async fn render_draft(
    app: &AppState,
    storefront: &Storefront,
    at: &At<'_>,
    token: &str,
) -> Response {
    match draft_catalog(app, at.slug, token).await {
        Ok(Opened::Draft(catalog)) => page_of(app, storefront, at, &catalog, Showing::Draft).await,
        Ok(Opened::Refused { refused, locale }) => {
            preview_refused(refused, &at.voice(app, &locale))
        }
        Ok(Opened::NoShop) => no_such_shop(&at.voice(app, "")),
        Err(error) => error.into_response(),
    }
}

/// What a preview link opens.
enum Opened {
    /// The shop's draft as shoppers will see it (its live catalog, when it has no draft).
    Draft(Box<Catalog>),
    /// Not the draft of the shop whose locale is `locale`: why.
    Refused {
        refused: preview_link::Refused,
        locale: String,
    },
    NoShop,
}

async fn draft_catalog(app: &AppState, slug: &str, token: &str) -> Result<Opened, AppError> {
    if route::shop_slug(slug).is_none() {
        return Ok(Opened::NoShop);
    }
    let Some(shop) = app.store.store_by_slug(slug).await? else {
        return Ok(Opened::NoShop);
    };
    if let Err(refused) = preview_link::check(token, slug, &shop.merchant_token_hash, now_ms()) {
        let locale = shop.profile.locale;
        return Ok(Opened::Refused { refused, locale });
    }
    Ok(Opened::Draft(Box::new(
        draft_view::draft_catalog(app, &shop).await?,
    )))
}

/// Which catalog a page shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Showing {
    /// The shop's, as shoppers get it: the app takes the page over.
    Live,
    /// The owner's draft, for a preview: the app takes the page over too, asking for the draft, with a
    /// line above it saying so.
    Draft,
}

/// `page` of `catalog`, as a whole document, in the shopper's language.
async fn page_of(
    app: &AppState,
    storefront: &Storefront,
    at: &At<'_>,
    catalog: &Catalog,
    showing: Showing,
) -> Response {
    let page = Page::recognize(&format!("/{}", at.rest)).unwrap_or(Page::NotFound);
    let chosen = language::choose(at.lang, at.headers, &catalog.store.locale);
    let first = FirstView::of(catalog, &page, &at.search)
        .speaking(chosen.language, storefront.texts(chosen.language));
    // The server's own words on the page (its preview tags, a preview's note), in the page's language.
    let voice = app.voice(chosen.language);
    let preview = Preview::of(&voice, catalog, &page, &at.search, &at.origin, at.path);
    let start = route::rendered_address(at.path, &at.search);
    let html = render_app(at.slug, start.clone(), first.clone()).await;

    let missing = match &page {
        Page::NotFound => true,
        Page::Product { id } => !catalog.products.iter().any(|product| product.id == *id),
        // The shop's list is drawn from its top, under the status a link to nothing gets.
        Page::Category { id } => !catalog.categories.iter().any(|category| category.id == *id),
        _ => false,
    };
    let status = if missing {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    let note = match showing {
        Showing::Live => None,
        Showing::Draft => Some(preview_note(&voice)),
    };
    let document = document(
        &storefront.shell,
        &preview,
        &start,
        &html,
        &first,
        note.as_deref(),
    );
    let cache = match showing {
        // The page holds the catalog as it is now: asked again on every visit.
        Showing::Live => "no-cache",
        // A draft is the owner's: never kept by a browser or a proxy.
        Showing::Draft => "no-store",
    };
    let mut response = (
        status,
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static(cache)),
            // Which language it speaks depends on these.
            (VARY, HeaderValue::from_static("accept-language, cookie")),
        ],
        document,
    )
        .into_response();
    if chosen.just_chosen {
        response
            .headers_mut()
            .insert(SET_COOKIE, language::keep(chosen.language));
    }
    if showing == Showing::Draft {
        response
            .headers_mut()
            .insert("x-robots-tag", HeaderValue::from_static("noindex"));
    }
    response
}

/// The line above a preview's page: what it is, in `lang`.
fn preview_note(lang: &Lang) -> String {
    lang.t(
        "Preview of your changes: shoppers see them once you publish. Orders placed here are tests: the shop does not get them, and they take no stock.",
    )
    .to_owned()
}

impl At<'_> {
    /// The server speaking the language a plain page of this request is written in: the one the
    /// shopper chose or the browser asks for, else the shop's (its `locale`, when known).
    fn voice(&self, app: &AppState, locale: &str) -> Lang {
        app.voice(language::choose(self.lang, self.headers, locale).language)
    }
}

/// A plain page, in `lang`: its title, its heading and what it says, each escaped for HTML.
fn plain_page(lang: &Lang, title: &str, heading: &str, text: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
        <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title>\
        <meta name=\"robots\" content=\"noindex\"></head><body><main><h1>{}</h1>\
        <p>{}</p></main></body></html>",
        lang.language.as_str(),
        encode_text(title),
        encode_text(heading),
        encode_text(text)
    )
}

/// A preview link that does not open the draft: why, in a plain page in `lang`.
fn preview_refused(refused: preview_link::Refused, lang: &Lang) -> Response {
    let body = plain_page(
        lang,
        lang.t("Preview ended"),
        lang.t("This preview does not open"),
        refused.said(lang),
    );
    (
        StatusCode::FORBIDDEN,
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// The shop's catalog, or `None` when no shop has this slug.
async fn shop_catalog(app: &AppState, slug: &str) -> Result<Option<Catalog>, AppError> {
    if route::shop_slug(slug).is_none() {
        return Ok(None);
    }
    let Some(shop) = app.store.store_by_slug(slug).await? else {
        return Ok(None);
    };
    Ok(Some(app.store.catalog(&shop, now_ms()).await?))
}

/// The app's HTML for `path`, drawn from `first` exactly as the browser's first render will draw it.
async fn render_app(slug: &str, path: String, first: FirstView) -> String {
    let store = slug.to_owned();
    yew::ServerRenderer::<App>::with_props(move || AppProps {
        store: Some(AttrValue::from(store)),
        history: Place::Memory(path.into()),
        first: Some(Rc::new(first)),
    })
    .render()
    .await
}

/// The whole page: head (title, preview tags, stylesheet, the app's loader), the rendered app, and its
/// first view's data.
/// A preview of the draft has its `note` above the app, and the preview's script.
fn document(
    shell: &Shell,
    preview: &Preview,
    path: &str,
    app_html: &str,
    first: &FirstView,
    note: Option<&str>,
) -> String {
    let data = serde_json::to_string(first).unwrap_or_default();
    let mut page = String::with_capacity(shell.css.len() + app_html.len() + data.len() + 2048);
    page.push_str("<!doctype html><html lang=\"");
    page.push_str(first.language().as_str());
    // The shop whose cart static/early.js looks for.
    page.push_str("\" data-shop=\"");
    page.push_str(&encode_double_quoted_attribute(&first.catalog.store.slug));
    page.push_str(
        "\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1,viewport-fit=cover\">\
         <meta name=\"theme-color\" content=\"#0f7b5f\">",
    );
    preview.write_tags(&mut page);
    page.push_str("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"><script>");
    page.push_str(&shell.early);
    page.push_str("</script>");
    if note.is_some() {
        page.push_str("<script>");
        page.push_str(&shell.preview);
        page.push_str("</script><meta name=\"robots\" content=\"noindex\">");
    }
    page.push_str("<style>");
    page.push_str(&shell.css);
    page.push_str("</style><script type=\"module\">");
    page.push_str(&shell.loader);
    page.push_str("</script></head><body>");
    if let Some(note) = note {
        page.push_str("<p class=\"notice preview-note\" role=\"status\">");
        page.push_str(&encode_text(note));
        page.push_str("</p>");
    }
    page.push_str("<div id=\"app\" ");
    page.push_str(RENDERED);
    page.push_str("=\"");
    page.push_str(&encode_double_quoted_attribute(path));
    page.push_str("\">");
    page.push_str(app_html);
    page.push_str("</div><script type=\"application/json\" id=\"");
    page.push_str(FIRST_VIEW_ID);
    page.push_str("\">");
    // Inside a script element, `<` could start what ends it early (`</script`, `<!--`); JSON may write
    // it as an escape instead.
    page.push_str(&data.replace('<', r"\u003c"));
    page.push_str("</script></body></html>");
    page
}

/// A link naming no shop Haat has: a plain page that says so (there is no shop to render), in `lang`.
fn no_such_shop(lang: &Lang) -> Response {
    let title = lang.t("Shop not found");
    let body = plain_page(
        lang,
        title,
        title,
        lang.t("This shop link is wrong or no longer works. Ask the shop for its link."),
    );
    // Not kept by a cache: the shop may open under this address in a minute, and the words follow the
    // shopper's language.
    (
        StatusCode::NOT_FOUND,
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}
