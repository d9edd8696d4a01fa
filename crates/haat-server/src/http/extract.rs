//! Extractors whose rejections speak the API's error shape.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Path, Query, RawPathParams, Request},
    http::{
        HeaderMap, StatusCode, Uri,
        header::{AUTHORIZATION, CONTENT_TYPE},
        request::Parts,
    },
};
use haat_api::ErrorCode;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use haat::lang::Lang;

use super::{AppState, language};
use crate::{
    domain::{
        idempotency::{self, IdempotencyKey},
        secret,
    },
    error::AppError,
    store::StoreRecord,
};

/// A JSON body, with the fingerprint of its exact bytes (for idempotency). Malformed, mistyped,
/// oversized or non-JSON bodies become `{code, message}` 4xx errors that name the offending field.
pub struct ApiJson<T> {
    pub value: T,
    pub fingerprint: String,
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        if !is_json(request.headers()) {
            return Err(AppError::client(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "Send the body as JSON with `Content-Type: application/json`.",
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::client(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        ErrorCode::PayloadTooLarge,
                        format!(
                            "The body is larger than this endpoint takes ({} KiB; a whole catalog \
                             draft, {} MB).",
                            super::MAX_BODY_BYTES / 1024,
                            super::drafts::MAX_DRAFT_BODY / (1024 * 1024)
                        ),
                    )
                } else {
                    AppError::client(
                        StatusCode::BAD_REQUEST,
                        ErrorCode::InvalidJson,
                        format!("The body could not be read: {}", rejection.body_text()),
                    )
                }
            })?;
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let path = error.path().to_string();
            json_error(error.into_inner(), (path != ".").then_some(path))
        })?;
        deserializer
            .end()
            .map_err(|error| json_error(error, None))?;
        Ok(Self {
            value,
            fingerprint: idempotency::fingerprint(&bytes),
        })
    }
}

/// A 400 for text that is not JSON, a 422 for JSON of the wrong shape, naming where it went wrong.
fn json_error(error: serde_json::Error, path: Option<String>) -> AppError {
    let (status, what) = match error.classify() {
        Category::Data => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "does not have the expected shape",
        ),
        Category::Syntax | Category::Eof | Category::Io => {
            (StatusCode::BAD_REQUEST, "is not valid JSON")
        }
    };
    let at = path.map(|path| format!(" at `{path}`")).unwrap_or_default();
    AppError::client(
        status,
        ErrorCode::InvalidJson,
        format!("The body {what}{at}: {error}"),
    )
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            let mime = mime.trim();
            mime.eq_ignore_ascii_case("application/json")
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
}

/// The request's `Idempotency-Key`, when it sent one; a malformed key is a 400.
pub struct Idempotency(pub Option<IdempotencyKey>);

impl<S: Send + Sync> FromRequestParts<S> for Idempotency {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        let Some(value) = parts.headers.get(idempotency::HEADER) else {
            return Ok(Self(None));
        };
        let key = value
            .to_str()
            .ok()
            .and_then(|raw| IdempotencyKey::parse(raw).ok())
            .ok_or_else(|| {
                AppError::client(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::InvalidIdempotencyKey,
                    idempotency::InvalidKey.to_string(),
                )
            })?;
        Ok(Self(Some(key)))
    }
}

/// Path parameters; one that does not parse (`/api/orders/abc`) is a 400 `invalid_parameter`.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Self(value)),
            Err(rejection) => Err(invalid_parameter(&rejection.body_text())),
        }
    }
}

/// Query parameters; one that does not parse (`?after=soon`) is a 400 `invalid_parameter`.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned> ApiQuery<T> {
    /// The parameters of `uri`, for a handler that must check something else first.
    pub fn of(uri: &Uri) -> Result<Self, AppError> {
        match Query::<T>::try_from_uri(uri) {
            Ok(Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(invalid_parameter(&rejection.body_text())),
        }
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        Self::of(&parts.uri)
    }
}

fn invalid_parameter(detail: &str) -> AppError {
    AppError::client(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvalidParameter,
        format!("A parameter in the URL is malformed: {detail}"),
    )
}

/// The token from `Authorization: Bearer <token>`, if the request has one.
pub struct Bearer(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for Bearer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // The scheme name is case-insensitive (RFC 9110 §11.1).
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim().to_owned())
            .filter(|token| !token.is_empty());
        Ok(Self(token))
    }
}

/// The server speaking the language the request asks to be answered in ([`language::asked`]): what it
/// refuses is said in it.
pub struct Voice(pub Lang);

impl FromRequestParts<AppState> for Voice {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, std::convert::Infallible> {
        Ok(Self(app.voice(language::asked(&parts.headers))))
    }
}

/// The shop the path's `{store}` names, opened by its merchant's secret (`Authorization: Bearer`). A
/// merchant handler lists it first, so a request without the secret is refused (401) before its query or
/// body is read. A shop that does not exist is said so in the language `Accept-Language` asks for.
pub struct Merchant(pub StoreRecord);

impl FromRequestParts<AppState> for Merchant {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, AppError> {
        let params = RawPathParams::from_request_parts(parts, app)
            .await
            .map_err(|rejection| invalid_parameter(&rejection.body_text()))?;
        let slug = params
            .iter()
            .find_map(|(name, value)| (name == "store").then_some(value))
            .ok_or_else(|| AppError::Internal("a merchant's route names no {store}".into()))?;
        let Ok(Bearer(token)) = Bearer::from_request_parts(parts, app).await;
        let Ok(Voice(lang)) = Voice::from_request_parts(parts, app).await;
        merchants_shop(app, slug, token, &lang).await.map(Self)
    }
}

/// The shop named `slug`, if `token` is its merchant's secret; a shop that does not exist is said so in
/// `lang`.
pub async fn merchants_shop(
    app: &AppState,
    slug: &str,
    token: Option<String>,
    lang: &Lang,
) -> Result<StoreRecord, AppError> {
    let shop = app.shop(slug, lang).await?;
    match token {
        Some(token) if secret::matches(&token, &shop.merchant_token_hash) => Ok(shop),
        _ => Err(AppError::unauthorized()),
    }
}
