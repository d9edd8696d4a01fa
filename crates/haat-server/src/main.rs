use clap::Parser;
use haat_server::{Config, DEMO_STORE, Server};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info")),
        )
        .init();
    let config = Config::parse();
    match run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            let mut message = format!("haat-server: {error}");
            let mut source = std::error::Error::source(error.as_ref());
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            eprintln!("{message}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let server = Server::start(&config).await?;
    let addr = server.local_addr();
    let token = match server.generated_merchant_token() {
        Some(token) => format!(
            "{token}\n                  (shown once; set HAAT_MERCHANT_TOKEN to choose your own)"
        ),
        None if config.merchant_token.is_some() => "the value of HAAT_MERCHANT_TOKEN".to_owned(),
        None => "printed when the database was created; set HAAT_MERCHANT_TOKEN to replace it"
            .to_owned(),
    };
    let banner = format!(
        "\n  Haat is running.\n  \
         Shopper link:   http://{addr}/s/{DEMO_STORE}\n  \
         Order API:      http://{addr}/api/stores/{DEMO_STORE}/catalog\n  \
         Merchant token: {token}\n\n"
    );
    // One write, and a closed stdout (a supervisor that stopped reading) must not stop the server.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), banner.as_bytes());
    server.serve_until(shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    if let Err(error) = tokio::signal::ctrl_c().await {
        tracing::error!(%error, "cannot listen for Ctrl-C; stop the server with a signal");
        std::future::pending::<()>().await;
    }
    tracing::info!("shutting down");
}
