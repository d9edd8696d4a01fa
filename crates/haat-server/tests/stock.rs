//! A pack's stock in its three forms (a count, not counted, sold out until a moment), products'
//! descriptions, and products hidden from shoppers, over real HTTP on every storage backend: what shoppers
//! can order of each, what orders do to a count, how the merchant sets them (one pack at a time, in the
//! draft, in the spreadsheet), and what is refused.

#[macro_use]
mod common;

use std::{collections::HashMap, time::Duration};

use common::{
    Backend, MERCHANT_TOKEN, TestApp, expect_error, max_quantity, now_ms, order_body, spawn_app,
    stub_storefront,
};
use haat_api::{
    Catalog, CatalogChanges, CatalogDraft, Draft, DraftProduct, ImportPlan, PlacedOrder, Quote,
    RowChange, Shortage, Stock, Variant,
};
use haat_server::{Config, Server};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

on_every_backend! {
    a_pack_not_counted_is_always_there_and_its_orders_leave_the_count_alone,
    an_order_placed_while_a_pack_was_not_counted_gives_nothing_back_once_it_is,
    a_pack_sold_out_until_a_moment_is_orderable_from_then,
    a_draft_sets_each_form_of_stock_on_publishing,
    a_hidden_product_is_the_merchants_alone,
    a_stock_or_description_out_of_range_is_refused_where_it_is_given,
    every_form_of_stock_and_visibility_round_trips_through_the_spreadsheet,
    a_spreadsheet_sets_stock_visibility_and_descriptions_in_its_words,
    bad_stock_visible_and_description_cells_are_row_problems_naming_their_column,
    a_sold_out_moment_the_draft_refuses_is_a_row_problem_of_the_plan,
    a_description_ending_in_a_line_break_round_trips_through_the_spreadsheet,
}

const MINUTE_MS: i64 = 60 * 1000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;
/// 2026-12-01 08:00 in India.
const DECEMBER_FIRST_MS: i64 = 1_796_092_200_000;
/// The end of the year 9999: the latest moment a pack may be sold out until.
const LAST_MOMENT_MS: i64 = 253_402_300_799_999;

/// A merchant's request to `path` under the demo shop's `/api/stores/demo`.
fn merchant(app: &TestApp, method: Method, path: &str) -> RequestBuilder {
    app.client
        .request(method, format!("{}/api/stores/demo{path}", app.base))
        .bearer_auth(MERCHANT_TOKEN)
}

async fn send(request: RequestBuilder) -> reqwest::Response {
    request.send().await.expect("request")
}

async fn set_stock(app: &TestApp, product: &str, variant: &str, stock: Value) -> reqwest::Response {
    let path = format!("/products/{product}/variants/{variant}");
    send(merchant(app, Method::PATCH, &path).json(&json!({ "stock": stock }))).await
}

/// Sets a pack's stock, which must be taken; the pack as shoppers now see it.
async fn stock_set(app: &TestApp, product: &str, variant: &str, stock: Value) -> Variant {
    let response = set_stock(app, product, variant, stock.clone()).await;
    assert_eq!(response.status(), StatusCode::OK, "{stock}");
    response.json().await.expect("the variant")
}

async fn order(app: &TestApp, product: &str, variant: &str, quantity: u32) -> reqwest::Response {
    let line = json!([{"product": product, "variant": variant, "quantity": quantity}]);
    app.post("/api/stores/demo/orders", &order_body(line)).await
}

async fn placed(app: &TestApp, product: &str, variant: &str, quantity: u32) -> PlacedOrder {
    let response = order(app, product, variant, quantity).await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{quantity} of {product} {variant}"
    );
    response.json().await.expect("the order")
}

async fn quote(app: &TestApp, product: &str, variant: &str, quantity: u32) -> reqwest::Response {
    let line = json!([{"product": product, "variant": variant, "quantity": quantity}]);
    app.post("/api/stores/demo/quotes", &json!({ "lines": line }))
        .await
}

/// The shopper cancels the order.
async fn cancel(app: &TestApp, placed: &PlacedOrder) {
    let response = send(
        app.client
            .post(format!(
                "{}/api/orders/{}/cancel",
                app.base, placed.order.id
            ))
            .bearer_auth(&placed.token),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
}

/// The shop rejects the order.
async fn reject(app: &TestApp, placed: &PlacedOrder) {
    let path = format!("/orders/{}/status", placed.order.id);
    let response = send(
        merchant(app, Method::POST, &path)
            .json(&json!({"status": "rejected", "reason": "out_of_stock"})),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
}

async fn draft(app: &TestApp) -> Draft {
    let response = send(merchant(app, Method::GET, "/draft")).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("the draft")
}

async fn save(app: &TestApp, catalog: &CatalogDraft) -> reqwest::Response {
    send(merchant(app, Method::PUT, "/draft").json(catalog)).await
}

async fn save_product(app: &TestApp, product: &DraftProduct) -> reqwest::Response {
    let path = format!("/draft/products/{}", product.id);
    send(merchant(app, Method::PUT, &path).json(product)).await
}

async fn publish(app: &TestApp) {
    let response = send(merchant(app, Method::POST, "/draft/publish")).await;
    assert_eq!(response.status(), StatusCode::OK);
}

fn product<'a>(catalog: &'a CatalogDraft, id: &str) -> &'a DraftProduct {
    catalog
        .products
        .iter()
        .find(|product| product.id == id)
        .unwrap_or_else(|| panic!("{id} in the draft"))
}

fn position(catalog: &CatalogDraft, id: &str) -> usize {
    catalog
        .products
        .iter()
        .position(|product| product.id == id)
        .unwrap_or_else(|| panic!("{id} in the draft"))
}

fn stock_of(catalog: &CatalogDraft, id: &str, variant: &str) -> Option<Stock> {
    product(catalog, id)
        .variants
        .iter()
        .find(|pack| pack.id == variant)
        .unwrap_or_else(|| panic!("{id} {variant} in the draft"))
        .stock
}

/// The field each detail of an error names.
fn fields(error: &haat_api::ApiError) -> Vec<&str> {
    error
        .details
        .iter()
        .map(|detail| detail.field.as_str())
        .collect()
}

/// A second server on `app`'s database that serves the shop's pages too, from a storefront built as Trunk
/// leaves it: its address. The built files are removed when the directory handed back is dropped.
async fn pages_beside(app: &TestApp) -> (String, tempfile::TempDir) {
    let dist = stub_storefront();
    let mut config = Config::for_database(app.database_url().to_owned());
    config.static_dir = dist.path().to_owned();
    config.merchant_token = Some(MERCHANT_TOKEN.to_owned());
    let server = Server::start(&config).await.expect("server starts");
    let base = format!("http://{}", server.local_addr());
    tokio::spawn(server.serve());
    (base, dist)
}

async fn export(app: &TestApp) -> String {
    let response = send(merchant(app, Method::GET, "/catalog.csv")).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.expect("the file")
}

/// The file's rows, each cell by its heading.
fn rows(file: &str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(file.as_bytes());
    let headings = reader.headers().expect("a heading row").clone();
    reader
        .records()
        .map(|record| {
            let record = record.expect("a row");
            headings
                .iter()
                .zip(record.iter())
                .map(|(heading, cell)| (heading.to_owned(), cell.to_owned()))
                .collect()
        })
        .collect()
}

/// One cell of the exported file: `column` of the pack's row.
fn cell(file: &str, product: &str, variant: &str, column: &str) -> String {
    rows(file)
        .into_iter()
        .find(|row| row["product_id"] == product && row["variant_id"] == variant)
        .unwrap_or_else(|| panic!("{product} {variant} in {file}"))[column]
        .clone()
}

async fn plan(app: &TestApp, file: &str) -> ImportPlan {
    let response = send(
        merchant(app, Method::POST, "/catalog/plan")
            .header("content-type", "text/csv")
            .body(file.to_owned()),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("a plan")
}

async fn import(app: &TestApp, file: &str, basis: &str) -> reqwest::Response {
    send(
        merchant(app, Method::POST, &format!("/catalog/import?basis={basis}"))
            .header("content-type", "text/csv")
            .body(file.to_owned()),
    )
    .await
}

/// Each changed cell of a plan's rows, as `product variant column: old → new`.
fn planned_changes(plan: &ImportPlan) -> Vec<String> {
    plan.rows
        .iter()
        .flat_map(|row| {
            row.changes.iter().map(move |cell| {
                format!(
                    "{} {} {}: {} → {}",
                    row.product, row.variant, cell.column, cell.old, cell.new
                )
            })
        })
        .collect()
}

async fn a_pack_not_counted_is_always_there_and_its_orders_leave_the_count_alone(backend: Backend) {
    let app = spawn_app(backend).await;
    let coffee = |catalog: &Catalog| max_quantity(catalog, "filter-coffee", "200g");
    assert_eq!(coffee(&app.catalog().await), 10, "the demo shop has 10");

    let loose = stock_set(&app, "filter-coffee", "200g", json!("untracked")).await;
    assert_eq!(loose.max_quantity, 50, "as many as a line holds");
    assert_eq!(coffee(&app.catalog().await), 50);
    assert_eq!(
        cell(&export(&app).await, "filter-coffee", "200g", "stock"),
        "not tracked"
    );
    assert_eq!(
        stock_of(&draft(&app).await.catalog, "filter-coffee", "200g"),
        Some(Stock::Untracked),
        "a draft started from the live catalog keeps it so"
    );

    // More than were counted, then as many as a line holds: both placed, and as many to order after.
    let twelve = placed(&app, "filter-coffee", "200g", 12).await;
    let fifty = placed(&app, "filter-coffee", "200g", 50).await;
    assert_eq!(coffee(&app.catalog().await), 50);
    expect_error(
        order(&app, "filter-coffee", "200g", 51).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_quantity",
    )
    .await;
    let quoted: Quote = quote(&app, "filter-coffee", "200g", 50)
        .await
        .json()
        .await
        .expect("a quote");
    assert_eq!(quoted.shortages, [], "nothing short of a pack not counted");

    // Cancelled and rejected: still not counted, nothing given back.
    cancel(&app, &twelve).await;
    reject(&app, &fifty).await;
    assert_eq!(coffee(&app.catalog().await), 50);
    assert_eq!(
        cell(&export(&app).await, "filter-coffee", "200g", "stock"),
        "not tracked"
    );

    // Counted again: exactly the count given, whatever was ordered meanwhile, and orders take from it.
    let counted = stock_set(&app, "filter-coffee", "200g", json!(10)).await;
    assert_eq!(counted.max_quantity, 10);
    assert_eq!(coffee(&app.catalog().await), 10);
    placed(&app, "filter-coffee", "200g", 3).await;
    assert_eq!(coffee(&app.catalog().await), 7);
    assert_eq!(
        cell(&export(&app).await, "filter-coffee", "200g", "stock"),
        "7"
    );
}

async fn an_order_placed_while_a_pack_was_not_counted_gives_nothing_back_once_it_is(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    stock_set(&app, "paneer", "200g", json!("untracked")).await;
    let cancelled = placed(&app, "paneer", "200g", 4).await;
    let rejected = placed(&app, "paneer", "200g", 3).await;
    // Counted from now on: neither order took from this count, so neither gives back to it.
    stock_set(&app, "paneer", "200g", json!(5)).await;
    cancel(&app, &cancelled).await;
    assert_eq!(
        max_quantity(&app.catalog().await, "paneer", "200g"),
        5,
        "a cancelled order of a pack not counted gives nothing back"
    );
    reject(&app, &rejected).await;
    assert_eq!(
        max_quantity(&app.catalog().await, "paneer", "200g"),
        5,
        "a rejected order of a pack not counted gives nothing back"
    );
}

async fn a_pack_sold_out_until_a_moment_is_orderable_from_then(backend: Backend) {
    let app = spawn_app(backend).await;
    let dal = |catalog: &Catalog| max_quantity(catalog, "toor-dal", "500g");
    let tomorrow = now_ms() + DAY_MS;
    let out = stock_set(
        &app,
        "toor-dal",
        "500g",
        json!({"sold_out_until": tomorrow}),
    )
    .await;
    assert_eq!(out.max_quantity, 0, "none to order until then");
    assert_eq!(dal(&app.catalog().await), 0);
    let quoted: Quote = quote(&app, "toor-dal", "500g", 2)
        .await
        .json()
        .await
        .expect("a quote");
    assert_eq!(
        quoted.shortages,
        [Shortage {
            product: "toor-dal".into(),
            variant: "500g".into(),
            available: 0,
        }]
    );
    expect_error(
        order(&app, "toor-dal", "500g", 2).await,
        StatusCode::CONFLICT,
        "out_of_stock",
    )
    .await;
    assert_eq!(
        stock_of(&draft(&app).await.catalog, "toor-dal", "500g"),
        Some(Stock::SoldOutUntil(tomorrow)),
        "a draft started from the live catalog keeps it so"
    );
    let written = cell(&export(&app).await, "toor-dal", "500g", "stock");
    assert!(written.starts_with("sold out until 20"), "{written}");

    // A moment already past: orderable at once, and not counted.
    let back = stock_set(
        &app,
        "toor-dal",
        "500g",
        json!({"sold_out_until": now_ms() - MINUTE_MS}),
    )
    .await;
    assert_eq!(back.max_quantity, 50);
    placed(&app, "toor-dal", "500g", 40).await;
    assert_eq!(dal(&app.catalog().await), 50, "not counted");

    // A moment just ahead: sold out until it passes, then orderable, with nothing else changed.
    let soon = now_ms() + 2_000;
    let out = stock_set(&app, "toor-dal", "500g", json!({"sold_out_until": soon})).await;
    assert_eq!(out.max_quantity, 0);
    let wait = u64::try_from(soon + 300 - now_ms()).unwrap_or(0);
    tokio::time::sleep(Duration::from_millis(wait)).await;
    assert_eq!(dal(&app.catalog().await), 50, "back, not counted");
    placed(&app, "toor-dal", "500g", 2).await;
    assert_eq!(dal(&app.catalog().await), 50);
}

async fn a_draft_sets_each_form_of_stock_on_publishing(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = app.catalog().await;
    let tomorrow = now_ms() + DAY_MS;
    let mut catalog = draft(&app).await.catalog;
    let dal = position(&catalog, "toor-dal");
    let sugar = position(&catalog, "sugar");
    catalog.products[dal].variants[0].stock = Some(Stock::Untracked);
    catalog.products[dal].variants[1].stock = Some(Stock::SoldOutUntil(tomorrow));
    catalog.products[sugar].variants[0].stock = Some(Stock::Count(7));
    assert_eq!(save(&app, &catalog).await.status(), StatusCode::OK);
    let saved = draft(&app).await;
    assert!(saved.unpublished);
    assert_eq!(saved.catalog, catalog, "kept as sent");
    assert_eq!(app.catalog().await, before, "shoppers see none of it yet");

    publish(&app).await;
    let live = app.catalog().await;
    let shown: Vec<u32> = [("toor-dal", "500g"), ("toor-dal", "1kg"), ("sugar", "1kg")]
        .into_iter()
        .map(|(id, variant)| max_quantity(&live, id, variant))
        .collect();
    assert_eq!(shown, [50, 0, 7]);

    // A draft started from the live catalog has the forms that are no count; publishing a draft that
    // sets no stock at all leaves every pack as it is.
    let started = draft(&app).await.catalog;
    assert!(!draft(&app).await.unpublished);
    let kept: Vec<Option<Stock>> = [("toor-dal", "500g"), ("toor-dal", "1kg"), ("sugar", "1kg")]
        .into_iter()
        .map(|(id, variant)| stock_of(&started, id, variant))
        .collect();
    assert_eq!(
        kept,
        [
            Some(Stock::Untracked),
            Some(Stock::SoldOutUntil(tomorrow)),
            None
        ]
    );
    let mut unset = started.clone();
    for pack in unset
        .products
        .iter_mut()
        .flat_map(|product| product.variants.iter_mut())
    {
        pack.stock = None;
    }
    unset.products[sugar].name = "Sugar (fine)".into();
    assert_eq!(save(&app, &unset).await.status(), StatusCode::OK);
    publish(&app).await;
    let live = app.catalog().await;
    let shown: Vec<u32> = [("toor-dal", "500g"), ("toor-dal", "1kg"), ("sugar", "1kg")]
        .into_iter()
        .map(|(id, variant)| max_quantity(&live, id, variant))
        .collect();
    assert_eq!(shown, [50, 0, 7], "as they were");
    assert_eq!(draft(&app).await.catalog, {
        let mut expected = started;
        expected.products[sugar].name = "Sugar (fine)".into();
        expected
    });

    // Counted again through the draft.
    let mut counted = draft(&app).await.catalog;
    counted.products[dal].variants[0].stock = Some(Stock::Count(9));
    counted.products[dal].variants[1].stock = Some(Stock::Count(0));
    assert_eq!(save(&app, &counted).await.status(), StatusCode::OK);
    publish(&app).await;
    let live = app.catalog().await;
    assert_eq!(max_quantity(&live, "toor-dal", "500g"), 9);
    assert_eq!(max_quantity(&live, "toor-dal", "1kg"), 0);
    placed(&app, "toor-dal", "500g", 4).await;
    assert_eq!(max_quantity(&app.catalog().await, "toor-dal", "500g"), 5);
}

async fn a_hidden_product_is_the_merchants_alone(backend: Backend) {
    let app = spawn_app(backend).await;
    let started = draft(&app).await.catalog;
    let mut paneer = product(&started, "paneer").clone();
    paneer.hidden = true;
    paneer.description = Some("Soft, made every morning.".into());
    let mut curd = product(&started, "curd").clone();
    curd.description = Some("Set in clay pots.\nBest eaten the same day.".into());
    for edited in [&paneer, &curd] {
        let response = save_product(&app, edited).await;
        assert_eq!(response.status(), StatusCode::OK);
        let kept: DraftProduct = response.json().await.expect("the product");
        assert_eq!(&kept, edited);
    }
    assert!(
        app.catalog()
            .await
            .products
            .iter()
            .any(|product| product.id == "paneer"),
        "shown until the draft is published"
    );
    publish(&app).await;

    // Shoppers: not in the catalog, nor on the shop's pages; not sold.
    let live = app.catalog().await;
    assert!(
        !live.products.iter().any(|product| product.id == "paneer"),
        "hidden"
    );
    let described = |id: &str| {
        live.products
            .iter()
            .find(|product| product.id == id)
            .unwrap_or_else(|| panic!("{id} shown"))
            .description
            .clone()
    };
    assert_eq!(
        described("curd").as_deref(),
        Some("Set in clay pots.\nBest eaten the same day.")
    );
    assert_eq!(described("toor-dal"), None, "none written");
    let raw: Value = app
        .get("/api/stores/demo/catalog")
        .await
        .json()
        .await
        .expect("JSON");
    let dal = raw["products"]
        .as_array()
        .and_then(|products| products.iter().find(|product| product["id"] == "toor-dal"))
        .expect("toor dal");
    assert!(dal.get("description").is_none(), "omitted when none: {dal}");
    // The shop's page, opened at the dairy counter: the curd and the butter either side of the paneer,
    // not the paneer; and no page of its own.
    let (pages, _dist) = pages_beside(&app).await;
    let page = |path: &str| send(app.client.get(format!("{pages}{path}")));
    let dairy = page("/s/demo/c/dairy").await;
    assert_eq!(dairy.status(), StatusCode::OK);
    let dairy = dairy.text().await.expect("the page");
    for shown in ["Fresh Curd", "Salted Butter"] {
        assert!(dairy.contains(shown), "{shown} on the shop's page");
    }
    assert!(!dairy.contains("Malai Paneer"), "the hidden one is not");
    assert_eq!(
        page("/s/demo/p/paneer").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(page("/s/demo/p/curd").await.status(), StatusCode::OK);
    expect_error(
        quote(&app, "paneer", "200g", 1).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_product",
    )
    .await;
    expect_error(
        order(&app, "paneer", "200g", 2).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_product",
    )
    .await;

    // The merchant: in the draft to start from, in the spreadsheet as not visible, its packs editable.
    let mine = draft(&app).await;
    assert!(!mine.unpublished);
    assert_eq!(product(&mine.catalog, "paneer"), &paneer);
    assert_eq!(product(&mine.catalog, "curd"), &curd);
    let file = export(&app).await;
    assert_eq!(cell(&file, "paneer", "200g", "visible"), "no");
    assert_eq!(
        cell(&file, "paneer", "200g", "description"),
        "Soft, made every morning."
    );
    assert_eq!(cell(&file, "curd", "400g", "visible"), "yes");
    assert_eq!(
        cell(&file, "curd", "400g", "description"),
        "Set in clay pots.\nBest eaten the same day."
    );
    stock_set(&app, "paneer", "200g", json!(20)).await;

    // Shown again: in the catalog with its description, and sold.
    paneer.hidden = false;
    assert_eq!(save_product(&app, &paneer).await.status(), StatusCode::OK);
    publish(&app).await;
    let live = app.catalog().await;
    let shown = live
        .products
        .iter()
        .find(|product| product.id == "paneer")
        .expect("shown again");
    assert_eq!(
        shown.description.as_deref(),
        Some("Soft, made every morning.")
    );
    assert_eq!(max_quantity(&live, "paneer", "200g"), 20);
    placed(&app, "paneer", "200g", 2).await;
    let dairy = page("/s/demo/c/dairy").await;
    assert_eq!(dairy.status(), StatusCode::OK);
    assert!(
        dairy
            .text()
            .await
            .expect("the page")
            .contains("Malai Paneer"),
        "on the shop's page again"
    );
    assert_eq!(page("/s/demo/p/paneer").await.status(), StatusCode::OK);
}

async fn a_stock_or_description_out_of_range_is_refused_where_it_is_given(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = app.catalog().await;
    // One pack: out of range is an invalid change; what is no stock at all is not JSON of its shape.
    for out_of_range in [
        json!(1_000_001),
        json!({"sold_out_until": -5}),
        json!({"sold_out_until": LAST_MOMENT_MS + 1}),
    ] {
        expect_error(
            set_stock(&app, "toor-dal", "1kg", out_of_range).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_catalog_change",
        )
        .await;
    }
    for shapeless in [
        json!("lots"),
        json!(-1),
        json!(1.5),
        json!({"sold_out_until": "tomorrow"}),
        json!({}),
    ] {
        expect_error(
            set_stock(&app, "toor-dal", "1kg", shapeless).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_json",
        )
        .await;
    }
    assert_eq!(app.catalog().await, before, "nothing changed");

    // The whole draft: each by its place, and nothing kept.
    let mut catalog = draft(&app).await.catalog;
    let dal = position(&catalog, "toor-dal");
    let sugar = position(&catalog, "sugar");
    catalog.products[dal].variants[1].stock = Some(Stock::Count(1_000_001));
    catalog.products[sugar].variants[0].stock = Some(Stock::SoldOutUntil(-5));
    catalog.products[sugar].description = Some("a".repeat(501));
    let error = expect_error(
        save(&app, &catalog).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_draft",
    )
    .await;
    assert_eq!(
        fields(&error),
        [
            format!("products[{dal}].variants[1].stock"),
            format!("products[{sugar}].description"),
            format!("products[{sugar}].variants[0].stock"),
        ]
    );
    assert!(
        error
            .details
            .iter()
            .all(|detail| !detail.message.trim().is_empty()),
        "{error:?}"
    );
    assert!(!draft(&app).await.unpublished, "nothing kept");

    // One product: by its place in the product.
    let mut dal_product = product(&catalog, "toor-dal").clone();
    dal_product.variants[1].stock = None;
    dal_product.variants[0].stock = Some(Stock::SoldOutUntil(LAST_MOMENT_MS + 1));
    dal_product.description = Some("Unpolished\tfrom Latur.".into());
    let error = expect_error(
        save_product(&app, &dal_product).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_draft",
    )
    .await;
    assert_eq!(fields(&error), ["description", "variants[0].stock"]);

    // At the edges: taken.
    dal_product.variants[0].stock = Some(Stock::SoldOutUntil(LAST_MOMENT_MS));
    dal_product.variants[1].stock = Some(Stock::Count(1_000_000));
    dal_product.description = Some(format!("{}\n{}", "a".repeat(250), "b".repeat(249)));
    let response = save_product(&app, &dal_product).await;
    assert_eq!(response.status(), StatusCode::OK);
    let last = stock_set(
        &app,
        "sugar",
        "1kg",
        json!({"sold_out_until": LAST_MOMENT_MS}),
    )
    .await;
    assert_eq!(last.max_quantity, 0);
    let most = stock_set(&app, "sugar", "5kg", json!(1_000_000)).await;
    assert_eq!(most.max_quantity, 50);
    let earliest = stock_set(&app, "salt", "1kg", json!({"sold_out_until": 0})).await;
    assert_eq!(earliest.max_quantity, 50, "back since 1970");
}

async fn every_form_of_stock_and_visibility_round_trips_through_the_spreadsheet(backend: Backend) {
    let app = spawn_app(backend).await;
    // Every form in the catalog: counts, a pack not counted, one sold out until a moment that is no whole
    // minute, a hidden product, and a description with a comma, a quote and a line break.
    stock_set(&app, "filter-coffee", "200g", json!("untracked")).await;
    stock_set(
        &app,
        "toor-dal",
        "1kg",
        json!({"sold_out_until": now_ms() + DAY_MS + 12_345}),
    )
    .await;
    let started = draft(&app).await.catalog;
    let mut paneer = product(&started, "paneer").clone();
    paneer.hidden = true;
    paneer.description = Some("Soft, \"malai\" paneer.\nMade every morning.".into());
    assert_eq!(save_product(&app, &paneer).await.status(), StatusCode::OK);
    publish(&app).await;

    let file = export(&app).await;
    assert_eq!(
        file.lines().next(),
        Some(
            "product_id,name,local_name,category,variant_id,pack,price,mrp,stock,image,description,search_words,visible"
        )
    );
    assert_eq!(cell(&file, "filter-coffee", "200g", "stock"), "not tracked");
    let until = cell(&file, "toor-dal", "1kg", "stock");
    assert!(until.starts_with("sold out until 20"), "{until}");
    assert_eq!(cell(&file, "toor-dal", "500g", "stock"), "35");
    assert_eq!(cell(&file, "paneer", "200g", "visible"), "no");
    assert_eq!(
        cell(&file, "paneer", "200g", "description"),
        "Soft, \"malai\" paneer.\nMade every morning."
    );

    // Read back as it is: every row unchanged, nothing to add, nothing wrong.
    let planned = plan(&app, &file).await;
    assert_eq!(planned.problems, []);
    assert_eq!(planned.new_categories, Vec::<String>::new());
    assert_eq!(planned.ignored_columns, Vec::<String>::new());
    assert_eq!(planned.rows.len(), rows(&file).len());
    assert!(
        planned
            .rows
            .iter()
            .all(|row| row.change == RowChange::Unchanged && row.changes.is_empty()),
        "{:?}",
        planned_changes(&planned)
    );
    // Imported, it changes nothing: the draft is the live catalog, publishing it would change no pack,
    // and the file it makes is the same file.
    let live = draft(&app).await.catalog;
    let response = import(&app, &file, &planned.basis).await;
    assert_eq!(response.status(), StatusCode::OK);
    let imported: Draft = response.json().await.expect("the draft");
    assert_eq!(imported.catalog, live);
    let changes: CatalogChanges = send(merchant(&app, Method::GET, "/draft/changes"))
        .await
        .json()
        .await
        .expect("changes");
    assert_eq!(changes, CatalogChanges::default());
    assert_eq!(export(&app).await, file, "the draft's file is the same");
    let again = plan(&app, &file).await;
    assert!(
        again
            .rows
            .iter()
            .all(|row| row.change == RowChange::Unchanged),
        "{:?}",
        planned_changes(&again)
    );
}

async fn a_spreadsheet_sets_stock_visibility_and_descriptions_in_its_words(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = app.catalog().await;
    let file = "product_id,variant_id,name,stock,visible,description\n\
                toor-dal,500g,,not tracked,,\n\
                toor-dal,1kg,,sold out until 2026-12-01 08:00,,\n\
                sugar,1kg,,,no,\"Fine grain.\nFrom Mandya.\"\n";
    let planned = plan(&app, file).await;
    assert_eq!(planned.problems, []);
    assert_eq!(
        planned_changes(&planned),
        [
            "toor-dal 500g stock: 35 → not tracked",
            "toor-dal 1kg stock: 25 → sold out until 2026-12-01 08:00",
            "sugar 1kg description:  → Fine grain.\nFrom Mandya.",
            "sugar 1kg visible: yes → no",
        ]
    );
    let response = import(&app, file, &planned.basis).await;
    assert_eq!(response.status(), StatusCode::OK);
    let imported: Draft = response.json().await.expect("the draft");
    assert!(imported.unpublished);
    let catalog = &imported.catalog;
    assert_eq!(
        stock_of(catalog, "toor-dal", "500g"),
        Some(Stock::Untracked)
    );
    assert_eq!(
        stock_of(catalog, "toor-dal", "1kg"),
        Some(Stock::SoldOutUntil(DECEMBER_FIRST_MS)),
        "08:00 in India"
    );
    let sugar = product(catalog, "sugar");
    assert!(sugar.hidden);
    assert_eq!(
        sugar.description.as_deref(),
        Some("Fine grain.\nFrom Mandya.")
    );
    assert_eq!(app.catalog().await, before, "shoppers see none of it yet");

    publish(&app).await;
    let live = app.catalog().await;
    assert_eq!(max_quantity(&live, "toor-dal", "500g"), 50);
    let back_yet = now_ms() >= DECEMBER_FIRST_MS;
    assert_eq!(
        max_quantity(&live, "toor-dal", "1kg"),
        if back_yet { 50 } else { 0 }
    );
    assert!(!live.products.iter().any(|product| product.id == "sugar"));

    // The words people use, Shopify's headings and values among them.
    let shopify = "Handle,Title,Option1 Value,Variant Inventory Qty,Status,Body (HTML)\n\
                   sugar,,1 kg,untracked,active,\n\
                   toor-dal,,500 g,sold out,,\n\
                   toor-dal,,1 kg,Not Counted,,\n";
    let planned = plan(&app, shopify).await;
    assert_eq!(planned.problems, []);
    assert_eq!(planned.ignored_columns, Vec::<String>::new());
    assert_eq!(
        planned_changes(&planned),
        [
            "sugar 1kg stock: 60 → not tracked",
            "sugar 1kg visible: no → yes",
            "toor-dal 500g stock: not tracked → 0",
            "toor-dal 1kg stock: sold out until 2026-12-01 08:00 → not tracked",
        ]
    );
    for (word, visible) in [
        ("yes", "yes"),
        ("Y", "yes"),
        ("TRUE", "yes"),
        ("1", "yes"),
        ("active", "yes"),
        ("shown", "yes"),
        ("Visible", "yes"),
        ("no", "no"),
        ("n", "no"),
        ("FALSE", "no"),
        ("0", "no"),
        ("draft", "no"),
        ("Archived", "no"),
        ("hidden", "no"),
    ] {
        for heading in ["visible", "Published", "status"] {
            let file = format!("product_id,variant_id,name,{heading}\nsalt,1kg,,{word}\n");
            let planned = plan(&app, &file).await;
            assert_eq!(planned.problems, [], "{file}");
            let expected: Vec<String> = if visible == "no" {
                vec!["salt 1kg visible: yes → no".to_owned()]
            } else {
                Vec::new()
            };
            assert_eq!(planned_changes(&planned), expected, "{file}");
        }
    }
    for (word, written) in [
        ("12", "12"),
        ("1,200", "1200"),
        (" 80 ", "80"),
        ("untracked", "not tracked"),
        ("NOT TRACKED", "not tracked"),
        ("not counted", "not tracked"),
        ("Sold Out", "0"),
        (
            "sold out until 2030-01-31 23:59",
            "sold out until 2030-01-31 23:59",
        ),
    ] {
        let file = format!("product_id,variant_id,name,stock\nsalt,1kg,,\"{word}\"\n");
        let planned = plan(&app, &file).await;
        assert_eq!(planned.problems, [], "{file}");
        let expected: Vec<String> = if written == "80" {
            Vec::new()
        } else {
            vec![format!("salt 1kg stock: 80 → {written}")]
        };
        assert_eq!(planned_changes(&planned), expected, "{file}");
    }
}

async fn bad_stock_visible_and_description_cells_are_row_problems_naming_their_column(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let long = "a".repeat(501);
    let file = format!(
        "product_id,variant_id,name,stock,visible,description\n\
         toor-dal,500g,,lots,,\n\
         toor-dal,1kg,,,maybe,\n\
         sugar,1kg,,sold out until 2026-02-30 08:00,,\n\
         sugar,5kg,,1000001,,\n\
         salt,1kg,,sold out until tomorrow,,\n\
         poha,500g,,-3,,\n\
         besan,500g,,,,{long}\n\
         rajma,500g,,,,\"Red\tkidney beans\"\n\
         curd,400g,,12,yes,Thick.\n"
    );
    let planned = plan(&app, &file).await;
    let problems: Vec<(u32, Option<&str>, &str)> = planned
        .problems
        .iter()
        .map(|problem| {
            (
                problem.line,
                problem.column.as_deref(),
                problem.value.as_str(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (2, Some("stock"), "lots"),
            (3, Some("visible"), "maybe"),
            (4, Some("stock"), "sold out until 2026-02-30 08:00"),
            (5, Some("stock"), "1000001"),
            (6, Some("stock"), "sold out until tomorrow"),
            (7, Some("stock"), "-3"),
            (8, Some("description"), long.as_str()),
            (9, Some("description"), "Red\tkidney beans"),
        ]
    );
    assert!(
        planned
            .problems
            .iter()
            .all(|problem| !problem.why.trim().is_empty()),
        "{:?}",
        planned.problems
    );
    assert_eq!(
        planned_changes(&planned),
        [
            "curd 400g stock: 25 → 12",
            "curd 400g description:  → Thick."
        ],
        "the good row is planned"
    );
    expect_error(
        import(&app, &file, &planned.basis).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "import_has_problems",
    )
    .await;
    assert!(!draft(&app).await.unpublished, "nothing imported");

    // Sent back with its errors, each row's problem under the column's name.
    let response = send(
        merchant(&app, Method::POST, "/catalog/errors")
            .header("content-type", "text/csv")
            .body(file.clone()),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let marked = rows(&response.text().await.expect("the file"));
    let errors: Vec<&str> = marked.iter().map(|row| row["errors"].as_str()).collect();
    for (at, column) in [
        (0, "stock: "),
        (1, "visible: "),
        (2, "stock: "),
        (3, "stock: "),
        (4, "stock: "),
        (5, "stock: "),
        (6, "description: "),
        (7, "description: "),
    ] {
        assert!(errors[at].starts_with(column), "{at}: {}", errors[at]);
    }
    assert_eq!(errors[8], "", "the good row has none");
}

/// A plan without problems imports (the sheet checks each row by the draft's rules): a sold-out moment
/// the draft refuses, before 1970, must be a problem of its row, not a refused import.
async fn a_sold_out_moment_the_draft_refuses_is_a_row_problem_of_the_plan(backend: Backend) {
    let app = spawn_app(backend).await;
    let file = "product_id,variant_id,name,stock\nsalt,1kg,,sold out until 1969-12-31 23:59\n";
    let planned = plan(&app, file).await;
    let problems: Vec<(u32, Option<&str>)> = planned
        .problems
        .iter()
        .map(|problem| (problem.line, problem.column.as_deref()))
        .collect();
    assert_eq!(
        problems,
        [(2, Some("stock"))],
        "{:?}",
        planned_changes(&planned)
    );
    expect_error(
        import(&app, file, &planned.basis).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "import_has_problems",
    )
    .await;
}

/// A description the draft takes (here one ending in a line break, as a text box leaves it) comes back
/// from the spreadsheet as it went: exported and read back, its row is unchanged.
async fn a_description_ending_in_a_line_break_round_trips_through_the_spreadsheet(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let started = draft(&app).await.catalog;
    let mut curd = product(&started, "curd").clone();
    curd.description = Some("Thick, set in clay pots.\n".into());
    assert_eq!(save_product(&app, &curd).await.status(), StatusCode::OK);
    let file = export(&app).await;
    let planned = plan(&app, &file).await;
    assert_eq!(planned.problems, []);
    assert_eq!(planned_changes(&planned), Vec::<String>::new());
}
