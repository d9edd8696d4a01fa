//! The shopper's first load (HTML + CSS + JS + wasm, before images; wasm-bindgen's JS snippets included)
//! fits in 100 KiB of brotli.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use haat_e2e::dist_dir;

const BUDGET_BYTES: usize = 100 * 1024;

fn brotli_size(path: &Path) -> usize {
    let output = Command::new("brotli")
        .args(["--stdout", "--best"])
        .arg(path)
        .output()
        .expect("brotli runs (scripts/bootstrap installs it)");
    assert!(
        output.status.success(),
        "brotli failed on {}",
        path.display()
    );
    output.stdout.len()
}

/// Every file under `dir`, in subdirectories too: wasm-bindgen's JS snippets live in `snippets/…`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn first_load_fits_the_brotli_budget() {
    let mut total = 0;
    let mut report = Vec::new();
    for path in files_under(&dist_dir()) {
        let first_load = path
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| matches!(ext, "html" | "css" | "js" | "wasm"));
        if !first_load {
            continue;
        }
        let raw = std::fs::metadata(&path).expect("metadata").len();
        let compressed = brotli_size(&path);
        total += compressed;
        report.push(format!(
            "{:>8} raw {:>7} br  {}",
            raw,
            compressed,
            path.strip_prefix(dist_dir()).unwrap_or(&path).display()
        ));
    }
    report.sort();
    println!(
        "{}\ntotal {total} bytes brotli (budget {BUDGET_BYTES})",
        report.join("\n")
    );
    assert!(
        report.iter().any(|line| line.ends_with(".wasm")),
        "the build has a wasm file"
    );
    assert!(
        total <= BUDGET_BYTES,
        "first load is {total} bytes brotli, over the {BUDGET_BYTES}-byte budget:\n{}",
        report.join("\n")
    );
}
