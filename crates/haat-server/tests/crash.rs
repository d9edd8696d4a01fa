//! Durability: the real server binary, killed with SIGKILL in the middle of taking orders, keeps every
//! order it answered with 201 once restarted on the same SQLite file.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use haat_api::{OrderList, PlacedOrder};
use reqwest::{Client, StatusCode};
use serde_json::json;

const MERCHANT_TOKEN: &str = "crash-test-merchant";

/// Starts `haat-server` on a free port and returns it with its base URL, read from what it prints.
fn start_server(database_url: &str) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_haat-server"))
        .args(["--addr", "127.0.0.1:0", "--database", database_url])
        .env("HAAT_MERCHANT_TOKEN", MERCHANT_TOKEN)
        .env("HAAT_STATIC_DIR", "/nonexistent")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("haat-server starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let base = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.split_once("Shopper link:")
                .and_then(|(_, url)| url.trim().strip_suffix("/s/demo/").map(str::to_owned))
        })
        .expect("the server prints its shopper link");
    // Keep draining what it prints, so it never writes into a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (child, base)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_confirmed_order_survives_sigkill() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = format!("sqlite://{}", dir.path().join("haat.db").display());
    let (mut server, base) = start_server(&database_url);
    let client = Client::new();
    let confirmed = Arc::new(Mutex::new(Vec::<i64>::new()));
    let stop = Arc::new(AtomicBool::new(false));

    let buyers: Vec<_> = (0..8)
        .map(|buyer| {
            let (client, base) = (client.clone(), base.clone());
            let (confirmed, stop) = (confirmed.clone(), stop.clone());
            tokio::spawn(async move {
                let body = json!({
                    "customer": {"name": format!("Buyer {buyer}"), "phone": "98450 12345",
                                 "address": "12, 3rd Cross, Indiranagar", "pincode": "560038"},
                    // ₹106, above the demo shop's ₹100 minimum; its stock allows 60 such orders.
                    "lines": [{"product": "sugar", "variant": "1kg", "quantity": 1},
                              {"product": "salt", "variant": "1kg", "quantity": 1},
                              {"product": "packaged-water", "variant": "1l", "quantity": 1},
                              {"product": "matchbox", "variant": "10", "quantity": 1}]
                });
                while !stop.load(Ordering::Relaxed) {
                    let sent = client
                        .post(format!("{base}/api/stores/demo/orders"))
                        .json(&body)
                        .timeout(Duration::from_secs(5))
                        .send()
                        .await;
                    let Ok(response) = sent else { break };
                    if response.status() != StatusCode::CREATED {
                        continue;
                    }
                    // Only an answer read in full counts as confirmed to the shopper.
                    if let Ok(placed) = response.json::<PlacedOrder>().await {
                        confirmed.lock().expect("lock").push(placed.order.id);
                    }
                }
            })
        })
        .collect();

    // Kill the server once it has confirmed a good number of orders, while the buyers keep going.
    tokio::time::timeout(Duration::from_secs(60), async {
        while confirmed.lock().expect("lock").len() < 40 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("40 orders confirmed within a minute");
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
    stop.store(true, Ordering::Relaxed);
    for buyer in buyers {
        buyer.await.expect("buyer joins");
    }
    let confirmed = confirmed.lock().expect("lock").clone();

    let (mut restarted, base) = start_server(&database_url);
    // Every order in one page (the list's default page is 50; the demo shop's stock allows 60 orders).
    let orders: OrderList = client
        .get(format!("{base}/api/stores/demo/orders?limit=200"))
        .bearer_auth(MERCHANT_TOKEN)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("orders");
    assert_eq!(orders.more, None, "every order in the page");
    let stored: std::collections::HashSet<i64> =
        orders.orders.iter().map(|order| order.id).collect();
    let lost: Vec<_> = confirmed.iter().filter(|id| !stored.contains(id)).collect();
    assert!(
        lost.is_empty(),
        "confirmed orders lost after SIGKILL: {lost:?}"
    );
    assert!(confirmed.len() >= 40);
    restarted.kill().expect("stop");
    let _ = restarted.wait();
}
