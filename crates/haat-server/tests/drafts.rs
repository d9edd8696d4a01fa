//! The merchant's draft catalog over real HTTP, on every storage backend: invisible to shoppers until
//! published, published whole as a version, any version made live again in one step, and stock sold
//! meanwhile never rewound; and a link to the draft, for a week, to see it as shoppers will.

#[macro_use]
mod common;

use common::{Backend, MERCHANT_TOKEN, TestApp, expect_error, now_ms, order_body, spawn_app};
use haat_api::{
    Catalog, CatalogChanges, CatalogDraft, CatalogVersion, Category, CategoryPlan, Draft,
    DraftProduct, DraftVariant, Money, PackChangeKind, PreviewLink, SignIn, Stock, VersionList,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

on_every_backend! {
    a_live_change_to_a_pack_is_not_undone_by_publishing_an_older_draft,
    publishing_while_shoppers_order_neither_deadlocks_nor_rewinds,
    a_draft_saved_meanwhile_is_never_lost_unseen,
    a_draft_is_unseen_until_published_whole,
    stock_sold_while_a_draft_is_open_is_not_rewound,
    the_previous_version_is_restored_in_one_step,
    a_discarded_draft_leaves_nothing_to_publish,
    a_draft_with_problems_names_each_and_is_not_kept,
    one_product_is_added_edited_and_removed_in_the_draft,
    categories_are_renamed_reordered_added_and_removed_with_their_products_moved,
    what_a_publish_changes_is_seen_before_and_after,
    a_preview_link_is_made_for_a_week_and_ends_with_the_secret,
}

async fn merchant(app: &TestApp, method: Method, path: &str) -> reqwest::RequestBuilder {
    app.client
        .request(method, format!("{}/api/stores/demo{path}", app.base))
        .bearer_auth(MERCHANT_TOKEN)
}

async fn draft(app: &TestApp) -> Draft {
    let response = merchant(app, Method::GET, "/draft")
        .await
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("the draft")
}

async fn save(app: &TestApp, catalog: &CatalogDraft) -> reqwest::Response {
    merchant(app, Method::PUT, "/draft")
        .await
        .json(catalog)
        .send()
        .await
        .expect("request")
}

async fn publish(app: &TestApp) -> reqwest::Response {
    merchant(app, Method::POST, "/draft/publish")
        .await
        .send()
        .await
        .expect("request")
}

/// A variant's stock as the merchant's spreadsheet says it.
async fn stock(app: &TestApp, product: &str, variant: &str) -> u32 {
    let file = merchant(app, Method::GET, "/catalog.csv")
        .await
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("the file");
    let row = file
        .lines()
        .find(|line| {
            line.starts_with(&format!("{product},")) && line.contains(&format!(",{variant},"))
        })
        .unwrap_or_else(|| panic!("{product} {variant} in {file}"));
    // Stock comes before the image, description, search words and visible columns (empty, empty, empty
    // and "yes" here): quoted names and categories come before it.
    row.rsplit(',')
        .nth(4)
        .and_then(|stock| stock.parse().ok())
        .expect("a stock")
}

fn price_of(catalog: &Catalog, product: &str) -> Option<Money> {
    catalog
        .products
        .iter()
        .find(|it| it.id == product)
        .map(|it| it.variants[0].price)
}

/// The demo catalog with Toor Dal dearer, dragon fruit added in a new category, cheese slices gone.
fn edited(mut catalog: CatalogDraft) -> CatalogDraft {
    let dal = &mut catalog
        .products
        .iter_mut()
        .find(|product| product.id == "toor-dal")
        .expect("toor dal")
        .variants[0];
    dal.price = Money::from_minor(9_999);
    dal.mrp = Some(Money::from_minor(10_500));
    catalog
        .products
        .retain(|product| product.id != "cheese-slices");
    catalog.categories.push(Category {
        id: "fruits".into(),
        name: "Fruits".into(),
        name_local: Some("फल".into()),
        icon: None,
    });
    catalog.products.push(DraftProduct {
        id: "dragon-fruit".into(),
        category: "fruits".into(),
        name: "Dragon Fruit".into(),
        name_local: None,
        image: None,
        description: None,
        search_words: Vec::new(),
        hidden: false,
        variants: vec![DraftVariant {
            id: "1pc".into(),
            label: "1 pc".into(),
            price: Money::from_minor(9_000),
            mrp: None,
            stock: Some(Stock::Count(5)),
        }],
    });
    catalog
}

async fn a_draft_is_unseen_until_published_whole(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = app.catalog().await;
    let started = draft(&app).await;
    assert!(!started.unpublished, "no draft yet: the live catalog");
    assert_eq!(started.catalog.products.len(), before.products.len());

    let response = save(&app, &edited(started.catalog)).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{:?}",
        response.text().await
    );
    assert!(draft(&app).await.unpublished);
    assert_eq!(app.catalog().await, before, "shoppers see none of it");

    let response = publish(&app).await;
    assert_eq!(response.status(), StatusCode::OK);
    let published: CatalogVersion = response.json().await.expect("a version");
    assert_eq!(published.version, 2, "version 1 is the catalog as it was");
    let live = app.catalog().await;
    assert_eq!(price_of(&live, "toor-dal"), Some(Money::from_minor(9_999)));
    assert_eq!(price_of(&live, "cheese-slices"), None);
    let fruit = live
        .products
        .iter()
        .find(|product| product.id == "dragon-fruit")
        .expect("the new product");
    assert!(fruit.variants[0].max_quantity > 0, "its stock was set");
    assert!(
        live.categories
            .iter()
            .any(|category| category.id == "fruits")
    );
    assert!(!draft(&app).await.unpublished, "the draft is gone");
    let versions: VersionList = merchant(&app, Method::GET, "/versions")
        .await
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("versions");
    let numbers: Vec<u32> = versions.versions.iter().map(|it| it.version).collect();
    assert_eq!(numbers, [2, 1]);
}

async fn stock_sold_while_a_draft_is_open_is_not_rewound(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut catalog = draft(&app).await.catalog;
    let before = stock(&app, "paneer", "200g").await;
    catalog.products[0].name.push_str(" (fresh)");
    assert_eq!(save(&app, &catalog).await.status(), StatusCode::OK);
    let placed = app
        .post(
            "/api/stores/demo/orders",
            &order_body(json!([{"product": "paneer", "variant": "200g", "quantity": 2}])),
        )
        .await;
    assert_eq!(placed.status(), StatusCode::CREATED);
    assert_eq!(publish(&app).await.status(), StatusCode::OK);
    assert_eq!(
        stock(&app, "paneer", "200g").await,
        before - 2,
        "the sale stays sold"
    );
}

async fn the_previous_version_is_restored_in_one_step(backend: Backend) {
    let app = spawn_app(backend).await;
    let original = app.catalog().await;
    let started = draft(&app).await.catalog;
    assert_eq!(save(&app, &edited(started)).await.status(), StatusCode::OK);
    assert_eq!(publish(&app).await.status(), StatusCode::OK);
    let stock_after_publish = stock(&app, "dragon-fruit", "1pc").await;

    let restored = merchant(&app, Method::POST, "/versions/1/restore")
        .await
        .send()
        .await
        .expect("request");
    assert_eq!(restored.status(), StatusCode::OK);
    let restored: CatalogVersion = restored.json().await.expect("a version");
    assert_eq!(restored.version, 3);
    let live = app.catalog().await;
    assert_eq!(price_of(&live, "toor-dal"), price_of(&original, "toor-dal"));
    assert!(price_of(&live, "cheese-slices").is_some(), "back");
    assert_eq!(price_of(&live, "dragon-fruit"), None, "gone again");
    assert_eq!(live.categories, original.categories);

    // Restoring the version with the new product brings it back with the stock it has now.
    let again = merchant(&app, Method::POST, "/versions/2/restore")
        .await
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::OK);
    assert!(stock_after_publish > 0);
    let missing = merchant(&app, Method::POST, "/versions/99/restore")
        .await
        .send()
        .await
        .expect("request");
    expect_error(missing, StatusCode::NOT_FOUND, "version_not_found").await;
}

async fn a_discarded_draft_leaves_nothing_to_publish(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = app.catalog().await;
    let started = draft(&app).await.catalog;
    assert_eq!(save(&app, &edited(started)).await.status(), StatusCode::OK);
    let discarded = merchant(&app, Method::DELETE, "/draft")
        .await
        .send()
        .await
        .expect("request");
    assert_eq!(discarded.status(), StatusCode::NO_CONTENT);
    assert!(!draft(&app).await.unpublished);
    expect_error(publish(&app).await, StatusCode::CONFLICT, "no_draft").await;
    assert_eq!(app.catalog().await, before);
}

async fn a_draft_with_problems_names_each_and_is_not_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut catalog = draft(&app).await.catalog;
    catalog.products[1].category = "nowhere".into();
    catalog.products[2].variants[0].price = Money::from_minor(-5);
    catalog.products[3].variants.clear();
    let refused = save(&app, &catalog).await;
    let error = expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_draft").await;
    for place in [
        "products[1].category",
        "products[2].variants[0].price",
        "products[3].variants",
    ] {
        assert!(error.field_message(place).is_some(), "{place}: {error:?}");
    }
    assert!(!draft(&app).await.unpublished, "nothing kept");
}

async fn a_draft_saved_meanwhile_is_never_lost_unseen(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = app.catalog().await;
    let started = draft(&app).await.catalog;
    let first = edited(started.clone());
    assert_eq!(save(&app, &first).await.status(), StatusCode::OK);
    // Another tab saves a newer draft after this one was read for publishing.
    let mut newer = first.clone();
    newer.products[0].name.push_str(" (newer)");
    assert_eq!(save(&app, &newer).await.status(), StatusCode::OK);

    let store = haat_server::store::connect(app.database_url())
        .await
        .expect("the database");
    let shop = store
        .store_by_slug("demo")
        .await
        .expect("read")
        .expect("the demo shop");
    let publication = haat_server::store::Publication {
        catalog: first.clone(),
        before: started.clone(),
        from_draft: true,
        at_ms: 1,
    };
    let refused = store.publish(shop.id, &publication).await;
    assert!(
        matches!(refused, Err(haat_server::store::StoreError::DraftChanged)),
        "{refused:?}"
    );
    assert_eq!(app.catalog().await, before, "nothing was published");
    assert_eq!(draft(&app).await.catalog, newer, "the newer draft is kept");
    // An import made from the older draft is not kept over the newer one either.
    let kept = store
        .replace_draft(shop.id, Some(&first), &started, 2)
        .await
        .expect("written");
    assert!(!kept);
    assert_eq!(draft(&app).await.catalog, newer);
}

async fn publishing_while_shoppers_order_neither_deadlocks_nor_rewinds(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = stock(&app, "paneer", "200g").await;
    let mut catalog = draft(&app).await.catalog;
    let mut placed = 0;
    for round in 0..3 {
        catalog.products[0].name = format!("Round {round}");
        assert_eq!(save(&app, &catalog).await.status(), StatusCode::OK);
        let order = || async {
            app.post(
                "/api/stores/demo/orders",
                &order_body(json!([{"product": "paneer", "variant": "200g", "quantity": 2}])),
            )
            .await
            .status()
        };
        let (published, orders) = tokio::join!(
            publish(&app),
            all_at_once(std::array::from_fn::<_, 6, _>(|_| order()))
        );
        assert_eq!(published.status(), StatusCode::OK);
        for status in orders {
            assert!(
                status == StatusCode::CREATED || status == StatusCode::CONFLICT,
                "an order answered {status}"
            );
            placed += 2 * u32::from(status == StatusCode::CREATED);
        }
    }
    assert_eq!(stock(&app, "paneer", "200g").await, before - placed);
}

/// Runs every future at once and answers their outputs in order.
async fn all_at_once<F: std::future::Future>(futures: [F; 6]) -> Vec<F::Output> {
    let [a, b, c, d, e, f] = futures;
    let (a, b, c, d, e, f) = tokio::join!(a, b, c, d, e, f);
    vec![a, b, c, d, e, f]
}

async fn a_live_change_to_a_pack_is_not_undone_by_publishing_an_older_draft(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut catalog = draft(&app).await.catalog;
    catalog.products[0].name.push_str(" (new name)");
    let dal = catalog
        .products
        .iter_mut()
        .find(|product| product.id == "toor-dal")
        .expect("toor dal");
    dal.variants[0].stock = Some(Stock::Count(50));
    assert_eq!(save(&app, &catalog).await.status(), StatusCode::OK);
    // Marked live at once, while the draft is open: a new price, and 7 left.
    let patched = app
        .client
        .patch(format!(
            "{}/api/stores/demo/products/toor-dal/variants/500g",
            app.base
        ))
        .bearer_auth(MERCHANT_TOKEN)
        .json(&json!({"price": 9_100, "stock": 7}))
        .send()
        .await
        .expect("request");
    assert_eq!(patched.status(), StatusCode::OK);
    assert_eq!(publish(&app).await.status(), StatusCode::OK);
    let live = app.catalog().await;
    assert_eq!(price_of(&live, "toor-dal"), Some(Money::from_minor(9_100)));
    assert_eq!(
        stock(&app, "toor-dal", "500g").await,
        7,
        "the latest word on stock"
    );
    assert!(
        live.products[0].name.ends_with(" (new name)"),
        "and the draft went live"
    );
}

/// A product as the console sends it: a new pack has no id yet.
fn fruit(category: &str, price: i64) -> DraftProduct {
    DraftProduct {
        id: String::new(),
        category: category.into(),
        name: "Dragon Fruit".into(),
        name_local: Some("ड्रैगन फ्रूट".into()),
        image: None,
        description: None,
        search_words: Vec::new(),
        hidden: false,
        variants: vec![DraftVariant {
            id: String::new(),
            label: "1 pc".into(),
            price: Money::from_minor(price),
            mrp: None,
            stock: Some(Stock::Count(5)),
        }],
    }
}

async fn send_product(
    app: &TestApp,
    method: Method,
    path: &str,
    product: &DraftProduct,
) -> reqwest::Response {
    merchant(app, method, path)
        .await
        .json(product)
        .send()
        .await
        .expect("request")
}

async fn one_product_is_added_edited_and_removed_in_the_draft(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = app.catalog().await;
    let category = before.categories[0].id.clone();

    let response = send_product(
        &app,
        Method::POST,
        "/draft/products",
        &fruit(&category, 9_000),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let added: DraftProduct = response.json().await.expect("the product");
    assert_eq!(added.id, "dragon-fruit", "its id is made from its name");
    assert_eq!(
        added.variants[0].id, "1-pc",
        "and its pack's from the label"
    );
    let again = send_product(
        &app,
        Method::POST,
        "/draft/products",
        &fruit(&category, 9_000),
    )
    .await;
    let second: DraftProduct = again.json().await.expect("the product");
    assert_eq!(second.id, "dragon-fruit-2", "a taken id is never reused");

    let kept = draft(&app).await;
    assert!(kept.unpublished);
    let at = |id: &str| kept.catalog.products.iter().position(|it| it.id == id);
    let last_of_category = kept
        .catalog
        .products
        .iter()
        .rposition(|it| it.category == category && !it.id.starts_with("dragon-fruit"));
    assert_eq!(
        at("dragon-fruit"),
        last_of_category.map(|at| at + 1),
        "a new product goes after its category's last"
    );
    assert_eq!(app.catalog().await, before, "shoppers see none of it");

    let mut dearer = added.clone();
    dearer.variants[0].price = Money::from_minor(9_500);
    dearer.variants[0].mrp = Some(Money::from_minor(9_900));
    let response = send_product(&app, Method::PUT, "/draft/products/dragon-fruit", &dearer).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<DraftProduct>().await.expect("kept"), dearer);

    let mut bad = dearer.clone();
    bad.name = " ".into();
    bad.variants[0].mrp = Some(Money::from_minor(100));
    let refused = send_product(&app, Method::PUT, "/draft/products/dragon-fruit", &bad).await;
    let error = expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_draft").await;
    for place in ["name", "variants[0].mrp"] {
        assert!(error.field_message(place).is_some(), "{place}: {error:?}");
    }
    let refused = send_product(&app, Method::PUT, "/draft/products/other-id", &dearer).await;
    let error = expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_draft").await;
    assert!(error.field_message("id").is_some(), "{error:?}");
    let mut elsewhere = dearer.clone();
    elsewhere.category = "nowhere".into();
    let refused = send_product(
        &app,
        Method::PUT,
        "/draft/products/dragon-fruit",
        &elsewhere,
    )
    .await;
    let error = expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_draft").await;
    assert!(error.field_message("category").is_some(), "{error:?}");

    let removed = merchant(&app, Method::DELETE, "/draft/products/dragon-fruit-2")
        .await
        .send()
        .await
        .expect("request");
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    let again = merchant(&app, Method::DELETE, "/draft/products/dragon-fruit-2")
        .await
        .send()
        .await
        .expect("request");
    expect_error(again, StatusCode::NOT_FOUND, "unknown_product").await;

    assert_eq!(publish(&app).await.status(), StatusCode::OK);
    let live = app.catalog().await;
    assert_eq!(
        price_of(&live, "dragon-fruit"),
        Some(Money::from_minor(9_500))
    );
    assert_eq!(price_of(&live, "dragon-fruit-2"), None);
    assert_eq!(live.products.len(), before.products.len() + 1);
}

async fn arrange(app: &TestApp, plan: &CategoryPlan) -> reqwest::Response {
    merchant(app, Method::PUT, "/draft/categories")
        .await
        .json(plan)
        .send()
        .await
        .expect("request")
}

async fn categories_are_renamed_reordered_added_and_removed_with_their_products_moved(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let before = draft(&app).await.catalog;
    assert!(
        before.categories.len() >= 3,
        "the demo shop has categories to move"
    );
    let (gone, target) = (before.categories[0].clone(), before.categories[1].clone());
    let moving: Vec<String> = before
        .products
        .iter()
        .filter(|it| it.category == gone.id)
        .map(|it| it.id.clone())
        .collect();
    assert!(!moving.is_empty());

    // Reversed, the target renamed, a new category, the first removed.
    let mut categories: Vec<Category> = before.categories[1..].iter().rev().cloned().collect();
    let renamed = categories
        .iter_mut()
        .find(|it| it.id == target.id)
        .expect("the target");
    renamed.name = "Everyday Staples".into();
    categories.push(Category {
        id: String::new(),
        name: "Fresh Fruits".into(),
        name_local: None,
        icon: None,
    });
    let mut plan = CategoryPlan {
        categories,
        move_products: Default::default(),
    };
    let refused = arrange(&app, &plan).await;
    let error = expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_draft").await;
    let place = format!("move_products.{}", gone.id);
    assert!(error.field_message(&place).is_some(), "{place}: {error:?}");
    assert!(!draft(&app).await.unpublished, "nothing kept");

    plan.move_products.insert(gone.id.clone(), "nowhere".into());
    let refused = arrange(&app, &plan).await;
    let error = expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_draft").await;
    assert!(error.field_message(&place).is_some(), "{error:?}");

    plan.move_products
        .insert(gone.id.clone(), target.id.clone());
    let response = arrange(&app, &plan).await;
    assert_eq!(response.status(), StatusCode::OK);
    let answered: Draft = response.json().await.expect("the draft");
    assert_eq!(answered, draft(&app).await, "the answer is the draft kept");
    let after = answered.catalog;
    let ids: Vec<&str> = after.categories.iter().map(|it| it.id.as_str()).collect();
    let mut expected: Vec<&str> = before.categories[1..]
        .iter()
        .rev()
        .map(|it| it.id.as_str())
        .collect();
    expected.push("fresh-fruits");
    assert_eq!(ids, expected);
    assert_eq!(
        after
            .categories
            .iter()
            .find(|it| it.id == target.id)
            .map(|it| it.name.as_str()),
        Some("Everyday Staples")
    );
    assert_eq!(
        after.products.len(),
        before.products.len(),
        "no product lost"
    );
    let in_target: Vec<&str> = after
        .products
        .iter()
        .filter(|it| it.category == target.id)
        .map(|it| it.id.as_str())
        .collect();
    assert_eq!(
        &in_target[in_target.len() - moving.len()..],
        moving.iter().map(String::as_str).collect::<Vec<_>>(),
        "moved products come after the category's own, in their order"
    );

    assert_eq!(publish(&app).await.status(), StatusCode::OK);
    let live = app.catalog().await;
    assert!(live.categories.iter().all(|it| it.id != gone.id));
    assert!(
        live.products
            .iter()
            .filter(|it| moving.contains(&it.id))
            .all(|it| it.category == target.id)
    );
}

async fn changes(app: &TestApp, path: &str) -> CatalogChanges {
    let response = merchant(app, Method::GET, path)
        .await
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.expect("changes")
}

async fn what_a_publish_changes_is_seen_before_and_after(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(
        changes(&app, "/draft/changes").await,
        CatalogChanges::default(),
        "no draft, nothing to publish"
    );
    let started = draft(&app).await.catalog;
    let cheese_packs = started
        .products
        .iter()
        .find(|it| it.id == "cheese-slices")
        .map_or(0, |it| it.variants.len());
    assert_eq!(save(&app, &edited(started)).await.status(), StatusCode::OK);

    let coming = changes(&app, "/draft/changes").await;
    let kind_of = |product: &str| -> Vec<PackChangeKind> {
        coming
            .packs
            .iter()
            .filter(|it| it.product == product)
            .map(|it| it.change)
            .collect()
    };
    assert_eq!(kind_of("dragon-fruit"), [PackChangeKind::Added]);
    assert_eq!(
        kind_of("cheese-slices"),
        vec![PackChangeKind::Removed; cheese_packs]
    );
    let dal = coming
        .packs
        .iter()
        .find(|it| it.product == "toor-dal" && it.change == PackChangeKind::Changed)
        .expect("toor dal changed");
    let price = dal
        .changes
        .iter()
        .find(|it| it.column == "price")
        .expect("its price");
    assert_eq!(price.new, "99.99");
    assert_eq!(
        coming.packs.len(),
        1 + cheese_packs + 1,
        "nothing else: {coming:?}"
    );

    assert_eq!(publish(&app).await.status(), StatusCode::OK);
    assert_eq!(
        changes(&app, "/versions/2/changes").await,
        coming,
        "as seen before"
    );
    assert_eq!(
        changes(&app, "/versions/1/changes").await,
        CatalogChanges::default()
    );
    assert_eq!(
        changes(&app, "/draft/changes").await,
        CatalogChanges::default()
    );
    let missing = merchant(&app, Method::GET, "/versions/9/changes")
        .await
        .send()
        .await
        .expect("request");
    expect_error(missing, StatusCode::NOT_FOUND, "version_not_found").await;
}

const WEEK_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// `POST /api/stores/{store}/preview` with `token` as the merchant's bearer, if any; no body.
async fn ask_preview(app: &TestApp, store: &str, token: Option<&str>) -> reqwest::Response {
    let request = app
        .client
        .post(format!("{}/api/stores/{store}/preview", app.base));
    let request = match token {
        Some(token) => request.bearer_auth(token),
        None => request,
    };
    request.send().await.expect("request")
}

/// A preview link of the demo shop made now with `token`: to its page, ending a week from now.
async fn preview_link(app: &TestApp, token: &str) -> PreviewLink {
    let asked_at_ms = now_ms();
    let response = ask_preview(app, "demo", Some(token)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let link: PreviewLink = response.json().await.expect("a preview link");
    let prefix = "/s/demo?preview=";
    assert!(
        link.url.starts_with(prefix) && link.url.len() > prefix.len(),
        "{link:?}"
    );
    let ahead_ms = link.expires_at_ms - asked_at_ms;
    assert!(
        (WEEK_MS - 60_000..=WEEK_MS + 60_000).contains(&ahead_ms),
        "a week ahead, not {ahead_ms} ms: {link:?}"
    );
    link
}

async fn a_preview_link_is_made_for_a_week_and_ends_with_the_secret(backend: Backend) {
    let app = spawn_app(backend).await;
    // Without a draft the link shows the live catalog: it is made all the same.
    let live = preview_link(&app, MERCHANT_TOKEN).await;
    let started = draft(&app).await.catalog;
    assert_eq!(save(&app, &edited(started)).await.status(), StatusCode::OK);
    let before = draft(&app).await;
    let drafted = preview_link(&app, MERCHANT_TOKEN).await;
    // A link is its end, signed: two made with one secret differ only when their ends do.
    assert_eq!(
        live.url == drafted.url,
        live.expires_at_ms == drafted.expires_at_ms,
        "{live:?} {drafted:?}"
    );
    // Nothing is kept or changed by making one.
    assert_eq!(draft(&app).await, before, "the draft as it was");

    // A new secret: the old one makes no more links, and the new one's are its own.
    let response = merchant(&app, Method::POST, "/merchant/secret")
        .await
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let renewed: SignIn = response.json().await.expect("a sign-in");
    expect_error(
        ask_preview(&app, "demo", Some(MERCHANT_TOKEN)).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let signed_anew = preview_link(&app, &renewed.secret).await;
    for earlier in [&live, &drafted] {
        if earlier.expires_at_ms == signed_anew.expires_at_ms {
            assert_ne!(earlier.url, signed_anew.url, "signed with another secret");
        }
    }

    // No token, or a slug that names no shop.
    expect_error(
        ask_preview(&app, "demo", None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    expect_error(
        ask_preview(&app, "nowhere", Some(&renewed.secret)).await,
        StatusCode::NOT_FOUND,
        "store_not_found",
    )
    .await;
}
