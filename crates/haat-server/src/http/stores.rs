//! A shop's public face: its profile and its catalog.

use axum::{
    Json,
    extract::{Path, State},
};
use haat_api::{Catalog, StoreProfile};

use super::AppState;
use crate::error::AppError;

pub async fn profile(
    State(app): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<StoreProfile>, AppError> {
    Ok(Json(app.shop(&slug).await?.profile))
}

pub async fn catalog(
    State(app): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Catalog>, AppError> {
    let shop = app.shop(&slug).await?;
    Ok(Json(app.store.catalog(&shop).await?))
}
