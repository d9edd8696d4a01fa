//! What the order inbox asks of the API, over real HTTP on every storage backend: the shop's orders a
//! page at a time, by status and by what the owner types; a refusal that says why, which the shopper
//! reads; an order marked paid and the mark taken back, each sent down the shop's feed.

#[macro_use]
mod common;

use std::time::Duration;

use common::{Backend, MERCHANT_TOKEN, TestApp, expect_error, order_body, spawn_app};
use haat_api::{Order, OrderList, OrderStatus, PaidVia, PlacedOrder, RejectReason, StatusChange};
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
    let response = app.post("/api/stores/demo/orders", &body).await;
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
