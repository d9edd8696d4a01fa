//! The order API, as the console calls it: the owner's secret as the bearer, the page's language as the
//! one to be answered in, and every refusal read as the server's [`ApiError`] (its code, its message, and
//! the fields it names).

use gloo_net::http::{Request, RequestBuilder, Response};
use haat_api::{
    ApiError, Catalog, CatalogChanges, CatalogVersion, CategoryPlan, DaySummary, Draft,
    DraftProduct, ErrorCode, ImportPlan, LineChange, MarkPaid, Order, OrderList, OrderQuery,
    PaidVia, PreviewLink, ShopSignup, SignIn, SlugSuggestion, StatusUpdate, StoreProfile,
    TelegramNotices, TelegramNoticesUpdate, UploadedPhoto, VersionList,
};
use serde::de::DeserializeOwned;

use crate::lang::{self, Lang};

/// The code of a request that never reached the server.
pub const OFFLINE: &str = "offline";
/// The code of an answer the console could not read.
pub const UNREADABLE: &str = "unreadable";

/// The shop this secret signs in to.
pub async fn merchant(store: &str, secret: &str) -> Result<StoreProfile, ApiError> {
    let request = Request::get(&format!("/api/stores/{store}/merchant"));
    answer(as_owner(request, secret).send().await).await
}

/// The shop's settings, whole, live at once; answered as the server keeps them.
pub async fn save_settings(
    store: &str,
    secret: &str,
    settings: &StoreProfile,
) -> Result<StoreProfile, ApiError> {
    let request = Request::put(&format!("/api/stores/{store}/settings"));
    let request = as_owner(request, secret)
        .json(settings)
        .map_err(|_| unreadable())?;
    answer(request.send().await).await
}

/// The shop's Telegram notices of new orders; `None` when none are set up.
pub async fn telegram_notices(
    store: &str,
    secret: &str,
) -> Result<Option<TelegramNotices>, ApiError> {
    let request = Request::get(&format!("/api/stores/{store}/telegram-notices"));
    match answer(as_owner(request, secret).send().await).await {
        Ok(notices) => Ok(Some(notices)),
        Err(error) if error.known_code() == Some(ErrorCode::NoTelegramNotices) => Ok(None),
        Err(error) => Err(error),
    }
}

/// The shop's Telegram notices set up, or changed; answered as the server keeps them.
pub async fn save_telegram_notices(
    store: &str,
    secret: &str,
    notices: &TelegramNoticesUpdate,
) -> Result<TelegramNotices, ApiError> {
    let request = Request::put(&format!("/api/stores/{store}/telegram-notices"));
    let request = as_owner(request, secret)
        .json(notices)
        .map_err(|_| unreadable())?;
    answer(request.send().await).await
}

/// No more Telegram notices.
pub async fn end_telegram_notices(store: &str, secret: &str) -> Result<(), ApiError> {
    let request = Request::delete(&format!("/api/stores/{store}/telegram-notices"));
    done(as_owner(request, secret).send().await).await
}

/// A new secret for the shop; the one given stops working.
pub async fn new_secret(store: &str, secret: &str) -> Result<SignIn, ApiError> {
    let request = Request::post(&format!("/api/stores/{store}/merchant/secret"));
    answer(as_owner(request, secret).send().await).await
}

pub async fn sign_up(signup: &ShopSignup) -> Result<SignIn, ApiError> {
    let request = speaking(Request::post("/api/shops"))
        .json(signup)
        .map_err(|_| unreadable())?;
    answer(request.send().await).await
}

/// A free address for a shop called `name`.
pub async fn suggestion(name: &str) -> Result<SlugSuggestion, ApiError> {
    let request = speaking(Request::get("/api/shops/suggestion").query([("name", name)]));
    answer(request.send().await).await
}

/// The draft, or the live catalog to start one from.
pub async fn draft(store: &str, secret: &str) -> Result<Draft, ApiError> {
    let request = Request::get(&format!("/api/stores/{store}/draft"));
    answer(as_owner(request, secret).send().await).await
}

/// The catalog an import works on, as the spreadsheet file's text.
pub async fn catalog_file(store: &str, secret: &str) -> Result<String, ApiError> {
    let request = Request::get(&format!("/api/stores/{store}/catalog.csv"));
    let response = as_owner(request, secret)
        .send()
        .await
        .map_err(|_| offline())?;
    if !response.ok() {
        return Err(refusal(response).await);
    }
    response.text().await.map_err(|_| unreadable())
}

/// What importing `file` would do.
pub async fn plan(store: &str, secret: &str, file: &[u8]) -> Result<ImportPlan, ApiError> {
    let request = Request::post(&format!("/api/stores/{store}/catalog/plan"));
    let request = as_owner(request, secret)
        .header("Content-Type", "text/csv")
        .body(js_sys::Uint8Array::from(file))
        .map_err(|_| unreadable())?;
    answer(request.send().await).await
}

/// `file` back with each row's problems in an `errors` column.
pub async fn file_with_errors(store: &str, secret: &str, file: &[u8]) -> Result<String, ApiError> {
    let request = Request::post(&format!("/api/stores/{store}/catalog/errors"));
    let response = as_owner(request, secret)
        .header("Content-Type", "text/csv")
        .body(js_sys::Uint8Array::from(file))
        .map_err(|_| unreadable())?
        .send()
        .await
        .map_err(|_| offline())?;
    if !response.ok() {
        return Err(refusal(response).await);
    }
    response.text().await.map_err(|_| unreadable())
}

/// `file` into the draft, if the catalog is still the one `basis` planned.
pub async fn import(
    store: &str,
    secret: &str,
    file: &[u8],
    basis: &str,
) -> Result<Draft, ApiError> {
    let request =
        Request::post(&format!("/api/stores/{store}/catalog/import")).query([("basis", basis)]);
    let request = as_owner(request, secret)
        .header("Content-Type", "text/csv")
        .body(js_sys::Uint8Array::from(file))
        .map_err(|_| unreadable())?;
    answer(request.send().await).await
}

/// `product` in the draft: a new one (no id yet) added, or the one with its id replaced.
pub async fn save_product(
    store: &str,
    secret: &str,
    product: &DraftProduct,
) -> Result<DraftProduct, ApiError> {
    let request = if product.id.is_empty() {
        Request::post(&format!("/api/stores/{store}/draft/products"))
    } else {
        Request::put(&format!(
            "/api/stores/{store}/draft/products/{}",
            path_part(&product.id)
        ))
    };
    let request = as_owner(request, secret)
        .json(product)
        .map_err(|_| unreadable())?;
    answer(request.send().await).await
}

/// A photo from the phone, kept by the server as the storefront shows it.
pub async fn upload_photo(
    store: &str,
    secret: &str,
    file: &[u8],
    kind: &str,
) -> Result<UploadedPhoto, ApiError> {
    let request = Request::post(&format!("/api/stores/{store}/photos"));
    let request = as_owner(request, secret)
        .header("Content-Type", kind)
        .body(js_sys::Uint8Array::from(file))
        .map_err(|_| unreadable())?;
    answer(request.send().await).await
}

/// The product out of the draft.
pub async fn remove_product(store: &str, secret: &str, id: &str) -> Result<(), ApiError> {
    let request = Request::delete(&format!(
        "/api/stores/{store}/draft/products/{}",
        path_part(id)
    ));
    done(as_owner(request, secret).send().await).await
}

/// The draft's categories as `plan` arranges them.
pub async fn arrange_categories(
    store: &str,
    secret: &str,
    plan: &CategoryPlan,
) -> Result<Draft, ApiError> {
    let request = Request::put(&format!("/api/stores/{store}/draft/categories"));
    let request = as_owner(request, secret)
        .json(plan)
        .map_err(|_| unreadable())?;
    answer(request.send().await).await
}

pub async fn publish(store: &str, secret: &str) -> Result<CatalogVersion, ApiError> {
    let request = Request::post(&format!("/api/stores/{store}/draft/publish"));
    answer(as_owner(request, secret).send().await).await
}

pub async fn discard(store: &str, secret: &str) -> Result<(), ApiError> {
    let request = Request::delete(&format!("/api/stores/{store}/draft"));
    done(as_owner(request, secret).send().await).await
}

/// A page of the shop's orders, newest first, as `query` asks.
pub async fn orders(store: &str, secret: &str, query: &OrderQuery) -> Result<OrderList, ApiError> {
    let status = query
        .status
        .as_deref()
        .map(|status| ("status", status.to_owned()));
    let q = query.q.as_deref().map(|q| ("q", q.to_owned()));
    let before = query.before.map(|before| ("before", before.to_string()));
    let limit = query.limit.map(|limit| ("limit", limit.to_string()));
    let request = Request::get(&format!("/api/stores/{store}/orders"))
        .query([status, q, before, limit].into_iter().flatten());
    answer(as_owner(request, secret).send().await).await
}

/// The order moved on as `update` says (a refusal with its reason), as the server's lifecycle allows.
pub async fn move_order(
    store: &str,
    secret: &str,
    id: i64,
    update: &StatusUpdate,
) -> Result<Order, ApiError> {
    let request = Request::post(&format!("/api/stores/{store}/orders/{id}/status"));
    let request = as_owner(request, secret)
        .json(update)
        .map_err(|_| unreadable())?;
    answer(request.send().await).await
}

/// The shop's day (`YYYY-MM-DD`; today when `None`): orders, takings, top items, refusals.
pub async fn day_summary(
    store: &str,
    secret: &str,
    day: Option<&str>,
) -> Result<DaySummary, ApiError> {
    let request = Request::get(&format!("/api/stores/{store}/orders/summary"))
        .query(day.map(|day| ("day", day)));
    answer(as_owner(request, secret).send().await).await
}

/// Line `line` (from 1) of the order changed before packing: another quantity (0: unavailable), or
/// another pack sent instead.
pub async fn change_line(
    store: &str,
    secret: &str,
    id: i64,
    line: usize,
    change: &LineChange,
) -> Result<Order, ApiError> {
    let request = Request::put(&format!("/api/stores/{store}/orders/{id}/lines/{line}"));
    let request = as_owner(request, secret)
        .json(change)
        .map_err(|_| unreadable())?;
    answer(request.send().await).await
}

/// The shop's catalog as its shoppers see it now.
pub async fn catalog(store: &str) -> Result<Catalog, ApiError> {
    let request = speaking(Request::get(&format!("/api/stores/{store}/catalog")));
    answer(request.send().await).await
}

/// The order marked paid `via` cash or UPI, or the mark taken back (`None`).
pub async fn mark_paid(
    store: &str,
    secret: &str,
    id: i64,
    via: Option<PaidVia>,
) -> Result<Order, ApiError> {
    let address = format!("/api/stores/{store}/orders/{id}/paid");
    let request = match via {
        Some(via) => as_owner(Request::put(&address), secret)
            .json(&MarkPaid { via })
            .map_err(|_| unreadable())?,
        None => as_owner(Request::delete(&address), secret)
            .build()
            .map_err(|_| unreadable())?,
    };
    answer(request.send().await).await
}

/// A link to the draft as shoppers will see it, for a week.
pub async fn preview_link(store: &str, secret: &str) -> Result<PreviewLink, ApiError> {
    let request = Request::post(&format!("/api/stores/{store}/preview"));
    answer(as_owner(request, secret).send().await).await
}

/// What publishing the draft would change.
pub async fn draft_changes(store: &str, secret: &str) -> Result<CatalogChanges, ApiError> {
    let request = Request::get(&format!("/api/stores/{store}/draft/changes"));
    answer(as_owner(request, secret).send().await).await
}

/// What publishing `version` changed from the one before it.
pub async fn version_changes(
    store: &str,
    secret: &str,
    version: u32,
) -> Result<CatalogChanges, ApiError> {
    let request = Request::get(&format!("/api/stores/{store}/versions/{version}/changes"));
    answer(as_owner(request, secret).send().await).await
}

pub async fn versions(store: &str, secret: &str) -> Result<VersionList, ApiError> {
    let request = Request::get(&format!("/api/stores/{store}/versions"));
    answer(as_owner(request, secret).send().await).await
}

pub async fn restore(store: &str, secret: &str, version: u32) -> Result<CatalogVersion, ApiError> {
    let request = Request::post(&format!("/api/stores/{store}/versions/{version}/restore"));
    answer(as_owner(request, secret).send().await).await
}

fn as_owner(request: RequestBuilder, secret: &str) -> RequestBuilder {
    speaking(request).header("Authorization", &format!("Bearer {secret}"))
}

/// `request`, asking to be answered in the page's language (which the server chose for the merchant
/// and wrote in `<html lang>`): its refusals are then said in it.
fn speaking(request: RequestBuilder) -> RequestBuilder {
    match lang::page_language() {
        Some(language) => request.header("Accept-Language", language.as_str()),
        None => request,
    }
}

async fn answer<T: DeserializeOwned>(
    sent: Result<Response, gloo_net::Error>,
) -> Result<T, ApiError> {
    let response = sent.map_err(|_| offline())?;
    if response.ok() {
        return response.json().await.map_err(|_| unreadable());
    }
    Err(refusal(response).await)
}

/// A request answered with no body.
async fn done(sent: Result<Response, gloo_net::Error>) -> Result<(), ApiError> {
    let response = sent.map_err(|_| offline())?;
    if response.ok() {
        return Ok(());
    }
    Err(refusal(response).await)
}

/// An id as one segment of an API path: ids may hold any letter (Devanagari ones too), never `/`.
fn path_part(id: &str) -> String {
    String::from(js_sys::encode_uri_component(id))
}

/// The server's refusal, as it wrote it.
async fn refusal(response: Response) -> ApiError {
    response
        .json::<ApiError>()
        .await
        .unwrap_or_else(|_| unreadable())
}

fn offline() -> ApiError {
    own_failure(OFFLINE)
}

fn unreadable() -> ApiError {
    own_failure(UNREADABLE)
}

/// The console's own failure of `code`, in English as the API's errors are written (the pages say it in
/// the merchant's language: [`lang::said`]).
fn own_failure(code: &str) -> ApiError {
    ApiError {
        code: code.to_owned(),
        message: lang::failure(&Lang::english(), code)
            .unwrap_or_default()
            .to_owned(),
        details: Vec::new(),
    }
}
