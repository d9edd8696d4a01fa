//! `haat-bench`: a load generator for Haat's order API.
//!
//! One invocation runs, each for `--duration` after a `--warmup`, with `--concurrency` clients:
//!
//! 1. **API on SQLite**: a `haat_server::Server` started in-process on `127.0.0.1:0` over a fresh SQLite
//!    file, driven with `POST /api/stores/bench/orders` over real HTTP (keep-alive), each order with its
//!    own `Idempotency-Key`, as the storefront sends it;
//! 2. **raw SQLite**: the same orders written straight through `Store::place_order` on a fresh SQLite
//!    file, one transaction per order, no HTTP, no idempotency key: the rate the database itself allows;
//! 3. **API on PostgreSQL** (when `--backends` names it): as 1, on a fresh database `haat_bench_<random>`
//!    created through `HAAT_BENCH_POSTGRES_URL` (an admin URL, e.g. from `scripts/postgres start`) and
//!    dropped afterwards.
//!
//! `--breakdown` adds three SQLite phases after 2, to see where the API's time goes: the store calls the
//! API handler makes for one order (shop lookup, pricing read, order with its key's answer)
//! without HTTP; `place_order` alone on a store with the server's default commit policy (group commit
//! since it has one); and the raw phase again with the clients queued in-process (a fair FIFO lock)
//! instead of contending for SQLite's write lock.
//!
//! It prints a Markdown table for BENCHMARKS.md. It is a benchmark, not a test: it fails only when it
//! cannot set a phase up, never on the figures.

mod cpu;
mod shop;
mod stats;

use std::{
    error::Error,
    path::PathBuf,
    process::ExitCode,
    sync::Arc,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use clap::Parser;
use haat_api::{ApiError, Fulfilment, Order, PaymentMethod, PlacedOrder};
use haat_server::{
    Config, SeedShop, Server,
    store::{
        self, Commits, Completion, KeyedRequest, NewOrder, Placement, SqliteStore, Store,
        VariantKey,
    },
};
use sha2::{Digest, Sha256};
use sqlx::{Connection, Executor};

use crate::{
    cpu::CpuSample,
    shop::{BENCH_STORE, GeneratedOrder, Shopper},
    stats::{ClientLog, Failure, Summary, ms, thousands},
};

/// The environment variable with the PostgreSQL admin URL the benchmark creates its database through.
const POSTGRES_URL_VAR: &str = "HAAT_BENCH_POSTGRES_URL";
/// How many distinct errors a phase prints.
const ERRORS_SHOWN: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Backend {
    Sqlite,
    Postgres,
}

/// Load generator for Haat's order API: orders/s and latency on SQLite and PostgreSQL, next to the raw
/// rate of the same writes on SQLite.
#[derive(Debug, clap::Parser)]
#[command(name = "haat-bench", version)]
struct Args {
    /// Seconds each phase is measured for (after its warm-up).
    #[arg(long, default_value_t = 15)]
    duration: u64,

    /// Seconds of warm-up before each phase's measurement (orders placed, not counted).
    #[arg(long, default_value_t = 3)]
    warmup: u64,

    /// Concurrent clients, each with one request in flight at a time.
    #[arg(long, default_value_t = 16)]
    concurrency: u64,

    /// API backends to measure, comma-separated. PostgreSQL needs HAAT_BENCH_POSTGRES_URL (an admin URL,
    /// e.g. `$(scripts/postgres start | tail -1)`) and is skipped with a note without it. The raw SQLite
    /// phase always runs.
    #[arg(long, value_delimiter = ',', default_value = "sqlite,postgres")]
    backends: Vec<Backend>,

    /// Seed of the order generator: the same seed places the same orders in every phase and run.
    #[arg(long, default_value_t = 1)]
    seed: u64,

    /// Products in the benchmark shop (every second one in two pack sizes).
    #[arg(long, default_value_t = 200)]
    products: u32,

    /// Directory for the SQLite files (a fresh temporary directory inside it). Default: the system's
    /// temporary directory.
    #[arg(long)]
    sqlite_dir: Option<PathBuf>,

    /// Also measure, on SQLite, the API handler's store calls for an order without HTTP (shop lookup,
    /// pricing read, order with its key's answer), `place_order` alone with the
    /// server's default commit policy, and the raw phase with clients queued in-process instead of
    /// contending for SQLite's write lock: where the API's time goes.
    #[arg(long)]
    breakdown: bool,
}

type SetupError = Box<dyn Error + Send + Sync>;

/// The error and its causes on one line.
fn chain(error: &(dyn Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn setup(context: impl std::fmt::Display, error: &(dyn Error + 'static)) -> SetupError {
    format!("{context}: {}", chain(error)).into()
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("haat-bench: {error}");
            ExitCode::FAILURE
        }
    }
}

/// How each phase runs.
#[derive(Clone, Debug)]
struct Plan {
    warmup: Duration,
    duration: Duration,
    concurrency: u64,
    seed: u64,
    shop: Arc<SeedShop>,
}

/// One row of the results table.
struct Row {
    phase: String,
    outcome: Result<Summary, String>,
}

async fn run(args: &Args) -> Result<(), SetupError> {
    if args.duration == 0 || args.concurrency == 0 {
        return Err("--duration and --concurrency must be at least 1".into());
    }
    let plan = Plan {
        warmup: Duration::from_secs(args.warmup),
        duration: Duration::from_secs(args.duration),
        concurrency: args.concurrency,
        seed: args.seed,
        shop: Arc::new(shop::bench_shop(args.products)),
    };
    let machine = Machine::describe(args.sqlite_dir.as_deref()).await;
    let sqlite_parent = args.sqlite_dir.clone().unwrap_or_else(std::env::temp_dir);
    let load_before = load_average();
    let mut rows = Vec::new();
    let mut notes = Vec::new();

    if args.backends.contains(&Backend::Sqlite) {
        let dir = temp_dir(&sqlite_parent)?;
        let url = sqlite_url(&dir, "api.db");
        let summary = api_phase("API, SQLite", &url, &plan).await?;
        rows.push(Row {
            phase: "API over HTTP, SQLite".to_owned(),
            outcome: Ok(summary),
        });
    }

    let dir = temp_dir(&sqlite_parent)?;
    let url = sqlite_url(&dir, "raw.db");
    let summary = raw_phase("raw SQLite", &url, &plan, Mode::PlaceOnly).await?;
    rows.push(Row {
        phase: "Raw SQLite: `place_order`, 1 transaction/order".to_owned(),
        outcome: Ok(summary),
    });

    if args.breakdown {
        let dir = temp_dir(&sqlite_parent)?;
        let url = sqlite_url(&dir, "calls.db");
        let summary = raw_phase("handler's store calls", &url, &plan, Mode::HandlerCalls).await?;
        rows.push(Row {
            phase: "SQLite: the handler's 3 store calls, no HTTP".to_owned(),
            outcome: Ok(summary),
        });
        let dir = temp_dir(&sqlite_parent)?;
        let url = sqlite_url(&dir, "grouped.db");
        let summary = raw_phase(
            "place_order, server's commits",
            &url,
            &plan,
            Mode::PlaceAsServer,
        )
        .await?;
        rows.push(Row {
            phase: "SQLite: `place_order` alone, server's commit policy".to_owned(),
            outcome: Ok(summary),
        });
        let dir = temp_dir(&sqlite_parent)?;
        let url = sqlite_url(&dir, "queued.db");
        let summary = raw_phase("raw SQLite, queued", &url, &plan, Mode::PlaceQueued).await?;
        rows.push(Row {
            phase: "Raw SQLite, clients queued in-process (FIFO)".to_owned(),
            outcome: Ok(summary),
        });
    }

    let mut postgres_info = None;
    if args.backends.contains(&Backend::Postgres) {
        let phase = "API over HTTP, PostgreSQL".to_owned();
        match std::env::var(POSTGRES_URL_VAR)
            .ok()
            .filter(|url| !url.trim().is_empty())
        {
            None => {
                eprintln!(
                    "haat-bench: skipping PostgreSQL: {POSTGRES_URL_VAR} is not set \
                     (e.g. {POSTGRES_URL_VAR}=$(scripts/postgres start | tail -1))"
                );
                notes.push(format!(
                    "PostgreSQL was not measured: {POSTGRES_URL_VAR} was not set."
                ));
                rows.push(Row {
                    phase,
                    outcome: Err(format!("not run ({POSTGRES_URL_VAR} not set)")),
                });
            }
            Some(admin_url) => {
                let database = PostgresDatabase::create(&admin_url).await?;
                postgres_info = Some(database.describe().await);
                let measured = api_phase("API, PostgreSQL", &database.url, &plan).await;
                database.drop_now().await;
                rows.push(Row {
                    phase,
                    outcome: Ok(measured?),
                });
            }
        }
    }

    let load_after = load_average();
    print_report(&Report {
        args,
        machine: &machine,
        postgres: postgres_info.as_deref(),
        load_before: &load_before,
        load_after: &load_after,
        rows: &rows,
        notes: &notes,
    });
    Ok(())
}

fn temp_dir(parent: &std::path::Path) -> Result<tempfile::TempDir, SetupError> {
    tempfile::Builder::new()
        .prefix("haat-bench-")
        .tempdir_in(parent)
        .map_err(|error| {
            setup(
                format!("temporary directory in {}", parent.display()),
                &error,
            )
        })
}

fn sqlite_url(dir: &tempfile::TempDir, file: &str) -> String {
    format!("sqlite://{}", dir.path().join(file).display())
}

/// How a phase opens its database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    /// As the server does: `store::connect`, with the server's default commit policy.
    AsServer,
    /// A `SqliteStore` that commits every order in its own transaction.
    SqliteOnePerOrder,
}

/// Opens the database at `url` (migrating it) and creates the benchmark shop; returns the open store.
async fn open_with_shop(url: &str, plan: &Plan, open: Open) -> Result<Arc<dyn Store>, SetupError> {
    let store: Arc<dyn Store> = match open {
        Open::AsServer => store::connect(url).await,
        Open::SqliteOnePerOrder => SqliteStore::open_with(url, Commits::OnePerOrder)
            .await
            .map(|store| Arc::new(store) as Arc<dyn Store>),
    }
    .map_err(|error| setup(format!("opening {url}"), &error))?;
    let token = os_token()?;
    store
        .create_store(&plan.shop, &hex::encode(Sha256::digest(token.as_bytes())))
        .await
        .map_err(|error| setup("creating the benchmark shop", &error))?;
    Ok(store)
}

/// A secret from the OS's randomness (the benchmark shop's merchant token, never used).
fn os_token() -> Result<String, SetupError> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| format!("no randomness: {error}"))?;
    Ok(hex::encode(bytes))
}

/// Phase 1 and 3: the API in-process over real HTTP.
async fn api_phase(label: &str, url: &str, plan: &Plan) -> Result<Summary, SetupError> {
    let setup_store = open_with_shop(url, plan, Open::AsServer).await?;
    drop(setup_store);
    let server = Server::start(&Config::for_database(url))
        .await
        .map_err(|error| setup(format!("starting the server on {url}"), &error))?;
    let endpoint = format!(
        "http://{}/api/stores/{BENCH_STORE}/orders",
        server.local_addr()
    );
    let (stop_server, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.serve_until(async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(usize::try_from(plan.concurrency).unwrap_or(usize::MAX))
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|error| setup("building the HTTP client", &error))?;
    let driver = Arc::new(Driver::Http { client, endpoint });
    let summary = measure(label, driver, plan).await;
    let _ = stop_server.send(());
    match tokio::time::timeout(Duration::from_secs(10), serving).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(error))) => eprintln!("haat-bench: the server stopped with {error}"),
        Ok(Err(error)) => eprintln!("haat-bench: the server task failed: {error}"),
        Err(_) => eprintln!("haat-bench: the server did not stop within 10 s"),
    }
    Ok(summary)
}

/// What the raw phases do per order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// `place_order` alone, without an idempotency key: one transaction.
    PlaceOnly,
    /// `place_order` alone on a store opened as the server opens it (group commit, when it has it).
    PlaceAsServer,
    /// As `PlaceOnly`, but one order at a time through a fair in-process lock: writers queue in FIFO
    /// order instead of retrying SQLite's write lock from its busy handler (which sleeps between tries).
    PlaceQueued,
    /// What the API handler asks of the store for one keyed order: `store_by_slug`, `sellable`,
    /// `place_order` with the key's answer.
    HandlerCalls,
}

/// Phase 2 (and the breakdown): the same orders straight into the store.
async fn raw_phase(label: &str, url: &str, plan: &Plan, mode: Mode) -> Result<Summary, SetupError> {
    let open = match mode {
        Mode::PlaceOnly | Mode::PlaceQueued => Open::SqliteOnePerOrder,
        Mode::PlaceAsServer | Mode::HandlerCalls => Open::AsServer,
    };
    let store = open_with_shop(url, plan, open).await?;
    let shop = store
        .store_by_slug(BENCH_STORE)
        .await
        .map_err(|error| setup("reading the benchmark shop back", &error))?
        .ok_or("the benchmark shop vanished")?;
    let driver = Arc::new(Driver::Store {
        store,
        store_id: shop.id,
        currency: shop.profile.currency,
        mode,
        queue: tokio::sync::Mutex::new(()),
    });
    Ok(measure(label, driver, plan).await)
}

/// How a client places one order.
enum Driver {
    Http {
        client: reqwest::Client,
        endpoint: String,
    },
    Store {
        store: Arc<dyn Store>,
        store_id: i64,
        currency: String,
        mode: Mode,
        /// Taken around each order in `Mode::PlaceQueued` (tokio's mutex is fair: FIFO).
        queue: tokio::sync::Mutex<()>,
    },
}

impl Driver {
    async fn place(&self, order: GeneratedOrder, token: String) -> Result<(), Failure> {
        match self {
            Self::Http { client, endpoint } => post_order(client, endpoint, order).await,
            Self::Store {
                store,
                store_id,
                currency,
                mode,
                queue,
            } => {
                let target = StoreTarget {
                    store: store.as_ref(),
                    store_id: *store_id,
                    currency,
                    queue,
                };
                store_order(&target, *mode, order, token).await
            }
        }
    }
}

async fn post_order(
    client: &reqwest::Client,
    endpoint: &str,
    order: GeneratedOrder,
) -> Result<(), Failure> {
    let response = client
        .post(endpoint)
        .header("content-type", "application/json")
        .header("idempotency-key", &order.key)
        .body(order.body)
        .send()
        .await
        .map_err(transport)?;
    let status = response.status();
    let body = response.bytes().await.map_err(transport)?;
    if status == reqwest::StatusCode::CREATED {
        return Ok(());
    }
    let (code, message) = match serde_json::from_slice::<ApiError>(&body) {
        Ok(error) => (error.code, error.message),
        Err(_) => ("-".to_owned(), String::from_utf8_lossy(&body).into_owned()),
    };
    Err(Failure {
        kind: format!("HTTP {} {code}", status.as_u16()),
        message,
    })
}

fn transport(error: reqwest::Error) -> Failure {
    let error = error.without_url();
    Failure {
        kind: format!("transport: {error}"),
        message: chain(&error),
    }
}

fn store_failure(error: &(dyn Error + 'static)) -> Failure {
    Failure {
        kind: format!("store: {error}"),
        message: chain(error),
    }
}

/// The store a raw phase writes to.
struct StoreTarget<'a> {
    store: &'a dyn Store,
    store_id: i64,
    currency: &'a str,
    queue: &'a tokio::sync::Mutex<()>,
}

async fn store_order(
    target: &StoreTarget<'_>,
    mode: Mode,
    order: GeneratedOrder,
    token: String,
) -> Result<(), Failure> {
    let StoreTarget {
        store,
        store_id,
        currency,
        queue,
    } = *target;
    let now = now_ms();
    let fingerprint = order.fingerprint();
    let new_order = NewOrder {
        test: false,
        store_id,
        store_slug: BENCH_STORE.to_owned(),
        currency: currency.to_owned(),
        customer: order.customer,
        fulfilment: Fulfilment::Delivery,
        slot: None,
        payment: PaymentMethod::Cash,
        note: String::new(),
        language: String::new(),
        lines: order.lines,
        totals: order.totals,
        token_hash: hex::encode(Sha256::digest(token.as_bytes())),
        created_at_ms: now,
    };
    let placement = match mode {
        Mode::PlaceOnly | Mode::PlaceAsServer => store.place_order(new_order, None).await,
        Mode::PlaceQueued => {
            let _turn = queue.lock().await;
            store.place_order(new_order, None).await
        }
        Mode::HandlerCalls => {
            store
                .store_by_slug(BENCH_STORE)
                .await
                .map_err(|error| store_failure(&error))?;
            let keys: Vec<VariantKey> = new_order
                .lines
                .iter()
                .map(|line| VariantKey {
                    product: line.product.clone(),
                    variant: line.variant.clone(),
                })
                .collect();
            store
                .sellable(store_id, &keys, now)
                .await
                .map_err(|error| store_failure(&error))?;
            let request = KeyedRequest {
                store_id,
                key: order.key,
                request_hash: fingerprint,
            };
            let render = Arc::new(move |placed: &Order| {
                let body = PlacedOrder {
                    order: placed.clone(),
                    token: token.clone(),
                };
                (201, serde_json::to_string(&body).unwrap_or_default())
            });
            store
                .place_order(new_order, Some(Completion { request, render }))
                .await
        }
    };
    match placement.map_err(|error| store_failure(&error))? {
        Placement::Placed(_) => Ok(()),
        other => Err(Failure {
            kind: format!(
                "placement {}",
                format!("{other:?}")
                    .split([' ', '{', '('])
                    .next()
                    .unwrap_or("?")
            ),
            message: format!("{other:?}"),
        }),
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
        })
}

/// Runs `plan.concurrency` clients for the warm-up and the window; counts what completes in the window.
async fn measure(label: &str, driver: Arc<Driver>, plan: &Plan) -> Summary {
    eprintln!(
        "haat-bench: {label}: {} clients, {} s warm-up, {} s measured",
        plan.concurrency,
        plan.warmup.as_secs(),
        plan.duration.as_secs()
    );
    let start = Instant::now();
    let window_start = start + plan.warmup;
    let window_end = window_start + plan.duration;
    let ticks = cpu::ticks_per_second();
    let sampler = tokio::spawn(async move {
        tokio::time::sleep_until(window_start.into()).await;
        let first = CpuSample::now();
        tokio::time::sleep_until(window_end.into()).await;
        first.until(CpuSample::now(), ticks)
    });
    let mut clients = tokio::task::JoinSet::new();
    for number in 0..plan.concurrency {
        let driver = driver.clone();
        let mut shopper = Shopper::new(plan.seed, number, plan.shop.clone());
        clients.spawn(async move {
            let mut log = ClientLog::default();
            while Instant::now() < window_end {
                let order = shopper.next_order();
                let token = shopper.rng().token();
                let sent = Instant::now();
                let outcome = driver.place(order, token).await;
                let done = Instant::now();
                let in_window = done >= window_start && done <= window_end;
                log.record(done - sent, in_window, outcome);
            }
            log
        });
    }
    let mut log = ClientLog::default();
    while let Some(client) = clients.join_next().await {
        match client {
            Ok(client) => log.merge(client),
            Err(error) => {
                log.record(
                    Duration::ZERO,
                    true,
                    Err(Failure {
                        kind: "client task failed".to_owned(),
                        message: error.to_string(),
                    }),
                );
            }
        }
    }
    let cpu = sampler.await.unwrap_or_default();
    let summary = Summary::of(log, plan.duration, cpu);
    eprintln!(
        "haat-bench: {label}: {} orders/s, p50 {} ms, p99 {} ms, {} errors",
        summary.rate(),
        ms(summary.p50),
        ms(summary.p99),
        summary.errors
    );
    summary
}

/// A fresh PostgreSQL database for one run, dropped afterwards.
struct PostgresDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl PostgresDatabase {
    async fn create(admin_url: &str) -> Result<Self, SetupError> {
        let mut random = [0_u8; 8];
        getrandom::fill(&mut random).map_err(|error| format!("no randomness: {error}"))?;
        let name = format!("haat_bench_{}", hex::encode(random));
        let mut admin = sqlx::PgConnection::connect(admin_url)
            .await
            .map_err(|error| {
                setup(
                    format!(
                        "connecting to {POSTGRES_URL_VAR} (is it running? scripts/postgres start)"
                    ),
                    &error,
                )
            })?;
        admin
            .execute(format!("CREATE DATABASE \"{name}\"").as_str())
            .await
            .map_err(|error| setup(format!("CREATE DATABASE {name}"), &error))?;
        let _ = admin.close().await;
        Ok(Self {
            url: with_database(admin_url, &name),
            admin_url: admin_url.to_owned(),
            name,
        })
    }

    /// Server version and durability settings, for the report.
    async fn describe(&self) -> String {
        let settings = async {
            let mut connection = sqlx::PgConnection::connect(&self.url).await?;
            let mut parts = Vec::new();
            for setting in [
                "server_version",
                "fsync",
                "synchronous_commit",
                "wal_sync_method",
            ] {
                let value: String = sqlx::query_scalar(&format!("SHOW {setting}"))
                    .fetch_one(&mut connection)
                    .await?;
                parts.push(format!("{setting} = {value}"));
            }
            let _ = connection.close().await;
            Ok::<_, sqlx::Error>(parts.join(", "))
        };
        settings
            .await
            .unwrap_or_else(|error| format!("(settings unknown: {error})"))
    }

    async fn drop_now(self) {
        let dropped = async {
            let mut admin = sqlx::PgConnection::connect(&self.admin_url).await?;
            admin
                .execute(format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name).as_str())
                .await?;
            let _ = admin.close().await;
            Ok::<_, sqlx::Error>(())
        };
        if let Err(error) = dropped.await {
            eprintln!("haat-bench: could not drop database {}: {error}", self.name);
        }
    }
}

/// `url` with its database (the path) replaced by `name`, keeping user, host, port and parameters.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(base, query)| (base, Some(query)));
    let authority = base.find("://").map_or(0, |at| at + 3);
    let path = base
        .get(authority..)
        .and_then(|rest| rest.find('/'))
        .map_or(base.len(), |at| authority + at);
    let mut with = format!("{}/{name}", base.get(..path).unwrap_or(base));
    if let Some(query) = query {
        with.push('?');
        with.push_str(query);
    }
    with
}

/// The machine the figures come from.
struct Machine {
    cpus: usize,
    cpu_model: String,
    kernel: String,
    date: String,
    sqlite_version: String,
    sqlite_fs: String,
}

impl Machine {
    async fn describe(sqlite_dir: Option<&std::path::Path>) -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu_model = cpuinfo
            .lines()
            .find_map(|line| {
                let (key, value) = line.split_once(':')?;
                (key.trim() == "model name").then(|| value.trim().to_owned())
            })
            .unwrap_or_else(|| "unknown".to_owned());
        let sqlite_version = async {
            let mut connection = sqlx::SqliteConnection::connect("sqlite::memory:").await?;
            let version: String = sqlx::query_scalar("SELECT sqlite_version()")
                .fetch_one(&mut connection)
                .await?;
            let _ = connection.close().await;
            Ok::<_, sqlx::Error>(version)
        }
        .await
        .unwrap_or_else(|_| "unknown".to_owned());
        let dir = sqlite_dir.map_or_else(std::env::temp_dir, std::path::Path::to_path_buf);
        Self {
            cpus: std::thread::available_parallelism().map_or(0, usize::from),
            cpu_model,
            kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease")
                .map_or_else(|_| "unknown".to_owned(), |text| text.trim().to_owned()),
            date: utc_now(),
            sqlite_version,
            sqlite_fs: filesystem_of(&dir),
        }
    }
}

/// The mount holding `dir`: "`dir` on DEVICE (FSTYPE)", from /proc/mounts.
fn filesystem_of(dir: &std::path::Path) -> String {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    let best = mounts
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (device, point, fstype) = (fields.next()?, fields.next()?, fields.next()?);
            dir.starts_with(point)
                .then_some((point.len(), device, fstype))
        })
        .max_by_key(|(len, _, _)| *len);
    match best {
        Some((_, device, fstype)) => format!("`{}` on {device} ({fstype})", dir.display()),
        None => format!("`{}`", dir.display()),
    }
}

/// The 1-, 5- and 15-minute load averages.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// The current UTC time as `YYYY-MM-DD HH:MM UTC`.
fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (hour, minute) = ((secs % 86_400) / 3_600, (secs % 3_600) / 60);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

struct Report<'a> {
    args: &'a Args,
    machine: &'a Machine,
    postgres: Option<&'a str>,
    load_before: &'a str,
    load_after: &'a str,
    rows: &'a [Row],
    notes: &'a [String],
}

fn print_report(report: &Report<'_>) {
    let Report {
        args,
        machine,
        rows,
        ..
    } = report;
    println!();
    println!(
        "Run {} · {} CPUs (nproc) · {} · Linux {}",
        machine.date, machine.cpus, machine.cpu_model, machine.kernel
    );
    println!(
        "{} concurrent clients · {} s measured after {} s warm-up per phase · orders of 3–5 lines \
         (quantities 1–3) from {} products · seed {}",
        args.concurrency, args.duration, args.warmup, args.products, args.seed
    );
    println!(
        "SQLite {} (WAL), files in {}",
        machine.sqlite_version, machine.sqlite_fs
    );
    if let Some(postgres) = report.postgres {
        println!("PostgreSQL: {postgres}");
    }
    println!(
        "Load average (1/5/15 min): {} before, {} after",
        report.load_before, report.load_after
    );
    println!();
    println!(
        "| Phase | Orders | Orders/s | p50 ms | p90 ms | p99 ms | max ms | Errors | CPU µs/order | CPUs busy |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in *rows {
        match &row.outcome {
            Ok(summary) => println!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} % |",
                row.phase,
                thousands(summary.orders),
                summary.rate(),
                ms(summary.p50),
                ms(summary.p90),
                ms(summary.p99),
                ms(summary.max),
                thousands(summary.errors),
                summary.cpu_per_order(),
                summary.cpu.machine_busy_percent
            ),
            Err(why) => println!("| {} | {why} | | | | | | | | |", row.phase),
        }
    }
    let rate = |prefix: &str| {
        rows.iter()
            .find(|row| row.phase.starts_with(prefix))
            .and_then(|row| row.outcome.as_ref().ok())
            .map(Summary::rate_tenths)
    };
    let mut lines = Vec::new();
    if let Some(raw) = rate("Raw SQLite").filter(|raw| *raw > 0) {
        for (prefix, name) in [
            ("API over HTTP, SQLite", "API on SQLite"),
            ("API over HTTP, PostgreSQL", "API on PostgreSQL"),
        ] {
            if let Some(api) = rate(prefix) {
                lines.push(format!(
                    "{name}: {} % of the raw SQLite rate",
                    api * 100 / raw
                ));
            }
        }
    }
    for row in *rows {
        if let Ok(summary) = &row.outcome {
            if summary.warmup_errors > 0 {
                lines.push(format!(
                    "{}: {} errors during the warm-up (not in the table)",
                    row.phase, summary.warmup_errors
                ));
            }
            for (kind, count, message) in summary.error_kinds.iter().take(ERRORS_SHOWN) {
                lines.push(format!("{}: {count} × {kind}: {message}", row.phase));
            }
        }
    }
    lines.extend(report.notes.iter().cloned());
    if !lines.is_empty() {
        println!();
        for line in lines {
            println!("- {line}");
        }
    }
}
