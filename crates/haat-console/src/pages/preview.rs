//! The draft as shoppers will see it, before it is published: the real storefront, rendered by the
//! server from the draft, in phone-sized frames (small and large, light and dark, inside Telegram and
//! WhatsApp, and with the keyboard open) that show every saved change in place; and the preview's
//! link, to open on any phone or send to a friend.

use haat_api::{ApiError, PreviewLink};
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{
    Document, Event, HtmlElement, HtmlIFrameElement, MutationObserver, MutationObserverInit,
};
use yew::{platform::spawn_local, prelude::*};

use super::notice;
use crate::{
    api,
    lang::{Lang, use_lang},
    route, session,
};

#[derive(Properties, PartialEq)]
pub struct PreviewSectionProps {
    pub store: AttrValue,
    /// Grows with every change saved in the draft: the frames show it.
    pub revision: u32,
}

/// Where a frame shows the shop: in a phone's browser, or dressed as the messengers show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Host {
    Browser,
    /// A Telegram Mini App: Telegram's header, its theme fed to the page as Telegram feeds it (in the
    /// address's fragment), and its MainButton and BackButton drawn from the page's own.
    Telegram,
    /// WhatsApp's in-app browser: its top bar takes its share of the height.
    WhatsApp,
    /// The phone's keyboard open (searching, or typing an address), taking the bottom of the screen.
    Keyboard,
}

impl Host {
    fn name(self) -> &'static str {
        match self {
            Self::Browser => "browser",
            Self::Telegram => "telegram",
            Self::WhatsApp => "whatsapp",
            Self::Keyboard => "keyboard",
        }
    }
}

/// One frame: what it is called (in the merchant's language), a phone's size in CSS pixels, dark mode,
/// and its host.
struct Frame {
    name: fn(&Lang) -> &str,
    width: u32,
    height: u32,
    dark: bool,
    host: Host,
}

const fn frame(name: fn(&Lang) -> &str, width: u32, height: u32, dark: bool, host: Host) -> Frame {
    Frame {
        name,
        width,
        height,
        dark,
        host,
    }
}

const FRAMES: [Frame; 6] = [
    frame(
        |lang| lang.t("Small Android phone, light"),
        360,
        640,
        false,
        Host::Browser,
    ),
    frame(
        |lang| lang.t("Small Android phone, dark"),
        360,
        640,
        true,
        Host::Browser,
    ),
    frame(
        |lang| lang.t("Large Android phone"),
        412,
        915,
        false,
        Host::Browser,
    ),
    frame(
        |lang| lang.t("In Telegram"),
        360,
        640,
        false,
        Host::Telegram,
    ),
    frame(
        |lang| lang.t("In WhatsApp"),
        360,
        640,
        false,
        Host::WhatsApp,
    ),
    frame(
        |lang| lang.t("Keyboard open"),
        360,
        640,
        false,
        Host::Keyboard,
    ),
];

/// The heights of what a host draws around the page, in CSS pixels.
const TELEGRAM_BAR: u32 = 48;
const WHATSAPP_BAR: u32 = 56;
const KEYBOARD: u32 = 260;

/// Telegram's day theme, as Telegram hands it to a Mini App.
const TELEGRAM_THEME: &str = r##"{"bg_color":"#ffffff","secondary_bg_color":"#f1f1f4","text_color":"#000000","hint_color":"#999999","link_color":"#2481cc","button_color":"#2481cc","button_text_color":"#ffffff","accent_text_color":"#2481cc","section_separator_color":"#e7e7e7","destructive_text_color":"#e53935"}"##;

#[component]
pub fn PreviewSection(props: &PreviewSectionProps) -> Html {
    let lang = use_lang();
    let link = use_state(|| None::<Result<PreviewLink, ApiError>>);
    let busy = use_state(|| false);
    let show = {
        let (link, busy, store) = (link.clone(), busy.clone(), props.store.clone());
        Callback::from(move |_: MouseEvent| {
            let (link, busy, store) = (link.clone(), busy.clone(), store.clone());
            let secret = session::secret(&store).unwrap_or_default();
            busy.set(true);
            spawn_local(async move {
                link.set(Some(api::preview_link(&store, &secret).await));
                busy.set(false);
            });
        })
    };
    let frames = match &*link {
        Some(Ok(made)) => {
            let address = format!("{}{}", route::origin(), made.url);
            let share = route::whatsapp_share(&lang.f(
                "Have a look at my shop's new catalog before it goes live: {address}",
                &[("address", &address)],
            ));
            html! {
                <>
                    <div class="frames">
                        { for FRAMES.iter().map(|frame| html! {
                            <PhoneFrame url={AttrValue::from(made.url.clone())} revision={props.revision}
                                name={(frame.name)(&lang).to_owned()} width={frame.width} height={frame.height}
                                dark={frame.dark} host={frame.host} />
                        }) }
                    </div>
                    <input class="link preview-link" readonly=true value={address} aria-label={lang.t("The preview's link").to_owned()} />
                    <p class="hint">{ lang.t("Works for 7 days on any phone. Orders placed in the preview are tests: you do not get them, and they take no stock. A new sign-in link ends it.") }</p>
                    <a class="button secondary" href={share} target="_blank" rel="noopener">{ lang.t("Send the preview on WhatsApp") }</a>
                </>
            }
        }
        Some(Err(error)) => notice(&lang, error),
        None => html! {},
    };
    html! {
        <section class="card preview" aria-labelledby="preview-title">
            <h2 id="preview-title">{ lang.t("Preview") }</h2>
            <p>{ lang.t("Your shop with your changes, as customers will see it in the chat once you publish.") }</p>
            if link.is_none() {
                <button class="button show-preview" onclick={show} disabled={*busy} aria-busy={busy.then_some("true")}>
                    { lang.t("Preview your changes") }
                </button>
            }
            { frames }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PhoneFrameProps {
    /// The preview's path.
    url: AttrValue,
    revision: u32,
    /// What the frame is called, in the merchant's language.
    name: AttrValue,
    width: u32,
    height: u32,
    dark: bool,
    host: Host,
}

/// What Telegram's MainButton and BackButton show for the page in a frame: the page's own `data-host`
/// buttons, as the storefront's host bridge (src/host.js) hands them to Telegram.
#[derive(Clone, Debug, Default, PartialEq)]
struct HostButtons {
    /// The main button's text, and whether it can be pressed.
    main: Option<(String, bool)>,
    back: bool,
}

fn host_buttons(document: &Document) -> HostButtons {
    let find = |css: &str| document.query_selector(css).ok().flatten();
    let main = find("[data-host=main]").map(|button| {
        let parts = button.children();
        let texts: Vec<String> = (0..parts.length())
            .filter_map(|at| parts.item(at)?.text_content())
            .collect();
        let text = if texts.is_empty() {
            button.text_content().unwrap_or_default()
        } else {
            texts.join(" · ")
        };
        (text.trim().to_owned(), !button.has_attribute("disabled"))
    });
    HostButtons {
        main,
        back: find("[data-host=back]").is_some(),
    }
}

/// A page in a frame dressed as its host shows it. In Telegram's frame the page is told it is in Telegram
/// (the `tg` class, as the host bridge sets it, which hides its own main and back buttons) and the frame
/// draws Telegram's buttons from the page's, pressing the page's when they are tapped.
#[component]
fn PhoneFrame(props: &PhoneFrameProps) -> Html {
    let lang = use_lang();
    let iframe = use_node_ref();
    let buttons = use_state(HostButtons::default);
    let title = use_state(String::new);
    // The page's buttons, watched while the frame shows it.
    let watching = use_mut_ref(|| None::<(MutationObserver, Closure<dyn FnMut()>)>);
    {
        let watching = watching.clone();
        use_effect_with((), move |()| {
            move || {
                if let Some((observer, _)) = watching.borrow_mut().take() {
                    observer.disconnect();
                }
            }
        });
    }
    let (host, dark) = (props.host, props.dark);
    let loaded = {
        let (iframe, buttons, title, watching) = (
            iframe.clone(),
            buttons.clone(),
            title.clone(),
            watching.clone(),
        );
        Callback::from(move |_: Event| {
            let Some(document) = framed_document(&iframe) else {
                return;
            };
            title.set(document.title());
            let Some(root) = document.document_element() else {
                return;
            };
            if host != Host::Telegram {
                // The address's scheme paints the frame's first page from its first frame; a page the
                // frame went on to by a link has it set here, once loaded.
                let _ = root.set_attribute("data-scheme", scheme(dark));
                return;
            }
            let _ = root.class_list().add_1("tg");
            let read = {
                let (document, buttons) = (document.clone(), buttons.clone());
                move || buttons.set(host_buttons(&document))
            };
            read();
            let changed = Closure::<dyn FnMut()>::new(read);
            let Ok(observer) = MutationObserver::new(changed.as_ref().unchecked_ref()) else {
                return;
            };
            let everything = MutationObserverInit::new();
            everything.set_subtree(true);
            everything.set_child_list(true);
            everything.set_attributes(true);
            everything.set_character_data(true);
            if let Some(body) = document.body() {
                let _ = observer.observe_with_options(&body, &everything);
            }
            if let Some((old, _)) = watching.borrow_mut().replace((observer, changed)) {
                old.disconnect();
            }
        })
    };
    let press = |css: &'static str| {
        let iframe = iframe.clone();
        Callback::from(move |_: MouseEvent| {
            // The frame's element belongs to the frame's window, where this window's `instanceof` fails:
            // it is taken for the HTML element it is.
            let button = framed_document(&iframe)
                .and_then(|document| document.query_selector(css).ok().flatten())
                .map(JsCast::unchecked_into::<HtmlElement>);
            if let Some(button) = button {
                button.click();
            }
        })
    };
    let (width, height) = (props.width, props.height);
    let page_height = match host {
        Host::Browser => height,
        Host::Telegram => height - 2 * TELEGRAM_BAR,
        Host::WhatsApp => height - WHATSAPP_BAR,
        Host::Keyboard => height - KEYBOARD,
    };
    {
        // A change saved in the draft: each frame shows it where it is, on the page the merchant left
        // it on. The first revision is the page the frame loads.
        let (iframe, shown) = (iframe.clone(), use_mut_ref(|| props.revision));
        use_effect_with(props.revision, move |revision| {
            if shown.replace(*revision) != *revision
                && let Some(iframe) = iframe.cast::<HtmlIFrameElement>()
            {
                show_draft_again(&iframe);
            }
        });
    }
    let mut src = props.url.to_string();
    if host == Host::Telegram {
        src.push_str("#tgWebAppThemeParams=");
        src.push_str(&String::from(js_sys::encode_uri_component(TELEGRAM_THEME)));
    } else {
        // Light or dark as the frame says, whatever the phone's own setting, from the first frame
        // (static/early.js); Telegram's frame has Telegram's theme.
        src.push_str("&haat-scheme=");
        src.push_str(scheme(dark));
    }
    let page = html! {
        <iframe ref={iframe.clone()} {src} title={props.name.clone()} onload={loaded}
            width={width.to_string()} height={page_height.to_string()} />
    };
    let origin = route::origin();
    let site = origin.split("://").nth(1).unwrap_or(&origin).to_owned();
    let screen = match host {
        Host::Browser => page,
        Host::Telegram => html! {
            <>
                <header class="tg-bar">
                    if buttons.back {
                        <button type="button" class="tg-back" onclick={press("[data-host=back]")}>{ "← " }{ lang.t("Back") }</button>
                    } else {
                        <span class="tg-close">{ "✕ " }{ lang.t("Close") }</span>
                    }
                    <span class="where">{ (*title).clone() }</span>
                    <span aria-hidden="true">{ "⋮" }</span>
                </header>
                { page }
                if let Some((text, active)) = &buttons.main {
                    <button type="button" class="tg-main" disabled={!active} onclick={press("[data-host=main]")}>
                        { text.clone() }
                    </button>
                } else {
                    <div class="tg-main-space" />
                }
            </>
        },
        Host::WhatsApp => html! {
            <>
                <header class="wa-bar">
                    <span aria-hidden="true">{ "✕" }</span>
                    <span class="where"><strong>{ (*title).clone() }</strong><small>{ site }</small></span>
                    <span aria-hidden="true">{ "⋮" }</span>
                </header>
                { page }
            </>
        },
        Host::Keyboard => html! {
            <>
                { page }
                <div class="keyboard" aria-hidden="true">
                    { for ["qwertyuiop", "asdfghjkl", "zxcvbnm"].iter().map(|row| html! {
                        <div class="keys">{ for row.chars().map(|key| html! { <span>{ key }</span> }) }</div>
                    }) }
                    <div class="keys"><span class="space">{ lang.t("space") }</span></div>
                </div>
            </>
        },
    };
    let caption = lang.f(
        "{frame}, {width} × {height}",
        &[
            ("frame", &props.name),
            ("width", &width.to_string()),
            ("height", &height.to_string()),
        ],
    );
    html! {
        <figure class={classes!("frame", props.dark.then_some("dark"))} data-size={format!("{width}x{height}")}
            data-host={host.name()}>
            <div class="screen" data-width={width.to_string()}>
                // Sized by the stylesheet: the console's policy allows no inline style.
                <div class="phone">{ screen }</div>
            </div>
            <figcaption>{ caption }</figcaption>
        </figure>
    }
}

/// Makes a frame show the draft as it is now. Once the storefront runs in it, the app is told that its
/// catalog changed (the `haat-catalog` event, src/shop.rs `CATALOG_CHANGED`) and fetches it again in
/// place: the frame keeps its page, scroll and cart, and no page is loaded and hydrated again. A frame
/// whose app does not run yet loads its page again, which the server renders from the draft as it is.
fn show_draft_again(iframe: &HtmlIFrameElement) {
    let running = iframe
        .content_document()
        .and_then(|document| document.document_element())
        .is_some_and(|root| root.has_attribute("data-ready"));
    match (iframe.content_window(), running) {
        (Some(window), true) => {
            if let Ok(event) = Event::new("haat-catalog") {
                let _ = window.dispatch_event(&event);
            }
        }
        (Some(window), false) => {
            let _ = window.location().reload();
        }
        (None, _) => {}
    }
}

/// The document a frame shows, when it has loaded one (the preview is on this site, so it can be read).
fn framed_document(iframe: &NodeRef) -> Option<Document> {
    iframe.cast::<HtmlIFrameElement>()?.content_document()
}

/// The storefront's name for a frame's scheme (`data-scheme`, `?haat-scheme=`).
fn scheme(dark: bool) -> &'static str {
    if dark { "dark" } else { "light" }
}
