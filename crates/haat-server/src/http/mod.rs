//! HTTP: routes, extractors and static files. Handlers are thin: extract → domain → store → wire type.

mod assets;
mod extract;
mod orders;
mod stores;

pub use orders::now_ms;

use std::path::Path;

use axum::{Router, extract::DefaultBodyLimit, response::Redirect, routing::get};
use tower_http::trace::TraceLayer;

use crate::{SharedStore, error::AppError, seed::DEMO_STORE, store::StoreRecord};

/// Largest request body the API reads.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Clone)]
pub struct AppState {
    store: SharedStore,
}

impl AppState {
    pub fn new(store: SharedStore) -> Self {
        Self { store }
    }

    /// The shop named in the path, or a 404 that says so.
    async fn shop(&self, slug: &str) -> Result<StoreRecord, AppError> {
        self.store
            .store_by_slug(slug)
            .await?
            .ok_or_else(|| AppError::store_not_found(slug))
    }
}

/// The whole HTTP surface: `/api/…`, `/healthz`, and the storefront from `static_dir`.
pub fn router(state: AppState, static_dir: &Path) -> Router {
    let api = Router::new()
        .route("/stores/{store}", get(stores::profile))
        .route("/stores/{store}/catalog", get(stores::catalog))
        .route("/stores/{store}/quotes", axum::routing::post(orders::quote))
        .route(
            "/stores/{store}/orders",
            axum::routing::post(orders::place).get(orders::list),
        )
        .route(
            "/stores/{store}/orders/{id}/status",
            axum::routing::post(orders::update_status),
        )
        .route("/orders/{id}", get(orders::show))
        .route("/orders/{id}/cancel", axum::routing::post(orders::cancel))
        .fallback(|| async { AppError::route_not_found() })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    let routes = Router::new()
        .nest("/api", api)
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/",
            get(|| async { Redirect::temporary(&format!("/s/{DEMO_STORE}")) }),
        );
    assets::serve_from(routes, static_dir)
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
