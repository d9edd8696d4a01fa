//! The catalog's products under their category headings, as a windowed list: however many products
//! the shop has, only the rows on screen (and a few either side) are in the page.

use std::{cell::RefCell, ops::Range, rc::Rc};

use gloo_timers::future::TimeoutFuture;
use haat_api::Catalog;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::{
    cart::{Cart, CartAction},
    components::{ProductCard, product_card},
    format,
    lang::Lang,
    route::{self, Page},
    search::{Query, SearchIndex},
    shelf::Shelf,
};

#[derive(Properties)]
pub struct ProductListProps {
    pub lang: Lang,
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
    /// The category whose heading the list opens at (a category's page); its top otherwise.
    #[prop_or_default]
    pub opens_at: Option<AttrValue>,
    /// The shopper scrolled another category to the top: its id, or `None` for the shop's first
    /// category, whose address is the shop's.
    #[prop_or_default]
    pub on_browse: Callback<Option<AttrValue>>,
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
            && self.opens_at == other.opens_at
            && self.on_browse == other.on_browse
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
/// How many products the search index takes in at a time, between the browser's other work: each part
/// well within a long task (50 ms) at 4× CPU, where 500 took 55–160 ms in Lighthouse's mobile profile.
const INDEX_PART: usize = 100;

impl Seen {
    /// Before the list knows the screen: the rows the list draws first when it opens at `top`.
    fn opening(shelf: &Shelf, top: u32) -> Self {
        Self {
            rows: shelf.opening(top),
            category: shelf.category_at(top),
            scrolled: top > FOLD_AFTER,
        }
    }

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
    let lang = &props.lang;
    // The catalog by identity: comparing 10,000 products on every render would cost more than it saves.
    let identity = Rc::as_ptr(&props.catalog).addr();
    // The search index, built a part at a time once the list is on screen (a large catalog's at once
    // would hold the page for one long task); a search finishes it first.
    let index = use_memo(identity, |_| RefCell::new(SearchIndex::default()));
    {
        let (index, catalog) = (Rc::downgrade(&index), props.catalog.clone());
        use_effect_with(identity, move |_| {
            yew::platform::spawn_local(async move {
                loop {
                    TimeoutFuture::new(0).await;
                    // Gone when the list has, or reads another catalog.
                    let Some(index) = index.upgrade() else { return };
                    if index.borrow_mut().grow(&catalog, INDEX_PART) {
                        return;
                    }
                }
            });
        });
    }
    let shelf = use_memo((identity, props.query.clone()), {
        let (catalog, index) = (props.catalog.clone(), index.clone());
        move |(_, query)| {
            let query = Query::new(query);
            let mut index = index.borrow_mut();
            if !query.is_empty() {
                index.grow(&catalog, usize::MAX);
            }
            Shelf::new(&catalog, &index, &query)
        }
    });
    let list = use_node_ref();
    let body = use_node_ref();
    let catalog = &props.catalog;
    let opens_at = props
        .opens_at
        .as_ref()
        .map_or(0, |category| shelf.top_of(catalog, category));
    let seen = use_state_eq(|| Seen::opening(&shelf, opens_at));
    // Chosen pack sizes, by product id (kept when the whole catalog replaces the page's part, whose
    // products sit at other places); the first pack otherwise.
    let chosen = use_state(Vec::<(String, usize)>::new);
    // Where the list was last seen scrolled to, and how tall it is on screen: (top, viewport).
    let screen = use_mut_ref(|| None::<(u32, u32)>);
    let follow = {
        let (list, shelf, seen, screen) =
            (list.clone(), shelf.clone(), seen.clone(), screen.clone());
        Callback::from(move |()| {
            if let Some(list) = list.cast::<Element>() {
                let top = u32::try_from(list.scroll_top()).unwrap_or(0);
                let viewport = u32::try_from(list.client_height()).unwrap_or(0);
                *screen.borrow_mut() = Some((top, viewport));
                seen.set(Seen::at(&shelf, top, viewport));
            }
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
    {
        // A new search starts at the top; a category's page at its heading. After the sizes above, so
        // the list is as tall as it will be when it scrolls.
        let (list, follow, seen) = (list.clone(), follow.clone(), seen.clone());
        use_effect_with(shelf.clone(), move |shelf| {
            // Typed at the list's top, as a search mostly is, the list stays where it is: scrolling it, or
            // asking where it is, would make the browser lay the page out before the keystroke's frame
            // (7 ms of a keystroke's 40 at 4× CPU, measured).
            if let (0, Some((0, viewport))) = (opens_at, *screen.borrow()) {
                seen.set(Seen::at(shelf, 0, viewport));
                return;
            }
            if let Some(list) = list.cast::<Element>() {
                list.set_scroll_top(i32::try_from(opens_at).unwrap_or(i32::MAX));
            }
            follow.emit(());
        });
    }
    {
        let on_scrolled = props.on_scrolled.clone();
        use_effect_with(seen.scrolled, move |scrolled| on_scrolled.emit(*scrolled));
    }
    {
        // The category at the top, for the page's address (the shop's first category's is the shop's),
        // once it changes: the address the page opened at stays until the shopper moves.
        let on_browse = props.on_browse.clone();
        let at_top = seen.category.filter(|category| *category > 0);
        let id = at_top.and_then(|category| catalog.categories.get(category));
        let id = id.map(|category| AttrValue::from(category.id.clone()));
        let opened = use_mut_ref(|| false);
        use_effect_with(id, move |id| {
            if opened.replace(true) {
                on_browse.emit(id.clone());
            }
        });
    }
    // Product pages are this prefix and the product's id (see `route::href`).
    let product_href = route::href(&catalog.store.slug, &Page::Product { id: String::new() });
    let jump = |row: usize| {
        let (list, follow) = (list.clone(), follow.clone());
        let top = i32::try_from(shelf.layout.place(row).0).unwrap_or(i32::MAX);
        Callback::from(move |event: MouseEvent| {
            // The chip is a link to the category's page: with the app running, the list scrolls there.
            event.prevent_default();
            if let Some(list) = list.cast::<Element>() {
                list.set_scroll_top(top);
            }
            follow.emit(());
        })
    };
    let row = |at: usize| {
        let row = shelf.rows[at];
        let category = catalog.categories.get(row.category);
        let Some(product) = row
            .product
            .and_then(|p| catalog.products.get(p).map(|it| (p, it)))
        else {
            let mut key = String::from("#");
            key.push_str(category.map_or("", |category| category.id.as_str()));
            let names =
                category.map(|category| lang.names(&category.name, category.name_local.as_deref()));
            return html! {
                <li {key} class="heading">
                    if let Some((name, also)) = names {
                        <h2>{ name.text.to_owned() }
                            if let Some(also) = also {
                                <span class="name-also" lang={also.lang}>{ also.text.to_owned() }</span>
                            }
                        </h2>
                    }
                </li>
            };
        };
        let (_, product) = product;
        let selected = chosen
            .iter()
            .find(|(id, _)| *id == product.id)
            .map_or(0, |(_, variant)| *variant)
            .min(product.variants.len().saturating_sub(1));
        let on_select = {
            let (chosen, id) = (chosen.clone(), product.id.clone());
            Callback::from(move |variant: usize| {
                let mut next: Vec<_> = chosen.iter().filter(|(p, _)| *p != id).cloned().collect();
                next.push((id.clone(), variant));
                chosen.set(next);
            })
        };
        let id = product.id.clone();
        let mut href = product_href.clone();
        href.push_str(&id);
        product_card(ProductCard {
            lang,
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
            <nav class="chips" aria-label={lang.t("Categories").to_owned()}>
                { for shelf.headings().filter_map(|(category, at)| {
                    let current = seen.category == Some(category);
                    catalog.categories.get(category).map(|category| {
                        let page = Page::Category { id: category.id.clone() };
                        html! {
                            <a class={if current { "chip selected" } else { "chip" }}
                                href={route::href(&catalog.store.slug, &page)}
                                aria-current={current.then_some("true")} onclick={jump(at)}>
                                { lang.name(&category.name, category.name_local.as_deref()).to_owned() }
                            </a>
                        }
                    })
                }) }
            </nav>
            <div class="shelf" ref={list} onscroll={follow.reform(|_: Event| ())}>
                if shelf.rows.is_empty() {
                    <p class="no-match">{ lang.f("Nothing matches “{query}”.", &[("query", &props.query)]) }</p>
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
