//! A shop's catalog as a spreadsheet over real HTTP, on every storage backend: exported in Haat's
//! columns, and any file read back as a plan that names every row's change and every problem, changing
//! nothing.

#[macro_use]
mod common;

use common::{Backend, MERCHANT_TOKEN, TestApp, expect_error, spawn_app};
use haat_api::{ImportPlan, RowChange};
use reqwest::StatusCode;

on_every_backend! {
    an_exported_catalog_imports_as_no_change,
    a_plan_names_each_change_and_each_bad_row_and_changes_nothing,
    a_file_that_is_no_catalog_is_refused_whole,
}

async fn export(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .get(format!("{}/api/stores/demo/catalog.csv", app.base))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
}

async fn plan(app: &TestApp, file: impl Into<reqwest::Body>) -> reqwest::Response {
    app.client
        .post(format!("{}/api/stores/demo/catalog/plan", app.base))
        .bearer_auth(MERCHANT_TOKEN)
        .header("content-type", "text/csv")
        .body(file)
        .send()
        .await
        .expect("request")
}

async fn an_exported_catalog_imports_as_no_change(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = export(&app, MERCHANT_TOKEN).await;
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"demo-catalog.csv\""
    );
    let file = response.text().await.expect("the file");
    let mut lines = file.lines();
    assert_eq!(
        lines.next(),
        Some("product_id,name,local_name,category,variant_id,pack,price,mrp,stock,image")
    );
    let dal = lines
        .find(|line| line.starts_with("toor-dal,"))
        .expect("toor dal's row");
    assert!(
        dal.contains(",Toor Dal,") && dal.contains(",500g,"),
        "{dal}"
    );

    let answer = plan(&app, file.clone()).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let plan: ImportPlan = answer.json().await.expect("a plan");
    assert_eq!(plan.problems, []);
    assert_eq!(plan.new_categories, Vec::<String>::new());
    assert_eq!(plan.rows.len(), file.lines().count() - 1);
    assert!(
        plan.rows
            .iter()
            .all(|row| row.change == RowChange::Unchanged),
        "exporting and importing again changes nothing"
    );

    let refused = export(&app, "not-the-token").await;
    expect_error(refused, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

async fn a_plan_names_each_change_and_each_bad_row_and_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = app.catalog().await;
    let file = "Handle,Title,Option1 Value,Variant Price,Variant Inventory Qty,Type,Vendor\n\
                toor-dal,Toor Dal,500 g,\"₹1,249.50\",,,Tata\n\
                dragon-fruit,Dragon Fruit,1 pc,90,20,Fruits,\n\
                sugar,Sugar,1kg,forty,10,Staples,\n";
    let answer = plan(&app, file).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let plan: ImportPlan = answer.json().await.expect("a plan");
    assert_eq!(plan.ignored_columns, ["Vendor"]);
    assert_eq!(plan.new_categories, ["Fruits"]);
    let dal = &plan.rows[0];
    assert_eq!(
        (dal.line, dal.product.as_str(), dal.change),
        (2, "toor-dal", RowChange::Update)
    );
    assert_eq!(dal.changes.len(), 1, "{:?}", dal.changes);
    assert_eq!(
        (dal.changes[0].column.as_str(), dal.changes[0].new.as_str()),
        ("price", "1249.50")
    );
    assert_eq!(
        (plan.rows[1].product.as_str(), plan.rows[1].change),
        ("dragon-fruit", RowChange::Create)
    );
    let problem = &plan.problems[0];
    assert_eq!(
        (
            problem.line,
            problem.column.as_deref(),
            problem.value.as_str()
        ),
        (4, Some("price"), "forty")
    );
    assert!(!problem.why.is_empty());
    assert_eq!(app.catalog().await, before, "a plan changes nothing");
}

async fn a_file_that_is_no_catalog_is_refused_whole(backend: Backend) {
    let app = spawn_app(backend).await;
    let refused = plan(&app, "sku,price\nx,1\n").await;
    let error = expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_sheet").await;
    assert!(error.message.contains("name"), "{}", error.message);
    let refused = plan(&app, vec![0xff_u8, 0xfe, 0x00, 0x41]).await;
    expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_sheet").await;
    let huge = format!("name,price\n{}", "Salt,20\n".repeat(700_000));
    let refused = plan(&app, huge).await;
    expect_error(refused, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}
