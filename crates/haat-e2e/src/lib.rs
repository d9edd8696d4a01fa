//! Helpers for end-to-end tests: a real haat-server serving the built storefront on 127.0.0.1:0 with a
//! fresh SQLite file, and headless Chromium driven through chromedriver. No sleeps: every wait polls a
//! condition against a deadline.

use std::{
    future::Future,
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use haat_api::Order;
use thirtyfour::{By, ChromiumLikeCapabilities, DesiredCapabilities, WebDriver, WebElement};

pub const MERCHANT_TOKEN: &str = "e2e-merchant-token";
/// How long any one condition may take to become true before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(30);
/// A phone-sized window, as shoppers see the store.
pub const PHONE_WINDOW: (u32, u32) = (412, 915);

/// The slug of the generated large shop ([`big_shop`]).
pub const BIG_STORE: &str = "big";

/// The demo shop with `count` products under the slug [`BIG_STORE`]: its own, repeated with numbered
/// names and ids. Add it to a running store with [`Shop::add_shop`].
pub fn big_shop(count: usize) -> haat_server::SeedShop {
    const DEMO_SHOP: &str = include_str!("../../haat-server/data/demo-shop.json");
    let mut shop = haat_server::SeedShop::parse(DEMO_SHOP).expect("the demo shop parses");
    shop.store.slug = BIG_STORE.to_owned();
    let demo = std::mem::take(&mut shop.products);
    shop.products = (0..count)
        .map(|number| {
            let base = &demo[number % demo.len()];
            haat_server::SeedProduct {
                id: format!("{}-{number}", base.id),
                name: format!("{} {number}", base.name),
                name_local: base
                    .name_local
                    .as_ref()
                    .map(|name| format!("{name} {number}")),
                ..base.clone()
            }
        })
        .collect();
    shop
}

/// The workspace's root directory.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `haat-server` binary, built now if it is missing or stale (a test of this crate does not build
/// another package's binaries by itself).
pub fn haat_server_binary() -> PathBuf {
    // Tests run from `target/<profile>/deps/`: the binary is built with the same profile, one level up.
    let test = std::env::current_exe().expect("the test's path");
    let profile_dir = test
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let profile = match profile_dir.file_name().and_then(|name| name.to_str()) {
        Some("debug") | None => "dev",
        Some(name) => name,
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(cargo)
        .args(["build", "--quiet", "--locked", "--profile", profile])
        .args(["-p", "haat-server", "--bin", "haat-server"])
        .current_dir(workspace_root())
        .status()
        .expect("cargo runs");
    assert!(built.success(), "could not build haat-server");
    profile_dir.join("haat-server")
}

/// The built storefront. Fails with directions when it has not been built.
pub fn dist_dir() -> PathBuf {
    let dist = workspace_root().join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "no built storefront in {}: run `trunk build --release` first (scripts/test does)",
        dist.display()
    );
    dist
}

/// Where tests save screenshots: `target/screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let dir = workspace_root().join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

/// The page as it is now, into [`screenshot_dir`] (for a person to look at: nothing compares them).
pub async fn screenshot(driver: &WebDriver, name: &str) {
    driver
        .screenshot(&screenshot_dir().join(name))
        .await
        .expect("screenshot");
}

/// Checkout's details for a delivery to Ravi Kumar in Indiranagar (a pincode the demo shop serves).
pub async fn fill_delivery_details(driver: &WebDriver) {
    fill(
        driver,
        &[
            ("#name", "Ravi Kumar"),
            ("#phone", "98450 12345"),
            ("#address", "4, 80 Feet Road, Indiranagar"),
            ("#pincode", "560038"),
        ],
    )
    .await;
}

/// A running store with the demo shop, serving the built app.
pub struct Shop {
    pub base: String,
    pub client: reqwest::Client,
    config: haat_server::Config,
    _dir: tempfile::TempDir,
    serving: Option<Serving>,
}

/// A server task and the switch that stops it.
struct Serving {
    shutdown: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Shop {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// A store whose configuration `configure` adjusts first (a Telegram bot token, who may frame it).
    pub async fn start_with(configure: impl FnOnce(&mut haat_server::Config)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = haat_server::Config::for_database(format!(
            "sqlite://{}",
            dir.path().join("haat.db").display()
        ));
        config.static_dir = dist_dir();
        config.merchant_token = Some(MERCHANT_TOKEN.to_owned());
        // A shop's Telegram notices, when a test sets them up, go nowhere: never to the internet.
        config.telegram_api = "http://127.0.0.1:9".to_owned();
        configure(&mut config);
        let mut shop = Self {
            base: String::new(),
            client: reqwest::Client::new(),
            config,
            _dir: dir,
            serving: None,
        };
        shop.serve().await;
        shop
    }

    async fn serve(&mut self) {
        let server = haat_server::Server::start(&self.config)
            .await
            .expect("server starts");
        // A restart listens where the first start did, so open pages reach it again.
        self.config.addr = server.local_addr();
        self.base = format!("http://{}", server.local_addr());
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(server.serve_until(async {
            let _ = stopped.await;
        }));
        self.serving = Some(Serving { shutdown, task });
    }

    /// The server's database, for another process on it (the operator's `haat-server shop create`).
    pub fn database_url(&self) -> &str {
        &self.config.database_url
    }

    /// Runs the operator's `haat-server shop create ARGS…` on this server's database, with
    /// `HAAT_PUBLIC_ORIGIN` set to this server, and answers with what it printed, or panics with why
    /// it failed.
    pub fn create_shop_from_the_command_line(&self, args: &[&str]) -> String {
        let output = Command::new(haat_server_binary())
            .args(["shop", "create"])
            .args(args)
            .env("HAAT_DATABASE_URL", self.database_url())
            .env("HAAT_PUBLIC_ORIGIN", &self.base)
            .output()
            .expect("haat-server runs");
        let printed = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "haat-server shop create failed: {printed}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        printed
    }

    /// Adds another shop to this store's database: a generated catalog, for benchmarks.
    pub async fn add_shop(&self, shop: &haat_server::SeedShop) {
        let store = haat_server::store::connect(&self.config.database_url)
            .await
            .expect("the store's database opens");
        store
            .create_store(shop, "no merchant signs in to a generated shop")
            .await
            .expect("the shop is created");
    }

    /// Stops the server, as a crash or a deploy would; the database stays.
    pub async fn stop(&mut self) {
        if let Some(serving) = self.serving.take() {
            let _ = serving.shutdown.send(());
            let _ = serving.task.await;
        }
    }

    /// Starts the server again on the same address and database.
    pub async fn restart(&mut self) {
        self.stop().await;
        self.serve().await;
    }

    /// Changes a variant's price as the merchant would.
    pub async fn set_price(&self, product: &str, variant: &str, minor: i64) {
        let response = self
            .client
            .patch(format!(
                "{}/api/stores/demo/products/{product}/variants/{variant}",
                self.base
            ))
            .bearer_auth(MERCHANT_TOKEN)
            .json(&serde_json::json!({ "price": minor }))
            .send()
            .await
            .expect("price change request");
        assert!(response.status().is_success(), "{}", response.status());
    }

    /// A shop's catalog as shoppers get it from the API, as JSON.
    pub async fn shoppers_catalog(&self, store: &str) -> serde_json::Value {
        self.client
            .get(format!("{}/api/stores/{store}/catalog", self.base))
            .send()
            .await
            .expect("the catalog")
            .json()
            .await
            .expect("json")
    }

    /// The shop's orders as the merchant sees them through the API.
    pub async fn merchant_orders(&self) -> Vec<Order> {
        let response = self
            .client
            .get(format!("{}/api/stores/demo/orders", self.base))
            .bearer_auth(MERCHANT_TOKEN)
            .send()
            .await
            .expect("orders request");
        assert!(response.status().is_success(), "{}", response.status());
        response
            .json::<haat_api::OrderList>()
            .await
            .expect("orders json")
            .orders
    }

    /// An order of `lines` (the API's JSON) from `name` in Indiranagar, whose phone speaks `language` (a
    /// BCP 47 tag, or empty), placed in the demo shop through the API as the storefront places it: its
    /// id and the shopper's token.
    pub async fn place_order(
        &self,
        name: &str,
        lines: serde_json::Value,
        language: &str,
    ) -> (i64, String) {
        let placed: serde_json::Value = self
            .client
            .post(format!("{}/api/stores/demo/orders", self.base))
            .json(&serde_json::json!({
                "customer": {"name": name, "phone": "98450 12345",
                             "address": "12, 3rd Cross, Indiranagar", "pincode": "560038"},
                "lines": lines,
                "language": language
            }))
            .send()
            .await
            .expect("an order")
            .json()
            .await
            .expect("json");
        (
            placed["order"]["id"]
                .as_i64()
                .unwrap_or_else(|| panic!("an order placed: {placed}")),
            placed["token"].as_str().expect("a token").to_owned(),
        )
    }
}

impl Drop for Shop {
    fn drop(&mut self) {
        if let Some(serving) = self.serving.take() {
            let _ = serving.shutdown.send(());
        }
    }
}

/// Headless Chromium behind its own chromedriver, with a fresh profile.
pub struct Browser {
    pub driver: WebDriver,
    chromedriver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start() -> Self {
        let port = free_port();
        let chromedriver_path =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromedriver = Command::new(&chromedriver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {chromedriver_path}: {error}"));
        let url = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        eventually("chromedriver answers", || async {
            client
                .get(format!("{url}/status"))
                .send()
                .await
                .is_ok_and(|response| response.status().is_success())
                .then_some(())
        })
        .await;

        let profile = tempfile::tempdir().expect("profile dir");
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary(&std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into()))
            .expect("binary");
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--hide-scrollbars",
            &format!("--window-size={},{}", PHONE_WINDOW.0, PHONE_WINDOW.1),
            &format!("--user-data-dir={}", profile.path().display()),
        ] {
            caps.add_arg(arg).expect("arg");
        }
        let driver = WebDriver::new(&url, caps).await.expect("browser session");
        Self {
            driver,
            chromedriver,
            _profile: profile,
        }
    }

    pub async fn quit(mut self) {
        let driver = self.driver.clone();
        let _ = driver.quit().await;
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.chromedriver.kill();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

/// Polls `check` until it yields a value, failing the test after [`DEADLINE`].
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "timed out after {DEADLINE:?} waiting until {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The text of the first element matching `css`, if there is one.
pub async fn text_of(driver: &WebDriver, css: &str) -> Option<String> {
    driver.find(By::Css(css)).await.ok()?.text().await.ok()
}

/// The first element matching `css`, once there is one.
pub async fn wait_for(driver: &WebDriver, css: &str) -> WebElement {
    eventually(&format!("{css} is on the page"), || async {
        driver.find(By::Css(css)).await.ok()
    })
    .await
}

/// Waits until the first element matching `css` contains `expected` in its text.
pub async fn wait_for_text(driver: &WebDriver, css: &str, expected: &str) {
    eventually(&format!("{css} reads {expected:?}"), || async {
        text_of(driver, css)
            .await
            .filter(|text| text.contains(expected))
            .map(|_| ())
    })
    .await;
}

/// Sends DevTools commands (`method`, params) to the browser, in order: throttling, caches, scripts.
pub async fn devtools(driver: &WebDriver, commands: Vec<(&str, serde_json::Value)>) {
    for (method, params) in commands {
        driver
            .cdp()
            .send_raw(method, params)
            .await
            .unwrap_or_else(|error| panic!("DevTools {method}: {error}"));
    }
}

/// Fails the browser's requests to addresses matching `urls` (DevTools patterns, `*` for any run) from
/// now on; none, to stop.
pub async fn block_urls(driver: &WebDriver, urls: &[&str]) {
    devtools(
        driver,
        vec![
            ("Network.enable", serde_json::json!({})),
            (
                "Network.setBlockedURLs",
                serde_json::json!({ "urls": urls }),
            ),
        ],
    )
    .await;
}

/// Lighthouse's mobile network ("slow 4G"), for the pages opened after: 150 ms a round trip, 1.6 Mbps
/// down, 750 kbps up.
pub async fn slow_4g(driver: &WebDriver) {
    let network = serde_json::json!({ "offline": false, "latency": 150,
        "downloadThroughput": 1_638_400 / 8, "uploadThroughput": 750_000 / 8 });
    devtools(
        driver,
        vec![
            ("Network.enable", serde_json::json!({})),
            ("Network.emulateNetworkConditions", network),
        ],
    )
    .await;
}

/// The fonts the browser drew the text of the first element matching `css` with (DevTools'
/// `CSS.getPlatformFontsForNode`): each family, with how many glyphs it drew.
pub async fn fonts_drawing(driver: &WebDriver, css: &str) -> Vec<(String, u64)> {
    let cdp = driver.cdp();
    let send = |method: &'static str, params: serde_json::Value| {
        let cdp = cdp.clone();
        async move {
            cdp.send_raw(method, params)
                .await
                .unwrap_or_else(|error| panic!("DevTools {method}: {error}"))
        }
    };
    send("DOM.enable", serde_json::json!({})).await;
    send("CSS.enable", serde_json::json!({})).await;
    let document = send("DOM.getDocument", serde_json::json!({ "depth": 0 })).await;
    let found = send(
        "DOM.querySelector",
        serde_json::json!({ "nodeId": document["root"]["nodeId"], "selector": css }),
    )
    .await;
    let fonts = send(
        "CSS.getPlatformFontsForNode",
        serde_json::json!({ "nodeId": found["nodeId"] }),
    )
    .await;
    fonts["fonts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|font| {
            (
                font["familyName"].as_str().unwrap_or_default().to_owned(),
                font["glyphCount"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// A page as the server sends it to a browser that takes brotli: its content encoding, and its body's
/// bytes on the wire.
pub async fn brotli_bytes(url: &str) -> (Option<String>, usize) {
    let response = reqwest::Client::new()
        .get(url)
        .header("Accept-Encoding", "br")
        .send()
        .await
        .expect("the page");
    let encoding = response
        .headers()
        .get("content-encoding")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    (encoding, response.bytes().await.expect("body").len())
}

/// Types each text into its field (a CSS selector), in order, as a shopper fills a form.
pub async fn fill(driver: &WebDriver, fields: &[(&str, &str)]) {
    for (field, text) in fields {
        wait_for(driver, field)
            .await
            .send_keys(*text)
            .await
            .expect("type");
    }
}

/// Clicks the first element matching `css`, once there is one.
pub async fn click(driver: &WebDriver, css: &str) {
    wait_for(driver, css).await.click().await.expect("click");
}

/// Every text on the page below WCAG AA contrast, one line each (see `contrast.js`); empty when all read.
pub async fn low_contrast(driver: &WebDriver) -> Vec<String> {
    driver
        .execute(include_str!("contrast.js"), Vec::new())
        .await
        .expect("the contrast check runs")
        .convert::<Vec<String>>()
        .expect("a list of failures")
}

/// What scrolls sideways on the page (the page itself, or the catalog's list), and the elements that
/// stick out past the window; empty when nothing does.
pub async fn sideways_overflow(driver: &WebDriver) -> Vec<String> {
    let script = "
        const scrolling = [document.documentElement, ...document.querySelectorAll('.shelf')]
            .filter(e => e.scrollWidth > e.clientWidth);
        if (!scrolling.length) return [];
        const width = document.documentElement.clientWidth;
        const out = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 0.5 && !e.closest('.chips, .variants'))
            .map(e => `${e.tagName.toLowerCase()}.${e.className} right=${e.getBoundingClientRect().right}`);
        return [...scrolling.map(e => `${e.tagName.toLowerCase()}.${e.className} scrolls`), ...out.slice(0, 8)];";
    driver
        .execute(script, Vec::new())
        .await
        .expect("the overflow check runs")
        .convert::<Vec<String>>()
        .expect("a list")
}

/// Sizes the window so the page itself (not the window around it) is `width` × `height` CSS pixels, as
/// on a phone of that size.
pub async fn set_viewport(driver: &WebDriver, width: u32, height: u32) {
    driver
        .set_window_rect(0, 0, width, height)
        .await
        .expect("window size");
    let inner = driver
        .execute("return [innerWidth, innerHeight]", Vec::new())
        .await
        .expect("viewport")
        .convert::<(u32, u32)>()
        .expect("two numbers");
    let frame = (
        width.saturating_sub(inner.0),
        height.saturating_sub(inner.1),
    );
    driver
        .set_window_rect(0, 0, width + frame.0, height + frame.1)
        .await
        .expect("window size");
}

/// What axe-core (npm's, installed by `scripts/bootstrap` into `.tools/`) finds wrong with the page's
/// accessibility, one line per rule broken: its id, what it asks, and the elements that break it. WCAG
/// 2.x A and AA and the best practices axe checks by default.
pub async fn accessibility_violations(driver: &WebDriver) -> Vec<String> {
    let axe = workspace_root().join(".tools/node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&axe).unwrap_or_else(|error| {
        panic!("{}: {error} (scripts/bootstrap installs it)", axe.display())
    });
    driver
        .execute(&source, Vec::new())
        .await
        .expect("axe-core loads into the page");
    let found = driver
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
                .then(results => done(results.violations.map(v =>
                    `${v.id}: ${v.help} [${v.nodes.map(n => n.target.join(' ')).join(', ')}]`)))
                .catch(error => done([`axe failed: ${error}`]));",
            Vec::new(),
        )
        .await
        .expect("axe-core runs");
    found.convert().expect("a list of violations")
}

/// The controls on the page a finger can miss: buttons, fields, choices and button-like links smaller than
/// 44 × 44 CSS pixels (WCAG 2.5.5), each with its size. Links inside running text are left out, as WCAG does;
/// a field inside its label is as big as the label, which a tap on works it too.
pub async fn small_targets(driver: &WebDriver) -> Vec<String> {
    let script = "
        const controls = document.querySelectorAll(
            'button, input:not([type=hidden]), select, textarea, [role=button], a.button, a.primary, a.secondary, .chip');
        const target = e => (e.matches('input') && e.closest('label')) || e;
        return [...controls]
            .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
            .map(e => [e, target(e).getBoundingClientRect()])
            .filter(([e, r]) => r.width < 44 || r.height < 44)
            .map(([e, r]) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(r.width)}×${Math.round(r.height)}`);";
    driver
        .execute(script, Vec::new())
        .await
        .expect("the target check runs")
        .convert::<Vec<String>>()
        .expect("a list")
}

/// Benchmarks' times: median, 95th percentile and worst, in milliseconds.
pub fn summary(values: &mut [f64]) -> String {
    values.sort_by(f64::total_cmp);
    let at = |share: usize| values[(values.len() - 1) * share / 100];
    format!(
        "median {:.1} ms, p95 {:.1} ms, worst {:.1} ms",
        at(50),
        at(95),
        at(100)
    )
}

/// `text` as a URI component, as JavaScript's `encodeURIComponent` writes it.
pub fn uri_component(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
