//! How soon a merchant's saved edit shows in the console's preview frames (issue 12: "within a second of
//! saving the draft"), in headless Chromium against the real server with the demo shop: the console
//! open on a phone-sized window with its six frames, the first product's price retyped and saved, and
//! the time from the tap on "Save" until the server answered the save, until the first frame shows the
//! new price, and until every frame does (each frame's app fetches the draft's catalog again, in place).
//! Results go to BENCHMARKS.md:
//!
//! `scripts/build-app && cargo run --release -p haat-e2e --bin preview-bench -- 10 4`
//! (saves, CPU slowdown)

use haat_e2e::{
    Browser, MERCHANT_TOKEN, Shop, click, devtools, set_viewport, summary, wait_for, wait_for_text,
};
use serde_json::{Value, json};
use thirtyfour::prelude::*;

/// The product whose price is changed: the demo shop's first, on every frame's first screen.
const PRODUCT: &str = "wheat-atta";

/// Taps "Save" on the open product form and resolves, once all six frames show `arguments[0]` as the
/// product's price, with the ms from the tap until the server answered the save (the console's own
/// fetch), until the first frame showed the price, and until the last did.
const SAVE_AND_WATCH: &str = r#"
const [price, product, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const send = window.fetch, started = performance.now();
let saved, first;
window.fetch = async (...request) => {
  const answer = await send(...request);
  saved ??= performance.now() - started;
  return answer;
};
const shown = frame =>
  frame.contentDocument?.querySelector(`li[data-product="${product}"] .price .now`)?.textContent.trim() == price;
const watch = () => {
  const frames = [...document.querySelectorAll('.frame iframe')];
  if (saved !== undefined && frames.some(shown)) first ??= performance.now() - started;
  if (saved !== undefined && frames.length == 6 && frames.every(shown)) {
    window.fetch = send;
    done({ saved, first, shown: performance.now() - started });
  } else {
    requestAnimationFrame(watch);
  }
};
document.querySelector('.save-product').click();
requestAnimationFrame(watch);"#;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1).map(|arg| arg.parse::<u32>());
    let mut next = |default: u32| args.next().map_or(default, |arg| arg.expect("a number"));
    let (saves, slowdown) = (next(10), next(4));

    let shop = Shop::start().await;
    let browser = Browser::start().await;
    let driver = &browser.driver;
    set_viewport(driver, 1280, 900).await;
    driver
        .goto(format!("{}/m/demo#k={MERCHANT_TOKEN}", shop.base))
        .await
        .expect("sign in");
    wait_for_text(driver, "h1", "Sharma Kirana Store").await;
    click(driver, ".show-preview").await;
    devtools(
        driver,
        vec![(
            "Emulation.setCPUThrottlingRate",
            json!({ "rate": slowdown }),
        )],
    )
    .await;

    let (mut saved, mut first, mut shown) = (vec![], vec![], vec![]);
    for save in 0..saves {
        let find = wait_for(driver, ".find").await;
        find.send_keys(Key::Control + "a").await.expect("select");
        find.send_keys("wheat atta").await.expect("type");
        click(
            driver,
            &format!(".product-rows .row[data-product='{PRODUCT}']"),
        )
        .await;
        let price = 200 + save;
        let field = wait_for(driver, "[name='variants[0].price']").await;
        field.send_keys(Key::Control + "a").await.expect("select");
        field.send_keys(price.to_string()).await.expect("type");
        let timed = driver
            .execute_async(
                SAVE_AND_WATCH,
                vec![json!(format!("₹{price}")), json!(PRODUCT)],
            )
            .await
            .expect("the frames show the saved price")
            .json()
            .clone();
        saved.push(number(&timed["saved"]));
        first.push(number(&timed["first"]));
        shown.push(number(&timed["shown"]));
    }
    browser.quit().await;

    println!("the console's preview, six frames, CPU slowed {slowdown}x, {saves} saves");
    println!(
        "from the tap on Save until the server answered: {}",
        summary(&mut saved)
    );
    println!(
        "from the tap on Save until the first frame shows the edit: {}",
        summary(&mut first)
    );
    println!(
        "from the tap on Save until every frame shows the edit: {}",
        summary(&mut shown)
    );
}

fn number(value: &Value) -> f64 {
    value.as_f64().expect("a number")
}
