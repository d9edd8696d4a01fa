//! The app in a preview of the shop's draft, over real HTTP, on every storage backend: with a preview
//! link's token (`?preview=…`), the catalog is the draft as shoppers will see it, quotes are priced from
//! it, and orders are tests: priced from the draft, taking no stock, kept out of the shop's orders and
//! their feed, read and cancelled by the shopper as any other. A token that does not open the draft is
//! refused (403 `preview_ended`), never taken for the live shop, and leaves nothing behind.

#[macro_use]
mod common;

use std::time::Duration;

use common::{
    Backend, MERCHANT_TOKEN, TestApp, expect_error, max_quantity, now_ms, order_body, spawn_app,
    spawn_signup_app,
};
use haat_api::{
    Catalog, Draft, DraftProduct, DraftVariant, Money, Order, OrderList, OrderStatus, PlacedOrder,
    PreviewLink, Quote, SignIn, Stock,
};
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

on_every_backend! {
    a_preview_shows_the_draft_and_the_live_shop_does_not,
    a_test_order_is_priced_from_the_draft_and_takes_no_stock,
    a_test_order_is_not_among_the_shops_orders_nor_in_their_feed,
    the_same_key_replays_the_same_test_order,
    a_token_that_does_not_open_the_draft_is_refused_and_leaves_nothing,
    old_test_orders_are_deleted_with_the_testers_details,
    a_test_orders_retry_after_its_link_ended_gets_its_first_answer,
}

/// Paneer 200 g's price in the draft: ₹85 instead of the live ₹90.
const DRAFT_PANEER_MINOR: i64 = 8_500;

/// `method /api/stores/demo{path}` as the demo shop's owner.
fn merchant(app: &TestApp, method: Method, path: &str) -> reqwest::RequestBuilder {
    app.client
        .request(method, format!("{}/api/stores/demo{path}", app.base))
        .bearer_auth(MERCHANT_TOKEN)
}

/// A preview link of `store` made now with its owner's `secret`, and its token.
async fn preview_token(app: &TestApp, store: &str, secret: &str) -> String {
    let response = app
        .client
        .post(format!("{}/api/stores/{store}/preview", app.base))
        .bearer_auth(secret)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let link: PreviewLink = response.json().await.expect("a preview link");
    link.url
        .strip_prefix(&format!("/s/{store}?preview="))
        .unwrap_or_else(|| panic!("a link to the shop's page: {link:?}"))
        .to_owned()
}

/// `path` with the preview's `token` as its query.
fn previewing(path: &str, token: &str) -> String {
    format!("{path}?preview={token}")
}

async fn catalog_with(app: &TestApp, token: &str) -> reqwest::Response {
    app.get(&previewing("/api/stores/demo/catalog", token))
        .await
}

async fn preview_catalog(app: &TestApp, token: &str) -> Catalog {
    let response = catalog_with(app, token).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("the draft as a catalog")
}

async fn quote_with(app: &TestApp, token: &str, lines: Value) -> reqwest::Response {
    app.post(
        &previewing("/api/stores/demo/quotes", token),
        &json!({ "lines": lines }),
    )
    .await
}

/// `POST /api/stores/demo/orders?preview={token}` of `lines`, under `key` if any.
async fn order_with(
    app: &TestApp,
    token: &str,
    key: Option<&str>,
    lines: Value,
) -> reqwest::Response {
    let request = app
        .client
        .post(format!(
            "{}{}",
            app.base,
            previewing("/api/stores/demo/orders", token)
        ))
        .json(&order_body(lines));
    let request = match key {
        Some(key) => request.header("idempotency-key", key),
        None => request,
    };
    request.send().await.expect("request")
}

async fn placed(response: reqwest::Response) -> PlacedOrder {
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{:?}",
        response.text().await
    );
    response.json().await.expect("a placed order")
}

async fn draft(app: &TestApp) -> Draft {
    let response = merchant(app, Method::GET, "/draft")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("the draft")
}

fn pack(label: &str, minor: i64, stock: Option<Stock>) -> DraftVariant {
    DraftVariant {
        id: String::new(),
        label: label.into(),
        price: Money::from_minor(minor),
        mrp: None,
        stock,
    }
}

/// The draft-only product the owner adds: its id, and its packs' ids (no stock set; 3 counted; not
/// counted).
struct Added {
    id: String,
    stockless: String,
    three: String,
    loose: String,
}

/// Edits the demo shop's draft, one product at a time: Khoa added (only in the draft); paneer
/// 200 g cheaper; toor dal 500 g's stock set to 2 in the draft; salt hidden.
async fn edit_draft(app: &TestApp) -> Added {
    let response = merchant(app, Method::POST, "/draft/products")
        .json(&DraftProduct {
            id: String::new(),
            category: "dairy".into(),
            name: "Khoa".into(),
            name_local: None,
            image: None,
            description: None,
            search_words: Vec::new(),
            hidden: false,
            variants: vec![
                pack("250 g", 12_000, None),
                pack("500 g", 22_000, Some(Stock::Count(3))),
                pack("1 kg", 42_000, Some(Stock::Untracked)),
            ],
        })
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
    let added: DraftProduct = response.json().await.expect("the added product");
    let ids: Vec<String> = added.variants.iter().map(|pack| pack.id.clone()).collect();

    let started = draft(app).await.catalog;
    let edit = |id: &str, change: &dyn Fn(&mut DraftProduct)| {
        let mut product = started
            .products
            .iter()
            .find(|product| product.id == id)
            .unwrap_or_else(|| panic!("{id} in the draft"))
            .clone();
        change(&mut product);
        product
    };
    for product in [
        edit("paneer", &|product| {
            product.variants[0].price = Money::from_minor(DRAFT_PANEER_MINOR);
        }),
        edit("toor-dal", &|product| {
            product.variants[0].stock = Some(Stock::Count(2));
        }),
        edit("salt", &|product| product.hidden = true),
    ] {
        let response = merchant(app, Method::PUT, &format!("/draft/products/{}", product.id))
            .json(&product)
            .send()
            .await
            .expect("request");
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "{}: {:?}",
            product.id,
            response.text().await
        );
    }
    assert!(draft(app).await.unpublished);
    Added {
        id: added.id,
        stockless: ids[0].clone(),
        three: ids[1].clone(),
        loose: ids[2].clone(),
    }
}

fn price(catalog: &Catalog, product: &str, variant: &str) -> Option<i64> {
    catalog
        .products
        .iter()
        .find(|it| it.id == product)
        .and_then(|it| it.variants.iter().find(|it| it.id == variant))
        .map(|it| it.price.minor())
}

fn sells(catalog: &Catalog, product: &str) -> bool {
    catalog.products.iter().any(|it| it.id == product)
}

/// The shopper's order, read with its token.
async fn read_order(app: &TestApp, id: i64, token: &str) -> reqwest::Response {
    app.client
        .get(format!("{}/api/orders/{id}", app.base))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
}

async fn cancel_order(app: &TestApp, id: i64, token: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/api/orders/{id}/cancel", app.base))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
}

async fn a_preview_shows_the_draft_and_the_live_shop_does_not(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = preview_token(&app, "demo", MERCHANT_TOKEN).await;
    let live = app.catalog().await;
    // Without a draft, the preview is the live catalog.
    assert_eq!(preview_catalog(&app, &token).await, live);

    let added = edit_draft(&app).await;
    let previewed = preview_catalog(&app, &token).await;
    // The draft's new product, each pack's stock as the draft sets it: none set is none to order.
    let khoa = previewed
        .products
        .iter()
        .find(|product| product.id == added.id)
        .expect("the draft's new product");
    assert_eq!(
        khoa.variants
            .iter()
            .map(|pack| (pack.id.as_str(), pack.price.minor(), pack.max_quantity))
            .collect::<Vec<_>>(),
        [
            (added.stockless.as_str(), 12_000, 0),
            (added.three.as_str(), 22_000, 3),
            (added.loose.as_str(), 42_000, 50),
        ]
    );
    assert_eq!(
        price(&previewed, "paneer", "200g"),
        Some(DRAFT_PANEER_MINOR)
    );
    assert_eq!(
        max_quantity(&previewed, "paneer", "200g"),
        15,
        "a pack whose stock the draft does not set: the live stock"
    );
    assert_eq!(max_quantity(&previewed, "toor-dal", "500g"), 2);
    assert!(!sells(&previewed, "salt"), "a product the draft hides");

    // The live shop shows none of it.
    let still = app.catalog().await;
    assert_eq!(still, live, "shoppers see none of the draft");
    assert!(!sells(&still, &added.id));
    assert_eq!(price(&still, "paneer", "200g"), Some(9_000));
    assert_eq!(max_quantity(&still, "toor-dal", "500g"), 35);
    assert!(sells(&still, "salt"));

    // The preview's catalog is revalidated by its own tag, as the live one is.
    let response = catalog_with(&app, &token).await;
    let tag = response
        .headers()
        .get("etag")
        .and_then(|value| value.to_str().ok())
        .expect("an ETag")
        .to_owned();
    let live_tag = app
        .get("/api/stores/demo/catalog")
        .await
        .headers()
        .get("etag")
        .and_then(|value| value.to_str().ok())
        .expect("an ETag")
        .to_owned();
    assert_ne!(tag, live_tag, "the draft is another catalog");
    let again = app
        .client
        .get(format!(
            "{}{}",
            app.base,
            previewing("/api/stores/demo/catalog", &token)
        ))
        .header("if-none-match", &tag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    // Discarded, the draft is gone from the preview too.
    let response = merchant(&app, Method::DELETE, "/draft")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(preview_catalog(&app, &token).await, live);
}

async fn a_test_order_is_priced_from_the_draft_and_takes_no_stock(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = preview_token(&app, "demo", MERCHANT_TOKEN).await;

    // Without a draft a test order is priced from the live catalog, and takes no stock all the same.
    let lines = json!([{"product": "paneer", "variant": "200g", "quantity": 2}]);
    let tried = placed(order_with(&app, &token, None, lines.clone()).await).await;
    assert!(tried.order.test, "{tried:?}");
    assert_eq!(tried.order.totals.subtotal.minor(), 18_000);
    assert_eq!(max_quantity(&app.catalog().await, "paneer", "200g"), 15);

    let added = edit_draft(&app).await;
    let draft_before = draft(&app).await;

    // A quote in the preview is the draft's; the live quote is the live shop's.
    let cart = json!([
        {"product": "paneer", "variant": "200g", "quantity": 2},
        {"product": added.id, "variant": added.three, "quantity": 1},
    ]);
    let response = quote_with(&app, &token, cart.clone()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let quote: Quote = response.json().await.expect("a quote");
    assert_eq!(
        quote
            .lines
            .iter()
            .map(|line| (line.product.as_str(), line.unit_price.minor()))
            .collect::<Vec<_>>(),
        [("paneer", DRAFT_PANEER_MINOR), (added.id.as_str(), 22_000)]
    );
    assert_eq!(
        quote.totals.subtotal.minor(),
        2 * DRAFT_PANEER_MINOR + 22_000
    );
    assert!(quote.shortages.is_empty(), "{quote:?}");
    let live_quote: Quote = app
        .post("/api/stores/demo/quotes", &json!({ "lines": lines }))
        .await
        .json()
        .await
        .expect("a quote");
    assert_eq!(live_quote.totals.subtotal.minor(), 18_000);
    expect_error(
        app.post("/api/stores/demo/quotes", &json!({ "lines": cart }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_product",
    )
    .await;
    // The draft's stock: a new pack without stock set has none, the draft's count is the limit.
    let response = quote_with(
        &app,
        &token,
        json!([{"product": added.id, "variant": added.stockless, "quantity": 1}]),
    )
    .await;
    let short: Quote = response.json().await.expect("a quote");
    assert_eq!(short.shortages.len(), 1, "{short:?}");
    assert_eq!(short.shortages[0].available, 0);
    // A product the draft hides is not sold in the preview; the live shop sells it.
    expect_error(
        quote_with(
            &app,
            &token,
            json!([{"product": "salt", "variant": "1kg", "quantity": 1}]),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_product",
    )
    .await;

    // A test order: the draft's prices, the draft-only product's packs (counted and not), and a live pack.
    let stock_before = max_quantity(&app.catalog().await, "paneer", "200g");
    let order_lines = json!([
        {"product": "paneer", "variant": "200g", "quantity": 2},
        {"product": added.id, "variant": added.three, "quantity": 3},
        {"product": added.id, "variant": added.loose, "quantity": 1},
        {"product": "toor-dal", "variant": "500g", "quantity": 2},
    ]);
    let tried = placed(order_with(&app, &token, None, order_lines).await).await;
    assert!(tried.order.test);
    assert_eq!(tried.order.status, OrderStatus::Placed);
    assert_eq!(
        tried
            .order
            .lines
            .iter()
            .map(|line| (
                line.variant.as_str(),
                line.unit_price.minor(),
                line.quantity
            ))
            .collect::<Vec<_>>(),
        [
            ("200g", DRAFT_PANEER_MINOR, 2),
            (added.three.as_str(), 22_000, 3),
            (added.loose.as_str(), 42_000, 1),
            ("500g", 8_900, 2),
        ]
    );
    assert_eq!(
        tried.order.totals.subtotal.minor(),
        2 * DRAFT_PANEER_MINOR + 3 * 22_000 + 42_000 + 2 * 8_900
    );
    // No stock taken: not the live shop's, not the draft's.
    let live = app.catalog().await;
    assert_eq!(max_quantity(&live, "paneer", "200g"), stock_before);
    assert_eq!(max_quantity(&live, "toor-dal", "500g"), 35);
    let previewed = preview_catalog(&app, &token).await;
    assert_eq!(max_quantity(&previewed, &added.id, &added.three), 3);
    assert_eq!(max_quantity(&previewed, "toor-dal", "500g"), 2);
    assert_eq!(
        draft(&app).await,
        draft_before,
        "the draft as it was: a test order changes nothing of it"
    );

    // Beyond the draft's stock, it is refused as any order is, though the live shop has it.
    for (product, variant, quantity) in [
        (added.id.as_str(), added.stockless.as_str(), 1),
        (added.id.as_str(), added.three.as_str(), 4),
        ("toor-dal", "500g", 3),
    ] {
        expect_error(
            order_with(
                &app,
                &token,
                None,
                json!([
                    {"product": product, "variant": variant, "quantity": quantity},
                    {"product": "paneer", "variant": "200g", "quantity": 2},
                ]),
            )
            .await,
            StatusCode::CONFLICT,
            "out_of_stock",
        )
        .await;
    }
    // Below the minimum order, or a hidden product: refused as any order is.
    expect_error(
        order_with(
            &app,
            &token,
            None,
            json!([{"product": "toor-dal", "variant": "500g", "quantity": 1}]),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "below_minimum_order",
    )
    .await;
    expect_error(
        order_with(
            &app,
            &token,
            None,
            json!([
                {"product": "salt", "variant": "1kg", "quantity": 1},
                {"product": "paneer", "variant": "200g", "quantity": 2},
            ]),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_product",
    )
    .await;

    // The shopper reads it with its token, and no other way; and cancels it: nothing is given back.
    let id = tried.order.id;
    let response = read_order(&app, id, &tried.token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let read: Order = response.json().await.expect("the order");
    assert_eq!(read, tried.order);
    expect_error(
        read_order(&app, id, "not-the-token").await,
        StatusCode::NOT_FOUND,
        "order_not_found",
    )
    .await;
    let response = cancel_order(&app, id, &tried.token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cancelled: Order = response.json().await.expect("the cancelled order");
    assert!(cancelled.test);
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    expect_error(
        cancel_order(&app, id, &tried.token).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    let live = app.catalog().await;
    assert_eq!(
        max_quantity(&live, "paneer", "200g"),
        stock_before,
        "cancelling a test order gives no stock back"
    );
    assert_eq!(max_quantity(&live, "toor-dal", "500g"), 35);
    let previewed = preview_catalog(&app, &token).await;
    assert_eq!(max_quantity(&previewed, &added.id, &added.three), 3);
    assert_eq!(max_quantity(&previewed, "toor-dal", "500g"), 2);

    // Published, the draft's product is the live shop's, with the draft's stock: nothing was taken.
    let response = merchant(&app, Method::POST, "/draft/publish")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let live = app.catalog().await;
    assert_eq!(max_quantity(&live, &added.id, &added.three), 3);
    assert_eq!(max_quantity(&live, "toor-dal", "500g"), 2);
    assert_eq!(max_quantity(&live, "paneer", "200g"), stock_before);
}

/// The merchant's feed from its first event (`?after=0`), read until an event for order `until` in
/// `status` arrives: the orders of its events, in order. The feed replays what is stored in event order,
/// so an event for an order placed before `until` reached that status would be among them.
async fn feed_until(app: &TestApp, until: i64, status: OrderStatus) -> Vec<Order> {
    let mut response = merchant(app, Method::GET, "/orders/events?after=0")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let mut pending: Vec<u8> = Vec::new();
    let mut orders = Vec::new();
    loop {
        let chunk = tokio::time::timeout_at(deadline, response.chunk())
            .await
            .expect("the feed's events within 20 seconds")
            .expect("the feed reads")
            .expect("the feed does not end");
        pending.extend_from_slice(&chunk);
        while let Some(end) = pending.windows(2).position(|pair| pair == b"\n\n") {
            let event: Vec<u8> = pending.drain(..end + 2).collect();
            let event = String::from_utf8(event).expect("UTF-8 events");
            let Some(data) = event.lines().find_map(|line| line.strip_prefix("data:")) else {
                continue;
            };
            let order: Order = serde_json::from_str(data.trim()).expect("an order");
            let last = order.id == until && order.status == status;
            orders.push(order);
            if last {
                return orders;
            }
        }
    }
}

async fn a_test_order_is_not_among_the_shops_orders_nor_in_their_feed(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = preview_token(&app, "demo", MERCHANT_TOKEN).await;
    let lines = json!([{"product": "paneer", "variant": "200g", "quantity": 2}]);
    let first = placed(
        app.post("/api/stores/demo/orders", &order_body(lines.clone()))
            .await,
    )
    .await;
    assert!(!first.order.test, "a real order is not a test");
    let tried = placed(order_with(&app, &token, None, lines.clone()).await).await;
    assert!(tried.order.test);
    let response = cancel_order(&app, tried.order.id, &tried.token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let last = placed(
        app.post("/api/stores/demo/orders", &order_body(lines))
            .await,
    )
    .await;

    // The merchant's list: the real orders only, newest first.
    let listed: Vec<i64> = app
        .merchant_orders()
        .await
        .iter()
        .map(|order| order.id)
        .collect();
    assert_eq!(listed, [last.order.id, first.order.id]);

    // The feed: the real orders' events only, though the test order was placed and cancelled between.
    let fed: Vec<(i64, OrderStatus)> = feed_until(&app, last.order.id, OrderStatus::Placed)
        .await
        .iter()
        .map(|order| (order.id, order.status))
        .collect();
    assert_eq!(
        fed,
        [
            (first.order.id, OrderStatus::Placed),
            (last.order.id, OrderStatus::Placed)
        ]
    );
    // Stock: only the real orders took theirs.
    assert_eq!(
        max_quantity(&app.catalog().await, "paneer", "200g"),
        15 - 2 - 2
    );
}

async fn the_same_key_replays_the_same_test_order(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = preview_token(&app, "demo", MERCHANT_TOKEN).await;
    let added = edit_draft(&app).await;
    let lines = json!([{"product": added.id, "variant": added.three, "quantity": 1}]);
    let key = "preview-attempt-1";
    let first = order_with(&app, &token, Some(key), lines.clone()).await;
    assert_eq!(first.headers().get("idempotent-replayed"), None);
    let first = placed(first).await;
    assert!(first.order.test);
    for _ in 0..2 {
        let again = order_with(&app, &token, Some(key), lines.clone()).await;
        assert_eq!(
            again
                .headers()
                .get("idempotent-replayed")
                .and_then(|value| value.to_str().ok()),
            Some("true")
        );
        assert_eq!(placed(again).await, first, "the same test order and token");
    }
    // Another body under the key is refused; a new key is a new test order.
    expect_error(
        order_with(
            &app,
            &token,
            Some(key),
            json!([{"product": added.id, "variant": added.three, "quantity": 2}]),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
    let second =
        placed(order_with(&app, &token, Some("preview-attempt-2"), lines.clone()).await).await;
    assert!(second.order.test);
    assert_ne!(second.order.id, first.order.id);
    // A preview's key never answers a shopper's request: the same attempt sent without the preview's
    // token is another request under that key, refused, and places no real order.
    let response = app
        .client
        .post(format!("{}/api/stores/demo/orders", app.base))
        .header("idempotency-key", key)
        .json(&order_body(lines))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json::<serde_json::Value>().await.expect("json")["code"],
        "idempotency_key_reused"
    );
    // None of it is the shop's, and no stock was taken.
    assert!(app.merchant_orders().await.is_empty());
    assert_eq!(
        max_quantity(
            &preview_catalog(&app, &token).await,
            &added.id,
            &added.three
        ),
        3
    );
}

/// A token for the demo shop's preview ending at `until_ms`, signed as the server signs one: with the
/// hash of the owner's secret (the tests know the demo shop's), over the shop and the end. The only
/// way to have one that has ended without waiting a week.
fn signed_token(until_ms: i64) -> String {
    let key = hex::encode(Sha256::digest(MERCHANT_TOKEN.as_bytes()));
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("any key");
    mac.update(format!("haat preview\ndemo\n{until_ms}").as_bytes());
    format!("{until_ms}.{}", hex::encode(mac.finalize().into_bytes()))
}

/// Asks for the catalog, a quote and an order (under `key`) of the demo shop with `token`: each is
/// 403 `preview_ended`, saying `why`.
async fn refused_everywhere(app: &TestApp, token: &str, key: &str, why: &str) {
    let lines = json!([{"product": "paneer", "variant": "200g", "quantity": 2}]);
    for (what, response) in [
        ("catalog", catalog_with(app, token).await),
        ("quote", quote_with(app, token, lines.clone()).await),
        (
            "order",
            order_with(app, token, Some(key), lines.clone()).await,
        ),
    ] {
        let error = expect_error(response, StatusCode::FORBIDDEN, "preview_ended").await;
        assert!(
            error.message.contains(why),
            "{what} with {token:?}: {error:?}"
        );
    }
}

async fn a_token_that_does_not_open_the_draft_is_refused_and_leaves_nothing(backend: Backend) {
    let app = spawn_signup_app(backend).await;
    let token = preview_token(&app, "demo", MERCHANT_TOKEN).await;
    edit_draft(&app).await;
    let live = app.catalog().await;
    // Signed as the server signs: one still to end opens the draft, so the one that has ended below is
    // refused for its end alone.
    let signed = signed_token(now_ms() + 60_000);
    assert_eq!(catalog_with(&app, &signed).await.status(), StatusCode::OK);

    // Another shop's link opens its own draft only.
    let response = app
        .post(
            "/api/shops",
            &json!({"name": "Other Shop", "phone": "98450 12345"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let other: SignIn = response.json().await.expect("a sign-in");
    let others = preview_token(&app, &other.store, &other.secret).await;
    let response = app
        .get(&previewing(
            &format!("/api/stores/{}/catalog", other.store),
            &others,
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    expect_error(
        app.get(&previewing(
            &format!("/api/stores/{}/catalog", other.store),
            &token,
        ))
        .await,
        StatusCode::FORBIDDEN,
        "preview_ended",
    )
    .await;

    let (until, signature) = token.split_once('.').expect("an end and a signature");
    let last = if signature.ends_with('0') { '1' } else { '0' };
    let tampered = format!("{}{last}", &token[..token.len() - 1]);
    let stretched = format!("{}.{signature}", until.parse::<i64>().expect("an end") + 1);
    let not_made = "This preview link is not one Haat made.";
    for (bad, why) in [
        (tampered.as_str(), not_made),
        (stretched.as_str(), not_made),
        (others.as_str(), not_made),
        ("garbage", not_made),
        ("", not_made),
        (&signed_token(now_ms() - 1_000), "has ended"),
    ] {
        refused_everywhere(&app, bad, "refused-attempt", why).await;
    }

    // Nothing was placed, taken or kept: the key the refused orders were sent under is free.
    assert!(app.merchant_orders().await.is_empty());
    assert_eq!(app.catalog().await, live);
    let lines = json!([{"product": "paneer", "variant": "200g", "quantity": 2}]);
    let response = order_with(&app, &token, Some("refused-attempt"), lines.clone()).await;
    assert_eq!(response.headers().get("idempotent-replayed"), None);
    let tried = placed(response).await;
    assert!(tried.order.test);

    // A new secret ends every link made before it, the test order's too: refused, never the live shop.
    let response = merchant(&app, Method::POST, "/merchant/secret")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let renewed: SignIn = response.json().await.expect("a sign-in");
    refused_everywhere(&app, &token, "after-the-new-secret", not_made).await;
    // The same attempt again, with the ended link: refused, not replayed.
    expect_error(
        order_with(&app, &token, Some("refused-attempt"), lines).await,
        StatusCode::FORBIDDEN,
        "preview_ended",
    )
    .await;
    let response = app
        .client
        .get(format!("{}/api/stores/demo/orders", app.base))
        .bearer_auth(&renewed.secret)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let listed: OrderList = response.json().await.expect("the orders");
    assert!(listed.orders.is_empty(), "no order placed: {listed:?}");
    // The test order placed before stays the shopper's to read.
    let response = read_order(&app, tried.order.id, &tried.token).await;
    assert_eq!(response.status(), StatusCode::OK);
    // A link made with the new secret opens the draft.
    let anew = preview_token(&app, "demo", &renewed.secret).await;
    assert_eq!(catalog_with(&app, &anew).await.status(), StatusCode::OK);
    assert_eq!(app.catalog().await, live);
}

async fn a_test_orders_retry_after_its_link_ended_gets_its_first_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    // A link that ends in a moment: the test order goes through, and its answer is lost on the way.
    let until = now_ms() + 1_500;
    let token = signed_token(until);
    let lines = json!([{"product": "paneer", "variant": "200g", "quantity": 2}]);
    let first = placed(order_with(&app, &token, Some("slow-network"), lines.clone()).await).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while now_ms() <= until {
        assert!(std::time::Instant::now() < deadline, "the link ends");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The phone sends it again once the link has ended: the order it placed, not a refusal.
    let again = order_with(&app, &token, Some("slow-network"), lines.clone()).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(placed(again).await.order.id, first.order.id);
    let withdrawn = app
        .client
        .post(format!(
            "{}{}",
            app.base,
            previewing("/api/stores/demo/orders/withdraw", &token)
        ))
        .header("idempotency-key", "slow-network")
        .json(&order_body(lines.clone()))
        .send()
        .await
        .expect("request");
    assert_eq!(placed(withdrawn).await.order.id, first.order.id);
    // A new attempt with the ended link is refused, as is a changed body under the first key.
    refused_everywhere(&app, &token, "a-new-attempt", "has ended").await;
    let changed = json!([{"product": "paneer", "variant": "200g", "quantity": 3}]);
    expect_error(
        order_with(&app, &token, Some("slow-network"), changed).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
}

async fn old_test_orders_are_deleted_with_the_testers_details(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = preview_token(&app, "demo", MERCHANT_TOKEN).await;
    let lines = json!([{"product": "paneer", "variant": "200g", "quantity": 2}]);
    let tried = placed(order_with(&app, &token, None, lines.clone()).await).await;
    let cancelled = placed(order_with(&app, &token, None, lines.clone()).await).await;
    let response = cancel_order(&app, cancelled.order.id, &cancelled.token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let real = placed(
        app.post("/api/stores/demo/orders", &order_body(lines))
            .await,
    )
    .await;

    let store = haat_server::store::connect(app.database_url())
        .await
        .expect("the server's database");
    // Test orders placed since the moment given stay.
    let before_them = tried.order.created_at_ms;
    assert_eq!(
        store.purge_test_orders(before_them).await.expect("a purge"),
        0
    );
    assert_eq!(
        read_order(&app, tried.order.id, &tried.token)
            .await
            .status(),
        StatusCode::OK
    );
    let purged = store
        .purge_test_orders(now_ms() + 1)
        .await
        .expect("a purge");
    assert_eq!(purged, 2, "both test orders, the cancelled one too");
    for gone in [&tried, &cancelled] {
        expect_error(
            read_order(&app, gone.order.id, &gone.token).await,
            StatusCode::NOT_FOUND,
            "order_not_found",
        )
        .await;
    }
    // A real order is never purged.
    assert_eq!(
        read_order(&app, real.order.id, &real.token).await.status(),
        StatusCode::OK
    );
    assert_eq!(app.merchant_orders().await.len(), 1);
}
