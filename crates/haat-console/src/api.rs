//! The order API, as the console calls it: the owner's secret as the bearer, and every refusal read as
//! the server's [`ApiError`] (its code, its message, and the fields it names).

use gloo_net::http::{Request, RequestBuilder, Response};
use haat_api::{ApiError, ShopSignup, SignIn, SlugSuggestion, StoreProfile};
use serde::de::DeserializeOwned;

/// The code of a request that never reached the server.
pub const OFFLINE: &str = "offline";

/// The shop this secret signs in to.
pub async fn merchant(store: &str, secret: &str) -> Result<StoreProfile, ApiError> {
    let request = Request::get(&format!("/api/stores/{store}/merchant"));
    answer(as_owner(request, secret).send().await).await
}

/// A new secret for the shop; the one given stops working.
pub async fn new_secret(store: &str, secret: &str) -> Result<SignIn, ApiError> {
    let request = Request::post(&format!("/api/stores/{store}/merchant/secret"));
    answer(as_owner(request, secret).send().await).await
}

pub async fn sign_up(signup: &ShopSignup) -> Result<SignIn, ApiError> {
    let request = Request::post("/api/shops")
        .json(signup)
        .map_err(|_| unreadable())?;
    answer(request.send().await).await
}

/// A free address for a shop called `name`.
pub async fn suggestion(name: &str) -> Result<SlugSuggestion, ApiError> {
    let request = Request::get("/api/shops/suggestion").query([("name", name)]);
    answer(request.send().await).await
}

fn as_owner(request: RequestBuilder, secret: &str) -> RequestBuilder {
    request.header("Authorization", &format!("Bearer {secret}"))
}

async fn answer<T: DeserializeOwned>(
    sent: Result<Response, gloo_net::Error>,
) -> Result<T, ApiError> {
    let response = sent.map_err(|_| ApiError {
        code: OFFLINE.to_owned(),
        message: "The phone could not reach Haat. Check its internet and try again.".to_owned(),
        details: Vec::new(),
    })?;
    if response.ok() {
        return response.json().await.map_err(|_| unreadable());
    }
    Err(response
        .json::<ApiError>()
        .await
        .unwrap_or_else(|_| unreadable()))
}

fn unreadable() -> ApiError {
    ApiError {
        code: "unreadable".to_owned(),
        message: "Haat answered with something the console cannot read. Try again in a moment."
            .to_owned(),
        details: Vec::new(),
    }
}
