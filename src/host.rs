//! The host bridge: the only Rust that talks to whatever the store runs inside, a Telegram Mini App, a parent
//! frame, a host page's element, or a plain browser (WhatsApp's in-app browser is one). Its JavaScript half,
//! `host.js`, holds the plumbing: detecting the host at start, Telegram's theme, MainButton, BackButton and
//! haptics, and the versioned `postMessage` protocol with an origin allow-list (README.md, "Chat hosts").
//! In a plain browser every call here does nothing.
//!
//! Pages take part in two ways only: they call these functions at the moments that matter, and they mark
//! their primary action `data-host="main"` and their back button `data-host="back"`, which the bridge mirrors
//! into the host's own buttons (Telegram's MainButton and BackButton).

use haat_api::Money;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(module = "/src/host.js")]
extern "C" {
    /// The first view is on screen: Telegram's `ready()` and `expand()`, and a `ready` message to the parent.
    pub fn ready();

    /// Telegram's raw init data (`Telegram.WebApp.initData`), when the store runs as a Telegram Mini App.
    pub fn init_data() -> Option<String>;

    /// A page reached inside the app: the document's title names it after its heading, and with `focus`
    /// the focus moves to that heading (once the page has one, for a page still loading).
    pub fn arrived(focus: bool);

    /// Something went into the cart: a light haptic tick in Telegram.
    pub fn added_to_cart();

    #[wasm_bindgen(js_name = order_placed)]
    fn order_placed_js(id: i64, total_minor: i64, currency: &str);
}

/// The server took an order: a success haptic in Telegram, an `order_placed` message to the parent frame
/// and the host page's element.
pub fn order_placed(id: i64, total: Money, currency: &str) {
    order_placed_js(id, total.minor(), currency);
}
