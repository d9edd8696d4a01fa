use yew::prelude::*;

use crate::{
    api, format,
    outbox::Sending,
    route::Page,
    shop::{Shop, use_shop},
    storage,
};

#[derive(Properties, PartialEq)]
pub struct NewsProps {
    /// The page on screen.
    pub page: Page,
}

/// What every page of the shop shows above itself: news of the order on its way (placed in the background,
/// waiting for the network, or refused), else a line just taken out of the cart with its Undo, else the
/// way to this phone's orders. One component with plain parts: each component costs the wasm more.
#[component]
pub fn News(props: &NewsProps) -> Html {
    let shop = use_shop();
    {
        // The order's own page is the news.
        let dismiss = shop.outbox.dismiss.clone();
        let seen =
            matches!(&shop.outbox.state, Sending::Placed(order) if order.page() == props.page);
        use_effect_with(seen, move |seen| {
            if *seen {
                dismiss.emit(());
            }
        });
    }
    order_news(&shop, &props.page)
        .or_else(|| undo_removal(&shop))
        .unwrap_or_else(|| orders_link(&shop, &props.page))
}

/// The order on its way, except on checkout (which tells it itself) and on the order's own page.
fn order_news(shop: &Shop, page: &Page) -> Option<Html> {
    if *page == Page::Checkout {
        return None;
    }
    let (outbox, lang) = (&shop.outbox, &shop.lang);
    let to_checkout = shop.navigate.reform(|_| Page::Checkout);
    let dismiss = html! {
        <button class="dismiss" aria-label={lang.t("Dismiss").to_owned()} onclick={outbox.dismiss.reform(|_| ())}>{ "×" }</button>
    };
    let (class, text, action) = match &outbox.state {
        Sending::Placed(order) if order.page() != *page => {
            let number = format::integer(order.id);
            let text = lang.f("Your order #{number} was placed.", &[("number", &number)]);
            let page = order.page();
            let see = shop.navigate.reform(move |_| page.clone());
            let action = html! { <><button class="link see" onclick={see}>{ lang.t("See it") }</button>{ dismiss }</> };
            ("news placed", text, action)
        }
        Sending::Waiting(error) | Sending::WaitingToChange(error) => {
            let text = if error.code == api::NETWORK_ERROR {
                lang.t(
                    "Your order is waiting to be sent: it goes as soon as the shop can be reached.",
                )
            } else {
                lang.t("Your order is not sent yet.")
            };
            let action = html! { <button class="link see" onclick={to_checkout}>{ lang.t("See it") }</button> };
            ("news waiting", text.to_owned(), action)
        }
        Sending::Refused(error) => {
            let text = lang.f(
                "Your order was not placed: {reason}",
                &[("reason", api::shopper_message(lang, error))],
            );
            let action = html! { <><button class="link see" onclick={to_checkout}>{ lang.t("Review it") }</button>{ dismiss }</> };
            ("news refused", text, action)
        }
        _ => return None,
    };
    Some(html! {
        <div class={class} role="status">
            <p>{ text }</p>
            { action }
        </div>
    })
}

/// "Removed Toor Dal 500 g. Undo", for a few seconds after a line leaves the cart.
fn undo_removal(shop: &Shop) -> Option<Html> {
    let (removed, lang) = (shop.removed.as_ref()?, &shop.lang);
    Some(html! {
        <div class="news undo" role="status">
            <p>{ lang.f("Removed {product}.", &[("product", &removed.what)]) }</p>
            <button class="link undo-removal" onclick={shop.undo.reform(|_| ())}>{ lang.t("Undo") }</button>
        </div>
    })
}

/// "Your orders", once this phone has placed one in the shop (the orders' own pages lead back to it).
fn orders_link(shop: &Shop, page: &Page) -> Html {
    let listed = matches!(page, Page::Orders | Page::Order { .. });
    if listed || !shop.on_phone || storage::load_last_order(&shop.store).is_none() {
        return html! {};
    }
    html! {
        <div class="orders-link">
            <button class="your-orders" onclick={shop.navigate.reform(|_| Page::Orders)}>{ shop.lang.t("Your orders") }</button>
        </div>
    }
}
