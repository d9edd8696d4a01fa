//! The merchant's language ([`haat_lang`]): the console's texts are translated in
//! `crates/haat-console/locales/{hi,ta,fr}.toml`. The server chooses the language for the console's page
//! (the merchant's choice, kept in a cookie, else the browser's), writes it in `<html lang>` and sends its
//! translations inside the page ([`TEXTS_ID`]); the console reads them once at start ([`of_page`]) and
//! gives them to every page through a context ([`use_lang`]).

use haat_api::{ApiError, Language};
use yew::prelude::*;

pub use haat_lang::{Lang, TEXTS_ID, Translations};

use crate::api::{OFFLINE, UNREADABLE};

/// The language the server wrote the page in (`<html lang>`), if it says one Haat speaks.
pub fn page_language() -> Option<Language> {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|tag| Language::of_tag(&tag))
}

/// The language the server wrote the page in, with its translations; English when the page says none.
pub fn of_page() -> Lang {
    let texts = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(TEXTS_ID))
        .and_then(|script| script.text_content())
        .and_then(|json| serde_json::from_str::<Translations>(&json).ok())
        .unwrap_or_default();
    Lang::new(page_language().unwrap_or(Language::En), texts)
}

/// The language the console speaks.
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// What a refusal or failure says to the merchant: the console's own failures (no network, an unreadable
/// answer) in the merchant's language, the server's refusals as the server wrote them.
pub fn said(lang: &Lang, error: &ApiError) -> String {
    failure(lang, &error.code).map_or_else(|| error.message.clone(), str::to_owned)
}

/// What the console's own failure of `code` ([`OFFLINE`], [`UNREADABLE`]) says, in `lang`; `None` for a
/// code of the server's.
pub fn failure<'a>(lang: &'a Lang, code: &str) -> Option<&'a str> {
    match code {
        OFFLINE => {
            Some(lang.t("The phone could not reach Haat. Check its internet and try again."))
        }
        UNREADABLE => Some(
            lang.t("Haat answered with something the console cannot read. Try again in a moment."),
        ),
        _ => None,
    }
}
