//! A shopper orders from the demo shop through the real UI in headless Chromium; the order is then
//! checked through the merchant API.

use haat_e2e::{
    Browser, MERCHANT_TOKEN, Shop, click, screenshot, text_of, wait_for, wait_for_text,
};
use thirtyfour::prelude::*;

#[tokio::test]
async fn a_shopper_orders_from_the_demo_shop() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;

    // The shared link's root leads to the demo shop's catalog, fetched from the server.
    driver.goto(&shop.base).await.expect("open the shop");
    wait_for_text(driver, ".shop-head h1", "Sharma Kirana Store").await;
    wait_for(driver, r#"li[data-product="toor-dal"] .add"#).await;
    // The list draws what is on screen, not all 60 products.
    let products = driver
        .find_all(By::Css("li.product"))
        .await
        .expect("products");
    assert!(
        (4..60).contains(&products.len()),
        "{} product rows drawn",
        products.len()
    );
    wait_for(driver, r#"li.product.sold-out[data-product="masoor-dal"]"#).await;
    screenshot(driver, "storefront.png").await;

    // Two packs of toor dal (1 kg) and one bag of atta.
    click(
        driver,
        r#"li[data-product="toor-dal"] .variant:nth-child(2)"#,
    )
    .await;
    click(driver, r#"li[data-product="toor-dal"] .add"#).await;
    click(driver, r#"li[data-product="toor-dal"] .more"#).await;
    wait_for_text(driver, r#"li[data-product="toor-dal"] .quantity"#, "2").await;
    click(driver, r#"li[data-product="wheat-atta"] .add"#).await;
    wait_for_text(driver, ".view-cart", "3 items").await;

    // The cart survives a reload.
    driver.refresh().await.expect("reload");
    wait_for_text(driver, ".view-cart", "3 items").await;

    click(driver, ".view-cart").await;
    wait_for_text(driver, ".totals .total", "₹583").await;
    wait_for_text(driver, ".totals .delivery", "Free").await;
    screenshot(driver, "cart.png").await;
    click(driver, ".checkout").await;
    // Back and forward follow the shopper's path.
    wait_for(driver, "#name").await;
    driver.back().await.expect("back");
    wait_for_text(driver, ".totals .total", "₹583").await;
    driver.forward().await.expect("forward");

    // A missing phone number is refused by the server, and the UI says so beside the field.
    wait_for(driver, "#name")
        .await
        .send_keys("Asha Rao")
        .await
        .expect("type");
    wait_for(driver, "#address")
        .await
        .send_keys("12, 3rd Cross, Indiranagar, Bengaluru")
        .await
        .expect("type");
    wait_for(driver, "#pincode")
        .await
        .send_keys("560 038")
        .await
        .expect("type");
    click(driver, ".slots .chip:nth-child(4)").await;
    wait_for_text(driver, ".slots .chip[aria-pressed=true]", "Evening").await;
    screenshot(driver, "checkout.png").await;
    wait_for_text(driver, ".totals .total", "₹583").await;
    click(driver, ".place-order").await;
    wait_for_text(driver, ".field-error:not([hidden])", "phone").await;
    assert!(shop.merchant_orders().await.is_empty());

    wait_for(driver, "#phone")
        .await
        .send_keys("98450 12345")
        .await
        .expect("type");
    click(driver, ".place-order").await;

    // The confirmation shows the server's order id and total.
    wait_for(driver, ".order-id").await;
    let id_text = text_of(driver, ".order-id strong").await.expect("order id");
    let id: i64 = id_text.trim_start_matches('#').parse().expect("numeric id");
    wait_for_text(driver, ".order-total", "₹583").await;
    screenshot(driver, "order-placed.png").await;

    // The merchant sees exactly that order through the API.
    let orders = shop.merchant_orders().await;
    assert_eq!(orders.len(), 1);
    let order = &orders[0];
    assert_eq!(order.id, id);
    assert_eq!(order.totals.total.minor(), 58_300);
    assert_eq!(order.customer.name, "Asha Rao");
    assert_eq!(order.customer.phone, "+919845012345");
    assert_eq!(order.customer.pincode, "560038");
    assert_eq!(
        order.slot.as_ref().map(|slot| slot.id.as_str()),
        Some("evening")
    );
    let lines: Vec<_> = order
        .lines
        .iter()
        .map(|line| (line.product.as_str(), line.variant.as_str(), line.quantity))
        .collect();
    assert_eq!(lines, [("toor-dal", "1kg", 2), ("wheat-atta", "5kg", 1)]);

    // The order page is a link that works on its own (the token rides in the fragment)...
    let order_url = driver.current_url().await.expect("url");
    assert!(order_url.fragment().is_some_and(|f| f.starts_with("t=")));
    driver.refresh().await.expect("reload");
    wait_for_text(driver, ".order-id", &id_text).await;

    // ...and the cart is empty again.
    click(driver, ".back-to-shop").await;
    wait_for(driver, r#"li[data-product="toor-dal"] .add"#).await;
    assert!(driver.find(By::Css(".view-cart")).await.is_err());

    // The empty cart leads back to the order.
    driver
        .goto(format!("{}/s/demo/cart", shop.base))
        .await
        .expect("open the cart");
    click(driver, ".last-order").await;
    wait_for_text(driver, ".order-id", &id_text).await;

    browser.quit().await;
}

/// Where a shopper's catalog stands on one pack: how many can be ordered.
async fn orderable(shop: &Shop, product: &str, variant: &str) -> u64 {
    let catalog = shop.shoppers_catalog("demo").await;
    catalog["products"]
        .as_array()
        .expect("products")
        .iter()
        .find(|it| it["id"] == product)
        .and_then(|it| {
            it["variants"]
                .as_array()?
                .iter()
                .find(|it| it["id"] == variant)
        })
        .and_then(|it| it["max_quantity"].as_u64())
        .unwrap_or(0)
}

#[tokio::test]
async fn an_order_placed_in_a_preview_of_the_draft_is_a_test() {
    let shop = Shop::start().await;
    // The owner adds a product to the draft and makes a preview link.
    let api = |path: &str| format!("{}/api/stores/demo/{path}", shop.base);
    let added = shop
        .client
        .post(api("draft/products"))
        .bearer_auth(MERCHANT_TOKEN)
        .json(&serde_json::json!({
            "id": "", "category": "staples", "name": "Alphonso Mangoes",
            "variants": [{ "id": "", "label": "1 dozen", "price": 60_000, "stock": "untracked" }]
        }))
        .send()
        .await
        .expect("add a product");
    assert!(added.status().is_success(), "{}", added.status());
    let link: serde_json::Value = shop
        .client
        .post(api("preview"))
        .bearer_auth(MERCHANT_TOKEN)
        .send()
        .await
        .expect("a preview link")
        .json()
        .await
        .expect("json");
    // The product's own page in the preview (the link opens the shop's: the same token).
    let address = format!(
        "{}{}",
        shop.base,
        link["url"]
            .as_str()
            .expect("its url")
            .replace("/s/demo?", "/s/demo/p/alphonso-mangoes?")
    );
    let atta_before = orderable(&shop, "wheat-atta", "5kg").await;

    let browser = Browser::start().await;
    let driver = &browser.driver;
    driver.goto(&address).await.expect("open the preview");
    wait_for_text(driver, ".preview-note", "Orders placed here are tests").await;
    // The app runs in the preview, on the draft: the new product can be put in the cart.
    wait_for(driver, "html[data-ready]").await;
    click(driver, r#"[data-variant="1-dozen"] .add"#).await;
    click(driver, ".back").await;
    wait_for(driver, r#"li[data-product="wheat-atta"] .add"#).await;
    // A link opened in a new tab (or followed before the app runs) stays in the preview too.
    let chip = wait_for(driver, "a.chip:not(.selected)").await;
    driver
        .execute(
            "arguments[0].dispatchEvent(new MouseEvent('contextmenu', {bubbles: true}));",
            vec![chip.to_json().expect("the link")],
        )
        .await
        .expect("a right click");
    let href = chip.attr("href").await.expect("href").unwrap_or_default();
    assert!(href.contains("preview="), "{href}");
    click(driver, r#"li[data-product="wheat-atta"] .add"#).await;
    wait_for_text(driver, ".view-cart", "2 items").await;
    click(driver, ".view-cart").await;
    wait_for_text(driver, ".totals .total", "₹845").await;
    // The app's own navigation kept the preview in the address: a reload is still the preview, with
    // the draft's product in its cart.
    driver.refresh().await.expect("reload");
    wait_for_text(driver, ".preview-note", "Orders placed here are tests").await;
    wait_for(driver, "html[data-ready]").await;
    wait_for_text(driver, ".totals .total", "₹845").await;
    click(driver, ".checkout").await;
    for (field, text) in [
        ("#name", "Meena Iyer"),
        ("#phone", "98450 54321"),
        ("#address", "4, Temple Street, Malleshwaram, Bengaluru"),
        ("#pincode", "560 038"),
    ] {
        wait_for(driver, field)
            .await
            .send_keys(text)
            .await
            .expect("type");
    }
    // The preview's note above the page pushes the slots under the action bar: brought to the middle.
    let slot = wait_for(driver, ".slots .chip:nth-child(2)").await;
    driver
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' })",
            vec![slot.to_json().expect("the slot")],
        )
        .await
        .expect("scroll");
    slot.click().await.expect("choose the slot");
    click(driver, ".place-order").await;
    wait_for_text(
        driver,
        ".confirmation .status",
        "A test order: the shop does not get it",
    )
    .await;
    wait_for_text(driver, ".order-total", "₹845").await;
    assert!(
        driver.find(By::Css(".handoff")).await.is_err(),
        "a test order is not handed to the shop"
    );
    // What the preview kept on the phone is its own: the shop's live pages find none of it.
    let kept: Vec<String> = serde_json::from_value(
        driver
            .execute("return Object.keys(localStorage)", Vec::new())
            .await
            .expect("the phone's storage")
            .json()
            .clone(),
    )
    .expect("keys");
    assert!(
        !kept.is_empty() && kept.iter().all(|key| key.starts_with("preview.")),
        "{kept:?}"
    );
    screenshot(driver, "preview-test-order.png").await;

    // A test: the shop's orders do not have it, and the live stock is as it was.
    assert!(shop.merchant_orders().await.is_empty());
    assert_eq!(orderable(&shop, "wheat-atta", "5kg").await, atta_before);
    assert_eq!(orderable(&shop, "alphonso-mangoes", "1-dozen").await, 0);
    browser.quit().await;
}
