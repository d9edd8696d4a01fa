//! The shop's draft as shoppers will see it, opened with a preview link's token (`?preview=…`, see
//! [`preview_link`]): the preview's pages, and the app's catalog, quotes and orders in a preview. Orders
//! placed there are tests: priced from the draft, taking no stock, kept out of the shop's orders.

use haat::lang::Lang;
use haat_api::Catalog;
use serde::Deserialize;

use super::{AppState, now_ms};
use crate::{
    domain::{draft, preview_link},
    error::{AppError, SaidIn},
    store::StoreRecord,
};

/// A shopper's request's query: `preview` when the app runs in a preview of the draft.
#[derive(Debug, Default, Deserialize)]
pub struct PreviewQuery {
    pub preview: Option<String>,
}

/// The draft as shoppers will see it once published (the live catalog, when the shop has no draft).
pub async fn draft_catalog(app: &AppState, shop: &StoreRecord) -> Result<Catalog, AppError> {
    let now = now_ms();
    Ok(match app.store.draft(shop.id).await? {
        Some(draft) => {
            let live = app.store.live_catalog(shop, now).await?;
            draft::as_catalog(draft, shop.profile.clone(), Some(&live), now)
        }
        None => app.store.catalog(shop, now).await?,
    })
}

/// The draft a preview's request (`token`) is served from, checked; `None` for a shopper's. A token that
/// does not open the draft is refused (403 `preview_ended`, in `lang`), never taken for live.
pub async fn drafted(
    app: &AppState,
    shop: &StoreRecord,
    token: Option<&str>,
    lang: &Lang,
) -> Result<Option<Catalog>, AppError> {
    let Some(token) = token else {
        return Ok(None);
    };
    opens(shop, token, lang)?;
    Ok(Some(draft_catalog(app, shop).await?))
}

/// A request's idempotency fingerprint: a preview's is its own, so a key answered in a preview never
/// answers a shopper's request, nor the other way round.
pub fn fingerprint(body: &str, preview: bool) -> String {
    if preview {
        format!("preview:{body}")
    } else {
        body.to_owned()
    }
}

/// Whether a preview's request (`token`) comes from a link of `shop`'s that was real but has ended (a
/// forged link, or one its owner's new secret ended, is not).
pub fn ended(shop: &StoreRecord, token: Option<&str>) -> bool {
    token.is_some_and(|token| {
        preview_link::check(
            token,
            &shop.profile.slug,
            &shop.merchant_token_hash,
            now_ms(),
        ) == Err(preview_link::Refused::Ended)
    })
}

/// Whether a preview link's `token` opens `shop`'s draft now; why not, as the API says it, in `lang`.
pub fn opens(shop: &StoreRecord, token: &str, lang: &Lang) -> Result<(), AppError> {
    preview_link::check(
        token,
        &shop.profile.slug,
        &shop.merchant_token_hash,
        now_ms(),
    )
    .said_in(lang)
}
