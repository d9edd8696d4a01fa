//! One page per [`Route`], and the few pieces they share.

mod catalog;
mod categories;
mod notices;
mod order_lines;
mod orders;
mod photo;
mod preview;
mod products;
mod settings;
mod sheets;
mod shop;
mod signup;

use haat_api::{ApiError, Language};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    lang::{Lang, said, use_lang},
    route::Route,
};

pub fn view(route: Route) -> Html {
    match route {
        Route::Welcome => html! { <Welcome /> },
        Route::SignUp => html! { <signup::SignUpPage /> },
        Route::Shop { store } => html! { <shop::ShopPage store={AttrValue::from(store)} /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// How to reach a shop's console, or open a new shop.
#[component]
fn Welcome() -> Html {
    let lang = use_lang();
    html! {
        <main class="console narrow">
            <h1>{ lang.t("Haat for shops") }</h1>
            <p>{ lang.t("Open the sign-in link Haat gave you for your shop: it brings you to your shop's console on this phone.") }</p>
            <p><Link<Route> classes="button" to={Route::SignUp}>{ lang.t("Open a new shop") }</Link<Route>></p>
        </main>
    }
}

#[component]
fn NotFound() -> Html {
    let lang = use_lang();
    html! {
        <main class="console narrow">
            <h1>{ lang.t("Page not found") }</h1>
            <p><Link<Route> to={Route::Welcome}>{ lang.t("Haat for shops") }</Link<Route>></p>
        </main>
    }
}

/// The languages the console speaks, each named in itself: a link to this page in it, which the server
/// writes in that language and remembers (`crates/haat-server/src/http/language.rs`).
#[component]
pub fn Languages() -> Html {
    let lang = use_lang();
    html! {
        <nav class="console languages" aria-label={lang.t("Language").to_owned()}>
            { for Language::ALL.into_iter().map(|language| {
                let code = language.as_str();
                let current = language == lang.language;
                html! {
                    <a href={format!("?lang={code}")} lang={code} hreflang={code}
                        aria-current={current.then_some("true")}>{ haat_lang::own_name(language) }</a>
                }
            }) }
        </nav>
    }
}

#[derive(Properties, PartialEq)]
struct FieldProps {
    /// The field's name, as the server names it in an error's details.
    name: AttrValue,
    label: AttrValue,
    value: AttrValue,
    #[prop_or_default]
    hint: Option<AttrValue>,
    /// What the server said of this field, shown beside it.
    #[prop_or_default]
    error: Option<AttrValue>,
    #[prop_or(AttrValue::Static("text"))]
    kind: AttrValue,
    #[prop_or_default]
    autocomplete: Option<AttrValue>,
    /// The keyboard a phone shows for it (`decimal` for prices).
    #[prop_or_default]
    inputmode: Option<AttrValue>,
    on_input: Callback<String>,
}

/// A labelled input with its hint, and the server's word on it when it refused it.
#[component]
fn Field(props: &FieldProps) -> Html {
    let id = format!("field-{}", props.name);
    let note = format!("{id}-note");
    let oninput = props.on_input.reform(|event: InputEvent| {
        event
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .value()
    });
    let said = props.error.clone().or_else(|| props.hint.clone());
    html! {
        <div class={classes!("field", props.error.is_some().then_some("invalid"))}>
            <label for={id.clone()}>{ props.label.clone() }</label>
            <input id={id} name={props.name.clone()} type={props.kind.clone()} value={props.value.clone()}
                autocomplete={props.autocomplete.clone()} inputmode={props.inputmode.clone()}
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={said.is_some().then(|| note.clone())} {oninput} />
            if let Some(said) = said {
                <p id={note} class={if props.error.is_some() { "error" } else { "hint" }}>{ said }</p>
            }
        </div>
    }
}

/// A refusal or failure that belongs to no field.
fn notice(lang: &Lang, error: &ApiError) -> Html {
    html! { <p class="notice" role="alert">{ said(lang, error) }</p> }
}
