//! Components and views rendered by Yew in a real headless Chromium
//! (`wasm-pack test --headless --chrome`, or `cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)] // a missing DOM node is the failure these tests report

use std::{cell::RefCell, rc::Rc};

use haat::{
    api::Remote,
    cart::{Cart, CartAction, PriceSeen},
    components::{ProductCard, ProductCardProps},
    pages::{
        CartViewProps, CheckoutViewProps, OrderViewProps, cart_view, checkout_view, order_view,
    },
    storage::{self, Choices},
};
use haat_api::{
    ApiError, Catalog, Category, Customer, DeliverySlot, FieldError, Fulfilment, Money, Order,
    OrderStatus, PaymentMethod, PricedLine, Product, Quote, Shortage, StatusChange, StoreProfile,
    Substitution, Totals, Variant,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlSelectElement};
use yew::{BaseComponent, Callback, Html, Renderer, component, scheduler::flush};

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
fn OrderView(props: &OrderViewProps) -> Html {
    order_view(props)
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
    let root = mount::<ProductCard>(ProductCardProps {
        product: dal(),
        currency: "INR".into(),
        in_cart: vec![0, 0],
        icon: Some("🌾".into()),
        on_cart,
    })
    .await;
    assert_eq!(text(&root, ".name"), "Toor Dal");
    assert_eq!(text(&root, ".name-local"), "अरहर दाल");
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
    let root = mount::<ProductCard>(ProductCardProps {
        product,
        currency: "INR".into(),
        in_cart: vec![0],
        icon: None,
        on_cart,
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
    let root = mount::<ProductCard>(ProductCardProps {
        product: dal(),
        currency: "INR".into(),
        in_cart: vec![5, 0],
        icon: None,
        on_cart,
    })
    .await;
    assert!(root.query_selector(".add").unwrap().is_none());
    assert_eq!(text(&root, ".quantity"), "5");
    assert!(disabled(&root, ".more"), "only 5 in stock");
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
        catalog: catalog(),
        cart: cart_with(1),
        quote: Some(quote_for(1, 89, 25)),
        on_cart,
        on_checkout,
        on_back: Callback::noop(),
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
        catalog: catalog(),
        cart: cart_with(2),
        quote: Some(quote_for(2, 89, 25)),
        on_cart: Callback::noop(),
        on_checkout,
        on_back: Callback::noop(),
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
    })
    .await;
    assert!(text(&root, ".notice.error").contains("Only 1 of Toor Dal"));
    assert!(disabled(&root, ".checkout"));
}

fn checkout_props(
    error: Option<ApiError>,
    placing: bool,
) -> (CheckoutViewProps, Rc<RefCell<Vec<()>>>) {
    let (submits, on_submit) = recorder();
    (
        CheckoutViewProps {
            customer: Customer {
                name: "Asha".into(),
                phone: String::new(),
                address: "12, 3rd Cross".into(),
                pincode: String::new(),
            },
            profile: Rc::new(catalog().store.clone()),
            choices: Choices::default(),
            on_choices: Callback::noop(),
            quote: Some(quote_for(2, 89, 25)),
            placing,
            checked: false,
            error,
            on_change: Callback::noop(),
            on_submit,
            on_back: Callback::noop(),
        },
        submits,
    )
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
    let (props, submits) = checkout_props(Some(error), false);
    let root = mount::<CheckoutView>(props).await;
    assert_eq!(
        text(&root, ".field-error"),
        "Please enter your phone number."
    );
    assert_eq!(root.query_selector_all(".field-error").unwrap().length(), 1);
    assert_eq!(text(&root, ".totals .total"), "₹203");
    click(&root, ".place-order").await;
    assert_eq!(submits.borrow().len(), 1);
}

#[wasm_bindgen_test]
async fn the_place_order_button_is_disabled_while_placing() {
    let (props, submits) = checkout_props(None, true);
    let root = mount::<CheckoutView>(props).await;
    assert!(disabled(&root, ".place-order"));
    assert_eq!(text(&root, ".place-order"), "Placing your order…");
    click(&root, ".place-order").await;
    assert!(submits.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn the_order_page_shows_the_servers_id_and_total() {
    let root = mount::<OrderView>(OrderViewProps {
        order: Order {
            id: 1042,
            store: "demo".into(),
            status: OrderStatus::Placed,
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
            history: vec![StatusChange {
                status: OrderStatus::Placed,
                at_ms: 0,
            }],
            payment: PaymentMethod::Cash,
            payment_link: None,
            note: String::new(),
        },
        shop: None,
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
    let (mut props, _) = checkout_props(None, false);
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

    let (mut pickup, _) = checkout_props(None, false);
    pickup.choices.fulfilment = Fulfilment::Pickup;
    let root = mount::<CheckoutView>(pickup).await;
    assert!(
        root.query_selector("#address").unwrap().is_none(),
        "no address for pickup"
    );
    assert!(root.query_selector(".slots").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn checkout_says_what_is_wrong_beside_each_field_before_sending() {
    let (mut props, _) = checkout_props(None, false);
    props.customer.phone = "58450 12345".into();
    let root = mount::<CheckoutView>(props).await;
    assert_eq!(
        text(&root, "#phone-error"),
        "Enter a 10-digit mobile number, or an international number starting with +.",
        "a complete-looking phone number is checked as it is typed"
    );
    assert!(root.query_selector("#pincode-error").unwrap().is_none());

    let (mut tried, _) = checkout_props(None, false);
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
async fn a_failed_connection_offers_a_retry_and_keeps_the_order() {
    let offline = ApiError {
        code: "network_error".into(),
        message: "Could not reach the shop. Check your connection and try again.".into(),
        details: vec![],
    };
    let (props, submits) = checkout_props(Some(offline), false);
    let root = mount::<CheckoutView>(props).await;
    assert!(text(&root, ".notice.offline").contains("kept on this phone"));
    click(&root, ".notice.error button").await;
    assert_eq!(submits.borrow().len(), 1, "Try again places the order");
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
        catalog: catalog(),
        cart: seen_cart(2, 79),
        quote: Some(quote_for(2, 89, 25)),
        on_cart,
        on_checkout,
        on_back: Callback::noop(),
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
        catalog: catalog(),
        cart: seen_cart(3, 89),
        quote: Some(Remote::Loaded(Rc::new(quote))),
        on_cart,
        on_checkout: Callback::noop(),
        on_back: Callback::noop(),
    })
    .await;
    assert!(text(&root, ".short").starts_with("Only 2 left"));
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
            .map(|status| StatusChange {
                status: *status,
                at_ms: 0,
            })
            .collect(),
        payment: PaymentMethod::UpiNow,
        payment_link: Some("upi://pay?pa=sharmakirana@upi&am=123456.00".into()),
        note: "Ring twice".into(),
    }
}

#[wasm_bindgen_test]
async fn the_order_page_has_a_timeline_a_upi_link_and_a_whatsapp_hand_off() {
    let root = mount::<OrderView>(OrderViewProps {
        order: placed_order(
            OrderStatus::Packed,
            &[
                OrderStatus::Placed,
                OrderStatus::Accepted,
                OrderStatus::Packed,
            ],
        ),
        shop: Some(Rc::new(catalog().store.clone())),
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
        order: placed_order(
            OrderStatus::Cancelled,
            &[OrderStatus::Placed, OrderStatus::Cancelled],
        ),
        shop: None,
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

#[wasm_bindgen_test]
fn a_checkout_attempt_keeps_its_key_and_body_until_settled() {
    storage::forget_checkout_attempt("attempt-test");
    let first = storage::checkout_attempt("attempt-test", "{\"first\":1}".into()).unwrap();
    let retry = storage::checkout_attempt("attempt-test", "{\"edited\":2}".into()).unwrap();
    assert_eq!(
        retry, first,
        "a retry sends the first body under the first key"
    );
    storage::forget_checkout_attempt("attempt-test");
    let next = storage::checkout_attempt("attempt-test", "{\"edited\":2}".into()).unwrap();
    assert_ne!(next.key, first.key);
    assert_eq!(next.body, "{\"edited\":2}");
    storage::forget_checkout_attempt("attempt-test");
}
