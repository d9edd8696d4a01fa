//! Haat's storefront: the shopper's app, a Yew component tree compiled to WebAssembly.
//!
//! [`App`] reads the shop and page from the URL; [`shop::ShopProvider`] fetches the catalog and keeps the
//! cart (persisted on the phone); pages read both through hooks and render views that take plain props,
//! which is what the browser tests mount. [`host`] is the bridge to the messenger or page the store runs in.
//! The app ships as two bundles, the first load and the checkout, built from one [`App`] ([`bundle`]).

pub mod api;
mod app;
pub mod bundle;
pub mod cart;
pub mod components;
#[cfg(test)]
mod fixtures;
pub mod format;
pub mod handoff;
pub mod host;
mod json;
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

pub use app::{App, AppProps};
