use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StepperProps {
    pub quantity: u32,
    pub max: u32,
    /// What is being counted, for screen readers ("Toor Dal 1 kg").
    pub label: AttrValue,
    pub on_change: Callback<u32>,
}

/// − quantity +, bounded by `max`; going below one asks to remove.
#[component]
pub fn Stepper(props: &StepperProps) -> Html {
    let quantity = props.quantity;
    let less = props.on_change.reform(move |_| quantity.saturating_sub(1));
    let more = props.on_change.reform(move |_| quantity.saturating_add(1));
    html! {
        <div class="stepper" role="group" aria-label={format!("Quantity of {}", props.label)}>
            <button class="less" aria-label="One less" onclick={less}>{ "−" }</button>
            <output class="quantity" aria-live="polite">{ quantity }</output>
            <button class="more" aria-label="One more" disabled={quantity >= props.max} onclick={more}>{ "+" }</button>
        </div>
    }
}
