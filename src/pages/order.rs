use haat_api::{Order, OrderStatus};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::{
    api::{self, Remote},
    components::{error_notice, top_bar, totals},
    format,
    route::Page,
    shop::use_shop,
};

#[derive(Properties, PartialEq)]
pub struct OrderPageProps {
    pub id: i64,
    pub token: AttrValue,
}

#[component]
pub fn OrderPage(props: &OrderPageProps) -> Html {
    let shop = use_shop();
    let order = use_state(|| Remote::Loading);
    let generation = use_state(|| 0_u32);
    {
        let order = order.clone();
        use_effect_with(
            (props.id, props.token.clone(), *generation),
            move |(id, token, _)| {
                order.set(Remote::Loading);
                let (id, token) = (*id, token.clone());
                spawn_local(async move { order.set(api::order(id, &token).await.into()) });
            },
        );
    }
    let on_shop = shop.navigate.reform(|()| Page::Catalog);
    match &*order {
        Remote::Loading => html! {
            <main class="page loading" aria-busy="true"><p>{ "Loading your order…" }</p></main>
        },
        Remote::Failed(error) => html! {
            <main class="page">
                { top_bar("Your order", None, &on_shop) }
                { error_notice(error, Some(&Callback::from(move |()| generation.set(*generation + 1)))) }
            </main>
        },
        Remote::Loaded(loaded) => order_view(&OrderViewProps {
            order: (**loaded).clone(),
            on_shop,
        }),
    }
}

#[derive(Properties, PartialEq)]
pub struct OrderViewProps {
    pub order: Order,
    pub on_shop: Callback<()>,
}

/// An order as the server stored it: its id, status, lines, totals and where it goes.
pub fn order_view(props: &OrderViewProps) -> Html {
    let order = &props.order;
    let currency = AttrValue::from(order.currency.clone());
    html! {
        <main class="page order">
            { top_bar(order_number(order.id), None, &props.on_shop) }
            <section class="confirmation">
                <p class={format!("status {}", order.status.as_str())}>{ status_text(order.status) }</p>
                <p class="order-id">{ "Order number " }<strong>{ number(order.id) }</strong></p>
                <p class="order-total">{ "Total " }<strong>{ format::money(order.totals.total, &currency) }</strong></p>
            </section>
            <ul class="lines">
                { for order.lines.iter().map(|line| html! {
                    <li class="line">
                        <div class="info">
                            <h3 class="name">{ line.name.clone() }</h3>
                            <p class="pack">{ pack_count(&line.variant_label, line.quantity) }</p>
                        </div>
                        <p class="line-total">{ format::money(line.line_total, &currency) }</p>
                    </li>
                }) }
            </ul>
            { totals(&order.totals, &currency) }
            <section class="deliver-to">
                <h2>{ if order.fulfilment.is_delivery() { "Delivering to" } else { "Pick up at the shop" } }</h2>
                <p>{ order.customer.name.clone() }{ " · " }{ order.customer.phone.clone() }</p>
                if order.fulfilment.is_delivery() {
                    <p>{ order.customer.address.clone() }{ " " }{ order.customer.pincode.clone() }</p>
                    <p class="slot">{ order.slot.as_ref().map_or("As soon as possible", |slot| slot.label.as_str()).to_owned() }</p>
                }
            </section>
            <button class="secondary" onclick={props.on_shop.reform(|_| ())}>{ "Back to the shop" }</button>
        </main>
    }
}

fn status_text(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Placed => "Order placed: the shop has it",
        OrderStatus::Accepted => "Accepted by the shop",
        OrderStatus::Packed => "Packed",
        OrderStatus::OutForDelivery => "Out for delivery",
        OrderStatus::ReadyForPickup => "Ready for pickup",
        OrderStatus::Delivered => "Delivered",
        OrderStatus::Rejected => "The shop could not take this order",
        OrderStatus::Cancelled => "Cancelled",
    }
}

/// `#1042`.
fn number(id: i64) -> String {
    let mut text = String::from("#");
    format::push_integer(&mut text, id);
    text
}

/// `Order #1042`.
fn order_number(id: i64) -> String {
    let mut text = String::from("Order ");
    text.push_str(&number(id));
    text
}

/// `1 kg × 2`.
fn pack_count(label: &str, quantity: u32) -> String {
    let mut text = String::from(label);
    text.push_str(" × ");
    format::push_decimal(&mut text, quantity.into());
    text
}
