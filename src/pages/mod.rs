//! Pages map one to one to [`Page`] variants. Each page reads the shop and cart from context, fetches
//! what it needs, and renders a view: a plain function of props where it needs no state of its own
//! (cheaper in the wasm than a component), which browser tests mount through a small harness.
//! [`ShopPages`] and [`CheckoutPages`] split them between the two bundles (see [`crate::bundle`]).

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
    bundle::{Bundle, Pages},
    components::error_notice,
    route::Page,
};

/// The first load: catalog, product pages and cart.
pub struct ShopPages;

impl Pages for ShopPages {
    const BUNDLE: Bundle = Bundle::Shop;

    fn view(page: &Page) -> Html {
        match page {
            Page::Catalog => html! { <CatalogPage /> },
            Page::Product { id } => html! { <ProductPage id={AttrValue::from(id.clone())} /> },
            Page::Cart => html! { <CartPage /> },
            Page::NotFound | Page::Checkout | Page::Orders | Page::Order { .. } => html! {
                <main class="page empty">
                    <h1>{ "Page not found" }</h1>
                    <a class="primary" href="./">{ "Go to the shop" }</a>
                </main>
            },
        }
    }
}

/// Loaded on the way to checkout: checkout, the order's status and this phone's orders.
pub struct CheckoutPages;

impl Pages for CheckoutPages {
    const BUNDLE: Bundle = Bundle::Checkout;

    fn view(page: &Page) -> Html {
        match page {
            Page::Order { id, token } => {
                html! { <OrderPage id={*id} token={AttrValue::from(token.clone())} /> }
            }
            Page::Orders => html! { <OrdersPage /> },
            _ => html! { <CheckoutPage /> },
        }
    }
}

/// The catalog's loading and failure states, shared by every page that needs it.
fn catalog_gate<T>(remote: &Remote<T>, on_retry: &Callback<()>) -> Option<Html> {
    match remote {
        Remote::Loaded(_) => None,
        Remote::Loading => Some(html! {
            <main class="page loading" aria-busy="true"><p>{ "Loading the shop…" }</p></main>
        }),
        // A wrong link is not fixed by trying again.
        Remote::Failed(error) => {
            let retry = (error.known_code() != Some(ErrorCode::StoreNotFound)).then_some(on_retry);
            Some(html! { <main class="page">{ error_notice(error, retry) }</main> })
        }
    }
}
