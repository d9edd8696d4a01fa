use haat_api::clock::ShopTime;
use yew::prelude::*;

use crate::{
    api::Remote,
    components::{browse_link, top_bar},
    format,
    lang::{Lang, use_lang},
    locale,
    route::{self, Page},
    shop::use_shop,
    storage::{self, RecentOrder},
};

/// The shop's orders placed from this phone, newest first: each opens its page.
#[component]
pub fn OrdersPage() -> Html {
    let lang = use_lang();
    let shop = use_shop();
    let currency = match &shop.catalog {
        Remote::Loaded(catalog) => Some(AttrValue::from(catalog.store.currency.clone())),
        _ => None,
    };
    orders_view(&OrdersViewProps {
        lang: lang.clone(),
        store: shop.store.clone(),
        orders: storage::recent_orders(&shop.store),
        currency,
        on_open: shop.navigate.clone(),
        on_back: shop.navigate.reform(|()| Page::Catalog),
    })
}

#[derive(Properties, PartialEq)]
pub struct OrdersViewProps {
    /// The language the page speaks.
    pub lang: Lang,
    /// The shop's slug, for its address.
    pub store: AttrValue,
    pub orders: Vec<RecentOrder>,
    /// The shop's currency, for the totals; `None` while the shop is loading.
    pub currency: Option<AttrValue>,
    /// Open an order's page.
    pub on_open: Callback<Page>,
    pub on_back: Callback<()>,
}

/// This phone's orders, each with when it was placed (on the shops' clock, as the order's page and the
/// shop's messages say it) and its total.
pub fn orders_view(props: &OrdersViewProps) -> Html {
    let lang = &props.lang;
    let shop = route::href(&props.store, &Page::Catalog);
    html! {
        <main class="page orders">
            { top_bar(&props.lang, props.lang.t("Your orders").to_owned(), None, shop.clone(), &props.on_back) }
            if props.orders.is_empty() {
                <div class="empty">
                    <p>{ lang.t("No orders from this phone yet.") }</p>
                    { browse_link(lang, shop.clone(), &props.on_back) }
                </div>
            } else {
                <ul class="recent">
                    { for props.orders.iter().map(|order| {
                        let page = order.page();
                        let title = lang.f("Order #{number}", &[("number", &format::integer(order.id))]);
                        let total = order.total.zip(props.currency.as_ref())
                            .map(|(total, currency)| lang.money(total, currency));
                        html! {
                            <li>
                                <button class="recent-order" onclick={props.on_open.reform(move |_| page.clone())}>
                                    <span class="name">{ title }</span>
                                    if let Some(at) = order.placed_at_ms {
                                        <span class="when">{ locale::date_time(lang.language, &ShopTime::at(at)) }</span>
                                    }
                                    if let Some(total) = total {
                                        <span class="amount">{ total }</span>
                                    }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </main>
    }
}
