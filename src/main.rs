//! The storefront in the browser: hydrates the page the server rendered into `#app`, or renders the shop
//! into a host page's `<div data-haat-store>` (through the loader `/embed.js`).

use std::rc::Rc;

use haat::{
    App, AppProps, Place,
    route::{self, shop_base},
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
            store: route::store_in(&shop_base(&store)).map(AttrValue::from),
            first: None,
        };
        yew::Renderer::<App>::with_root_and_props(root, props).render();
    } else if let Some(root) = document.get_element_by_id("app") {
        let path = document
            .location()
            .and_then(|at| at.pathname().ok())
            .unwrap_or_default();
        let first = document
            .get_element_by_id(haat::FIRST_VIEW_ID)
            .and_then(|script| script.text_content())
            .and_then(|json| haat::json::parse::<FirstView>(&json));
        let props = AppProps {
            store: route::store_in(&path).map(AttrValue::from),
            history: Place::Browser,
            first: first.map(Rc::new),
        };
        let renderer = yew::Renderer::<App>::with_root_and_props(root.clone(), props);
        // The server rendered this page for this address: the app takes over its elements. A page made
        // for another address (the service worker's stand-in offline) or none (`trunk serve` in
        // development) is drawn afresh.
        let rendered_for = root.get_attribute(haat::RENDERED);
        if rendered_for.is_some_and(|rendered| rendered == path) {
            renderer.hydrate();
        } else {
            root.set_inner_html("");
            renderer.render();
        }
    }
}
