use std::rc::Rc;

use haat_api::{Catalog, Fulfilment, Money, Quote, StoreProfile};
use yew::prelude::*;

use crate::{
    api::Remote,
    cart::{Cart, CartAction},
    components::{error_notice, stepper, top_bar, totals},
    format,
    route::Page,
    shop::{use_quote, use_shop},
};

#[component]
pub fn CartPage() -> Html {
    let shop = use_shop();
    let cart = shop.cart.clone();
    let quote = use_quote(&shop.store, &cart, Fulfilment::Delivery);
    if let Some(gate) = super::catalog_gate(&shop.catalog, &shop.reload) {
        return gate;
    }
    let Remote::Loaded(catalog) = &shop.catalog else {
        return html! {};
    };
    let snapshot = Rc::new((*cart).clone());
    cart_view(&CartViewProps {
        catalog: catalog.clone(),
        cart: snapshot,
        quote,
        on_cart: Callback::from(move |action| cart.dispatch(action)),
        on_checkout: shop.navigate.reform(|()| Page::Checkout),
        on_back: shop.navigate.reform(|()| Page::Catalog),
    })
}

#[derive(Properties, PartialEq)]
pub struct CartViewProps {
    pub catalog: Rc<Catalog>,
    pub cart: Rc<Cart>,
    /// The server's pricing of this cart; `None` when it is empty.
    pub quote: Option<Remote<Quote>>,
    pub on_cart: Callback<CartAction>,
    pub on_checkout: Callback<()>,
    pub on_back: Callback<()>,
}

/// The cart: lines with steppers, the server's totals, and what stands between the shopper and checkout.
pub fn cart_view(props: &CartViewProps) -> Html {
    let store = &props.catalog.store;
    let currency = AttrValue::from(store.currency.clone());
    let quote = match &props.quote {
        Some(Remote::Loaded(quote)) => Some(quote.clone()),
        _ => None,
    };
    let shortfall = quote
        .as_ref()
        .and_then(|quote| minimum_shortfall(store, quote.totals.subtotal));
    let can_checkout = quote.is_some() && shortfall.is_none();
    html! {
        <main class="page cart">
            { top_bar("Your cart", Some(AttrValue::from(store.name.clone())), &props.on_back) }
            if props.cart.is_empty() {
                <div class="empty">
                    <p>{ "Your cart is empty." }</p>
                    <button class="primary" onclick={props.on_back.reform(|_| ())}>{ "Browse the shop" }</button>
                </div>
            } else {
                <ul class="lines">
                    { for props.cart.lines.iter().map(|line| cart_line(props, &currency, quote.as_deref(), line)) }
                </ul>
                <button class="link clear" onclick={props.on_cart.reform(|_| CartAction::Clear)}>{ "Empty the cart" }</button>
                { match &props.quote {
                    Some(Remote::Loaded(quote)) => totals(&quote.totals, &currency),
                    Some(Remote::Failed(error)) => error_notice(error, None),
                    _ => html! { <p class="pricing" aria-busy="true">{ "Checking prices…" }</p> },
                } }
                if let Some(missing) = shortfall {
                    <p class="notice minimum">
                        { format!("Add {} more to order: the minimum order is {}.",
                            format::money(missing, &currency), format::money(store.min_order, &currency)) }
                    </p>
                }
                if let (Some(free_from), Some(quote)) = (store.free_delivery_from, quote.as_ref()) {
                    if quote.totals.delivery_fee.minor() > 0 {
                        if let Some(missing) = free_from.checked_sub(quote.totals.subtotal) {
                            <p class="notice delivery">{ format!("Add {} more for free delivery.", format::money(missing, &currency)) }</p>
                        }
                    }
                }
                <div class="action-bar">
                    <button class="primary checkout" data-host="main" disabled={!can_checkout} onclick={props.on_checkout.reform(|_| ())}>
                        { "Checkout" }
                    </button>
                </div>
            }
        </main>
    }
}

fn cart_line(
    props: &CartViewProps,
    currency: &AttrValue,
    quote: Option<&Quote>,
    line: &crate::cart::CartLine,
) -> Html {
    let product = props.catalog.products.iter().find(|p| p.id == line.product);
    let variant = product.and_then(|p| p.variants.iter().find(|v| v.id == line.variant));
    let priced = quote.and_then(|quote| {
        quote
            .lines
            .iter()
            .find(|priced| priced.product == line.product && priced.variant == line.variant)
    });
    let name = product.map_or(line.product.clone(), |p| p.name.clone());
    let label = variant.map_or(line.variant.clone(), |v| v.label.clone());
    let max = variant.map_or(0, |v| v.max_quantity);
    let (product_id, variant_id) = (line.product.clone(), line.variant.clone());
    let on_change = props.on_cart.reform(move |quantity| CartAction::Set {
        product: product_id.clone(),
        variant: variant_id.clone(),
        quantity,
        max,
    });
    let (product_id, variant_id) = (line.product.clone(), line.variant.clone());
    let on_remove = props.on_cart.reform(move |_| CartAction::Remove {
        product: product_id.clone(),
        variant: variant_id.clone(),
    });
    html! {
        <li class="line" key={format!("{}/{}", line.product, line.variant)} data-product={line.product.clone()}>
            <div class="info">
                <h3 class="name">{ name.clone() }</h3>
                <p class="pack">{ label.clone() }</p>
                if let Some(priced) = priced {
                    <p class="line-total">{ format::money(priced.line_total, currency) }</p>
                }
            </div>
            { stepper(line.quantity, max, &format!("{name} {label}"), &on_change) }
            <button class="link remove" aria-label={format!("Remove {name}")} onclick={on_remove}>{ "Remove" }</button>
        </li>
    }
}

/// How much more the shopper must add to reach the shop's minimum order, if anything.
fn minimum_shortfall(store: &StoreProfile, subtotal: Money) -> Option<Money> {
    store
        .min_order
        .checked_sub(subtotal)
        .filter(|missing| missing.minor() > 0)
}
