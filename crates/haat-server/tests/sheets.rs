//! A shop's catalog as a spreadsheet over real HTTP, on every storage backend: exported in Haat's
//! columns, and any file read back as a plan that names every row's change and every problem, changing
//! nothing.

#[macro_use]
mod common;

use common::{Backend, MERCHANT_TOKEN, TestApp, expect_error, spawn_app};
use haat_api::{Draft, ImportPlan, RowChange};
use reqwest::StatusCode;

on_every_backend! {
    a_file_with_bad_rows_comes_back_with_an_errors_column,
    a_clean_file_is_imported_into_the_draft_and_published,
    an_import_is_refused_when_its_plan_is_outdated_or_has_problems,
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
        Some(
            "product_id,name,local_name,category,variant_id,pack,price,mrp,stock,image,description,visible"
        )
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
                toor-dal,Toor Dal,500 g,\"₹94.50\",,,Tata\n\
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
        ("price", "94.50")
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

async fn import(app: &TestApp, file: &str, basis: &str) -> reqwest::Response {
    app.client
        // A basis is hex: it goes into the query as it is.
        .post(format!(
            "{}/api/stores/demo/catalog/import?basis={basis}",
            app.base
        ))
        .bearer_auth(MERCHANT_TOKEN)
        .header("content-type", "text/csv")
        .body(file.to_owned())
        .send()
        .await
        .expect("request")
}

const FILE: &str = "name,category,pack,price,stock\n\
                    Toor Dal,Atta & Dal,500g,92,\n\
                    Dragon Fruit,Fruits,1 pc,90,7\n";

async fn a_clean_file_is_imported_into_the_draft_and_published(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = app.catalog().await;
    let planned: ImportPlan = plan(&app, FILE).await.json().await.expect("a plan");
    assert_eq!(planned.problems, []);
    assert!(!planned.basis.is_empty());
    let imported = import(&app, FILE, &planned.basis).await;
    assert_eq!(imported.status(), StatusCode::OK);
    let draft: Draft = imported.json().await.expect("the draft");
    assert!(draft.unpublished);
    assert!(
        draft
            .catalog
            .products
            .iter()
            .any(|product| product.id == "dragon-fruit")
    );
    assert_eq!(
        app.catalog().await,
        before,
        "shoppers see it only once published"
    );
    // The same file again, planned against the draft: nothing left to change.
    let again: ImportPlan = plan(&app, FILE).await.json().await.expect("a plan");
    assert!(
        again
            .rows
            .iter()
            .all(|row| row.change == RowChange::Unchanged),
        "{again:?}"
    );

    let published = app
        .client
        .post(format!("{}/api/stores/demo/draft/publish", app.base))
        .bearer_auth(MERCHANT_TOKEN)
        .send()
        .await
        .expect("request");
    assert_eq!(published.status(), StatusCode::OK);
    let live = app.catalog().await;
    let dal = live
        .products
        .iter()
        .find(|product| product.id == "toor-dal")
        .expect("dal");
    assert_eq!(dal.variants[0].price.minor(), 9_200);
    let fruit = live
        .products
        .iter()
        .find(|product| product.id == "dragon-fruit")
        .expect("fruit");
    assert_eq!(fruit.variants[0].max_quantity, 7);
    assert!(
        live.categories
            .iter()
            .any(|category| category.name == "Fruits")
    );
}

async fn an_import_is_refused_when_its_plan_is_outdated_or_has_problems(backend: Backend) {
    let app = spawn_app(backend).await;
    let planned: ImportPlan = plan(&app, FILE).await.json().await.expect("a plan");
    // Another change lands first: the plan no longer says what the import would do.
    let other = "name,pack,price\nToor Dal,500g,91\n";
    let other_plan: ImportPlan = plan(&app, other).await.json().await.expect("a plan");
    assert_eq!(
        import(&app, other, &other_plan.basis).await.status(),
        StatusCode::OK
    );
    let refused = import(&app, FILE, &planned.basis).await;
    expect_error(refused, StatusCode::CONFLICT, "plan_outdated").await;

    let bad = "name,category,pack,price\nSaffron Strands,Staples,1 g,forty\n";
    let bad_plan: ImportPlan = plan(&app, bad).await.json().await.expect("a plan");
    let refused = import(&app, bad, &bad_plan.basis).await;
    expect_error(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "import_has_problems",
    )
    .await;
    let draft: Draft = app
        .client
        .get(format!("{}/api/stores/demo/draft", app.base))
        .bearer_auth(MERCHANT_TOKEN)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("the draft");
    assert!(
        !draft
            .catalog
            .products
            .iter()
            .any(|product| product.id == "saffron-strands"),
        "nothing of the refused file"
    );
}

async fn a_file_with_bad_rows_comes_back_with_an_errors_column(backend: Backend) {
    let app = spawn_app(backend).await;
    let file = "name,category,pack,price\nPoha Thick,Staples,500 g,48\nSaffron,Staples,1 g,forty\n";
    let response = app
        .client
        .post(format!("{}/api/stores/demo/catalog/errors", app.base))
        .bearer_auth(MERCHANT_TOKEN)
        .header("content-type", "text/csv")
        .body(file)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get("content-disposition")
            .and_then(|value| value.to_str().ok()),
        Some("attachment; filename=\"catalog-with-errors.csv\"")
    );
    let back = response.text().await.expect("the file");
    let lines: Vec<&str> = back.lines().collect();
    assert_eq!(lines[0], "name,category,pack,price,errors");
    assert_eq!(lines[1], "Poha Thick,Staples,500 g,48,");
    assert!(
        lines[2].starts_with("Saffron,Staples,1 g,forty,\"price: "),
        "{}",
        lines[2]
    );
    // Fixed in the spreadsheet, the errors column is no obstacle to planning it again.
    let fixed = back.replace("forty", "40");
    let again: ImportPlan = plan(&app, fixed).await.json().await.expect("a plan");
    assert_eq!(again.problems, []);
    assert_eq!(again.ignored_columns, Vec::<String>::new());
}
