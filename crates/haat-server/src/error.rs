//! The one place where failures become HTTP responses.
//!
//! Client errors carry a status, a stable [`ErrorCode`] and a message for people; internal errors are
//! logged with their whole chain and answered with a generic 500 that reveals nothing. What a shopper or
//! a merchant is refused is said in their language: a domain's refusal becomes a response only through
//! [`Refusal`], which takes the [`Lang`] to say it in. The texts only developers integrating the API
//! read (a malformed request, a wrong method, a missing key) stay in English.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header::RETRY_AFTER},
    response::{IntoResponse, Response},
};
use haat::lang::Lang;
use haat_api::{ApiError, ErrorCode, FieldError};

use crate::{
    domain::{
        catalog::InvalidChange,
        customer::InvalidCustomer,
        draft::InvalidDraft,
        fulfilment::FulfilmentError,
        lifecycle::{self, InvalidOrderChange, InvalidTransition},
        payment::CheckoutError,
        photo::PhotoError,
        preview_link,
        pricing::PricingError,
        settings::InvalidSettings,
        sheet::Unreadable,
        shop::InvalidShop,
        telegram::{InitDataError, SessionError},
    },
    store::{LineRefused, NotPayable, StoreError},
};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request was wrong; the client is told exactly how.
    #[error("{}", .body.message)]
    Client { status: StatusCode, body: ApiError },
    /// Too many requests of a kind from one address: the client may try again after
    /// `retry_after_secs` (`Retry-After`).
    #[error("{}", .body.message)]
    Limited {
        retry_after_secs: u64,
        body: ApiError,
    },
    /// The store failed; logged, never shown.
    #[error("store failure")]
    Store(#[from] StoreError),
    /// Something else failed on the server; logged, never shown.
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    pub fn client(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Client {
            status,
            body: ApiError::new(code, message),
        }
    }

    /// No shop has `slug`, in the language of whoever asked (a shopper, or a merchant signing in).
    pub fn store_not_found(slug: &str, lang: &Lang) -> Self {
        Self::client(
            StatusCode::NOT_FOUND,
            ErrorCode::StoreNotFound,
            lang.f("There is no shop called \"{shop}\".", &[("shop", slug)]),
        )
    }

    /// Used both for orders that do not exist and for a wrong order token, so ids cannot be probed; in
    /// the language of whoever asked.
    pub fn order_not_found(lang: &Lang) -> Self {
        Self::client(
            StatusCode::NOT_FOUND,
            ErrorCode::OrderNotFound,
            lang.t("No order with this id and token."),
        )
    }

    /// A 422 whose `details` name each problem by its field: `(field, what is wrong there)`.
    fn field_problems(
        code: ErrorCode,
        message: &str,
        problems: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        let details = problems
            .into_iter()
            .map(|(field, message)| FieldError { field, message })
            .collect();
        Self::Client {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: ApiError::new(code, message).with_details(details),
        }
    }

    pub fn unauthorized() -> Self {
        Self::client(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "This needs the shop's merchant token as `Authorization: Bearer <token>`.",
        )
    }

    pub fn method_not_allowed() -> Self {
        Self::client(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
            "This endpoint does not take this HTTP method; the OpenAPI document at /api/openapi.json lists what it takes.",
        )
    }

    pub fn key_reused() -> Self {
        Self::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::IdempotencyKeyReused,
            "This Idempotency-Key was already used with a different request. Use a new key for a new order.",
        )
    }

    /// A request that must name its checkout attempt sent no `Idempotency-Key`.
    pub fn idempotency_key_missing() -> Self {
        Self::client(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidIdempotencyKey,
            "This needs the Idempotency-Key header of the order attempt it is about.",
        )
    }

    /// The answer kept under a checkout attempt the shopper withdrew before it reached the shop, in the
    /// shopper's language.
    pub fn order_withdrawn(lang: &Lang) -> Self {
        Self::client(
            StatusCode::CONFLICT,
            ErrorCode::OrderWithdrawn,
            lang.t(
                "You withdrew this order to change it before it reached the shop. Place it again.",
            ),
        )
    }

    pub fn request_in_flight() -> Self {
        Self::client(
            StatusCode::CONFLICT,
            ErrorCode::RequestInFlight,
            "This order is still being placed. Retry in a moment with the same Idempotency-Key.",
        )
    }

    pub fn telegram_disabled() -> Self {
        Self::client(
            StatusCode::NOT_FOUND,
            ErrorCode::TelegramDisabled,
            "Telegram sign-in is not set up on this server; the shop works without it.",
        )
    }

    /// The merchant's draft changed under an edit, in the merchant's language.
    pub fn draft_changed(lang: &Lang) -> Self {
        Self::client(
            StatusCode::CONFLICT,
            ErrorCode::DraftChanged,
            lang.t("The draft changed meanwhile, on another tab or phone, so nothing was done. Look at it again."),
        )
    }

    pub fn no_telegram_notices(lang: &Lang) -> Self {
        Self::client(
            StatusCode::NOT_FOUND,
            ErrorCode::NoTelegramNotices,
            lang.t("This shop has no Telegram notices set up."),
        )
    }

    /// The sign-up page's, in the language of whoever is opening a shop.
    pub fn signup_closed(lang: &Lang) -> Self {
        Self::client(
            StatusCode::FORBIDDEN,
            ErrorCode::SignupClosed,
            lang.t("This server does not open shops from the sign-up page. Ask its operator to open yours."),
        )
    }

    /// Another shop has `taken`; `free` was free a moment ago.
    pub fn slug_taken(lang: &Lang, taken: &str, free: &str) -> Self {
        let message = lang.f(
            "Another shop has the address \"{taken}\". \"{free}\" is free.",
            &[("taken", taken), ("free", free)],
        );
        Self::Client {
            status: StatusCode::CONFLICT,
            body: ApiError::new(ErrorCode::SlugTaken, message.clone()).with_details(vec![
                FieldError {
                    field: "slug".to_owned(),
                    message,
                },
            ]),
        }
    }

    /// Too many sign-ups from one network: try again after `retry_after_secs`, said in whole minutes.
    pub fn rate_limited(lang: &Lang, retry_after_secs: u64) -> Self {
        let minutes = retry_after_secs.div_ceil(60);
        let message = if minutes <= 1 {
            lang.t("Too many shops were opened from this network just now. Try again in a minute.")
                .to_owned()
        } else {
            lang.n(
                "Too many shops were opened from this network just now. Try again in {count} minute.",
                "Too many shops were opened from this network just now. Try again in {count} minutes.",
                minutes,
            )
        };
        Self::Limited {
            retry_after_secs,
            body: ApiError::new(ErrorCode::RateLimited, message),
        }
    }

    /// Too many addresses asked for from one network (each asks the database up to 50 times): try again
    /// after `retry_after_secs`, within a minute.
    pub fn suggestions_limited(lang: &Lang, retry_after_secs: u64) -> Self {
        let message = lang.t(
            "Too many shop addresses were asked for from this network just now. Try again in a minute.",
        );
        Self::Limited {
            retry_after_secs,
            body: ApiError::new(ErrorCode::RateLimited, message.to_owned()),
        }
    }

    pub fn route_not_found() -> Self {
        Self::client(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "There is no API endpoint at this path.",
        )
    }
}

/// A refusal of what a shopper or a merchant asked for, which they read in their language. The domain's
/// refusals have no `From` into [`AppError`]: a `?` that forgets the language does not compile.
pub trait Refusal {
    fn refusal(self, lang: &Lang) -> AppError;
}

/// A request refused in the language of whoever sent it: `result.said_in(&lang)?`.
pub trait SaidIn<T> {
    fn said_in(self, lang: &Lang) -> Result<T, AppError>;
}

impl<T, E: Refusal> SaidIn<T> for Result<T, E> {
    fn said_in(self, lang: &Lang) -> Result<T, AppError> {
        self.map_err(|error| error.refusal(lang))
    }
}

impl Refusal for PricingError {
    fn refusal(self, lang: &Lang) -> AppError {
        let (status, code) = match &self {
            PricingError::EmptyCart => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::EmptyCart),
            PricingError::TooManyLines { .. } | PricingError::InvalidQuantity { .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidQuantity)
            }
            PricingError::UnknownProduct { .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::UnknownProduct)
            }
            PricingError::OutOfStock { .. } => (StatusCode::CONFLICT, ErrorCode::OutOfStock),
            PricingError::PriceChanged { .. } => (StatusCode::CONFLICT, ErrorCode::PriceChanged),
            PricingError::BelowMinimumOrder { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::BelowMinimumOrder,
            ),
            PricingError::TotalTooLarge => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::TotalTooLarge)
            }
        };
        AppError::client(status, code, self.said(lang))
    }
}

impl Refusal for InvalidTransition {
    fn refusal(self, lang: &Lang) -> AppError {
        AppError::client(
            StatusCode::CONFLICT,
            ErrorCode::InvalidTransition,
            self.said(lang),
        )
    }
}

impl Refusal for LineRefused {
    fn refusal(self, lang: &Lang) -> AppError {
        match self {
            Self::Settled(status) => AppError::client(
                StatusCode::CONFLICT,
                ErrorCode::InvalidTransition,
                lang.f(
                    "This order is {status}: its lines change only before it is packed.",
                    &[("status", lifecycle::status_said(status, lang))],
                ),
            ),
            Self::Invalid(invalid) => invalid.refusal(lang),
        }
    }
}

impl Refusal for NotPayable {
    fn refusal(self, lang: &Lang) -> AppError {
        AppError::client(
            StatusCode::CONFLICT,
            ErrorCode::InvalidTransition,
            self.said(lang),
        )
    }
}

impl Refusal for FulfilmentError {
    fn refusal(self, lang: &Lang) -> AppError {
        let (code, field) = match &self {
            FulfilmentError::PickupUnavailable => (ErrorCode::PickupUnavailable, "fulfilment"),
            FulfilmentError::Unserviceable(_) => {
                (ErrorCode::UnserviceablePincode, "customer.pincode")
            }
            FulfilmentError::UnknownSlot(_) => (ErrorCode::InvalidSlot, "slot"),
        };
        let message = self.said(lang);
        AppError::Client {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: ApiError::new(code, message.clone()).with_details(vec![FieldError {
                field: field.to_owned(),
                message,
            }]),
        }
    }
}

impl Refusal for InvalidCustomer {
    fn refusal(self, lang: &Lang) -> AppError {
        let details = self
            .problems
            .into_iter()
            .map(|(field, problem)| FieldError {
                field: format!("customer.{field}"),
                message: problem.said(lang),
            })
            .collect();
        AppError::Client {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: ApiError::new(
                ErrorCode::InvalidCustomer,
                lang.t("Please check your name, phone and address."),
            )
            .with_details(details),
        }
    }
}

impl Refusal for InvalidOrderChange {
    fn refusal(self, lang: &Lang) -> AppError {
        AppError::field_problems(
            ErrorCode::InvalidOrderChange,
            lang.t("This change to the order cannot be made as sent; each problem is named by its field."),
            self.problems
                .into_iter()
                .map(|(field, problem)| (field, problem.said(lang))),
        )
    }
}

/// Its problems were said as they were found, in the language the check was given.
impl Refusal for InvalidSettings {
    fn refusal(self, lang: &Lang) -> AppError {
        AppError::field_problems(
            ErrorCode::InvalidSettings,
            lang.t("Some settings cannot be kept; each is named beside its field."),
            self.problems,
        )
    }
}

/// Its problems were said as they were found, in the language the check was given.
impl Refusal for InvalidDraft {
    fn refusal(self, lang: &Lang) -> AppError {
        AppError::field_problems(
            ErrorCode::InvalidDraft,
            lang.t("The catalog has problems; each is named beside its field."),
            self.problems,
        )
    }
}

impl Refusal for InvalidShop {
    fn refusal(self, lang: &Lang) -> AppError {
        AppError::field_problems(
            ErrorCode::InvalidShop,
            lang.t("Please check the shop's name, WhatsApp number and address."),
            self.problems
                .into_iter()
                .map(|(field, problem)| (field.to_owned(), problem.said(lang).to_owned())),
        )
    }
}

impl Refusal for InvalidChange {
    fn refusal(self, lang: &Lang) -> AppError {
        AppError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidCatalogChange,
            self.said(lang),
        )
    }
}

impl Refusal for PhotoError {
    fn refusal(self, lang: &Lang) -> AppError {
        AppError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidPhoto,
            self.said(lang),
        )
    }
}

impl Refusal for Unreadable {
    fn refusal(self, lang: &Lang) -> AppError {
        let (status, code) = match &self {
            Self::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge),
            _ => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidSheet),
        };
        AppError::client(status, code, self.said(lang))
    }
}

impl Refusal for preview_link::Refused {
    fn refusal(self, lang: &Lang) -> AppError {
        AppError::client(
            StatusCode::FORBIDDEN,
            ErrorCode::PreviewEnded,
            self.said(lang),
        )
    }
}

impl From<InitDataError> for AppError {
    fn from(error: InitDataError) -> Self {
        let code = match error {
            InitDataError::Stale { .. } => ErrorCode::StaleInitData,
            _ => ErrorCode::InvalidInitData,
        };
        Self::client(StatusCode::UNAUTHORIZED, code, error.to_string())
    }
}

impl From<SessionError> for AppError {
    fn from(error: SessionError) -> Self {
        Self::client(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidSession,
            format!("{error} Open the shop from Telegram again to sign in."),
        )
    }
}

impl Refusal for CheckoutError {
    fn refusal(self, lang: &Lang) -> AppError {
        let (code, field) = match &self {
            CheckoutError::PaymentUnavailable { .. } => (ErrorCode::PaymentUnavailable, "payment"),
            CheckoutError::NoteTooLong | CheckoutError::NoteUnreadable => {
                (ErrorCode::InvalidNote, "note")
            }
        };
        let message = self.said(lang);
        AppError::Client {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: ApiError::new(code, message.clone()).with_details(vec![FieldError {
                field: field.to_owned(),
                message,
            }]),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            Self::Client { status, body } => (status, Json(body)).into_response(),
            Self::Limited {
                retry_after_secs,
                body,
            } => (
                StatusCode::TOO_MANY_REQUESTS,
                [(RETRY_AFTER, HeaderValue::from(retry_after_secs))],
                Json(body),
            )
                .into_response(),
            Self::Store(_) | Self::Internal(_) => {
                tracing::error!(error = %error_chain(&self), "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(ApiError::new(
                        ErrorCode::Internal,
                        "Something went wrong on our side. Please try again.",
                    )),
                )
                    .into_response()
            }
        }
    }
}

/// `error: cause: cause…`, for logs.
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
