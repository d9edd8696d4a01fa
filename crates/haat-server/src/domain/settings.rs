//! A shop's settings as its owner changes them in the console: every field checked, each problem
//! named by its field (`delivery_slots[1].label`), and the profile kept normalised (the phone in
//! E.164, pincodes as six digits in order, each slot with an id). Each problem is said in the owner's
//! language ([`Lang`]): only a setting that fails says anything.

use std::collections::{BTreeSet, HashSet};

use haat::lang::Lang;
use haat_api::{
    Closure, DeliverySlot, Money, PaymentMethod, StoreProfile, normalise_phone, normalise_pincode,
};

use super::{
    draft::{free_id, id_problem, picture_problem},
    payment::is_upi_id,
};

/// The languages a storefront is written in.
pub const LOCALES: [&str; 2] = ["en-IN", "hi-IN"];
const MAX_NAME_CHARS: usize = 80;
const MAX_TAGLINE_CHARS: usize = 140;
const MAX_ADDRESS_CHARS: usize = 300;
const MAX_HOURS_CHARS: usize = 120;
const MAX_SLOT_CHARS: usize = 60;
const MAX_SLOTS: usize = 20;
const MAX_PINCODES: usize = 1_000;
/// The longest a shop closes for with a time to open again: 90 days.
const MAX_CLOSED_MS: i64 = 90 * 24 * 60 * 60 * 1000;

/// Each problem of the settings sent: the field, and what is wrong there, in the owner's language.
#[derive(Debug, PartialEq, Eq)]
pub struct InvalidSettings {
    pub problems: Vec<(String, String)>,
}

/// The settings `sent` at `now_ms` for the shop that has `current`, checked and normalised, its problems
/// said in `lang`. The slug is the shop's address and stays as it is.
pub fn check(
    current: &StoreProfile,
    sent: StoreProfile,
    now_ms: i64,
    lang: &Lang,
) -> Result<StoreProfile, InvalidSettings> {
    let mut problems: Vec<(String, String)> = Vec::new();
    let mut problem = |field: &str, why: &str| problems.push((field.to_owned(), why.to_owned()));

    if sent.slug != current.slug {
        problem(
            "slug",
            lang.t("A shop's address cannot change: its links are in customers' chats."),
        );
    }
    let name = sent.name.trim().to_owned();
    if let Some(why) = text_problem(&name, MAX_NAME_CHARS, true, lang) {
        problem("name", why);
    }
    let name_local = optional(sent.name_local.as_deref());
    if let Some(why) = name_local
        .as_deref()
        .and_then(|text| text_problem(text, MAX_NAME_CHARS, false, lang))
    {
        problem("name_local", why);
    }
    let tagline = sent.tagline.trim().to_owned();
    if let Some(why) = text_problem(&tagline, MAX_TAGLINE_CHARS, false, lang) {
        problem("tagline", why);
    }
    let logo = optional(sent.logo.as_deref());
    if let Some(why) = logo
        .as_deref()
        .and_then(|logo| picture_problem(logo, &current.slug, lang))
    {
        problem("logo", why);
    }
    if sent.currency != "INR" {
        problem("currency", lang.t("Shops on Haat sell in rupees (INR)."));
    }
    if !LOCALES.contains(&sent.locale.as_str()) {
        problem("locale", lang.t("Choose English (en-IN) or Hindi (hi-IN)."));
    }
    let phone = normalise_phone(&sent.phone);
    if phone.is_none() {
        problem(
            "phone",
            lang.t("Enter a 10-digit mobile number, or an international number starting with +."),
        );
    }
    for (field, amount) in [
        ("min_order", Some(sent.min_order)),
        ("delivery_fee", Some(sent.delivery_fee)),
        ("free_delivery_from", sent.free_delivery_from),
    ] {
        if amount.is_some_and(|amount| amount.is_negative() || amount > Money::MAX_PRICE) {
            problem(field, lang.t("An amount is between ₹0 and ₹10 crore."));
        }
    }
    // A set, kept in order: the shop's list reads the same however it was typed.
    let mut pincodes = BTreeSet::new();
    for (at, typed) in sent.delivery_pincodes.iter().enumerate() {
        match normalise_pincode(typed) {
            Some(pincode) => {
                pincodes.insert(pincode);
            }
            None => problem(
                &format!("delivery_pincodes[{at}]"),
                lang.t("A pincode is six digits, like 560038."),
            ),
        }
    }
    if pincodes.len() > MAX_PINCODES {
        problem(
            "delivery_pincodes",
            lang.t("A shop lists at most 1,000 pincodes."),
        );
    }
    let slots = slots(sent.delivery_slots, &mut problem, lang);
    if sent.pickup && sent.address.trim().is_empty() {
        problem(
            "address",
            lang.t("Customers who collect need the shop's address."),
        );
    }
    let address = sent.address.trim().to_owned();
    if let Some(why) = text_problem(&address, MAX_ADDRESS_CHARS, false, lang) {
        problem("address", why);
    }
    let hours = sent.hours.trim().to_owned();
    if let Some(why) = text_problem(&hours, MAX_HOURS_CHARS, false, lang) {
        problem("hours", why);
    }
    let mut payment_methods = Vec::new();
    for method in sent.payment_methods {
        if !payment_methods.contains(&method) {
            payment_methods.push(method);
        }
    }
    if !payment_methods.contains(&PaymentMethod::Cash) {
        problem(
            "payment_methods",
            lang.t("Cash stays on: every customer can pay in cash."),
        );
    }
    let upi_id = optional(sent.upi_id.as_deref()).map(|id| id.to_lowercase());
    let takes_upi = payment_methods.iter().any(|method| !method.is_cash());
    match &upi_id {
        Some(id) if !is_upi_id(id) => {
            problem("upi_id", lang.t("A UPI id looks like shopname@bank."))
        }
        None if takes_upi => problem("upi_id", lang.t("Enter the UPI id customers pay to.")),
        _ => {}
    }

    // A closure whose time has passed is over: sent back as it was kept, the shop is simply open.
    let over = |closure: &Closure| closure.until_ms.is_some_and(|until| until <= now_ms);
    let closed = sent
        .closed
        .filter(|closure| !(over(closure) && current.closed.as_ref() == Some(closure)));
    if let Some(until) = closed.as_ref().and_then(|closure| closure.until_ms) {
        if until <= now_ms {
            problem(
                "closed.until_ms",
                lang.t("Choose a time to open that is still to come."),
            );
        } else if until - now_ms > MAX_CLOSED_MS {
            problem(
                "closed.until_ms",
                lang.t("A shop closes for at most 90 days at a time."),
            );
        }
    }

    if !problems.is_empty() {
        return Err(InvalidSettings { problems });
    }
    Ok(StoreProfile {
        slug: current.slug.clone(),
        name,
        name_local,
        tagline,
        logo,
        currency: sent.currency,
        locale: sent.locale,
        phone: phone.unwrap_or_default(),
        min_order: sent.min_order,
        delivery_fee: sent.delivery_fee,
        free_delivery_from: sent.free_delivery_from,
        delivery_pincodes: pincodes.into_iter().collect(),
        delivery_slots: slots,
        pickup: sent.pickup,
        payment_methods,
        upi_id,
        address,
        hours,
        closed,
    })
}

/// The delivery slots, each labelled and with an id (a new one's made from its label).
fn slots(
    sent: Vec<DeliverySlot>,
    problem: &mut impl FnMut(&str, &str),
    lang: &Lang,
) -> Vec<DeliverySlot> {
    if sent.len() > MAX_SLOTS {
        problem(
            "delivery_slots",
            lang.t("A shop offers at most 20 delivery slots."),
        );
    }
    let mut slots: Vec<DeliverySlot> = Vec::new();
    let mut ids = HashSet::new();
    for (at, slot) in sent.into_iter().enumerate() {
        let label = slot.label.trim().to_owned();
        if let Some(why) = text_problem(&label, MAX_SLOT_CHARS, true, lang) {
            problem(&format!("delivery_slots[{at}].label"), why);
        }
        let id = match slot.id.trim() {
            "" => free_id(&label, "slot", |id| {
                ids.contains(id) || slots.iter().any(|it| it.id == id)
            }),
            id => id.to_owned(),
        };
        if let Some(why) = id_problem(&id, lang) {
            problem(&format!("delivery_slots[{at}].id"), why);
        } else if !ids.insert(id.clone()) {
            problem(
                &format!("delivery_slots[{at}].id"),
                lang.t("Another slot has this id."),
            );
        }
        slots.push(DeliverySlot { id, label });
    }
    slots
}

/// `text` trimmed, `None` when nothing is left.
fn optional(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

/// Why `text` (trimmed) cannot be kept in a field of at most `max` characters, if it cannot.
fn text_problem<'a>(text: &str, max: usize, required: bool, lang: &'a Lang) -> Option<&'a str> {
    if required && text.is_empty() {
        Some(lang.t("This cannot be empty."))
    } else if text.chars().count() > max {
        Some(lang.t("This is too long."))
    } else if text.chars().any(char::is_control) {
        Some(lang.t("This contains characters that cannot be used."))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-28 09:00 UTC.
    const NOW: i64 = 1_795_856_400_000;

    fn current() -> StoreProfile {
        crate::domain::shop::profile(&crate::domain::shop::NewShop {
            name: "Ravi Stores".into(),
            phone: "+919845012345".into(),
            slug: "ravi-stores".into(),
        })
    }

    #[test]
    fn settings_are_kept_normalised() {
        let mut sent = current();
        sent.name = "  Ravi General Stores ".into();
        sent.phone = "98450 54321".into();
        sent.delivery_pincodes = vec!["560 038".into(), "560038".into(), "560001".into()];
        sent.delivery_slots = vec![
            DeliverySlot {
                id: String::new(),
                label: "Morning, 8–11 am".into(),
            },
            DeliverySlot {
                id: "evening".into(),
                label: "Evening".into(),
            },
        ];
        sent.payment_methods = vec![PaymentMethod::Cash, PaymentMethod::UpiNow];
        sent.upi_id = Some(" Ravi@OKBank ".into());
        sent.name_local = Some("  ".into());
        let kept = check(&current(), sent, NOW, &Lang::english()).expect("valid");
        assert_eq!(kept.name, "Ravi General Stores");
        assert_eq!(kept.phone, "+919845054321");
        assert_eq!(kept.delivery_pincodes, ["560001", "560038"]);
        assert_eq!(kept.delivery_slots[0].id, "morning-8-11-am");
        assert_eq!(kept.upi_id.as_deref(), Some("ravi@okbank"));
        assert_eq!(kept.name_local, None);
    }

    #[test]
    fn a_closure_that_is_over_is_dropped_when_sent_back_unchanged() {
        let over = Closure {
            until_ms: Some(NOW - 1),
            takes_orders: false,
        };
        let mut kept = current();
        kept.closed = Some(over.clone());
        let sent = kept.clone();
        assert_eq!(
            check(&kept, sent, NOW, &Lang::english())
                .expect("valid")
                .closed,
            None
        );
        let mut typed = current();
        typed.closed = Some(over);
        assert!(
            check(&current(), typed, NOW, &Lang::english()).is_err(),
            "a past time typed anew"
        );
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let mut sent = current();
        sent.slug = "another".into();
        sent.name = " ".into();
        sent.phone = "12".into();
        sent.locale = "fr-FR".into();
        sent.delivery_fee = Money::from_minor(-1);
        sent.delivery_pincodes = vec!["56003".into()];
        sent.delivery_slots = vec![DeliverySlot {
            id: "a".into(),
            label: String::new(),
        }];
        sent.pickup = true;
        sent.payment_methods = vec![PaymentMethod::UpiNow];
        sent.closed = Some(Closure {
            until_ms: Some(NOW - 1),
            takes_orders: false,
        });
        let fields: Vec<String> = check(&current(), sent, NOW, &Lang::english())
            .expect_err("invalid")
            .problems
            .into_iter()
            .map(|(field, _)| field)
            .collect();
        assert_eq!(
            fields,
            [
                "slug",
                "name",
                "locale",
                "phone",
                "delivery_fee",
                "delivery_pincodes[0]",
                "delivery_slots[0].label",
                "address",
                "payment_methods",
                "upi_id",
                "closed.until_ms"
            ]
        );
    }
}
