//! The order on its way to the shop. Checkout keeps each attempt on the phone (`storage`) before sending
//! it, and from then until the shop answers, that attempt is the order: it is sent by whichever page is
//! open (also after a reload, or when the link is opened again), sent again when the phone comes back
//! online, and changed only once it is settled: placed, refused, or withdrawn from the shop. Every page
//! hears how it went through [`Outbox`], which the shop provides.

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
    /// On its way to the shop (or being withdrawn).
    Sending,
    /// Not placed yet: the shop could not be reached, or was still busy with it. Kept on the phone and
    /// sent again when the phone is back online.
    Waiting(ApiError),
    /// The shopper asked to change it, but the shop could not be reached to withdraw it: withdrawn (or
    /// found placed) as soon as the phone is back online, never sent meanwhile.
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
            Self::Sending | Self::Waiting(_) | Self::WaitingToChange(_)
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
    /// Send the kept attempt now (checkout has just kept it, or the shopper taps Try again).
    pub send: Callback<()>,
    /// Settle the kept attempt so the shopper can change the order.
    pub withdraw: Callback<()>,
    /// The shopper has seen the news (a placed order, a refusal).
    pub dismiss: Callback<()>,
}

/// How long to wait before asking again when the shop says it is still placing this very order.
const BUSY_RETRY_MS: u32 = 2_000;

/// The shop's outbox: sends an attempt left by an earlier visit at once, and retries by itself.
#[hook]
pub fn use_outbox(store: &AttrValue) -> Outbox {
    let state = use_state({
        let store = store.clone();
        move || initial(&store)
    });
    // One request at a time, whichever page or event asks.
    let busy = use_mut_ref(|| false);
    let run = |withdraw: bool| {
        let (store, state, busy) = (store.clone(), state.clone(), busy.clone());
        Callback::from(move |()| {
            if busy.replace(true) {
                return;
            }
            state.set(Sending::Sending);
            let (store, state, busy) = (store.clone(), state.clone(), busy.clone());
            spawn_local(async move {
                let next = if withdraw {
                    withdraw_kept(&store).await
                } else {
                    send_kept(&store).await
                };
                busy.replace(false);
                state.set(next);
            });
        })
    };
    let (send, withdraw) = (run(false), run(true));
    {
        // An attempt an earlier visit left unsettled goes out as soon as a page of the shop is open.
        let send = send.clone();
        use_effect_with(store.clone(), move |store| {
            if storage::pending_attempt(store).is_some() {
                send.emit(());
            }
        });
    }
    {
        let (send, withdraw) = (send.clone(), withdraw.clone());
        use_effect_with((*state).clone(), move |state| {
            let retry = retry_by_itself(state, send, withdraw);
            move || drop(retry)
        });
    }
    let dismiss = {
        let (store, state) = (store.clone(), state.clone());
        Callback::from(move |()| {
            if matches!(*state, Sending::Placed(_) | Sending::Refused(_)) {
                storage::saw_order(&store);
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

/// What retries the kept order by itself (a listener, or a timer); dropping it stops that.
type Retry = (Option<EventListener>, Option<Timeout>);

/// An order that could not reach the shop goes again when the phone is back online; one the shop was
/// still placing is asked about again shortly. Either way with what the shopper last asked for.
fn retry_by_itself(state: &Sending, send: Callback<()>, withdraw: Callback<()>) -> Retry {
    let (again, error) = match state {
        Sending::Waiting(error) => (send, error),
        Sending::WaitingToChange(error) => (withdraw, error),
        _ => return (None, None),
    };
    if error.code == api::NETWORK_ERROR {
        let online = web_sys::window()
            .map(|window| EventListener::once(&window, "online", move |_| again.emit(())));
        (online, None)
    } else if error.known_code() == Some(ErrorCode::RequestInFlight) {
        let later = Timeout::new(BUSY_RETRY_MS, move || again.emit(()));
        (None, Some(later))
    } else {
        (None, None)
    }
}

/// A new page of the shop: an attempt left unsettled is being sent (the hook sends it), else an order
/// placed in the background is news until the shopper looks at it.
fn initial(store: &str) -> Sending {
    if storage::pending_attempt(store).is_some() {
        Sending::Sending
    } else {
        storage::unseen_order(store).map_or(Sending::Idle, Sending::Placed)
    }
}

async fn send_kept(store: &str) -> Sending {
    let Some(attempt) = storage::pending_attempt(store) else {
        return Sending::Idle;
    };
    match api::place_order(store, &attempt.body, &attempt.key).await {
        Ok(placed) => settle(store, &attempt, placed),
        Err(error) if api::is_retryable(&error) => Sending::Waiting(error),
        Err(error) => refused(store, &attempt, error),
    }
}

async fn withdraw_kept(store: &str) -> Sending {
    let Some(attempt) = storage::pending_attempt(store) else {
        return Sending::Idle;
    };
    match api::withdraw_order(store, &attempt.body, &attempt.key).await {
        // It had reached the shop: the order stands, and its page says how to cancel it.
        Ok(Some(placed)) => settle(store, &attempt, placed),
        Ok(None) => {
            storage::forget_checkout_attempt(store, &attempt.key);
            Sending::Idle
        }
        Err(error) if api::is_retryable(&error) => Sending::WaitingToChange(error),
        Err(error) => refused(store, &attempt, error),
    }
}

fn settle(store: &str, attempt: &Attempt, placed: PlacedOrder) -> Sending {
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
