//! The OpenAPI document, served at `/api/openapi.json`. Written by hand in `openapi.json` next to the
//! crate's manifest and held to the code by tests (every endpoint, every error code, real responses).

use axum::{
    http::{HeaderValue, header::CONTENT_TYPE},
    response::IntoResponse,
};

/// The document's text.
pub const DOCUMENT: &str = include_str!("../../openapi.json");

pub async fn document() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        DOCUMENT,
    )
}
