//! How long a merchant waits on a 10,000-row spreadsheet, against the real server (in-process, its
//! HTTP on 127.0.0.1) on a fresh SQLite file: planning the file into an empty shop (10,000 new rows),
//! importing it into the draft, publishing it, planning it again (10,000 unchanged rows) and exporting the
//! catalog. Each step is timed `runs` times where it can be repeated; the median is reported. Results go
//! to BENCHMARKS.md:
//!
//! `cargo run --release -p haat-e2e --bin sheet-bench -- 10000 5` (rows, runs)

use std::time::{Duration, Instant};

use haat_api::{ImportPlan, ShopSignup};
use haat_e2e::{Shop, big_shop};
use haat_server::{shop, shops, store};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1).map(|arg| arg.parse::<usize>());
    let mut next = |default: usize| args.next().map_or(default, |arg| arg.expect("a number"));
    let (rows, runs) = (next(10_000), next(5));

    let server = Shop::start().await;
    let store = store::connect(server.database_url())
        .await
        .expect("the database opens");
    let signup = ShopSignup {
        name: "Sheet Bench".into(),
        phone: "9845012345".into(),
        slug: None,
    };
    let opened = shops::open(store.as_ref(), shop::check(&signup).expect("a valid shop"))
        .await
        .expect("the shop opens");
    let file = sheet_of(rows);
    let base = format!("{}/api/stores/{}", server.base, opened.slug);
    let client = reqwest::Client::new();
    let post = |path: &str, body: &str| {
        client
            .post(format!("{base}{path}"))
            .bearer_auth(&opened.secret)
            .header("content-type", "text/csv")
            .body(body.to_owned())
    };

    println!(
        "{rows} rows, {} KB; median of {runs} runs where a step repeats",
        file.len() / 1024
    );
    let plan_new = median(runs, || async {
        let response = post("/catalog/plan", &file).send().await.expect("plan");
        assert!(response.status().is_success(), "{}", response.status());
        response.bytes().await.expect("a plan");
    })
    .await;
    let planned: ImportPlan = post("/catalog/plan", &file)
        .send()
        .await
        .expect("plan")
        .json()
        .await
        .expect("a plan");
    assert!(planned.problems.is_empty(), "{:?}", &planned.problems[..1]);
    let basis = planned.basis;
    let started = Instant::now();
    let imported = post(&format!("/catalog/import?basis={basis}"), &file)
        .send()
        .await
        .expect("import");
    assert!(imported.status().is_success(), "{}", imported.status());
    let import = started.elapsed();
    let started = Instant::now();
    let published = client
        .post(format!("{base}/draft/publish"))
        .bearer_auth(&opened.secret)
        .send()
        .await
        .expect("publish");
    assert!(published.status().is_success(), "{}", published.status());
    let publish = started.elapsed();
    let plan_same = median(runs, || async {
        let response = post("/catalog/plan", &file).send().await.expect("plan");
        assert!(response.status().is_success());
        response.bytes().await.expect("a plan");
    })
    .await;
    let export = median(runs, || async {
        let response = client
            .get(format!("{base}/catalog.csv"))
            .bearer_auth(&opened.secret)
            .send()
            .await
            .expect("export");
        assert!(response.status().is_success());
        response.text().await.expect("the file");
    })
    .await;

    println!("| step | time |");
    println!("|---|---|");
    for (step, took) in [
        ("plan the file: every row new", plan_new),
        ("import it into the draft", import),
        ("publish the draft", publish),
        ("plan it again: every row unchanged", plan_same),
        ("export the catalog", export),
    ] {
        println!("| {step} | {} ms |", took.as_millis());
    }
}

/// The big shop's products as a spreadsheet in Haat's columns: `rows` packs.
fn sheet_of(rows: usize) -> String {
    let shop = big_shop(rows);
    let rupees = |minor: i64| format!("{}.{:02}", minor / 100, minor % 100);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "product_id",
            "name",
            "local_name",
            "category",
            "variant_id",
            "pack",
            "price",
            "mrp",
            "stock",
        ])
        .expect("the headings");
    for product in &shop.products {
        let category = shop
            .categories
            .iter()
            .find(|category| category.id == product.category)
            .map_or("Other", |category| category.name.as_str());
        let variant = &product.variants[0];
        writer
            .write_record([
                product.id.as_str(),
                &product.name,
                product.name_local.as_deref().unwrap_or_default(),
                category,
                &variant.id,
                &variant.label,
                &rupees(variant.price.minor()),
                &variant
                    .mrp
                    .map(|mrp| rupees(mrp.minor()))
                    .unwrap_or_default(),
                &variant.stock.to_string(),
            ])
            .expect("a row");
    }
    String::from_utf8(writer.into_inner().expect("written")).expect("UTF-8")
}

/// The median time of `runs` runs of `step`.
async fn median<F, Fut>(runs: usize, mut step: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        step().await;
        times.push(started.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}
