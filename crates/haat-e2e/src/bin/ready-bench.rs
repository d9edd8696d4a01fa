//! How soon a shopper's first visit can be used, in headless Chromium against the real server and the
//! release build, on Lighthouse's mobile profile applied for real (DevTools: 150 ms round trips, 1.6 Mbps
//! down, 750 kbps up, the CPU slowed 4x): from navigation until the first view is painted (FCP), and until
//! the app runs, which is when a tap on "Add" works (`haat-ready`, marked by src/host.js). Every load is a
//! first visit: a fresh browser profile, nothing cached. Results go to BENCHMARKS.md:
//!
//! `scripts/build-app && cargo run --release -p haat-e2e --bin ready-bench -- 5 4`
//! (loads per shop, CPU slowdown)

use haat_e2e::{BIG_STORE, Browser, Shop, big_shop, devtools, slow_4g};
use serde_json::{Value, json};

/// Resolves once the page has painted and the app runs: both times after navigation, in ms.
const READY: &str = r"
const done = arguments[arguments.length - 1];
const check = () => {
  const painted = performance.getEntriesByName('first-contentful-paint')[0];
  const ready = performance.getEntriesByName('haat-ready')[0];
  painted && ready ? done({ painted: painted.startTime, ready: ready.startTime }) : setTimeout(check, 20);
};
check();";

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1).map(|arg| arg.parse::<u32>());
    let mut next = |default: u32| args.next().map_or(default, |arg| arg.expect("a number"));
    let (loads, slowdown) = (next(5), next(4));

    let shop = Shop::start().await;
    shop.add_shop(&big_shop(10_000)).await;
    println!(
        "first visits, Lighthouse's mobile network (150 ms RTT, 1.6 Mbps), CPU slowed {slowdown}x, {loads} loads each"
    );
    for store in ["demo", BIG_STORE] {
        let (mut painted, mut ready) = (vec![], vec![]);
        for _ in 0..loads {
            let browser = Browser::start().await;
            let driver = &browser.driver;
            slow_4g(driver).await;
            devtools(
                driver,
                vec![(
                    "Emulation.setCPUThrottlingRate",
                    json!({ "rate": slowdown }),
                )],
            )
            .await;
            driver
                .goto(format!("{}/s/{store}", shop.base))
                .await
                .expect("open the shop");
            let times = driver
                .execute_async(READY, Vec::new())
                .await
                .expect("the measuring script runs")
                .json()
                .clone();
            painted.push(number(&times["painted"]));
            ready.push(number(&times["ready"]));
            browser.quit().await;
        }
        println!(
            "/s/{store}: first view painted {}; app runs (Add works) {}",
            summary(&mut painted),
            summary(&mut ready)
        );
    }
}

fn number(value: &Value) -> f64 {
    value.as_f64().expect("a number")
}

/// Median and worst, in milliseconds.
fn summary(values: &mut [f64]) -> String {
    values.sort_by(f64::total_cmp);
    format!(
        "median {:.0} ms (worst {:.0} ms)",
        values[(values.len() - 1) / 2],
        values[values.len() - 1]
    )
}
