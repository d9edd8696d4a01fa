//! The store in its hosts, in headless Chromium against the real server: a Telegram Mini App (a fake
//! `Telegram.WebApp`, as the demo page installs it, with init data signed as Telegram signs it), a chat that
//! frames the store from another origin and speaks Haat's postMessage protocol, and a page that mounts it into
//! a div. Screenshots of each, light and dark, go to `target/screenshots/`.

use haat_e2e::{Browser, Shop, eventually, fill, low_contrast, screenshot, uri_component};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use thirtyfour::prelude::*;

const BOT_TOKEN: &str = "777000:AAH-haat-e2e-bot-token";
/// The Telegram user the signed init data names; `&` and `=` in a value and unicode, as Telegram sends them.
const USER: &str = r#"{"id":279058397,"first_name":"आशा","last_name":"Rao & Sons = best","username":"asha_rao","language_code":"hi"}"#;

/// Init data for [`USER`] signed with `bot_token` as Telegram specifies: the data-check string is the
/// sorted `key=value` lines without `hash`; the key is HMAC-SHA256("WebAppData", bot token).
fn init_data(bot_token: &str, user: &str) -> String {
    let auth_date = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
        .to_string();
    let fields = [
        ("auth_date", auth_date.as_str()),
        ("query_id", "AAHdF6IQAAAAAN0XohDhrOrc"),
        ("user", user),
    ];
    let check: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut secret = Hmac::<Sha256>::new_from_slice(b"WebAppData").expect("any key");
    secret.update(bot_token.as_bytes());
    let mut mac = Hmac::<Sha256>::new_from_slice(&secret.finalize().into_bytes()).expect("any key");
    mac.update(check.join("\n").as_bytes());
    let mut query: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", uri_component(v)))
        .collect();
    query.push(format!("hash={}", hex::encode(mac.finalize().into_bytes())));
    query.join("&")
}

/// `encodeURIComponent`.
async fn js(driver: &WebDriver, script: &str) -> Value {
    driver
        .execute(script, Vec::<Value>::new())
        .await
        .expect("script runs")
        .json()
        .clone()
}

async fn wait_for(driver: &WebDriver, css: &str) -> WebElement {
    eventually(&format!("{css} is shown"), || async {
        let element = driver.find(By::Css(css)).await.ok()?;
        element.is_displayed().await.ok()?.then_some(element)
    })
    .await
}

async fn wait_until(driver: &WebDriver, what: &str, script: &str) -> Value {
    eventually(what, || async {
        let value = js(driver, script).await;
        (!value.is_null() && value != Value::Bool(false)).then_some(value)
    })
    .await
}

/// Clicks `css` once shown, scrolled to the middle of the screen: the hosts draw bars over the edges.
async fn click(driver: &WebDriver, css: &str) {
    let element = wait_for(driver, css).await;
    driver
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' })",
            vec![element.to_json().expect("element as JSON")],
        )
        .await
        .expect("scroll");
    element.click().await.expect("click");
}

/// A colour variable of the store's page, as the browser computes it.
async fn colour(driver: &WebDriver, name: &str) -> String {
    js(
        driver,
        &format!(
            "return getComputedStyle(document.documentElement).getPropertyValue('--{name}').trim()"
        ),
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

async fn wait_for_colour(driver: &WebDriver, name: &str, expected: &str) {
    eventually(&format!("--{name} is {expected}"), || async {
        (colour(driver, name).await == expected).then_some(())
    })
    .await;
}

/// The HTTP status of the store's Telegram session request, once it has been answered.
async fn session_status(driver: &WebDriver) -> u64 {
    wait_until(
        driver,
        "the Telegram session request is answered",
        "return performance.getEntriesByType('resource')
            .find(entry => entry.name.endsWith('/telegram/session'))?.responseStatus",
    )
    .await
    .as_u64()
    .expect("a status")
}

/// Two things in the cart from the catalog (enough for the shop's minimum order).
async fn fill_cart(driver: &WebDriver) {
    click(driver, r#"li[data-product="toor-dal"] .add"#).await;
    click(driver, r#"li[data-product="wheat-atta"] .add"#).await;
}

async fn fill_checkout(driver: &WebDriver) {
    let fields = [
        ("#phone", "98450 12345"),
        ("#address", "12, 3rd Cross, Indiranagar, Bengaluru"),
        ("#pincode", "560038"),
    ];
    fill(driver, &fields).await;
}

#[tokio::test]
async fn telegram_mini_app_theme_buttons_and_identity() {
    let shop = Shop::start_with(|config| {
        *config = config.clone().with_telegram_bot_token(BOT_TOKEN);
    })
    .await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    let main = "#tg-main";

    // Forged init data (a signed user's name changed afterwards): the real server refuses it, and the store
    // goes on as a plain web view without a name.
    let forged = init_data(BOT_TOKEN, USER).replace("Rao", "Roa");
    driver
        .goto(format!(
            "{}/demo/telegram#tgWebAppData={}",
            shop.base,
            uri_component(&forged)
        ))
        .await
        .expect("open");
    wait_for(driver, r#"li[data-product="toor-dal"] .add"#).await;
    fill_cart(driver).await;
    click(driver, main).await;
    wait_until(
        driver,
        "Checkout is active",
        "return document.querySelector('#tg-main:not([disabled])')?.textContent == 'Checkout'",
    )
    .await;
    click(driver, main).await;
    wait_for(driver, "#name").await;
    assert_eq!(session_status(driver).await, 401);
    assert_eq!(
        js(driver, "return document.querySelector('#name').value").await,
        ""
    );

    // Genuine init data: sent to the server, accepted, and the shopper's Telegram name fills checkout.
    let signed = init_data(BOT_TOKEN, USER);
    driver
        .goto(format!(
            "{}/demo/telegram#tgWebAppData={}",
            shop.base,
            uri_component(&signed)
        ))
        .await
        .expect("open");
    driver
        .refresh()
        .await
        .expect("a fresh page for the new fragment");

    // The dark theme from Telegram's parameters; Telegram told the view is ready and expanded.
    wait_for(driver, r#"li[data-product="toor-dal"] .stepper"#).await;
    wait_for_colour(driver, "bg", "#0e1621").await;
    assert_eq!(colour(driver, "card").await, "#17212b");
    // Telegram's own colours, except where a text would not read on them (its hint colour on its cards,
    // white on its button colour): those move just far enough to meet WCAG AA.
    let unreadable = low_contrast(driver).await;
    assert!(unreadable.is_empty(), "{unreadable:#?}");
    let calls = js(driver, "return fakeTelegram.calls").await;
    assert!(
        calls.as_array().is_some_and(
            |calls| calls.contains(&json!("ready")) && calls.contains(&json!("expand"))
        ),
        "{calls}"
    );
    assert!(
        driver
            .find(By::Css(".cart-bar"))
            .await
            .expect("cart bar")
            .is_displayed()
            .await
            .ok()
            == Some(false)
    );
    screenshot(driver, "telegram-dark.png").await;

    // MainButton and BackButton drive the app: catalog → cart → back → cart → checkout.
    click(driver, r#"li[data-product="toor-dal"] .more"#).await;
    wait_until(
        driver,
        "a haptic tick for the added pack",
        "return fakeTelegram.calls.includes('impact:light')",
    )
    .await;
    wait_until(
        driver,
        "the MainButton shows the cart",
        "return document.querySelector('#tg-main').textContent.includes('3 items')",
    )
    .await;
    assert!(
        driver.find(By::Css("#tg-back[hidden]")).await.is_ok(),
        "no BackButton on the catalog"
    );
    click(driver, main).await;
    wait_for(driver, ".page.cart").await;
    click(driver, "#tg-back").await;
    wait_for(driver, ".page.catalog").await;
    wait_until(
        driver,
        "the BackButton is hidden again",
        "return document.querySelector('#tg-back').hidden",
    )
    .await;
    click(driver, main).await;
    wait_until(
        driver,
        "Checkout is active",
        "return document.querySelector('#tg-main:not([disabled])')?.textContent == 'Checkout'",
    )
    .await;
    click(driver, main).await;
    assert_eq!(session_status(driver).await, 200);
    wait_until(
        driver,
        "the Telegram name fills checkout",
        "return document.querySelector('#name')?.value == 'आशा Rao & Sons = best'",
    )
    .await;

    // The theme follows Telegram live.
    js(driver, "fakeTelegram.setTheme('light')").await;
    wait_for_colour(driver, "bg", "#f0f0f0").await;
    assert_eq!(
        js(driver, "return document.documentElement.dataset.scheme").await,
        "light"
    );

    // MainButton places the order: a success haptic, and the order page.
    fill_checkout(driver).await;
    wait_until(
        driver,
        "Place order is active",
        "return document.querySelector('#tg-main:not([disabled])')?.textContent.startsWith('Place order ·')",
    )
    .await;
    click(driver, main).await;
    wait_for(driver, ".order-id").await;
    wait_until(
        driver,
        "a success haptic",
        "return fakeTelegram.calls.includes('notification:success')",
    )
    .await;
    let orders = shop.merchant_orders().await;
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].customer.name, "आशा Rao & Sons = best");
    click(driver, "#tg-back").await;
    wait_for(driver, ".page.catalog").await;
    screenshot(driver, "telegram-light.png").await;

    browser.quit().await;
}

#[tokio::test]
async fn a_chat_frames_the_store_and_hears_its_messages() {
    // The chat is on another origin (localhost) than the store (127.0.0.1), and allowed to frame it.
    let shop = Shop::start_with(|config| {
        config.frame_ancestors = "'self' http://localhost:*".to_owned();
    })
    .await;
    let store_origin = shop.base.clone();
    let chat = shop.base.replace("127.0.0.1", "localhost");
    let browser = Browser::start().await;
    let driver = &browser.driver;

    driver
        .goto(format!(
            "{chat}/demo/chat?store={}",
            uri_component(&store_origin)
        ))
        .await
        .expect("open the chat");
    wait_for(driver, r#".bubble[data-type="ready"]"#).await;
    wait_until(
        driver,
        "the frame is sized by the store's height message",
        "return parseInt(document.querySelector('#store').style.height) > 0",
    )
    .await;

    // Inside the frame: the catalog, then a theme from the parent.
    driver.enter_frame(0).await.expect("into the store's frame");
    wait_for(driver, r#"li[data-product="toor-dal"] .add"#).await;
    driver
        .enter_default_frame()
        .await
        .expect("back to the chat");
    // The catalog asks for room for a usable list (the frame starts at the loading note's height).
    wait_until(
        driver,
        "the catalog's height message grows the frame",
        "return parseInt(document.querySelector('#store').style.height) >= 400",
    )
    .await;
    screenshot(driver, "chat-light.png").await;
    click(driver, "#dark").await;
    driver.enter_frame(0).await.expect("into the store's frame");
    wait_for_colour(driver, "bg", "#0d1117").await;
    let unreadable = low_contrast(driver).await;
    assert!(
        unreadable.is_empty(),
        "the chat's dark theme: {unreadable:#?}"
    );

    // A theme message from a foreign origin (the store's own, not the chat's) is ignored: the probe posted
    // after it arrives after it, and the chat's theme still holds.
    let after_foreign = driver
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            addEventListener('message', ({ data }) => data === 'probe' && done(
                getComputedStyle(document.documentElement).getPropertyValue('--bg').trim()));
            postMessage({ haat: 1, type: 'theme', scheme: 'light', colors: { bg: '#ff0000' } }, '*');
            postMessage('probe', '*');"#,
            Vec::<Value>::new(),
        )
        .await
        .expect("probe");
    assert_eq!(after_foreign.json(), "#0d1117");

    // An order placed in the frame reaches the chat with its id and total.
    fill_cart(driver).await;
    click(driver, ".view-cart").await;
    click(driver, ".checkout:not([disabled])").await;
    wait_for(driver, "#name")
        .await
        .send_keys("Asha Rao")
        .await
        .expect("type");
    fill_checkout(driver).await;
    click(driver, ".place-order:not([disabled])").await;
    wait_for(driver, ".order-id").await;
    driver
        .enter_default_frame()
        .await
        .expect("back to the chat");
    let said = wait_for(driver, r#".bubble[data-type="order_placed"]"#)
        .await
        .text()
        .await
        .expect("text");
    let orders = shop.merchant_orders().await;
    assert_eq!(orders.len(), 1);
    assert!(
        said.contains(&format!("Order #{} placed", orders[0].id)),
        "{said}"
    );
    let rupees = orders[0].totals.total.minor() / 100;
    assert!(
        said.contains(&format!("₹{rupees}")),
        "the order's total: {said}"
    );
    screenshot(driver, "chat-dark.png").await;

    browser.quit().await;
}

#[tokio::test]
async fn a_host_page_mounts_the_store_into_a_div() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;

    driver
        .goto(format!("{}/demo/div", shop.base))
        .await
        .expect("open");
    wait_for(
        driver,
        r#"[data-haat-store="demo"] li[data-product="toor-dal"] .add"#,
    )
    .await;
    assert!(
        driver.find(By::Css(".host-head")).await.is_ok(),
        "the host page is still there"
    );
    screenshot(driver, "div-light.png").await;

    // The store navigates inside the element and leaves the host page's address alone.
    fill_cart(driver).await;
    click(driver, ".view-cart").await;
    wait_for(driver, ".page.cart").await;
    assert_eq!(driver.current_url().await.expect("url").path(), "/demo/div");
    // Checkout and back again, all inside the element.
    click(driver, ".checkout:not([disabled])").await;
    wait_for(driver, r#"[data-haat-store="demo"] #name"#).await;
    assert_eq!(driver.current_url().await.expect("url").path(), "/demo/div");
    click(driver, ".top-bar .back").await;
    wait_for(driver, r#"[data-haat-store="demo"] .page.cart"#).await;
    click(driver, ".top-bar .back").await;
    wait_for(driver, ".page.catalog").await;

    // A host page may choose the dark scheme, or set Haat's colour variables itself.
    js(driver, "document.documentElement.dataset.scheme = 'dark'").await;
    wait_for_colour(driver, "bg", "#0f1412").await;
    screenshot(driver, "div-dark.png").await;

    browser.quit().await;
}
