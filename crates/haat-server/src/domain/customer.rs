//! Who an order goes to: name, phone and address, checked and normalised.

use haat::lang::Lang;
use haat_api::{Customer, normalise_phone, normalise_pincode};

const MAX_NAME_CHARS: usize = 80;
const MIN_ADDRESS_CHARS: usize = 8;
const MAX_ADDRESS_CHARS: usize = 500;

/// The fields that failed, each with its problem.
#[derive(Debug, PartialEq, Eq)]
pub struct InvalidCustomer {
    pub problems: Vec<(&'static str, Problem)>,
}

/// What is wrong with one of the customer's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    Unusable,
    NoName,
    NameTooLong,
    NoPhone,
    NotAPhone,
    NoAddress,
    PartialAddress,
    AddressTooLong,
    NoPincode,
    NotAPincode,
}

impl Problem {
    /// The problem as the shopper reads it, in their language.
    pub fn said(self, lang: &Lang) -> String {
        match self {
            Self::Unusable => lang
                .t("This contains characters that cannot be used.")
                .to_owned(),
            Self::NoName => lang.t("Please enter your name.").to_owned(),
            Self::NameTooLong => lang.f(
                "Your name is too long ({most} characters at most).",
                &[("most", &lang.number(MAX_NAME_CHARS as i64))],
            ),
            Self::NoPhone => lang.t("Please enter your phone number.").to_owned(),
            Self::NotAPhone => lang
                .t("Enter a 10-digit mobile number, or an international number starting with +.")
                .to_owned(),
            Self::NoAddress => lang.t("Please enter your delivery address.").to_owned(),
            Self::PartialAddress => lang
                .t("Please enter the full address: house, street and area.")
                .to_owned(),
            Self::AddressTooLong => lang.f(
                "The address is too long ({most} characters at most).",
                &[("most", &lang.number(MAX_ADDRESS_CHARS as i64))],
            ),
            Self::NoPincode => lang.t("Please enter your pincode.").to_owned(),
            Self::NotAPincode => lang.t("Enter your 6-digit pincode.").to_owned(),
        }
    }
}

/// What an order needs from its customer besides a name and a phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Needs {
    /// A delivery address (not for pickup).
    pub address: bool,
    /// A pincode (for delivery where the shop restricts by pincode).
    pub pincode: bool,
}

/// Trims every field, normalises the phone to E.164 and the pincode, and reports every problem at once.
pub fn validate(customer: &Customer, needs: Needs) -> Result<Customer, InvalidCustomer> {
    let mut problems = Vec::new();
    for (field, value) in [
        ("name", &customer.name),
        ("phone", &customer.phone),
        ("address", &customer.address),
    ] {
        // Newlines and tabs are fine in an address; other control characters never are.
        if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            problems.push((field, Problem::Unusable));
        }
    }
    let name = customer.name.trim();
    if name.is_empty() {
        problems.push(("name", Problem::NoName));
    } else if name.chars().count() > MAX_NAME_CHARS {
        problems.push(("name", Problem::NameTooLong));
    }
    let phone = normalise_phone(&customer.phone);
    if customer.phone.trim().is_empty() {
        problems.push(("phone", Problem::NoPhone));
    } else if phone.is_none() {
        problems.push(("phone", Problem::NotAPhone));
    }
    let address = customer.address.trim();
    let address_chars = address.chars().count();
    if address.is_empty() && !needs.address {
        // Pickup: no address needed.
    } else if address.is_empty() {
        problems.push(("address", Problem::NoAddress));
    } else if address_chars < MIN_ADDRESS_CHARS {
        problems.push(("address", Problem::PartialAddress));
    } else if address_chars > MAX_ADDRESS_CHARS {
        problems.push(("address", Problem::AddressTooLong));
    }
    let pincode = normalise_pincode(&customer.pincode);
    if customer.pincode.trim().is_empty() {
        if needs.pincode {
            problems.push(("pincode", Problem::NoPincode));
        }
    } else if pincode.is_none() {
        problems.push(("pincode", Problem::NotAPincode));
    }
    match phone {
        Some(phone) if problems.is_empty() => Ok(Customer {
            name: name.to_owned(),
            phone,
            address: address.to_owned(),
            pincode: pincode.unwrap_or_default(),
        }),
        _ => Err(InvalidCustomer { problems }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DELIVERY: Needs = Needs {
        address: true,
        pincode: true,
    };

    #[test]
    fn every_problem_is_reported_at_once() {
        let error = validate(&Customer::default(), DELIVERY).expect_err("empty customer");
        let fields: Vec<_> = error.problems.iter().map(|(field, _)| *field).collect();
        assert_eq!(fields, ["name", "phone", "address", "pincode"]);
    }

    #[test]
    fn control_characters_are_refused() {
        let error = validate(
            &Customer {
                name: "Asha\u{0}".into(),
                phone: "98450 12345".into(),
                address: "12, 3rd Cross,\nIndiranagar".into(),
                pincode: "560038".into(),
            },
            DELIVERY,
        )
        .expect_err("NUL in the name");
        assert_eq!(error.problems.len(), 1);
        assert_eq!(error.problems[0].0, "name");
    }

    #[test]
    fn pickup_needs_no_address_and_pincodes_are_checked_when_given() {
        let pickup = Needs {
            address: false,
            pincode: false,
        };
        let customer = Customer {
            name: "Asha".into(),
            phone: "98450 12345".into(),
            ..Customer::default()
        };
        assert!(validate(&customer, pickup).is_ok());
        let typo = Customer {
            pincode: "56003".into(),
            ..customer
        };
        let error = validate(&typo, pickup).expect_err("bad pincode");
        assert_eq!(error.problems[0].0, "pincode");
    }

    #[test]
    fn valid_customers_are_trimmed() {
        let customer = validate(
            &Customer {
                name: "  Asha Rao ".into(),
                phone: "98450 12345".into(),
                address: " 12, 3rd Cross, Indiranagar ".into(),
                pincode: " 560 038".into(),
            },
            DELIVERY,
        )
        .expect("valid");
        assert_eq!(customer.name, "Asha Rao");
        assert_eq!(customer.phone, "+919845012345");
        assert_eq!(customer.address, "12, 3rd Cross, Indiranagar");
        assert_eq!(customer.pincode, "560038");
    }
}
