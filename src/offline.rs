//! The storefront offline: a service worker (`static/sw.js`, served at `/sw.js`) keeps what the phone last
//! saw of the shop, so a reload without a network shows the shop instead of the browser's offline page.

use wasm_bindgen::prelude::*;

// No web-sys binding covers the worker's registration, readiness and the page's resource timing together
// in fewer bytes than these lines.
#[wasm_bindgen(inline_js = "
export function keep() {
  const workers = navigator.serviceWorker;
  workers?.register('/sw.js').then(() => workers.ready).then(({ active }) => active?.postMessage({
    keep: [location.href, ...performance.getEntriesByType('resource').map(entry => entry.name)],
  }), () => {});
}")]
extern "C" {
    /// Registers the service worker once the shop is on screen, and hands it what this page loaded before
    /// it was there (the page, the app's files, the catalog), so the very first visit is kept too. Not for
    /// a store mounted into a host page's element: a worker at `/` would take over the host page's
    /// addresses. Without service workers (an old web view) the store works as before, online only.
    #[wasm_bindgen(js_name = keep)]
    pub fn keep_for_offline();
}
