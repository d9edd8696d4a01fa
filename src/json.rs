//! JSON text to values and back: the app's one place for it (API bodies, what is kept on the phone, the
//! page's first view). No parsing here: in the browser the maintained crates are serde-wasm-bindgen over
//! the browser's own `JSON` (12,973 bytes of brotli wasm fewer than serde_json, measured in
//! BENCHMARKS.md); natively (unit tests, server rendering) serde_json. This module only picks between them.

use haat_api::Catalog;
use serde::{Serialize, de::DeserializeOwned};

/// `text` read as a `T`; `None` when it is not JSON or not a `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    #[cfg(target_arch = "wasm32")]
    {
        serde_wasm_bindgen::from_value(js_sys::JSON::parse(text).ok()?).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(text).ok()
    }
}

/// Products read between two turns of the browser's (a few milliseconds each on a slow phone).
#[cfg(target_arch = "wasm32")]
const PRODUCTS_AT_A_TIME: usize = 500;

/// A catalog the browser has parsed (an API answer's JSON), read in parts, giving the browser its turn
/// between them: a 10,000-product catalog read at once holds a slow phone's page for over half a second,
/// and a tap with it (BENCHMARKS.md). Natively there is no browser's value to read: `None`.
pub async fn read_catalog(parsed: wasm_bindgen::JsValue) -> Option<Catalog> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let field = wasm_bindgen::JsValue::from_str("products");
        let products: js_sys::Array = js_sys::Reflect::get(&parsed, &field)
            .ok()?
            .dyn_into()
            .ok()?;
        js_sys::Reflect::set(&parsed, &field, &js_sys::Array::new()).ok()?;
        let mut catalog: Catalog = serde_wasm_bindgen::from_value(parsed).ok()?;
        for (at, product) in products.iter().enumerate() {
            if at > 0 && at % PRODUCTS_AT_A_TIME == 0 {
                gloo_timers::future::TimeoutFuture::new(0).await;
            }
            catalog
                .products
                .push(serde_wasm_bindgen::from_value(product).ok()?);
        }
        Some(catalog)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        drop(parsed);
        None
    }
}

/// `value` as JSON text. The app's values are plain structs of strings and integers, which always
/// serialise; `None` would mean a bug.
pub fn stringify<T: Serialize>(value: &T) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let value = value.serialize(&serializer).ok()?;
        js_sys::JSON::stringify(&value).ok()?.as_string()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::to_string(value).ok()
    }
}
