//! The shop's settings: its name and number, delivery (minimum, fee, free-delivery threshold, pincodes,
//! slots), pickup, and how customers pay. Saved whole, live at once, each refusal beside its field.

use std::rc::Rc;

use haat_api::{ApiError, Money, PaymentMethod, StoreProfile};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::{platform::spawn_local, prelude::*};

use super::{Field, notice, notices::TelegramSection, photo::PhotoField};
use crate::{
    api,
    edit::{Problems, SettingsEdit, SettingsField, SettingsForm, problems_of},
    lang::{Lang, use_lang},
    session,
};

#[derive(Properties, PartialEq)]
pub struct SettingsSectionProps {
    pub store: AttrValue,
    pub profile: Rc<StoreProfile>,
    /// The settings were saved: as the server keeps them.
    pub on_saved: Callback<StoreProfile>,
}

#[component]
pub fn SettingsSection(props: &SettingsSectionProps) -> Html {
    let lang = use_lang();
    let open = use_state(|| false);
    let done = use_state(|| false);
    let profile = &props.profile;
    if !*open {
        let show = {
            let (open, done) = (open.clone(), done.clone());
            Callback::from(move |_: MouseEvent| {
                done.set(false);
                open.set(true);
            })
        };
        return html! {
            <section class="card settings" aria-labelledby="settings-title">
                <h2 id="settings-title">{ lang.t("Shop settings") }</h2>
                if *done {
                    <p class="done" role="status">{ lang.t("Your settings are saved: customers see them now.") }</p>
                }
                <p class="summary">{ summary(&lang, profile) }</p>
                <button class="button secondary edit-settings" onclick={show}>{ lang.t("Change settings") }</button>
                <TelegramSection store={props.store.clone()} />
            </section>
        };
    }
    let saved = {
        let (open, done, on_saved) = (open.clone(), done.clone(), props.on_saved.clone());
        Callback::from(move |kept: StoreProfile| {
            open.set(false);
            done.set(true);
            on_saved.emit(kept);
        })
    };
    let cancel = {
        let open = open.clone();
        Callback::from(move |()| open.set(false))
    };
    html! {
        <section class="card settings" aria-labelledby="settings-title">
            <h2 id="settings-title">{ lang.t("Shop settings") }</h2>
            <SettingsEditor store={props.store.clone()} form={Rc::new(SettingsForm::of(profile))}
                on_saved={saved} on_cancel={cancel} />
        </section>
    }
}

/// "Delivery ₹25, free from ₹499 · minimum order ₹199 · pickup · cash, UPI", in the merchant's language
/// and its way of writing money.
fn summary(lang: &Lang, profile: &StoreProfile) -> String {
    let money = |amount| lang.money(amount, &profile.currency);
    let fee = money(profile.delivery_fee);
    let mut parts = vec![match profile.free_delivery_from {
        Some(free) => lang.f(
            "Delivery {fee}, free from {amount}",
            &[("fee", &fee), ("amount", &money(free))],
        ),
        None => lang.f("Delivery {fee}", &[("fee", &fee)]),
    }];
    if profile.min_order > Money::ZERO {
        parts.push(lang.f(
            "minimum order {amount}",
            &[("amount", &money(profile.min_order))],
        ));
    }
    if profile.pickup {
        parts.push(lang.t("pickup").to_owned());
    }
    if profile.closed.is_some() {
        parts.insert(0, lang.t("Closed").to_owned());
    }
    let upi = profile
        .payment_methods
        .iter()
        .any(|method| !method.is_cash());
    let paid = if upi {
        lang.t("cash, UPI")
    } else {
        lang.t("cash")
    };
    parts.push(paid.to_owned());
    parts.join(" · ")
}

#[derive(Properties, PartialEq)]
struct SettingsEditorProps {
    store: AttrValue,
    form: Rc<SettingsForm>,
    on_saved: Callback<StoreProfile>,
    on_cancel: Callback<()>,
}

#[component]
fn SettingsEditor(props: &SettingsEditorProps) -> Html {
    let lang = use_lang();
    let form = use_reducer({
        let opened = props.form.clone();
        move || (*opened).clone()
    });
    let problems = use_state(Problems::new);
    let refusal = use_state(|| None::<Rc<ApiError>>);
    let busy = use_state(|| false);
    // A photo on its way: saving waits for it, so the settings are not saved without it.
    let sending_photo = use_state(|| false);
    let edits = form.dispatcher().to_callback();
    let text = |field: SettingsField| edits.reform(move |typed| SettingsEdit::Text(field, typed));
    let save = {
        let (form, problems, refusal, busy) = (
            form.clone(),
            problems.clone(),
            refusal.clone(),
            busy.clone(),
        );
        let (store, on_saved, lang) = (props.store.clone(), props.on_saved.clone(), lang.clone());
        let sending_photo = sending_photo.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy || *sending_photo {
                return;
            }
            let settings = match form.profile(&lang) {
                Ok(settings) => settings,
                Err(found) => {
                    problems.set(found);
                    refusal.set(None);
                    return;
                }
            };
            let (problems, refusal, busy, on_saved) = (
                problems.clone(),
                refusal.clone(),
                busy.clone(),
                on_saved.clone(),
            );
            let store = store.clone();
            let secret = session::secret(&store).unwrap_or_default();
            busy.set(true);
            spawn_local(async move {
                let answer = api::save_settings(&store, &secret, &settings).await;
                busy.set(false);
                match answer {
                    Ok(kept) => on_saved.emit(kept),
                    Err(error) => {
                        problems.set(problems_of(&error.details));
                        refusal.set(Some(Rc::new(error)));
                    }
                }
            });
        })
    };
    // A problem of the field, or of any of its parts (`delivery_pincodes[2]`).
    let problem = |field: &str| {
        problems
            .iter()
            .find(|(at, _)| {
                at.as_str() == field
                    || at
                        .strip_prefix(field)
                        .is_some_and(|rest| rest.starts_with('['))
            })
            .map(|(_, why)| AttrValue::from(why.clone()))
    };
    let check = |make: fn(bool) -> SettingsEdit| {
        edits.reform(move |event: Event| {
            make(event.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let choose_locale = edits.reform(|event: Event| {
        SettingsEdit::Text(
            SettingsField::Locale,
            event.target_unchecked_into::<HtmlSelectElement>().value(),
        )
    });
    let slot_problem = |at: usize| problem(&format!("delivery_slots[{at}].label"));
    html! {
        <form class="settings-form" onsubmit={save} novalidate=true>
            if let Some(refusal) = &*refusal {
                { notice(&lang, refusal) }
            }
            <h3>{ lang.t("Your shop") }</h3>
            <Field name="name" label={lang.t("Shop name").to_owned()} value={form.name.clone()} error={problem("name")}
                on_input={text(SettingsField::Name)} />
            <Field name="name_local" label={lang.t("Name in Hindi").to_owned()} value={form.name_local.clone()}
                error={problem("name_local")} on_input={text(SettingsField::NameLocal)} />
            <Field name="tagline" label={lang.t("Tagline").to_owned()} value={form.tagline.clone()} error={problem("tagline")}
                hint={lang.t("One line under the name, and in the link's preview in chats.").to_owned()}
                on_input={text(SettingsField::Tagline)} />
            <PhotoField store={props.store.clone()} name="logo" label={lang.t("Shop photo").to_owned()}
                alt={lang.t("Your shop's photo").to_owned()}
                hint={lang.t("Your logo or shopfront, square is best. It shows beside the name, and in your link's preview in chats.").to_owned()}
                address={form.logo.clone()} error={problem("logo")}
                on_change={edits.reform(SettingsEdit::Logo)} on_sending={sending_photo.setter().to_callback()} />
            <Field name="phone" label={lang.t("WhatsApp number").to_owned()} value={form.phone.clone()} kind="tel"
                error={problem("phone")} hint={lang.t("Orders come back to this chat.").to_owned()}
                on_input={text(SettingsField::Phone)} />
            <Field name="address" label={lang.t("Address").to_owned()} value={form.address.clone()} error={problem("address")}
                on_input={text(SettingsField::Address)} />
            <Field name="hours" label={lang.t("Opening hours").to_owned()} value={form.hours.clone()} error={problem("hours")}
                hint={lang.t("As you say them: 7 am – 10 pm, every day.").to_owned()}
                on_input={text(SettingsField::Hours)} />
            <div class={classes!("field", problem("locale").is_some().then_some("invalid"))}>
                <label for="field-locale">{ lang.t("Language of the shop") }</label>
                // Each language named in itself, and in the merchant's language when that is another.
                <select id="field-locale" name="locale" onchange={choose_locale}>
                    <option value="en-IN" selected={form.locale == "en-IN"}>{ lang.t("English") }</option>
                    <option value="hi-IN" selected={form.locale == "hi-IN"}>{ lang.t("हिन्दी (Hindi)") }</option>
                </select>
                if let Some(why) = problem("locale") {
                    <p class="error">{ why }</p>
                }
            </div>

            <h3>{ lang.t("Open or closed") }</h3>
            <label class="check">
                <input type="checkbox" name="closed" checked={form.closed} onchange={check(SettingsEdit::Closed)} />
                { " " }{ lang.t("The shop is closed now") }
            </label>
            if form.closed {
                <Field name="closed.until_ms" label={lang.t("Opens again (India time)").to_owned()} value={form.opens_at.clone()}
                    kind="datetime-local" error={problem("closed.until_ms")}
                    hint={lang.t("Empty: closed until you open it here.").to_owned()}
                    on_input={text(SettingsField::OpensAt)} />
                <label class="check">
                    <input type="checkbox" name="takes_orders" checked={form.takes_orders}
                        onchange={check(SettingsEdit::TakesOrders)} />
                    { " " }{ lang.t("Take orders meanwhile, for when the shop opens") }
                </label>
            }

            <h3>{ lang.t("Delivery") }</h3>
            <div class="pair">
                <Field name="delivery_fee" label={lang.t("Delivery fee (₹)").to_owned()} value={form.delivery_fee.clone()}
                    inputmode="decimal" error={problem("delivery_fee")} on_input={text(SettingsField::DeliveryFee)} />
                <Field name="free_delivery_from" label={lang.t("Free from (₹)").to_owned()} value={form.free_delivery_from.clone()}
                    inputmode="decimal" error={problem("free_delivery_from")}
                    hint={lang.t("Empty: never free.").to_owned()} on_input={text(SettingsField::FreeDeliveryFrom)} />
            </div>
            <Field name="min_order" label={lang.t("Minimum order (₹)").to_owned()} value={form.min_order.clone()} inputmode="decimal"
                error={problem("min_order")} hint={lang.t("Empty or 0: any amount.").to_owned()}
                on_input={text(SettingsField::MinOrder)} />
            <Field name="delivery_pincodes" label={lang.t("Pincodes you deliver to").to_owned()} value={form.pincodes.clone()}
                inputmode="numeric" error={problem("delivery_pincodes")}
                hint={lang.t("Separated by commas. Empty: you deliver anywhere.").to_owned()}
                on_input={text(SettingsField::Pincodes)} />
            <fieldset class="slots">
                <legend>{ lang.t("Delivery slots") }</legend>
                if form.slots.is_empty() {
                    <p class="hint">{ lang.t("None: you deliver as soon as you can.") }</p>
                }
                { for form.slots.iter().enumerate().map(|(at, slot)| html! {
                    <div class="slot" key={at}>
                        <Field name={format!("delivery_slots[{at}].label")}
                            label={lang.f("Slot {number}", &[("number", &slot_number(&lang, at))])}
                            value={slot.label.clone()} error={slot_problem(at)}
                            on_input={edits.reform(move |label| SettingsEdit::Slot(at, label))} />
                        <button type="button" class="button secondary remove-slot"
                            onclick={edits.reform(move |_: MouseEvent| SettingsEdit::RemoveSlot(at))}>
                            { lang.t("Remove slot") }
                        </button>
                    </div>
                }) }
                <button type="button" class="button secondary add-slot"
                    onclick={edits.reform(|_: MouseEvent| SettingsEdit::AddSlot)}>{ lang.t("Add a slot") }</button>
            </fieldset>
            <label class="check">
                <input type="checkbox" name="pickup" checked={form.pickup} onchange={check(SettingsEdit::Pickup)} />
                { " " }{ lang.t("Customers may collect at the shop") }
            </label>

            <h3>{ lang.t("Payment") }</h3>
            <label class="check">
                <input type="checkbox" checked=true disabled=true />{ " " }{ lang.t("Cash (always on)") }
            </label>
            <label class="check">
                <input type="checkbox" name="upi_on_delivery" checked={form.upi_on_delivery}
                    onchange={check(|on| SettingsEdit::Upi(PaymentMethod::UpiOnDelivery, on))} />
                { " " }{ lang.t("UPI when the order arrives") }
            </label>
            <label class="check">
                <input type="checkbox" name="upi_now" checked={form.upi_now}
                    onchange={check(|on| SettingsEdit::Upi(PaymentMethod::UpiNow, on))} />
                { " " }{ lang.t("UPI when ordering") }
            </label>
            if let Some(why) = problem("payment_methods") {
                <p class="error">{ why }</p>
            }
            <Field name="upi_id" label={lang.t("UPI id").to_owned()} value={form.upi_id.clone()} error={problem("upi_id")}
                hint={lang.t("Where customers pay: shopname@bank.").to_owned()} on_input={text(SettingsField::UpiId)} />

            <div class="actions">
                <button type="submit" class="button save-settings" disabled={*busy || *sending_photo} aria-busy={busy.then_some("true")}>
                    { lang.t("Save settings") }
                </button>
                <button type="button" class="button secondary" onclick={props.on_cancel.reform(|_: MouseEvent| ())}>
                    { lang.t("Cancel") }
                </button>
            </div>
        </form>
    }
}

/// A slot's number in the list, from 1, as the merchant's language writes numbers.
fn slot_number(lang: &Lang, at: usize) -> String {
    lang.number(i64::try_from(at).map_or(i64::MAX, |at| at + 1))
}
