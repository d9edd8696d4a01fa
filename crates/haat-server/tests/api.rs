//! The order API's contract over real HTTP, run against every storage backend: each test is written once
//! as `async fn test(backend)` and runs as `sqlite::test` (a fresh SQLite file) and `postgres::test` (a
//! fresh database on the server named by `HAAT_TEST_POSTGRES_URL`; see `common`).

#[macro_use]
mod common;

use common::{
    Backend, MERCHANT_TOKEN, TestApp, TestDatabase, customer, expect_error, max_quantity,
    order_body, spawn_app, spawn_on, spawn_telegram_app, telegram,
};
use haat::locale;
use haat_api::{ApiError, Language, Order, PlacedOrder, Quote, TelegramSession};
use haat_server::{Config, Server};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

on_every_backend! {
    serves_the_demo_kirana,
    an_order_is_priced_by_the_server_stored_and_readable_with_its_token,
    a_quote_prices_without_ordering,
    bad_orders_get_a_clear_4xx_and_store_nothing,
    stock_never_goes_below_zero,
    orders_survive_a_restart_and_the_shop_is_seeded_once,
    the_merchant_token_is_generated_once_when_not_configured,
    a_retried_order_is_replayed_not_placed_twice,
    a_refused_order_is_replayed_as_the_same_refusal,
    a_shopper_is_refused_in_their_language,
    a_withdrawn_attempt_can_never_place_its_order,
    withdrawing_an_answered_attempt_replays_its_answer,
    fifty_concurrent_retries_of_one_key_place_one_order,
    retries_spread_over_two_servers_place_one_order,
    the_database_lets_one_order_per_key_through,
    a_hundred_buyers_racing_for_ten_packs_get_exactly_ten,
    orders_sharing_variants_in_either_line_order_neither_oversell_nor_deadlock,
    the_shop_moves_an_order_through_its_life,
    status_changes_need_the_right_party,
    a_cancelled_or_rejected_order_returns_its_stock,
    the_merchant_edits_prices_and_stock_and_new_orders_follow,
    delivery_needs_a_served_pincode_and_pickup_is_free,
    telegram_init_data_is_exchanged_for_a_session,
    forged_stale_reordered_or_re_encoded_init_data_is_refused,
    without_a_bot_token_telegram_identity_is_off,
    payment_note_and_substitutions_travel_with_the_order,
    payment_methods_and_notes_are_checked,
}

async fn serves_the_demo_kirana(backend: Backend) {
    let app = spawn_app(backend).await;
    let catalog = app.catalog().await;
    assert_eq!(catalog.store.slug, "demo");
    assert_eq!(catalog.store.currency, "INR");
    assert_eq!(catalog.products.len(), 60);
    assert!(catalog.categories.len() >= 6);
    assert!(
        catalog
            .products
            .iter()
            .flat_map(|p| &p.variants)
            .any(|v| v.max_quantity == 0),
        "some products are out of stock"
    );
    assert_eq!(catalog.products[0].name_local.as_deref(), Some("गेहूं का आटा"));

    let profile = app.get("/api/stores/demo").await;
    assert_eq!(profile.status(), StatusCode::OK);
    let profile: haat_api::StoreProfile = profile.json().await.expect("profile");
    for store in [&profile, &catalog.store] {
        assert_eq!(
            store.address,
            "Shop 4, 12th Main Road, Indiranagar, Bengaluru 560038"
        );
        assert_eq!(store.hours, "7 am – 10 pm, every day");
    }
    expect_error(
        app.get("/api/stores/nowhere/catalog").await,
        StatusCode::NOT_FOUND,
        "store_not_found",
    )
    .await;
    expect_error(
        app.get("/api/no/such/endpoint").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

async fn an_order_is_priced_by_the_server_stored_and_readable_with_its_token(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = app.catalog().await;
    // Client-sent prices and totals are ignored: only product, variant and quantity count.
    let body = json!({
        "customer": customer(),
        "lines": [
            {"product": "toor-dal", "variant": "1kg", "quantity": 2, "price": 1},
            {"product": "wheat-atta", "variant": "5kg", "quantity": 1, "unit_price": 1}
        ],
        "total": 100
    });
    let response = app.post("/api/stores/demo/orders", &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let placed: PlacedOrder = response.json().await.expect("placed order");
    let order = &placed.order;
    assert_eq!(order.lines[0].unit_price.minor(), 16_900);
    assert_eq!(order.lines[0].line_total.minor(), 33_800);
    assert_eq!(order.totals.subtotal.minor(), 33_800 + 24_500);
    assert_eq!(
        order.totals.delivery_fee.minor(),
        0,
        "free delivery from ₹499"
    );
    assert_eq!(order.totals.total.minor(), 58_300);
    assert_eq!(order.customer.phone, "+919845012345");

    let after = app.catalog().await;
    assert_eq!(
        max_quantity(&after, "toor-dal", "1kg"),
        max_quantity(&before, "toor-dal", "1kg") - 2,
        "stock was taken"
    );

    let read = app
        .client
        .get(format!("{}/api/orders/{}", app.base, order.id))
        .bearer_auth(&placed.token)
        .send()
        .await
        .expect("request");
    assert_eq!(read.status(), StatusCode::OK);
    assert_eq!(&read.json::<Order>().await.expect("order"), order);

    for wrong in [Some("not-the-token"), None] {
        let mut request = app
            .client
            .get(format!("{}/api/orders/{}", app.base, order.id));
        if let Some(token) = wrong {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        expect_error(response, StatusCode::NOT_FOUND, "order_not_found").await;
    }

    assert_eq!(app.merchant_orders().await, vec![order.clone()]);
    let anonymous = app.get("/api/stores/demo/orders").await;
    expect_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

async fn a_quote_prices_without_ordering(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .post(
            "/api/stores/demo/quotes",
            &json!({"lines": [{"product": "salt", "variant": "1kg", "quantity": 2}]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let quote: Quote = response.json().await.expect("quote");
    assert_eq!(quote.totals.subtotal.minor(), 5_600);
    assert_eq!(quote.totals.delivery_fee.minor(), 2_500);
    assert_eq!(quote.totals.total.minor(), 8_100);
    assert!(app.merchant_orders().await.is_empty());
}

async fn bad_orders_get_a_clear_4xx_and_store_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let stock_before = app.catalog().await;
    let dal = json!({"product": "toor-dal", "variant": "1kg", "quantity": 1});
    let cases: Vec<(Value, StatusCode, &str)> = vec![
        (
            order_body(json!([])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_cart",
        ),
        (
            order_body(json!([{"product": "caviar", "variant": "1kg", "quantity": 1}])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_product",
        ),
        (
            order_body(json!([{"product": "toor-dal", "variant": "50kg", "quantity": 1}])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_product",
        ),
        (
            order_body(json!([{"product": "toor-dal", "variant": "1kg", "quantity": 0}])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_quantity",
        ),
        (
            order_body(json!([{"product": "toor-dal", "variant": "1kg", "quantity": -3}])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_json",
        ),
        (
            order_body(json!([{"product": "toor-dal", "variant": "1kg", "quantity": 1e12}])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_json",
        ),
        (
            order_body(json!([{"product": "toor-dal", "variant": "1kg", "quantity": 10_000}])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_quantity",
        ),
        (
            order_body(json!([{"product": "masoor-dal", "variant": "500g", "quantity": 1}, dal])),
            StatusCode::CONFLICT,
            "out_of_stock",
        ),
        (
            order_body(json!([{"product": "salt", "variant": "1kg", "quantity": 1}])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "below_minimum_order",
        ),
        (
            json!({"customer": {"name": " ", "phone": "98450 12345", "address": "12, 3rd Cross"}, "lines": [dal]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_customer",
        ),
        (
            json!({"customer": {"name": "Asha", "phone": "12345", "address": "12, 3rd Cross"}, "lines": [dal]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_customer",
        ),
        (
            json!({"customer": {"name": "Asha", "phone": "98450 12345", "address": ""}, "lines": [dal]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_customer",
        ),
        (
            json!({"customer": {"name": "Asha", "phone": "98450 12345"}, "lines": [dal]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_json",
        ),
        (
            json!({"lines": [dal]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_json",
        ),
        (
            json!({"customer": customer(), "lines": "toor-dal"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_json",
        ),
    ];
    for (body, status, code) in cases {
        let response = app.post("/api/stores/demo/orders", &body).await;
        assert_eq!(response.status(), status, "{body}");
        let error: ApiError = response.json().await.expect("error body");
        assert_eq!(error.code, code, "{body} → {error:?}");
    }

    let missing_phone = app
        .post(
            "/api/stores/demo/orders",
            &json!({"customer": {"name": "", "phone": "", "address": ""}, "lines": [dal]}),
        )
        .await;
    let error = expect_error(
        missing_phone,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_customer",
    )
    .await;
    let fields: Vec<&str> = error.details.iter().map(|d| d.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "customer.name",
            "customer.phone",
            "customer.address",
            "customer.pincode"
        ]
    );

    let url = format!("{}/api/stores/demo/orders", app.base);
    let malformed = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body("{\"customer\": ")
        .send()
        .await
        .expect("request");
    expect_error(malformed, StatusCode::BAD_REQUEST, "invalid_json").await;
    let not_json = app
        .client
        .post(&url)
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .expect("request");
    expect_error(
        not_json,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let huge = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body(format!("{{\"pad\": \"{}\"}}", "x".repeat(70 * 1024)))
        .send()
        .await
        .expect("request");
    expect_error(huge, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;

    assert!(app.merchant_orders().await.is_empty(), "nothing was stored");
    assert_eq!(app.catalog().await, stock_before, "no stock was taken");
}

async fn stock_never_goes_below_zero(backend: Backend) {
    let app = spawn_app(backend).await;
    let available = max_quantity(&app.catalog().await, "butter", "500g");
    assert!(available > 0);
    let line = json!([{"product": "butter", "variant": "500g", "quantity": available}]);
    let first = app
        .post("/api/stores/demo/orders", &order_body(line.clone()))
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let second = app.post("/api/stores/demo/orders", &order_body(line)).await;
    expect_error(second, StatusCode::CONFLICT, "out_of_stock").await;
    assert_eq!(max_quantity(&app.catalog().await, "butter", "500g"), 0);
    assert_eq!(app.merchant_orders().await.len(), 1);
}

async fn orders_survive_a_restart_and_the_shop_is_seeded_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let placed: PlacedOrder = app
        .post(
            "/api/stores/demo/orders",
            &order_body(json!([{"product": "desi-ghee", "variant": "500ml", "quantity": 1}])),
        )
        .await
        .json()
        .await
        .expect("placed");
    let database = app.stop().await;

    let app = spawn_on(database).await;
    assert_eq!(app.merchant_orders().await, vec![placed.order]);
    assert_eq!(app.catalog().await.products.len(), 60, "not seeded twice");
}

async fn the_merchant_token_is_generated_once_when_not_configured(backend: Backend) {
    // SQLite: the file's directories do not exist yet.
    let database = TestDatabase::create(backend, "nested/dir/haat.db").await;
    let config = Config::for_database(database.url.clone());
    let first = Server::start(&config).await.expect("starts");
    let token = first
        .generated_merchant_token()
        .expect("generated on first run")
        .to_owned();
    assert_eq!(token.len(), 64);
    drop(first);
    let second = Server::start(&config).await.expect("starts again");
    assert_eq!(second.generated_merchant_token(), None, "printed only once");
    let base = format!("http://{}", second.local_addr());
    tokio::spawn(second.serve());
    let response = Client::new()
        .get(format!("{base}/api/stores/demo/orders"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the generated token works"
    );
}

async fn place_with_key(app: &TestApp, key: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(format!("{}/api/stores/demo/orders", app.base))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .expect("request")
}

async fn a_retried_order_is_replayed_not_placed_twice(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = order_body(json!([{"product": "tea-leaves", "variant": "250g", "quantity": 1}]));
    let first = place_with_key(&app, "checkout-1", &body).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: PlacedOrder = first.json().await.expect("placed");

    let again = place_with_key(&app, "checkout-1", &body).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(
        again
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
    let again: PlacedOrder = again.json().await.expect("replayed");
    assert_eq!(again, first, "the same order and token");
    assert_eq!(app.merchant_orders().await.len(), 1);

    let other_body =
        order_body(json!([{"product": "tea-leaves", "variant": "250g", "quantity": 2}]));
    expect_error(
        place_with_key(&app, "checkout-1", &other_body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
    expect_error(
        place_with_key(&app, "bad key with spaces", &body).await,
        StatusCode::BAD_REQUEST,
        "invalid_idempotency_key",
    )
    .await;
    assert_eq!(app.merchant_orders().await.len(), 1);
}

async fn a_refused_order_is_replayed_as_the_same_refusal(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = order_body(json!([{"product": "salt", "variant": "1kg", "quantity": 1}]));
    for _ in 0..2 {
        let response = place_with_key(&app, "small-order", &body).await;
        expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "below_minimum_order",
        )
        .await;
    }
    assert!(app.merchant_orders().await.is_empty());
}

/// Whether `text` is written in the script of Unicode's block `from..=to` (not Latin letters).
fn written_in(text: &str, from: char, to: char) -> bool {
    text.chars().any(|letter| (from..=to).contains(&letter))
        && !text.chars().any(|letter| letter.is_ascii_lowercase())
}

async fn a_shopper_is_refused_in_their_language(backend: Backend) {
    let app = spawn_app(backend).await;
    let devanagari = |text: &str| written_in(text, '\u{0900}', '\u{097f}');
    let tamil = |text: &str| written_in(text, '\u{0b80}', '\u{0bff}');

    // An order in Hindi below the shop's minimum: why, in Hindi, with its amounts as Hindi writes money.
    let mut small = order_body(json!([{"product": "salt", "variant": "1kg", "quantity": 1}]));
    small["language"] = json!("hi");
    let refused = expect_error(
        app.post("/api/stores/demo/orders", &small).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "below_minimum_order",
    )
    .await;
    let minimum = app.catalog().await.store.min_order;
    let minimum = locale::money(Language::Hi, minimum, "INR");
    assert!(
        devanagari(&refused.message) && refused.message.contains(&minimum),
        "{refused:?}"
    );

    // An order in Tamil without a name: the field's problem in Tamil.
    let mut nameless =
        order_body(json!([{"product": "tea-leaves", "variant": "250g", "quantity": 1}]));
    nameless["customer"]["name"] = json!("");
    nameless["language"] = json!("ta");
    let refused = expect_error(
        app.post("/api/stores/demo/orders", &nameless).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_customer",
    )
    .await;
    let name = refused
        .field_message("customer.name")
        .expect("the name's problem");
    assert!(tamil(name) && tamil(&refused.message), "{refused:?}");

    // A quote asked for in French, and one in no language Haat speaks (English).
    let unknown = json!({"lines": [{"product": "caviar", "variant": "1kg", "quantity": 1}]});
    let quote = |language: &'static str| {
        app.client
            .post(format!("{}/api/stores/demo/quotes", app.base))
            .header("accept-language", language)
            .json(&unknown)
            .send()
    };
    let french = expect_error(
        quote("fr-FR,fr;q=0.9").await.expect("quote"),
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_product",
    )
    .await;
    let english = expect_error(
        quote("de-DE").await.expect("quote"),
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_product",
    )
    .await;
    assert_eq!(english.message, "This shop does not sell caviar (1kg).");
    assert!(
        french.message != english.message && french.message.contains("caviar (1kg)"),
        "{french:?}"
    );
    assert!(app.merchant_orders().await.is_empty());
}

async fn withdraw_with_key(app: &TestApp, key: Option<&str>, body: &Value) -> reqwest::Response {
    let request = app
        .client
        .post(format!("{}/api/stores/demo/orders/withdraw", app.base));
    let request = match key {
        Some(key) => request.header("idempotency-key", key),
        None => request,
    };
    request.json(body).send().await.expect("request")
}

fn replayed(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get("idempotent-replayed")
        .is_some_and(|value| value == "true")
}

async fn a_withdrawn_attempt_can_never_place_its_order(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = app.catalog().await;
    let body = order_body(json!([{"product": "tea-leaves", "variant": "250g", "quantity": 2}]));

    let withdrawn = withdraw_with_key(&app, Some("offline-1"), &body).await;
    assert_eq!(withdrawn.status(), StatusCode::NO_CONTENT);
    assert!(!replayed(&withdrawn));
    assert!(withdrawn.bytes().await.expect("body").is_empty());

    // The attempt, resent later to this server or another process of the deployment, is refused.
    let beside = app.beside().await;
    for server in [&app, &beside] {
        let resent = place_with_key(server, "offline-1", &body).await;
        assert!(replayed(&resent));
        let error = expect_error(resent, StatusCode::CONFLICT, "order_withdrawn").await;
        assert!(error.message.contains("Place it again"), "{error:?}");
    }
    assert!(app.merchant_orders().await.is_empty(), "no order exists");
    assert_eq!(app.catalog().await, before, "no stock was taken");

    // Withdrawing again is harmless: the kept refusal comes back.
    let again = withdraw_with_key(&app, Some("offline-1"), &body).await;
    assert!(replayed(&again));
    expect_error(again, StatusCode::CONFLICT, "order_withdrawn").await;

    // The key answers only its own body; a withdrawal names its attempt's key.
    let other_body =
        order_body(json!([{"product": "tea-leaves", "variant": "250g", "quantity": 3}]));
    for response in [
        withdraw_with_key(&app, Some("offline-1"), &other_body).await,
        place_with_key(&app, "offline-1", &other_body).await,
    ] {
        expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
        )
        .await;
    }
    expect_error(
        withdraw_with_key(&app, None, &body).await,
        StatusCode::BAD_REQUEST,
        "invalid_idempotency_key",
    )
    .await;
    expect_error(
        withdraw_with_key(&app, Some("bad key"), &body).await,
        StatusCode::BAD_REQUEST,
        "invalid_idempotency_key",
    )
    .await;
    expect_error(
        app.client
            .post(format!("{}/api/stores/nowhere/orders/withdraw", app.base))
            .header("idempotency-key", "offline-1")
            .json(&body)
            .send()
            .await
            .expect("request"),
        StatusCode::NOT_FOUND,
        "store_not_found",
    )
    .await;

    // The changed order goes through under a new key.
    let changed = place_with_key(&app, "offline-2", &other_body).await;
    assert_eq!(changed.status(), StatusCode::CREATED);
    assert_eq!(app.merchant_orders().await.len(), 1);
}

async fn withdrawing_an_answered_attempt_replays_its_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = order_body(json!([{"product": "tea-leaves", "variant": "250g", "quantity": 1}]));
    let placed = place_with_key(&app, "sent-1", &body).await;
    assert_eq!(placed.status(), StatusCode::CREATED);
    let placed: PlacedOrder = placed.json().await.expect("placed");

    // The order was placed: withdrawing it answers with the order, which stands.
    let withdrawn = withdraw_with_key(&app, Some("sent-1"), &body).await;
    assert_eq!(withdrawn.status(), StatusCode::CREATED);
    assert!(replayed(&withdrawn));
    let withdrawn: PlacedOrder = withdrawn.json().await.expect("the placed order");
    assert_eq!(withdrawn, placed, "the same order and token");
    let orders = app.merchant_orders().await;
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].id, placed.order.id);
    let again = place_with_key(&app, "sent-1", &body).await;
    assert_eq!(
        again.status(),
        StatusCode::CREATED,
        "the key still answers 201"
    );

    // A refused attempt is settled too: withdrawing it replays the refusal.
    let small = order_body(json!([{"product": "salt", "variant": "1kg", "quantity": 1}]));
    expect_error(
        place_with_key(&app, "small-1", &small).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "below_minimum_order",
    )
    .await;
    let withdrawn = withdraw_with_key(&app, Some("small-1"), &small).await;
    assert!(replayed(&withdrawn));
    expect_error(
        withdrawn,
        StatusCode::UNPROCESSABLE_ENTITY,
        "below_minimum_order",
    )
    .await;
    assert_eq!(app.merchant_orders().await.len(), 1);
}

async fn fifty_concurrent_retries_of_one_key_place_one_order(backend: Backend) {
    let app = std::sync::Arc::new(spawn_app(backend).await);
    let body = order_body(json!([{"product": "basmati-rice", "variant": "1kg", "quantity": 1}]));
    let attempts = (0..50).map(|_| {
        let (app, body) = (app.clone(), body.clone());
        tokio::spawn(async move { place_with_key(&app, "one-checkout", &body).await.status() })
    });
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.expect("joins"));
    }
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    assert!(statuses.contains(&StatusCode::CREATED));
    assert_eq!(app.merchant_orders().await.len(), 1, "exactly one order");
    let after = place_with_key(&app, "one-checkout", &body).await;
    assert_eq!(
        after.status(),
        StatusCode::CREATED,
        "replayed once finished"
    );
}

/// Two servers on one database know nothing of each other's running requests: the database alone must
/// let one request per key store an order, and the loser must answer with the winner's order.
async fn retries_spread_over_two_servers_place_one_order(backend: Backend) {
    let first = std::sync::Arc::new(spawn_app(backend).await);
    let second = std::sync::Arc::new(first.beside().await);
    let body = order_body(json!([{"product": "basmati-rice", "variant": "1kg", "quantity": 1}]));
    let attempts = (0..20).map(|attempt| {
        let app = if attempt % 2 == 0 { &first } else { &second }.clone();
        let body = body.clone();
        tokio::spawn(async move {
            let response = place_with_key(&app, "two-servers", &body).await;
            let status = response.status();
            let order = (status == StatusCode::CREATED).then_some(
                response
                    .json::<haat_api::PlacedOrder>()
                    .await
                    .expect("placed order")
                    .order
                    .id,
            );
            (status, order)
        })
    });
    let mut placed = Vec::new();
    for attempt in attempts {
        let (status, order) = attempt.await.expect("joins");
        assert!(
            status == StatusCode::CREATED || status == StatusCode::CONFLICT,
            "{status}"
        );
        placed.extend(order);
    }
    let orders = first.merchant_orders().await;
    assert_eq!(orders.len(), 1, "exactly one order");
    assert!(!placed.is_empty());
    assert!(
        placed.iter().all(|id| *id == orders[0].id),
        "every 201 names the one order: {placed:?}"
    );
}

/// Below the HTTP layer: whatever the interleaving, a second order under an answered key stores nothing.
async fn the_database_lets_one_order_per_key_through(backend: Backend) {
    use haat_server::store::{self, Completion, KeyedRequest, NewOrder, Placement};

    let app = spawn_app(backend).await;
    let line = json!([{"product": "basmati-rice", "variant": "1kg", "quantity": 2}]);
    let sample = app.post("/api/stores/demo/orders", &order_body(line)).await;
    assert_eq!(sample.status(), StatusCode::CREATED);
    let sample = sample.json::<PlacedOrder>().await.expect("placed").order;
    let stock_before = max_quantity(&app.catalog().await, "basmati-rice", "1kg");

    let store = store::connect(app.database_url()).await.expect("store");
    let shop = store
        .store_by_slug("demo")
        .await
        .expect("reads")
        .expect("demo");
    let order = NewOrder {
        test: false,
        store_id: shop.id,
        store_slug: sample.store.clone(),
        currency: sample.currency.clone(),
        customer: sample.customer.clone(),
        fulfilment: sample.fulfilment,
        slot: sample.slot.clone(),
        payment: sample.payment,
        note: sample.note.clone(),
        language: String::new(),
        lines: sample.lines.clone(),
        totals: sample.totals,
        token_hash: "0".repeat(64),
        created_at_ms: sample.created_at_ms,
    };
    let request = KeyedRequest {
        store_id: shop.id,
        key: "race".to_owned(),
        request_hash: "body".to_owned(),
    };
    let completion = || Completion {
        request: request.clone(),
        render: std::sync::Arc::new(|order: &Order| (201, order.id.to_string())),
    };
    let first = store.place_order(order.clone(), Some(completion())).await;
    let Ok(Placement::Placed(placed)) = first else {
        panic!("the first order under the key is stored: {first:?}");
    };
    let second = store.place_order(order, Some(completion())).await;
    assert!(matches!(second, Ok(Placement::KeyTaken)), "{second:?}");
    let refusal = request.answer(422, "{}".to_owned(), 0);
    assert!(
        !store.keep_answer(refusal).await.expect("writes"),
        "the first answer stays"
    );
    let kept = store
        .answer(shop.id, "race")
        .await
        .expect("reads")
        .expect("kept");
    assert_eq!((kept.status, kept.body), (201, placed.id.to_string()));
    assert_eq!(
        max_quantity(&app.catalog().await, "basmati-rice", "1kg"),
        stock_before - 2,
        "stock is taken once"
    );
    assert_eq!(
        app.merchant_orders().await.len(),
        2,
        "the sample and one keyed order"
    );
}

async fn a_hundred_buyers_racing_for_ten_packs_get_exactly_ten(backend: Backend) {
    let app = std::sync::Arc::new(spawn_app(backend).await);
    assert_eq!(
        max_quantity(&app.catalog().await, "filter-coffee", "200g"),
        10
    );
    let body = order_body(json!([{"product": "filter-coffee", "variant": "200g", "quantity": 1}]));
    let buyers = (0..100).map(|_| {
        let (app, body) = (app.clone(), body.clone());
        tokio::spawn(async move { app.post("/api/stores/demo/orders", &body).await.status() })
    });
    let mut placed = 0;
    for buyer in buyers {
        match buyer.await.expect("joins") {
            StatusCode::CREATED => placed += 1,
            StatusCode::CONFLICT => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(placed, 10);
    assert_eq!(app.merchant_orders().await.len(), 10);
    assert_eq!(
        max_quantity(&app.catalog().await, "filter-coffee", "200g"),
        0
    );
}

async fn orders_sharing_variants_in_either_line_order_neither_oversell_nor_deadlock(
    backend: Backend,
) {
    let app = std::sync::Arc::new(spawn_app(backend).await);
    let before = app.catalog().await;
    assert_eq!(max_quantity(&before, "turmeric", "100g"), 40);
    assert_eq!(max_quantity(&before, "toned-milk", "1l"), 40);
    let turmeric = json!({"product": "turmeric", "variant": "100g", "quantity": 2});
    let milk = json!({"product": "toned-milk", "variant": "1l", "quantity": 1});
    let buyers = (0..40).map(|buyer| {
        // Half the carts list the two variants one way round, half the other way.
        let lines = if buyer % 2 == 0 {
            json!([turmeric, milk])
        } else {
            json!([milk, turmeric])
        };
        let app = app.clone();
        tokio::spawn(async move {
            app.post("/api/stores/demo/orders", &order_body(lines))
                .await
        })
    });
    let mut placed = Vec::new();
    for buyer in buyers {
        let response = buyer.await.expect("joins");
        match response.status() {
            StatusCode::CREATED => {
                placed.push(response.json::<PlacedOrder>().await.expect("placed"));
            }
            StatusCode::CONFLICT => {
                expect_error(response, StatusCode::CONFLICT, "out_of_stock").await;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(placed.len(), 20, "40 packs of turmeric make 20 orders of 2");
    let after = app.catalog().await;
    assert_eq!(max_quantity(&after, "turmeric", "100g"), 0);
    assert_eq!(max_quantity(&after, "toned-milk", "1l"), 20);

    // Every shopper cancels at once: all of the stock comes back.
    let cancels = placed.into_iter().map(|placed| {
        let app = app.clone();
        tokio::spawn(async move {
            app.client
                .post(format!(
                    "{}/api/orders/{}/cancel",
                    app.base, placed.order.id
                ))
                .bearer_auth(&placed.token)
                .send()
                .await
                .expect("request")
                .status()
        })
    });
    for cancel in cancels {
        assert_eq!(cancel.await.expect("joins"), StatusCode::OK);
    }
    assert_eq!(app.catalog().await, before);
}

async fn set_status(app: &TestApp, id: i64, status: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/api/stores/demo/orders/{id}/status", app.base))
        .bearer_auth(MERCHANT_TOKEN)
        .json(&json!({ "status": status }))
        .send()
        .await
        .expect("request")
}

async fn place_one(app: &TestApp) -> PlacedOrder {
    let response = app
        .post(
            "/api/stores/demo/orders",
            &order_body(json!([{"product": "paneer", "variant": "200g", "quantity": 2}])),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.expect("placed")
}

async fn the_shop_moves_an_order_through_its_life(backend: Backend) {
    let app = spawn_app(backend).await;
    let placed = place_one(&app).await;
    let id = placed.order.id;
    for status in ["accepted", "packed", "out_for_delivery", "delivered"] {
        let response = set_status(&app, id, status).await;
        assert_eq!(response.status(), StatusCode::OK, "{status}");
        let order: Order = response.json().await.expect("order");
        assert_eq!(order.status.as_str(), status);
    }
    let history: Vec<_> = app.merchant_orders().await[0]
        .history
        .iter()
        .map(|change| change.status.as_str())
        .collect();
    assert_eq!(
        history,
        [
            "placed",
            "accepted",
            "packed",
            "out_for_delivery",
            "delivered"
        ]
    );
    let error = expect_error(
        set_status(&app, id, "packed").await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert_eq!(
        error.message,
        "An order that is delivered cannot become packed by the shop."
    );
}

async fn status_changes_need_the_right_party(backend: Backend) {
    let app = spawn_app(backend).await;
    let placed = place_one(&app).await;
    let url = format!(
        "{}/api/stores/demo/orders/{}/status",
        app.base, placed.order.id
    );
    let anonymous = app
        .client
        .post(&url)
        .json(&json!({"status": "accepted"}))
        .send()
        .await
        .expect("request");
    expect_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let with_order_token = app
        .client
        .post(&url)
        .bearer_auth(&placed.token)
        .json(&json!({"status": "accepted"}))
        .send()
        .await
        .expect("request");
    expect_error(with_order_token, StatusCode::UNAUTHORIZED, "unauthorized").await;
    expect_error(
        set_status(&app, 9_999, "accepted").await,
        StatusCode::NOT_FOUND,
        "order_not_found",
    )
    .await;
    expect_error(
        set_status(&app, placed.order.id, "shipped").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_json",
    )
    .await;
}

async fn a_cancelled_or_rejected_order_returns_its_stock(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = max_quantity(&app.catalog().await, "paneer", "200g");
    let cancelled = place_one(&app).await;
    let rejected = place_one(&app).await;
    assert_eq!(
        max_quantity(&app.catalog().await, "paneer", "200g"),
        before - 4
    );

    let cancel = |token: &str, id: i64| {
        app.client
            .post(format!("{}/api/orders/{id}/cancel", app.base))
            .bearer_auth(token.to_owned())
            .send()
    };
    let response = cancel(&cancelled.token, cancelled.order.id)
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let response = cancel(&cancelled.token, rejected.order.id)
        .await
        .expect("request");
    expect_error(response, StatusCode::NOT_FOUND, "order_not_found").await;

    assert_eq!(
        set_status(&app, rejected.order.id, "accepted")
            .await
            .status(),
        StatusCode::OK
    );
    let late = cancel(&rejected.token, rejected.order.id)
        .await
        .expect("request");
    expect_error(late, StatusCode::CONFLICT, "invalid_transition").await;
    let refusal = app
        .client
        .post(format!(
            "{}/api/stores/demo/orders/{}/status",
            app.base, rejected.order.id
        ))
        .bearer_auth(MERCHANT_TOKEN)
        .json(&json!({"status": "rejected", "reason": "out_of_stock"}))
        .send()
        .await
        .expect("request");
    assert_eq!(refusal.status(), StatusCode::OK);

    assert_eq!(max_quantity(&app.catalog().await, "paneer", "200g"), before);
}

async fn patch_variant(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> reqwest::Response {
    let mut request = app
        .client
        .patch(format!("{}/api/stores/demo/products/{path}", app.base))
        .json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request")
}

async fn the_merchant_edits_prices_and_stock_and_new_orders_follow(backend: Backend) {
    let app = spawn_app(backend).await;
    let edited = patch_variant(
        &app,
        "toor-dal/variants/1kg",
        Some(MERCHANT_TOKEN),
        &json!({"price": 17_900, "stock": 3}),
    )
    .await;
    assert_eq!(edited.status(), StatusCode::OK);
    let variant: haat_api::Variant = edited.json().await.expect("variant");
    assert_eq!(variant.price.minor(), 17_900);
    assert_eq!(variant.max_quantity, 3);
    assert_eq!(
        variant.mrp.map(|mrp| mrp.minor()),
        Some(18_500),
        "untouched"
    );

    let quote: Quote = app
        .post(
            "/api/stores/demo/quotes",
            &json!({"lines": [{"product": "toor-dal", "variant": "1kg", "quantity": 1}]}),
        )
        .await
        .json()
        .await
        .expect("quote");
    assert_eq!(
        quote.lines[0].unit_price.minor(),
        17_900,
        "priced at the new price"
    );
    assert_eq!(max_quantity(&app.catalog().await, "toor-dal", "1kg"), 3);

    let body = json!({"price": 100});
    expect_error(
        patch_variant(&app, "toor-dal/variants/1kg", None, &body).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    expect_error(
        patch_variant(&app, "toor-dal/variants/9kg", Some(MERCHANT_TOKEN), &body).await,
        StatusCode::NOT_FOUND,
        "unknown_product",
    )
    .await;
    // The MRP stays at least the price (18,500 and 17,900 now), whichever of them is sent.
    for bad in [
        json!({}),
        json!({"price": -5}),
        json!({"stock": 2_000_000}),
        json!({"price": 19_000, "stock": 1}),
        json!({"mrp": 17_000}),
        json!({"price": 20_000, "mrp": 19_000}),
    ] {
        expect_error(
            patch_variant(&app, "toor-dal/variants/1kg", Some(MERCHANT_TOKEN), &bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_catalog_change",
        )
        .await;
    }
    let catalog = app.catalog().await;
    assert_eq!(
        max_quantity(&catalog, "toor-dal", "1kg"),
        3,
        "refusals change nothing"
    );
    let dal = catalog
        .products
        .iter()
        .find(|product| product.id == "toor-dal")
        .and_then(|product| product.variants.iter().find(|variant| variant.id == "1kg"))
        .expect("the pack");
    assert_eq!(
        (dal.price.minor(), dal.mrp.map(|mrp| mrp.minor())),
        (17_900, Some(18_500))
    );
    // Raised to its MRP, and a pack without an MRP to any price.
    for (pack, body) in [
        ("toor-dal/variants/1kg", json!({"price": 18_500})),
        ("moong-dal/variants/1kg", json!({"price": 99_000})),
    ] {
        let changed = patch_variant(&app, pack, Some(MERCHANT_TOKEN), &body).await;
        assert_eq!(changed.status(), StatusCode::OK, "{pack}");
    }
}

async fn delivery_needs_a_served_pincode_and_pickup_is_free(backend: Backend) {
    let app = spawn_app(backend).await;
    let profile: haat_api::StoreProfile = app
        .get("/api/stores/demo")
        .await
        .json()
        .await
        .expect("profile");
    assert!(profile.pickup);
    assert!(profile.delivery_pincodes.contains(&"560038".to_owned()));
    assert_eq!(profile.delivery_slots.len(), 3);

    let ghee = json!([{"product": "desi-ghee", "variant": "500ml", "quantity": 1}]);
    let with = |customer: Value, extra: Value| {
        let mut body = json!({"customer": customer, "lines": ghee});
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        body
    };
    let far = json!({"name": "Ravi", "phone": "98450 12345", "address": "4, MG Road, Delhi", "pincode": "110001"});
    let error = expect_error(
        app.post("/api/stores/demo/orders", &with(far, json!({})))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unserviceable_pincode",
    )
    .await;
    assert_eq!(error.details[0].field, "customer.pincode");
    expect_error(
        app.post(
            "/api/stores/demo/orders",
            &with(customer(), json!({"slot": "midnight"})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_slot",
    )
    .await;
    assert!(app.merchant_orders().await.is_empty());

    let evening = app
        .post(
            "/api/stores/demo/orders",
            &with(customer(), json!({"slot": "evening"})),
        )
        .await;
    assert_eq!(evening.status(), StatusCode::CREATED);
    let evening: PlacedOrder = evening.json().await.expect("placed");
    assert_eq!(
        evening.order.slot.map(|slot| slot.label),
        Some("Evening, 5–8 pm".to_owned())
    );
    assert_eq!(evening.order.totals.delivery_fee.minor(), 2_500);

    // Pickup: no address, no pincode, no delivery fee.
    let at_the_shop = json!({"name": "Ravi", "phone": "98450 12345", "address": ""});
    let pickup = app
        .post(
            "/api/stores/demo/orders",
            &with(at_the_shop, json!({"fulfilment": "pickup"})),
        )
        .await;
    assert_eq!(pickup.status(), StatusCode::CREATED);
    let pickup: PlacedOrder = pickup.json().await.expect("placed");
    assert_eq!(pickup.order.fulfilment, haat_api::Fulfilment::Pickup);
    assert_eq!(pickup.order.totals.delivery_fee.minor(), 0);
    assert_eq!(pickup.order.totals.total.minor(), 32_500);
    let stored = app.merchant_orders().await;
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0], pickup.order, "stored as answered");

    let quote: Quote = app
        .post(
            "/api/stores/demo/quotes",
            &json!({"lines": [{"product": "salt", "variant": "1kg", "quantity": 1}], "fulfilment": "pickup"}),
        )
        .await
        .json()
        .await
        .expect("quote");
    assert_eq!(quote.totals.delivery_fee.minor(), 0);
}

const TELEGRAM_SESSION: &str = "/api/stores/demo/telegram/session";

async fn telegram_session(app: &TestApp, init_data: &str) -> reqwest::Response {
    app.post(TELEGRAM_SESSION, &json!({ "init_data": init_data }))
        .await
}

async fn read_telegram_session(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.base))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
}

async fn telegram_init_data_is_exchanged_for_a_session(backend: Backend) {
    let app = spawn_telegram_app(backend).await;
    let before_ms = i64::try_from(telegram::now_secs() * 1000).expect("fits");
    let response = telegram_session(&app, &telegram::init_data(60)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let session: TelegramSession = response.json().await.expect("a session");
    assert_eq!(session.user.id, 279_058_397);
    assert_eq!(session.user.first_name, "आशा 🛒");
    assert_eq!(session.user.last_name.as_deref(), Some("Rao & Sons = best"));
    assert_eq!(session.user.username.as_deref(), Some("asha_rao"));
    assert_eq!(session.user.language_code.as_deref(), Some("hi"));
    let hour_ms = 60 * 60 * 1000;
    assert!(
        (before_ms + hour_ms - 1_000..=before_ms + hour_ms + 60_000)
            .contains(&session.expires_at_ms),
        "about an hour: {} from {before_ms}",
        session.expires_at_ms
    );
    assert!(!session.token.is_empty());

    // A user with only the required fields.
    let auth_date = telegram::now_secs().to_string();
    let minimal = telegram::sign(
        telegram::BOT_TOKEN,
        &[
            ("auth_date", &auth_date),
            ("user", r#"{"id":7,"first_name":"Ravi"}"#),
        ],
    );
    let response = telegram_session(&app, &minimal).await;
    assert_eq!(response.status(), StatusCode::OK);
    let ravi: TelegramSession = response.json().await.expect("a session");
    assert_eq!((ravi.user.id, ravi.user.first_name.as_str()), (7, "Ravi"));
    assert_eq!(ravi.user.last_name, None);

    // The token reads the session back, for this shop only, and only as issued.
    let response = read_telegram_session(&app, TELEGRAM_SESSION, &session.token).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.json::<TelegramSession>().await.expect("session"),
        session
    );
    let mut forged = session.token.clone();
    let last = forged.pop().expect("non-empty");
    forged.push(if last == 'A' { 'B' } else { 'A' });
    for token in [
        forged.as_str(),
        ravi.token.split('.').next().unwrap_or_default(),
        "x",
    ] {
        expect_error(
            read_telegram_session(&app, TELEGRAM_SESSION, token).await,
            StatusCode::UNAUTHORIZED,
            "invalid_session",
        )
        .await;
    }
    expect_error(
        app.get(TELEGRAM_SESSION).await,
        StatusCode::UNAUTHORIZED,
        "invalid_session",
    )
    .await;
    expect_error(
        read_telegram_session(&app, "/api/stores/nowhere/telegram/session", &session.token).await,
        StatusCode::NOT_FOUND,
        "store_not_found",
    )
    .await;
    app.stop().await;
}

async fn forged_stale_reordered_or_re_encoded_init_data_is_refused(backend: Backend) {
    let app = spawn_telegram_app(backend).await;
    let genuine = telegram::init_data(60);
    let refused = |raw: String, code: &'static str| {
        let app = &app;
        async move {
            let error = expect_error(
                telegram_session(app, &raw).await,
                StatusCode::UNAUTHORIZED,
                code,
            )
            .await;
            assert!(error.message.contains("Telegram"), "{error:?}");
        }
    };

    // Forged: another hash, or another bot's signature.
    let (data, hash) = genuine.rsplit_once("&hash=").expect("a hash");
    let flipped: String = hash.chars().rev().collect();
    refused(format!("{data}&hash={flipped}"), "invalid_init_data").await;
    let auth_date = (telegram::now_secs() - 60).to_string();
    let other_bot = telegram::sign(
        "1:other-bot",
        &[("auth_date", auth_date.as_str()), ("user", telegram::USER)],
    );
    refused(other_bot, "invalid_init_data").await;
    // Tampered: another user id under the genuine hash.
    refused(
        genuine.replace("279058397", "279058398"),
        "invalid_init_data",
    )
    .await;
    // Stale: genuine but a day and a minute old.
    refused(telegram::init_data(24 * 60 * 60 + 60), "stale_init_data").await;
    // Re-signed wrongly: the check string in the order the fields were sent instead of sorted by key.
    let fields = [("user", telegram::USER), ("auth_date", auth_date.as_str())];
    let unsorted = fields
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n");
    refused(
        format!(
            "user={}&auth_date={auth_date}&hash={}",
            telegram::encode(telegram::USER),
            telegram::signature(telegram::BOT_TOKEN, &unsorted)
        ),
        "invalid_init_data",
    )
    .await;
    // Reordering the sent fields of genuine data changes nothing: the check string is sorted.
    let mut pairs: Vec<&str> = genuine.split('&').collect();
    pairs.reverse();
    let response = telegram_session(&app, &pairs.join("&")).await;
    assert_eq!(response.status(), StatusCode::OK);
    // Re-encoded so the value decodes differently: `&` and `=` left raw, a space sent as `%2B` (a plus).
    assert!(genuine.contains("ref%3Dchat%26src%3Dwa"), "{genuine}");
    refused(
        genuine.replace("ref%3Dchat%26src%3Dwa", "ref%3Dchat&src%3Dwa"),
        "invalid_init_data",
    )
    .await;
    assert!(genuine.contains("Rao%20%26"), "{genuine}");
    refused(
        genuine.replace("Rao%20%26", "Rao%2B%26"),
        "invalid_init_data",
    )
    .await;
    // …whereas `+` for a space is the same value (as URLSearchParams reads it).
    let response = telegram_session(&app, &genuine.replace("Rao%20%26", "Rao+%26")).await;
    assert_eq!(response.status(), StatusCode::OK);
    // A repeated key, no hash, no user, nothing at all.
    refused(format!("auth_date=1&{genuine}"), "invalid_init_data").await;
    refused(data.to_owned(), "invalid_init_data").await;
    let no_user = telegram::sign(telegram::BOT_TOKEN, &[("auth_date", auth_date.as_str())]);
    refused(no_user, "invalid_init_data").await;
    refused(String::new(), "invalid_init_data").await;
    // A body without init data is the wrong shape.
    expect_error(
        app.post(TELEGRAM_SESSION, &json!({"initData": genuine}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_json",
    )
    .await;
    expect_error(
        app.post(
            "/api/stores/nowhere/telegram/session",
            &json!({"init_data": genuine}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "store_not_found",
    )
    .await;
    app.stop().await;
}

async fn without_a_bot_token_telegram_identity_is_off(backend: Backend) {
    let app = spawn_app(backend).await;
    expect_error(
        telegram_session(&app, &telegram::init_data(60)).await,
        StatusCode::NOT_FOUND,
        "telegram_disabled",
    )
    .await;
    expect_error(
        read_telegram_session(&app, TELEGRAM_SESSION, "anything").await,
        StatusCode::NOT_FOUND,
        "telegram_disabled",
    )
    .await;
    // Everything else works as before.
    assert_eq!(app.catalog().await.store.slug, "demo");
    let response = app
        .post(
            "/api/stores/demo/quotes",
            &json!({"lines": [{"product": "salt", "variant": "1kg", "quantity": 1}]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    app.stop().await;
}

async fn payment_note_and_substitutions_travel_with_the_order(backend: Backend) {
    let app = spawn_app(backend).await;
    let profile = app.catalog().await.store;
    assert_eq!(profile.upi_id.as_deref(), Some("sharmakirana.demo@upi"));
    assert!(
        profile
            .payment_methods
            .contains(&haat_api::PaymentMethod::UpiNow)
    );
    let body = json!({
        "customer": customer(),
        "lines": [
            {"product": "toor-dal", "variant": "1kg", "quantity": 2, "substitution": "similar"},
            {"product": "basmati-rice", "variant": "1kg", "quantity": 1, "substitution": "skip"},
            {"product": "tea-leaves", "variant": "250g", "quantity": 1},
        ],
        "payment": "upi_now",
        "note": "  Ring twice, गेट 2  ",
    });
    let placed = app.post("/api/stores/demo/orders", &body).await;
    assert_eq!(placed.status(), StatusCode::CREATED);
    let placed: PlacedOrder = placed.json().await.expect("placed");
    let order = &placed.order;
    assert_eq!(order.payment, haat_api::PaymentMethod::UpiNow);
    assert_eq!(order.note, "Ring twice, गेट 2");
    let choices: Vec<&str> = order
        .lines
        .iter()
        .map(|l| l.substitution.as_str())
        .collect();
    assert_eq!(choices, ["similar", "skip", "call"]);
    let total = order.totals.total.minor();
    let link = order.payment_link.as_deref().expect("a UPI link");
    assert_eq!(
        link,
        format!(
            "upi://pay?pa=sharmakirana.demo@upi&pn=Sharma%20Kirana%20Store&am={}.{:02}&cu=INR\
             &tn=Order%20{}",
            total / 100,
            total % 100,
            order.id
        )
    );
    let read: Order = app
        .client
        .get(format!("{}/api/orders/{}", app.base, order.id))
        .bearer_auth(&placed.token)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("order");
    assert_eq!(&read, order, "read back exactly as placed");

    let cash = app
        .post(
            "/api/stores/demo/orders",
            &order_body(json!([{"product": "toor-dal", "variant": "1kg", "quantity": 1}])),
        )
        .await
        .json::<PlacedOrder>()
        .await
        .expect("placed");
    assert_eq!(cash.order.payment, haat_api::PaymentMethod::Cash);
    assert_eq!(cash.order.payment_link, None, "only UPI now carries a link");
}

async fn payment_methods_and_notes_are_checked(backend: Backend) {
    let app = spawn_app(backend).await;
    let store = haat_server::store::connect(app.database_url())
        .await
        .expect("store");
    let mut cash_only = haat_server::SeedShop::parse(
        r#"{"store":{"slug":"cash-only","name":"Cash Only","tagline":"","currency":"INR",
            "locale":"en-IN","phone":"+919876543210","min_order":0,"delivery_fee":0},
            "categories":[{"id":"c","name":"C"}],"products":[{"id":"p","category":"c","name":"P",
            "variants":[{"id":"v","label":"1","price":100,"stock":5}]}]}"#,
    )
    .expect("a valid shop");
    cash_only.store.pickup = true;
    store
        .create_store(&cash_only, &"0".repeat(64))
        .await
        .expect("created");
    let line = json!([{"product": "p", "variant": "v", "quantity": 1}]);
    let upi = json!({"customer": customer(), "lines": line, "payment": "upi_now"});
    let refused = expect_error(
        app.post("/api/stores/cash-only/orders", &upi).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "payment_unavailable",
    )
    .await;
    assert_eq!(
        refused.field_message("payment"),
        Some(refused.message.as_str())
    );
    assert!(
        refused.message.contains("It takes: Cash on delivery."),
        "{}",
        refused.message
    );

    let unknown = json!({"customer": customer(), "lines": line, "payment": "bitcoin"});
    expect_error(
        app.post("/api/stores/cash-only/orders", &unknown).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_json",
    )
    .await;
    let long = json!({"customer": customer(), "lines": line, "note": "x".repeat(501)});
    expect_error(
        app.post("/api/stores/cash-only/orders", &long).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_note",
    )
    .await;
    let bell = json!({"customer": customer(), "lines": line, "note": "ring\u{7}"});
    expect_error(
        app.post("/api/stores/cash-only/orders", &bell).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_note",
    )
    .await;
    let substitution = json!({"customer": customer(),
        "lines": [{"product": "p", "variant": "v", "quantity": 1, "substitution": "maybe"}]});
    expect_error(
        app.post("/api/stores/cash-only/orders", &substitution)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_json",
    )
    .await;
    let cash = json!({"customer": customer(), "lines": line, "note": "x".repeat(500)});
    assert_eq!(
        app.post("/api/stores/cash-only/orders", &cash)
            .await
            .status(),
        StatusCode::CREATED,
        "500 characters are fine"
    );
}

/// SQLite's group commit (the store's one writer of orders): a statement that fails the whole
/// transaction, as a full disk does, leaves no order of its batch stored and answered as failed, nor
/// answered 201 and lost. Every order answered 201 is stored, and no other.
#[tokio::test]
async fn an_order_that_fails_its_whole_sqlite_batch_leaves_only_the_orders_answered_placed() {
    use sqlx::{Connection, Executor, SqliteConnection};

    let app = std::sync::Arc::new(spawn_app(Backend::Sqlite).await);
    let mut database = SqliteConnection::connect(app.database_url())
        .await
        .expect("the server's database");
    // Stands for a full disk: SQLite rolls the whole transaction back by itself.
    database
        .execute(
            "CREATE TRIGGER a_full_disk BEFORE INSERT ON orders WHEN NEW.customer_name = 'Boom'
             BEGIN SELECT RAISE(ROLLBACK, 'the disk is full'); END",
        )
        .await
        .expect("the trigger");
    // Not counted, so that forty orders can all take it.
    let untracked = app
        .client
        .patch(format!(
            "{}/api/stores/demo/products/wheat-atta/variants/5kg",
            app.base
        ))
        .bearer_auth(MERCHANT_TOKEN)
        .json(&json!({"stock": "untracked"}))
        .send()
        .await
        .expect("stock");
    assert_eq!(untracked.status(), StatusCode::OK);
    let orders = (0..40).map(|at| {
        let app = app.clone();
        let mut body =
            order_body(json!([{"product": "wheat-atta", "variant": "5kg", "quantity": 1}]));
        body["customer"]["name"] = json!(if at == 20 {
            "Boom".to_owned()
        } else {
            format!("Shopper {at}")
        });
        tokio::spawn(async move { app.post("/api/stores/demo/orders", &body).await.status() })
    });
    let mut placed = 0;
    let mut statuses = Vec::new();
    for order in orders {
        let status = order.await.expect("joins");
        placed += usize::from(status == StatusCode::CREATED);
        statuses.push(status);
    }
    assert_eq!(statuses[20], StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        app.merchant_orders().await.len(),
        placed,
        "stored are the orders answered 201: {statuses:?}"
    );
}
