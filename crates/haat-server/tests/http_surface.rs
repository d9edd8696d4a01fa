//! What every client sees besides the JSON: security headers, request ids, caching, compression, CORS and
//! the merchant's live order feed. Backend-independent, so these run on SQLite.

use std::time::Duration;

use haat_api::{Order, PlacedOrder};
use haat_server::{Config, Server};
use reqwest::{Client, StatusCode, header};
use serde_json::json;

mod common;
use common::stub_storefront;

const MERCHANT_TOKEN: &str = "surface-merchant-token";

struct App {
    base: String,
    client: Client,
    _dir: tempfile::TempDir,
}

async fn spawn_with(configure: impl FnOnce(&mut Config)) -> App {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config =
        Config::for_database(format!("sqlite://{}", dir.path().join("haat.db").display()));
    config.merchant_token = Some(MERCHANT_TOKEN.to_owned());
    configure(&mut config);
    let server = Server::start(&config).await.expect("server starts");
    let base = format!("http://{}", server.local_addr());
    tokio::spawn(server.serve());
    App {
        base,
        client: Client::new(),
        _dir: dir,
    }
}

async fn place_order(app: &App) -> PlacedOrder {
    let response = app
        .client
        .post(format!("{}/api/stores/demo/orders", app.base))
        .json(&json!({
            "customer": {"name": "Asha Rao", "phone": "98450 12345", "address": "12, 3rd Cross, Indiranagar", "pincode": "560038"},
            "lines": [{"product": "desi-ghee", "variant": "500ml", "quantity": 1}]
        }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.expect("placed")
}

#[tokio::test]
async fn every_response_carries_security_headers_and_a_request_id() {
    let static_dir = stub_storefront();
    let dist = static_dir.path().to_owned();
    let app = spawn_with(move |config| {
        config.static_dir = dist;
        config.frame_ancestors = "'self' https://web.telegram.org".to_owned();
    })
    .await;
    for path in ["/api/stores/demo", "/api/nowhere", "/s/demo/cart"] {
        let response = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("request");
        let headers = response.headers();
        let csp = headers
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|value| value.to_str().ok())
            .expect("a CSP");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{csp}"
        );
        assert!(csp.contains("style-src 'self' 'sha256-"), "{csp}");
        assert!(
            !csp.contains("'unsafe-eval'") && !csp.contains("'unsafe-inline'"),
            "{csp}"
        );
        assert!(
            csp.ends_with("frame-ancestors 'self' https://web.telegram.org"),
            "{csp}"
        );
        assert_eq!(
            headers
                .get(header::X_CONTENT_TYPE_OPTIONS)
                .map(|v| v.as_bytes()),
            Some(&b"nosniff"[..])
        );
        let id = headers.get("x-request-id").expect("a request id");
        assert_eq!(id.len(), 36, "a UUID");
    }
    let page = app
        .client
        .get(format!("{}/s/demo/cart", app.base))
        .send()
        .await
        .expect("request");
    assert_eq!(page.status(), StatusCode::OK, "a shop's pages are rendered");
    // A preview's pages run one more inline script than a shopper's: their policy alone allows it.
    let scripts = |csp: &str| csp.matches("'sha256-").count();
    let policy_of = |path: &'static str| {
        let client = app.client.clone();
        let url = format!("{}{path}", app.base);
        async move {
            let response = client.get(url).send().await.expect("request");
            response.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .expect("ascii")
                .to_owned()
        }
    };
    let (shoppers, previews) = (
        policy_of("/s/demo").await,
        policy_of("/s/demo?preview=1.00").await,
    );
    assert_eq!(scripts(&previews), scripts(&shoppers) + 1, "{previews}");
    // A file that is not there is a 404, never a page with a 200 (a page from before a deploy asking
    // for its build's files must see them missing); so is any other unknown path.
    for path in ["/haat-0123456789abcdef.js", "/nowhere"] {
        let missing = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("request");
        assert_eq!(missing.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let given = app
        .client
        .get(format!("{}/api/stores/demo", app.base))
        .header("x-request-id", "trace-me-42")
        .send()
        .await
        .expect("request");
    assert_eq!(
        given.headers().get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"trace-me-42"[..])
    );
}

#[tokio::test]
async fn misconfigured_hosts_are_refused_at_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config =
        Config::for_database(format!("sqlite://{}", dir.path().join("x.db").display()));
    config.frame_ancestors = "https://x.example; script-src *".to_owned();
    assert!(Server::start(&config).await.is_err());
    config.frame_ancestors = "'self'".to_owned();
    config.cors_origins = vec!["*".to_owned()];
    assert!(Server::start(&config).await.is_err());
}

#[tokio::test]
async fn the_catalog_is_revalidated_with_an_etag_and_compressed() {
    let app = spawn_with(|_| {}).await;
    let url = format!("{}/api/stores/demo/catalog", app.base);
    let first = app.client.get(&url).send().await.expect("request");
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers().get(header::ETAG).expect("an ETag").clone();
    let again = app
        .client
        .get(&url)
        .header(header::IF_NONE_MATCH, etag.clone())
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.expect("body").is_empty());
    let tag = etag.to_str().expect("ascii").to_owned();
    for candidates in [
        format!("W/{tag}"),
        "*".to_owned(),
        format!("\"other\", {tag}"),
    ] {
        let weak = app
            .client
            .get(&url)
            .header(header::IF_NONE_MATCH, candidates.clone())
            .send()
            .await
            .expect("request");
        assert_eq!(weak.status(), StatusCode::NOT_MODIFIED, "{candidates}");
    }

    place_order(&app).await;
    let changed = app
        .client
        .get(&url)
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .expect("request");
    assert_eq!(
        changed.status(),
        StatusCode::OK,
        "stock changed, so the catalog did"
    );

    let compressed = app
        .client
        .get(&url)
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await
        .expect("request");
    assert_eq!(
        compressed
            .headers()
            .get(header::CONTENT_ENCODING)
            .map(|v| v.as_bytes()),
        Some(&b"br"[..])
    );
}

#[tokio::test]
async fn cors_answers_only_configured_origins() {
    let app =
        spawn_with(|config| config.cors_origins = vec!["https://shop.example.com".to_owned()])
            .await;
    let url = format!("{}/api/stores/demo/orders", app.base);
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, &url)
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                "content-type,idempotency-key",
            )
            .send()
    };
    let allowed = preflight("https://shop.example.com")
        .await
        .expect("request");
    assert_eq!(
        allowed
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .map(|v| v.as_bytes()),
        Some(&b"https://shop.example.com"[..])
    );
    // Every method the API takes: the console saves settings and drafts (PUT) and deletes products.
    let methods = allowed
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_METHODS)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    for method in ["GET", "POST", "PATCH", "PUT", "DELETE"] {
        assert!(methods.contains(method), "{method} in {methods}");
    }
    let foreign = preflight("https://evil.example.net")
        .await
        .expect("request");
    assert!(
        foreign
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );

    let no_cors = spawn_with(|_| {}).await;
    let plain = no_cors
        .client
        .get(format!("{}/api/stores/demo", no_cors.base))
        .header(header::ORIGIN, "https://shop.example.com")
        .send()
        .await
        .expect("request");
    assert!(
        plain
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
}

/// Reads server-sent events until one `order` event arrives, with a deadline.
async fn next_order_event(
    response: &mut reqwest::Response,
    buffer: &mut String,
) -> (String, Order) {
    tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            if let Some(end) = buffer.find("\n\n") {
                let block: String = buffer.drain(..end + 2).collect();
                let field = |name: &str| {
                    block
                        .lines()
                        .find_map(|line| line.strip_prefix(name))
                        .map(|value| value.trim().to_owned())
                };
                if field("event:").as_deref() == Some("order") {
                    let order =
                        serde_json::from_str(&field("data:").expect("data")).expect("order json");
                    return (field("id:").expect("id"), order);
                }
                continue;
            }
            let chunk = response
                .chunk()
                .await
                .expect("stream")
                .expect("stream open");
            buffer.push_str(std::str::from_utf8(&chunk).expect("utf-8"));
        }
    })
    .await
    .expect("an order event within the deadline")
}

#[tokio::test]
async fn the_merchant_feed_streams_new_orders_and_status_changes() {
    let app = spawn_with(|_| {}).await;
    let feed_url = format!("{}/api/stores/demo/orders/events", app.base);
    let refused = app.client.get(&feed_url).send().await.expect("request");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let lowercase_scheme = app
        .client
        .get(format!("{}/api/stores/demo/orders", app.base))
        .header(header::AUTHORIZATION, format!("bearer {MERCHANT_TOKEN}"))
        .send()
        .await
        .expect("request");
    assert_eq!(
        lowercase_scheme.status(),
        StatusCode::OK,
        "the scheme is case-insensitive"
    );

    let mut feed = app
        .client
        .get(&feed_url)
        .bearer_auth(MERCHANT_TOKEN)
        .send()
        .await
        .expect("feed");
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"))
    );
    let mut buffer = String::new();
    let placed = place_order(&app).await;
    let (first_id, order) = next_order_event(&mut feed, &mut buffer).await;
    assert_eq!(order.id, placed.order.id);
    assert_eq!(order.status.as_str(), "placed");

    let accepted = app
        .client
        .post(format!(
            "{}/api/stores/demo/orders/{}/status",
            app.base, order.id
        ))
        .bearer_auth(MERCHANT_TOKEN)
        .json(&json!({"status": "accepted"}))
        .send()
        .await
        .expect("request");
    assert_eq!(accepted.status(), StatusCode::OK);
    let (_, order) = next_order_event(&mut feed, &mut buffer).await;
    assert_eq!(order.status.as_str(), "accepted");
    drop(feed);

    // A reconnecting client resumes after the last event it saw, with the token in the query string as
    // EventSource needs.
    let mut resumed = app
        .client
        .get(format!("{feed_url}?access_token={MERCHANT_TOKEN}"))
        .header("last-event-id", first_id)
        .send()
        .await
        .expect("feed");
    let (_, order) = next_order_event(&mut resumed, &mut String::new()).await;
    assert_eq!(
        order.status.as_str(),
        "accepted",
        "the missed event is replayed"
    );
}
