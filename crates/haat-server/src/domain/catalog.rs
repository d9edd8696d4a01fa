//! Checks on a merchant's changes to the catalog.

use haat_api::{Money, VariantUpdate};

/// The highest price a variant may have.
pub const MAX_PRICE: Money = Money::MAX_PRICE;
/// The most units of one variant a shop may hold.
pub const MAX_STOCK: u32 = 1_000_000;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InvalidChange {
    #[error("Send at least one of price, mrp and stock.")]
    Empty,
    #[error("{0} must be between 0 and 10,00,00,000.00.")]
    Price(&'static str),
    #[error("{0}")]
    Stock(&'static str),
}

pub fn check(update: &VariantUpdate) -> Result<(), InvalidChange> {
    if *update == VariantUpdate::default() {
        return Err(InvalidChange::Empty);
    }
    let in_range = |amount: Money| !amount.is_negative() && amount <= MAX_PRICE;
    if update.price.is_some_and(|price| !in_range(price)) {
        return Err(InvalidChange::Price("The price"));
    }
    if update.mrp.is_some_and(|mrp| !in_range(mrp)) {
        return Err(InvalidChange::Price("The MRP"));
    }
    if let Some(why) = update.stock.and_then(super::draft::stock_problem) {
        return Err(InvalidChange::Stock(why));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use haat_api::Stock;

    use super::*;

    #[test]
    fn changes_must_be_in_range_and_not_empty() {
        let price = |minor| VariantUpdate {
            price: Some(Money::from_minor(minor)),
            ..VariantUpdate::default()
        };
        assert_eq!(check(&price(17_900)), Ok(()));
        assert_eq!(check(&price(0)), Ok(()));
        assert!(check(&price(-1)).is_err());
        assert!(check(&price(MAX_PRICE.minor() + 1)).is_err());
        assert_eq!(check(&VariantUpdate::default()), Err(InvalidChange::Empty));
        let stock = VariantUpdate {
            stock: Some(Stock::Count(MAX_STOCK + 1)),
            ..VariantUpdate::default()
        };
        assert!(matches!(check(&stock), Err(InvalidChange::Stock(_))));
    }
}
