//! Components: take props, render, report through callbacks. No fetching here.

mod error_notice;
mod product_card;
mod stepper;
mod top_bar;
mod totals;

pub use error_notice::{ErrorNotice, ErrorNoticeProps};
pub use product_card::{ProductCard, ProductCardProps};
pub use stepper::{Stepper, StepperProps};
pub use top_bar::{TopBar, TopBarProps};
pub use totals::{TotalsView, TotalsViewProps};
