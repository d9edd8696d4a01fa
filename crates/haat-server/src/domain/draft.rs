//! The merchant's draft catalog: checked whole before it is kept (every problem named by its place,
//! `products[3].variants[0].price`, and said in the merchant's language), and started from the live
//! catalog.

use std::collections::{HashMap, HashSet};

use haat::lang::Lang;
use haat_api::{
    Catalog, CatalogDraft, Category, CategoryPlan, DraftProduct, Product, Stock, StoreProfile,
    Variant, VariantUpdate,
};

use super::{
    catalog::{MAX_PRICE, MAX_STOCK},
    photo,
    pricing::{available, orderable_quantity},
};

const MAX_ID_CHARS: usize = 64;
const MAX_NAME_CHARS: usize = 120;
const MAX_LABEL_CHARS: usize = 40;
/// The longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 500;
/// The latest moment a pack may be sold out until: the year 9999.
const MAX_MOMENT_MS: i64 = 253_402_300_799_999;
/// The most products one shop lists.
pub const MAX_PRODUCTS: usize = 20_000;

/// Each problem of a draft: where (`categories[1].name`), and what is wrong there, in the merchant's
/// language.
#[derive(Debug, PartialEq, Eq)]
pub struct InvalidDraft {
    pub problems: Vec<(String, String)>,
}

impl InvalidDraft {
    /// One problem, at `field`.
    pub fn at(field: &str, why: &str) -> Self {
        Self {
            problems: vec![(field.to_owned(), why.to_owned())],
        }
    }

    fn unless(problems: Vec<(String, String)>) -> Result<(), Self> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Self { problems })
        }
    }
}

/// A draft as it is kept: each description without the spaces around it, and none rather than an empty
/// one (as a spreadsheet cell reads it back); search words trimmed, each once, none empty.
pub fn tidy(draft: &mut CatalogDraft) {
    for product in &mut draft.products {
        tidy_product(product);
    }
}

fn tidy_product(product: &mut DraftProduct) {
    product.description = product
        .description
        .take()
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    product.search_words =
        haat_api::distinct_words(product.search_words.iter().map(String::as_str));
}

pub use haat_api::{search_words_of, search_words_text};

/// Checks a whole draft of the shop `shop` (its slug), reporting every problem, said in `lang`.
pub fn check(draft: &CatalogDraft, shop: &str, lang: &Lang) -> Result<(), InvalidDraft> {
    let mut problems = category_problems(&draft.categories, lang);
    if draft.products.len() > MAX_PRODUCTS {
        problems.push((
            "products".to_owned(),
            lang.t("A shop lists at most 20,000 products.").to_owned(),
        ));
    }
    let categories: HashSet<&str> = draft.categories.iter().map(|it| it.id.as_str()).collect();
    let mut products = HashSet::new();
    for (at, product) in draft.products.iter().enumerate() {
        let at = format!("products[{at}]");
        if id_problem(&product.id, lang).is_none() && !products.insert(product.id.as_str()) {
            problems.push((
                format!("{at}.id"),
                lang.t("Another product has this id.").to_owned(),
            ));
        }
        problems.extend(
            product_problems(product, &categories, shop, lang)
                .into_iter()
                .map(|(field, why)| (format!("{at}.{field}"), why)),
        );
    }
    InvalidDraft::unless(problems)
}

/// The problems of a shop's list of categories, each named by its place (`categories[1].name`).
fn category_problems(list: &[Category], lang: &Lang) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let mut problem = |at: String, why: &str| problems.push((at, why.to_owned()));
    let mut seen = HashSet::new();
    for (at, category) in list.iter().enumerate() {
        let at = format!("categories[{at}]");
        if let Some(why) = id_problem(&category.id, lang) {
            problem(format!("{at}.id"), why);
        } else if !seen.insert(category.id.as_str()) {
            problem(format!("{at}.id"), lang.t("Another category has this id."));
        }
        if let Some(why) = text_problem(&category.name, MAX_NAME_CHARS, lang) {
            problem(format!("{at}.name"), why);
        }
        for (field, text) in [
            ("name_local", &category.name_local),
            ("icon", &category.icon),
        ] {
            if let Some(why) = text
                .as_deref()
                .and_then(|text| text_problem(text, MAX_NAME_CHARS, lang))
            {
                problem(format!("{at}.{field}"), why);
            }
        }
    }
    problems
}

/// The problems of one product of `shop`'s, each named by its place in the product
/// (`variants[0].price`), given the ids of the shop's categories.
fn product_problems(
    product: &DraftProduct,
    categories: &HashSet<&str>,
    shop: &str,
    lang: &Lang,
) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let mut problem = |at: String, why: &str| problems.push((at, why.to_owned()));
    if let Some(why) = id_problem(&product.id, lang) {
        problem("id".to_owned(), why);
    }
    if !categories.contains(product.category.as_str()) {
        problem(
            "category".to_owned(),
            lang.t("Choose one of the shop's categories."),
        );
    }
    if let Some(why) = text_problem(&product.name, MAX_NAME_CHARS, lang) {
        problem("name".to_owned(), why);
    }
    if let Some(why) = product
        .name_local
        .as_deref()
        .and_then(|text| text_problem(text, MAX_NAME_CHARS, lang))
    {
        problem("name_local".to_owned(), why);
    }
    if let Some(why) = product
        .image
        .as_deref()
        .and_then(|image| picture_problem(image, shop, lang))
    {
        problem("image".to_owned(), why);
    }
    if let Some(why) = product
        .description
        .as_deref()
        .and_then(|text| description_problem(text, lang))
    {
        problem("description".to_owned(), why);
    }
    if let Some(why) = search_words_problem(&product.search_words, lang) {
        problem("search_words".to_owned(), why);
    }
    if product.variants.is_empty() {
        problem(
            "variants".to_owned(),
            lang.t("A product needs at least one pack."),
        );
    }
    let mut variants = HashSet::new();
    for (index, variant) in product.variants.iter().enumerate() {
        let at = format!("variants[{index}]");
        if let Some(why) = id_problem(&variant.id, lang) {
            problem(format!("{at}.id"), why);
        } else if !variants.insert(variant.id.as_str()) {
            problem(
                format!("{at}.id"),
                lang.t("Another pack of this product has this id."),
            );
        }
        if let Some(why) = text_problem(&variant.label, MAX_LABEL_CHARS, lang) {
            problem(format!("{at}.label"), why);
        }
        if variant.price.is_negative() || variant.price > MAX_PRICE {
            problem(
                format!("{at}.price"),
                lang.t("A price is between ₹0 and ₹10 crore."),
            );
        }
        if variant
            .mrp
            .is_some_and(|mrp| mrp < variant.price || mrp > MAX_PRICE)
        {
            problem(
                format!("{at}.mrp"),
                lang.t("The MRP is at least the price."),
            );
        }
        if let Some(why) = variant.stock.and_then(|stock| stock_problem(stock, lang)) {
            problem(format!("{at}.stock"), why);
        }
    }
    problems
}

/// Why `id` cannot name a category, product or pack, if it cannot, in `lang`.
pub fn id_problem<'a>(id: &str, lang: &'a Lang) -> Option<&'a str> {
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS {
        return Some(lang.t("An id is 1 to 64 characters."));
    }
    if id
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '/')
    {
        return Some(lang.t("An id has no spaces, slashes or control characters."));
    }
    None
}

/// Why `text` cannot be a category's or product's name, if it cannot, in `lang`.
pub fn name_problem<'a>(text: &str, lang: &'a Lang) -> Option<&'a str> {
    text_problem(text, MAX_NAME_CHARS, lang)
}

/// Why `text` cannot be a pack's label ("500 g"), if it cannot, in `lang`.
pub fn label_problem<'a>(text: &str, lang: &'a Lang) -> Option<&'a str> {
    text_problem(text, MAX_LABEL_CHARS, lang)
}

/// An id made from a name or pack: its letters and digits, lowercased, words joined by hyphens
/// ("Toor Dal" → "toor-dal", "500 g" → "500-g"); other scripts are kept as they are.
pub fn id_from(text: &str) -> String {
    let mut id = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        let word = word.to_lowercase();
        // Ids are at most 64 characters: a long name's id stops at a word.
        if id.chars().count() + word.chars().count() + 1 > 64 {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&word);
    }
    id
}

/// A free id made from `name` (`fallback` when it has no letters or digits): `toor-dal`, else
/// `toor-dal-2`, `toor-dal-3`…
pub fn free_id(name: &str, fallback: &str, taken: impl Fn(&str) -> bool) -> String {
    let stem = match id_from(name) {
        stem if stem.is_empty() => fallback.to_owned(),
        stem => stem,
    };
    (1_u32..)
        .map(|n| {
            if n == 1 {
                return stem.clone();
            }
            let suffix = format!("-{n}");
            let room = MAX_ID_CHARS - suffix.len();
            let mut id: String = stem.chars().take(room).collect();
            id.push_str(&suffix);
            id
        })
        .find(|id| !taken(id))
        .unwrap_or(stem)
}

/// Why `stock` cannot be a pack's, if it cannot, in `lang`.
pub fn stock_problem(stock: Stock, lang: &Lang) -> Option<&str> {
    match stock {
        Stock::Count(units) if units > MAX_STOCK => {
            Some(lang.t("Stock is at most 10,00,000 packs."))
        }
        Stock::SoldOutUntil(until) if !(0..=MAX_MOMENT_MS).contains(&until) => {
            Some(lang.t("Choose a date and time for when it is back."))
        }
        _ => None,
    }
}

/// The most search words a product has, and the longest one, in characters.
pub const MAX_SEARCH_WORDS: usize = 20;
const MAX_SEARCH_WORD_CHARS: usize = 40;

/// Why `words` cannot be a product's search words, if they cannot, in `lang`.
pub fn search_words_problem<'a>(words: &[String], lang: &'a Lang) -> Option<&'a str> {
    if words.len() > MAX_SEARCH_WORDS {
        return Some(lang.t("A product has at most 20 search words."));
    }
    words
        .iter()
        .any(|word| {
            word.contains(',')
                || word.trim().is_empty()
                || text_problem(word, MAX_SEARCH_WORD_CHARS, lang).is_some()
        })
        .then(|| {
            lang.t(
                "A search word is at most 40 characters, without commas or line breaks; separate words with commas.",
            )
        })
}

/// Why `text` cannot be a product's description, if it cannot (a few lines of plain text), in `lang`.
pub fn description_problem<'a>(text: &str, lang: &'a Lang) -> Option<&'a str> {
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        Some(lang.t("A description is at most 500 characters."))
    } else if text.chars().any(|c| c.is_control() && c != '\n') {
        Some(lang.t("This contains characters that cannot be used."))
    } else {
        None
    }
}

/// What is wrong with a picture's address (a product's photo, a shop's logo), if anything, in `lang`: it
/// is an `https://` address or a path on this server (`/photos/…`). `//host/…` (and `/\host/…`, which
/// browsers read the same) is another site's, fetched without saying how.
pub fn picture_problem<'a>(address: &str, shop: &str, lang: &'a Lang) -> Option<&'a str> {
    let on_this_server = address
        .strip_prefix('/')
        .is_some_and(|path| !path.starts_with(['/', '\\']));
    let placed = address.starts_with("https://") || on_this_server;
    if !placed || address.chars().any(char::is_control) {
        Some(lang.t(
            "A picture's address starts with https://, or is a path on this server starting with a single / (not //).",
        ))
    } else if on_this_server && !plain_path(address) {
        Some(lang.t(
            "A picture's path on this server is written plainly: no . or .. steps, \\ or %-escapes.",
        ))
    } else if photo::shop_of(address).is_some_and(|owner| owner != shop) {
        // Its shop may delete it (unused photos are, see `photo::unused`), never knowing this one shows it.
        Some(lang.t("This photo was uploaded to another shop: upload it to this one."))
    } else {
        None
    }
}

/// Whether a path names what it reads as: a browser would resolve `.` and `..` steps, `\` and escaped
/// letters into another path (`/photos/demo/../ravi-stores/…` is another shop's photo).
fn plain_path(path: &str) -> bool {
    !path.contains(['\\', '%']) && path.split('/').all(|step| step != "." && step != "..")
}

/// Why `text` cannot be kept in a field of at most `max` characters, if it cannot, in `lang`.
fn text_problem<'a>(text: &str, max: usize, lang: &'a Lang) -> Option<&'a str> {
    if text.trim().is_empty() {
        Some(lang.t("This cannot be empty."))
    } else if text.chars().count() > max {
        Some(lang.t("This is too long."))
    } else if text.chars().any(char::is_control) {
        Some(lang.t("This contains characters that cannot be used."))
    } else {
        None
    }
}

/// The live catalog (every pack's stock read) as a draft to start from: counts left as orders leave
/// them, so publishing never rewinds a sale; a pack not counted, or sold out for a while, stays so.
pub fn from_live(mut live: CatalogDraft) -> CatalogDraft {
    for pack in live
        .products
        .iter_mut()
        .flat_map(|product| product.variants.iter_mut())
    {
        if matches!(pack.stock, Some(Stock::Count(_))) {
            pack.stock = None;
        }
    }
    live
}

/// `draft` as shoppers see it at `now_ms`: hidden products left out, and each pack orderable as its
/// stock allows, the stock being the draft's or, where it sets none, the `live` catalog's (a pack not
/// live yet, or without `live`, has none). The live catalog, whose packs all have theirs, needs no `live`.
pub fn as_catalog(
    draft: CatalogDraft,
    store: StoreProfile,
    live: Option<&CatalogDraft>,
    now_ms: i64,
) -> Catalog {
    let live_stock: HashMap<(&str, &str), Stock> = live
        .map(|live| {
            live.products
                .iter()
                .flat_map(|product| {
                    product.variants.iter().filter_map(|pack| {
                        Some(((product.id.as_str(), pack.id.as_str()), pack.stock?))
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Catalog {
        store,
        categories: draft.categories,
        products: draft
            .products
            .into_iter()
            .filter(|product| !product.hidden)
            .map(|product| Product {
                variants: product
                    .variants
                    .into_iter()
                    .map(|pack| Variant {
                        max_quantity: orderable_quantity(available(
                            pack.stock.unwrap_or_else(|| {
                                live_stock
                                    .get(&(product.id.as_str(), pack.id.as_str()))
                                    .copied()
                                    .unwrap_or(Stock::Count(0))
                            }),
                            now_ms,
                        )),
                        id: pack.id,
                        label: pack.label,
                        price: pack.price,
                        mrp: pack.mrp,
                    })
                    .collect(),
                id: product.id,
                category: product.category,
                name: product.name,
                name_local: product.name_local,
                image: product.image,
                description: product.description,
                search_words: product.search_words,
            })
            .collect(),
    }
}

/// A change made live at once to one pack (`PATCH …/variants/…`), made in the draft too, so publishing
/// the draft does not put the old value back. A live stock change also clears a stock the draft sets: the
/// merchant's latest word on stock wins. False when the draft does not have that pack.
pub fn follow(
    draft: &mut CatalogDraft,
    product: &str,
    variant: &str,
    update: &VariantUpdate,
) -> bool {
    let pack = draft
        .products
        .iter_mut()
        .find(|it| it.id == product)
        .and_then(|it| it.variants.iter_mut().find(|it| it.id == variant));
    let Some(pack) = pack else {
        return false;
    };
    if let Some(price) = update.price {
        pack.price = price;
    }
    if update.mrp.is_some() {
        pack.mrp = update.mrp;
    }
    if update.stock.is_some() {
        pack.stock = None;
    }
    true
}

/// A draft as a version keeps it: without stock, so restoring it never rewinds what was sold.
pub fn without_stock(draft: &CatalogDraft) -> CatalogDraft {
    let mut kept = draft.clone();
    for variant in kept
        .products
        .iter_mut()
        .flat_map(|product| product.variants.iter_mut())
    {
        variant.stock = None;
    }
    kept
}

/// `product` in the draft: in place of the draft's product with its id, or, new or moved to another
/// category, after the last product of its category. A pack without an id gets one made from its label.
/// Returns the product as kept; its problems are said in `lang`.
pub fn put_product(
    draft: &mut CatalogDraft,
    mut product: DraftProduct,
    shop: &str,
    lang: &Lang,
) -> Result<DraftProduct, InvalidDraft> {
    name_new_packs(&mut product);
    tidy_product(&mut product);
    let categories = draft.categories.iter().map(|it| it.id.as_str()).collect();
    InvalidDraft::unless(product_problems(&product, &categories, shop, lang))?;
    match draft.products.iter().position(|it| it.id == product.id) {
        Some(at) if draft.products[at].category == product.category => {
            draft.products[at] = product.clone();
        }
        found => {
            if let Some(at) = found {
                draft.products.remove(at);
            } else if draft.products.len() >= MAX_PRODUCTS {
                return Err(InvalidDraft::at(
                    "id",
                    lang.t("A shop lists at most 20,000 products: remove one first."),
                ));
            }
            append_to_category(&mut draft.products, product.clone());
        }
    }
    Ok(product)
}

/// A new product in the draft, its id made from its name (`toor-dal`, or `toor-dal-2` when taken).
pub fn add_product(
    draft: &mut CatalogDraft,
    mut product: DraftProduct,
    shop: &str,
    lang: &Lang,
) -> Result<DraftProduct, InvalidDraft> {
    product.id = free_id(&product.name, "product", |id| {
        draft.products.iter().any(|it| it.id == id)
    });
    put_product(draft, product, shop, lang)
}

/// Takes the product with this id out of the draft; false when the draft has none.
pub fn remove_product(draft: &mut CatalogDraft, id: &str) -> bool {
    let before = draft.products.len();
    draft.products.retain(|it| it.id != id);
    draft.products.len() < before
}

/// The draft's categories as `plan` lists them: renamed, reordered, added (a new one has no id yet: it
/// gets one from its name, never one the draft used), and removed, the products of a removed category
/// moving to the category `plan.move_products` names for it (after that category's own products). Its
/// problems are said in `lang`.
pub fn arrange_categories(
    draft: &mut CatalogDraft,
    plan: CategoryPlan,
    lang: &Lang,
) -> Result<(), InvalidDraft> {
    let mut categories = plan.categories;
    for at in 0..categories.len() {
        if categories[at].id.trim().is_empty() {
            let id = free_id(&categories[at].name, "category", |id| {
                categories
                    .iter()
                    .chain(&draft.categories)
                    .any(|it| it.id == id)
            });
            categories[at].id = id;
        }
    }
    let mut problems = category_problems(&categories, lang);
    let kept: HashSet<&str> = categories.iter().map(|it| it.id.as_str()).collect();
    let mut problem =
        |from: &str, why: String| problems.push((format!("move_products.{from}"), why));
    for (from, to) in &plan.move_products {
        if kept.contains(from.as_str()) {
            problem(
                from,
                lang.t("This category stays: its products stay in it.")
                    .to_owned(),
            );
        } else if !draft.categories.iter().any(|it| &it.id == from) {
            problem(
                from,
                lang.t("The shop has no category with this id.").to_owned(),
            );
        } else if !kept.contains(to.as_str()) {
            problem(
                from,
                lang.t("Choose one of the categories the shop keeps.")
                    .to_owned(),
            );
        }
    }
    for removed in draft
        .categories
        .iter()
        .filter(|it| !kept.contains(it.id.as_str()))
    {
        let products = draft
            .products
            .iter()
            .filter(|it| it.category == removed.id)
            .count();
        if products > 0 && !plan.move_products.contains_key(&removed.id) {
            // The count fills `{count}`; the category's name, which could hold a `{count}` of its own,
            // after it.
            let said = lang.n(
                "“{category}” has {count} product: choose the category they move to.",
                "“{category}” has {count} products: choose the category they move to.",
                products as u64,
            );
            problem(&removed.id, said.replace("{category}", &removed.name));
        }
    }
    InvalidDraft::unless(problems)?;
    let (moving, staying) = std::mem::take(&mut draft.products)
        .into_iter()
        .partition::<Vec<_>, _>(|it| !kept.contains(it.category.as_str()));
    draft.products = staying;
    for mut product in moving {
        if let Some(to) = plan.move_products.get(&product.category) {
            product.category.clone_from(to);
        }
        append_to_category(&mut draft.products, product);
    }
    draft.categories = categories;
    Ok(())
}

/// Puts `product` after the last product of its category (last of all when its category has none).
fn append_to_category(products: &mut Vec<DraftProduct>, product: DraftProduct) {
    let end = products
        .iter()
        .rposition(|it| it.category == product.category)
        .map_or(products.len(), |at| at + 1);
    products.insert(end, product);
}

/// Gives each pack without an id one made from its label (`500-g`), free among the product's packs.
fn name_new_packs(product: &mut DraftProduct) {
    for at in 0..product.variants.len() {
        if product.variants[at].id.trim().is_empty() {
            let id = free_id(&product.variants[at].label, "pack", |id| {
                product.variants.iter().any(|it| it.id == id)
            });
            product.variants[at].id = id;
        }
    }
}

#[cfg(test)]
mod tests {
    use haat_api::{Category, Money};

    use haat_api::DraftVariant;

    use super::*;

    fn draft() -> CatalogDraft {
        CatalogDraft {
            categories: vec![Category {
                id: "staples".into(),
                name: "Staples".into(),
                name_local: None,
                icon: None,
            }],
            products: vec![DraftProduct {
                id: "toor-dal".into(),
                category: "staples".into(),
                name: "Toor Dal".into(),
                name_local: None,
                image: None,
                description: None,
                search_words: Vec::new(),
                hidden: false,
                variants: vec![DraftVariant {
                    id: "500g".into(),
                    label: "500 g".into(),
                    price: Money::from_minor(8_900),
                    mrp: Some(Money::from_minor(9_500)),
                    stock: Some(Stock::Count(40)),
                }],
            }],
        }
    }

    #[test]
    fn a_sound_draft_passes() {
        assert_eq!(check(&draft(), "demo", &Lang::english()), Ok(()));
    }

    #[test]
    fn every_problem_is_named_by_its_place() {
        let mut bad = draft();
        bad.categories.push(bad.categories[0].clone());
        let mut second = bad.products[0].clone();
        second.category = "gone".into();
        second.name = " ".into();
        second.variants[0].mrp = Some(Money::from_minor(100));
        second.variants[0].price = Money::from_minor(-1);
        second.variants.push(second.variants[0].clone());
        bad.products.push(second);
        let places: Vec<String> = check(&bad, "demo", &Lang::english())
            .expect_err("invalid")
            .problems
            .into_iter()
            .map(|(at, _)| at)
            .collect();
        assert_eq!(
            places,
            [
                "categories[1].id",
                "products[1].id",
                "products[1].category",
                "products[1].name",
                "products[1].variants[0].price",
                "products[1].variants[1].id",
                "products[1].variants[1].price",
            ]
        );
    }

    #[test]
    fn a_live_change_to_a_pack_is_followed_in_the_draft() {
        let mut followed = draft();
        let update = VariantUpdate {
            price: Some(Money::from_minor(9_100)),
            mrp: None,
            stock: Some(Stock::Count(3)),
        };
        assert!(follow(&mut followed, "toor-dal", "500g", &update));
        let pack = &followed.products[0].variants[0];
        assert_eq!(pack.price, Money::from_minor(9_100));
        assert_eq!(pack.mrp, Some(Money::from_minor(9_500)), "left as it was");
        assert_eq!(pack.stock, None, "the live stock wins");
        assert!(!follow(&mut followed, "toor-dal", "1kg", &update));
    }

    #[test]
    fn versions_keep_no_stock() {
        let kept = without_stock(&draft());
        assert_eq!(kept.products[0].variants[0].stock, None);
        assert_eq!(kept.products[0].variants[0].price, Money::from_minor(8_900));
    }

    fn category(id: &str, name: &str) -> Category {
        Category {
            id: id.into(),
            name: name.into(),
            name_local: None,
            icon: None,
        }
    }

    #[test]
    fn a_free_id_never_grows_past_its_limit() {
        let long = "Supermarket Special ".repeat(10);
        let stem = id_from(&long);
        let id = free_id(&long, "product", |id| id == stem);
        assert!(
            id.ends_with("-2") && id.chars().count() <= MAX_ID_CHARS,
            "{id}"
        );
        assert_eq!(free_id("!!!", "pack", |_| false), "pack");
    }

    #[test]
    fn a_product_moved_to_another_category_goes_after_its_last() {
        let mut catalog = draft();
        catalog.categories.push(category("fruits", "Fruits"));
        let mut apple = catalog.products[0].clone();
        apple.id = "apple".into();
        apple.category = "fruits".into();
        put_product(&mut catalog, apple, "demo", &Lang::english()).expect("added");
        let mut moved = catalog.products[0].clone();
        moved.category = "fruits".into();
        moved.variants.push(DraftVariant {
            id: String::new(),
            label: "1 kg".into(),
            price: Money::from_minor(17_000),
            mrp: None,
            stock: None,
        });
        let kept = put_product(&mut catalog, moved, "demo", &Lang::english()).expect("moved");
        assert_eq!(
            kept.variants[1].id, "1-kg",
            "a new pack's id is made from its label"
        );
        let order: Vec<&str> = catalog.products.iter().map(|it| it.id.as_str()).collect();
        assert_eq!(order, ["apple", "toor-dal"]);
    }

    #[test]
    fn a_new_category_never_takes_a_removed_ones_id() {
        let mut catalog = draft();
        let plan = CategoryPlan {
            categories: vec![category("", "Staples")],
            move_products: [("staples".to_owned(), "staples".to_owned())].into(),
        };
        let problems = arrange_categories(&mut catalog.clone(), plan, &Lang::english())
            .expect_err("the new category is not the old one")
            .problems;
        assert_eq!(problems[0].0, "move_products.staples");
        let plan = CategoryPlan {
            categories: vec![category("", "Staples")],
            move_products: [("staples".to_owned(), "staples-2".to_owned())].into(),
        };
        arrange_categories(&mut catalog, plan, &Lang::english()).expect("moved to the new one");
        assert_eq!(catalog.categories[0].id, "staples-2");
        assert_eq!(catalog.products[0].category, "staples-2");
    }

    #[test]
    fn a_draft_starts_from_the_live_catalog_without_its_counts() {
        let mut live = draft();
        live.products[0].variants[0].stock = Some(Stock::Count(9));
        let mut loose = live.products[0].variants[0].clone();
        loose.id = "loose".into();
        loose.stock = Some(Stock::Untracked);
        live.products[0].variants.push(loose);
        let started = from_live(live);
        let stock: Vec<Option<Stock>> = started.products[0]
            .variants
            .iter()
            .map(|it| it.stock)
            .collect();
        assert_eq!(stock, [None, Some(Stock::Untracked)]);
    }

    #[test]
    fn descriptions_are_kept_without_spaces_around_them() {
        let mut catalog = draft();
        catalog.products[0].description = Some(" Set in clay pots.\n".into());
        let mut second = catalog.products[0].clone();
        second.id = "second".into();
        second.description = Some("  ".into());
        catalog.products.push(second);
        tidy(&mut catalog);
        assert_eq!(
            catalog.products[0].description.as_deref(),
            Some("Set in clay pots.")
        );
        assert_eq!(catalog.products[1].description, None);
    }

    #[test]
    fn a_picture_is_an_https_address_or_a_path_on_this_server() {
        let english = Lang::english();
        for kept in [
            "https://cdn.shopify.com/s/files/atta.jpg",
            "/photos/demo/3f2a9c0e-720.jpg",
        ] {
            assert_eq!(picture_problem(kept, "demo", &english), None, "{kept}");
        }
        for refused in [
            "//evil.example/atta.jpg",
            "/\\evil.example/atta.jpg",
            "http://img.example/atta.jpg",
            "ftp://img.example/atta.jpg",
            "atta.jpg",
            "/photos/demo/a\nb.jpg",
            // Another shop's photo, which that shop may delete, however its path is written.
            "/photos/ravi-stores/3f2a9c0e-720.jpg",
            "/photos/demo/../ravi-stores/3f2a9c0e-720.jpg",
            "/./photos/ravi-stores/3f2a9c0e-720.jpg",
            "/photos\\ravi-stores/3f2a9c0e-720.jpg",
            "/photos/%2e%2e/ravi-stores/3f2a9c0e-720.jpg",
        ] {
            assert!(
                picture_problem(refused, "demo", &english).is_some(),
                "{refused}"
            );
        }
    }

    #[test]
    fn stock_and_descriptions_are_checked() {
        let english = Lang::english();
        let stock = |stock| stock_problem(stock, &english);
        let description = |text: &str| description_problem(text, &english);
        assert_eq!(stock(Stock::Count(MAX_STOCK)), None);
        assert!(stock(Stock::Count(MAX_STOCK + 1)).is_some());
        assert!(stock(Stock::SoldOutUntil(-1)).is_some());
        assert_eq!(stock(Stock::SoldOutUntil(1_795_890_600_000)), None);
        assert_eq!(description("Stone-ground.\nFrom Sehore."), None);
        assert!(description("tab\there").is_some());
        assert!(description(&"a".repeat(501)).is_some());
    }

    #[test]
    fn a_preview_sells_what_the_draft_sets_and_what_is_live() {
        let mut catalog = draft();
        catalog.products[0].variants.push(DraftVariant {
            id: "1kg".into(),
            label: "1 kg".into(),
            price: Money::from_minor(17_000),
            mrp: None,
            stock: None,
        });
        let store = crate::domain::shop::profile(&crate::domain::shop::NewShop {
            name: "Ravi Stores".into(),
            phone: "+919845012345".into(),
            slug: "ravi-stores".into(),
        });
        let mut live = catalog.clone();
        live.products[0].variants.truncate(1);
        live.products[0].variants[0].stock = Some(Stock::Count(3));
        let mut hidden = catalog.products[0].clone();
        hidden.id = "hidden".into();
        hidden.hidden = true;
        catalog.products.push(hidden);
        let shown = as_catalog(catalog, store, Some(&live), 0);
        assert_eq!(shown.products.len(), 1, "hidden products are not shown");
        let packs: Vec<(&str, u32)> = shown.products[0]
            .variants
            .iter()
            .map(|it| (it.id.as_str(), it.max_quantity))
            .collect();
        // 40 in stock is more than one order takes; the new pack has no stock set and none live.
        assert_eq!(packs, [("500g", orderable_quantity(40)), ("1kg", 0)]);
    }
}
