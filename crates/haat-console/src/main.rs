fn main() {
    #[cfg(target_arch = "wasm32")]
    haat_console::start();
}
