//! What the app keeps on the phone: the cart and the checkout details, per shop, in `localStorage`.
//! A web view may have no usable storage at all (blocked, or full); then everything is kept in a map on the
//! page instead, which both bundles see and which lasts until the page is closed, and the cart says so.

use crate::{
    cart::Cart,
    format,
    json::{self, FromJson, ToJson},
};
use haat_api::{Customer, Fulfilment, PaymentMethod};
use wasm_bindgen::{JsCast, JsValue};

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

/// `localStorage`, if this web view lets the page have it.
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether what the app keeps outlives the page: `localStorage` is there and takes a write.
pub fn is_lasting() -> bool {
    local_storage().is_some_and(|storage| {
        let lasting = storage.set_item("haat.probe", "").is_ok();
        let _ = storage.remove_item("haat.probe");
        lasting
    })
}

/// Where things are kept when `localStorage` refuses them (blocked, or full): a map on `window`, shared
/// by both bundles, made on the first such write.
fn page_map(make: bool) -> Option<js_sys::Map> {
    let window = web_sys::window()?;
    let name = JsValue::from_str("haatKept");
    let kept = js_sys::Reflect::get(&window, &name).ok()?;
    if let Some(map) = kept.dyn_ref::<js_sys::Map>() {
        return Some(map.clone());
    }
    let map = js_sys::Map::new();
    (make && js_sys::Reflect::set(&window, &name, &map).ok()?).then_some(map)
}

/// What is kept under `key`: the page's copy first, as it is there only when it is newer.
fn get(key: &str) -> Option<String> {
    let on_page = page_map(false).and_then(|map| map.get(&key.into()).as_string());
    on_page.or_else(|| local_storage()?.get_item(key).ok().flatten())
}

/// Keeps `value` under `key`, on the phone if it can, else on the page.
fn set(key: &str, value: &str) {
    let kept = local_storage().is_some_and(|storage| storage.set_item(key, value).is_ok());
    if kept {
        if let Some(map) = page_map(false) {
            map.delete(&key.into());
        }
    } else if let Some(map) = page_map(true) {
        map.set(&key.into(), &value.into());
    }
}

fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
    if let Some(map) = page_map(false) {
        map.delete(&key.into());
    }
}

fn load<T: FromJson>(key: &str) -> Option<T> {
    json::parse(&get(key)?)
}

fn save<T: ToJson>(key: &str, value: &T) {
    set(key, &json::stringify(value));
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

/// The event on `window` that tells the pages on screen the kept cart changed under them.
pub const CART_CHANGED: &str = "haat-cart";

/// Empties the kept cart and tells the pages on screen (the other bundle's may be showing it).
pub fn empty_cart(store: &str) {
    save_cart(store, &Cart::default());
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(CART_CHANGED)) {
        let _ = window.dispatch_event(&event);
    }
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
    if let (Some(key), Some(body)) = (get(&key_name), get(&body_name)) {
        return Some(Attempt { key, body });
    }
    let fresh = Attempt {
        key: web_sys::window()?.crypto().ok()?.random_uuid(),
        body,
    };
    set(&body_name, &fresh.body);
    set(&key_name, &fresh.key);
    Some(fresh)
}

pub fn forget_checkout_attempt(store: &str) {
    let (key_name, body_name) = attempt_names(store);
    remove(&key_name);
    remove(&body_name);
}

fn attempt_names(store: &str) -> (String, String) {
    (
        format!("haat.{store}.checkout-key"),
        format!("haat.{store}.checkout-body"),
    )
}

/// The shop's last order placed from this phone, so its page can be found again from the cart (also when
/// the shopper left checkout while it was being placed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastOrder {
    pub id: i64,
    pub token: String,
}

pub fn save_last_order(store: &str, order: &LastOrder) {
    let mut text = String::new();
    format::push_integer(&mut text, order.id);
    text.push(' ');
    text.push_str(&order.token);
    set(&last_order_key(store), &text);
}

pub fn load_last_order(store: &str) -> Option<LastOrder> {
    let text = get(&last_order_key(store))?;
    let (id, token) = text.split_once(' ')?;
    Some(LastOrder {
        id: id.parse().ok()?,
        token: token.to_owned(),
    })
}

fn last_order_key(store: &str) -> String {
    format!("haat.{store}.last-order")
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
