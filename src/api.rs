//! The one client of the order API. Every non-2xx answer is decoded as the API's [`ApiError`]; a network
//! failure or an unreadable answer becomes an `ApiError` with one of this module's client-side codes.

use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder, Response};
use haat_api::{
    ApiError, Catalog, ErrorCode, Language, Order, OrderRequest, PlacedOrder, Quote, QuoteRequest,
    TelegramSession, TelegramSessionRequest, TelegramUser,
};
use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen::{JsValue, prelude::wasm_bindgen};
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use crate::{json, lang::Lang};

/// The request never got an answer: offline, server down, connection dropped.
pub const NETWORK_ERROR: &str = "network_error";
/// The answer was not what the API sends (a proxy's error page, a truncated body).
pub const BAD_RESPONSE: &str = "bad_response";
/// The browser cannot make an idempotency key, so an order cannot be placed safely.
pub const NO_CHECKOUT_KEY: &str = "no_checkout_key";
/// An order kept on the phone longer than the shop remembers its key: whether it was placed is unknown,
/// and sending it again could place it twice.
pub const UNCONFIRMED: &str = "order_unconfirmed";

/// The result of a call that may still be running.
#[derive(Clone, Debug)]
pub enum Remote<T> {
    Loading,
    Loaded(Rc<T>),
    Failed(ApiError),
}

/// Loaded values compare by identity: a refetch is a change even when equal, and comparing a large
/// catalog field by field on every render would cost more than it saves.
impl<T> PartialEq for Remote<T> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Loading, Self::Loading) => true,
            (Self::Loaded(a), Self::Loaded(b)) => Rc::ptr_eq(a, b),
            (Self::Failed(a), Self::Failed(b)) => a == b,
            _ => false,
        }
    }
}

impl<T> From<Result<T, ApiError>> for Remote<T> {
    fn from(result: Result<T, ApiError>) -> Self {
        match result {
            Ok(value) => Self::Loaded(Rc::new(value)),
            Err(error) => Self::Failed(error),
        }
    }
}

pub async fn catalog(store: &str) -> Result<Catalog, ApiError> {
    let get = Request::get(&format!("/api/stores/{store}/catalog"));
    let response = web_sys::Response::from(send(get, None).await?);
    let unreadable = || bad_response(response.status());
    // The browser parses the answer itself: a large catalog's text is neither copied into the wasm nor
    // handed back to be parsed (17 ms of one task at 1× for 10,000 products, measured in BENCHMARKS.md).
    let parsing = response.json().map_err(|_| unreadable())?;
    let parsed = JsFuture::from(parsing).await.map_err(|_| unreadable())?;
    json::read_catalog(parsed).await.ok_or_else(unreadable)
}

/// The shop's price for `request`; a refusal in `language`.
pub async fn quote(
    store: &str,
    request: &QuoteRequest,
    language: Language,
) -> Result<Quote, ApiError> {
    let post = Request::post(&format!("/api/stores/{store}/quotes"))
        .header("Accept-Language", language.as_str());
    decode(call(post, Some(to_json(request))).await?)
}

/// Settles an unsent order attempt (its key and exact body) so the shopper can change the order:
/// `Ok(None)` when the shop will now never place it, `Ok(Some(placed))` when it already had.
pub async fn withdraw_order(
    store: &str,
    body: &str,
    idempotency_key: &str,
) -> Result<Option<PlacedOrder>, ApiError> {
    let path = format!("/api/stores/{store}/orders/withdraw");
    match keyed_post(&path, body, idempotency_key).await? {
        Answer::NoContent => Ok(None),
        answer => decode(answer).map(Some),
    }
}

/// Places an order (its JSON body, see [`order_body`]) under an idempotency key: a retry with the same
/// key and body can never create a second order; it gets the first answer again.
pub async fn place_order(
    store: &str,
    body: &str,
    idempotency_key: &str,
) -> Result<PlacedOrder, ApiError> {
    let path = format!("/api/stores/{store}/orders");
    decode(keyed_post(&path, body, idempotency_key).await?)
}

/// A checkout attempt's body posted under its idempotency key.
async fn keyed_post(path: &str, body: &str, idempotency_key: &str) -> Result<Answer, ApiError> {
    let post = Request::post(path).header("Idempotency-Key", idempotency_key);
    call(post, Some(body.to_owned())).await
}

/// An order request as the JSON body `place_order` sends.
pub fn order_body(request: &OrderRequest) -> String {
    to_json(request)
}

/// Exchanges Telegram's raw init data for a session; the server checks its signature. Answers the session's
/// user: the app keeps no token, it only prefills checkout.
pub async fn telegram_user(store: &str, init_data: String) -> Result<TelegramUser, ApiError> {
    let body = to_json(&TelegramSessionRequest { init_data });
    let post = Request::post(&format!("/api/stores/{store}/telegram/session"));
    let session: TelegramSession = decode(call(post, Some(body)).await?)?;
    Ok(session.user)
}

pub async fn order(id: i64, token: &str) -> Result<Order, ApiError> {
    let get = Request::get(&format!("/api/orders/{id}"));
    decode(
        call(
            get.header("Authorization", &format!("Bearer {token}")),
            None,
        )
        .await?,
    )
}

/// A 2xx answer: its body, or none (204).
enum Answer {
    Body(String),
    NoContent,
}

/// One request; a 2xx answer's body, or the API's error. Not generic, so the fetch logic exists once in
/// the wasm.
async fn call(request: RequestBuilder, body: Option<String>) -> Result<Answer, ApiError> {
    let response = send(request, body).await?;
    let status = response.status();
    if status == 204 {
        return Ok(Answer::NoContent);
    }
    // A body that cannot be read (a connection cut mid-answer) is a bad response.
    let text = response.text().await.map_err(|_| bad_response(status))?;
    Ok(Answer::Body(text))
}

/// One request, answered with a 2xx; the API's error otherwise.
async fn send(request: RequestBuilder, body: Option<String>) -> Result<Response, ApiError> {
    let request = request.header("Accept", "application/json");
    // A stalled connection fails like a lost one (and an order keeps its key for the retry).
    let timeout = Signals::abort_after(REQUEST_TIMEOUT_MS).ok();
    let request = request.abort_signal(timeout.as_ref());
    let request = match body {
        Some(body) => request
            .header("Content-Type", "application/json")
            .body(body),
        None => request.build(),
    };
    let response = match request {
        Ok(request) => request.send().await.map_err(|_| network_error())?,
        Err(_) => return Err(network_error()),
    };
    if response.ok() {
        return Ok(response);
    }
    // An error's body that cannot be read (a connection cut mid-answer) or is not the API's JSON (a
    // proxy's error page) is a bad response.
    let status = response.status();
    let text = response.text().await.map_err(|_| bad_response(status))?;
    Err(json::parse(&text).unwrap_or_else(|| bad_response(status)))
}

fn decode<T: DeserializeOwned>(answer: Answer) -> Result<T, ApiError> {
    let Answer::Body(text) = answer else {
        return Err(bad_response(204));
    };
    json::parse(&text).ok_or_else(|| bad_response(200))
}

fn to_json<T: Serialize>(value: &T) -> String {
    json::stringify(value).unwrap_or_default()
}

/// How long a request may take, answer included, before the app gives up on it and offers a retry.
const REQUEST_TIMEOUT_MS: u32 = 30_000;

#[wasm_bindgen]
extern "C" {
    /// `AbortSignal`'s static side, bound here to catch what web-sys's binding would throw.
    #[wasm_bindgen(js_name = AbortSignal)]
    type Signals;

    /// `AbortSignal.timeout(ms)`; an error in a browser too old to have it.
    #[wasm_bindgen(catch, static_method_of = Signals, js_class = "AbortSignal", js_name = timeout)]
    fn abort_after(milliseconds: u32) -> Result<AbortSignal, JsValue>;
}

/// Whether trying the same request again may succeed (and so must reuse its idempotency key). A code this
/// build does not know counts as retryable: the key makes a retry safe.
pub fn is_retryable(error: &ApiError) -> bool {
    match error.known_code() {
        Some(code) => matches!(code, ErrorCode::RequestInFlight | ErrorCode::Internal),
        None => ![NO_CHECKOUT_KEY, UNCONFIRMED].contains(&error.code.as_str()),
    }
}

/// What the shopper reads about a failure, in their language. The server's messages are written for
/// shoppers, in the language the request asked for, except for the codes that mean a bug or a broken
/// deployment; those, and codes this build does not know, get a plain apology, and the page offers to
/// try again. This client's own failures are said here (their `message` is for developers).
pub fn shopper_message<'a>(lang: &'a Lang, error: &'a ApiError) -> &'a str {
    use ErrorCode as Code;
    let sorry = lang.t("Something went wrong on our side. Please try again.");
    let Some(code) = error.known_code() else {
        return match error.code.as_str() {
            NETWORK_ERROR => {
                lang.t("Could not reach the shop. Check your connection and try again.")
            }
            BAD_RESPONSE => {
                lang.t("The shop sent an answer we could not read. Please try again.")
            }
            NO_CHECKOUT_KEY => lang.t(
                "This browser cannot place orders safely. Open the link in another browser.",
            ),
            UNCONFIRMED => lang.t(
                "An order you tried to send two days ago could not be confirmed. Ask the shop whether they have it before ordering again.",
            ),
            _ => sorry,
        };
    };
    match code {
        Code::StoreNotFound => {
            lang.t("This shop link is wrong or no longer works. Ask the shop for its link.")
        }
        Code::OrderNotFound => {
            lang.t("This order link does not work. Open the link the shop or the app gave you.")
        }
        Code::RequestInFlight => {
            lang.t("Your order is still being placed. Please wait a moment and try again.")
        }
        Code::IdempotencyKeyReused => {
            lang.t("Your order changed while it was being sent. Please place it again.")
        }
        Code::EmptyCart
        | Code::BelowMinimumOrder
        | Code::UnknownProduct
        | Code::InvalidQuantity
        | Code::OutOfStock
        | Code::PriceChanged
        | Code::TotalTooLarge
        | Code::InvalidCustomer
        | Code::UnserviceablePincode
        | Code::InvalidSlot
        | Code::PickupUnavailable
        | Code::PaymentUnavailable
        | Code::InvalidNote
        | Code::OrderWithdrawn
        | Code::ShopClosed
        | Code::PreviewEnded => &error.message,
        Code::InvalidJson
        | Code::PayloadTooLarge
        | Code::UnsupportedMediaType
        | Code::NotFound
        | Code::MethodNotAllowed
        | Code::InvalidParameter
        | Code::Unauthorized
        | Code::InvalidIdempotencyKey
        | Code::InvalidTransition
        | Code::InvalidCatalogChange
        | Code::InvalidInitData
        | Code::StaleInitData
        | Code::TelegramDisabled
        | Code::InvalidSession
        | Code::Internal
        // The merchant console's.
        | Code::InvalidShop
        | Code::SlugTaken
        | Code::SignupClosed
        | Code::RateLimited
        | Code::InvalidSheet
        | Code::InvalidDraft
        | Code::NoDraft
        | Code::VersionNotFound
        | Code::PlanOutdated
        | Code::ImportHasProblems
        | Code::DraftChanged
        | Code::InvalidSettings
        | Code::InvalidPhoto
        | Code::InvalidOrderChange
        | Code::NoTelegramNotices => sorry,
    }
}

/// The browser could not make a checkout key (no `crypto.randomUUID`, an insecure context).
pub fn no_idempotency_key() -> ApiError {
    ApiError {
        code: NO_CHECKOUT_KEY.to_owned(),
        message: "This browser cannot place orders safely. Open the link in another browser."
            .to_owned(),
        details: Vec::new(),
    }
}

fn network_error() -> ApiError {
    ApiError {
        code: NETWORK_ERROR.to_owned(),
        message: "Could not reach the shop. Check your connection and try again.".to_owned(),
        details: Vec::new(),
    }
}

fn bad_response(status: u16) -> ApiError {
    ApiError {
        code: BAD_RESPONSE.to_owned(),
        message: format!(
            "The shop sent an answer we could not read (HTTP {status}). Please try again."
        ),
        details: Vec::new(),
    }
}
