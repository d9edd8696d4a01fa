//! What the unit tests build their shops from.

use haat_api::{Catalog, Money, PaymentMethod, Product, StoreProfile};

/// A product of category `c` with no packs, named `name` (and `local` in the shop's language).
pub fn product(id: &str, name: &str, local: Option<&str>) -> Product {
    Product {
        id: id.into(),
        category: "c".into(),
        name: name.into(),
        name_local: local.map(Into::into),
        image: None,
        description: None,
        search_words: Vec::new(),
        variants: vec![],
    }
}

/// The plain shop ([`store`]) selling `products`, without categories.
pub fn catalog(products: Vec<Product>) -> Catalog {
    Catalog {
        store: store(),
        categories: vec![],
        products,
    }
}

/// A plain shop: `demo`, rupees, cash only, no delivery rules; tests change what they are about.
pub fn store() -> StoreProfile {
    StoreProfile {
        slug: "demo".into(),
        name: "Demo".into(),
        name_local: None,
        tagline: String::new(),
        logo: None,
        currency: "INR".into(),
        locale: "en-IN".into(),
        phone: String::new(),
        min_order: Money::ZERO,
        delivery_fee: Money::ZERO,
        free_delivery_from: None,
        delivery_pincodes: Vec::new(),
        delivery_slots: Vec::new(),
        pickup: false,
        payment_methods: vec![PaymentMethod::Cash],
        upi_id: None,
        address: String::new(),
        hours: String::new(),
        closed: None,
    }
}
