//! What the unit tests build their shops from.

use haat_api::{Money, PaymentMethod, StoreProfile};

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
