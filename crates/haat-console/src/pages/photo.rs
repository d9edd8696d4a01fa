//! A picture from the phone's camera or gallery, sent to the server the moment it is chosen (the server
//! turns it upright, makes it small and strips its metadata): a product's photo, the shop's logo.

use haat_api::{ApiError, ErrorCode};
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};

use crate::{
    api,
    lang::{Lang, said, use_lang},
    session,
};

#[derive(Properties, PartialEq)]
pub struct PhotoFieldProps {
    pub store: AttrValue,
    /// The field's name, as the server names it in an error's details (`image`, `logo`).
    pub name: AttrValue,
    /// What the field is called, in the merchant's language (as `alt` and `hint` are).
    pub label: AttrValue,
    /// What the picture is, for a screen reader: "The product's photo".
    pub alt: AttrValue,
    pub hint: AttrValue,
    /// The picture's address now, if there is one.
    pub address: Option<String>,
    /// The server's word on the field when it refused the form.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// A photo was kept (its address), or the picture was removed (`None`).
    pub on_change: Callback<Option<String>>,
    /// A photo is on its way (true), or has arrived or been refused (false): the form's Save waits.
    #[prop_or_default]
    pub on_sending: Callback<bool>,
}

#[component]
pub fn PhotoField(props: &PhotoFieldProps) -> Html {
    let lang = use_lang();
    let uploading = use_state(|| false);
    // Why the last photo chosen was refused, until another is kept.
    let refused = use_state(|| None::<AttrValue>);
    let choose = {
        let (uploading, refused) = (uploading.clone(), refused.clone());
        let (store, on_change, lang) = (props.store.clone(), props.on_change.clone(), lang.clone());
        let on_sending = props.on_sending.clone();
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let Some(chosen) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let (uploading, refused, on_change) =
                (uploading.clone(), refused.clone(), on_change.clone());
            let (store, lang, on_sending) = (store.clone(), lang.clone(), on_sending.clone());
            let secret = session::secret(&store).unwrap_or_default();
            uploading.set(true);
            on_sending.emit(true);
            spawn_local(async move {
                let answer = upload(&lang, &store, &secret, chosen).await;
                uploading.set(false);
                on_sending.emit(false);
                match answer {
                    Ok(address) => {
                        refused.set(None);
                        on_change.emit(Some(address));
                    }
                    Err(error) => refused.set(Some(said(&lang, &error).into())),
                }
            });
        })
    };
    let remove = {
        let (refused, on_change) = (refused.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            refused.set(None);
            on_change.emit(None);
        })
    };
    let error = (*refused).clone().or_else(|| props.error.clone());
    let has_picture = props.address.is_some();
    html! {
        <div class={classes!("field", "photo", format!("photo-{}", props.name), error.is_some().then_some("invalid"))}>
            <span class="label">{ props.label.clone() }</span>
            if let Some(src) = &props.address {
                <img class="photo-preview" src={src.clone()} alt={props.alt.clone()} />
            }
            <div class="actions">
                <label class="button secondary choose choose-photo" aria-busy={uploading.then_some("true")}>
                    { if *uploading { lang.t("Sending the photo…") } else if has_picture { lang.t("Change photo") } else { lang.t("Add a photo") } }
                    <input class="file" type="file" accept="image/*" onchange={choose} disabled={*uploading} />
                </label>
                if has_picture {
                    <button type="button" class="button secondary remove-photo" onclick={remove}>
                        { lang.t("Remove photo") }
                    </button>
                }
            </div>
            if let Some(why) = error {
                <p class="error">{ why }</p>
            } else {
                <p class="hint">{ props.hint.clone() }</p>
            }
        </div>
    }
}

/// Sends the chosen file; answers the address of the picture the server keeps.
async fn upload(
    lang: &Lang,
    store: &str,
    secret: &str,
    chosen: web_sys::File,
) -> Result<String, ApiError> {
    let file = gloo_file::File::from(chosen);
    let kind = file.raw_mime_type();
    let bytes = gloo_file::futures::read_as_bytes(&file)
        .await
        .map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidPhoto,
                lang.t("The phone could not read this photo. Choose it again."),
            )
        })?;
    Ok(api::upload_photo(store, secret, &bytes, &kind).await?.url)
}
