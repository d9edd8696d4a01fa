//! A shop's public face: its profile and its catalog.

use axum::{
    Json,
    extract::State,
    http::{
        HeaderMap, HeaderValue, StatusCode,
        header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH},
    },
    response::{IntoResponse, Response},
};
use haat_api::{ErrorCode, StoreProfile, Variant, VariantUpdate};
use sha2::{Digest, Sha256};

use super::{
    AppState,
    draft_view::{self, PreviewQuery},
    extract::{ApiJson, ApiPath, ApiQuery, Merchant, Voice},
    language, now_ms,
};
use crate::{
    domain::{catalog, draft},
    error::{AppError, Refusal, SaidIn},
    store::StoreError,
};

pub async fn profile(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    Voice(lang): Voice,
) -> Result<Json<StoreProfile>, AppError> {
    Ok(Json(app.shop(&slug, &lang).await?.profile))
}

/// The catalog with an `ETag`: a shopper reopening the link on a slow network gets a `304` and no body
/// when nothing changed. A preview link that does not open the draft is refused in the page's language.
pub async fn catalog(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<PreviewQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = app.voice(language::asked(&headers));
    let shop = app.shop(&slug, &lang).await?;
    let draft = draft_view::drafted(&app, &shop, query.preview.as_deref(), &lang).await?;
    // A preview's catalog is the owner's draft: never kept by a browser or a proxy.
    let (catalog, cache) = match draft {
        Some(draft) => (draft, "private, no-store"),
        None => (app.store.catalog(&shop, now_ms()).await?, "no-cache"),
    };
    let body = serde_json::to_vec(&catalog)
        .map_err(|error| AppError::Internal(format!("catalog did not serialise: {error}")))?;
    let tag = format!("\"{}\"", hex::encode(&Sha256::digest(&body)[..16]));
    let etag =
        HeaderValue::from_str(&tag).map_err(|error| AppError::Internal(error.to_string()))?;
    let caching = HeaderValue::from_static(cache);
    // Weak comparison (RFC 9110 §13.1.2): `W/"x"` matches `"x"`, and `*` matches any current catalog.
    let unchanged = headers
        .get(IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',').map(str::trim).any(|candidate| {
                candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate) == tag
            })
        });
    if unchanged {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [(ETAG, etag), (CACHE_CONTROL, caching)],
        )
            .into_response());
    }
    Ok((
        [
            (ETAG, etag),
            (CACHE_CONTROL, caching),
            (CONTENT_TYPE, HeaderValue::from_static("application/json")),
        ],
        body,
    )
        .into_response())
}

/// The merchant changes a variant's price, MRP or stock; the catalog (and its ETag) change at once.
pub async fn update_variant(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    ApiPath((_, product, variant)): ApiPath<(String, String, String)>,
    Voice(lang): Voice,
    body: ApiJson<VariantUpdate>,
) -> Result<Json<Variant>, AppError> {
    catalog::check(&body.value).said_in(&lang)?;
    let updated = match app
        .store
        .update_variant(shop.id, &product, &variant, body.value, now_ms())
        .await
    {
        Err(StoreError::MrpBelowPrice) => {
            return Err(catalog::InvalidChange::MrpBelowPrice.refusal(&lang));
        }
        updated => updated?,
    }
    .ok_or_else(|| {
        AppError::client(
            StatusCode::NOT_FOUND,
            ErrorCode::UnknownProduct,
            lang.f(
                "This shop has no product \"{product}\" with variant \"{variant}\".",
                &[("product", &product), ("variant", &variant)],
            ),
        )
    })?;
    follow_in_draft(&app, shop.id, &product, &variant, &body.value).await?;
    Ok(Json(updated))
}

/// The live change made in the shop's draft too, if it has one with that pack ([`draft::follow`]).
async fn follow_in_draft(
    app: &AppState,
    store_id: i64,
    product: &str,
    variant: &str,
    update: &VariantUpdate,
) -> Result<(), AppError> {
    for _ in 0..super::drafts::DRAFT_TRIES {
        let Some(seen) = app.store.draft(store_id).await? else {
            return Ok(());
        };
        let mut followed = seen.clone();
        if !draft::follow(&mut followed, product, variant, update) {
            return Ok(());
        }
        if app
            .store
            .replace_draft(store_id, Some(&seen), &followed, now_ms())
            .await?
        {
            return Ok(());
        }
    }
    // The live change stands; only the draft could not take it.
    tracing::warn!(
        store_id,
        product,
        variant,
        "a live change could not be made in the busy draft"
    );
    Ok(())
}
