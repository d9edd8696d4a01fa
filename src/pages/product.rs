use std::rc::Rc;

use haat_api::Catalog;
use yew::prelude::*;

use crate::{
    api::Remote,
    cart::{Cart, CartAction},
    components::{browse_link, cart_action, picture, price, top_bar},
    lang::{Lang, use_lang},
    route::{self, Page},
    shop::use_shop,
};

#[derive(Properties, PartialEq)]
pub struct ProductPageProps {
    pub id: AttrValue,
}

#[component]
pub fn ProductPage(props: &ProductPageProps) -> Html {
    let lang = use_lang();
    let shop = use_shop();
    let cart = shop.cart.clone();
    if let Some(gate) = super::catalog_gate(&lang, &shop.catalog, &shop.reload) {
        return gate;
    }
    let Remote::Loaded(catalog) = &shop.catalog else {
        return html! {};
    };
    let snapshot = Rc::new((*cart).clone());
    product_view(&ProductViewProps {
        lang: lang.clone(),
        catalog: catalog.clone(),
        id: props.id.clone(),
        cart: snapshot,
        on_cart: shop.change_cart.clone(),
        on_back: shop.navigate.reform(|()| Page::Catalog),
        on_open_cart: shop.navigate.reform(|()| Page::Cart),
    })
}

#[derive(Properties, PartialEq)]
pub struct ProductViewProps {
    /// The language the page speaks.
    pub lang: Lang,
    pub catalog: Rc<Catalog>,
    /// The product shown.
    pub id: AttrValue,
    pub cart: Rc<Cart>,
    pub on_cart: Callback<CartAction>,
    pub on_back: Callback<()>,
    pub on_open_cart: Callback<()>,
}

/// One product: its image, both names, and every pack size with its price and its own "Add" or stepper.
pub fn product_view(props: &ProductViewProps) -> Html {
    let catalog = &props.catalog;
    let back = || route::href(&catalog.store.slug, &Page::Catalog);
    let Some(product) = catalog.products.iter().find(|p| p.id == props.id) else {
        return html! {
            <main class="page product-page">
                { top_bar(&props.lang, props.lang.t("Not found").to_owned(), None, back(), &props.on_back) }
                <div class="empty">
                    <p>{ props.lang.t("This product is not in the shop any more.") }</p>
                    { browse_link(&props.lang, back(), &props.on_back) }
                </div>
            </main>
        };
    };
    let category = catalog.categories.iter().find(|c| c.id == product.category);
    let currency = &catalog.store.currency;
    let (name, also) = props
        .lang
        .names(&product.name, product.name_local.as_deref());
    html! {
        <main class="page product-page">
            { top_bar(&props.lang, name.text.to_owned(), category.map(|c| AttrValue::from(props.lang.name(&c.name, c.name_local.as_deref()).to_owned())), back(), &props.on_back) }
            <div class="hero" aria-hidden="true">{ picture(product, category, 320) }</div>
            <section class="about">
                <h2 class="name">{ name.text.to_owned() }</h2>
                if let Some(also) = also {
                    <p class="name-also" lang={also.lang}>{ also.text.to_owned() }</p>
                }
                if let Some(words) = &product.description {
                    <p class="description">{ words.clone() }</p>
                }
            </section>
            <ul class="packs" aria-label={props.lang.t("Pack sizes").to_owned()}>
                { for product.variants.iter().map(|variant| html! {
                    <li class={if variant.max_quantity == 0 { "pack-row sold-out" } else { "pack-row" }}
                        data-variant={variant.id.clone()}>
                        <div class="info">
                            <h3 class="pack">{ variant.label.clone() }</h3>
                            { price(&props.lang, variant, currency) }
                        </div>
                        <div class="action">{ cart_action(&props.lang, product, variant, &props.cart, &props.on_cart) }</div>
                    </li>
                }) }
            </ul>
            { super::catalog::cart_bar(&props.lang, catalog, &props.cart, &props.on_open_cart) }
        </main>
    }
}
