//! Shops on one server: opened from the command line or the sign-up page, each owner signing in with a
//! secret of their own that opens nothing of another shop. Over real HTTP, on every storage backend.

#[macro_use]
mod common;

use common::{
    Backend, MERCHANT_TOKEN, TestApp, TestDatabase, expect_error, order_body, spawn_app,
    spawn_app_with, spawn_on, spawn_signup_app,
};
use haat_api::{
    Catalog, Draft, Money, OrderList, OrderStatus, PlacedOrder, SignIn, SlugSuggestion,
    StoreProfile, UploadedPhoto,
};
use image::{Rgb, RgbImage, codecs::jpeg::JpegEncoder};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_every_backend! {
    a_shop_opened_from_the_sign_up_page_signs_its_owner_in,
    a_sign_up_says_which_field_is_wrong_and_opens_nothing,
    sign_ups_are_closed_unless_the_operator_opens_them,
    one_address_opens_a_few_shops_an_hour,
    behind_a_load_balancer_each_owner_has_a_share_of_their_own,
    a_new_secret_ends_the_old_one,
    a_shops_secret_opens_nothing_of_another_shop,
    an_unsigned_request_is_refused_before_its_query_or_body_is_read,
    the_operator_opens_a_shop_from_the_command_line,
}

async fn sign_up(app: &TestApp, body: &Value) -> reqwest::Response {
    app.post("/api/shops", body).await
}

async fn open_shop(app: &TestApp, name: &str) -> SignIn {
    let response = sign_up(app, &json!({"name": name, "phone": "98450 12345"})).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.expect("a sign-in")
}

/// A small JPEG photo, 120 × 80, as a product photo upload takes it.
fn a_photo() -> Vec<u8> {
    let picture = RgbImage::from_fn(120, 80, |x, _| {
        if x < 60 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&picture)
        .expect("a JPEG");
    out
}

/// `method path` with `token` as the merchant's bearer.
async fn as_merchant(app: &TestApp, method: Method, path: &str, token: &str) -> reqwest::Response {
    app.client
        .request(method, format!("{}{path}", app.base))
        .bearer_auth(token)
        .json(&json!({}))
        .send()
        .await
        .expect("request")
}

async fn a_shop_opened_from_the_sign_up_page_signs_its_owner_in(backend: Backend) {
    let app = spawn_signup_app(backend).await;
    let suggested: SlugSuggestion = app
        .get("/api/shops/suggestion?name=Gupta%20General%20Store")
        .await
        .json()
        .await
        .expect("a suggestion");
    assert_eq!(suggested.slug, "gupta-general-store");

    let sign_in = open_shop(&app, "  Gupta General Store ").await;
    assert_eq!(sign_in.store, "gupta-general-store");
    assert_eq!(
        sign_in.link,
        format!("/m/gupta-general-store#k={}", sign_in.secret)
    );
    assert_eq!(sign_in.secret.len(), 64);

    // Shoppers find it, empty, at once.
    let profile: StoreProfile = app
        .get("/api/stores/gupta-general-store")
        .await
        .json()
        .await
        .expect("its profile");
    assert_eq!(
        (profile.name.as_str(), profile.phone.as_str()),
        ("Gupta General Store", "+919845012345")
    );
    let catalog: Value = app
        .get("/api/stores/gupta-general-store/catalog")
        .await
        .json()
        .await
        .expect("its catalog");
    assert_eq!(catalog["products"], json!([]));

    // Its owner's secret says whose it is.
    let me = as_merchant(
        &app,
        Method::GET,
        "/api/stores/gupta-general-store/merchant",
        &sign_in.secret,
    )
    .await;
    assert_eq!(me.status(), StatusCode::OK);
    let me: StoreProfile = me.json().await.expect("the shop");
    assert_eq!(me.slug, "gupta-general-store");

    // The same name again: the address is taken, and a free one is offered.
    let again = sign_up(
        &app,
        &json!({"name": "Gupta General Store", "phone": "9845012345"}),
    )
    .await;
    let error = expect_error(again, StatusCode::CONFLICT, "slug_taken").await;
    assert!(
        error.message.contains("gupta-general-store-2"),
        "{}",
        error.message
    );
    assert!(error.field_message("slug").is_some());
    let suggested: SlugSuggestion = app
        .get("/api/shops/suggestion?name=Gupta%20General%20Store")
        .await
        .json()
        .await
        .expect("a suggestion");
    assert_eq!(suggested.slug, "gupta-general-store-2");
    let chosen = sign_up(
        &app,
        &json!({"name": "Gupta General Store", "phone": "9845012345", "slug": "Gupta-Sector-9"}),
    )
    .await;
    assert_eq!(chosen.status(), StatusCode::CREATED);
    let chosen: SignIn = chosen.json().await.expect("a sign-in");
    assert_eq!(chosen.store, "gupta-sector-9");
    // The demo shop's address was never free.
    let demo = sign_up(
        &app,
        &json!({"name": "Demo", "phone": "9845012345", "slug": "demo"}),
    )
    .await;
    expect_error(demo, StatusCode::CONFLICT, "slug_taken").await;
}

async fn a_sign_up_says_which_field_is_wrong_and_opens_nothing(backend: Backend) {
    let app = spawn_signup_app(backend).await;
    let response = sign_up(&app, &json!({"name": " ", "phone": "12345", "slug": "api"})).await;
    let error = expect_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_shop").await;
    for field in ["name", "phone", "slug"] {
        assert!(error.field_message(field).is_some(), "{field}: {error:?}");
    }
    let response = sign_up(&app, &json!({"name": "Shop"})).await;
    expect_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_json").await;
    let suggestion: SlugSuggestion = app
        .get("/api/shops/suggestion?name=api")
        .await
        .json()
        .await
        .expect("a suggestion");
    assert_eq!(suggestion.slug, "api-shop", "not a word Haat keeps");
    let none = app.get("/api/stores/api").await;
    expect_error(none, StatusCode::NOT_FOUND, "store_not_found").await;
}

async fn sign_ups_are_closed_unless_the_operator_opens_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = sign_up(&app, &json!({"name": "Shop", "phone": "9845012345"})).await;
    expect_error(response, StatusCode::FORBIDDEN, "signup_closed").await;
    let response = app.get("/api/shops/suggestion?name=Shop").await;
    expect_error(response, StatusCode::FORBIDDEN, "signup_closed").await;
}

async fn one_address_opens_a_few_shops_an_hour(backend: Backend) {
    let app = spawn_signup_app(backend).await;
    for n in 0..5 {
        open_shop(&app, &format!("Shop {n}")).await;
    }
    let refused = sign_up(&app, &json!({"name": "Shop 5", "phone": "9845012345"})).await;
    let wait: u64 = refused
        .headers()
        .get("retry-after")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok())
        .expect("Retry-After in seconds");
    assert!(
        (1..=721).contains(&wait),
        "one more each 12 minutes: {wait}"
    );
    expect_error(refused, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    let none = app.get("/api/stores/shop-5").await;
    expect_error(none, StatusCode::NOT_FOUND, "store_not_found").await;
}

/// Every sign-up reaches a server behind a load balancer from the balancer's address: the limit counts
/// the owner's, which the balancer appends to `X-Forwarded-For`.
async fn behind_a_load_balancer_each_owner_has_a_share_of_their_own(backend: Backend) {
    let app = spawn_app_with(backend, |config| {
        config.open_signup = true;
        config.trusted_proxies = 1;
    })
    .await;
    let sign_up_from = |owner: &'static str, name: String| {
        let app = &app;
        async move {
            app.client
                .post(format!("{}/api/shops", app.base))
                // What the owner's phone claimed, then what the balancer saw.
                .header("x-forwarded-for", format!("10.9.9.9, {owner}"))
                .json(&json!({"name": name, "phone": "98450 12345"}))
                .send()
                .await
                .expect("request")
                .status()
        }
    };
    for n in 0..5 {
        let status = sign_up_from("203.0.113.7", format!("Shop {n}")).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    assert_eq!(
        sign_up_from("203.0.113.7", "Shop 5".to_owned()).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        sign_up_from("203.0.113.8", "Another Shop".to_owned()).await,
        StatusCode::CREATED,
        "another owner behind the same balancer"
    );
}

async fn a_new_secret_ends_the_old_one(backend: Backend) {
    let app = spawn_signup_app(backend).await;
    let first = open_shop(&app, "Rao Stores").await;
    let rotate = |token: String| {
        let app = &app;
        async move {
            as_merchant(
                app,
                Method::POST,
                "/api/stores/rao-stores/merchant/secret",
                &token,
            )
            .await
        }
    };
    let response = rotate(first.secret.clone()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let second: SignIn = response.json().await.expect("a new sign-in");
    assert_ne!(second.secret, first.secret);
    assert_eq!(second.link, format!("/m/rao-stores#k={}", second.secret));
    let me = |token: String| {
        let app = &app;
        async move {
            as_merchant(app, Method::GET, "/api/stores/rao-stores/merchant", &token)
                .await
                .status()
        }
    };
    assert_eq!(me(first.secret.clone()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(second.secret.clone()).await, StatusCode::OK);
    // Two replacements racing with one secret: one wins, the other's secret is no longer the shop's.
    let (one, other) = tokio::join!(rotate(second.secret.clone()), rotate(second.secret.clone()));
    let mut statuses = [one.status(), other.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::UNAUTHORIZED]);
    expect_error(
        rotate(first.secret).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

/// The shopper's and the sign-up's endpoints; every other endpoint under a shop is the merchant's.
const PUBLIC: [(&str, &str); 8] = [
    ("GET", "/stores/{store}"),
    ("GET", "/stores/{store}/catalog"),
    ("POST", "/stores/{store}/quotes"),
    ("POST", "/stores/{store}/orders"),
    ("POST", "/stores/{store}/orders/withdraw"),
    ("POST", "/stores/{store}/telegram/session"),
    ("GET", "/stores/{store}/telegram/session"),
    ("POST", "/shops"),
];

/// Every endpoint under a shop that is the merchant's.
fn merchant_routes() -> Vec<(Method, &'static str)> {
    let routes: Vec<_> = haat_server::api_endpoints()
        .into_iter()
        .filter(|(method, path)| {
            path.starts_with("/stores/{store}") && !PUBLIC.contains(&(method.as_str(), path))
        })
        .collect();
    assert!(routes.len() >= 6, "{routes:?}");
    routes
}

/// The merchant's secret is checked before anything else of a request: a caller without it learns
/// nothing from a malformed query or body, and no server time is spent reading them.
async fn an_unsigned_request_is_refused_before_its_query_or_body_is_read(backend: Backend) {
    let app = spawn_app(backend).await;
    for (method, path) in merchant_routes() {
        let at = format!(
            "/api{}?limit=many&day=someday&after=never&basis=a&basis=b",
            path.replace("{store}", "demo")
                .replace("{product}", "toor-dal")
                .replace("{variant}", "500g")
                .replace("{id}", "1")
                .replace("{line}", "1")
                .replace("{version}", "1")
        );
        let method = Method::from_bytes(method.as_str().as_bytes()).expect("a method");
        let response = app
            .client
            .request(method.clone(), format!("{}{at}", app.base))
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .expect("request");
        let refused = expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
        assert!(
            !refused.message.contains("JSON"),
            "{method} {at}: {refused:?}"
        );
    }
}

async fn a_shops_secret_opens_nothing_of_another_shop(backend: Backend) {
    let app = spawn_signup_app(backend).await;
    let other = open_shop(&app, "Other Shop").await;
    let merchant_routes = merchant_routes();
    for (walked, route) in [
        ("GET", "/stores/{store}/draft/changes"),
        ("GET", "/stores/{store}/versions/{version}/changes"),
        ("POST", "/stores/{store}/preview"),
        ("GET", "/stores/{store}/telegram-notices"),
        ("PUT", "/stores/{store}/telegram-notices"),
        ("DELETE", "/stores/{store}/telegram-notices"),
    ] {
        assert!(
            merchant_routes
                .iter()
                .any(|(method, path)| method.as_str() == walked && *path == route),
            "{walked} {route} is walked: {merchant_routes:?}"
        );
    }
    let profile_of = |shop: &'static str| {
        let app = &app;
        async move {
            app.get(&format!("/api/stores/{shop}"))
                .await
                .json::<StoreProfile>()
                .await
                .expect("the shop's profile")
        }
    };
    let before = [
        ("demo", profile_of("demo").await),
        ("other-shop", profile_of("other-shop").await),
    ];
    for (method, path) in &merchant_routes {
        let path = path
            .replace("{product}", "toor-dal")
            .replace("{variant}", "500g")
            .replace("{id}", "1")
            .replace("{line}", "1")
            .replace("{version}", "1");
        for (shop, token) in [
            ("demo", other.secret.as_str()),
            ("other-shop", MERCHANT_TOKEN),
        ] {
            let at = format!("/api{}", path.replace("{store}", shop));
            let method = Method::from_bytes(method.as_str().as_bytes()).expect("a method");
            // A well-formed body for the route, so only the secret is wrong.
            let body = if at.ends_with("/status") {
                json!({"status": "accepted"})
            } else if at.ends_with("/paid") {
                json!({"via": "cash"})
            } else if at.contains("/lines/") {
                json!({"quantity": 1})
            } else if at.ends_with("/draft") {
                json!({"categories": [], "products": []})
            } else if at.contains("/draft/products") {
                json!({
                    "id": "toor-dal",
                    "category": "staples",
                    "name": "Toor Dal",
                    "variants": [{"id": "1kg", "label": "1 kg", "price": 16_900}],
                })
            } else if at.ends_with("/draft/categories") {
                json!({"categories": [{"id": "staples", "name": "Staples"}]})
            } else if at.ends_with("/telegram-notices") {
                json!({"bot_token": "777777:AAH-a_bot_that_takes_a_shop_over", "chat_id": "-42"})
            } else if at.ends_with("/settings") {
                // The shop's own settings, changed: only the secret is wrong.
                let (_, profile) = before
                    .iter()
                    .find(|(slug, _)| *slug == shop)
                    .expect("a shop's profile");
                let taken_over = StoreProfile {
                    name: "Taken Over".into(),
                    delivery_fee: Money::ZERO,
                    ..profile.clone()
                };
                serde_json::to_value(taken_over).expect("settings as JSON")
            } else {
                json!({})
            };
            let request = app
                .client
                .request(method.clone(), format!("{}{at}", app.base))
                .bearer_auth(token);
            // A photo upload's body is the photo itself: a real one. A GET takes none, nor does asking
            // for a preview link.
            let request = if at.ends_with("/photos") {
                request.header("content-type", "image/jpeg").body(a_photo())
            } else if method == Method::GET || at.ends_with("/preview") {
                request
            } else {
                request.json(&body)
            };
            let response = request.send().await.expect("request");
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {at} with another shop's secret"
            );
        }
    }
    // Neither shop has a draft: no refused edit started one.
    for (shop, token) in [
        ("demo", MERCHANT_TOKEN),
        ("other-shop", other.secret.as_str()),
    ] {
        let draft = as_merchant(
            &app,
            Method::GET,
            &format!("/api/stores/{shop}/draft"),
            token,
        )
        .await;
        assert_eq!(draft.status(), StatusCode::OK);
        let draft: Draft = draft.json().await.expect("a draft");
        assert!(!draft.unpublished, "{shop}: {draft:?}");
    }
    // And neither shop's settings changed.
    for (shop, profile) in &before {
        assert_eq!(&profile_of(shop).await, profile, "{shop}'s settings");
    }
    // Nor has either shop Telegram notices (which would tell another's orders to a stranger's chat).
    for (shop, token) in [
        ("demo", MERCHANT_TOKEN),
        ("other-shop", other.secret.as_str()),
    ] {
        let notices = as_merchant(
            &app,
            Method::GET,
            &format!("/api/stores/{shop}/telegram-notices"),
            token,
        )
        .await;
        assert_eq!(notices.status(), StatusCode::NOT_FOUND, "{shop}");
    }
    // Nor was the photo kept for the other shop: sent by the demo shop's owner, it is the demo shop's alone.
    let photo = app
        .client
        .post(format!("{}/api/stores/demo/photos", app.base))
        .bearer_auth(MERCHANT_TOKEN)
        .header("content-type", "image/jpeg")
        .body(a_photo())
        .send()
        .await
        .expect("request");
    assert_eq!(photo.status(), StatusCode::CREATED);
    let photo: UploadedPhoto = photo.json().await.expect("the photo's addresses");
    for (picture, shop) in [
        (&photo.url, "demo"),
        (&photo.thumbnail, "demo"),
        (&photo.url, "other-shop"),
        (&photo.thumbnail, "other-shop"),
    ] {
        let address = picture.replacen("/photos/demo/", &format!("/photos/{shop}/"), 1);
        let expected = if shop == "demo" {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(app.get(&address).await.status(), expected, "{address}");
    }

    // Its own valid secret, on its own paths, reaches nothing of the demo shop's either.
    let placed: PlacedOrder = app
        .post(
            "/api/stores/demo/orders",
            &order_body(json!([{"product": "paneer", "variant": "200g", "quantity": 2}])),
        )
        .await
        .json()
        .await
        .expect("an order on the demo shop");
    let id = placed.order.id;
    let status = app
        .client
        .post(format!(
            "{}/api/stores/other-shop/orders/{id}/status",
            app.base
        ))
        .bearer_auth(&other.secret)
        .json(&json!({"status": "accepted"}))
        .send()
        .await
        .expect("request");
    expect_error(status, StatusCode::NOT_FOUND, "order_not_found").await;
    let edit = app
        .client
        .patch(format!(
            "{}/api/stores/other-shop/products/toor-dal/variants/500g",
            app.base
        ))
        .bearer_auth(&other.secret)
        .json(&json!({"price": 1}))
        .send()
        .await
        .expect("request");
    expect_error(edit, StatusCode::NOT_FOUND, "unknown_product").await;
    let orders: OrderList = as_merchant(
        &app,
        Method::GET,
        "/api/stores/other-shop/orders",
        &other.secret,
    )
    .await
    .json()
    .await
    .expect("its orders");
    assert!(orders.orders.is_empty(), "the demo shop's order is not its");
    let demo_orders: OrderList =
        as_merchant(&app, Method::GET, "/api/stores/demo/orders", MERCHANT_TOKEN)
            .await
            .json()
            .await
            .expect("the demo shop's orders");
    assert_eq!(
        demo_orders.orders[0].status,
        OrderStatus::Placed,
        "untouched"
    );
    let catalog: Catalog = app
        .get("/api/stores/demo/catalog")
        .await
        .json()
        .await
        .expect("catalog");
    let dal = catalog
        .products
        .iter()
        .find(|product| product.id == "toor-dal")
        .expect("dal");
    assert_ne!(dal.variants[0].price.minor(), 1, "its price untouched");

    // The demo shop's secret is untouched by the other shop's rotation, and the other way round.
    let rotated = as_merchant(
        &app,
        Method::POST,
        "/api/stores/other-shop/merchant/secret",
        &other.secret,
    )
    .await;
    assert_eq!(rotated.status(), StatusCode::OK);
    let demo = as_merchant(
        &app,
        Method::GET,
        "/api/stores/demo/merchant",
        MERCHANT_TOKEN,
    )
    .await;
    assert_eq!(demo.status(), StatusCode::OK);
}

async fn the_operator_opens_a_shop_from_the_command_line(backend: Backend) {
    let database = TestDatabase::create(backend, "cli/haat.db").await;
    let haat_server = env!("CARGO_BIN_EXE_haat-server");
    let create = |args: &[&str]| {
        let output = std::process::Command::new(haat_server)
            .args(["--database", &database.url, "shop", "create"])
            .args(args)
            .env("HAAT_PUBLIC_ORIGIN", "https://shops.example")
            .output()
            .expect("haat-server runs");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, out, err) = create(&["--name", "Lakshmi Provisions", "--whatsapp", "98450 12345"]);
    assert!(ok, "{out}{err}");
    let link = out
        .split_whitespace()
        .find(|word| word.starts_with("https://shops.example/m/lakshmi-provisions#k="))
        .unwrap_or_else(|| panic!("a sign-in link in {out}"));
    let secret = link.rsplit("#k=").next().expect("the secret").to_owned();
    assert!(
        out.contains("https://shops.example/s/lakshmi-provisions"),
        "{out}"
    );

    let (ok, _, err) = create(&["--name", "Lakshmi Provisions", "--whatsapp", "9845012345"]);
    assert!(!ok);
    assert!(
        err.contains("lakshmi-provisions-2"),
        "a free address offered: {err}"
    );
    let (ok, _, err) = create(&["--name", "X", "--whatsapp", "12", "--slug", "a--b"]);
    assert!(!ok);
    assert!(
        err.contains("--whatsapp") && err.contains("--slug"),
        "{err}"
    );

    let app = spawn_on(database).await;
    let me = as_merchant(
        &app,
        Method::GET,
        "/api/stores/lakshmi-provisions/merchant",
        &secret,
    )
    .await;
    assert_eq!(me.status(), StatusCode::OK);
}
