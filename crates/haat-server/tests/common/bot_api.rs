//! A fake Telegram Bot API on 127.0.0.1:0, for the notices' tests: it answers the methods the server
//! calls as Telegram documents them (<https://core.telegram.org/bots/api>), `{"ok": true, "result": …}`
//! or `{"ok": false, "error_code", "description"}`, a token it does not know with 401 as Telegram does;
//! records every call; holds `getUpdates` open (a long poll) until the test queues a button press; and
//! fails `sendMessage` with a 500 as often as it is told to.
//!
//! Buttons' data is signed here straight from the scheme domain/notice.rs documents, written apart from
//! the server's code, so a test can make a button the server must accept or refuse.

use std::{
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    routing::post,
};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::sync::Notify;

/// How long a test waits for the server to do what it waits for.
const DEADLINE: Duration = Duration::from_secs(30);
/// The longest a long poll is held, whatever it asks for.
const MAX_HOLD: Duration = Duration::from_secs(30);

/// One call the server made.
#[derive(Clone, Debug)]
pub struct Call {
    pub token: String,
    pub method: String,
    pub body: Value,
    /// How the fake answered it: the status and the body.
    pub status: u16,
    pub answer: Value,
}

#[derive(Default)]
struct Calls {
    calls: Vec<Call>,
    /// Queued updates, by bot token, each with its `update_id`.
    updates: Vec<(String, i64, Value)>,
    next_update_id: i64,
    next_message_id: i64,
    failing_sends: usize,
}

struct Shared {
    tokens: Vec<String>,
    calls: Mutex<Calls>,
    /// Notified on every call and every queued update.
    changed: Notify,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Calls> {
        self.calls.lock().expect("the fake's lock")
    }
}

/// The fake, serving until dropped.
pub struct FakeBotApi {
    /// Its address, for `--telegram-api`.
    pub base: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeBotApi {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeBotApi {
    /// A fake that knows the bots with these tokens.
    pub async fn start(tokens: &[&str]) -> Self {
        let shared = Arc::new(Shared {
            tokens: tokens.iter().map(|token| (*token).to_owned()).collect(),
            calls: Mutex::new(Calls {
                next_update_id: 1,
                next_message_id: 100,
                ..Calls::default()
            }),
            changed: Notify::new(),
        });
        let router = Router::new()
            .route("/{bot}/{method}", post(call))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port for the fake Bot API");
        let base = format!("http://{}", listener.local_addr().expect("its address"));
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .await
                .expect("the fake serves");
        });
        Self { base, shared, task }
    }

    /// The next `times` messages sent fail with a 500.
    pub fn fail_sends(&self, times: usize) {
        self.shared.lock().failing_sends = times;
    }

    pub fn calls(&self) -> Vec<Call> {
        self.shared.lock().calls.clone()
    }

    /// Waits until `found` finds what `what` describes among the calls made so far; panics, listing the
    /// calls, when it has not by the deadline.
    pub async fn wait_for<T>(&self, what: &str, found: impl Fn(&[Call]) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + DEADLINE;
        loop {
            let changed = self.shared.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if let Some(found) = found(&self.shared.lock().calls) {
                return found;
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                panic!("no {what} within {DEADLINE:?}; calls: {:#?}", self.calls());
            }
        }
    }

    /// The messages that reached the chat (`sendMessage` answered 200), in order, each with its
    /// `message_id`.
    pub fn sent(&self) -> Vec<(Value, i64)> {
        successful(&self.calls(), "sendMessage")
    }

    /// Waits for the `n`th message (from 1) that reached the chat with `needle` in its text; answers its
    /// body and its `message_id`.
    pub async fn wait_for_message(&self, needle: &str, n: usize) -> (Value, i64) {
        self.wait_for(&format!("message #{n} with {needle:?}"), |calls| {
            successful(calls, "sendMessage")
                .into_iter()
                .filter(|(body, _)| text(body).contains(needle))
                .nth(n - 1)
        })
        .await
    }

    /// Queues a press, by user 1001, of a button with `data` on message `message_id` in `chat` (a chat as
    /// Telegram describes it); answers the press's id, which `answerCallbackQuery` names.
    pub fn press(&self, token: &str, chat: Value, message_id: i64, data: &str) -> String {
        let mut calls = self.shared.lock();
        let update_id = calls.next_update_id;
        calls.next_update_id += 1;
        let query_id = format!("query-{update_id}");
        let update = json!({
            "update_id": update_id,
            "callback_query": {
                "id": query_id,
                "from": {"id": 1001, "is_bot": false, "first_name": "Ravi"},
                "chat_instance": "-42",
                "message": {"message_id": message_id, "date": 0, "chat": chat, "text": "…"},
                "data": data,
            },
        });
        calls.updates.push((token.to_owned(), update_id, update));
        drop(calls);
        self.shared.changed.notify_waiters();
        query_id
    }

    /// Waits until the press `query_id` is answered; answers the words shown to the presser.
    pub async fn answer_to(&self, query_id: &str) -> String {
        self.wait_for(&format!("answer to {query_id}"), |calls| {
            calls
                .iter()
                .find(|call| {
                    call.method == "answerCallbackQuery"
                        && call.body["callback_query_id"] == query_id
                })
                .map(|call| call.body["text"].as_str().unwrap_or_default().to_owned())
        })
        .await
    }

    /// The edits of message `message_id`, in order.
    pub fn edits_of(&self, message_id: i64) -> Vec<Value> {
        edits(&self.calls(), message_id)
    }

    /// Waits for the first edit of message `message_id`; answers its body.
    pub async fn wait_for_edit(&self, message_id: i64) -> Value {
        self.wait_for(&format!("an edit of message {message_id}"), |calls| {
            edits(calls, message_id).into_iter().next()
        })
        .await
    }
}

fn edits(calls: &[Call], message_id: i64) -> Vec<Value> {
    successful(calls, "editMessageText")
        .into_iter()
        .filter(|(_, id)| *id == message_id)
        .map(|(body, _)| body)
        .collect()
}

/// The calls of `method` that the fake answered 200, in order: each body, and the `message_id` of the
/// message it answered.
fn successful(calls: &[Call], method: &str) -> Vec<(Value, i64)> {
    calls
        .iter()
        .filter(|call| call.method == method && call.status == 200)
        .map(|call| {
            let id = call.answer["result"]["message_id"].as_i64().unwrap_or(-1);
            (call.body.clone(), id)
        })
        .collect()
}

/// A message's text.
pub fn text(body: &Value) -> &str {
    body["text"].as_str().unwrap_or_default()
}

/// A message's buttons, as `(label, data)`.
pub fn buttons(body: &Value) -> Vec<(String, String)> {
    body["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .map(|button| {
            (
                button["text"].as_str().unwrap_or_default().to_owned(),
                button["callback_data"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

/// A button's data as the shop's bot signs it: `{a|r}:{order}:{tag}`, the tag the first 16 bytes (in
/// hex) of `HMAC-SHA256(key, "{shop id}:{a|r}:{order}")`, the key `HMAC-SHA256("HaatNoticeButtons",
/// bot_token)`.
pub fn signed_data(bot_token: &str, store_id: i64, action: &str, order_id: i64) -> String {
    let mut key = Hmac::<Sha256>::new_from_slice(b"HaatNoticeButtons").expect("any key");
    key.update(bot_token.as_bytes());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key.finalize().into_bytes()).expect("any key");
    mac.update(format!("{store_id}:{action}:{order_id}").as_bytes());
    let tag = mac.finalize().into_bytes();
    format!("{action}:{order_id}:{}", hex::encode(&tag[..16]))
}

/// `POST /bot{token}/{method}`.
async fn call(
    State(shared): State<Arc<Shared>>,
    Path((bot, method)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    let token = bot.strip_prefix("bot").unwrap_or_default().to_owned();
    let (status, answer) = if !shared.tokens.contains(&token) {
        refusal(StatusCode::UNAUTHORIZED, "Unauthorized")
    } else if method == "getUpdates" {
        updates(&shared, &token, &body).await
    } else {
        answer(&shared, &method, &body)
    };
    shared.lock().calls.push(Call {
        token,
        method,
        body,
        status: status.as_u16(),
        answer: answer.clone(),
    });
    shared.changed.notify_waiters();
    (status, Json(answer))
}

fn refusal(status: StatusCode, description: &str) -> (StatusCode, Value) {
    (
        status,
        json!({"ok": false, "error_code": status.as_u16(), "description": description}),
    )
}

fn answer(shared: &Shared, method: &str, body: &Value) -> (StatusCode, Value) {
    let mut calls = shared.lock();
    let result = match method {
        "sendMessage" => {
            if calls.failing_sends > 0 {
                calls.failing_sends -= 1;
                return refusal(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
            }
            let message_id = calls.next_message_id;
            calls.next_message_id += 1;
            json!({
                "message_id": message_id,
                "date": 0,
                "chat": {"id": -1_001_234_567_890_i64, "type": "supergroup"},
                "text": body["text"],
            })
        }
        "answerCallbackQuery" => json!(true),
        "editMessageText" => json!({
            "message_id": body["message_id"],
            "date": 0,
            "chat": {"id": body["chat_id"], "type": "supergroup"},
            "text": body["text"],
        }),
        _ => return refusal(StatusCode::NOT_FOUND, "Not Found: method not found"),
    };
    (StatusCode::OK, json!({"ok": true, "result": result}))
}

/// `getUpdates`: the bot's updates from `offset` on (those before it are confirmed and forgotten), held
/// until there is one or `timeout` seconds pass.
async fn updates(shared: &Shared, token: &str, body: &Value) -> (StatusCode, Value) {
    let offset = body["offset"].as_i64().unwrap_or(0);
    let hold = Duration::from_secs(body["timeout"].as_u64().unwrap_or(0)).min(MAX_HOLD);
    let until = tokio::time::Instant::now() + hold;
    loop {
        let changed = shared.changed.notified();
        tokio::pin!(changed);
        changed.as_mut().enable();
        let pending: Vec<Value> = {
            let mut calls = shared.lock();
            calls
                .updates
                .retain(|(bot, id, _)| bot != token || *id >= offset);
            calls
                .updates
                .iter()
                .filter(|(bot, _, _)| bot == token)
                .map(|(_, _, update)| update.clone())
                .collect()
        };
        if !pending.is_empty() || tokio::time::timeout_at(until, changed).await.is_err() {
            return (StatusCode::OK, json!({"ok": true, "result": pending}));
        }
    }
}
