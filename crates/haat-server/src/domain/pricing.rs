//! Pricing a cart from the shop's own catalog. Client-sent prices never reach this module: lines carry
//! only product, variant and quantity.

use std::{collections::HashMap, fmt};

use haat::lang::Lang;
use haat_api::{Catalog, LineRequest, Money, PricedLine, Shortage, Stock, Totals};

use super::catalog::MAX_STOCK;

/// Most distinct lines one order may have.
pub const MAX_LINES: usize = 100;
/// Most units of one variant one order may have, whatever the stock.
pub const MAX_QUANTITY_PER_LINE: u32 = 50;

/// How many units of a variant a shopper may order now: its stock, capped per line.
pub fn orderable_quantity(stock: i64) -> u32 {
    u32::try_from(stock.clamp(0, i64::from(MAX_QUANTITY_PER_LINE))).unwrap_or(0)
}

/// How many packs there are to order at `now_ms`: the count, none while sold out, and as many as one
/// shop may hold when they are not counted.
pub fn available(stock: Stock, now_ms: i64) -> i64 {
    match stock {
        Stock::Count(units) => i64::from(units),
        _ if stock.sold_out_at(now_ms) => 0,
        Stock::Untracked | Stock::SoldOutUntil(_) => i64::from(MAX_STOCK),
    }
}

/// A variant as the catalog sells it now: what pricing needs to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sellable {
    pub product: String,
    pub variant: String,
    pub name: String,
    pub variant_label: String,
    pub price: Money,
    pub stock: i64,
}

/// The packs `lines` ask for that `catalog` (as shoppers see it) sells, each with what can be ordered:
/// for pricing against a catalog that is not stored as one, such as a preview's draft.
pub fn sellable_in(catalog: &Catalog, lines: &[LineRequest]) -> Vec<Sellable> {
    lines
        .iter()
        .filter_map(|line| {
            let product = catalog.products.iter().find(|it| it.id == line.product)?;
            let variant = product.variants.iter().find(|it| it.id == line.variant)?;
            Some(Sellable {
                product: product.id.clone(),
                variant: variant.id.clone(),
                name: product.name.clone(),
                variant_label: variant.label.clone(),
                price: variant.price,
                stock: i64::from(variant.max_quantity),
            })
        })
        .collect()
}

/// The shop's delivery charges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeeRules {
    pub delivery_fee: Money,
    pub free_delivery_from: Option<Money>,
}

/// A cart priced by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PricedCart {
    pub lines: Vec<PricedLine>,
    pub totals: Totals,
    /// Lines asking for more than can be ordered now: a quote shows them, an order is refused.
    pub shortages: Vec<Shortage>,
}

impl PricedCart {
    /// Refuses the cart if any line asks for more than can be ordered now, naming the first.
    pub fn require_stock(&self) -> Result<(), PricingError> {
        let Some(short) = self.shortages.first() else {
            return Ok(());
        };
        let line = self
            .lines
            .iter()
            .find(|line| line.product == short.product && line.variant == short.variant);
        Err(PricingError::OutOfStock {
            name: line.map_or_else(|| short.product.clone(), |line| line.name.clone()),
            label: line.map_or_else(|| short.variant.clone(), |line| line.variant_label.clone()),
            available: short.available,
            requested: line.map_or(0, |line| line.quantity),
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PricingError {
    EmptyCart,
    TooManyLines {
        count: usize,
    },
    /// A quantity out of bounds, for a product and variant named by their ids.
    InvalidQuantity {
        product: String,
        variant: String,
        quantity: u64,
    },
    /// A product and variant, by their ids, that the shop does not sell.
    UnknownProduct {
        product: String,
        variant: String,
    },
    OutOfStock {
        name: String,
        label: String,
        available: u32,
        requested: u32,
    },
    PriceChanged {
        name: String,
        label: String,
    },
    BelowMinimumOrder {
        minimum: Money,
        subtotal: Money,
        currency: String,
    },
    TotalTooLarge,
}

impl PricingError {
    /// The refusal as the shopper reads it, in their language.
    pub fn said(&self, lang: &Lang) -> String {
        let count = |n: u64| lang.number(i64::try_from(n).unwrap_or(i64::MAX));
        match self {
            Self::EmptyCart => lang.t("Your cart is empty.").to_owned(),
            Self::TooManyLines { count: lines } => lang.f(
                "An order can have at most {most} different items; this one has {count}.",
                &[
                    ("most", &count(MAX_LINES as u64)),
                    ("count", &count(*lines as u64)),
                ],
            ),
            Self::InvalidQuantity {
                product,
                variant,
                quantity,
            } => lang.f(
                "The quantity of {product} ({pack}) must be between 1 and {most}; got {quantity}.",
                &[
                    ("product", product),
                    ("pack", variant),
                    ("most", &count(MAX_QUANTITY_PER_LINE.into())),
                    ("quantity", &count(*quantity)),
                ],
            ),
            Self::UnknownProduct { product, variant } => lang.f(
                "This shop does not sell {product} ({pack}).",
                &[("product", product), ("pack", variant)],
            ),
            Self::OutOfStock {
                name,
                label,
                available,
                requested,
            } => lang.f(
                "Only {available} of {product} ({pack}) left; you asked for {requested}.",
                &[
                    ("available", &count((*available).into())),
                    ("product", name),
                    ("pack", label),
                    ("requested", &count((*requested).into())),
                ],
            ),
            Self::PriceChanged { name, label } => lang.f(
                "The price of {product} ({pack}) just changed. Please review your cart and order again.",
                &[("product", name), ("pack", label)],
            ),
            Self::BelowMinimumOrder {
                minimum,
                subtotal,
                currency,
            } => lang.f(
                "The minimum order is {minimum}; your items come to {subtotal}.",
                &[
                    ("minimum", &lang.money(*minimum, currency)),
                    ("subtotal", &lang.money(*subtotal, currency)),
                ],
            ),
            Self::TotalTooLarge => lang.t("This order's total is too large.").to_owned(),
        }
    }
}

impl fmt::Display for PricingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said(&Lang::english()))
    }
}

impl std::error::Error for PricingError {}

/// Checks line count and quantities and merges repeated lines for the same variant, keeping first-seen
/// order (and the first line's substitution choice).
pub fn normalise_lines(lines: &[LineRequest]) -> Result<Vec<LineRequest>, PricingError> {
    if lines.is_empty() {
        return Err(PricingError::EmptyCart);
    }
    let mut merged: Vec<LineRequest> = Vec::with_capacity(lines.len());
    for line in lines {
        match merged
            .iter_mut()
            .find(|seen| seen.product == line.product && seen.variant == line.variant)
        {
            Some(seen) => seen.quantity = seen.quantity.saturating_add(line.quantity),
            None => merged.push(line.clone()),
        }
    }
    if merged.len() > MAX_LINES {
        return Err(PricingError::TooManyLines {
            count: merged.len(),
        });
    }
    if let Some(bad) = merged
        .iter()
        .find(|line| line.quantity == 0 || line.quantity > MAX_QUANTITY_PER_LINE)
    {
        return Err(PricingError::InvalidQuantity {
            product: bad.product.clone(),
            variant: bad.variant.clone(),
            quantity: u64::from(bad.quantity),
        });
    }
    Ok(merged)
}

/// Prices normalised lines against what the catalog sells now, with the shop's delivery fee, noting the
/// lines that ask for more than can be ordered now.
pub fn price_cart(
    lines: &[LineRequest],
    sellable: &[Sellable],
    fees: FeeRules,
) -> Result<PricedCart, PricingError> {
    let by_key: HashMap<(&str, &str), &Sellable> = sellable
        .iter()
        .map(|item| ((item.product.as_str(), item.variant.as_str()), item))
        .collect();
    let mut priced = Vec::with_capacity(lines.len());
    let mut shortages = Vec::new();
    for line in lines {
        let item = by_key
            .get(&(line.product.as_str(), line.variant.as_str()))
            .ok_or_else(|| PricingError::UnknownProduct {
                product: line.product.clone(),
                variant: line.variant.clone(),
            })?;
        let available = orderable_quantity(item.stock);
        if line.quantity > available {
            shortages.push(Shortage {
                product: item.product.clone(),
                variant: item.variant.clone(),
                available,
            });
        }
        priced.push(PricedLine {
            product: item.product.clone(),
            variant: item.variant.clone(),
            name: item.name.clone(),
            variant_label: item.variant_label.clone(),
            unit_price: item.price,
            quantity: line.quantity,
            line_total: item
                .price
                .checked_mul(line.quantity)
                .ok_or(PricingError::TotalTooLarge)?,
            substitution: line.substitution,
            ordered: None,
            replaces: None,
        });
    }
    let subtotal = Money::checked_sum(priced.iter().map(|line| line.line_total))
        .ok_or(PricingError::TotalTooLarge)?;
    let delivery_fee = match fees.free_delivery_from {
        Some(threshold) if subtotal >= threshold => Money::ZERO,
        _ => fees.delivery_fee,
    };
    let total = subtotal
        .checked_add(delivery_fee)
        .ok_or(PricingError::TotalTooLarge)?;
    Ok(PricedCart {
        lines: priced,
        totals: Totals {
            subtotal,
            delivery_fee,
            total,
        },
        shortages,
    })
}

/// Refuses an order whose subtotal is below the shop's minimum.
pub fn check_minimum(
    cart: &PricedCart,
    minimum: Money,
    currency: &str,
) -> Result<(), PricingError> {
    if cart.totals.subtotal < minimum {
        return Err(PricingError::BelowMinimumOrder {
            minimum,
            subtotal: cart.totals.subtotal,
            currency: currency.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use haat_api::Substitution;

    use super::*;

    fn line(product: &str, variant: &str, quantity: u32) -> LineRequest {
        LineRequest {
            product: product.into(),
            variant: variant.into(),
            quantity,
            substitution: Substitution::Call,
        }
    }

    fn sellable(product: &str, variant: &str, price: i64, stock: i64) -> Sellable {
        Sellable {
            product: product.into(),
            variant: variant.into(),
            name: product.to_uppercase(),
            variant_label: variant.into(),
            price: Money::from_minor(price),
            stock,
        }
    }

    const FEES: FeeRules = FeeRules {
        delivery_fee: Money::from_minor(2_500),
        free_delivery_from: Some(Money::from_minor(50_000)),
    };

    #[test]
    fn prices_lines_from_the_catalog_and_adds_delivery() {
        let catalog = [
            sellable("atta", "5kg", 24_500, 10),
            sellable("dal", "1kg", 16_900, 10),
        ];
        let cart = price_cart(
            &[line("atta", "5kg", 1), line("dal", "1kg", 2)],
            &catalog,
            FEES,
        )
        .expect("prices");
        assert_eq!(cart.lines[1].line_total, Money::from_minor(33_800));
        assert_eq!(cart.totals.subtotal, Money::from_minor(58_300));
        assert_eq!(cart.totals.delivery_fee, Money::ZERO, "free above 500");
        assert_eq!(cart.totals.total, Money::from_minor(58_300));

        let small = price_cart(&[line("dal", "1kg", 1)], &catalog, FEES).expect("prices");
        assert_eq!(small.totals.delivery_fee, Money::from_minor(2_500));
        assert_eq!(small.totals.total, Money::from_minor(19_400));
    }

    #[test]
    fn free_delivery_starts_exactly_at_the_threshold() {
        let catalog = [sellable("ghee", "1l", 50_000, 5)];
        let cart = price_cart(&[line("ghee", "1l", 1)], &catalog, FEES).expect("prices");
        assert_eq!(cart.totals.delivery_fee, Money::ZERO);
    }

    #[test]
    fn unknown_variants_and_short_stock_are_refused() {
        let catalog = [sellable("atta", "5kg", 24_500, 2)];
        assert!(matches!(
            price_cart(&[line("atta", "10kg", 1)], &catalog, FEES),
            Err(PricingError::UnknownProduct { .. })
        ));
        let short = price_cart(&[line("atta", "5kg", 3)], &catalog, FEES).expect("priced");
        assert_eq!(
            short.shortages,
            [Shortage {
                product: "atta".into(),
                variant: "5kg".into(),
                available: 2
            }]
        );
        assert_eq!(
            short.require_stock(),
            Err(PricingError::OutOfStock {
                name: "ATTA".into(),
                label: "5kg".into(),
                available: 2,
                requested: 3
            })
        );
    }

    #[test]
    fn normalising_merges_repeats_and_checks_quantities() {
        assert_eq!(normalise_lines(&[]), Err(PricingError::EmptyCart));
        assert_eq!(
            normalise_lines(&[line("a", "x", 2), line("b", "y", 1), line("a", "x", 3)]),
            Ok(vec![line("a", "x", 5), line("b", "y", 1)])
        );
        assert!(matches!(
            normalise_lines(&[line("a", "x", 0)]),
            Err(PricingError::InvalidQuantity { quantity: 0, .. })
        ));
        assert!(matches!(
            normalise_lines(&[line("a", "x", 30), line("a", "x", 30)]),
            Err(PricingError::InvalidQuantity { quantity: 60, .. })
        ));
        let many: Vec<_> = (0..=MAX_LINES)
            .map(|i| line(&format!("p{i}"), "v", 1))
            .collect();
        assert!(matches!(
            normalise_lines(&many),
            Err(PricingError::TooManyLines { .. })
        ));
    }

    #[test]
    fn overflowing_totals_are_an_error() {
        let catalog = [sellable("gold", "bar", i64::MAX / 10, 50)];
        assert_eq!(
            price_cart(&[line("gold", "bar", 20)], &catalog, FEES),
            Err(PricingError::TotalTooLarge)
        );
    }

    #[test]
    fn minimum_order_is_checked_on_the_subtotal() {
        let catalog = [sellable("salt", "1kg", 2_800, 10)];
        let cart = price_cart(&[line("salt", "1kg", 1)], &catalog, FEES).expect("prices");
        assert!(matches!(
            check_minimum(&cart, Money::from_minor(10_000), "INR"),
            Err(PricingError::BelowMinimumOrder { .. })
        ));
        assert_eq!(
            check_minimum(&cart, Money::from_minor(2_800), "INR"),
            Ok(())
        );
    }

    #[test]
    fn messages_say_money_as_the_shopper_reads_it() {
        let error = PricingError::BelowMinimumOrder {
            minimum: Money::from_minor(10_000),
            subtotal: Money::from_minor(2_805),
            currency: "INR".into(),
        };
        assert_eq!(
            error.to_string(),
            "The minimum order is ₹100; your items come to ₹28.05."
        );
    }

    #[test]
    fn packs_not_counted_are_there_unless_sold_out_for_now() {
        let plenty = i64::from(MAX_STOCK);
        assert_eq!(available(Stock::Count(7), 0), 7);
        assert_eq!(available(Stock::Untracked, 0), plenty);
        assert_eq!(available(Stock::SoldOutUntil(100), 99), 0);
        assert_eq!(available(Stock::SoldOutUntil(100), 100), plenty);
        assert_eq!(
            orderable_quantity(available(Stock::Untracked, 0)),
            MAX_QUANTITY_PER_LINE
        );
    }

    #[test]
    fn orderable_quantity_is_stock_capped_per_line() {
        assert_eq!(orderable_quantity(-3), 0);
        assert_eq!(orderable_quantity(7), 7);
        assert_eq!(orderable_quantity(10_000), MAX_QUANTITY_PER_LINE);
    }
}
