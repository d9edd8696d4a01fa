use std::{cell::RefCell, rc::Rc};

use gloo_events::EventListener;
use haat_api::{ApiError, Customer, Fulfilment, OrderRequest, PaymentMethod, Quote, StoreProfile};
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
    storage::{self, Choices},
    validate,
};

#[component]
pub fn CheckoutPage() -> Html {
    let shop = use_shop();
    let cart = shop.cart.clone();
    let choices = use_state({
        let store = shop.store.clone();
        move || storage::load_choices(&store)
    });
    let quote = use_quote(&shop.store, &cart, choices.fulfilment);
    let customer = use_state({
        let store = shop.store.clone();
        move || storage::load_customer(&store)
    });
    let placing = use_state(|| false);
    let checked = use_state(|| false);
    let in_flight = use_mut_ref(|| false);
    let error = use_state(|| None::<ApiError>);
    // Placing again when the phone comes back online, after a failure to reach the shop.
    let when_online = use_mut_ref(|| None::<EventListener>);
    let submit_again = use_mut_ref(Callback::<()>::noop);

    let on_change = {
        let (customer, store) = (customer.clone(), shop.store.clone());
        Callback::from(move |next: Customer| {
            storage::save_customer(&store, &next);
            customer.set(next);
        })
    };
    let on_choices = {
        let (choices, store) = (choices.clone(), shop.store.clone());
        Callback::from(move |next: Choices| {
            storage::save_choices(&store, &next);
            choices.set(next);
        })
    };
    let profile = match &shop.catalog {
        Remote::Loaded(catalog) => Some(Rc::new(catalog.store.clone())),
        _ => None,
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
        let (choices, cart, checked) = (choices.clone(), cart.clone(), checked.clone());
        let (profile, when_online, submit_again) =
            (profile.clone(), when_online.clone(), submit_again.clone());
        Callback::from(move |()| {
            let Some(profile) = &profile else { return };
            if !validate::problems(&customer, profile, choices.fulfilment).is_empty() {
                checked.set(true);
                return;
            }
            // The ref guards against a second tap landing before the button re-renders as disabled.
            if in_flight.replace(true) {
                return;
            }
            when_online.replace(None);
            placing.set(true);
            error.set(None);
            let request = order_request(&customer, &choices, profile, cart.requests());
            let (store, navigate, cart) = (store.clone(), navigate.clone(), cart.clone());
            let (placing, error, in_flight) = (placing.clone(), error.clone(), in_flight.clone());
            let (when_online, submit_again) = (when_online.clone(), submit_again.clone());
            spawn_local(async move {
                let attempt = storage::checkout_attempt(&store, api::order_body(&request));
                let Some(attempt) = attempt else {
                    error.set(Some(api::no_idempotency_key()));
                    placing.set(false);
                    in_flight.replace(false);
                    return;
                };
                match api::place_order(&store, &attempt.body, &attempt.key).await {
                    Ok(placed) => {
                        host::order_placed(
                            placed.order.id,
                            placed.order.totals.total,
                            &placed.order.currency,
                        );
                        // On the phone before the attempt is forgotten: if the shopper left checkout
                        // meanwhile, this app is gone, and the shop's pages on screen must not keep
                        // (and order again) the cart just ordered.
                        let last = storage::LastOrder {
                            id: placed.order.id,
                            token: placed.token,
                        };
                        storage::empty_cart(&store);
                        storage::save_last_order(&store, &last);
                        storage::forget_checkout_attempt(&store);
                        cart.dispatch(CartAction::Clear);
                        navigate.emit(Page::Order {
                            id: last.id,
                            token: last.token,
                        });
                    }
                    Err(failure) => {
                        // A refusal settles this attempt: fixing the details makes a new one. A network
                        // failure or a still-running first try does not: retrying must reuse the key.
                        if !api::is_retryable(&failure) {
                            storage::forget_checkout_attempt(&store);
                        }
                        if failure.code == api::NETWORK_ERROR {
                            when_online.replace(retry_when_online(&submit_again));
                        }
                        error.set(Some(failure));
                        placing.set(false);
                        in_flight.replace(false);
                    }
                }
            });
        })
    };
    *submit_again.borrow_mut() = on_submit.clone();
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
    let Some(profile) = profile else {
        return html! {};
    };
    checkout_view(&CheckoutViewProps {
        customer: (*customer).clone(),
        profile,
        choices: (*choices).clone(),
        on_choices,
        quote,
        placing: *placing,
        checked: *checked,
        error: (*error).clone(),
        on_change,
        on_submit,
        on_back: shop.navigate.reform(|()| Page::Cart),
    })
}

/// The order as the API takes it: only what the shopper chose, never a price. A payment method the shop
/// no longer takes falls back to its first.
fn order_request(
    customer: &Customer,
    choices: &Choices,
    profile: &StoreProfile,
    lines: Vec<haat_api::LineRequest>,
) -> OrderRequest {
    let delivery = choices.fulfilment.is_delivery();
    let offered = &profile.payment_methods;
    let payment = if offered.contains(&choices.payment) {
        choices.payment
    } else {
        offered.first().copied().unwrap_or_default()
    };
    OrderRequest {
        customer: customer.clone(),
        lines,
        fulfilment: choices.fulfilment,
        slot: choices.slot.clone().filter(|_| delivery),
        payment,
        note: choices.note.clone(),
    }
}

/// Listens once for the phone coming back online, then places the order again (with the same key).
fn retry_when_online(submit: &Rc<RefCell<Callback<()>>>) -> Option<EventListener> {
    let window = web_sys::window()?;
    let submit = submit.clone();
    Some(EventListener::once(&window, "online", move |_| {
        submit.borrow().emit(())
    }))
}

#[derive(Properties, PartialEq)]
pub struct CheckoutViewProps {
    pub customer: Customer,
    /// What the shop offers: pickup, pincodes, delivery slots, payment methods, currency.
    pub profile: Rc<StoreProfile>,
    pub choices: Choices,
    pub on_choices: Callback<Choices>,
    pub quote: Option<Remote<Quote>>,
    /// An order is on its way to the server: the button is disabled.
    pub placing: bool,
    /// The shopper tried to place the order: every problem with the details shows beside its field.
    pub checked: bool,
    /// Why the last attempt failed; field problems show beside their fields.
    pub error: Option<ApiError>,
    pub on_change: Callback<Customer>,
    pub on_submit: Callback<()>,
    pub on_back: Callback<()>,
}

/// Name and phone; delivery (address, pincode, slot) or pickup; payment and a note; the order's totals;
/// and the button that places it.
pub fn checkout_view(props: &CheckoutViewProps) -> Html {
    let profile = &props.profile;
    let choices = &props.choices;
    let problems = validate::problems(&props.customer, profile, choices.fulfilment);
    // A phone number shows its problem as soon as it looks complete; the rest after a first try.
    let typed_phone = props
        .customer
        .phone
        .chars()
        .filter(char::is_ascii_digit)
        .count()
        >= 10;
    let field_error = |field: &str| {
        let local = problems
            .iter()
            .find(|(name, _)| {
                *name == field && (props.checked || (field == "phone" && typed_phone))
            })
            .map(|(_, message)| *message);
        let server = props
            .error
            .as_ref()
            .and_then(|error| error.field_message(&format!("customer.{field}")));
        local.or(server).map(|message| {
            html! { <p class="field-error" id={format!("{field}-error")} role="alert">{ message.to_owned() }</p> }
        })
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
    let choose = |apply: fn(&mut Choices, String)| {
        let (choices, on_choices) = (choices.clone(), props.on_choices.clone());
        move |value: String| {
            let mut next = choices.clone();
            apply(&mut next, value);
            on_choices.emit(next);
        }
    };
    let on_note = choose(|c, v| c.note = v);
    let delivery = choices.fulfilment.is_delivery();
    let chip = |chosen: bool, label: String, next: Choices| {
        html! {
            <button type="button" class={if chosen { "chip selected" } else { "chip" }} aria-pressed={if chosen { "true" } else { "false" }}
                onclick={props.on_choices.reform(move |_| next.clone())}>{ label }</button>
        }
    };
    let fulfilment_choice = |fulfilment: Fulfilment, label: &str| {
        let next = Choices {
            fulfilment,
            ..choices.clone()
        };
        chip(choices.fulfilment == fulfilment, label.to_owned(), next)
    };
    let slot_choice = |slot: Option<String>, label: String| {
        let chosen = choices.slot == slot;
        chip(
            chosen,
            label,
            Choices {
                slot,
                ..choices.clone()
            },
        )
    };
    let payment_choice = |payment: PaymentMethod| {
        let next = Choices {
            payment,
            ..choices.clone()
        };
        chip(
            choices.payment == payment,
            payment_label(payment).to_owned(),
            next,
        )
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
    let retry = general_error
        .filter(|error| api::is_retryable(error))
        .map(|_| props.on_submit.clone());
    let priced = matches!(props.quote, Some(Remote::Loaded(_)));
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
                if profile.payment_methods.len() > 1 {
                    <p class="label">{ "Payment" }</p>
                    <div class="options payment" role="group" aria-label="Payment">
                        { for profile.payment_methods.iter().map(|method| payment_choice(*method)) }
                    </div>
                }
                <label for="note">{ "Note to the shop (optional)" }</label>
                <textarea id="note" name="note" rows="2" maxlength="500" placeholder="Ring twice; leave at the gate"
                    value={choices.note.clone()}
                    oninput={Callback::from(move |e: InputEvent| on_note(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
                { match &props.quote {
                    Some(Remote::Loaded(quote)) => totals(&quote.totals, &profile.currency),
                    Some(Remote::Failed(error)) => error_notice(error, None),
                    _ => html! { <p class="pricing" aria-busy="true">{ "Checking prices…" }</p> },
                } }
                if let Some(error) = general_error {
                    { error_notice(error, retry.as_ref()) }
                    if error.code == api::NETWORK_ERROR {
                        <p class="notice offline">{ "Your order is kept on this phone. Tap Try again, or it goes out by itself when your connection comes back." }</p>
                    }
                }
                <div class="action-bar">
                    <button class="primary place-order" data-host="main" type="submit" disabled={props.placing || !priced}>
                        { if props.placing { "Placing your order…" } else { "Place order" } }
                    </button>
                </div>
            </form>
        </main>
    }
}

fn payment_label(method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::Cash => "Cash",
        PaymentMethod::UpiOnDelivery => "UPI on delivery",
        PaymentMethod::UpiNow => "UPI now",
    }
}
