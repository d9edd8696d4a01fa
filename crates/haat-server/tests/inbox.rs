//! What the order inbox asks of the API, over real HTTP on every storage backend: the shop's orders a
//! page at a time, by status and by what the owner types; a refusal that says why, which the shopper
//! reads; an order marked paid and the mark taken back, each sent down the shop's feed; the shop's day
//! summed up.

#[macro_use]
mod common;

use std::time::Duration;

use common::{Backend, MERCHANT_TOKEN, TestApp, expect_error, order_body, spawn_app};
use haat_api::{
    DaySummary, Edit, ItemCount, Money, Order, OrderList, OrderStatus, PaidVia, PlacedOrder,
    PreviewLink, Refusal, RejectReason, StatusChange, Takings, clock::ShopTime,
};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

on_every_backend! {
    the_list_comes_a_page_at_a_time_newest_first,
    the_list_is_filtered_by_status_and_searched_by_number_name_or_phone,
    a_bad_list_query_is_named,
    a_refusal_says_why_and_the_shopper_reads_it,
    a_refusal_without_its_reason_changes_nothing,
    an_order_is_marked_paid_and_the_mark_taken_back_through_the_feed,
    a_refused_order_is_never_paid_and_another_shops_order_is_not_found,
    an_open_feed_ends_when_the_server_stops,
    an_open_feed_ends_when_its_secret_is_replaced,
    a_line_is_reduced_or_unavailable_before_packing_and_the_shopper_reads_it,
    a_line_change_that_cannot_be_is_refused_and_changes_nothing,
    a_line_change_racing_the_shoppers_cancel_never_loses_stock,
    a_line_is_replaced_with_another_pack_and_every_change_is_an_edit,
    a_replacement_that_cannot_be_is_refused_and_changes_nothing,
    a_replacement_taken_back_puts_a_pack_on_two_lines_and_a_refusal_returns_both,
    the_shoppers_language_is_kept_for_the_shops_messages,
    the_day_sums_up_orders_takings_top_items_and_refusals,
    a_summary_is_the_merchants_and_of_a_real_day,
}

fn merchant(app: &TestApp, method: Method, path: &str) -> RequestBuilder {
    app.client
        .request(method, format!("{}/api/stores/demo{path}", app.base))
        .bearer_auth(MERCHANT_TOKEN)
}

async fn send(request: RequestBuilder) -> reqwest::Response {
    request.send().await.expect("request")
}

/// An order from `name` (phone `phone`) for a bag of atta.
async fn place(app: &TestApp, name: &str, phone: &str) -> PlacedOrder {
    let mut body = order_body(json!([{"product": "wheat-atta", "variant": "5kg", "quantity": 1}]));
    body["customer"]["name"] = json!(name);
    body["customer"]["phone"] = json!(phone);
    place_body(app, "/api/stores/demo/orders", &body).await
}

/// The order `body` placed at `path`.
async fn place_body(app: &TestApp, path: &str, body: &Value) -> PlacedOrder {
    let response = app.post(path, body).await;
    let status = response.status();
    let text = response.text().await.expect("an answer");
    assert_eq!(status, StatusCode::CREATED, "{text}");
    serde_json::from_str(&text).expect("placed")
}

async fn list(app: &TestApp, query: &str) -> OrderList {
    let response = send(merchant(app, Method::GET, &format!("/orders?{query}"))).await;
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    response.json().await.expect("a page of orders")
}

fn ids(list: &OrderList) -> Vec<i64> {
    list.orders.iter().map(|order| order.id).collect()
}

async fn move_order(app: &TestApp, id: i64, body: Value) -> reqwest::Response {
    send(merchant(app, Method::POST, &format!("/orders/{id}/status")).json(&body)).await
}

async fn the_list_comes_a_page_at_a_time_newest_first(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut placed = Vec::new();
    for at in 0..7 {
        placed.push(
            place(&app, &format!("Shopper {at}"), "98450 12345")
                .await
                .order
                .id,
        );
    }
    placed.reverse();
    let mut seen = Vec::new();
    let mut query = "limit=3".to_owned();
    loop {
        let page = list(&app, &query).await;
        assert!(page.orders.len() <= 3);
        seen.extend(ids(&page));
        match page.more {
            Some(before) => query = format!("limit=3&before={before}"),
            None => break,
        }
    }
    assert_eq!(seen, placed, "every order once, newest first");
    assert_eq!(ids(&list(&app, "").await), placed, "a page is 50 orders");
}

async fn the_list_is_filtered_by_status_and_searched_by_number_name_or_phone(backend: Backend) {
    let app = spawn_app(backend).await;
    let meena = place(&app, "Meena Iyer", "98450 11111").await.order.id;
    let ravi = place(&app, "Ravi Kumar", "98450 22222").await.order.id;
    let asha = place(&app, "Asha Rao", "98450 33333").await.order.id;
    let accepted = move_order(&app, ravi, json!({"status": "accepted"})).await;
    assert_eq!(accepted.status(), StatusCode::OK);

    assert_eq!(ids(&list(&app, "status=placed").await), [asha, meena]);
    assert_eq!(ids(&list(&app, "status=accepted,packed").await), [ravi]);
    assert_eq!(ids(&list(&app, &format!("q=%23{ravi}")).await), [ravi]);
    assert_eq!(ids(&list(&app, "q=meena").await), [meena]);
    assert_eq!(ids(&list(&app, "q=MEENA%20I").await), [meena], "any case");
    assert_eq!(
        ids(&list(&app, "q=22222").await),
        [ravi],
        "a part of the phone"
    );
    assert_eq!(
        ids(&list(&app, "q=rao&status=accepted").await),
        Vec::<i64>::new()
    );
    // What people type is taken literally, not as a pattern.
    assert_eq!(
        ids(&list(&app, "q=222").await),
        Vec::<i64>::new(),
        "three digits are an order's number, not a part of a phone"
    );
    assert_eq!(ids(&list(&app, "q=%25").await), Vec::<i64>::new());
    assert_eq!(ids(&list(&app, "q=_").await), Vec::<i64>::new());
}

async fn a_bad_list_query_is_named(backend: Backend) {
    let app = spawn_app(backend).await;
    for query in [
        "limit=0",
        "limit=201",
        "status=shipped",
        "before=0",
        "limit=many",
    ] {
        let response = send(merchant(&app, Method::GET, &format!("/orders?{query}"))).await;
        expect_error(response, StatusCode::BAD_REQUEST, "invalid_parameter").await;
    }
}

/// The shopper's view of their order, with its token.
async fn shoppers_order(app: &TestApp, placed: &PlacedOrder) -> Order {
    let response = app
        .client
        .get(format!("{}/api/orders/{}", app.base, placed.order.id))
        .bearer_auth(&placed.token)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("the order")
}

fn refusal(order: &Order) -> Option<&StatusChange> {
    order
        .history
        .iter()
        .rfind(|change| change.status == OrderStatus::Rejected)
}

async fn a_refusal_says_why_and_the_shopper_reads_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let placed = place(&app, "Meena Iyer", "98450 11111").await;
    let response = move_order(
        &app,
        placed.order.id,
        json!({"status": "rejected", "reason": "other", "note": "  We are closed for Diwali.  "}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let refused: Order = response.json().await.expect("the order");
    let said = refusal(&refused).expect("a refusal in the history");
    assert_eq!(said.reason, Some(RejectReason::Other));
    assert_eq!(said.note.as_deref(), Some("We are closed for Diwali."));
    let shopper = shoppers_order(&app, &placed).await;
    assert_eq!(shopper.status, OrderStatus::Rejected);
    assert_eq!(refusal(&shopper), Some(said), "the shopper reads why");
    assert!(
        shopper.history[0].reason.is_none() && shopper.history[0].note.is_none(),
        "only the refusal says why"
    );

    let second = place(&app, "Ravi Kumar", "98450 22222").await;
    let accepted = move_order(&app, second.order.id, json!({"status": "accepted"})).await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let refused = move_order(
        &app,
        second.order.id,
        json!({"status": "rejected", "reason": "area_not_served"}),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::OK);
    let shopper = shoppers_order(&app, &second).await;
    let said = refusal(&shopper).expect("refused");
    assert_eq!(said.reason, Some(RejectReason::AreaNotServed));
    assert_eq!(said.note, None);
}

async fn a_refusal_without_its_reason_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let placed = place(&app, "Meena Iyer", "98450 11111").await;
    let id = placed.order.id;
    for (body, field) in [
        (json!({"status": "rejected"}), "reason"),
        (
            json!({"status": "rejected", "reason": "other", "note": " "}),
            "note",
        ),
        (
            json!({"status": "rejected", "reason": "closed", "note": "x".repeat(201)}),
            "note",
        ),
        (json!({"status": "accepted", "reason": "closed"}), "reason"),
        (json!({"status": "accepted", "note": "Sorry"}), "note"),
    ] {
        let refused = move_order(&app, id, body.clone()).await;
        let error = expect_error(
            refused,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_order_change",
        )
        .await;
        assert!(error.field_message(field).is_some(), "{body}: {error:?}");
    }
    let unknown = move_order(&app, id, json!({"status": "rejected", "reason": "tired"})).await;
    expect_error(unknown, StatusCode::UNPROCESSABLE_ENTITY, "invalid_json").await;
    assert_eq!(
        shoppers_order(&app, &placed).await.status,
        OrderStatus::Placed
    );
}

async fn mark(app: &TestApp, id: i64, via: Option<&str>) -> reqwest::Response {
    let path = format!("/orders/{id}/paid");
    match via {
        Some(via) => send(merchant(app, Method::PUT, &path).json(&json!({ "via": via }))).await,
        None => send(merchant(app, Method::DELETE, &path)).await,
    }
}

/// The shop's feed from now on, read an order at a time.
struct Feed {
    response: reqwest::Response,
    text: String,
}

impl Feed {
    async fn open(app: &TestApp) -> Self {
        let response = send(merchant(app, Method::GET, "/orders/events")).await;
        assert_eq!(response.status(), StatusCode::OK);
        Self {
            response,
            text: String::new(),
        }
    }

    /// The next order the feed sends, within a deadline.
    async fn next(&mut self) -> Order {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            while let Some(end) = self.text.find("\n\n") {
                let event: String = self.text.drain(..end + 2).collect();
                if let Some(data) = event.lines().find_map(|line| line.strip_prefix("data:")) {
                    return serde_json::from_str(data.trim()).expect("an order");
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .expect("the feed sends it in time")
                .expect("the feed")
                .expect("the feed stays open");
            self.text.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

async fn an_order_is_marked_paid_and_the_mark_taken_back_through_the_feed(backend: Backend) {
    let app = spawn_app(backend).await;
    let placed = place(&app, "Meena Iyer", "98450 11111").await;
    let id = placed.order.id;
    let mut feed = Feed::open(&app).await;
    let response = mark(&app, id, Some("upi")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let paid: Order = response.json().await.expect("the order");
    let mark_made = paid.paid.expect("marked paid");
    assert_eq!(mark_made.via, PaidVia::Upi);
    assert_eq!(
        paid.history.len(),
        1,
        "a payment is no step of the order's life"
    );
    assert_eq!(
        feed.next().await.paid,
        Some(mark_made),
        "the inbox hears of it"
    );
    assert_eq!(list(&app, "").await.orders[0].paid, Some(mark_made));

    let response = mark(&app, id, Some("cash")).await;
    let cash: Order = response.json().await.expect("the order");
    assert_eq!(cash.paid.map(|paid| paid.via), Some(PaidVia::Cash));
    assert_eq!(feed.next().await.paid, cash.paid);
    let response = mark(&app, id, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let unmarked: Order = response.json().await.expect("the order");
    assert_eq!(unmarked.paid, None);
    assert_eq!(feed.next().await.paid, None);

    let unknown = mark(&app, id, Some("card")).await;
    expect_error(unknown, StatusCode::UNPROCESSABLE_ENTITY, "invalid_json").await;
}

async fn a_refused_order_is_never_paid_and_another_shops_order_is_not_found(backend: Backend) {
    let app = spawn_app(backend).await;
    let placed = place(&app, "Meena Iyer", "98450 11111").await;
    let id = placed.order.id;
    let refused = move_order(&app, id, json!({"status": "rejected", "reason": "closed"})).await;
    assert_eq!(refused.status(), StatusCode::OK);
    expect_error(
        mark(&app, id, Some("cash")).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    // A mark made by mistake before can still be taken back.
    let unmarked = mark(&app, id, None).await;
    assert_eq!(unmarked.status(), StatusCode::OK);
    let unmarked: Order = unmarked.json().await.expect("the order");
    assert_eq!(unmarked.paid, None);
    expect_error(
        mark(&app, 9_999, Some("cash")).await,
        StatusCode::NOT_FOUND,
        "order_not_found",
    )
    .await;
    let anonymous = app
        .client
        .put(format!("{}/api/stores/demo/orders/{id}/paid", app.base))
        .json(&json!({"via": "cash"}))
        .send()
        .await
        .expect("request");
    expect_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(shoppers_order(&app, &placed).await.paid, None);
}

async fn an_open_feed_ends_when_the_server_stops(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut feed = Feed::open(&app).await;
    // A deploy stops the server while a console listens: the stop does not wait on the console.
    let stopped = tokio::time::timeout(Duration::from_secs(10), app.stop()).await;
    assert!(stopped.is_ok(), "the server stopped with a feed open");
    let ended = tokio::time::timeout(Duration::from_secs(10), feed.response.chunk()).await;
    assert!(
        matches!(ended, Ok(Ok(None)) | Ok(Err(_))),
        "the feed ended: {ended:?}"
    );
}

async fn an_open_feed_ends_when_its_secret_is_replaced(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut feed = Feed::open(&app).await;
    // The owner replaces the secret (a phone lost, a helper gone): the console still open on the old
    // one hears of no more orders.
    let rotated = send(merchant(&app, Method::POST, "/merchant/secret")).await;
    assert_eq!(rotated.status(), StatusCode::OK);
    place(&app, "Meena Iyer", "98450 11111").await;
    let mut heard = String::new();
    loop {
        let chunk = tokio::time::timeout(Duration::from_secs(20), feed.response.chunk())
            .await
            .expect("the feed ends in time");
        match chunk {
            Ok(Some(bytes)) => heard.push_str(&String::from_utf8_lossy(&bytes)),
            Ok(None) | Err(_) => break,
        }
    }
    assert!(
        !heard.contains("Meena"),
        "the old secret's feed sent: {heard}"
    );
}

/// An order of `lines`, with the shopper's other choices (`{"payment": "upi_now"}`) in `choices`.
async fn order_of(app: &TestApp, lines: Value, choices: Value) -> PlacedOrder {
    let mut body = order_body(lines);
    for (field, choice) in choices.as_object().expect("choices are an object") {
        body[field] = choice.clone();
    }
    place_body(app, "/api/stores/demo/orders", &body).await
}

/// Moves the order through `steps`, each a status.
async fn walk(app: &TestApp, id: i64, steps: &[&str]) {
    for step in steps {
        let moved = move_order(app, id, json!({ "status": step })).await;
        assert_eq!(moved.status(), StatusCode::OK, "order {id} to {step}");
    }
}

/// The day `at_ms` falls on, on the shops' clock, as the summary writes it.
fn day_of(at_ms: i64) -> String {
    let at = ShopTime::at(at_ms);
    format!("{:04}-{:02}-{:02}", at.year, at.month, at.day)
}

async fn summary(app: &TestApp, query: &str) -> DaySummary {
    let response = send(merchant(
        app,
        Method::GET,
        &format!("/orders/summary{query}"),
    ))
    .await;
    let status = response.status();
    let text = response.text().await.expect("an answer");
    assert_eq!(status, StatusCode::OK, "{query}: {text}");
    serde_json::from_str(&text).expect("a day's summary")
}

/// A cart line of `quantity` packs.
fn line(product: &str, variant: &str, quantity: u32) -> Value {
    json!({"product": product, "variant": variant, "quantity": quantity})
}

fn item(product: &str, variant: &str, name: &str, label: &str, quantity: u32) -> ItemCount {
    ItemCount {
        product: product.into(),
        variant: variant.into(),
        name: name.into(),
        variant_label: label.into(),
        quantity,
    }
}

async fn the_day_sums_up_orders_takings_top_items_and_refusals(backend: Backend) {
    let app = spawn_app(backend).await;
    let atta = |quantity| line("wheat-atta", "5kg", quantity);
    let dal = |quantity| line("toor-dal", "1kg", quantity);
    let earliest = the_clock();
    // Delivered, ₹518 with free delivery, paid as the shopper chose: cash.
    let cash = order_of(&app, json!([atta(2), line("salt", "1kg", 1)]), json!({})).await;
    // Delivered, ₹169 + ₹25 delivery, to be paid by UPI on delivery, but the shop took cash.
    let took_cash = order_of(&app, json!([dal(1)]), json!({"payment": "upi_on_delivery"})).await;
    // Delivered, ₹245 + ₹25, to be paid in cash, but the shop marked it paid by UPI.
    let took_upi = order_of(&app, json!([atta(1)]), json!({})).await;
    // Collected at the shop, ₹338 paid by UPI now.
    let collected = order_of(
        &app,
        json!([dal(2)]),
        json!({"fulfilment": "pickup", "payment": "upi_now"}),
    )
    .await;
    // Accepted, not yet delivered: ordered, but nothing taken.
    let accepted = order_of(&app, json!([atta(1), line("sugar", "1kg", 1)]), json!({})).await;
    let out_of_stock = order_of(&app, json!([line("salt", "1kg", 4)]), json!({})).await;
    let diwali = order_of(&app, json!([dal(1)]), json!({})).await;
    let cancelled = order_of(&app, json!([atta(3)]), json!({})).await;
    // A test order from a preview of the draft is none of the shop's.
    let link: PreviewLink = send(merchant(&app, Method::POST, "/preview"))
        .await
        .json()
        .await
        .expect("a preview link");
    let preview = link.url.split_once("?preview=").expect("a token").1;
    let test = place_body(
        &app,
        &format!("/api/stores/demo/orders?preview={preview}"),
        &order_body(json!([atta(5)])),
    )
    .await;
    assert!(test.order.test);

    let delivery = ["accepted", "packed", "out_for_delivery", "delivered"];
    for placed in [&cash, &took_cash, &took_upi] {
        walk(&app, placed.order.id, &delivery).await;
    }
    let pickup = ["accepted", "packed", "ready_for_pickup", "delivered"];
    walk(&app, collected.order.id, &pickup).await;
    walk(&app, accepted.order.id, &["accepted"]).await;
    for (placed, via) in [(&took_cash, "cash"), (&took_upi, "upi")] {
        let path = format!("/orders/{}/paid", placed.order.id);
        let marked = send(merchant(&app, Method::PUT, &path).json(&json!({ "via": via }))).await;
        assert_eq!(marked.status(), StatusCode::OK);
    }
    let refused = move_order(
        &app,
        out_of_stock.order.id,
        json!({"status": "rejected", "reason": "out_of_stock"}),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::OK);
    walk(&app, diwali.order.id, &["accepted"]).await;
    let refused = move_order(
        &app,
        diwali.order.id,
        json!({"status": "rejected", "reason": "other", "note": "Closed for Diwali"}),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::OK);
    let withdrawn = app
        .client
        .post(format!(
            "{}/api/orders/{}/cancel",
            app.base, cancelled.order.id
        ))
        .bearer_auth(&cancelled.token)
        .send()
        .await
        .expect("request");
    assert_eq!(withdrawn.status(), StatusCode::OK);

    let day = day_of(cash.order.created_at_ms);
    assert_eq!(day_of(test.order.created_at_ms), day, "placed on one day");
    let expected = DaySummary {
        day: day.clone(),
        orders: 8,
        delivered: 4,
        takings: Takings {
            cash: Money::from_minor(51_800 + 19_400),
            upi: Money::from_minor(27_000 + 33_800),
            total: Money::from_minor(132_000),
        },
        top_items: vec![
            item("wheat-atta", "5kg", "Whole Wheat Atta", "5 kg", 4),
            item("toor-dal", "1kg", "Toor Dal", "1 kg", 3),
            item("salt", "1kg", "Iodised Salt", "1 kg", 1),
            item("sugar", "1kg", "Sugar", "1 kg", 1),
        ],
        refused: vec![
            Refusal {
                order: out_of_stock.order.id,
                reason: Some(RejectReason::OutOfStock),
                note: None,
            },
            Refusal {
                order: diwali.order.id,
                reason: Some(RejectReason::Other),
                note: Some("Closed for Diwali".into()),
            },
        ],
        cancelled: 1,
    };
    assert_eq!(summary(&app, &format!("?day={day}")).await, expected);

    // Without a day: today on the shops' clock.
    let today = summary(&app, "").await;
    let latest = the_clock();
    assert!(
        [day_of(earliest), day_of(latest)].contains(&today.day),
        "{today:?}"
    );
    if today.day == day {
        assert_eq!(today, expected);
    }

    // The day before: nothing.
    let before = day_before(&day);
    assert_eq!(
        summary(&app, &format!("?day={before}")).await,
        DaySummary {
            day: before,
            orders: 0,
            delivered: 0,
            takings: Takings::default(),
            top_items: Vec::new(),
            refused: Vec::new(),
            cancelled: 0,
        }
    );
}

/// Milliseconds since 1970 now.
fn the_clock() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(since.as_millis()).expect("in range")
}

/// The day before `day` (`YYYY-MM-DD`).
fn day_before(day: &str) -> String {
    let mut parts = day
        .split('-')
        .map(|part| part.parse::<u32>().expect("a number"));
    let mut date = || parts.next().expect("a year, a month and a day");
    let midnight = ShopTime {
        year: i64::from(date()),
        month: date(),
        day: date(),
        hour: 0,
        minute: 0,
        weekday: 0,
    };
    day_of(midnight.to_ms() - 1)
}

async fn a_summary_is_the_merchants_and_of_a_real_day(backend: Backend) {
    let app = spawn_app(backend).await;
    let placed = place(&app, "Meena Iyer", "98450 11111").await;
    let day = day_of(placed.order.created_at_ms);
    for bad in [
        "2026-02-30",
        "2026-13-01",
        "26-11-28",
        "2026-11-28T10:00",
        "yesterday",
        "",
    ] {
        let response = send(merchant(
            &app,
            Method::GET,
            &format!("/orders/summary?day={bad}"),
        ))
        .await;
        let error = expect_error(response, StatusCode::BAD_REQUEST, "invalid_parameter").await;
        assert!(error.message.contains("YYYY-MM-DD"), "{bad}: {error:?}");
    }
    let twice = send(merchant(
        &app,
        Method::GET,
        &format!("/orders/summary?day={day}&day={day}"),
    ))
    .await;
    expect_error(twice, StatusCode::BAD_REQUEST, "invalid_parameter").await;

    let path = format!("{}/api/stores/demo/orders/summary", app.base);
    for query in [
        format!("?day={day}"),
        String::new(),
        "?day=never".to_owned(),
    ] {
        let anonymous = send(app.client.get(format!("{path}{query}"))).await;
        expect_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
        let wrong = send(
            app.client
                .get(format!("{path}{query}"))
                .bearer_auth("not-the-owner"),
        )
        .await;
        expect_error(wrong, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    let nowhere = send(
        app.client
            .get(format!("{}/api/stores/nowhere/orders/summary", app.base))
            .bearer_auth(MERCHANT_TOKEN),
    )
    .await;
    expect_error(nowhere, StatusCode::NOT_FOUND, "store_not_found").await;
    // The summary is no order: the orders' routes beside it are unchanged.
    let status = send(
        merchant(&app, Method::POST, "/orders/summary/status").json(&json!({"status": "accepted"})),
    )
    .await;
    expect_error(status, StatusCode::BAD_REQUEST, "invalid_parameter").await;
    assert_eq!(summary(&app, &format!("?day={day}")).await.orders, 1);
}

/// An order of two lines: 3 bags of atta and 2 packs of paneer.
async fn two_lines(app: &TestApp) -> PlacedOrder {
    let body = order_body(json!([
        {"product": "wheat-atta", "variant": "5kg", "quantity": 3},
        {"product": "paneer", "variant": "200g", "quantity": 2}
    ]));
    let response = app.post("/api/stores/demo/orders", &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.expect("placed")
}

async fn change_line(app: &TestApp, id: i64, line: i64, quantity: u32) -> reqwest::Response {
    let path = format!("/orders/{id}/lines/{line}");
    send(merchant(app, Method::PUT, &path).json(&json!({ "quantity": quantity }))).await
}

async fn a_line_is_reduced_or_unavailable_before_packing_and_the_shopper_reads_it(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let atta_before = common::max_quantity(&app.catalog().await, "wheat-atta", "5kg");
    let placed = two_lines(&app).await;
    let id = placed.order.id;
    let atta = placed.order.lines[0].unit_price;
    let paneer = placed.order.lines[1].line_total;
    let fee = placed.order.totals.delivery_fee;
    let accepted = move_order(&app, id, json!({"status": "accepted"})).await;
    assert_eq!(accepted.status(), StatusCode::OK);

    // Three bags ordered, one in the shop: the line keeps what was ordered, the order is re-priced.
    let mut feed = Feed::open(&app).await;
    let response = change_line(&app, id, 1, 1).await;
    assert_eq!(response.status(), StatusCode::OK);
    let changed: Order = response.json().await.expect("the order");
    let line = &changed.lines[0];
    assert_eq!((line.quantity, line.ordered), (1, Some(3)));
    assert_eq!(line.line_total, atta);
    let subtotal = atta.checked_add(paneer).expect("a sum");
    assert_eq!(changed.totals.subtotal, subtotal);
    assert_eq!(
        changed.totals.total,
        subtotal.checked_add(fee).expect("a sum"),
        "the delivery fee as charged"
    );
    assert_eq!(
        feed.next().await.lines[0].quantity,
        1,
        "the inbox hears of it"
    );
    assert_eq!(
        common::max_quantity(&app.catalog().await, "wheat-atta", "5kg"),
        atta_before - 1,
        "two bags back on the shelf"
    );

    // Paneer unavailable; changed again, the line still says what was ordered.
    let response = change_line(&app, id, 2, 0).await;
    assert_eq!(response.status(), StatusCode::OK);
    let shopper = shoppers_order(&app, &placed).await;
    assert_eq!(
        (shopper.lines[1].quantity, shopper.lines[1].ordered),
        (0, Some(2))
    );
    assert_eq!(shopper.totals.subtotal, atta);
    assert_eq!(shopper.status, OrderStatus::Accepted, "a change is no step");
    let response = change_line(&app, id, 1, 0).await;
    expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_order_change",
    )
    .await;

    // Cancelled or refused afterwards, only what is left goes back: the shelf is as it was.
    let refused = move_order(
        &app,
        id,
        json!({"status": "rejected", "reason": "out_of_stock"}),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::OK);
    assert_eq!(
        common::max_quantity(&app.catalog().await, "wheat-atta", "5kg"),
        atta_before
    );
}

async fn a_line_change_that_cannot_be_is_refused_and_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let placed = two_lines(&app).await;
    let id = placed.order.id;
    let more = change_line(&app, id, 1, 4).await;
    let error = expect_error(
        more,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_order_change",
    )
    .await;
    assert!(error.field_message("quantity").is_some(), "{error:?}");
    // The quantity it has already: nothing changes, nothing is recorded.
    let same = change_line(&app, id, 1, 3).await;
    assert_eq!(same.status(), StatusCode::OK);
    let same: Order = same.json().await.expect("the order");
    assert_eq!(same.lines, placed.order.lines);
    expect_error(
        change_line(&app, id, 3, 1).await,
        StatusCode::NOT_FOUND,
        "order_not_found",
    )
    .await;
    expect_error(
        change_line(&app, 9_999, 1, 1).await,
        StatusCode::NOT_FOUND,
        "order_not_found",
    )
    .await;
    for status in ["accepted", "packed"] {
        let moved = move_order(&app, id, json!({ "status": status })).await;
        assert_eq!(moved.status(), StatusCode::OK);
    }
    expect_error(
        change_line(&app, id, 1, 1).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    let anonymous = app
        .client
        .put(format!("{}/api/stores/demo/orders/{id}/lines/1", app.base))
        .json(&json!({"quantity": 1}))
        .send()
        .await
        .expect("request");
    expect_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(
        shoppers_order(&app, &placed).await.lines,
        placed.order.lines
    );
}

async fn a_line_change_racing_the_shoppers_cancel_never_loses_stock(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = shelves(&app, &[ATTA, PANEER, CURD]).await;
    for round in 0..8 {
        let placed = two_lines(&app).await;
        let id = placed.order.id;
        let cancel = app
            .client
            .post(format!("{}/api/orders/{id}/cancel", app.base))
            .bearer_auth(&placed.token)
            .send();
        // A bag less of atta, or the paneer replaced with curd, every other round.
        let change = async {
            if round % 2 == 0 {
                change_line(&app, id, 1, 1).await
            } else {
                replace_line(&app, id, 2, CURD, 2).await
            }
        };
        let (changed, cancelled) = tokio::join!(change, cancel);
        let cancelled = cancelled.expect("request");
        // The cancel always lands (a change is no step); the change lands before it, or is refused after.
        assert_eq!(cancelled.status(), StatusCode::OK);
        assert!(
            matches!(changed.status(), StatusCode::OK | StatusCode::CONFLICT),
            "{}",
            changed.status()
        );
        assert_eq!(
            shoppers_order(&app, &placed).await.status,
            OrderStatus::Cancelled
        );
    }
    assert_eq!(
        shelves(&app, &[ATTA, PANEER, CURD]).await,
        before,
        "every pack back, none twice"
    );
}

async fn replace_line(
    app: &TestApp,
    id: i64,
    line: i64,
    (product, variant): (&str, &str),
    quantity: u32,
) -> reqwest::Response {
    let path = format!("/orders/{id}/lines/{line}");
    let body = json!({
        "quantity": quantity,
        "replace_with": {"product": product, "variant": variant},
    });
    send(merchant(app, Method::PUT, &path).json(&body)).await
}

fn edits(order: &Order) -> Vec<Edit> {
    order.edits.iter().map(|edit| edit.edit).collect()
}

/// The shelf of each of the demo shop's packs `packs`, as its catalog says now.
async fn shelves(app: &TestApp, packs: &[(&str, &str)]) -> Vec<u32> {
    let catalog = app.catalog().await;
    packs
        .iter()
        .map(|(product, variant)| common::max_quantity(&catalog, product, variant))
        .collect()
}

const ATTA: (&str, &str) = ("wheat-atta", "5kg");
const PANEER: (&str, &str) = ("paneer", "200g");
const CURD: (&str, &str) = ("curd", "400g");

async fn a_line_is_replaced_with_another_pack_and_every_change_is_an_edit(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = shelves(&app, &[ATTA, PANEER, CURD]).await;
    let placed = two_lines(&app).await;
    let id = placed.order.id;
    let atta = placed.order.lines[0].line_total;

    // No paneer today: the shopper said "call me", and agreed to two tubs of curd instead.
    let mut feed = Feed::open(&app).await;
    let response = replace_line(&app, id, 2, CURD, 2).await;
    assert_eq!(response.status(), StatusCode::OK);
    let replaced: Order = response.json().await.expect("the order");
    let (paneer, curd) = (&replaced.lines[1], &replaced.lines[2]);
    assert_eq!((paneer.quantity, paneer.ordered), (0, Some(2)));
    assert_eq!(paneer.line_total, Money::ZERO);
    assert_eq!((curd.product.as_str(), curd.variant.as_str()), CURD);
    assert_eq!(
        (curd.name.as_str(), curd.variant_label.as_str()),
        ("Fresh Curd", "400 g")
    );
    assert_eq!(
        (curd.quantity, curd.ordered, curd.replaces),
        (2, Some(0), Some(2))
    );
    assert_eq!(
        curd.unit_price,
        Money::from_minor(3_500),
        "at its price now"
    );
    assert_eq!(curd.line_total, Money::from_minor(7_000));
    assert_eq!(curd.substitution, paneer.substitution);
    let subtotal = atta.checked_add(curd.line_total).expect("a sum");
    assert_eq!(replaced.totals.subtotal, subtotal);
    assert_eq!(edits(&replaced), [Edit::Replaced { line: 2, by: 3 }]);
    assert_eq!(feed.next().await.lines.len(), 3, "the inbox hears of it");
    assert_eq!(
        shelves(&app, &[ATTA, PANEER, CURD]).await,
        [before[0] - 3, before[1], before[2] - 2],
        "the paneer back on the shelf, the curd off it"
    );
    let shopper = shoppers_order(&app, &placed).await;
    assert_eq!(
        shopper.lines, replaced.lines,
        "the shopper reads the change"
    );
    assert_eq!(shopper.totals, replaced.totals);

    // One tub only after all, then paid and the mark taken back: each an edit, in order.
    assert_eq!(change_line(&app, id, 3, 1).await.status(), StatusCode::OK);
    assert_eq!(mark(&app, id, Some("upi")).await.status(), StatusCode::OK);
    assert_eq!(mark(&app, id, None).await.status(), StatusCode::OK);
    let shopper = shoppers_order(&app, &placed).await;
    assert_eq!(
        edits(&shopper),
        [
            Edit::Replaced { line: 2, by: 3 },
            Edit::Line {
                line: 3,
                from: 2,
                to: 1
            },
            Edit::Paid(PaidVia::Upi),
            Edit::Unpaid,
        ]
    );
    let times: Vec<i64> = shopper.edits.iter().map(|edit| edit.at_ms).collect();
    assert!(times.is_sorted(), "{times:?}");
    assert_eq!(shopper.history.len(), 1, "edits are no steps");
    assert_eq!(
        shopper.totals.subtotal,
        atta.checked_add(Money::from_minor(3_500)).expect("a sum")
    );

    // Refused afterwards, everything the order still sends goes back: the shelves are as they were.
    let refused = move_order(&app, id, json!({"status": "rejected", "reason": "closed"})).await;
    assert_eq!(refused.status(), StatusCode::OK);
    assert_eq!(shelves(&app, &[ATTA, PANEER, CURD]).await, before);
}

async fn a_replacement_that_cannot_be_is_refused_and_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = order_body(json!([
        {"product": "wheat-atta", "variant": "5kg", "quantity": 1},
        {"product": "paneer", "variant": "200g", "quantity": 2, "substitution": "skip"}
    ]));
    let placed = place_body(&app, "/api/stores/demo/orders", &body).await;
    let id = placed.order.id;
    let before = shelves(&app, &[ATTA, PANEER, CURD]).await;
    let refusals = [
        (2, CURD, 1, "replace_with", "leave this item out"),
        (1, ATTA, 1, "replace_with", "the pack this line has"),
        (1, ("wheat-atta", "50kg"), 1, "replace_with", "no such pack"),
        (1, ("masoor-dal", "500g"), 1, "quantity", "sold out"),
        (1, CURD, 26, "quantity", "Only 25"),
        (1, CURD, 0, "quantity", "from 1 to 50"),
    ];
    for (line, pack, quantity, field, says) in refusals {
        let response = replace_line(&app, id, line, pack, quantity).await;
        let error = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_order_change",
        )
        .await;
        let message = error.field_message(field).unwrap_or_default();
        assert!(message.contains(says), "{pack:?} × {quantity}: {error:?}");
    }
    expect_error(
        replace_line(&app, id, 3, CURD, 1).await,
        StatusCode::NOT_FOUND,
        "order_not_found",
    )
    .await;
    for status in ["accepted", "packed"] {
        let moved = move_order(&app, id, json!({ "status": status })).await;
        assert_eq!(moved.status(), StatusCode::OK);
    }
    expect_error(
        replace_line(&app, id, 1, CURD, 1).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    // Nor is taking back a paid mark the order never had an edit.
    assert_eq!(mark(&app, id, None).await.status(), StatusCode::OK);
    let shopper = shoppers_order(&app, &placed).await;
    assert_eq!(shopper.lines, placed.order.lines);
    assert!(shopper.edits.is_empty(), "{:?}", shopper.edits);
    assert_eq!(shelves(&app, &[ATTA, PANEER, CURD]).await, before);
}

async fn the_shoppers_language_is_kept_for_the_shops_messages(backend: Backend) {
    let app = spawn_app(backend).await;
    let atta = json!([{"product": "wheat-atta", "variant": "5kg", "quantity": 1}]);
    for (tag, kept) in [
        ("hi-IN", "hi"),
        ("ta", "ta"),
        ("fr-FR", "fr"),
        ("bn-IN", ""),
        ("", ""),
    ] {
        let mut body = order_body(atta.clone());
        body["language"] = json!(tag);
        let placed = place_body(&app, "/api/stores/demo/orders", &body).await;
        assert_eq!(placed.order.language, kept, "{tag:?}");
        let listed = list(&app, &format!("q=%23{}", placed.order.id)).await;
        assert_eq!(
            listed.orders[0].language, kept,
            "the shop reads it: {tag:?}"
        );
    }
}

async fn a_replacement_taken_back_puts_a_pack_on_two_lines_and_a_refusal_returns_both(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let before = shelves(&app, &[ATTA, PANEER, CURD]).await;
    let placed = two_lines(&app).await;
    let id = placed.order.id;
    // Paneer replaced by curd, then the shopper calls back: paneer after all (line 4, in place of line 3).
    assert_eq!(
        replace_line(&app, id, 2, CURD, 2).await.status(),
        StatusCode::OK
    );
    let response = replace_line(&app, id, 3, PANEER, 2).await;
    assert_eq!(response.status(), StatusCode::OK);
    let back: Order = response.json().await.expect("the order");
    let sent: Vec<(&str, u32)> = back
        .lines
        .iter()
        .map(|line| (line.product.as_str(), line.quantity))
        .collect();
    assert_eq!(
        sent,
        [("wheat-atta", 3), ("paneer", 0), ("curd", 0), ("paneer", 2)]
    );
    assert_eq!(
        shelves(&app, &[ATTA, PANEER, CURD]).await,
        [before[0] - 3, before[1] - 2, before[2]]
    );
    // A line replaced once is not replaced twice (a retry, the shop's other phone).
    let again = replace_line(&app, id, 2, CURD, 2).await;
    let error = expect_error(
        again,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_order_change",
    )
    .await;
    assert!(
        error
            .field_message("replace_with")
            .is_some_and(|message| message.contains("replaced already")),
        "{error:?}"
    );
    let refused = move_order(&app, id, json!({"status": "rejected", "reason": "closed"})).await;
    assert_eq!(refused.status(), StatusCode::OK);
    assert_eq!(
        shelves(&app, &[ATTA, PANEER, CURD]).await,
        before,
        "both paneer lines give back what they hold"
    );
}
