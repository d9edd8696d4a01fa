//! JSON text to values and back: the app's one place for it (API bodies, what is kept on the phone, the
//! page's first view). In the browser through the browser's own `JSON` and serde-wasm-bindgen, which
//! costs the wasm fewer bytes than serde_json's parser and printer (measured in BENCHMARKS.md); natively
//! (unit tests, server rendering) through serde_json.

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
