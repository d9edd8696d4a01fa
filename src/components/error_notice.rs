use haat_api::ApiError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorNoticeProps {
    pub error: ApiError,
    /// Offers "Try again" when set.
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
}

/// A failure said plainly, with a way forward.
#[component]
pub fn ErrorNotice(props: &ErrorNoticeProps) -> Html {
    html! {
        <div class="notice error" role="alert" data-code={props.error.code.clone()}>
            <p>{ props.error.message.clone() }</p>
            if let Some(on_retry) = &props.on_retry {
                <button class="secondary" onclick={on_retry.reform(|_| ())}>{ "Try again" }</button>
            }
        </div>
    }
}
