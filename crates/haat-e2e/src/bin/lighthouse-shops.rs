//! The shops `scripts/lighthouse` measures: a real haat-server on 127.0.0.1:0 with a fresh SQLite database,
//! serving the built storefront (`dist/`), with the demo shop (`/s/demo`) and a generated shop of 10,000
//! products (`/s/big`: the demo shop's products repeated with numbered names, as `storefront-bench` makes
//! it). Prints `base http://127.0.0.1:PORT` once both shops are there, then serves until SIGTERM or Ctrl-C.
//!
//! `cargo run --release -p haat-e2e --bin lighthouse-shops -- 10000` (products in the big shop)

use haat_e2e::{BIG_STORE, Shop, big_shop};
use tokio::signal::unix::{SignalKind, signal};

#[tokio::main]
async fn main() {
    let products: usize = std::env::args()
        .nth(1)
        .map_or(10_000, |arg| arg.parse().expect("a number of products"));

    let shop = Shop::start().await;
    shop.add_shop(&big_shop(products)).await;
    println!("base {}", shop.base);
    println!("demo {}/s/demo/", shop.base);
    println!("big {}/s/{BIG_STORE}/ ({products} products)", shop.base);

    let mut terminate = signal(SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! {
        _ = terminate.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    // Dropping the shop stops the server and removes its database.
    drop(shop);
}
