use std::rc::Rc;

use haat_api::{
    ApiError, Catalog, Customer, FieldError, Fulfilment, OrderRequest, PaymentMethod, Quote,
    StoreProfile,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::{
    api::{self, Remote},
    components::{empty_cart, error_notice, last_order_button, line_name, top_bar, totals},
    format, host,
    lang::{Lang, use_lang},
    outbox::Sending,
    route::{self, Page},
    shop::{use_quote, use_shop},
    storage::{self, Attempt, Choices},
    validate, words,
};

#[component]
pub fn CheckoutPage() -> Html {
    let lang = use_lang();
    let shop = use_shop();
    let outbox = shop.outbox.clone();
    let choices = use_state({
        let store = shop.store.clone();
        move || storage::load_choices(&store)
    });
    let customer = use_state({
        let store = shop.store.clone();
        move || storage::load_customer(&store)
    });
    // While an attempt is kept (by this page, an earlier visit or another tab), the page shows it exactly
    // as it will be sent, and takes no edits.
    let kept = storage::pending_attempt(&shop.store);
    let sent = kept.as_ref().and_then(Attempt::request);
    let sending = match (&kept, outbox.state.is_unsettled()) {
        // Kept, and about to be picked up by the outbox.
        (Some(attempt), false) if attempt.withdraw => Sending::Withdrawing,
        (Some(_), false) => Sending::Sending,
        _ => outbox.state.clone(),
    };
    let (shown_customer, shown_choices, lines) = match &sent {
        Some(request) => (
            request.customer.clone(),
            Choices {
                fulfilment: request.fulfilment,
                slot: request.slot.clone(),
                payment: request.payment,
                note: request.note.clone(),
            },
            request.lines.clone(),
        ),
        None => (
            (*customer).clone(),
            (*choices).clone(),
            shop.cart.requests(),
        ),
    };
    // Every line's product, which a large shop's page may not have brought: loading until it is here.
    let shown_catalog = shop.catalog_of(lines.iter().map(|line| line.product.as_str()));
    let quote = use_quote(&shop.store, lines, shown_choices.fulfilment, lang.language);
    // The shopper tried to place the order (how many times, and the first field with a problem then):
    // every problem shows, and the first field takes the focus once the page shows its message.
    let tried = use_state(|| (0_u32, ""));
    {
        use_effect_with(*tried, |(_, field)| focus(field));
    }
    // A failure of this page's own: the browser cannot make a checkout key.
    let no_key = use_state(|| None::<ApiError>);
    let status = use_node_ref();

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
    let catalog = match &shown_catalog {
        Remote::Loaded(catalog) => Some(catalog.clone()),
        _ => None,
    };
    {
        // In Telegram, the shopper's name comes from their verified Telegram account unless they gave one
        // (before the answer came too: what they typed meanwhile, kept on every keystroke, stays).
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
                        let typed = storage::load_customer(&store);
                        if typed.name.is_empty() {
                            on_change.emit(Customer { name, ..typed });
                        }
                    }
                });
            }
        });
    }
    {
        // The shop took the order: its page. A new failure: said where the shopper is looking (once, not
        // again on every automatic retry that fails the same way).
        let (navigate, dismiss, status) = (
            shop.navigate.clone(),
            outbox.dismiss.clone(),
            status.clone(),
        );
        let told = use_mut_ref(|| None::<String>);
        // Only an order this page saw on its way goes to its page: news of an earlier one placed in the
        // background stays news (the shopper may be here to place another).
        let was_on_its_way = use_mut_ref(|| false);
        use_effect_with(outbox.state.clone(), move |state| {
            let on_its_way = was_on_its_way.replace(state.is_unsettled());
            if let (Sending::Placed(order), true) = (state, on_its_way) {
                dismiss.emit(());
                navigate.emit(order.page());
            }
            let error = state.error();
            let new = error.is_some_and(|error| told.borrow().as_ref() != Some(&error.code));
            if let Some(error) = error.filter(|_| new) {
                match error.details.iter().find_map(customer_field) {
                    Some(field) => focus(field),
                    None => {
                        if let Some(status) = status.cast::<HtmlElement>() {
                            let _ = status.focus();
                        }
                    }
                }
            }
            if !matches!(state, Sending::Sending | Sending::Withdrawing) {
                *told.borrow_mut() = error.map(|error| error.code.clone());
            }
        });
    }
    let on_submit = {
        let (store, outbox, no_key) = (shop.store.clone(), outbox.clone(), no_key.clone());
        let (customer, choices, cart, tried) = (
            customer.clone(),
            choices.clone(),
            shop.cart.clone(),
            tried.clone(),
        );
        let (catalog, locked, lang) = (catalog.clone(), kept.is_some(), lang.clone());
        Callback::from(move |()| {
            // Try again: the kept attempt, as it is.
            if locked {
                outbox.send.emit(());
                return;
            }
            let Some(profile) = catalog.as_ref().map(|catalog| &catalog.store) else {
                return;
            };
            let problems = validate::problems(&lang, &customer, profile, choices.fulfilment);
            if let Some((field, _)) = problems.first() {
                tried.set((tried.0 + 1, field));
                return;
            }
            let request = order_request(&customer, &choices, profile, cart.requests(), &lang);
            if storage::checkout_attempt(&store, api::order_body(&request)).is_none() {
                no_key.set(Some(api::no_idempotency_key()));
                return;
            }
            outbox.send.emit(());
        })
    };
    if shop.cart.is_empty() && sent.is_none() {
        let last_order =
            storage::load_last_order(&shop.store).map_or_else(Html::default, |order| {
                last_order_button(
                    &lang,
                    order.id,
                    &shop.navigate.reform(move |()| order.page()),
                )
            });
        let (to_shop, on_shop) = shop.way_to(Page::Catalog);
        // Back leads to the cart, as from checkout with lines and from its frame.
        let (to_cart, on_cart) = shop.way_to(Page::Cart);
        return html! {
            <main class="page checkout">
                { top_bar(&lang, lang.t("Checkout").to_owned(), None, to_cart, &on_cart) }
                { empty_cart(&lang, last_order, to_shop, &on_shop) }
            </main>
        };
    }
    if let Some(gate) = super::catalog_gate(&lang, &shown_catalog, &shop.reload) {
        return gate;
    }
    let Some(catalog) = catalog else {
        return html! {};
    };
    checkout_view(&CheckoutViewProps {
        lang: lang.clone(),
        customer: shown_customer,
        catalog,
        choices: shown_choices,
        on_choices,
        quote,
        sending,
        checked: tried.0 > 0,
        error: (*no_key).clone(),
        on_change,
        on_submit,
        on_withdraw: outbox.withdraw.clone(),
        on_back: shop.navigate.reform(|()| Page::Cart),
        status,
    })
}

/// The customer's field a refusal names (`"phone"` for `customer.phone`), if it names one.
fn customer_field(detail: &FieldError) -> Option<&str> {
    detail.field.strip_prefix("customer.")
}

/// Moves the shopper to a field of the form (`"name"`, `"phone"`, …): the browser scrolls it into view.
/// Nothing for no field. Looked for inside checkout's form: a host page may use the same ids.
fn focus(field: &str) {
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| {
            let field = ["form.details #", field].concat();
            document.query_selector(&field).ok().flatten()
        })
        .and_then(|element| element.dyn_into::<HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// The order as the API takes it: only what the shopper chose, never a price. A payment method the shop
/// no longer takes falls back to its first.
fn order_request(
    customer: &Customer,
    choices: &Choices,
    profile: &StoreProfile,
    lines: Vec<haat_api::LineRequest>,
    lang: &Lang,
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
        // The shop's messages about the order speak the language the shopper reads the shop in.
        language: lang.language.as_str().to_owned(),
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckoutViewProps {
    /// The language the page speaks.
    pub lang: Lang,
    pub customer: Customer,
    /// The shop's catalog: what the shop offers (pickup, pincodes, delivery slots, payment methods,
    /// currency, its address), and its products' names.
    pub catalog: Rc<Catalog>,
    pub choices: Choices,
    pub on_choices: Callback<Choices>,
    pub quote: Option<Remote<Quote>>,
    /// Where the order being placed stands. While it is unsettled the form shows what is being sent and
    /// takes no edits; field problems of a refusal show beside their fields.
    pub sending: Sending,
    /// The shopper tried to place the order: every problem with the details shows beside its field.
    pub checked: bool,
    /// A failure before anything was sent (no checkout key in this browser).
    pub error: Option<ApiError>,
    pub on_change: Callback<Customer>,
    pub on_submit: Callback<()>,
    /// Settle the unsettled order so it can be changed.
    pub on_withdraw: Callback<()>,
    pub on_back: Callback<()>,
    /// The order's status beside the button, focused when a try fails.
    #[prop_or_default]
    pub status: NodeRef,
}

/// Name and phone; delivery (address, pincode, slot) or pickup (where and when); payment and a note; the
/// items and the order's totals; and, in the bar at the bottom, how the order stands and the button that
/// places it, with its amount.
pub fn checkout_view(props: &CheckoutViewProps) -> Html {
    let profile = &props.catalog.store;
    let choices = &props.choices;
    let locked = props.sending.is_unsettled();
    // A closed shop says so; one that takes no orders meanwhile cannot be ordered from.
    let closure = profile.closure_at(storage::now_ms()).cloned();
    let shut = closure
        .as_ref()
        .is_some_and(|closure| !closure.takes_orders);
    let error = props.error.as_ref().or(props.sending.error());
    let problems = validate::problems(&props.lang, &props.customer, profile, choices.fulfilment);
    // A phone number shows its problem as soon as it looks complete; the rest after a first try.
    let typed_phone = props
        .customer
        .phone
        .chars()
        .filter(char::is_ascii_digit)
        .count()
        >= 10;
    let problem = |field: &str| -> Option<String> {
        let local = problems
            .iter()
            .find(|(name, _)| {
                *name == field && (props.checked || (field == "phone" && typed_phone))
            })
            .map(|(_, message)| *message);
        let server = error.and_then(|error| error.field_message(&format!("customer.{field}")));
        local.or(server).map(str::to_owned)
    };
    // An input marked for assistive technology when it has a problem, which it names. The message's
    // element is always there (hidden when empty): a node appearing beside the input would make Yew put
    // the input itself back, and the shopper typing in it would lose it, keyboard and all.
    let described = |field: &str| {
        let message = problem(field);
        let invalid = message.as_ref().map(|_| "true");
        let id = format!("{field}-error");
        let describedby = message.as_ref().map(|_| id.clone());
        let note = html! {
            <p class="field-error" {id} role="alert" hidden={message.is_none()}>{ message.unwrap_or_default() }</p>
        };
        (invalid, describedby, note)
    };
    let (name_invalid, name_described, name_error) = described("name");
    let (phone_invalid, phone_described, phone_error) = described("phone");
    let (address_invalid, address_described, address_error) = described("address");
    let (pincode_invalid, pincode_described, pincode_error) = described("pincode");
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
    let lang = &props.lang;
    let delivery = choices.fulfilment.is_delivery();
    let chip = |chosen: bool, label: String, next: Choices| {
        html! {
            <button type="button" class={if chosen { "chip selected" } else { "chip" }} aria-pressed={if chosen { "true" } else { "false" }}
                disabled={locked} onclick={props.on_choices.reform(move |_| next.clone())}>{ label }</button>
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
            words::payment(lang, payment, choices.fulfilment).to_owned(),
            next,
        )
    };
    let onsubmit = props
        .on_submit
        .reform(|event: SubmitEvent| event.prevent_default());
    let priced = match &props.quote {
        Some(Remote::Loaded(quote)) => Some(quote),
        _ => None,
    };
    let currency = &profile.currency;
    let amount = priced.map(|quote| lang.money(quote.totals.total, currency));
    html! {
        <main class="page checkout">
            { top_bar(&props.lang, props.lang.t("Checkout").to_owned(), None, route::href(&profile.slug, &Page::Cart), &props.on_back) }
            <form class={if locked { "details locked" } else { "details" }} {onsubmit} novalidate=true>
                <label for="name">{ lang.t("Your name") }</label>
                <input id="name" name="name" autocomplete="name" value={props.customer.name.clone()} readonly={locked}
                    aria-invalid={name_invalid} aria-describedby={name_described}
                    oninput={Callback::from(move |e: InputEvent| on_name(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                { name_error }
                <label for="phone">{ lang.t("Mobile number") }</label>
                <input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" placeholder="98765 43210"
                    value={props.customer.phone.clone()} readonly={locked}
                    aria-invalid={phone_invalid} aria-describedby={phone_described}
                    oninput={Callback::from(move |e: InputEvent| on_phone(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                { phone_error }
                if profile.pickup {
                    <div class="options" role="group" aria-label={lang.t("Delivery or pickup").to_owned()}>
                        { fulfilment_choice(Fulfilment::Delivery, lang.t("Delivery")) }
                        { fulfilment_choice(Fulfilment::Pickup, lang.t("Pick up at the shop")) }
                    </div>
                }
                if delivery {
                    <label for="address">{ lang.t("Delivery address") }</label>
                    <textarea id="address" name="address" autocomplete="street-address" rows="3"
                        placeholder={lang.t("House, street, area, landmark").to_owned()}
                        value={props.customer.address.clone()} readonly={locked}
                        aria-invalid={address_invalid} aria-describedby={address_described}
                        oninput={Callback::from(move |e: InputEvent| on_address(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
                    { address_error }
                    <label for="pincode">{ lang.t("Pincode") }</label>
                    <input id="pincode" name="pincode" autocomplete="postal-code" inputmode="numeric" maxlength="7"
                        value={props.customer.pincode.clone()} readonly={locked}
                        aria-invalid={pincode_invalid} aria-describedby={pincode_described}
                        oninput={Callback::from(move |e: InputEvent| on_pincode(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                    { pincode_error }
                    if !profile.delivery_slots.is_empty() {
                        <p class="label">{ lang.t("Delivery time") }</p>
                        <div class="options slots" role="group" aria-label={lang.t("Delivery time").to_owned()}>
                            { slot_choice(None, lang.t("As soon as possible").to_owned()) }
                            { for profile.delivery_slots.iter().map(|slot| slot_choice(Some(slot.id.clone()), slot.label.clone())) }
                        </div>
                    }
                } else {
                    { pickup_at(lang, profile) }
                }
                if profile.payment_methods.len() > 1 {
                    <p class="label">{ lang.t("Payment") }</p>
                    <div class="options payment" role="group" aria-label={lang.t("Payment").to_owned()}>
                        { for profile.payment_methods.iter().map(|method| payment_choice(*method)) }
                    </div>
                }
                <label for="note">{ lang.t("Note to the shop (optional)") }</label>
                <textarea id="note" name="note" rows="2" maxlength="500" readonly={locked}
                    placeholder={if delivery { lang.t("Ring twice; leave at the gate") } else { lang.t("Anything the shop should know") }.to_owned()}
                    value={choices.note.clone()}
                    oninput={Callback::from(move |e: InputEvent| on_note(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
                { match &props.quote {
                    Some(Remote::Loaded(quote)) => html! { <>{ items(&props.lang, &props.catalog, quote) }{ totals(&props.lang, &quote.totals, currency) }</> },
                    Some(Remote::Failed(error)) => error_notice(&props.lang, error, None),
                    _ => html! { <p class="pricing" aria-busy="true">{ lang.t("Checking prices…") }</p> },
                } }
                if let Some(closure) = &closure {
                    <p class="notice closed" role="status">{ format::closed_text(&props.lang, closure) }</p>
                }
                <div class="action-bar">
                    <div class="status" ref={props.status.clone()} tabindex="-1">
                        { order_status(&props.lang, &props.sending, error, &props.on_submit, &props.on_withdraw) }
                    </div>
                    <button class="primary place-order" data-host="main" type="submit"
                        disabled={matches!(props.sending, Sending::Sending | Sending::Withdrawing) || (priced.is_none() && !locked) || (shut && !locked)}>
                        { place_order_text(lang, &props.sending, amount) }
                    </button>
                </div>
            </form>
        </main>
    }
}

/// "Place order · ₹943", or what is happening to the order instead.
fn place_order_text(lang: &Lang, sending: &Sending, amount: Option<String>) -> String {
    let action = match sending {
        Sending::Sending => return lang.t("Sending your order…").to_owned(),
        Sending::Withdrawing => return lang.t("Asking the shop…").to_owned(),
        Sending::Waiting(_) => lang.t("Try again"),
        Sending::WaitingToChange(_) => lang.t("Send it as shown"),
        _ => lang.t("Place order"),
    };
    match amount {
        Some(amount) => format!("{action} · {amount}"),
        None => action.to_owned(),
    }
}

/// How the order stands, beside the button that acts on it: being sent (locked, and how to change it),
/// waiting for the network, or why the shop refused it. Field problems show beside their fields instead.
fn order_status(
    lang: &Lang,
    sending: &Sending,
    error: Option<&ApiError>,
    on_retry: &Callback<()>,
    on_withdraw: &Callback<()>,
) -> Html {
    let general = error.filter(|error| {
        error
            .details
            .iter()
            .all(|detail| customer_field(detail).is_none())
    });
    let offline = general.is_some_and(|error| error.code == api::NETWORK_ERROR);
    let retry = general
        .filter(|error| api::is_retryable(error) && !offline)
        .map(|_| on_retry.clone());
    let change = html! {
        <button type="button" class="link change-order" onclick={on_withdraw.reform(|_| ())}>{ lang.t("Change my order") }</button>
    };
    html! {
        <>
            if let Some(error) = general {
                { error_notice(lang, error, retry.as_ref()) }
            }
            { match sending {
                Sending::Sending => html! {
                    <p class="notice sending" role="status">{ lang.t("Sending your order… The details above are what the shop gets.") }</p>
                },
                Sending::Withdrawing => html! {
                    <p class="notice sending" role="status">{ lang.t("Asking the shop to drop this order, so you can change it…") }</p>
                },
                Sending::Waiting(_) => html! {
                    <div class="notice locked" role="status">
                        <p>
                            if offline {
                                { lang.t("Your order is kept on this phone exactly as shown. It goes by itself as soon as the shop can be reached.") }
                            } else {
                                { lang.t("Your order is kept on this phone exactly as shown, and is not sent yet.") }
                            }
                        </p>
                        { change }
                    </div>
                },
                Sending::WaitingToChange(_) => html! {
                    <p class="notice locked" role="status">
                        { lang.t("To change your order, the shop must be reached first, so it is never placed twice. It opens for changes as soon as the shop can be reached.") }
                    </p>
                },
                _ => html! {},
            } }
        </>
    }
}

/// The items being ordered, folded under their count: the shopper can check them without leaving.
fn items(lang: &Lang, catalog: &Catalog, quote: &Quote) -> Html {
    let count = quote
        .lines
        .iter()
        .map(|line| u64::from(line.quantity))
        .sum();
    html! {
        <details class="items">
            <summary>{ lang.n("{count} item", "{count} items", count) }{ " · " }{ lang.money(quote.totals.subtotal, &quote.currency) }</summary>
            <ul>
                { for quote.lines.iter().map(|line| html! {
                    <li>
                        <span>{ format!("{} ({}) × {}", line_name(lang, Some(catalog), line), line.variant_label, line.quantity) }</span>
                        <span>{ lang.money(line.line_total, &quote.currency) }</span>
                    </li>
                }) }
            </ul>
        </details>
    }
}

/// Where and when to pick the order up.
fn pickup_at(lang: &Lang, profile: &StoreProfile) -> Html {
    html! {
        <div class="pickup-at">
            <p class="label">{ lang.t("Pick up at") }</p>
            <p>{ profile.name.clone() }</p>
            if !profile.address.is_empty() {
                <p class="address">{ profile.address.clone() }</p>
            }
            if !profile.hours.is_empty() {
                <p class="hours">{ lang.f("Open {hours}", &[("hours", &profile.hours)]) }</p>
            }
        </div>
    }
}
