//! The shopper's cart: a pure reducer over lines of (product, variant, quantity). The server quotes the
//! prices; the cart only remembers the unit price the shopper last saw for each line, so that a price
//! the server changed since is shown as a change and never slips into an order unnoticed.

use std::rc::Rc;

use haat_api::{Catalog, LineRequest, Money, Quote, Substitution};
use serde::{Deserialize, Serialize};
use yew::Reducible;

/// A cart holds this many units of one variant at most, whatever the stock says.
pub const MAX_PER_LINE: u32 = 50;

/// Kept on the phone as JSON (`storage`); every field but the line's identity and quantity may be missing
/// from what an older build kept, and takes its default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product: String,
    pub variant: String,
    pub quantity: u32,
    /// What the shop should do if the item is unavailable when packing; may be missing when stored.
    #[serde(default)]
    pub substitution: Substitution,
    /// The unit price the shopper saw (in the catalog, or accepted after a change); `None` until known,
    /// and when missing from what was stored.
    #[serde(default)]
    pub seen_price: Option<Money>,
}

/// A unit price seen for one variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceSeen {
    pub product: String,
    pub variant: String,
    pub price: Money,
}

/// A line whose price the server quotes differently from what the shopper saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceChange {
    pub product: String,
    pub variant: String,
    pub was: Money,
    pub now: Money,
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
    Substitute {
        product: String,
        variant: String,
        choice: Substitution,
    },
    /// Remember the prices of lines whose price the shopper has not seen yet.
    RememberPrices(Vec<PriceSeen>),
    /// The shopper accepts these prices: they replace what was seen.
    AcceptPrices(Vec<PriceSeen>),
    Clear,
    /// These lines were ordered: their quantities leave the cart, and lines left with none go.
    Ordered(Vec<LineRequest>),
    /// The cart as it is kept on the phone, changed by another page of the app or another tab.
    Replace(Cart),
    /// Lines taken out put back (undo), each at its former place (`lines_gone`), into the cart as it is
    /// now: what changed since stays, and a variant in the cart again is not put back twice.
    PutBack(Vec<(usize, CartLine)>),
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
                        substitution: Substitution::default(),
                        seen_price: None,
                    }),
                }
            }
            CartAction::Remove { product, variant } => {
                lines.retain(|line| !(line.product == product && line.variant == variant));
            }
            CartAction::Substitute {
                product,
                variant,
                choice,
            } => {
                for line in &mut lines {
                    if line.product == product && line.variant == variant {
                        line.substitution = choice;
                    }
                }
            }
            CartAction::RememberPrices(seen) => note_prices(&mut lines, &seen, false),
            CartAction::AcceptPrices(seen) => note_prices(&mut lines, &seen, true),
            CartAction::Clear => lines.clear(),
            CartAction::Ordered(ordered) => {
                for line in &mut lines {
                    let taken = ordered
                        .iter()
                        .filter(|o| o.product == line.product && o.variant == line.variant)
                        .map(|o| o.quantity)
                        .sum();
                    line.quantity = line.quantity.saturating_sub(taken);
                }
                lines.retain(|line| line.quantity > 0);
            }
            CartAction::Replace(cart) => lines = cart.lines,
            CartAction::PutBack(taken) => {
                for (at, line) in taken {
                    if !lines
                        .iter()
                        .any(|kept| kept.product == line.product && kept.variant == line.variant)
                    {
                        lines.insert(at.min(lines.len()), line);
                    }
                }
            }
        }
        Self { lines }
    }

    /// The prices of lines not yet seen, as the catalog shows them.
    pub fn unseen_prices(&self, catalog: &Catalog) -> Vec<PriceSeen> {
        self.lines
            .iter()
            .filter(|line| line.seen_price.is_none())
            .filter_map(|line| {
                let product = catalog.products.iter().find(|p| p.id == line.product)?;
                let variant = product.variants.iter().find(|v| v.id == line.variant)?;
                Some(PriceSeen {
                    product: line.product.clone(),
                    variant: line.variant.clone(),
                    price: variant.price,
                })
            })
            .collect()
    }

    /// Lines the server now prices differently from what the shopper saw.
    pub fn price_changes(&self, quote: &Quote) -> Vec<PriceChange> {
        quote
            .lines
            .iter()
            .filter_map(|priced| {
                let line = self
                    .lines
                    .iter()
                    .find(|l| l.product == priced.product && l.variant == priced.variant)?;
                let was = line.seen_price?;
                (was != priced.unit_price).then(|| PriceChange {
                    product: priced.product.clone(),
                    variant: priced.variant.clone(),
                    was,
                    now: priced.unit_price,
                })
            })
            .collect()
    }

    pub fn quantity_of(&self, product: &str, variant: &str) -> u32 {
        self.lines
            .iter()
            .find(|line| line.product == product && line.variant == variant)
            .map_or(0, |line| line.quantity)
    }

    /// The lines of this cart that `after` no longer has, with their places in it.
    pub fn lines_gone(&self, after: &Cart) -> Vec<(usize, &CartLine)> {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, line)| after.quantity_of(&line.product, &line.variant) == 0)
            .collect()
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
                substitution: line.substitution,
            })
            .collect()
    }
}

/// Records seen prices on their lines: all of them, or (`replace` false) only where none was seen yet.
fn note_prices(lines: &mut [CartLine], seen: &[PriceSeen], replace: bool) {
    for line in lines {
        let price = seen
            .iter()
            .find(|s| s.product == line.product && s.variant == line.variant);
        if let Some(price) = price
            && (replace || line.seen_price.is_none())
        {
            line.seen_price = Some(price.price);
        }
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
    fn the_lines_gone_are_those_taken_out_not_those_reduced() {
        let cart = Cart::default()
            .apply(set("atta", "5kg", 2, 10))
            .apply(set("dal", "1kg", 1, 10));
        let less = cart.apply(set("atta", "5kg", 1, 10));
        assert!(cart.lines_gone(&less).is_empty());
        let minus_at_one = cart.apply(set("dal", "1kg", 0, 10));
        let gone = cart.lines_gone(&minus_at_one);
        assert_eq!(gone.len(), 1);
        assert_eq!((gone[0].0, gone[0].1.product.as_str()), (1, "dal"));
        assert_eq!(cart.lines_gone(&cart.apply(CartAction::Clear)).len(), 2);
    }

    #[test]
    fn lines_put_back_return_to_their_places_and_keep_what_changed_since() {
        let cart = Cart::default()
            .apply(set("atta", "5kg", 2, 10))
            .apply(set("dal", "1kg", 1, 10))
            .apply(set("ghee", "1l", 1, 10));
        let taken = |after: &Cart| -> Vec<(usize, CartLine)> {
            let gone = cart.lines_gone(after);
            gone.into_iter()
                .map(|(at, line)| (at, line.clone()))
                .collect()
        };
        // Dal taken out, then rice added and atta raised: undo brings dal back to its place, and
        // keeps the rice and the third bag of atta.
        let without_dal = cart.apply(set("dal", "1kg", 0, 10));
        let since = without_dal
            .apply(set("rice", "5kg", 1, 10))
            .apply(set("atta", "5kg", 3, 10));
        let back = since.apply(CartAction::PutBack(taken(&without_dal)));
        let order: Vec<(&str, u32)> = back
            .lines
            .iter()
            .map(|line| (line.product.as_str(), line.quantity))
            .collect();
        assert_eq!(order, [("atta", 3), ("dal", 1), ("ghee", 1), ("rice", 1)]);
        // The cart emptied and put back at once is the cart it was.
        let emptied = cart.apply(CartAction::Clear);
        assert_eq!(emptied.apply(CartAction::PutBack(taken(&emptied))), cart);
        // Dal added again meanwhile: it is not put back twice.
        let again = without_dal.apply(set("dal", "1kg", 4, 10));
        let back = again.apply(CartAction::PutBack(taken(&without_dal)));
        assert_eq!(back.quantity_of("dal", "1kg"), 4);
        assert_eq!(back.lines.len(), 3);
    }

    #[test]
    fn an_order_takes_its_lines_out_and_leaves_what_was_added_since() {
        let ordered = Cart::default()
            .apply(set("atta", "5kg", 2, 10))
            .apply(set("dal", "1kg", 1, 10));
        // While the order was on its way, the shopper took one more bag of atta and some rice.
        let now = ordered
            .apply(set("atta", "5kg", 3, 10))
            .apply(set("rice", "5kg", 1, 10));
        let left = now.apply(CartAction::Ordered(ordered.requests()));
        assert_eq!(left.quantity_of("atta", "5kg"), 1);
        assert_eq!(left.quantity_of("dal", "1kg"), 0);
        assert_eq!(left.quantity_of("rice", "5kg"), 1);
        assert_eq!(left.lines.len(), 2);
        assert!(
            ordered
                .apply(CartAction::Ordered(ordered.requests()))
                .is_empty()
        );
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

    fn seen(product: &str, price: i64) -> PriceSeen {
        PriceSeen {
            product: product.into(),
            variant: "1kg".into(),
            price: Money::from_minor(price),
        }
    }

    fn quote(lines: &[(&str, i64)]) -> Quote {
        let lines: Vec<_> = lines
            .iter()
            .map(|(product, price)| haat_api::PricedLine {
                product: (*product).into(),
                variant: "1kg".into(),
                name: (*product).into(),
                variant_label: "1 kg".into(),
                unit_price: Money::from_minor(*price),
                quantity: 1,
                line_total: Money::from_minor(*price),
                substitution: Substitution::Call,
                ordered: None,
                replaces: None,
            })
            .collect();
        let zero = Money::ZERO;
        Quote {
            currency: "INR".into(),
            lines,
            totals: haat_api::Totals {
                subtotal: zero,
                delivery_fee: zero,
                total: zero,
            },
            shortages: Vec::new(),
        }
    }

    #[test]
    fn a_price_the_server_changed_is_a_change_until_accepted() {
        let cart = Cart::default()
            .apply(set("dal", "1kg", 1, 9))
            .apply(set("rice", "1kg", 1, 9))
            .apply(CartAction::RememberPrices(vec![
                seen("dal", 16_900),
                seen("rice", 9_000),
            ]))
            .apply(CartAction::RememberPrices(vec![seen("dal", 1)]));
        assert_eq!(
            cart.lines[0].seen_price,
            Some(Money::from_minor(16_900)),
            "remembering never overwrites what was seen"
        );
        let now = quote(&[("dal", 17_900), ("rice", 9_000)]);
        assert_eq!(
            cart.price_changes(&now),
            [PriceChange {
                product: "dal".into(),
                variant: "1kg".into(),
                was: Money::from_minor(16_900),
                now: Money::from_minor(17_900),
            }]
        );
        let accepted = cart.apply(CartAction::AcceptPrices(vec![seen("dal", 17_900)]));
        assert!(accepted.price_changes(&now).is_empty());
    }

    #[test]
    fn substitution_choices_travel_with_the_line() {
        let cart = Cart::default()
            .apply(set("dal", "1kg", 1, 9))
            .apply(CartAction::Substitute {
                product: "dal".into(),
                variant: "1kg".into(),
                choice: Substitution::Skip,
            });
        assert_eq!(cart.requests()[0].substitution, Substitution::Skip);
    }

    #[test]
    fn survives_a_json_round_trip() {
        let cart = Cart::default().apply(set("tea", "250g", 2, 9));
        let json = crate::json::stringify(&cart).expect("a cart serialises");
        assert_eq!(crate::json::parse::<Cart>(&json), Some(cart));
    }

    #[test]
    fn reads_a_cart_an_older_build_kept() {
        let kept = r#"{"lines":[{"product":"tea","variant":"250g","quantity":2}]}"#;
        let cart: Cart = crate::json::parse(kept).expect("an older cart reads");
        assert_eq!(cart.lines[0].substitution, Substitution::default());
        assert_eq!(cart.lines[0].seen_price, None);
    }
}
