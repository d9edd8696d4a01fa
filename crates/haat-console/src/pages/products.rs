//! The draft's products on the phone: found by name, added, changed pack by pack, and removed. Every
//! save goes to the draft; shoppers see it once the draft is published.

use std::rc::Rc;

use haat_api::{ApiError, Category, Draft, DraftProduct, Stock, clock::ShopTime};
use haat_lang::locale;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::{platform::spawn_local, prelude::*};

use super::{Field, notice, photo::PhotoField};
use crate::{
    api,
    edit::{PackField, Problems, ProductEdit, ProductForm, StockMode, next_morning, problems_of},
    lang::{Lang, use_lang},
    session,
};

/// How many products the list shows before it asks for a name to look for.
const SHOWN: usize = 50;

/// The product being edited.
#[derive(Clone, PartialEq)]
enum Editing {
    None,
    New,
    Product(String),
}

#[derive(Properties, PartialEq)]
pub struct ProductsSectionProps {
    pub store: AttrValue,
    pub draft: Rc<Draft>,
    /// A change was saved in the draft: what it was.
    pub on_saved: Callback<String>,
}

#[component]
pub fn ProductsSection(props: &ProductsSectionProps) -> Html {
    let lang = use_lang();
    let editing = use_state(|| Editing::None);
    let query = use_state(String::new);
    let catalog = &props.draft.catalog;
    let close = {
        let editing = editing.clone();
        Callback::from(move |()| editing.set(Editing::None))
    };
    let saved = {
        let (close, on_saved) = (close.clone(), props.on_saved.clone());
        Callback::from(move |done: String| {
            close.emit(());
            on_saved.emit(done);
        })
    };
    let editor = match &*editing {
        Editing::None => None,
        Editing::New => Some((
            "new".to_owned(),
            ProductForm::new_in(catalog.categories.first().map_or("", |it| it.id.as_str())),
        )),
        Editing::Product(id) => catalog
            .products
            .iter()
            .find(|it| &it.id == id)
            .map(|product| (id.clone(), ProductForm::of(product))),
    };
    if let Some((key, form)) = editor {
        return html! {
            <section class="card products" aria-labelledby="products-title">
                <h2 id="products-title">{ if form.id.is_some() { lang.t("Change a product") } else { lang.t("Add a product") } }</h2>
                <ProductEditor {key} store={props.store.clone()} form={Rc::new(form)}
                    categories={Rc::new(catalog.categories.clone())} on_saved={saved} on_cancel={close} />
            </section>
        };
    }
    let words = query.trim().to_lowercase();
    let matching: Vec<&DraftProduct> = catalog
        .products
        .iter()
        .filter(|product| words.is_empty() || matches(product, &words))
        .collect();
    let category_name = |id: &str| {
        catalog
            .categories
            .iter()
            .find(|it| it.id == id)
            .map_or_else(String::new, |it| it.name.clone())
    };
    let open = |id: &str| {
        let (editing, id) = (editing.clone(), id.to_owned());
        Callback::from(move |_: MouseEvent| editing.set(Editing::Product(id.clone())))
    };
    let add = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(Editing::New))
    };
    let find = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            query.set(
                event
                    .target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            );
        })
    };
    html! {
        <section class="card products" aria-labelledby="products-title">
            <h2 id="products-title">{ lang.t("Products") }</h2>
            if catalog.categories.is_empty() {
                <p class="hint">{ lang.t("Add a category first (below): every product is in one.") }</p>
            } else {
                <button class="button add-product" onclick={add}>{ lang.t("Add a product") }</button>
            }
            <input class="link find" type="search" value={(*query).clone()} oninput={find}
                placeholder={lang.t("Find a product by name").to_owned()}
                aria-label={lang.t("Find a product by name").to_owned()} />
            <ul class="product-rows">
                { for matching.iter().take(SHOWN).map(|product| html! {
                    <li>
                        <button class="row" data-product={product.id.clone()} onclick={open(&product.id)}>
                            <span class="name">
                                { product.name.clone() }
                                if product.hidden {
                                    <span class="tag">{ " · " }{ lang.t("hidden") }</span>
                                }
                            </span>
                            <span class="muted">{ category_name(&product.category) }{ " · " }{ packs(&lang, product) }</span>
                        </button>
                    </li>
                }) }
            </ul>
            if matching.len() > SHOWN {
                <p class="hint">{ lang.f("Showing {shown} of {count}: type a name to find the others.", &[
                    ("shown", &lang.count(SHOWN)),
                    ("count", &lang.count(matching.len())),
                ]) }</p>
            } else if matching.is_empty() && !words.is_empty() {
                <p class="hint">{ lang.t("No product has that name.") }</p>
            }
        </section>
    }
}

/// Whether the product's name, in either language, holds `words` (lowercased).
fn matches(product: &DraftProduct, words: &str) -> bool {
    product.name.to_lowercase().contains(words)
        || product
            .name_local
            .as_deref()
            .is_some_and(|name| name.to_lowercase().contains(words))
}

/// "500 g ₹89 · 1 kg ₹170 (sold out)": each pack, its price, and whether it is sold out (until when, on
/// the shop's clock).
fn packs(lang: &Lang, product: &DraftProduct) -> String {
    product
        .variants
        .iter()
        .map(|pack| {
            let price = format!("{} {}", pack.label, lang.money(pack.price, crate::RUPEES));
            match pack.stock {
                Some(Stock::Count(0)) => lang.f("{pack} (sold out)", &[("pack", &price)]),
                Some(Stock::SoldOutUntil(until)) => lang.f(
                    "{pack} (sold out until {when})",
                    &[
                        ("pack", &price),
                        (
                            "when",
                            &locale::date_time(lang.language, &ShopTime::at(until)),
                        ),
                    ],
                ),
                _ => price,
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

#[derive(Properties, PartialEq)]
struct ProductEditorProps {
    store: AttrValue,
    /// The form as it opens.
    form: Rc<ProductForm>,
    categories: Rc<Vec<Category>>,
    on_saved: Callback<String>,
    on_cancel: Callback<()>,
}

/// What the server said of the last save: each field's problem, and the refusal itself.
#[derive(Clone, Default, PartialEq)]
struct Said {
    problems: Problems,
    refusal: Option<Rc<ApiError>>,
}

#[component]
fn ProductEditor(props: &ProductEditorProps) -> Html {
    let lang = use_lang();
    let form = use_reducer({
        let opened = props.form.clone();
        move || (*opened).clone()
    });
    let said = use_state(Said::default);
    let busy = use_state(|| false);
    // A photo on its way: saving waits for it, so the product is not saved without it.
    let sending_photo = use_state(|| false);
    // Removing asks twice: the first tap turns the button into "Tap again to remove".
    let sure = use_state(|| false);
    let secret = session::secret(&props.store).unwrap_or_default();
    let edits = form.dispatcher().to_callback();
    let edit = |make: fn(String) -> ProductEdit| edits.reform(make);
    let pack_edit =
        |at: usize, field: PackField| edits.reform(move |text| ProductEdit::Pack(at, field, text));
    let save = {
        let (form, said, busy, on_saved) = (
            form.clone(),
            said.clone(),
            busy.clone(),
            props.on_saved.clone(),
        );
        let sending_photo = sending_photo.clone();
        let (store, secret, lang) = (props.store.clone(), secret.clone(), lang.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy || *sending_photo {
                return;
            }
            let product = match form.product(&lang) {
                Ok(product) => product,
                Err(problems) => {
                    said.set(Said {
                        problems,
                        refusal: None,
                    });
                    return;
                }
            };
            let (said, busy, on_saved) = (said.clone(), busy.clone(), on_saved.clone());
            let (store, secret, lang) = (store.clone(), secret.clone(), lang.clone());
            busy.set(true);
            spawn_local(async move {
                let answer = api::save_product(&store, &secret, &product).await;
                busy.set(false);
                match answer {
                    Ok(kept) => on_saved.emit(lang.f(
                        "“{product}” is saved in your draft. Publish to show it to shoppers.",
                        &[("product", &kept.name)],
                    )),
                    Err(error) => said.set(Said {
                        problems: problems_of(&error.details),
                        refusal: Some(Rc::new(error)),
                    }),
                }
            });
        })
    };
    let remove = {
        let (form, said, busy, sure, on_saved) = (
            form.clone(),
            said.clone(),
            busy.clone(),
            sure.clone(),
            props.on_saved.clone(),
        );
        let (store, secret, lang) = (props.store.clone(), secret.clone(), lang.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(id) = form.id.clone() else {
                return;
            };
            if !*sure {
                sure.set(true);
                return;
            }
            let (said, busy, on_saved, name) = (
                said.clone(),
                busy.clone(),
                on_saved.clone(),
                form.name.clone(),
            );
            let (store, secret, lang) = (store.clone(), secret.clone(), lang.clone());
            busy.set(true);
            spawn_local(async move {
                let answer = api::remove_product(&store, &secret, &id).await;
                busy.set(false);
                match answer {
                    Ok(()) => on_saved.emit(lang.f(
                        "“{product}” is out of your draft. Publish to take it off the shop.",
                        &[("product", &name)],
                    )),
                    Err(error) => said.set(Said {
                        problems: Problems::new(),
                        refusal: Some(Rc::new(error)),
                    }),
                }
            });
        })
    };
    let photo_changed = {
        let (edits, said) = (edits.clone(), said.clone());
        Callback::from(move |address: Option<String>| {
            let mut next = (*said).clone();
            next.problems.remove("image");
            said.set(next);
            edits.emit(ProductEdit::Image(address));
        })
    };
    let choose_category = edits.reform(|event: Event| {
        ProductEdit::Category(event.target_unchecked_into::<HtmlSelectElement>().value())
    });
    let problem = |field: &str| said.problems.get(field).cloned().map(AttrValue::from);
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <form class="product-form" onsubmit={save} novalidate=true>
            if let Some(refusal) = &said.refusal {
                { notice(&lang, refusal) }
            }
            <Field name="name" label={lang.t("Name").to_owned()} value={form.name.clone()} error={problem("name")}
                on_input={edit(ProductEdit::Name)} />
            <Field name="name_local" label={lang.t("Name in Hindi (or your customers' language)").to_owned()}
                value={form.name_local.clone()} error={problem("name_local")}
                hint={AttrValue::from(lang.t("Shown under the name. Leave empty if you have none.").to_owned())}
                on_input={edit(ProductEdit::NameLocal)} />
            <div class={classes!("field", problem("category").is_some().then_some("invalid"))}>
                <label for="field-category">{ lang.t("Category") }</label>
                <select id="field-category" name="category" onchange={choose_category}>
                    { for props.categories.iter().map(|category| html! {
                        <option value={category.id.clone()} selected={category.id == form.category}>
                            { category.name.clone() }
                        </option>
                    }) }
                </select>
                if let Some(why) = problem("category") {
                    <p class="error">{ why }</p>
                }
            </div>
            <PhotoField store={props.store.clone()} name="image" label={lang.t("Photo").to_owned()}
                alt={lang.t("The product's photo").to_owned()}
                hint={lang.t("From the camera or the gallery. Haat turns it upright, makes it small, and removes where and when it was taken.").to_owned()}
                address={form.image.clone()} error={problem("image")} on_change={photo_changed}
                on_sending={sending_photo.setter().to_callback()} />
            <div class={classes!("field", problem("description").is_some().then_some("invalid"))}>
                <label for="field-description">{ lang.t("Description") }</label>
                <textarea id="field-description" name="description" rows="3" value={form.description.clone()}
                    aria-invalid={problem("description").is_some().then_some("true")}
                    oninput={edits.reform(|event: InputEvent| ProductEdit::Description(
                        event.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
                if let Some(why) = problem("description") {
                    <p class="error">{ why }</p>
                } else {
                    <p class="hint">{ lang.t("A line or two for the product's page: where it is from, how it is made. Optional.") }</p>
                }
            </div>
            <Field name="search_words" label={lang.t("Other names customers use").to_owned()} value={form.search_words.clone()}
                error={problem("search_words")}
                hint={AttrValue::from(lang.t("Separated by commas: local names, the brand, how customers ask for it (gehun, Aashirvaad). Search finds the product by them.").to_owned())}
                on_input={edit(ProductEdit::SearchWords)} />
            <label class="check">
                <input type="checkbox" name="visible" checked={form.visible}
                    onchange={edits.reform(|event: Event| ProductEdit::Visible(
                        event.target_unchecked_into::<HtmlInputElement>().checked()))} />
                { " " }{ lang.t("Show it to customers") }
            </label>
            if !form.visible {
                <p class="hint hidden-note">{ lang.t("Hidden: it stays in your catalog, and customers do not see it.") }</p>
            }
            <h3>{ lang.t("Packs") }</h3>
            if let Some(why) = problem("variants") {
                <p class="error">{ why }</p>
            }
            { for form.packs.iter().enumerate().map(|(at, pack)| {
                let field = |name: &str| format!("variants[{at}].{name}");
                let stock_hint = if pack.id.is_empty() {
                    lang.t("How many you have. Each order takes from it. Empty: none yet.")
                } else {
                    lang.t("Each order takes from it. Empty: as orders leave it.")
                };
                // Sold out: until the next 8 am, unless the owner has said when.
                let choose_mode = {
                    let (edits, unset) = (edits.clone(), pack.back_at.is_empty());
                    Callback::from(move |event: Event| {
                        let mode = event.target_unchecked_into::<HtmlSelectElement>().value();
                        let sold_out = StockMode::named(&mode) == Some(StockMode::SoldOutUntil);
                        edits.emit(ProductEdit::Pack(at, PackField::StockMode, mode));
                        if sold_out && unset {
                            // Whole milliseconds since 1970: far within an i64.
                            #[allow(clippy::cast_possible_truncation)]
                            let now = js_sys::Date::now() as i64;
                            let back = next_morning(now);
                            edits.emit(ProductEdit::Pack(at, PackField::BackAt, back));
                        }
                    })
                };
                let mode_id = format!("field-stock-mode-{at}");
                html! {
                    <fieldset class="pack" key={at}>
                        <legend>{ lang.f("Pack {number}", &[("number", &(at + 1).to_string())]) }</legend>
                        <Field name={field("label")} label={lang.t("Size").to_owned()} value={pack.label.clone()}
                            hint={AttrValue::from(lang.t("As the pack says: 500 g, 1 kg, 6 pcs.").to_owned())}
                            error={problem(&field("label"))} on_input={pack_edit(at, PackField::Label)} />
                        <div class="pair">
                            <Field name={field("price")} label={lang.t("Price (₹)").to_owned()} value={pack.price.clone()} inputmode="decimal"
                                error={problem(&field("price"))} on_input={pack_edit(at, PackField::Price)} />
                            <Field name={field("mrp")} label={lang.t("MRP (₹)").to_owned()} value={pack.mrp.clone()} inputmode="decimal"
                                hint={AttrValue::from(lang.t("Printed on the pack. Optional.").to_owned())}
                                error={problem(&field("mrp"))} on_input={pack_edit(at, PackField::Mrp)} />
                        </div>
                        <div class="field">
                            <label for={mode_id.clone()}>{ lang.t("Stock") }</label>
                            <select id={mode_id} name={field("stock_mode")} onchange={choose_mode}>
                                { for [
                                    (StockMode::NotTracked, lang.t("Not counted: always there")),
                                    (StockMode::Counted, lang.t("Counted")),
                                    (StockMode::SoldOutUntil, lang.t("Sold out until…")),
                                ].into_iter().map(|(mode, text)| html! {
                                    <option value={mode.name()} selected={pack.stock_mode == mode}>{ text }</option>
                                }) }
                            </select>
                        </div>
                        { match pack.stock_mode {
                            StockMode::Counted => html! {
                                <Field name={field("stock")} label={lang.t("How many").to_owned()} value={pack.stock.clone()} inputmode="numeric"
                                    hint={AttrValue::from(stock_hint.to_owned())}
                                    error={problem(&field("stock"))} on_input={pack_edit(at, PackField::Stock)} />
                            },
                            StockMode::SoldOutUntil => html! {
                                <Field name={field("stock")} label={lang.t("Back on (India time)").to_owned()} value={pack.back_at.clone()}
                                    kind="datetime-local"
                                    hint={AttrValue::from(lang.t("Customers see it as sold out until then, then it is there again.").to_owned())}
                                    error={problem(&field("stock"))} on_input={pack_edit(at, PackField::BackAt)} />
                            },
                            StockMode::NotTracked => html! {
                                if let Some(why) = problem(&field("stock")) {
                                    <p class="error">{ why }</p>
                                }
                            },
                        } }
                        if form.packs.len() > 1 {
                            <button type="button" class="button secondary remove-pack"
                                onclick={edits.reform(move |_: MouseEvent| ProductEdit::RemovePack(at))}>
                                { lang.t("Remove this pack") }
                            </button>
                        }
                    </fieldset>
                }
            }) }
            <button type="button" class="button secondary add-pack"
                onclick={edits.reform(|_: MouseEvent| ProductEdit::AddPack)}>{ lang.t("Add a pack size") }</button>
            <div class="actions">
                <button type="submit" class="button save-product" disabled={*busy || *sending_photo} aria-busy={busy.then_some("true")}>
                    { lang.t("Save in the draft") }
                </button>
                <button type="button" class="button secondary" onclick={cancel}>{ lang.t("Cancel") }</button>
                if form.id.is_some() {
                    <button type="button" class="button secondary danger remove-product" onclick={remove} disabled={*busy}>
                        { if *sure { lang.t("Tap again to remove") } else { lang.t("Remove product") } }
                    </button>
                }
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use haat_api::Money;

    use super::*;

    #[test]
    fn a_row_names_each_pack_with_its_price() {
        let product = DraftProduct {
            id: "poha".into(),
            category: "staples".into(),
            name: "Poha".into(),
            name_local: Some("पोहा".into()),
            image: None,
            description: None,
            search_words: Vec::new(),
            hidden: false,
            variants: vec![
                haat_api::DraftVariant {
                    id: "500g".into(),
                    label: "500 g".into(),
                    price: Money::from_minor(4_550),
                    mrp: None,
                    stock: None,
                },
                haat_api::DraftVariant {
                    id: "1kg".into(),
                    label: "1 kg".into(),
                    price: Money::from_minor(8_800),
                    mrp: None,
                    stock: Some(Stock::SoldOutUntil(1_795_919_400_000)),
                },
            ],
        };
        assert_eq!(
            packs(&Lang::english(), &product),
            "500 g ₹45.50 · 1 kg ₹88 (sold out until Sun, 29 Nov, 8:00\u{202f}am)"
        );
        assert!(matches(&product, "poh") && matches(&product, "पोहा") && !matches(&product, "dal"));
    }
}
