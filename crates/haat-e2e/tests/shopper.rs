//! What a shopper on a patchy phone needs from checkout, end to end in headless Chromium against the real
//! server: details survive a reload, an order sent while the server is down is placed exactly once after
//! it comes back, and a price the shop changed shows up in the cart before anything is ordered.

use haat_e2e::{Browser, Shop, click, eventually, text_of, wait_for, wait_for_text};
use thirtyfour::prelude::*;

async fn type_into(driver: &WebDriver, css: &str, text: &str) {
    wait_for(driver, css)
        .await
        .send_keys(text)
        .await
        .expect("type");
}

async fn value_of(driver: &WebDriver, css: &str) -> String {
    wait_for(driver, css)
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

/// Opens the shop and puts `bags` bags of atta (5 kg, one or two) in the cart.
async fn with_atta(shop: &Shop, driver: &WebDriver, bags: u32) {
    driver.goto(&shop.base).await.expect("open the shop");
    click(driver, r#"li[data-product="wheat-atta"] .add"#).await;
    if bags == 2 {
        click(driver, r#"li[data-product="wheat-atta"] .more"#).await;
    }
    let items = if bags == 2 { "2 items" } else { "1 item" };
    wait_for_text(driver, ".view-cart", items).await;
}

/// Opens the shop, puts two bags of atta (5 kg) in the cart and goes to checkout.
async fn to_checkout(shop: &Shop, driver: &WebDriver) {
    with_atta(shop, driver, 2).await;
    click(driver, ".view-cart").await;
    click(driver, ".checkout").await;
    wait_for(driver, "#name").await;
}

/// At checkout with the details filled in, the shop becomes unreachable and the shopper taps Place order:
/// the attempt is kept on the phone, not placed.
async fn place_while_the_shop_is_down(shop: &mut Shop, driver: &WebDriver) {
    to_checkout(shop, driver).await;
    fill_details(driver).await;
    wait_for_text(driver, ".totals .total", "₹515").await;
    shop.stop().await;
    click(driver, ".place-order").await;
}

async fn fill_details(driver: &WebDriver) {
    type_into(driver, "#name", "Ravi Kumar").await;
    type_into(driver, "#phone", "98450 12345").await;
    type_into(driver, "#address", "4, 80 Feet Road, Indiranagar").await;
    type_into(driver, "#pincode", "560038").await;
    type_into(driver, "#note", "Ring twice").await;
}

#[tokio::test]
async fn a_reload_in_the_middle_of_checkout_keeps_the_cart_and_the_details() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    to_checkout(&shop, driver).await;
    fill_details(driver).await;
    click(driver, ".payment .chip:nth-child(2)").await;

    driver.refresh().await.expect("reload");
    wait_for(driver, "#name").await;
    assert_eq!(value_of(driver, "#name").await, "Ravi Kumar");
    assert_eq!(value_of(driver, "#phone").await, "98450 12345");
    assert_eq!(value_of(driver, "#pincode").await, "560038");
    assert_eq!(value_of(driver, "#note").await, "Ring twice");
    wait_for_text(
        driver,
        ".payment .chip[aria-pressed=true]",
        "UPI on delivery",
    )
    .await;
    wait_for_text(driver, ".totals .total", "₹515").await;

    click(driver, ".place-order").await;
    wait_for(driver, ".order-id").await;
    let orders = shop.merchant_orders().await;
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].note, "Ring twice");
    assert_eq!(orders[0].payment, haat_api::PaymentMethod::UpiOnDelivery);
    // The language the shop spoke on the phone (its browser's, English): the shop's messages say it.
    assert_eq!(orders[0].language, "en");
    browser.quit().await;
}

#[tokio::test]
async fn an_order_sent_while_the_server_is_down_is_placed_once_when_it_is_back() {
    let mut shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    to_checkout(&shop, driver).await;
    fill_details(driver).await;
    wait_for_text(driver, ".totals .total", "₹515").await;

    shop.stop().await;
    click(driver, ".place-order").await;
    wait_for(driver, r#".notice.error[data-code="network_error"]"#).await;
    wait_for_text(driver, ".notice.locked", "kept on this phone").await;

    // A reload while the shop is unreachable would lose the page, not the attempt: it is kept on the
    // phone with its idempotency key, so the retry below can only ever place it once.
    shop.restart().await;
    wait_for_text(driver, ".place-order", "Try again").await;
    click(driver, ".place-order").await;
    wait_for(driver, ".order-id").await;
    wait_for_text(driver, ".order-total", "₹515").await;
    let orders = shop.merchant_orders().await;
    assert_eq!(orders.len(), 1, "exactly one order");
    assert_eq!(orders[0].customer.name, "Ravi Kumar");

    // Going back and placing the same cart again is a new order, not a replay of the old one.
    assert!(
        driver.find(By::Css(".view-cart")).await.is_err(),
        "the cart was emptied"
    );
    browser.quit().await;
}

#[tokio::test]
async fn a_price_changed_on_the_server_shows_in_the_cart_before_the_order() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    with_atta(&shop, driver, 1).await;

    shop.set_price("wheat-atta", "5kg", 25_900).await;
    click(driver, ".view-cart").await;
    wait_for_text(driver, ".price-change", "₹245").await;
    wait_for_text(driver, ".price-change", "₹259").await;
    wait_for(driver, ".price-change[role=status]").await;
    let checkout = wait_for(driver, ".checkout").await;
    assert!(
        !checkout.is_enabled().await.expect("enabled"),
        "no checkout before the new price is accepted"
    );
    click(driver, ".accept-prices").await;
    eventually("the price change is accepted", || async {
        driver
            .find(By::Css(".price-change"))
            .await
            .is_err()
            .then_some(())
    })
    .await;
    click(driver, ".checkout").await;
    wait_for(driver, "#name").await;
    assert!(shop.merchant_orders().await.is_empty());
    browser.quit().await;
}

#[tokio::test]
async fn checkout_opens_while_the_shop_is_unreachable() {
    let mut shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    with_atta(&shop, driver, 2).await;

    // The whole app came with the first visit: checkout needs nothing from the shop to open. History
    // moves to checkout as the browser's forward button would.
    shop.stop().await;
    driver
        .execute(
            "history.pushState(null, '', '/s/demo/checkout'); \
             dispatchEvent(new PopStateEvent('popstate'))",
            Vec::new(),
        )
        .await
        .expect("to checkout");
    wait_for(driver, "#name").await;

    // The totals come once the shop answers again.
    shop.restart().await;
    wait_for_text(driver, ".totals .total", "₹515").await;
    browser.quit().await;
}

#[tokio::test]
async fn a_cart_emptied_under_the_shops_pages_shows_empty() {
    // What the outbox does when an order it was placing succeeds while the shop's pages are on screen:
    // it takes the order's lines out of the kept cart and announces it with this event (src/storage.rs,
    // `settle_placed`).
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    with_atta(&shop, driver, 1).await;
    driver
        .execute(
            "localStorage.removeItem('haat.demo.cart'); dispatchEvent(new Event('haat-cart'))",
            Vec::new(),
        )
        .await
        .expect("empty the kept cart");
    eventually("the cart bar goes", || async {
        driver
            .find(By::Css(".view-cart"))
            .await
            .is_err()
            .then_some(())
    })
    .await;
    wait_for(driver, r#"li[data-product="wheat-atta"] .add"#).await;
    browser.quit().await;
}

#[tokio::test]
async fn going_back_in_the_app_steps_back_through_history() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    let history_length = || async {
        driver
            .execute("return history.length", Vec::new())
            .await
            .expect("history")
            .convert::<u64>()
            .expect("a number")
    };
    with_atta(&shop, driver, 1).await;
    let at_catalog = history_length().await;

    // Catalog → cart → the cart's back → cart again: one entry more than the catalog, not three.
    click(driver, ".view-cart").await;
    wait_for(driver, ".page.cart").await;
    click(driver, ".top-bar .back").await;
    wait_for(driver, ".page.catalog").await;
    click(driver, ".view-cart").await;
    wait_for(driver, ".page.cart").await;
    assert_eq!(history_length().await, at_catalog + 1);

    // The browser's back from the cart is the catalog, and from there it leaves the shop's pages.
    driver.back().await.expect("back");
    wait_for(driver, ".page.catalog").await;
    browser.quit().await;
}

/// Runs `script` (a function body) and returns what it returns, as text.
async fn js(driver: &WebDriver, script: &str) -> String {
    let value = driver
        .execute(script, Vec::new())
        .await
        .expect("script runs");
    match value.json() {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The phone's network comes back: what the browser tells the page when it does.
async fn back_online(driver: &WebDriver) {
    js(driver, "dispatchEvent(new Event('online'))").await;
}

/// Whether the element matching `css` is entirely inside the window.
async fn in_view(driver: &WebDriver, css: &str) -> bool {
    let script = format!(
        "const box = document.querySelector('{css}')?.getBoundingClientRect(); \
         return !!box && box.top >= 0 && box.bottom <= innerHeight && box.height > 0"
    );
    js(driver, &script).await == "true"
}

#[tokio::test]
async fn an_unsettled_order_is_locked_and_goes_out_exactly_as_shown() {
    let mut shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    to_checkout(&shop, driver).await;
    wait_for_text(driver, ".place-order", "Place order · ₹515").await;

    // An empty name: the form takes the shopper to it and says why, for every reader.
    click(driver, ".place-order").await;
    wait_for_text(driver, "#name-error", "Please enter your name").await;
    assert_eq!(js(driver, "return document.activeElement.id").await, "name");
    assert_eq!(
        js(
            driver,
            "return document.querySelector('#name').getAttribute('aria-invalid')"
        )
        .await,
        "true"
    );

    fill_details(driver).await;
    shop.stop().await;
    click(driver, ".place-order").await;
    // The failure is where the shopper is looking, and focused; the button says what it does now.
    wait_for(
        driver,
        r#".action-bar .notice.error[data-code="network_error"]"#,
    )
    .await;
    wait_for_text(driver, ".place-order", "Try again · ₹515").await;
    assert!(in_view(driver, ".action-bar .notice.error").await);
    assert_eq!(
        js(driver, "return document.activeElement.className").await,
        "status"
    );
    // The form takes no edits that would not be sent.
    wait_for(driver, ".details.locked").await;
    let _ = wait_for(driver, "#address")
        .await
        .send_keys(", Flat 9")
        .await;
    assert_eq!(
        value_of(driver, "#address").await,
        "4, 80 Feet Road, Indiranagar"
    );

    // The shop can be reached again (the phone was online all along, so no `online` event): the order
    // goes by itself on a later try, with what was shown.
    shop.restart().await;
    wait_for(driver, ".order-id").await;
    let orders = shop.merchant_orders().await;
    assert_eq!(orders.len(), 1, "exactly one order");
    assert_eq!(orders[0].customer.address, "4, 80 Feet Road, Indiranagar");
    browser.quit().await;
}

#[tokio::test]
async fn an_unsettled_order_is_changed_only_after_it_is_withdrawn_from_the_shop() {
    let mut shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    place_while_the_shop_is_down(&mut shop, driver).await;
    click(driver, ".change-order").await;
    // Offline, the order cannot be known unsent: it stays locked, and is never sent meanwhile, not even
    // by the page a reload brings (from the phone: the shop is still unreachable).
    wait_for_text(driver, ".notice.locked", "opens for changes").await;
    wait_for(driver, ".details.locked").await;
    driver.refresh().await.expect("reload");
    wait_for_text(driver, ".notice.locked", "opens for changes").await;

    shop.restart().await;
    back_online(driver).await;
    eventually("the form opens for changes", || async {
        driver
            .find(By::Css(".details.locked"))
            .await
            .is_err()
            .then_some(())
    })
    .await;
    assert!(
        shop.merchant_orders().await.is_empty(),
        "the withdrawn order was never placed"
    );
    let address = wait_for(driver, "#address").await;
    address.send_keys(", Flat 9").await.expect("type");
    wait_for_text(driver, ".place-order", "Place order · ₹515").await;
    click(driver, ".place-order").await;
    wait_for(driver, ".order-id").await;
    let orders = shop.merchant_orders().await;
    assert_eq!(orders.len(), 1);
    assert_eq!(
        orders[0].customer.address,
        "4, 80 Feet Road, Indiranagar, Flat 9"
    );
    browser.quit().await;
}

#[tokio::test]
async fn an_order_sent_when_the_link_is_opened_again_is_announced_on_the_catalog() {
    let mut shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    place_while_the_shop_is_down(&mut shop, driver).await;
    wait_for_text(driver, ".place-order", "Try again").await;

    // Later, the shopper opens the shop's link again: the kept order goes out from the catalog.
    shop.restart().await;
    driver.goto(&shop.base).await.expect("open the shop");
    wait_for_text(driver, ".news.placed", "was placed").await;
    let news = text_of(driver, ".news.placed").await.unwrap_or_default();
    let orders = shop.merchant_orders().await;
    assert_eq!(orders.len(), 1);
    assert!(news.contains(&format!("#{}", orders[0].id)), "{news}");
    assert!(
        driver.find(By::Css(".view-cart")).await.is_err(),
        "the ordered atta left the cart"
    );

    click(driver, ".news .see").await;
    wait_for(driver, ".order-id").await;
    driver.back().await.expect("back");
    wait_for(driver, ".page.catalog").await;
    assert!(
        driver.find(By::Css(".news")).await.is_err(),
        "seen news is not told again"
    );
    // The shop's pages lead to this phone's orders.
    click(driver, ".your-orders").await;
    wait_for_text(driver, ".recent-order .name", "Order #").await;
    click(driver, ".recent-order").await;
    wait_for(driver, ".order-id").await;
    browser.quit().await;
}

#[tokio::test]
async fn a_line_taken_out_of_the_cart_can_be_put_back() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    with_atta(&shop, driver, 2).await;
    click(driver, r#"li[data-product="toor-dal"] .add"#).await;
    wait_for_text(driver, ".view-cart", "3 items").await;
    click(driver, ".view-cart").await;

    click(driver, r#".line[data-product="wheat-atta"] .remove"#).await;
    wait_for_text(driver, ".news.undo", "Removed Whole Wheat Atta 5 kg").await;
    wait_for_text(driver, ".totals .total", "₹").await;
    click(driver, ".undo-removal").await;
    wait_for(driver, r#".line[data-product="wheat-atta"]"#).await;
    assert_eq!(
        value_of(driver, r#".line[data-product="wheat-atta"] .quantity"#).await,
        "2"
    );

    // Emptying the cart, too; and "−" at one in the catalog.
    click(driver, ".clear").await;
    wait_for_text(driver, ".news.undo", "Removed 3 items").await;
    click(driver, ".undo-removal").await;
    wait_for_text(driver, ".checkout", "Checkout").await;
    click(driver, ".top-bar .back").await;
    click(driver, r#"li[data-product="toor-dal"] .less"#).await;
    wait_for_text(driver, ".news.undo", "Removed Toor Dal").await;
    click(driver, ".undo-removal").await;
    wait_for(driver, r#"li[data-product="toor-dal"] .quantity"#).await;
    wait_for_text(driver, ".view-cart", "3 items").await;
    browser.quit().await;
}

#[tokio::test]
async fn a_reload_without_a_network_shows_the_shop_from_the_phone() {
    let mut shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    with_atta(&shop, driver, 1).await;
    // The service worker has kept the shop's page, which carries this small shop's whole catalog, and
    // the app.
    eventually("the phone keeps the shop", || async {
        let kept = driver
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 caches.keys()
                     .then(names => Promise.all(names.map(name => caches.open(name).then(c => c.keys()))))
                     .then(lists => done(lists.flat().map(key => new URL(key.url).pathname)), () => done([]))",
                Vec::new(),
            )
            .await
            .ok()?
            .convert::<Vec<String>>()
            .ok()?;
        let has = |what: &str| kept.iter().any(|path| path.ends_with(what));
        (has("/s/demo/") && has(".wasm") && has(".js")).then_some(())
    })
    .await;

    shop.stop().await;
    driver.refresh().await.expect("reload");
    wait_for(driver, r#"li[data-product="toor-dal"] .add"#).await;
    wait_for_text(driver, ".view-cart", "1 item").await;
    click(driver, ".view-cart").await;
    wait_for(driver, ".page.cart").await;
    browser.quit().await;
}

#[tokio::test]
async fn a_wrong_shop_link_says_so_and_offers_nothing_to_retry() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    driver
        .goto(format!("{}/s/no-such-shop", shop.base))
        .await
        .expect("open a wrong link");
    wait_for_text(driver, "h1", "Shop not found").await;
    wait_for_text(driver, "main p", "link is wrong").await;
    assert!(
        driver.find(By::Css("button")).await.is_err(),
        "trying again cannot fix a wrong link"
    );
    browser.quit().await;
}
