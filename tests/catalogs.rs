//! The message catalogs against the texts they translate: every English text the storefront says
//! through `Lang` (`lang.t("…")`, `lang.f("…", …)`, and both forms of `lang.n("…", "…", count)`) is
//! translated in every catalog of `locales/`, and every text the server says to shoppers the same way
//! in every catalog of `crates/haat-server/locales/`, and every text the merchant console says in every
//! catalog of `crates/haat-console/locales/`; no catalog keeps a text no longer said, and each
//! translation keeps its text's `{placeholders}`. Native only: it reads the source files.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(feature = "ssr")]

use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
};

use haat::lang::{self, Translations};
use haat_api::Language;

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
    files
}

/// The string literal at the start of `text` (after blanks), unescaped as far as the app's texts need,
/// and the rest of `text` after it.
fn literal(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start().strip_prefix('"')?;
    let mut value = String::new();
    let mut letters = text.char_indices();
    while let Some((at, letter)) = letters.next() {
        match letter {
            '"' => return Some((value, &text[at + 1..])),
            '\\' => match letters.next()?.1 {
                'n' => value.push('\n'),
                other => value.push(other),
            },
            other => value.push(other),
        }
    }
    None
}

/// The workspace's `path`.
fn at(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The English texts the code under `root` says: the literal arguments of `lang.t(`, `lang.f(` and both
/// forms of `lang.n(`. A call whose text is no literal fails: its text could not be checked.
fn texts_said(root: &Path) -> BTreeSet<String> {
    let mut said = BTreeSet::new();
    for file in sources(root) {
        let code = fs::read_to_string(&file).expect("a source file");
        for call in [".t(", ".f(", ".n("] {
            for (at, _) in code.match_indices(call) {
                // A call in a comment says nothing.
                let line = code[..at].rfind('\n').map_or(0, |start| start + 1);
                if code[line..at].trim_start().starts_with("//") {
                    continue;
                }
                let after = &code[at + call.len()..];
                let place = format!("{}, at byte {at}", file.display());
                let (first, rest) = literal(after)
                    .unwrap_or_else(|| panic!("{place}: a text said through Lang is a literal"));
                if call == ".n(" {
                    let (other, _) = rest
                        .trim_start()
                        .strip_prefix(',')
                        .and_then(literal)
                        .unwrap_or_else(|| panic!("{place}: a count's two forms are literals"));
                    said.insert(other);
                }
                said.insert(first);
            }
        }
    }
    said
}

/// The `{names}` in a text.
fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Checks each language's catalog (`catalog(language)`, named `name(language)` in failures) against the
/// texts `said`.
fn check(
    said: &BTreeSet<String>,
    catalog: impl Fn(Language) -> Translations,
    name: impl Fn(&str) -> String,
) {
    assert!(said.len() > 20, "the texts are found: {said:?}");
    for language in Language::ALL {
        if language == Language::En {
            continue;
        }
        let catalog = catalog(language);
        let name = name(language.as_str());
        let keys: BTreeSet<&String> = catalog.iter().map(|(english, _)| english).collect();
        let missing: Vec<&String> = said.iter().filter(|text| !keys.contains(text)).collect();
        assert!(missing.is_empty(), "{name} lacks {missing:#?}");
        let unused: Vec<&&String> = keys.iter().filter(|text| !said.contains(**text)).collect();
        assert!(
            unused.is_empty(),
            "{name} keeps texts no longer said: {unused:#?}"
        );
        for (english, translated) in &catalog {
            assert_eq!(
                placeholders(english),
                placeholders(translated),
                "{name}: {english:?} → {translated:?}"
            );
            assert!(
                !translated.trim().is_empty(),
                "{name}: {english:?} is blank"
            );
        }
    }
}

#[test]
fn every_catalog_translates_exactly_what_the_app_says() {
    check(&texts_said(&at("src")), lang::catalog, |language| {
        format!("locales/{language}.toml")
    });
}

/// Checks the catalogs in `crate_dir/locales` against the texts said in `crate_dir/src`.
fn check_crate(crate_dir: &str) {
    let file = |language: &str| format!("{crate_dir}/locales/{language}.toml");
    check(
        &texts_said(&at(&format!("{crate_dir}/src"))),
        |language| {
            let source = fs::read_to_string(at(&file(language.as_str()))).expect("a catalog");
            lang::read(&source)
        },
        file,
    );
}

#[test]
fn every_catalog_translates_exactly_what_the_server_says() {
    check_crate("crates/haat-server");
}

#[test]
fn every_catalog_translates_exactly_what_the_console_says_to_merchants() {
    check_crate("crates/haat-console");
}

#[test]
fn the_scanner_reads_the_calls_as_written() {
    assert_eq!(
        literal(r#" "Add {product}", &[]"#),
        Some(("Add {product}".to_owned(), r#", &[]"#))
    );
    assert_eq!(
        literal(r#""a, \"b\"", "c""#).map(|(text, _)| text),
        Some(r#"a, "b""#.to_owned())
    );
    assert_eq!(literal("&props.title"), None);
}
