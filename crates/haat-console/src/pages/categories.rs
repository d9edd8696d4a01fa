//! The draft's categories: renamed, put in order, added, and removed (a category with products asks
//! where they go). Saved together, in the draft.

use std::rc::Rc;

use haat_api::{ApiError, Draft};
use web_sys::HtmlSelectElement;
use yew::{platform::spawn_local, prelude::*};

use super::{Field, catalog::marked, notice};
use crate::{
    api,
    edit::{CategoriesForm, CategoryEdit, Problems, problems_of},
    lang::use_lang,
    session,
};

#[derive(Properties, PartialEq)]
pub struct CategoriesSectionProps {
    pub store: AttrValue,
    pub draft: Rc<Draft>,
    /// The categories were saved in the draft: what was done.
    pub on_saved: Callback<String>,
}

#[component]
pub fn CategoriesSection(props: &CategoriesSectionProps) -> Html {
    let lang = use_lang();
    let open = use_state(|| false);
    let catalog = &props.draft.catalog;
    if !*open {
        let names: Vec<&str> = catalog
            .categories
            .iter()
            .map(|it| it.name.as_str())
            .collect();
        let show = {
            let open = open.clone();
            Callback::from(move |_: MouseEvent| open.set(true))
        };
        return html! {
            <section class="card categories" aria-labelledby="categories-title">
                <h2 id="categories-title">{ lang.t("Categories") }</h2>
                <p>{ if names.is_empty() { lang.t("None yet.").to_owned() } else { names.join(" · ") } }</p>
                <button class="button secondary edit-categories" onclick={show}>{ lang.t("Change categories") }</button>
            </section>
        };
    }
    let form = Rc::new(CategoriesForm::of(&catalog.categories, &catalog.products));
    let close = {
        let open = open.clone();
        Callback::from(move |()| open.set(false))
    };
    let saved = {
        let (close, on_saved) = (close.clone(), props.on_saved.clone());
        Callback::from(move |done: String| {
            close.emit(());
            on_saved.emit(done);
        })
    };
    html! {
        <section class="card categories" aria-labelledby="categories-title">
            <h2 id="categories-title">{ lang.t("Categories") }</h2>
            <CategoriesEditor store={props.store.clone()} {form} on_saved={saved} on_cancel={close} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CategoriesEditorProps {
    store: AttrValue,
    /// The form as it opens.
    form: Rc<CategoriesForm>,
    on_saved: Callback<String>,
    on_cancel: Callback<()>,
}

#[component]
fn CategoriesEditor(props: &CategoriesEditorProps) -> Html {
    let lang = use_lang();
    let form = use_reducer({
        let opened = props.form.clone();
        move || (*opened).clone()
    });
    let problems = use_state(Problems::new);
    let refusal = use_state(|| None::<Rc<ApiError>>);
    let busy = use_state(|| false);
    let new_name = use_state(String::new);
    let edits = form.dispatcher().to_callback();
    let save = {
        let (form, problems, refusal, busy) = (
            form.clone(),
            problems.clone(),
            refusal.clone(),
            busy.clone(),
        );
        let (new_name, edits) = (new_name.clone(), edits.clone());
        let (store, on_saved) = (props.store.clone(), props.on_saved.clone());
        let done = lang
            .t("Your categories are saved in your draft. Publish to show them to shoppers.")
            .to_owned();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            // A new category typed but not added (Enter in its field, or Save at once) is added: what
            // the merchant typed is never dropped.
            let typed = new_name.trim().to_owned();
            let plan = if typed.is_empty() {
                form.plan()
            } else {
                new_name.set(String::new());
                edits.emit(CategoryEdit::Add(typed.clone()));
                Rc::new((*form).clone())
                    .reduce(CategoryEdit::Add(typed))
                    .plan()
            };
            let (problems, refusal, busy, on_saved) = (
                problems.clone(),
                refusal.clone(),
                busy.clone(),
                on_saved.clone(),
            );
            let (store, done) = (store.clone(), done.clone());
            let secret = session::secret(&store).unwrap_or_default();
            busy.set(true);
            spawn_local(async move {
                let answer = api::arrange_categories(&store, &secret, &plan).await;
                busy.set(false);
                match answer {
                    Ok(_) => on_saved.emit(done),
                    Err(error) => {
                        problems.set(problems_of(&error.details));
                        refusal.set(Some(Rc::new(error)));
                    }
                }
            });
        })
    };
    let add = {
        let (new_name, edits) = (new_name.clone(), edits.clone());
        Callback::from(move |_: MouseEvent| {
            let name = new_name.trim().to_owned();
            if !name.is_empty() {
                edits.emit(CategoryEdit::Add(name));
                new_name.set(String::new());
            }
        })
    };
    let typed_name = {
        let new_name = new_name.clone();
        Callback::from(move |text: String| new_name.set(text))
    };
    let problem = |field: &str| problems.get(field).cloned().map(AttrValue::from);
    // Where a removed category's products can go: the categories kept that the server knows.
    let targets: Vec<(String, String)> = form
        .rows
        .iter()
        .filter(|row| !row.removed && !row.category.id.is_empty())
        .map(|row| (row.category.id.clone(), row.category.name.clone()))
        .collect();
    let last = form.rows.len().saturating_sub(1);
    html! {
        <form class="categories-form" onsubmit={save} novalidate=true>
            if let Some(refusal) = &*refusal {
                { notice(&lang, refusal) }
            }
            <ol class="category-rows">
                { for form.rows.iter().enumerate().map(|(at, row)| {
                    let act = |edit: CategoryEdit| edits.reform(move |_: MouseEvent| edit.clone());
                    let move_field = format!("move_products.{}", row.category.id);
                    html! {
                        <li class={classes!("category-row", row.removed.then_some("removed"))}
                            data-category={row.category.id.clone()}>
                            if row.removed {
                                <p>{ marked(lang.t("{category} will be removed."), "category",
                                    html! { <s>{ row.category.name.clone() }</s> }) }</p>
                                if row.products > 0 {
                                    <div class={classes!("field", problem(&move_field).is_some().then_some("invalid"))}>
                                        <label for={format!("field-{move_field}")}>
                                            { lang.n("Move its product to", "Move its {count} products to", row.products as u64) }
                                        </label>
                                        <select id={format!("field-{move_field}")} name={move_field.clone()}
                                            onchange={edits.reform(move |event: Event| CategoryEdit::MoveTo(at,
                                                event.target_unchecked_into::<HtmlSelectElement>().value()))}>
                                            <option value="" selected={row.move_to.is_empty()}>{ lang.t("Choose a category") }</option>
                                            { for targets.iter().map(|(id, name)| html! {
                                                <option value={id.clone()} selected={*id == row.move_to}>{ name.clone() }</option>
                                            }) }
                                        </select>
                                        if let Some(why) = problem(&move_field) {
                                            <p class="error">{ why }</p>
                                        }
                                    </div>
                                }
                            } else {
                                <Field name={form.field_of(at, "name")} label={lang.t("Name").to_owned()} value={row.category.name.clone()}
                                    error={problem(&form.field_of(at, "name"))}
                                    on_input={edits.reform(move |text| CategoryEdit::Name(at, text))} />
                                <Field name={form.field_of(at, "name_local")} label={lang.t("Name in Hindi").to_owned()}
                                    value={row.category.name_local.clone().unwrap_or_default()}
                                    error={problem(&form.field_of(at, "name_local"))}
                                    on_input={edits.reform(move |text| CategoryEdit::NameLocal(at, text))} />
                            }
                            <div class="actions">
                                <button type="button" class="button secondary up" aria-label={lang.f("Move {category} up", &[("category", &row.category.name)])}
                                    disabled={at == 0} onclick={act(CategoryEdit::Up(at))}>{ "↑" }</button>
                                <button type="button" class="button secondary down" aria-label={lang.f("Move {category} down", &[("category", &row.category.name)])}
                                    disabled={at == last} onclick={act(CategoryEdit::Down(at))}>{ "↓" }</button>
                                <button type="button" class="button secondary remove-category" onclick={act(CategoryEdit::Remove(at))}>
                                    { if row.removed { lang.t("Keep it") } else { lang.t("Remove") } }
                                </button>
                            </div>
                        </li>
                    }
                }) }
            </ol>
            <Field name="new-category" label={lang.t("New category").to_owned()} value={(*new_name).clone()}
                hint={AttrValue::from(lang.t("Its name as shoppers will see it: Fruits, Dairy & Bakery.").to_owned())}
                on_input={typed_name} />
            <button type="button" class="button secondary add-category" onclick={add}>{ lang.t("Add this category") }</button>
            <div class="actions">
                <button type="submit" class="button save-categories" disabled={*busy} aria-busy={busy.then_some("true")}>
                    { lang.t("Save categories in the draft") }
                </button>
                <button type="button" class="button secondary" onclick={props.on_cancel.reform(|_: MouseEvent| ())}>
                    { lang.t("Cancel") }
                </button>
            </div>
        </form>
    }
}
