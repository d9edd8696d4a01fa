//! Where the shopper is. A shop's pages live under its base, `/s/{store}` ([`shop_base`]); [`Page`] is the
//! one [`Routable`] for the paths under it (`/`, `/c/{category}`, `/p/{product}`, `/cart`, `/checkout`, `/orders` for this
//! phone's orders, `/orders/{id}`), which the browser's router follows and the server renders. An order's
//! token rides in the URL's fragment (`#t={token}`, [`order_href`]) so it never reaches a server or its log.

use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::{
    navigator::NavigatorKind,
    prelude::*,
    query::{FromQuery, ToQuery},
};

#[derive(Clone, Debug, PartialEq, Eq, Routable)]
pub enum Page {
    #[at("/")]
    Catalog,
    /// The shop's list, opened at a category's heading (and the address while the shopper browses it).
    #[at("/c/:id")]
    Category { id: String },
    /// One product's page.
    #[at("/p/:id")]
    Product { id: String },
    #[at("/cart")]
    Cart,
    #[at("/checkout")]
    Checkout,
    /// The shop's orders placed from this phone.
    #[at("/orders")]
    Orders,
    /// One order; its token is in the fragment, or on this phone for an order placed from it.
    #[at("/orders/:id")]
    Order { id: i64 },
    #[not_found]
    #[at("/404")]
    NotFound,
}

impl Page {
    /// Whether going to `to` comes back to this page: `to` is this page, or the shop's list while this
    /// is a category's address in it (the list then opens at that category, where the shopper left it).
    fn returns_to(&self, to: &Page) -> bool {
        self == to || matches!((self, to), (Page::Category { .. }, Page::Catalog))
    }
}

/// The catalog's search, in its address (`/s/{store}/?q=dal`): a search can be shared, reopened, rendered
/// by the server, and is still there when the shopper comes back from a product.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Search {
    #[serde(default)]
    pub q: String,
}

impl Search {
    /// The search in a location's query string (`?q=dal&…`, with or without its `?`); other parameters
    /// are no search.
    pub fn in_query(query: &str) -> Self {
        Self::from_query(query.trim_start_matches('?')).unwrap_or_default()
    }
}

/// The address a page is rendered for: its path, and its search when it has one. The server renders the
/// page there and says so on it (`RENDERED`); the browser hydrates a page only at that address.
pub fn rendered_address(path: &str, search: &Search) -> String {
    let mut address = path.to_owned();
    if !search.q.is_empty()
        && let Ok(query) = search.to_query()
    {
        address.push('?');
        address.push_str(&query);
    }
    address
}

/// The shop a path names (`/s/{store}/…`), if it names one.
pub fn store_in(path: &str) -> Option<&str> {
    let mut segments = path.trim_start_matches('/').split('/');
    (segments.next() == Some("s"))
        .then(|| segments.next())
        .flatten()
        .and_then(shop_slug)
}

/// `text`, if it can name a shop: 1 to 64 lowercase letters, digits and hyphens.
pub fn shop_slug(text: &str) -> Option<&str> {
    let valid = (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    valid.then_some(text)
}

/// Where a shop's pages live: the router's base.
pub fn shop_base(store: &str) -> String {
    format!("/s/{store}")
}

/// A page's path in its shop.
pub fn href(store: &str, page: &Page) -> String {
    let mut href = shop_base(store);
    href.push_str(&page.to_path());
    href
}

/// An order's link, token included: what the shopper keeps or shares to find the order again.
pub fn order_href(store: &str, id: i64, token: &str) -> String {
    let mut href = href(store, &Page::Order { id });
    href.push_str("#t=");
    href.push_str(token);
    href
}

/// Goes to a page of this shop. Back, when it is the page this one was opened from: the history then holds
/// the shopper's path, not a loop of the pages they went back and forth between, and the back gesture goes
/// where they expect. Else a new entry, which remembers the page it was opened from, starting at the top.
#[hook]
pub fn use_go_to() -> Callback<Page> {
    let navigator = use_navigator();
    let location = use_location();
    let here = use_route::<Page>();
    Callback::from(move |page: Page| {
        let Some(navigator) = &navigator else {
            return;
        };
        // A shop in a host page's element keeps its pages in memory, and leaves the host page's history
        // and scroll alone (and gloo's memory history does not tell the router when it goes back).
        if navigator.kind() != NavigatorKind::Browser {
            navigator.push(&page);
            return;
        }
        let opened_from = location.as_ref().and_then(Location::state::<Page>);
        if opened_from.is_some_and(|from| from.returns_to(&page)) {
            navigator.back();
            return;
        }
        match &here {
            Some(here) => navigator.push_with_state(&page, here.clone()),
            None => navigator.push(&page),
        }
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    })
}

/// Puts an order's token into the browser's address (for an order opened inside the app, whose address
/// had none), so the address is the order's link: to keep, share, or open again.
pub fn show_order_link(store: &str, id: i64, token: &str) {
    let Some(history) = web_sys::window().and_then(|window| window.history().ok()) else {
        return;
    };
    // The router's own record of the entry stays with it.
    let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
    let _ = history.replace_state_with_url(&state, "", Some(&order_href(store, id, token)));
}

/// The order token in a URL's fragment (with or without its `#`).
pub fn token_in(fragment: &str) -> Option<String> {
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

    /// What the router reads from a full path: the shop, then the page under its base.
    fn read(path: &str) -> Option<(&str, Page)> {
        let store = store_in(path)?;
        let rest = path.strip_prefix(&shop_base(store)).unwrap_or_default();
        let rest = if rest.is_empty() { "/" } else { rest };
        Some((store, Page::recognize(rest)?))
    }

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
            Page::Order { id: 42 },
        ] {
            let href = href("demo", &page);
            assert_eq!(read(&href), Some(("demo", page)), "{href}");
        }
    }

    #[test]
    fn an_order_link_carries_its_token_in_the_fragment() {
        let link = order_href("demo", 42, "ab12");
        assert_eq!(link, "/s/demo/orders/42#t=ab12");
        let (path, fragment) = link.split_once('#').expect("a fragment");
        assert_eq!(read(path), Some(("demo", Page::Order { id: 42 })));
        assert_eq!(token_in(fragment).as_deref(), Some("ab12"));
        assert_eq!(token_in("#t=a%3Cb"), None);
        assert_eq!(token_in(""), None);
    }

    #[test]
    fn paths_without_a_shop_are_not_routes() {
        assert_eq!(store_in("/"), None);
        assert_eq!(store_in("/s/"), None);
        assert_eq!(store_in("/s/Bad Slug"), None);
        assert_eq!(store_in("/api/stores/demo"), None);
        assert_eq!(store_in("/s/sharma-kirana/p/atta"), Some("sharma-kirana"));
    }

    #[test]
    fn unknown_pages_are_not_found() {
        assert_eq!(read("/s/demo"), Some(("demo", Page::Catalog)));
        assert_eq!(
            read("/s/demo/nope").map(|(_, page)| page),
            Some(Page::NotFound)
        );
        assert_eq!(
            read("/s/demo/orders/seven").map(|(_, page)| page),
            Some(Page::NotFound)
        );
        assert_eq!(
            read("/s/demo/p/").map(|(_, page)| page),
            Some(Page::NotFound)
        );
    }
}
