//! Checkout's details checked on the phone, so the shopper hears about a mistake beside the field at once.
//! The server checks again and decides; its rules for phones and pincodes are the same functions.

use haat_api::{Customer, Fulfilment, StoreProfile, normalise_phone, normalise_pincode};

use crate::lang::Lang;

/// A problem with one field (`"name"`, `"phone"`, `"address"`, `"pincode"`), said for the shopper in
/// their language.
pub type Problem<'a> = (&'static str, &'a str);

/// Every problem with the details, in the order of the form.
pub fn problems<'a>(
    lang: &'a Lang,
    customer: &Customer,
    shop: &StoreProfile,
    fulfilment: Fulfilment,
) -> Vec<Problem<'a>> {
    let mut problems = Vec::new();
    if customer.name.trim().is_empty() {
        problems.push(("name", lang.t("Please enter your name.")));
    }
    if let Some(problem) = phone_problem(lang, &customer.phone) {
        problems.push(("phone", problem));
    }
    if fulfilment.is_delivery() {
        if customer.address.trim().chars().count() < 8 {
            problems.push((
                "address",
                lang.t("Please enter the full address: house, street and area."),
            ));
        }
        if let Some(problem) = pincode_problem(lang, &customer.pincode, shop) {
            problems.push(("pincode", problem));
        }
    }
    problems
}

/// What is wrong with a phone number, if anything.
pub fn phone_problem<'a>(lang: &'a Lang, phone: &str) -> Option<&'a str> {
    if phone.trim().is_empty() {
        Some(lang.t("Please enter your phone number."))
    } else if normalise_phone(phone).is_none() {
        Some(lang.t("Enter a 10-digit mobile number, or an international number starting with +."))
    } else {
        None
    }
}

fn pincode_problem<'a>(lang: &'a Lang, pincode: &str, shop: &StoreProfile) -> Option<&'a str> {
    if shop.delivery_pincodes.is_empty() && pincode.trim().is_empty() {
        return None;
    }
    match normalise_pincode(pincode) {
        None => Some(lang.t("Enter your 6-digit pincode.")),
        Some(pincode)
            if !shop.delivery_pincodes.is_empty() && !shop.delivery_pincodes.contains(&pincode) =>
        {
            Some(if shop.pickup {
                lang.t(
                    "The shop does not deliver to this pincode. You can pick the order up at the shop.",
                )
            } else {
                lang.t("The shop does not deliver to this pincode.")
            })
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    fn shop(pincodes: &[&str]) -> StoreProfile {
        StoreProfile {
            phone: "+919876543210".into(),
            delivery_pincodes: pincodes.iter().map(|p| (*p).to_owned()).collect(),
            pickup: true,
            payment_methods: Vec::new(),
            ..crate::fixtures::store()
        }
    }

    fn asha(phone: &str, pincode: &str) -> Customer {
        Customer {
            name: "Asha".into(),
            phone: phone.into(),
            address: "12, 3rd Cross, Indiranagar".into(),
            pincode: pincode.into(),
        }
    }

    fn fields(problems: &[Problem<'_>]) -> Vec<&'static str> {
        problems.iter().map(|(field, _)| *field).collect()
    }

    #[test]
    fn indian_mobiles_and_e164_numbers_pass() {
        let english = Lang::english();
        for phone in ["98450 12345", "+91 98450 12345", "+44 20 7946 0958"] {
            assert_eq!(phone_problem(&english, phone), None, "{phone}");
        }
        for phone in ["12345", "58450 12345", "+123"] {
            assert!(phone_problem(&english, phone).is_some(), "{phone}");
        }
    }

    #[test]
    fn delivery_needs_an_address_and_a_served_pincode() {
        let (english, served) = (Lang::english(), shop(&["560038"]));
        assert!(
            problems(
                &english,
                &asha("9845012345", "560038"),
                &served,
                Fulfilment::Delivery
            )
            .is_empty()
        );
        let far = problems(
            &english,
            &asha("9845012345", "110001"),
            &served,
            Fulfilment::Delivery,
        );
        assert_eq!(fields(&far), ["pincode"]);
        assert!(far[0].1.contains("pick the order up"));
        let nothing = problems(
            &english,
            &Customer::default(),
            &served,
            Fulfilment::Delivery,
        );
        assert_eq!(fields(&nothing), ["name", "phone", "address", "pincode"]);
    }

    #[test]
    fn pickup_needs_only_a_name_and_a_phone() {
        let customer = Customer {
            name: "Asha".into(),
            phone: "9845012345".into(),
            ..Customer::default()
        };
        let english = Lang::english();
        assert!(problems(&english, &customer, &shop(&["560038"]), Fulfilment::Pickup).is_empty());
    }
}
