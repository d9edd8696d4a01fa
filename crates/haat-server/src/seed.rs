//! The demo shop: a neighbourhood kirana shipped as `data/demo-shop.json` and created in an empty database.

use std::collections::HashSet;

use haat_api::{Category, Money, StoreProfile};
use serde::Deserialize;

use crate::{
    StartError,
    domain::{payment, secret},
    store::Store,
};

/// The demo shop's store slug.
pub const DEMO_STORE: &str = "demo";

const DEMO_SHOP_JSON: &str = include_str!("../data/demo-shop.json");

/// A shop as a data file describes it: profile, categories, products with stock.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedShop {
    pub store: StoreProfile,
    pub categories: Vec<Category>,
    pub products: Vec<SeedProduct>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedProduct {
    pub id: String,
    pub category: String,
    pub name: String,
    #[serde(default)]
    pub name_local: Option<String>,
    #[serde(default)]
    pub image: Option<String>,
    /// Other words shoppers find it by (`DraftProduct::search_words`).
    #[serde(default)]
    pub search_words: Vec<String>,
    pub variants: Vec<SeedVariant>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedVariant {
    pub id: String,
    pub label: String,
    pub price: Money,
    #[serde(default)]
    pub mrp: Option<Money>,
    pub stock: u32,
}

impl SeedShop {
    /// Parses and checks a shop file: ids unique, every product in a known category with at least one
    /// variant, no negative prices.
    pub fn parse(json: &str) -> Result<Self, String> {
        let shop: Self = serde_json::from_str(json).map_err(|error| error.to_string())?;
        shop.check()?;
        Ok(shop)
    }

    fn check(&self) -> Result<(), String> {
        self.check_payment()?;
        let mut categories = HashSet::new();
        for category in &self.categories {
            if !categories.insert(category.id.as_str()) {
                return Err(format!("category {:?} appears twice", category.id));
            }
        }
        let mut products = HashSet::new();
        for product in &self.products {
            if !products.insert(product.id.as_str()) {
                return Err(format!("product {:?} appears twice", product.id));
            }
            if !categories.contains(product.category.as_str()) {
                return Err(format!(
                    "product {:?} is in unknown category {:?}",
                    product.id, product.category
                ));
            }
            if product.variants.is_empty() {
                return Err(format!("product {:?} has no variants", product.id));
            }
            let mut variants = HashSet::new();
            for variant in &product.variants {
                if !variants.insert(variant.id.as_str()) {
                    return Err(format!(
                        "product {:?} has variant {:?} twice",
                        product.id, variant.id
                    ));
                }
                if variant.price.is_negative() || variant.mrp.is_some_and(Money::is_negative) {
                    return Err(format!(
                        "product {:?} variant {:?} has a negative price",
                        product.id, variant.id
                    ));
                }
            }
        }
        Ok(())
    }
}

impl SeedShop {
    /// Payment methods listed once each; UPI needs the shop's UPI id, and UPI pays rupees only.
    fn check_payment(&self) -> Result<(), String> {
        let store = &self.store;
        let methods = &store.payment_methods;
        if methods.is_empty() {
            return Err("the shop takes no payment method".to_owned());
        }
        if methods
            .iter()
            .enumerate()
            .any(|(at, method)| methods[..at].contains(method))
        {
            return Err("a payment method appears twice".to_owned());
        }
        if let Some(upi_id) = &store.upi_id
            && !payment::is_upi_id(upi_id)
        {
            return Err(format!("{upi_id:?} is not a UPI id (handle@provider)"));
        }
        let takes_upi = methods.iter().any(|method| !method.is_cash());
        if takes_upi && store.upi_id.is_none() {
            return Err("the shop takes UPI but has no upi_id".to_owned());
        }
        if takes_upi && store.currency != "INR" {
            return Err(format!("UPI pays INR, not {}", store.currency));
        }
        Ok(())
    }
}

/// Creates the demo shop when the database has none, and applies a configured merchant token.
///
/// Returns the merchant token when it was generated here: the only moment it exists in clear.
pub(crate) async fn ensure_demo_store(
    store: &dyn Store,
    configured_token: Option<&str>,
) -> Result<Option<String>, StartError> {
    if store.store_by_slug(DEMO_STORE).await?.is_some() {
        if let Some(token) = configured_token {
            store
                .set_merchant_token_hash(DEMO_STORE, &secret::hash(token))
                .await?;
        }
        return Ok(None);
    }
    let shop = SeedShop::parse(DEMO_SHOP_JSON).map_err(StartError::Seed)?;
    let (token, generated) = match configured_token {
        Some(token) => (token.to_owned(), None),
        None => {
            let token = secret::generate()
                .map_err(|error| StartError::Seed(format!("no randomness for a token: {error}")))?;
            (token.clone(), Some(token))
        }
    };
    store.create_store(&shop, &secret::hash(&token)).await?;
    tracing::info!(
        products = shop.products.len(),
        "created the demo shop in an empty database"
    );
    Ok(generated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_shop_is_a_real_kirana() {
        let shop = SeedShop::parse(DEMO_SHOP_JSON).expect("demo shop parses and checks");
        assert_eq!(shop.store.slug, DEMO_STORE);
        assert_eq!(shop.store.currency, "INR");
        assert_eq!(
            shop.store.payment_methods.len(),
            3,
            "cash, UPI on delivery, UPI now"
        );
        assert_eq!(
            shop.store.address,
            "Shop 4, 12th Main Road, Indiranagar, Bengaluru 560038"
        );
        assert_eq!(shop.store.hours, "7 am – 10 pm, every day");
        assert!((6..=8).contains(&shop.categories.len()));
        assert!((55..=65).contains(&shop.products.len()));
        assert!(shop.products.iter().all(|p| p.name_local.is_some()));
        let variants = shop.products.iter().flat_map(|p| &p.variants);
        assert!(variants.clone().filter(|v| v.stock == 0).count() >= 3);
        assert!(
            shop.products
                .iter()
                .filter(|p| p.variants.len() > 1)
                .count()
                >= 10
        );
    }

    #[test]
    fn inconsistent_shop_files_are_refused() {
        let unknown_category = r#"{"store":{"slug":"x","name":"X","tagline":"","currency":"INR",
            "locale":"en-IN","phone":"+919876543210","min_order":0,"delivery_fee":0},
            "categories":[],"products":[{"id":"p","category":"nope","name":"P",
            "variants":[{"id":"v","label":"1","price":100,"stock":1}]}]}"#;
        let error = SeedShop::parse(unknown_category).expect_err("refused");
        assert!(error.contains("unknown category"), "{error}");
        let upi_without_id = r#"{"store":{"slug":"x","name":"X","tagline":"","currency":"INR",
            "locale":"en-IN","phone":"+919876543210","min_order":0,"delivery_fee":0,
            "payment_methods":["cash","upi_now"]},"categories":[],"products":[]}"#;
        let error = SeedShop::parse(upi_without_id).expect_err("refused");
        assert!(error.contains("no upi_id"), "{error}");
    }
}
