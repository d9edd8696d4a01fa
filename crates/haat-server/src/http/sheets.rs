//! A shop's catalog as a spreadsheet: written out for the merchant to keep or edit, a file read back
//! as a plan of what importing it would do (row by row, with every problem named), changing nothing,
//! and a file imported into the draft once its plan holds no problem. An import works on the draft
//! when there is one, else on the live catalog; it reaches shoppers when the draft is published.

use axum::{
    Json,
    body::Bytes,
    extract::{State, rejection::BytesRejection},
    http::{
        HeaderValue, StatusCode,
        header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE},
    },
    response::{IntoResponse, Response},
};
use haat::lang::Lang;
use haat_api::{CatalogDraft, Draft, ErrorCode, ImportPlan};
use serde::Deserialize;

use super::{
    AppState,
    extract::{ApiQuery, Merchant, Voice},
    now_ms,
};
use crate::{
    domain::{draft, sheet},
    error::{AppError, Refusal, SaidIn},
    store::StoreRecord,
};

/// The largest request body this route reads: a whole file of [`sheet::MAX_BYTES`], and a little.
pub const MAX_FILE_BODY: usize = sheet::MAX_BYTES + 1024;

/// `GET /api/stores/{store}/catalog.csv`: the catalog in Haat's columns, stock included.
pub async fn export(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
) -> Result<Response, AppError> {
    let Working { rows, .. } = working(&app, &shop).await?;
    let text = sheet::write(&rows)
        .map_err(|error| AppError::Internal(format!("the catalog did not write: {error}")))?;
    Ok(csv_file(
        &format!("{}-catalog.csv", shop.profile.slug),
        text,
    ))
}

/// `POST /api/stores/{store}/catalog/plan`: the CSV file as the body; what importing it would do, its
/// problems in the language `Accept-Language` asks for.
pub async fn plan(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    Voice(lang): Voice,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportPlan>, AppError> {
    let file = read_file(body, &shop, &lang)?;
    let Working {
        draft,
        rows: current,
        ..
    } = working(&app, &shop).await?;
    let mut plan: ImportPlan = sheet::plan(&current, file, &lang).into();
    plan.basis = sheet::basis(&draft, &plan);
    Ok(Json(plan))
}

/// `POST /api/stores/{store}/catalog/errors`: the file back, each row's problems in an `errors` column
/// (in the language `Accept-Language` asks for), to fix in the spreadsheet and import again.
pub async fn errors(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    Voice(lang): Voice,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    let bytes = body.map_err(|rejection| body_error(rejection, &lang))?;
    let file = sheet::read(&bytes, &shop.profile.slug, &lang).said_in(&lang)?;
    let Working { rows: current, .. } = working(&app, &shop).await?;
    let plan = sheet::plan(&current, file, &lang);
    let text = sheet::with_errors(&bytes, &plan.problems).said_in(&lang)?;
    Ok(csv_file("catalog-with-errors.csv", text))
}

#[derive(Deserialize)]
pub struct ImportQuery {
    /// The plan's basis: the catalog the merchant saw planned.
    #[serde(default)]
    basis: String,
}

/// `POST /api/stores/{store}/catalog/import?basis=…`: the file planned again and applied to the draft,
/// if the catalog is still the one the plan was made against and no row has a problem.
pub async fn import(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    ApiQuery(query): ApiQuery<ImportQuery>,
    Voice(lang): Voice,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Draft>, AppError> {
    let file = read_file(body, &shop, &lang)?;
    let Working {
        seen,
        mut draft,
        rows: current,
    } = working(&app, &shop).await?;
    let plan = sheet::plan(&current, file, &lang);
    let planned: ImportPlan = plan.clone().into();
    if sheet::basis(&draft, &planned) != query.basis {
        return Err(AppError::client(
            StatusCode::CONFLICT,
            ErrorCode::PlanOutdated,
            lang.t("The catalog changed since this file was planned. Plan it again, check the plan, and import."),
        ));
    }
    if !planned.problems.is_empty() {
        return Err(AppError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ImportHasProblems,
            lang.n(
                "{count} of the file's rows has problems, so nothing was imported. Fix them (the plan names each) and import again.",
                "{count} of the file's rows have problems, so nothing was imported. Fix them (the plan names each) and import again.",
                planned.rows_with_problems() as u64,
            ),
        ));
    }
    sheet::apply(&mut draft, &plan.rows);
    draft::check(&draft, &shop.profile.slug, &lang).said_in(&lang)?;
    // Kept only over the draft it was made from: an edit saved meanwhile is not overwritten unseen.
    if !app
        .store
        .replace_draft(shop.id, seen.as_ref(), &draft, now_ms())
        .await?
    {
        return Err(AppError::draft_changed(&lang));
    }
    tracing::info!(store = %shop.profile.slug, rows = plan.rows.len(), "a file was imported into the draft");
    Ok(Json(Draft {
        catalog: draft,
        unpublished: true,
    }))
}

/// A catalog file of `shop`'s as sent, read and checked; its problems said in `lang`.
fn read_file(
    body: Result<Bytes, BytesRejection>,
    shop: &StoreRecord,
    lang: &Lang,
) -> Result<sheet::Sheet, AppError> {
    let bytes = body.map_err(|rejection| body_error(rejection, lang))?;
    sheet::read(&bytes, &shop.profile.slug, lang).said_in(lang)
}

/// A file that did not arrive as sent, in `lang`.
fn body_error(rejection: BytesRejection, lang: &Lang) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        sheet::Unreadable::TooLarge.refusal(lang)
    } else {
        AppError::client(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidSheet,
            lang.t("The file did not arrive whole. Send it again."),
        )
    }
}

/// A spreadsheet file to keep, never cached.
fn csv_file(name: &str, text: String) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        text,
    )
        .into_response()
}

/// The catalog an import works on, as it is now.
struct Working {
    /// The shop's draft as read, if it has one.
    seen: Option<CatalogDraft>,
    /// The draft, or the live catalog when there is none.
    draft: CatalogDraft,
    /// Its rows, each pack's stock as the draft sets it or as it is live.
    rows: Vec<sheet::Row>,
}

async fn working(app: &AppState, shop: &StoreRecord) -> Result<Working, AppError> {
    let live = app.store.live_catalog(shop, now_ms()).await?;
    let seen = app.store.draft(shop.id).await?;
    let draft = match &seen {
        Some(draft) => draft.clone(),
        None => draft::from_live(live.clone()),
    };
    let rows = sheet::rows_of(&draft, &live);
    Ok(Working { seen, draft, rows })
}
