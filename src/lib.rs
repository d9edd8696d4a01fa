//! Haat's storefront: the shopper's app, a Yew component tree compiled to WebAssembly.
//!
//! [`App`] reads the shop and page from the URL; [`shop::ShopProvider`] fetches the catalog and keeps the
//! cart (persisted on the phone); pages read both through hooks and render views that take plain props,
//! which is what the browser tests mount. [`host`] is the bridge to the messenger or page the store runs in.
//! The server renders every page with the same components (feature `ssr`), and the browser hydrates it.

pub mod api;
mod app;
pub mod cart;
pub mod components;
#[cfg(test)]
mod fixtures;
pub mod format;
pub mod handoff;
pub mod host;
pub mod json;
pub mod lang;
pub use haat_lang::locale;
pub mod offline;
pub mod outbox;
pub mod pages;
pub mod route;
pub mod search;
pub mod shelf;
pub mod shop;
pub mod storage;
pub mod validate;
pub mod window;
pub mod words;

pub use app::{App, AppProps, Place};

/// The id of the `<script type="application/json">` in which the server sends the page's [`shop::FirstView`].
pub const FIRST_VIEW_ID: &str = "haat-first-view";
/// The attribute on the `#app` element the server rendered the app into, naming the path it rendered: the
/// browser hydrates it when that is the page's own path.
pub const RENDERED: &str = "data-rendered";
