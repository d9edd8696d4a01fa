//! The shop's catalog in the console: the spreadsheet out, a spreadsheet in (its plan first, then into
//! the draft), and the draft published as a version, or an earlier version made live again.

use std::rc::Rc;

use haat_api::{
    ApiError, CatalogChanges, Draft, ImportPlan, PackChangeKind, RowChange, StoreProfile,
    VersionList, clock::ShopTime,
};
use haat_lang::locale;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};

use super::{
    categories::CategoriesSection, notice, preview::PreviewSection, products::ProductsSection,
};
use crate::{
    api,
    lang::{Lang, use_lang},
    session,
};

/// How many changes the plan lists before it says how many more.
const CHANGES_SHOWN: usize = 50;

#[derive(Clone, PartialEq)]
enum Import {
    None,
    Reading,
    /// The file and what importing it would do.
    Planned {
        name: Rc<str>,
        file: Rc<[u8]>,
        plan: Rc<ImportPlan>,
    },
}

#[derive(Properties, PartialEq)]
pub struct CatalogSectionProps {
    pub store: AttrValue,
    /// The shop's settings as last saved: the preview's frames show each save (name, photo, fees).
    pub profile: Rc<StoreProfile>,
}

#[component]
pub fn CatalogSection(props: &CatalogSectionProps) -> Html {
    let lang = use_lang();
    let draft = use_state(|| None::<Rc<Draft>>);
    // How many times the draft was loaded: the preview's frames load again with it.
    let revision = use_state(|| 0_u32);
    {
        // Settings saved since the section opened: the frames show the shop again, as with a draft saved.
        let (revision, opened) = (revision.clone(), use_mut_ref(|| false));
        use_effect_with(props.profile.clone(), move |_| {
            if opened.replace(true) {
                revision.set(revision.wrapping_add(1));
            }
        });
    }
    let versions = use_state(|| None::<Rc<VersionList>>);
    // What publishing the draft would change.
    let coming = use_state(|| None::<Rc<CatalogChanges>>);
    // The version whose changes are open, and what they are once they arrive.
    let opened = use_state(|| None::<(u32, Option<Rc<CatalogChanges>>)>);
    let import = use_state(|| Import::None);
    // What the last action did, or why it failed.
    let said = use_state(|| None::<Result<String, Rc<ApiError>>>);
    // Why the draft could not be read again, beside what the last action did: a save that worked and
    // a reload that failed after it are both said (a save shown as failed would be made twice).
    let unread = use_state(|| None::<Rc<ApiError>>);
    let busy = use_state(|| false);
    let secret = session::secret(&props.store).unwrap_or_default();
    // The latest request of each kind: an older answer arriving late is dropped.
    let loads = use_mut_ref(|| 0_u32);
    let plans = use_mut_ref(|| 0_u32);
    let reload = {
        let (store, secret) = (props.store.clone(), secret.clone());
        let (draft, versions, unread) = (draft.clone(), versions.clone(), unread.clone());
        let (coming, revision) = (coming.clone(), revision.clone());
        Callback::from(move |()| {
            let (store, secret) = (store.clone(), secret.clone());
            let (draft, versions, unread) = (draft.clone(), versions.clone(), unread.clone());
            let (coming, revision) = (coming.clone(), revision.clone());
            let ticket = next(&loads);
            let loads = loads.clone();
            spawn_local(async move {
                let answers = (
                    api::draft(&store, &secret).await,
                    api::versions(&store, &secret).await,
                    api::draft_changes(&store, &secret).await,
                );
                if *loads.borrow() != ticket {
                    return;
                }
                match answers {
                    (Ok(now), Ok(kept), Ok(changes)) => {
                        draft.set(Some(Rc::new(now)));
                        revision.set(revision.wrapping_add(1));
                        versions.set(Some(Rc::new(kept)));
                        coming.set(Some(Rc::new(changes)));
                        unread.set(None);
                    }
                    (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => {
                        unread.set(Some(Rc::new(error)));
                    }
                }
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with(props.store.clone(), move |_| reload.emit(()));
    }
    // Runs `action` with the page busy, then says what it did and reloads the catalog's state.
    let act = {
        let (busy, said, reload) = (busy.clone(), said.clone(), reload.clone());
        let import = import.clone();
        move |action: std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<String, ApiError>>>,
        >| {
            // One action at a time: a second tap waits for the first's answer.
            if *busy {
                return;
            }
            let (busy, said, reload) = (busy.clone(), said.clone(), reload.clone());
            // A plan on screen was made against the catalog before this action.
            import.set(Import::None);
            busy.set(true);
            spawn_local(async move {
                let done = action.await;
                said.set(Some(done.map_err(Rc::new)));
                busy.set(false);
                reload.emit(());
            });
        }
    };
    let download = {
        let (store, secret, said) = (props.store.clone(), secret.clone(), said.clone());
        Callback::from(move |_: MouseEvent| {
            let (store, secret, said) = (store.clone(), secret.clone(), said.clone());
            spawn_local(async move {
                match api::catalog_file(&store, &secret).await {
                    Ok(text) => save_file(&format!("{store}-catalog.csv"), &text),
                    Err(error) => said.set(Some(Err(Rc::new(error)))),
                }
            });
        })
    };
    let choose = {
        let (store, secret, import, said) = (
            props.store.clone(),
            secret.clone(),
            import.clone(),
            said.clone(),
        );
        let unreadable = lang
            .t("The phone could not read this file. Choose it again.")
            .to_owned();
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let Some(chosen) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // The same file chosen again (fixed) is a change too.
            input.set_value("");
            let (store, secret, import, said) =
                (store.clone(), secret.clone(), import.clone(), said.clone());
            let unreadable = unreadable.clone();
            import.set(Import::Reading);
            said.set(None);
            let ticket = next(&plans);
            let plans = plans.clone();
            spawn_local(async move {
                let file = gloo_file::File::from(chosen);
                let name: Rc<str> = file.name().into();
                let Ok(bytes) = gloo_file::futures::read_as_bytes(&file).await else {
                    import.set(Import::None);
                    said.set(Some(Err(Rc::new(ApiError::new(
                        haat_api::ErrorCode::InvalidSheet,
                        unreadable,
                    )))));
                    return;
                };
                let answer = api::plan(&store, &secret, &bytes).await;
                if *plans.borrow() != ticket {
                    return;
                }
                match answer {
                    Ok(plan) => import.set(Import::Planned {
                        name,
                        file: bytes.into(),
                        plan: Rc::new(plan),
                    }),
                    Err(error) => {
                        import.set(Import::None);
                        said.set(Some(Err(Rc::new(error))));
                    }
                }
            });
        })
    };
    let apply = {
        let (store, secret, import, act) = (
            props.store.clone(),
            secret.clone(),
            import.clone(),
            act.clone(),
        );
        let done = lang
            .t("The file is in your draft. Publish to show it to shoppers.")
            .to_owned();
        Callback::from(move |_: MouseEvent| {
            let Import::Planned { file, plan, .. } = &*import else {
                return;
            };
            let (store, secret, file, basis) = (
                store.clone(),
                secret.clone(),
                file.clone(),
                plan.basis.clone(),
            );
            import.set(Import::None);
            let done = done.clone();
            act(Box::pin(async move {
                api::import(&store, &secret, &file, &basis).await?;
                Ok(done)
            }));
        })
    };
    let with_errors = {
        let (store, secret, import, said) = (
            props.store.clone(),
            secret.clone(),
            import.clone(),
            said.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Import::Planned { name, file, .. } = &*import else {
                return;
            };
            let (store, secret, said) = (store.clone(), secret.clone(), said.clone());
            let (name, file) = (errors_name(name), file.clone());
            spawn_local(async move {
                match api::file_with_errors(&store, &secret, &file).await {
                    Ok(text) => save_file(&name, &text),
                    Err(error) => said.set(Some(Err(Rc::new(error)))),
                }
            });
        })
    };
    let publish = {
        let (store, secret, act) = (props.store.clone(), secret.clone(), act.clone());
        let lang = lang.clone();
        Callback::from(move |_: MouseEvent| {
            let (store, secret, lang) = (store.clone(), secret.clone(), lang.clone());
            act(Box::pin(async move {
                let version = api::publish(&store, &secret).await?;
                Ok(lang.f(
                    "Published: shoppers now see version {version}.",
                    &[("version", &version.version.to_string())],
                ))
            }));
        })
    };
    // Every change in the draft goes, which nothing brings back: asked twice, as removing a product is.
    let sure = use_state(|| false);
    let discard = {
        let (store, secret, act) = (props.store.clone(), secret.clone(), act.clone());
        let sure = sure.clone();
        let done = lang
            .t("Your changes were discarded. Shoppers see the catalog as it was.")
            .to_owned();
        Callback::from(move |_: MouseEvent| {
            if !*sure {
                sure.set(true);
                return;
            }
            sure.set(false);
            let (store, secret, done) = (store.clone(), secret.clone(), done.clone());
            act(Box::pin(async move {
                api::discard(&store, &secret).await?;
                Ok(done)
            }));
        })
    };
    let restore = |number: u32| {
        let (store, secret, act) = (props.store.clone(), secret.clone(), act.clone());
        let lang = lang.clone();
        Callback::from(move |_: MouseEvent| {
            let (store, secret, lang) = (store.clone(), secret.clone(), lang.clone());
            act(Box::pin(async move {
                let version = api::restore(&store, &secret, number).await?;
                Ok(lang.f(
                    "Version {number} is live again (as version {version}).",
                    &[
                        ("number", &number.to_string()),
                        ("version", &version.version.to_string()),
                    ],
                ))
            }));
        })
    };
    // A change saved in the draft by the product or category forms.
    let saved = {
        let (said, reload) = (said.clone(), reload.clone());
        Callback::from(move |done: String| {
            said.set(Some(Ok(done)));
            reload.emit(());
        })
    };
    let show_changes = |number: u32| {
        let (store, secret, opened, said) = (
            props.store.clone(),
            secret.clone(),
            opened.clone(),
            said.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if opened.as_ref().is_some_and(|(open, _)| *open == number) {
                opened.set(None);
                return;
            }
            opened.set(Some((number, None)));
            let (store, secret, opened, said) =
                (store.clone(), secret.clone(), opened.clone(), said.clone());
            spawn_local(async move {
                match api::version_changes(&store, &secret, number).await {
                    Ok(changes) => opened.set(Some((number, Some(Rc::new(changes))))),
                    Err(error) => {
                        opened.set(None);
                        said.set(Some(Err(Rc::new(error))));
                    }
                }
            });
        })
    };
    let unpublished = draft.as_ref().is_some_and(|draft| draft.unpublished);
    let products = draft
        .as_ref()
        .map_or(0, |draft| draft.catalog.products.len());
    html! {
        <>
        <section class="card catalog" aria-labelledby="catalog-title" aria-busy={busy.then_some("true")}>
            <h2 id="catalog-title">{ lang.t("Your catalog") }</h2>
            <p class="state">
                { lang.n("{count} product", "{count} products", products as u64) }{ " · " }
                if unpublished { <strong>{ lang.t("Changes not published yet") }</strong> } else { { lang.t("All live") } }
            </p>
            {
                match &*said {
                    Some(Ok(done)) => html! { <p class="done" role="status">{ done.clone() }</p> },
                    Some(Err(error)) => notice(&lang, error),
                    None => html! {},
                }
            }
            if let Some(error) = &*unread {
                { notice(&lang, error) }
            }
            <div class="actions">
                <button class="button secondary download" onclick={download}>{ lang.t("Download as a spreadsheet") }</button>
                <label class="button secondary choose">
                    { lang.t("Import a spreadsheet") }
                    <input class="file" type="file" accept=".csv,text/csv" onchange={choose} />
                </label>
            </div>
            <p class="hint">{ lang.t("Save it from Excel or Google Sheets as CSV: Haat's columns or Shopify's product CSV, one row per pack. A blank cell leaves a value as it is. A file can be up to 5 MB and 10,000 rows; split a bigger catalog into several files.") }</p>
            {
                match &*import {
                    Import::None => html! {},
                    Import::Reading => html! { <p aria-busy="true">{ lang.t("Reading the file…") }</p> },
                    Import::Planned { name, plan, .. } => plan_view(&lang, name, plan, apply, with_errors),
                }
            }
            if let Some(changes) = coming.as_ref().filter(|_| unpublished) {
                <h3>{ lang.t("What publishing changes") }</h3>
                { change_list(&lang, changes, "coming") }
            }
            if unpublished {
                <div class="actions publish-bar">
                    <button class="button publish" onclick={publish} disabled={*busy}>{ lang.t("Publish") }</button>
                    <button class="button secondary discard" onclick={discard} disabled={*busy}>
                        { if *sure { lang.t("Tap again to discard your changes") } else { lang.t("Discard changes") } }
                    </button>
                </div>
            }
            if let Some(list) = versions.as_ref().filter(|list| !list.versions.is_empty()) {
                <h3>{ lang.t("Published versions") }</h3>
                <ol class="versions">
                    { for list.versions.iter().enumerate().map(|(at, version)| html! {
                        <li data-version={version.version.to_string()}>
                            { lang.f("Version {version} · {when} · {products}", &[
                                ("version", &version.version.to_string()),
                                ("when", &when(&lang, version.published_at_ms)),
                                ("products", &lang.n("{count} product", "{count} products", u64::from(version.products))),
                            ]) }
                            if at == 0 {
                                { " · " }{ lang.t("live") }
                            } else {
                                { " " }
                                <button class="button secondary restore" onclick={restore(version.version)} disabled={*busy}>
                                    { lang.t("Make live again") }
                                </button>
                            }
                            if version.version > 1 {
                                { " " }
                                <button class="button secondary what-changed" onclick={show_changes(version.version)}
                                    aria-expanded={if opened.as_ref().is_some_and(|(open, _)| *open == version.version) { "true" } else { "false" }}>
                                    { lang.t("What changed") }
                                </button>
                            }
                            if let Some((_, found)) = opened.as_ref().filter(|(open, _)| *open == version.version) {
                                {
                                    match found {
                                        Some(changes) => change_list(&lang, changes, "version-changes"),
                                        None => html! { <p aria-busy="true">{ lang.t("Looking…") }</p> },
                                    }
                                }
                            }
                        </li>
                    }) }
                </ol>
            }
        </section>
        if let Some(draft) = &*draft {
            <ProductsSection store={props.store.clone()} draft={draft.clone()} on_saved={saved.clone()} />
            <CategoriesSection store={props.store.clone()} draft={draft.clone()} on_saved={saved} />
            <PreviewSection store={props.store.clone()} revision={*revision} />
        }
        </>
    }
}

/// What importing the file would do: its counts, its problems by row, its changes, old → new.
fn plan_view(
    lang: &Lang,
    name: &str,
    plan: &ImportPlan,
    apply: Callback<MouseEvent>,
    with_errors: Callback<MouseEvent>,
) -> Html {
    let count = |change: RowChange| {
        let rows = plan.rows.iter().filter(|row| row.change == change).count();
        lang.count(rows)
    };
    let changes: Vec<_> = plan
        .rows
        .iter()
        .filter(|row| row.change != RowChange::Unchanged)
        .collect();
    let summary = lang.f(
        "{file}: {new} new, {changed} changed, {unchanged} unchanged.",
        &[
            ("new", &count(RowChange::Create)),
            ("changed", &count(RowChange::Update)),
            ("unchanged", &count(RowChange::Unchanged)),
        ],
    );
    html! {
        <div class="plan" aria-live="polite">
            <p class="summary">
                { marked(&summary, "file", html! { <strong>{ name.to_owned() }</strong> }) }
            </p>
            if !plan.new_categories.is_empty() {
                <p>{ lang.f("New categories: {categories}.", &[("categories", &plan.new_categories.join(", "))]) }</p>
            }
            if !plan.ignored_columns.is_empty() {
                <p class="hint">{ lang.f("Not read (no such column in Haat): {columns}.", &[("columns", &plan.ignored_columns.join(", "))]) }</p>
            }
            if plan.problems.is_empty() {
                <button class="button apply" onclick={apply}>{ lang.t("Put it in the draft") }</button>
            } else {
                <p class="notice" role="alert">
                    { lang.n(
                        "{count} row has a problem. Nothing is imported until it is fixed: correct it in the file and choose it again.",
                        "{count} rows have problems. Nothing is imported until they are fixed: correct them in the file and choose it again.",
                        plan.rows_with_problems() as u64,
                    ) }
                </p>
                <button class="button secondary with-errors" onclick={with_errors}>
                    { lang.t("Download the file with its problems beside each row") }
                </button>
                <ul class="problems">
                    { for plan.problems.iter().map(|problem| html! {
                        <li data-line={problem.line.to_string()}>
                            { problem_line(lang, problem) }
                        </li>
                    }) }
                </ul>
            }
            <ul class="changes">
                { for changes.iter().take(CHANGES_SHOWN).map(|row| html! { <li>{ row_line(lang, row) }</li> }) }
                if changes.len() > CHANGES_SHOWN {
                    <li>{ more(lang, changes.len() - CHANGES_SHOWN) }</li>
                }
            </ul>
        </div>
    }
}

/// A row the file adds or changes: "Row 3 · Toor Dal 500 g: price 89 → 99.99; stock 5 → 8", or "…: new".
fn row_line(lang: &Lang, row: &haat_api::PlannedRow) -> String {
    let line = row.line.to_string();
    if row.change == RowChange::Create {
        return lang.f(
            "Row {line} · {product} {pack}: new",
            &[
                ("line", &line),
                ("product", &row.product),
                ("pack", &row.variant),
            ],
        );
    }
    let cells: Vec<String> = row
        .changes
        .iter()
        .map(|cell| format!("{} {} → {}", cell.column, cell.old, cell.new))
        .collect();
    lang.f(
        "Row {line} · {product} {pack}: {changes}",
        &[
            ("line", &line),
            ("product", &row.product),
            ("pack", &row.variant),
            ("changes", &cells.join("; ")),
        ],
    )
}

/// A problem of the file: "**Row 4**, price (“forty”): …", its row in bold; the column and the value it
/// holds when the server names them, and why as the server says it.
fn problem_line(lang: &Lang, problem: &haat_api::RowProblem) -> Html {
    let values = [
        ("column", problem.column.as_deref().unwrap_or_default()),
        ("value", problem.value.as_str()),
        ("why", problem.why.as_str()),
    ];
    let text = match (&problem.column, problem.value.is_empty()) {
        (Some(_), false) => lang.f("{row}, {column} (“{value}”): {why}", &values),
        (Some(_), true) => lang.f("{row}, {column}: {why}", &values),
        (None, false) => lang.f("{row} (“{value}”): {why}", &values),
        (None, true) => lang.f("{row}: {why}", &values),
    };
    let row = lang.f("Row {line}", &[("line", &problem.line.to_string())]);
    marked(&text, "row", html! { <strong>{ row }</strong> })
}

/// "and 12 more", after the first of a long list.
fn more(lang: &Lang, count: usize) -> String {
    lang.f("and {count} more", &[("count", &lang.count(count))])
}

/// A sentence with one value marked up (bold, struck through): `text` is the sentence in the merchant's
/// language with its other values filled in and `{slot}` left as it is, and `value` goes where the
/// language put `{slot}`. The translator reads the whole sentence, and the value keeps its mark-up.
pub(super) fn marked(text: &str, slot: &str, value: Html) -> Html {
    match text.split_once(&format!("{{{slot}}}")) {
        Some((before, after)) => html! { <>{ before.to_owned() }{ value }{ after.to_owned() }</> },
        // A translation always keeps its placeholders (tests/catalogs.rs); were one lost, the value
        // still shows.
        None => html! { <>{ value }{ " " }{ text.to_owned() }</> },
    }
}

/// Each pack a publish changes: "New: Dragon Fruit, 1 pc", "Toor Dal, 500 g: price 89 → 99.99",
/// "Removed: Cheese Slices, 10 pcs".
fn change_list(lang: &Lang, changes: &CatalogChanges, class: &'static str) -> Html {
    if changes.packs.is_empty() {
        return html! { <p class={classes!("hint", class)}>{ lang.t("No product or price changed.") }</p> };
    }
    let line = |pack: &haat_api::PackChange| {
        let cells: Vec<String> = pack
            .changes
            .iter()
            .map(|cell| {
                let old = if cell.old.is_empty() {
                    "—"
                } else {
                    &cell.old
                };
                let new = if cell.new.is_empty() {
                    "—"
                } else {
                    &cell.new
                };
                format!("{} {old} → {new}", cell.column)
            })
            .collect();
        let cells = cells.join("; ");
        let values = [
            ("name", pack.name.as_str()),
            ("pack", pack.pack.as_str()),
            ("changes", cells.as_str()),
        ];
        match pack.change {
            PackChangeKind::Added => lang.f("New: {name}, {pack}", &values),
            PackChangeKind::Removed => lang.f("Removed: {name}, {pack}", &values),
            PackChangeKind::Changed => lang.f("{name}, {pack}: {changes}", &values),
        }
    };
    html! {
        <ul class={classes!("changes", class)}>
            { for changes.packs.iter().take(CHANGES_SHOWN).map(|pack| html! { <li>{ line(pack) }</li> }) }
            if changes.packs.len() > CHANGES_SHOWN {
                <li>{ more(lang, changes.packs.len() - CHANGES_SHOWN) }</li>
            }
        </ul>
    }
}

/// The next ticket of a kind of request: its answer is shown only while it is still the latest.
fn next(counter: &Rc<std::cell::RefCell<u32>>) -> u32 {
    let mut counter = counter.borrow_mut();
    *counter = counter.wrapping_add(1);
    *counter
}

/// "catalog.csv" → "catalog-with-errors.csv".
fn errors_name(name: &str) -> String {
    let stem = name.strip_suffix(".csv").unwrap_or(name);
    format!("{stem}-with-errors.csv")
}

/// A moment on the shop's clock, as the merchant's language writes it: "Sun, 29 Nov, 8:05 am".
fn when(lang: &Lang, at_ms: i64) -> String {
    locale::date_time(lang.language, &ShopTime::at(at_ms))
}

/// Hands `text` to the phone as a file to keep. It starts with a byte order mark: without one, Excel
/// takes a CSV file for the phone's old code page and garbles every Hindi name.
fn save_file(name: &str, text: &str) {
    let saved = (|| -> Result<(), JsValue> {
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/csv;charset=utf-8");
        let parts = js_sys::Array::of2(&JsValue::from_str("\u{feff}"), &JsValue::from_str(text));
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let document = web_sys::window()
            .and_then(|window| window.document())
            .ok_or(JsValue::NULL)?;
        let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
        link.set_href(&url);
        link.set_download(name);
        link.click();
        web_sys::Url::revoke_object_url(&url)
    })();
    if saved.is_err() {
        web_sys::console::warn_1(&"the catalog file could not be handed to the phone".into());
    }
}

#[cfg(test)]
mod tests {
    use haat_api::{CellChange, PlannedRow};

    use super::*;

    #[test]
    fn a_planned_row_says_what_importing_does_to_its_pack() {
        let row = |change, changes| PlannedRow {
            line: 3,
            product: "Toor Dal".into(),
            variant: "500 g".into(),
            change,
            changes,
        };
        let cell = |column: &str, old: &str, new: &str| CellChange {
            column: column.into(),
            old: old.into(),
            new: new.into(),
        };
        let lang = Lang::english();
        assert_eq!(
            row_line(&lang, &row(RowChange::Create, Vec::new())),
            "Row 3 · Toor Dal 500 g: new"
        );
        assert_eq!(
            row_line(
                &lang,
                &row(
                    RowChange::Update,
                    vec![cell("price", "89", "99.99"), cell("stock", "5", "8")]
                )
            ),
            "Row 3 · Toor Dal 500 g: price 89 → 99.99; stock 5 → 8"
        );
        assert_eq!(more(&lang, 1_250), "and 1,250 more");
    }
}
