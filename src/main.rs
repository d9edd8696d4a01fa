//! The `shop` bundle, the shopper's first load: catalog, product pages and cart (see `haat::bundle`).

/// A small allocator: dlmalloc costs the first load several KiB of wasm.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: haat_alloc::Allocator = haat_alloc::Allocator::new();

use haat::{bundle, pages::ShopPages};

fn main() {
    bundle::register_bundle::<ShopPages>();
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if let Ok(Some(root)) = document.query_selector("[data-haat-store]") {
        // A host page's element, filled through the stable loader `/embed.js`: the named shop's catalog.
        // Looked for first: the host page may have an `#app` of its own.
        let store = root.get_attribute("data-haat-store").unwrap_or_default();
        bundle::mount::<ShopPages>(root, Some(format!("/s/{store}")));
    } else if let Some(root) = document.get_element_by_id("app") {
        // The page ships a "loading" note for slow networks; the app takes its place.
        bundle::mount::<ShopPages>(root, None);
    }
}
