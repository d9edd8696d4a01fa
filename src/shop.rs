//! The shop the shopper is in: its catalog (fetched once per visit) and the cart (kept on the phone),
//! provided to every page through context.

use std::{cell::RefCell, rc::Rc};

use gloo_events::EventListener;
use haat_api::{Catalog, Fulfilment, Quote, QuoteRequest};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::{
    api::{self, Remote},
    cart::{Cart, CartAction},
    route::Page,
    storage,
};

#[derive(Clone, PartialEq)]
pub struct Shop {
    pub store: AttrValue,
    pub catalog: Remote<Catalog>,
    /// Fetch the catalog again (after a failed load).
    pub reload: Callback<()>,
    /// Go to another page of this shop.
    pub navigate: Callback<Page>,
    /// The cart, kept on the phone.
    pub cart: UseReducerHandle<Cart>,
}

#[derive(Properties, PartialEq)]
pub struct ShopProviderProps {
    pub store: AttrValue,
    pub navigate: Callback<Page>,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn ShopProvider(props: &ShopProviderProps) -> Html {
    let cart = use_reducer_eq({
        let store = props.store.clone();
        move || storage::load_cart(&store)
    });
    {
        let store = props.store.clone();
        use_effect_with((*cart).clone(), move |cart| {
            storage::save_cart(&store, cart)
        });
    }
    {
        // The cart changed under this page: an order placed by the checkout bundle, or another tab.
        let cart = cart.clone();
        use_effect_with(props.store.clone(), move |store| {
            let store = store.clone();
            let reload =
                move |_: &Event| cart.dispatch(CartAction::Replace(storage::load_cart(&store)));
            let listeners = web_sys::window().map(|window| {
                [
                    EventListener::new(&window, storage::CART_CHANGED, reload.clone()),
                    EventListener::new(&window, "storage", reload),
                ]
            });
            move || drop(listeners)
        });
    }
    let generation = use_state(|| 0_u32);
    let catalog = use_state(|| Remote::Loading);
    {
        let catalog = catalog.clone();
        use_effect_with((props.store.clone(), *generation), move |(store, _)| {
            catalog.set(Remote::Loading);
            let store = store.clone();
            spawn_local(async move { catalog.set(api::catalog(&store).await.into()) });
        });
    }
    {
        // A line's price is seen when it enters the cart from the catalog on screen.
        let cart = cart.clone();
        use_effect_with(
            ((*cart).clone(), (*catalog).clone()),
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
    let shop = Shop {
        store: props.store.clone(),
        catalog: (*catalog).clone(),
        reload: Callback::from(move |()| generation.set(*generation + 1)),
        navigate: props.navigate.clone(),
        cart,
    };
    html! {
        <ContextProvider<Shop> context={shop}>{ props.children.clone() }</ContextProvider<Shop>>
    }
}

#[hook]
pub fn use_shop() -> Shop {
    use_context::<Shop>().expect("pages render inside ShopProvider")
}

/// The server's quote for the cart as it is now: `None` for an empty cart, `Loading` while the latest
/// change is being priced. Answers for an older cart are dropped, so a slow reply never shows stale totals.
#[hook]
pub fn use_quote(store: &AttrValue, cart: &Cart, fulfilment: Fulfilment) -> Option<Remote<Quote>> {
    let request = QuoteRequest {
        lines: cart.requests(),
        fulfilment,
    };
    let latest = use_mut_ref(|| None::<QuoteRequest>);
    let answer = use_state(|| None::<(QuoteRequest, Remote<Quote>)>);
    {
        let answer = answer.clone();
        let store = store.clone();
        use_effect_with(request.clone(), move |request| {
            latest.replace(Some(request.clone()));
            if !request.lines.is_empty() {
                request_quote(store, request.clone(), latest, answer);
            }
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

type QuoteAnswer = UseStateHandle<Option<(QuoteRequest, Remote<Quote>)>>;

fn request_quote(
    store: AttrValue,
    request: QuoteRequest,
    latest: Rc<RefCell<Option<QuoteRequest>>>,
    answer: QuoteAnswer,
) {
    spawn_local(async move {
        let result = api::quote(&store, &request).await;
        if latest.borrow().as_ref() == Some(&request) {
            answer.set(Some((request, result.into())));
        }
    });
}
