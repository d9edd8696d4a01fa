//! Where the shopper is: `/s/{store}`, `/s/{store}/p/{product}`, `/s/{store}/cart`, `/s/{store}/checkout`,
//! `/s/{store}/orders` (this phone's orders), `/s/{store}/orders/{id}#t={token}`. The order token rides in
//! the fragment so it never reaches a server log.

use crate::format;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Catalog,
    /// One product's page.
    Product {
        id: String,
    },
    Cart,
    Checkout,
    /// The shop's orders placed from this phone.
    Orders,
    Order {
        id: i64,
        token: String,
    },
    NotFound,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub store: String,
    pub page: Page,
}

impl Route {
    pub fn new(store: impl Into<String>, page: Page) -> Self {
        Self {
            store: store.into(),
            page,
        }
    }

    /// Reads a location's path and fragment (with or without the leading `#`). `None` when the path
    /// names no shop.
    pub fn parse(path: &str, fragment: &str) -> Option<Self> {
        let mut segments = path.trim_matches('/').split('/');
        if segments.next() != Some("s") {
            return None;
        }
        let store = segments.next().filter(|slug| is_slug(slug))?;
        let rest: Vec<&str> = segments.filter(|segment| !segment.is_empty()).collect();
        let page = match rest.as_slice() {
            [] => Page::Catalog,
            ["p", id] if is_product_id(id) => Page::Product {
                id: (*id).to_owned(),
            },
            ["cart"] => Page::Cart,
            ["checkout"] => Page::Checkout,
            ["orders"] => Page::Orders,
            ["orders", id] => match (id.parse::<i64>(), token_in(fragment)) {
                (Ok(id), Some(token)) if id > 0 => Page::Order { id, token },
                _ => Page::NotFound,
            },
            _ => Page::NotFound,
        };
        Some(Self::new(store, page))
    }

    /// The path (and fragment) that [`Route::parse`] reads back as this route.
    pub fn href(&self) -> String {
        let mut href = String::from("/s/");
        href.push_str(&self.store);
        match &self.page {
            Page::Catalog | Page::NotFound => {}
            Page::Product { id } => {
                href.push_str("/p/");
                href.push_str(id);
            }
            Page::Cart => href.push_str("/cart"),
            Page::Checkout => href.push_str("/checkout"),
            Page::Orders => href.push_str("/orders"),
            Page::Order { id, token } => {
                href.push_str("/orders/");
                format::push_integer(&mut href, *id);
                href.push_str("#t=");
                href.push_str(token);
            }
        }
        href
    }
}

fn is_slug(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Product ids travel in the path as they are, so only URL-safe ones are routes.
fn is_product_id(text: &str) -> bool {
    (1..=128).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn token_in(fragment: &str) -> Option<String> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("t="))
        .filter(|token| !token.is_empty() && token.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_round_trips_through_its_href() {
        for page in [
            Page::Catalog,
            Page::Product {
                id: "toor-dal_1.5".into(),
            },
            Page::Cart,
            Page::Checkout,
            Page::Orders,
            Page::Order {
                id: 42,
                token: "ab12".into(),
            },
        ] {
            let route = Route::new("demo", page);
            let href = route.href();
            let (path, fragment) = href.split_once('#').unwrap_or((&href, ""));
            assert_eq!(Route::parse(path, fragment), Some(route), "{href}");
        }
    }

    #[test]
    fn a_product_href_is_the_shops_product_prefix_and_the_id() {
        // The product list builds its rows' links this way.
        let page = |id: &str| Page::Product { id: id.into() };
        let mut href = Route::new("sharma-kirana", page("")).href();
        href.push_str("toor-dal");
        assert_eq!(href, Route::new("sharma-kirana", page("toor-dal")).href());
    }

    #[test]
    fn paths_without_a_shop_are_not_routes() {
        assert_eq!(Route::parse("/", ""), None);
        assert_eq!(Route::parse("/s/", ""), None);
        assert_eq!(Route::parse("/s/Bad Slug", ""), None);
        assert_eq!(Route::parse("/api/stores/demo", ""), None);
    }

    #[test]
    fn unknown_pages_and_orders_without_tokens_are_not_found() {
        assert_eq!(
            Route::parse("/s/demo/nope", "").map(|route| route.page),
            Some(Page::NotFound)
        );
        assert_eq!(
            Route::parse("/s/demo/orders/7", "").map(|route| route.page),
            Some(Page::NotFound)
        );
        assert_eq!(
            Route::parse("/s/demo/cart/", "").map(|route| route.page),
            Some(Page::Cart)
        );
        assert_eq!(
            Route::parse("/s/demo/p/", "").map(|route| route.page),
            Some(Page::NotFound)
        );
        assert_eq!(
            Route::parse("/s/demo/p/a%20b", "").map(|route| route.page),
            Some(Page::NotFound)
        );
    }
}
