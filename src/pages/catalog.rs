use std::rc::Rc;

use gloo_timers::callback::Timeout;
use haat_api::{Catalog, Closure, Language, Money};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    api::Remote,
    cart::{Cart, CartAction},
    components::ProductList,
    format, host,
    lang::{Lang, use_lang},
    route::{Page, Search},
    shop::use_shop,
};

/// How long after a keystroke the page's address follows the search: after the keystroke's frame, and
/// before a shopper who sees the answer can tap it.
const ADDRESS_AFTER_MS: u32 = 100;

#[component]
pub fn CatalogPage() -> Html {
    let lang = use_lang();
    let shop = use_shop();
    let cart = shop.cart.clone();
    let navigator = use_navigator();
    // The search starts as the address says (`?q=`), and the address follows what is typed.
    let location = use_location();
    let query = use_state(|| {
        let search = location.map(|at| Search::in_query(at.query_str()));
        AttrValue::from(search.unwrap_or_default().q)
    });
    // A category's page opens the list at its heading, and the address follows the category the
    // shopper scrolls to, so a reload, a shared link or "back" comes to the same place.
    let opens_at = match use_route::<Page>() {
        Some(Page::Category { id }) => Some(AttrValue::from(id)),
        _ => None,
    };
    let on_browse = {
        let (navigator, query, opens_at) = (navigator.clone(), query.clone(), opens_at.clone());
        Callback::from(move |category: Option<AttrValue>| {
            // A search keeps its own address.
            if !query.is_empty() || category == opens_at {
                return;
            }
            if let Some(navigator) = &navigator {
                navigator.replace(
                    &category.map_or(Page::Catalog, |id| Page::Category { id: id.to_string() }),
                );
            }
        })
    };
    // The address is written a moment after a keystroke, once its frame is drawn: writing it costs the
    // browser 4 ms at 4× CPU (measured), which the answer on screen would otherwise wait for. The next
    // keystroke, or leaving the page, drops the write still waiting.
    let address = use_mut_ref(|| None::<Timeout>);
    let on_query = {
        let query = query.clone();
        Callback::from(move |typed: String| {
            if let Some(navigator) = navigator.clone() {
                let typed = typed.clone();
                let write = Timeout::new(ADDRESS_AFTER_MS, move || {
                    if typed.trim().is_empty() {
                        navigator.replace(&Page::Catalog);
                    } else {
                        // A query that cannot be written only leaves the address behind the search.
                        let _ = navigator.replace_with_query(&Page::Catalog, &Search { q: typed });
                    }
                });
                *address.borrow_mut() = Some(write);
            }
            query.set(typed.into());
        })
    };
    let scrolled = use_state_eq(|| false);
    if let Some(gate) = super::catalog_gate(&lang, &shop.catalog, &shop.reload) {
        return gate;
    }
    let Remote::Loaded(catalog) = &shop.catalog else {
        return html! {};
    };
    let snapshot = Rc::new((*cart).clone());
    let change_cart = shop.change_cart.clone();
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
        change_cart.emit(action);
    });
    catalog_view(&CatalogViewProps {
        lang: lang.clone(),
        closed: catalog.store.closure_at(shop.now_ms()).cloned(),
        catalog: catalog.clone(),
        cart: snapshot,
        query: (*query).clone(),
        on_query,
        on_cart,
        on_open: shop.navigate.reform(|id| Page::Product { id }),
        on_open_cart: shop.navigate.reform(|()| Page::Cart),
        scrolled: *scrolled,
        on_scrolled: Callback::from(move |now| scrolled.set(now)),
        opens_at: query.is_empty().then_some(opens_at).flatten(),
        on_browse,
    })
}

#[derive(Properties, PartialEq)]
pub struct CatalogViewProps {
    /// The language the page speaks.
    pub lang: Lang,
    /// The shop's closure, if it is closed now ([`crate::shop::Shop::now_ms`]).
    pub closed: Option<Closure>,
    pub catalog: Rc<Catalog>,
    pub cart: Rc<Cart>,
    /// The search as typed.
    pub query: AttrValue,
    pub on_query: Callback<String>,
    pub on_cart: Callback<CartAction>,
    /// Open a product's page: its id.
    pub on_open: Callback<String>,
    pub on_open_cart: Callback<()>,
    /// The list has left its top: the header folds, so a small phone shows more products.
    pub scrolled: bool,
    pub on_scrolled: Callback<bool>,
    /// The category whose heading the list opens at: the page's (`/c/{category}`), without a search.
    pub opens_at: Option<AttrValue>,
    /// The shopper scrolled to another category (`None`: the shop's first).
    pub on_browse: Callback<Option<AttrValue>>,
}

/// The shop front: name, the languages it can be read in, search, the category bar, the products, and a
/// bar to open the cart.
pub fn catalog_view(props: &CatalogViewProps) -> Html {
    let (catalog, lang) = (&props.catalog, &props.lang);
    let store = &catalog.store;
    let (name, also) = lang.names(&store.name, store.name_local.as_deref());
    let oninput = props
        .on_query
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <main class={if props.scrolled { "page catalog scrolled" } else { "page catalog" }}>
            <header class="shop-head">
                if let Some(logo) = &store.logo {
                    // The small square where the server keeps one: the header shows it at 48 px.
                    <img class="logo" src={haat_api::photo_thumbnail(logo).unwrap_or_else(|| logo.clone())}
                        alt="" width="48" height="48" />
                }
                <h1>{ name.text.to_owned() }</h1>
                if let Some(also) = also {
                    <p class="name-also" lang={also.lang}>{ also.text.to_owned() }</p>
                }
                <p class="tagline">{ store.tagline.clone() }</p>
                if let Some(closure) = &props.closed {
                    <p class="notice closed" role="status">{ format::closed_text(lang, closure) }</p>
                }
                if lang.switchable {
                    { languages(lang) }
                }
            </header>
            <div class="search">
                <input type="search" aria-label={lang.t("Search products").to_owned()}
                    placeholder={lang.t("Search: atta, दाल…").to_owned()}
                    enterkeyhint="search" autocomplete="off" value={props.query.clone()} {oninput} />
            </div>
            <ProductList
                lang={lang.clone()}
                catalog={catalog.clone()}
                query={props.query.clone()}
                cart={props.cart.clone()}
                on_cart={props.on_cart.clone()}
                on_open={props.on_open.clone()}
                on_scrolled={props.on_scrolled.clone()}
                opens_at={props.opens_at.clone()}
                on_browse={props.on_browse.clone()}
            />
            { cart_bar(lang, catalog, &props.cart, &props.on_open_cart) }
        </main>
    }
}

/// The languages the shop can be read in, each named in itself: a link to this page in it, which the
/// server renders in that language and remembers (`crates/haat-server/src/http/language.rs`).
fn languages(lang: &Lang) -> Html {
    html! {
        <nav class="languages" aria-label={lang.t("Language").to_owned()}>
            { for Language::ALL.into_iter().map(|language| {
                let code = language.as_str();
                let current = language == lang.language;
                html! {
                    <a href={format!("?lang={code}")} lang={code} hreflang={code}
                        aria-current={current.then_some("true")}>{ haat_lang::own_name(language) }</a>
                }
            }) }
        </nav>
    }
}

/// "3 items · ₹245  View cart →", once the cart has something in it.
pub(super) fn cart_bar(
    lang: &Lang,
    catalog: &Catalog,
    cart: &Cart,
    on_open_cart: &Callback<()>,
) -> Html {
    if cart.is_empty() {
        return html! {};
    }
    let count = u64::from(cart.item_count());
    html! {
        <div class="cart-bar">
            <button class="primary view-cart" data-host="main" onclick={on_open_cart.reform(|_| ())}>
                // Announced as it changes: what the cart holds now, after every add.
                <span aria-live="polite">{ lang.n("{count} item", "{count} items", count) }{ " · " }{ lang.money(cart_estimate(catalog, cart), &catalog.store.currency) }</span>
                <span>{ lang.t("View cart →") }</span>
            </button>
        </div>
    }
}

/// The cart's value at catalog prices, for the cart bar; the cart page shows the server's quote.
fn cart_estimate(catalog: &Catalog, cart: &Cart) -> Money {
    let amounts = cart.lines.iter().filter_map(|line| {
        let product = catalog.products.iter().find(|p| p.id == line.product)?;
        let variant = product.variants.iter().find(|v| v.id == line.variant)?;
        variant.price.checked_mul(line.quantity)
    });
    Money::checked_sum(amounts).unwrap_or_default()
}
