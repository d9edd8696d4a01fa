//! The order inbox: the shop's orders by where they stand, new ones arriving over the server's event
//! feed without a reload, and each order opened to read and move on. The feed resumes after a dropped
//! connection (the browser sends the last event's id); the list is fetched again whenever the feed
//! opens, the page is shown again, or the phone comes back online, so no order is missed meanwhile.

use std::rc::Rc;

use gloo_events::EventListener;
use haat_api::{ApiError, Order, OrderStatus, Substitution};
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};
use yew::{platform::spawn_local, prelude::*};

use super::notice;
use crate::{
    api,
    inbox::{Inbox, InboxAction, Tab, next_steps},
    session,
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
    let shown = inbox.under(*tab);
    html! {
        <section class="card orders" aria-labelledby="orders-title">
            <h2 id="orders-title">{ "Orders" }</h2>
            if let Some(problem) = &*problem {
                { notice(problem) }
            }
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
