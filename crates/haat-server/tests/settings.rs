//! A shop's settings over real HTTP, on every storage backend: changed by its owner, checked field by
//! field, live at once for shoppers (their quotes use the new fee), and kept normalised.

#[macro_use]
mod common;

use common::{Backend, MERCHANT_TOKEN, TestApp, expect_error, now_ms, order_body, spawn_app};
use haat_api::{Closure, DeliverySlot, Money, PaymentMethod, Quote, StoreProfile};
use reqwest::StatusCode;
use serde_json::json;

on_every_backend! {
    settings_are_live_at_once_and_kept_normalised,
    bad_settings_name_each_field_and_change_nothing,
    a_closed_shop_takes_orders_only_if_its_owner_says_so,
}

async fn profile(app: &TestApp) -> StoreProfile {
    app.get("/api/stores/demo")
        .await
        .json()
        .await
        .expect("the shop")
}

async fn save(app: &TestApp, settings: &StoreProfile) -> reqwest::Response {
    app.client
        .put(format!("{}/api/stores/demo/settings", app.base))
        .bearer_auth(MERCHANT_TOKEN)
        .json(settings)
        .send()
        .await
        .expect("request")
}

async fn settings_are_live_at_once_and_kept_normalised(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut settings = profile(&app).await;
    settings.tagline = "  Fresh every morning  ".into();
    settings.logo = Some(" /photos/demo/0a1b2c3d4e5f-720.jpg ".into());
    settings.phone = "98450 54321".into();
    settings.delivery_fee = Money::from_minor(3_000);
    settings.free_delivery_from = None;
    settings.min_order = Money::ZERO;
    settings.delivery_pincodes = vec!["560 038".into(), "560001".into()];
    settings.delivery_slots = vec![DeliverySlot {
        id: String::new(),
        label: "Evening, 5–8 pm".into(),
    }];
    settings.payment_methods = vec![PaymentMethod::Cash, PaymentMethod::UpiNow];
    settings.upi_id = Some("Sharma@OKBank".into());

    let response = save(&app, &settings).await;
    assert_eq!(response.status(), StatusCode::OK);
    let kept: StoreProfile = response.json().await.expect("the settings kept");
    assert_eq!(kept.tagline, "Fresh every morning");
    assert_eq!(
        kept.logo.as_deref(),
        Some("/photos/demo/0a1b2c3d4e5f-720.jpg")
    );
    assert_eq!(kept.phone, "+919845054321");
    assert_eq!(kept.delivery_pincodes, ["560001", "560038"]);
    assert_eq!(kept.delivery_slots[0].id, "evening-5-8-pm");
    assert_eq!(kept.upi_id.as_deref(), Some("sharma@okbank"));
    assert_eq!(profile(&app).await, kept, "shoppers see them at once");

    let quote: Quote = app
        .post(
            "/api/stores/demo/quotes",
            &json!({"lines": [{"product": "salt", "variant": "1kg", "quantity": 1}]}),
        )
        .await
        .json()
        .await
        .expect("a quote");
    assert_eq!(quote.totals.delivery_fee, Money::from_minor(3_000));

    // Sent again as kept: nothing changes.
    let again: StoreProfile = save(&app, &kept).await.json().await.expect("kept");
    assert_eq!(again, kept);

    // A blank picture is none.
    let without_logo = StoreProfile {
        logo: Some("  ".into()),
        ..kept
    };
    let kept: StoreProfile = save(&app, &without_logo).await.json().await.expect("kept");
    assert_eq!(kept.logo, None);
}

async fn bad_settings_name_each_field_and_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = profile(&app).await;
    let mut settings = before.clone();
    settings.slug = "elsewhere".into();
    settings.name = " ".into();
    settings.phone = "123".into();
    settings.logo = Some("ftp://pictures.example/logo.png".into());
    settings.delivery_pincodes = vec!["ABCDEF".into()];
    settings.payment_methods = vec![PaymentMethod::Cash, PaymentMethod::UpiOnDelivery];
    settings.upi_id = Some("not a upi id".into());
    let refused = save(&app, &settings).await;
    let error = expect_error(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_settings",
    )
    .await;
    for field in [
        "slug",
        "name",
        "logo",
        "phone",
        "delivery_pincodes[0]",
        "upi_id",
    ] {
        assert!(error.field_message(field).is_some(), "{field}: {error:?}");
    }
    assert_eq!(profile(&app).await, before, "nothing changed");

    let anonymous = app
        .client
        .put(format!("{}/api/stores/demo/settings", app.base))
        .json(&before)
        .send()
        .await
        .expect("request");
    expect_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

async fn closed(app: &TestApp, closure: Option<Closure>) -> reqwest::Response {
    let mut settings = profile(app).await;
    settings.closed = closure;
    save(app, &settings).await
}

async fn order(app: &TestApp) -> reqwest::Response {
    app.post(
        "/api/stores/demo/orders",
        &order_body(json!([{"product": "paneer", "variant": "200g", "quantity": 2}])),
    )
    .await
}

async fn a_closed_shop_takes_orders_only_if_its_owner_says_so(backend: Backend) {
    let app = spawn_app(backend).await;
    let tomorrow = now_ms() + 24 * 60 * 60 * 1000;
    let shut = Closure {
        until_ms: Some(tomorrow),
        takes_orders: false,
    };
    assert_eq!(
        closed(&app, Some(shut.clone())).await.status(),
        StatusCode::OK
    );
    assert_eq!(profile(&app).await.closed, Some(shut), "shoppers are told");
    let refused = expect_error(order(&app).await, StatusCode::CONFLICT, "shop_closed").await;
    assert!(
        refused.message.contains("takes no orders until it opens"),
        "{refused:?}"
    );

    let for_later = Closure {
        until_ms: Some(tomorrow),
        takes_orders: true,
    };
    assert_eq!(closed(&app, Some(for_later)).await.status(), StatusCode::OK);
    assert_eq!(
        order(&app).await.status(),
        StatusCode::CREATED,
        "taken for when it opens"
    );

    let until_opened = Closure {
        until_ms: None,
        takes_orders: false,
    };
    assert_eq!(
        closed(&app, Some(until_opened)).await.status(),
        StatusCode::OK
    );
    let refused = expect_error(order(&app).await, StatusCode::CONFLICT, "shop_closed").await;
    assert!(refused.message.contains("closed for now"), "{refused:?}");

    let past = Closure {
        until_ms: Some(now_ms() - 1_000),
        takes_orders: false,
    };
    let error = expect_error(
        closed(&app, Some(past)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_settings",
    )
    .await;
    assert!(
        error.field_message("closed.until_ms").is_some(),
        "{error:?}"
    );

    assert_eq!(closed(&app, None).await.status(), StatusCode::OK);
    assert_eq!(
        order(&app).await.status(),
        StatusCode::CREATED,
        "open again"
    );
}
