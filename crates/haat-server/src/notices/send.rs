//! Sending the notices that are due, one at a time, oldest order first.

use haat_api::OrderStatus;

use super::{Notifier, bot_api::Button, shop_voice};
use crate::{
    domain::notice::{self, Action, Buttons, Due, Heading, MAX_REMINDERS},
    http::now_ms,
    store::{NoticeCandidate, StoreError},
};

/// Most notices one pass looks at; the rest wait for the next pass.
const PASS_LIMIT: i64 = 100;
/// How long after it was placed an order is still told of: a day. An order left new for longer is no
/// news to the shop.
const NOTICE_WINDOW_MS: i64 = 24 * 60 * 60 * 1000;

/// Sends every notice that is due now.
pub(super) async fn send_due(notifier: &Notifier) {
    let now = now_ms();
    let candidates = notifier
        .app
        .store()
        .notice_candidates(now - NOTICE_WINDOW_MS, MAX_REMINDERS, PASS_LIMIT)
        .await;
    let candidates = match candidates {
        Ok(candidates) => candidates,
        Err(error) => {
            tracing::warn!(%error, "could not read which Telegram notices are due");
            return;
        }
    };
    for candidate in candidates {
        let repeat = candidate.setup.repeat_minutes;
        if let Due::Now(heading) = notice::due(&candidate.record, repeat, now, notifier.pace)
            && let Err(error) = send(notifier, &candidate, heading).await
        {
            tracing::warn!(order = candidate.order_id, %error, "could not keep a Telegram notice's record");
        }
    }
}

/// Sends one notice, if no other process started sending it meanwhile, and records how it went.
async fn send(
    notifier: &Notifier,
    candidate: &NoticeCandidate,
    heading: Heading,
) -> Result<(), StoreError> {
    let store = notifier.app.store();
    let (order_id, store_id) = (candidate.order_id, candidate.store_id);
    if !store
        .claim_notice(order_id, candidate.record.attempts, now_ms())
        .await?
    {
        return Ok(());
    }
    // Moved on since the candidates were read (in the console, say): no news any more.
    let Some(stored) = store
        .order(order_id)
        .await?
        .filter(|stored| stored.order.status == OrderStatus::Placed)
    else {
        return Ok(());
    };
    let lang = shop_voice(&notifier.app, &stored.order.store).await;
    let buttons = Buttons::new(candidate.setup.bot_token.expose(), store_id);
    let rows = Action::ROWS.map(|row| {
        row.iter()
            .map(|action| Button {
                label: action.label(&lang),
                data: buttons.data(*action, order_id),
            })
            .collect::<Vec<_>>()
    });
    let text = notice::text(&stored.order, heading, &lang);
    let setup = &candidate.setup;
    let reminder = heading == Heading::Reminder;
    match notifier
        .api
        .send_message(&setup.bot_token, &setup.chat, &text, &rows)
        .await
    {
        Ok(message_id) => {
            tracing::info!(
                order = order_id,
                store = store_id,
                reminder,
                "the order was told to the shop's Telegram chat"
            );
            store
                .notice_sent(order_id, store_id, message_id, now_ms())
                .await
        }
        Err(error) => {
            tracing::warn!(
                order = order_id,
                store = store_id,
                reminder,
                error = %crate::error::error_chain(&error),
                "a Telegram notice failed; it is tried again later"
            );
            store
                .notice_failed(order_id, store_id, &error.problem().kept(), now_ms())
                .await
        }
    }
}
