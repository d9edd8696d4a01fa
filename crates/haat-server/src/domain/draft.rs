//! The merchant's draft catalog: checked whole before it is kept (every problem named by its place,
//! `products[3].variants[0].price`), and started from the live catalog.

use std::collections::HashSet;

use haat_api::{Catalog, CatalogDraft, DraftProduct, DraftVariant, VariantUpdate};

use super::catalog::{MAX_PRICE, MAX_STOCK};

const MAX_ID_CHARS: usize = 64;
const MAX_NAME_CHARS: usize = 120;
const MAX_LABEL_CHARS: usize = 40;
/// The most products one shop lists.
pub const MAX_PRODUCTS: usize = 20_000;

/// Each problem of a draft: where (`categories[1].name`), and what is wrong there.
#[derive(Debug, PartialEq, Eq)]
pub struct InvalidDraft {
    pub problems: Vec<(String, String)>,
}

/// Checks a whole draft, reporting every problem.
pub fn check(draft: &CatalogDraft) -> Result<(), InvalidDraft> {
    let mut problems = Vec::new();
    let mut problem = |at: String, why: &str| problems.push((at, why.to_owned()));
    let mut categories = HashSet::new();
    for (at, category) in draft.categories.iter().enumerate() {
        let at = format!("categories[{at}]");
        if let Some(why) = id_problem(&category.id) {
            problem(format!("{at}.id"), why);
        } else if !categories.insert(category.id.as_str()) {
            problem(format!("{at}.id"), "Another category has this id.");
        }
        if let Some(why) = text_problem(&category.name, MAX_NAME_CHARS) {
            problem(format!("{at}.name"), why);
        }
        for (field, text) in [
            ("name_local", &category.name_local),
            ("icon", &category.icon),
        ] {
            if let Some(why) = text
                .as_deref()
                .and_then(|text| text_problem(text, MAX_NAME_CHARS))
            {
                problem(format!("{at}.{field}"), why);
            }
        }
    }
    if draft.products.len() > MAX_PRODUCTS {
        problem(
            "products".to_owned(),
            "A shop lists at most 20,000 products.",
        );
    }
    let mut products = HashSet::new();
    for (at, product) in draft.products.iter().enumerate() {
        let at = format!("products[{at}]");
        if let Some(why) = id_problem(&product.id) {
            problem(format!("{at}.id"), why);
        } else if !products.insert(product.id.as_str()) {
            problem(format!("{at}.id"), "Another product has this id.");
        }
        if !categories.contains(product.category.as_str()) {
            problem(
                format!("{at}.category"),
                "Choose one of the shop's categories.",
            );
        }
        if let Some(why) = text_problem(&product.name, MAX_NAME_CHARS) {
            problem(format!("{at}.name"), why);
        }
        if let Some(why) = product
            .name_local
            .as_deref()
            .and_then(|text| text_problem(text, MAX_NAME_CHARS))
        {
            problem(format!("{at}.name_local"), why);
        }
        if let Some(image) = &product.image
            && (!(image.starts_with("https://") || image.starts_with('/'))
                || image.chars().any(char::is_control))
        {
            problem(
                format!("{at}.image"),
                "A picture's address starts with https:// (or /, on this server).",
            );
        }
        if product.variants.is_empty() {
            problem(
                format!("{at}.variants"),
                "A product needs at least one pack.",
            );
        }
        let mut variants = HashSet::new();
        for (index, variant) in product.variants.iter().enumerate() {
            let at = format!("{at}.variants[{index}]");
            if let Some(why) = id_problem(&variant.id) {
                problem(format!("{at}.id"), why);
            } else if !variants.insert(variant.id.as_str()) {
                problem(
                    format!("{at}.id"),
                    "Another pack of this product has this id.",
                );
            }
            if let Some(why) = text_problem(&variant.label, MAX_LABEL_CHARS) {
                problem(format!("{at}.label"), why);
            }
            if variant.price.is_negative() || variant.price > MAX_PRICE {
                problem(
                    format!("{at}.price"),
                    "A price is between ₹0 and ₹10 crore.",
                );
            }
            if variant
                .mrp
                .is_some_and(|mrp| mrp < variant.price || mrp > MAX_PRICE)
            {
                problem(format!("{at}.mrp"), "The MRP is at least the price.");
            }
            if variant.stock.is_some_and(|stock| stock > MAX_STOCK) {
                problem(format!("{at}.stock"), "Stock is at most 10,00,000 packs.");
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(InvalidDraft { problems })
    }
}

/// Why `id` cannot name a category, product or pack, if it cannot.
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS {
        return Some("An id is 1 to 64 characters.");
    }
    if id
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '/')
    {
        return Some("An id has no spaces, slashes or control characters.");
    }
    None
}

/// Why `text` cannot be a category's or product's name, if it cannot.
pub fn name_problem(text: &str) -> Option<&'static str> {
    text_problem(text, MAX_NAME_CHARS)
}

/// Why `text` cannot be a pack's label ("500 g"), if it cannot.
pub fn label_problem(text: &str) -> Option<&'static str> {
    text_problem(text, MAX_LABEL_CHARS)
}

fn text_problem(text: &str, max: usize) -> Option<&'static str> {
    if text.trim().is_empty() {
        Some("This cannot be empty.")
    } else if text.chars().count() > max {
        Some("This is too long.")
    } else if text.chars().any(char::is_control) {
        Some("This contains characters that cannot be used.")
    } else {
        None
    }
}

/// The live catalog as a draft to start from: stock left as orders leave it.
pub fn from_catalog(catalog: &Catalog) -> CatalogDraft {
    CatalogDraft {
        categories: catalog.categories.clone(),
        products: catalog
            .products
            .iter()
            .map(|product| DraftProduct {
                id: product.id.clone(),
                category: product.category.clone(),
                name: product.name.clone(),
                name_local: product.name_local.clone(),
                image: product.image.clone(),
                variants: product
                    .variants
                    .iter()
                    .map(|variant| DraftVariant {
                        id: variant.id.clone(),
                        label: variant.label.clone(),
                        price: variant.price,
                        mrp: variant.mrp,
                        stock: None,
                    })
                    .collect(),
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

#[cfg(test)]
mod tests {
    use haat_api::{Category, Money};

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
                variants: vec![DraftVariant {
                    id: "500g".into(),
                    label: "500 g".into(),
                    price: Money::from_minor(8_900),
                    mrp: Some(Money::from_minor(9_500)),
                    stock: Some(40),
                }],
            }],
        }
    }

    #[test]
    fn a_sound_draft_passes() {
        assert_eq!(check(&draft()), Ok(()));
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
        let places: Vec<String> = check(&bad)
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
            stock: Some(3),
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
}
