//! Numbers, money, dates, times and plural categories as Unicode CLDR writes them for the four languages
//! Haat speaks ([`Language`]), as the locales en-IN, hi-IN, ta-IN and fr-FR.
//!
//! Every symbol, name and pattern below is copied from CLDR 48.0.0 (`unicode-org/cldr-json`, tag
//! `48.0.0`): `cldr-numbers-full/main/{en-IN,hi,ta,fr}/numbers.json` and `currencies.json`,
//! `cldr-dates-full/main/{en-IN,hi,ta,fr}/ca-gregorian.json` and `cldr-core/supplemental/plurals.json`.
//! hi-IN, ta-IN and fr-FR are CLDR's default content locales: their data is that of `hi`, `ta` and `fr`.
//! All four write latn digits (CLDR's `defaultNumberingSystem`), so digits are ASCII.
//!
//! Only what Haat prints is kept, as small constant tables, and digits are written by hand (see
//! [`crate::digits`]): a CLDR crate, or `format!`, would cost the storefront's wasm far more (ICU4X 2's
//! number, date and plural formatters measured 148 KB of brotli wasm: BENCHMARKS.md).

use haat_api::{Language, Money, clock::ShopTime};

use crate::digits::push_decimal;

/// CLDR plural category of an integer count.
///
/// For whole numbers these four languages only tell `one` from `other` (plurals.json,
/// `plurals-type-cardinal`): en `one: i = 1 and v = 0`; hi `one: i = 0 or n = 1`; ta `one: n = 1`;
/// fr `one: i = 0,1`. French also has `many`: `e = 0 and i != 0 and i % 1000000 = 0 and v = 0 or
/// e != 0..5`, which matters for exact multiples of a million ("1 million de …", and CLDR lists the plain
/// integer 1000000 under it) and compact exponents (1c6). Haat counts items and orders, never a million of
/// them, so `many` is folded into `Other` here, which is what a message without a `many` form falls back to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    One,
    Other,
}

/// The CLDR plural category of `count` in `language` (see [`Plural`]).
pub fn plural(language: Language, count: u64) -> Plural {
    let one = match language {
        // en: i = 1 and v = 0. ta: n = 1.
        Language::En | Language::Ta => count == 1,
        // hi: i = 0 or n = 1. fr: i = 0,1.
        Language::Hi | Language::Fr => count <= 1,
    };
    if one { Plural::One } else { Plural::Other }
}

/// A piece of a date pattern.
#[derive(Clone, Copy)]
enum Part {
    /// `E`: the abbreviated weekday, format context.
    Weekday,
    /// `d`: the day of the month, unpadded.
    Day,
    /// `MMM`: the abbreviated month, format context.
    Month,
    /// Literal text between fields.
    Text(&'static str),
}

/// How a locale writes its short time.
#[derive(Clone, Copy)]
enum Clock {
    /// `h:mm<gap>a`: 12-hour, unpadded hour, then the abbreviated day period.
    Twelve {
        gap: &'static str,
        am: &'static str,
        pm: &'static str,
    },
    /// `HH:mm`: 24-hour, zero-padded hour.
    TwentyFour,
}

/// What this module needs of a CLDR locale.
struct Locale {
    /// Grouping of `decimalFormats-numberSystem-latn/standard` and of the currency pattern: `#,##,##0`
    /// (last three digits, then twos) when true, else `#,##0` (threes).
    lakh: bool,
    /// `symbols-numberSystem-latn/group`.
    group: char,
    /// `symbols-numberSystem-latn/decimal`.
    decimal: char,
    /// `currencyFormats-numberSystem-latn/standard` is `#,##0.00\u{a0}¤` (symbol after, with U+00A0)
    /// when true, else `¤#,##,##0.00` (symbol before, touching the digits; `standard-alphaNextToNumber`,
    /// `¤\u{a0}#,##,##0.00`, when the symbol ends in a letter).
    symbol_after: bool,
    /// `currencies/{INR,EUR,USD,GBP}/symbol`, in the order of [`CURRENCIES`].
    symbols: [&'static str; 4],
    /// `days/format/abbreviated`, Sunday first.
    weekdays: [&'static str; 7],
    /// `months/format/abbreviated`, January first.
    months: [&'static str; 12],
    /// `dateTimeFormats/availableFormats/MMMEd`.
    date: [Part; 5],
    /// `timeFormats/short`, with `dayPeriods/format/abbreviated/{am,pm}`.
    clock: Clock,
    /// The text between date and time in `dateTimeFormats/medium` (`{1}, {0}` in all four).
    glue: &'static str,
}

/// The currencies whose symbols are kept; any other is written as its code.
const CURRENCIES: [&str; 4] = ["INR", "EUR", "USD", "GBP"];

/// CLDR's minus sign (`symbols-numberSystem-latn/minusSign`): U+002D in all four locales.
const MINUS: char = '-';
/// CLDR's `timeSeparator`: `:` in all four locales.
const TIME_SEPARATOR: char = ':';
/// U+00A0 NO-BREAK SPACE, in currency patterns.
const NBSP: &str = "\u{a0}";

/// en-IN (inherits en-001 and en, resolved in cldr-json's en-IN files).
const EN_IN: Locale = Locale {
    lakh: true,
    group: ',',
    decimal: '.',
    symbol_after: false,
    symbols: ["₹", "€", "$", "£"],
    weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec",
    ],
    // E, d MMM
    date: [
        Part::Weekday,
        Part::Text(", "),
        Part::Day,
        Part::Text(" "),
        Part::Month,
    ],
    // h:mm\u{202f}a
    clock: Clock::Twelve {
        gap: "\u{202f}",
        am: "am",
        pm: "pm",
    },
    glue: ", ",
};

/// hi (hi-IN).
const HI: Locale = Locale {
    lakh: true,
    group: ',',
    decimal: '.',
    symbol_after: false,
    symbols: ["₹", "€", "$", "£"],
    weekdays: ["रवि", "सोम", "मंगल", "बुध", "गुरु", "शुक्र", "शनि"],
    months: [
        "जन॰",
        "फ़र॰",
        "मार्च",
        "अप्रैल",
        "मई",
        "जून",
        "जुल॰",
        "अग॰",
        "सित॰",
        "अक्टू॰",
        "नव॰",
        "दिस॰",
    ],
    // E, d MMM
    date: [
        Part::Weekday,
        Part::Text(", "),
        Part::Day,
        Part::Text(" "),
        Part::Month,
    ],
    // h:mm a (U+0020)
    clock: Clock::Twelve {
        gap: " ",
        am: "am",
        pm: "pm",
    },
    glue: ", ",
};

/// ta (ta-IN).
const TA: Locale = Locale {
    lakh: true,
    group: ',',
    decimal: '.',
    symbol_after: false,
    symbols: ["₹", "€", "$", "£"],
    weekdays: ["ஞாயி.", "திங்.", "செவ்.", "புத.", "வியா.", "வெள்.", "சனி"],
    months: [
        "ஜன.",
        "பிப்.",
        "மார்.",
        "ஏப்.",
        "மே",
        "ஜூன்",
        "ஜூலை",
        "ஆக.",
        "செப்.",
        "அக்.",
        "நவ.",
        "டிச.",
    ],
    // MMM d, E
    date: [
        Part::Month,
        Part::Text(" "),
        Part::Day,
        Part::Text(", "),
        Part::Weekday,
    ],
    // h:mm a (U+0020)
    clock: Clock::Twelve {
        gap: " ",
        am: "AM",
        pm: "PM",
    },
    glue: ", ",
};

/// fr (fr-FR).
const FR: Locale = Locale {
    lakh: false,
    group: '\u{202f}',
    decimal: ',',
    symbol_after: true,
    symbols: ["₹", "€", "$US", "£GB"],
    weekdays: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
    months: [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
    // E d MMM
    date: [
        Part::Weekday,
        Part::Text(" "),
        Part::Day,
        Part::Text(" "),
        Part::Month,
    ],
    // HH:mm
    clock: Clock::TwentyFour,
    glue: ", ",
};

/// The CLDR locale `language` is written as here: `en-IN`, `hi-IN`, `ta-IN`, `fr-FR`.
pub fn tag(language: Language) -> &'static str {
    match language {
        Language::En => "en-IN",
        Language::Hi => "hi-IN",
        Language::Ta => "ta-IN",
        Language::Fr => "fr-FR",
    }
}

/// Whether `language` writes its decimals after a comma (`symbols-numberSystem-latn/decimal`): fr
/// does, so an amount typed "89,50" in it is 89.50 ([`Money::parse_rupees`]).
pub fn decimal_comma(language: Language) -> bool {
    locale(language).decimal == ','
}

fn locale(language: Language) -> &'static Locale {
    match language {
        Language::En => &EN_IN,
        Language::Hi => &HI,
        Language::Ta => &TA,
        Language::Fr => &FR,
    }
}

/// A whole number with the locale's grouping: `1,23,45,678` (en, hi, ta), `12 345 678` with U+202F (fr);
/// negative numbers after U+002D, CLDR's minus sign in all four.
pub fn number(language: Language, n: i64) -> String {
    let mut text = String::new();
    if n < 0 {
        text.push(MINUS);
    }
    push_grouped(&mut text, locale(language), n.unsigned_abs());
    text
}

/// Money in the locale's standard currency pattern: `₹1,23,456.50`, `-₹50`, `AED\u{a0}1,000` (en, hi,
/// ta); `123\u{202f}456,50\u{a0}₹`, `-50\u{a0}₹` (fr). INR, EUR, USD and GBP are written with the locale's
/// symbol, any other currency as its code. Whole amounts drop the fraction, as shop shelves print them
/// (`₹245`); others show two fraction digits.
pub fn money(language: Language, amount: Money, currency: &str) -> String {
    let locale = locale(language);
    let symbol = CURRENCIES
        .iter()
        .zip(locale.symbols)
        .find(|(code, _)| **code == currency)
        .map_or(currency, |(_, symbol)| symbol);
    let minor = amount.minor();
    let abs = minor.unsigned_abs();
    let mut text = String::new();
    // No pattern has a negative subpattern: the minus sign goes before the whole.
    if minor < 0 {
        text.push(MINUS);
    }
    if !locale.symbol_after {
        text.push_str(symbol);
        // standard-alphaNextToNumber (and currencySpacing): U+00A0 between a letter and the digits.
        if symbol
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            text.push_str(NBSP);
        }
    }
    push_grouped(&mut text, locale, abs / 100);
    let fraction = abs % 100;
    if fraction != 0 {
        text.push(locale.decimal);
        push_two_digits(&mut text, fraction);
    }
    if locale.symbol_after {
        text.push_str(NBSP);
        text.push_str(symbol);
    }
    text
}

/// The day on the shop's clock as the locale's `MMMEd`: `Sun, 29 Nov`, `dim. 29 nov.`.
pub fn date(language: Language, at: &ShopTime) -> String {
    let mut text = String::new();
    push_date(&mut text, locale(language), at);
    text
}

/// The time of day as the locale's short time: `8:05\u{202f}am` (en), `8:05 am` (hi), `8:05 AM` (ta),
/// `08:05` (fr).
pub fn time(language: Language, at: &ShopTime) -> String {
    let mut text = String::new();
    push_time(&mut text, locale(language), at);
    text
}

/// Date and time, joined as the locale's `dateTimeFormats/medium` (`{1}, {0}`): `Sun, 29 Nov, 8:05\u{202f}am`.
///
/// Medium because UTS #35 (Part 4, "Missing Skeleton Fields") picks the glue by the date's skeleton:
/// full for a wide month with a weekday, long for a wide month, medium for an abbreviated month (`MMM`, as
/// in `MMMEd`), short otherwise. It matters for fr, whose short glue is `{1} {0}`. This is the plain
/// `dateTimeFormats`, not its siblings `dateTimeFormats-atTime` and `dateTimeFormats-relative` (whose
/// medium is also `{1}, {0}` in all four; their full and long say "at", "को … बजे", "அன்று", "à").
pub fn date_time(language: Language, at: &ShopTime) -> String {
    let locale = locale(language);
    let mut text = String::new();
    push_date(&mut text, locale, at);
    text.push_str(locale.glue);
    push_time(&mut text, locale, at);
    text
}

fn push_date(text: &mut String, locale: &Locale, at: &ShopTime) {
    for part in locale.date {
        match part {
            Part::Weekday => text.push_str(name(&locale.weekdays, at.weekday)),
            Part::Day => push_decimal(text, u64::from(at.day)),
            Part::Month => text.push_str(name(&locale.months, at.month.wrapping_sub(1))),
            Part::Text(literal) => text.push_str(literal),
        }
    }
}

fn push_time(text: &mut String, locale: &Locale, at: &ShopTime) {
    match locale.clock {
        Clock::Twelve { gap, am, pm } => {
            let hour = at.hour % 12;
            push_decimal(text, u64::from(if hour == 0 { 12 } else { hour }));
            text.push(TIME_SEPARATOR);
            push_two_digits(text, u64::from(at.minute));
            text.push_str(gap);
            text.push_str(if at.hour < 12 { am } else { pm });
        }
        Clock::TwentyFour => {
            push_two_digits(text, u64::from(at.hour));
            text.push(TIME_SEPARATOR);
            push_two_digits(text, u64::from(at.minute));
        }
    }
}

/// The name at `index`, or nothing when the index is out of range.
fn name(names: &[&'static str], index: u32) -> &'static str {
    usize::try_from(index)
        .ok()
        .and_then(|index| names.get(index).copied())
        .unwrap_or_default()
}

/// `n` (below 100) as two digits, zero-padded.
fn push_two_digits(text: &mut String, n: u64) {
    if n < 10 {
        text.push('0');
    }
    push_decimal(text, n);
}

/// `n` with the locale's group separator: after the last three digits, then every two (lakh) or three.
fn push_grouped(text: &mut String, locale: &Locale, mut n: u64) {
    // Least significant digit first.
    let mut digits = [0_u8; 20];
    let mut count = 0;
    loop {
        digits[count] = b'0' + u8::try_from(n % 10).unwrap_or(0);
        count += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for right in (0..count).rev() {
        text.push(char::from(digits[right]));
        // `right` digits follow this one.
        let separator = right >= 3
            && if locale.lakh {
                (right - 3).is_multiple_of(2)
            } else {
                right.is_multiple_of(3)
            };
        if separator {
            text.push(locale.group);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANGUAGES: [Language; 4] = Language::ALL;

    // CLDR 48.0.0 (cldr-json package.json "version": "48.0.0"), cldr-numbers-full/main/<locale>/numbers.json:
    // `decimalFormats-numberSystem-latn/standard` (en-IN, hi, ta `#,##,##0.###`; fr `#,##0.###`),
    // `symbols-numberSystem-latn/group` (`,`; fr U+202F) and `minusSign` (U+002D in all four).
    // Inputs 0, 7, 1234, 123456, 12345678, -1234; one row per language: en, hi, ta, fr.
    const NUMBERS: [i64; 6] = [0, 7, 1_234, 123_456, 12_345_678, -1_234];
    /// en-IN, hi and ta write these alike.
    const LAKH_NUMBER_TEXT: [&str; 6] = ["0", "7", "1,234", "1,23,456", "1,23,45,678", "-1,234"];
    const NUMBER_TEXT: [[&str; 6]; 4] = [
        LAKH_NUMBER_TEXT,
        LAKH_NUMBER_TEXT,
        LAKH_NUMBER_TEXT,
        [
            "0",
            "7",
            "1\u{202f}234",
            "123\u{202f}456",
            "12\u{202f}345\u{202f}678",
            "-1\u{202f}234",
        ],
    ];

    #[test]
    fn numbers_are_grouped_as_cldr_says() {
        for (language, expected) in LANGUAGES.into_iter().zip(NUMBER_TEXT) {
            for (n, expected) in NUMBERS.into_iter().zip(expected) {
                assert_eq!(number(language, n), expected, "{language:?} {n}");
            }
        }
        assert_eq!(
            number(Language::En, i64::MIN),
            "-92,23,37,20,36,85,47,75,808"
        );
        assert_eq!(
            number(Language::Fr, i64::MAX),
            "9\u{202f}223\u{202f}372\u{202f}036\u{202f}854\u{202f}775\u{202f}807"
        );
    }

    // CLDR 48.0.0, cldr-numbers-full/main/<locale>/numbers.json
    // `currencyFormats-numberSystem-latn/standard` (en-IN, hi, ta `¤#,##,##0.00`; fr `#,##0.00\u{a0}¤`) and
    // `standard-alphaNextToNumber` (en-IN, hi, ta `¤\u{a0}#,##,##0.00`), `symbols-numberSystem-latn/decimal`
    // (`.`; fr `,`); currencies.json `currencies/<code>/symbol` (INR ₹, EUR €, USD $, GBP £; fr USD $US,
    // GBP £GB; AED has no symbol in hi, ta, fr and is `AED` in en-IN). Whole amounts drop `.00` (Haat's rule).
    const AMOUNTS: [(i64, &str); 8] = [
        (0, "INR"),
        (24_500, "INR"),
        (12_345_650, "INR"),
        (-5_000, "INR"),
        (123_456_789, "EUR"),
        (99_999, "USD"),
        (-1_050, "GBP"),
        (100_000, "AED"),
    ];
    /// en-IN, hi and ta write these alike.
    const LAKH_MONEY_TEXT: [&str; 8] = [
        "₹0",
        "₹245",
        "₹1,23,456.50",
        "-₹50",
        "€12,34,567.89",
        "$999.99",
        "-£10.50",
        "AED\u{a0}1,000",
    ];
    const MONEY_TEXT: [[&str; 8]; 4] = [
        LAKH_MONEY_TEXT,
        LAKH_MONEY_TEXT,
        LAKH_MONEY_TEXT,
        [
            "0\u{a0}₹",
            "245\u{a0}₹",
            "123\u{202f}456,50\u{a0}₹",
            "-50\u{a0}₹",
            "1\u{202f}234\u{202f}567,89\u{a0}€",
            "999,99\u{a0}$US",
            "-10,50\u{a0}£GB",
            "1\u{202f}000\u{a0}AED",
        ],
    ];

    #[test]
    fn money_follows_the_locales_currency_pattern() {
        for (language, expected) in LANGUAGES.into_iter().zip(MONEY_TEXT) {
            for ((minor, currency), expected) in AMOUNTS.into_iter().zip(expected) {
                assert_eq!(
                    money(language, Money::from_minor(minor), currency),
                    expected,
                    "{language:?} {minor} {currency}"
                );
            }
        }
    }

    // CLDR 48.0.0, cldr-core/supplemental/plurals.json `plurals-type-cardinal/<language>`:
    // en one `i = 1 and v = 0`, hi one `i = 0 or n = 1`, ta one `n = 1`, fr one `i = 0,1`.
    // Counts 0, 1, 2, 5.
    const COUNTS: [u64; 4] = [0, 1, 2, 5];
    const PLURALS: [[Plural; 4]; 4] = {
        use Plural::{One, Other};
        [
            [Other, One, Other, Other],
            [One, One, Other, Other],
            [Other, One, Other, Other],
            [One, One, Other, Other],
        ]
    };

    #[test]
    fn plural_categories_are_cldrs() {
        for (language, expected) in LANGUAGES.into_iter().zip(PLURALS) {
            for (count, expected) in COUNTS.into_iter().zip(expected) {
                assert_eq!(plural(language, count), expected, "{language:?} {count}");
            }
        }
        // CLDR's fr `many` (i % 1000000 = 0), folded into Other.
        assert_eq!(plural(Language::Fr, 1_000_000), Plural::Other);
    }

    const fn at(year: i64, month: u32, day: u32, hour: u32, minute: u32, weekday: u32) -> ShopTime {
        ShopTime {
            year,
            month,
            day,
            hour,
            minute,
            weekday,
        }
    }

    // 2026-11-29 08:05 (Sunday), 2026-03-04 20:30 (Wednesday), 2026-11-29 00:00 and 12:00, 2026-09-15 17:45
    // (Tuesday).
    const MOMENTS: [ShopTime; 5] = [
        at(2026, 11, 29, 8, 5, 0),
        at(2026, 3, 4, 20, 30, 3),
        at(2026, 11, 29, 0, 0, 0),
        at(2026, 11, 29, 12, 0, 0),
        at(2026, 9, 15, 17, 45, 2),
    ];

    // CLDR 48.0.0, cldr-dates-full/main/<locale>/ca-gregorian.json
    // `dateTimeFormats/availableFormats/MMMEd` (en-IN, hi `E, d MMM`; ta `MMM d, E`; fr `E d MMM`) with
    // `days/format/abbreviated` and `months/format/abbreviated`.
    const DATES: [[&str; 5]; 4] = [
        [
            "Sun, 29 Nov",
            "Wed, 4 Mar",
            "Sun, 29 Nov",
            "Sun, 29 Nov",
            "Tue, 15 Sept",
        ],
        [
            "रवि, 29 नव॰",
            "बुध, 4 मार्च",
            "रवि, 29 नव॰",
            "रवि, 29 नव॰",
            "मंगल, 15 सित॰",
        ],
        [
            "நவ. 29, ஞாயி.",
            "மார். 4, புத.",
            "நவ. 29, ஞாயி.",
            "நவ. 29, ஞாயி.",
            "செப். 15, செவ்.",
        ],
        [
            "dim. 29 nov.",
            "mer. 4 mars",
            "dim. 29 nov.",
            "dim. 29 nov.",
            "mar. 15 sept.",
        ],
    ];

    // CLDR 48.0.0, cldr-dates-full/main/<locale>/ca-gregorian.json `timeFormats/short` (en-IN
    // `h:mm\u{202f}a`; hi, ta `h:mm a` with U+0020; fr `HH:mm`) with `dayPeriods/format/abbreviated/{am,pm}`
    // (en-IN, hi `am`/`pm`; ta `AM`/`PM`).
    const TIMES: [[&str; 5]; 4] = [
        [
            "8:05\u{202f}am",
            "8:30\u{202f}pm",
            "12:00\u{202f}am",
            "12:00\u{202f}pm",
            "5:45\u{202f}pm",
        ],
        ["8:05 am", "8:30 pm", "12:00 am", "12:00 pm", "5:45 pm"],
        ["8:05 AM", "8:30 PM", "12:00 AM", "12:00 PM", "5:45 PM"],
        ["08:05", "20:30", "00:00", "12:00", "17:45"],
    ];

    // CLDR 48.0.0, cldr-dates-full/main/<locale>/ca-gregorian.json `dateTimeFormats/medium`: `{1}, {0}` in
    // all four (fr's `short` would be `{1} {0}`), joining the MMMEd date and the short time above.
    const DATE_TIMES: [[&str; 2]; 4] = [
        ["Sun, 29 Nov, 8:05\u{202f}am", "Wed, 4 Mar, 8:30\u{202f}pm"],
        ["रवि, 29 नव॰, 8:05 am", "बुध, 4 मार्च, 8:30 pm"],
        ["நவ. 29, ஞாயி., 8:05 AM", "மார். 4, புத., 8:30 PM"],
        ["dim. 29 nov., 08:05", "mer. 4 mars, 20:30"],
    ];

    #[test]
    fn dates_and_times_follow_the_locales_patterns() {
        for (index, language) in LANGUAGES.into_iter().enumerate() {
            for (moment, (expected_date, expected_time)) in
                MOMENTS.iter().zip(DATES[index].iter().zip(TIMES[index]))
            {
                assert_eq!(
                    date(language, moment),
                    *expected_date,
                    "{language:?} {moment:?}"
                );
                assert_eq!(
                    time(language, moment),
                    expected_time,
                    "{language:?} {moment:?}"
                );
            }
            for (moment, expected) in MOMENTS.iter().zip(DATE_TIMES[index]) {
                assert_eq!(
                    date_time(language, moment),
                    expected,
                    "{language:?} {moment:?}"
                );
            }
        }
    }

    #[test]
    fn every_month_and_weekday_has_its_name() {
        for language in LANGUAGES {
            let locale = locale(language);
            for month in 1..=12 {
                let text = date(language, &at(2026, month, 1, 0, 0, month % 7));
                assert!(text.contains(name(&locale.months, month - 1)), "{text}");
                assert!(text.contains(name(&locale.weekdays, month % 7)), "{text}");
            }
        }
        // Out of range: no name, no panic.
        assert_eq!(date(Language::En, &at(2026, 0, 1, 0, 0, 9)), ", 1 ");
    }
}
