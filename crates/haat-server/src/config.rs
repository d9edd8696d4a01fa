use std::{net::SocketAddr, path::PathBuf};

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
        env = "HAAT_DATABASE_URL",
        default_value = "sqlite://data/haat.db"
    )]
    pub database_url: String,

    /// Directory of the built storefront (Trunk's `dist`).
    #[arg(long, env = "HAAT_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

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
}

impl Config {
    /// A configuration for tests and embedding: the given database, no static files, a fixed merchant token.
    pub fn for_database(database_url: impl Into<String>) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: database_url.into(),
            static_dir: PathBuf::from("dist"),
            frame_ancestors: "'self'".to_owned(),
            cors_origins: Vec::new(),
            merchant_token: None,
        }
    }
}
