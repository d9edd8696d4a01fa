//! Pages map one to one to [`Page`] variants. Each page reads the shop and cart from context, fetches
//! what it needs, and renders a view: a plain function of props where it needs no state of its own
//! (cheaper in the wasm than a component), which browser tests mount through a small harness.

mod cart;
mod catalog;
mod checkout;
mod news;
mod order;
mod orders;
mod product;

pub use cart::{CartPage, CartViewProps, cart_view};
pub use catalog::{CatalogPage, CatalogViewProps, catalog_view};
pub use checkout::{CheckoutPage, CheckoutViewProps, checkout_view};
pub use news::News;
pub use order::{OrderPage, OrderPageProps, OrderViewProps, order_view};
pub use orders::{OrdersPage, OrdersViewProps, orders_view};
pub use product::{ProductPage, ProductPageProps, ProductViewProps, product_view};

use haat_api::ErrorCode;
use yew::prelude::*;

use crate::{
    api::Remote,
    components::{empty_cart, error_notice, top_bar},
    lang::{Lang, use_lang},
    route::Page,
    shop::use_shop,
};

/// The page for `page`. Rendered inside `ShopProvider`, on the server too.
pub fn view(page: &Page, lang: &Lang) -> Html {
    match page {
        Page::Catalog | Page::Category { .. } => html! { <CatalogPage /> },
        Page::Product { id } => html! { <ProductPage id={AttrValue::from(id.clone())} /> },
        Page::Cart => html! {
            <OnPhone title={lang.t("Your cart").to_owned()} class="cart" named=true
                action={Some(AttrValue::from(lang.t("Checkout")))} terms=true>
                <CartPage />
            </OnPhone>
        },
        Page::Checkout => html! {
            <OnPhone title={lang.t("Checkout").to_owned()} class="checkout" back={Page::Cart}
                action={Some(AttrValue::from(lang.t("Place order")))}>
                <CheckoutPage />
            </OnPhone>
        },
        Page::Orders => {
            html! { <OnPhone title={lang.t("Your orders").to_owned()} class="orders"><OrdersPage /></OnPhone> }
        }
        Page::Order { id } => html! {
            <OnPhone title={order::order_title(lang, *id)} class="order"><OrderPage id={*id} /></OnPhone>
        },
        Page::NotFound => not_found(lang),
    }
}

fn not_found(lang: &Lang) -> Html {
    html! {
        <main class="page empty">
            <h1>{ lang.t("Page not found") }</h1>
            <a class="primary" href="./">{ lang.t("Go to the shop") }</a>
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct OnPhoneProps {
    /// The page's title, in the page's language.
    title: AttrValue,
    class: AttrValue,
    /// The shop's name under the title, as the page itself has it.
    #[prop_or_default]
    named: bool,
    /// Where the page's back control leads.
    #[prop_or(Page::Catalog)]
    back: Page,
    /// A page of the cart's (the cart, checkout): the label of the button at its foot.
    #[prop_or_default]
    action: Option<AttrValue>,
    /// The shop's terms above the rest, as the cart shows them.
    #[prop_or_default]
    terms: bool,
    children: Html,
}

/// A page made of what is kept on the phone (the cart, checkout's details, this phone's orders): the
/// server and the browser's first render draw its frame, the page's own top bar, and the page itself
/// follows once the app runs on the phone.
///
/// A page of the cart's frame is drawn twice, as the page is for an empty cart and for one with lines
/// (what the server knows of it, and its button at the foot of the screen, waiting), and the page
/// shows the one this phone keeps from its first frame: `static/early.js` marks a cart with lines
/// (`html[data-cart]`) and the stylesheet hides the other.
#[component]
fn OnPhone(props: &OnPhoneProps) -> Html {
    let (shop, lang) = (use_shop(), use_lang());
    if shop.on_phone {
        return props.children.clone();
    }
    let store = match &shop.catalog {
        Remote::Loaded(catalog) => Some(&catalog.store),
        _ => None,
    };
    let subtitle = store
        .filter(|_| props.named)
        .map(|store| AttrValue::from(store.name.clone()));
    let (back, on_back) = shop.way_to(props.back.clone());
    let loading = html! { <p class="boot" aria-busy="true">{ lang.t("Loading…") }</p> };
    let Some(action) = &props.action else {
        return html! {
            <main class={classes!("page", props.class.clone())}>
                { top_bar(&lang, props.title.clone(), subtitle, back, &on_back) }
                { loading }
            </main>
        };
    };
    let (to_shop, on_shop) = shop.way_to(Page::Catalog);
    let terms = store
        .filter(|_| props.terms)
        .map_or_else(Html::default, |store| cart::terms(&lang, store));
    html! {
        <main class={classes!("page", "framed", props.class.clone())}>
            { top_bar(&lang, props.title.clone(), subtitle, back, &on_back) }
            <div class="if-empty">{ empty_cart(&lang, Html::default(), to_shop, &on_shop) }</div>
            <div class="if-filled">{ terms }{ loading }</div>
            <div class="action-bar if-filled">
                <button class="primary" disabled=true>{ action.clone() }</button>
            </div>
        </main>
    }
}
/// The catalog's loading and failure states, shared by every page that needs it.
fn catalog_gate<T>(lang: &Lang, remote: &Remote<T>, on_retry: &Callback<()>) -> Option<Html> {
    match remote {
        Remote::Loaded(_) => None,
        Remote::Loading => Some(html! {
            <main class="page loading" aria-busy="true"><p>{ lang.t("Loading the shop…") }</p></main>
        }),
        // A wrong link is not fixed by trying again.
        Remote::Failed(error) => {
            let retry = (error.known_code() != Some(ErrorCode::StoreNotFound)).then_some(on_retry);
            Some(html! { <main class="page">{ error_notice(lang, error, retry) }</main> })
        }
    }
}
