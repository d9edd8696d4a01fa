//! The words for what the shopper chose, in one place, so checkout, the order page and the text sent to
//! the chat say the same thing the same way.

use haat_api::{Fulfilment, PaymentMethod, RejectReason, Substitution};

use crate::lang::Lang;

/// How the order is paid, as the shopper chose it, in their language: where the money changes hands
/// follows how the order comes (at the door, or at the shop's counter).
pub fn payment(lang: &Lang, method: PaymentMethod, fulfilment: Fulfilment) -> &str {
    match (method, fulfilment) {
        (PaymentMethod::Cash, Fulfilment::Delivery) => lang.t("Cash on delivery"),
        (PaymentMethod::Cash, Fulfilment::Pickup) => lang.t("Cash at the shop"),
        (PaymentMethod::UpiOnDelivery, Fulfilment::Delivery) => lang.t("UPI on delivery"),
        (PaymentMethod::UpiOnDelivery, Fulfilment::Pickup) => lang.t("UPI at the shop"),
        (PaymentMethod::UpiNow, _) => lang.t("UPI now"),
    }
}

/// Why the shop could not take the order, as the shop chose it, in the shopper's language (`other`: its
/// own words say it).
pub fn refusal(lang: &Lang, reason: RejectReason) -> &str {
    match reason {
        RejectReason::OutOfStock => lang.t("Some items are out of stock."),
        RejectReason::Closed => lang.t("The shop is closed."),
        RejectReason::AreaNotServed => lang.t("The shop does not deliver to your area."),
        RejectReason::Other => "",
    }
}

/// What the shop does if an item is unavailable when packing, in the shopper's language.
pub fn substitution(lang: &Lang, choice: Substitution) -> &str {
    match choice {
        Substitution::Call => lang.t("Call me"),
        Substitution::Similar => lang.t("Send a similar item"),
        Substitution::Skip => lang.t("Skip it"),
    }
}

/// The same choice after "If unavailable:" ("If unavailable: call me"), lowercase in a sentence where
/// the language has cases.
pub fn if_unavailable(lang: &Lang, choice: Substitution) -> String {
    let words = substitution(lang, choice);
    let mut letters = words.chars();
    let lowered: String = letters
        .next()
        .map(|first| first.to_lowercase().chain(letters).collect())
        .unwrap_or_default();
    lang.f("If unavailable: {choice}", &[("choice", &lowered)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_substitution_reads_the_same_in_a_sentence() {
        assert_eq!(
            if_unavailable(&Lang::english(), Substitution::Similar),
            "If unavailable: send a similar item"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_choice_reads_lowercase_in_french_too() {
        use haat_api::Language;

        let french = Lang::new(Language::Fr, crate::lang::catalog(Language::Fr));
        for choice in [
            Substitution::Call,
            Substitution::Similar,
            Substitution::Skip,
        ] {
            let said = if_unavailable(&french, choice);
            let choice = said.split(": ").nth(1).unwrap_or_default();
            assert!(
                choice.starts_with(|letter: char| letter.is_ascii_lowercase()),
                "{said}"
            );
        }
    }

    #[test]
    fn paying_at_the_door_becomes_paying_at_the_counter_for_pickup() {
        let english = Lang::english();
        let pickup = |method| payment(&english, method, Fulfilment::Pickup);
        assert_eq!(pickup(PaymentMethod::Cash), "Cash at the shop");
        assert_eq!(pickup(PaymentMethod::UpiOnDelivery), "UPI at the shop");
        assert_eq!(
            payment(&english, PaymentMethod::UpiOnDelivery, Fulfilment::Delivery),
            "UPI on delivery"
        );
    }
}
