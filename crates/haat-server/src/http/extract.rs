//! Extractors whose rejections speak the API's error shape.

use axum::{
    Json,
    extract::{FromRequest, FromRequestParts, Request, rejection::JsonRejection},
    http::{StatusCode, header::AUTHORIZATION, request::Parts},
};
use haat_api::ErrorCode;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A JSON body; malformed, mistyped, oversized or non-JSON bodies become `{code, message}` 4xx errors.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> AppError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => AppError::client(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "Send the body as JSON with `Content-Type: application/json`.",
        ),
        JsonRejection::JsonDataError(error) => AppError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidJson,
            format!(
                "The body does not have the expected shape: {}",
                error.body_text()
            ),
        ),
        JsonRejection::JsonSyntaxError(error) => AppError::client(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidJson,
            format!("The body is not valid JSON: {}", error.body_text()),
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => AppError::client(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!(
                "The body is larger than {} KiB.",
                super::MAX_BODY_BYTES / 1024
            ),
        ),
        other => AppError::client(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidJson,
            format!("The body could not be read: {}", other.body_text()),
        ),
    }
}

/// The token from `Authorization: Bearer <token>`, if the request has one.
pub struct Bearer(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for Bearer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(|token| token.trim().to_owned())
            .filter(|token| !token.is_empty());
        Ok(Self(token))
    }
}
