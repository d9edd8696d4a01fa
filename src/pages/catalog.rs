use std::rc::Rc;

use haat_api::Catalog;
use yew::prelude::*;

use crate::{
    api::Remote,
    cart::{Cart, CartAction},
    components::ProductCard,
    format, host,
    route::Page,
    shop::use_shop,
};

#[component]
pub fn CatalogPage() -> Html {
    let shop = use_shop();
    let cart = shop.cart.clone();
    let category = use_state(|| None::<String>);
    if let Some(gate) = super::catalog_gate(&shop.catalog, &shop.reload) {
        return gate;
    }
    let Remote::Loaded(catalog) = &shop.catalog else {
        return html! {};
    };
    let snapshot = Rc::new((*cart).clone());
    let on_cart = Callback::from(move |action: CartAction| {
        if let CartAction::Set {
            product,
            variant,
            quantity,
            ..
        } = &action
            && *quantity > cart.quantity_of(product, variant)
        {
            host::added_to_cart();
        }
        cart.dispatch(action);
    });
    catalog_view(&CatalogViewProps {
        catalog: catalog.clone(),
        cart: snapshot,
        category: (*category).clone(),
        on_category: Callback::from(move |chosen| category.set(chosen)),
        on_cart,
        on_open_cart: shop.navigate.reform(|()| Page::Cart),
    })
}

#[derive(Properties, PartialEq)]
pub struct CatalogViewProps {
    pub catalog: Rc<Catalog>,
    pub cart: Rc<Cart>,
    /// The category shown; `None` shows all.
    pub category: Option<String>,
    pub on_category: Callback<Option<String>>,
    pub on_cart: Callback<CartAction>,
    pub on_open_cart: Callback<()>,
}

/// The shop front: name, category filter, products, and a bar to open the cart.
pub fn catalog_view(props: &CatalogViewProps) -> Html {
    let category = &props.category;
    let catalog = &props.catalog;
    let store = &catalog.store;
    let currency = AttrValue::from(store.currency.clone());
    let chip = |id: Option<&str>, label: String| {
        let selected = category.as_deref() == id;
        let id = id.map(str::to_owned);
        html! {
            <button
                class={if selected { "chip selected" } else { "chip" }}
                aria-pressed={selected.to_string()}
                onclick={props.on_category.reform(move |_| id.clone())}
            >{ label }</button>
        }
    };
    let shown = catalog
        .categories
        .iter()
        .filter(|c| category.as_deref().is_none_or(|id| id == c.id));
    let cart_total = cart_estimate(catalog, &props.cart);
    html! {
        <main class="page catalog">
            <header class="shop-head">
                <h1>{ store.name.clone() }</h1>
                if let Some(local) = &store.name_local {
                    <p class="name-local" lang="hi">{ local.clone() }</p>
                }
                <p class="tagline">{ store.tagline.clone() }</p>
            </header>
            <nav class="chips" aria-label="Categories">
                { chip(None, "All".to_owned()) }
                { for catalog.categories.iter().map(|c| chip(Some(&c.id), c.name.clone())) }
            </nav>
            { for shown.map(|c| {
                let icon = c.icon.clone().map(AttrValue::from);
                html! {
                    <section class="category" id={format!("category-{}", c.id)}>
                        <h2>{ c.name.clone() }
                            if let Some(local) = &c.name_local {
                                <span class="name-local" lang="hi">{ local.clone() }</span>
                            }
                        </h2>
                        <ul class="products">
                            { for catalog.products.iter().filter(|p| p.category == c.id).map(|p| {
                                let in_cart = p.variants.iter().map(|v| props.cart.quantity_of(&p.id, &v.id)).collect::<Vec<_>>();
                                html! {
                                    <ProductCard
                                        key={p.id.clone()}
                                        product={p.clone()}
                                        currency={currency.clone()}
                                        {in_cart}
                                        icon={icon.clone()}
                                        on_cart={props.on_cart.clone()}
                                    />
                                }
                            }) }
                        </ul>
                    </section>
                }
            }) }
            if !props.cart.is_empty() {
                <div class="cart-bar">
                    <button class="primary view-cart" data-host="main" onclick={props.on_open_cart.reform(|_| ())}>
                        <span>{ format::item_count(props.cart.item_count()) }{ " · " }{ format::money(cart_total, &currency) }</span>
                        <span>{ "View cart →" }</span>
                    </button>
                </div>
            }
        </main>
    }
}

/// The cart's value at catalog prices, for the cart bar; the cart page shows the server's quote.
fn cart_estimate(catalog: &Catalog, cart: &Cart) -> haat_api::Money {
    let amounts = cart.lines.iter().filter_map(|line| {
        let product = catalog.products.iter().find(|p| p.id == line.product)?;
        let variant = product.variants.iter().find(|v| v.id == line.variant)?;
        variant.price.checked_mul(line.quantity)
    });
    haat_api::Money::checked_sum(amounts).unwrap_or_default()
}
