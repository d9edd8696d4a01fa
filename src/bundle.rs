//! The storefront ships as two bundles, two builds of the same [`App`]: `shop` (catalog, product pages, cart),
//! which is the first load, and `checkout` (checkout and the order's status), loaded when the shopper first
//! goes there, and fetched ahead while they look at their cart. Each bundle is a binary that registers its
//! mount function when it starts; the bundle on screen renders a [`Handover`] for a page it does not own,
//! which loads the other bundle and gives it the root element. Everything they share lives on the phone
//! (cart, details, the checkout attempt) or in the URL, so a bundle starts from those like a reload would.
//!
//! Its JavaScript half, `bundles.js`, holds the registry and the dynamic import.

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

use gloo_events::EventListener;
use wasm_bindgen::{JsValue, prelude::*};
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;
use yew::prelude::*;

use crate::{
    app::{App, AppProps},
    components::top_bar,
    route::{Page, Route},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    Shop,
    Checkout,
}

impl Bundle {
    /// The bundle that renders `page`.
    pub fn of(page: &Page) -> Self {
        match page {
            Page::Catalog | Page::Product { .. } | Page::Cart | Page::NotFound => Self::Shop,
            Page::Checkout | Page::Order { .. } | Page::Orders => Self::Checkout,
        }
    }

    /// Its name in `bundles.js`, and in the checkout bundle's files (`haat-checkout-{BUILD}.js`).
    fn name(self) -> &'static str {
        match self {
            Self::Shop => "shop",
            Self::Checkout => "checkout",
        }
    }

    /// Starts fetching the bundle's files into the browser's cache, so opening it later costs no wait.
    pub fn prefetch(self) {
        prefetch(self.name(), BUILD);
    }
}

/// This build's id, set by `scripts/build-app` (a hash of the sources) and written into the checkout
/// bundle's file names, so a page only ever loads the checkout bundle built with it; empty in development
/// builds, whose files are named plainly.
const BUILD: &str = match option_env!("HAAT_BUILD") {
    Some(build) => build,
    None => "",
};

/// A bundle's pages: what its binary builds [`App`] with.
pub trait Pages: 'static {
    const BUNDLE: Bundle;

    /// The page, for every page `Bundle::of` gives to this bundle. Rendered inside `ShopProvider`.
    fn view(page: &Page) -> Html;
}

#[wasm_bindgen(module = "/src/bundles.js")]
extern "C" {
    fn register(name: &str, mount: &Closure<dyn Fn(Element, JsValue)>);
    #[wasm_bindgen(catch)]
    async fn load(name: &str, build: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = mount)]
    fn mount_js(name: &str, root: Element, href: Option<String>);
    fn prefetch(name: &str, build: &str);
}

/// The root this bundle's app is mounted on, and how to take the app off it.
struct Mounted {
    root: Element,
    unmount: Box<dyn FnOnce()>,
}

thread_local! {
    static MOUNTED: RefCell<Option<Mounted>> = const { RefCell::new(None) };
}

/// Registers this bundle, so the other one can hand it the screen. Called first thing by each binary.
pub fn register_bundle<P: Pages>() {
    let mount = Closure::<dyn Fn(Element, JsValue)>::new(|root, href: JsValue| {
        mount::<P>(root, href.as_string());
    });
    register(P::BUNDLE.name(), &mount);
    // Kept for the page's lifetime: the other bundle may call it any time.
    mount.forget();
}

/// Renders this bundle's app into `root`: at the page in the URL, or, for a store mounted into a host page's
/// element, at `embedded` (an href such as `/s/demo/cart`), keeping its pages in memory from then on.
pub fn mount<P: Pages>(root: Element, embedded: Option<String>) {
    // Each app gets an element of its own inside the root, taken away with it: Yew's event listeners
    // live on the element an app is rendered into, and would pile up on a root shared by turns.
    root.set_inner_html("");
    let Some(own) = root
        .owner_document()
        .and_then(|page| page.create_element("div").ok())
    else {
        return;
    };
    let _ = root.append_child(&own);
    let props = AppProps {
        embedded: embedded.is_some(),
        start: embedded.and_then(|href| {
            let (path, fragment) = href.split_once('#').unwrap_or((&href, ""));
            Route::parse(path, fragment)
        }),
    };
    let app = yew::Renderer::<App<P>>::with_root_and_props(own.clone(), props).render();
    let unmount = Box::new(move || {
        app.destroy();
        own.remove();
    });
    MOUNTED.with(|mounted| mounted.replace(Some(Mounted { root, unmount })));
}

#[derive(Properties, PartialEq)]
pub struct HandoverProps {
    pub route: Route,
    /// Mounted into a host page's element: the other bundle is told the route, as the URL does not say it.
    pub embedded: bool,
    /// Back to this bundle's pages while the other one loads (and so Telegram's BackButton stays shown).
    pub on_back: Callback<()>,
}

/// Stands in for a page of the other bundle: loads it (once per visit), then takes this app off the root and
/// mounts that one. While loading it says so; when the phone cannot fetch it, it offers to try again, and
/// tries again by itself when the phone comes back online.
#[component]
pub fn Handover(props: &HandoverProps) -> Html {
    let attempt = use_state(|| 0_u32);
    let failed = use_state(|| false);
    let retry = {
        let (attempt, failed) = (attempt.clone(), failed.clone());
        Callback::from(move |()| {
            failed.set(false);
            attempt.set(*attempt + 1);
        })
    };
    {
        let failed = failed.clone();
        let embedded = props.embedded.then(|| props.route.href());
        let to = Bundle::of(&props.route.page);
        use_effect_with((props.route.clone(), *attempt), move |_| {
            let cancelled = Rc::new(Cell::new(false));
            let guard = cancelled.clone();
            spawn_local(async move {
                let loaded = load(to.name(), BUILD).await;
                if cancelled.get() {
                    return;
                }
                match loaded {
                    Ok(()) => hand_over(to, embedded),
                    Err(_) => failed.set(true),
                }
            });
            move || guard.set(true)
        });
    }
    {
        let retry = retry.clone();
        use_effect_with(*failed, move |failed| {
            let when_online = web_sys::window()
                .filter(|_| *failed)
                .map(|window| EventListener::new(&window, "online", move |_| retry.emit(())));
            move || drop(when_online)
        });
    }
    let title = match props.route.page {
        Page::Checkout => "Checkout",
        Page::Order { .. } => "Your order",
        Page::Orders => "Your orders",
        _ => "",
    };
    html! {
        <main class="page">
            { top_bar(title, None, &props.on_back) }
            if *failed {
                <div class="notice error" role="alert">
                    <p>{ "This page could not be loaded. Check your connection and try again." }</p>
                    <button type="button" class="secondary" onclick={retry.reform(|_| ())}>{ "Try again" }</button>
                </div>
            } else {
                <p class="boot" aria-busy="true">{ "Loading…" }</p>
            }
        </main>
    }
}

/// Takes this bundle's app off its root and mounts `to`'s there.
fn hand_over(to: Bundle, embedded: Option<String>) {
    if let Some(Mounted { root, unmount }) = MOUNTED.with(RefCell::take) {
        unmount();
        mount_js(to.name(), root, embedded);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_load_owns_browsing_and_the_cart_and_checkout_owns_the_rest() {
        let product = Page::Product { id: "atta".into() };
        for page in [Page::Catalog, product, Page::Cart, Page::NotFound] {
            assert_eq!(Bundle::of(&page), Bundle::Shop, "{page:?}");
        }
        let order = Page::Order {
            id: 7,
            token: "ab12".into(),
        };
        for page in [Page::Checkout, order, Page::Orders] {
            assert_eq!(Bundle::of(&page), Bundle::Checkout, "{page:?}");
        }
    }
}
