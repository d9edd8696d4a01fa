use serde::{Deserialize, Serialize};

/// Every error the API returns: `{code, message, details?}` with an HTTP 4xx or 5xx status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// Stable machine code, one of [`ErrorCode`]'s names; clients branch on it.
    pub code: String,
    /// Human text, safe to show to a shopper.
    pub message: String,
    /// Per-field or per-line problems, when the request had several.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<FieldError>,
}

/// One problem with one part of a request, e.g. `{"field": "customer.phone", "message": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The stable error codes. Their names are the wire contract; messages may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// The body is not JSON of the expected shape (wrong types, negative quantities, missing fields).
    InvalidJson,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The request needs a JSON body.
    UnsupportedMediaType,
    StoreNotFound,
    OrderNotFound,
    /// No route at this path.
    NotFound,
    /// The path has a route, but not for this HTTP method.
    MethodNotAllowed,
    /// A path or query parameter does not parse (e.g. a non-numeric order id).
    InvalidParameter,
    EmptyCart,
    UnknownProduct,
    InvalidQuantity,
    OutOfStock,
    /// A price changed while the order was being placed; re-quote and confirm.
    PriceChanged,
    BelowMinimumOrder,
    /// The order total does not fit in the money type.
    TotalTooLarge,
    /// Name, phone or address missing or malformed; `details` says which.
    InvalidCustomer,
    /// The shop does not deliver to this pincode.
    UnserviceablePincode,
    /// The delivery slot is not one the shop offers.
    InvalidSlot,
    /// The shop does not offer pickup.
    PickupUnavailable,
    /// Missing or wrong merchant or order token.
    Unauthorized,
    /// The `Idempotency-Key` header is empty, too long or not printable ASCII.
    InvalidIdempotencyKey,
    /// This `Idempotency-Key` was used before with a different body.
    IdempotencyKeyReused,
    /// A request with this `Idempotency-Key` is still being processed; retry shortly.
    RequestInFlight,
    /// The order cannot move to that status from where it is (or not by this caller).
    InvalidTransition,
    /// A merchant's catalog change is out of range (a negative or absurd price or stock), empty, or would
    /// leave a pack's MRP below its price.
    InvalidCatalogChange,
    /// Something failed on the server; the message never says what.
    Internal,
    /// Telegram init data that is not genuine or not readable: a wrong signature, a changed, repeated or
    /// re-encoded field, no `hash`, no `user`, or an `auth_date` in the future.
    InvalidInitData,
    /// Genuine Telegram init data that is too old; reopen the shop from Telegram for fresh data.
    StaleInitData,
    /// This server has no Telegram bot configured, so Telegram identity is off.
    TelegramDisabled,
    /// A missing, wrong, expired or other shop's Telegram session token; exchange init data again.
    InvalidSession,
    /// The shop does not take this payment method.
    PaymentUnavailable,
    /// The note to the shop is too long or has control characters.
    InvalidNote,
    /// The shopper withdrew this checkout attempt (its `Idempotency-Key`) before it placed an order; it never
    /// will. Place the order again with a new key.
    OrderWithdrawn,
    /// A new shop's name, phone or slug is missing or malformed; `details` says which.
    InvalidShop,
    /// Another shop has this slug (slugs are never reused); the message suggests a free one.
    SlugTaken,
    /// This server does not take sign-ups; its operator creates shops (`haat-server shop create`).
    SignupClosed,
    /// Too many requests from this address; wait for the `Retry-After` seconds.
    RateLimited,
    /// A catalog file that is not a CSV Haat can read (not UTF-8 text, no name column, too many rows).
    InvalidSheet,
    /// A draft catalog with problems; `details` names each by its place (`products[3].variants[0].price`).
    InvalidDraft,
    /// There is no draft to publish: every change is live already.
    NoDraft,
    /// The shop has no published version with this number.
    VersionNotFound,
    /// The catalog changed since this import's plan was made: plan the file again.
    PlanOutdated,
    /// The file has rows with problems (the plan names each): nothing was imported.
    ImportHasProblems,
    /// The draft changed meanwhile (another tab or phone): nothing was done; look at it again.
    DraftChanged,
    /// Shop settings with problems; `details` names each field (`delivery_slots[1].label`).
    InvalidSettings,
    /// A file that is not a product photo Haat can use (not a JPEG, PNG or WebP, or too small or large).
    InvalidPhoto,
    /// The shop is closed and takes no orders until it opens; the message says when.
    ShopClosed,
    /// A preview link that no longer opens the draft (ended, or made before the owner signed in anew).
    PreviewEnded,
    /// A change to an order that cannot be made as asked: each problem named by its field (a refusal's
    /// reason or note, a payment).
    InvalidOrderChange,
    /// The shop has no Telegram notices set up.
    NoTelegramNotices,
}

impl ErrorCode {
    pub const ALL: [Self; 50] = [
        Self::InvalidJson,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
        Self::StoreNotFound,
        Self::OrderNotFound,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::InvalidParameter,
        Self::EmptyCart,
        Self::UnknownProduct,
        Self::InvalidQuantity,
        Self::OutOfStock,
        Self::PriceChanged,
        Self::BelowMinimumOrder,
        Self::TotalTooLarge,
        Self::InvalidCustomer,
        Self::UnserviceablePincode,
        Self::InvalidSlot,
        Self::PickupUnavailable,
        Self::Unauthorized,
        Self::InvalidIdempotencyKey,
        Self::IdempotencyKeyReused,
        Self::RequestInFlight,
        Self::InvalidTransition,
        Self::InvalidCatalogChange,
        Self::Internal,
        Self::InvalidInitData,
        Self::StaleInitData,
        Self::TelegramDisabled,
        Self::InvalidSession,
        Self::PaymentUnavailable,
        Self::InvalidNote,
        Self::OrderWithdrawn,
        Self::InvalidShop,
        Self::SlugTaken,
        Self::SignupClosed,
        Self::RateLimited,
        Self::InvalidSheet,
        Self::InvalidDraft,
        Self::NoDraft,
        Self::VersionNotFound,
        Self::PlanOutdated,
        Self::ImportHasProblems,
        Self::DraftChanged,
        Self::InvalidSettings,
        Self::InvalidPhoto,
        Self::ShopClosed,
        Self::PreviewEnded,
        Self::InvalidOrderChange,
        Self::NoTelegramNotices,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::StoreNotFound => "store_not_found",
            Self::OrderNotFound => "order_not_found",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::InvalidParameter => "invalid_parameter",
            Self::EmptyCart => "empty_cart",
            Self::UnknownProduct => "unknown_product",
            Self::InvalidQuantity => "invalid_quantity",
            Self::OutOfStock => "out_of_stock",
            Self::PriceChanged => "price_changed",
            Self::BelowMinimumOrder => "below_minimum_order",
            Self::TotalTooLarge => "total_too_large",
            Self::InvalidCustomer => "invalid_customer",
            Self::UnserviceablePincode => "unserviceable_pincode",
            Self::InvalidSlot => "invalid_slot",
            Self::PickupUnavailable => "pickup_unavailable",
            Self::Unauthorized => "unauthorized",
            Self::InvalidIdempotencyKey => "invalid_idempotency_key",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::RequestInFlight => "request_in_flight",
            Self::InvalidTransition => "invalid_transition",
            Self::InvalidCatalogChange => "invalid_catalog_change",
            Self::Internal => "internal",
            Self::InvalidInitData => "invalid_init_data",
            Self::StaleInitData => "stale_init_data",
            Self::TelegramDisabled => "telegram_disabled",
            Self::InvalidSession => "invalid_session",
            Self::PaymentUnavailable => "payment_unavailable",
            Self::InvalidNote => "invalid_note",
            Self::OrderWithdrawn => "order_withdrawn",
            Self::InvalidShop => "invalid_shop",
            Self::SlugTaken => "slug_taken",
            Self::SignupClosed => "signup_closed",
            Self::RateLimited => "rate_limited",
            Self::InvalidSheet => "invalid_sheet",
            Self::InvalidDraft => "invalid_draft",
            Self::NoDraft => "no_draft",
            Self::VersionNotFound => "version_not_found",
            Self::PlanOutdated => "plan_outdated",
            Self::ImportHasProblems => "import_has_problems",
            Self::DraftChanged => "draft_changed",
            Self::InvalidSettings => "invalid_settings",
            Self::InvalidPhoto => "invalid_photo",
            Self::ShopClosed => "shop_closed",
            Self::PreviewEnded => "preview_ended",
            Self::InvalidOrderChange => "invalid_order_change",
            Self::NoTelegramNotices => "no_telegram_notices",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|known| known.as_str() == code)
    }
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code: code.as_str().to_owned(),
            message: message.into(),
            details: Vec::new(),
        }
    }

    pub fn with_details(mut self, details: Vec<FieldError>) -> Self {
        self.details = details;
        self
    }

    /// The code as a known [`ErrorCode`], or `None` for a code this build does not know yet.
    pub fn known_code(&self) -> Option<ErrorCode> {
        ErrorCode::parse(&self.code)
    }

    /// The message for one field, when the server named it in `details`.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.details
            .iter()
            .find(|detail| detail.field == field)
            .map(|detail| detail.message.as_str())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
        let mut names: Vec<_> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn details_are_omitted_when_empty() {
        let json =
            serde_json::to_string(&ApiError::new(ErrorCode::EmptyCart, "Your cart is empty."))
                .expect("serialises");
        assert_eq!(
            json,
            r#"{"code":"empty_cart","message":"Your cart is empty."}"#
        );
    }
}
