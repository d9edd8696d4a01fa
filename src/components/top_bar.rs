use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    pub title: AttrValue,
    #[prop_or_default]
    pub subtitle: Option<AttrValue>,
    /// Shows a back button when set.
    #[prop_or_default]
    pub on_back: Option<Callback<()>>,
}

#[component]
pub fn TopBar(props: &TopBarProps) -> Html {
    html! {
        <header class="top-bar">
            if let Some(on_back) = &props.on_back {
                <button class="back" aria-label="Back" onclick={on_back.reform(|_| ())}>{ "←" }</button>
            }
            <div class="titles">
                <h1>{ props.title.clone() }</h1>
                if let Some(subtitle) = &props.subtitle {
                    <p class="subtitle">{ subtitle.clone() }</p>
                }
            </div>
        </header>
    }
}
