//! Sheets the shop prints or shares: the pick list (everything to pack across accepted orders, for a
//! slot or the day), an order's packing slip, and the day's summary. Each is drawn over the console and,
//! printed, alone on the paper (console.css's print rules), narrow enough for a 58 or 80 mm receipt
//! printer and plain on A4.

use haat_api::{DaySummary, ItemCount, Order};
use yew::prelude::*;

use crate::{
    inbox::{day_text, list_text, reason_label},
    route,
};

#[derive(Properties, PartialEq)]
pub struct SheetProps {
    pub title: AttrValue,
    /// The sheet as a message, for "Share on WhatsApp".
    pub text: AttrValue,
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub children: Html,
}

/// A sheet over the console, with its buttons (which never print).
#[component]
pub fn Sheet(props: &SheetProps) -> Html {
    let Some(body) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.body())
    else {
        return Html::default();
    };
    let print = Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let close = props.on_close.reform(|_: MouseEvent| ());
    create_portal(
        html! {
            <div class="sheet" role="dialog" aria-modal="true" aria-labelledby="sheet-title">
                <div class="sheet-bar no-print">
                    <button class="button secondary close-sheet" onclick={close}>{ "Back" }</button>
                    <button class="button print" onclick={print}>{ "Print" }</button>
                    <a class="button secondary share-sheet" target="_blank" rel="noopener"
                        href={route::whatsapp_share(&props.text)}>{ "Share on WhatsApp" }</a>
                </div>
                <h2 id="sheet-title">{ props.title.clone() }</h2>
                { props.children.clone() }
            </div>
        },
        body.into(),
    )
}

#[derive(Properties, PartialEq)]
pub struct PickListProps {
    /// The accepted orders, waiting to be packed.
    pub orders: Vec<Order>,
    pub on_close: Callback<()>,
}

/// Everything to pick for the accepted orders: for the day, or for one delivery slot.
#[component]
pub fn PickList(props: &PickListProps) -> Html {
    let slot = use_state(|| None::<String>);
    let slots = crate::inbox::slots_of(&props.orders);
    let chosen: Vec<&Order> = props
        .orders
        .iter()
        .filter(|order| {
            slot.as_ref()
                .is_none_or(|slot| order.slot.as_ref().is_some_and(|it| &it.label == slot))
        })
        .collect();
    let items = crate::inbox::pick_list(chosen.iter().copied());
    let title = match &*slot {
        Some(slot) => format!("Pick list · {slot}"),
        None => "Pick list · all accepted orders".to_owned(),
    };
    let choose = {
        let slot = slot.clone();
        Callback::from(move |event: Event| {
            let value = event
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            slot.set((!value.is_empty()).then_some(value));
        })
    };
    html! {
        <Sheet title={title.clone()} text={list_text(&title, &items)} on_close={props.on_close.clone()}>
            if !slots.is_empty() {
                <label class="no-print slot-choice">
                    { "For " }
                    <select onchange={choose}>
                        <option value="" selected={slot.is_none()}>{ "all slots" }</option>
                        { for slots.iter().map(|each| html! {
                            <option value={each.clone()} selected={slot.as_ref() == Some(each)}>{ each.clone() }</option>
                        }) }
                    </select>
                </label>
            }
            <p class="muted">{ format!("{} orders", chosen.len()) }</p>
            { items_list(&items) }
        </Sheet>
    }
}

fn items_list(items: &[ItemCount]) -> Html {
    if items.is_empty() {
        return html! { <p class="muted">{ "Nothing to pack." }</p> };
    }
    html! {
        <ul class="items">
            { for items.iter().map(|item| html! {
                <li>
                    <span class="item">{ format!("{} {}", item.name, item.variant_label) }</span>
                    <strong class="count">{ format!("× {}", item.quantity) }</strong>
                </li>
            }) }
        </ul>
    }
}

/// An order's packing slip: who it goes to, where and when, what is in it, what to collect.
pub fn packing_slip(order: &Order, shop: &str, on_close: &Callback<()>) -> Html {
    let customer = &order.customer;
    let title = format!("{shop} · order #{}", order.id);
    let lines: Vec<String> = order
        .lines
        .iter()
        .map(|line| format!("{} {} × {}", line.name, line.variant_label, line.quantity))
        .collect();
    let text = format!("{title}\n{}\n{}", customer.name, lines.join("\n"));
    html! {
        <Sheet title={title} {text} on_close={on_close.clone()}>
            <p><strong>{ customer.name.clone() }</strong>{ format!(" · {}", customer.phone) }</p>
            if order.fulfilment.is_delivery() {
                <p>{ format!("{}, {}", customer.address, customer.pincode) }</p>
                <p>{ order.slot.as_ref().map_or("As soon as possible".to_owned(), |slot| slot.label.clone()) }</p>
            } else {
                <p>{ "Pickup at the shop" }</p>
            }
            <ul class="items">
                { for order.lines.iter().filter(|line| line.quantity > 0).map(|line| html! {
                    <li>
                        <span class="item">{ format!("{} {}", line.name, line.variant_label) }</span>
                        <strong class="count">{ format!("× {}", line.quantity) }</strong>
                    </li>
                }) }
            </ul>
            <p class="total"><strong>{ format!("Total ₹{}", order.totals.total.rupees()) }</strong>
                { if order.paid.is_some() { " · paid" } else { " · to collect" } }</p>
            if !order.note.is_empty() {
                <p class="note">{ format!("Note: {}", order.note) }</p>
            }
        </Sheet>
    }
}

/// The day's summary: orders, takings by how they were paid, top items, refusals.
pub fn day_sheet(day: &DaySummary, shop: &str, on_close: &Callback<()>) -> Html {
    let takings = &day.takings;
    html! {
        <Sheet title={format!("{shop} · {}", day.day)} text={day_text(shop, day)} on_close={on_close.clone()}>
            <ul class="figures">
                <li>{ "Orders " }<strong class="orders-count">{ day.orders }</strong></li>
                <li>{ "Delivered " }<strong>{ day.delivered }</strong></li>
                <li>{ "Cancelled " }<strong>{ day.cancelled }</strong></li>
                <li>{ "Refused " }<strong>{ day.refused.len() }</strong></li>
            </ul>
            <h3>{ "Takings" }</h3>
            <ul class="figures">
                <li>{ "Cash " }<strong>{ format!("₹{}", takings.cash.rupees()) }</strong></li>
                <li>{ "UPI " }<strong>{ format!("₹{}", takings.upi.rupees()) }</strong></li>
                <li>{ "Total " }<strong class="takings-total">{ format!("₹{}", takings.total.rupees()) }</strong></li>
            </ul>
            <h3>{ "Top items" }</h3>
            { items_list(&day.top_items) }
            if !day.refused.is_empty() {
                <h3>{ "Refused" }</h3>
                <ul class="refusals">
                    { for day.refused.iter().map(|refusal| html! {
                        <li>
                            { format!("#{} · {}", refusal.order, refusal.reason.map_or("no reason given", reason_label)) }
                            if let Some(note) = &refusal.note { { format!(": {note}") } }
                        </li>
                    }) }
                </ul>
            }
        </Sheet>
    }
}
