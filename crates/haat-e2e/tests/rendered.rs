//! Pages rendered on the server, against the real server and the built app: what a page says before any
//! JavaScript runs (to a crawler, a link-preview bot, a very old web view), its link-preview tags, and, in
//! headless Chromium, that the app takes the server's page over without drawing it again, that a tap
//! made before the app runs is not lost, and that Telegram's theme is worn from the first frame.

use haat_e2e::{
    BIG_STORE, Browser, PHONE_WINDOW, Shop, accessibility_violations, big_shop, block_urls,
    brotli_bytes, click, devtools, eventually, fill, fill_delivery_details, fonts_drawing,
    screenshot, set_viewport, uri_component, wait_for, wait_for_text,
};
use serde_json::json;
use thirtyfour::prelude::*;

/// A page's HTML as the server sends it to a client that runs no JavaScript.
async fn raw_html(shop: &Shop, path: &str) -> (u16, String) {
    let response = reqwest::get(format!("{}{path}", shop.base))
        .await
        .expect("the page");
    let status = response.status().as_u16();
    (status, response.text().await.expect("html"))
}

/// The `content` of the head's `<meta {attribute}="{name}">`, as written (HTML-escaped).
fn meta<'a>(html: &'a str, attribute: &str, name: &str) -> Option<&'a str> {
    let tag = format!("<meta {attribute}=\"{name}\" content=\"");
    let start = html.find(&tag)? + tag.len();
    html[start..].split('"').next()
}

fn title(html: &str) -> Option<&str> {
    let start = html.find("<title>")? + "<title>".len();
    html[start..].split("</title>").next()
}

#[tokio::test]
async fn the_raw_html_shows_the_names_and_prices_the_hydrated_page_shows() {
    let shop = Shop::start().await;
    let (status, catalog) = raw_html(&shop, "/s/demo").await;
    assert_eq!(status, 200);
    let (status, product) = raw_html(&shop, "/s/demo/p/toor-dal").await;
    assert_eq!(status, 200);

    let browser = Browser::start().await;
    let driver = &browser.driver;
    for (path, html) in [("/s/demo", &catalog), ("/s/demo/p/toor-dal", &product)] {
        driver
            .goto(format!("{}{path}", shop.base))
            .await
            .expect("open");
        wait_for(driver, "html[data-ready]").await;
        let shown: Vec<String> = driver
            .execute(
                "return [...document.querySelectorAll('#app .name, #app .price .now')]\
                 .slice(0, 12).map(element => element.textContent)",
                Vec::new(),
            )
            .await
            .expect("names and prices")
            .convert()
            .expect("texts");
        assert!(shown.len() >= 2, "{path} shows names and prices: {shown:?}");
        for text in &shown {
            // The raw HTML escapes `&`; names and prices here have none.
            assert!(
                html.contains(text.as_str()),
                "{path}'s raw HTML has {text:?}"
            );
        }
    }
    assert!(catalog.contains("Toor Dal") && catalog.contains('₹'));
    // Product pages are plain links: a crawler or an old web view follows them without the app.
    assert!(catalog.contains("href=\"/s/demo/p/toor-dal\""));
    browser.quit().await;
}

#[tokio::test]
async fn every_page_carries_its_own_preview_and_an_order_page_tells_nothing_of_the_order() {
    let shop = Shop::start().await;
    let (_, catalog) = raw_html(&shop, "/s/demo").await;
    assert_eq!(title(&catalog), Some("Sharma Kirana Store"));
    assert!(catalog.starts_with("<!doctype html><html lang=\"en\" data-shop=\"demo\">"));
    assert_eq!(
        meta(&catalog, "property", "og:title"),
        Some("Sharma Kirana Store")
    );
    let description = meta(&catalog, "name", "description").expect("a description");
    assert!(description.starts_with("Daily groceries"), "{description}");
    assert_eq!(
        meta(&catalog, "property", "og:description"),
        Some(description)
    );
    assert_eq!(meta(&catalog, "property", "og:type"), Some("website"));
    let base = &shop.base;
    assert_eq!(
        meta(&catalog, "property", "og:url"),
        Some(format!("{base}/s/demo/").as_str()),
        "the shop's address as its app writes it, asked for without the slash"
    );
    assert!(catalog.contains(&format!("<link rel=\"canonical\" href=\"{base}/s/demo/\">")));
    assert_eq!(
        meta(&catalog, "property", "og:image"),
        Some(format!("{base}/s/demo/card.png").as_str())
    );
    assert_eq!(
        meta(&catalog, "name", "twitter:card"),
        Some("summary_large_image")
    );
    // The shop has no picture: its card is drawn.
    let card = reqwest::get(format!("{base}/s/demo/card.png"))
        .await
        .expect("the card");
    assert_eq!(card.status().as_u16(), 200);
    assert_eq!(
        card.headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok()),
        Some("image/png")
    );

    let (_, product) = raw_html(&shop, "/s/demo/p/toor-dal").await;
    let product_title = title(&product).expect("a title");
    assert!(
        product_title.starts_with("Toor Dal 500 g · ₹"),
        "{product_title}"
    );
    assert_eq!(meta(&product, "property", "og:type"), Some("product"));
    let about = meta(&product, "property", "og:description").expect("a description");
    assert!(
        about.contains("Toor Dal") && about.contains('₹') && about.contains("Sharma Kirana"),
        "{about}"
    );
    // Its own address; a product with no photo of its own shows the shop's card.
    let here = format!("{base}/s/demo/p/toor-dal");
    assert_eq!(meta(&product, "property", "og:url"), Some(here.as_str()));
    assert!(product.contains(&format!("<link rel=\"canonical\" href=\"{here}\">")));
    assert_eq!(
        meta(&product, "property", "og:image"),
        Some(format!("{base}/s/demo/card.png").as_str())
    );
    assert_eq!(
        meta(&product, "name", "twitter:card"),
        Some("summary_large_image")
    );

    // An order's page is the shop's preview with a neutral title: the order lives behind its token,
    // which never reaches the server.
    let (status, order) = raw_html(&shop, "/s/demo/orders/1").await;
    assert_eq!(status, 200);
    assert_eq!(title(&order), Some("Your order · Sharma Kirana Store"));
    assert_eq!(meta(&order, "name", "description"), Some(description));
    for (path, named) in [
        ("/s/demo/cart", "Your cart"),
        ("/s/demo/checkout", "Checkout"),
    ] {
        let (status, page) = raw_html(&shop, path).await;
        assert_eq!(status, 200, "{path}");
        let titled = format!("{named} · Sharma Kirana Store");
        assert_eq!(title(&page), Some(titled.as_str()));
        assert_eq!(meta(&page, "property", "og:title"), Some(titled.as_str()));
    }
    // An order placed: its page, fetched as a link-preview bot fetches it, tells nothing of it.
    let lines = json!([{ "product": "toor-dal", "variant": "500g", "quantity": 2 }]);
    let (id, token) = shop.place_order("Meena Iyer", lines, "").await;
    let (status, placed) = raw_html(&shop, &format!("/s/demo/orders/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(title(&placed), Some("Your order · Sharma Kirana Store"));
    for detail in ["Meena", "98450", "3rd Cross", token.as_str()] {
        assert!(
            !placed.contains(detail),
            "the order's page tells {detail:?}"
        );
    }

    let (status, _) = raw_html(&shop, "/s/demo/p/no-such-product").await;
    assert_eq!(status, 404, "a product the shop does not have");
    let (status, missing) = raw_html(&shop, "/s/demo/nothing-here").await;
    assert_eq!(status, 404);
    assert_eq!(
        title(&missing),
        Some("Page not found · Sharma Kirana Store")
    );
}

#[tokio::test]
async fn a_ten_thousand_product_shop_sends_a_first_view_as_small_as_the_demo_shops() {
    let shop = Shop::start().await;
    shop.add_shop(&big_shop(10_000)).await;
    // The shop, a category, a search and a product from the catalog's tail.
    for page in ["", "c/household", "?q=atta", "p/wheat-atta-9960"] {
        let path = format!("/s/{BIG_STORE}/{page}");
        assert_eq!(raw_html(&shop, &path).await.0, 200, "{path}");
        let url = format!("{}{path}", shop.base);
        let (_, bytes) = brotli_bytes(&url).await;
        println!("{url}: {bytes} bytes brotli");
        assert!(bytes <= 14_000, "{url}: {bytes} bytes");
    }
    let (_, html) = raw_html(&shop, &format!("/s/{BIG_STORE}")).await;
    assert!(
        html.contains("Wheat Atta 0"),
        "the first product is in the page"
    );
    assert!(
        !html.contains("Wheat Atta 9960"),
        "the catalog's tail is not"
    );
}

/// Run before the page's own scripts: notes the elements the server sent for the top of the page (the
/// shop's header and the list's first rows, on screen before and after; rows further down may leave the
/// windowed list once it measures the screen), once the page is parsed.
const NOTE_THE_SERVERS_ELEMENTS: &str = "document.addEventListener('readystatechange', () => {
                if (document.readyState == 'interactive')
                    window.fromServer = [...document.querySelectorAll(
                        '#app .shop-head, #app .shop-head *, #app li:nth-of-type(-n+3), #app li:nth-of-type(-n+3) *')];
            })";

#[tokio::test]
async fn the_app_takes_the_servers_page_over_without_drawing_it_again() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    devtools(
        driver,
        vec![(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": NOTE_THE_SERVERS_ELEMENTS }),
        )],
    )
    .await;
    driver
        .goto(format!("{}/s/demo", shop.base))
        .await
        .expect("open");
    wait_for(driver, "html[data-ready]").await;
    let (sent, kept, rows, unique): (u32, u32, u32, u32) = driver
        .execute(
            "const rows = [...document.querySelectorAll('li.product')].map(row => row.dataset.product);
             return [window.fromServer.length, window.fromServer.filter(el => el.isConnected).length,
                     rows.length, new Set(rows).size]",
            Vec::new(),
        )
        .await
        .expect("the page's elements")
        .convert()
        .expect("four counts");
    assert!(
        sent > 20,
        "the server sent the first view ({sent} elements)"
    );
    assert_eq!(
        kept, sent,
        "every element the server sent is still in the page"
    );
    assert_eq!(rows, unique, "no product row is drawn twice");
    assert_eq!(
        driver
            .find_all(By::Css("h1"))
            .await
            .expect("headings")
            .len(),
        1
    );
    // And the page is the app's now: it responds.
    click(driver, r#"li[data-product="toor-dal"] .add"#).await;
    wait_for_text(driver, ".view-cart", "1 item").await;
    browser.quit().await;
}

#[tokio::test]
async fn a_phone_whose_clock_is_off_takes_over_the_page_the_server_drew_by_its_own() {
    // A shop closed for the next half hour; the phone's clock runs an hour ahead, so by it the shop
    // is open again. The server's page says closed, and the app's first render must draw the same.
    let shop = Shop::start().await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis();
    let mut profile: serde_json::Value = shop
        .client
        .get(format!("{}/api/stores/demo", shop.base))
        .send()
        .await
        .expect("the shop")
        .json()
        .await
        .expect("its profile");
    profile["closed"] = json!({ "until_ms": now + 30 * 60 * 1000, "takes_orders": true });
    let saved = shop
        .client
        .put(format!("{}/api/stores/demo/settings", shop.base))
        .bearer_auth(haat_e2e::MERCHANT_TOKEN)
        .json(&profile)
        .send()
        .await
        .expect("settings");
    assert!(saved.status().is_success(), "{}", saved.status());
    let (_, html) = raw_html(&shop, "/s/demo/").await;
    assert!(html.contains("Closed now"), "the server's page says closed");
    let browser = Browser::start().await;
    let driver = &browser.driver;
    devtools(
        driver,
        vec![(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "const clock = Date.now; Date.now = () => clock() + 3600 * 1000;" }),
        )],
    )
    .await;
    driver
        .goto(format!("{}/s/demo/", shop.base))
        .await
        .expect("open");
    wait_for(driver, "html[data-ready]").await;
    // The app runs and responds; by the phone's clock, the shop is open now.
    click(driver, r#"li[data-product="toor-dal"] .add"#).await;
    wait_for_text(driver, ".view-cart", "1 item").await;
    assert!(
        driver.find(By::Css(".shop-head .closed")).await.is_err(),
        "the notice goes once the app runs by the phone's clock"
    );
    browser.quit().await;
}

#[tokio::test]
async fn a_cart_of_products_the_page_did_not_bring_waits_for_the_rest_of_the_catalog() {
    // A large shop's page brings only the start of its catalog; the cart kept on this phone has a
    // product from its tail, which must not be shown missing (its name unknown, 0 in stock) meanwhile.
    let shop = Shop::start().await;
    shop.add_shop(&big_shop(10_000)).await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    // Kept from the shop's origin, without a visit whose service worker would keep the catalog.
    driver
        .goto(format!("{}/api/stores/{BIG_STORE}", shop.base))
        .await
        .expect("the shop's origin");
    driver
        .execute(
            r#"localStorage.setItem('haat.big.cart',
                '{"lines":[{"product":"wheat-atta-9960","variant":"5kg","quantity":3}]}')"#,
            Vec::new(),
        )
        .await
        .expect("a kept cart");
    block_urls(driver, &["*/api/stores/big/catalog*"]).await;
    driver
        .goto(format!("{}/s/{BIG_STORE}/cart", shop.base))
        .await
        .expect("the cart");
    wait_for(driver, "html[data-ready]").await;
    wait_for_text(driver, ".page.loading", "Loading the shop").await;
    assert!(
        driver.find(By::Css("li.line")).await.is_err(),
        "no line is drawn without its product"
    );
    // The rest arrives (the app asks again): the line, named, with its three bags.
    block_urls(driver, &[]).await;
    wait_for_text(
        driver,
        r#"li.line[data-product="wheat-atta-9960"] .name"#,
        "Atta 9960",
    )
    .await;
    wait_for_text(
        driver,
        r#"li.line[data-product="wheat-atta-9960"] .quantity"#,
        "3",
    )
    .await;
    assert!(
        driver.find(By::Css("li.line .limit")).await.is_err(),
        "no stock limit is claimed"
    );
    browser.quit().await;
}

/// The phone keeps a cart from an earlier visit: three bags of atta.
async fn keep_a_cart(driver: &WebDriver, shop: &Shop) {
    driver
        .goto(format!("{}/s/demo", shop.base))
        .await
        .expect("open");
    wait_for(driver, "html[data-ready]").await;
    driver
        .execute(
            r#"localStorage.setItem('haat.demo.cart',
                '{"lines":[{"product":"wheat-atta","variant":"5kg","quantity":3}]}')"#,
            Vec::new(),
        )
        .await
        .expect("a kept cart");
}

#[tokio::test]
async fn a_tap_before_the_app_runs_is_held_and_then_made() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    keep_a_cart(driver, &shop).await;
    // Nothing from the first visit's caches: the app's files come over the slow network again.
    slow_network_uncached(driver).await;
    driver
        .goto(format!("{}/s/demo", shop.base))
        .await
        .expect("open again");
    let add = wait_for(driver, r#"li[data-product="toor-dal"] .add"#).await;
    let early = driver
        .execute(
            "return !('ready' in document.documentElement.dataset)",
            Vec::new(),
        )
        .await
        .expect("state")
        .convert::<bool>()
        .expect("a flag");
    assert!(
        early,
        "the tap comes before the app runs (the network is slow)"
    );
    add.click().await.expect("tap");
    assert_eq!(
        add.attr("aria-busy").await.expect("attribute").as_deref(),
        Some("true"),
        "the tap is shown as held"
    );
    eventually("the app runs", || async {
        driver
            .find(By::Css("html[data-ready]"))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    // The held tap adds to the kept cart; it never replaces it.
    wait_for_text(driver, ".view-cart", "4 items").await;
    browser.quit().await;
}

/// Telegram opens a Mini App with its theme in the address's fragment: the page wears it from the first
/// frame, before the app (and Telegram's own script) runs.
#[tokio::test]
async fn telegrams_theme_is_worn_before_the_app_runs() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    slow_network(driver).await;
    let theme = r##"{"bg_color":"#17212b","secondary_bg_color":"#0e1621","text_color":"#f5f5f5","button_color":"#5288c1","button_text_color":"#ffffff"}"##;
    let fragment: String = theme
        .bytes()
        .map(|b| match b {
            b'{' | b'}' | b'"' | b'#' | b':' | b',' => format!("%{b:02X}"),
            _ => char::from(b).to_string(),
        })
        .collect();
    driver
        .goto(format!(
            "{}/s/demo#tgWebAppData=x&tgWebAppThemeParams={fragment}",
            shop.base
        ))
        .await
        .expect("open");
    let (ready, scheme, bg, brand): (bool, String, String, String) = driver
        .execute(
            "const root = document.documentElement, style = getComputedStyle(root);
             return ['ready' in root.dataset, root.dataset.scheme,
                     style.getPropertyValue('--bg').trim(), style.getPropertyValue('--brand').trim()]",
            Vec::new(),
        )
        .await
        .expect("the page's theme")
        .convert()
        .expect("four values");
    assert!(!ready, "measured before the app runs (the network is slow)");
    assert_eq!(scheme, "dark");
    assert_eq!(bg, "#0e1621");
    assert_eq!(brand, "#5288c1");
    browser.quit().await;
}

/// A frame that names its scheme in its address (the console's preview frames do) wears it from the
/// first frame, before the app runs, whatever the phone's own setting.
#[tokio::test]
async fn a_frames_scheme_in_its_address_is_worn_before_the_app_runs() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    // Each page's app comes over the slow network, never from the first one's caches.
    slow_network_uncached(driver).await;
    for (phone, asked, background) in [("dark", "light", "#f6f7f4"), ("light", "dark", "#0f1412")] {
        let media = json!({ "features": [{ "name": "prefers-color-scheme", "value": phone }] });
        devtools(driver, vec![("Emulation.setEmulatedMedia", media)]).await;
        driver
            .goto(format!("{}/s/demo?haat-scheme={asked}", shop.base))
            .await
            .expect("open");
        let (ready, scheme, bg): (bool, String, String) = driver
            .execute(
                "const root = document.documentElement;
                 return ['ready' in root.dataset, root.dataset.scheme,
                         getComputedStyle(root).getPropertyValue('--bg').trim()]",
                Vec::new(),
            )
            .await
            .expect("the page's scheme")
            .convert()
            .expect("three values");
        assert!(!ready, "measured before the app runs (the network is slow)");
        assert_eq!(scheme, asked, "on a {phone} phone");
        assert_eq!(bg, background, "on a {phone} phone");
    }
    browser.quit().await;
}

/// A slow network: a page arrives in a moment, the app's wasm takes several seconds after it.
async fn slow_network(driver: &WebDriver) {
    let conditions = json!({ "offline": false, "latency": 100, "downloadThroughput": 25_000,
                             "uploadThroughput": 25_000 });
    devtools(
        driver,
        vec![
            ("Network.enable", json!({})),
            ("Network.emulateNetworkConditions", conditions),
        ],
    )
    .await;
}

/// The slow network, and nothing from earlier visits' caches (the browser's, the service worker's).
async fn slow_network_uncached(driver: &WebDriver) {
    slow_network(driver).await;
    devtools(
        driver,
        vec![
            ("Network.setCacheDisabled", json!({ "cacheDisabled": true })),
            ("Network.setBypassServiceWorker", json!({ "bypass": true })),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_search_has_an_address_that_the_server_renders_and_the_app_follows() {
    let shop = Shop::start().await;
    let (status, html) = raw_html(&shop, "/s/demo?q=dal").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Toor Dal"),
        "the search's results are in the page"
    );
    // The page's data is the whole of this small shop's catalog; what it shows is the search's.
    let shown = html
        .split("id=\"haat-first-view\"")
        .next()
        .unwrap_or_default();
    assert!(!shown.contains("Wheat Atta"), "and only they");
    assert_eq!(title(&html), Some("“dal” at Sharma Kirana Store"));

    let browser = Browser::start().await;
    let driver = &browser.driver;
    driver
        .goto(format!("{}/s/demo?q=dal", shop.base))
        .await
        .expect("open a search");
    wait_for(driver, "html[data-ready]").await;
    let input = wait_for(driver, ".search input").await;
    assert_eq!(
        input.prop("value").await.expect("value").as_deref(),
        Some("dal")
    );
    input.send_keys(" toor").await.expect("type");
    eventually("the address follows the search", || async {
        let url = driver.current_url().await.ok()?;
        (url.query() == Some("q=dal+toor")).then_some(())
    })
    .await;
    wait_for(driver, r#"li.product[data-product="toor-dal"]"#).await;

    // The address follows a moment after the keystroke: a product opened sooner keeps its own address.
    let opened = driver
        .execute_async(
            r"const done = arguments[arguments.length - 1];
            const input = document.querySelector('.search input');
            input.value = 'toor';
            input.dispatchEvent(new Event('input', { bubbles: true }));
            requestAnimationFrame(() => {
              document.querySelector('li.product a.open').click();
              setTimeout(() => done(location.pathname + location.search), 500);
            });",
            vec![],
        )
        .await
        .expect("type and open");
    assert_eq!(opened.json().as_str(), Some("/s/demo/p/toor-dal"));
    browser.quit().await;
}

#[tokio::test]
async fn a_shopper_finds_products_in_their_own_words() {
    let shop = Shop::start().await;
    // The server ranks as the app does: the rice a shopper calls chawal is the first row of the page.
    let (status, html) = raw_html(&shop, "/s/demo?q=chawal").await;
    assert_eq!(status, 200);
    let list = html.split("class=\"products\"").nth(1).expect("the list");
    let first = list.split("data-product=\"").nth(1).expect("a product");
    assert!(first.starts_with("basmati-rice\""), "{list}");

    let browser = Browser::start().await;
    let driver = &browser.driver;
    driver
        .goto(format!("{}/s/demo", shop.base))
        .await
        .expect("open the shop");
    wait_for(driver, "html[data-ready]").await;
    let input = wait_for(driver, ".search input").await;
    // Hindi in English letters, a slip, and a word the shop gave the product.
    for (typed, first) in [
        ("doodh", "toned-milk"),
        ("jira", "cumin"),
        ("tumeric", "turmeric"),
        ("maggi", "instant-noodles"),
    ] {
        input.send_keys(Key::Control + "a").await.expect("select");
        input.send_keys(typed).await.expect("type");
        eventually(&format!("{typed} finds {first} first"), || async {
            let row = driver.find(By::Css("li.product")).await.ok()?;
            (row.attr("data-product").await.ok()?.as_deref() == Some(first)).then_some(())
        })
        .await;
    }
    browser.quit().await;
}

#[tokio::test]
async fn a_category_has_an_address_that_the_server_renders_and_the_app_follows() {
    let shop = Shop::start().await;
    let (status, html) = raw_html(&shop, "/s/demo/c/dairy").await;
    assert_eq!(status, 200);
    assert_eq!(
        title(&html),
        Some("Dairy &amp; Bakery · Sharma Kirana Store")
    );
    let about = meta(&html, "property", "og:description").expect("a description");
    assert!(about.contains("Paneer"), "{about}");
    // The list starts at the category's heading: none of the shop's first products above it.
    let list = html.split("class=\"products\"").nth(1).expect("the list");
    let list = list.split("</ul>").next().expect("the list's end");
    assert!(list.contains("Dairy &amp; Bakery") && list.contains("Paneer"));
    assert!(!list.contains("Toor Dal"), "the rows above the category");
    let (_, front) = raw_html(&shop, "/s/demo").await;
    assert!(
        front.contains("href=\"/s/demo/c/dairy\""),
        "the category bar is links, for a page without the app"
    );
    let (status, gone) = raw_html(&shop, "/s/demo/c/no-such-category").await;
    assert_eq!(status, 404);
    assert!(gone.contains("Toor Dal"), "the shop, from its top");

    let browser = Browser::start().await;
    let driver = &browser.driver;
    let path = |driver: &WebDriver| {
        let driver = driver.clone();
        async move {
            driver
                .current_url()
                .await
                .ok()
                .map(|url| url.path().to_owned())
        }
    };
    driver
        .goto(format!("{}/s/demo", shop.base))
        .await
        .expect("open the shop");
    wait_for(driver, "html[data-ready]").await;
    click(driver, r#".chips a[href="/s/demo/c/dairy"]"#).await;
    wait_for_text(driver, ".chips .chip.selected", "Dairy & Bakery").await;
    eventually("the address names the category", || async {
        (path(driver).await?.as_str() == "/s/demo/c/dairy").then_some(())
    })
    .await;

    // A product opened from there comes back to the category.
    click(driver, r#"li.product[data-product="paneer"] a.open"#).await;
    wait_for(driver, ".top-bar .back").await;
    click(driver, ".top-bar .back").await;
    wait_for_text(driver, ".chips .chip.selected", "Dairy & Bakery").await;
    wait_for(driver, r#"li.product[data-product="paneer"]"#).await;
    assert_eq!(path(driver).await.as_deref(), Some("/s/demo/c/dairy"));

    // Scrolling back to the shop's first category gives the shop's address back.
    click(driver, r#".chips a[href="/s/demo/c/staples"]"#).await;
    wait_for_text(driver, ".chips .chip.selected", "Atta, Rice & Dal").await;
    eventually("the address is the shop's", || async {
        (path(driver).await?.as_str() == "/s/demo/").then_some(())
    })
    .await;

    // Opened afresh, a category's page hydrates at its heading.
    driver
        .goto(format!("{}/s/demo/c/snacks", shop.base))
        .await
        .expect("open a category");
    wait_for(driver, "html[data-ready]").await;
    wait_for_text(driver, ".chips .chip.selected", "Snacks & Biscuits").await;
    let heading_on_screen: bool = driver
        .execute(
            "const list = document.querySelector('.shelf').getBoundingClientRect();\
             const heading = [...document.querySelectorAll('.shelf h2')]\
                 .find(h => h.textContent.startsWith('Snacks')).getBoundingClientRect();\
             return heading.top >= list.top - 1 && heading.top < list.top + 60",
            Vec::new(),
        )
        .await
        .expect("where the heading is")
        .convert()
        .expect("a boolean");
    assert!(
        heading_on_screen,
        "the category's heading is at the list's top"
    );
    browser.quit().await;
}

/// The shop speaks the shopper's language from its first byte: the one they chose on the page (kept in a
/// cookie), else their browser's, else the shop's; the app takes the page over in it, and the page's
/// links switch it.
#[tokio::test]
async fn the_shop_speaks_the_shoppers_language_from_the_first_view() {
    let shop = Shop::start().await;
    let client = reqwest::Client::new();
    let page = |path: &str, headers: &[(&'static str, &'static str)]| {
        let mut request = client.get(format!("{}{path}", shop.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send()
    };
    // The browser's language.
    let hindi = page("/s/demo", &[("accept-language", "hi-IN,hi;q=0.9,en;q=0.5")])
        .await
        .expect("the page");
    assert_eq!(hindi.headers()["vary"], "accept-language, cookie");
    let hindi = hindi.text().await.expect("html");
    assert!(
        hindi.starts_with("<!doctype html><html lang=\"hi\""),
        "{}",
        &hindi[..80]
    );
    assert!(hindi.contains(">जोड़ें</button>"), "Add, in Hindi");
    assert!(hindi.contains("खोजें: आटा, दाल…"), "the search's placeholder");
    // The shop's local names, written in Hindi, come first; its English names after them.
    assert!(
        hindi.contains("<h1>शर्मा किराना स्टोर</h1>"),
        "the shop's name"
    );
    assert!(
        hindi.contains(
            r#"<h3 class="name">गेहूं का आटा</h3><p lang="en" class="name-also">Whole Wheat Atta</p>"#
        ),
        "a product's names"
    );
    assert!(
        !hindi.contains(">Add</button>"),
        "no English left on the buttons"
    );
    // A choice on the page's switcher is kept, and outranks the browser.
    let french = page("/s/demo?lang=fr", &[("accept-language", "hi")])
        .await
        .expect("the page");
    let kept = french.headers()["set-cookie"]
        .to_str()
        .expect("text")
        .to_owned();
    assert!(kept.starts_with("haat-lang=fr;"), "{kept}");
    let french = french.text().await.expect("html");
    assert!(french.contains(">Ajouter</button>"), "Add, in French");
    assert!(
        french.contains("245\u{a0}₹"),
        "rupees as French writes money: the sign after, a no-break space between"
    );
    let tamil = page(
        "/s/demo",
        &[("accept-language", "hi"), ("cookie", "haat-lang=ta")],
    )
    .await
    .expect("the page")
    .text()
    .await
    .expect("html");
    assert!(
        tamil.contains(">சேர்</button>"),
        "Add, in Tamil, as the cookie says"
    );
    // Nothing said: the shop's own language.
    let (_, english) = raw_html(&shop, "/s/demo").await;
    assert!(english.starts_with("<!doctype html><html lang=\"en\""));
    assert!(english.contains(
        r#"<h3 class="name">Whole Wheat Atta</h3><p lang="hi" class="name-also">गेहूं का आटा</p>"#
    ));

    // In the browser the app takes the Tamil page over as it is, and the switcher turns it Hindi.
    let browser = Browser::start().await;
    let driver = &browser.driver;
    driver
        .goto(format!("{}/s/demo?lang=ta", shop.base))
        .await
        .expect("open");
    wait_for(driver, "html[data-ready]").await;
    wait_for_text(driver, r#"li[data-product="wheat-atta"] .add"#, "சேர்").await;
    drawn_in_its_script(driver, r#"li[data-product="wheat-atta"] .add"#, "Tamil").await;
    screenshot(driver, "shop-tamil.png").await;
    click(driver, r#"li[data-product="wheat-atta"] .add"#).await;
    wait_for_text(driver, ".view-cart", "1 பொருள்").await;
    click(driver, r#".languages a[lang="hi"]"#).await;
    wait_for(driver, r#"html[lang="hi"][data-ready]"#).await;
    wait_for_text(driver, ".view-cart", "1 सामान").await;
    wait_for_text(driver, ".view-cart", "टोकरी देखें").await;
    screenshot(driver, "shop-hindi.png").await;
    // The cart speaks it too: its heading, its buttons, its totals' names.
    click(driver, ".view-cart").await;
    wait_for_text(driver, "main h1", "आपकी टोकरी").await;
    wait_for_text(driver, ".clear", "टोकरी खाली करें").await;
    wait_for_text(driver, ".totals", "कुल").await;
    // An order placed in Hindi says so, for the shop's messages to the shopper.
    click(driver, ".checkout").await;
    fill_delivery_details(driver).await;
    wait_for_text(driver, ".totals", "कुल").await;
    click(driver, ".place-order").await;
    // The order's page speaks it too: where the order stands, its number, its timeline, and the text
    // the shopper sends the shop.
    wait_for_text(
        driver,
        ".confirmation .status",
        "ऑर्डर हो गया: दुकान को मिल गया है",
    )
    .await;
    wait_for_text(driver, ".order-id", "ऑर्डर नंबर").await;
    wait_for_text(
        driver,
        r#".timeline [data-status="placed"] .label"#,
        "ऑर्डर किया गया",
    )
    .await;
    wait_for_text(driver, ".lines .name", "गेहूं का आटा").await;
    drawn_in_its_script(driver, ".confirmation .status", "Devanagari").await;
    screenshot(driver, "order-hindi.png").await;
    let violations = accessibility_violations(driver).await;
    assert!(
        violations.is_empty(),
        "axe on the Hindi order page: {violations:#?}"
    );
    let to_the_shop = driver
        .find(By::Css(".handoff .whatsapp"))
        .await
        .expect("the WhatsApp link")
        .attr("href")
        .await
        .expect("an attribute")
        .expect("an address");
    let text = reqwest::Url::parse(&to_the_shop)
        .expect("an address")
        .query_pairs()
        .find(|(name, _)| name == "text")
        .map(|(_, text)| text.into_owned())
        .expect("the text");
    assert!(
        text.contains("1 × गेहूं का आटा (5 kg)")
            && text.contains("कुल: ₹")
            && text.contains("भुगतान: ")
            && text.contains("न मिले तो: "),
        "{text}"
    );
    let orders = shop.merchant_orders().await;
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].language, "hi");
    browser.quit().await;
}

/// Asserts that the browser drew the text of `css` with a font made for its script (`Devanagari`,
/// `Tamil`: Noto's, which Android phones have), not with boxes.
async fn drawn_in_its_script(driver: &WebDriver, css: &str, script: &str) {
    let fonts = fonts_drawing(driver, css).await;
    assert!(
        fonts
            .iter()
            .any(|(family, glyphs)| family.contains(script) && *glyphs > 0),
        "{css} is drawn with {fonts:?}, no {script} font"
    );
}

/// Telegram opens a Mini App with its user's language in the fragment: the first visit asks the server
/// for the shop in it (`?lang=`) before it paints, once.
#[tokio::test]
async fn telegrams_language_is_the_shops_from_the_first_visit() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    let init_data = format!(
        "user={}&auth_date=1",
        uri_component(r#"{"id":7,"language_code":"fr"}"#)
    );
    driver
        .goto(format!(
            "{}/s/demo#tgWebAppData={}",
            shop.base,
            uri_component(&init_data)
        ))
        .await
        .expect("open");
    wait_for(driver, r#"html[lang="fr"][data-ready]"#).await;
    wait_for_text(driver, r#"li[data-product="wheat-atta"] .add"#, "Ajouter").await;
    let address = driver.current_url().await.expect("the address").to_string();
    assert!(address.ends_with("?lang=fr"), "asked for once: {address}");
    browser.quit().await;
}

/// The back control of a page's top bar as the server wrote it, if it is a link: its `<a …>` tag.
fn back_link(html: &str) -> Option<&str> {
    let bar = "<header class=\"top-bar\">";
    let start = html.find(bar)? + bar.len();
    let tag = html[start..].split('>').next()?;
    (tag.starts_with("<a ") && tag.contains("class=\"back\"")).then_some(tag)
}

/// A very old web view, a crawler, a shopper with JavaScript off: the shop and its products are pages
/// linked both ways, with no app to follow the links.
#[tokio::test]
async fn without_javascript_a_product_page_leads_to_the_shop_and_back() {
    let shop = Shop::start().await;
    let (_, product) = raw_html(&shop, "/s/demo/p/toor-dal").await;
    let back = back_link(&product).expect("the product page's back control is a link");
    assert!(back.contains("href=\"/s/demo/\""), "{back}");

    let browser = Browser::start().await;
    let driver = &browser.driver;
    open_without_scripts(driver, &format!("{}/s/demo/", shop.base)).await;
    wait_for_text(driver, ".shop-head h1", "Sharma Kirana Store").await;
    click(driver, r#"li[data-product="toor-dal"] a.open"#).await;
    wait_for_text(driver, ".top-bar h1", "Toor Dal").await;
    assert_eq!(
        driver.current_url().await.expect("address").path(),
        "/s/demo/p/toor-dal"
    );
    click(driver, ".top-bar .back").await;
    wait_for(driver, ".shop-head h1").await;
    assert_eq!(
        driver.current_url().await.expect("address").path(),
        "/s/demo/"
    );
    browser.quit().await;
}

/// Runs the scripts of the pages opened after, or not (DevTools).
async fn run_scripts(driver: &WebDriver, run: bool) {
    devtools(
        driver,
        vec![(
            "Emulation.setScriptExecutionDisabled",
            json!({ "value": !run }),
        )],
    )
    .await;
}

/// Opens `url` with scripts off, and checks that they are: the page's inline script would wear the
/// scheme the address names.
async fn open_without_scripts(driver: &WebDriver, url: &str) {
    run_scripts(driver, false).await;
    driver
        .goto(format!("{url}?haat-scheme=dark"))
        .await
        .expect("open");
    assert!(
        driver.find(By::Css("html[data-scheme]")).await.is_err(),
        "the page's scripts ran"
    );
}

/// The top bar of the page at `url` once it has loaded, the app run or not: its text and its box, as the
/// browser lays it out.
async fn top_bar_drawn(
    driver: &WebDriver,
    url: &str,
    app_runs: bool,
    page_itself: &str,
) -> (String, [f64; 4]) {
    if app_runs {
        run_scripts(driver, true).await;
        driver.goto(url).await.expect("open");
        wait_for(driver, "html[data-ready]").await;
        wait_for(driver, page_itself).await;
    } else {
        open_without_scripts(driver, url).await;
        assert!(driver.find(By::Css(page_itself)).await.is_err());
    }
    let bar = wait_for(driver, ".top-bar").await;
    let place = bar.rect().await.expect("its box");
    (
        bar.text().await.expect("its text"),
        [place.x, place.y, place.width, place.height],
    )
}

/// The cart and an order's page are drawn from what the phone keeps, once the app runs; the server
/// draws their frame: the very top bar each will have, so nothing in it moves when the app takes over.
#[tokio::test]
async fn the_server_draws_the_top_bar_of_the_pages_kept_on_the_phone() {
    let shop = Shop::start().await;
    for (path, title, subtitle) in [
        ("/s/demo/cart", "Your cart", Some("Sharma Kirana Store")),
        ("/s/demo/orders/1", "Order #1", None),
    ] {
        let (status, html) = raw_html(&shop, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            html.contains(&format!("<h1>{title}</h1>")),
            "{path}: {title}"
        );
        if let Some(subtitle) = subtitle {
            assert!(
                html.contains(&format!("<p class=\"subtitle\">{subtitle}</p>")),
                "{path}: {subtitle}"
            );
        }
        let back = back_link(&html).expect("a back link");
        assert!(back.contains("href=\"/s/demo/\""), "{path}: {back}");
    }

    let browser = Browser::start().await;
    let driver = &browser.driver;
    keep_a_cart(driver, &shop).await;
    // The cart's lines; an order this phone has no link for, which the page says it cannot show.
    for (path, page_itself) in [
        ("/s/demo/cart", ".lines"),
        ("/s/demo/orders/1", ".notice.error"),
    ] {
        let url = format!("{}{path}", shop.base);
        let framed = top_bar_drawn(driver, &url, false, page_itself).await;
        let drawn = top_bar_drawn(driver, &url, true, page_itself).await;
        assert_eq!(
            framed, drawn,
            "{path}: the server's top bar, then the app's"
        );
    }
    browser.quit().await;
}

/// Opens the pages after without the app (its wasm not fetched), or with it again: the page stays the
/// server's, with the scripts of its head run.
async fn block_the_app(driver: &WebDriver, block: bool) {
    block_urls(driver, if block { &["*.wasm"] } else { &[] }).await;
}

/// The box of the element `css` picks, as the browser lays it out.
async fn placed(driver: &WebDriver, css: &str) -> [f64; 4] {
    let place = wait_for(driver, css).await.rect().await.expect("its box");
    [place.x, place.y, place.width, place.height]
}

/// Checks that the elements `parts` pick on the page at `url` are where the server's frame drew them (the
/// app kept from running, and the frame's `unseen` elements hidden) once the app has drawn the page
/// itself (`page_itself` shows): `what` names the case.
async fn assert_drawn_where_framed(
    driver: &WebDriver,
    url: &str,
    page_itself: &str,
    parts: &[(&str, &str)],
    unseen: &[&str],
    what: &str,
) {
    block_the_app(driver, true).await;
    driver.goto(url).await.expect("open");
    let mut framed = Vec::new();
    for (in_frame, _) in parts {
        framed.push(placed(driver, in_frame).await);
    }
    for css in unseen {
        let shown = wait_for(driver, css).await.is_displayed().await;
        assert!(
            !shown.expect("shown or not"),
            "{url}: the frame shows {css}"
        );
    }
    assert!(driver.find(By::Css("html[data-ready]")).await.is_err());
    block_the_app(driver, false).await;
    driver.goto(url).await.expect("open again");
    wait_for(driver, "html[data-ready]").await;
    wait_for(driver, page_itself).await;
    for ((_, in_page), framed) in parts.iter().zip(framed) {
        let drawn = placed(driver, in_page).await;
        assert_eq!(framed, drawn, "{url}: {in_page}, {what}");
    }
}

/// The cart and checkout are drawn by the app from the cart the phone keeps. The server draws both
/// their frames, for a cart with lines and for an empty one, and the page shows the one this phone
/// keeps from its first frame: the shop's terms and the button at the foot of the screen, or the
/// empty cart's way back to the shop, each where the app then draws it.
#[tokio::test]
async fn the_cart_pages_frame_is_the_cart_this_phone_keeps() {
    let shop = Shop::start().await;
    let (_, html) = raw_html(&shop, "/s/demo/cart").await;
    for part in [
        "<p class=\"terms\">Minimum order ₹100 · Delivery ₹25, free from ₹499</p>",
        "<button disabled=\"disabled\" class=\"primary\">Checkout</button>",
        "<p>Your cart is empty.</p>",
    ] {
        assert!(html.contains(part), "the cart's frame: {part}");
    }
    let (_, html) = raw_html(&shop, "/s/demo/checkout").await;
    assert!(html.contains("<button disabled=\"disabled\" class=\"primary\">Place order</button>"));
    assert_eq!(
        back_link(&html).map(|link| link.contains("href=\"/s/demo/cart\"")),
        Some(true)
    );

    let browser = Browser::start().await;
    let driver = &browser.driver;
    keep_a_cart(driver, &shop).await;
    let cart = format!("{}/s/demo/cart", shop.base);
    assert_drawn_where_framed(
        driver,
        &cart,
        ".lines",
        &[
            (".terms", ".terms"),
            (".action-bar .primary", ".action-bar .checkout"),
        ],
        &[".if-empty"],
        "the cart: the frame's part, then the app's",
    )
    .await;
    let checkout = format!("{}/s/demo/checkout", shop.base);
    // On a screen taller than checkout's form too, its button stays at the foot.
    for (height, what) in [
        (
            PHONE_WINDOW.1,
            "checkout's button, the frame's then the app's",
        ),
        (2_000, "on a tall screen"),
    ] {
        set_viewport(driver, PHONE_WINDOW.0, height).await;
        assert_drawn_where_framed(
            driver,
            &checkout,
            "form.details",
            &[(".action-bar .primary", ".action-bar .place-order")],
            &[".if-empty"],
            what,
        )
        .await;
    }
    set_viewport(driver, PHONE_WINDOW.0, PHONE_WINDOW.1).await;
    // Opened by Telegram, which draws the page's button itself once the app runs: the frame has none.
    block_the_app(driver, true).await;
    driver
        .goto(format!("{cart}#tgWebAppData=query_id%3Dq"))
        .await
        .expect("open from Telegram");
    wait_for(driver, "html[data-tg] .framed .terms").await;
    let button = wait_for(driver, ".framed > .action-bar").await;
    assert!(!button.is_displayed().await.expect("shown or not"));
    block_the_app(driver, false).await;

    // An empty cart, the phone's last order placed or not: the app draws the way to it under the way back
    // to the shop, which the frame (knowing of no order) has where the app draws it.
    driver
        .execute("localStorage.removeItem('haat.demo.cart')", Vec::new())
        .await
        .expect("no cart");
    for ordered in [false, true] {
        if ordered {
            driver
                .execute(
                    // `storage::recent_orders`' lines: an order's id and token.
                    "localStorage.setItem('haat.demo.orders', '7 a-token')",
                    Vec::new(),
                )
                .await
                .expect("an order placed");
        }
        for url in [&cart, &checkout] {
            assert_drawn_where_framed(
                driver,
                url,
                ".empty",
                &[(".empty .primary", ".empty .primary")],
                &[".action-bar", ".if-filled"],
                &format!("the empty cart's way back to the shop (an order placed: {ordered})"),
            )
            .await;
            assert!(
                driver.find(By::Css(".action-bar")).await.is_err(),
                "{url}: no button to order an empty cart"
            );
            assert_eq!(
                driver.find(By::Css(".empty .last-order")).await.is_ok(),
                ordered,
                "{url}: the way to the last order"
            );
            // Back leads where the frame's led: the shop from the cart, the cart from checkout.
            let back = wait_for(driver, ".top-bar .back").await;
            let href = back
                .attr("href")
                .await
                .expect("its link")
                .unwrap_or_default();
            let expected = if *url == cart {
                "/s/demo/"
            } else {
                "/s/demo/cart"
            };
            assert_eq!(href, expected, "{url}");
        }
    }
    browser.quit().await;
}

/// The addresses of the shop's catalog the page has asked the API for so far.
async fn catalog_fetches(driver: &WebDriver) -> Vec<String> {
    driver
        .execute(
            "return performance.getEntriesByType('resource').map(entry => new URL(entry.name).pathname)
                 .filter(path => path.endsWith('/catalog'))",
            Vec::new(),
        )
        .await
        .expect("the page's requests")
        .convert()
        .expect("paths")
}

/// A small shop's page carries its whole catalog, the tail of its list too: once the app runs it asks
/// for nothing more, and draws nothing again. A large shop's carries its first view, and the app
/// fetches the rest.
#[tokio::test]
async fn a_small_shops_page_brings_its_whole_catalog() {
    let shop = Shop::start().await;
    shop.add_shop(&big_shop(10_000)).await;
    let (_, html) = raw_html(&shop, "/s/demo/").await;
    let data = html
        .split("id=\"haat-first-view\">")
        .nth(1)
        .expect("the page's data");
    // The demo catalog's last product, far below the first screen.
    assert!(
        data.contains("\"id\":\"shaving-cream\""),
        "the tail of the list"
    );
    assert!(data.contains("\"complete\":true"));

    let browser = Browser::start().await;
    let driver = &browser.driver;
    for (store, fetched) in [("demo", false), (BIG_STORE, true)] {
        driver
            .goto(format!("{}/s/{store}/", shop.base))
            .await
            .expect("open");
        wait_for(driver, "html[data-ready]").await;
        if fetched {
            eventually("the rest of the catalog", || async {
                (!catalog_fetches(driver).await.is_empty()).then_some(())
            })
            .await;
        } else {
            // The list searches the whole shop at once, its last product too.
            fill(driver, &[(".search input", "shaving cream")]).await;
            wait_for(driver, r#"li[data-product="shaving-cream"]"#).await;
            assert_eq!(catalog_fetches(driver).await, Vec::<String>::new());
        }
    }
    browser.quit().await;
}

/// Shops around the size under which the whole catalog comes in the page (`shop::FirstView::of`): every
/// page is within one round trip, the largest shop sent whole too, and the rule changes in this range.
#[tokio::test]
async fn a_shop_just_small_enough_to_come_whole_sends_a_page_within_one_round_trip() {
    let shop = Shop::start().await;
    let mut whole = Vec::new();
    for count in (40..=120).step_by(8) {
        let mut generated = big_shop(count);
        generated.store.slug = format!("shop-{count}");
        shop.add_shop(&generated).await;
        let path = format!("/s/shop-{count}/");
        let (status, html) = raw_html(&shop, &path).await;
        assert_eq!(status, 200, "{path}");
        whole.push(html.contains("\"complete\":true"));
        let (_, bytes) = brotli_bytes(&format!("{}{path}", shop.base)).await;
        assert!(bytes <= 14_000, "{path}: {bytes} bytes");
    }
    assert!(
        whole.first() == Some(&true) && whole.last() == Some(&false),
        "{whole:?}"
    );
}
