//! A page opened before a deploy, in headless Chromium against the real server: the deploy takes this
//! build's app files off the server, and the shopper goes on to checkout and places the order. The whole
//! app came with the first visit (one bundle), so nothing it still needs can be missing.

use std::path::Path;

use haat_e2e::{Browser, Shop, click, dist_dir, fill_delivery_details, wait_for, wait_for_text};
use serde_json::Value;
use thirtyfour::prelude::*;

/// `from` copied into `to`, subfolders too.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("readable dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

async fn js(driver: &WebDriver, script: &str) -> Value {
    driver
        .execute(script, Vec::new())
        .await
        .expect("script runs")
        .json()
        .clone()
}

#[tokio::test]
async fn a_page_opened_before_a_deploy_still_places_its_order() {
    let served = tempfile::tempdir().expect("dir");
    copy_dir(&dist_dir(), served.path());
    let dist = served.path().to_owned();
    let shop = Shop::start_with(move |config| config.static_dir = dist).await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    driver.goto(&shop.base).await.expect("open the shop");
    click(driver, r#"li[data-product="wheat-atta"] .add"#).await;
    wait_for_text(driver, ".view-cart", "1 item").await;
    js(driver, "window.openedBeforeTheDeploy = true").await;

    // The deploy: this build's JavaScript and wasm are no longer on the server.
    for entry in std::fs::read_dir(served.path()).expect("dist") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        if name.starts_with("haat-") {
            std::fs::remove_file(&path).expect("remove");
        }
    }

    click(driver, ".view-cart").await;
    click(driver, ".checkout").await;
    fill_delivery_details(driver).await;
    click(driver, ".place-order").await;
    wait_for(driver, ".order-id").await;
    assert_eq!(shop.merchant_orders().await.len(), 1);
    assert_eq!(
        js(driver, "return window.openedBeforeTheDeploy").await,
        Value::Bool(true),
        "the page was never reloaded"
    );
    browser.quit().await;
}
