//! The owner's secret, kept on this phone for each shop they signed in to, and taken from a sign-in
//! link's fragment (`#k=…`), which never reaches a server.

use std::{cell::RefCell, collections::HashMap};

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsValue;

thread_local! {
    /// The secrets of this page's life: a phone that keeps nothing (private mode, storage full) stays
    /// signed in until the page closes.
    static HELD: RefCell<HashMap<String, String>> = RefCell::default();
}

fn key(store: &str) -> String {
    format!("haat.console.{store}")
}

/// The secret kept for `store`, if this phone is signed in to it.
pub fn secret(store: &str) -> Option<String> {
    LocalStorage::get(key(store))
        .ok()
        .or_else(|| HELD.with(|held| held.borrow().get(store).cloned()))
}

pub fn keep(store: &str, secret: &str) {
    HELD.with(|held| {
        held.borrow_mut()
            .insert(store.to_owned(), secret.to_owned())
    });
    let _ = LocalStorage::set(key(store), secret);
}

pub fn forget(store: &str) {
    HELD.with(|held| held.borrow_mut().remove(store));
    LocalStorage::delete(key(store));
}

/// Forgets `secret` for `store` if it is still the one kept: a newer one, kept meanwhile, stays.
pub fn forget_if(store: &str, secret: &str) {
    if self::secret(store).as_deref() == Some(secret) {
        forget(store);
    }
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
