//! The shopper's language ([`haat_lang`]): the storefront's texts are translated in `locales/{hi,ta,fr}.toml`,
//! which the server reads ([`catalog`]) and sends, one language's translations inside each page; the app
//! never holds a catalog.

#[cfg(feature = "ssr")]
use haat_api::Language;
use yew::hook;

#[cfg(feature = "ssr")]
pub use haat_lang::read;
pub use haat_lang::{Lang, Name, Translations, written_in};

/// The language the pages speak: the shop's ([`crate::shop::Shop::lang`]).
#[hook]
pub fn use_lang() -> Lang {
    crate::shop::use_shop().lang
}

/// The translations of `language`, from the storefront's catalog in `locales/` (none for English, whose
/// texts are the code's own).
///
/// # Panics
/// When a catalog is not a table of texts: a test reads them all (`tests/catalogs.rs`).
#[cfg(feature = "ssr")]
pub fn catalog(language: Language) -> Translations {
    read(match language {
        Language::En => return Translations::new(),
        Language::Hi => include_str!("../locales/hi.toml"),
        Language::Ta => include_str!("../locales/ta.toml"),
        Language::Fr => include_str!("../locales/fr.toml"),
    })
}
