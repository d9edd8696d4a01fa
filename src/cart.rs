//! The shopper's cart: a pure reducer over lines of (product, variant, quantity). Prices are not kept
//! here; the server quotes them.

use std::rc::Rc;

use haat_api::LineRequest;
use serde::{Deserialize, Serialize};
use yew::Reducible;

/// A cart holds this many units of one variant at most, whatever the stock says.
pub const MAX_PER_LINE: u32 = 50;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product: String,
    pub variant: String,
    pub quantity: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartAction {
    /// Set a variant's quantity, clamped to `0..=max`; zero removes the line.
    Set {
        product: String,
        variant: String,
        quantity: u32,
        max: u32,
    },
    Remove {
        product: String,
        variant: String,
    },
    Clear,
}

impl Cart {
    pub fn apply(&self, action: CartAction) -> Self {
        let mut lines = self.lines.clone();
        match action {
            CartAction::Set {
                product,
                variant,
                quantity,
                max,
            } => {
                let quantity = quantity.min(max).min(MAX_PER_LINE);
                let at = lines
                    .iter()
                    .position(|line| line.product == product && line.variant == variant);
                match (at, quantity) {
                    (Some(at), 0) => {
                        lines.remove(at);
                    }
                    (Some(at), quantity) => lines[at].quantity = quantity,
                    (None, 0) => {}
                    (None, quantity) => lines.push(CartLine {
                        product,
                        variant,
                        quantity,
                    }),
                }
            }
            CartAction::Remove { product, variant } => {
                lines.retain(|line| !(line.product == product && line.variant == variant));
            }
            CartAction::Clear => lines.clear(),
        }
        Self { lines }
    }

    pub fn quantity_of(&self, product: &str, variant: &str) -> u32 {
        self.lines
            .iter()
            .find(|line| line.product == product && line.variant == variant)
            .map_or(0, |line| line.quantity)
    }

    /// Units in the cart, all lines together.
    pub fn item_count(&self) -> u32 {
        self.lines.iter().map(|line| line.quantity).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The lines as the API takes them.
    pub fn requests(&self) -> Vec<LineRequest> {
        self.lines
            .iter()
            .map(|line| LineRequest {
                product: line.product.clone(),
                variant: line.variant.clone(),
                quantity: line.quantity,
                substitution: Default::default(),
            })
            .collect()
    }
}

impl Reducible for Cart {
    type Action = CartAction;

    fn reduce(self: Rc<Self>, action: CartAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(product: &str, variant: &str, quantity: u32, max: u32) -> CartAction {
        CartAction::Set {
            product: product.into(),
            variant: variant.into(),
            quantity,
            max,
        }
    }

    #[test]
    fn setting_adds_updates_and_removes_lines() {
        let cart = Cart::default()
            .apply(set("atta", "5kg", 1, 10))
            .apply(set("dal", "1kg", 2, 10))
            .apply(set("atta", "5kg", 3, 10));
        assert_eq!(cart.quantity_of("atta", "5kg"), 3);
        assert_eq!(cart.item_count(), 5);
        assert_eq!(
            cart.lines[0].product, "atta",
            "lines keep their first position"
        );

        let cart = cart.apply(set("atta", "5kg", 0, 10));
        assert_eq!(cart.quantity_of("atta", "5kg"), 0);
        assert_eq!(cart.lines.len(), 1);
    }

    #[test]
    fn quantities_are_bounded_by_stock_and_the_line_maximum() {
        let cart = Cart::default().apply(set("atta", "5kg", 7, 4));
        assert_eq!(cart.quantity_of("atta", "5kg"), 4);
        let cart = cart.apply(set("salt", "1kg", 500, 1_000));
        assert_eq!(cart.quantity_of("salt", "1kg"), MAX_PER_LINE);
        let cart = cart.apply(set("oil", "1l", 1, 0));
        assert_eq!(
            cart.quantity_of("oil", "1l"),
            0,
            "out of stock never enters"
        );
    }

    #[test]
    fn variants_of_one_product_are_separate_lines() {
        let cart = Cart::default()
            .apply(set("rice", "1kg", 1, 9))
            .apply(set("rice", "5kg", 2, 9))
            .apply(CartAction::Remove {
                product: "rice".into(),
                variant: "1kg".into(),
            });
        assert_eq!(cart.requests().len(), 1);
        assert_eq!(cart.requests()[0].variant, "5kg");
        assert!(cart.apply(CartAction::Clear).is_empty());
    }

    #[test]
    fn survives_a_json_round_trip() {
        let cart = Cart::default().apply(set("tea", "250g", 2, 9));
        let json = serde_json::to_string(&cart).expect("serialises");
        assert_eq!(serde_json::from_str::<Cart>(&json).expect("parses"), cart);
    }
}
