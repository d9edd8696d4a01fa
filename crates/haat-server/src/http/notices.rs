//! A shop's Telegram notices of new orders, as its owner sets them up: the shop's own bot (whose token is
//! never sent back), the chat the notices go to, and how often one is repeated. Sending them and hearing
//! their buttons is `crate::notices`'.

use axum::{Json, extract::State, http::StatusCode};
use haat_api::{TelegramNotices, TelegramNoticesUpdate};

use super::{
    AppState,
    extract::{ApiJson, Merchant, Voice},
    now_ms,
};
use crate::{
    domain::notice_setup::{self, NoticeSetup},
    error::{AppError, SaidIn},
    notices::NoticeProblem,
};

/// `GET /api/stores/{store}/telegram-notices`: the notices as set up, and what went wrong with the latest,
/// in the language the console asks for.
pub async fn show(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    Voice(lang): Voice,
) -> Result<Json<TelegramNotices>, AppError> {
    let bot = app
        .store
        .telegram_bot(shop.id)
        .await?
        .ok_or_else(|| AppError::no_telegram_notices(&lang))?;
    let problem = bot
        .problem
        .map(|kept| NoticeProblem::from_kept(&kept).said(&lang));
    Ok(Json(as_wire(&bot.setup, problem)))
}

/// `PUT /api/stores/{store}/telegram-notices`: sets the notices up, or changes them (without a token, the
/// bot stays the one set). Orders placed from the first setup on are told.
pub async fn save(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    Voice(lang): Voice,
    body: ApiJson<TelegramNoticesUpdate>,
) -> Result<Json<TelegramNotices>, AppError> {
    let kept = app.store.telegram_bot(shop.id).await?;
    let kept = kept.as_ref().map(|bot| &bot.setup.bot_token);
    let setup = notice_setup::check(body.value, kept, &lang).said_in(&lang)?;
    app.store
        .set_telegram_bot(shop.id, &setup, now_ms())
        .await?;
    tracing::info!(store = %shop.profile.slug, "a shop's Telegram notices were set up");
    Ok(Json(as_wire(&setup, None)))
}

/// `DELETE /api/stores/{store}/telegram-notices`: no more notices (204, also when there were none).
pub async fn remove(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
) -> Result<StatusCode, AppError> {
    if app.store.remove_telegram_bot(shop.id).await? {
        tracing::info!(store = %shop.profile.slug, "a shop's Telegram notices were ended");
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The notices as the owner sees them: the bot by its id, never its token.
fn as_wire(setup: &NoticeSetup, problem: Option<String>) -> TelegramNotices {
    TelegramNotices {
        bot_id: setup.bot_id(),
        chat_id: setup.chat.to_string(),
        repeat_minutes: setup.repeat_minutes,
        problem,
    }
}
