//! How an order is paid, and what the shopper tells the shop: checked against the shop's offer.

use std::fmt;

use haat::{lang::Lang, words};
use haat_api::{Fulfilment, Money, PaymentMethod, StoreProfile};

/// Longest note to the shop, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckoutError {
    /// The shop does not take `method`; it takes `offered`, for an order that comes by `fulfilment`.
    PaymentUnavailable {
        method: PaymentMethod,
        offered: Vec<PaymentMethod>,
        fulfilment: Fulfilment,
    },
    NoteTooLong,
    NoteUnreadable,
}

impl CheckoutError {
    /// The refusal as the shopper reads it, in their language: payment in the storefront's words.
    pub fn said(&self, lang: &Lang) -> String {
        match self {
            Self::PaymentUnavailable {
                method,
                offered,
                fulfilment,
            } => {
                let offered: Vec<&str> = offered
                    .iter()
                    .map(|method| words::payment(lang, *method, *fulfilment))
                    .collect();
                lang.f(
                    "This shop does not take {method}. It takes: {offered}.",
                    &[
                        ("method", words::payment(lang, *method, *fulfilment)),
                        ("offered", &offered.join(", ")),
                    ],
                )
            }
            Self::NoteTooLong => lang.f(
                "The note to the shop is too long ({most} characters at most).",
                &[("most", &lang.number(MAX_NOTE_CHARS as i64))],
            ),
            Self::NoteUnreadable => lang
                .t("The note to the shop contains characters that cannot be used.")
                .to_owned(),
        }
    }
}

impl fmt::Display for CheckoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said(&Lang::english()))
    }
}

impl std::error::Error for CheckoutError {}

/// The shopper's payment method, if the shop takes it (for an order that comes by `fulfilment`).
pub fn check_method(
    method: PaymentMethod,
    fulfilment: Fulfilment,
    shop: &StoreProfile,
) -> Result<PaymentMethod, CheckoutError> {
    if shop.payment_methods.contains(&method) {
        return Ok(method);
    }
    Err(CheckoutError::PaymentUnavailable {
        method,
        offered: shop.payment_methods.clone(),
        fulfilment,
    })
}

/// The note trimmed; newlines and tabs are fine, other control characters never are.
pub fn normalise_note(note: &str) -> Result<String, CheckoutError> {
    if note
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(CheckoutError::NoteUnreadable);
    }
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(CheckoutError::NoteTooLong);
    }
    Ok(note.to_owned())
}

/// The link an order paid by `upi_now` carries: to the shop's UPI id, for the order's total.
pub fn payment_link(
    method: PaymentMethod,
    upi_id: Option<&str>,
    payee: &str,
    total: Money,
    order_id: i64,
) -> Option<String> {
    match (method, upi_id) {
        (PaymentMethod::UpiNow, Some(upi_id)) => Some(upi_link(upi_id, payee, total, order_id)),
        _ => None,
    }
}

/// A UPI deep link (`upi://pay`, as NPCI's linking specification describes) that opens the shopper's UPI
/// app ready to pay `total` (in paise) to the shop for order `order_id`.
pub fn upi_link(upi_id: &str, payee: &str, total: Money, order_id: i64) -> String {
    let minor = total.minor().max(0);
    let amount = format!("{}.{:02}", minor / 100, minor % 100);
    let note = format!("Order {order_id}");
    let mut link = String::from("upi://pay?");
    for (index, (name, value)) in [
        ("pa", upi_id),
        ("pn", payee),
        ("am", amount.as_str()),
        ("cu", "INR"),
        ("tn", note.as_str()),
    ]
    .into_iter()
    .enumerate()
    {
        if index > 0 {
            link.push('&');
        }
        link.push_str(name);
        link.push('=');
        push_encoded(&mut link, value);
    }
    link
}

/// Percent-encodes everything but RFC 3986's unreserved characters (and '@', which UPI ids carry).
fn push_encoded(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
}

/// Whether `upi_id` looks like a UPI id (VPA): `handle@provider`, letters, digits, '.', '-' and '_'.
pub fn is_upi_id(upi_id: &str) -> bool {
    let Some((handle, provider)) = upi_id.split_once('@') else {
        return false;
    };
    let part_ok = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    };
    upi_id.len() <= 100 && part_ok(handle) && part_ok(provider)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop(methods: &[PaymentMethod]) -> StoreProfile {
        StoreProfile {
            slug: "demo".into(),
            name: "Sharma Kirana".into(),
            name_local: None,
            tagline: String::new(),
            logo: None,
            currency: "INR".into(),
            locale: "en-IN".into(),
            phone: "+919876543210".into(),
            min_order: Money::ZERO,
            delivery_fee: Money::ZERO,
            free_delivery_from: None,
            delivery_pincodes: Vec::new(),
            delivery_slots: Vec::new(),
            pickup: false,
            payment_methods: methods.to_vec(),
            upi_id: None,
            address: String::new(),
            hours: String::new(),
            closed: None,
        }
    }

    #[test]
    fn only_the_shops_methods_are_taken() {
        let cash_only = shop(&[PaymentMethod::Cash]);
        assert_eq!(
            check_method(PaymentMethod::Cash, Fulfilment::Delivery, &cash_only),
            Ok(PaymentMethod::Cash)
        );
        let refused = check_method(PaymentMethod::UpiNow, Fulfilment::Pickup, &cash_only)
            .expect_err("refused");
        assert_eq!(
            refused.to_string(),
            "This shop does not take UPI now. It takes: Cash at the shop."
        );
    }

    #[test]
    fn notes_are_trimmed_and_bounded() {
        assert_eq!(
            normalise_note("  Ring twice\nगेट 2  "),
            Ok("Ring twice\nगेट 2".into())
        );
        assert_eq!(
            normalise_note(&"क".repeat(MAX_NOTE_CHARS)).map(|n| n.chars().count()),
            Ok(MAX_NOTE_CHARS)
        );
        assert_eq!(
            normalise_note(&"a".repeat(MAX_NOTE_CHARS + 1)),
            Err(CheckoutError::NoteTooLong)
        );
        assert_eq!(
            normalise_note("bell\u{7}"),
            Err(CheckoutError::NoteUnreadable)
        );
    }

    #[test]
    fn upi_links_carry_payee_amount_and_order() {
        assert_eq!(
            upi_link(
                "sharma.kirana@upi",
                "Sharma Kirana & Sons",
                Money::from_minor(123_405),
                42
            ),
            "upi://pay?pa=sharma.kirana@upi&pn=Sharma%20Kirana%20%26%20Sons&am=1234.05&cu=INR\
             &tn=Order%2042"
        );
        assert!(upi_link("a@b", "शर्मा", Money::from_minor(5), 1).contains("pn=%E0%A4%B6"));
        assert!(upi_link("a@b", "x", Money::from_minor(5), 1).contains("am=0.05"));
    }

    #[test]
    fn upi_ids_are_handle_at_provider() {
        assert!(is_upi_id("sharma.kirana@okaxis"));
        for bad in ["", "noat", "@upi", "a@", "a b@upi", "a@b@c", "a&b@upi"] {
            assert!(!is_upi_id(bad), "{bad:?}");
        }
    }
}
