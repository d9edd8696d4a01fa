//! The Telegram Bot API, as the notices use it: `sendMessage`, `getUpdates` (long polling),
//! `answerCallbackQuery` and `editMessageText`, each a JSON `POST {base}/bot{token}/{method}`
//! (<https://core.telegram.org/bots/api#making-requests>). The base is configurable (`--telegram-api`), so
//! tests talk to a fake and an operator may run Telegram's own Bot API server.
//!
//! The few Telegram types read here are Telegram's contract, not Haat's, so they live here and not in
//! haat-api. The token is part of every request's address: it is never logged, and no error here carries
//! the address.

use std::time::Duration;

use axum::{
    body::Bytes,
    http::{Request, header::CONTENT_TYPE},
};
use haat::lang::Lang;
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::{Value, json};

use crate::{config::BotToken, domain::notice_setup::Chat};

/// How long a call other than a long poll may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest answer read (a batch of updates is a few KiB).
const MAX_ANSWER_BYTES: usize = 1024 * 1024;
/// Most updates one poll takes.
const UPDATES_PER_POLL: u32 = 50;

/// A client of the Bot API at one base address.
pub struct BotApi {
    base: String,
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

/// Why a call to the Bot API failed.
#[derive(Debug, thiserror::Error)]
pub enum BotApiError {
    /// Telegram answered and refused (`"ok": false`).
    #[error("Telegram refused {method}: {description} ({code})")]
    Refused {
        method: &'static str,
        code: i64,
        description: String,
    },
    #[error("could not reach the Telegram Bot API for {method}")]
    Unreachable {
        method: &'static str,
        #[source]
        source: hyper_util::client::legacy::Error,
    },
    #[error("the Telegram Bot API did not answer {method} in time")]
    Timeout { method: &'static str },
    #[error("the Telegram Bot API's answer to {method} is unreadable: {why}")]
    Unreadable { method: &'static str, why: String },
}

impl BotApiError {
    /// What went wrong, as the shop's owner is told in the console.
    pub fn problem(&self) -> NoticeProblem {
        match self {
            Self::Refused {
                code: 401 | 404, ..
            } => NoticeProblem::UnknownToken,
            Self::Refused { description, .. } if description.contains("chat not found") => {
                NoticeProblem::NoChat
            }
            Self::Refused { code: 403, .. } => NoticeProblem::MayNotWrite,
            Self::Refused { description, .. } => NoticeProblem::Refused(description.clone()),
            Self::Unreachable { .. } | Self::Timeout { .. } | Self::Unreadable { .. } => {
                NoticeProblem::Unreachable
            }
        }
    }
}

/// Why the latest notice did not reach the shop's chat, as its owner is told what to fix. Kept with the
/// shop in English ([`NoticeProblem::kept`]) and said in the language of whoever reads it
/// ([`NoticeProblem::said`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeProblem {
    UnknownToken,
    NoChat,
    MayNotWrite,
    /// Telegram refused, in its own words (English).
    Refused(String),
    Unreachable,
}

impl NoticeProblem {
    /// This problem in `lang`.
    pub fn said(&self, lang: &Lang) -> String {
        match self {
            Self::UnknownToken => lang
                .t("Telegram does not know this bot token. Copy it again from @BotFather.")
                .to_owned(),
            Self::NoChat => lang
                .t("Telegram cannot find the chat. Check the chat id, and that the bot was added to the group.")
                .to_owned(),
            Self::MayNotWrite => lang
                .t("The bot may not write to this chat. Add it to the group (a channel's admins), or start a chat with it.")
                .to_owned(),
            Self::Refused(why) => lang.f("Telegram refused the notice: {why}", &[("why", why)]),
            Self::Unreachable => lang
                .t("Telegram could not be reached. Haat keeps trying.")
                .to_owned(),
        }
    }

    /// The problem as it is kept: its English.
    pub fn kept(&self) -> String {
        self.said(&Lang::english())
    }

    /// A problem as it was kept ([`NoticeProblem::kept`]).
    pub fn from_kept(kept: &str) -> Self {
        let english = Lang::english();
        let fixed = [
            Self::UnknownToken,
            Self::NoChat,
            Self::MayNotWrite,
            Self::Unreachable,
        ];
        fixed
            .into_iter()
            .find(|problem| problem.said(&english) == kept)
            .unwrap_or_else(|| {
                let refused = Self::Refused(String::new()).said(&english);
                Self::Refused(
                    kept.strip_prefix(refused.as_str())
                        .unwrap_or(kept)
                        .to_owned(),
                )
            })
    }
}

/// A button under a message: its label and the data its press sends back.
pub struct Button {
    pub label: String,
    pub data: String,
}

/// An update from `getUpdates`; only button presses are asked for.
#[derive(Debug, Deserialize)]
pub struct Update {
    pub update_id: i64,
    #[serde(default)]
    pub callback_query: Option<CallbackQuery>,
}

/// A press of a message's button.
#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    pub id: String,
    /// The message whose button was pressed (absent when it is too old for Telegram to say).
    #[serde(default)]
    pub message: Option<Message>,
    #[serde(default)]
    pub data: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Message {
    pub message_id: i64,
    pub chat: ChatInfo,
}

#[derive(Debug, Deserialize)]
pub struct ChatInfo {
    pub id: i64,
    #[serde(default)]
    pub username: Option<String>,
}

/// Every answer of the Bot API: `{"ok": true, "result": …}` or `{"ok": false, "error_code", "description"}`.
#[derive(Deserialize)]
struct Answer<T> {
    ok: bool,
    result: Option<T>,
    #[serde(default)]
    error_code: Option<i64>,
    #[serde(default)]
    description: Option<String>,
}

impl BotApi {
    /// A client of the Bot API at `base` (`https://api.telegram.org`, or `http://…` for a local one).
    pub fn new(base: &str) -> Result<Self, String> {
        let base = base.trim().trim_end_matches('/');
        let valid = base
            .split_once("://")
            .is_some_and(|(scheme, rest)| matches!(scheme, "http" | "https") && !rest.is_empty())
            && base.parse::<axum::http::Uri>().is_ok();
        if !valid {
            return Err(format!(
                "the Telegram Bot API's address {base:?} is not like https://api.telegram.org"
            ));
        }
        let connector = HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
            .map_err(|error| format!("no TLS for the Telegram Bot API: {error}"))?
            .https_or_http()
            .enable_http1()
            .build();
        Ok(Self {
            base: base.to_owned(),
            client: Client::builder(TokioExecutor::new()).build(connector),
        })
    }

    /// Sends an HTML message with rows of buttons under it; answers the message's id.
    pub async fn send_message(
        &self,
        token: &BotToken,
        chat: &Chat,
        text: &str,
        rows: &[Vec<Button>],
    ) -> Result<i64, BotApiError> {
        let keyboard: Vec<Vec<Value>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|button| json!({"text": button.label, "callback_data": button.data}))
                    .collect()
            })
            .collect();
        let chat_id = match chat {
            Chat::Id(id) => json!(id),
            Chat::Username(_) => json!(chat.to_string()),
        };
        let body = json!({
            "chat_id": chat_id,
            "text": text,
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": true},
            "reply_markup": {"inline_keyboard": keyboard},
        });
        let sent: Message = self.call(token, "sendMessage", &body, CALL_TIMEOUT).await?;
        Ok(sent.message_id)
    }

    /// The bot's button presses after `offset`, waiting up to `wait` for one (a long poll).
    pub async fn get_updates(
        &self,
        token: &BotToken,
        offset: i64,
        wait: Duration,
    ) -> Result<Vec<Update>, BotApiError> {
        let body = json!({
            "offset": offset,
            "timeout": wait.as_secs(),
            "limit": UPDATES_PER_POLL,
            "allowed_updates": ["callback_query"],
        });
        self.call(token, "getUpdates", &body, wait + CALL_TIMEOUT)
            .await
    }

    /// Tells the presser what their press did (shown briefly over the chat).
    pub async fn answer_callback_query(
        &self,
        token: &BotToken,
        query_id: &str,
        text: &str,
    ) -> Result<(), BotApiError> {
        let body = json!({"callback_query_id": query_id, "text": text});
        self.call::<bool>(token, "answerCallbackQuery", &body, CALL_TIMEOUT)
            .await
            .map(drop)
    }

    /// Replaces a message's HTML text, and with it its buttons (it has none afterwards).
    pub async fn edit_message_text(
        &self,
        token: &BotToken,
        chat_id: i64,
        message_id: i64,
        text: &str,
    ) -> Result<(), BotApiError> {
        let body = json!({
            "chat_id": chat_id,
            "message_id": message_id,
            "text": text,
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": true},
        });
        // Telegram answers the edited message (or `true` for an inline message's): either will do.
        self.call::<Value>(token, "editMessageText", &body, CALL_TIMEOUT)
            .await
            .map(drop)
    }

    async fn call<T: DeserializeOwned>(
        &self,
        token: &BotToken,
        method: &'static str,
        body: &Value,
        limit: Duration,
    ) -> Result<T, BotApiError> {
        let unreadable = |why: String| BotApiError::Unreadable { method, why };
        let request = Request::post(format!("{}/bot{}/{method}", self.base, token.expose()))
            .header(CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(body.to_string())))
            // The address holds the token: the error never says it.
            .map_err(|_| unreadable("the request's address is not valid".into()))?;
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|source| BotApiError::Unreachable { method, source })?;
            let status = response.status();
            let bytes = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
                .collect()
                .await
                .map_err(|error| unreadable(error.to_string()))?
                .to_bytes();
            Ok::<_, BotApiError>((status, bytes))
        };
        let (status, bytes) = tokio::time::timeout(limit, exchange)
            .await
            .map_err(|_| BotApiError::Timeout { method })??;
        let answer: Answer<T> = serde_json::from_slice(&bytes)
            .map_err(|error| unreadable(format!("HTTP {status}: {error}")))?;
        match (answer.ok, answer.result) {
            (true, Some(result)) => Ok(result),
            (true, None) => Err(unreadable("no result".into())),
            (false, _) => Err(BotApiError::Refused {
                method,
                code: answer.error_code.unwrap_or(i64::from(status.as_u16())),
                description: answer.description.unwrap_or_else(|| status.to_string()),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_is_checked_and_the_client_made() {
        assert!(BotApi::new("https://api.telegram.org").is_ok());
        assert!(BotApi::new("http://127.0.0.1:8081/").is_ok());
        for bad in ["", "api.telegram.org", "ftp://api.telegram.org", "https://"] {
            assert!(BotApi::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_owner_is_told_what_to_fix() {
        let refused = |code, description: &str| BotApiError::Refused {
            method: "sendMessage",
            code,
            description: description.to_owned(),
        };
        let told = |error: BotApiError| error.problem().said(&Lang::english());
        assert!(told(refused(401, "Unauthorized")).contains("bot token"));
        assert!(told(refused(400, "Bad Request: chat not found")).contains("cannot find the chat"));
        assert!(
            told(refused(
                403,
                "Forbidden: bot is not a member of the group chat"
            ))
            .contains("Add it to the group")
        );
        assert!(
            told(BotApiError::Timeout {
                method: "sendMessage"
            })
            .contains("keeps trying")
        );
    }

    #[test]
    fn a_kept_problem_is_read_back_and_said_in_the_readers_language() {
        let problems = [
            NoticeProblem::UnknownToken,
            NoticeProblem::NoChat,
            NoticeProblem::MayNotWrite,
            NoticeProblem::Refused("Bad Request: message is too long".to_owned()),
            NoticeProblem::Unreachable,
        ];
        for problem in problems {
            assert_eq!(NoticeProblem::from_kept(&problem.kept()), problem);
        }
        let hindi = crate::voices::Voices::load().of(haat_api::Language::Hi);
        let said = NoticeProblem::from_kept(&NoticeProblem::NoChat.kept()).said(&hindi);
        assert!(
            said.chars().any(|c| ('\u{0900}'..='\u{097f}').contains(&c)),
            "{said}"
        );
    }
}
