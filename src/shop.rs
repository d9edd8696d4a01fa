//! The shop the shopper is in: its catalog (sent inside the page by the server, or fetched once per visit)
//! and the cart (kept on the phone), provided to every page through context.

use std::{cell::RefCell, rc::Rc};

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use haat_api::{Catalog, Fulfilment, Language, LineRequest, Quote, QuoteRequest};
use serde::{Deserialize, Serialize};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::{
    api::{self, Remote},
    cart::{Cart, CartAction, CartLine},
    lang::{Lang, Translations},
    offline,
    outbox::{Outbox, use_outbox},
    route::{self, Page, Search, use_go_to},
    shelf::Shelf,
    storage,
};

/// What the server rendered a page's first view with, sent inside the page (`haat-server`'s
/// `storefront` module writes it, `main.rs` reads it) so the browser hydrates that view without a round
/// trip. The catalog may be its first part only: a large shop's page carries what the first view shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstView {
    pub catalog: Catalog,
    /// Whether `catalog` holds every product; else the whole catalog is fetched once the page runs.
    pub complete: bool,
    /// The language the page speaks, as [`Language`] names it; empty for English.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// Its translations of the app's texts ([`Lang`]).
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub texts: Translations,
    /// When the server drew the page: the browser's first render draws by this moment too
    /// ([`Shop::now_ms`]), so a phone whose clock differs (or a page taken over a while later) draws
    /// what the server drew.
    #[serde(default)]
    pub drawn_at_ms: i64,
}

/// A shop whose products' JSON is at most this long sends them all in its pages (the demo shop's 60
/// products are 12.8 KB, 2.5 KB of brotli): the app then asks for nothing more once it runs, and draws
/// nothing again, and the page stays well within one round trip.
const WHOLE_CATALOG_BYTES: usize = 16 * 1024;

impl FirstView {
    /// What `page`'s first view needs of the shop's catalog: every category, and a small shop's every
    /// product; a larger shop's, the products the list needs first for `search` and a category's page
    /// ([`Shelf::first_view`]) and a product page's product, in the catalog's order, so a shop of
    /// 10,000 products sends a page as small as a shop of 60.
    pub fn of(catalog: &Catalog, page: &Page, search: &Search) -> Self {
        if fits_whole(catalog) {
            return Self::whole(catalog.clone());
        }
        let category = match page {
            Page::Category { id } => Some(id.as_str()),
            _ => None,
        };
        let mut wanted = Shelf::first_view(catalog, &search.q, category);
        if let Page::Product { id } = page
            && let Some(at) = catalog
                .products
                .iter()
                .position(|product| product.id == *id)
        {
            wanted.push(at);
        }
        wanted.sort_unstable();
        wanted.dedup();
        let complete = wanted.len() == catalog.products.len();
        let products = wanted
            .into_iter()
            .filter_map(|at| catalog.products.get(at).cloned())
            .collect();
        Self {
            complete,
            ..Self::whole(Catalog {
                store: catalog.store.clone(),
                categories: catalog.categories.clone(),
                products,
            })
        }
    }

    fn whole(catalog: Catalog) -> Self {
        Self {
            catalog,
            complete: true,
            language: String::new(),
            texts: Translations::new(),
            drawn_at_ms: storage::now_ms(),
        }
    }

    /// This first view in `language`, with its `texts`.
    #[must_use]
    pub fn speaking(self, language: Language, texts: Translations) -> Self {
        let language = match language {
            Language::En => String::new(),
            other => other.as_str().to_owned(),
        };
        Self {
            language,
            texts,
            ..self
        }
    }

    /// The language the page speaks.
    pub fn language(&self) -> Language {
        Language::parse(&self.language).unwrap_or(Language::En)
    }

    /// The language the page speaks, with its translations.
    pub fn lang(&self) -> Lang {
        Lang::served(self.language(), self.texts.clone())
    }
}

/// Whether `catalog`'s products are few enough to travel whole in a page ([`WHOLE_CATALOG_BYTES`]):
/// counted product by product, so a large shop's are not all written to find out.
fn fits_whole(catalog: &Catalog) -> bool {
    let mut bytes = 0_usize;
    catalog.products.iter().all(|product| {
        bytes = bytes
            .saturating_add(crate::json::stringify(product).map_or(usize::MAX, |text| text.len()));
        bytes <= WHOLE_CATALOG_BYTES
    })
}

#[derive(Clone, PartialEq)]
pub struct Shop {
    pub store: AttrValue,
    pub catalog: Remote<Catalog>,
    /// Whether `catalog` holds every product: a large shop's page brings only its first part.
    pub whole: bool,
    /// Fetch the catalog again (after a failed load).
    pub reload: Callback<()>,
    /// Go to another page of this shop.
    pub navigate: Callback<Page>,
    /// Whether the app runs on the phone yet: false on the server and in the browser's first render,
    /// which must draw what the server drew (so nothing kept on the phone shows in it).
    pub on_phone: bool,
    /// The cart, kept on the phone (empty until `on_phone`).
    pub cart: UseReducerHandle<Cart>,
    /// Change the cart as the shopper asks: a line taken out can be put back for a while.
    pub change_cart: Callback<CartAction>,
    /// What the shopper just took out of the cart, while it can be put back.
    pub removed: Option<Rc<Removed>>,
    /// Put it back.
    pub undo: Callback<()>,
    /// The order on its way to the shop, if any, and the news of one placed.
    pub outbox: Outbox,
    /// The language the pages speak: the one the server rendered the page in (English where it rendered
    /// none, as in a host page's element).
    pub lang: Lang,
    /// When the server drew the page, if it did ([`FirstView::drawn_at_ms`]).
    drawn_at_ms: Option<i64>,
}

impl Shop {
    /// A way to this shop's `page`: its address, for a link the browser follows before the app runs
    /// (and without JavaScript), and the callback by which the app goes there itself.
    pub fn way_to(&self, page: Page) -> (String, Callback<()>) {
        let href = route::href(&self.store, &page);
        (href, self.navigate.reform(move |()| page.clone()))
    }

    /// The catalog for a page about `products` (the cart's or checkout's lines): loading while only part
    /// of the catalog is here and it lacks one of them, which the rest will bring (or show gone for good).
    pub fn catalog_of<'a>(&self, mut products: impl Iterator<Item = &'a str>) -> Remote<Catalog> {
        match &self.catalog {
            Remote::Loaded(catalog)
                if !self.whole
                    && products.any(|id| !catalog.products.iter().any(|p| p.id == id)) =>
            {
                Remote::Loading
            }
            other => other.clone(),
        }
    }

    /// The time the pages draw by: the server's when it drew the page, until the app runs on the phone
    /// (the first render must draw what the server drew, a closed shop's notice too), the phone's then.
    pub fn now_ms(&self) -> i64 {
        match self.drawn_at_ms {
            Some(drawn_at) if !self.on_phone => drawn_at,
            _ => storage::now_ms(),
        }
    }
}

/// Lines the shopper just took out of the cart (removed, emptied, or "−" at one).
#[derive(Debug, PartialEq)]
pub struct Removed {
    /// "Toor Dal 500 g", or "3 items".
    pub what: String,
    /// The lines taken out, with their places in the cart, which undo puts back.
    pub lines: Vec<(usize, CartLine)>,
}

/// How long the rest of a catalog that could not be fetched waits before it is asked for again.
const CATALOG_RETRY_MS: u32 = 5_000;

/// How long a removal can be undone.
const UNDO_MS: u32 = 8_000;

#[derive(Properties, PartialEq)]
pub struct ShopProviderProps {
    pub store: AttrValue,
    /// Keep the shop on the phone for offline visits (`offline`); not for a store in a host page's element.
    #[prop_or_default]
    pub offline: bool,
    /// The data the server rendered this page with, if it did.
    #[prop_or_default]
    pub first: Option<Rc<FirstView>>,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn ShopProvider(props: &ShopProviderProps) -> Html {
    let navigate = use_go_to();
    let on_phone = use_state(|| false);
    let cart = use_reducer_eq(Cart::default);
    // The cart as this page last read it from the phone or wrote it there: the cart is written only when
    // it differs, never back just because it was read (another tab's change meanwhile would be lost).
    let kept = use_mut_ref(|| None::<Cart>);
    {
        // What is kept on the phone joins the page once it runs there.
        let (on_phone, cart, kept) = (on_phone.clone(), cart.clone(), kept.clone());
        let store = props.store.clone();
        use_effect_with((), move |()| {
            let loaded = storage::load_cart(&store);
            kept.replace(Some(loaded.clone()));
            cart.dispatch(CartAction::Replace(loaded));
            on_phone.set(true);
        });
    }
    {
        let (store, kept) = (props.store.clone(), kept.clone());
        use_effect_with(((*cart).clone(), *on_phone), move |(cart, on_phone)| {
            if *on_phone && kept.borrow().as_ref() != Some(cart) {
                storage::save_cart(&store, cart);
                kept.replace(Some(cart.clone()));
            }
        });
    }
    let removed = use_state(|| None::<Rc<Removed>>);
    {
        // The cart changed under this page: an order placed (by the outbox, here or in another tab),
        // or another tab's changes. A removal made before can still be undone: its lines go back into
        // the cart as it is now.
        let cart = cart.clone();
        use_effect_with(props.store.clone(), move |store| {
            let store = store.clone();
            let reload = move |_: &Event| {
                let loaded = storage::load_cart(&store);
                kept.replace(Some(loaded.clone()));
                cart.dispatch(CartAction::Replace(loaded));
            };
            let listeners = web_sys::window().map(|window| {
                [
                    EventListener::new(&window, storage::CART_CHANGED, reload.clone()),
                    EventListener::new(&window, "storage", reload),
                ]
            });
            move || drop(listeners)
        });
    }
    let outbox = use_outbox(&props.store);
    let ShopCatalog {
        catalog,
        whole,
        reload,
    } = use_catalog(&props.store, props.first.as_deref());
    {
        // Once the whole shop is on the phone, everything it took can be kept for offline visits.
        let offline = props.offline;
        use_effect_with(whole, move |whole| {
            if *whole && offline {
                offline::keep_for_offline();
            }
        });
    }
    {
        // A line's price is seen when it enters the cart from the catalog on screen.
        let cart = cart.clone();
        use_effect_with(
            ((*cart).clone(), catalog.clone()),
            move |(lines, catalog)| {
                if let Remote::Loaded(catalog) = catalog {
                    let unseen = lines.unseen_prices(catalog);
                    if !unseen.is_empty() {
                        cart.dispatch(CartAction::RememberPrices(unseen));
                    }
                }
            },
        );
    }
    {
        let removed = removed.clone();
        use_effect_with((*removed).clone(), move |now| {
            let expiry = now
                .is_some()
                .then(|| Timeout::new(UNDO_MS, move || removed.set(None)));
            move || drop(expiry)
        });
    }
    let lang = use_memo(props.first.clone(), |first| {
        first.as_deref().map(FirstView::lang).unwrap_or_default()
    });
    let change_cart = {
        let (cart, removed, catalog) = (cart.clone(), removed.clone(), catalog.clone());
        let lang = lang.clone();
        Callback::from(move |action: CartAction| {
            let after = cart.apply(action.clone());
            let gone = cart.lines_gone(&after);
            if !gone.is_empty() {
                let lines: Vec<&CartLine> = gone.iter().map(|(_, line)| *line).collect();
                removed.set(Some(Rc::new(Removed {
                    what: describe(&lang, &lines, &catalog),
                    lines: gone
                        .into_iter()
                        .map(|(at, line)| (at, line.clone()))
                        .collect(),
                })));
            }
            cart.dispatch(action);
        })
    };
    let undo = {
        let (cart, removed) = (cart.clone(), removed.clone());
        Callback::from(move |()| {
            if let Some(gone) = &*removed {
                cart.dispatch(CartAction::PutBack(gone.lines.clone()));
                removed.set(None);
            }
        })
    };
    let shop = Shop {
        store: props.store.clone(),
        change_cart,
        removed: (*removed).clone(),
        undo,
        catalog,
        whole,
        reload,
        navigate,
        on_phone: *on_phone,
        cart,
        outbox,
        lang: (*lang).clone(),
        drawn_at_ms: props.first.as_ref().map(|first| first.drawn_at_ms),
    };
    html! {
        <ContextProvider<Shop> context={shop}>{ props.children.clone() }</ContextProvider<Shop>>
    }
}

/// The shop's catalog as the pages see it.
struct ShopCatalog {
    catalog: Remote<Catalog>,
    /// Whether it is the whole catalog (the page may bring only its first part).
    whole: bool,
    /// Fetch it again (after a failed load).
    reload: Callback<()>,
}

/// The catalog: what the page brought (`first`) at once, then the whole of it, fetched once the app runs
/// unless the page brought it all. A failed load offers a retry (a new generation); the rest of a
/// catalog that could not be fetched is asked for again by itself, the part staying on screen.
#[hook]
fn use_catalog(store: &AttrValue, first: Option<&FirstView>) -> ShopCatalog {
    let generation = use_state(|| 0_u32);
    let catalog = use_state(|| match first {
        Some(first) => Remote::Loaded(Rc::new(first.catalog.clone())),
        None => Remote::Loading,
    });
    let whole = use_state(|| first.is_some_and(|first| first.complete));
    // The generation last asked for: an older fetch answering late is dropped.
    let latest = use_mut_ref(|| 0_u32);
    {
        let (catalog, whole, again) = (catalog.clone(), whole.clone(), generation.clone());
        use_effect_with((store.clone(), *generation), move |(store, generation)| {
            *latest.borrow_mut() = *generation;
            if *whole && *generation == 0 {
                return;
            }
            if !matches!(*catalog, Remote::Loaded(_)) {
                catalog.set(Remote::Loading);
            }
            let (store, generation) = (store.clone(), *generation);
            spawn_local(async move {
                let fetched = api::catalog(&store).await;
                if *latest.borrow() != generation {
                    return;
                }
                whole.set(fetched.is_ok());
                if fetched.is_ok() || !matches!(*catalog, Remote::Loaded(_)) {
                    catalog.set(fetched.into());
                } else {
                    Timeout::new(CATALOG_RETRY_MS, move || again.set(generation + 1)).forget();
                }
            });
        });
    }
    {
        // The catalog changed where this page cannot see it: the console saved the draft that its
        // preview's frames show, and says so. It is fetched again, the page staying as it is.
        let again = generation.clone();
        use_effect_with(*generation, move |generation| {
            let next = generation + 1;
            let listener = web_sys::window().map(|window| {
                EventListener::once(&window, CATALOG_CHANGED, move |_| again.set(next))
            });
            move || drop(listener)
        });
    }
    ShopCatalog {
        catalog: (*catalog).clone(),
        whole: *whole,
        reload: Callback::from(move |()| generation.set(*generation + 1)),
    }
}

/// The event on `window` that tells the app its shop's catalog changed (the console dispatches it in
/// its preview's frames, crates/haat-console/src/pages/preview.rs).
pub const CATALOG_CHANGED: &str = "haat-catalog";

/// "Toor Dal 500 g" for one line, "3 items" for more.
fn describe(lang: &Lang, lines: &[&CartLine], catalog: &Remote<Catalog>) -> String {
    let named = match (lines, catalog) {
        ([line], Remote::Loaded(catalog)) => catalog
            .products
            .iter()
            .find(|product| product.id == line.product)
            .and_then(|product| {
                let variant = product.variants.iter().find(|v| v.id == line.variant)?;
                let name = lang.name(&product.name, product.name_local.as_deref());
                Some(format!("{name} {}", variant.label))
            }),
        _ => None,
    };
    named.unwrap_or_else(|| {
        let count = lines.iter().map(|line| u64::from(line.quantity)).sum();
        lang.n("{count} item", "{count} items", count)
    })
}

#[hook]
pub fn use_shop() -> Shop {
    use_context::<Shop>().expect("pages render inside ShopProvider")
}

/// The server's quote for these lines as they are now (a refusal said in `language`): `None` for none,
/// `Loading` while the latest change is being priced. Answers for older lines are dropped, so a slow
/// reply never shows stale totals. A quote that could not reach the shop is asked for again, every few
/// seconds and when the phone is back online.
#[hook]
pub fn use_quote(
    store: &AttrValue,
    lines: Vec<LineRequest>,
    fulfilment: Fulfilment,
    language: Language,
) -> Option<Remote<Quote>> {
    let request = QuoteRequest { lines, fulfilment };
    let latest = use_mut_ref(|| None::<QuoteRequest>);
    let answer = use_state(|| None::<(QuoteRequest, Remote<Quote>)>);
    // Tries for these lines: a quote that could not reach the shop is asked for again.
    let tries = use_state(|| 0_u32);
    {
        let answer = answer.clone();
        let store = store.clone();
        use_effect_with((request.clone(), *tries), move |(request, _)| {
            latest.replace(Some(request.clone()));
            if !request.lines.is_empty() {
                request_quote(store, request.clone(), language, latest, answer);
            }
        });
    }
    let unreachable = matches!(&*answer, Some((priced, Remote::Failed(error)))
        if *priced == request && api::is_retryable(error));
    {
        let tries = tries.clone();
        use_effect_with((unreachable, *tries), move |(unreachable, tried)| {
            let (tried, again) = (*tried, tries.clone());
            let later =
                unreachable.then(|| Timeout::new(QUOTE_RETRY_MS, move || again.set(tried + 1)));
            let online = web_sys::window().filter(|_| *unreachable).map(|window| {
                EventListener::once(&window, "online", move |_| tries.set(tried + 1))
            });
            move || drop((later, online))
        });
    }
    if request.lines.is_empty() {
        return None;
    }
    match &*answer {
        Some((priced, quote)) if *priced == request => Some(quote.clone()),
        _ => Some(Remote::Loading),
    }
}

/// How long a quote that could not reach the shop waits before it is asked for again.
const QUOTE_RETRY_MS: u32 = 5_000;

type QuoteAnswer = UseStateHandle<Option<(QuoteRequest, Remote<Quote>)>>;

fn request_quote(
    store: AttrValue,
    request: QuoteRequest,
    language: Language,
    latest: Rc<RefCell<Option<QuoteRequest>>>,
    answer: QuoteAnswer,
) {
    spawn_local(async move {
        let result = api::quote(&store, &request, language).await;
        if latest.borrow().as_ref() == Some(&request) {
            answer.set(Some((request, result.into())));
        }
    });
}
