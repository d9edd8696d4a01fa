//! JSON for the app, without serde, `serde_json` or the browser's `JSON.parse`: text is parsed into an
//! owned tree by a small non-generic parser (`tree.rs`), from which wire types read themselves by hand
//! (`from.rs`); requests and stored state write themselves by hand (`write.rs`).
//!
//! Nothing here is a generic (de)serializer: a type costs the wasm about one short function per
//! direction. Errors carry no detail: every failure is "not the shape we expected", which is all the
//! app acts on.

mod from;
mod tree;
mod write;

pub use from::FromJson;
pub use tree::Json;
pub use write::{ToJson, stringify};

/// Parses JSON text into a tree; `None` if it is not JSON.
pub fn tree(text: &str) -> Option<Json> {
    tree::parse(text).ok()
}

/// Parses JSON text as `T`.
pub fn parse<T: FromJson>(text: &str) -> Option<T> {
    T::from_json(&tree(text)?)
}

#[cfg(test)]
mod tests {
    use haat_api::{Customer, Money, Substitution};

    use super::{parse, stringify};
    use crate::{
        cart::{Cart, CartLine},
        storage::Choices,
    };

    #[test]
    fn reads_back_the_state_it_stores() {
        let customer = Customer {
            name: "Asha \"Didi\" Rao\\".into(),
            phone: "98450 12345".into(),
            address: "Flat 2,\nटावर 3\u{1} 😀".into(),
            pincode: String::new(),
        };
        let json = stringify(&customer);
        assert_eq!(parse::<Customer>(&json), Some(customer));

        let cart = Cart {
            lines: vec![CartLine {
                product: "toor-dal".into(),
                variant: "1kg".into(),
                quantity: 2,
                substitution: Substitution::Similar,
                seen_price: Some(Money::from_minor(-5)),
            }],
        };
        let json = stringify(&cart);
        assert_eq!(parse::<Cart>(&json), Some(cart));

        let choices = Choices::default();
        let json = stringify(&choices);
        assert_eq!(parse::<Choices>(&json), Some(choices));
    }

    #[test]
    fn text_that_is_not_json_is_none() {
        assert_eq!(parse::<Customer>("not json"), None);
        assert_eq!(parse::<Customer>(""), None);
    }
}
