//! Sheets the shop prints or shares: the pick list (everything to pack across accepted orders, for a
//! slot or the day), an order's packing slip, and the day's summary. Each is drawn over the console and,
//! printed, alone on the paper (console.css's print rules), narrow enough for a 58 or 80 mm receipt
//! printer and plain on A4.

use haat_api::{DaySummary, ItemCount, Order, Refusal};
use yew::prelude::*;

use crate::{
    inbox::{day_text, list_text, reason_label},
    lang::{Lang, use_lang},
    route,
};

#[derive(Properties, PartialEq)]
pub struct SheetProps {
    /// The sheet's title, in the merchant's language (as `text` is).
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
    let lang = use_lang();
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
                    <button class="button secondary close-sheet" onclick={close}>{ lang.t("Back") }</button>
                    <button class="button print" onclick={print}>{ lang.t("Print") }</button>
                    <a class="button secondary share-sheet" target="_blank" rel="noopener"
                        href={route::whatsapp_share(&props.text)}>{ lang.t("Share on WhatsApp") }</a>
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
    let lang = use_lang();
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
        Some(slot) => lang.f("Pick list · {slot}", &[("slot", slot)]),
        None => lang.t("Pick list · all accepted orders").to_owned(),
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
                    { lang.t("Delivery slot") }{ " " }
                    <select onchange={choose}>
                        <option value="" selected={slot.is_none()}>{ lang.t("All slots") }</option>
                        { for slots.iter().map(|each| html! {
                            <option value={each.clone()} selected={slot.as_ref() == Some(each)}>{ each.clone() }</option>
                        }) }
                    </select>
                </label>
            }
            <p class="muted">{ lang.n("{count} order", "{count} orders", chosen.len() as u64) }</p>
            { items_list(&lang, &items) }
        </Sheet>
    }
}

fn items_list(lang: &Lang, items: &[ItemCount]) -> Html {
    if items.is_empty() {
        return html! { <p class="muted">{ lang.t("Nothing to pack.") }</p> };
    }
    html! {
        <ul class="items">
            { for items.iter().map(|item| html! {
                <li>
                    <span class="item">{ format!("{} {}", item.name, item.variant_label) }</span>
                    <strong class="count">{ format!("× {}", lang.number(item.quantity.into())) }</strong>
                </li>
            }) }
        </ul>
    }
}

/// An order's packing slip: who it goes to, where and when, what is in it, what to collect.
pub fn packing_slip(lang: &Lang, order: &Order, shop: &str, on_close: &Callback<()>) -> Html {
    let customer = &order.customer;
    let title = lang.f(
        "{shop} · order #{number}",
        &[("shop", shop), ("number", &order.id.to_string())],
    );
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
                <p>{ order.slot.as_ref().map_or_else(|| lang.t("As soon as possible").to_owned(), |slot| slot.label.clone()) }</p>
            } else {
                <p>{ lang.t("Pickup at the shop") }</p>
            }
            <ul class="items">
                { for order.lines.iter().filter(|line| line.quantity > 0).map(|line| html! {
                    <li>
                        <span class="item">{ format!("{} {}", line.name, line.variant_label) }</span>
                        <strong class="count">{ format!("× {}", lang.number(line.quantity.into())) }</strong>
                    </li>
                }) }
            </ul>
            <p class="total"><strong>{ lang.f("Total {amount}", &[("amount", &lang.money(order.totals.total, &order.currency))]) }</strong>
                { " · " }{ if order.paid.is_some() { lang.t("paid") } else { lang.t("to collect") } }</p>
            if !order.note.is_empty() {
                <p class="note">{ lang.f("Note: {note}", &[("note", &order.note)]) }</p>
            }
        </Sheet>
    }
}

/// The day's summary: orders, takings by how they were paid, top items, refusals.
pub fn day_sheet(lang: &Lang, day: &DaySummary, shop: &str, on_close: &Callback<()>) -> Html {
    let takings = &day.takings;
    let count = |n: u32| lang.number(n.into());
    let money = |amount| lang.money(amount, crate::RUPEES);
    html! {
        <Sheet title={format!("{shop} · {}", day.day)} text={day_text(lang, shop, day)} on_close={on_close.clone()}>
            <ul class="figures">
                <li>{ lang.t("Orders") }{ " " }<strong class="orders-count">{ count(day.orders) }</strong></li>
                <li>{ lang.t("Delivered orders") }{ " " }<strong>{ count(day.delivered) }</strong></li>
                <li>{ lang.t("Cancelled orders") }{ " " }<strong>{ count(day.cancelled) }</strong></li>
                <li>{ lang.t("Refused orders") }{ " " }<strong>{ lang.count(day.refused.len()) }</strong></li>
            </ul>
            <h3>{ lang.t("Takings") }</h3>
            <ul class="figures">
                <li>{ lang.t("Cash") }{ " " }<strong>{ money(takings.cash) }</strong></li>
                <li>{ lang.t("UPI") }{ " " }<strong>{ money(takings.upi) }</strong></li>
                <li>{ lang.t("Total") }{ " " }<strong class="takings-total">{ money(takings.total) }</strong></li>
            </ul>
            <h3>{ lang.t("Top items") }</h3>
            { items_list(lang, &day.top_items) }
            if !day.refused.is_empty() {
                <h3>{ lang.t("Refused") }</h3>
                <ul class="refusals">
                    { for day.refused.iter().map(|refusal| html! { <li>{ refusal_line(lang, refusal) }</li> }) }
                </ul>
            }
        </Sheet>
    }
}

/// "#1042 · Items out of stock: no atta today", a refused order of the day, with why.
fn refusal_line(lang: &Lang, refusal: &Refusal) -> String {
    let reason = refusal.reason.map_or_else(
        || lang.t("no reason given"),
        |reason| reason_label(lang, reason),
    );
    let number = refusal.order.to_string();
    match &refusal.note {
        Some(note) => lang.f(
            "#{number} · {reason}: {note}",
            &[("number", &number), ("reason", reason), ("note", note)],
        ),
        None => lang.f(
            "#{number} · {reason}",
            &[("number", &number), ("reason", reason)],
        ),
    }
}
