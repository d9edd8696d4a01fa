//! The order inbox: the shop's orders by where they stand, new ones arriving over the server's event
//! feed without a reload, and each order opened to read and move on. The feed resumes after a dropped
//! connection (the browser sends the last event's id), and is opened again when the browser gives it
//! up (an HTTP error: a secret replaced, a proxy's 502); the list is fetched again whenever the feed
//! opens, the page is shown again, or the phone comes back online, so no order is missed meanwhile.

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

use gloo_events::EventListener;
use gloo_timers::callback::{Interval, Timeout};
use haat_api::{
    ApiError, DaySummary, LineChange, Order, OrderList, OrderQuery, OrderStatus, PaidVia,
    RejectReason, StatusUpdate, Substitution, clock::ShopTime,
};
use haat_lang::locale;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AudioContext, EventSource, MessageEvent};
use yew::{platform::spawn_local, prelude::*};

use super::{
    notice,
    order_lines::LineActions,
    sheets::{PickList, day_sheet, packing_slip},
};
use crate::{
    api,
    customer_message::customer_message,
    inbox::{
        Inbox, InboxAction, Older, Tab, edit_text, finished_statuses, lines_editable, next_steps,
        reason_label, replacement_of, working_statuses,
    },
    lang::{Lang, use_lang},
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
    let lang = use_lang();
    let inbox = use_reducer(Inbox::default);
    let tab = use_state(|| Tab::New);
    let opened = use_state(|| None::<i64>);
    let problem = use_state(|| None::<Rc<ApiError>>);
    // The owner's "Start taking orders" tap: browsers play sound only after one. The audio context it
    // made chimes for every new order until someone opens it.
    let sound = use_mut_ref(|| None::<AudioContext>);
    let taking = use_state(|| false);
    let sheet = use_state(|| None::<Shown>);
    let secret = AttrValue::from(session::secret(&props.store).unwrap_or_default());
    let refetch = {
        let (store, secret) = (props.store.clone(), secret.clone());
        let (inbox, problem) = (inbox.dispatcher(), problem.clone());
        Callback::from(move |()| {
            let (store, secret) = (store.clone(), secret.clone());
            let (inbox, problem) = (inbox.clone(), problem.clone());
            spawn_local(async move {
                match list_again(&store, &secret, &inbox).await {
                    Ok(()) => problem.set(None),
                    Err(error) => problem.set(Some(Rc::new(error))),
                }
            });
        })
    };
    // Each time the browser gives the feed up, it is opened again (with the secret this phone keeps by
    // then) after a pause that doubles up to a minute while it keeps failing.
    let reopened = use_state(|| 0_u32);
    let pause = use_memo((), |()| Cell::new(FIRST_PAUSE_MS));
    {
        let (refetch, inbox) = (refetch.clone(), inbox.dispatcher());
        let reopen = {
            let reopened = reopened.clone();
            Callback::from(move |()| reopened.set(reopened.wrapping_add(1)))
        };
        let again = Again { pause, reopen };
        let opening = (props.store.clone(), secret.clone(), *reopened);
        use_effect_with(opening, move |(store, secret, _)| {
            refetch.emit(());
            let feed = listen(store, secret, inbox, refetch, again);
            move || drop(feed)
        });
    }
    {
        let title = match inbox.unopened() {
            0 => format!("{} · Haat", props.shop),
            count => lang.f(
                "({count}) New orders · {shop}",
                &[("count", &count_of(&lang, count)), ("shop", &props.shop)],
            ),
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
    // The phone lets the screen's wake lock go whenever the page is hidden: asked for again on return.
    use_effect_with(*taking, |taking| {
        let again = taking
            .then(|| web_sys::window()?.document())
            .flatten()
            .map(|document| {
                EventListener::new(&document.clone(), "visibilitychange", move |_| {
                    if document.visibility_state() == web_sys::VisibilityState::Visible {
                        keep_screen_on();
                    }
                })
            });
        move || drop(again)
    });
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
    let search = |next: Option<i64>| {
        let (store, secret) = (props.store.clone(), secret.clone());
        let (inbox, problem) = (inbox.clone(), problem.clone());
        move |query: String| {
            let (store, secret) = (store.clone(), secret.clone());
            let (dispatch, problem) = (inbox.dispatcher(), problem.clone());
            if next.is_none() {
                dispatch.dispatch(InboxAction::Searching(query.clone()));
            }
            let query = query.trim().to_owned();
            if query.is_empty() {
                return;
            }
            spawn_local(async move {
                let asked = OrderQuery {
                    q: Some(query.clone()),
                    before: next,
                    ..OrderQuery::default()
                };
                match api::orders(&store, &secret, &asked).await {
                    Ok(list) => dispatch.dispatch(InboxAction::Found {
                        query,
                        orders: list.orders,
                        more: list.more,
                        next: next.is_some(),
                    }),
                    Err(error) => problem.set(Some(Rc::new(error))),
                }
            });
        }
    };
    // The search as typed (the space before a second word stays in the field); it is asked trimmed.
    let typed = use_state(String::new);
    let find = {
        let (search, typed) = (search(None), typed.clone());
        Callback::from(move |event: InputEvent| {
            let value = event
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            typed.set(value.clone());
            search(value);
        })
    };
    let older = {
        let (store, secret) = (props.store.clone(), secret.clone());
        let (inbox, problem) = (inbox.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            let Older::Before(before) = inbox.older else {
                return;
            };
            let (store, secret) = (store.clone(), secret.clone());
            let (dispatch, problem) = (inbox.dispatcher(), problem.clone());
            spawn_local(async move {
                match finished_page(&store, &secret, Some(before)).await {
                    Ok(list) => dispatch.dispatch(InboxAction::Finished {
                        orders: list.orders,
                        more: list.more,
                        first: false,
                    }),
                    Err(error) => problem.set(Some(Rc::new(error))),
                }
            });
        })
    };
    let choose = |shown: Tab| {
        let tab = tab.clone();
        Callback::from(move |_: MouseEvent| tab.set(shown))
    };
    let open = {
        let (opened, inbox) = (opened.clone(), inbox.dispatcher());
        Callback::from(move |id: i64| {
            inbox.dispatch(InboxAction::Opened(id));
            opened.set(if *opened == Some(id) { None } else { Some(id) });
        })
    };
    let changed = {
        let (inbox, problem) = (inbox.dispatcher(), problem.clone());
        Callback::from(move |answer: Result<Order, ApiError>| match answer {
            Ok(order) => {
                inbox.dispatch(InboxAction::Changed(Box::new(order)));
                problem.set(None);
            }
            Err(error) => problem.set(Some(Rc::new(error))),
        })
    };
    let searching = inbox.found.as_ref();
    let shown = match searching {
        Some(_) => inbox.found_orders(),
        None => inbox.under(*tab),
    };
    let more_found = searching.and_then(|found| found.more).map(|before| {
        let search = search(Some(before));
        let query = searching
            .map(|found| found.query.clone())
            .unwrap_or_default();
        Callback::from(move |_: MouseEvent| search(query.clone()))
    });
    let show = |shown: Shown| {
        let sheet = sheet.clone();
        Callback::from(move |_: MouseEvent| sheet.set(Some(shown.clone())))
    };
    let slip = {
        let sheet = sheet.clone();
        Callback::from(move |id: i64| sheet.set(Some(Shown::Slip(id))))
    };
    let summary = {
        let (store, secret) = (props.store.clone(), secret.clone());
        let (sheet, problem) = (sheet.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            let (store, secret) = (store.clone(), secret.clone());
            let (sheet, problem) = (sheet.clone(), problem.clone());
            spawn_local(async move {
                match api::day_summary(&store, &secret, None).await {
                    Ok(day) => sheet.set(Some(Shown::Day(Rc::new(day)))),
                    Err(error) => problem.set(Some(Rc::new(error))),
                }
            });
        })
    };
    let close = {
        let sheet = sheet.clone();
        Callback::from(move |()| sheet.set(None))
    };
    let shown_sheet = match &*sheet {
        None => Html::default(),
        Some(Shown::PickList) => {
            let accepted: Vec<Order> = inbox.under(Tab::ToPack).into_iter().cloned().collect();
            html! { <PickList orders={accepted} on_close={close.clone()} /> }
        }
        Some(Shown::Slip(id)) => inbox
            .orders
            .get(id)
            .map(|order| packing_slip(&lang, order, &props.shop, &close))
            .unwrap_or_default(),
        Some(Shown::Day(day)) => day_sheet(&lang, day, &props.shop, &close),
    };
    let row = |order: &Order| {
        let unopened = order.status == OrderStatus::Placed && !inbox.seen.contains(&order.id);
        html! {
            <OrderRow key={order.id} order={order.clone()} store={props.store.clone()} shop={props.shop.clone()}
                secret={secret.clone()} {unopened} opened={*opened == Some(order.id)}
                on_open={open.clone()} on_changed={changed.clone()} on_slip={slip.clone()} />
        }
    };
    html! {
        <section class="card orders" aria-labelledby="orders-title" data-ringing={if ringing { "true" } else { "false" }}>
            <h2 id="orders-title">{ lang.t("Orders") }</h2>
            if let Some(problem) = &*problem {
                { notice(&lang, problem) }
            }
            if *taking {
                <p class="hint taking">{ lang.t("Taking orders: a new one chimes until you open it. Keep this page open.") }</p>
            } else {
                <button class="button start-taking" onclick={start_taking}>{ lang.t("Start taking orders") }</button>
                <p class="hint">{ lang.t("Turns on the chime for new orders and keeps the screen awake.") }</p>
            }
            <input class="link find-order" type="search" value={(*typed).clone()}
                oninput={find} placeholder={lang.t("Find by order number, name or phone").to_owned()}
                aria-label={lang.t("Find an order").to_owned()} />
            if searching.is_none() {
                <nav class="tabs" aria-label={lang.t("Orders by where they stand").to_owned()}>
                    { for Tab::ALL.iter().map(|&each| {
                        // The orders being worked are all here to count; finished ones come a page at a time.
                        let count = if each.is_working() { inbox.under(each).len() } else { 0 };
                        html! {
                            <button class={classes!("tab", (each == *tab).then_some("selected"))}
                                aria-pressed={if each == *tab { "true" } else { "false" }} onclick={choose(each)}>
                                { each.label(&lang) }
                                if count > 0 { { format!(" ({})", count_of(&lang, count)) } }
                            </button>
                        }
                    }) }
                </nav>
            }
            <div class="actions day">
                if searching.is_none() && *tab == Tab::ToPack && !inbox.under(Tab::ToPack).is_empty() {
                    <button class="button secondary pick-list" onclick={show(Shown::PickList)}>{ lang.t("Pick list") }</button>
                }
                <button class="button secondary day-summary" onclick={summary}>{ lang.t("Today's summary") }</button>
            </div>
            if shown.is_empty() {
                <p class="hint">{ match (searching, *tab) {
                    (Some(_), _) => lang.t("No order found."),
                    (None, Tab::New) => lang.t("No new orders. New ones appear here as they come."),
                    (None, _) => lang.t("None."),
                } }</p>
            }
            <ul class="order-rows">
                { for shown.into_iter().map(row) }
            </ul>
            if let Some(more) = more_found {
                <button class="button secondary older" onclick={more}>{ lang.t("More found orders") }</button>
            } else if searching.is_none() && !tab.is_working() && matches!(inbox.older, Older::Before(_)) {
                <button class="button secondary older" onclick={older}>{ lang.t("Older orders") }</button>
            }
            { shown_sheet }
        </section>
    }
}

/// The most orders being worked that the inbox reads in one page; it reads on until it has them all.
const WORKING_PAGE: u32 = 200;
/// Finished orders a page of the Done and Cancelled tabs shows.
const FINISHED_PAGE: u32 = 50;

/// Lists every order being worked and the newest finished ones again: after a start, a reconnect, a
/// return to the page or to the network.
async fn list_again(
    store: &str,
    secret: &str,
    inbox: &UseReducerDispatcher<Inbox>,
) -> Result<(), ApiError> {
    let mut working = Vec::new();
    let mut before = None;
    loop {
        let asked = OrderQuery {
            status: Some(working_statuses()),
            before,
            limit: Some(WORKING_PAGE),
            ..OrderQuery::default()
        };
        let page = api::orders(store, secret, &asked).await?;
        working.extend(page.orders);
        match page.more {
            Some(more) => before = Some(more),
            None => break,
        }
    }
    inbox.dispatch(InboxAction::Listed(working));
    let finished = finished_page(store, secret, None).await?;
    inbox.dispatch(InboxAction::Finished {
        orders: finished.orders,
        more: finished.more,
        first: true,
    });
    Ok(())
}

async fn finished_page(
    store: &str,
    secret: &str,
    before: Option<i64>,
) -> Result<OrderList, ApiError> {
    let asked = OrderQuery {
        status: Some(finished_statuses()),
        before,
        limit: Some(FINISHED_PAGE),
        ..OrderQuery::default()
    };
    api::orders(store, secret, &asked).await
}

#[derive(Properties, PartialEq)]
struct OrderRowProps {
    order: Order,
    store: AttrValue,
    shop: AttrValue,
    secret: AttrValue,
    /// A new order nobody has opened yet.
    unopened: bool,
    opened: bool,
    on_open: Callback<i64>,
    /// The server's answer to a change made here: the order as it is now, or why not.
    on_changed: Callback<Result<Order, ApiError>>,
    /// The order's packing slip is asked for.
    on_slip: Callback<i64>,
}

/// One order in the list; opened, all of it and what the shop can do with it.
#[component]
fn OrderRow(props: &OrderRowProps) -> Html {
    let lang = use_lang();
    let busy = use_state(|| false);
    // The refusal being written: its reason (none chosen yet) and words for the customer.
    let refusing = use_state(|| None::<(Option<RejectReason>, String)>);
    let order = &props.order;
    let send = {
        let (store, secret, id) = (props.store.clone(), props.secret.clone(), order.id);
        let (busy, refusing, on_changed) =
            (busy.clone(), refusing.clone(), props.on_changed.clone());
        Callback::from(move |change: Change| {
            if *busy {
                return;
            }
            let (store, secret) = (store.clone(), secret.clone());
            let (busy, refusing, on_changed) = (busy.clone(), refusing.clone(), on_changed.clone());
            busy.set(true);
            spawn_local(async move {
                let answer = match change {
                    Change::Move(update) => api::move_order(&store, &secret, id, &update).await,
                    Change::Paid(via) => api::mark_paid(&store, &secret, id, via).await,
                    Change::Line(line, change) => {
                        api::change_line(&store, &secret, id, line, &change).await
                    }
                };
                if answer.is_ok() {
                    refusing.set(None);
                }
                busy.set(false);
                on_changed.emit(answer);
            });
        })
    };
    let step = |status: OrderStatus| {
        let (send, refusing) = (send.clone(), refusing.clone());
        Callback::from(move |_: MouseEvent| {
            if status == OrderStatus::Rejected {
                refusing.set(Some((None, String::new())));
            } else {
                send.emit(Change::Move(StatusUpdate::to(status)));
            }
        })
    };
    let paid = |via: Option<PaidVia>| send.reform(move |_: MouseEvent| Change::Paid(via));
    let line_change = send.reform(|(line, change)| Change::Line(line, change));
    let toggle = {
        let (on_open, id) = (props.on_open.clone(), order.id);
        Callback::from(move |_: MouseEvent| on_open.emit(id))
    };
    let slip = {
        let (on_slip, id) = (props.on_slip.clone(), order.id);
        Callback::from(move |_: MouseEvent| on_slip.emit(id))
    };
    html! {
        <li class={classes!("order-row", props.unopened.then_some("unopened"))} data-order={order.id.to_string()}>
            <button class="row" onclick={toggle} aria-expanded={if props.opened { "true" } else { "false" }}>
                <span class="name">{ format!("#{} · {}", order.id, order.customer.name) }</span>
                <span class="muted">{ format!("{} · {} · {}",
                    status_name(&lang, order.status),
                    lang.n("{count} item", "{count} items", items(order).into()),
                    lang.money(order.totals.total, &order.currency)) }</span>
            </button>
            if props.opened {
                { detail(&lang, order, lines_editable(order.status).then_some((&line_change, &props.store)), *busy) }
                { payment_state(&lang, order, *busy, paid) }
                <a class="button secondary tell-customer" target="_blank" rel="noopener"
                    href={route::whatsapp_to(&order.customer.phone, &customer_message(order, &props.shop))}>
                    { lang.t("Message the customer on WhatsApp") }
                </a>
                <button class="button secondary packing-slip" onclick={slip}>{ lang.t("Packing slip") }</button>
                if let Some((reason, note)) = &*refusing {
                    { refusal_form(&lang, *reason, note, *busy, &refusing, &send) }
                } else {
                    <div class="actions">
                        { for next_steps(&lang, order).into_iter().map(|(status, label)| html! {
                            <button class={classes!("button", "step", (status == OrderStatus::Rejected).then_some("secondary"))}
                                data-status={status.as_str()} disabled={*busy} onclick={step(status)}>
                                { label }
                            </button>
                        }) }
                    </div>
                }
            }
        </li>
    }
}

/// The sheet drawn over the inbox.
#[derive(Clone, PartialEq)]
enum Shown {
    PickList,
    Slip(i64),
    Day(Rc<DaySummary>),
}

/// A change the owner makes to an order from its row.
enum Change {
    Move(StatusUpdate),
    Paid(Option<PaidVia>),
    /// A line (counted from 1) changed before packing.
    Line(usize, LineChange),
}

/// Why the order is refused, chosen before it is: the customer's page and message say it.
fn refusal_form(
    lang: &Lang,
    reason: Option<RejectReason>,
    note: &str,
    busy: bool,
    refusing: &UseStateHandle<Option<(Option<RejectReason>, String)>>,
    send: &Callback<Change>,
) -> Html {
    let choose = |chosen: RejectReason| {
        let (refusing, note) = (refusing.clone(), note.to_owned());
        Callback::from(move |_: Event| refusing.set(Some((Some(chosen), note.clone()))))
    };
    let write = {
        let refusing = refusing.clone();
        Callback::from(move |event: InputEvent| {
            let typed = event
                .target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                .value();
            refusing.set(Some((reason, typed)));
        })
    };
    let keep = {
        let refusing = refusing.clone();
        Callback::from(move |_: MouseEvent| refusing.set(None))
    };
    let refuse = {
        let (send, note) = (send.clone(), note.trim().to_owned());
        Callback::from(move |_: MouseEvent| {
            send.emit(Change::Move(StatusUpdate {
                status: OrderStatus::Rejected,
                reason,
                note: (!note.is_empty()).then(|| note.clone()),
            }));
        })
    };
    let ready = match reason {
        None => false,
        Some(RejectReason::Other) => !note.trim().is_empty(),
        Some(_) => true,
    };
    html! {
        <fieldset class="refusal">
            <legend>{ lang.t("Why can't you take it?") }</legend>
            { for RejectReason::ALL.into_iter().map(|each| html! {
                <label class="check">
                    <input type="radio" name="reason" value={each.as_str()} checked={reason == Some(each)}
                        onchange={choose(each)} />
                    { " " }{ reason_label(lang, each) }
                </label>
            }) }
            <label for="refusal-note">
                { if reason == Some(RejectReason::Other) {
                    lang.t("Tell the customer why")
                } else {
                    lang.t("A word for the customer (optional)")
                } }
            </label>
            <textarea id="refusal-note" name="note" rows="2" maxlength="200" value={note.to_owned()} oninput={write} />
            <div class="actions">
                <button class="button reject" disabled={busy || !ready} onclick={refuse}>{ lang.t("Reject order") }</button>
                <button class="button secondary" onclick={keep}>{ lang.t("Keep it") }</button>
            </div>
        </fieldset>
    }
}

/// Whether the shop has been paid, and the buttons that say it was (or take that back).
fn payment_state(
    lang: &Lang,
    order: &Order,
    busy: bool,
    paid: impl Fn(Option<PaidVia>) -> Callback<MouseEvent>,
) -> Html {
    if matches!(order.status, OrderStatus::Rejected | OrderStatus::Cancelled) {
        return Html::default();
    }
    match order.paid {
        Some(done) => html! {
            <p class="paid">
                { paid_at(lang, done.via, done.at_ms) }{ " " }
                <button class="button secondary unmark-paid" disabled={busy} onclick={paid(None)}>{ lang.t("Undo") }</button>
            </p>
        },
        None => html! {
            <div class="actions pay">
                <button class="button secondary paid-cash" disabled={busy} onclick={paid(Some(PaidVia::Cash))}>
                    { lang.t("Paid in cash") }
                </button>
                <button class="button secondary paid-upi" disabled={busy} onclick={paid(Some(PaidVia::Upi))}>
                    { lang.t("Paid by UPI") }
                </button>
            </div>
        },
    }
}

/// "Paid by UPI at 2:05 pm": how and when the owner marked the order paid.
fn paid_at(lang: &Lang, via: PaidVia, at_ms: i64) -> String {
    let time = clock(lang, at_ms);
    match via {
        PaidVia::Cash => lang.f("Paid in cash at {time}", &[("time", &time)]),
        PaidVia::Upi => lang.f("Paid by UPI at {time}", &[("time", &time)]),
    }
}

/// The time of day on the shops' clock, as the merchant's language writes it: "2:05 pm", "14:05".
fn clock(lang: &Lang, at_ms: i64) -> String {
    locale::time(lang.language, &ShopTime::at(at_ms))
}

/// A count of orders as the merchant's language writes numbers.
fn count_of(lang: &Lang, count: usize) -> String {
    lang.count(count)
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
/// the phone back online. Dropped, it closes the feed (and forgets a planned reopening).
struct Feed {
    source: EventSource,
    _listeners: [EventListener; 5],
    _reopening: Rc<RefCell<Option<Timeout>>>,
}

/// How a feed the browser gave up is opened again: `reopen` after `pause`, which doubles each time
/// until a feed opens.
struct Again {
    pause: Rc<Cell<u32>>,
    reopen: Callback<()>,
}

const FIRST_PAUSE_MS: u32 = 1_000;
const LAST_PAUSE_MS: u32 = 60_000;

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
    again: Again,
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
        let (refetch, pause) = (refetch.clone(), again.pause.clone());
        EventListener::new(&source, "open", move |_| {
            pause.set(FIRST_PAUSE_MS);
            refetch.emit(())
        })
    };
    // The browser retries a dropped connection itself; an HTTP error closes the feed for good.
    let reopening = Rc::new(RefCell::new(None));
    let on_closed = {
        let (closed, reopening) = (source.clone(), reopening.clone());
        EventListener::new(&source, "error", move |_| {
            if closed.ready_state() == EventSource::CLOSED {
                let pause = again
                    .pause
                    .replace((again.pause.get() * 2).min(LAST_PAUSE_MS));
                let reopen = again.reopen.clone();
                *reopening.borrow_mut() = Some(Timeout::new(pause, move || reopen.emit(())));
            }
        })
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
        _listeners: [on_order, on_open, on_closed, on_shown, on_online],
        _reopening: reopening,
    })
}

/// The order as the shop reads it to pack and deliver: lines, customer, delivery or pickup, payment,
/// note, and its history with the shop's edits. `change` changes its lines, of the shop `store`.
fn detail(
    lang: &Lang,
    order: &Order,
    change: Option<(&Callback<(usize, LineChange)>, &AttrValue)>,
    busy: bool,
) -> Html {
    let customer = &order.customer;
    html! {
        <div class="order-detail">
            <ul class="lines">
                { for (1..).zip(&order.lines).map(|(number, line)| {
                    let replaced = replacement_of(order, number).is_some();
                    html! {
                        <li data-line={number.to_string()}>
                            <strong>{ format!("{} {} × {}", line.name, line.variant_label, line.quantity) }</strong>
                            { format!(" · {}", lang.money(line.line_total, &order.currency)) }
                            if let Some(instead) = line.replaces.and_then(|replaced| order.line(replaced)) {
                                <span class="changed">{ " · " }{ lang.f("instead of {pack}", &[
                                    ("pack", &format!("{} {}", instead.name, instead.variant_label)),
                                ]) }</span>
                            } else if replaced {
                                <span class="changed">{ " · " }{ lang.t("replaced") }</span>
                            } else if let Some(ordered) = line.ordered {
                                <span class="changed">{ " · " }{ lang.f("ordered {count}", &[("count", &lang.number(ordered.into()))]) }</span>
                            }
                            <span class="muted">{ " · " }{ lang.f("if unavailable: {choice}", &[("choice", substitution(lang, line.substitution))]) }</span>
                            if line.substitution == Substitution::Call {
                                { " " }<a href={format!("tel:{}", customer.phone)}>{ customer.phone.clone() }</a>
                            }
                            if let Some((change, store)) = change.filter(|_| !replaced) {
                                <LineActions store={store.clone()} number={usize::try_from(number).unwrap_or_default()}
                                    line={line.clone()} {busy} on_change={change.clone()} />
                            }
                        </li>
                    }
                }) }
            </ul>
            <p>
                <strong>{ customer.name.clone() }</strong>{ " · " }
                <a href={format!("tel:{}", customer.phone)}>{ customer.phone.clone() }</a>
            </p>
            if order.fulfilment.is_delivery() {
                <p>{ lang.f("Deliver to {address}, {pincode}", &[
                        ("address", &customer.address),
                        ("pincode", &customer.pincode),
                    ]) }
                    if let Some(slot) = &order.slot { { format!(" · {}", slot.label) } }
                </p>
            } else {
                <p>{ lang.t("Pickup at the shop") }</p>
            }
            <p>{ lang.f("Pays {method} · total {amount}", &[
                    ("method", payment(lang, order)),
                    ("amount", &lang.money(order.totals.total, &order.currency)),
                ]) }</p>
            if !order.note.is_empty() {
                <p class="note">{ lang.f("Note: {note}", &[("note", &order.note)]) }</p>
            }
            <ol class="history">
                { for history(lang, order) }
            </ol>
        </div>
    }
}

/// The order's steps and the shop's edits, in the order they happened.
fn history(lang: &Lang, order: &Order) -> Vec<Html> {
    let steps = order.history.iter().map(|change| {
        let item = html! {
            <li data-status={change.status.as_str()}>
                { format!("{} · {}", status_name(lang, change.status), clock(lang, change.at_ms)) }
                if let Some(reason) = change.reason {
                    { format!(" · {}", reason_label(lang, reason)) }
                }
                if let Some(note) = &change.note {
                    { format!(": {note}") }
                }
            </li>
        };
        (change.at_ms, item)
    });
    let edits = order.edits.iter().map(|edit| {
        let item = html! {
            <li class="edit">{ format!("{} · {}", edit_text(lang, order, edit.edit), clock(lang, edit.at_ms)) }</li>
        };
        (edit.at_ms, item)
    });
    let mut all: Vec<(i64, Html)> = steps.chain(edits).collect();
    // Stable: a step and an edit of the same millisecond keep the step first.
    all.sort_by_key(|(at_ms, _)| *at_ms);
    all.into_iter().map(|(_, item)| item).collect()
}

fn items(order: &Order) -> u32 {
    order.lines.iter().map(|line| line.quantity).sum()
}

fn status_name(lang: &Lang, status: OrderStatus) -> &str {
    match status {
        OrderStatus::Placed => lang.t("New"),
        OrderStatus::Accepted => lang.t("Accepted"),
        OrderStatus::Packed => lang.t("Packed"),
        OrderStatus::OutForDelivery => lang.t("Out for delivery"),
        OrderStatus::ReadyForPickup => lang.t("Ready for pickup"),
        OrderStatus::Delivered => lang.t("Delivered"),
        OrderStatus::Rejected => lang.t("Rejected"),
        OrderStatus::Cancelled => lang.t("Cancelled by the customer"),
    }
}

/// The shopper's choice for a line the shop does not have, as the line says it: "if unavailable: call me".
fn substitution(lang: &Lang, choice: Substitution) -> &str {
    match choice {
        Substitution::Call => lang.t("call me"),
        Substitution::Similar => lang.t("send something similar"),
        Substitution::Skip => lang.t("leave it out"),
    }
}

/// How the shopper pays, as "Pays … · total …" says it.
fn payment<'a>(lang: &'a Lang, order: &Order) -> &'a str {
    match order.payment {
        haat_api::PaymentMethod::Cash => lang.t("cash"),
        haat_api::PaymentMethod::UpiOnDelivery => lang.t("UPI on delivery"),
        haat_api::PaymentMethod::UpiNow => lang.t("UPI when ordering"),
    }
}
