use haat_api::Product;
use yew::prelude::*;

use crate::{cart::CartAction, components::stepper, format};

#[derive(Properties, PartialEq)]
pub struct ProductCardProps {
    pub product: Product,
    pub currency: AttrValue,
    /// Units of each variant already in the cart, in variant order.
    pub in_cart: Vec<u32>,
    #[prop_or_default]
    pub icon: Option<AttrValue>,
    pub on_cart: Callback<CartAction>,
}

/// One product: names in English and the local language, a variant picker, price and MRP, and either
/// "Add", a quantity stepper, or "Out of stock".
#[component]
pub fn ProductCard(props: &ProductCardProps) -> Html {
    let selected = use_state(|| 0_usize);
    let product = &props.product;
    let index = (*selected).min(product.variants.len().saturating_sub(1));
    let Some(variant) = product.variants.get(index) else {
        return html! {};
    };
    let quantity = props.in_cart.get(index).copied().unwrap_or(0);
    let max = variant.max_quantity;
    let set = {
        let on_cart = props.on_cart.clone();
        let (product_id, variant_id) = (product.id.clone(), variant.id.clone());
        Callback::from(move |quantity: u32| {
            on_cart.emit(CartAction::Set {
                product: product_id.clone(),
                variant: variant_id.clone(),
                quantity,
                max,
            });
        })
    };
    let label = format!("{} {}", product.name, variant.label);
    let action = if max == 0 {
        html! { <span class="badge out">{ "Out of stock" }</span> }
    } else if quantity == 0 {
        html! { <button class="add" aria-label={format!("Add {label}")} onclick={set.reform(|_| 1)}>{ "Add" }</button> }
    } else {
        stepper(quantity, max, &label, &set)
    };
    html! {
        <li class={if max == 0 { "product sold-out" } else { "product" }} data-product={product.id.clone()}>
            <div class="thumb" aria-hidden="true">{ props.icon.clone().unwrap_or_default() }</div>
            <div class="info">
                <h3 class="name">{ product.name.clone() }</h3>
                if let Some(local) = &product.name_local {
                    <p class="name-local" lang="hi">{ local.clone() }</p>
                }
                if product.variants.len() > 1 {
                    <div class="variants" role="radiogroup" aria-label="Pack size">
                        { for product.variants.iter().enumerate().map(|(i, option)| {
                            let selected = selected.clone();
                            html! {
                                <button
                                    class={if i == index { "variant selected" } else { "variant" }}
                                    role="radio"
                                    aria-checked={(i == index).to_string()}
                                    onclick={Callback::from(move |_| selected.set(i))}
                                >{ option.label.clone() }</button>
                            }
                        }) }
                    </div>
                } else {
                    <p class="pack">{ variant.label.clone() }</p>
                }
                <p class="price">
                    <span class="now">{ format::money(variant.price, &props.currency) }</span>
                    if let Some(mrp) = variant.mrp.filter(|mrp| *mrp > variant.price) {
                        <s class="mrp" aria-label="MRP">{ format::money(mrp, &props.currency) }</s>
                    }
                </p>
            </div>
            <div class="action">{ action }</div>
        </li>
    }
}
