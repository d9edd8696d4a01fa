//! Components take props, render, and report through callbacks; no fetching here. Stateless pieces are
//! plain functions returning `Html`: they cost the first load much less than components do.

mod product;
mod product_list;

pub use product::{ProductCard, cart_action, picture, price, product_card};
pub use product_list::{ProductList, ProductListProps};

use haat_api::{ApiError, Catalog, PricedLine, Totals};
use yew::prelude::*;

use crate::{cart::MAX_PER_LINE, format, lang::Lang};

/// An order's line named as the shopper reads it: its product's local name first in the page's language
/// ([`Lang::name`]) while the shop sells it under the name the line was ordered by, else the line's own.
pub fn line_name<'a>(lang: &Lang, catalog: Option<&'a Catalog>, line: &'a PricedLine) -> &'a str {
    catalog
        .and_then(|catalog| {
            catalog
                .products
                .iter()
                .find(|product| product.id == line.product && product.name == line.name)
        })
        .map_or(&line.name, |product| {
            lang.name(&product.name, product.name_local.as_deref())
        })
}

/// A page's title bar. Its back control is a link to the page it leads back to (`back`, a path), which
/// the app opens itself (`on_back`); without JavaScript, or before the app runs, the browser follows it.
pub fn top_bar(
    lang: &Lang,
    title: impl Into<AttrValue>,
    subtitle: Option<AttrValue>,
    back: String,
    on_back: &Callback<()>,
) -> Html {
    let go_back = on_back.reform(|event: MouseEvent| event.prevent_default());
    html! {
        <header class="top-bar">
            <a class="back" href={back} data-host="back" aria-label={lang.t("Back").to_owned()} onclick={go_back}>{ "←" }</a>
            <div class="titles">
                <h1>{ title.into() }</h1>
                if let Some(subtitle) = subtitle {
                    <p class="subtitle">{ subtitle }</p>
                }
            </div>
        </header>
    }
}

/// A failure said plainly, with "Try again" when there is something to retry.
pub fn error_notice(lang: &Lang, error: &ApiError, on_retry: Option<&Callback<()>>) -> Html {
    html! {
        <div class="notice error" role="alert" data-code={error.code.clone()}>
            <p>{ crate::api::shopper_message(lang, error).to_owned() }</p>
            if let Some(on_retry) = on_retry {
                <button type="button" class="secondary" onclick={on_retry.reform(|_| ())}>{ lang.t("Try again") }</button>
            }
        </div>
    }
}

/// Subtotal, delivery and total, as the server computed them.
pub fn totals(lang: &Lang, totals: &Totals, currency: &str) -> Html {
    let delivery = if totals.delivery_fee.minor() == 0 {
        lang.t("Free").to_owned()
    } else {
        lang.money(totals.delivery_fee, currency)
    };
    html! {
        <dl class="totals">
            <dt>{ lang.t("Items") }</dt><dd class="subtotal">{ lang.money(totals.subtotal, currency) }</dd>
            <dt>{ lang.t("Delivery") }</dt><dd class="delivery">{ delivery }</dd>
            <dt class="grand">{ lang.t("Total") }</dt><dd class="grand total">{ lang.money(totals.total, currency) }</dd>
        </dl>
    }
}

/// − quantity +, bounded by `max`; going below one asks to remove. `label` names what is counted,
/// for screen readers ("Toor Dal 1 kg"). At the bound it says why it stops.
pub fn stepper(
    lang: &Lang,
    quantity: u32,
    max: u32,
    label: &str,
    on_change: &Callback<u32>,
) -> Html {
    let at_limit = quantity >= max;
    html! {
        <div class="stepper" role="group" aria-label={lang.f("Quantity of {product}", &[("product", label)])}>
            <button class="less" aria-label={lang.t("One less").to_owned()} onclick={on_change.reform(move |_| quantity.saturating_sub(1))}>{ "−" }</button>
            <output class="quantity" aria-live="polite">{ lang.number(quantity.into()) }</output>
            <button class="more" aria-label={lang.t("One more").to_owned()} disabled={at_limit}
                onclick={on_change.reform(move |_| quantity.saturating_add(1))}>{ "+" }</button>
            if at_limit {
                <span class="limit" role="status">{ limit_text(lang, max) }</span>
            }
        </div>
    }
}

/// Why a stepper stops: the shop's stock, or the most one order may hold.
fn limit_text(lang: &Lang, max: u32) -> String {
    let count = lang.number(max.into());
    if max < MAX_PER_LINE {
        lang.f("Only {count} in stock", &[("count", &count)])
    } else {
        lang.f("At most {count} per order", &[("count", &count)])
    }
}

/// "Browse the shop": a link to the shop's front (`shop`, a path), which the app opens itself
/// (`on_shop`); the browser follows it before the app runs.
pub fn browse_link(lang: &Lang, shop: String, on_shop: &Callback<()>) -> Html {
    let go = on_shop.reform(|event: MouseEvent| event.prevent_default());
    html! {
        <a class="primary" href={shop} onclick={go}>{ lang.t("Browse the shop") }</a>
    }
}

/// An empty cart, said, with the way back to the shop, and under it the way to the last order placed
/// from this phone (`last_order`, a [`last_order_button`]) when there is one: the server's frame, which
/// cannot know of it, has the way back where the page then draws it.
pub fn empty_cart(lang: &Lang, last_order: Html, shop: String, on_shop: &Callback<()>) -> Html {
    html! {
        <div class="empty">
            <p>{ lang.t("Your cart is empty.") }</p>
            { browse_link(lang, shop, on_shop) }
            { last_order }
        </div>
    }
}

/// "See your order #12": where an empty cart or checkout leads.
pub fn last_order_button(lang: &Lang, id: i64, on_open: &Callback<()>) -> Html {
    html! {
        <button class="secondary last-order" onclick={on_open.reform(|_| ())}>
            { lang.f("See your order #{number}", &[("number", &format::integer(id))]) }
        </button>
    }
}
