//! The catalog's products under their category headings, as a windowed list: however many products
//! the shop has, only the rows on screen (and a few either side) are in the page.

use std::{ops::Range, rc::Rc};

use haat_api::Catalog;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::{
    cart::{Cart, CartAction},
    components::{ProductCard, product_card},
    format,
    route::{self, Page},
    search::{Query, SearchIndex},
    shelf::{FIRST_VIEWPORT, Shelf},
};

#[derive(Properties)]
pub struct ProductListProps {
    pub catalog: Rc<Catalog>,
    /// The search as typed; empty shows every product.
    pub query: AttrValue,
    pub cart: Rc<Cart>,
    pub on_cart: Callback<CartAction>,
    /// The shopper tapped a product: its id.
    pub on_open: Callback<String>,
    /// The list left its top (`true`) or came back to it: the page folds its header.
    #[prop_or_default]
    pub on_scrolled: Callback<bool>,
}

/// The catalog compares by identity: a derived comparison would walk 10,000 products on every render
/// (and costs the wasm its code).
impl PartialEq for ProductListProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.catalog, &other.catalog)
            && self.query == other.query
            && self.cart == other.cart
            && self.on_cart == other.on_cart
            && self.on_open == other.on_open
            && self.on_scrolled == other.on_scrolled
    }
}

/// What scrolling can change: the rows drawn and the category at the top of the screen.
#[derive(Clone, Debug, PartialEq)]
struct Seen {
    rows: Range<usize>,
    category: Option<usize>,
    /// The list has left its top: the page's header folds (see app.css).
    scrolled: bool,
}

/// How far the list scrolls before the header folds.
const FOLD_AFTER: u32 = 16;

impl Seen {
    fn at(shelf: &Shelf, scroll_top: u32, viewport: u32) -> Self {
        Self {
            rows: shelf.layout.visible(scroll_top, viewport),
            category: shelf.category_at(scroll_top),
            scrolled: scroll_top > FOLD_AFTER,
        }
    }
}

/// The category bar (tap to jump; the category on screen is marked) and the list under it.
#[component]
pub fn ProductList(props: &ProductListProps) -> Html {
    // The catalog by identity: comparing 10,000 products on every render would cost more than it saves.
    let identity = Rc::as_ptr(&props.catalog).addr();
    let index = use_memo(identity, {
        let catalog = props.catalog.clone();
        move |_| SearchIndex::new(&catalog)
    });
    let shelf = use_memo((identity, props.query.clone()), {
        let (catalog, index) = (props.catalog.clone(), index.clone());
        move |(_, query)| Shelf::new(&catalog, &index, &Query::new(query))
    });
    let list = use_node_ref();
    let body = use_node_ref();
    let seen = use_state_eq(|| Seen::at(&shelf, 0, FIRST_VIEWPORT));
    // Chosen pack sizes, by product index; the first pack otherwise.
    let chosen = use_state(Vec::<(usize, usize)>::new);
    let follow = {
        let (list, shelf, seen) = (list.clone(), shelf.clone(), seen.clone());
        Callback::from(move |()| {
            if let Some(list) = list.cast::<Element>() {
                let top = u32::try_from(list.scroll_top()).unwrap_or(0);
                let viewport = u32::try_from(list.client_height()).unwrap_or(0);
                seen.set(Seen::at(&shelf, top, viewport));
            }
        })
    };
    {
        // A new search starts at the top.
        let (list, follow) = (list.clone(), follow.clone());
        use_effect_with(shelf.clone(), move |_| {
            if let Some(list) = list.cast::<Element>() {
                list.set_scroll_top(0);
            }
            follow.emit(());
        });
    }
    {
        let on_scrolled = props.on_scrolled.clone();
        use_effect_with(seen.scrolled, move |scrolled| on_scrolled.emit(*scrolled));
    }
    let catalog = &props.catalog;
    // Product pages are this prefix and the product's id (see `route::href`).
    let product_href = route::href(&catalog.store.slug, &Page::Product { id: String::new() });
    let jump = |row: usize| {
        let (list, follow) = (list.clone(), follow.clone());
        let top = i32::try_from(shelf.layout.place(row).0).unwrap_or(i32::MAX);
        Callback::from(move |_: MouseEvent| {
            if let Some(list) = list.cast::<Element>() {
                list.set_scroll_top(top);
            }
            follow.emit(());
        })
    };
    let len = shelf.rows.len();
    let drawn = seen.rows.start.min(len)..seen.rows.end.min(len);
    {
        // The rows drawn sit in normal flow under padding as tall as the rows above them, in a box as
        // tall as the whole list. Set through the CSSOM: the page's CSP refuses style attributes.
        let body = body.clone();
        let sizes = (shelf.layout.place(drawn.start).0, shelf.layout.height());
        use_effect_with(sizes, move |(above, height)| {
            if let Some(body) = body.cast::<HtmlElement>() {
                let style = body.style();
                let _ = style.set_property("padding-top", &px(*above));
                let _ = style.set_property("height", &px(*height));
            }
        });
    }
    let row = |at: usize| {
        let row = shelf.rows[at];
        let category = catalog.categories.get(row.category);
        let Some(product) = row
            .product
            .and_then(|p| catalog.products.get(p).map(|it| (p, it)))
        else {
            let mut key = String::from("#");
            key.push_str(category.map_or("", |category| category.id.as_str()));
            return html! {
                <li {key} class="heading">
                    if let Some(category) = category {
                        <h2>{ category.name.clone() }
                            if let Some(local) = &category.name_local {
                                <span class="name-local" lang="hi">{ local.clone() }</span>
                            }
                        </h2>
                    }
                </li>
            };
        };
        let (at, product) = product;
        let selected = chosen
            .iter()
            .find(|(p, _)| *p == at)
            .map_or(0, |(_, variant)| *variant);
        let on_select = {
            let chosen = chosen.clone();
            Callback::from(move |variant: usize| {
                let mut next: Vec<_> = chosen.iter().copied().filter(|(p, _)| *p != at).collect();
                next.push((at, variant));
                chosen.set(next);
            })
        };
        let id = product.id.clone();
        let mut href = product_href.clone();
        href.push_str(&id);
        product_card(ProductCard {
            product,
            category,
            currency: &catalog.store.currency,
            cart: &props.cart,
            selected,
            href: href.into(),
            on_select,
            on_open: props.on_open.reform(move |()| id.clone()),
            on_cart: props.on_cart.clone(),
        })
    };
    html! {
        <>
            <nav class="chips" aria-label="Categories">
                { for shelf.headings().filter_map(|(category, at)| {
                    let current = seen.category == Some(category);
                    catalog.categories.get(category).map(|category| html! {
                        <button class={if current { "chip selected" } else { "chip" }}
                            aria-current={current.then_some("true")} onclick={jump(at)}>
                            { category.name.clone() }
                        </button>
                    })
                }) }
            </nav>
            <div class="shelf" ref={list} onscroll={follow.reform(|_: Event| ())}>
                if shelf.rows.is_empty() {
                    <p class="no-match">{ "Nothing matches “" }{ props.query.clone() }{ "”." }</p>
                }
                <ul class="products" ref={body}>
                    { for drawn.map(row) }
                </ul>
            </div>
        </>
    }
}

/// `n` CSS pixels.
fn px(n: u32) -> String {
    let mut text = format::decimal(u64::from(n));
    text.push_str("px");
    text
}
