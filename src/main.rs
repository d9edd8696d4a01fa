/// A small allocator: dlmalloc costs the first load several KiB of wasm.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: haat_alloc::Allocator = haat_alloc::Allocator::new();

fn main() {
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("app"));
    match root {
        Some(root) => {
            // The page ships a "loading" note for slow networks; the app takes its place.
            root.set_inner_html("");
            yew::Renderer::<haat::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<haat::App>::new().render();
        }
    }
}
