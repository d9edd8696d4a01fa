//! JSON for the app, without `serde_json` or the browser's `JSON.parse`: text is parsed into an owned
//! tree by a small non-generic parser (`tree.rs`), which serde then walks into wire types (`decode.rs`);
//! requests and stored state are written by a small serde serializer (`write.rs`).
//!
//! Only the walking is generic, so only it is repeated per wire type in the wasm, and it is kept to
//! one-line methods. Errors carry no detail: every failure is "not the shape we expected", which is all
//! the app acts on. Formatting serde's error messages would link Rust's float formatting (tens of KiB
//! of wasm) into the shopper's first load.

mod decode;
mod tree;
mod write;

use std::fmt;

use serde::{
    de::{self, DeserializeOwned},
    ser,
};

pub use tree::Json;
pub use write::stringify;

/// Parses JSON text into a tree; `None` if it is not JSON.
pub fn tree(text: &str) -> Option<Json> {
    tree::parse(text).ok()
}

/// Decodes a parsed tree as `T`; `None` if it has another shape.
pub fn decode<T: DeserializeOwned>(json: Json) -> Option<T> {
    T::deserialize(json).ok()
}

/// Parses JSON text as `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    decode(tree(text)?)
}

/// The value did not have the expected shape.
#[derive(Debug)]
pub struct ShapeError;

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unexpected JSON shape")
    }
}

impl std::error::Error for ShapeError {}

// Every constructor is overridden so that none formats its arguments.
impl de::Error for ShapeError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Self
    }
    fn invalid_type(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Self
    }
    fn invalid_value(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Self
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Self
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Self
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Self
    }
    fn missing_field(_: &'static str) -> Self {
        Self
    }
    fn duplicate_field(_: &'static str) -> Self {
        Self
    }
}

impl ser::Error for ShapeError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Self
    }
}

#[cfg(test)]
mod tests {
    use haat_api::{
        ApiError, Customer, FieldError, Fulfilment, LineRequest, Money, OrderRequest, OrderStatus,
        PaymentMethod, PricedLine, Quote, Shortage, Substitution, Totals,
    };

    use super::{parse, stringify};

    fn order_request() -> OrderRequest {
        OrderRequest {
            customer: Customer {
                name: "Asha \"Didi\" Rao\\".into(),
                phone: "98450 12345".into(),
                address: "Flat 2,\nटावर 3\u{1} 😀".into(),
                pincode: "560038".into(),
            },
            lines: vec![LineRequest {
                product: "toor-dal".into(),
                variant: "1kg".into(),
                quantity: 2,
                substitution: Substitution::Similar,
            }],
            fulfilment: Fulfilment::Pickup,
            slot: Some("evening".into()),
            payment: PaymentMethod::UpiNow,
            note: "Ring twice".into(),
        }
    }

    #[test]
    fn reads_back_what_it_writes() {
        let request = order_request();
        let json = stringify(&request).expect("writes");
        assert_eq!(parse::<OrderRequest>(&json), Some(request));
    }

    #[test]
    fn reads_what_serde_json_writes() {
        let quote = Quote {
            currency: "INR".into(),
            lines: vec![PricedLine {
                product: "atta".into(),
                variant: "5kg".into(),
                name: "Aashirvaad Atta".into(),
                variant_label: "5 kg".into(),
                unit_price: Money::from_minor(24_500),
                quantity: 3,
                line_total: Money::from_minor(73_500),
                substitution: Substitution::Skip,
            }],
            totals: Totals {
                subtotal: Money::from_minor(73_500),
                delivery_fee: Money::from_minor(-1),
                total: Money::from_minor(73_499),
            },
            shortages: vec![Shortage {
                product: "atta".into(),
                variant: "5kg".into(),
                available: 0,
            }],
        };
        let text = serde_json::to_string_pretty(&quote).expect("serialises");
        assert_eq!(parse::<Quote>(&text), Some(quote));

        let error = ApiError {
            code: "invalid_customer".into(),
            message: "Check the details.".into(),
            details: vec![FieldError {
                field: "customer.phone".into(),
                message: "A 10-digit phone number, please.".into(),
            }],
        };
        let text = serde_json::to_string(&error).expect("serialises");
        assert_eq!(parse::<ApiError>(&text), Some(error));
    }

    #[test]
    fn unknown_fields_are_ignored_whatever_they_hold() {
        let text = r#"{"name":"A","phone":"1","address":"x","pincode":"5",
            "rating":4.5,"tags":[{"deep":[null,true]}],"extra":null}"#;
        let customer = parse::<Customer>(text).expect("decodes");
        assert_eq!(customer.pincode, "5");
    }

    #[test]
    fn the_wrong_shape_is_none() {
        assert_eq!(parse::<u32>("-1"), None);
        assert_eq!(parse::<u32>("4294967296"), None);
        assert_eq!(parse::<i64>("1.5"), None);
        assert_eq!(parse::<String>("12"), None);
        assert_eq!(parse::<OrderStatus>(r#""lost""#), None);
        assert_eq!(
            parse::<OrderStatus>(r#""out_for_delivery""#),
            Some(OrderStatus::OutForDelivery)
        );
        assert_eq!(parse::<Option<u32>>("null"), Some(None));
        assert_eq!(parse::<Vec<u32>>("[1,2]"), Some(vec![1, 2]));
        assert_eq!(parse::<Vec<u32>>(r#"{"a":1}"#), None);
        assert_eq!(parse::<Customer>(r#"{"name":"A"}"#), None, "missing fields");
        assert_eq!(parse::<Customer>("[]"), None);
        assert_eq!(parse::<Customer>("not json"), None);
    }
}
