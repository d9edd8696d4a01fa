//! Pure domain logic: no HTTP, no SQL. Tested natively with plain `#[test]`s.

pub mod catalog;
pub mod customer;
pub mod day_summary;
pub mod draft;
pub mod fulfilment;
pub mod idempotency;
pub mod lifecycle;
pub mod line_change;
pub mod notice;
pub mod notice_setup;
pub mod order_list;
pub mod payment;
pub mod photo;
pub mod preview_link;
pub mod pricing;
pub mod secret;
pub mod settings;
pub mod sheet;
pub mod shop;
pub mod telegram;
