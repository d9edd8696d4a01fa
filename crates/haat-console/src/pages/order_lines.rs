//! Changing an order's lines before packing, as a kirana does: one less, unavailable, or another pack
//! sent instead, following the shopper's substitution choice. The server re-prices and keeps stock.

use std::rc::Rc;

use haat_api::{ApiError, Catalog, LineChange, PackRef, PricedLine, Substitution};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::{platform::spawn_local, prelude::*};

use crate::{
    api,
    lang::{Lang, said, use_lang},
};

#[derive(Properties, PartialEq)]
pub struct LineActionsProps {
    pub store: AttrValue,
    /// The line's number, from 1.
    pub number: usize,
    pub line: PricedLine,
    pub busy: bool,
    pub on_change: Callback<(usize, LineChange)>,
}

/// The buttons that change one line, and the replacement being chosen.
#[component]
pub fn LineActions(props: &LineActionsProps) -> Html {
    let lang = use_lang();
    let replacing = use_state(|| false);
    let (line, number) = (&props.line, props.number);
    let send = |quantity: u32| {
        props.on_change.reform(move |_: MouseEvent| {
            let change = LineChange {
                quantity,
                replace_with: None,
            };
            (number, change)
        })
    };
    let toggle = {
        let replacing = replacing.clone();
        Callback::from(move |_: MouseEvent| replacing.set(!*replacing))
    };
    // The form stays open until the server answers: a replaced line has no actions left, and a refused
    // replacement keeps the owner's choice beside the server's reason.
    let replace = props
        .on_change
        .reform(move |change: LineChange| (number, change));
    let busy = props.busy;
    html! {
        <span class="line-actions">
            if line.quantity > 1 {
                <button class="button secondary one-less" disabled={busy} onclick={send(line.quantity - 1)}>
                    { lang.t("One less") }
                </button>
            }
            if line.quantity > 0 {
                <button class="button secondary unavailable" disabled={busy} onclick={send(0)}>
                    { lang.t("Unavailable") }
                </button>
            }
            if line.substitution != Substitution::Skip {
                <button class="button secondary replace" disabled={busy} onclick={toggle}
                    aria-expanded={if *replacing { "true" } else { "false" }}>
                    { lang.t("Replace…") }
                </button>
            }
            if *replacing {
                <ReplacementForm store={props.store.clone()} line={line.clone()} {busy} on_replace={replace} />
            }
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct ReplacementFormProps {
    store: AttrValue,
    line: PricedLine,
    busy: bool,
    on_replace: Callback<LineChange>,
}

/// The shop's catalog as its shoppers see it now, for the packs a line can be replaced with.
enum Packs {
    Loading,
    Loaded(Rc<Vec<Pack>>),
    Failed(ApiError),
}

/// A pack a line can be replaced with.
#[derive(Clone, Debug, PartialEq)]
struct Pack {
    at: PackRef,
    /// "Sugar 1 kg · ₹45".
    label: String,
}

/// Picks the pack to send instead of the line, and how many.
#[component]
fn ReplacementForm(props: &ReplacementFormProps) -> Html {
    let lang = use_lang();
    let packs = use_state(|| Packs::Loading);
    {
        let packs = packs.clone();
        let (line, lang) = (props.line.clone(), lang.clone());
        use_effect_with(props.store.clone(), move |store: &AttrValue| {
            let store = store.clone();
            spawn_local(async move {
                packs.set(match api::catalog(&store).await {
                    Ok(catalog) => Packs::Loaded(Rc::new(replacements(&lang, &catalog, &line))),
                    Err(error) => Packs::Failed(error),
                });
            });
        });
    }
    let choice = use_node_ref();
    let quantity = use_node_ref();
    let list = match &*packs {
        Packs::Loading => {
            return html! { <p class="replacement muted">{ lang.t("Loading the shop's packs…") }</p> };
        }
        Packs::Failed(error) => {
            return html! { <p class="replacement error" role="alert">{ said(&lang, error) }</p> };
        }
        Packs::Loaded(list) if list.is_empty() => {
            return html! { <p class="replacement muted">{ lang.t("The shop has no other pack in stock.") }</p> };
        }
        Packs::Loaded(list) => list.clone(),
    };
    let submit = {
        let (choice, quantity, on_replace) =
            (choice.clone(), quantity.clone(), props.on_replace.clone());
        let list = list.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let picked = choice
                .cast::<HtmlSelectElement>()
                .and_then(|select| select.value().parse::<usize>().ok())
                .and_then(|at| list.get(at));
            let count = quantity
                .cast::<HtmlInputElement>()
                .and_then(|input| input.value().trim().parse::<u32>().ok());
            if let (Some(pack), Some(count)) = (picked, count) {
                on_replace.emit(LineChange {
                    quantity: count,
                    replace_with: Some(pack.at.clone()),
                });
            }
        })
    };
    let line = &props.line;
    // As many as the shopper ordered; for a line that is itself a replacement, as many as it sends.
    let wanted = match line.replaces {
        Some(_) => line.quantity,
        None => line.ordered.unwrap_or(line.quantity),
    }
    .max(1);
    html! {
        <form class="replacement" onsubmit={submit}>
            <label>
                { lang.f("Instead of {pack}, send", &[("pack", &format!("{} {}", line.name, line.variant_label))]) }
                <select class="replacement-pack" ref={choice}>
                    { for list.iter().enumerate().map(|(at, pack)| html! {
                        // Marked: the browser would keep the last option appended selected.
                        <option value={at.to_string()} selected={at == 0}>{ pack.label.clone() }</option>
                    }) }
                </select>
            </label>
            <label>
                { lang.t("How many") }
                <input class="replacement-quantity" type="number" inputmode="numeric" min="1"
                    value={wanted.to_string()} ref={quantity} />
            </label>
            <button class="button send-instead" type="submit" disabled={props.busy}>{ lang.t("Send instead") }</button>
        </form>
    }
}

/// Every pack of `catalog` in stock but the line's own, those of the line's product first (another size
/// of the same thing is the likeliest replacement); its price as the merchant's language writes money.
fn replacements(lang: &Lang, catalog: &Catalog, line: &PricedLine) -> Vec<Pack> {
    let currency = &catalog.store.currency;
    let mut packs: Vec<(bool, Pack)> = catalog
        .products
        .iter()
        .flat_map(|product| {
            product
                .variants
                .iter()
                .map(move |variant| (product, variant))
        })
        .filter(|(product, variant)| {
            variant.max_quantity > 0 && (product.id != line.product || variant.id != line.variant)
        })
        .map(|(product, variant)| {
            let pack = Pack {
                at: PackRef {
                    product: product.id.clone(),
                    variant: variant.id.clone(),
                },
                label: format!(
                    "{} {} · {}",
                    product.name,
                    variant.label,
                    lang.money(variant.price, currency)
                ),
            };
            (product.id != line.product, pack)
        })
        .collect();
    packs.sort_by_key(|(other, _)| *other);
    packs.into_iter().map(|(_, pack)| pack).collect()
}
