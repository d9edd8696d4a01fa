//! The one place money and counts become text for shoppers: the currency's sign, and the grouping of
//! digits (Indian lakh and crore grouping for rupees, which neither std nor a small crate writes).
//! Digits are written by hand: std's `to_string` in their place measured 449 bytes more of wasm, brotli.

use haat_api::{Closure, Language, Money, clock::ShopTime};

use crate::{lang::Lang, locale};

/// `₹1,23,456.50` for INR (Indian lakh/crore grouping), `$1,234.50` style elsewhere.
/// Whole amounts drop the paise: `₹245`, as shop shelves print them.
pub fn money(amount: Money, currency: &str) -> String {
    let minor = amount.minor();
    let abs = minor.unsigned_abs();
    let (major, fraction) = (abs / 100, abs % 100);
    let mut text = String::new();
    if minor < 0 {
        text.push('-');
    }
    match currency {
        "INR" => text.push('₹'),
        "USD" => text.push('$'),
        "EUR" => text.push('€'),
        "GBP" => text.push('£'),
        other => {
            text.push_str(other);
            text.push(' ');
        }
    }
    push_grouped(&mut text, &decimal(major), currency == "INR");
    if fraction != 0 {
        text.push('.');
        text.push(char::from(b'0' + u8::try_from(fraction / 10).unwrap_or(0)));
        text.push(char::from(b'0' + u8::try_from(fraction % 10).unwrap_or(0)));
    }
    text
}

/// Digits with thousands separators: groups of three, or for Indian grouping the last three and then
/// groups of two (12,34,567).
fn push_grouped(text: &mut String, digits: &str, indian: bool) {
    let count = digits.chars().count();
    for (index, digit) in digits.chars().enumerate() {
        let left = count - index;
        let comma = index > 0
            && if indian {
                left >= 3 && (left - 3).is_multiple_of(2)
            } else {
                left.is_multiple_of(3)
            };
        if comma {
            text.push(',');
        }
        text.push(digit);
    }
}

/// `n` in decimal digits, without separators.
pub fn decimal(n: u64) -> String {
    let mut text = String::new();
    push_decimal(&mut text, n);
    text
}

/// Appends `n` in decimal digits, after a minus sign when negative.
pub fn push_integer(text: &mut String, n: i64) {
    if n < 0 {
        text.push('-');
    }
    push_decimal(text, n.unsigned_abs());
}

/// Appends `n` in decimal digits.
pub fn push_decimal(text: &mut String, mut n: u64) {
    let mut digits = [0_u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + u8::try_from(n % 10).unwrap_or(0);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    text.extend(digits[start..].iter().map(|&digit| char::from(digit)));
}

/// A moment as the shop says it in English, on its clock ([`ShopTime`]): "Sun, 29 Nov, 8:00 am", for
/// what the server writes (the shop's notices, its refusals).
pub fn shop_time(at_ms: i64) -> String {
    locale::date_time(Language::En, &ShopTime::at(at_ms))
}

/// What a closed shop tells its shoppers, in their language: when it opens (on the shop's clock), and
/// whether they can order meanwhile.
pub fn closed_text(lang: &Lang, closure: &Closure) -> String {
    let mut text = match closure.until_ms {
        Some(until) => {
            let when = locale::date_time(lang.language, &ShopTime::at(until));
            lang.f("Closed now · opens {when}.", &[("when", &when)])
        }
        None => lang.t("Closed for now.").to_owned(),
    };
    text.push(' ');
    text.push_str(if closure.takes_orders {
        lang.t("You can order now for when it opens.")
    } else {
        lang.t("Orders open when the shop does.")
    });
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_shop_says_when_it_opens_on_its_clock_and_whether_it_takes_orders() {
        let closure = |until_ms, takes_orders| Closure {
            until_ms,
            takes_orders,
        };
        // 2026-11-28 18:30 UTC is midnight in India.
        assert_eq!(
            closed_text(&Lang::english(), &closure(Some(1_795_890_600_000), false)),
            "Closed now · opens Sun, 29 Nov, 12:00\u{202f}am. Orders open when the shop does."
        );
        assert_eq!(
            closed_text(&Lang::english(), &closure(None, true)),
            "Closed for now. You can order now for when it opens."
        );
    }

    fn inr(minor: i64) -> String {
        money(Money::from_minor(minor), "INR")
    }

    #[test]
    fn rupees_use_lakh_grouping() {
        assert_eq!(inr(0), "₹0");
        assert_eq!(inr(2_500), "₹25");
        assert_eq!(inr(2_550), "₹25.50");
        assert_eq!(inr(2_505), "₹25.05");
        assert_eq!(inr(99_900), "₹999");
        assert_eq!(inr(100_000), "₹1,000");
        assert_eq!(inr(12_345_650), "₹1,23,456.50");
        assert_eq!(inr(1_234_567_800), "₹1,23,45,678");
        assert_eq!(inr(-4_550), "-₹45.50");
    }

    #[test]
    fn other_currencies_group_by_thousands() {
        assert_eq!(
            money(Money::from_minor(123_456_789), "USD"),
            "$1,234,567.89"
        );
        assert_eq!(money(Money::from_minor(100_000), "AED"), "AED 1,000");
        assert_eq!(money(Money::from_minor(99_999), "EUR"), "€999.99");
    }

    #[test]
    fn decimals_are_plain_digits() {
        assert_eq!(decimal(0), "0");
        assert_eq!(decimal(7), "7");
        assert_eq!(decimal(1_234_567), "1234567");
        assert_eq!(decimal(u64::MAX), "18446744073709551615");
        let mut text = String::from("#");
        push_integer(&mut text, -42);
        push_integer(&mut text, i64::MIN);
        assert_eq!(text, "#-42-9223372036854775808");
    }
}
