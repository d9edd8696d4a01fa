//! What the app keeps on the phone: the cart and the checkout details, per shop, in `localStorage`.
//! A web view may have no storage at all; then nothing is kept and the app still works.

use crate::{
    cart::Cart,
    json::{self, FromJson, ToJson},
};
use haat_api::{Customer, Fulfilment, PaymentMethod};

/// What the shopper chose at checkout besides their details, kept so a reload loses nothing. Every field
/// may be missing from what was stored (an older build's copy): it takes its default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    pub fulfilment: Fulfilment,
    /// A delivery slot id; `None` is as soon as possible.
    pub slot: Option<String>,
    pub payment: PaymentMethod,
    pub note: String,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load<T: FromJson>(key: &str) -> Option<T> {
    let text = local_storage()?.get_item(key).ok().flatten()?;
    json::parse(&text)
}

fn save<T: ToJson>(key: &str, value: &T) {
    if let Some(storage) = local_storage() {
        // A full or blocked storage loses only the copy, never the cart on screen.
        let _ = storage.set_item(key, &json::stringify(value));
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

/// A checkout attempt: its idempotency key and the exact body sent under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub key: String,
    pub body: String,
}

/// The checkout attempt in progress, else a new one for `body`. An attempt is created on the first
/// "Place order", kept across retries, reloads and a killed web view, and dropped once settled. While it
/// is kept, every retry sends its own body again, whatever was edited since: the first try may have
/// reached the shop, so only its exact body can be answered as "already placed" rather than placed twice.
pub fn checkout_attempt(store: &str, body: String) -> Option<Attempt> {
    let (key_name, body_name) = attempt_names(store);
    let storage = local_storage();
    let stored = storage.as_ref().and_then(|storage| {
        Some(Attempt {
            key: storage.get_item(&key_name).ok().flatten()?,
            body: storage.get_item(&body_name).ok().flatten()?,
        })
    });
    if stored.is_some() {
        return stored;
    }
    let fresh = Attempt {
        key: web_sys::window()?.crypto().ok()?.random_uuid(),
        body,
    };
    if let Some(storage) = storage {
        let _ = storage.set_item(&body_name, &fresh.body);
        let _ = storage.set_item(&key_name, &fresh.key);
    }
    Some(fresh)
}

pub fn forget_checkout_attempt(store: &str) {
    if let Some(storage) = local_storage() {
        let (key_name, body_name) = attempt_names(store);
        let _ = storage.remove_item(&key_name);
        let _ = storage.remove_item(&body_name);
    }
}

fn attempt_names(store: &str) -> (String, String) {
    (
        format!("haat.{store}.checkout-key"),
        format!("haat.{store}.checkout-body"),
    )
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
