use std::rc::Rc;

use haat_api::{ApiError, Customer, Fulfilment, OrderRequest, Quote, StoreProfile};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::{
    api::{self, Remote},
    cart::CartAction,
    components::{error_notice, top_bar, totals},
    host,
    route::Page,
    shop::{use_quote, use_shop},
    storage,
};

#[component]
pub fn CheckoutPage() -> Html {
    let shop = use_shop();
    let cart = shop.cart.clone();
    let fulfilment = use_state(|| Fulfilment::Delivery);
    let slot = use_state(|| None::<String>);
    let quote = use_quote(&shop.store, &cart, *fulfilment);
    let customer = use_state({
        let store = shop.store.clone();
        move || storage::load_customer(&store)
    });
    let placing = use_state(|| false);
    let in_flight = use_mut_ref(|| false);
    let error = use_state(|| None::<ApiError>);

    let on_change = {
        let customer = customer.clone();
        let store = shop.store.clone();
        Callback::from(move |next: Customer| {
            storage::save_customer(&store, &next);
            customer.set(next);
        })
    };
    {
        // In Telegram, the shopper's name comes from their verified Telegram account unless they gave one.
        let (store, on_change, customer) =
            (shop.store.clone(), on_change.clone(), customer.clone());
        use_effect_with((), move |()| {
            if let Some(init_data) = host::init_data().filter(|_| customer.name.is_empty()) {
                spawn_local(async move {
                    if let Ok(user) = api::telegram_user(&store, init_data).await {
                        let name = match user.last_name {
                            Some(last) => format!("{} {last}", user.first_name),
                            None => user.first_name,
                        };
                        on_change.emit(Customer {
                            name,
                            ..(*customer).clone()
                        });
                    }
                });
            }
        });
    }
    let on_submit = {
        let (store, navigate) = (shop.store.clone(), shop.navigate.clone());
        let (customer, placing, error) = (customer.clone(), placing.clone(), error.clone());
        let (fulfilment, slot, cart) = (fulfilment.clone(), slot.clone(), cart.clone());
        Callback::from(move |()| {
            // The ref guards against a second tap landing before the button re-renders as disabled.
            if in_flight.replace(true) {
                return;
            }
            placing.set(true);
            error.set(None);
            let delivery = fulfilment.is_delivery();
            let request = OrderRequest {
                customer: (*customer).clone(),
                lines: cart.requests(),
                fulfilment: *fulfilment,
                slot: (*slot).clone().filter(|_| delivery),
            };
            let (store, navigate, cart) = (store.clone(), navigate.clone(), cart.clone());
            let (placing, error, in_flight) = (placing.clone(), error.clone(), in_flight.clone());
            spawn_local(async move {
                let Some(key) = storage::checkout_key(&store) else {
                    error.set(Some(api::no_idempotency_key()));
                    placing.set(false);
                    in_flight.replace(false);
                    return;
                };
                match api::place_order(&store, &request, &key).await {
                    Ok(placed) => {
                        host::order_placed(
                            placed.order.id,
                            placed.order.totals.total,
                            &placed.order.currency,
                        );
                        storage::forget_checkout_key(&store);
                        cart.dispatch(CartAction::Clear);
                        navigate.emit(Page::Order {
                            id: placed.order.id,
                            token: placed.token,
                        });
                    }
                    Err(failure) => {
                        // A refusal settles this attempt: fixing the details makes a new one. A network
                        // failure or a still-running first try does not: retrying must reuse the key.
                        if !api::is_retryable(&failure) {
                            storage::forget_checkout_key(&store);
                        }
                        error.set(Some(failure));
                        placing.set(false);
                        in_flight.replace(false);
                    }
                }
            });
        })
    };
    if cart.is_empty() && !*placing {
        return html! {
            <main class="page checkout">
                { top_bar("Checkout", None, &shop.navigate.reform(|()| Page::Catalog)) }
                <div class="empty">
                    <p>{ "Your cart is empty." }</p>
                    <button class="primary" onclick={shop.navigate.reform(|_| Page::Catalog)}>{ "Browse the shop" }</button>
                </div>
            </main>
        };
    }
    if let Some(gate) = super::catalog_gate(&shop.catalog, &shop.reload) {
        return gate;
    }
    let Remote::Loaded(catalog) = &shop.catalog else {
        return html! {};
    };
    checkout_view(&CheckoutViewProps {
        customer: (*customer).clone(),
        profile: Rc::new(catalog.store.clone()),
        fulfilment: *fulfilment,
        slot: (*slot).clone(),
        on_fulfilment: Callback::from(move |choice| fulfilment.set(choice)),
        on_slot: Callback::from(move |choice| slot.set(choice)),
        quote,
        placing: *placing,
        error: (*error).clone(),
        on_change,
        on_submit,
        on_back: shop.navigate.reform(|()| Page::Cart),
    })
}

#[derive(Properties, PartialEq)]
pub struct CheckoutViewProps {
    pub customer: Customer,
    /// What the shop offers: pickup, pincodes, delivery slots, currency.
    pub profile: Rc<StoreProfile>,
    pub fulfilment: Fulfilment,
    /// The chosen delivery slot; `None` is as soon as possible.
    pub slot: Option<String>,
    pub on_fulfilment: Callback<Fulfilment>,
    pub on_slot: Callback<Option<String>>,
    pub quote: Option<Remote<Quote>>,
    /// An order is on its way to the server: the button is disabled.
    pub placing: bool,
    /// Why the last attempt failed; field problems show beside their fields.
    pub error: Option<ApiError>,
    pub on_change: Callback<Customer>,
    pub on_submit: Callback<()>,
    pub on_back: Callback<()>,
}

/// Name and phone; delivery (address, pincode, slot) or pickup; the order's totals; and the button
/// that places it.
pub fn checkout_view(props: &CheckoutViewProps) -> Html {
    let field_error = |field: &str| {
        props
            .error
            .as_ref()
            .and_then(|error| error.field_message(&format!("customer.{field}")))
            .map(|message| html! { <p class="field-error" role="alert">{ message.to_owned() }</p> })
    };
    let edit = |apply: fn(&mut Customer, String)| {
        let (customer, on_change) = (props.customer.clone(), props.on_change.clone());
        move |value: String| {
            let mut next = customer.clone();
            apply(&mut next, value);
            on_change.emit(next);
        }
    };
    let on_name = edit(|c, v| c.name = v);
    let on_phone = edit(|c, v| c.phone = v);
    let on_address = edit(|c, v| c.address = v);
    let on_pincode = edit(|c, v| c.pincode = v);
    let profile = &props.profile;
    let delivery = props.fulfilment.is_delivery();
    let fulfilment_choice = |choice: Fulfilment, label: &'static str| {
        let chosen = props.fulfilment == choice;
        html! {
            <button type="button" class={if chosen { "chip selected" } else { "chip" }} aria-pressed={chosen.to_string()}
                onclick={props.on_fulfilment.reform(move |_| choice)}>{ label }</button>
        }
    };
    let slot_choice = |id: Option<String>, label: String| {
        let chosen = props.slot == id;
        html! {
            <button type="button" class={if chosen { "chip selected" } else { "chip" }} aria-pressed={chosen.to_string()}
                onclick={props.on_slot.reform(move |_| id.clone())}>{ label }</button>
        }
    };
    let onsubmit = props
        .on_submit
        .reform(|event: SubmitEvent| event.prevent_default());
    // Problems with the customer's fields show beside them; anything else shows under the form.
    let general_error = props.error.as_ref().filter(|error| {
        !error
            .details
            .iter()
            .any(|detail| detail.field.starts_with("customer."))
    });
    let total = match &props.quote {
        Some(Remote::Loaded(quote)) => Some(Rc::clone(quote)),
        _ => None,
    };
    html! {
        <main class="page checkout">
            { top_bar("Checkout", None, &props.on_back) }
            <form class="details" {onsubmit} novalidate=true>
                <label for="name">{ "Your name" }</label>
                <input id="name" name="name" autocomplete="name" value={props.customer.name.clone()}
                    oninput={Callback::from(move |e: InputEvent| on_name(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                { field_error("name") }
                <label for="phone">{ "Mobile number" }</label>
                <input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" placeholder="98765 43210"
                    value={props.customer.phone.clone()}
                    oninput={Callback::from(move |e: InputEvent| on_phone(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                { field_error("phone") }
                if profile.pickup {
                    <div class="options" role="group" aria-label="Delivery or pickup">
                        { fulfilment_choice(Fulfilment::Delivery, "Delivery") }
                        { fulfilment_choice(Fulfilment::Pickup, "Pick up at the shop") }
                    </div>
                }
                if delivery {
                    <label for="address">{ "Delivery address" }</label>
                    <textarea id="address" name="address" autocomplete="street-address" rows="3"
                        placeholder="House, street, area, landmark"
                        value={props.customer.address.clone()}
                        oninput={Callback::from(move |e: InputEvent| on_address(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
                    { field_error("address") }
                    <label for="pincode">{ "Pincode" }</label>
                    <input id="pincode" name="pincode" autocomplete="postal-code" inputmode="numeric" maxlength="7"
                        value={props.customer.pincode.clone()}
                        oninput={Callback::from(move |e: InputEvent| on_pincode(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                    { field_error("pincode") }
                    if !profile.delivery_slots.is_empty() {
                        <p class="label">{ "Delivery time" }</p>
                        <div class="options slots" role="group" aria-label="Delivery time">
                            { slot_choice(None, "As soon as possible".to_owned()) }
                            { for profile.delivery_slots.iter().map(|slot| slot_choice(Some(slot.id.clone()), slot.label.clone())) }
                        </div>
                    }
                }
                { match &props.quote {
                    Some(Remote::Loaded(quote)) => totals(&quote.totals, &profile.currency),
                    Some(Remote::Failed(error)) => error_notice(error, None),
                    _ => html! { <p class="pricing" aria-busy="true">{ "Checking prices…" }</p> },
                } }
                if let Some(error) = general_error {
                    { error_notice(error, None) }
                }
                <div class="action-bar">
                    <button class="primary place-order" data-host="main" type="submit" disabled={props.placing || total.is_none()}>
                        { if props.placing { "Placing your order…" } else { "Place order" } }
                    </button>
                </div>
            </form>
        </main>
    }
}
