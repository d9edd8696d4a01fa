//! A shop told of its new orders through its own Telegram bot, over real HTTP against a fake Bot API on
//! 127.0.0.1, on every storage backend: the owner's setup (its token never sent back, each bad field
//! named), each new order in the shop's chat with Accept and Reject buttons that act on it once verified,
//! test orders never sent, a failing Bot API never in an order's way, and reminders while an order waits.
//!
//! The servers here count a minute of `repeat_minutes` as [`MINUTE`], so a reminder comes in a second.

#[macro_use]
mod common;

use std::time::Duration;

use common::{
    Backend, MERCHANT_TOKEN, TestApp,
    bot_api::{FakeBotApi, buttons, signed_data, text},
    expect_error, max_quantity, order_body, spawn_app_with, stub_storefront,
};
use haat_api::{Order, OrderList, OrderStatus, PlacedOrder, PreviewLink, SignIn, TelegramNotices};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_every_backend! {
    notices_are_set_up_read_back_without_their_token_and_ended,
    a_new_order_reaches_the_chat_with_both_buttons_and_a_test_order_does_not,
    accept_in_the_chat_accepts_the_order_and_the_message_says_so,
    reject_in_the_chat_rejects_the_order_and_returns_its_stock,
    a_press_that_is_not_genuine_changes_nothing,
    a_failing_bot_api_never_fails_an_order_and_the_notice_comes_after_retries,
    a_notice_is_repeated_while_the_order_waits_and_no_more_once_accepted,
}

/// The demo shop's bot.
const BOT: &str = "424242:AAH-haat_notice_tests-bot-token-x";
/// Another shop's bot.
const OTHER_BOT: &str = "525252:AAH-another_shops_bot-token-xyz";
/// The demo shop's staff group.
const CHAT: i64 = -1_001_234_567_890;
/// A minute of `repeat_minutes`, as these tests' servers count it.
const MINUTE: Duration = Duration::from_secs(1);
/// The demo shop's id in the store: the first shop of a fresh database.
const DEMO_STORE_ID: i64 = 1;
/// How long a test waits for something the server does in the background.
const DEADLINE: Duration = Duration::from_secs(30);

/// A fake Bot API that knows [`BOT`] and [`OTHER_BOT`], and a server (taking sign-ups) that reaches
/// shops' bots through it.
async fn start(backend: Backend) -> (FakeBotApi, TestApp) {
    let fake = FakeBotApi::start(&[BOT, OTHER_BOT]).await;
    let app = spawn_app_with(backend, |config| {
        config.telegram_api = fake.base.clone();
        config.telegram_notice_minute = MINUTE;
        config.open_signup = true;
    })
    .await;
    (fake, app)
}

fn notices(app: &TestApp, method: Method, store: &str, secret: &str) -> reqwest::RequestBuilder {
    app.client
        .request(
            method,
            format!("{}/api/stores/{store}/telegram-notices", app.base),
        )
        .bearer_auth(secret)
}

async fn set_up(app: &TestApp, body: &Value) -> reqwest::Response {
    notices(app, Method::PUT, "demo", MERCHANT_TOKEN)
        .json(body)
        .send()
        .await
        .expect("request")
}

/// The demo shop's notices go to [`CHAT`] through [`BOT`], repeated every `repeat` minutes.
async fn set_up_demo(app: &TestApp, repeat: u32) {
    let body = json!({"bot_token": BOT, "chat_id": CHAT.to_string(), "repeat_minutes": repeat});
    assert_eq!(set_up(app, &body).await.status(), StatusCode::OK);
}

async fn read_back(app: &TestApp) -> reqwest::Response {
    notices(app, Method::GET, "demo", MERCHANT_TOKEN)
        .send()
        .await
        .expect("request")
}

/// [`CHAT`] as Telegram describes it in an update.
fn shop_chat() -> Value {
    json!({"id": CHAT, "type": "supergroup", "title": "Sharma Kirana staff"})
}

fn paneer() -> Value {
    json!([{"product": "paneer", "variant": "200g", "quantity": 2}])
}

async fn place(app: &TestApp, path: &str, lines: Value) -> Order {
    let response = app.post(path, &order_body(lines)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response
        .json::<PlacedOrder>()
        .await
        .expect("the order")
        .order
}

async fn place_demo(app: &TestApp) -> Order {
    place(app, "/api/stores/demo/orders", paneer()).await
}

async fn status_of(app: &TestApp, id: i64) -> OrderStatus {
    app.merchant_orders()
        .await
        .into_iter()
        .find(|order| order.id == id)
        .map(|order| order.status)
        .expect("the order is the shop's")
}

/// The data of the button labelled `label` under a message.
fn button(message: &Value, label: &str) -> String {
    buttons(message)
        .into_iter()
        .find(|(text, _)| text.contains(label))
        .map(|(_, data)| data)
        .unwrap_or_else(|| panic!("no {label} button: {message}"))
}

async fn notices_are_set_up_read_back_without_their_token_and_ended(backend: Backend) {
    let dist = stub_storefront();
    let fake = FakeBotApi::start(&[BOT]).await;
    let app = spawn_app_with(backend, |config| {
        config.telegram_api = fake.base.clone();
        config.static_dir = dist.path().to_owned();
    })
    .await;
    expect_error(
        read_back(&app).await,
        StatusCode::NOT_FOUND,
        "no_telegram_notices",
    )
    .await;

    let response = set_up(
        &app,
        &json!({"bot_token": format!(" {BOT} "), "chat_id": " -1001234567890 ", "repeat_minutes": 10}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let kept: TelegramNotices = response.json().await.expect("the notices");
    let expected = TelegramNotices {
        bot_id: 424_242,
        chat_id: "-1001234567890".into(),
        repeat_minutes: 10,
        problem: None,
    };
    assert_eq!(kept, expected);
    let text = read_back(&app).await.text().await.expect("a body");
    assert!(
        !text.contains("AAH-haat"),
        "the token is never sent back: {text}"
    );
    assert_eq!(
        serde_json::from_str::<TelegramNotices>(&text).expect("the notices"),
        expected
    );
    // Nor does it reach a shopper: not the shop, its catalog or its page.
    for path in ["/api/stores/demo", "/api/stores/demo/catalog", "/s/demo"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let body = response.text().await.expect("a body");
        assert!(!body.contains("AAH-haat"), "{path}");
        assert!(!body.contains("424242"), "{path}");
    }

    // Changed without a token: the bot stays.
    let response = set_up(&app, &json!({"chat_id": "@sharma_kirana_staff"})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let changed: TelegramNotices = response.json().await.expect("the notices");
    assert_eq!(
        changed,
        TelegramNotices {
            chat_id: "@sharma_kirana_staff".into(),
            repeat_minutes: 0,
            ..expected
        }
    );

    // Every bad field named; nothing kept.
    let refused = set_up(
        &app,
        &json!({"bot_token": "12345", "chat_id": "the shop's group", "repeat_minutes": 121}),
    )
    .await;
    let error = expect_error(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_settings",
    )
    .await;
    let fields: Vec<&str> = error
        .details
        .iter()
        .map(|detail| detail.field.as_str())
        .collect();
    assert_eq!(fields, ["bot_token", "chat_id", "repeat_minutes"]);
    let after: TelegramNotices = read_back(&app).await.json().await.expect("the notices");
    assert_eq!(after, changed, "refused, nothing changed");
    for shapeless in [
        json!({"chat_id": -100}),
        json!({"chat_id": "42", "repeat_minutes": -1}),
        json!({"bot_token": BOT}),
    ] {
        expect_error(
            set_up(&app, &shapeless).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_json",
        )
        .await;
    }

    // Only the shop's owner.
    for method in [Method::GET, Method::PUT, Method::DELETE] {
        let anonymous = app
            .client
            .request(
                method.clone(),
                format!("{}/api/stores/demo/telegram-notices", app.base),
            )
            .json(&json!({"chat_id": "42"}))
            .send()
            .await
            .expect("request");
        expect_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
        let nowhere = notices(&app, method, "nowhere", MERCHANT_TOKEN)
            .json(&json!({"chat_id": "42"}))
            .send()
            .await
            .expect("request");
        expect_error(nowhere, StatusCode::NOT_FOUND, "store_not_found").await;
    }

    // Ended, and ended again.
    for _ in 0..2 {
        let ended = notices(&app, Method::DELETE, "demo", MERCHANT_TOKEN)
            .send()
            .await
            .expect("request");
        assert_eq!(ended.status(), StatusCode::NO_CONTENT);
    }
    expect_error(
        read_back(&app).await,
        StatusCode::NOT_FOUND,
        "no_telegram_notices",
    )
    .await;
    // Set up again, it needs its token again.
    let tokenless = set_up(&app, &json!({"chat_id": "42"})).await;
    let error = expect_error(
        tokenless,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_settings",
    )
    .await;
    assert!(error.field_message("bot_token").is_some(), "{error:?}");
}

async fn a_new_order_reaches_the_chat_with_both_buttons_and_a_test_order_does_not(
    backend: Backend,
) {
    let (fake, app) = start(backend).await;
    set_up_demo(&app, 0).await;
    let link: PreviewLink = app
        .client
        .post(format!("{}/api/stores/demo/preview", app.base))
        .bearer_auth(MERCHANT_TOKEN)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("a preview link");
    let preview = link.url.replace("/s/demo?", "/api/stores/demo/orders?");
    let tried = place(&app, &preview, paneer()).await;
    assert!(tried.test);
    let order = place_demo(&app).await;

    let (message, _) = fake
        .wait_for_message(&format!("New order #{}", order.id), 1)
        .await;
    assert_eq!(message["chat_id"], json!(CHAT));
    assert_eq!(message["parse_mode"], "HTML");
    let said = text(&message);
    for part in [
        "Asha Rao",
        "+919845012345",
        "12, 3rd Cross, Indiranagar 560038",
        "Paneer, 200 g × 2",
        "Cash on delivery",
    ] {
        assert!(said.contains(part), "{part:?} in {said}");
    }
    assert!(
        said.contains(&format!("Total ₹{}", order.totals.total.rupees())),
        "{said}"
    );
    assert_eq!(
        buttons(&message),
        [
            (
                "✅ Accept".to_owned(),
                signed_data(BOT, DEMO_STORE_ID, "a", order.id)
            ),
            (
                "❌ Out of stock".to_owned(),
                signed_data(BOT, DEMO_STORE_ID, "ro", order.id)
            ),
            (
                "❌ Closed now".to_owned(),
                signed_data(BOT, DEMO_STORE_ID, "rc", order.id)
            ),
            (
                "❌ Area not served".to_owned(),
                signed_data(BOT, DEMO_STORE_ID, "ra", order.id)
            ),
        ]
    );
    // The test order, placed first, was never sent: only the real one's message reached the chat.
    let sent: Vec<String> = fake
        .sent()
        .iter()
        .map(|(body, _)| text(body).to_owned())
        .collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(!sent[0].contains(&format!("#{}", tried.id)), "{sent:?}");
}

async fn accept_in_the_chat_accepts_the_order_and_the_message_says_so(backend: Backend) {
    let (fake, app) = start(backend).await;
    set_up_demo(&app, 0).await;
    let order = place_demo(&app).await;
    let (message, message_id) = fake
        .wait_for_message(&format!("New order #{}", order.id), 1)
        .await;
    let accept = button(&message, "Accept");

    let pressed = fake.press(BOT, shop_chat(), message_id, &accept);
    assert_eq!(fake.answer_to(&pressed).await, "✅ Accepted.");
    assert_eq!(status_of(&app, order.id).await, OrderStatus::Accepted);
    let edited = fake.wait_for_edit(message_id).await;
    assert_eq!(edited["chat_id"], json!(CHAT));
    let said = text(&edited);
    assert!(
        said.starts_with(&format!("<b>Order #{}</b>", order.id)),
        "{said}"
    );
    assert!(said.ends_with("<b>✅ Accepted.</b>"), "{said}");
    assert!(
        edited.get("reply_markup").is_none(),
        "no buttons left: {edited}"
    );

    // The same press again (a double tap, or Telegram sending it twice): it stays accepted, and says so.
    let again = fake.press(BOT, shop_chat(), message_id, &accept);
    assert_eq!(fake.answer_to(&again).await, "✅ Accepted.");
    // Reject on an order the shop took on: a stale button moves nothing.
    let late = fake.press(
        BOT,
        shop_chat(),
        message_id,
        &button(&message, "Out of stock"),
    );
    assert_eq!(
        fake.answer_to(&late).await,
        "Already accepted; nothing changed."
    );
    let orders = app.merchant_orders().await;
    let kept = orders
        .iter()
        .find(|kept| kept.id == order.id)
        .expect("the order");
    assert_eq!(kept.status, OrderStatus::Accepted);
    assert_eq!(
        kept.history
            .iter()
            .map(|change| change.status)
            .collect::<Vec<_>>(),
        [OrderStatus::Placed, OrderStatus::Accepted],
        "moved once"
    );
}

async fn reject_in_the_chat_rejects_the_order_and_returns_its_stock(backend: Backend) {
    let (fake, app) = start(backend).await;
    set_up_demo(&app, 0).await;
    let before = max_quantity(&app.catalog().await, "paneer", "200g");
    let order = place_demo(&app).await;
    assert_eq!(
        max_quantity(&app.catalog().await, "paneer", "200g"),
        before - 2
    );
    let (message, message_id) = fake
        .wait_for_message(&format!("New order #{}", order.id), 1)
        .await;
    let pressed = fake.press(
        BOT,
        shop_chat(),
        message_id,
        &button(&message, "Out of stock"),
    );
    assert_eq!(fake.answer_to(&pressed).await, "❌ Rejected.");
    assert_eq!(status_of(&app, order.id).await, OrderStatus::Rejected);
    // The shopper is told why, as the button said.
    let refused = app
        .merchant_orders()
        .await
        .into_iter()
        .find(|kept| kept.id == order.id)
        .expect("the order");
    let refusal = refused.history.last().expect("its refusal");
    assert_eq!(refusal.reason, Some(haat_api::RejectReason::OutOfStock));
    assert_eq!(
        max_quantity(&app.catalog().await, "paneer", "200g"),
        before,
        "the console's own path: the stock is back"
    );
    let edited = fake.wait_for_edit(message_id).await;
    assert!(text(&edited).ends_with("<b>❌ Rejected.</b>"), "{edited}");
}

/// Another shop, opened by sign-up with one product on sale: its slug, owner's secret and an order its
/// owner accepted.
async fn another_shops_order(app: &TestApp) -> (String, String, i64) {
    let response = app
        .post(
            "/api/shops",
            &json!({"name": "Gupta Stores", "phone": "98450 12345"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let other: SignIn = response.json().await.expect("a sign-in");
    let draft = json!({
        "categories": [{"id": "staples", "name": "Staples"}],
        "products": [{
            "id": "rice", "category": "staples", "name": "Rice",
            "variants": [{"id": "1kg", "label": "1 kg", "price": 6_500, "stock": 20}],
        }],
    });
    for (method, tail, body) in [
        (Method::PUT, "draft", Some(draft)),
        (Method::POST, "draft/publish", None),
    ] {
        let request = app
            .client
            .request(
                method,
                format!("{}/api/stores/{}/{tail}", app.base, other.store),
            )
            .bearer_auth(&other.secret);
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        let response = request.send().await.expect("request");
        assert!(response.status().is_success(), "{tail}: {response:?}");
    }
    let order = place(
        app,
        &format!("/api/stores/{}/orders", other.store),
        json!([{"product": "rice", "variant": "1kg", "quantity": 1}]),
    )
    .await;
    let accepted = app
        .client
        .post(format!(
            "{}/api/stores/{}/orders/{}/status",
            app.base, other.store, order.id
        ))
        .bearer_auth(&other.secret)
        .json(&json!({"status": "accepted"}))
        .send()
        .await
        .expect("request");
    assert_eq!(accepted.status(), StatusCode::OK);
    (other.store, other.secret, order.id)
}

async fn a_press_that_is_not_genuine_changes_nothing(backend: Backend) {
    let (fake, app) = start(backend).await;
    set_up_demo(&app, 0).await;
    let (other_store, other_secret, others) = another_shops_order(&app).await;
    let order = place_demo(&app).await;
    let (message, message_id) = fake
        .wait_for_message(&format!("New order #{}", order.id), 1)
        .await;
    let accept = button(&message, "Accept");
    // Signed here as the server signs: the forgeries below differ from a genuine button only as they say.
    assert_eq!(accept, signed_data(BOT, DEMO_STORE_ID, "a", order.id));
    let last = if accept.ends_with('0') { '1' } else { '0' };
    let tampered = format!("{}{last}", &accept[..accept.len() - 1]);
    let elsewhere = json!({"id": -1_009_999_999, "type": "supergroup", "title": "Another group"});
    for (what, chat, data) in [
        ("a tampered tag", shop_chat(), tampered),
        (
            "the genuine button from another chat",
            elsewhere,
            accept.clone(),
        ),
        (
            "a button this bot could make, for another shop's order (which says nothing of it)",
            shop_chat(),
            signed_data(BOT, DEMO_STORE_ID, "a", others),
        ),
        (
            "a button this bot could make, rejecting another shop's order",
            shop_chat(),
            signed_data(BOT, DEMO_STORE_ID, "r", others),
        ),
        (
            "another bot's button",
            shop_chat(),
            signed_data(OTHER_BOT, DEMO_STORE_ID, "a", order.id),
        ),
        (
            "another action under this one's tag",
            shop_chat(),
            accept.replacen("a:", "r:", 1),
        ),
        ("made-up data", shop_chat(), "a:1:00".to_owned()),
    ] {
        let pressed = fake.press(BOT, chat, message_id, &data);
        assert_eq!(
            fake.answer_to(&pressed).await,
            "This button does not work here.",
            "{what}"
        );
    }
    assert_eq!(status_of(&app, order.id).await, OrderStatus::Placed);
    let others_orders: OrderList = app
        .client
        .get(format!("{}/api/stores/{other_store}/orders", app.base))
        .bearer_auth(&other_secret)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("the other shop's orders");
    assert_eq!(others_orders.orders[0].id, others);
    assert_eq!(others_orders.orders[0].status, OrderStatus::Accepted);
    assert!(fake.edits_of(message_id).is_empty(), "no message edited");

    // The genuine press, after them all, still works.
    let pressed = fake.press(BOT, shop_chat(), message_id, &accept);
    assert_eq!(fake.answer_to(&pressed).await, "✅ Accepted.");
    assert_eq!(status_of(&app, order.id).await, OrderStatus::Accepted);
}

/// Waits until the demo shop's notices say `problem` is as `wanted` wants.
async fn problem_until(app: &TestApp, wanted: impl Fn(Option<&str>) -> bool) -> Option<String> {
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let notices: TelegramNotices = read_back(app).await.json().await.expect("the notices");
        if wanted(notices.problem.as_deref()) {
            return notices.problem;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the problem is still {:?}",
            notices.problem
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn a_failing_bot_api_never_fails_an_order_and_the_notice_comes_after_retries(
    backend: Backend,
) {
    let (fake, app) = start(backend).await;
    set_up_demo(&app, 0).await;
    fake.fail_sends(2);
    let order = tokio::time::timeout(Duration::from_secs(10), place_demo(&app))
        .await
        .expect("placed without waiting for Telegram");
    let needle = format!("New order #{}", order.id);
    fake.wait_for_message(&needle, 1).await;
    let tries: Vec<u16> = fake
        .calls()
        .iter()
        .filter(|call| call.method == "sendMessage" && text(&call.body).contains(&needle))
        .map(|call| call.status)
        .collect();
    assert_eq!(tries, [500, 500, 200], "tried again until it went");
    assert_eq!(problem_until(&app, |problem| problem.is_none()).await, None);

    // A token Telegram does not know: orders are still taken, and the owner is told what to fix.
    let unknown = json!({
        "bot_token": "999999:AAH-a_token_telegram_never_gave",
        "chat_id": CHAT.to_string(),
    });
    assert_eq!(set_up(&app, &unknown).await.status(), StatusCode::OK);
    let order = place_demo(&app).await;
    fake.wait_for("a refused send", |calls| {
        calls
            .iter()
            .find(|call| call.method == "sendMessage" && call.status == 401)
            .map(drop)
    })
    .await;
    let problem = problem_until(&app, |problem| problem.is_some())
        .await
        .expect("a problem");
    assert!(problem.contains("bot token"), "{problem}");
    assert_eq!(status_of(&app, order.id).await, OrderStatus::Placed);
}

async fn a_notice_is_repeated_while_the_order_waits_and_no_more_once_accepted(backend: Backend) {
    let (fake, app) = start(backend).await;
    set_up_demo(&app, 1).await;
    let order = place_demo(&app).await;
    fake.wait_for_message(&format!("New order #{}", order.id), 1)
        .await;
    let waiting = format!("Order #{} is still waiting", order.id);
    let (reminder, reminder_id) = fake.wait_for_message(&waiting, 1).await;
    assert!(text(&reminder).starts_with("⏰"), "{reminder}");
    let pressed = fake.press(BOT, shop_chat(), reminder_id, &button(&reminder, "Accept"));
    assert_eq!(fake.answer_to(&pressed).await, "✅ Accepted.");
    let reminded = |fake: &FakeBotApi| {
        fake.sent()
            .iter()
            .filter(|(body, _)| text(body).contains(&waiting))
            .count()
    };
    let before = reminded(&fake);

    // Another order is told and reminded of in the minutes that follow; the accepted one is not.
    let next = place_demo(&app).await;
    fake.wait_for_message(&format!("Order #{} is still waiting", next.id), 1)
        .await;
    assert_eq!(reminded(&fake), before, "no reminder once accepted");
}
