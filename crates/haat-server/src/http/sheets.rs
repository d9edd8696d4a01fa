//! A shop's catalog as a spreadsheet: written out for the merchant to keep or edit, and a file read
//! back as a plan of what importing it would do (row by row, with every problem named), changing
//! nothing.

use axum::{
    Json,
    body::Bytes,
    extract::{State, rejection::BytesRejection},
    http::{
        HeaderValue, StatusCode,
        header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE},
    },
    response::{IntoResponse, Response},
};
use haat_api::{ErrorCode, ImportPlan};

use super::{
    AppState,
    extract::{ApiPath, Bearer},
    orders::merchants_shop,
};
use crate::{domain::sheet, error::AppError};

/// The largest request body this route reads: a whole file of [`sheet::MAX_BYTES`], and a little.
pub const MAX_FILE_BODY: usize = sheet::MAX_BYTES + 1024;

/// `GET /api/stores/{store}/catalog.csv`: the catalog in Haat's columns, stock included.
pub async fn export(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    Bearer(token): Bearer,
) -> Result<Response, AppError> {
    let shop = merchants_shop(&app, &slug, token).await?;
    let rows = app.store.sheet(&shop).await?;
    let text = sheet::write(&rows)
        .map_err(|error| AppError::Internal(format!("the catalog did not write: {error}")))?;
    let file_name = format!("attachment; filename=\"{}-catalog.csv\"", shop.profile.slug);
    Ok((
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                CONTENT_DISPOSITION,
                HeaderValue::from_str(&file_name)
                    .map_err(|error| AppError::Internal(error.to_string()))?,
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        text,
    )
        .into_response())
}

/// `POST /api/stores/{store}/catalog/plan`: the CSV file as the body; what importing it would do.
pub async fn plan(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    Bearer(token): Bearer,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportPlan>, AppError> {
    let shop = merchants_shop(&app, &slug, token).await?;
    let too_large = || {
        AppError::client(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            sheet::Unreadable::TooLarge.to_string(),
        )
    };
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            AppError::client(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidSheet,
                "The file did not arrive whole. Send it again.",
            )
        }
    })?;
    let file = sheet::read(&body).map_err(|unreadable| match unreadable {
        sheet::Unreadable::TooLarge => too_large(),
        unreadable => AppError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidSheet,
            unreadable.to_string(),
        ),
    })?;
    let current = app.store.sheet(&shop).await?;
    Ok(Json(sheet::plan(&current, file).into()))
}
