//! A merchant refused in the language their console speaks (its `Accept-Language`), over real HTTP on
//! every storage backend: the shop's settings in Hindi, a spreadsheet's rows in Tamil, a draft's product
//! in French, and English, word for word as before, when the console asks for a language Haat does not
//! speak. The plain pages the server writes itself (a preview's note, a preview link that does not open,
//! a shop that does not exist) speak the reader's language too, and so does a shared link's preview.

#[macro_use]
mod common;

use common::{
    Backend, MERCHANT_TOKEN, TestApp, expect_error, spawn_app, spawn_app_with, stub_storefront,
};
use haat_api::{
    ApiError, DraftProduct, DraftVariant, ImportPlan, Money, PreviewLink, StoreProfile,
};
use reqwest::{Method, StatusCode};
use serde::Serialize;

on_every_backend! {
    a_merchant_is_refused_in_their_consoles_language,
    the_servers_plain_pages_speak_the_readers_language,
    a_shared_links_preview_speaks_the_readers_language,
}

/// Whether `text` is written in the script from `from` to `to`, with no English word left in it.
fn written_in(text: &str, from: char, to: char) -> bool {
    text.chars().any(|letter| (from..=to).contains(&letter))
        && !text.chars().any(|letter| letter.is_ascii_lowercase())
}

fn devanagari(text: &str) -> bool {
    written_in(text, '\u{0900}', '\u{097f}')
}

fn tamil(text: &str) -> bool {
    written_in(text, '\u{0b80}', '\u{0bff}')
}

/// The demo shop's owner sends `body` to `path` (under the shop) from a console in `language`.
async fn as_owner(
    app: &TestApp,
    method: Method,
    path: &str,
    language: &str,
    body: &impl Serialize,
) -> reqwest::Response {
    app.client
        .request(method, format!("{}/api/stores/demo{path}", app.base))
        .bearer_auth(MERCHANT_TOKEN)
        .header("accept-language", language)
        .json(body)
        .send()
        .await
        .expect("request")
}

/// The shop's settings with a phone that is no phone, saved from a console in `language`.
async fn bad_phone(app: &TestApp, language: &str) -> ApiError {
    let mut settings: StoreProfile = app
        .get("/api/stores/demo")
        .await
        .json()
        .await
        .expect("the shop");
    settings.phone = "12".into();
    let refused = as_owner(app, Method::PUT, "/settings", language, &settings).await;
    expect_error(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_settings",
    )
    .await
}

/// What planning `file` says of its rows, from a console in `language`.
async fn plan(app: &TestApp, language: &str, file: &str) -> ImportPlan {
    let response = app
        .client
        .post(format!("{}/api/stores/demo/catalog/plan", app.base))
        .bearer_auth(MERCHANT_TOKEN)
        .header("content-type", "text/csv")
        .header("accept-language", language)
        .body(file.to_owned())
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("a plan")
}

async fn a_merchant_is_refused_in_their_consoles_language(backend: Backend) {
    let app = spawn_app(backend).await;

    // Settings from a console in Hindi: the field's problem, and the refusal, in Hindi.
    let hindi = bad_phone(&app, "hi-IN,hi;q=0.9,en;q=0.5").await;
    let phone = hindi.field_message("phone").expect("the phone's problem");
    assert!(devanagari(phone) && devanagari(&hindi.message), "{hindi:?}");
    // A language Haat does not speak: English, as it always was.
    let english = bad_phone(&app, "de-DE,ja;q=0.8").await;
    assert_eq!(
        english.message,
        "Some settings cannot be kept; each is named beside its field."
    );
    assert_eq!(
        english.field_message("phone"),
        Some("Enter a 10-digit mobile number, or an international number starting with +.")
    );

    // A spreadsheet planned from a console in Tamil: its row's problem in Tamil, at the same place.
    let file = "name,category,pack,price\nMoong Dal,Staples,500 g,abc\n";
    let planned = plan(&app, "ta", file).await;
    let problem = &planned.problems[0];
    assert_eq!(
        (
            problem.line,
            problem.column.as_deref(),
            problem.value.as_str()
        ),
        (2, Some("price"), "abc")
    );
    assert!(tamil(&problem.why), "{problem:?}");
    let in_english = plan(&app, "de", file).await;
    assert_eq!(
        in_english.problems[0].why,
        "A price is a number of rupees, like 245 or 245.50."
    );
    // What the plan showed is the same plan, in whichever language it was shown.
    assert_eq!(planned.basis, in_english.basis);

    // A product added from a console in French: each of its problems in French.
    let category = app.catalog().await.categories[0].id.clone();
    let product = DraftProduct {
        id: String::new(),
        category,
        name: " ".into(),
        name_local: None,
        image: None,
        description: None,
        search_words: Vec::new(),
        hidden: false,
        variants: vec![DraftVariant {
            id: String::new(),
            label: "1 kg".into(),
            price: Money::from_minor(9_500),
            mrp: Some(Money::from_minor(100)),
            stock: None,
        }],
    };
    let add = |language: &'static str| {
        let app = &app;
        let product = &product;
        async move {
            let refused = as_owner(app, Method::POST, "/draft/products", language, product).await;
            expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_draft").await
        }
    };
    let french = add("fr-FR,fr;q=0.9").await;
    let english = add("de").await;
    assert_eq!(
        english.message,
        "The catalog has problems; each is named beside its field."
    );
    assert_eq!(
        english.field_message("variants[0].mrp"),
        Some("The MRP is at least the price.")
    );
    assert!(french.message.contains("catalogue"), "{french:?}");
    for field in ["name", "variants[0].mrp"] {
        let said = french.field_message(field).expect("the field's problem");
        assert_ne!(Some(said), english.field_message(field), "{field}");
    }
    assert!(
        app.merchant_orders().await.is_empty(),
        "nothing was ordered"
    );
}

/// The page at `path`, asked for in `language`: its status and its HTML.
async fn page(app: &TestApp, path: &str, language: &str) -> (StatusCode, String) {
    let response = app
        .client
        .get(format!("{}{path}", app.base))
        .header("accept-language", language)
        .send()
        .await
        .expect("request");
    let status = response.status();
    (status, response.text().await.expect("a page"))
}

async fn the_servers_plain_pages_speak_the_readers_language(backend: Backend) {
    let dist = stub_storefront();
    let app = spawn_app_with(backend, |config| config.static_dir = dist.path().to_owned()).await;

    // A shop that does not exist, for a Tamil browser; and for one Haat does not speak.
    let (status, missing) = page(&app, "/s/no-such-shop", "ta-IN").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        missing.contains("<html lang=\"ta\">") && missing.contains("<h1>கடை கிடைக்கவில்லை</h1>"),
        "{missing}"
    );
    let (_, english) = page(&app, "/s/no-such-shop", "de").await;
    assert!(
        english.contains("<html lang=\"en\">") && english.contains("<h1>Shop not found</h1>"),
        "{english}"
    );
    // Kept by no cache: the shop may open under this address in a minute.
    let missing = app
        .client
        .get(format!("{}/s/no-such-shop", app.base))
        .send()
        .await
        .expect("request");
    assert_eq!(
        missing.headers().get("cache-control").map(|v| v.as_bytes()),
        Some(&b"no-store"[..])
    );

    // A preview link Haat did not make, for a Hindi browser.
    let (status, refused) = page(&app, "/s/demo?preview=123.abc", "hi").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        refused.contains("<html lang=\"hi\">")
            && refused.contains("यह प्रीव्यू लिंक Haat का बनाया हुआ नहीं है।"),
        "{refused}"
    );

    // The owner's preview, opened in French: the note above it says what it is, in French.
    let link: PreviewLink = as_owner(&app, Method::POST, "/preview", "fr", &())
        .await
        .json()
        .await
        .expect("a preview link");
    let (status, preview) = page(&app, &link.url, "fr-FR").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        preview.contains("preview-note") && preview.contains("Aperçu de vos modifications"),
        "{preview}"
    );
    let (_, in_english) = page(&app, &link.url, "de").await;
    assert!(
        in_english.contains("Preview of your changes: shoppers see them once you publish."),
        "{in_english}"
    );
}

/// The `content` of the page's `<meta {attribute}="{name}">`.
fn meta<'a>(html: &'a str, attribute: &str, name: &str) -> &'a str {
    let tag = format!("<meta {attribute}=\"{name}\" content=\"");
    let start = html.find(&tag).map(|at| at + tag.len()).expect("the tag");
    let end = html[start..].find('"').expect("its end");
    &html[start..start + end]
}

async fn a_shared_links_preview_speaks_the_readers_language(backend: Backend) {
    let dist = stub_storefront();
    let app = spawn_app_with(backend, |config| config.static_dir = dist.path().to_owned()).await;

    // A product's link opened by a Hindi phone (or a preview bot of a Hindi shop): its local name, the
    // price as Hindi writes it, and the shop's local name.
    let (_, hindi) = page(&app, "/s/demo/p/wheat-atta", "hi-IN").await;
    let title = meta(&hindi, "property", "og:title");
    assert!(title.starts_with("गेहूं का आटा 5 kg · ₹"), "{title}");
    let about = meta(&hindi, "property", "og:description");
    assert!(
        about.contains("शर्मा किराना स्टोर पर गेहूं का आटा (5 kg)") && about.contains("चैट में ऑर्डर करें"),
        "{about}"
    );
    assert_eq!(meta(&hindi, "property", "og:locale"), "hi_IN");
    // A page made of what is on the phone: titled as the app titles it.
    let (_, cart) = page(&app, "/s/demo/cart", "ta").await;
    assert!(
        cart.contains("<title>உங்கள் கூடை · Sharma Kirana Store</title>"),
        "{cart}"
    );

    // The same link for a reader Haat does not speak to: the shop's language, English, as before.
    let (_, english) = page(&app, "/s/demo/p/wheat-atta", "de").await;
    assert!(
        meta(&english, "property", "og:description")
            .contains("Whole Wheat Atta (5 kg) for ₹245 at Sharma Kirana Store."),
        "{english}"
    );
    assert_eq!(meta(&english, "property", "og:locale"), "en_IN");
}
