//! A closed shop's notice as text, and digits ([`haat_lang::digits`]); money, grouped numbers and moments
//! are the locale's ([`locale::money`], [`locale::number`], [`locale::date_time`]).

use haat_api::{Closure, clock::ShopTime};

use crate::{lang::Lang, locale};

pub use haat_lang::digits::{decimal, integer, push_decimal, push_integer};

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
}
