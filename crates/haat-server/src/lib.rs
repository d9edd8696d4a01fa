//! The Haat order API: serves a shop's catalog, prices carts, takes orders, and serves the built storefront.
//!
//! [`Server::start`] opens the database (applying migrations and seeding the demo shop into an empty one),
//! binds the listener and hands back a server to run; `main.rs` is a thin wrapper around it, and tests start
//! one on `127.0.0.1:0` with a fresh database.

pub mod config;
mod domain;
mod error;
mod http;
mod notices;
mod seed;
pub mod shops;
pub mod store;
mod voices;

use std::{net::SocketAddr, sync::Arc};

pub use config::{BotToken, Config};
pub use domain::shop;
pub use http::api_endpoints;
pub use seed::{DEMO_STORE, SeedProduct, SeedShop, SeedVariant};

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("could not open the database")]
    Store(#[from] store::StoreError),
    #[error("the demo shop data is invalid: {0}")]
    Seed(String),
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error("could not listen on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// A started server: database open, listener bound, not yet serving.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: axum::Router,
    local_addr: SocketAddr,
    generated_merchant_token: Option<String>,
    store: SharedStore,
    notifier: notices::Notifier,
    /// Thrown when the server begins to stop: its order feeds end.
    closing: Arc<tokio::sync::watch::Sender<bool>>,
}

impl Server {
    pub async fn start(config: &Config) -> Result<Self, StartError> {
        let frame_ancestors = http::FrameAncestors::parse(&config.frame_ancestors)
            .map_err(|error| StartError::Config(error.to_string()))?;
        let cors_origins = config
            .cors_origins
            .iter()
            .map(|origin| cors_origin(origin))
            .collect::<Result<Vec<_>, _>>()?;
        let store = store::connect(&config.database_url).await?;
        let generated_merchant_token =
            seed::ensure_demo_store(store.as_ref(), config.merchant_token.as_deref()).await?;
        if !config.static_dir.join("index.html").is_file() {
            tracing::warn!(
                dir = %config.static_dir.display(),
                "no built storefront here: only the API is served (build it with `trunk build --release`)"
            );
        }
        match &config.telegram_bot_token {
            Some(_) => tracing::info!(
                max_age_secs = config.telegram_max_age_secs,
                "Telegram identity is on"
            ),
            None => tracing::info!("Telegram identity is off (no HAAT_TELEGRAM_BOT_TOKEN)"),
        }
        if config.public_origin.is_none() {
            tracing::info!(
                "link previews name pages by each request's Host over plain HTTP (set HAAT_PUBLIC_ORIGIN \
                 to the address shoppers open, such as https://shop.example)"
            );
        }
        let state = http::AppState::new(store.clone())
            .with_signups(config.open_signup, config.trusted_proxies)
            .with_telegram(
                config
                    .telegram_bot_token
                    .as_ref()
                    .map(|token| http::Telegram::new(token, config.telegram_max_age_secs)),
            );
        let bot_api = notices::BotApi::new(&config.telegram_api).map_err(StartError::Config)?;
        let pace = domain::notice::Pace {
            minute_ms: i64::try_from(config.telegram_notice_minute.as_millis())
                .unwrap_or(i64::MAX)
                .max(12),
        };
        let notifier = notices::Notifier::new(state.clone(), bot_api, pace);
        let closing = state.closing();
        let router = http::router(
            state,
            http::Surface {
                static_dir: &config.static_dir,
                public_origin: config.public_origin.as_deref(),
                frame_ancestors: &frame_ancestors,
                cors_origins,
            },
        );
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| StartError::Bind {
                addr: config.addr,
                source,
            })?;
        let local_addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: config.addr,
            source,
        })?;
        Ok(Self {
            listener,
            router,
            local_addr,
            generated_merchant_token,
            store,
            notifier,
            closing,
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The demo shop's merchant token when this start generated it (first run without
    /// `HAAT_MERCHANT_TOKEN`). It is stored only hashed, so this is the one time it can be shown.
    pub fn generated_merchant_token(&self) -> Option<&str> {
        self.generated_merchant_token.as_deref()
    }

    /// Serves until `shutdown` completes.
    pub async fn serve_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let maintenance = tokio::spawn(housekeeping(self.store));
        let notices = tokio::spawn(self.notifier.run());
        // Each request knows its peer's address: sign-ups are counted by it.
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        // Open order feeds never end by themselves: told to, they let the stop finish.
        let closing = self.closing;
        let shutdown = async move {
            shutdown.await;
            closing.send_replace(true);
        };
        let served = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        maintenance.abort();
        notices.abort();
        served
    }

    /// Serves forever (until the process ends).
    pub async fn serve(self) -> std::io::Result<()> {
        self.serve_until(std::future::pending()).await
    }
}

/// An origin as CORS compares it: `scheme://host[:port]`, nothing more.
fn cors_origin(origin: &str) -> Result<axum::http::HeaderValue, StartError> {
    let origin = origin.trim();
    let valid = origin.split_once("://").is_some_and(|(scheme, host)| {
        matches!(scheme, "http" | "https")
            && !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'))
    });
    valid
        .then(|| axum::http::HeaderValue::from_str(origin).ok())
        .flatten()
        .ok_or_else(|| {
            StartError::Config(format!(
                "CORS origin {origin:?} is not an origin like https://shop.example.com"
            ))
        })
}

/// Hourly housekeeping: forgets idempotency answers past their retention, deletes test orders past
/// theirs (with the tester's details), and photos uploaded a day ago that nothing uses.
async fn housekeeping(store: SharedStore) {
    let mut hourly = tokio::time::interval(std::time::Duration::from_secs(60 * 60));
    loop {
        hourly.tick().await;
        let now = http::now_ms();
        match store
            .purge_keys(now - domain::idempotency::RETENTION_MS)
            .await
        {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, "forgot old idempotency keys"),
            Err(error) => tracing::warn!(%error, "could not purge idempotency keys"),
        }
        match store
            .purge_test_orders(now - domain::preview_link::TEST_ORDER_RETENTION_MS)
            .await
        {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, "deleted old test orders"),
            Err(error) => tracing::warn!(%error, "could not delete old test orders"),
        }
        match store
            .purge_unused_photos(now - domain::photo::UNUSED_GRACE_MS)
            .await
        {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, "deleted photos nothing uses"),
            Err(error) => tracing::warn!(%error, "could not delete unused photos"),
        }
    }
}

/// The store behind the API, shared by every request.
type SharedStore = Arc<dyn store::Store>;
