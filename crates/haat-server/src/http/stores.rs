//! A shop's public face: its profile and its catalog.

use axum::{
    Json,
    extract::State,
    http::{
        HeaderMap, HeaderValue, StatusCode,
        header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH},
    },
    response::{IntoResponse, Response},
};
use haat_api::StoreProfile;
use sha2::{Digest, Sha256};

use super::{AppState, extract::ApiPath};
use crate::error::AppError;

pub async fn profile(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<StoreProfile>, AppError> {
    Ok(Json(app.shop(&slug).await?.profile))
}

/// The catalog with an `ETag`: a shopper reopening the link on a slow network gets a `304` and no body
/// when nothing changed.
pub async fn catalog(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let shop = app.shop(&slug).await?;
    let catalog = app.store.catalog(&shop).await?;
    let body = serde_json::to_vec(&catalog)
        .map_err(|error| AppError::Internal(format!("catalog did not serialise: {error}")))?;
    let tag = format!("\"{}\"", hex::encode(&Sha256::digest(&body)[..16]));
    let etag =
        HeaderValue::from_str(&tag).map_err(|error| AppError::Internal(error.to_string()))?;
    let revalidate = HeaderValue::from_static("no-cache");
    // Weak comparison (RFC 9110 §13.1.2): `W/"x"` matches `"x"`, and `*` matches any current catalog.
    let unchanged = headers
        .get(IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',').map(str::trim).any(|candidate| {
                candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate) == tag
            })
        });
    if unchanged {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [(ETAG, etag), (CACHE_CONTROL, revalidate)],
        )
            .into_response());
    }
    Ok((
        [
            (ETAG, etag),
            (CACHE_CONTROL, revalidate),
            (CONTENT_TYPE, HeaderValue::from_static("application/json")),
        ],
        body,
    )
        .into_response())
}
