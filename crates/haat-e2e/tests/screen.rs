//! The store on the screens shoppers have, in headless Chromium against the real server: nothing scrolls
//! sideways on a 320 px phone nor with the text at twice its size, every control has a finger's room (44
//! px each way), the phone's dark mode is followed when no host sets a theme, and every text reads (WCAG
//! AA) in the light and dark palettes.

use haat_e2e::{
    Browser, Shop, click, eventually, low_contrast, set_viewport, sideways_overflow, small_targets,
    wait_for, wait_for_text,
};
use serde_json::json;
use thirtyfour::prelude::*;

/// A shop with two bags of atta in the cart, at checkout with the details filled in.
async fn to_filled_checkout(shop: &Shop, driver: &WebDriver) {
    driver.goto(&shop.base).await.expect("open the shop");
    // A fresh phone: no cart from an earlier round.
    driver
        .execute("localStorage.clear()", Vec::new())
        .await
        .expect("clear");
    driver.refresh().await.expect("reload");
    click(driver, r#"li[data-product="wheat-atta"] .add"#).await;
    click(driver, r#"li[data-product="wheat-atta"] .more"#).await;
    wait_for_text(driver, ".view-cart", "2 items").await;
    click(driver, ".view-cart").await;
    click(driver, ".checkout").await;
    for (field, text) in [
        ("#name", "Ravi Kumar Venkataraman Subramaniam"),
        ("#phone", "98450 12345"),
        (
            "#address",
            "4, 80 Feet Road, Indiranagar, near the big temple",
        ),
        ("#pincode", "560038"),
    ] {
        wait_for(driver, field)
            .await
            .send_keys(text)
            .await
            .expect("type");
    }
    // Paid now by UPI, so the order page has its Pay button.
    let upi_now = wait_for(driver, ".payment .chip:nth-child(3)").await;
    upi_now.scroll_into_view().await.expect("scroll");
    upi_now.click().await.expect("click");
    wait_for_text(driver, ".payment .chip[aria-pressed=true]", "UPI now").await;
    wait_for_text(driver, ".totals .total", "₹515").await;
}

/// Each of the shopper's pages in turn, `check`ed once it is on screen: catalog, a product, the cart,
/// checkout, the order placed, the list of orders, and the empty cart.
async fn every_page(shop: &Shop, driver: &WebDriver, mut check: impl AsyncFnMut(&str)) {
    to_filled_checkout(shop, driver).await;
    check("checkout").await;
    click(driver, ".place-order").await;
    wait_for(driver, ".order-id").await;
    wait_for(driver, ".timeline").await;
    // "Pay with UPI" is a primary button like the others on the page, in every palette.
    let looks = driver
        .execute(
            "const style = css => getComputedStyle(document.querySelector(css));
             return ['backgroundColor', 'color'].map(p => style('.pay')[p] == style('.whatsapp')[p])",
            Vec::new(),
        )
        .await
        .expect("styles")
        .json()
        .clone();
    assert_eq!(
        looks,
        json!([true, true]),
        "Pay with UPI looks like the primary button"
    );
    check("order").await;
    // A page of the shop, once `ready` is on it.
    let open = async |path: &str, ready: &str| {
        driver
            .goto(format!("{}{path}", shop.base))
            .await
            .expect("open the page");
        wait_for(driver, ready).await;
    };
    open("/s/demo/orders", ".recent-order").await;
    check("orders").await;
    open("/s/demo/cart", ".last-order").await;
    check("empty cart").await;
    open("/s/demo", r#"li[data-product="toor-dal"] .add"#).await;
    click(driver, r#"li[data-product="toor-dal"] .add"#).await;
    wait_for(driver, ".view-cart").await;
    check("catalog").await;
    open("/s/demo/p/toor-dal", ".packs").await;
    check("product").await;
    open("/s/demo/cart", ".totals .total").await;
    check("cart").await;
}

#[tokio::test]
async fn nothing_scrolls_sideways_on_a_320_px_phone() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    set_viewport(driver, 320, 640).await;
    let mut wide = Vec::new();
    every_page(&shop, driver, async |page: &str| {
        let sticking_out = sideways_overflow(driver).await;
        if !sticking_out.is_empty() {
            wide.push(format!("{page}: {sticking_out:#?}"));
        }
    })
    .await;
    assert!(wide.is_empty(), "{}", wide.join("\n"));
    browser.quit().await;
}

#[tokio::test]
async fn the_store_follows_the_phones_dark_mode_and_every_text_reads() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    let mut unreadable = Vec::new();
    every_page(&shop, driver, async |page: &str| {
        for line in low_contrast(driver).await {
            unreadable.push(format!("light {page}: {line}"));
        }
    })
    .await;

    driver
        .cdp()
        .send_raw(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
        )
        .await
        .expect("the phone in dark mode");
    driver.goto(&shop.base).await.expect("open the shop");
    eventually("the page is dark", || async {
        let background = driver
            .execute(
                "return getComputedStyle(document.body).backgroundColor",
                Vec::new(),
            )
            .await
            .ok()?
            .convert::<String>()
            .ok()?;
        (background == "rgb(15, 20, 18)").then_some(())
    })
    .await;
    every_page(&shop, driver, async |page: &str| {
        for line in low_contrast(driver).await {
            unreadable.push(format!("dark {page}: {line}"));
        }
    })
    .await;
    assert!(unreadable.is_empty(), "{unreadable:#?}");
    browser.quit().await;
}

#[tokio::test]
async fn the_site_has_an_icon() {
    let shop = Shop::start().await;
    let index = shop
        .client
        .get(format!("{}/s/demo", shop.base))
        .send()
        .await
        .expect("page");
    let html = index.text().await.expect("html");
    assert!(
        html.contains("/favicon.svg"),
        "the page names its icon: {html}"
    );
    let icon = shop
        .client
        .get(format!("{}/favicon.svg", shop.base))
        .send()
        .await
        .expect("icon");
    assert!(icon.status().is_success(), "{}", icon.status());
    assert_eq!(
        icon.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/svg+xml")
    );
}

#[tokio::test]
async fn a_small_phone_shows_five_products_once_the_list_scrolls_and_long_names_wrap() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    driver.goto(&shop.base).await.expect("open the shop");
    set_viewport(driver, 360, 640).await;
    wait_for(driver, ".shelf .product").await;
    let script = |code: &'static str| async move {
        driver
            .execute(code, Vec::new())
            .await
            .expect("script runs")
            .json()
            .clone()
    };
    script("document.querySelector('.shelf').scrollTop = 600").await;
    wait_for(driver, ".catalog.scrolled").await;
    // Products at least half on screen, under the folded header.
    let shown = script(
        "const shelf = document.querySelector('.shelf').getBoundingClientRect();
         return [...document.querySelectorAll('.shelf .product')].filter(product => {
             const box = product.getBoundingClientRect();
             const seen = Math.min(box.bottom, shelf.bottom, innerHeight) - Math.max(box.top, shelf.top);
             return seen >= box.height / 2;
         }).length",
    )
    .await;
    assert!(shown.as_u64().unwrap_or(0) >= 5, "{shown} products show");

    // The longest name wraps to a second line, whole.
    script("document.querySelector('.shelf').scrollTop = 0").await;
    let search = wait_for(driver, ".search input").await;
    search.send_keys("filter coffee").await.expect("type");
    let name = r#"li[data-product="filter-coffee"] .name"#;
    wait_for(driver, name).await;
    let lines = script(
        "const name = document.querySelector('li[data-product=\"filter-coffee\"] .name');
         const line = parseFloat(getComputedStyle(name).lineHeight);
         return [Math.round(name.clientHeight / line), name.scrollHeight <= name.clientHeight + 1]",
    )
    .await;
    assert_eq!(lines, json!([2, true]), "two lines, nothing cut");
    browser.quit().await;
}

#[tokio::test]
async fn every_control_has_a_fingers_room_and_twice_the_text_still_fits() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    let mut found = Vec::new();
    every_page(&shop, driver, async |page: &str| {
        for line in small_targets(driver).await {
            found.push(format!("too small on {page}: {line}"));
        }
        // The phone's text at twice its size, as a shopper with low vision sets it.
        let grew: bool = driver
            .execute(
                "const size = () => parseFloat(getComputedStyle(document.querySelector('h1')).fontSize);
                 const before = size();
                 document.documentElement.style.fontSize = '200%';
                 return size() >= 2 * before - 0.5;",
                Vec::new(),
            )
            .await
            .expect("the text set twice as big")
            .convert()
            .expect("a flag");
        assert!(grew, "{page}: the heading's text follows the phone's text size");
        for line in sideways_overflow(driver).await {
            found.push(format!("at 200 % text on {page}: {line}"));
        }
        driver
            .execute("document.documentElement.style.fontSize = ''", Vec::new())
            .await
            .expect("the text as it was");
    })
    .await;
    assert!(found.is_empty(), "{found:#?}");
    browser.quit().await;
}
