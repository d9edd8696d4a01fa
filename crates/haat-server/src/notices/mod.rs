//! Telegram notices of new orders, through each shop's own bot: the message and its signed buttons are
//! `domain::notice`'s; this is what sends them and what hears the buttons.
//!
//! One background task per server process ([`Notifier::run`]) does both, so placing an order never waits
//! for Telegram, nor fails because of it. On each pass (woken when this process places or moves an order,
//! and every few seconds for orders other processes placed) it:
//!
//! - sends every notice that is due ([`send`]): the store says which new orders of shops with notices set
//!   up are still placed, and `notice::due` which of those are due now (never sent, repeated after the
//!   shop's minutes, or tried again after a failure). Each send is claimed in the store first, so one
//!   process sends it; its outcome is recorded there, a failure with the shop's `problem`. A failed or
//!   interrupted send is simply due again later, after a restart too.
//! - keeps one long poll of `getUpdates` running for each shop's bot ([`buttons`]), which hears the
//!   presses of Accept and Reject. Long polling needs no public HTTPS address (a shop's server may sit
//!   behind NAT), and an update fetched with the shop's token can only be that bot's, which a webhook
//!   would have to prove with a secret header. A press moves the order through the console's own
//!   `change_status`, once its button's signature, its chat and its order are checked.
//!
//! Both speak the shop's language ([`shop_voice`]): the chat is the shop's own.

mod bot_api;
mod buttons;
mod send;

use std::{collections::HashMap, sync::Arc, time::Duration};

pub use bot_api::{BotApi, NoticeProblem};
use haat::lang::Lang;
use haat_api::Language;
use tokio::task::JoinHandle;

use crate::{config::BotToken, domain::notice::Pace, http::AppState};

/// The notices' background work for one server process.
pub struct Notifier {
    app: AppState,
    api: BotApi,
    pace: Pace,
}

impl Notifier {
    pub fn new(app: AppState, api: BotApi, pace: Pace) -> Self {
        Self { app, api, pace }
    }

    /// Sends due notices and hears the buttons until the task is dropped.
    pub async fn run(self) {
        let notifier = Arc::new(self);
        let mut polls = Polls::default();
        let tick = Duration::from_millis(u64::try_from(notifier.pace.tick_ms()).unwrap_or(1));
        let changes = notifier.app.changes().clone();
        loop {
            // Listening before the pass: an order placed during it wakes the next one.
            let changed = changes.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            send::send_due(&notifier).await;
            polls.follow(&notifier).await;
            tokio::select! {
                () = &mut changed => {}
                () = tokio::time::sleep(tick) => {}
            }
        }
    }
}

/// The server speaking the language of the shop `slug` (its locale, `hi-IN`): what its bot says to its
/// chat. English when Haat does not speak the shop's language, or the shop cannot be read just now.
async fn shop_voice(app: &AppState, slug: &str) -> Lang {
    let language = match app.store().store_by_slug(slug).await {
        Ok(shop) => shop.and_then(|shop| Language::of_tag(&shop.profile.locale)),
        Err(error) => {
            tracing::warn!(store = slug, %error, "could not read a shop's language; saying it in English");
            None
        }
    };
    app.voice(language.unwrap_or(Language::En))
}

/// The running long polls, one per shop's bot, by shop. Dropped (when the server stops), they stop.
#[derive(Default)]
struct Polls {
    running: HashMap<i64, (BotToken, JoinHandle<()>)>,
}

impl Polls {
    /// Polls the bots the shops have now: a new bot's poll starts, a removed or replaced one's stops.
    async fn follow(&mut self, notifier: &Arc<Notifier>) {
        let bots = match notifier.app.store().telegram_bots().await {
            Ok(bots) => bots,
            Err(error) => {
                tracing::warn!(%error, "could not read the shops' Telegram bots");
                return;
            }
        };
        let wanted: HashMap<i64, BotToken> = bots
            .into_iter()
            .map(|bot| (bot.store_id, bot.setup.bot_token))
            .collect();
        self.running.retain(|store_id, (token, poll)| {
            let keep = wanted.get(store_id) == Some(token);
            if !keep {
                poll.abort();
            }
            keep
        });
        for (store_id, token) in wanted {
            self.running.entry(store_id).or_insert_with(|| {
                let poll = tokio::spawn(buttons::poll(notifier.clone(), store_id, token.clone()));
                (token, poll)
            });
        }
    }
}

impl Drop for Polls {
    fn drop(&mut self) {
        for (_, poll) in self.running.values() {
            poll.abort();
        }
    }
}
