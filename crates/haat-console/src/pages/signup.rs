//! Opening a shop: its name, WhatsApp number and address, each refusal beside its field, and then the
//! sign-in link to keep.

use std::{cell::Cell, rc::Rc};

use haat_api::{ApiError, ErrorCode, ShopSignup, SignIn};
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

use super::{Field, notice};
use crate::{api, route, route::Route, session};

#[derive(Clone, PartialEq)]
enum Stage {
    Filling,
    Sending,
    /// The server refused or could not be reached: the form stays as typed.
    Refused(Rc<ApiError>),
    Opened(Rc<SignIn>),
}

#[component]
pub fn SignUpPage() -> Html {
    let form = use_state(ShopSignup::default);
    // The address follows the name until the owner types one of their own.
    let own_slug = use_state(|| false);
    let suggested = use_state(String::new);
    let stage = use_state(|| Stage::Filling);
    let closed = use_state(|| false);
    // The latest suggestion asked for: an older answer arriving late is dropped.
    let asked = use_mut_ref(|| Rc::new(Cell::new(0_u32)));
    {
        // Whether the server takes sign-ups at all.
        let closed = closed.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                if let Err(error) = api::suggestion("").await
                    && error.known_code() == Some(ErrorCode::SignupClosed)
                {
                    closed.set(true);
                }
            });
        });
    }
    if *closed {
        return html! {
            <main class="console narrow">
                <h1>{ "Open a shop on Haat" }</h1>
                <p>{ "This Haat opens shops only through the person who runs it. Ask them to open yours: they will send you its sign-in link." }</p>
            </main>
        };
    }
    if let Stage::Opened(sign_in) = &*stage {
        return opened(sign_in);
    }
    let on_name = {
        let (form, own_slug) = (form.clone(), own_slug.clone());
        let (suggested, asked) = (suggested.clone(), asked.borrow().clone());
        Callback::from(move |name: String| {
            form.set(ShopSignup {
                name: name.clone(),
                ..(*form).clone()
            });
            if *own_slug {
                return;
            }
            let ticket = asked.get() + 1;
            asked.set(ticket);
            let (suggested, asked) = (suggested.clone(), asked.clone());
            spawn_local(async move {
                if let Ok(answer) = api::suggestion(&name).await
                    && asked.get() == ticket
                {
                    suggested.set(answer.slug);
                }
            });
        })
    };
    let on_phone = {
        let form = form.clone();
        Callback::from(move |phone: String| {
            form.set(ShopSignup {
                phone,
                ..(*form).clone()
            });
        })
    };
    let on_slug = {
        let (form, own_slug) = (form.clone(), own_slug.clone());
        Callback::from(move |slug: String| {
            own_slug.set(!slug.is_empty());
            form.set(ShopSignup {
                slug: Some(slug),
                ..(*form).clone()
            });
        })
    };
    // The address as shown: the owner's own, or the one suggested for the name.
    let slug = if *own_slug {
        form.slug.clone().unwrap_or_default()
    } else {
        (*suggested).clone()
    };
    let onsubmit = {
        let (form, stage, slug) = (form.clone(), stage.clone(), slug.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *stage == Stage::Sending {
                return;
            }
            let signup = ShopSignup {
                slug: Some(slug.clone()).filter(|slug| !slug.is_empty()),
                ..(*form).clone()
            };
            let stage = stage.clone();
            stage.set(Stage::Sending);
            spawn_local(async move {
                stage.set(match api::sign_up(&signup).await {
                    Ok(sign_in) => {
                        session::keep(&sign_in.store, &sign_in.secret);
                        Stage::Opened(Rc::new(sign_in))
                    }
                    Err(error) => Stage::Refused(Rc::new(error)),
                });
            });
        })
    };
    let refused = match &*stage {
        Stage::Refused(error) => Some(error.clone()),
        _ => None,
    };
    let said = |field: &str| {
        refused
            .as_ref()
            .and_then(|error| error.field_message(field))
            .map(|message| AttrValue::from(message.to_owned()))
    };
    let sending = *stage == Stage::Sending;
    html! {
        <main class="console narrow">
            <h1>{ "Open a shop on Haat" }</h1>
            <p>{ "Your shop gets its own link to share in chats. You add your products next." }</p>
            <form class="sign-up" {onsubmit} novalidate=true>
                <Field name="name" label="Shop's name" value={form.name.clone()} error={said("name")}
                    autocomplete="organization" on_input={on_name} />
                <Field name="phone" label="WhatsApp number" kind="tel" value={form.phone.clone()}
                    error={said("phone")} hint="Orders come to this number." autocomplete="tel"
                    on_input={on_phone} />
                <Field name="slug" label="Your shop's address" value={slug.clone()} error={said("slug")}
                    hint={format!("{}/s/{}", route::origin(), if slug.is_empty() { "…" } else { &slug })}
                    on_input={on_slug} />
                if let Some(error) = refused.as_ref().filter(|error| error.details.is_empty()) {
                    { notice(error) }
                }
                <button class="button" type="submit" disabled={sending} aria-busy={sending.then_some("true")}>
                    { "Open my shop" }
                </button>
            </form>
        </main>
    }
}

/// The shop is open: the sign-in link to keep, and the way into its console.
fn opened(sign_in: &SignIn) -> Html {
    let link = format!("{}{}", route::origin(), sign_in.link);
    let share = route::whatsapp_share(&format!("Sign in to my Haat shop: {link}"));
    html! {
        <main class="console narrow opened">
            <h1>{ "Your shop is open" }</h1>
            <p>{ "This link signs you in to your shop on any phone. Keep it private: send it to yourself on WhatsApp, or save it." }</p>
            <input class="link sign-in-link" readonly=true value={link} aria-label="Your sign-in link" />
            <div class="actions">
                <a class="button secondary" href={share} target="_blank" rel="noopener">{ "Send it to yourself on WhatsApp" }</a>
                <Link<Route> classes="button" to={Route::Shop { store: sign_in.store.clone() }}>
                    { "Go to your shop" }
                </Link<Route>>
            </div>
        </main>
    }
}
