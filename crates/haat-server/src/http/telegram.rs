//! Telegram identity: Mini App init data exchanged for a short-lived session, and the session read back.

use axum::{Json, extract::State, http::HeaderMap};
use haat_api::{TelegramSession, TelegramSessionRequest};

use super::{
    AppState,
    extract::{ApiJson, ApiPath, Bearer},
    language, now_ms,
};
use crate::{
    config::BotToken,
    domain::telegram::{self, Session, SessionKey, Verifier},
    error::AppError,
};

/// Telegram identity for one bot: the init-data verifier and the session key, both derived from the bot
/// token (which is not kept).
pub struct Telegram {
    verifier: Verifier,
    sessions: SessionKey,
}

impl Telegram {
    pub fn new(bot_token: &BotToken, max_age_secs: u64) -> Self {
        Self {
            verifier: Verifier::new(bot_token.expose(), max_age_secs),
            sessions: SessionKey::derive(bot_token.expose()),
        }
    }
}

/// `POST /api/stores/{store}/telegram/session`: checks the init data and answers with a session.
pub async fn start_session(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    headers: HeaderMap,
    body: ApiJson<TelegramSessionRequest>,
) -> Result<Json<TelegramSession>, AppError> {
    let shop = app
        .shop(&slug, &app.voice(language::asked(&headers)))
        .await?;
    let telegram = app
        .telegram
        .as_ref()
        .ok_or_else(AppError::telegram_disabled)?;
    let now = now_ms();
    let user = telegram
        .verifier
        .verify(&body.value.init_data, now.div_euclid(1000))?
        .into_user()?;
    tracing::debug!(store = %shop.profile.slug, "Telegram session started");
    let (session, token) = telegram.sessions.issue(&shop.profile.slug, user, now);
    Ok(Json(wire(session, token)))
}

/// `GET /api/stores/{store}/telegram/session` with the session token: the session, if it still holds.
pub async fn show_session(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    Bearer(token): Bearer,
    headers: HeaderMap,
) -> Result<Json<TelegramSession>, AppError> {
    let shop = app
        .shop(&slug, &app.voice(language::asked(&headers)))
        .await?;
    let telegram = app
        .telegram
        .as_ref()
        .ok_or_else(AppError::telegram_disabled)?;
    let token = token.ok_or(telegram::SessionError::Missing)?;
    let session = telegram
        .sessions
        .verify(&token, &shop.profile.slug, now_ms())?;
    Ok(Json(wire(session, token)))
}

fn wire(session: Session, token: String) -> TelegramSession {
    TelegramSession {
        token,
        user: session.user,
        expires_at_ms: session.expires_at_ms,
    }
}
