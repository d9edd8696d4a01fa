//! The order inbox: the shop's orders by where they stand, new ones arriving over the server's event
//! feed without a reload, and each order opened to read and move on. The feed resumes after a dropped
//! connection (the browser sends the last event's id); the list is fetched again whenever the feed
//! opens, the page is shown again, or the phone comes back online, so no order is missed meanwhile.

use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use haat_api::{ApiError, Order, OrderStatus, Substitution};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AudioContext, EventSource, MessageEvent};
use yew::{platform::spawn_local, prelude::*};

use super::notice;
use crate::{
    api,
    inbox::{Inbox, InboxAction, Tab, customer_message, next_steps},
    route, session,
};

#[derive(Properties, PartialEq)]
pub struct OrdersSectionProps {
    pub store: AttrValue,
    /// The shop's name, for the page's title.
    pub shop: AttrValue,
}

#[component]
pub fn OrdersSection(props: &OrdersSectionProps) -> Html {
    let inbox = use_reducer(Inbox::default);
    let tab = use_state(|| Tab::New);
    let opened = use_state(|| None::<i64>);
    let problem = use_state(|| None::<Rc<ApiError>>);
    let busy = use_state(|| false);
    let query = use_state(String::new);
    // The owner's "Start taking orders" tap: browsers play sound only after one. The audio context it
    // made chimes for every new order until someone opens it.
    let sound = use_mut_ref(|| None::<AudioContext>);
    let taking = use_state(|| false);
    let secret = session::secret(&props.store).unwrap_or_default();
    let refetch = {
        let (store, secret) = (props.store.clone(), secret.clone());
        let (inbox, problem) = (inbox.dispatcher(), problem.clone());
        Callback::from(move |()| {
            let (store, secret) = (store.clone(), secret.clone());
            let (inbox, problem) = (inbox.clone(), problem.clone());
            spawn_local(async move {
                match api::orders(&store, &secret).await {
                    Ok(list) => {
                        inbox.dispatch(InboxAction::Listed(list.orders));
                        problem.set(None);
                    }
                    Err(error) => problem.set(Some(Rc::new(error))),
                }
            });
        })
    };
    {
        let (refetch, inbox) = (refetch.clone(), inbox.dispatcher());
        let secret = secret.clone();
        use_effect_with(props.store.clone(), move |store| {
            refetch.emit(());
            let feed = listen(store, &secret, inbox, refetch);
            move || drop(feed)
        });
    }
    {
        let title = match inbox.unopened() {
            0 => format!("{} · Haat", props.shop),
            count => format!("({count}) New orders · {}", props.shop),
        };
        use_effect_with(title, |title| {
            if let Some(document) = web_sys::window().and_then(|window| window.document()) {
                document.set_title(title);
            }
        });
    }
    let unopened = inbox.unopened();
    let ringing = *taking && unopened > 0;
    {
        // Loud until looked at: a chime and a buzz now and every few seconds while a new order waits.
        let sound = sound.clone();
        use_effect_with(ringing, move |ringing| {
            let ring = move || {
                if let Some(context) = sound.borrow().as_ref() {
                    let _ = chime(context);
                }
                if let Some(window) = web_sys::window() {
                    let _ = window.navigator().vibrate_with_duration(300);
                }
            };
            let repeat = ringing.then(|| {
                ring();
                Interval::new(RING_EVERY_MS, ring)
            });
            move || drop(repeat)
        });
    }
    let start_taking = {
        let (sound, taking) = (sound.clone(), taking.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(context) = AudioContext::new() {
                let _ = chime(&context);
                *sound.borrow_mut() = Some(context);
            }
            keep_screen_on();
            taking.set(true);
        })
    };
    let find = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            query.set(
                event
                    .target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            );
        })
    };
    let choose = |shown: Tab| {
        let tab = tab.clone();
        Callback::from(move |_: MouseEvent| tab.set(shown))
    };
    let open = |id: i64| {
        let (opened, inbox) = (opened.clone(), inbox.dispatcher());
        Callback::from(move |_: MouseEvent| {
            inbox.dispatch(InboxAction::Opened(id));
            opened.set(if *opened == Some(id) { None } else { Some(id) });
        })
    };
    let step = |id: i64, status: OrderStatus| {
        let (store, secret) = (props.store.clone(), secret.clone());
        let (inbox, problem, busy) = (inbox.dispatcher(), problem.clone(), busy.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            let (store, secret) = (store.clone(), secret.clone());
            let (inbox, problem, busy) = (inbox.clone(), problem.clone(), busy.clone());
            busy.set(true);
            spawn_local(async move {
                match api::move_order(&store, &secret, id, status).await {
                    Ok(order) => {
                        inbox.dispatch(InboxAction::Changed(Box::new(order)));
                        problem.set(None);
                    }
                    Err(error) => problem.set(Some(Rc::new(error))),
                }
                busy.set(false);
            });
        })
    };
    let shown = inbox.find(*tab, &query);
    html! {
        <section class="card orders" aria-labelledby="orders-title" data-ringing={if ringing { "true" } else { "false" }}>
            <h2 id="orders-title">{ "Orders" }</h2>
            if let Some(problem) = &*problem {
                { notice(problem) }
            }
            if *taking {
                <p class="hint taking">{ "Taking orders: a new one chimes until you open it. Keep this page open." }</p>
            } else {
                <button class="button start-taking" onclick={start_taking}>{ "Start taking orders" }</button>
                <p class="hint">{ "Turns on the chime for new orders and keeps the screen awake." }</p>
            }
            <input class="link find-order" type="search" value={(*query).clone()} oninput={find}
                placeholder="Find by order number, name or phone" aria-label="Find an order" />
            <nav class="tabs" aria-label="Orders by where they stand">
                { for Tab::ALL.iter().map(|&each| {
                    let count = inbox.under(each).len();
                    html! {
                        <button class={classes!("tab", (each == *tab).then_some("selected"))}
                            aria-pressed={if each == *tab { "true" } else { "false" }} onclick={choose(each)}>
                            { each.label() }
                            if count > 0 { { format!(" ({count})") } }
                        </button>
                    }
                }) }
            </nav>
            if shown.is_empty() {
                <p class="hint">{ if *tab == Tab::New { "No new orders. New ones appear here as they come." } else { "None." } }</p>
            }
            <ul class="order-rows">
                { for shown.iter().map(|order| {
                    let unopened = order.status == OrderStatus::Placed && !inbox.seen.contains(&order.id);
                    html! {
                        <li class={classes!("order-row", unopened.then_some("unopened"))} data-order={order.id.to_string()}>
                            <button class="row" onclick={open(order.id)} aria-expanded={if *opened == Some(order.id) { "true" } else { "false" }}>
                                <span class="name">{ format!("#{} · {}", order.id, order.customer.name) }</span>
                                <span class="muted">{ format!("{} · {} items · ₹{}", status_name(order.status), items(order), order.totals.total.rupees()) }</span>
                            </button>
                            if *opened == Some(order.id) {
                                { detail(order) }
                                <a class="button secondary tell-customer" target="_blank" rel="noopener"
                                    href={route::whatsapp_to(&order.customer.phone, &customer_message(order, &props.shop))}>
                                    { "Message the customer on WhatsApp" }
                                </a>
                                <div class="actions">
                                    { for next_steps(order).into_iter().map(|(status, label)| html! {
                                        <button class={classes!("button", "step", (status == OrderStatus::Rejected).then_some("secondary"))}
                                            data-status={status.as_str()} disabled={*busy} onclick={step(order.id, status)}>
                                            { label }
                                        </button>
                                    }) }
                                </div>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

/// How often a waiting new order chimes again.
const RING_EVERY_MS: u32 = 4_000;

/// A short two-tone chime, made by the Web Audio API (no sound file to fetch).
// Seconds on the audio clock, as the Web Audio API counts them: never money.
#[allow(clippy::float_arithmetic)]
fn chime(context: &AudioContext) -> Result<(), JsValue> {
    let now = context.current_time();
    for (at, frequency) in [(0.0, 880.0), (0.2, 660.0)] {
        let tone = context.create_oscillator()?;
        tone.frequency().set_value(frequency);
        let level = context.create_gain()?;
        let volume = level.gain();
        volume.set_value_at_time(0.0, now + at)?;
        volume.linear_ramp_to_value_at_time(0.4, now + at + 0.02)?;
        volume.linear_ramp_to_value_at_time(0.0, now + at + 0.18)?;
        tone.connect_with_audio_node(&level)?;
        level.connect_with_audio_node(&context.destination())?;
        tone.start_with_when(now + at)?;
        tone.stop_with_when(now + at + 0.2)?;
    }
    Ok(())
}

/// Asks the phone to keep its screen on while the inbox is open, where it can (the Screen Wake Lock
/// API; web-sys has it only behind an unstable flag, so it is called by name).
fn keep_screen_on() {
    let Some(navigator) = web_sys::window().map(|window| window.navigator()) else {
        return;
    };
    let lock = js_sys::Reflect::get(&navigator, &JsValue::from_str("wakeLock")).ok();
    let request = lock.as_ref().and_then(|lock| {
        js_sys::Reflect::get(lock, &JsValue::from_str("request"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    });
    if let (Some(lock), Some(request)) = (lock, request) {
        // Refused (battery saver, page hidden): the inbox works the same, the screen may sleep.
        let _ = request.call1(&lock, &JsValue::from_str("screen"));
    }
}

/// The live feed and what brings the list up to date: the feed's every opening, the page shown again,
/// the phone back online. Dropped, it closes the feed.
struct Feed {
    source: EventSource,
    _listeners: [EventListener; 4],
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.source.close();
    }
}

fn listen(
    store: &str,
    secret: &str,
    inbox: UseReducerDispatcher<Inbox>,
    refetch: Callback<()>,
) -> Option<Feed> {
    let window = web_sys::window()?;
    let document = window.document()?;
    // `EventSource` sends no headers: the token goes in the query (the server never logs queries).
    let address = format!(
        "/api/stores/{store}/orders/events?access_token={}",
        String::from(js_sys::encode_uri_component(secret))
    );
    let source = EventSource::new(&address).ok()?;
    let on_order = EventListener::new(&source, "order", move |event| {
        let order = event
            .dyn_ref::<MessageEvent>()
            .and_then(|message| message.data().as_string())
            .and_then(|data| serde_json::from_str::<Order>(&data).ok());
        if let Some(order) = order {
            inbox.dispatch(InboxAction::Changed(Box::new(order)));
        }
    });
    let on_open = {
        let refetch = refetch.clone();
        EventListener::new(&source, "open", move |_| refetch.emit(()))
    };
    let on_shown = {
        let (refetch, document) = (refetch.clone(), document.clone());
        EventListener::new(&document.clone(), "visibilitychange", move |_| {
            if document.visibility_state() == web_sys::VisibilityState::Visible {
                refetch.emit(());
            }
        })
    };
    let on_online = EventListener::new(&window, "online", move |_| refetch.emit(()));
    Some(Feed {
        source,
        _listeners: [on_order, on_open, on_shown, on_online],
    })
}

/// The order as the shop reads it to pack and deliver: lines, customer, delivery or pickup, payment,
/// note, and its history.
fn detail(order: &Order) -> Html {
    let customer = &order.customer;
    html! {
        <div class="order-detail">
            <ul class="lines">
                { for order.lines.iter().map(|line| html! {
                    <li>
                        <strong>{ format!("{} {} × {}", line.name, line.variant_label, line.quantity) }</strong>
                        { format!(" · ₹{}", line.line_total.rupees()) }
                        <span class="muted">{ format!(" · if unavailable: {}", substitution(line.substitution)) }</span>
                    </li>
                }) }
            </ul>
            <p>
                <strong>{ customer.name.clone() }</strong>{ " · " }
                <a href={format!("tel:{}", customer.phone)}>{ customer.phone.clone() }</a>
            </p>
            if order.fulfilment.is_delivery() {
                <p>{ format!("Deliver to {}, {}", customer.address, customer.pincode) }
                    if let Some(slot) = &order.slot { { format!(" · {}", slot.label) } }
                </p>
            } else {
                <p>{ "Pickup at the shop" }</p>
            }
            <p>{ format!("Pays {} · total ₹{}", payment(order), order.totals.total.rupees()) }</p>
            if !order.note.is_empty() {
                <p class="note">{ format!("Note: {}", order.note) }</p>
            }
            <ol class="history">
                { for order.history.iter().map(|change| html! {
                    <li>{ status_name(change.status) }</li>
                }) }
            </ol>
        </div>
    }
}

fn items(order: &Order) -> u32 {
    order.lines.iter().map(|line| line.quantity).sum()
}

fn status_name(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Placed => "New",
        OrderStatus::Accepted => "Accepted",
        OrderStatus::Packed => "Packed",
        OrderStatus::OutForDelivery => "Out for delivery",
        OrderStatus::ReadyForPickup => "Ready for pickup",
        OrderStatus::Delivered => "Delivered",
        OrderStatus::Rejected => "Rejected",
        OrderStatus::Cancelled => "Cancelled by the customer",
    }
}

fn substitution(choice: Substitution) -> &'static str {
    match choice {
        Substitution::Call => "call me",
        Substitution::Similar => "send something similar",
        Substitution::Skip => "leave it out",
    }
}

fn payment(order: &Order) -> &'static str {
    match order.payment {
        haat_api::PaymentMethod::Cash => "cash",
        haat_api::PaymentMethod::UpiOnDelivery => "UPI on delivery",
        haat_api::PaymentMethod::UpiNow => "UPI when ordering",
    }
}
