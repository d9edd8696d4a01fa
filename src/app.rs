use gloo_events::EventListener;
use yew::prelude::*;

use crate::{
    host,
    pages::page_view,
    route::{Page, Route},
    shop::ShopProvider,
};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The shop, when the app is mounted into a host page's element (`<div data-haat-store="demo">`): it
    /// then keeps its page in memory and leaves the host page's URL and history alone. `None` reads the URL.
    #[prop_or_default]
    pub store: Option<AttrValue>,
}

/// The whole storefront. Reads the shop and page from the URL and follows the browser's back and forward
/// (or, mounted into a host page, starts at the named shop's catalog).
#[component]
pub fn App(props: &AppProps) -> Html {
    let mounted = props.store.is_some();
    let route = use_state(|| match &props.store {
        Some(store) => Route::parse(&format!("/s/{store}"), ""),
        None => current_route(),
    });
    {
        let route = route.clone();
        use_effect_with((), move |()| {
            host::ready();
            let listener = web_sys::window().filter(|_| !mounted).map(|window| {
                EventListener::new(&window, "popstate", move |_| route.set(current_route()))
            });
            move || drop(listener)
        });
    }
    let Some(current) = (*route).clone() else {
        return html! {
            <main class="page empty">
                <h1>{ "Haat" }</h1>
                <p>{ "This link does not name a shop. Ask the shop for its Haat link." }</p>
            </main>
        };
    };
    let navigate = {
        let route = route.clone();
        let store = current.store.clone();
        Callback::from(move |page: Page| {
            let next = Route::new(store.clone(), page);
            if !mounted {
                go_to(&next.href());
            }
            route.set(Some(next));
        })
    };
    html! {
        <ShopProvider key={current.store.clone()} store={current.store.clone()} {navigate}>
            { page_view(&current.page) }
        </ShopProvider>
    }
}

fn current_route() -> Option<Route> {
    let location = web_sys::window()?.location();
    Route::parse(
        &location.pathname().ok()?,
        &location.hash().unwrap_or_default(),
    )
}

/// Adds a history entry (so the back gesture steps back through the app) and starts the new page at the top.
fn go_to(href: &str) {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
        }
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}
