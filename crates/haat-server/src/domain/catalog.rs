//! Checks on a merchant's changes to the catalog.

use haat::lang::Lang;
use haat_api::{Money, Stock, VariantUpdate};

/// The highest price a variant may have.
pub const MAX_PRICE: Money = Money::MAX_PRICE;
/// The most units of one variant a shop may hold.
pub const MAX_STOCK: u32 = 1_000_000;

/// Why a change to one pack cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvalidChange {
    Empty,
    Price,
    Mrp,
    /// The MRP the pack would have is below the price it would have.
    MrpBelowPrice,
    /// The stock sent, which the draft's rules refuse ([`super::draft::stock_problem`]).
    Stock(Stock),
}

impl InvalidChange {
    /// The refusal as the merchant reads it, in their language.
    pub fn said(&self, lang: &Lang) -> String {
        match self {
            Self::Empty => lang.t("Send at least one of price, mrp and stock."),
            Self::Price => lang.t("The price must be between 0 and 10,00,00,000.00."),
            Self::Mrp => lang.t("The MRP must be between 0 and 10,00,00,000.00."),
            Self::MrpBelowPrice => lang.t("The MRP is at least the price."),
            Self::Stock(stock) => super::draft::stock_problem(*stock, lang).unwrap_or_default(),
        }
        .to_owned()
    }
}

pub fn check(update: &VariantUpdate) -> Result<(), InvalidChange> {
    if *update == VariantUpdate::default() {
        return Err(InvalidChange::Empty);
    }
    let in_range = |amount: Money| !amount.is_negative() && amount <= MAX_PRICE;
    if update.price.is_some_and(|price| !in_range(price)) {
        return Err(InvalidChange::Price);
    }
    if update.mrp.is_some_and(|mrp| !in_range(mrp)) {
        return Err(InvalidChange::Mrp);
    }
    if let Some(stock) = update.stock
        && super::draft::stock_problem(stock, &Lang::english()).is_some()
    {
        return Err(InvalidChange::Stock(stock));
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
