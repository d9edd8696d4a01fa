//! The storefront in the browser: hydrates the page the server rendered into `#app`, or renders the shop
//! into a host page's `<div data-haat-store>` (through the loader `/embed.js`).

use std::rc::Rc;

use gloo_timers::callback::Timeout;

use haat::{
    App, AppProps, Place,
    route::{self, Search, shop_base},
    shop::FirstView,
};
use yew::AttrValue;

fn main() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if let Ok(Some(root)) = document.query_selector("[data-haat-store]") {
        // Looked for first: the host page may have an `#app` of its own. Its address is the host page's,
        // so the shop keeps its place in memory, starting at the named shop's catalog.
        let store = root.get_attribute("data-haat-store").unwrap_or_default();
        let props = AppProps {
            history: Place::Memory(shop_base(&store).into()),
            store: route::shop_slug(&store).map(AttrValue::from),
            first: None,
        };
        yew::Renderer::<App>::with_root_and_props(root, props).render();
    } else if let Some(root) = document.get_element_by_id("app") {
        let location = document.location();
        let path = location
            .as_ref()
            .and_then(|at| at.pathname().ok())
            .unwrap_or_default();
        let search = location.and_then(|at| at.search().ok()).unwrap_or_default();
        let store = route::store_in(&path).map(AttrValue::from);
        // The page's data, if it is this shop's (the service worker's offline stand-in is another page of
        // the same shop, never another shop's).
        let first = document
            .get_element_by_id(haat::FIRST_VIEW_ID)
            .and_then(|script| script.text_content())
            .and_then(|json| haat::json::parse::<FirstView>(&json))
            .filter(|first| store.as_deref() == Some(first.catalog.store.slug.as_str()));
        // The server rendered this very page (address and search) from that data: the app takes over its
        // elements. A page made for another address (the stand-in) or none (`trunk serve` in
        // development) is drawn afresh.
        let address = route::rendered_address(&path, &Search::in_query(&search));
        let rendered_here = root
            .get_attribute(haat::RENDERED)
            .is_some_and(|rendered| rendered == address);
        let hydrate = rendered_here && first.is_some();
        let props = AppProps {
            store,
            history: Place::Browser,
            first: first.map(Rc::new),
        };
        let renderer = yew::Renderer::<App>::with_root_and_props(root.clone(), props);
        if hydrate {
            // Yew takes the page over in one pass that cannot be cut; begun in a task of its own,
            // after the one that started the wasm and read the page's data, it is the longest
            // task a tap can wait for, not the two together (BENCHMARKS.md).
            Timeout::new(0, move || {
                renderer.hydrate();
            })
            .forget();
        } else {
            root.set_inner_html("");
            renderer.render();
        }
    }
}
