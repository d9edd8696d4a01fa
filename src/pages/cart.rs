use std::rc::Rc;

use haat_api::{Catalog, Fulfilment, Money, Quote, StoreProfile, Substitution};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::{
    api::Remote,
    cart::{Cart, CartAction, PriceChange, PriceSeen},
    components::{empty_cart, error_notice, last_order_button, stepper, top_bar, totals},
    lang::{Lang, use_lang},
    route::{self, Page},
    shop::{use_quote, use_shop},
    storage, words,
};

#[component]
pub fn CartPage() -> Html {
    let lang = use_lang();
    let shop = use_shop();
    let cart = shop.cart.clone();
    let quote = use_quote(
        &shop.store,
        cart.requests(),
        Fulfilment::Delivery,
        lang.language,
    );
    // Asked once per visit to the cart, not on every render: the answer comes from a test write.
    let lasting = *use_state(storage::is_lasting);
    let catalog = shop.catalog_of(cart.lines.iter().map(|line| line.product.as_str()));
    if let Some(gate) = super::catalog_gate(&lang, &catalog, &shop.reload) {
        return gate;
    }
    let Remote::Loaded(catalog) = &catalog else {
        return html! {};
    };
    let snapshot = Rc::new((*cart).clone());
    let last_order = storage::load_last_order(&shop.store);
    cart_view(&CartViewProps {
        lang: lang.clone(),
        catalog: catalog.clone(),
        cart: snapshot,
        quote,
        on_cart: shop.change_cart.clone(),
        on_checkout: shop.navigate.reform(|()| Page::Checkout),
        on_back: shop.navigate.reform(|()| Page::Catalog),
        lasting,
        last_order: last_order.as_ref().map(|order| order.id),
        on_last_order: shop.navigate.reform(move |()| match &last_order {
            Some(order) => order.page(),
            None => Page::Catalog,
        }),
    })
}

#[derive(Properties, PartialEq)]
pub struct CartViewProps {
    /// The language the page speaks.
    pub lang: Lang,
    pub catalog: Rc<Catalog>,
    pub cart: Rc<Cart>,
    /// The server's pricing of this cart; `None` when it is empty.
    pub quote: Option<Remote<Quote>>,
    pub on_cart: Callback<CartAction>,
    pub on_checkout: Callback<()>,
    pub on_back: Callback<()>,
    /// Whether the cart outlives this page (`storage::is_lasting`); when not, the cart says so.
    pub lasting: bool,
    /// The id of the last order placed from this phone: an empty cart leads to it.
    pub last_order: Option<i64>,
    pub on_last_order: Callback<()>,
}

/// The cart: lines with steppers, the server's totals, and what stands between the shopper and checkout:
/// the minimum order, lines the shop cannot fill, and prices changed since the shopper saw them, each
/// shown where it applies and never applied silently.
pub fn cart_view(props: &CartViewProps) -> Html {
    let (store, lang) = (&props.catalog.store, &props.lang);
    let currency = AttrValue::from(store.currency.clone());
    let quote = match &props.quote {
        Some(Remote::Loaded(quote)) => Some(quote.clone()),
        _ => None,
    };
    let changes = quote
        .as_ref()
        .map_or_else(Vec::new, |quote| props.cart.price_changes(quote));
    let short = quote
        .as_ref()
        .is_some_and(|quote| !quote.shortages.is_empty());
    let shortfall = quote
        .as_ref()
        .and_then(|quote| minimum_shortfall(store, quote.totals.subtotal));
    let can_checkout = quote.is_some() && shortfall.is_none() && changes.is_empty() && !short;
    let accept = {
        let seen: Vec<PriceSeen> = changes
            .iter()
            .map(|change| PriceSeen {
                product: change.product.clone(),
                variant: change.variant.clone(),
                price: change.now,
            })
            .collect();
        props
            .on_cart
            .reform(move |_| CartAction::AcceptPrices(seen.clone()))
    };
    let shop = route::href(&store.slug, &Page::Catalog);
    let last_order = props.last_order.map_or_else(Html::default, |id| {
        last_order_button(lang, id, &props.on_last_order)
    });
    html! {
        <main class="page cart">
            { top_bar(&props.lang, props.lang.t("Your cart").to_owned(), Some(AttrValue::from(store.name.clone())), shop.clone(), &props.on_back) }
            if props.cart.is_empty() {
                { empty_cart(lang, last_order, shop.clone(), &props.on_back) }
            } else {
                <div class="above-bar">
                    { terms(lang, store) }
                    if !props.lasting {
                        <p class="notice not-kept" role="status">{ lang.t("This browser is not keeping your cart: it is lost if you close this page.") }</p>
                    }
                    <ul class="lines">
                        { for props.cart.lines.iter().map(|line| cart_line(props, &currency, quote.as_deref(), &changes, line)) }
                    </ul>
                    <button class="link clear" onclick={props.on_cart.reform(|_| CartAction::Clear)}>{ lang.t("Empty the cart") }</button>
                    { match &props.quote {
                        Some(Remote::Loaded(quote)) => totals(lang, &quote.totals, &currency),
                        Some(Remote::Failed(error)) => error_notice(lang, error, None),
                        _ => html! { <p class="pricing" aria-busy="true">{ lang.t("Checking prices…") }</p> },
                    } }
                    if !changes.is_empty() {
                        <div class="notice price-changes" role="alert">
                            <p>{ lang.t("Some prices changed since you added these items. Please check them.") }</p>
                            <button class="secondary accept-prices" onclick={accept}>{ lang.t("OK, use the new prices") }</button>
                        </div>
                    }
                    if short {
                        <p class="notice shortage" role="alert">{ lang.t("Some items are not available in the quantity you chose.") }</p>
                    }
                    if let Some(missing) = shortfall {
                        <p class="notice minimum">
                            { lang.f("Add {missing} more to order: the minimum order is {minimum}.", &[
                                ("missing", &lang.money(missing, &currency)),
                                ("minimum", &lang.money(store.min_order, &currency)),
                            ]) }
                        </p>
                    }
                    if let (Some(free_from), Some(quote)) = (store.free_delivery_from, quote.as_ref()) {
                        if quote.totals.delivery_fee.minor() > 0 {
                            // Only while short of it: the shop may have lowered it since this page read it.
                            if let Some(missing) = free_from.checked_sub(quote.totals.subtotal).filter(|missing| missing.minor() > 0) {
                                <p class="notice delivery">{ lang.f("Add {missing} more for free delivery.", &[("missing", &lang.money(missing, &currency))]) }</p>
                            }
                        }
                    }
                </div>
                <div class="action-bar">
                    <button class="primary checkout" data-host="main" disabled={!can_checkout} onclick={props.on_checkout.reform(|_| ())}>
                        { lang.t("Checkout") }
                    </button>
                </div>
            }
        </main>
    }
}

/// "Minimum order ₹100 · Delivery ₹25, free from ₹499": the shop's rules, before they bite.
pub fn terms(lang: &Lang, store: &StoreProfile) -> Html {
    let money = |amount| lang.money(amount, &store.currency);
    let mut terms = String::new();
    if store.min_order.minor() > 0 {
        terms.push_str(&lang.f(
            "Minimum order {amount}",
            &[("amount", &money(store.min_order))],
        ));
        terms.push_str(" · ");
    }
    let fee = money(store.delivery_fee);
    terms.push_str(&match store.free_delivery_from {
        _ if store.delivery_fee.minor() == 0 => lang.t("Free delivery").to_owned(),
        Some(free_from) => lang.f(
            "Delivery {fee}, free from {amount}",
            &[("fee", &fee), ("amount", &money(free_from))],
        ),
        None => lang.f("Delivery {fee}", &[("fee", &fee)]),
    });
    html! { <p class="terms">{ terms }</p> }
}

fn cart_line(
    props: &CartViewProps,
    currency: &AttrValue,
    quote: Option<&Quote>,
    changes: &[PriceChange],
    line: &crate::cart::CartLine,
) -> Html {
    let is_line = |product: &str, variant: &str| product == line.product && variant == line.variant;
    let product = props.catalog.products.iter().find(|p| p.id == line.product);
    let variant = product.and_then(|p| p.variants.iter().find(|v| v.id == line.variant));
    let priced =
        quote.and_then(|quote| quote.lines.iter().find(|p| is_line(&p.product, &p.variant)));
    let shortage = quote.and_then(|quote| {
        quote
            .shortages
            .iter()
            .find(|s| is_line(&s.product, &s.variant))
    });
    let change = changes.iter().find(|c| is_line(&c.product, &c.variant));
    let lang = &props.lang;
    let name = product.map_or(line.product.clone(), |p| {
        lang.name(&p.name, p.name_local.as_deref()).to_owned()
    });
    let label = variant.map_or(line.variant.clone(), |v| v.label.clone());
    let available = shortage.map(|s| s.available);
    let max = available.map_or(variant.map_or(0, |v| v.max_quantity), |a| {
        a.max(line.quantity)
    });
    let (product_id, variant_id) = (line.product.clone(), line.variant.clone());
    let set = props.on_cart.reform(move |quantity| CartAction::Set {
        product: product_id.clone(),
        variant: variant_id.clone(),
        quantity,
        max,
    });
    let (product_id, variant_id) = (line.product.clone(), line.variant.clone());
    let on_substitute = props
        .on_cart
        .reform(move |event: Event| CartAction::Substitute {
            product: product_id.clone(),
            variant: variant_id.clone(),
            choice: Substitution::parse(
                &event.target_unchecked_into::<HtmlSelectElement>().value(),
            )
            .unwrap_or_default(),
        });
    let choice = |value: Substitution| {
        html! {
            <option value={value.as_str()} selected={line.substitution == value}>{ words::substitution(lang, value).to_owned() }</option>
        }
    };
    html! {
        <li class="line" key={format!("{}/{}", line.product, line.variant)} data-product={line.product.clone()}>
            <div class="info">
                <h2 class="name">{ name.clone() }</h2>
                <p class="pack">{ label.clone() }</p>
                if let Some(priced) = priced {
                    <p class="line-total">{ lang.money(priced.line_total, currency) }</p>
                }
                if let Some(change) = change {
                    <p class="price-change" role="status">
                        { lang.t("Price changed:") }{ " " }<s>{ lang.money(change.was, currency) }</s>{ " → " }
                        <strong>{ lang.money(change.now, currency) }</strong>
                    </p>
                }
                if let Some(available) = available {
                    <p class="short">
                        if available == 0 {
                            { lang.t("Out of stock now") }
                        } else {
                            { lang.n("Only {count} is left", "Only {count} are left", available.into()) }
                            <button class="link fit" onclick={set.reform(move |_| available)}>{ lang.t("Take what is left") }</button>
                        }
                    </p>
                }
                <label class="substitute">
                    { lang.t("If unavailable:") }{ " " }
                    <select onchange={on_substitute}>
                        { for Substitution::ALL.into_iter().map(choice) }
                    </select>
                </label>
            </div>
            { stepper(&props.lang, line.quantity, max, &format!("{name} {label}"), &set) }
            <button class="link remove" aria-label={lang.f("Remove {product}", &[("product", &name)])} onclick={set.reform(|_| 0)}>{ lang.t("Remove") }</button>
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
