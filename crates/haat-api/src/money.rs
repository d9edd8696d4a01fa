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
    /// The highest price a pack may have: ₹10 crore in paise. Far above any shop item, far below
    /// overflow.
    pub const MAX_PRICE: Self = Self(10_000_000_000);

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

    /// Rupees as people type them, in paise: "245", "245.50", "₹1,245", "Rs. 1,00,245.5", "1 245".
    /// With `decimal_comma` (a spreadsheet separated by semicolons, a language that writes "245,50"),
    /// "245,50" is 245 rupees 50 paise. A comma that groups digits must group them as India or the
    /// West does (threes last, then twos or threes): "12,5" is never read as 125.
    pub fn parse_rupees(text: &str, decimal_comma: bool) -> Result<Self, PriceProblem> {
        let mut number = text.trim();
        for prefix in ["₹", "Rs.", "Rs", "INR", "rs.", "rs"] {
            if let Some(rest) = number.strip_prefix(prefix) {
                number = rest.trim_start();
                break;
            }
        }
        // Spaces group digits in French ("1 245,50", with U+00A0 or U+202F as the phone writes it).
        let number: String = number
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        let comma_is_decimal = decimal_comma
            && !number.contains('.')
            && number
                .rsplit_once(',')
                .is_some_and(|(_, paise)| (1..=2).contains(&paise.len()));
        let number = if comma_is_decimal {
            number.replace(',', ".")
        } else {
            number
        };
        let (grouped, paise) = number.split_once('.').unwrap_or((&number, ""));
        let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        let groups: Vec<&str> = grouped.split(',').collect();
        let (first, rest) = groups.split_first().unwrap_or((&"", &[]));
        let grouped_well = (rest.is_empty() || (1..=3).contains(&first.len()))
            && rest.last().is_none_or(|last| last.len() == 3)
            && rest.iter().all(|group| (2..=3).contains(&group.len()));
        let rupees = groups.concat();
        if rupees.is_empty() || !grouped_well || !digits(&rupees) || !digits(paise) {
            return Err(PriceProblem::NotANumber);
        }
        if paise.len() > 2 {
            return Err(PriceProblem::TooManyPaise);
        }
        let rupees: i64 = rupees.parse().map_err(|_| PriceProblem::TooLarge)?;
        let paise: i64 = format!("{paise:0<2}").parse().unwrap_or(0);
        rupees
            .checked_mul(100)
            .and_then(|minor| minor.checked_add(paise))
            .map(Self)
            .filter(|amount| *amount <= Self::MAX_PRICE)
            .ok_or(PriceProblem::TooLarge)
    }

    /// The amount in rupees as a merchant types it back: "245", "245.50".
    pub fn rupees(self) -> String {
        let sign = if self.is_negative() { "-" } else { "" };
        let (rupees, paise) = (self.0.unsigned_abs() / 100, self.0.unsigned_abs() % 100);
        if paise == 0 {
            format!("{sign}{rupees}")
        } else {
            format!("{sign}{rupees}.{paise:02}")
        }
    }
}

/// What is wrong with a price as typed ([`Money::parse_rupees`]). Each reader says it in the merchant's
/// language: the console as it checks a form, the server as it reads a spreadsheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PriceProblem {
    /// Not a number of rupees ("abc", "-5", "12.5.0").
    NotANumber,
    /// More than two digits after the decimal point.
    TooManyPaise,
    /// Over [`Money::MAX_PRICE`].
    TooLarge,
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
    fn prices_as_people_type_them() {
        for (typed, paise) in [
            ("245", 24_500),
            ("245.5", 24_550),
            ("₹1,245", 124_500),
            ("Rs. 1,245.50", 124_550),
            ("INR 99", 9_900),
        ] {
            assert_eq!(
                Money::parse_rupees(typed, false),
                Ok(Money::from_minor(paise)),
                "{typed}"
            );
        }
        assert_eq!(
            Money::parse_rupees("245,50", true),
            Ok(Money::from_minor(24_550))
        );
        assert_eq!(
            Money::parse_rupees("1,245", true),
            Ok(Money::from_minor(124_500))
        );
        // Grouped as India and the West do, and as French does with spaces.
        for (typed, decimal_comma, paise) in [
            ("1,00,245", false, 10_024_500),
            ("100,245.50", false, 10_024_550),
            ("1 245,5", true, 124_550),
            ("1\u{202f}245,50\u{a0}", true, 124_550),
            ("12,5", true, 1_250),
        ] {
            assert_eq!(
                Money::parse_rupees(typed, decimal_comma),
                Ok(Money::from_minor(paise)),
                "{typed}"
            );
        }
        // A comma that cannot be grouping is not dropped: "12,5" is not 125 rupees.
        for bad in [
            "",
            "abc",
            "-5",
            "1.234",
            "12.5.0",
            "99999999999",
            "12,5",
            "89,50",
            "1,2,3",
            ",245",
            "1245,",
            "1234,567",
        ] {
            assert!(Money::parse_rupees(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn rupees_are_written_as_typed() {
        for (paise, text) in [(24_500, "245"), (24_550, "245.50"), (5, "0.05")] {
            assert_eq!(Money::from_minor(paise).rupees(), text);
            assert_eq!(
                Money::parse_rupees(text, false),
                Ok(Money::from_minor(paise))
            );
        }
        assert_eq!(Money::from_minor(-5).rupees(), "-0.05");
    }

    #[test]
    fn serialises_as_a_bare_integer() {
        let json = serde_json::to_string(&Money::from_minor(12_345)).expect("serialises");
        assert_eq!(json, "12345");
        let back: Money = serde_json::from_str("12345").expect("parses");
        assert_eq!(back, Money::from_minor(12_345));
    }
}
