use std::{cell::Cell, rc::Rc};

use gloo_timers::future::TimeoutFuture;
use haat_api::{ApiError, Catalog, ErrorCode, Order, OrderStatus, clock::ShopTime};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::{navigator::NavigatorKind, prelude::*};

use crate::{
    api::{self, Remote},
    components::{error_notice, line_name, top_bar, totals},
    format, handoff,
    lang::{Lang, use_lang},
    locale,
    route::{self, Page},
    shop::use_shop,
    storage, words,
};

/// How often an open order page asks for news while the order is still moving.
const POLL_MS: u32 = 8_000;

#[derive(Properties, PartialEq)]
pub struct OrderPageProps {
    pub id: i64,
}

#[component]
pub fn OrderPage(props: &OrderPageProps) -> Html {
    let lang = use_lang();
    let shop = use_shop();
    let location = use_location();
    let navigator = use_navigator();
    let order = use_state(|| Remote::Loading);
    let generation = use_state(|| 0_u32);
    // The order's token: the link's fragment, else this phone's record of an order placed from it.
    let in_link = location.as_ref().and_then(|at| route::token_in(at.hash()));
    let token = use_memo((props.id, in_link.clone()), |(id, in_link)| {
        // Orders are numbered from 1.
        if *id < 1 {
            return None;
        }
        in_link.clone().or_else(|| {
            let kept = storage::recent_orders(&shop.store);
            Some(kept.into_iter().find(|order| order.id == *id)?.token)
        })
    });
    {
        // Opened inside the app, the address had no token: it becomes the order's link. Not for a shop
        // mounted into a host page, whose address is the host page's own.
        let browser = navigator.is_some_and(|it| it.kind() == NavigatorKind::Browser);
        let (store, id) = (shop.store.clone(), props.id);
        use_effect_with(token.clone(), move |token| {
            if let (true, None, Some(token)) = (browser, in_link, token.as_ref()) {
                route::show_order_link(&store, id, token);
            }
        });
    }
    {
        let order = order.clone();
        use_effect_with(
            (props.id, token.clone(), *generation),
            move |(id, token, _)| {
                let alive = Rc::new(Cell::new(true));
                match token.as_ref() {
                    Some(token) => {
                        order.set(Remote::Loading);
                        follow(*id, AttrValue::from(token.clone()), order, alive.clone());
                    }
                    None => order.set(Remote::Failed(unknown_order())),
                }
                move || alive.set(false)
            },
        );
    }
    let (back, on_shop) = shop.way_to(Page::Catalog);
    match &*order {
        Remote::Loading => html! {
            <main class="page order">
                { top_bar(&lang, order_title(&lang, props.id), None, back, &on_shop) }
                <p class="boot" aria-busy="true">{ lang.t("Loading your order…") }</p>
            </main>
        },
        Remote::Failed(error) => html! {
            <main class="page order">
                { top_bar(&lang, order_title(&lang, props.id), None, back, &on_shop) }
                { error_notice(&lang, error, Some(&Callback::from(move |()| generation.set(*generation + 1)))) }
            </main>
        },
        Remote::Loaded(loaded) => order_view(&OrderViewProps {
            lang: lang.clone(),
            order: (**loaded).clone(),
            catalog: match &shop.catalog {
                Remote::Loaded(catalog) => Some(catalog.clone()),
                _ => None,
            },
            link: AttrValue::from(order_link(
                &shop.store,
                props.id,
                token.as_deref().unwrap_or_default(),
            )),
            on_shop,
        }),
    }
}

/// An order's page's title, in every state of the page, from the frame the server draws on.
pub fn order_title(lang: &Lang, id: i64) -> String {
    lang.f("Order #{number}", &[("number", &format::integer(id))])
}

/// An order link without its token, on a phone that did not place the order: the API would answer
/// `order_not_found` for it, so the page says so without asking.
fn unknown_order() -> ApiError {
    ApiError {
        code: ErrorCode::OrderNotFound.as_str().to_owned(),
        message: "This order link does not work.".to_owned(),
        details: Vec::new(),
    }
}

/// Loads the order, then keeps asking while it can still change and the page is open, so the timeline
/// moves on without a reload. A failed refresh keeps what is shown and tries again later.
fn follow(id: i64, token: AttrValue, order: UseStateHandle<Remote<Order>>, alive: Rc<Cell<bool>>) {
    spawn_local(async move {
        let mut shown: Option<Order> = None;
        loop {
            match api::order(id, &token).await {
                Ok(fresh) => {
                    if shown.as_ref() != Some(&fresh) {
                        shown = Some(fresh.clone());
                        if alive.get() {
                            order.set(Remote::Loaded(Rc::new(fresh)));
                        }
                    }
                }
                Err(error) if shown.is_none() => {
                    if alive.get() {
                        order.set(Remote::Failed(error));
                    }
                    return;
                }
                Err(_) => {}
            }
            if shown.as_ref().is_some_and(|order| is_final(order.status)) {
                return;
            }
            TimeoutFuture::new(POLL_MS).await;
            if !alive.get() {
                return;
            }
        }
    });
}

fn is_final(status: OrderStatus) -> bool {
    matches!(
        status,
        OrderStatus::Delivered | OrderStatus::Rejected | OrderStatus::Cancelled
    )
}

/// The order page's full address, token included: what a shopper shares.
fn order_link(store: &str, id: i64, token: &str) -> String {
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    origin + &route::order_href(store, id, token)
}

#[derive(Properties, PartialEq)]
pub struct OrderViewProps {
    /// The language the page speaks.
    pub lang: Lang,
    pub order: Order,
    /// The shop's catalog, for handing the order back to the shop and naming its lines as the shopper
    /// reads them; `None` while it is loading.
    pub catalog: Option<Rc<Catalog>>,
    /// This page's shareable address.
    pub link: AttrValue,
    pub on_shop: Callback<()>,
}

/// An order as the server stored it: its id, a timeline of its status, lines, totals, where it goes, a
/// UPI payment link when it is paid now, and the ways to send it to the shop or another chat.
pub fn order_view(props: &OrderViewProps) -> Html {
    let (lang, order) = (&props.lang, &props.order);
    let currency = AttrValue::from(order.currency.clone());
    let open = !is_final(order.status);
    let encode = |text: &str| String::from(js_sys::encode_uri_component(text));
    // A test order (placed in a preview of the shop's draft) goes to nobody.
    let catalog = props.catalog.as_deref();
    let shop = catalog.map(|catalog| &catalog.store);
    let summary = catalog.filter(|_| !order.test).map(|catalog| {
        (
            &catalog.store,
            handoff::summary(lang, order, catalog, &props.link),
        )
    });
    let total = lang.money(order.totals.total, &currency);
    html! {
        <main class="page order">
            { top_bar(lang, order_title(lang, order.id), None, route::href(&order.store, &Page::Catalog), &props.on_shop) }
            // One child after the top bar: Yew matches unkeyed children from the end, so the top bar
            // the loading page drew stays the same element, and keeps the focus the page was announced with.
            <>
                <section class="confirmation">
                    <p class={format!("status {}", order.status.as_str())} role="status" aria-live="polite">
                        { if order.test { lang.t("A test order: the shop does not get it") } else { status_text(lang, order.status) } }
                    </p>
                    if let Some(refusal) = order.history.iter().rfind(|change| change.status == OrderStatus::Rejected) {
                        <p class="refusal">
                            { refusal.reason.map(|reason| words::refusal(lang, reason)).unwrap_or_default() }
                            if let Some(note) = &refusal.note {
                                { " " }<q class="shop-words">{ note.clone() }</q>
                            }
                        </p>
                    }
                    <p class="order-id">{ lang.t("Order number") }{ " " }<strong>{ lang.f("#{number}", &[("number", &format::integer(order.id))]) }</strong></p>
                    <p class="order-total">{ lang.t("Total") }{ " " }<strong>{ total.clone() }</strong></p>
                </section>
                if let (Some(link), true) = (&order.payment_link, open) {
                    <a class="primary pay" href={link.clone()}>{ lang.f("Pay {amount} with UPI", &[("amount", &total)]) }</a>
                }
                { timeline(lang, order) }
                if let Some((shop, text)) = summary {
                    <div class="handoff">
                        <a class="primary whatsapp" href={format!("https://wa.me/{}?text={}", handoff::whatsapp_number(&shop.phone), encode(&text))}>
                            { lang.t("Send to the shop on WhatsApp") }
                        </a>
                        <a class="secondary share" href={format!("https://t.me/share/url?url={}&text={}", encode(&props.link), encode(&text))}>
                            { lang.t("Share in another chat") }
                        </a>
                    </div>
                }
                <ul class="lines">
                    { for order.lines.iter().map(|line| html! {
                        <li class="line">
                            <div class="info">
                                <h2 class="name">{ line_name(lang, catalog, line).to_owned() }</h2>
                                <p class="pack">{ pack_count(lang, &line.variant_label, line.quantity) }</p>
                                if let Some(instead) = line.replaces.and_then(|number| order.line(number)) {
                                    <p class="changed">{ lang.f("Sent instead of {product}", &[("product", line_name(lang, catalog, instead))]) }</p>
                                } else if let Some(ordered) = line.ordered {
                                    <p class="changed">
                                        { if line.quantity == 0 { lang.t("Unavailable.") } else { lang.t("Changed by the shop.") } }
                                        { " " }{ lang.f("You ordered {count}", &[("count", &lang.number(ordered.into()))]) }
                                    </p>
                                }
                                <p class="substitution">{ words::if_unavailable(lang, line.substitution) }</p>
                            </div>
                            <p class="line-total">{ lang.money(line.line_total, &currency) }</p>
                        </li>
                    }) }
                </ul>
                { totals(lang, &order.totals, &currency) }
                <section class="deliver-to">
                    <h2>{ if order.fulfilment.is_delivery() { lang.t("Delivering to") } else { lang.t("Picking up at the shop") } }</h2>
                    <p>{ order.customer.name.clone() }{ " · " }{ order.customer.phone.clone() }</p>
                    if order.fulfilment.is_delivery() {
                        <p>{ order.customer.address.clone() }{ " " }{ order.customer.pincode.clone() }</p>
                        <p class="slot">{ order.slot.as_ref().map_or(lang.t("As soon as possible"), |slot| slot.label.as_str()).to_owned() }</p>
                    } else if let Some(shop) = shop {
                        <p class="shop-address">
                            { shop.name.clone() }
                            if !shop.address.is_empty() {
                                { ", " }{ shop.address.clone() }
                            }
                        </p>
                        if !shop.hours.is_empty() {
                            <p class="hours">{ lang.f("Open {hours}", &[("hours", &shop.hours)]) }</p>
                        }
                    }
                    <p class="payment">
                        { lang.f("Payment: {method}", &[("method", words::payment(lang, order.payment, order.fulfilment))]) }
                        if order.paid.is_some() {
                            { " · " }<strong class="paid">{ lang.t("Paid, the shop says") }</strong>
                        }
                    </p>
                    if !order.note.is_empty() {
                        <p class="note">{ lang.f("Note: {note}", &[("note", &order.note)]) }</p>
                    }
                </section>
                <button class="secondary back-to-shop" onclick={props.on_shop.reform(|_| ())}>{ lang.t("Back to the shop") }</button>
            </>
        </main>
    }
}

/// The steps of the order's life, those reached with their time on the shops' clock (as the shop's
/// messages say it). A rejected or cancelled order shows where it stopped.
fn timeline(lang: &Lang, order: &Order) -> Html {
    let last = if order.fulfilment.is_delivery() {
        OrderStatus::OutForDelivery
    } else {
        OrderStatus::ReadyForPickup
    };
    let mut steps = vec![
        OrderStatus::Placed,
        OrderStatus::Accepted,
        OrderStatus::Packed,
        last,
        OrderStatus::Delivered,
    ];
    if matches!(order.status, OrderStatus::Rejected | OrderStatus::Cancelled) {
        steps.retain(|step| order.history.iter().any(|change| change.status == *step));
        steps.push(order.status);
    }
    html! {
        <ol class="timeline">
            { for steps.into_iter().map(|step| {
                let reached = order.history.iter().rev().find(|change| change.status == step);
                let class = match reached {
                    Some(_) if step == order.status => "step current",
                    Some(_) => "step done",
                    None => "step",
                };
                html! {
                    <li class={class} data-status={step.as_str()}>
                        <span class="label">{ step_text(lang, step) }</span>
                        if let Some(change) = reached {
                            <time class="at">{ locale::time(lang.language, &ShopTime::at(change.at_ms)) }</time>
                        }
                    </li>
                }
            }) }
        </ol>
    }
}

fn step_text(lang: &Lang, status: OrderStatus) -> &str {
    match status {
        OrderStatus::Placed => lang.t("Placed"),
        OrderStatus::Accepted => lang.t("Accepted"),
        OrderStatus::Packed => lang.t("Packed"),
        OrderStatus::OutForDelivery => lang.t("Out for delivery"),
        OrderStatus::ReadyForPickup => lang.t("Ready for pickup"),
        OrderStatus::Delivered => lang.t("Delivered"),
        OrderStatus::Rejected => lang.t("Rejected by the shop"),
        OrderStatus::Cancelled => lang.t("Cancelled"),
    }
}

fn status_text(lang: &Lang, status: OrderStatus) -> &str {
    match status {
        OrderStatus::Placed => lang.t("Order placed: the shop has it"),
        OrderStatus::Accepted => lang.t("Accepted by the shop"),
        OrderStatus::Rejected => lang.t("The shop could not take this order"),
        other => step_text(lang, other),
    }
}

/// `1 kg × 2`.
fn pack_count(lang: &Lang, label: &str, quantity: u32) -> String {
    let mut text = String::from(label);
    text.push_str(" × ");
    text.push_str(&lang.number(quantity.into()));
    text
}
