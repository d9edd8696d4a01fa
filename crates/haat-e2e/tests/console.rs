//! The merchant console, against the real server and the built console in headless Chromium: a shop
//! opened from the command line signs its owner in from the printed link, a new link ends the old one,
//! signing out forgets the phone, a shop opened from the sign-up page says which field is wrong, and the
//! console speaks the merchant's language.

use haat_e2e::{
    Browser, Shop, block_urls, click, devtools, eventually, fill, low_contrast, screenshot,
    set_viewport, sideways_overflow, wait_for, wait_for_text,
};
use serde_json::{Value, json};
use thirtyfour::prelude::*;

/// The sign-in link `haat-server shop create` printed.
fn printed_link(printed: &str) -> String {
    printed
        .split_whitespace()
        .find(|word| word.contains("/m/") && word.contains("#k="))
        .unwrap_or_else(|| panic!("a sign-in link in {printed}"))
        .to_owned()
}

async fn kept_secret(driver: &WebDriver, store: &str) -> Option<String> {
    driver
        .execute(
            "return localStorage.getItem('haat.console.' + arguments[0])",
            vec![serde_json::json!(store)],
        )
        .await
        .expect("storage")
        .convert::<Option<String>>()
        .expect("a string or null")
        .map(|kept| kept.trim_matches('"').to_owned())
}

#[tokio::test]
async fn a_shop_opened_from_the_command_line_signs_its_owner_in_from_its_link() {
    let shop = Shop::start().await;
    let printed = shop.create_shop_from_the_command_line(&[
        "--name",
        "Lakshmi Provisions",
        "--whatsapp",
        "98450 12345",
    ]);
    let link = printed_link(&printed);
    assert!(link.starts_with(&format!("{}/m/lakshmi-provisions#k=", shop.base)));
    let secret = link.rsplit("#k=").next().expect("a secret").to_owned();

    // The console's page is the owner's: never cached, indexed or framed, and runs only its own script.
    let page = reqwest::get(format!("{}/m/lakshmi-provisions", shop.base))
        .await
        .expect("the console's page");
    let header = |name: &str| {
        page.headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("cache-control"), "no-store");
    assert_eq!(header("x-robots-tag"), "noindex");
    let policy = header("content-security-policy");
    assert!(policy.ends_with("frame-ancestors 'none'"), "{policy}");
    assert!(!policy.contains("telegram.org"), "{policy}");

    let browser = Browser::start().await;
    let driver = &browser.driver;
    driver.goto(&link).await.expect("open the sign-in link");
    wait_for_text(driver, "h1", "Lakshmi Provisions").await;
    let url = driver.current_url().await.expect("url");
    assert_eq!(url.fragment(), None, "the secret leaves the address");
    assert_eq!(
        kept_secret(driver, "lakshmi-provisions").await.as_deref(),
        Some(secret.as_str())
    );
    let shop_link = wait_for(driver, ".shop-link").await;
    assert_eq!(
        shop_link.prop("value").await.expect("value").as_deref(),
        Some(format!("{}/s/lakshmi-provisions/", shop.base).as_str())
    );
    // The phone stays signed in.
    driver
        .goto(format!("{}/m/lakshmi-provisions", shop.base))
        .await
        .expect("open the console again");
    wait_for_text(driver, "h1", "Lakshmi Provisions").await;

    // A new link for another phone: the old one stops working, this phone stays in.
    click(driver, ".new-link").await;
    let new_link = wait_for(driver, ".sign-in-link").await;
    let new_link = eventually("the new link", || async {
        new_link
            .prop("value")
            .await
            .ok()
            .flatten()
            .filter(|link| link.contains("#k="))
    })
    .await;
    assert_ne!(new_link, link);
    let other_phone = Browser::start().await;
    let other = &other_phone.driver;
    other.goto(&link).await.expect("the old link");
    wait_for_text(other, "h1", "This sign-in link no longer works").await;
    other.goto(&new_link).await.expect("the new link");
    wait_for_text(other, "h1", "Lakshmi Provisions").await;
    // The shop's secret opens nothing of another shop: not its console, not one of its routes.
    let new_secret = new_link.rsplit("#k=").next().expect("a secret");
    other
        .goto(format!("{}/m/demo#k={new_secret}", shop.base))
        .await
        .expect("another shop's console");
    wait_for_text(other, "h1", "This sign-in link no longer works").await;
    let statuses = other
        .execute(
            "const secret = arguments[0];
             const ask = (method, path, body) => fetch('/api/stores/demo/' + path, {
               method, body, headers: {authorization: 'Bearer ' + secret, 'content-type': 'application/json'},
             }).then(answer => method + ' ' + path + ' ' + answer.status);
             return Promise.all([
               ask('GET', 'draft'), ask('GET', 'orders'), ask('GET', 'orders/summary'), ask('GET', 'merchant'),
               ask('GET', 'catalog.csv'), ask('GET', 'versions'), ask('GET', 'telegram-notices'),
               ask('PUT', 'draft', '{\"categories\": [], \"products\": []}'),
               ask('POST', 'draft/publish'), ask('POST', 'preview'), ask('POST', 'merchant/secret'),
               ask('POST', 'orders/1/status', '{\"status\": \"accepted\"}'),
             ]);",
            vec![serde_json::json!(new_secret)],
        )
        .await
        .expect("the demo shop's routes")
        .json()
        .clone();
    let statuses: Vec<String> = serde_json::from_value(statuses).expect("answers");
    assert_eq!(statuses.len(), 12);
    for answer in &statuses {
        assert!(answer.ends_with(" 401"), "{statuses:?}");
    }
    other_phone.quit().await;
    driver
        .goto(format!("{}/m/lakshmi-provisions", shop.base))
        .await
        .expect("back on the first phone");
    wait_for_text(driver, "h1", "Lakshmi Provisions").await;

    // Signing out forgets this phone.
    click(driver, ".sign-out").await;
    wait_for_text(driver, "h1", "You signed out").await;
    assert_eq!(kept_secret(driver, "lakshmi-provisions").await, None);
    driver.refresh().await.expect("reload");
    wait_for_text(driver, "h1", "Sign in to your shop").await;
    browser.quit().await;
}

#[tokio::test]
async fn a_shop_opened_from_the_sign_up_page_says_which_field_is_wrong() {
    let shop = Shop::start_with(|config| config.open_signup = true).await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    driver
        .goto(format!("{}/m/new", shop.base))
        .await
        .expect("open the sign-up page");
    fill(
        driver,
        &[("#field-name", "Meena Fruits"), ("#field-phone", "12345")],
    )
    .await;
    // The address follows the name.
    eventually("the suggested address", || async {
        let slug = driver.find(By::Css("#field-slug")).await.ok()?;
        let value = slug.prop("value").await.ok()??;
        (value == "meena-fruits").then_some(())
    })
    .await;
    click(driver, "form button[type=submit]").await;
    let said = wait_for(driver, ".field.invalid #field-phone-note").await;
    assert!(
        said.text().await.expect("text").contains("10-digit"),
        "the phone's problem, beside it"
    );
    let phone = wait_for(driver, "#field-phone").await;
    phone.clear().await.expect("clear");
    phone.send_keys("98450 12345").await.expect("type");
    click(driver, "form button[type=submit]").await;
    wait_for_text(driver, "h1", "Your shop is open").await;
    let link = wait_for(driver, ".sign-in-link").await;
    let link = link.prop("value").await.expect("value").expect("a link");
    assert!(
        link.starts_with(&format!("{}/m/meena-fruits#k=", shop.base)),
        "{link}"
    );
    click(driver, ".opened a[href='/m/meena-fruits']").await;
    wait_for_text(driver, "h1", "Meena Fruits").await;
    // Shoppers find it at once.
    let profile = reqwest::get(format!("{}/api/stores/meena-fruits", shop.base))
        .await
        .expect("the profile");
    assert_eq!(profile.status().as_u16(), 200);
    browser.quit().await;
}

#[tokio::test]
async fn the_sign_up_page_says_when_the_server_takes_no_sign_ups() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    driver
        .goto(format!("{}/m/new", shop.base))
        .await
        .expect("open the sign-up page");
    wait_for(driver, "main").await;
    eventually("the page says sign-ups are closed", || async {
        let text = driver.find(By::Css("main")).await.ok()?.text().await.ok()?;
        text.contains("only through the person who runs it")
            .then_some(())
    })
    .await;
    browser.quit().await;
}

/// Chooses `file` in the catalog's file input, as the owner picks it from the phone.
async fn choose_file(driver: &WebDriver, file: &std::path::Path) {
    wait_for(driver, ".choose .file")
        .await
        .send_keys(file.display().to_string())
        .await
        .expect("choose the file");
}

/// The names of the shop's products, as shoppers get them.
async fn shoppers_products(shop: &Shop, store: &str) -> Vec<String> {
    let catalog = shop.shoppers_catalog(store).await;
    catalog["products"]
        .as_array()
        .expect("products")
        .iter()
        .filter_map(|product| product["name"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_spreadsheet_goes_through_its_plan_into_the_draft_then_live_and_back() {
    let shop = Shop::start().await;
    let printed = shop.create_shop_from_the_command_line(&[
        "--name",
        "Ravi Stores",
        "--whatsapp",
        "98450 12345",
    ]);
    let files = tempfile::tempdir().expect("a folder for the files");
    let bad = files.path().join("catalog.csv");
    std::fs::write(
        &bad,
        "name,category,pack,price,stock\nPoha,Breakfast,500 g,48,20\nSugar,Staples,1 kg,forty,10\n",
    )
    .expect("the file");

    let browser = Browser::start().await;
    let driver = &browser.driver;
    driver.goto(printed_link(&printed)).await.expect("sign in");
    wait_for_text(driver, "h1", "Ravi Stores").await;
    wait_for_text(driver, ".catalog .state", "0 products · All live").await;

    // One bad row: the plan names it, and nothing is imported.
    choose_file(driver, &bad).await;
    let problem = wait_for(driver, ".problems li[data-line='3']").await;
    let text = problem.text().await.expect("text");
    assert!(text.contains("price") && text.contains("forty"), "{text}");
    assert!(
        driver.find(By::Css(".plan .apply")).await.is_err(),
        "no import while a row fails"
    );
    // The file back with its problems beside each row, to fix in the spreadsheet.
    let downloads = tempfile::tempdir().expect("a folder for downloads");
    devtools(
        driver,
        vec![(
            "Browser.setDownloadBehavior",
            serde_json::json!({"behavior": "allow", "downloadPath": downloads.path()}),
        )],
    )
    .await;
    click(driver, ".plan .with-errors").await;
    let saved = downloads.path().join("catalog-with-errors.csv");
    let back = eventually("the file with its errors is saved", || async {
        std::fs::read_to_string(&saved)
            .ok()
            .filter(|text| text.lines().count() == 3)
    })
    .await;
    let back = back
        .strip_prefix('\u{feff}')
        .expect("a byte order mark, for Excel");
    let lines: Vec<&str> = back.lines().collect();
    assert_eq!(lines[0], "name,category,pack,price,stock,errors");
    assert!(
        lines[2].contains("forty") && lines[2].contains("price: "),
        "{back}"
    );

    // Fixed, chosen again: two new products, into the draft, unseen by shoppers.
    let fixed = files.path().join("catalog-fixed.csv");
    std::fs::write(
        &fixed,
        "name,category,pack,price,stock\nPoha,Breakfast,500 g,48,20\nSugar,Staples,1 kg,45,10\n",
    )
    .expect("the file");
    choose_file(driver, &fixed).await;
    wait_for_text(
        driver,
        ".plan .summary",
        "catalog-fixed.csv: 2 new, 0 changed, 0 unchanged.",
    )
    .await;
    click(driver, ".plan .apply").await;
    wait_for_text(
        driver,
        ".catalog .state",
        "2 products · Changes not published yet",
    )
    .await;
    assert_eq!(
        shoppers_products(&shop, "ravi-stores").await,
        Vec::<String>::new()
    );

    // Published: shoppers see it. Version 1, the empty catalog, made live again: gone.
    click(driver, ".publish").await;
    wait_for_text(
        driver,
        ".catalog .done",
        "Published: shoppers now see version 2.",
    )
    .await;
    assert_eq!(
        shoppers_products(&shop, "ravi-stores").await,
        ["Poha", "Sugar"]
    );
    click(driver, ".versions li[data-version='1'] .restore").await;
    wait_for_text(
        driver,
        ".catalog .done",
        "Version 1 is live again (as version 3).",
    )
    .await;
    assert_eq!(
        shoppers_products(&shop, "ravi-stores").await,
        Vec::<String>::new()
    );
    browser.quit().await;
}

/// What `script` returns in the first preview frame's page.
async fn first_frame_says(driver: &WebDriver, script: &str) -> Value {
    let frame = wait_for(driver, ".frame iframe").await;
    frame.enter_frame().await.expect("the first frame");
    let said = driver
        .execute(script, Vec::new())
        .await
        .map(|said| said.json().clone());
    driver
        .enter_default_frame()
        .await
        .expect("back from the frame");
    said.expect("the script runs in the frame")
}

/// Waits until the first preview frame's `css` reads `expected` (the frame shows a change once saved).
async fn in_first_frame(driver: &WebDriver, css: &str, expected: &str) {
    eventually(
        &format!("the preview frame's {css} reads {expected:?}"),
        || async {
            let frame = driver.find(By::Css(".frame iframe")).await.ok()?;
            frame.enter_frame().await.ok()?;
            let text = match driver.find(By::Css(css)).await {
                Ok(found) => found.text().await.ok(),
                Err(_) => None,
            };
            driver.enter_default_frame().await.ok()?;
            text.filter(|text| text.contains(expected)).map(|_| ())
        },
    )
    .await;
}

/// Types `text` in place of what the field holds.
async fn retype(driver: &WebDriver, css: &str, text: &str) {
    let field = wait_for(driver, css).await;
    field
        .send_keys(Key::Control + "a")
        .await
        .expect("select the old text");
    field.send_keys(text).await.expect("type");
}

/// The shop's products as shoppers get them: name, category and first pack's price in paise.
async fn shoppers_shelf(shop: &Shop, store: &str) -> Vec<(String, String, i64)> {
    let catalog = shop.shoppers_catalog(store).await;
    catalog["products"]
        .as_array()
        .expect("products")
        .iter()
        .map(|product| {
            (
                product["name"].as_str().unwrap_or_default().to_owned(),
                product["category"].as_str().unwrap_or_default().to_owned(),
                product["variants"][0]["price"].as_i64().unwrap_or_default(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_catalog_is_made_on_the_phone_one_product_and_category_at_a_time() {
    let shop = Shop::start().await;
    let printed = shop.create_shop_from_the_command_line(&[
        "--name",
        "Meena Fruits",
        "--whatsapp",
        "98450 12345",
    ]);
    let browser = Browser::start().await;
    let driver = &browser.driver;
    set_viewport(driver, 360, 640).await;
    driver.goto(printed_link(&printed)).await.expect("sign in");
    wait_for_text(driver, "h1", "Meena Fruits").await;
    wait_for_text(driver, ".products .hint", "Add a category first").await;

    // Two categories, saved in the draft: the second typed and saved at once, without "Add".
    click(driver, ".edit-categories").await;
    fill(driver, &[("[name='new-category']", "Fruits")]).await;
    click(driver, ".add-category").await;
    fill(driver, &[("[name='new-category']", "Vegetables")]).await;
    click(driver, ".save-categories").await;
    wait_for_text(driver, ".catalog .done", "Your categories are saved").await;
    wait_for_text(driver, ".categories p", "Fruits · Vegetables").await;

    // A product: a price that is not one is named beside its field, and nothing is saved. A new pack
    // is not counted until the merchant says how many there are.
    click(driver, ".add-product").await;
    click(
        driver,
        "[name='variants[0].stock_mode'] option[value='counted']",
    )
    .await;
    fill(
        driver,
        &[
            ("[name='name']", "Dragon Fruit"),
            ("[name='description']", "Pink inside.\nFrom Pune's farms."),
            ("[name='variants[0].label']", "1 pc"),
            ("[name='variants[0].price']", "ninety"),
            ("[name='variants[0].stock']", "12"),
        ],
    )
    .await;
    assert_eq!(sideways_overflow(driver).await, Vec::<String>::new());
    assert_eq!(low_contrast(driver).await, Vec::<String>::new());
    screenshot(driver, "console-product-form.png").await;
    click(driver, ".save-product").await;
    wait_for_text(
        driver,
        ".field.invalid .error",
        "A price is a number of rupees",
    )
    .await;
    retype(driver, "[name='variants[0].price']", "90").await;
    // A photo from the gallery: sent at once, shown in the form.
    let photo = photo_file(1200, 900);
    wait_for(driver, ".choose-photo .file")
        .await
        .send_keys(photo.path().display().to_string())
        .await
        .expect("choose the photo");
    wait_for(driver, ".photo-preview").await;
    click(driver, ".save-product").await;
    wait_for_text(
        driver,
        ".catalog .done",
        "“Dragon Fruit” is saved in your draft",
    )
    .await;
    wait_for_text(
        driver,
        ".catalog .state",
        "1 product · Changes not published yet",
    )
    .await;
    assert_eq!(shoppers_shelf(&shop, "meena-fruits").await, []);

    // The preview: the storefront drawn from the draft, in phone frames, and a link that only shows.
    click(driver, ".show-preview").await;
    let address = wait_for(driver, ".preview-link")
        .await
        .value()
        .await
        .expect("value")
        .expect("the preview's link");
    assert!(address.contains("/s/meena-fruits?preview="), "{address}");
    in_first_frame(driver, "h3.name", "Dragon Fruit").await;
    // Dressed as the messengers show it: WhatsApp's bar and the keyboard take their height, and in
    // Telegram's frame the page's main button is Telegram's, pressed from the frame.
    for (host, height) in [
        ("whatsapp", "584"),
        ("keyboard", "380"),
        ("telegram", "544"),
    ] {
        let page = wait_for(driver, &format!(".frame[data-host='{host}'] iframe")).await;
        assert_eq!(
            page.attr("height").await.expect("height").as_deref(),
            Some(height)
        );
    }
    eventually("the Telegram frame's page runs", || async {
        let frame = driver
            .find(By::Css(".frame[data-host='telegram'] iframe"))
            .await
            .ok()?;
        frame.enter_frame().await.ok()?;
        // The frame is drawn at half its size, which WebDriver's pointer does not follow: the page's
        // button is pressed as a tap would press it, from the page.
        let added = match driver
            .find(By::Css(
                "html[data-ready] li[data-product='dragon-fruit'] .add",
            ))
            .await
        {
            Ok(add) => driver
                .execute("arguments[0].click()", vec![add.to_json().ok()?])
                .await
                .ok(),
            Err(_) => None,
        };
        driver.enter_default_frame().await.ok()?;
        added
    })
    .await;
    wait_for_text(driver, ".frame[data-host='telegram'] .tg-main", "1 item").await;
    click(driver, ".frame[data-host='telegram'] .tg-main").await;
    wait_for_text(driver, ".frame[data-host='telegram'] .tg-back", "Back").await;
    wait_for_text(driver, ".frame[data-host='telegram'] .tg-main", "Checkout").await;
    // The page's own checkout button gives way to Telegram's.
    let frame = wait_for(driver, ".frame[data-host='telegram'] iframe").await;
    frame.enter_frame().await.expect("the Telegram frame");
    let shown = wait_for(driver, ".checkout")
        .await
        .is_displayed()
        .await
        .expect("shown or not");
    driver
        .enter_default_frame()
        .await
        .expect("back to the console");
    assert!(!shown, "Telegram draws the checkout button, not the page");
    screenshot(driver, "console-preview-telegram.png").await;
    // Telegram's main button spans the phone, as in Telegram.
    let widths: Vec<f64> = serde_json::from_value(
        driver
            .execute(
                "const button = document.querySelector(\".frame[data-host='telegram'] .tg-main\"); \
                 return [button.offsetWidth, button.parentElement.offsetWidth];",
                Vec::new(),
            )
            .await
            .expect("the widths")
            .json()
            .clone(),
    )
    .expect("two widths");
    assert_eq!(widths, [360.0, 360.0]);
    let preview = reqwest::get(&address).await.expect("the preview");
    assert_eq!(preview.status(), 200);
    assert_eq!(preview.headers()["cache-control"], "no-store");
    assert_eq!(preview.headers()["x-robots-tag"], "noindex");
    let html = preview.text().await.expect("html");
    assert!(html.contains("Dragon Fruit") && html.contains("Preview of your changes"));
    assert!(
        html.contains("type=\"module\"") && html.contains("Orders placed here are tests"),
        "the app runs in a preview, and its orders are tests"
    );
    let live = reqwest::get(format!("{}/s/meena-fruits", shop.base))
        .await
        .expect("the shop")
        .text()
        .await
        .expect("html");
    assert!(
        !live.contains("Dragon Fruit"),
        "shoppers see none of the draft"
    );
    let forged = reqwest::get(format!(
        "{}0",
        address.trim_end_matches(char::is_alphanumeric)
    ))
    .await
    .expect("a forged preview");
    assert_eq!(forged.status(), 403);

    click(driver, ".publish").await;
    wait_for_text(driver, ".catalog .done", "Published").await;
    assert_eq!(
        shoppers_shelf(&shop, "meena-fruits").await,
        [("Dragon Fruit".to_owned(), "fruits".to_owned(), 9_000)]
    );
    // Shoppers' list shows the photo's small square, the product's page the larger picture.
    let image = shoppers_image(&shop, "meena-fruits").await;
    assert!(
        image.starts_with("/photos/meena-fruits/") && image.ends_with("-720.jpg"),
        "{image}"
    );
    driver
        .goto(format!("{}/s/meena-fruits", shop.base))
        .await
        .expect("the shop");
    let thumbnail = wait_for(driver, ".thumb img")
        .await
        .attr("src")
        .await
        .expect("src")
        .expect("a src");
    assert!(thumbnail.ends_with("-160.jpg"), "{thumbnail}");
    let page = reqwest::get(format!("{}/s/meena-fruits/p/dragon-fruit", shop.base))
        .await
        .expect("the product's page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("Pink inside.\nFrom Pune&#x27;s farms.")
            || page.contains("Pink inside.\nFrom Pune's farms."),
        "the description on the product's page"
    );
    let served = reqwest::get(format!("{}{thumbnail}", shop.base))
        .await
        .expect("the thumbnail");
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    driver.back().await.expect("back to the console");
    // Opened afresh: the browser may bring the console back as it was left (its back-forward cache),
    // preview and all, or load it again, as it sees fit.
    driver.refresh().await.expect("the console again");
    wait_for_text(driver, "h1", "Meena Fruits").await;
    click(driver, ".show-preview").await;
    in_first_frame(driver, ".price .now", "₹90").await;

    // The storefront runs in the frame: a change saved later shows in this very page, not a new one.
    eventually("the first frame's app runs", || async {
        first_frame_says(driver, "return 'ready' in document.documentElement.dataset")
            .await
            .as_bool()
            .filter(|ready| *ready)
    })
    .await;
    first_frame_says(driver, "window.shownBefore = true").await;

    // Found by name, a new price typed as people type it; the server's word on the MRP beside it.
    fill(driver, &[(".find", "dragon")]).await;
    click(driver, ".product-rows .row[data-product='dragon-fruit']").await;
    retype(driver, "[name='variants[0].price']", "₹95.50").await;
    fill(driver, &[("[name='variants[0].mrp']", "80")]).await;
    click(driver, ".save-product").await;
    wait_for_text(
        driver,
        ".field.invalid .error",
        "The MRP is at least the price.",
    )
    .await;
    retype(driver, "[name='variants[0].mrp']", "99").await;
    click(driver, ".save-product").await;
    wait_for_text(driver, ".catalog .done", "“Dragon Fruit” is saved").await;
    // Before publishing: what it will change.
    wait_for_text(
        driver,
        ".changes.coming",
        "Dragon Fruit, 1 pc: price 90 → 95.50; mrp — → 99",
    )
    .await;
    // The preview's frames show the draft again: the new price shows, in the page that was there.
    in_first_frame(driver, ".price .now", "₹95.50").await;
    assert_eq!(
        first_frame_says(driver, "return window.shownBefore === true").await,
        json!(true),
        "the frame's page stayed"
    );
    wait_for(driver, ".frames")
        .await
        .scroll_into_view()
        .await
        .expect("scroll");
    screenshot(driver, "console-preview.png").await;

    // Fruits removed: its product moves where the owner says.
    click(driver, ".edit-categories").await;
    click(
        driver,
        ".category-row[data-category='fruits'] .remove-category",
    )
    .await;
    click(driver, ".save-categories").await;
    wait_for_text(
        driver,
        ".category-row .error",
        "choose the category they move to",
    )
    .await;
    click(
        driver,
        "[name='move_products.fruits'] option[value='vegetables']",
    )
    .await;
    screenshot(driver, "console-categories.png").await;
    click(driver, ".save-categories").await;
    wait_for_text(driver, ".categories p", "Vegetables").await;
    click(driver, ".publish").await;
    wait_for_text(driver, ".catalog .done", "Published").await;
    assert_eq!(
        shoppers_shelf(&shop, "meena-fruits").await,
        [("Dragon Fruit".to_owned(), "vegetables".to_owned(), 9_550)]
    );
    // After: what that version changed, kept with it.
    click(driver, ".versions li[data-version='3'] .what-changed").await;
    wait_for_text(driver, ".version-changes", "category Fruits → Vegetables").await;
    wait_for_text(driver, ".version-changes", "price 90 → 95.50").await;

    // Hidden: kept in the catalog, gone from the shop. Shown again, sold out until a moment to come.
    click(driver, ".product-rows .row[data-product='dragon-fruit']").await;
    click(driver, "[name='visible']").await;
    wait_for_text(driver, ".hidden-note", "Hidden: it stays in your catalog").await;
    click(driver, ".save-product").await;
    wait_for_text(
        driver,
        ".product-rows .row[data-product='dragon-fruit'] .tag",
        "hidden",
    )
    .await;
    click(driver, ".publish").await;
    wait_for_text(driver, ".catalog .done", "Published").await;
    assert_eq!(shoppers_shelf(&shop, "meena-fruits").await, []);
    click(driver, ".product-rows .row[data-product='dragon-fruit']").await;
    click(driver, "[name='visible']").await;
    click(
        driver,
        "[name='variants[0].stock_mode'] option[value='sold-out']",
    )
    .await;
    let back = wait_for(driver, "[name='variants[0].stock']").await;
    // Sold out until the next 8 am, unless the owner says when.
    eventually("the field offers the next 8 am", || async {
        let offered = back.value().await.ok()??;
        offered.ends_with("T08:00").then_some(())
    })
    .await;
    driver
        .execute(
            "arguments[0].value = '2099-01-01T08:00'; \
             arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
            vec![back.to_json().expect("the field")],
        )
        .await
        .expect("type the moment");
    click(driver, ".save-product").await;
    wait_for_text(
        driver,
        ".product-rows .row[data-product='dragon-fruit']",
        "(sold out until Thu, 1 Jan, 8:00\u{202f}am)",
    )
    .await;
    click(driver, ".publish").await;
    wait_for_text(driver, ".catalog .done", "Published").await;
    let catalog = shop.shoppers_catalog("meena-fruits").await;
    assert_eq!(catalog["products"][0]["variants"][0]["max_quantity"], 0);

    // Removed, after a second tap.
    click(driver, ".product-rows .row[data-product='dragon-fruit']").await;
    click(driver, ".remove-product").await;
    wait_for_text(driver, ".remove-product", "Tap again to remove").await;
    click(driver, ".remove-product").await;
    wait_for_text(
        driver,
        ".catalog .done",
        "“Dragon Fruit” is out of your draft",
    )
    .await;
    click(driver, ".publish").await;
    wait_for_text(driver, ".catalog .done", "Published").await;
    assert_eq!(shoppers_shelf(&shop, "meena-fruits").await, []);
    browser.quit().await;
}

#[tokio::test]
async fn shop_settings_are_changed_on_the_phone_and_live_at_once() {
    let shop = Shop::start().await;
    let printed = shop.create_shop_from_the_command_line(&[
        "--name",
        "Ravi Stores",
        "--whatsapp",
        "98450 12345",
    ]);
    let browser = Browser::start().await;
    let driver = &browser.driver;
    set_viewport(driver, 360, 640).await;
    driver.goto(printed_link(&printed)).await.expect("sign in");
    wait_for_text(driver, "h1", "Ravi Stores").await;
    wait_for_text(driver, ".settings .summary", "Delivery ₹0 · cash").await;

    click(driver, ".edit-settings").await;
    retype(driver, "[name='name']", "Ravi General Stores").await;
    retype(driver, "[name='delivery_fee']", "30").await;
    fill(
        driver,
        &[
            ("[name='free_delivery_from']", "499"),
            ("[name='delivery_pincodes']", "560038, 5600"),
        ],
    )
    .await;
    click(driver, ".add-slot").await;
    fill(
        driver,
        &[("[name='delivery_slots[0].label']", "Evening, 5–8 pm")],
    )
    .await;
    click(driver, "[name='upi_now']").await;
    assert_eq!(sideways_overflow(driver).await, Vec::<String>::new());
    assert_eq!(low_contrast(driver).await, Vec::<String>::new());
    screenshot(driver, "console-settings.png").await;
    click(driver, ".save-settings").await;
    // The server's word, beside each field it names.
    wait_for_text(
        driver,
        ".settings-form .notice",
        "each is named beside its field",
    )
    .await;
    let pincodes = wait_for(driver, "#field-delivery_pincodes-note").await;
    assert!(
        pincodes.text().await.expect("text").contains("six digits"),
        "the pincode's problem is beside it"
    );
    wait_for_text(driver, "#field-upi_id-note", "Enter the UPI id").await;
    assert_eq!(
        shoppers_profile(&shop, "ravi-stores").await["name"],
        "Ravi Stores",
        "nothing was kept"
    );

    retype(driver, "[name='delivery_pincodes']", "560038").await;
    fill(driver, &[("[name='upi_id']", "ravi@okbank")]).await;
    click(driver, ".save-settings").await;
    wait_for_text(driver, ".settings .done", "Your settings are saved").await;
    wait_for_text(driver, "h1", "Ravi General Stores").await;
    wait_for_text(
        driver,
        ".settings .summary",
        "Delivery ₹30, free from ₹499 · cash, UPI",
    )
    .await;
    let profile = shoppers_profile(&shop, "ravi-stores").await;
    assert_eq!(profile["name"], "Ravi General Stores");
    assert_eq!(profile["delivery_fee"], 3_000);
    assert_eq!(profile["free_delivery_from"], 49_900);
    assert_eq!(profile["delivery_pincodes"], serde_json::json!(["560038"]));
    assert_eq!(profile["delivery_slots"][0]["label"], "Evening, 5–8 pm");
    assert_eq!(
        profile["payment_methods"],
        serde_json::json!(["cash", "upi_now"])
    );

    // New orders in the shop's Telegram chat, through its own bot: set up on the phone; the token is
    // never shown again, nor sent to shoppers.
    const BOT_TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    click(driver, ".set-up-telegram").await;
    fill(
        driver,
        &[
            ("[name='bot_token']", BOT_TOKEN),
            ("[name='chat_id']", "-1001234567890"),
        ],
    )
    .await;
    click(driver, ".save-telegram").await;
    wait_for_text(
        driver,
        ".telegram .done",
        "new orders now come to your Telegram chat",
    )
    .await;
    wait_for_text(
        driver,
        ".telegram .summary",
        "chat -1001234567890 through your bot (id 123456789)",
    )
    .await;
    let page_source = driver.source().await.expect("the console's page");
    assert!(
        !page_source.contains(BOT_TOKEN),
        "the token is not shown again"
    );
    let profile = shoppers_profile(&shop, "ravi-stores").await.to_string();
    assert!(!profile.contains("AAHdqTcv"), "nor sent to shoppers");

    // Closed until the owner opens it again: the shop's page says so, even to a link-preview bot. And
    // the shop's own photo, which its header and its link's preview show.
    click(driver, ".edit-settings").await;
    let logo = photo_file(600, 600);
    wait_for(driver, ".photo-logo .choose-photo .file")
        .await
        .send_keys(logo.path().display().to_string())
        .await
        .expect("choose the shop's photo");
    wait_for(driver, ".photo-logo .photo-preview").await;
    click(driver, "[name='closed']").await;
    wait_for(driver, "[name='closed.until_ms']").await;
    click(driver, ".save-settings").await;
    wait_for_text(driver, ".settings .summary", "Closed · Delivery ₹30").await;
    let page = reqwest::get(format!("{}/s/ravi-stores", shop.base))
        .await
        .expect("the shop's page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("Closed for now. Orders open when the shop does."),
        "the rendered page says the shop is closed"
    );
    let logo = shoppers_profile(&shop, "ravi-stores").await["logo"]
        .as_str()
        .expect("the shop's photo is kept")
        .to_owned();
    assert!(logo.starts_with("/photos/ravi-stores/"), "{logo}");
    assert!(
        page.contains(&format!(
            "<meta property=\"og:image\" content=\"{}{logo}\">",
            shop.base
        )),
        "a shared link shows the shop's photo"
    );
    driver
        .goto(format!("{}/s/ravi-stores", shop.base))
        .await
        .expect("the shop");
    wait_for_text(driver, ".shop-head .closed", "Closed for now").await;
    let header_logo = wait_for(driver, ".shop-head img.logo")
        .await
        .attr("src")
        .await
        .expect("attribute")
        .unwrap_or_default();
    assert!(
        header_logo.ends_with("-160.jpg"),
        "the header shows the small square: {header_logo}"
    );
    browser.quit().await;
}

/// A photo as a phone's gallery has one: a JPEG of `width` × `height`.
fn photo_file(width: u32, height: u32) -> tempfile::NamedTempFile {
    let photo = tempfile::Builder::new()
        .suffix(".jpg")
        .tempfile()
        .expect("a photo file");
    image::RgbImage::from_pixel(width, height, image::Rgb([200, 40, 90]))
        .save_with_format(photo.path(), image::ImageFormat::Jpeg)
        .expect("the photo");
    photo
}

/// The first product's image, as shoppers get the catalog.
async fn shoppers_image(shop: &Shop, store: &str) -> String {
    let catalog = shop.shoppers_catalog(store).await;
    catalog["products"][0]["image"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Whether the inbox is chiming for a waiting order (`data-ringing`).
async fn ringing(driver: &WebDriver) -> String {
    wait_for(driver, ".orders")
        .await
        .attr("data-ringing")
        .await
        .expect("attribute")
        .unwrap_or_default()
}

async fn shoppers_profile(shop: &Shop, store: &str) -> serde_json::Value {
    reqwest::get(format!("{}/api/stores/{store}", shop.base))
        .await
        .expect("the shop")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn a_new_order_appears_in_the_open_inbox_and_is_worked_from_it() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    sign_in_to_the_demo_shop(driver, &shop).await;
    wait_for_text(driver, "h1", "Sharma Kirana Store").await;
    wait_for_text(driver, ".orders .hint:last-of-type", "No new orders").await;
    click(driver, ".start-taking").await;
    wait_for_text(driver, ".orders .taking", "Taking orders").await;
    assert_eq!(ringing(driver).await, "false", "nothing waits yet");

    // A shopper orders while the inbox is open: it arrives without a reload, counted in the title, and
    // chimes until it is opened.
    let placed: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/api/stores/demo/orders", shop.base))
        .json(&serde_json::json!({
            "customer": {"name": "Asha Rao", "phone": "98450 12345",
                         "address": "12, 3rd Cross, Indiranagar", "pincode": "560038"},
            "lines": [{"product": "paneer", "variant": "200g", "quantity": 2}]
        }))
        .send()
        .await
        .expect("an order")
        .json()
        .await
        .expect("json");
    let id = placed["order"]["id"].as_i64().expect("an id");
    let row = format!(".order-row[data-order='{id}']");
    wait_for_text(driver, &format!("{row} .name"), "Asha Rao").await;
    eventually("the title counts the new order", || async {
        let title = driver.title().await.ok()?;
        title.starts_with("(1) New orders").then_some(())
    })
    .await;

    eventually("a waiting order rings", || async {
        (ringing(driver).await == "true").then_some(())
    })
    .await;
    // Found by its number, not by another name.
    fill(driver, &[(".find-order", "#nobody")]).await;
    eventually("a search for no one finds nothing", || async {
        driver.find(By::Css(&row)).await.is_err().then_some(())
    })
    .await;
    retype(driver, ".find-order", &format!("#{id}")).await;
    wait_for(driver, &row).await;
    // And by the whole name, typed key by key: the space before the second word stays.
    retype(driver, ".find-order", "Asha Rao").await;
    wait_for(driver, &row).await;
    assert_eq!(
        wait_for(driver, ".find-order")
            .await
            .prop("value")
            .await
            .expect("the search")
            .as_deref(),
        Some("Asha Rao")
    );

    // Opened, accepted: the ringing stops, the shopper's order moves on, and it leaves the new orders.
    click(driver, &format!("{row} .row")).await;
    eventually("an opened order stops ringing", || async {
        (ringing(driver).await == "false").then_some(())
    })
    .await;
    wait_for_text(driver, &format!("{row} .lines"), "Paneer").await;
    screenshot(driver, "console-inbox.png").await;
    click(driver, &format!("{row} .step[data-status='accepted']")).await;
    let search = wait_for(driver, ".find-order").await;
    search
        .send_keys(Key::Control + "a")
        .await
        .expect("select the search");
    search
        .send_keys(Key::Backspace)
        .await
        .expect("clear the search");
    wait_for_text(driver, ".orders .hint:last-of-type", "No new orders").await;
    let orders: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/api/stores/demo/orders", shop.base))
        .bearer_auth(haat_e2e::MERCHANT_TOKEN)
        .send()
        .await
        .expect("the orders")
        .json()
        .await
        .expect("json");
    assert_eq!(orders["orders"][0]["status"], "accepted");
    click(driver, ".tab:nth-child(2)").await;
    wait_for_text(driver, &format!("{row} .name"), "Asha Rao").await;
    // One tap to tell the customer, in their WhatsApp chat, with where the order stands.
    let tell = wait_for(driver, &format!("{row} .tell-customer"))
        .await
        .attr("href")
        .await
        .expect("href")
        .expect("a link");
    assert!(
        tell.starts_with("https://wa.me/919845012345?text=")
            && tell.contains("accepted%20your%20order"),
        "{tell}"
    );

    browser.quit().await;
}

/// The demo shop's console on a 360 px phone, signed in from the owner's link.
#[tokio::test]
async fn the_open_inbox_gets_orders_after_this_phone_makes_a_new_sign_in_link() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    sign_in_to_the_demo_shop(driver, &shop).await;
    // The feed is open: an order arrives through it.
    let (first, _) = shopper_orders(&shop, "First Shopper").await;
    wait_for_text(
        driver,
        &format!(".order-row[data-order='{first}'] .name"),
        "First Shopper",
    )
    .await;

    // A new link for another phone: the server ends the feed opened with the old secret, and the
    // browser's own reconnection with it is refused (401), which closes an `EventSource` for good.
    click(driver, ".new-link").await;
    eventually("the new link", || async {
        let link = driver.find(By::Css(".sign-in-link")).await.ok()?;
        link.prop("value")
            .await
            .ok()
            .flatten()
            .filter(|link| link.contains("#k="))
    })
    .await;
    let (next, _) = shopper_orders(&shop, "Next Shopper").await;
    wait_for_text(
        driver,
        &format!(".order-row[data-order='{next}'] .name"),
        "Next Shopper",
    )
    .await;
    assert!(
        driver.find(By::Css(".orders .notice")).await.is_err(),
        "no problem shown: this phone is still signed in"
    );
    browser.quit().await;
}

#[tokio::test]
async fn a_product_saved_is_said_saved_even_when_the_draft_cannot_be_read_again() {
    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    sign_in_to_the_demo_shop(driver, &shop).await;
    wait_for_text(driver, "h1", "Sharma Kirana Store").await;
    click(driver, ".add-product").await;
    fill(
        driver,
        &[
            ("[name='name']", "Jackfruit"),
            ("[name='variants[0].label']", "1 pc"),
            ("[name='variants[0].price']", "90"),
        ],
    )
    .await;
    // The save reaches the shop; reading the draft again after it does not (its published versions
    // are read with it).
    block_urls(driver, &["*/api/stores/demo/versions*"]).await;
    click(driver, ".save-product").await;
    wait_for(driver, ".catalog .notice").await;
    wait_for_text(
        driver,
        ".catalog .done",
        "“Jackfruit” is saved in your draft",
    )
    .await;
    browser.quit().await;
}

async fn sign_in_to_the_demo_shop(driver: &WebDriver, shop: &Shop) {
    set_viewport(driver, 360, 640).await;
    driver
        .goto(format!(
            "{}/m/demo#k={}",
            shop.base,
            haat_e2e::MERCHANT_TOKEN
        ))
        .await
        .expect("sign in");
}

/// An order for a bag of atta from `name`, through the API as the storefront places it: its id and
/// the shopper's token.
async fn shopper_orders(shop: &Shop, name: &str) -> (i64, String) {
    let atta = serde_json::json!([{"product": "wheat-atta", "variant": "5kg", "quantity": 1}]);
    shopper_orders_lines(shop, name, atta).await
}

/// An order of `lines` from `name`, as [`shopper_orders`].
async fn shopper_orders_lines(shop: &Shop, name: &str, lines: serde_json::Value) -> (i64, String) {
    shop.place_order(name, lines, "").await
}

async fn rows(driver: &WebDriver) -> usize {
    driver
        .find_all(By::Css(".order-row"))
        .await
        .map_or(0, |rows| rows.len())
}

#[tokio::test]
async fn the_inbox_pages_hundreds_of_orders_refuses_with_a_reason_and_outlives_a_cut_feed() {
    let mut shop = Shop::start().await;
    // Atta not counted, so hundreds of orders can take it; 510 of 520 cancelled by their shoppers.
    let untracked = shop
        .client
        .patch(format!(
            "{}/api/stores/demo/products/wheat-atta/variants/5kg",
            shop.base
        ))
        .bearer_auth(haat_e2e::MERCHANT_TOKEN)
        .json(&serde_json::json!({"stock": "untracked"}))
        .send()
        .await
        .expect("stock");
    assert!(untracked.status().is_success());
    let mut placed = Vec::new();
    for at in 0..520 {
        placed.push(shopper_orders(&shop, &format!("Shopper {at}")).await);
    }
    for (id, token) in &placed[..510] {
        let cancelled = shop
            .client
            .post(format!("{}/api/orders/{id}/cancel", shop.base))
            .bearer_auth(token)
            .send()
            .await
            .expect("a cancel");
        assert!(cancelled.status().is_success());
    }

    let browser = Browser::start().await;
    let driver = &browser.driver;
    sign_in_to_the_demo_shop(driver, &shop).await;
    wait_for_text(driver, ".tab:nth-child(1)", "New (10)").await;

    // The cancelled orders, fifty at a time, until the first.
    click(driver, ".tab:nth-child(5)").await;
    let mut shown = 0;
    while shown < 510 {
        let before = shown;
        shown = eventually("another page of cancelled orders", || async {
            let now = rows(driver).await;
            (now > before).then_some(now)
        })
        .await;
        assert!(shown - before <= 50, "a page is fifty orders");
        if shown < 510 {
            click(driver, ".older").await;
        }
    }
    assert_eq!(shown, 510);
    assert!(
        driver.find(By::Css(".older")).await.is_err(),
        "no page after the first order"
    );
    // The first order, found by its number among them all.
    let first = placed[0].0;
    fill(driver, &[(".find-order", &format!("#{first}"))]).await;
    wait_for_text(
        driver,
        &format!(".order-row[data-order='{first}'] .name"),
        "Shopper 0",
    )
    .await;
    eventually("only the order searched for", || async {
        (rows(driver).await == 1).then_some(())
    })
    .await;
    let search = wait_for(driver, ".find-order").await;
    search.send_keys(Key::Control + "a").await.expect("select");
    search.send_keys(Key::Backspace).await.expect("clear");

    // The newest order refused: the area is not served, which the shopper's page says.
    click(driver, ".tab:nth-child(1)").await;
    let (refused, refused_token) = placed[519].clone();
    let row = format!(".order-row[data-order='{refused}']");
    click(driver, &format!("{row} .row")).await;
    click(driver, &format!("{row} .step[data-status='rejected']")).await;
    click(driver, &format!("{row} input[value='area_not_served']")).await;
    click(driver, &format!("{row} .reject")).await;
    wait_for_text(driver, ".tab:nth-child(1)", "New (9)").await;

    // Another accepted and paid by UPI.
    let (paid, _) = placed[518].clone();
    let row = format!(".order-row[data-order='{paid}']");
    click(driver, &format!("{row} .row")).await;
    click(driver, &format!("{row} .step[data-status='accepted']")).await;
    // Still open under "To pack".
    click(driver, ".tab:nth-child(2)").await;
    click(driver, &format!("{row} .paid-upi")).await;
    wait_for_text(driver, &format!("{row} .paid"), "Paid by UPI at").await;
    let orders = shop.merchant_orders().await;
    let kept = orders
        .iter()
        .find(|order| order.id == paid)
        .expect("the order");
    assert_eq!(kept.paid.map(|paid| paid.via), Some(haat_api::PaidVia::Upi));

    // The server goes away and comes back (a deploy, a dropped network): an order placed as it
    // returns is in the inbox without a reload.
    click(driver, ".tab:nth-child(1)").await;
    shop.stop().await;
    shop.restart().await;
    let (late, _) = shopper_orders(&shop, "Late Shopper").await;
    wait_for_text(
        driver,
        &format!(".order-row[data-order='{late}'] .name"),
        "Late Shopper",
    )
    .await;

    driver
        .goto(format!(
            "{}/s/demo/orders/{refused}#t={refused_token}",
            shop.base
        ))
        .await
        .expect("the shopper's page");
    wait_for_text(
        driver,
        ".confirmation .refusal",
        "The shop does not deliver to your area.",
    )
    .await;
    browser.quit().await;
}

/// Moves the demo shop's order `id` to `status`, as the console would.
async fn move_to(shop: &Shop, id: i64, status: &str) {
    let moved = shop
        .client
        .post(format!("{}/api/stores/demo/orders/{id}/status", shop.base))
        .bearer_auth(haat_e2e::MERCHANT_TOKEN)
        .json(&serde_json::json!({ "status": status }))
        .send()
        .await
        .expect("a move");
    assert!(moved.status().is_success(), "{status}: {}", moved.status());
}

#[tokio::test]
async fn the_pick_list_sums_the_accepted_orders_and_prints_on_a_receipt_printer() {
    let shop = Shop::start().await;
    let (first, _) = shopper_orders(&shop, "Meena Iyer").await;
    let (second, _) = shopper_orders(&shop, "Ravi Kumar").await;
    // A third, new: not to pack yet.
    shopper_orders(&shop, "Asha Rao").await;
    move_to(&shop, first, "accepted").await;
    move_to(&shop, second, "accepted").await;

    let browser = Browser::start().await;
    let driver = &browser.driver;
    sign_in_to_the_demo_shop(driver, &shop).await;
    wait_for_text(driver, ".tab:nth-child(2)", "To pack (2)").await;
    click(driver, ".tab:nth-child(2)").await;
    click(driver, ".pick-list").await;
    // Two orders of a bag each: one line, two bags.
    wait_for_text(driver, ".sheet h2", "Pick list").await;
    wait_for_text(driver, ".sheet .muted", "2 orders").await;
    let items = driver
        .find_all(By::Css(".sheet .items li"))
        .await
        .expect("the list");
    assert_eq!(items.len(), 1);
    let line = items[0].text().await.expect("text");
    assert!(
        line.contains("Whole Wheat Atta 5 kg") && line.contains("× 2"),
        "{line}"
    );

    // On an 80 mm receipt printer (302 CSS pixels): the sheet alone, nothing wider than the paper.
    devtools(
        driver,
        vec![
            (
                "Emulation.setDeviceMetricsOverride",
                serde_json::json!({"width": 302, "height": 800, "deviceScaleFactor": 1, "mobile": true}),
            ),
            (
                "Emulation.setEmulatedMedia",
                serde_json::json!({"media": "print"}),
            ),
        ],
    )
    .await;
    assert_eq!(sideways_overflow(driver).await, Vec::<String>::new());
    let (console_shown, buttons_shown, sheet_shown): (bool, bool, bool) = driver
        .execute(
            "const shown = css => { const e = document.querySelector(css); \
                 return !!e && getComputedStyle(e).display != 'none' && e.getClientRects().length > 0; };
             return [shown('.orders'), shown('.sheet-bar'), shown('.sheet .items')]",
            Vec::new(),
        )
        .await
        .expect("what prints")
        .convert()
        .expect("three flags");
    assert!(!console_shown && !buttons_shown && sheet_shown);
    screenshot(driver, "console-pick-list-80mm.png").await;
    devtools(
        driver,
        vec![
            (
                "Emulation.setEmulatedMedia",
                serde_json::json!({"media": ""}),
            ),
            (
                "Emulation.clearDeviceMetricsOverride",
                serde_json::json!({}),
            ),
        ],
    )
    .await;

    // A packing slip per order, and the day's summary.
    click(driver, ".close-sheet").await;
    let row = format!(".order-row[data-order='{first}']");
    click(driver, &format!("{row} .row")).await;
    click(driver, &format!("{row} .packing-slip")).await;
    wait_for_text(driver, ".sheet h2", &format!("order #{first}")).await;
    wait_for_text(driver, ".sheet", "Meena Iyer").await;
    click(driver, ".close-sheet").await;
    click(driver, ".day-summary").await;
    wait_for_text(driver, ".sheet .orders-count", "3").await;
    wait_for_text(driver, ".sheet .items", "Whole Wheat Atta 5 kg").await;
    browser.quit().await;
}

#[tokio::test]
async fn a_line_marked_unavailable_shows_on_the_shoppers_page_with_the_new_total() {
    let shop = Shop::start().await;
    let lines = serde_json::json!([
        {"product": "wheat-atta", "variant": "5kg", "quantity": 1},
        {"product": "paneer", "variant": "200g", "quantity": 2}
    ]);
    let (id, token) = shopper_orders_lines(&shop, "Meena Iyer", lines).await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    sign_in_to_the_demo_shop(driver, &shop).await;
    let row = format!(".order-row[data-order='{id}']");
    click(driver, &format!("{row} .row")).await;
    click(driver, &format!("{row} li[data-line='2'] .unavailable")).await;
    wait_for_text(driver, &format!("{row} li[data-line='2']"), "ordered 2").await;
    let tell = wait_for(driver, &format!("{row} .tell-customer"))
        .await
        .attr("href")
        .await
        .expect("href")
        .expect("a link");
    assert!(tell.contains("unavailable"), "the customer is told: {tell}");

    let order = shop
        .merchant_orders()
        .await
        .into_iter()
        .find(|order| order.id == id)
        .expect("the order");
    let total = order.totals.total;
    driver
        .goto(format!("{}/s/demo/orders/{id}#t={token}", shop.base))
        .await
        .expect("the shopper's page");
    wait_for_text(driver, ".line .changed", "Unavailable. You ordered 2").await;
    wait_for_text(driver, ".order-total", &format!("₹{}", total.rupees())).await;
    browser.quit().await;
}

#[tokio::test]
async fn a_line_replaced_as_the_shopper_allowed_shows_on_the_shoppers_page() {
    let shop = Shop::start().await;
    let lines = serde_json::json!([
        {"product": "wheat-atta", "variant": "5kg", "quantity": 1},
        {"product": "paneer", "variant": "200g", "quantity": 2, "substitution": "skip"}
    ]);
    let (id, token) = shop.place_order("Meena Iyer", lines, "hi-IN").await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    sign_in_to_the_demo_shop(driver, &shop).await;
    let row = format!(".order-row[data-order='{id}']");
    click(driver, &format!("{row} .row")).await;
    let (atta, paneer) = (
        format!("{row} li[data-line='1']"),
        format!("{row} li[data-line='2']"),
    );
    wait_for(driver, &format!("{atta} .replace")).await;
    assert!(
        driver
            .find_all(By::Css(format!("{paneer} .replace")))
            .await
            .expect("find")
            .is_empty(),
        "the shopper said to leave the paneer out: it is never replaced"
    );

    // The other size of the same atta comes first among the packs to send instead.
    click(driver, &format!("{atta} .replace")).await;
    wait_for_text(
        driver,
        &format!("{atta} .replacement-pack option"),
        "Whole Wheat Atta 10 kg · ₹470",
    )
    .await;
    click(driver, &format!("{atta} .send-instead")).await;
    wait_for_text(driver, &atta, "replaced").await;
    wait_for_text(
        driver,
        &format!("{row} li[data-line='3']"),
        "Whole Wheat Atta 10 kg × 1 · ₹470 · instead of Whole Wheat Atta 5 kg",
    )
    .await;
    wait_for_text(
        driver,
        &format!("{row} .history .edit"),
        "Whole Wheat Atta 5 kg replaced by Whole Wheat Atta 10 kg",
    )
    .await;
    // The customer ordered from a phone set to Hindi: the shop's message speaks it.
    let tell = driver
        .execute(
            "return new URL(document.querySelector(arguments[0]).href).searchParams.get('text');",
            vec![serde_json::json!(format!("{row} .tell-customer"))],
        )
        .await
        .expect("the message");
    let tell: String = tell.convert().expect("its text");
    assert!(
        tell.starts_with("नमस्ते Meena Iyer")
            && tell.contains("Whole Wheat Atta 5 kg की जगह Whole Wheat Atta 10 kg × 1"),
        "the customer is told: {tell}"
    );

    let order = shop
        .merchant_orders()
        .await
        .into_iter()
        .find(|order| order.id == id)
        .expect("the order");
    assert_eq!(order.lines[2].replaces, Some(1));
    driver
        .goto(format!("{}/s/demo/orders/{id}#t={token}", shop.base))
        .await
        .expect("the shopper's page");
    wait_for_text(driver, ".line .changed", "Unavailable. You ordered 1").await;
    wait_for_text(
        driver,
        ".line:nth-child(3) .changed",
        "Sent instead of Whole Wheat Atta",
    )
    .await;
    let total = order.totals.total;
    wait_for_text(driver, ".order-total", &format!("₹{}", total.rupees())).await;
    browser.quit().await;
}

#[tokio::test]
async fn the_shopper_sees_each_step_the_shop_moves_the_order_through() {
    let shop = Shop::start().await;
    let (id, token) = shopper_orders(&shop, "Meena Iyer").await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    set_viewport(driver, 360, 640).await;
    driver
        .goto(format!("{}/s/demo/orders/{id}#t={token}", shop.base))
        .await
        .expect("the shopper's page");
    wait_for(driver, "html[data-ready]").await;
    wait_for_text(driver, ".confirmation .status", "Order placed").await;
    // The open page follows the order as the shop moves it: each step reached, with its time.
    for (status, said) in [
        ("accepted", "Accepted by the shop"),
        ("packed", "Packed"),
        ("out_for_delivery", "Out for delivery"),
        ("delivered", "Delivered"),
    ] {
        move_to(&shop, id, status).await;
        wait_for_text(driver, ".confirmation .status", said).await;
        wait_for(
            driver,
            &format!(".timeline [data-status='{status}'].current .at"),
        )
        .await;
    }
    browser.quit().await;
}

/// The console's headings, and the page's title, once its inbox and catalog are drawn: (title, headings).
async fn headings(driver: &WebDriver) -> (String, Vec<String>) {
    wait_for(driver, ".order-row").await;
    wait_for(driver, ".add-product").await;
    let found = driver
        .execute(
            "return [document.title, [...document.querySelectorAll('main h2')].map(h => h.textContent)];",
            Vec::new(),
        )
        .await
        .expect("the headings");
    serde_json::from_value(found.json().clone()).expect("a title and headings")
}

#[tokio::test]
async fn the_console_speaks_the_merchants_language_and_remembers_it() {
    let shop = Shop::start().await;
    shopper_orders(&shop, "Meena Iyer").await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    // Chosen on a link (the switcher's, or one shared with the owner): the page is written in it.
    driver
        .goto(format!(
            "{}/m/demo?lang=hi#k={}",
            shop.base,
            haat_e2e::MERCHANT_TOKEN
        ))
        .await
        .expect("sign in, in Hindi");
    wait_for(driver, "html[lang=hi] .shop-bar h1").await;
    let devanagari = |text: &str| text.chars().any(|c| ('\u{0900}'..='\u{097f}').contains(&c));
    let (title, hindi) = headings(driver).await;
    assert!(devanagari(&title), "{title}");
    assert!(hindi.len() >= 3, "{hindi:?}");
    for heading in &hindi {
        assert!(
            devanagari(heading),
            "a heading not in Hindi: {heading:?} of {hindi:?}"
        );
    }
    screenshot(driver, "console-hindi.png").await;

    // The switcher names each language in itself, and the one shown is current.
    let current = wait_for(driver, ".languages a[aria-current]").await;
    assert_eq!(current.text().await.expect("text"), "हिन्दी");
    click(driver, ".languages a[lang=ta]").await;
    wait_for(driver, "html[lang=ta] .shop-bar h1").await;
    let tamil_letters = |text: &str| text.chars().any(|c| ('\u{0b80}'..='\u{0bff}').contains(&c));
    let (_, tamil) = headings(driver).await;
    for heading in &tamil {
        assert!(
            tamil_letters(heading),
            "a heading not in Tamil: {heading:?} of {tamil:?}"
        );
    }

    // Remembered: the console's plain address opens in Tamil, signed in as before.
    driver
        .goto(format!("{}/m/demo", shop.base))
        .await
        .expect("open again");
    wait_for(driver, "html[lang=ta] .shop-bar h1").await;
    let (_, again) = headings(driver).await;
    assert_eq!(again, tamil);
    browser.quit().await;
}
