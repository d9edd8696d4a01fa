//! Haat's merchant console: the shop owner's app at `/m/{store}`, a bundle of its own (the shopper's
//! first load carries none of it). The owner signs in with a link holding their secret in its fragment
//! (`/m/{store}#k=…`, kept on this phone: [`session`]), or opens a new shop at `/m/new` when the server
//! takes sign-ups.

pub mod api;
pub mod customer_message;
pub mod edit;
pub mod inbox;
pub mod lang;
pub mod pages;
pub mod route;
pub mod session;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::{lang::Lang, route::Route};

/// The currency of the figures that name none (a draft's prices, a day's takings): the console's shops
/// count in rupees, as its forms ask prices in ₹.
pub const RUPEES: &str = "INR";

/// Mounts the console on the page's `#console` element.
pub fn start() {
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("console"));
    match root {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<App>::with_root_and_props(
                root,
                AppProps {
                    lang: lang::of_page(),
                },
            )
            .render();
        }
        None => {
            yew::Renderer::<App>::with_props(AppProps {
                lang: lang::of_page(),
            })
            .render();
        }
    }
}

#[derive(Properties, PartialEq)]
struct AppProps {
    /// The language the server chose for the page.
    lang: Lang,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <ContextProvider<Lang> context={props.lang.clone()}>
            <BrowserRouter>
                <Switch<Route> render={pages::view} />
            </BrowserRouter>
            <pages::Languages />
        </ContextProvider<Lang>>
    }
}
