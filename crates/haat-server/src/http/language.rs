//! Which language a shopper's page speaks, of those Haat speaks ([`Language`]): the one the shopper chose
//! (a link of the page's language switcher, `?lang=hi`, which the answer keeps in the `haat-lang` cookie
//! for a year; Telegram's own language, which `static/early.js` keeps there), else the browser's
//! (`Accept-Language`, best first), else the shop's (its locale).

use axum::http::{
    HeaderMap, HeaderValue,
    header::{ACCEPT_LANGUAGE, COOKIE},
};
use cookie::{Cookie, SameSite, time::Duration};
use haat_api::{Language, OrderRequest};

/// The cookie that keeps the shopper's choice.
pub const COOKIE_NAME: &str = "haat-lang";

/// The language a page speaks, and whether the shopper just chose it (the answer then keeps it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chosen {
    pub language: Language,
    pub just_chosen: bool,
}

/// The language for a request with these `headers`, whose query `asked` for a language (`?lang=`), to a
/// shop whose locale is `shop_locale` (`en-IN`).
pub fn choose(asked: Option<&str>, headers: &HeaderMap, shop_locale: &str) -> Chosen {
    if let Some(language) = asked.and_then(Language::parse) {
        return Chosen {
            language,
            just_chosen: true,
        };
    }
    let kept = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == COOKIE_NAME)
        .and_then(|cookie| Language::parse(cookie.value()));
    let language = kept
        .or_else(|| browsers(headers))
        .or_else(|| Language::of_tag(shop_locale))
        .unwrap_or(Language::En);
    Chosen {
        language,
        just_chosen: false,
    }
}

/// The language an API request asks to be answered in: the best of its `Accept-Language` that Haat
/// speaks (the storefront and the console send their page's language), else English.
pub fn asked(headers: &HeaderMap) -> Language {
    browsers(headers).unwrap_or(Language::En)
}

/// The best language of the request's `Accept-Language` that Haat speaks.
fn browsers(headers: &HeaderMap) -> Option<Language> {
    let header = headers.get(ACCEPT_LANGUAGE)?.to_str().ok()?;
    accept_language::parse(header)
        .iter()
        .find_map(|tag| Language::of_tag(tag))
}

/// The language an order (or its withdrawal) is refused in: the order's own, else the one its request
/// asks for ([`asked`]).
pub fn of_order(order: &OrderRequest, headers: &HeaderMap) -> Language {
    Language::of_tag(&order.language).unwrap_or_else(|| asked(headers))
}

/// The `Set-Cookie` value that keeps `language` as the shopper's choice, on every shop of this site.
pub fn keep(language: Language) -> HeaderValue {
    let cookie = Cookie::build((COOKIE_NAME, language.as_str()))
        .path("/")
        .max_age(Duration::days(365))
        .same_site(SameSite::Lax)
        .build();
    HeaderValue::from_str(&cookie.to_string()).expect("a cookie is a header value")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    name.parse().expect("a header name"),
                    HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    #[test]
    fn the_shoppers_choice_comes_first_then_the_browsers_then_the_shops() {
        let browser = headers(&[("accept-language", "de-DE,ta;q=0.8,en;q=0.5")]);
        let chosen = headers(&[
            ("accept-language", "ta-IN"),
            ("cookie", "theme=dark; haat-lang=fr"),
        ]);
        let none = headers(&[("accept-language", "de, ja;q=0.4")]);
        assert_eq!(
            choose(Some("hi"), &chosen, "en-IN"),
            Chosen {
                language: Language::Hi,
                just_chosen: true
            }
        );
        assert_eq!(choose(None, &chosen, "en-IN").language, Language::Fr);
        assert_eq!(choose(None, &browser, "en-IN").language, Language::Ta);
        assert_eq!(choose(None, &none, "hi-IN").language, Language::Hi);
        assert_eq!(choose(None, &HeaderMap::new(), "xx").language, Language::En);
        // A choice Haat cannot speak is no choice.
        assert_eq!(choose(Some("de"), &browser, "en-IN").language, Language::Ta);
    }

    #[test]
    fn a_choice_is_kept_a_year_on_every_shop() {
        let kept = keep(Language::Ta);
        let kept = kept.to_str().expect("text");
        assert!(kept.starts_with("haat-lang=ta"), "{kept}");
        for part in ["Path=/", "Max-Age=31536000", "SameSite=Lax"] {
            assert!(kept.contains(part), "{kept}");
        }
    }
}
