use serde::{Deserialize, Serialize};

/// An amount of money as an integer count of minor units (paise for INR, cents for USD).
///
/// Floats never hold a price. Arithmetic is checked: an overflow is an error the caller must handle,
/// never a wrapped or saturated total.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Self = Self(0);

    pub const fn from_minor(minor: i64) -> Self {
        Self(minor)
    }

    pub const fn minor(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Self) -> Option<Self> {
        self.0.checked_add(other.0).map(Self)
    }

    pub fn checked_sub(self, other: Self) -> Option<Self> {
        self.0.checked_sub(other.0).map(Self)
    }

    pub fn checked_mul(self, quantity: u32) -> Option<Self> {
        self.0.checked_mul(i64::from(quantity)).map(Self)
    }

    /// Sums amounts, or `None` on overflow.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Self>) -> Option<Self> {
        amounts
            .into_iter()
            .try_fold(Self::ZERO, |sum, amount| sum.checked_add(amount))
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_is_exact_in_minor_units() {
        let price = Money::from_minor(4_550);
        assert_eq!(price.checked_mul(3), Some(Money::from_minor(13_650)));
        assert_eq!(
            price.checked_add(Money::from_minor(50)),
            Some(Money::from_minor(4_600))
        );
        assert_eq!(
            Money::checked_sum([price, price, Money::from_minor(1)]),
            Some(Money::from_minor(9_101))
        );
        assert_eq!(
            price.checked_sub(Money::from_minor(5_000)),
            Some(Money::from_minor(-450))
        );
    }

    #[test]
    fn overflow_is_reported_not_wrapped() {
        let huge = Money::from_minor(i64::MAX / 2 + 1);
        assert_eq!(huge.checked_mul(2), None);
        assert_eq!(huge.checked_add(huge), None);
        assert_eq!(Money::checked_sum([huge, huge]), None);
    }

    #[test]
    fn serialises_as_a_bare_integer() {
        let json = serde_json::to_string(&Money::from_minor(12_345)).expect("serialises");
        assert_eq!(json, "12345");
        let back: Money = serde_json::from_str("12345").expect("parses");
        assert_eq!(back, Money::from_minor(12_345));
    }
}
