//! Components and views rendered by Yew in a real headless Chromium
//! (`wasm-pack test --headless --chrome`, or `cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)] // a missing DOM node is the failure these tests report

use std::{cell::RefCell, rc::Rc};

use haat::{
    api::Remote,
    cart::{Cart, CartAction, PriceSeen},
    components::{ProductCard, product_card},
    lang::Lang,
    outbox::Sending,
    pages::{
        CartViewProps, CatalogViewProps, CheckoutViewProps, OrderViewProps, OrdersViewProps,
        ProductViewProps, cart_view, catalog_view, checkout_view, order_view, orders_view,
        product_view,
    },
    search::{Query, SearchIndex},
    shelf::{GAP, HEADING_HEIGHT, PRODUCT_HEIGHT, Shelf},
    storage::{self, Choices},
};
use haat_api::{
    ApiError, Catalog, Category, Closure, Customer, DeliverySlot, FieldError, Fulfilment, Language,
    Money, Order, OrderStatus, PaymentMethod, PricedLine, Product, Quote, RejectReason, Shortage,
    StatusChange, StoreProfile, Substitution, Totals, Variant,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement,
};
use yew::{
    AttrValue, BaseComponent, Callback, Html, NodeRef, Properties, Renderer, component,
    scheduler::flush, use_state,
};

wasm_bindgen_test_configure!(run_in_browser);

// The views are plain functions of their props; these components mount them.
#[component]
fn CartView(props: &CartViewProps) -> Html {
    cart_view(props)
}

#[component]
fn CheckoutView(props: &CheckoutViewProps) -> Html {
    checkout_view(props)
}

#[component]
fn OrdersView(props: &OrdersViewProps) -> Html {
    orders_view(props)
}

#[component]
fn OrderView(props: &OrderViewProps) -> Html {
    order_view(props)
}

#[component]
fn ProductView(props: &ProductViewProps) -> Html {
    product_view(props)
}

#[derive(Properties, PartialEq)]
struct CardProps {
    product: Product,
    cart: Cart,
    on_cart: Callback<CartAction>,
    #[prop_or_default]
    on_open: Callback<()>,
}

/// A product card with its pack-size choice held the way the list holds it.
#[component]
fn Card(props: &CardProps) -> Html {
    let selected = use_state(|| 0);
    product_card(ProductCard {
        lang: &Lang::english(),
        product: &props.product,
        category: None,
        currency: "INR",
        cart: &props.cart,
        selected: *selected,
        href: "/s/demo/p/toor-dal".into(),
        on_select: Callback::from(move |i| selected.set(i)),
        on_open: props.on_open.clone(),
        on_cart: props.on_cart.clone(),
    })
}

#[derive(Properties, PartialEq)]
struct StorefrontProps {
    catalog: Rc<Catalog>,
    #[prop_or_default]
    on_open: Callback<String>,
    #[prop_or_default]
    opens_at: Option<AttrValue>,
    #[prop_or_default]
    on_browse: Callback<Option<AttrValue>>,
}

/// The catalog view with its search held the way `CatalogPage` holds it.
#[component]
fn Storefront(props: &StorefrontProps) -> Html {
    let query = use_state(AttrValue::default);
    catalog_view(&CatalogViewProps {
        lang: Lang::english(),
        closed: props.catalog.store.closed.clone(),
        catalog: props.catalog.clone(),
        cart: Rc::new(Cart::default()),
        query: (*query).clone(),
        on_query: Callback::from(move |typed: String| query.set(typed.into())),
        on_cart: Callback::noop(),
        on_open: props.on_open.clone(),
        on_open_cart: Callback::noop(),
        scrolled: false,
        on_scrolled: Callback::noop(),
        opens_at: props.opens_at.clone(),
        on_browse: props.on_browse.clone(),
    })
}

async fn mount<C: BaseComponent>(props: C::Properties) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    Renderer::<C>::with_root_and_props(root.clone(), props).render();
    flush().await;
    root
}

fn find(root: &Element, css: &str) -> Element {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("{css} not rendered in {}", root.inner_html()))
}

fn text(root: &Element, css: &str) -> String {
    find(root, css).text_content().unwrap_or_default()
}

async fn click(root: &Element, css: &str) {
    find(root, css).unchecked_into::<HtmlElement>().click();
    flush().await;
}

fn disabled(root: &Element, css: &str) -> bool {
    find(root, css)
        .unchecked_into::<HtmlButtonElement>()
        .disabled()
}

fn recorder<T: 'static>() -> (Rc<RefCell<Vec<T>>>, Callback<T>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    (
        seen,
        Callback::from(move |value| sink.borrow_mut().push(value)),
    )
}

fn rupees(amount: i64) -> Money {
    Money::from_minor(amount * 100)
}

fn variant(id: &str, label: &str, price: i64, mrp: Option<i64>, max_quantity: u32) -> Variant {
    Variant {
        id: id.into(),
        label: label.into(),
        price: rupees(price),
        mrp: mrp.map(rupees),
        max_quantity,
    }
}

fn dal() -> Product {
    Product {
        id: "toor-dal".into(),
        category: "staples".into(),
        name: "Toor Dal".into(),
        name_local: Some("अरहर दाल".into()),
        image: None,
        description: None,
        search_words: Vec::new(),
        variants: vec![
            variant("500g", "500 g", 89, Some(95), 5),
            variant("1kg", "1 kg", 169, None, 2),
        ],
    }
}

fn catalog() -> Rc<Catalog> {
    Rc::new(Catalog {
        store: StoreProfile {
            slug: "demo".into(),
            name: "Sharma Kirana Store".into(),
            name_local: None,
            tagline: "Daily groceries".into(),
            logo: None,
            currency: "INR".into(),
            locale: "en-IN".into(),
            phone: "+919876543210".into(),
            min_order: rupees(100),
            delivery_fee: rupees(25),
            free_delivery_from: Some(rupees(499)),
            delivery_pincodes: vec!["560038".into()],
            delivery_slots: vec![DeliverySlot {
                id: "evening".into(),
                label: "Evening, 5–8 pm".into(),
            }],
            pickup: true,
            payment_methods: vec![PaymentMethod::Cash, PaymentMethod::UpiNow],
            upi_id: Some("sharmakirana@upi".into()),
            address: "Shop 4, 12th Main Road, Indiranagar, Bengaluru 560038".into(),
            hours: "7 am – 10 pm, every day".into(),
            closed: None,
        },
        categories: vec![Category {
            id: "staples".into(),
            name: "Staples".into(),
            name_local: None,
            icon: None,
        }],
        products: vec![dal()],
    })
}

fn totals(subtotal: i64, delivery: i64) -> Totals {
    Totals {
        subtotal: rupees(subtotal),
        delivery_fee: rupees(delivery),
        total: rupees(subtotal + delivery),
    }
}

fn quote_for(quantity: u32, unit: i64, delivery: i64) -> Remote<Quote> {
    Remote::Loaded(Rc::new(Quote {
        currency: "INR".into(),
        lines: vec![PricedLine {
            product: "toor-dal".into(),
            variant: "500g".into(),
            name: "Toor Dal".into(),
            variant_label: "500 g".into(),
            unit_price: rupees(unit),
            quantity,
            line_total: rupees(unit * i64::from(quantity)),
            substitution: Substitution::Call,
            ordered: None,
            replaces: None,
        }],
        totals: totals(unit * i64::from(quantity), delivery),
        shortages: Vec::new(),
    }))
}

fn cart_with(quantity: u32) -> Rc<Cart> {
    Rc::new(Cart::default().apply(CartAction::Set {
        product: "toor-dal".into(),
        variant: "500g".into(),
        quantity,
        max: 5,
    }))
}

#[wasm_bindgen_test]
async fn product_card_shows_both_names_prices_and_adds_the_chosen_variant() {
    let (actions, on_cart) = recorder();
    let root = mount::<Card>(CardProps {
        product: dal(),
        cart: Cart::default(),
        on_cart,
        on_open: Callback::noop(),
    })
    .await;
    assert_eq!(text(&root, ".name"), "Toor Dal");
    assert_eq!(text(&root, ".name-also"), "अरहर दाल");
    assert_eq!(text(&root, ".price .now"), "₹89");
    assert_eq!(text(&root, ".price .mrp"), "₹95");

    click(&root, ".variant:nth-child(2)").await;
    assert_eq!(text(&root, ".price .now"), "₹169");
    assert!(root.query_selector(".price .mrp").unwrap().is_none());
    click(&root, ".add").await;
    assert_eq!(
        *actions.borrow(),
        [CartAction::Set {
            product: "toor-dal".into(),
            variant: "1kg".into(),
            quantity: 1,
            max: 2
        }]
    );
}

#[wasm_bindgen_test]
async fn a_sold_out_product_cannot_be_added() {
    let mut product = dal();
    product.variants.truncate(1);
    product.variants[0].max_quantity = 0;
    let (actions, on_cart) = recorder();
    let root = mount::<Card>(CardProps {
        product,
        cart: Cart::default(),
        on_cart,
        on_open: Callback::noop(),
    })
    .await;
    assert_eq!(text(&root, ".badge.out"), "Out of stock");
    assert!(root.query_selector(".add").unwrap().is_none());
    assert_eq!(text(&root, ".pack"), "500 g");
    assert!(actions.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn a_product_in_the_cart_has_a_stepper_that_stops_at_the_stock() {
    let (actions, on_cart) = recorder();
    let root = mount::<Card>(CardProps {
        product: dal(),
        cart: (*cart_with(5)).clone(),
        on_cart,
        on_open: Callback::noop(),
    })
    .await;
    assert!(root.query_selector(".add").unwrap().is_none());
    assert_eq!(text(&root, ".quantity"), "5");
    assert!(disabled(&root, ".more"), "only 5 in stock");
    assert_eq!(text(&root, ".stepper .limit"), "Only 5 in stock");
    click(&root, ".more").await;
    click(&root, ".less").await;
    assert_eq!(
        *actions.borrow(),
        [CartAction::Set {
            product: "toor-dal".into(),
            variant: "500g".into(),
            quantity: 4,
            max: 5
        }]
    );
}

#[wasm_bindgen_test]
async fn the_cart_shows_server_totals_and_what_is_missing_for_the_minimum() {
    let (_, on_cart) = recorder();
    let (checkouts, on_checkout) = recorder();
    let root = mount::<CartView>(CartViewProps {
        lang: Lang::english(),
        catalog: catalog(),
        cart: cart_with(1),
        quote: Some(quote_for(1, 89, 25)),
        on_cart,
        on_checkout,
        on_back: Callback::noop(),
        lasting: true,
        last_order: None,
        on_last_order: Callback::noop(),
    })
    .await;
    assert_eq!(text(&root, ".line .name"), "Toor Dal");
    assert_eq!(text(&root, ".line-total"), "₹89");
    assert_eq!(text(&root, ".totals .delivery"), "₹25");
    assert_eq!(text(&root, ".totals .total"), "₹114");
    assert!(text(&root, ".notice.minimum").contains("Add ₹11 more"));
    assert!(disabled(&root, ".checkout"));
    click(&root, ".checkout").await;
    assert!(checkouts.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn a_cart_above_the_minimum_can_check_out() {
    let (checkouts, on_checkout) = recorder();
    let root = mount::<CartView>(CartViewProps {
        lang: Lang::english(),
        catalog: catalog(),
        cart: cart_with(2),
        quote: Some(quote_for(2, 89, 25)),
        on_cart: Callback::noop(),
        on_checkout,
        on_back: Callback::noop(),
        lasting: true,
        last_order: None,
        on_last_order: Callback::noop(),
    })
    .await;
    assert!(root.query_selector(".notice.minimum").unwrap().is_none());
    assert!(text(&root, ".notice.delivery").contains("₹321 more for free delivery"));
    click(&root, ".checkout").await;
    assert_eq!(checkouts.borrow().len(), 1);
}

#[wasm_bindgen_test]
async fn a_cart_quote_error_is_shown_not_hidden() {
    let root = mount::<CartView>(CartViewProps {
        lang: Lang::english(),
        catalog: catalog(),
        cart: cart_with(2),
        quote: Some(Remote::Failed(ApiError {
            code: "out_of_stock".into(),
            message: "Only 1 of Toor Dal (500 g) left; you asked for 2.".into(),
            details: vec![],
        })),
        on_cart: Callback::noop(),
        on_checkout: Callback::noop(),
        on_back: Callback::noop(),
        lasting: true,
        last_order: None,
        on_last_order: Callback::noop(),
    })
    .await;
    assert!(text(&root, ".notice.error").contains("Only 1 of Toor Dal"));
    assert!(disabled(&root, ".checkout"));
}

fn checkout_props(sending: Sending) -> (CheckoutViewProps, Rc<RefCell<Vec<()>>>) {
    let (submits, on_submit) = recorder();
    (
        CheckoutViewProps {
            lang: Lang::english(),
            customer: Customer {
                name: "Asha".into(),
                phone: String::new(),
                address: "12, 3rd Cross".into(),
                pincode: String::new(),
            },
            catalog: catalog(),
            choices: Choices::default(),
            on_choices: Callback::noop(),
            quote: Some(quote_for(2, 89, 25)),
            sending,
            checked: false,
            error: None,
            on_change: Callback::noop(),
            on_submit,
            on_withdraw: Callback::noop(),
            on_back: Callback::noop(),
            status: NodeRef::default(),
        },
        submits,
    )
}

fn offline() -> ApiError {
    ApiError {
        code: "network_error".into(),
        message: "Could not reach the shop. Check your connection and try again.".into(),
        details: vec![],
    }
}

#[wasm_bindgen_test]
async fn checkout_shows_the_servers_field_messages_beside_the_fields() {
    let error = ApiError {
        code: "invalid_customer".into(),
        message: "Please check your name, phone and address.".into(),
        details: vec![FieldError {
            field: "customer.phone".into(),
            message: "Please enter your phone number.".into(),
        }],
    };
    let (props, submits) = checkout_props(Sending::Refused(error));
    let root = mount::<CheckoutView>(props).await;
    assert_eq!(
        text(&root, ".field-error:not([hidden])"),
        "Please enter your phone number."
    );
    let phone = find(&root, "#phone");
    assert_eq!(phone.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        phone.get_attribute("aria-describedby").as_deref(),
        Some("phone-error")
    );
    assert_eq!(find(&root, "#name").get_attribute("aria-invalid"), None);
    assert_eq!(
        root.query_selector_all(".field-error:not([hidden])")
            .unwrap()
            .length(),
        1
    );
    assert_eq!(text(&root, ".totals .total"), "₹203");
    click(&root, ".place-order").await;
    assert_eq!(submits.borrow().len(), 1);
}

#[wasm_bindgen_test]
async fn the_place_order_button_shows_the_amount_and_is_disabled_while_sending() {
    let (props, _) = checkout_props(Sending::Idle);
    let root = mount::<CheckoutView>(props).await;
    assert_eq!(text(&root, ".place-order"), "Place order · ₹203");
    assert_eq!(text(&root, ".items summary"), "2 items · ₹178");
    assert!(text(&root, ".items li").contains("Toor Dal (500 g) × 2"));
    // In Hindi, the dal the shop also names in Hindi is called by that name.
    let (mut hindi, _) = checkout_props(Sending::Idle);
    hindi.lang = Lang::new(Language::Hi, Vec::new());
    let root = mount::<CheckoutView>(hindi).await;
    assert!(text(&root, ".items li").contains("अरहर दाल (500 g) × 2"));

    let (props, submits) = checkout_props(Sending::Sending);
    let root = mount::<CheckoutView>(props).await;
    assert!(disabled(&root, ".place-order"));
    assert_eq!(text(&root, ".place-order"), "Sending your order…");
    click(&root, ".place-order").await;
    assert!(submits.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn a_closed_shop_says_when_it_opens_and_takes_no_order_unless_its_owner_says_so() {
    let closed = |takes_orders| {
        let (mut props, submits) = checkout_props(Sending::Idle);
        let mut catalog = (*props.catalog).clone();
        catalog.store.closed = Some(Closure {
            until_ms: None,
            takes_orders,
        });
        props.catalog = Rc::new(catalog);
        (props, submits)
    };
    let (props, submits) = closed(false);
    let root = mount::<CheckoutView>(props).await;
    assert_eq!(
        text(&root, ".closed"),
        "Closed for now. Orders open when the shop does."
    );
    assert!(disabled(&root, ".place-order"));
    click(&root, ".place-order").await;
    assert!(submits.borrow().is_empty());

    let (props, _) = closed(true);
    let root = mount::<CheckoutView>(props).await;
    assert!(text(&root, ".closed").contains("You can order now for when it opens."));
    assert!(!disabled(&root, ".place-order"));
}

#[wasm_bindgen_test]
async fn the_order_page_shows_the_servers_id_and_total() {
    let root = mount::<OrderView>(OrderViewProps {
        lang: Lang::english(),
        order: Order {
            payment: PaymentMethod::Cash,
            payment_link: None,
            note: String::new(),
            ..placed_order(OrderStatus::Placed, &[OrderStatus::Placed])
        },
        catalog: None,
        link: "L".into(),
        on_shop: Callback::noop(),
    })
    .await;
    assert_eq!(text(&root, ".order-id strong"), "#1042");
    assert_eq!(text(&root, ".order-total strong"), "₹1,23,456");
    assert_eq!(text(&root, ".totals .delivery"), "Free");
    assert_eq!(text(&root, ".deliver-to .slot"), "Evening, 5–8 pm");
}

#[wasm_bindgen_test]
async fn checkout_offers_pickup_the_shops_delivery_slots_and_payment_methods() {
    let (chosen, on_choices) = recorder();
    let (mut props, _) = checkout_props(Sending::Idle);
    props.on_choices = on_choices;
    let root = mount::<CheckoutView>(props).await;
    let options = root.query_selector_all(".options .chip").unwrap();
    assert_eq!(
        options.length(),
        6,
        "delivery, pickup, as soon as possible, evening, cash, UPI now"
    );
    assert!(root.query_selector("#pincode").unwrap().is_some());
    click(&root, ".slots .chip:nth-child(2)").await;
    click(&root, ".options .chip:nth-child(2)").await;
    click(&root, ".payment .chip:nth-child(2)").await;
    {
        let chosen = chosen.borrow();
        assert_eq!(chosen[0].slot.as_deref(), Some("evening"));
        assert_eq!(chosen[1].fulfilment, Fulfilment::Pickup);
        assert_eq!(chosen[2].payment, PaymentMethod::UpiNow);
    }

    let (mut pickup, _) = checkout_props(Sending::Idle);
    pickup.choices.fulfilment = Fulfilment::Pickup;
    let root = mount::<CheckoutView>(pickup).await;
    assert!(
        root.query_selector("#address").unwrap().is_none(),
        "no address for pickup"
    );
    assert!(root.query_selector(".slots").unwrap().is_none());
    assert!(text(&root, ".pickup-at").contains("Shop 4, 12th Main Road"));
    assert!(text(&root, ".pickup-at .hours").contains("7 am – 10 pm"));
    assert_eq!(text(&root, ".payment .chip"), "Cash at the shop");
    let note = find(&root, "#note");
    assert_eq!(
        note.get_attribute("placeholder").as_deref(),
        Some("Anything the shop should know"),
        "no delivery hint for pickup"
    );
}

#[wasm_bindgen_test]
async fn checkout_says_what_is_wrong_beside_each_field_before_sending() {
    let (mut props, _) = checkout_props(Sending::Idle);
    props.customer.phone = "58450 12345".into();
    let root = mount::<CheckoutView>(props).await;
    assert_eq!(
        text(&root, "#phone-error"),
        "Enter a 10-digit mobile number, or an international number starting with +.",
        "a complete-looking phone number is checked as it is typed"
    );
    assert!(
        root.query_selector("#pincode-error:not([hidden])")
            .unwrap()
            .is_none()
    );

    let (mut tried, _) = checkout_props(Sending::Idle);
    tried.checked = true;
    tried.customer.pincode = "110001".into();
    let root = mount::<CheckoutView>(tried).await;
    assert_eq!(
        text(&root, "#phone-error"),
        "Please enter your phone number."
    );
    assert!(text(&root, "#pincode-error").contains("does not deliver to this pincode"));
}

#[wasm_bindgen_test]
async fn an_order_waiting_for_the_network_is_locked_as_it_will_be_sent() {
    let (withdrawals, on_withdraw) = recorder();
    let (mut props, submits) = checkout_props(Sending::Waiting(offline()));
    props.on_withdraw = on_withdraw;
    let root = mount::<CheckoutView>(props).await;
    assert!(root.query_selector(".details.locked").unwrap().is_some());
    for field in ["#name", "#phone", "#address", "#pincode", "#note"] {
        assert!(
            find(&root, field).has_attribute("readonly"),
            "{field} takes no edits"
        );
    }
    assert!(disabled(&root, ".payment .chip"));
    // The failure and the state sit beside the button, which says what it does now.
    assert!(text(&root, ".action-bar .notice.error").contains("Could not reach the shop"));
    assert!(
        text(&root, ".action-bar .notice.locked").contains("as soon as the shop can be reached")
    );
    assert_eq!(text(&root, ".place-order"), "Try again · ₹203");
    click(&root, ".place-order").await;
    assert_eq!(submits.borrow().len(), 1, "Try again sends the kept order");
    click(&root, ".change-order").await;
    assert_eq!(withdrawals.borrow().len(), 1);

    let (props, _) = checkout_props(Sending::WaitingToChange(offline()));
    let root = mount::<CheckoutView>(props).await;
    assert!(text(&root, ".notice.locked").contains("opens for changes"));
    assert!(root.query_selector(".change-order").unwrap().is_none());
    assert_eq!(text(&root, ".place-order"), "Send it as shown · ₹203");
}

fn seen_cart(quantity: u32, seen_rupees: i64) -> Rc<Cart> {
    Rc::new(
        (*cart_with(quantity)).apply(CartAction::RememberPrices(vec![PriceSeen {
            product: "toor-dal".into(),
            variant: "500g".into(),
            price: rupees(seen_rupees),
        }])),
    )
}

#[wasm_bindgen_test]
async fn a_price_changed_on_the_server_is_shown_and_must_be_accepted() {
    let (actions, on_cart) = recorder();
    let (checkouts, on_checkout) = recorder();
    let root = mount::<CartView>(CartViewProps {
        lang: Lang::english(),
        catalog: catalog(),
        cart: seen_cart(2, 79),
        quote: Some(quote_for(2, 89, 25)),
        on_cart,
        on_checkout,
        on_back: Callback::noop(),
        lasting: true,
        last_order: None,
        on_last_order: Callback::noop(),
    })
    .await;
    assert_eq!(text(&root, ".price-change"), "Price changed: ₹79 → ₹89");
    assert!(
        disabled(&root, ".checkout"),
        "not before the change is seen"
    );
    click(&root, ".checkout").await;
    assert!(checkouts.borrow().is_empty());
    click(&root, ".accept-prices").await;
    assert_eq!(
        *actions.borrow(),
        [CartAction::AcceptPrices(vec![PriceSeen {
            product: "toor-dal".into(),
            variant: "500g".into(),
            price: rupees(89),
        }])]
    );
}

#[wasm_bindgen_test]
async fn a_line_the_shop_cannot_fill_says_how_many_are_left() {
    let (actions, on_cart) = recorder();
    let Remote::Loaded(quote) = quote_for(3, 89, 25) else {
        panic!("quote_for quotes")
    };
    let mut quote = (*quote).clone();
    quote.shortages = vec![Shortage {
        product: "toor-dal".into(),
        variant: "500g".into(),
        available: 2,
    }];
    let root = mount::<CartView>(CartViewProps {
        lang: Lang::english(),
        catalog: catalog(),
        cart: seen_cart(3, 89),
        quote: Some(Remote::Loaded(Rc::new(quote))),
        on_cart,
        on_checkout: Callback::noop(),
        on_back: Callback::noop(),
        lasting: true,
        last_order: None,
        on_last_order: Callback::noop(),
    })
    .await;
    assert!(text(&root, ".short").starts_with("Only 2 are left"));
    assert!(disabled(&root, ".checkout"));
    click(&root, ".short .fit").await;
    let select = find(&root, ".substitute select").unchecked_into::<HtmlSelectElement>();
    select.set_value("skip");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    flush().await;
    assert_eq!(
        *actions.borrow(),
        [
            CartAction::Set {
                product: "toor-dal".into(),
                variant: "500g".into(),
                quantity: 2,
                max: 3
            },
            CartAction::Substitute {
                product: "toor-dal".into(),
                variant: "500g".into(),
                choice: Substitution::Skip
            }
        ]
    );
}

fn placed_order(status: OrderStatus, history: &[OrderStatus]) -> Order {
    Order {
        id: 1042,
        store: "demo".into(),
        status,
        customer: Customer {
            name: "Asha Rao".into(),
            phone: "+919845012345".into(),
            address: "12, 3rd Cross".into(),
            pincode: "560038".into(),
        },
        fulfilment: Fulfilment::Delivery,
        slot: Some(DeliverySlot {
            id: "evening".into(),
            label: "Evening, 5–8 pm".into(),
        }),
        currency: "INR".into(),
        lines: vec![],
        totals: totals(123_456, 0),
        created_at_ms: 0,
        history: history
            .iter()
            .map(|status| StatusChange::reached(*status, 0))
            .collect(),
        payment: PaymentMethod::UpiNow,
        payment_link: Some("upi://pay?pa=sharmakirana@upi&am=123456.00".into()),
        note: "Ring twice".into(),
        test: false,
        paid: None,
        edits: Vec::new(),
        language: String::new(),
    }
}

#[wasm_bindgen_test]
async fn a_test_order_from_a_preview_says_so_and_goes_to_nobody() {
    let mut order = placed_order(OrderStatus::Placed, &[OrderStatus::Placed]);
    order.test = true;
    order.payment_link = None;
    let root = mount::<OrderView>(OrderViewProps {
        lang: Lang::english(),
        order,
        catalog: Some(catalog()),
        link: "https://haat.example/s/demo/orders/1042#t=secret".into(),
        on_shop: Callback::noop(),
    })
    .await;
    assert_eq!(
        text(&root, ".confirmation .status"),
        "A test order: the shop does not get it"
    );
    assert!(root.query_selector(".handoff").unwrap().is_none());
    assert!(root.query_selector(".pay").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_refused_order_says_why_in_the_shops_words() {
    let mut order = placed_order(
        OrderStatus::Rejected,
        &[OrderStatus::Placed, OrderStatus::Rejected],
    );
    order.history[1].reason = Some(RejectReason::OutOfStock);
    order.history[1].note = Some("Back on Monday.".into());
    let root = mount::<OrderView>(OrderViewProps {
        lang: Lang::english(),
        order,
        catalog: Some(catalog()),
        link: "https://haat.example/s/demo/orders/1042#t=secret".into(),
        on_shop: Callback::noop(),
    })
    .await;
    assert_eq!(
        text(&root, ".confirmation .status"),
        "The shop could not take this order"
    );
    assert_eq!(
        text(&root, ".confirmation .refusal"),
        "Some items are out of stock. Back on Monday."
    );
    assert_eq!(text(&root, ".refusal .shop-words"), "Back on Monday.");
}

#[wasm_bindgen_test]
async fn the_order_page_has_a_timeline_a_upi_link_and_a_whatsapp_hand_off() {
    let root = mount::<OrderView>(OrderViewProps {
        lang: Lang::english(),
        order: placed_order(
            OrderStatus::Packed,
            &[
                OrderStatus::Placed,
                OrderStatus::Accepted,
                OrderStatus::Packed,
            ],
        ),
        catalog: Some(catalog()),
        link: "https://haat.example/s/demo/orders/1042#t=secret".into(),
        on_shop: Callback::noop(),
    })
    .await;
    let steps: Vec<String> = (0..5)
        .map(|n| find(&root, &format!(".timeline li:nth-child({})", n + 1)).class_name())
        .collect();
    assert_eq!(
        steps,
        ["step done", "step done", "step current", "step", "step"]
    );
    assert_eq!(
        find(&root, ".pay").get_attribute("href").as_deref(),
        Some("upi://pay?pa=sharmakirana@upi&am=123456.00")
    );
    let whatsapp = find(&root, ".whatsapp").get_attribute("href").unwrap();
    assert!(
        whatsapp.starts_with(
            "https://wa.me/919876543210?text=Order%20%231042%20at%20Sharma%20Kirana%20Store"
        ),
        "{whatsapp}"
    );
    assert!(whatsapp.contains("Note%3A%20Ring%20twice"), "{whatsapp}");
    assert!(
        whatsapp.contains("orders%2F1042%23t%3Dsecret"),
        "{whatsapp}"
    );
    assert!(text(&root, ".deliver-to .note").contains("Ring twice"));

    let cancelled = mount::<OrderView>(OrderViewProps {
        lang: Lang::english(),
        order: placed_order(
            OrderStatus::Cancelled,
            &[OrderStatus::Placed, OrderStatus::Cancelled],
        ),
        catalog: None,
        link: "L".into(),
        on_shop: Callback::noop(),
    })
    .await;
    assert_eq!(
        cancelled
            .query_selector_all(".timeline li")
            .unwrap()
            .length(),
        2
    );
    assert!(text(&cancelled, ".timeline .current").starts_with("Cancelled"));
    assert!(
        cancelled.query_selector(".pay").unwrap().is_none(),
        "nothing to pay on a cancelled order"
    );
}

#[wasm_bindgen_test]
fn the_cart_and_details_are_kept_in_local_storage() {
    let cart = Cart::default().apply(CartAction::Set {
        product: "tea-leaves".into(),
        variant: "250g".into(),
        quantity: 3,
        max: 9,
    });
    storage::save_cart("storage-test", &cart);
    assert_eq!(storage::load_cart("storage-test"), cart);
    assert_eq!(storage::load_cart("another-shop"), Cart::default());

    let customer = Customer {
        name: "Asha".into(),
        phone: "98450 12345".into(),
        address: "12, 3rd Cross".into(),
        pincode: "560038".into(),
    };
    storage::save_customer("storage-test", &customer);
    assert_eq!(storage::load_customer("storage-test"), customer);

    let choices = Choices {
        fulfilment: Fulfilment::Pickup,
        slot: None,
        payment: PaymentMethod::UpiNow,
        note: "Ring twice".into(),
    };
    storage::save_choices("storage-test", &choices);
    assert_eq!(storage::load_choices("storage-test"), choices);
}

/// Drops whatever attempt a test left under `store`.
fn forget_attempt(store: &str) {
    if let Some(kept) = storage::pending_attempt(store) {
        storage::forget_checkout_attempt(store, &kept.key);
    }
}

#[wasm_bindgen_test]
fn a_checkout_attempt_keeps_its_key_and_body_until_settled() {
    forget_attempt("attempt-test");
    let first = storage::checkout_attempt("attempt-test", "{\"first\":1}".into()).unwrap();
    let retry = storage::checkout_attempt("attempt-test", "{\"edited\":2}".into()).unwrap();
    assert_eq!(
        retry, first,
        "a retry sends the first body under the first key"
    );
    assert!(
        !storage::forget_checkout_attempt("attempt-test", "another-key"),
        "only the attempt that was answered is settled"
    );
    assert_eq!(
        storage::pending_attempt("attempt-test"),
        Some(first.clone())
    );
    assert!(storage::forget_checkout_attempt("attempt-test", &first.key));
    let next = storage::checkout_attempt("attempt-test", "{\"edited\":2}".into()).unwrap();
    assert_ne!(next.key, first.key);
    assert_eq!(next.body, "{\"edited\":2}");
    forget_attempt("attempt-test");
}

#[wasm_bindgen_test]
fn the_wish_to_change_an_attempt_is_kept_with_it_and_older_attempts_still_read() {
    let store = "wish-test";
    forget_attempt(store);
    let attempt = storage::checkout_attempt(store, "{\"a\":1}".into()).unwrap();
    assert!(!attempt.withdraw);
    assert!(attempt.made_at_ms > 1_700_000_000_000, "made now");
    storage::want_withdrawal(store, "another-key", true);
    assert!(!storage::pending_attempt(store).unwrap().withdraw);
    storage::want_withdrawal(store, &attempt.key, true);
    let kept = storage::pending_attempt(store).unwrap();
    assert!(kept.withdraw, "every page that picks it up withdraws it");
    assert_eq!((kept.key, kept.body), (attempt.key.clone(), attempt.body));
    forget_attempt(store);

    // An attempt kept by a build before the attempt was one value.
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    local
        .set_item("haat.wish-test.checkout-key", "old-key")
        .unwrap();
    local
        .set_item("haat.wish-test.checkout-body", "{}")
        .unwrap();
    let old = storage::pending_attempt(store).unwrap();
    assert_eq!(
        (old.key.as_str(), old.body.as_str(), old.made_at_ms),
        ("old-key", "{}", 0)
    );
    assert!(storage::forget_checkout_attempt(store, "old-key"));
    assert_eq!(local.get_item("haat.wish-test.checkout-key").unwrap(), None);
}

#[wasm_bindgen_test]
fn a_placed_attempt_leaves_the_cart_with_what_was_added_since_and_is_news() {
    let store = "settle-test";
    forget_attempt(store);
    storage::saw_order(store);
    let one_dal = Cart::default().apply(CartAction::Set {
        product: "toor-dal".into(),
        variant: "500g".into(),
        quantity: 1,
        max: 9,
    });
    let request = haat_api::OrderRequest {
        customer: Customer::default(),
        lines: one_dal.requests(),
        fulfilment: Fulfilment::Pickup,
        slot: None,
        payment: PaymentMethod::Cash,
        note: String::new(),
        language: "hi-IN".into(),
    };
    let attempt = storage::checkout_attempt(store, haat::api::order_body(&request)).unwrap();
    assert_eq!(attempt.request(), Some(request), "the kept body reads back");
    // The shopper took tea while the order waited for the network.
    let now = one_dal.apply(CartAction::Set {
        product: "tea-leaves".into(),
        variant: "250g".into(),
        quantity: 2,
        max: 9,
    });
    storage::save_cart(store, &now);
    let order = storage::RecentOrder {
        id: 12,
        token: "t0k".into(),
        total: Some(rupees(89)),
        placed_at_ms: Some(1_764_300_000_000),
    };
    assert!(storage::settle_placed(store, &attempt, &order));
    assert!(
        !storage::settle_placed(store, &attempt, &order),
        "a second page hearing of it changes nothing"
    );
    let left = storage::load_cart(store);
    assert_eq!(left.quantity_of("toor-dal", "500g"), 0);
    assert_eq!(left.quantity_of("tea-leaves", "250g"), 2);
    assert_eq!(storage::pending_attempt(store), None);
    assert_eq!(storage::unseen_order(store), Some(order.clone()));
    assert_eq!(storage::recent_orders(store)[0], order);
    storage::saw_order(store);
    assert_eq!(storage::unseen_order(store), None);
}

/// Runs `body` in a page whose `localStorage` throws on access, as a web view that blocks it does.
fn without_local_storage(body: impl FnOnce()) {
    let script = |code: &str| {
        js_sys::Function::new_no_args(code)
            .call0(&JsValue::NULL)
            .expect("script runs");
    };
    script(
        "window.haatSavedStorage = Object.getOwnPropertyDescriptor(window, 'localStorage');
         Object.defineProperty(window, 'localStorage', { configurable: true,
             get() { throw new DOMException('blocked', 'SecurityError'); } });",
    );
    body();
    script(
        "const saved = window.haatSavedStorage;
         saved ? Object.defineProperty(window, 'localStorage', saved) : delete window.localStorage;",
    );
}

#[wasm_bindgen_test]
fn without_local_storage_the_cart_and_the_attempt_last_as_long_as_the_page() {
    assert!(storage::is_lasting());
    without_local_storage(|| {
        assert!(!storage::is_lasting());
        let cart = Cart::default().apply(CartAction::Set {
            product: "tea-leaves".into(),
            variant: "250g".into(),
            quantity: 2,
            max: 9,
        });
        storage::save_cart("blocked-storage", &cart);
        assert_eq!(storage::load_cart("blocked-storage"), cart);
        // Retries in this page keep the first key, so the order can still be placed only once.
        let first = storage::checkout_attempt("blocked-storage", "{\"first\":1}".into()).unwrap();
        let retry = storage::checkout_attempt("blocked-storage", "{\"edited\":2}".into()).unwrap();
        assert_eq!(retry, first);
        forget_attempt("blocked-storage");
    });
    assert!(storage::is_lasting());
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(
        local.get_item("haat.blocked-storage.cart").unwrap(),
        None,
        "nothing of it was written to localStorage"
    );
}

#[wasm_bindgen_test]
async fn an_empty_cart_leads_to_the_last_order() {
    let (opened, on_last_order) = recorder();
    let root = mount::<CartView>(CartViewProps {
        lang: Lang::english(),
        catalog: catalog(),
        cart: Rc::new(Cart::default()),
        quote: None,
        on_cart: Callback::noop(),
        on_checkout: Callback::noop(),
        on_back: Callback::noop(),
        lasting: true,
        last_order: Some(42),
        on_last_order,
    })
    .await;
    assert_eq!(text(&root, ".last-order"), "See your order #42");
    click(&root, ".last-order").await;
    assert_eq!(opened.borrow().len(), 1);
}

#[wasm_bindgen_test]
fn with_local_storage_full_what_was_kept_is_read_and_new_changes_live_on_the_page() {
    let script = |code: &str| {
        js_sys::Function::new_no_args(code)
            .call0(&JsValue::NULL)
            .expect("script runs");
    };
    let cart = |quantity| {
        Cart::default().apply(CartAction::Set {
            product: "tea-leaves".into(),
            variant: "250g".into(),
            quantity,
            max: 9,
        })
    };
    storage::save_cart("full-storage", &cart(1));
    script(
        "window.haatSetItem = Storage.prototype.setItem;
         Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };",
    );
    assert!(!storage::is_lasting());
    assert_eq!(storage::load_cart("full-storage"), cart(1), "still read");
    storage::save_cart("full-storage", &cart(2));
    assert_eq!(
        storage::load_cart("full-storage"),
        cart(2),
        "the page's copy"
    );
    script("Storage.prototype.setItem = window.haatSetItem;");
    storage::save_cart("full-storage", &cart(3));
    assert_eq!(
        storage::load_cart("full-storage"),
        cart(3),
        "on the phone again"
    );
}

#[wasm_bindgen_test]
async fn a_cart_that_is_not_kept_says_so() {
    let props = |lasting| CartViewProps {
        lang: Lang::english(),
        catalog: catalog(),
        cart: cart_with(1),
        quote: Some(quote_for(1, 89, 25)),
        on_cart: Callback::noop(),
        on_checkout: Callback::noop(),
        on_back: Callback::noop(),
        lasting,
        last_order: None,
        on_last_order: Callback::noop(),
    };
    let kept = mount::<CartView>(props(true)).await;
    assert!(kept.query_selector(".not-kept").unwrap().is_none());
    let lost = mount::<CartView>(props(false)).await;
    assert!(text(&lost, ".not-kept").contains("lost if you close this page"));
}

#[wasm_bindgen_test]
async fn a_product_card_keeps_its_image_box_and_opens_the_product() {
    let (opened, on_open) = recorder();
    let mut product = dal();
    product.image = Some("/img/toor-dal.webp".into());
    let root = mount::<Card>(CardProps {
        product,
        cart: Cart::default(),
        on_cart: Callback::noop(),
        on_open,
    })
    .await;
    let image = find(&root, ".thumb img");
    assert_eq!(image.get_attribute("loading").as_deref(), Some("lazy"));
    assert_eq!(image.get_attribute("width").as_deref(), Some("56"));
    assert_eq!(image.get_attribute("height").as_deref(), Some("56"));
    assert_eq!(
        find(&root, ".open").get_attribute("href").as_deref(),
        Some("/s/demo/p/toor-dal")
    );
    click(&root, ".open").await;
    assert_eq!(
        opened.borrow().len(),
        1,
        "opened in the app, not by navigation"
    );

    let root = mount::<Card>(CardProps {
        product: dal(),
        cart: Cart::default(),
        on_cart: Callback::noop(),
        on_open: Callback::noop(),
    })
    .await;
    assert!(root.query_selector(".thumb img").unwrap().is_none());
    assert!(
        root.query_selector(".thumb").unwrap().is_some(),
        "the box stays"
    );
}

#[wasm_bindgen_test]
async fn the_product_page_offers_every_pack_with_its_own_button() {
    let mut catalog = (*catalog()).clone();
    catalog.products[0]
        .variants
        .push(variant("5kg", "5 kg", 799, None, 0));
    catalog.products[0].description = Some("Unpolished.\nFrom Latur.".into());
    let (actions, on_cart) = recorder();
    let root = mount::<ProductView>(ProductViewProps {
        lang: Lang::english(),
        catalog: Rc::new(catalog),
        id: "toor-dal".into(),
        cart: cart_with(1),
        on_cart,
        on_back: Callback::noop(),
        on_open_cart: Callback::noop(),
    })
    .await;
    assert_eq!(text(&root, ".top-bar h1"), "Toor Dal");
    assert_eq!(text(&root, ".top-bar .subtitle"), "Staples");
    assert_eq!(text(&root, ".about .name-also"), "अरहर दाल");
    assert_eq!(
        text(&root, ".about .description"),
        "Unpolished.\nFrom Latur."
    );
    assert!(root.query_selector(".hero").unwrap().is_some());
    assert_eq!(text(&root, "[data-variant='500g'] .quantity"), "1");
    assert_eq!(text(&root, "[data-variant='1kg'] .price .now"), "₹169");
    assert_eq!(
        text(&root, "[data-variant='5kg'] .badge.out"),
        "Out of stock"
    );
    click(&root, "[data-variant='1kg'] .add").await;
    assert_eq!(
        *actions.borrow(),
        [CartAction::Set {
            product: "toor-dal".into(),
            variant: "1kg".into(),
            quantity: 1,
            max: 2
        }]
    );
    assert!(text(&root, ".cart-bar").contains("1 item"));
}

#[wasm_bindgen_test]
async fn an_unknown_product_page_leads_back_to_the_shop() {
    let (backs, on_back) = recorder();
    let root = mount::<ProductView>(ProductViewProps {
        lang: Lang::english(),
        catalog: catalog(),
        id: "gone".into(),
        cart: Rc::new(Cart::default()),
        on_cart: Callback::noop(),
        on_back,
        on_open_cart: Callback::noop(),
    })
    .await;
    assert!(text(&root, ".empty").contains("not in the shop any more"));
    click(&root, ".empty .primary").await;
    assert_eq!(backs.borrow().len(), 1);
}

/// A shop with `count` products in aisles of 500, named "Product 00042" / "सामान 42"; product 7345 is
/// "Crème Brûlée Special" / "ख़ास मिठाई", and every seventh is out of stock.
fn big_catalog(count: usize) -> Rc<Catalog> {
    let mut catalog = (*catalog()).clone();
    catalog.categories = (0..count.div_ceil(500))
        .map(|aisle| Category {
            id: format!("aisle-{aisle}"),
            name: format!("Aisle {aisle}"),
            name_local: None,
            icon: Some("🛒".into()),
        })
        .collect();
    catalog.products = (0..count)
        .map(|i| {
            let special = i == 7_345;
            let price = i64::try_from(10 + i % 90).unwrap();
            Product {
                id: format!("p{i:05}"),
                category: format!("aisle-{}", i / 500),
                name: if special {
                    "Crème Brûlée Special".into()
                } else {
                    format!("Product {i:05}")
                },
                name_local: Some(if special {
                    "ख़ास मिठाई".into()
                } else {
                    format!("सामान {i}")
                }),
                image: None,
                description: None,
                search_words: Vec::new(),
                variants: vec![
                    variant(
                        "1",
                        "1 pc",
                        price,
                        Some(price + 5),
                        u32::from(i % 7 != 0) * 9,
                    ),
                    variant("6", "6 pcs", price * 6, None, 3),
                ],
            }
        })
        .collect();
    Rc::new(catalog)
}

/// The storefront's own stylesheet, so the list is laid out as shoppers see it.
fn with_app_stylesheet() {
    let document = web_sys::window().unwrap().document().unwrap();
    if document.get_element_by_id("app-css").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("app-css");
        style.set_text_content(Some(include_str!("../static/app.css")));
        document.body().unwrap().append_child(&style).unwrap();
    }
}

async fn scroll_to(list: &Element, top: i32) -> i32 {
    list.set_scroll_top(top);
    list.dispatch_event(&Event::new("scroll").unwrap()).unwrap();
    flush().await;
    list.scroll_top()
}

async fn search(root: &Element, typed: &str) {
    let input = find(root, ".search input").unchecked_into::<HtmlInputElement>();
    input.set_value(typed);
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    flush().await;
}

fn product_ids(root: &Element) -> Vec<String> {
    let rows = root.query_selector_all(".shelf .product").unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|row| {
            row.unchecked_into::<Element>()
                .get_attribute("data-product")
        })
        .collect()
}

/// The product row under `top` pixels of scrolling, by the list's own arithmetic.
fn product_at(catalog: &Catalog, query: &str, top: i32) -> String {
    let shelf = Shelf::new(catalog, &SearchIndex::new(catalog), &Query::new(query));
    let row = shelf.layout.row_at(u32::try_from(top).unwrap()).unwrap();
    let product = shelf.rows[row]
        .product
        .or(shelf.rows[row + 1].product)
        .unwrap();
    catalog.products[product].id.clone()
}

#[wasm_bindgen_test]
async fn ten_thousand_products_keep_only_a_screenful_in_the_page() {
    with_app_stylesheet();
    let catalog = big_catalog(10_000);
    let (opened, on_open) = recorder();
    let (browsed, on_browse) = recorder();
    let root = mount::<Storefront>(StorefrontProps {
        catalog: catalog.clone(),
        on_open,
        opens_at: None,
        on_browse,
    })
    .await;
    let list = find(&root, ".shelf");
    let screen = list.client_height();
    assert!(
        (200..=4_000).contains(&screen),
        "the list is a bounded scroll box ({screen}px)"
    );
    // The screenful, and a few rows either side: a fixed bound, whatever the catalog's size.
    let bound = usize::try_from(screen).unwrap() / 128 + 2 + 2 * haat::window::OVERSCAN;
    let shown = product_ids(&root);
    assert!(!shown.is_empty() && shown.len() <= bound, "{shown:?}");
    assert_eq!(shown[0], "p00000");
    let height = |css: &str| {
        find(&root, css)
            .unchecked_into::<HtmlElement>()
            .offset_height()
    };
    assert_eq!(
        (height(".shelf .heading"), height(".shelf .product")),
        (
            i32::try_from(HEADING_HEIGHT).unwrap(),
            i32::try_from(PRODUCT_HEIGHT - GAP).unwrap()
        ),
        "the stylesheet gives rows the heights the list counts with"
    );
    assert!(
        root.query_selector_all("li").unwrap().length() <= u32::try_from(bound).unwrap() + 2,
        "headings and products together stay bounded"
    );
    assert_eq!(text(&root, ".chips .chip.selected"), "Aisle 0");

    // Scrolling deep into the list shows the rows there, and only those.
    let top = scroll_to(&list, 700_000).await;
    assert!(top > 600_000, "the list scrolled ({top})");
    let shown = product_ids(&root);
    let expected = product_at(&catalog, "", top);
    assert!(shown.contains(&expected), "{expected} in {shown:?}");
    assert!(!shown.contains(&"p00000".to_owned()));
    assert!(shown.len() <= bound, "{} rows", shown.len());
    let aisle = &catalog.products[expected[1..].parse::<usize>().unwrap()].category;
    assert_eq!(
        find(&root, ".chips .chip.selected").text_content().unwrap(),
        format!("Aisle {}", &aisle["aisle-".len()..])
    );
    assert_eq!(
        browsed.borrow().last().cloned().flatten().as_deref(),
        Some(aisle.as_str()),
        "the page hears which category the shopper is in, for its address"
    );

    // The category bar jumps to a category's heading (and is links to the categories' pages).
    let chip = find(&root, ".chips .chip:nth-child(20)");
    assert_eq!(
        chip.get_attribute("href").as_deref(),
        Some("/s/demo/c/aisle-19")
    );
    click(&root, ".chips .chip:nth-child(20)").await;
    assert_eq!(text(&root, ".chips .chip.selected"), "Aisle 19");
    assert!(product_ids(&root).contains(&"p09500".to_owned()));
    assert_eq!(
        browsed.borrow().last().cloned().flatten().as_deref(),
        Some("aisle-19")
    );

    // Search as you type: case and accents folded, Hindi as typed (with or without the nukta).
    search(&root, "CREME brulee").await;
    assert_eq!(product_ids(&root), ["p07345"]);
    assert_eq!(list.scroll_top(), 0, "a new search starts at the top");
    assert_eq!(root.query_selector_all(".chips .chip").unwrap().length(), 1);
    search(&root, "खास").await;
    assert_eq!(product_ids(&root), ["p07345"]);
    search(&root, "product 0999").await;
    // The numbers that start with 0999 first (p09990..=p09999), then those that hold it (p00999) and those
    // a digit off: as many as fit on screen, then the rest as the list scrolls.
    let shown = product_ids(&root);
    assert_eq!(shown[..2], ["p09990", "p09991"]);
    scroll_to(&list, 10_000).await;
    let scrolled = product_ids(&root);
    assert!(!scrolled.contains(&"p09990".to_owned()), "{scrolled:?}");
    assert!(
        scrolled.len() < shown.len() + 10,
        "a screenful: {scrolled:?}"
    );
    // A letter more, typed down the list, starts again at the top.
    search(&root, "product 09991").await;
    assert_eq!(list.scroll_top(), 0, "a search typed on starts at the top");
    assert_eq!(product_ids(&root)[0], "p09991");
    search(&root, "no such thing").await;
    assert!(product_ids(&root).is_empty());
    assert!(text(&root, ".no-match").contains("no such thing"));
    search(&root, "").await;
    assert_eq!(product_ids(&root)[0], "p00000");

    click(&root, "[data-product='p00001'] .open").await;
    assert_eq!(*opened.borrow(), ["p00001"]);
}

#[wasm_bindgen_test]
async fn a_search_made_before_the_index_is_built_finds_the_whole_catalog() {
    // The index is built a part at a time after the list is drawn; a search as soon as the list is on
    // screen finishes it first.
    let catalog = big_catalog(10_000);
    let root = mount::<Storefront>(StorefrontProps {
        catalog,
        on_open: Callback::noop(),
        opens_at: None,
        on_browse: Callback::noop(),
    })
    .await;
    search(&root, "CREME brulee").await;
    assert_eq!(product_ids(&root), ["p07345"]);
    search(&root, "").await;
    assert_eq!(product_ids(&root)[0], "p00000");
}

#[wasm_bindgen_test]
async fn a_categorys_page_opens_the_list_at_its_heading() {
    with_app_stylesheet();
    let catalog = big_catalog(10_000);
    let (browsed, on_browse) = recorder();
    let root = mount::<Storefront>(StorefrontProps {
        catalog: catalog.clone(),
        on_open: Callback::noop(),
        opens_at: Some("aisle-7".into()),
        on_browse,
    })
    .await;
    assert_eq!(text(&root, ".chips .chip.selected"), "Aisle 7");
    let shelf = Shelf::unfiltered(&catalog);
    let top = shelf.top_of(&catalog, "aisle-7");
    let list = find(&root, ".shelf");
    assert_eq!(list.scroll_top(), i32::try_from(top).unwrap());
    assert!(product_ids(&root).contains(&"p03500".to_owned()));
    assert!(
        browsed.borrow().is_empty(),
        "the address stays the page's until the shopper moves"
    );
    // Back at the top, the shop's first category: the shop's own address.
    scroll_to(&list, 0).await;
    assert_eq!(*browsed.borrow(), [None]);
}

#[wasm_bindgen_test]
async fn this_phones_orders_are_listed_newest_first_and_open_their_pages() {
    let (opened, on_open) = recorder();
    let order = |id: i64, total: Option<i64>| storage::RecentOrder {
        id,
        token: format!("t{id}"),
        total: total.map(rupees),
        placed_at_ms: total.map(|_| 1_764_300_000_000),
    };
    let root = mount::<OrdersView>(OrdersViewProps {
        lang: Lang::english(),
        store: "demo".into(),
        // The second was kept by an older build: no total, no time.
        orders: vec![order(12, Some(515)), order(7, None)],
        currency: Some("INR".into()),
        on_open,
        on_back: Callback::noop(),
    })
    .await;
    assert_eq!(text(&root, ".recent-order .name"), "Order #12");
    assert_eq!(text(&root, ".recent-order .amount"), "₹515");
    assert!(!text(&root, ".recent-order .when").is_empty());
    assert_eq!(
        root.query_selector_all(".recent-order").unwrap().length(),
        2
    );
    click(&root, ".recent li:nth-child(2) .recent-order").await;
    assert_eq!(*opened.borrow(), [haat::route::Page::Order { id: 7 }]);
}
