//! Shops opened by their owners (when the server takes sign-ups), and the owner's sign-in: who the
//! merchant's secret belongs to, and a new secret in place of the old.

use std::{
    net::{IpAddr, SocketAddr},
    num::NonZeroU32,
};

use axum::{
    Json,
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use governor::{DefaultKeyedRateLimiter, Quota, clock::Clock};
use haat::lang::Lang;
use haat_api::{ShopSignup, SignIn, SlugSuggestion, StoreProfile};
use serde::Deserialize;

use super::{
    AppState,
    extract::{ApiJson, ApiQuery, Merchant, Voice},
    now_ms,
};
use crate::{
    domain::{settings, shop},
    error::{AppError, SaidIn},
    shops::{self, OpenError},
};

/// How many shops one address may open in a burst; one more each 12 minutes after.
const SIGNUPS_PER_HOUR: NonZeroU32 = NonZeroU32::new(5).expect("five is not zero");

/// How many free addresses one address may ask for in a burst, and each minute after: the sign-up page
/// asks once the name rests, and each answer may take up to 50 lookups.
const SUGGESTIONS_PER_MINUTE: NonZeroU32 = NonZeroU32::new(30).expect("thirty is not zero");

/// Sign-ups, when the operator takes them: how often each address has signed up lately, and asked for
/// a free shop address.
pub struct Signups {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    suggestions: DefaultKeyedRateLimiter<IpAddr>,
    /// How many proxies of the operator's stand in front ([`crate::Config::trusted_proxies`]).
    proxies: usize,
}

impl Signups {
    pub fn new() -> Self {
        Self::behind(0)
    }

    /// Sign-ups reaching the server through `proxies` of the operator's own.
    pub fn behind(proxies: usize) -> Self {
        Self {
            limiter: DefaultKeyedRateLimiter::keyed(Quota::per_hour(SIGNUPS_PER_HOUR)),
            suggestions: DefaultKeyedRateLimiter::keyed(Quota::per_minute(SUGGESTIONS_PER_MINUTE)),
            proxies,
        }
    }

    /// Who sent a request that came from `peer` with `headers`: behind proxies, the address the
    /// outermost of them saw (`X-Forwarded-For`, counted from its end); else, or when the header is
    /// missing, short or unreadable, `peer` itself.
    fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let Some(nearest_first) = self.proxies.checked_sub(1) else {
            return peer;
        };
        let mut forwarded = Vec::new();
        for value in headers.get_all("x-forwarded-for") {
            let Ok(value) = value.to_str() else {
                return peer;
            };
            for address in value.split(',') {
                let Ok(address) = address.trim().parse::<IpAddr>() else {
                    return peer;
                };
                forwarded.push(address);
            }
        }
        forwarded
            .iter()
            .rev()
            .nth(nearest_first)
            .copied()
            .unwrap_or(peer)
    }

    /// Counts a sign-up from `from`; refused with the seconds to wait when it has had its share, in
    /// `lang`.
    fn admit(&self, from: IpAddr, lang: &Lang) -> Result<(), AppError> {
        count(&self.limiter, from, |wait| {
            AppError::rate_limited(lang, wait)
        })
    }

    /// Counts a request for a free address from `from`, as [`Self::admit`] counts sign-ups.
    fn admit_suggestion(&self, from: IpAddr, lang: &Lang) -> Result<(), AppError> {
        count(&self.suggestions, from, |wait| {
            AppError::suggestions_limited(lang, wait)
        })
    }
}

/// Counts a request from `from` against `limiter`; when its sender has had its share, refused as
/// `refuse` says with the whole seconds to wait.
fn count(
    limiter: &DefaultKeyedRateLimiter<IpAddr>,
    from: IpAddr,
    refuse: impl FnOnce(u64) -> AppError,
) -> Result<(), AppError> {
    limiter.check_key(&sender(from)).map_err(|not_until| {
        refuse(not_until.wait_time_from(limiter.clock().now()).as_secs() + 1)
    })?;
    // Forget addresses whose share is whole again, so the table stays as small as the traffic.
    limiter.retain_recent();
    Ok(())
}

/// Who sent a request, as far as limits go: an IPv4 address, or an IPv6 address's /64 network (one
/// subscriber's, which holds more addresses than a limit could count).
fn sender(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
    }
}

impl Default for Signups {
    fn default() -> Self {
        Self::new()
    }
}

/// `POST /api/shops`: opens a shop and answers with its owner's sign-in link. Refused in the language
/// of the sign-up page (`Accept-Language`).
pub async fn sign_up(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Voice(lang): Voice,
    body: ApiJson<ShopSignup>,
) -> Result<Response, AppError> {
    let signups = app
        .signups
        .as_ref()
        .ok_or_else(|| AppError::signup_closed(&lang))?;
    // A typo costs the owner nothing: a sign-up is counted once its fields pass (a taken address too).
    let shop = shop::check(&body.value).said_in(&lang)?;
    signups.admit(signups.client(peer.ip(), &headers), &lang)?;
    let opened = shops::open(app.store.as_ref(), shop)
        .await
        .map_err(|error| open_error(error, &lang))?;
    tracing::info!(store = %opened.slug, "a shop was opened from the sign-up page");
    let sign_in = sign_in(opened.slug, opened.secret);
    Ok((StatusCode::CREATED, Json(sign_in)).into_response())
}

#[derive(Deserialize)]
pub struct SuggestionQuery {
    #[serde(default)]
    name: String,
}

/// `GET /api/shops/suggestion?name=…`: a free address for a shop of that name.
pub async fn suggestion(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Voice(lang): Voice,
    ApiQuery(query): ApiQuery<SuggestionQuery>,
) -> Result<Json<SlugSuggestion>, AppError> {
    let signups = app
        .signups
        .as_ref()
        .ok_or_else(|| AppError::signup_closed(&lang))?;
    signups.admit_suggestion(signups.client(peer.ip(), &headers), &lang)?;
    let slug = shops::free_slug(app.store.as_ref(), &shop::suggest_slug(&query.name))
        .await
        .map_err(|error| open_error(error, &lang))?;
    Ok(Json(SlugSuggestion { slug }))
}

/// `GET /api/stores/{store}/merchant`: the shop whose secret this is (the console's sign-in check).
pub async fn merchant(Merchant(shop): Merchant) -> Result<Json<StoreProfile>, AppError> {
    Ok(Json(shop.profile))
}

/// `PUT /api/stores/{store}/settings`: the shop's settings, whole, checked field by field, live at once.
/// Answers them as kept (normalised: the phone in E.164, each delivery slot with an id).
pub async fn save_settings(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    Voice(lang): Voice,
    body: ApiJson<StoreProfile>,
) -> Result<Json<StoreProfile>, AppError> {
    let profile = settings::check(&shop.profile, body.value, now_ms(), &lang).said_in(&lang)?;
    app.store.update_profile(shop.id, &profile).await?;
    tracing::info!(store = %shop.profile.slug, "a shop's settings were changed");
    Ok(Json(profile))
}

/// `POST /api/stores/{store}/merchant/secret`: a new secret and sign-in link; the old ones stop working.
pub async fn rotate_secret(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
) -> Result<Json<SignIn>, AppError> {
    let secret = shops::replace_secret(app.store.as_ref(), &shop)
        .await
        // No address is taken here: what fails is the store or the randomness, which are not said.
        .map_err(|error| open_error(error, &Lang::english()))?
        .ok_or_else(AppError::unauthorized)?;
    let slug = shop.profile.slug;
    tracing::info!(store = %slug, "the merchant's secret was replaced");
    Ok(Json(sign_in(slug, secret)))
}

fn sign_in(store: String, secret: String) -> SignIn {
    SignIn {
        link: shops::sign_in_path(&store, &secret),
        store,
        secret,
    }
}

/// Why a shop did not open (or got no new secret), in `lang`.
fn open_error(error: OpenError, lang: &Lang) -> AppError {
    match error {
        OpenError::Taken { taken, free } => AppError::slug_taken(lang, &taken, &free),
        OpenError::Store(error) => error.into(),
        OpenError::Randomness(error) => AppError::Internal(format!("no randomness: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;

    #[test]
    fn one_address_opens_a_few_shops_and_then_waits() {
        let signups = Signups::new();
        let (one, other) = (
            IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)),
            IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2)),
        );
        let english = Lang::english();
        for _ in 0..SIGNUPS_PER_HOUR.get() {
            assert!(signups.admit(one, &english).is_ok());
        }
        assert!(
            signups.admit(one, &english).is_err(),
            "the sixth within the hour"
        );
        assert!(
            signups.admit(other, &english).is_ok(),
            "another address has its own share"
        );
    }

    #[test]
    fn one_address_asks_for_a_few_free_addresses_a_minute() {
        let signups = Signups::new();
        let (one, other) = (
            IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)),
            IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2)),
        );
        let english = Lang::english();
        for _ in 0..SUGGESTIONS_PER_MINUTE.get() {
            assert!(signups.admit_suggestion(one, &english).is_ok());
        }
        assert!(signups.admit_suggestion(one, &english).is_err());
        assert!(signups.admit_suggestion(other, &english).is_ok());
        assert!(
            signups.admit(one, &english).is_ok(),
            "sign-ups have their own share"
        );
    }

    #[test]
    fn behind_proxies_the_client_is_read_from_the_end_of_x_forwarded_for() {
        let peer: IpAddr = "10.0.0.9".parse().expect("an address");
        let headers = |values: &[&str]| {
            let mut headers = HeaderMap::new();
            for value in values {
                headers.append("x-forwarded-for", value.parse().expect("a header"));
            }
            headers
        };
        let forwarded = headers(&["203.0.113.7, 198.51.100.2", "192.0.2.1"]);
        let at = |text: &str| text.parse::<IpAddr>().expect("an address");
        assert_eq!(
            Signups::behind(0).client(peer, &forwarded),
            peer,
            "not read"
        );
        assert_eq!(Signups::behind(1).client(peer, &forwarded), at("192.0.2.1"));
        assert_eq!(
            Signups::behind(2).client(peer, &forwarded),
            at("198.51.100.2")
        );
        // Fewer addresses than proxies, none, or one that is not an address: the proxy's own.
        assert_eq!(Signups::behind(4).client(peer, &forwarded), peer);
        assert_eq!(Signups::behind(1).client(peer, &headers(&[])), peer);
        assert_eq!(
            Signups::behind(1).client(peer, &headers(&["203.0.113.7, nobody"])),
            peer
        );
    }

    #[test]
    fn an_ipv6_network_shares_one_share() {
        let one: IpAddr = "2001:db8:1:2::1".parse().expect("an address");
        let same_network: IpAddr = "2001:db8:1:2:ffff::9".parse().expect("an address");
        let other_network: IpAddr = "2001:db8:1:3::1".parse().expect("an address");
        assert_eq!(sender(one), sender(same_network));
        assert_ne!(sender(one), sender(other_network));
        let v4 = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        assert_eq!(sender(v4), v4);
    }
}
