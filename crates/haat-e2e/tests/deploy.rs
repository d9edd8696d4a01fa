//! A page opened before a deploy, in headless Chromium against the real server: when it goes to checkout,
//! the checkout bundle of its own build is gone from the server. The page reloads itself once, into
//! whatever the server now serves, keeping the cart (it is on the phone), and does not loop.

use std::path::Path;

use haat_e2e::{Browser, Shop, click, dist_dir, eventually, wait_for_text};
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
async fn a_page_whose_checkout_bundle_was_deployed_away_reloads_once() {
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

    // The deploy: this build's checkout bundle is no longer on the server.
    for entry in std::fs::read_dir(served.path()).expect("dist") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        if name.starts_with("haat-checkout-") {
            std::fs::remove_file(&path).expect("remove");
        }
    }
    js(
        driver,
        "history.pushState(null, '', '/s/demo/checkout'); dispatchEvent(new PopStateEvent('popstate'))",
    )
    .await;

    // One reload (the marker is gone), at checkout; this stand-in deploy has no newer bundle either, so the
    // page says it could not load it instead of reloading again.
    eventually("the page reloads", || async {
        (js(driver, "return window.openedBeforeTheDeploy === undefined").await == Value::Bool(true))
            .then_some(())
    })
    .await;
    wait_for_text(driver, ".notice.error", "could not be loaded").await;
    assert_eq!(
        js(
            driver,
            "return performance.getEntriesByType('navigation')[0].type"
        )
        .await,
        "reload"
    );
    assert_eq!(
        js(driver, "return location.pathname").await,
        "/s/demo/checkout"
    );
    assert_eq!(
        js(
            driver,
            "return JSON.parse(localStorage.getItem('haat.demo.cart')).lines.length"
        )
        .await,
        1,
        "the cart is still on the phone"
    );
    browser.quit().await;
}
