//! The draft as shoppers will see it, before it is published: the real storefront, rendered by the
//! server from the draft, in phone-sized frames (small and large, light and dark) that load again after
//! every saved change; and the preview's link, to open on any phone or send to a friend.

use haat_api::{ApiError, PreviewLink};
use yew::{platform::spawn_local, prelude::*};

use super::notice;
use crate::{api, route, session};

#[derive(Properties, PartialEq)]
pub struct PreviewSectionProps {
    pub store: AttrValue,
    /// Grows with every change saved in the draft: the frames load the page again.
    pub revision: u32,
}

/// The frames: a phone's size in CSS pixels, and whether it is in dark mode.
const FRAMES: [(&str, u32, u32, bool); 3] = [
    ("Small Android phone, light", 360, 640, false),
    ("Small Android phone, dark", 360, 640, true),
    ("Large Android phone", 412, 915, false),
];

#[component]
pub fn PreviewSection(props: &PreviewSectionProps) -> Html {
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
            let share = route::whatsapp_share(&format!(
                "Have a look at my shop's new catalog before it goes live: {address}"
            ));
            html! {
                <>
                    <div class="frames">
                        { for FRAMES.iter().map(|(name, width, height, dark)| {
                            let src = format!("{}&v={}", made.url, props.revision);
                            html! {
                                <figure class={classes!("frame", dark.then_some("dark"))}
                                    data-size={format!("{width}x{height}")}>
                                    <div class="screen" data-width={width.to_string()}>
                                        <iframe key={props.revision} {src} title={*name}
                                            width={width.to_string()} height={height.to_string()} />
                                    </div>
                                    <figcaption>{ format!("{name}, {width} × {height}") }</figcaption>
                                </figure>
                            }
                        }) }
                    </div>
                    <input class="link preview-link" readonly=true value={address} aria-label="The preview's link" />
                    <p class="hint">{ "Works for 7 days on any phone. Orders placed in the preview are tests: you do not get them, and they take no stock. A new sign-in link ends it." }</p>
                    <a class="button secondary" href={share} target="_blank" rel="noopener">{ "Send the preview on WhatsApp" }</a>
                </>
            }
        }
        Some(Err(error)) => notice(error),
        None => html! {},
    };
    html! {
        <section class="card preview" aria-labelledby="preview-title">
            <h2 id="preview-title">{ "Preview" }</h2>
            <p>{ "Your shop with your changes, as customers will see it in the chat once you publish." }</p>
            if link.is_none() {
                <button class="button show-preview" onclick={show} disabled={*busy} aria-busy={busy.then_some("true")}>
                    { "Preview your changes" }
                </button>
            }
            { frames }
        </section>
    }
}
