//! The server's own words to shoppers and merchants, in the language they read: why a quote or an order
//! was refused, what a merchant's change could not keep, the shop's Telegram notices (in the shop's
//! language), and the few plain pages the server writes itself.
//! Those texts are written in English where they are said, through [`Lang`] (`lang.t`, `lang.f`), and
//! translated in `crates/haat-server/locales/{hi,ta,fr}.toml`; the root's `tests/catalogs.rs` keeps each
//! catalog complete, as it keeps the storefront's. No page carries them: they stay on the server. A
//! refusal also says some of the storefront's words (how an order is paid: `haat::words`), so each voice
//! knows the storefront's catalog too.

use haat::lang::{self, Lang, Translations};
use haat_api::Language;

/// One [`Lang`] per language Haat speaks, each with its translations of the server's texts.
#[derive(Debug)]
pub struct Voices(Vec<Lang>);

impl Voices {
    pub fn load() -> Self {
        Self(
            Language::ALL
                .into_iter()
                .map(|language| Lang::new(language, translations(language)))
                .collect(),
        )
    }

    /// The server speaking `language`.
    pub fn of(&self, language: Language) -> Lang {
        self.0
            .iter()
            .find(|lang| lang.language == language)
            .cloned()
            .unwrap_or_default()
    }
}

/// The server's translations and the storefront's, sorted by the English as [`Lang`] looks them up; where
/// both translate a text, the server's.
fn translations(language: Language) -> Translations {
    let mut texts = lang::read(match language {
        Language::En => return Translations::new(),
        Language::Hi => include_str!("../locales/hi.toml"),
        Language::Ta => include_str!("../locales/ta.toml"),
        Language::Fr => include_str!("../locales/fr.toml"),
    });
    texts.extend(lang::catalog(language));
    // Stable: of the same English, the server's comes first, and stays.
    texts.sort_by(|a, b| a.0.cmp(&b.0));
    texts.dedup_by(|later, earlier| later.0 == earlier.0);
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    use haat::words;
    use haat_api::{Fulfilment, PaymentMethod};

    use crate::domain::payment::CheckoutError;

    #[test]
    fn a_refusal_says_the_storefronts_words_in_the_shoppers_language_too() {
        let voices = Voices::load();
        let refusal = CheckoutError::PaymentUnavailable {
            method: PaymentMethod::UpiNow,
            offered: vec![PaymentMethod::Cash],
            fulfilment: Fulfilment::Delivery,
        };
        let english = refusal.said(&voices.of(Language::En));
        assert_eq!(
            english,
            "This shop does not take UPI now. It takes: Cash on delivery."
        );
        for language in [Language::Hi, Language::Ta, Language::Fr] {
            let voice = voices.of(language);
            let said = refusal.said(&voice);
            let cash = words::payment(&voice, PaymentMethod::Cash, Fulfilment::Delivery);
            assert!(
                said != english && cash != "Cash on delivery" && said.contains(cash),
                "{said}"
            );
        }
    }
}
