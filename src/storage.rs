//! What the app keeps on the phone: the cart and the checkout details, per shop, in `localStorage`.
//! A web view may have no storage at all; then nothing is kept and the app still works.

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::{cart::Cart, json};
use haat_api::{Customer, Fulfilment, PaymentMethod};

/// What the shopper chose at checkout besides their details, kept so a reload loses nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choices {
    #[serde(default)]
    pub fulfilment: Fulfilment,
    /// A delivery slot id; `None` is as soon as possible.
    #[serde(default)]
    pub slot: Option<String>,
    #[serde(default)]
    pub payment: PaymentMethod,
    #[serde(default)]
    pub note: String,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = local_storage()?.get_item(key).ok().flatten()?;
    json::parse(&text)
}

fn save<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Some(text)) = (local_storage(), json::stringify(value)) {
        // A full or blocked storage loses only the copy, never the cart on screen.
        let _ = storage.set_item(key, &text);
    }
}

fn cart_key(store: &str) -> String {
    format!("haat.{store}.cart")
}

fn customer_key(store: &str) -> String {
    format!("haat.{store}.customer")
}

pub fn load_cart(store: &str) -> Cart {
    load(&cart_key(store)).unwrap_or_default()
}

pub fn save_cart(store: &str, cart: &Cart) {
    save(&cart_key(store), cart);
}

/// The idempotency key of the checkout attempt in progress: created on the first "Place order", kept
/// across retries, reloads and a killed web view, and dropped once the attempt is settled.
pub fn checkout_key(store: &str) -> Option<String> {
    let key = format!("haat.{store}.checkout-key");
    if let Some(existing) =
        local_storage().and_then(|storage| storage.get_item(&key).ok().flatten())
    {
        return Some(existing);
    }
    let fresh = web_sys::window()?.crypto().ok()?.random_uuid();
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(&key, &fresh);
    }
    Some(fresh)
}

pub fn forget_checkout_key(store: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(&format!("haat.{store}.checkout-key"));
    }
}

pub fn load_customer(store: &str) -> Customer {
    load(&customer_key(store)).unwrap_or_default()
}

pub fn save_customer(store: &str, customer: &Customer) {
    save(&customer_key(store), customer);
}

pub fn load_choices(store: &str) -> Choices {
    load(&format!("haat.{store}.choices")).unwrap_or_default()
}

pub fn save_choices(store: &str, choices: &Choices) {
    save(&format!("haat.{store}.choices"), choices);
}
