//! A product as a card in the list and as its own page: image (or the category's pictogram), names,
//! pack sizes, price and MRP, and "Add", a quantity stepper or "Out of stock".

use haat_api::{Category, Product, Variant};
use yew::prelude::*;

use crate::{
    cart::{Cart, CartAction},
    components::stepper,
    format,
    lang::Lang,
};

/// One product in the list. A plain function of borrowed data: the list draws only the cards on
/// screen, and each costs no component of its own.
pub struct ProductCard<'a> {
    pub lang: &'a Lang,
    pub product: &'a Product,
    /// The product's category, for its pictogram when the product has no image.
    pub category: Option<&'a Category>,
    pub currency: &'a str,
    pub cart: &'a Cart,
    /// The pack size chosen, as an index into the product's variants.
    pub selected: usize,
    /// The product's own page.
    pub href: AttrValue,
    pub on_select: Callback<usize>,
    pub on_open: Callback<()>,
    pub on_cart: Callback<CartAction>,
}

pub fn product_card(card: ProductCard<'_>) -> Html {
    let (lang, product) = (card.lang, card.product);
    let index = card.selected.min(product.variants.len().saturating_sub(1));
    let Some(variant) = product.variants.get(index) else {
        return html! {};
    };
    let sold_out = variant.max_quantity == 0;
    let (name, also) = lang.names(&product.name, product.name_local.as_deref());
    let open = card.on_open.reform(|event: MouseEvent| {
        // A plain click opens the page in the app; a long press or middle click keeps the link.
        event.prevent_default();
    });
    html! {
        <li key={product.id.clone()} class={if sold_out { "product sold-out" } else { "product" }}
            data-product={product.id.clone()}>
            <a class="thumb" href={card.href.clone()} onclick={open.clone()} tabindex="-1" aria-hidden="true">
                { picture(product, card.category, 56) }
            </a>
            <div class="info">
                <a class="open" href={card.href} onclick={open}>
                    <h3 class="name">{ name.text.to_owned() }</h3>
                    if let Some(also) = also {
                        <p class="name-also" lang={also.lang}>{ also.text.to_owned() }</p>
                    }
                </a>
                <div class="meta">
                    { price(lang, variant, card.currency) }
                    if product.variants.len() > 1 {
                        <div class="variants" role="radiogroup" aria-label={lang.t("Pack size").to_owned()}>
                            { for product.variants.iter().enumerate().map(|(i, option)| html! {
                                <button
                                    class={if i == index { "variant selected" } else { "variant" }}
                                    role="radio"
                                    aria-checked={if i == index { "true" } else { "false" }}
                                    onclick={card.on_select.reform(move |_| i)}
                                >{ option.label.clone() }</button>
                            }) }
                        </div>
                    } else {
                        <p class="pack">{ variant.label.clone() }</p>
                    }
                </div>
            </div>
            <div class="action">{ cart_action(lang, product, variant, card.cart, &card.on_cart) }</div>
        </li>
    }
}

/// The largest box (CSS pixels) a photo's 160-pixel thumbnail fills sharply on a phone's screen.
const THUMBNAIL_SIZE: u32 = 56;

/// The product's image in a square box that keeps its size while the image loads (or never does);
/// without an image, the category's pictogram.
pub fn picture(product: &Product, category: Option<&Category>, size: u32) -> Html {
    let icon = category.and_then(|category| category.icon.clone());
    // A list's thumbnail is the photo's small square, where the server keeps one.
    let src = product.image.as_ref().map(|src| {
        let small = (size <= THUMBNAIL_SIZE).then(|| haat_api::photo_thumbnail(src));
        small
            .flatten()
            .map_or_else(|| AttrValue::from(src.clone()), AttrValue::from)
    });
    let size = AttrValue::from(format::decimal(u64::from(size)));
    html! {
        <>
            { icon.unwrap_or_default() }
            if let Some(src) = src {
                <img {src} alt="" loading="lazy" decoding="async" width={size.clone()} height={size} />
            }
        </>
    }
}

/// The price now and, when higher, the MRP struck through.
pub fn price(lang: &Lang, variant: &Variant, currency: &str) -> Html {
    html! {
        <p class="price">
            <span class="now">{ lang.money(variant.price, currency) }</span>
            if let Some(mrp) = variant.mrp.filter(|mrp| *mrp > variant.price) {
                <s class="mrp" aria-label={lang.t("MRP").to_owned()}>{ lang.money(mrp, currency) }</s>
            }
        </p>
    }
}

/// "Out of stock", "Add", or the stepper for what is already in the cart.
pub fn cart_action(
    lang: &Lang,
    product: &Product,
    variant: &Variant,
    cart: &Cart,
    on_cart: &Callback<CartAction>,
) -> Html {
    let max = variant.max_quantity;
    if max == 0 {
        return html! { <span class="badge out">{ lang.t("Out of stock") }</span> };
    }
    let set = {
        let on_cart = on_cart.clone();
        let (product, variant) = (product.id.clone(), variant.id.clone());
        Callback::from(move |quantity: u32| {
            on_cart.emit(CartAction::Set {
                product: product.clone(),
                variant: variant.clone(),
                quantity,
                max,
            });
        })
    };
    // Named as the shopper reads it.
    let mut label = lang
        .name(&product.name, product.name_local.as_deref())
        .to_owned();
    label.push(' ');
    label.push_str(&variant.label);
    match cart.quantity_of(&product.id, &variant.id) {
        0 => {
            let add = lang.f("Add {product}", &[("product", &label)]);
            html! { <button class="add" aria-label={add} onclick={set.reform(|_| 1)}>{ lang.t("Add") }</button> }
        }
        quantity => stepper(lang, quantity, max, &label, &set),
    }
}
