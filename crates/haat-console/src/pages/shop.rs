//! A shop's console: signing in from the link, the shop's link to share, a new sign-in link for
//! another phone, and signing out.

use std::{cell::Cell, rc::Rc};

use gloo_events::EventListener;
use haat_api::{ApiError, ErrorCode, SignIn, StoreProfile};
use yew::{platform::spawn_local, prelude::*};

use super::{catalog::CatalogSection, notice, orders::OrdersSection, settings::SettingsSection};
use crate::{
    api,
    lang::{Lang, use_lang},
    route::{self, is_slug},
    session,
};

/// Where this phone stands with the shop.
#[derive(Clone, PartialEq)]
enum Access {
    Checking,
    In(Rc<StoreProfile>),
    Out(Out),
    /// The check itself failed (no network): try again.
    Failed(Rc<ApiError>),
}

#[derive(Clone, Copy, PartialEq)]
enum Out {
    /// This phone has no secret for the shop.
    NoSecret,
    /// The secret was replaced by a newer one (or never was the shop's).
    LinkEnded,
    /// No shop has this address.
    NoShop,
    /// The owner signed out here.
    ByOwner,
}

/// How many times the page has asked who the secret belongs to: each "Try again", or a new link opened
/// in place, asks again.
#[derive(Default, PartialEq)]
struct Attempt(u32);

impl Reducible for Attempt {
    type Action = ();

    fn reduce(self: Rc<Self>, (): ()) -> Rc<Self> {
        Rc::new(Self(self.0.wrapping_add(1)))
    }
}

#[derive(Properties, PartialEq)]
pub struct ShopPageProps {
    pub store: AttrValue,
}

#[component]
pub fn ShopPage(props: &ShopPageProps) -> Html {
    let lang = use_lang();
    let access = use_state(|| Access::Checking);
    let attempt = use_reducer(Attempt::default);
    {
        let (access, store) = (access.clone(), props.store.clone());
        use_effect_with((store, attempt.0), move |(store, _)| {
            // An answer to an earlier check, arriving after this one started, is dropped.
            let current = Rc::new(Cell::new(true));
            check(store.clone(), access, current.clone());
            move || current.set(false)
        });
    }
    {
        // A sign-in link opened where the console already is changes only the fragment: no new page.
        let again = attempt.dispatcher();
        use_effect_with((), move |()| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| again.dispatch(()))
            });
            move || drop(listener)
        });
    }
    let store = &props.store;
    match &*access {
        Access::Checking => html! {
            <main class="console narrow" aria-busy="true"><p>{ lang.t("Opening your shop…") }</p></main>
        },
        Access::Out(out) => signed_out(&lang, *out),
        Access::Failed(error) => html! {
            <main class="console narrow">
                { notice(&lang, error) }
                <button class="button" onclick={move |_| attempt.dispatch(())}>{ lang.t("Try again") }</button>
            </main>
        },
        Access::In(profile) => {
            let sign_out = {
                let (access, store) = (access.clone(), store.clone());
                Callback::from(move |_: MouseEvent| {
                    session::forget(&store);
                    access.set(Access::Out(Out::ByOwner));
                })
            };
            let saved = {
                let access = access.clone();
                Callback::from(move |kept: StoreProfile| access.set(Access::In(Rc::new(kept))))
            };
            // The shop's page as its app writes it (with the slash), which opens without the app
            // writing the address again.
            let shop_link = format!("{}/s/{store}/", route::origin());
            let share = route::whatsapp_share(&lang.f(
                "Order from {shop} here: {link}",
                &[("shop", &profile.name), ("link", &shop_link)],
            ));
            html! {
                <main class="console">
                    <header class="shop-bar">
                        <h1>{ profile.name.clone() }</h1>
                        <p class="muted">{ lang.t("Your shop on Haat") }</p>
                    </header>
                    <section class="card" aria-labelledby="share-title">
                        <h2 id="share-title">{ lang.t("Your shop's link") }</h2>
                        <p>{ lang.t("Share it in your chats: customers open it, fill a cart and order.") }</p>
                        <input class="link shop-link" readonly=true value={shop_link.clone()}
                            aria-label={lang.t("Your shop's link").to_owned()} />
                        <div class="actions">
                            <a class="button" href={shop_link} target="_blank" rel="noopener">{ lang.t("Open your shop") }</a>
                            <a class="button secondary" href={share} target="_blank" rel="noopener">{ lang.t("Share on WhatsApp") }</a>
                        </div>
                    </section>
                    <OrdersSection store={store.clone()} shop={AttrValue::from(profile.name.clone())} />
                    <CatalogSection store={store.clone()} profile={profile.clone()} />
                    <SettingsSection store={store.clone()} profile={profile.clone()} on_saved={saved} />
                    <AnotherPhone store={store.clone()} />
                    <section class="card" aria-labelledby="phone-title">
                        <h2 id="phone-title">{ lang.t("This phone") }</h2>
                        <p>{ lang.t("Signed in. Sign out on a phone you share or hand on; your sign-in link brings you back.") }</p>
                        <button class="button secondary sign-out" onclick={sign_out}>{ lang.t("Sign out") }</button>
                    </section>
                </main>
            }
        }
    }
}

/// Signs in with the link's secret (kept on this phone), or the one kept before, and asks the server
/// whose it is; the answer counts while `current` holds.
fn check(store: AttrValue, access: UseStateHandle<Access>, current: Rc<Cell<bool>>) {
    if !is_slug(&store) {
        access.set(Access::Out(Out::NoShop));
        return;
    }
    if let Some(secret) = session::take_from_address() {
        session::keep(&store, &secret);
    }
    let Some(secret) = session::secret(&store) else {
        access.set(Access::Out(Out::NoSecret));
        return;
    };
    access.set(Access::Checking);
    spawn_local(async move {
        let answer = api::merchant(&store, &secret).await;
        if !current.get() {
            return;
        }
        let next = match answer {
            Ok(profile) => Access::In(Rc::new(profile)),
            Err(error) => match error.known_code() {
                Some(ErrorCode::Unauthorized) => {
                    session::forget_if(&store, &secret);
                    Access::Out(Out::LinkEnded)
                }
                Some(ErrorCode::StoreNotFound) => Access::Out(Out::NoShop),
                _ => Access::Failed(Rc::new(error)),
            },
        };
        access.set(next);
    });
}

fn signed_out(lang: &Lang, out: Out) -> Html {
    let (title, text) = match out {
        Out::NoSecret => (
            lang.t("Sign in to your shop"),
            lang.t("Open the sign-in link Haat gave you for this shop on this phone."),
        ),
        Out::LinkEnded => (
            lang.t("This sign-in link no longer works"),
            lang.t("A newer link for this shop was made. Open the newest one, or ask the person who runs Haat for you for a new link."),
        ),
        Out::NoShop => (
            lang.t("No shop has this address"),
            lang.t("Check the link: it may have been cut short when it was shared."),
        ),
        Out::ByOwner => (
            lang.t("You signed out"),
            lang.t("Open your sign-in link to come back to your shop."),
        ),
    };
    html! {
        <main class="console narrow signed-out">
            <h1>{ title }</h1>
            <p>{ text }</p>
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct AnotherPhoneProps {
    store: AttrValue,
}

/// A new sign-in link, for another phone (or after a link was shared by mistake): the old link stops
/// working, this phone stays signed in.
#[component]
fn AnotherPhone(props: &AnotherPhoneProps) -> Html {
    let lang = use_lang();
    let made = use_state(|| None::<Result<SignIn, ApiError>>);
    let busy = use_state(|| false);
    let make = {
        let (made, busy, store) = (made.clone(), busy.clone(), props.store.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(secret) = session::secret(&store) else {
                return;
            };
            let (made, busy, store) = (made.clone(), busy.clone(), store.clone());
            busy.set(true);
            spawn_local(async move {
                let answer = api::new_secret(&store, &secret).await;
                // Kept in place of the secret it replaced, unless the owner signed out meanwhile.
                if let Ok(sign_in) = &answer
                    && session::secret(&store).as_deref() == Some(secret.as_str())
                {
                    session::keep(&store, &sign_in.secret);
                }
                made.set(Some(answer));
                busy.set(false);
            });
        })
    };
    html! {
        <section class="card" aria-labelledby="another-title">
            <h2 id="another-title">{ lang.t("Sign in on another phone") }</h2>
            <p>{ lang.t("A new sign-in link works on any phone you open it on. Your old link stops working; this phone stays signed in.") }</p>
            {
                match &*made {
                    Some(Ok(sign_in)) => {
                        let link = format!("{}{}", route::origin(), sign_in.link);
                        let share = route::whatsapp_share(
                            &lang.f("Sign in to my Haat shop: {link}", &[("link", &link)]),
                        );
                        html! {
                            <>
                                <input class="link sign-in-link" readonly=true value={link}
                                    aria-label={lang.t("New sign-in link").to_owned()} />
                                <p class="hint">{ lang.t("Keep it private: anyone with this link can run your shop.") }</p>
                                <a class="button secondary" href={share} target="_blank" rel="noopener">{ lang.t("Send it on WhatsApp") }</a>
                            </>
                        }
                    }
                    Some(Err(error)) => notice(&lang, error),
                    None => html! {},
                }
            }
            <button class="button new-link" onclick={make} disabled={*busy} aria-busy={busy.then_some("true")}>
                { lang.t("Make a new sign-in link") }
            </button>
        </section>
    }
}
