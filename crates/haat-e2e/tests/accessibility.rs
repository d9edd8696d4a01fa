//! Accessibility, in the real thing: axe-core (WCAG 2 A and AA, and its best practices) finds nothing wrong
//! with any page a shopper or a merchant sees, light and dark, in each of Haat's languages, with the
//! page's panels and forms open, and every control there has a finger's room; a shopper orders with the keyboard alone, and each page reached
//! takes the focus to its heading under its own title.

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
    let mut found = accessibility_violations(driver).await;
    found.extend(
        haat_e2e::small_targets(driver)
            .await
            .into_iter()
            .map(|small| format!("too small for a finger: {small}")),
    );
    let scheme = if dark { "dark" } else { "light" };
    assert!(found.is_empty(), "{page}, {scheme}: {found:#?}");
}

/// An order of a bag of atta and a pack of paneer, through the API: its id and the shopper's token. (The
/// demo shop has 15 packs of paneer: enough for an order in each language, light and dark.)
async fn an_order(shop: &Shop) -> (i64, String) {
    let lines = serde_json::json!([
        {"product": "wheat-atta", "variant": "5kg", "quantity": 1},
        {"product": "paneer", "variant": "200g", "quantity": 1}
    ]);
    shop.place_order("Meena Iyer", lines, "").await
}

#[tokio::test]
async fn every_shopper_page_passes_axe_light_and_dark_in_every_language() {
    let shop = Shop::start().await;
    let (id, token) = an_order(&shop).await;
    for dark in [false, true] {
        let browser = browser_in(dark).await;
        let driver = &browser.driver;
        for language in ["en", "hi", "ta", "fr"] {
            for (page, path) in [
                ("the shop", format!("/s/demo?lang={language}")),
                ("a product", format!("/s/demo/p/wheat-atta?lang={language}")),
                ("a search", format!("/s/demo?q=dal&lang={language}")),
                (
                    "an order",
                    format!("/s/demo/orders/{id}?lang={language}#t={token}"),
                ),
            ] {
                driver
                    .goto(format!("{}{path}", shop.base))
                    .await
                    .expect("open");
                wait_for(driver, &format!("html[lang={language}] main h1")).await;
                passes(driver, &format!("{page} ({language})"), dark).await;
            }
            // The cart and checkout in the language just chosen (the page keeps it).
            driver.goto(&shop.base).await.expect("open the shop");
            wait_for(driver, &format!("html[lang={language}][data-ready]")).await;
            click(driver, r#"li[data-product="wheat-atta"] .add"#).await;
            click(driver, ".view-cart").await;
            wait_for(driver, ".checkout").await;
            passes(driver, &format!("the cart ({language})"), dark).await;
            click(driver, ".checkout").await;
            wait_for(driver, "#name").await;
            // Tried without the details: every problem shows beside its field.
            click(driver, ".place-order").await;
            wait_for(driver, "[aria-invalid='true']").await;
            passes(
                driver,
                &format!("checkout, its problems shown ({language})"),
                dark,
            )
            .await;
            // The next language's shop starts from an empty cart.
            driver
                .execute("localStorage.clear()", Vec::new())
                .await
                .expect("clear the cart");
        }
        browser.quit().await;
    }
}

#[tokio::test]
async fn every_console_page_passes_axe_light_and_dark_in_every_language() {
    let shop = Shop::start_with(|config| config.open_signup = true).await;
    for dark in [false, true] {
        let browser = browser_in(dark).await;
        let driver = &browser.driver;
        for language in ["en", "hi", "ta", "fr"] {
            driver
                .goto(format!("{}/m/new?lang={language}", shop.base))
                .await
                .expect("the sign-up page");
            wait_for(driver, &format!("html[lang={language}] form")).await;
            passes(driver, &format!("sign-up ({language})"), dark).await;

            // An order of its own, to open, change and refuse.
            let (id, _) = an_order(&shop).await;
            driver
                .goto(format!(
                    "{}/m/demo?lang={language}#k={}",
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
            passes(
                driver,
                &format!("the console, an order opened ({language})"),
                dark,
            )
            .await;

            click(driver, ".add-product").await;
            wait_for(driver, ".save-product").await;
            passes(
                driver,
                &format!("the console, a product's form ({language})"),
                dark,
            )
            .await;

            click(driver, ".edit-settings").await;
            wait_for(driver, ".save-settings").await;
            passes(
                driver,
                &format!("the console, its settings ({language})"),
                dark,
            )
            .await;
        }

        // The preview's frames are light or dark as each says, whatever the console's own scheme.
        click(driver, ".show-preview").await;
        let schemes = haat_e2e::eventually("every frame's page runs", || async {
            let found = driver
                .execute(
                    "return [...document.querySelectorAll('.frame')].map(frame => {
                       const page = frame.querySelector('iframe')?.contentDocument;
                       if (!page?.body || !('ready' in page.documentElement.dataset)) return null;
                       const [r, g, b] = page.defaultView.getComputedStyle(page.body).backgroundColor
                         .match(/\\d+/g).map(Number);
                       return [frame.classList.contains('dark'), r + g + b < 3 * 128];
                     });",
                    Vec::new(),
                )
                .await
                .ok()?;
            let frames: Vec<Option<(bool, bool)>> =
                serde_json::from_value(found.json().clone()).ok()?;
            // Once the frames are drawn, every one of them.
            let frames = frames.into_iter().collect::<Option<Vec<_>>>()?;
            (!frames.is_empty()).then_some(frames)
        })
        .await;
        assert!(schemes.iter().any(|(dark, _)| *dark), "{schemes:?}");
        for (frame_is_dark, drawn_dark) in schemes {
            assert_eq!(frame_is_dark, drawn_dark, "console dark: {dark}");
        }
        browser.quit().await;
    }
}

/// Presses Tab until the focus is on the element matching `css` (within as many presses as a page has
/// controls, about), and returns it.
async fn tab_to(driver: &WebDriver, css: &str) -> WebElement {
    for _ in 0..120 {
        let focused = driver.active_element().await.expect("the focus");
        let here: bool = driver
            .execute(
                "return arguments[0].matches(arguments[1]);",
                vec![
                    focused.to_json().expect("an element"),
                    serde_json::json!(css),
                ],
            )
            .await
            .expect("a match")
            .convert()
            .expect("a flag");
        if here {
            return focused;
        }
        focused.send_keys(Key::Tab).await.expect("Tab");
    }
    panic!("{css} is never reached with Tab");
}

/// Tabs to the control `css` and presses Enter on it.
async fn press(driver: &WebDriver, css: &str) {
    tab_to(driver, css)
        .await
        .send_keys(Key::Enter)
        .await
        .expect("Enter");
}

/// Tabs to the field `css` and types `text` into it.
async fn type_in(driver: &WebDriver, css: &str, text: &str) {
    tab_to(driver, css)
        .await
        .send_keys(text)
        .await
        .expect("typing");
}

/// Waits until the page reached is announced: its title (starting `title`) names it and the shop, and the
/// focus is on its heading, where a screen reader reads on.
async fn announced(driver: &WebDriver, title: &str) {
    haat_e2e::eventually(&format!("{title:?} announced as a page"), || async {
        let (named, focused): (String, String) = driver
            .execute(
                "return [document.title, document.activeElement.outerHTML];",
                Vec::new(),
            )
            .await
            .ok()?
            .convert()
            .ok()?;
        let page = named.strip_suffix(" · Sharma Kirana Store")?;
        (page.starts_with(title) && !page.starts_with("Checkout") && focused.starts_with("<h1"))
            .then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_shopper_orders_with_the_keyboard_alone() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    driver.goto(&shop.base).await.expect("open the shop");
    wait_for(driver, r#"li[data-product="wheat-atta"] .add"#).await;
    // The shopper looks for atta first, as a keyboard (or a screen reader) goes faster than through every
    // product of the shop.
    type_in(driver, ".search input", "atta").await;
    haat_e2e::eventually("the search's finds", || async {
        let shown = driver.find_all(By::Css("li[data-product]")).await.ok()?;
        (shown.len() < 5).then_some(())
    })
    .await;
    press(driver, r#"li[data-product="wheat-atta"] .add"#).await;
    wait_for(driver, r#"li[data-product="wheat-atta"] .more"#).await;
    press(driver, r#"li[data-product="wheat-atta"] .more"#).await;
    // What the cart holds is said aloud as it changes.
    haat_e2e::wait_for_text(driver, ".view-cart [aria-live=polite]", "2 items").await;
    press(driver, ".view-cart").await;
    wait_for(driver, ".checkout").await;
    announced(driver, "Your cart").await;
    press(driver, ".checkout").await;
    wait_for(driver, "#name").await;
    type_in(driver, "#name", "Ravi Kumar").await;
    type_in(driver, "#phone", "98450 12345").await;
    type_in(driver, "#address", "4, 80 Feet Road, Indiranagar").await;
    type_in(driver, "#pincode", "560038").await;
    press(driver, ".place-order").await;
    wait_for(driver, ".order-id").await;
    // The order page, loaded after it opened, is announced once it has its heading.
    announced(driver, "").await;
    let orders = shop.merchant_orders().await;
    assert_eq!(orders.len(), 1, "one order, placed with keys only");
    assert_eq!(orders[0].lines[0].quantity, 2);
    browser.quit().await;
}
