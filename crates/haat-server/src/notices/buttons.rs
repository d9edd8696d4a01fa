//! The presses of a notice's buttons, heard by long polling the shop's bot, and acted on once verified:
//! the button is one this shop's bot made for that order and action (its signed data), it was pressed in
//! the shop's chat, and the order is the shop's. The order then moves through the console's own
//! `change_status`; the presser is answered, and the message shows what happened, without buttons.

use std::{sync::Arc, time::Duration};

use haat::lang::Lang;
use haat_api::{ErrorCode, Order, OrderStatus};

use super::{Notifier, bot_api::CallbackQuery, shop_voice};
use crate::{
    config::BotToken,
    domain::{
        lifecycle::{Actor, Move},
        notice::{self, Buttons, Heading, Outcome, Press},
    },
    error::AppError,
    http::change_status,
    store::TelegramBot,
};

/// How long one long poll waits for a press.
const POLL_WAIT: Duration = Duration::from_secs(25);

/// Hears one shop's bot's button presses, until the task is stopped.
pub(super) async fn poll(notifier: Arc<Notifier>, store_id: i64, token: BotToken) {
    let mut offset = 0;
    let mut failures = 0_u32;
    loop {
        match notifier.api.get_updates(&token, offset, POLL_WAIT).await {
            Ok(updates) => {
                failures = 0;
                for update in updates {
                    // Asking from past it confirms it: Telegram sends it no more.
                    offset = offset.max(update.update_id + 1);
                    if let Some(query) = update.callback_query {
                        press(&notifier, store_id, &token, query).await;
                    }
                }
            }
            Err(error) => {
                failures += 1;
                // Said once per run of failures: a bot with a bad token fails for as long as it is set.
                let error = crate::error::error_chain(&error);
                if failures == 1 {
                    tracing::warn!(store = store_id, %error, "could not hear a Telegram bot's buttons; trying again");
                } else {
                    tracing::debug!(store = store_id, %error, failures, "still cannot hear a Telegram bot's buttons");
                }
                let wait = notifier.pace.retry_after_ms(failures);
                tokio::time::sleep(Duration::from_millis(u64::try_from(wait).unwrap_or(0))).await;
            }
        }
    }
}

/// What a press comes to: the words shown to the presser, and the message's new text, if it changes;
/// in the shop's language.
struct Reply {
    words: String,
    text: Option<String>,
}

impl Reply {
    /// A press that cannot act: a button made up, from another chat, or for an order that is not the
    /// shop's (which it must not tell apart, nor say anything of).
    fn refused(lang: &Lang) -> Self {
        Self {
            words: lang.t("This button does not work here.").to_owned(),
            text: None,
        }
    }

    fn failed(lang: &Lang) -> Self {
        Self {
            words: lang
                .t("Haat could not do this just now. Press again in a moment.")
                .to_owned(),
            text: None,
        }
    }

    fn settled(order: &Order, outcome: Outcome, lang: &Lang) -> Self {
        Self {
            words: outcome.words(lang),
            text: Some(notice::text(order, Heading::Settled(outcome), lang)),
        }
    }
}

/// Acts on one press, answers it, and shows in the message what it did.
async fn press(notifier: &Notifier, store_id: i64, token: &BotToken, query: CallbackQuery) {
    let bot = match notifier.app.store().telegram_bot(store_id).await {
        // Set up anew with another bot meanwhile: this poll is about to stop.
        Ok(Some(bot)) if &bot.setup.bot_token == token => bot,
        Ok(_) => return,
        Err(error) => {
            tracing::warn!(store = store_id, %error, "could not read a shop's Telegram bot");
            return;
        }
    };
    let lang = shop_voice(&notifier.app, &bot.store_slug).await;
    let reply = match verified(&bot, &query) {
        Some(press) => act(notifier, &bot, press, &lang).await,
        None => {
            tracing::warn!(
                store = store_id,
                "a button press that this shop's bot did not make, or from another chat, was refused"
            );
            Reply::refused(&lang)
        }
    };
    let api = &notifier.api;
    if let Err(error) = api
        .answer_callback_query(token, &query.id, &reply.words)
        .await
    {
        tracing::debug!(store = store_id, error = %crate::error::error_chain(&error), "could not answer a button press");
    }
    if let (Some(text), Some(message)) = (&reply.text, &query.message)
        && let Err(error) = api
            .edit_message_text(token, message.chat.id, message.message_id, text)
            .await
    {
        tracing::debug!(store = store_id, error = %crate::error::error_chain(&error), "could not edit a notice");
    }
}

/// The press, if its button is one this shop's bot made and it was pressed in the shop's chat.
fn verified(bot: &TelegramBot, query: &CallbackQuery) -> Option<Press> {
    let buttons = Buttons::new(bot.setup.bot_token.expose(), bot.store_id);
    let press = buttons.press(query.data.as_deref()?)?;
    let chat = &query.message.as_ref()?.chat;
    bot.setup
        .chat
        .is(chat.id, chat.username.as_deref())
        .then_some(press)
}

/// Moves the shop's order as the press asks, unless it moved on already; says so in `lang`.
async fn act(notifier: &Notifier, bot: &TelegramBot, press: Press, lang: &Lang) -> Reply {
    let store = notifier.app.store();
    let order = match store.order(press.order_id).await {
        Ok(Some(stored)) if stored.order.store == bot.store_slug && !stored.order.test => {
            stored.order
        }
        Ok(_) => return Reply::refused(lang),
        Err(error) => {
            tracing::error!(order = press.order_id, %error, "could not read an order for a button press");
            return Reply::failed(lang);
        }
    };
    if let Some(outcome) = notice::settled_before(press, order.status) {
        return Reply::settled(&order, outcome, lang);
    }
    match move_order(notifier, bot, press, lang).await {
        Ok(moved) => {
            tracing::info!(
                order = moved.id,
                status = moved.status.as_str(),
                "an order was moved from Telegram"
            );
            Reply::settled(&moved, Outcome::Moved(moved.status), lang)
        }
        // Moved on elsewhere between the read and the move.
        Err(AppError::Client { body, .. })
            if body.known_code() == Some(ErrorCode::InvalidTransition) =>
        {
            match store.order(press.order_id).await {
                Ok(Some(now)) => {
                    let outcome = notice::settled_before(press, now.order.status)
                        .unwrap_or(Outcome::Already(now.order.status));
                    Reply::settled(&now.order, outcome, lang)
                }
                _ => Reply::failed(lang),
            }
        }
        Err(AppError::Client { .. }) => Reply::refused(lang),
        Err(error) => {
            tracing::error!(order = press.order_id, error = %crate::error::error_chain(&error), "a button press failed");
            Reply::failed(lang)
        }
    }
}

/// The one place a press moves an order: the console's own status change, as the shop.
async fn move_order(
    notifier: &Notifier,
    bot: &TelegramBot,
    press: Press,
    lang: &Lang,
) -> Result<Order, AppError> {
    // A button under a new order's message acts on the order only while it is new: a press racing an
    // accept in the console never refuses the order the console took on.
    let step = Move {
        to: press.action.status(),
        reason: press.action.reason(),
        note: None,
        from: Some(OrderStatus::Placed),
    };
    change_status(
        &notifier.app,
        press.order_id,
        Some(bot.store_id),
        step,
        Actor::Merchant,
        lang,
    )
    .await
    .map(|axum::Json(order)| order)
}
