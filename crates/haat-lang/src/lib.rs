//! The languages Haat speaks, shared by the storefront, the merchant console and the server: every text a
//! shopper or a merchant reads is said through [`Lang`]. The English texts are written in the code, as
//! they are, and are their own keys; the languages Haat speaks besides (Hindi, Tamil, French) translate
//! them in message catalogs: the storefront's `locales/{hi,ta,fr}.toml`, the console's
//! `crates/haat-console/locales/` and the server's `crates/haat-server/locales/`. The server picks a
//! page's language (see crates/haat-server/src/http/language.rs), renders it in that language where it
//! renders the page, and sends that language's translations inside the page, so an app speaks it from its
//! first frame and no wasm carries a catalog. A text a catalog lacks stays in English (a test keeps every
//! catalog complete, `tests/catalogs.rs`). Numbers, money, dates and plural forms are [`locale`]'s.
//!
//! A text is `t("…")`; a text with values, `f("… {name} …", &[("name", value)])`; a count,
//! `n("{count} item", "{count} items", count)`, whose two English forms are both keys: the form a
//! language's plural rules pick for the count ([`locale::plural`]) is looked up, so Hindi's "one"
//! (0 and 1) is the translation of the English "one" form. Written here, not through Fluent:
//! fluent-bundle 0.16 measured 46.4 KB of brotli wasm (BENCHMARKS.md).

pub mod digits;
pub mod locale;

/// The id of the `<script type="application/json">` in which a page the server writes carries its
/// language's translations, for the app that runs in it (the merchant console's).
pub const TEXTS_ID: &str = "haat-texts";

use std::sync::Arc;

use crate::locale::Plural;
use haat_api::{Language, Money};

/// One language's translations of the English texts: (English, translation) pairs sorted by the English.
/// A sorted list, looked up by halving: a `BTreeMap` in its place measured 278 bytes more of a first
/// visit, brotli.
pub type Translations = Vec<(String, String)>;

/// The language a shopper or a merchant is spoken to in, and its translations.
#[derive(Clone, Debug, PartialEq)]
pub struct Lang {
    pub language: Language,
    /// Shared, and shareable between threads: the server keeps one `Lang` per language for its own
    /// messages.
    texts: Arc<Translations>,
    /// Whether the server chose it for the page, which another language's address can then ask for (the
    /// page's switcher); not in a host page's element, whose address is the host page's.
    pub switchable: bool,
}

impl Default for Lang {
    fn default() -> Self {
        Self::english()
    }
}

impl Lang {
    pub fn english() -> Self {
        Self::new(Language::En, Translations::new())
    }

    pub fn new(language: Language, texts: Translations) -> Self {
        Self {
            language,
            texts: Arc::new(texts),
            switchable: false,
        }
    }

    /// The language the server rendered a page in, with its translations.
    pub fn served(language: Language, texts: Translations) -> Self {
        Self {
            switchable: true,
            ..Self::new(language, texts)
        }
    }

    /// `english` in this language.
    pub fn t<'a>(&'a self, english: &'a str) -> &'a str {
        self.texts
            .binary_search_by(|(key, _)| key.as_str().cmp(english))
            .map_or(english, |at| self.texts[at].1.as_str())
    }

    /// `english` in this language, each `{name}` in it replaced by its value.
    pub fn f(&self, english: &str, values: &[(&str, &str)]) -> String {
        fill(self.t(english), values)
    }

    /// `count` of something: the form this language's plural rules pick for it (`one` or `other`, in
    /// English "{count} item" and "{count} items"), `{count}` written as the language writes numbers.
    pub fn n(&self, one: &str, other: &str, count: u64) -> String {
        let form = match locale::plural(self.language, count) {
            Plural::One => one,
            Plural::Other => other,
        };
        let number = locale::number(self.language, i64::try_from(count).unwrap_or(i64::MAX));
        fill(self.t(form), &[("count", &number)])
    }

    /// `amount` of `currency` as this language writes money.
    pub fn money(&self, amount: Money, currency: &str) -> String {
        locale::money(self.language, amount, currency)
    }

    /// A whole number as this language writes it.
    pub fn number(&self, n: i64) -> String {
        locale::number(self.language, n)
    }

    /// How many of something there are, as this language writes numbers.
    pub fn count(&self, n: usize) -> String {
        self.number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// `language` named in itself, as a switcher between languages shows it.
pub fn own_name(language: Language) -> &'static str {
    match language {
        Language::En => "English",
        Language::Hi => "हिन्दी",
        Language::Ta => "தமிழ்",
        Language::Fr => "Français",
    }
}

/// One name of a shop, a category or a product, with the language it is written in when that is not the
/// page's (for its `lang` attribute).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name<'a> {
    pub text: &'a str,
    pub lang: Option<&'static str>,
}

impl Lang {
    /// A thing's names as the shopper reads them: its local name first when it is written in the
    /// page's language (Hindi in Devanagari, Tamil in its letters), else the shop's name first; the
    /// other after it. The shop's name after a local one is in its own script's language, English for
    /// English letters, for screen readers.
    pub fn names<'a>(&self, name: &'a str, local: Option<&'a str>) -> (Name<'a>, Option<Name<'a>>) {
        let shops = Name {
            text: name,
            lang: None,
        };
        let Some(local) = local else {
            return (shops, None);
        };
        match written_in(local) {
            Some(language) if language == self.language => (
                Name {
                    text: local,
                    lang: None,
                },
                Some(Name {
                    lang: Some(written_in(name).map_or("en", Language::as_str)),
                    ..shops
                }),
            ),
            language => (
                shops,
                Some(Name {
                    text: local,
                    lang: language.map(Language::as_str),
                }),
            ),
        }
    }

    /// The name a thing is called by first ([`Lang::names`]).
    pub fn name<'a>(&self, name: &'a str, local: Option<&'a str>) -> &'a str {
        self.names(name, local).0.text
    }
}

/// The language a name's script says it is in, of those Haat speaks: Devanagari is read as Hindi,
/// Tamil's letters as Tamil; Latin letters say nothing (English and French share them).
pub fn written_in(text: &str) -> Option<Language> {
    text.chars().find_map(|letter| match letter {
        '\u{0900}'..='\u{097f}' => Some(Language::Hi),
        '\u{0b80}'..='\u{0bff}' => Some(Language::Ta),
        _ => None,
    })
}

/// The translations a message catalog's `source` holds: a TOML table of English text = translation.
///
/// # Panics
/// When `source` is not a table of texts: the catalogs' test reads them all.
#[cfg(feature = "catalogs")]
pub fn read(source: &str) -> Translations {
    let table: std::collections::BTreeMap<String, String> =
        toml::from_str(source).expect("a catalog is a table of texts");
    table.into_iter().collect()
}

/// `text` with each `{name}` replaced by its value; a name without a value stays as it is. For a count
/// whose sentence has other values too: `fill(&lang.n("… {count} … {name} …", "…", count), &[("name", …)])`.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(wanted, _)| *wanted == name)
                .map(|(_, value)| (*value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_name_comes_first_in_its_own_language() {
        let names = |language, local| {
            let (first, second) = Lang::new(language, Translations::new()).names("Toor Dal", local);
            (first.text, second.map(|name| (name.text, name.lang)))
        };
        let hindi = Some("अरहर दाल");
        assert_eq!(
            names(Language::Hi, hindi),
            ("अरहर दाल", Some(("Toor Dal", Some("en"))))
        );
        assert_eq!(
            names(Language::En, hindi),
            ("Toor Dal", Some(("अरहर दाल", Some("hi"))))
        );
        assert_eq!(
            names(Language::Hi, Some("துவரம் பருப்பு")),
            ("Toor Dal", Some(("துவரம் பருப்பு", Some("ta"))))
        );
        assert_eq!(names(Language::Fr, None), ("Toor Dal", None));
        assert_eq!(
            names(Language::Fr, Some("Arhar")),
            ("Toor Dal", Some(("Arhar", None)))
        );
    }

    fn hindi() -> Lang {
        let texts = [
            ("Add", "जोड़ें"),
            ("{count} item", "{count} चीज़"),
            ("{count} items", "{count} चीज़ें"),
            (
                "{amount} more for free delivery",
                "मुफ़्त डिलीवरी के लिए {amount} और",
            ),
        ];
        let mut texts: Translations = texts
            .into_iter()
            .map(|(english, hindi)| (english.to_owned(), hindi.to_owned()))
            .collect();
        texts.sort();
        Lang::new(Language::Hi, texts)
    }

    #[test]
    fn a_text_is_said_in_the_language_or_else_in_english() {
        let hindi = hindi();
        assert_eq!(hindi.t("Add"), "जोड़ें");
        assert_eq!(hindi.t("Checkout"), "Checkout");
        assert_eq!(Lang::english().t("Add"), "Add");
    }

    #[test]
    fn values_fill_their_places() {
        assert_eq!(
            hindi().f("{amount} more for free delivery", &[("amount", "₹45")]),
            "मुफ़्त डिलीवरी के लिए ₹45 और"
        );
        assert_eq!(fill("{a} and {b}", &[("a", "x")]), "x and {b}");
        assert_eq!(fill("a { brace", &[]), "a { brace");
    }

    #[test]
    fn a_count_takes_the_form_its_language_picks() {
        let english = Lang::english();
        assert_eq!(english.n("{count} item", "{count} items", 0), "0 items");
        assert_eq!(english.n("{count} item", "{count} items", 1), "1 item");
        assert_eq!(
            english.n("{count} item", "{count} items", 123_456),
            "1,23,456 items"
        );
        // Hindi says "one" of 0 as of 1.
        assert_eq!(hindi().n("{count} item", "{count} items", 0), "0 चीज़");
        assert_eq!(hindi().n("{count} item", "{count} items", 2), "2 चीज़ें");
    }
}
