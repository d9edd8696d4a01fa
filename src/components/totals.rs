use haat_api::Totals;
use yew::prelude::*;

use crate::format;

#[derive(Properties, PartialEq)]
pub struct TotalsViewProps {
    pub totals: Totals,
    pub currency: AttrValue,
}

/// Subtotal, delivery and total, as the server computed them.
#[component]
pub fn TotalsView(props: &TotalsViewProps) -> Html {
    let money = |amount| format::money(amount, &props.currency);
    let delivery = if props.totals.delivery_fee.minor() == 0 {
        "Free".to_owned()
    } else {
        money(props.totals.delivery_fee)
    };
    html! {
        <dl class="totals">
            <dt>{ "Items" }</dt><dd class="subtotal">{ money(props.totals.subtotal) }</dd>
            <dt>{ "Delivery" }</dt><dd class="delivery">{ delivery }</dd>
            <dt class="grand">{ "Total" }</dt><dd class="grand total">{ money(props.totals.total) }</dd>
        </dl>
    }
}
