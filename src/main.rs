/// A small allocator: dlmalloc costs the first load several KiB of wasm.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: haat_alloc::Allocator = haat_alloc::Allocator::new();

fn main() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if let Some(root) = document.get_element_by_id("app") {
        // The page ships a "loading" note for slow networks; the app takes its place.
        root.set_inner_html("");
        yew::Renderer::<haat::App>::with_root_and_props(root, haat::AppProps { store: None })
            .render();
    } else if let Ok(Some(root)) = document.query_selector("[data-haat-store]") {
        // A host page's element, filled through the stable loader `/embed.js`.
        let store = root.get_attribute("data-haat-store").map(Into::into);
        yew::Renderer::<haat::App>::with_root_and_props(root, haat::AppProps { store }).render();
    }
}
