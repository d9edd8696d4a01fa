//! Opening a shop: its name, WhatsApp number and address, each refusal beside its field, and then the
//! sign-in link to keep.

use std::rc::Rc;

use gloo_timers::callback::Timeout;

use haat_api::{ApiError, ErrorCode, ShopSignup, SignIn};
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

use super::{Field, notice};
use crate::{
    api,
    lang::{Lang, use_lang},
    route,
    route::Route,
    session,
};

#[derive(Clone, PartialEq)]
enum Stage {
    Filling,
    Sending,
    /// The server refused or could not be reached: the form stays as typed.
    Refused(Rc<ApiError>),
    Opened(Rc<SignIn>),
}

/// How long the name rests before its address is suggested: a suggestion per pause, not per key.
const SUGGEST_AFTER_MS: u32 = 300;

/// The form as typed, and the address suggested for its name.
#[derive(Clone, Debug, Default, PartialEq)]
struct Form {
    name: String,
    phone: String,
    /// The address the owner typed, once they type one; until then it follows the name.
    own_slug: Option<String>,
    /// The address suggested, and the name it was suggested for.
    suggested: Option<(String, String)>,
}

enum Edit {
    Name(String),
    Phone(String),
    Slug(String),
    Suggested { name: String, slug: String },
}

impl Reducible for Form {
    type Action = Edit;

    fn reduce(self: Rc<Self>, edit: Edit) -> Rc<Self> {
        let mut form = (*self).clone();
        match edit {
            Edit::Name(name) => form.name = name,
            Edit::Phone(phone) => form.phone = phone,
            Edit::Slug(slug) => form.own_slug = Some(slug).filter(|slug| !slug.is_empty()),
            Edit::Suggested { name, slug } => form.suggested = Some((name, slug)),
        }
        Rc::new(form)
    }
}

impl Form {
    /// The address shown: the owner's, or the one suggested for the name as it is now.
    fn slug(&self) -> &str {
        match (&self.own_slug, &self.suggested) {
            (Some(own), _) => own,
            (None, Some((name, slug))) if *name == self.name => slug,
            _ => "",
        }
    }

    /// What is sent: without an address of the owner's, none (the server makes it from the name, as
    /// it made the suggestion, and offers a free one if another shop took it meanwhile).
    fn signup(&self) -> ShopSignup {
        ShopSignup {
            name: self.name.clone(),
            phone: self.phone.clone(),
            slug: self.own_slug.clone(),
        }
    }
}

#[component]
pub fn SignUpPage() -> Html {
    let lang = use_lang();
    let form = use_reducer(Form::default);
    let stage = use_state(|| Stage::Filling);
    let closed = use_state(|| false);
    // The suggestion waiting for the name to rest; a newer key press drops it.
    let waiting = use_mut_ref(|| None::<Timeout>);
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
                <h1>{ lang.t("Open a shop on Haat") }</h1>
                <p>{ lang.t("This Haat opens shops only through the person who runs it. Ask them to open yours: they will send you its sign-in link.") }</p>
            </main>
        };
    }
    if let Stage::Opened(sign_in) = &*stage {
        return opened(&lang, sign_in);
    }
    let on_name = {
        let (edit, own_slug) = (form.dispatcher(), form.own_slug.is_some());
        Callback::from(move |name: String| {
            edit.dispatch(Edit::Name(name.clone()));
            if own_slug {
                return;
            }
            let edit = edit.clone();
            *waiting.borrow_mut() = Some(Timeout::new(SUGGEST_AFTER_MS, move || {
                spawn_local(async move {
                    if let Ok(answer) = api::suggestion(&name).await {
                        edit.dispatch(Edit::Suggested {
                            name,
                            slug: answer.slug,
                        });
                    }
                });
            }));
        })
    };
    let on_phone = form.dispatcher().to_callback().reform(Edit::Phone);
    let on_slug = form.dispatcher().to_callback().reform(Edit::Slug);
    let onsubmit = {
        let (signup, stage) = (form.signup(), stage.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *stage == Stage::Sending {
                return;
            }
            let (signup, stage) = (signup.clone(), stage.clone());
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
    let slug = form.slug().to_owned();
    html! {
        <main class="console narrow">
            <h1>{ lang.t("Open a shop on Haat") }</h1>
            <p>{ lang.t("Your shop gets its own link to share in chats. You add your products next.") }</p>
            <form class="sign-up" {onsubmit} novalidate=true>
                <Field name="name" label={lang.t("Shop's name").to_owned()} value={form.name.clone()} error={said("name")}
                    autocomplete="organization" on_input={on_name} />
                <Field name="phone" label={lang.t("WhatsApp number").to_owned()} kind="tel" value={form.phone.clone()}
                    error={said("phone")} hint={lang.t("Orders come to this number.").to_owned()} autocomplete="tel"
                    on_input={on_phone} />
                <Field name="slug" label={lang.t("Your shop's address").to_owned()} value={slug.clone()} error={said("slug")}
                    hint={format!("{}/s/{}/", route::origin(), if slug.is_empty() { "…" } else { &slug })}
                    on_input={on_slug} />
                if let Some(error) = refused.as_ref().filter(|error| error.details.is_empty()) {
                    { notice(&lang, error) }
                }
                <button class="button" type="submit" disabled={sending} aria-busy={sending.then_some("true")}>
                    { lang.t("Open my shop") }
                </button>
            </form>
        </main>
    }
}

/// The shop is open: the sign-in link to keep, and the way into its console.
fn opened(lang: &Lang, sign_in: &SignIn) -> Html {
    let link = format!("{}{}", route::origin(), sign_in.link);
    let share =
        route::whatsapp_share(&lang.f("Sign in to my Haat shop: {link}", &[("link", &link)]));
    html! {
        <main class="console narrow opened">
            <h1>{ lang.t("Your shop is open") }</h1>
            <p>{ lang.t("This link signs you in to your shop on any phone. Keep it private: send it to yourself on WhatsApp, or save it.") }</p>
            <input class="link sign-in-link" readonly=true value={link} aria-label={lang.t("Your sign-in link").to_owned()} />
            <div class="actions">
                <a class="button secondary" href={share} target="_blank" rel="noopener">{ lang.t("Send it to yourself on WhatsApp") }</a>
                <Link<Route> classes="button" to={Route::Shop { store: sign_in.store.clone() }}>
                    { lang.t("Go to your shop") }
                </Link<Route>>
            </div>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(form: Form, edits: impl IntoIterator<Item = Edit>) -> Form {
        let mut form = Rc::new(form);
        for edit in edits {
            form = form.reduce(edit);
        }
        (*form).clone()
    }

    fn suggested(name: &str, slug: &str) -> Edit {
        Edit::Suggested {
            name: name.into(),
            slug: slug.into(),
        }
    }

    #[test]
    fn the_address_follows_the_name_and_a_late_suggestion_is_ignored() {
        let form = after(
            Form::default(),
            [
                Edit::Name("Meena".into()),
                Edit::Name("Meena Fruits".into()),
                suggested("Meena Fruits", "meena-fruits"),
                // The answer for the shorter name, arriving last.
                suggested("Meena", "meena"),
            ],
        );
        assert_eq!(form.slug(), "");
        let form = after(form, [suggested("Meena Fruits", "meena-fruits")]);
        assert_eq!(form.slug(), "meena-fruits");
        assert_eq!(
            form.signup().slug,
            None,
            "the server makes it from the name"
        );
        let form = after(form, [Edit::Name("Meena Fruit Mart".into())]);
        assert_eq!(
            form.slug(),
            "",
            "a suggestion for another name is not shown"
        );
    }

    #[test]
    fn an_address_of_the_owners_is_kept_and_sent() {
        let form = after(
            Form::default(),
            [
                Edit::Name("Meena Fruits".into()),
                Edit::Phone("98450 12345".into()),
                suggested("Meena Fruits", "meena-fruits"),
                Edit::Slug("meena-sector-9".into()),
                Edit::Name("Meena Fruits & Veg".into()),
            ],
        );
        assert_eq!(form.slug(), "meena-sector-9");
        assert_eq!(
            form.signup(),
            ShopSignup {
                name: "Meena Fruits & Veg".into(),
                phone: "98450 12345".into(),
                slug: Some("meena-sector-9".into()),
            }
        );
        let cleared = after(form, [Edit::Slug(String::new())]);
        assert_eq!(
            cleared.signup().slug,
            None,
            "cleared: it follows the name again"
        );
    }
}
