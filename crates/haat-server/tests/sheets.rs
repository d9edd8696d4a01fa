//! A shop's catalog as a spreadsheet over real HTTP, on every storage backend: exported in Haat's
//! columns, and any file read back as a plan that names every row's change and every problem, changing
//! nothing.

#[macro_use]
mod common;

use common::{Backend, MERCHANT_TOKEN, TestApp, expect_error, order_body, spawn_app};
use haat_api::{CellChange, Draft, DraftProduct, ImportPlan, Money, RowChange};
use reqwest::StatusCode;
use serde_json::json;

on_every_backend! {
    a_file_with_bad_rows_comes_back_with_an_errors_column,
    a_clean_file_is_imported_into_the_draft_and_published,
    an_import_is_refused_when_its_plan_is_outdated_or_has_problems,
    an_exported_catalog_imports_as_no_change,
    a_plan_names_each_change_and_each_bad_row_and_changes_nothing,
    a_file_that_is_no_catalog_is_refused_whole,
    shopifys_default_title_is_the_products_only_pack,
    shopifys_picture_rows_are_pictures_of_their_product_not_packs,
    shopifys_type_is_the_category_before_the_last_step_of_its_product_category,
    shopifys_second_and_third_options_join_the_pack_label,
    a_sale_after_planning_does_not_outdate_the_plan_but_an_edit_does,
    a_picture_from_another_site_without_https_is_a_problem_of_its_row,
}

async fn export(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .get(format!("{}/api/stores/demo/catalog.csv", app.base))
        .bearer_auth(token)
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
            "product_id,name,local_name,category,variant_id,pack,price,mrp,stock,image,description,search_words,visible"
        )
    );
    let dal = lines
        .find(|line| line.starts_with("toor-dal,"))
        .expect("toor dal's row");
    assert!(
        dal.contains(",Toor Dal,") && dal.contains(",500g,"),
        "{dal}"
    );

    let answer = app.plan_import(file.clone()).await;
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
    let answer = app.plan_import(file).await;
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
    let refused = app.plan_import("sku,price\nx,1\n").await;
    let error = expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_sheet").await;
    assert!(error.message.contains("name"), "{}", error.message);
    let refused = app.plan_import(vec![0xff_u8, 0xfe, 0x00, 0x41]).await;
    expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_sheet").await;
    let huge = format!("name,price\n{}", "Salt,20\n".repeat(700_000));
    let refused = app.plan_import(huge).await;
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
    let planned: ImportPlan = app.plan_import(FILE).await.json().await.expect("a plan");
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
    let again: ImportPlan = app.plan_import(FILE).await.json().await.expect("a plan");
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
    let planned: ImportPlan = app.plan_import(FILE).await.json().await.expect("a plan");
    // Another change lands first: the plan no longer says what the import would do.
    let other = "name,pack,price\nToor Dal,500g,91\n";
    let other_plan: ImportPlan = app.plan_import(other).await.json().await.expect("a plan");
    assert_eq!(
        import(&app, other, &other_plan.basis).await.status(),
        StatusCode::OK
    );
    let refused = import(&app, FILE, &planned.basis).await;
    expect_error(refused, StatusCode::CONFLICT, "plan_outdated").await;

    let bad = "name,category,pack,price\nSaffron Strands,Staples,1 g,forty\n";
    let bad_plan: ImportPlan = app.plan_import(bad).await.json().await.expect("a plan");
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
    let again: ImportPlan = app.plan_import(fixed).await.json().await.expect("a plan");
    assert_eq!(again.problems, []);
    assert_eq!(again.ignored_columns, Vec::<String>::new());
}

/// A plan that must be made.
/// Each of a plan's problems as where it is: its row, column and value.
fn where_wrong(plan: &ImportPlan) -> Vec<(u32, Option<&str>, &str)> {
    plan.problems
        .iter()
        .map(|problem| {
            (
                problem.line,
                problem.column.as_deref(),
                problem.value.as_str(),
            )
        })
        .collect()
}

async fn planned(app: &TestApp, file: &str) -> ImportPlan {
    let answer = app.plan_import(file.to_owned()).await;
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().await.expect("a plan")
}

/// A file planned without problems and imported with its plan's basis: the draft it made.
async fn imported(app: &TestApp, file: &str) -> Draft {
    let planned = planned(app, file).await;
    assert_eq!(planned.problems, []);
    let answer = import(app, file, &planned.basis).await;
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().await.expect("the draft")
}

fn product<'a>(draft: &'a Draft, id: &str) -> &'a DraftProduct {
    draft
        .catalog
        .products
        .iter()
        .find(|product| product.id == id)
        .unwrap_or_else(|| panic!("{id} in the draft"))
}

/// The headings of Shopify's product CSV export, in its order.
const SHOPIFY_COLUMNS: [&str; 30] = [
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Product Category",
    "Type",
    "Tags",
    "Published",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "Variant SKU",
    "Variant Grams",
    "Variant Inventory Tracker",
    "Variant Inventory Qty",
    "Variant Inventory Policy",
    "Variant Fulfillment Service",
    "Variant Price",
    "Variant Compare At Price",
    "Variant Requires Shipping",
    "Variant Taxable",
    "Variant Barcode",
    "Image Src",
    "Image Position",
    "Image Alt Text",
    "Gift Card",
    "Status",
];

/// A file as Shopify exports products: all its columns, each row's cells given by heading, the
/// others blank.
fn shopify_file(rows: &[&[(&str, &str)]]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(SHOPIFY_COLUMNS).expect("headings");
    for cells in rows {
        let row = SHOPIFY_COLUMNS.map(|heading| {
            cells
                .iter()
                .find(|(named, _)| *named == heading)
                .map_or("", |(_, value)| *value)
        });
        writer.write_record(row).expect("a row");
    }
    String::from_utf8(writer.into_inner().expect("written")).expect("text")
}

/// The cells Shopify writes on the row of a product's only variant.
const SINGLE_VARIANT: [(&str, &str); 2] = [
    ("Option1 Name", "Title"),
    ("Option1 Value", "Default Title"),
];

async fn shopifys_default_title_is_the_products_only_pack(backend: Backend) {
    let app = spawn_app(backend).await;
    let chana = [
        ("Handle", "chana-dal"),
        ("Title", "Chana Dal"),
        ("Variant Price", "102"),
        ("Published", "TRUE"),
    ];
    let jaggery = [
        ("Handle", "jaggery"),
        ("Title", "Jaggery"),
        ("Type", "Atta, Rice & Dal"),
        ("Variant Price", "60"),
        ("Variant Inventory Qty", "9"),
    ];
    let file = shopify_file(&[
        &[&chana[..], &SINGLE_VARIANT].concat(),
        &[&jaggery[..], &SINGLE_VARIANT].concat(),
    ]);
    let plan = planned(&app, &file).await;
    assert_eq!(plan.problems, []);
    let dal = &plan.rows[0];
    assert_eq!(
        (dal.variant.as_str(), dal.change),
        ("1kg", RowChange::Update),
        "the product's only pack"
    );
    assert_eq!(
        dal.changes,
        [CellChange {
            column: "price".into(),
            old: "98".into(),
            new: "102".into()
        }],
        "its label left as it is"
    );
    let draft = imported(&app, &file).await;
    let labels = |id: &str| -> Vec<String> {
        product(&draft, id)
            .variants
            .iter()
            .map(|pack| pack.label.clone())
            .collect()
    };
    assert_eq!(labels("chana-dal"), ["1 kg"]);
    assert_eq!(labels("jaggery"), ["1 pc"], "a new product's only pack");
}

async fn shopifys_picture_rows_are_pictures_of_their_product_not_packs(backend: Backend) {
    let app = spawn_app(backend).await;
    let picture = |handle: &'static str, src: &'static str, position: &'static str| {
        [
            ("Handle", handle),
            ("Image Src", src),
            ("Image Position", position),
        ]
    };
    let jaggery = [
        ("Handle", "jaggery"),
        ("Title", "Jaggery"),
        ("Type", "Atta, Rice & Dal"),
        ("Tags", "gur, bella ,gur"),
        ("Variant Price", "60"),
        ("Image Src", "https://cdn.shopify.com/jaggery-1.jpg"),
        ("Image Position", "1"),
    ];
    // Shopify puts a product's second picture on its second variant's row.
    let kokum = [
        ("Handle", "kokum"),
        ("Title", "Kokum"),
        ("Type", "Masala & Oil"),
        ("Option1 Name", "Size"),
        ("Option1 Value", "100 g"),
        ("Variant Price", "40"),
        ("Image Src", "https://cdn.shopify.com/kokum-1.jpg"),
        ("Image Position", "1"),
    ];
    let kokum_more = [
        ("Handle", "kokum"),
        ("Option1 Value", "200 g"),
        ("Variant Price", "75"),
        ("Image Src", "https://cdn.shopify.com/kokum-2.jpg"),
        ("Image Position", "2"),
    ];
    let file = shopify_file(&[
        &[&jaggery[..], &SINGLE_VARIANT].concat(),
        &picture("jaggery", "https://cdn.shopify.com/jaggery-2.jpg", "2"),
        &picture("jaggery", "https://cdn.shopify.com/jaggery-3.jpg", "3"),
        &kokum,
        &kokum_more,
        &[("Handle", "toor-dal"), ("Option1 Value", "500 g")],
        &picture("toor-dal", "https://cdn.shopify.com/toor-dal.jpg", "1"),
    ]);
    let plan = planned(&app, &file).await;
    assert_eq!(plan.problems, []);
    let packs: Vec<(u32, &str, &str)> = plan
        .rows
        .iter()
        .map(|row| (row.line, row.product.as_str(), row.variant.as_str()))
        .collect();
    assert_eq!(
        packs,
        [
            (2, "jaggery", "1"),
            (5, "kokum", "100-g"),
            (6, "kokum", "200-g"),
            (7, "toor-dal", "500g")
        ],
        "no pack of a picture's row"
    );
    assert_eq!(
        plan.rows[3].changes,
        [CellChange {
            column: "image".into(),
            old: String::new(),
            new: "https://cdn.shopify.com/toor-dal.jpg".into()
        }],
        "a product without a picture takes the first of its picture rows"
    );
    let draft = imported(&app, &file).await;
    let image = |id: &str| product(&draft, id).image.clone().unwrap_or_default();
    assert_eq!(image("jaggery"), "https://cdn.shopify.com/jaggery-1.jpg");
    assert_eq!(
        product(&draft, "jaggery").search_words,
        ["gur", "bella"],
        "Shopify's tags are search words, each once"
    );
    assert_eq!(image("kokum"), "https://cdn.shopify.com/kokum-1.jpg");
    assert_eq!(image("toor-dal"), "https://cdn.shopify.com/toor-dal.jpg");

    // A picture's row for a product no row above names is not dropped unsaid.
    let stray = shopify_file(&[
        &[&jaggery[..], &SINGLE_VARIANT].concat(),
        &picture("tamarind", "https://cdn.shopify.com/tamarind.jpg", "1"),
    ]);
    let plan = planned(&app, &stray).await;
    let problems = where_wrong(&plan);
    assert_eq!(problems, [(3, Some("product_id"), "tamarind")]);
}

async fn shopifys_type_is_the_category_before_the_last_step_of_its_product_category(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let rice = [
        ("Handle", "brown-rice"),
        ("Title", "Brown Rice"),
        (
            "Product Category",
            "Food, Beverages & Tobacco > Food Items > Grains, Rice & Cereal > Rice",
        ),
        ("Type", "Atta, Rice & Dal"),
        ("Variant Price", "120"),
    ];
    let oil = [
        ("Handle", "groundnut-oil"),
        ("Title", "Groundnut Oil"),
        (
            "Product Category",
            "Food, Beverages & Tobacco > Food Items > Cooking Oils",
        ),
        ("Type", " "),
        ("Variant Price", "210"),
    ];
    let file = shopify_file(&[
        &[&rice[..], &SINGLE_VARIANT].concat(),
        &[&oil[..], &SINGLE_VARIANT].concat(),
    ]);
    let plan = planned(&app, &file).await;
    assert_eq!(plan.new_categories, ["Cooking Oils"]);
    let draft = imported(&app, &file).await;
    assert_eq!(product(&draft, "brown-rice").category, "staples");
    assert_eq!(product(&draft, "groundnut-oil").category, "cooking-oils");
}

async fn shopifys_second_and_third_options_join_the_pack_label(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = [
        ("Handle", "chai-patti"),
        ("Title", "Chai Patti"),
        ("Type", "Tea, Coffee & Drinks"),
        ("Option1 Name", "Size"),
        ("Option1 Value", "250 g"),
        ("Option2 Name", "Flavour"),
        ("Option2 Value", "Masala"),
        ("Option3 Name", "Box"),
        ("Variant Price", "140"),
    ];
    let file = shopify_file(&[
        &first,
        &[
            ("Handle", "chai-patti"),
            ("Option1 Value", "250 g"),
            ("Option2 Value", "Elaichi"),
            ("Variant Price", "150"),
        ],
        &[
            ("Handle", "chai-patti"),
            ("Option1 Value", "250 g"),
            ("Option2 Value", "Elaichi"),
            ("Option3 Value", "Gift"),
            ("Variant Price", "199"),
        ],
    ]);
    let plan = planned(&app, &file).await;
    assert_eq!(plan.problems, [], "no two packs are the same");
    let draft = imported(&app, &file).await;
    let packs: Vec<(&str, &str)> = product(&draft, "chai-patti")
        .variants
        .iter()
        .map(|pack| (pack.id.as_str(), pack.label.as_str()))
        .collect();
    assert_eq!(
        packs,
        [
            ("250-g-masala", "250 g / Masala"),
            ("250-g-elaichi", "250 g / Elaichi"),
            ("250-g-elaichi-gift", "250 g / Elaichi / Gift"),
        ]
    );
}

/// A shopper buys two of a pack whose stock no draft sets.
async fn sell(app: &TestApp) {
    let line = json!([{"product": "paneer", "variant": "200g", "quantity": 2}]);
    let placed = app.post("/api/stores/demo/orders", &order_body(line)).await;
    assert_eq!(placed.status(), StatusCode::CREATED);
}

async fn a_sale_after_planning_does_not_outdate_the_plan_but_an_edit_does(backend: Backend) {
    let app = spawn_app(backend).await;
    // Against the live catalog, then against the draft the import made.
    for file in [FILE, "name,pack,price\nSugar,1 kg,49\n"] {
        let planned = planned(&app, file).await;
        sell(&app).await;
        let answer = import(&app, file, &planned.basis).await;
        assert_eq!(answer.status(), StatusCode::OK, "{file}");
    }

    let outdated = planned(&app, FILE).await;
    let mut draft: Draft = app
        .client
        .get(format!("{}/api/stores/demo/draft", app.base))
        .bearer_auth(MERCHANT_TOKEN)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("the draft");
    let salt = draft
        .catalog
        .products
        .iter_mut()
        .find(|product| product.id == "salt")
        .expect("salt");
    salt.variants[0].price = Money::from_minor(3_000);
    let saved = app
        .client
        .put(format!("{}/api/stores/demo/draft", app.base))
        .bearer_auth(MERCHANT_TOKEN)
        .json(&draft.catalog)
        .send()
        .await
        .expect("request");
    assert_eq!(saved.status(), StatusCode::OK);
    let refused = import(&app, FILE, &outdated.basis).await;
    expect_error(refused, StatusCode::CONFLICT, "plan_outdated").await;

    // A file that repeats a pack's stock as it is: a sale after planning would make importing it undo
    // the sale, which the plan never showed. Refused: planned again, the plan shows it.
    let stock_now = |catalog: &haat_api::Catalog| {
        let paneer = catalog
            .products
            .iter()
            .find(|p| p.id == "paneer")
            .expect("paneer");
        paneer.variants[0].max_quantity
    };
    let before = stock_now(&app.catalog().await);
    let repeats =
        format!("product_id,variant_id,name,price,stock\npaneer,200g,Malai Paneer,90,{before}\n");
    let planned_with_stock = planned(&app, &repeats).await;
    assert!(
        planned_with_stock.problems.is_empty(),
        "{planned_with_stock:?}"
    );
    assert_eq!(
        planned_with_stock.rows[0].change,
        haat_api::RowChange::Unchanged,
        "{:?}",
        planned_with_stock.rows[0].changes
    );
    sell(&app).await;
    assert!(stock_now(&app.catalog().await) < before);
    let refused = import(&app, &repeats, &planned_with_stock.basis).await;
    expect_error(refused, StatusCode::CONFLICT, "plan_outdated").await;
}

async fn a_picture_from_another_site_without_https_is_a_problem_of_its_row(backend: Backend) {
    let app = spawn_app(backend).await;
    let file = "name,category,pack,price,image\n\
                Kokum,Masala & Oil,100 g,40,//img.example/kokum.jpg\n\
                Amchur,Masala & Oil,100 g,45,https://img.example/amchur.jpg\n\
                ,,,,//img.example/amchur-2.jpg\n";
    let plan = planned(&app, file).await;
    let found = where_wrong(&plan);
    assert_eq!(
        found,
        [
            (2, Some("image"), "//img.example/kokum.jpg"),
            (4, Some("image"), "//img.example/amchur-2.jpg"),
        ]
    );
    assert!(plan.problems[0].why.contains("https://"), "{plan:?}");
    assert_eq!(plan.rows.len(), 1, "Amchur");
}
