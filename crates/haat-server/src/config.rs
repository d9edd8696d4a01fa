use std::{net::SocketAddr, path::PathBuf, time::Duration};

/// How the server is configured: flags, each with an environment variable.
#[derive(Clone, Debug, clap::Parser)]
#[command(
    name = "haat-server",
    version,
    about = "Haat's order API; also serves the built storefront",
    long_about = "Haat's order API; also serves the built storefront.\n\n\
        On an empty database it creates the demo shop (store slug `demo`) and prints its merchant token once."
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "HAAT_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Database URL: `sqlite://PATH` (a file, created with its directory on first run) or
    /// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`.
    #[arg(
        long = "database",
        global = true,
        env = "HAAT_DATABASE_URL",
        default_value = "sqlite://data/haat.db"
    )]
    pub database_url: String,

    /// Directory of the built storefront (Trunk's `dist`).
    #[arg(long, env = "HAAT_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// The address shoppers open the store at, such as `https://shop.example`: link previews name pages
    /// and pictures by absolute address. Without it, each request's `Host` is taken, over plain HTTP.
    #[arg(long, global = true, env = "HAAT_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,

    /// Let anyone open a shop from the sign-up page (`/m/new`), a few an hour from one address. Off: the
    /// operator opens shops with `haat-server shop create`.
    #[arg(long, env = "HAAT_OPEN_SIGNUP")]
    pub open_signup: bool,

    /// How many proxies of the operator's own stand in front of the server (a load balancer: 1; a CDN
    /// before it: 2). The sign-up limit then counts the address the outermost of them saw, read from the
    /// end of `X-Forwarded-For` (each proxy appends the address it received from). 0: the connection's
    /// own address, and the header is never read (anyone can write it).
    #[arg(long, env = "HAAT_TRUSTED_PROXIES", default_value_t = 0)]
    pub trusted_proxies: usize,

    /// Who may show the storefront in a frame (CSP frame-ancestors): `'self'`, `'none'` or origins such as
    /// `https://web.telegram.org`, separated by spaces or commas.
    #[arg(long, env = "HAAT_FRAME_ANCESTORS", default_value = "'self'")]
    pub frame_ancestors: String,

    /// Origins of other sites allowed to call the API from a browser (CORS), comma-separated, e.g.
    /// `https://shop.example.com`. None by default: the storefront is served from the API's own origin.
    #[arg(long, env = "HAAT_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// The demo shop's merchant token. Without it, one is generated on first run and printed once.
    /// Prefer the environment variable: flags show up in process listings.
    #[arg(long, env = "HAAT_MERCHANT_TOKEN", hide_env_values = true)]
    pub merchant_token: Option<String>,

    /// The Telegram bot token (from @BotFather) that signs the Mini App's init data. Without it, Telegram
    /// identity is off (`/api/stores/{store}/telegram/session` answers 404 `telegram_disabled`) and the
    /// store works as a plain web view. Prefer the environment variable: flags show up in process listings.
    #[arg(long, env = "HAAT_TELEGRAM_BOT_TOKEN", hide_env_values = true)]
    pub telegram_bot_token: Option<BotToken>,

    /// How old Telegram init data may be, in seconds, before it is refused as stale.
    #[arg(
        long,
        env = "HAAT_TELEGRAM_MAX_AGE_SECS",
        default_value_t = 86_400,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub telegram_max_age_secs: u64,

    /// The Telegram Bot API that shops' own bots are reached through, for their notices of new orders
    /// (each shop sets its bot up in the console; this is not the Mini App's bot above). Telegram's by
    /// default; a local Bot API server (`http://…`) works too.
    #[arg(
        long = "telegram-api",
        env = "HAAT_TELEGRAM_API",
        default_value = "https://api.telegram.org"
    )]
    pub telegram_api: String,

    /// How long a minute of a shop's notice repeat lasts, and so the notifier's pace. Neither flag nor
    /// variable: only tests shorten it, to see reminders come in milliseconds.
    #[arg(skip = Duration::from_secs(60))]
    pub telegram_notice_minute: Duration,
}

/// A Telegram bot token. Its `Debug` never shows it, so logging a `Config` cannot leak it.
#[derive(Clone, PartialEq, Eq)]
pub struct BotToken(String);

impl BotToken {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for BotToken {
    type Err = String;

    fn from_str(token: &str) -> Result<Self, String> {
        let token = token.trim();
        let plausible = !token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic());
        plausible
            .then(|| Self(token.to_owned()))
            .ok_or_else(|| "a Telegram bot token is printable ASCII without spaces".to_owned())
    }
}

impl std::fmt::Debug for BotToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BotToken(..)")
    }
}

impl Config {
    /// With Telegram identity on, signed by `bot_token`.
    pub fn with_telegram_bot_token(mut self, bot_token: &str) -> Self {
        self.telegram_bot_token = bot_token.parse().ok();
        self
    }

    /// A configuration for tests and embedding: the given database, no static files, a fixed merchant token.
    pub fn for_database(database_url: impl Into<String>) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: database_url.into(),
            static_dir: PathBuf::from("dist"),
            public_origin: None,
            open_signup: false,
            trusted_proxies: 0,
            frame_ancestors: "'self'".to_owned(),
            cors_origins: Vec::new(),
            merchant_token: None,
            telegram_bot_token: None,
            telegram_max_age_secs: crate::domain::telegram::DEFAULT_MAX_AGE_SECS,
            telegram_api: "https://api.telegram.org".to_owned(),
            telegram_notice_minute: Duration::from_secs(60),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[test]
    fn the_bot_token_is_read_but_never_shown() {
        let config = Config::parse_from([
            "haat-server",
            "--telegram-bot-token",
            "123:secret-token",
            "--telegram-max-age-secs",
            "600",
        ]);
        assert_eq!(
            config.telegram_bot_token.as_ref().map(BotToken::expose),
            Some("123:secret-token")
        );
        assert_eq!(config.telegram_max_age_secs, 600);
        assert!(!format!("{config:?}").contains("secret-token"));
        assert!(Config::try_parse_from(["haat-server", "--telegram-max-age-secs", "0"]).is_err());
        assert!(Config::try_parse_from(["haat-server", "--telegram-bot-token", " "]).is_err());
    }

    #[test]
    fn the_bot_api_is_telegrams_unless_told_otherwise() {
        let config = Config::parse_from(["haat-server"]);
        assert_eq!(config.telegram_api, "https://api.telegram.org");
        assert_eq!(config.telegram_notice_minute, Duration::from_secs(60));
        let local = Config::parse_from(["haat-server", "--telegram-api", "http://127.0.0.1:8081"]);
        assert_eq!(local.telegram_api, "http://127.0.0.1:8081");
    }
}
