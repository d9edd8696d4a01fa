//! The order on its way to the shop. Checkout keeps each attempt on the phone (`storage`) before sending
//! it, and from then until the shop answers, that attempt is the order: it is sent by whichever page is
//! open (also after a reload, in another tab, or when the link is opened again), sent again until the shop
//! can be reached, and changed only once it is settled: placed, refused, or withdrawn from the shop. What
//! the shopper asked for (send it, or withdraw it to change it) is kept with the attempt, so every page
//! that picks it up does the same. Every page hears how it went through [`Outbox`], which the shop
//! provides.

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use haat_api::{ApiError, ErrorCode, PlacedOrder};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::{
    api, host,
    storage::{self, Attempt, RecentOrder},
};

/// Where the kept order stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Sending {
    /// No order is waiting.
    Idle,
    /// On its way to the shop.
    Sending,
    /// The shop is being asked to drop it, so the shopper can change it.
    Withdrawing,
    /// Not placed yet: the shop could not be reached, or was still busy with it. Kept on the phone and
    /// tried again by itself.
    Waiting(ApiError),
    /// The shopper asked to change it, but the shop could not be reached to withdraw it: withdrawn (or
    /// found placed) as soon as it can be, and not sent unless the shopper asks again.
    WaitingToChange(ApiError),
    /// The shop refused it: settled, and the order is the shopper's to change.
    Refused(ApiError),
    /// The shop has it, and the shopper has not looked at it yet.
    Placed(RecentOrder),
}

impl Sending {
    /// Whether an attempt is unsettled: checkout shows it exactly as it will be sent, and takes no edits.
    pub fn is_unsettled(&self) -> bool {
        matches!(
            self,
            Self::Sending | Self::Withdrawing | Self::Waiting(_) | Self::WaitingToChange(_)
        )
    }

    /// Why the last try did not place the order, if it did not.
    pub fn error(&self) -> Option<&ApiError> {
        match self {
            Self::Waiting(error) | Self::WaitingToChange(error) | Self::Refused(error) => {
                Some(error)
            }
            _ => None,
        }
    }
}

/// The kept order's state, and what the pages can do about it.
#[derive(Clone, PartialEq)]
pub struct Outbox {
    pub state: Sending,
    /// Send the kept attempt as it is, now (checkout has just kept it, or the shopper taps Try again).
    pub send: Callback<()>,
    /// Settle the kept attempt so the shopper can change the order.
    pub withdraw: Callback<()>,
    /// The shopper has seen the news (a placed order, a refusal).
    pub dismiss: Callback<()>,
}

/// The first wait before trying an unreachable shop again; each failure doubles it, up to [`LONGEST_WAIT_MS`].
const FIRST_WAIT_MS: u32 = 2_000;
const LONGEST_WAIT_MS: u32 = 60_000;
/// An attempt kept longer than this is never sent by itself: the shop is asked to drop it instead, and the
/// shopper places the order again if they still want it.
const STALE_MS: i64 = 24 * 60 * 60 * 1000;
/// The server remembers an attempt's key for 48 hours. Past this, neither sending nor withdrawing it is
/// known to be safe: it is dropped and the shopper is told to check with the shop.
const LOST_MS: i64 = 46 * 60 * 60 * 1000;

/// The shop's outbox: picks up an attempt left by an earlier visit or another tab at once, and retries
/// by itself.
#[hook]
pub fn use_outbox(store: &AttrValue) -> Outbox {
    // Read from the phone once the app runs there (not on the server, nor in the first render).
    let state = use_state(|| Sending::Idle);
    // One request at a time in this app, whichever page or event asks.
    let busy = use_mut_ref(|| false);
    // Failed tries in a row, for the wait before the next.
    let failures = use_mut_ref(|| 0_u32);
    let resume = {
        let (store, state, busy, failures) =
            (store.clone(), state.clone(), busy.clone(), failures.clone());
        Callback::from(move |()| {
            let Some(attempt) = storage::pending_attempt(&store) else {
                state.set(initial(&store));
                return;
            };
            if busy.replace(true) {
                return;
            }
            state.set(if attempt.withdraw {
                Sending::Withdrawing
            } else {
                Sending::Sending
            });
            let (store, state, busy, failures) =
                (store.clone(), state.clone(), busy.clone(), failures.clone());
            spawn_local(async move {
                let next = settle(&store, attempt).await;
                busy.replace(false);
                let failed = matches!(next, Sending::Waiting(_) | Sending::WaitingToChange(_));
                *failures.borrow_mut() = if failed { *failures.borrow() + 1 } else { 0 };
                state.set(next);
            });
        })
    };
    let ask = |withdraw: bool| {
        let (store, resume) = (store.clone(), resume.clone());
        Callback::from(move |()| {
            if let Some(attempt) = storage::pending_attempt(&store) {
                storage::want_withdrawal(&store, &attempt.key, withdraw);
            }
            resume.emit(());
        })
    };
    let (send, withdraw) = (ask(false), ask(true));
    // Whether this app shows an unsettled attempt, for the listener below (which outlives renders).
    let unsettled = use_mut_ref(|| false);
    *unsettled.borrow_mut() = state.is_unsettled();
    {
        // An attempt kept by an earlier visit, or by another tab (whose changes arrive as `storage`
        // events), is picked up at once; one another tab settled stops showing here. Other keys' changes
        // (another tab's cart, its details as they are typed) are no reason to ask the shop again.
        let (resume, state) = (resume.clone(), state.clone());
        use_effect_with(store.clone(), move |store| {
            let store = store.clone();
            state.set(initial(&store));
            let acted_on = std::cell::RefCell::new(None);
            let sync = move || {
                let kept = storage::pending_attempt(&store).map(|kept| (kept.key, kept.withdraw));
                if *acted_on.borrow() == kept {
                    return;
                }
                let picked_up = kept.is_some() || *unsettled.borrow();
                acted_on.replace(kept);
                if picked_up {
                    resume.emit(());
                }
            };
            sync();
            let other_tab = web_sys::window()
                .map(|window| EventListener::new(&window, "storage", move |_| sync()));
            move || drop(other_tab)
        });
    }
    {
        let resume = resume.clone();
        let wait = wait_ms(*failures.borrow());
        use_effect_with((*state).clone(), move |state| {
            let retry = retry_by_itself(state, wait, resume);
            move || drop(retry)
        });
    }
    let dismiss = {
        let (store, state) = (store.clone(), state.clone());
        Callback::from(move |()| {
            if matches!(*state, Sending::Placed(_)) {
                storage::saw_order(&store);
            }
            if matches!(*state, Sending::Placed(_) | Sending::Refused(_)) {
                state.set(Sending::Idle);
            }
        })
    };
    Outbox {
        state: (*state).clone(),
        send,
        withdraw,
        dismiss,
    }
}

/// The wait before the next try after `failures` failed ones.
fn wait_ms(failures: u32) -> u32 {
    FIRST_WAIT_MS
        .saturating_mul(1 << failures.min(5))
        .min(LONGEST_WAIT_MS)
}

/// What retries the kept order by itself (a timer, and listeners for the network and the page coming
/// back); dropping it stops that.
type Retry = Option<(Timeout, [Option<EventListener>; 2])>;

/// A kept order that could not reach the shop is tried again after a wait that grows with each failure,
/// and at once when the phone is back online or the page is shown again. A refusal waits for the shopper.
fn retry_by_itself(state: &Sending, wait: u32, resume: Callback<()>) -> Retry {
    let (Sending::Waiting(error) | Sending::WaitingToChange(error)) = state else {
        return None;
    };
    if !api::is_retryable(error) {
        return None;
    }
    let window = web_sys::window()?;
    let document = window.document();
    let again = resume.clone();
    let online = EventListener::once(&window, "online", move |_| again.emit(()));
    let again = resume.clone();
    let shown = document.map(|page| {
        EventListener::new(&page.clone(), "visibilitychange", move |_| {
            if !page.hidden() {
                again.emit(());
            }
        })
    });
    let later = Timeout::new(wait, move || resume.emit(()));
    Some((later, [Some(online), shown]))
}

/// A new page of the shop: an attempt left unsettled is picked up (the hook sends or withdraws it), else
/// an order placed in the background is news until the shopper looks at it.
fn initial(store: &str) -> Sending {
    match storage::pending_attempt(store) {
        Some(attempt) if attempt.withdraw => Sending::Withdrawing,
        Some(_) => Sending::Sending,
        None => storage::unseen_order(store).map_or(Sending::Idle, Sending::Placed),
    }
}

/// Sends the attempt, or withdraws it, as the shopper last asked; an old one is withdrawn, and one too old
/// for the shop to remember is dropped.
async fn settle(store: &str, attempt: Attempt) -> Sending {
    let age = storage::now_ms() - attempt.made_at_ms;
    if attempt.made_at_ms > 0 && age > LOST_MS {
        storage::forget_checkout_attempt(store, &attempt.key);
        return Sending::Refused(unconfirmed());
    }
    let withdraw = attempt.withdraw || (attempt.made_at_ms > 0 && age > STALE_MS);
    let answer = if withdraw {
        api::withdraw_order(store, &attempt.body, &attempt.key).await
    } else {
        api::place_order(store, &attempt.body, &attempt.key)
            .await
            .map(Some)
    };
    match answer {
        // Placed (also when a withdrawal finds it had reached the shop: its page says how to cancel it).
        Ok(Some(placed)) => placed_order(store, &attempt, placed),
        Ok(None) => {
            storage::forget_checkout_attempt(store, &attempt.key);
            Sending::Idle
        }
        Err(error) if api::is_retryable(&error) && withdraw => Sending::WaitingToChange(error),
        Err(error) if api::is_retryable(&error) => Sending::Waiting(error),
        Err(error) => refused(store, &attempt, error),
    }
}

fn placed_order(store: &str, attempt: &Attempt, placed: PlacedOrder) -> Sending {
    let order = RecentOrder {
        id: placed.order.id,
        token: placed.token,
        total: Some(placed.order.totals.total),
        placed_at_ms: Some(placed.order.created_at_ms),
    };
    if storage::settle_placed(store, attempt, &order) {
        host::order_placed(order.id, placed.order.totals.total, &placed.order.currency);
    }
    Sending::Placed(order)
}

/// The shop's "no" settles the attempt: the shopper changes the order and places a new one. A withdrawal
/// answered again (the first answer was lost on the way) is no news.
fn refused(store: &str, attempt: &Attempt, error: ApiError) -> Sending {
    storage::forget_checkout_attempt(store, &attempt.key);
    if error.known_code() == Some(ErrorCode::OrderWithdrawn) {
        Sending::Idle
    } else {
        Sending::Refused(error)
    }
}

/// An attempt too old for the shop to remember: whether it was placed cannot be known from here.
fn unconfirmed() -> ApiError {
    ApiError {
        code: api::UNCONFIRMED.to_owned(),
        message: "An order you tried to send two days ago could not be confirmed. Ask the shop whether they have it before ordering again.".to_owned(),
        details: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_between_tries_doubles_up_to_a_minute() {
        let waits: Vec<u32> = (0..8).map(wait_ms).collect();
        assert_eq!(
            waits,
            [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]
        );
    }
}
