//! Components: take props, render, report through callbacks. No fetching here.

mod error_notice;
mod product_card;
mod stepper;
mod top_bar;
mod totals;

pub use error_notice::ErrorNotice;
pub use product_card::ProductCard;
pub use stepper::Stepper;
pub use top_bar::TopBar;
pub use totals::TotalsView;
