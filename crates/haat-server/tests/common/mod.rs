//! The contract suite's harness: a real server on 127.0.0.1:0 over a fresh database of either backend,
//! and the helpers every test uses.
//!
//! SQLite gets a new file in a temporary directory. PostgreSQL gets a new database
//! (`haat_test_<random>`) on the server named by `HAAT_TEST_POSTGRES_URL`, an admin URL such as the one
//! `scripts/postgres start` prints; it is dropped again when the test ends, pass or fail.

// Each suite (api.rs, shops.rs) uses its part of the harness.
#![allow(dead_code, unused_macros)]

pub mod bot_api;
pub mod telegram;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use haat_api::{ApiError, Catalog, Order, OrderList};
use haat_server::{Config, Server};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sqlx::{Connection, Executor, PgConnection};

/// Runs each listed test once per backend, as `sqlite::<name>` and `postgres::<name>`. A test written
/// but not listed here is never called, which the dead-code lint reports.
macro_rules! on_every_backend {
    ($($test:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(super::Backend::Sqlite).await;
                }
            )+
        }

        mod postgres {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(super::Backend::Postgres).await;
                }
            )+
        }
    };
}

pub const MERCHANT_TOKEN: &str = "merchant-secret-for-tests";

/// The environment variable naming the PostgreSQL server the tests create their databases on.
const POSTGRES_URL_VAR: &str = "HAAT_TEST_POSTGRES_URL";

/// A storage backend the contract suite runs against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database of one backend; removed when dropped (best effort for PostgreSQL).
pub struct TestDatabase {
    pub url: String,
    _cleanup: Cleanup,
}

enum Cleanup {
    Sqlite { _dir: tempfile::TempDir },
    Postgres { _drop: DropDatabase },
}

impl TestDatabase {
    /// A fresh database. `sqlite_path` is where the SQLite file goes inside a new temporary directory
    /// (its parents need not exist); PostgreSQL ignores it.
    pub async fn create(backend: Backend, sqlite_path: &str) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                Self {
                    url: format!("sqlite://{}", dir.path().join(sqlite_path).display()),
                    _cleanup: Cleanup::Sqlite { _dir: dir },
                }
            }
            Backend::Postgres => {
                let admin_url = std::env::var(POSTGRES_URL_VAR)
                    .ok()
                    .filter(|url| !url.trim().is_empty())
                    .unwrap_or_else(|| {
                        panic!(
                            "set {POSTGRES_URL_VAR}, e.g. run scripts/postgres start; scripts/test \
                             does this (the PostgreSQL half of the contract suite cannot run without it)"
                        )
                    });
                let name = format!(
                    "haat_test_{:016x}",
                    getrandom::u64().expect("randomness for a database name")
                );
                let mut admin = PgConnection::connect(&admin_url)
                    .await
                    .unwrap_or_else(|error| {
                        panic!(
                            "cannot connect to {POSTGRES_URL_VAR}={admin_url}: {error} \
                         (is it running? scripts/postgres start)"
                        )
                    });
                admin
                    .execute(format!("CREATE DATABASE \"{name}\"").as_str())
                    .await
                    .unwrap_or_else(|error| panic!("CREATE DATABASE {name}: {error}"));
                let _ = admin.close().await;
                Self {
                    url: with_database(&admin_url, &name),
                    _cleanup: Cleanup::Postgres {
                        _drop: DropDatabase { admin_url, name },
                    },
                }
            }
        }
    }
}

/// `url` with its database (the path) replaced by `name`, keeping user, host, port and parameters.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority = base.find("://").map_or(0, |at| at + 3);
    let path = base[authority..]
        .find('/')
        .map_or(base.len(), |at| authority + at);
    let mut with = format!("{}/{name}", &base[..path]);
    if let Some(query) = query {
        with.push('?');
        with.push_str(query);
    }
    with
}

/// Drops a test's PostgreSQL database when the test is over, even when it failed.
struct DropDatabase {
    admin_url: String,
    name: String,
}

impl Drop for DropDatabase {
    fn drop(&mut self) {
        // Drop may run inside the test's runtime (which must not block on another) or while a failed
        // test unwinds (which must not panic again): a thread with its own runtime, errors only printed.
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || -> Result<(), String> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|error| error.to_string())?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url)
                    .await
                    .map_err(|error| error.to_string())?;
                // FORCE: a server a test left running still holds connections.
                admin
                    .execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str())
                    .await
                    .map_err(|error| error.to_string())?;
                let _ = admin.close().await;
                Ok(())
            })
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(error)) => eprintln!("could not drop test database {}: {error}", self.name),
            Err(_) => eprintln!("could not drop test database {}", self.name),
        }
    }
}

/// A server under test, serving in the background on its own database.
pub struct TestApp {
    pub base: String,
    pub client: Client,
    /// `None` for a second server on another app's database.
    database: Option<TestDatabase>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// A server on a fresh database of `backend`.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_on(TestDatabase::create(backend, "haat.db").await).await
}

/// A server on a fresh database of `backend` that takes sign-ups.
pub async fn spawn_signup_app(backend: Backend) -> TestApp {
    let database = TestDatabase::create(backend, "haat.db").await;
    let mut config = Config::for_database(database.url.clone());
    config.open_signup = true;
    spawn_configured(database, config).await
}

/// A server on a fresh database of `backend` with Telegram identity on, for [`telegram::BOT_TOKEN`].
pub async fn spawn_telegram_app(backend: Backend) -> TestApp {
    let database = TestDatabase::create(backend, "haat.db").await;
    let config =
        Config::for_database(database.url.clone()).with_telegram_bot_token(telegram::BOT_TOKEN);
    spawn_configured(database, config).await
}

/// A server on a fresh database of `backend`, with its configuration changed by `configure`.
pub async fn spawn_app_with(backend: Backend, configure: impl FnOnce(&mut Config)) -> TestApp {
    let database = TestDatabase::create(backend, "haat.db").await;
    let mut config = Config::for_database(database.url.clone());
    configure(&mut config);
    spawn_configured(database, config).await
}

/// A server on `database`, which may hold what an earlier server left.
pub async fn spawn_on(database: TestDatabase) -> TestApp {
    let config = Config::for_database(database.url.clone());
    spawn_configured(database, config).await
}

/// A server on `database` with `config` (its merchant token set to [`MERCHANT_TOKEN`]).
async fn spawn_configured(database: TestDatabase, config: Config) -> TestApp {
    let mut app = spawn_server(config).await;
    app.database = Some(database);
    app
}

/// A server with `config` (its merchant token set to [`MERCHANT_TOKEN`]) on a database someone else owns.
async fn spawn_server(mut config: Config) -> TestApp {
    config.merchant_token = Some(MERCHANT_TOKEN.to_owned());
    let server = Server::start(&config).await.expect("server starts");
    let base = format!("http://{}", server.local_addr());
    let (shutdown, stopped) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(server.serve_until(async {
        let _ = stopped.await;
    }));
    TestApp {
        base,
        client: Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("HTTP client"),
        database: None,
        shutdown: Some(shutdown),
        task,
    }
}

impl TestApp {
    /// The URL of this server's database.
    pub fn database_url(&self) -> &str {
        &self
            .database
            .as_ref()
            .expect("the first server's database")
            .url
    }

    /// A second server on this one's database, as another process of one deployment would be.
    pub async fn beside(&self) -> TestApp {
        spawn_server(Config::for_database(self.database_url().to_owned())).await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn catalog(&self) -> Catalog {
        let response = self.get("/api/stores/demo/catalog").await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("catalog json")
    }

    /// The demo shop's owner asks what importing `file` would do (`POST …/catalog/plan`).
    pub async fn plan_import(&self, file: impl Into<reqwest::Body>) -> reqwest::Response {
        self.client
            .post(format!("{}/api/stores/demo/catalog/plan", self.base))
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "text/csv")
            .body(file)
            .send()
            .await
            .expect("request")
    }

    pub async fn merchant_orders(&self) -> Vec<Order> {
        let response = self
            .client
            .get(format!("{}/api/stores/demo/orders", self.base))
            .bearer_auth(MERCHANT_TOKEN)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK);
        response.json::<OrderList>().await.expect("orders").orders
    }

    /// Stops the server and hands back its database, to start another server on.
    pub async fn stop(mut self) -> TestDatabase {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        (&mut self.task).await.expect("joins").expect("serves");
        self.database
            .take()
            .expect("a server that owns its database")
    }
}

pub async fn expect_error(response: reqwest::Response, status: StatusCode, code: &str) -> ApiError {
    assert_eq!(response.status(), status);
    let error: ApiError = response
        .json()
        .await
        .expect("error body is {code, message}");
    assert_eq!(error.code, code, "{error:?}");
    assert!(!error.message.is_empty());
    error
}

/// A built storefront as Trunk leaves it (its page names the stylesheet, the app's JavaScript and wasm,
/// beside the scripts the server inlines), in a directory removed when it is dropped.
pub fn stub_storefront() -> tempfile::TempDir {
    let dist = tempfile::tempdir().expect("a directory for the storefront");
    for (file, text) in [
        (
            "index.html",
            "<html><link href=/app-0123.css rel=stylesheet><script type=module>import init from \
             '/haat-0123.js';init({ module_or_path: '/haat-0123_bg.wasm' })</script></html>",
        ),
        ("app-0123.css", "body{margin:0}"),
        ("early.js", "void 0"),
        ("preview.js", "void 1"),
    ] {
        std::fs::write(dist.path().join(file), text).expect("write");
    }
    dist
}

pub fn customer() -> Value {
    json!({"name": "Asha Rao", "phone": "98450 12345", "address": "12, 3rd Cross, Indiranagar", "pincode": "560038"})
}

pub fn order_body(lines: Value) -> Value {
    json!({"customer": customer(), "lines": lines})
}

pub fn max_quantity(catalog: &Catalog, product: &str, variant: &str) -> u32 {
    catalog
        .products
        .iter()
        .find(|p| p.id == product)
        .and_then(|p| p.variants.iter().find(|v| v.id == variant))
        .map(|v| v.max_quantity)
        .expect("variant in catalog")
}

#[test]
fn a_database_url_keeps_all_but_its_database() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:54329/postgres", "t"),
        "postgres://postgres@127.0.0.1:54329/t"
    );
    assert_eq!(
        with_database("postgresql://u:p@db/admin?sslmode=disable", "t"),
        "postgresql://u:p@db/t?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://db:5432", "t"),
        "postgres://db:5432/t"
    );
}

/// Now, in milliseconds since 1970 (the server's clock).
pub fn now_ms() -> i64 {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(since_epoch.as_millis()).expect("milliseconds fit")
}
