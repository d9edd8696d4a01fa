//! Accessibility, in the real thing: axe-core (WCAG 2 A and AA, and its best practices) finds nothing wrong
//! with any page a shopper or a merchant sees, light and dark, with the page's panels and forms open.

use haat_e2e::{Browser, Shop, accessibility_violations, click, devtools, wait_for};
use thirtyfour::prelude::*;

/// A browser whose pages are drawn in the dark scheme, or the light one.
async fn browser_in(dark: bool) -> Browser {
    let browser = Browser::start().await;
    let scheme = if dark { "dark" } else { "light" };
    devtools(
        &browser.driver,
        vec![(
            "Emulation.setEmulatedMedia",
            serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        )],
    )
    .await;
    browser
}

async fn passes(driver: &WebDriver, page: &str, dark: bool) {
    let found = accessibility_violations(driver).await;
    let scheme = if dark { "dark" } else { "light" };
    assert!(found.is_empty(), "{page}, {scheme}: {found:#?}");
}

/// An order of a bag of atta and two packs of paneer, through the API: its id and the shopper's token.
async fn an_order(shop: &Shop) -> (i64, String) {
    let placed: serde_json::Value = shop
        .client
        .post(format!("{}/api/stores/demo/orders", shop.base))
        .json(&serde_json::json!({
            "customer": {"name": "Meena Iyer", "phone": "98450 12345",
                         "address": "12, 3rd Cross, Indiranagar", "pincode": "560038"},
            "lines": [{"product": "wheat-atta", "variant": "5kg", "quantity": 1},
                      {"product": "paneer", "variant": "200g", "quantity": 2}]
        }))
        .send()
        .await
        .expect("an order")
        .json()
        .await
        .expect("json");
    (
        placed["order"]["id"].as_i64().expect("an id"),
        placed["token"].as_str().expect("a token").to_owned(),
    )
}

#[tokio::test]
async fn every_shopper_page_passes_axe_light_and_dark() {
    let shop = Shop::start().await;
    let (id, token) = an_order(&shop).await;
    for dark in [false, true] {
        let browser = browser_in(dark).await;
        let driver = &browser.driver;
        for (page, path) in [
            ("the shop", "/s/demo".to_owned()),
            ("a product", "/s/demo/p/wheat-atta".to_owned()),
            ("a search", "/s/demo?q=dal".to_owned()),
            ("an order", format!("/s/demo/orders/{id}#t={token}")),
        ] {
            driver
                .goto(format!("{}{path}", shop.base))
                .await
                .expect("open");
            wait_for(driver, "main h1").await;
            passes(driver, page, dark).await;
        }
        driver.goto(&shop.base).await.expect("open the shop");
        click(driver, r#"li[data-product="wheat-atta"] .add"#).await;
        click(driver, ".view-cart").await;
        wait_for(driver, ".checkout").await;
        passes(driver, "the cart", dark).await;
        click(driver, ".checkout").await;
        wait_for(driver, "#name").await;
        // Tried without the details: every problem shows beside its field.
        click(driver, ".place-order").await;
        wait_for(driver, "[aria-invalid='true']").await;
        passes(driver, "checkout, its problems shown", dark).await;
        browser.quit().await;
    }
}

#[tokio::test]
async fn every_console_page_passes_axe_light_and_dark() {
    let shop = Shop::start_with(|config| config.open_signup = true).await;
    let (id, _) = an_order(&shop).await;
    for dark in [false, true] {
        let browser = browser_in(dark).await;
        let driver = &browser.driver;
        driver
            .goto(format!("{}/m/new", shop.base))
            .await
            .expect("the sign-up page");
        wait_for(driver, "form").await;
        passes(driver, "sign-up", dark).await;

        driver
            .goto(format!(
                "{}/m/demo#k={}",
                shop.base,
                haat_e2e::MERCHANT_TOKEN
            ))
            .await
            .expect("sign in");
        let row = format!(".order-row[data-order='{id}']");
        click(driver, &format!("{row} .row")).await;
        click(driver, &format!("{row} li[data-line='1'] .replace")).await;
        wait_for(driver, &format!("{row} .replacement-pack")).await;
        click(driver, &format!("{row} .step[data-status='rejected']")).await;
        wait_for(driver, &format!("{row} .refusal")).await;
        passes(driver, "the console, an order opened", dark).await;

        click(driver, ".add-product").await;
        wait_for(driver, ".save-product").await;
        passes(driver, "the console, a product's form", dark).await;

        click(driver, ".edit-settings").await;
        wait_for(driver, ".save-settings").await;
        passes(driver, "the console, its settings", dark).await;
        browser.quit().await;
    }
}
