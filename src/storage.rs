//! What the app keeps on the phone, per shop, in `localStorage`: the cart, the checkout details, the order
//! attempt on its way to the shop, the recent orders and the news of one placed.
//! A web view may have no usable storage at all (blocked, or full); then everything is kept in a map on the
//! page instead, which lasts until the page is closed, and the cart says so.

use crate::{
    cart::{Cart, CartAction},
    format, json,
    route::Page,
};
use haat_api::{Customer, Fulfilment, Money, OrderRequest, PaymentMethod};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use wasm_bindgen::{JsCast, JsValue};

/// What the shopper chose at checkout besides their details, kept so a reload loses nothing. Every field
/// may be missing from what was stored (an older build's copy): it takes its default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
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

/// Where things are kept when `localStorage` refuses them (blocked, or full): a map on `window`, made on
/// the first such write.
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

/// What is kept under `key`, if it is there and reads as a `T` (else the caller starts afresh).
fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    json::parse(&get(key)?)
}

fn save<T: Serialize>(key: &str, value: &T) {
    if let Some(json) = json::stringify(value) {
        set(key, &json);
    }
}

fn cart_key(store: &str) -> String {
    format!("haat.{store}.cart")
}

fn customer_key(store: &str) -> String {
    format!("haat.{store}.customer")
}

fn choices_key(store: &str) -> String {
    format!("haat.{store}.choices")
}

pub fn load_cart(store: &str) -> Cart {
    load(&cart_key(store)).unwrap_or_default()
}

pub fn save_cart(store: &str, cart: &Cart) {
    save(&cart_key(store), cart);
}

/// The event on `window` that tells the pages on screen the kept cart changed under them.
pub const CART_CHANGED: &str = "haat-cart";

/// A checkout attempt: its idempotency key and the exact body sent under it, when it was made, and
/// whether the shopper asked to change it (withdraw it) rather than send it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub key: String,
    pub body: String,
    /// Milliseconds since 1970; 0 when an older build made it.
    pub made_at_ms: i64,
    pub withdraw: bool,
}

impl Attempt {
    /// The order as it will be sent: what checkout shows while the attempt is unsettled.
    pub fn request(&self) -> Option<OrderRequest> {
        json::parse(&self.body)
    }

    /// Kept as one value (`key`, `made_at_ms`, `send` or `withdraw`, each on a line, then the body), so
    /// two tabs can never pair one's key with the other's body.
    fn write(&self) -> String {
        let mut text = self.key.clone();
        text.push('\n');
        format::push_integer(&mut text, self.made_at_ms);
        text.push_str(if self.withdraw {
            "\nwithdraw\n"
        } else {
            "\nsend\n"
        });
        text.push_str(&self.body);
        text
    }

    fn read(text: &str) -> Option<Self> {
        let mut parts = text.splitn(4, '\n');
        Some(Self {
            key: parts.next()?.to_owned(),
            made_at_ms: parts.next()?.parse().ok()?,
            withdraw: parts.next()? == "withdraw",
            body: parts.next()?.to_owned(),
        })
    }
}

/// The checkout attempt in progress, else a new one for `body`. An attempt is created on the first
/// "Place order", kept across retries, reloads and a killed web view, and dropped once settled. While it
/// is kept, every retry sends its own body again, and checkout shows that body, locked: the first try may
/// have reached the shop, so only its exact body can be answered as "already placed" rather than placed
/// twice, and the shopper changes the order only after settling it (`outbox`).
pub fn checkout_attempt(store: &str, body: String) -> Option<Attempt> {
    if let Some(kept) = pending_attempt(store) {
        return Some(kept);
    }
    let fresh = Attempt {
        key: web_sys::window()?.crypto().ok()?.random_uuid(),
        body,
        made_at_ms: now_ms(),
        withdraw: false,
    };
    set(&attempt_key(store), &fresh.write());
    Some(fresh)
}

/// The unsettled checkout attempt, if there is one (also one an older build kept as two values).
pub fn pending_attempt(store: &str) -> Option<Attempt> {
    if let Some(kept) = get(&attempt_key(store)) {
        return Attempt::read(&kept);
    }
    let (key_name, body_name) = older_attempt_names(store);
    Some(Attempt {
        key: get(&key_name)?,
        body: get(&body_name)?,
        made_at_ms: 0,
        withdraw: false,
    })
}

/// Records what the shopper wants done with the attempt under `key`: withdrawn, so they can change the
/// order, or sent as it is. Every page that picks the attempt up does that.
pub fn want_withdrawal(store: &str, key: &str, withdraw: bool) {
    if let Some(mut kept) = pending_attempt(store).filter(|kept| kept.key == key) {
        kept.withdraw = withdraw;
        set(&attempt_key(store), &kept.write());
    }
}

/// Drops the attempt under `key` once it is settled; a newer attempt (another tab's) stays. True when it
/// was still kept: the caller is the one that settles it.
pub fn forget_checkout_attempt(store: &str, key: &str) -> bool {
    if pending_attempt(store).is_none_or(|kept| kept.key != key) {
        return false;
    }
    let (key_name, body_name) = older_attempt_names(store);
    for name in [attempt_key(store), key_name, body_name] {
        remove(&name);
    }
    true
}

fn attempt_key(store: &str) -> String {
    format!("haat.{store}.checkout")
}

/// Where builds before the attempt was one value kept its key and body.
fn older_attempt_names(store: &str) -> (String, String) {
    (
        format!("haat.{store}.checkout-key"),
        format!("haat.{store}.checkout-body"),
    )
}

/// The phone's clock (the server's, when it renders the page), in milliseconds since 1970.
pub fn now_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        #[allow(clippy::cast_possible_truncation)]
        // a whole number of milliseconds, far inside i64 for any date a phone shows
        let now = js_sys::Date::now() as i64;
        now
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| {
                i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
            })
    }
}

/// Settles an attempt the shop placed: its lines leave the kept cart (what the shopper added meanwhile
/// stays), the order is remembered, the attempt is dropped, and the pages on screen hear of the new cart.
/// Only the first page to hear of the order does this; a second (another tab) changes
/// nothing and returns false.
pub fn settle_placed(store: &str, attempt: &Attempt, order: &RecentOrder) -> bool {
    if !forget_checkout_attempt(store, &attempt.key) {
        return false;
    }
    let ordered = attempt
        .request()
        .map(|request| request.lines)
        .unwrap_or_default();
    save_cart(store, &load_cart(store).apply(CartAction::Ordered(ordered)));
    remember_order(store, order);
    let mut id = String::new();
    format::push_integer(&mut id, order.id);
    set(&news_key(store), &id);
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(CART_CHANGED)) {
        let _ = window.dispatch_event(&event);
    }
    true
}

/// The order placed from this phone that the shopper has not looked at yet: every page announces it.
pub fn unseen_order(store: &str) -> Option<RecentOrder> {
    let id: i64 = get(&news_key(store))?.parse().ok()?;
    recent_orders(store)
        .into_iter()
        .find(|order| order.id == id)
}

/// The shopper saw the placed order (opened it or dismissed the news).
pub fn saw_order(store: &str) {
    remove(&news_key(store));
}

fn news_key(store: &str) -> String {
    format!("haat.{store}.news")
}

/// An order placed from this phone, so its page can be found again from every page (also when the shopper
/// left checkout while it was being placed). The total and time are missing from what older builds kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecentOrder {
    pub id: i64,
    pub token: String,
    pub total: Option<Money>,
    pub placed_at_ms: Option<i64>,
}

impl RecentOrder {
    /// Its page.
    pub fn page(&self) -> Page {
        Page::Order { id: self.id }
    }

    /// `id token total placed_at`, one line; an older build kept only `id token`.
    fn write(&self, text: &mut String) {
        format::push_integer(text, self.id);
        text.push(' ');
        text.push_str(&self.token);
        if let (Some(total), Some(at)) = (self.total, self.placed_at_ms) {
            text.push(' ');
            format::push_integer(text, total.minor());
            text.push(' ');
            format::push_integer(text, at);
        }
    }

    fn read(line: &str) -> Option<Self> {
        let mut parts = line.split(' ');
        let id = parts.next()?.parse().ok()?;
        let token = parts.next()?.to_owned();
        let total = parts.next().and_then(|total| total.parse().ok());
        let placed_at_ms = parts.next().and_then(|at| at.parse().ok());
        Some(Self {
            id,
            token,
            total: total.map(Money::from_minor),
            placed_at_ms,
        })
    }
}

/// How many of the shop's orders the phone remembers.
pub const RECENT_ORDERS: usize = 10;

/// The shop's orders placed from this phone, newest first.
pub fn recent_orders(store: &str) -> Vec<RecentOrder> {
    let kept = get(&orders_key(store)).or_else(|| get(&format!("haat.{store}.last-order")));
    kept.unwrap_or_default()
        .lines()
        .filter_map(RecentOrder::read)
        .collect()
}

/// Remembers an order first among the recent ones (once, however often it is told).
pub fn remember_order(store: &str, order: &RecentOrder) {
    let mut orders = recent_orders(store);
    orders.retain(|kept| kept.id != order.id);
    orders.insert(0, order.clone());
    orders.truncate(RECENT_ORDERS);
    let mut text = String::new();
    for order in &orders {
        order.write(&mut text);
        text.push('\n');
    }
    set(&orders_key(store), &text);
}

pub fn load_last_order(store: &str) -> Option<RecentOrder> {
    recent_orders(store).into_iter().next()
}

fn orders_key(store: &str) -> String {
    format!("haat.{store}.orders")
}

pub fn load_customer(store: &str) -> Customer {
    load(&customer_key(store)).unwrap_or_default()
}

pub fn save_customer(store: &str, customer: &Customer) {
    save(&customer_key(store), customer);
}

pub fn load_choices(store: &str) -> Choices {
    load(&choices_key(store)).unwrap_or_default()
}

pub fn save_choices(store: &str, choices: &Choices) {
    save(&choices_key(store), choices);
}
