//! The `checkout` bundle: checkout and the order's status, loaded by the `shop` bundle when the shopper
//! first goes there (see `haat::bundle`). It only registers itself; the bundle on screen mounts it.

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: haat_alloc::Allocator = haat_alloc::Allocator::new();

fn main() {
    haat::bundle::register_bundle::<haat::pages::CheckoutPages>();
}
