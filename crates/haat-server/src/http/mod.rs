//! HTTP: routes, extractors and static files. Handlers are thin: extract → domain → store → wire type.

mod assets;
mod card;
mod console;
mod draft_view;
mod drafts;
mod embed;
mod extract;
mod feed;
mod language;
mod notices;
mod openapi;
mod orders;
mod photos;
mod preview;
mod security;
mod sheets;
mod shops;
mod storefront;
mod stores;
mod telegram;

pub(crate) use orders::change_status;
pub use orders::now_ms;
pub use security::FrameAncestors;
pub use telegram::Telegram;

use std::{path::Path, sync::Arc};

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, HeaderValue, Method, header},
    middleware,
    response::Redirect,
    routing::{MethodRouter, delete, get, patch, post, put},
};
use haat::lang::Lang;
use haat_api::Language;
use tokio::sync::{Notify, Semaphore, watch};
use tower_http::{
    compression::CompressionLayer,
    cors::{AllowOrigin, CorsLayer},
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};

use crate::{
    SharedStore, domain::idempotency, error::AppError, seed::DEMO_STORE, store::StoreRecord,
    voices::Voices,
};

/// Largest request body the API reads.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Clone)]
pub struct AppState {
    store: SharedStore,
    /// Wakes this process's order feeds when it placed or moved an order.
    changes: Arc<Notify>,
    /// The idempotency keys this process's requests are working on.
    running: Arc<idempotency::Running>,
    /// Telegram identity, when a bot token is configured.
    telegram: Option<Arc<Telegram>>,
    /// Sign-ups, when the operator takes them (`--open-signup`).
    signups: Option<Arc<shops::Signups>>,
    /// Set when the server begins to stop: long-lived answers (the order feeds) end, so the stop does
    /// not wait on consoles that never hang up.
    closing: Arc<watch::Sender<bool>>,
    /// One photo decoded at a time per core: a decode takes up to a core and 256 MB, and many shops
    /// uploading at once must queue rather than take the server's memory.
    photo_work: Arc<Semaphore>,
    /// The server's words to shoppers and merchants, in each language.
    voices: Arc<Voices>,
}

impl AppState {
    pub fn new(store: SharedStore) -> Self {
        Self {
            store,
            changes: Arc::new(Notify::new()),
            running: Arc::default(),
            telegram: None,
            signups: None,
            closing: Arc::new(watch::Sender::new(false)),
            photo_work: Arc::new(Semaphore::new(
                std::thread::available_parallelism().map_or(1, usize::from),
            )),
            voices: Arc::new(Voices::load()),
        }
    }

    /// The server speaking `language` to a shopper or a merchant.
    pub fn voice(&self, language: Language) -> Lang {
        self.voices.of(language)
    }

    /// The switch that tells long-lived answers the server is stopping.
    pub fn closing(&self) -> Arc<watch::Sender<bool>> {
        Arc::clone(&self.closing)
    }

    /// Taking sign-ups (`true`) or not, behind `proxies` of the operator's ([`Config::trusted_proxies`]).
    pub fn with_signups(mut self, open: bool, proxies: usize) -> Self {
        self.signups = open.then(|| Arc::new(shops::Signups::behind(proxies)));
        self
    }

    /// With Telegram identity on (`Some`) or off (`None`).
    pub fn with_telegram(mut self, telegram: Option<Telegram>) -> Self {
        self.telegram = telegram.map(Arc::new);
        self
    }

    /// The store behind the API.
    pub(crate) fn store(&self) -> &SharedStore {
        &self.store
    }

    /// Notified whenever this process places or moves an order.
    pub(crate) fn changes(&self) -> &Arc<Notify> {
        &self.changes
    }

    /// The shop named in the path, or a 404 that says so in `lang`.
    async fn shop(&self, slug: &str, lang: &Lang) -> Result<StoreRecord, AppError> {
        self.store
            .store_by_slug(slug)
            .await?
            .ok_or_else(|| AppError::store_not_found(slug, lang))
    }
}

/// Every API endpoint under `/api`: method, path and handler. The OpenAPI document describes exactly
/// these (a test holds the two together).
fn api_routes() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/stores/{store}", get(stores::profile)),
        (Method::GET, "/stores/{store}/catalog", get(stores::catalog)),
        (
            Method::PATCH,
            "/stores/{store}/products/{product}/variants/{variant}",
            patch(stores::update_variant),
        ),
        (
            Method::GET,
            "/stores/{store}/catalog.csv",
            get(sheets::export),
        ),
        (
            Method::POST,
            "/stores/{store}/catalog/plan",
            post(sheets::plan).layer(DefaultBodyLimit::max(sheets::MAX_FILE_BODY)),
        ),
        (
            Method::POST,
            "/stores/{store}/catalog/errors",
            post(sheets::errors).layer(DefaultBodyLimit::max(sheets::MAX_FILE_BODY)),
        ),
        (
            Method::POST,
            "/stores/{store}/catalog/import",
            post(sheets::import).layer(DefaultBodyLimit::max(sheets::MAX_FILE_BODY)),
        ),
        (
            Method::POST,
            "/stores/{store}/photos",
            post(photos::upload).layer(DefaultBodyLimit::max(photos::MAX_PHOTO_BODY)),
        ),
        (Method::GET, "/stores/{store}/draft", get(drafts::show)),
        (
            Method::POST,
            "/stores/{store}/preview",
            post(drafts::preview_link),
        ),
        (
            Method::GET,
            "/stores/{store}/draft/changes",
            get(drafts::draft_changes),
        ),
        (
            Method::PUT,
            "/stores/{store}/draft",
            put(drafts::save).layer(DefaultBodyLimit::max(drafts::MAX_DRAFT_BODY)),
        ),
        (
            Method::DELETE,
            "/stores/{store}/draft",
            delete(drafts::discard),
        ),
        (
            Method::POST,
            "/stores/{store}/draft/products",
            post(drafts::add_product),
        ),
        (
            Method::PUT,
            "/stores/{store}/draft/products/{product}",
            put(drafts::save_product),
        ),
        (
            Method::DELETE,
            "/stores/{store}/draft/products/{product}",
            delete(drafts::remove_product),
        ),
        (
            Method::PUT,
            "/stores/{store}/draft/categories",
            put(drafts::arrange_categories),
        ),
        (
            Method::POST,
            "/stores/{store}/draft/publish",
            post(drafts::publish),
        ),
        (
            Method::GET,
            "/stores/{store}/versions",
            get(drafts::versions),
        ),
        (
            Method::GET,
            "/stores/{store}/versions/{version}/changes",
            get(drafts::version_changes),
        ),
        (
            Method::POST,
            "/stores/{store}/versions/{version}/restore",
            post(drafts::restore),
        ),
        (Method::POST, "/stores/{store}/quotes", post(orders::quote)),
        (Method::POST, "/stores/{store}/orders", post(orders::place)),
        (
            Method::POST,
            "/stores/{store}/orders/withdraw",
            post(orders::withdraw),
        ),
        (Method::GET, "/stores/{store}/orders", get(orders::list)),
        (
            Method::GET,
            "/stores/{store}/orders/summary",
            get(orders::summary),
        ),
        (
            Method::GET,
            "/stores/{store}/orders/events",
            get(feed::order_events),
        ),
        (
            Method::POST,
            "/stores/{store}/orders/{id}/status",
            post(orders::update_status),
        ),
        (
            Method::PUT,
            "/stores/{store}/orders/{id}/paid",
            put(orders::mark_paid),
        ),
        (
            Method::PUT,
            "/stores/{store}/orders/{id}/lines/{line}",
            put(orders::change_line),
        ),
        (
            Method::DELETE,
            "/stores/{store}/orders/{id}/paid",
            delete(orders::unmark_paid),
        ),
        (
            Method::POST,
            "/stores/{store}/telegram/session",
            post(telegram::start_session),
        ),
        (
            Method::GET,
            "/stores/{store}/telegram/session",
            get(telegram::show_session),
        ),
        (Method::POST, "/shops", post(shops::sign_up)),
        (Method::GET, "/shops/suggestion", get(shops::suggestion)),
        (
            Method::GET,
            "/stores/{store}/merchant",
            get(shops::merchant),
        ),
        (
            Method::POST,
            "/stores/{store}/merchant/secret",
            post(shops::rotate_secret),
        ),
        (
            Method::PUT,
            "/stores/{store}/settings",
            put(shops::save_settings),
        ),
        (
            Method::GET,
            "/stores/{store}/telegram-notices",
            get(notices::show),
        ),
        (
            Method::PUT,
            "/stores/{store}/telegram-notices",
            put(notices::save),
        ),
        (
            Method::DELETE,
            "/stores/{store}/telegram-notices",
            delete(notices::remove),
        ),
        (Method::GET, "/orders/{id}", get(orders::show)),
        (Method::POST, "/orders/{id}/cancel", post(orders::cancel)),
    ]
}

/// The API's endpoints as `(method, path under /api)`, for checking the OpenAPI document against them.
pub fn api_endpoints() -> Vec<(Method, &'static str)> {
    api_routes()
        .into_iter()
        .map(|(method, path, _)| (method, path))
        .collect()
}

/// What the HTTP surface is configured with.
pub struct Surface<'a> {
    pub static_dir: &'a Path,
    /// Where shoppers open the store (`https://shop.example`), for link previews; `None` to take each
    /// request's `Host`.
    pub public_origin: Option<&'a str>,
    pub frame_ancestors: &'a FrameAncestors,
    /// Origins allowed to call the API cross-origin; empty for none.
    pub cors_origins: Vec<HeaderValue>,
}

/// The whole HTTP surface: `/api/…`, `/healthz`, and the storefront from `static_dir`; every response
/// with security headers and an `x-request-id` that the logs carry too.
pub fn router(state: AppState, surface: Surface<'_>) -> Router {
    let api = api_routes()
        .into_iter()
        .fold(Router::new(), |api, (_, path, handler)| {
            api.route(path, handler)
        })
        .route("/openapi.json", get(openapi::document))
        .fallback(|| async { AppError::route_not_found() })
        .method_not_allowed_fallback(|| async { AppError::method_not_allowed() })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(CompressionLayer::new());
    let api = if surface.cors_origins.is_empty() {
        api
    } else {
        api.layer(cors(surface.cors_origins))
    };
    // Trunk's page names the built files; empty when there is no build.
    let index = std::fs::read_to_string(surface.static_dir.join("index.html")).unwrap_or_default();
    let shell = storefront::Shell::load(surface.static_dir, &index);
    if shell.is_none() && !index.is_empty() {
        tracing::warn!(
            dir = %surface.static_dir.display(),
            "the built storefront is incomplete (its stylesheet, JavaScript, early.js or preview.js is missing): \
             the shopper's pages are not served"
        );
    }
    let console = console::Console::load(surface.static_dir, |language| state.voice(language));
    if console.is_none() && shell.is_some() {
        tracing::warn!(
            dir = %surface.static_dir.display(),
            "no built merchant console in its console/ directory: /m/… is not served"
        );
    }
    let policy = Arc::new(security::Policy::new(
        shell.as_ref(),
        surface.frame_ancestors,
    ));
    let mut routes = Router::new()
        .nest("/api", api)
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/",
            get(|| async { Redirect::temporary(&format!("/s/{DEMO_STORE}")) }),
        )
        .merge(embed::routes(&index))
        .merge(photos::routes());
    if let Some(console) = console {
        routes = routes.merge(console::routes(Arc::new(console)));
    }
    if let Some(shell) = shell {
        let origin = surface
            .public_origin
            .map(|origin| origin.trim_end_matches('/').to_owned());
        routes = routes.merge(storefront::routes(Arc::new(storefront::Storefront::new(
            shell, origin,
        ))));
    }
    assets::serve_from(routes, surface.static_dir)
        .layer(middleware::from_fn_with_state(policy, security::headers))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// The log span of one request: its id, method and path (never the query, which may hold a token).
fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", id, method = %request.method(), path = request.uri().path())
}

fn cors(origins: Vec<HeaderValue>) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
        ])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            HeaderName::from_static(idempotency::HEADER),
        ])
        .expose_headers([HeaderName::from_static(idempotency::REPLAYED_HEADER)])
        .max_age(std::time::Duration::from_secs(600))
}
