use clap::Parser;
use haat_api::ShopSignup;
use haat_server::{
    Config, DEMO_STORE, Server, shop,
    shops::{self, OpenError},
    store,
};
use tracing_subscriber::EnvFilter;

/// `haat-server` serves; `haat-server shop create …` opens a shop on its database.
#[derive(Debug, clap::Parser)]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// The shops on this server's database.
    #[command(subcommand)]
    Shop(ShopCommand),
}

#[derive(Debug, clap::Subcommand)]
enum ShopCommand {
    /// Opens a shop with an empty catalog, and prints the link its owner signs in with.
    Create {
        /// The shop's name, as shoppers will see it.
        #[arg(long)]
        name: String,
        /// The shop's WhatsApp number: 10 digits, or + and the country code.
        #[arg(long)]
        whatsapp: String,
        /// The shop's address in links (`/s/SLUG`): 3 to 40 letters a–z, digits and hyphens. Made from
        /// the name when not given.
        #[arg(long)]
        slug: Option<String>,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info")),
        )
        .init();
    let cli = Cli::parse();
    let ran = match cli.command {
        None => run(cli.config).await,
        Some(Command::Shop(ShopCommand::Create {
            name,
            whatsapp,
            slug,
        })) => {
            let signup = ShopSignup {
                name,
                phone: whatsapp,
                slug,
            };
            create_shop(&cli.config, &signup).await
        }
    };
    match ran {
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
            "{token}\n                  (shown once; set HAAT_MERCHANT_TOKEN to choose your own)\n  \
             Shop console:   http://{addr}{}",
            shops::sign_in_path(DEMO_STORE, token)
        ),
        None if config.merchant_token.is_some() => "the value of HAAT_MERCHANT_TOKEN".to_owned(),
        None => "printed when the database was created; set HAAT_MERCHANT_TOKEN to replace it"
            .to_owned(),
    };
    let banner = format!(
        "\n  Haat is running.\n  \
         Shopper link:   http://{addr}{}\n  \
         Order API:      http://{addr}/api/stores/{DEMO_STORE}/catalog\n  \
         Merchant token: {token}\n  \
         New shops:      {}\n\n",
        shop_address(DEMO_STORE),
        if config.open_signup {
            format!("http://{addr}/m/new (sign-ups are open)")
        } else {
            "haat-server shop create --name NAME --whatsapp NUMBER".to_owned()
        }
    );
    // One write, and a closed stdout (a supervisor that stopped reading) must not stop the server.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), banner.as_bytes());
    server.serve_until(shutdown_signal()).await?;
    Ok(())
}

/// Opens a shop and prints where its owner signs in (and where shoppers find it).
async fn create_shop(
    config: &Config,
    signup: &ShopSignup,
) -> Result<(), Box<dyn std::error::Error>> {
    let shop = shop::check(signup).map_err(|invalid| {
        let problems: Vec<String> = invalid
            .problems
            .iter()
            .map(|(field, problem)| {
                let flag = if *field == "phone" { "whatsapp" } else { field };
                format!("--{flag}: {problem}")
            })
            .collect();
        format!("the shop was not opened:\n  {}", problems.join("\n  "))
    })?;
    let store = store::connect(&config.database_url).await?;
    let opened = match shops::open(store.as_ref(), shop).await {
        Ok(opened) => opened,
        Err(OpenError::Taken { taken, free }) => {
            return Err(format!(
                "another shop has the address {taken:?}; choose another with --slug (\"{free}\" is free)"
            )
            .into());
        }
        Err(error) => return Err(error.into()),
    };
    let origin = config.public_origin.as_deref().map_or_else(
        || {
            eprintln!("(no --public-origin or HAAT_PUBLIC_ORIGIN: the links name --addr)");
            format!("http://{}", config.addr)
        },
        |origin| origin.trim_end_matches('/').to_owned(),
    );
    let slug = &opened.slug;
    let text = format!(
        "Opened the shop {slug}.\n  \
         Sign-in link:  {origin}{}\n                 \
         (open it on the shop's phone; it is shown only this once)\n  \
         Shopper link:  {origin}{}\n",
        shops::sign_in_path(slug, &opened.secret),
        shop_address(slug),
    );
    std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())?;
    Ok(())
}

/// The shop's address to share: its page as the app writes it (`/s/demo/`), which the app opens without
/// writing the address again.
fn shop_address(slug: &str) -> String {
    haat::route::href(slug, &haat::route::Page::Catalog)
}

async fn shutdown_signal() {
    if let Err(error) = tokio::signal::ctrl_c().await {
        tracing::error!(%error, "cannot listen for Ctrl-C; stop the server with a signal");
        std::future::pending::<()>().await;
    }
    tracing::info!("shutting down");
}
