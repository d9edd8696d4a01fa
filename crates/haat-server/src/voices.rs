//! The server's own words to shoppers, in the language they read: why a quote or an order was refused.
//! Those texts are written in English where they are said, through [`Lang`] (`lang.t`, `lang.f`), and
//! translated in `crates/haat-server/locales/{hi,ta,fr}.toml`; the root's `tests/catalogs.rs` keeps each
//! catalog complete, as it keeps the storefront's. No page carries them: they stay on the server.

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

fn translations(language: Language) -> Translations {
    lang::read(match language {
        Language::En => return Translations::new(),
        Language::Hi => include_str!("../locales/hi.toml"),
        Language::Ta => include_str!("../locales/ta.toml"),
        Language::Fr => include_str!("../locales/fr.toml"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_a_voice() {
        let voices = Voices::load();
        for language in Language::ALL {
            assert_eq!(voices.of(language).language, language);
        }
    }
}
