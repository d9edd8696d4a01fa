//! The storefront with a large catalog, measured in headless Chromium on a phone-sized window with the CPU
//! slowed down as a low-end Android phone is: how soon the first rows are drawn, how smooth a fast scroll
//! through the whole list is, how soon search-as-you-type shows its answer, and how many rows the page
//! holds meanwhile. Results go to BENCHMARKS.md with the command that reproduces them:
//!
//! `scripts/build-app && cargo run --release -p haat-e2e --bin storefront-bench -- 10000 5 4`
//! (products, page loads, CPU slowdown; a fourth argument 0 keeps the service worker out of the way).

use haat_e2e::{BIG_STORE as STORE, Browser, Shop, big_shop, devtools, summary};
use serde_json::{Value, json};
use thirtyfour::prelude::*;

/// The scroll: frames, and pixels a frame (a fast thumb; 600 frames cross about 280 products).
const FRAMES: u64 = 600;
const STEP: u64 = 60;

/// Resolves once the whole catalog is in the app (its response arrived, the app runs, and two frames
/// later): when the first rows were painted (the server sends them: first contentful paint), when the
/// catalog's response had fully arrived, and when the app ran (src/host.js marks `haat-ready`).
const FIRST_ROWS: &str = r"
const done = arguments[arguments.length - 1];
const entry = name => performance.getEntriesByName(name)[0];
const catalog = () => performance.getEntriesByType('resource').find(e => e.name.endsWith('/catalog'));
const check = () => catalog() && entry('haat-ready') && entry('first-contentful-paint')
  ? requestAnimationFrame(() => requestAnimationFrame(() => done({
      drawn: entry('first-contentful-paint').startTime, arrived: catalog().responseEnd,
      ready: entry('haat-ready').startTime })))
  : requestAnimationFrame(check);
check();";

/// Scrolls the list `arguments[1]` pixels a frame for `arguments[0]` frames (a steady fast scroll of a
/// thumb is 40-80 px a frame at 60 frames a second); resolves with every frame's interval (ms), the tasks
/// over 50 ms meanwhile, and the most list rows the page held.
const SCROLL: &str = r"
const [frames, step, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const shelf = document.querySelector('.shelf');
const long = [];
const observer = new PerformanceObserver(list => long.push(...list.getEntries().map(e => e.duration)));
observer.observe({ type: 'longtask' });
const intervals = [];
let last, rows = 0, frame = 0;
const tick = now => {
  if (last !== undefined) intervals.push(now - last);
  last = now;
  rows = Math.max(rows, document.querySelectorAll('li.product').length);
  if (frame++ < frames) {
    shelf.scrollTop += step;
    requestAnimationFrame(tick);
  } else {
    observer.disconnect();
    done({ intervals, long, rows, moved: shelf.scrollTop });
  }
};
shelf.scrollTop = 0;
requestAnimationFrame(tick);";

/// Types `arguments[0]` into search; resolves with the ms until the list's first row is `arguments[1]`.
const SEARCH: &str = r"
const [query, first, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const input = document.querySelector('.search input');
const start = performance.now();
input.value = query;
input.dispatchEvent(new Event('input', { bubbles: true }));
const check = () => document.querySelector('li.product')?.dataset.product == first
  ? requestAnimationFrame(() => done(performance.now() - start))
  : requestAnimationFrame(check);
check();
setTimeout(() => done('the first row after 10 s: ' + document.querySelector('li.product')?.dataset.product), 10000);";

/// Types `arguments[0]` into search a letter at a time, as a thumb does; resolves with the ms from each
/// keystroke until the next frame is drawn (the list searched and redrawn before it).
const KEYSTROKES: &str = r"
const [query, done] = [arguments[0], arguments[arguments.length - 1]];
const input = document.querySelector('.search input');
const times = [];
let typed = 0;
const next = () => {
  if (typed == query.length) return done(times);
  typed += 1;
  const start = performance.now();
  input.value = query.slice(0, typed);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  requestAnimationFrame(() => { times.push(performance.now() - start); setTimeout(next, 50); });
};
// From an empty search, the whole list drawn again.
input.value = '';
input.dispatchEvent(new Event('input', { bubbles: true }));
setTimeout(next, 1000);";

/// What a shopper types letter by letter: Hindi in English letters, two words (the rice's Hindi name).
const TYPED_BY_HAND: &str = "basmati chawal";

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1).map(|arg| arg.parse::<u32>());
    let mut next = |default: u32| args.next().map_or(default, |arg| arg.expect("a number"));
    let (products, loads, slowdown) = (next(10_000), next(5), next(4));
    // 0 keeps the service worker out of every request, to measure what it costs.
    let worker = next(1) != 0;

    let shop = Shop::start().await;
    let big = big_shop(usize::try_from(products).expect("a count"));
    shop.add_shop(&big).await;
    // Search finds the last product by its name in capitals (search folds case).
    let last = big.products.last().expect("products");
    let (query, answer) = (last.name.to_uppercase(), last.id.clone());
    let browser = Browser::start().await;
    let driver = &browser.driver;
    let mut commands = vec![(
        "Emulation.setCPUThrottlingRate",
        json!({ "rate": slowdown }),
    )];
    if !worker {
        commands.push(("Network.enable", json!({})));
        commands.push(("Network.setBypassServiceWorker", json!({ "bypass": true })));
    }
    devtools(driver, commands).await;

    let (mut first_rows, mut ready, mut catalog_arrived) = (vec![], vec![], vec![]);
    let (mut frames, mut long_tasks, mut searches) = (vec![], vec![], vec![]);
    let mut keystrokes = vec![];
    let mut most_rows = 0;
    for _ in 0..loads {
        // A fresh page each time, as a shopper opening the link: the app's files cached, the catalog not.
        driver
            .goto(format!("{}/s/{STORE}", shop.base))
            .await
            .expect("open the shop");
        let first = run(driver, FIRST_ROWS, vec![]).await;
        first_rows.push(number(&first["drawn"]));
        ready.push(number(&first["ready"]));
        catalog_arrived.push(number(&first["arrived"]));

        let scroll = run(driver, SCROLL, vec![json!(FRAMES), json!(STEP)]).await;
        assert!(
            scroll["moved"].as_u64() >= Some(FRAMES * STEP * 9 / 10),
            "the list scrolled: {}",
            scroll["moved"]
        );
        frames.extend(numbers(&scroll["intervals"]));
        long_tasks.extend(numbers(&scroll["long"]));
        most_rows = most_rows.max(scroll["rows"].as_u64().expect("rows"));

        let search = run(driver, SEARCH, vec![json!(query), json!(answer)]).await;
        assert!(search.is_number(), "{query:?} → {search}");
        searches.push(number(&search));
        keystrokes.extend(numbers(
            &run(driver, KEYSTROKES, vec![json!(TYPED_BY_HAND)]).await,
        ));
    }
    browser.quit().await;

    let through = if worker { "with" } else { "without" };
    println!(
        "storefront with {products} products, CPU slowed {slowdown}x, {loads} page loads, {through} the service worker"
    );
    println!(
        "catalog received after navigation: {}",
        summary(&mut catalog_arrived)
    );
    println!(
        "first rows painted after navigation: {}",
        summary(&mut first_rows)
    );
    println!("the app runs after navigation: {}", summary(&mut ready));
    println!(
        "frame interval scrolling {STEP} px a frame for {FRAMES} frames: {}",
        summary(&mut frames)
    );
    println!(
        "tasks over 50 ms while scrolling: {} in {} frames{}",
        long_tasks.len(),
        frames.len(),
        if long_tasks.is_empty() {
            String::new()
        } else {
            format!(", {}", summary(&mut long_tasks))
        }
    );
    println!("search answer on screen: {}", summary(&mut searches));
    println!(
        "a keystroke of {TYPED_BY_HAND:?} until the next frame: {}",
        summary(&mut keystrokes)
    );
    println!("most product rows in the page: {most_rows}");
}

async fn run(driver: &WebDriver, script: &str, args: Vec<Value>) -> Value {
    driver
        .execute_async(script, args)
        .await
        .unwrap_or_else(|error| panic!("the measuring script {script} runs: {error}"))
        .json()
        .clone()
}

fn number(value: &Value) -> f64 {
    value.as_f64().expect("a number")
}

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(number)
        .collect()
}
