use gloo_events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::{
    bundle::{Bundle, Handover, Pages},
    host,
    pages::News,
    route::{Page, Route},
    shop::ShopProvider,
};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// Mounted into a host page's element (`<div data-haat-store="demo">`): the app keeps its page in memory
    /// and leaves the host page's URL and history alone. Otherwise it reads the URL.
    #[prop_or_default]
    pub embedded: bool,
    /// Where an embedded app starts; `None` when the element names no shop.
    #[prop_or_default]
    pub start: Option<Route>,
}

/// The storefront, as one bundle builds it (`P`, see [`crate::bundle`]). Reads the shop and page from the
/// URL and follows the browser's back and forward (or, mounted into a host page, starts where it is told);
/// a page of the other bundle hands the screen over to it.
#[component]
pub fn App<P>(props: &AppProps) -> Html
where
    P: Pages,
{
    let mounted = props.embedded;
    let route = use_state(|| {
        if mounted {
            props.start.clone()
        } else {
            current_route()
        }
    });
    let on_screen = use_mut_ref(|| true);
    {
        let (route, on_screen) = (route.clone(), on_screen.clone());
        use_effect_with((), move |()| {
            host::ready();
            let listener = web_sys::window().filter(|_| !mounted).map(|window| {
                EventListener::new(&window, "popstate", move |_| route.set(current_route()))
            });
            move || {
                on_screen.replace(false);
                drop(listener);
            }
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
        let (route, on_screen) = (route.clone(), on_screen.clone());
        let store = current.store.clone();
        Callback::from(move |page: Page| {
            // A page's late answer (an order placed after the shopper went back) moves nothing once
            // this app has handed the screen over.
            if !*on_screen.borrow() {
                return;
            }
            let next = Route::new(store.clone(), page);
            if !mounted {
                go_to(&next.href());
            }
            route.set(Some(next));
        })
    };
    if Bundle::of(&current.page) != P::BUNDLE {
        let on_back = navigate.reform(|()| Page::Cart);
        return html! { <Handover route={current} embedded={mounted} {on_back} /> };
    }
    html! {
        <ShopProvider key={current.store.clone()} store={current.store.clone()} {navigate} offline={!mounted}>
            <News page={current.page.clone()} />
            { P::view(&current.page) }
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

/// Goes to `href` in the browser's history. Back, when `href` is the page this entry was opened from: the
/// history then holds the shopper's path, not a loop of the pages they went back and forth between, and the
/// back gesture goes where they expect. Else a new entry, which remembers the page it was opened from,
/// starting at the top.
fn go_to(href: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let opened_from = history.state().ok().and_then(|state| state.as_string());
    if opened_from.as_deref() == Some(href) {
        let _ = history.back();
        return;
    }
    let location = window.location();
    let mut here = location.pathname().unwrap_or_default();
    here.push_str(&location.hash().unwrap_or_default());
    let _ = history.push_state_with_url(&JsValue::from_str(&here), "", Some(href));
    window.scroll_to_with_x_and_y(0.0, 0.0);
}
