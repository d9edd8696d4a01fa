//! Product photos over real HTTP, on every storage backend: a phone's photo turned upright, resized and
//! stripped of its metadata, served with a year's caching under an address that names its content,
//! and a file that is no photo refused, saying why.

#[macro_use]
mod common;

use common::{Backend, MERCHANT_TOKEN, TestApp, expect_error, now_ms, spawn_app};
use haat_api::{ImportPlan, UploadedPhoto};
use image::{ImageEncoder, Rgb, RgbImage, codecs::jpeg::JpegEncoder};
use reqwest::Method;
use reqwest::StatusCode;
use serde_json::{Value, json};

on_every_backend! {
    a_phone_photo_is_kept_upright_small_and_without_its_metadata,
    a_file_that_is_no_photo_is_refused_saying_why,
    a_photo_nothing_uses_is_deleted_a_day_on_and_a_published_one_kept,
    another_shops_photo_is_refused_wherever_a_picture_goes,
}

/// A camera's JPEG: wider than tall, left half red, with EXIF saying "turn a quarter clockwise".
fn camera_photo(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    });
    // TIFF, little-endian, one entry: Orientation (0x0112), SHORT, 6.
    let exif = [
        b'I', b'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0,
    ];
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, 90);
    encoder.set_exif_metadata(exif.to_vec()).expect("exif");
    encoder
        .write_image(
            picture.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .expect("a jpeg");
    out
}

async fn upload(app: &TestApp, bytes: Vec<u8>, token: Option<&str>) -> reqwest::Response {
    let request = app
        .client
        .post(format!("{}/api/stores/demo/photos", app.base))
        .header("content-type", "image/jpeg")
        .body(bytes);
    let request = match token {
        Some(token) => request.bearer_auth(token),
        None => request,
    };
    request.send().await.expect("request")
}

async fn a_phone_photo_is_kept_upright_small_and_without_its_metadata(backend: Backend) {
    let app = spawn_app(backend).await;
    let sent = camera_photo(1600, 800);
    let response = upload(&app, sent.clone(), Some(MERCHANT_TOKEN)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let photo: UploadedPhoto = response.json().await.expect("the photo");
    assert_eq!((photo.width, photo.height), (360, 720), "turned upright");
    assert!(photo.url.starts_with("/photos/demo/") && photo.url.ends_with("-720.jpg"));

    let large = app.get(&photo.url).await;
    assert_eq!(large.status(), StatusCode::OK);
    assert_eq!(large.headers()["content-type"], "image/jpeg");
    assert_eq!(
        large.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let large = large.bytes().await.expect("bytes");
    let picture = image::load_from_memory(&large).expect("a jpeg").into_rgb8();
    assert_eq!(picture.dimensions(), (360, 720));
    let top = picture.get_pixel(180, 100).0;
    assert!(
        top[0] > 150 && top[2] < 100,
        "the left half is on top: {top:?}"
    );
    assert!(!large.windows(4).any(|w| w == b"Exif"), "no metadata kept");

    let small = app
        .get(&photo.thumbnail)
        .await
        .bytes()
        .await
        .expect("bytes");
    let small = image::load_from_memory(&small).expect("a jpeg");
    assert_eq!((small.width(), small.height()), (160, 160));

    let again: UploadedPhoto = upload(&app, sent, Some(MERCHANT_TOKEN))
        .await
        .json()
        .await
        .expect("the photo");
    assert_eq!(again, photo, "the same photo is one photo");

    // A photo is its shop's: another shop's address for it finds nothing.
    let elsewhere = photo.url.replace("/photos/demo/", "/photos/another-shop/");
    assert_eq!(app.get(&elsewhere).await.status(), StatusCode::NOT_FOUND);
}

async fn a_file_that_is_no_photo_is_refused_saying_why(backend: Backend) {
    let app = spawn_app(backend).await;
    let refused = upload(
        &app,
        b"name,price\nPoha,45\n".to_vec(),
        Some(MERCHANT_TOKEN),
    )
    .await;
    let error = expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_photo").await;
    assert!(error.message.contains("JPEG, PNG or WebP"), "{error:?}");

    let tiny = upload(&app, camera_photo(40, 30), Some(MERCHANT_TOKEN)).await;
    let error = expect_error(tiny, StatusCode::UNPROCESSABLE_ENTITY, "invalid_photo").await;
    assert!(error.message.contains("too small"), "{error:?}");

    let huge = upload(&app, vec![0xFF; 16 * 1024 * 1024], Some(MERCHANT_TOKEN)).await;
    expect_error(huge, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;

    let anonymous = upload(&app, camera_photo(200, 200), None).await;
    expect_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let stranger = upload(&app, camera_photo(200, 200), Some("not-the-secret")).await;
    expect_error(stranger, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

/// `method path` as the demo shop's owner, with `body` as JSON.
async fn as_owner(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> Value {
    let request = app
        .client
        .request(
            method.clone(),
            format!("{}/api/stores/demo{path}", app.base),
        )
        .bearer_auth(MERCHANT_TOKEN);
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    let response = request.send().await.expect("request");
    assert!(
        response.status().is_success(),
        "{method} {path}: {response:?}"
    );
    response.json().await.unwrap_or(Value::Null)
}

/// The draft with the first product showing the picture at `address` (`None`: no picture), saved.
async fn show_in_draft(app: &TestApp, address: Option<&str>) {
    let mut draft = as_owner(app, Method::GET, "/draft", None).await["catalog"].take();
    draft["products"][0]["image"] = json!(address);
    as_owner(app, Method::PUT, "/draft", Some(draft)).await;
}

async fn kept(app: &TestApp, photo: &UploadedPhoto) -> bool {
    match app.get(&photo.url).await.status() {
        StatusCode::OK => true,
        StatusCode::NOT_FOUND => false,
        other => panic!("{}: {other}", photo.url),
    }
}

async fn a_photo_nothing_uses_is_deleted_a_day_on_and_a_published_one_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let uploaded = |width| {
        let app = &app;
        async move {
            let response = upload(app, camera_photo(width, 600), Some(MERCHANT_TOKEN)).await;
            assert_eq!(response.status(), StatusCode::CREATED);
            response.json::<UploadedPhoto>().await.expect("the photo")
        }
    };
    let store = haat_server::store::connect(app.database_url())
        .await
        .expect("the server's database");
    // What housekeeping does a day after these uploads.
    let a_day_on = || async {
        store
            .purge_unused_photos(now_ms() + 1)
            .await
            .expect("a purge")
    };

    let published = uploaded(700).await;
    show_in_draft(&app, Some(&published.url)).await;
    as_owner(&app, Method::POST, "/draft/publish", None).await;
    let in_draft = uploaded(710).await;
    show_in_draft(&app, Some(&in_draft.url)).await;
    let logo = uploaded(720).await;
    let mut settings = as_owner(&app, Method::GET, "/merchant", None).await;
    settings["logo"] = json!(logo.url);
    as_owner(&app, Method::PUT, "/settings", Some(settings.clone())).await;
    let never_used = uploaded(730).await;

    // Uploaded just now: nothing is deleted yet, used or not.
    assert_eq!(
        store
            .purge_unused_photos(now_ms() - 60_000)
            .await
            .expect("a purge"),
        0
    );
    assert!(kept(&app, &never_used).await);
    // A day on, only the photo nothing uses.
    assert_eq!(a_day_on().await, 1);
    assert!(!kept(&app, &never_used).await);
    for used in [&published, &in_draft, &logo] {
        assert!(kept(&app, used).await, "{}", used.url);
    }
    // The draft dropped and the logo changed: those photos go; the published one stays, as the
    // version that shows it can be restored.
    as_owner(&app, Method::DELETE, "/draft", None).await;
    settings["logo"] = Value::Null;
    as_owner(&app, Method::PUT, "/settings", Some(settings)).await;
    assert_eq!(a_day_on().await, 2);
    assert!(!kept(&app, &in_draft).await && !kept(&app, &logo).await);
    // Published under its whole address, pasted from the storefront, a photo is as published.
    let pasted = uploaded(740).await;
    show_in_draft(&app, Some(&format!("https://shop.example{}", pasted.url))).await;
    as_owner(&app, Method::POST, "/draft/publish", None).await;
    assert_eq!(a_day_on().await, 0);
    assert!(kept(&app, &published).await && kept(&app, &pasted).await);
    // A photo sent again is new again: the console is about to save what shows it.
    let before_sending = now_ms();
    let sent_again = uploaded(730).await;
    assert_eq!(sent_again, never_used);
    assert_eq!(
        store
            .purge_unused_photos(before_sending)
            .await
            .expect("a purge"),
        0
    );
    assert!(kept(&app, &sent_again).await);
}

/// A photo uploaded to another shop is that shop's to delete: a product, the logo and a spreadsheet
/// row of this shop's may not show it.
async fn another_shops_photo_is_refused_wherever_a_picture_goes(backend: Backend) {
    let app = spawn_app(backend).await;
    let theirs = "/photos/ravi-stores/3f2a9c0e5b7d1a2c4e6f8a0b-720.jpg";
    let send = |method: Method, path: &str, body: Value| {
        app.client
            .request(method, format!("{}/api/stores/demo{path}", app.base))
            .bearer_auth(MERCHANT_TOKEN)
            .json(&body)
            .send()
    };
    let uploaded = "another shop";

    let mut draft = as_owner(&app, Method::GET, "/draft", None).await["catalog"].take();
    draft["products"][0]["image"] = json!(theirs);
    let refused = send(Method::PUT, "/draft", draft).await.expect("request");
    let error = expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_draft").await;
    let why = error
        .field_message("products[0].image")
        .expect("the picture's problem");
    assert!(why.contains(uploaded), "{why}");

    let mut settings = as_owner(&app, Method::GET, "/merchant", None).await;
    settings["logo"] = json!(theirs);
    let refused = send(Method::PUT, "/settings", settings)
        .await
        .expect("request");
    let error = expect_error(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_settings",
    )
    .await;
    assert!(
        error
            .field_message("logo")
            .is_some_and(|why| why.contains(uploaded)),
        "{error:?}"
    );

    let file = format!("name,pack,price,image\nPoha,500 g,45,{theirs}\n");
    let plan: ImportPlan = app.plan_import(file).await.json().await.expect("a plan");
    assert_eq!(plan.problems.len(), 1, "{plan:?}");
    let problem = &plan.problems[0];
    assert_eq!((problem.line, problem.value.as_str()), (2, theirs));
    assert!(problem.why.contains(uploaded), "{problem:?}");

    // The shop's own photos are its to show.
    let mine = theirs.replace("ravi-stores", "demo");
    show_in_draft(&app, Some(&mine)).await;
}
