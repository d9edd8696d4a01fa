use std::rc::Rc;

use yew::prelude::*;
use yew_router::{
    history::{AnyHistory, BrowserHistory, History, MemoryHistory},
    prelude::*,
    query::Raw,
};

use crate::{
    host,
    pages::{self, News},
    route::{Page, shop_base},
    shop::{FirstView, ShopProvider, use_shop},
};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The shop the link names; `None` when it names none.
    pub store: Option<AttrValue>,
    /// Where the app keeps its place.
    pub history: Place,
    /// What the server rendered the first view with; the browser's first render must use the same, so
    /// hydration finds the server's page as it would have drawn it.
    #[prop_or_default]
    pub first: Option<Rc<FirstView>>,
}

/// Where the app keeps the shopper's place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// The browser's address and history: the shop is the page.
    Browser,
    /// In memory, starting at this path (and query): a shop mounted into a host page's element, whose
    /// address and history are the host page's own, or a page rendered on the server.
    Memory(AttrValue),
}

impl Place {
    fn history(&self) -> AnyHistory {
        match self {
            Self::Browser => BrowserHistory::new().into(),
            Self::Memory(start) => {
                let history = MemoryHistory::new();
                match start.split_once('?') {
                    Some((path, query)) => {
                        let _ = history.push_with_query(path, Raw(query));
                    }
                    None => history.push(start.as_str()),
                }
                history.into()
            }
        }
    }
}

/// The storefront: one shop's pages under its base (`/s/{store}`), routed by [`Page`].
#[component]
pub fn App(props: &AppProps) -> Html {
    let history = use_memo(props.history.clone(), Place::history);
    let Some(store) = props.store.clone() else {
        // No shop, so none of its languages: in English, as the link that names none came.
        return html! {
            <main class="page empty">
                <h1>{ "Haat" }</h1>
                <p>{ "This link does not name a shop. Ask the shop for its Haat link." }</p>
            </main>
        };
    };
    let offline = props.history == Place::Browser;
    html! {
        <Router history={(*history).clone()} basename={shop_base(&store)}>
            <ShopProvider store={store.clone()} {offline} first={props.first.clone()}>
                <Screen announce={offline} />
            </ShopProvider>
        </Router>
    }
}

#[derive(Properties, PartialEq)]
struct ScreenProps {
    /// Whether the page is the app's own, whose title and focus it keeps (not a host page's element).
    announce: bool,
}

/// The page the router is at, under the news every page shows.
#[component]
fn Screen(props: &ScreenProps) -> Html {
    let page = use_route::<Page>().unwrap_or(Page::NotFound);
    // The host hears the app is ready, and taps held until now are made, once what is kept on the phone
    // (the cart) is on the page: a held "Add" then adds to the kept cart, never to an empty one.
    let shop = use_shop();
    let on_phone = shop.on_phone;
    use_effect_with(on_phone, |on_phone| {
        if *on_phone {
            host::ready();
        }
    });
    // Another screen, reached in the app, is announced as a new page (the list is one screen at whichever
    // category it is scrolled to; the first screen is the server's page, with its own title). Back on the
    // list, only the title changes: the focus stays where the list takes the shopper back to.
    let screen = match &page {
        Page::Catalog | Page::Category { .. } => None,
        other => Some(other.clone()),
    };
    let first = use_mut_ref(|| true);
    let announce = props.announce;
    use_effect_with(screen, move |screen| {
        if !std::mem::take(&mut *first.borrow_mut()) && announce {
            host::arrived(screen.is_some());
        }
    });
    html! {
        <>
            <News page={page.clone()} />
            { pages::view(&page, &shop.lang) }
        </>
    }
}
