//! The owner's secret, kept on this phone for each shop they signed in to, and taken from a sign-in
//! link's fragment (`#k=…`), which never reaches a server.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsValue;

fn key(store: &str) -> String {
    format!("haat.console.{store}")
}

/// The secret kept for `store`, if this phone is signed in to it.
pub fn secret(store: &str) -> Option<String> {
    LocalStorage::get(key(store)).ok()
}

pub fn keep(store: &str, secret: &str) {
    // A phone that keeps nothing (private mode, storage full) stays signed in until the page closes.
    let _ = LocalStorage::set(key(store), secret);
}

pub fn forget(store: &str) {
    LocalStorage::delete(key(store));
}

/// The secret a sign-in link carried, taken out of the address so it is not left in the history, in a
/// screenshot, or in a link shared on.
pub fn take_from_address() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let secret = location.hash().ok()?.strip_prefix("#k=")?.to_owned();
    if let (Ok(history), Ok(path)) = (window.history(), location.pathname()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
    }
    (!secret.is_empty()).then_some(secret)
}
