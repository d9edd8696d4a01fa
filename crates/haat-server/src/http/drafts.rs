//! The merchant's draft catalog and its published versions. Every edit goes to the draft; publishing
//! makes all of it live in one transaction (shoppers never see half a change) and keeps it as a
//! version; any version can be made live again in one step.

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode},
};
use haat::lang::Lang;
use haat_api::{
    CatalogChanges, CatalogDraft, CatalogVersion, CategoryPlan, Draft, DraftProduct, ErrorCode,
    PreviewLink, VersionList,
};

use super::{
    AppState,
    extract::{ApiJson, ApiPath, Merchant, Voice},
    language, now_ms,
};
use crate::{
    domain::{draft, preview_link, sheet},
    error::{AppError, SaidIn},
    store::{Publication, StoreError, StoreRecord},
};

/// The largest draft a request may carry: a catalog of 20,000 products.
pub const MAX_DRAFT_BODY: usize = 16 * 1024 * 1024;

/// `GET /api/stores/{store}/draft`: the draft, or the live catalog to start one from.
pub async fn show(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
) -> Result<Json<Draft>, AppError> {
    Ok(Json(match app.store.draft(shop.id).await? {
        Some(catalog) => Draft {
            catalog,
            unpublished: true,
        },
        None => Draft {
            catalog: live(&app, &shop).await?,
            unpublished: false,
        },
    }))
}

/// `PUT /api/stores/{store}/draft`: the whole draft, checked, in place of the one kept.
pub async fn save(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    Voice(lang): Voice,
    body: ApiJson<CatalogDraft>,
) -> Result<Json<Draft>, AppError> {
    let mut catalog = body.value;
    draft::tidy(&mut catalog);
    draft::check(&catalog, &shop.profile.slug, &lang).said_in(&lang)?;
    app.store.save_draft(shop.id, &catalog, now_ms()).await?;
    Ok(Json(Draft {
        catalog,
        unpublished: true,
    }))
}

/// `POST /api/stores/{store}/preview`: a link to the draft as shoppers will see it, for a week.
pub async fn preview_link(Merchant(shop): Merchant) -> Result<Json<PreviewLink>, AppError> {
    let expires_at_ms = now_ms() + preview_link::LIFETIME_MS;
    let token = preview_link::token(&shop.profile.slug, &shop.merchant_token_hash, expires_at_ms);
    Ok(Json(PreviewLink {
        url: format!("/s/{}?preview={token}", shop.profile.slug),
        expires_at_ms,
    }))
}

/// `GET /api/stores/{store}/draft/changes`: what publishing the draft would change (nothing when there
/// is no draft).
pub async fn draft_changes(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
) -> Result<Json<CatalogChanges>, AppError> {
    let Some(draft) = app.store.draft(shop.id).await? else {
        return Ok(Json(CatalogChanges::default()));
    };
    let live = live(&app, &shop).await?;
    Ok(Json(changes_between(&live, &draft)))
}

/// `GET /api/stores/{store}/versions/{version}/changes`: what publishing that version changed from the
/// one before it (version 1, the catalog before the first publish, changed nothing).
pub async fn version_changes(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    ApiPath((_, number)): ApiPath<(String, u32)>,
    headers: HeaderMap,
) -> Result<Json<CatalogChanges>, AppError> {
    let Some(version) = app.store.version(shop.id, number).await? else {
        return Err(no_version(number, &app.voice(language::asked(&headers))));
    };
    let before = match number.checked_sub(1).filter(|before| *before > 0) {
        Some(before) => app.store.version(shop.id, before).await?,
        None => None,
    };
    Ok(Json(
        before.map_or_else(CatalogChanges::default, |before| {
            changes_between(&before, &version)
        }),
    ))
}

fn changes_between(before: &CatalogDraft, after: &CatalogDraft) -> CatalogChanges {
    let no_stock = CatalogDraft::default();
    CatalogChanges {
        packs: sheet::differences(
            &sheet::rows_of(before, &no_stock),
            &sheet::rows_of(after, &no_stock),
        ),
    }
}

fn no_version(number: u32, lang: &Lang) -> AppError {
    AppError::client(
        StatusCode::NOT_FOUND,
        ErrorCode::VersionNotFound,
        lang.f(
            "This shop has no version {number}.",
            &[("number", &number.to_string())],
        ),
    )
}

/// `POST /api/stores/{store}/draft/products`: a new product in the draft, its id made from its name.
pub async fn add_product(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    Voice(lang): Voice,
    body: ApiJson<DraftProduct>,
) -> Result<(StatusCode, Json<DraftProduct>), AppError> {
    let product = edit(&app, &shop, &lang, |draft| {
        draft::add_product(draft, body.value.clone(), &shop.profile.slug, &lang).said_in(&lang)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(product)))
}

/// `PUT /api/stores/{store}/draft/products/{product}`: the product, whole, in the draft.
pub async fn save_product(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    ApiPath((_, id)): ApiPath<(String, String)>,
    Voice(lang): Voice,
    body: ApiJson<DraftProduct>,
) -> Result<Json<DraftProduct>, AppError> {
    let product = body.value;
    if product.id != id {
        let why = lang.t("The product's id is the one in its address.");
        return Err(draft::InvalidDraft::at("id", why)).said_in(&lang);
    }
    let product = edit(&app, &shop, &lang, |draft| {
        draft::put_product(draft, product.clone(), &shop.profile.slug, &lang).said_in(&lang)
    })
    .await?;
    Ok(Json(product))
}

/// `DELETE /api/stores/{store}/draft/products/{product}`: the product out of the draft.
pub async fn remove_product(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    ApiPath((_, id)): ApiPath<(String, String)>,
    Voice(lang): Voice,
) -> Result<StatusCode, AppError> {
    edit(&app, &shop, &lang, |draft| {
        if draft::remove_product(draft, &id) {
            Ok(())
        } else {
            Err(AppError::client(
                StatusCode::NOT_FOUND,
                ErrorCode::UnknownProduct,
                lang.t("The draft has no product with this id."),
            ))
        }
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/stores/{store}/draft/categories`: the shop's categories renamed, reordered, added and
/// removed, in the draft; answers the whole draft, since products may have moved.
pub async fn arrange_categories(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    Voice(lang): Voice,
    body: ApiJson<CategoryPlan>,
) -> Result<Json<Draft>, AppError> {
    let catalog = edit(&app, &shop, &lang, |draft| {
        draft::arrange_categories(draft, body.value.clone(), &lang).said_in(&lang)?;
        Ok(draft.clone())
    })
    .await?;
    Ok(Json(Draft {
        catalog,
        unpublished: true,
    }))
}

/// Makes `change` to the shop's draft (the live catalog, when it has none) and keeps it, only over the
/// draft it was made to: when another save lands meanwhile, the change is made again to that one. What
/// refuses it is said in `lang`.
async fn edit<T>(
    app: &AppState,
    shop: &StoreRecord,
    lang: &Lang,
    mut change: impl FnMut(&mut CatalogDraft) -> Result<T, AppError>,
) -> Result<T, AppError> {
    for _ in 0..DRAFT_TRIES {
        let seen = app.store.draft(shop.id).await?;
        let mut draft = match &seen {
            Some(draft) => draft.clone(),
            None => live(app, shop).await?,
        };
        let made = change(&mut draft)?;
        draft::check(&draft, &shop.profile.slug, lang).said_in(lang)?;
        if app
            .store
            .replace_draft(shop.id, seen.as_ref(), &draft, now_ms())
            .await?
        {
            return Ok(made);
        }
    }
    Err(AppError::draft_changed(lang))
}

/// How many times an edit is made again over a draft that keeps changing under it.
pub(super) const DRAFT_TRIES: usize = 3;

/// `DELETE /api/stores/{store}/draft`: drops the draft; the live catalog stays as it is.
pub async fn discard(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
) -> Result<StatusCode, AppError> {
    app.store.discard_draft(shop.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/stores/{store}/draft/publish`: the draft goes live, whole, as the next version.
pub async fn publish(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    Voice(lang): Voice,
) -> Result<Json<CatalogVersion>, AppError> {
    let catalog = app.store.draft(shop.id).await?.ok_or_else(|| {
        AppError::client(
            StatusCode::CONFLICT,
            ErrorCode::NoDraft,
            lang.t("There is nothing to publish: every change is live already."),
        )
    })?;
    let version = make_live(&app, &shop, catalog, true, &lang).await?;
    tracing::info!(store = %shop.profile.slug, version = version.version, "a catalog was published");
    Ok(Json(version))
}

/// `GET /api/stores/{store}/versions`: the published versions, newest first.
pub async fn versions(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
) -> Result<Json<VersionList>, AppError> {
    Ok(Json(VersionList {
        versions: app.store.versions(shop.id).await?,
    }))
}

/// `POST /api/stores/{store}/versions/{version}/restore`: that version goes live again, as the next
/// version. Stock stays as it is; a draft in progress stays too.
pub async fn restore(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    ApiPath((_, number)): ApiPath<(String, u32)>,
    Voice(lang): Voice,
) -> Result<Json<CatalogVersion>, AppError> {
    let catalog = app
        .store
        .version(shop.id, number)
        .await?
        .ok_or_else(|| no_version(number, &lang))?;
    let version = make_live(&app, &shop, catalog, false, &lang).await?;
    tracing::info!(store = %shop.profile.slug, restored = number, "a catalog version was restored");
    Ok(Json(version))
}

/// Makes `catalog` live as the next version; refused in `lang`.
async fn make_live(
    app: &AppState,
    shop: &StoreRecord,
    catalog: CatalogDraft,
    from_draft: bool,
    lang: &Lang,
) -> Result<CatalogVersion, AppError> {
    // Checked again: the rules may have grown since it was kept.
    draft::check(&catalog, &shop.profile.slug, lang).said_in(lang)?;
    let products = u32::try_from(catalog.products.len()).unwrap_or(u32::MAX);
    let publication = Publication {
        before: live(app, shop).await?,
        catalog,
        from_draft,
        at_ms: now_ms(),
    };
    let version = app
        .store
        .publish(shop.id, &publication)
        .await
        .map_err(|error| match error {
            StoreError::DraftChanged => AppError::draft_changed(lang),
            error => error.into(),
        })?;
    Ok(CatalogVersion {
        version,
        published_at_ms: publication.at_ms,
        products,
    })
}

/// The live catalog as a draft to start from ([`draft::from_live`]).
async fn live(app: &AppState, shop: &StoreRecord) -> Result<CatalogDraft, AppError> {
    Ok(draft::from_live(
        app.store.live_catalog(shop, now_ms()).await?,
    ))
}
