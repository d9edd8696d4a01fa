//! How a shop changes an order's lines before packing, as a kirana does: a line reduced, marked
//! unavailable (sent as 0), or replaced with another of the shop's packs, following the shopper's
//! substitution choice. Decided here from the lines as stored; the store writes the plan.

use haat::lang::Lang;
use haat_api::{Edit, Money, Substitution};

use super::lifecycle::{ChangeProblem, InvalidOrderChange};
use super::pricing::{MAX_LINES, MAX_QUANTITY_PER_LINE, Sellable};

/// Why a line cannot be changed as the shop asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The order has as many lines as an order can: a replacement would add one more.
    TooManyLines,
    OnlyReduced,
    LastItem,
    ReplacedAlready,
    /// The shopper asked to leave the item out rather than have it replaced.
    ShopperSkips,
    SamePack,
    ReplacementQuantity,
    SoldOut {
        name: String,
        label: String,
    },
    OnlyLeft {
        left: i64,
        name: String,
        label: String,
    },
    NoSuchPack,
    SoldMeanwhile {
        name: String,
        label: String,
    },
    TooMuch,
}

impl Problem {
    /// The problem as the shop reads it, in its owner's language.
    pub fn said(&self, lang: &Lang) -> String {
        match self {
            Self::TooManyLines => lang
                .t("This order has as many lines as an order can: change a line instead.")
                .to_owned(),
            Self::OnlyReduced => lang
                .t("A line is only ever reduced: to 0 when the item is unavailable.")
                .to_owned(),
            Self::LastItem => lang
                .t("This is the order's last item: refuse the order instead.")
                .to_owned(),
            Self::ReplacedAlready => lang
                .t("This line was replaced already: change the line that replaced it instead.")
                .to_owned(),
            Self::ShopperSkips => lang
                .t("The shopper asked to leave this item out if it is unavailable, not to replace it.")
                .to_owned(),
            Self::SamePack => lang
                .t("That is the pack this line has: change its quantity instead.")
                .to_owned(),
            Self::ReplacementQuantity => lang.f(
                "Send from 1 to {most} of the replacement.",
                &[("most", &lang.number(MAX_QUANTITY_PER_LINE.into()))],
            ),
            Self::SoldOut { name, label } => lang.f(
                "{product} {pack} is sold out.",
                &[("product", name), ("pack", label)],
            ),
            Self::OnlyLeft { left, name, label } => lang.f(
                "Only {count} of {product} {pack} left.",
                &[
                    ("count", &lang.number(*left)),
                    ("product", name),
                    ("pack", label),
                ],
            ),
            Self::NoSuchPack => lang
                .t("The shop sells no such pack: pick one from its catalog.")
                .to_owned(),
            Self::SoldMeanwhile { name, label } => lang.f(
                "{product} {pack} sold out or changed its price just now: look again.",
                &[("product", name), ("pack", label)],
            ),
            Self::TooMuch => lang.t("That is more than an order can hold.").to_owned(),
        }
    }
}

/// A line of an order as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredLine {
    /// From 1.
    pub line_no: i64,
    pub product: String,
    pub variant: String,
    /// How many the line sends now.
    pub sent: u32,
    pub unit_price: Money,
    /// Whether the line's packs came from a counted stock, which gets back what the line no longer sends.
    pub stock_taken: bool,
    pub substitution: Substitution,
    /// Whether a line was added in its place already.
    pub replaced: bool,
}

/// What the shop asks of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineEdit {
    /// Send this many (0: unavailable).
    Send(u32),
    /// Send `quantity` of another pack instead, as a new line.
    Replace { with: Sellable, quantity: u32 },
}

/// What to write for a line change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinePlan {
    pub line_no: i64,
    /// What the line sends from now on, and its new total.
    pub sent: u32,
    pub line_total: Money,
    /// Packs of the line's to give back to its stock (0 when it took none from a counted stock).
    pub back_to_stock: u32,
    /// The line added in its place, for a replacement.
    pub added: Option<AddedLine>,
    /// The change, for the order's edits.
    pub edit: Edit,
}

/// A line a replacement adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddedLine {
    pub line_no: i64,
    pub pack: Sellable,
    pub quantity: u32,
    pub line_total: Money,
    /// The replaced line's, for the shop to follow if this one falls short too.
    pub substitution: Substitution,
}

/// Plans the change `edit` to line `line_no` of an order whose lines are `lines`: `Ok(None)` when nothing
/// changes (the quantity the line sends already). A quantity is only ever reduced; an order keeps at
/// least one item (one with none is refused instead); a replacement needs a shopper who did not ask to
/// leave the item out, another pack, and its stock. `None` when the order has no such line.
pub fn plan(
    lines: &[StoredLine],
    line_no: i64,
    edit: LineEdit,
) -> Option<Result<Option<LinePlan>, InvalidOrderChange>> {
    let line = lines.iter().find(|line| line.line_no == line_no)?;
    let rest: u32 = lines
        .iter()
        .filter(|other| other.line_no != line_no)
        .map(|other| other.sent)
        .sum();
    Some(match edit {
        LineEdit::Send(quantity) => plan_send(line, quantity, rest),
        LineEdit::Replace { .. } if lines.len() >= MAX_LINES => {
            Err(problem("replace_with", Problem::TooManyLines))
        }
        LineEdit::Replace { with, quantity } => {
            let next = lines.iter().map(|line| line.line_no).max().unwrap_or(0) + 1;
            plan_replacement(line, with, quantity, next).map(Some)
        }
    })
}

fn plan_send(
    line: &StoredLine,
    quantity: u32,
    rest: u32,
) -> Result<Option<LinePlan>, InvalidOrderChange> {
    if quantity > line.sent {
        return Err(problem("quantity", Problem::OnlyReduced));
    }
    if quantity == 0 && rest == 0 {
        return Err(problem("quantity", Problem::LastItem));
    }
    if quantity == line.sent {
        return Ok(None);
    }
    Ok(Some(LinePlan {
        line_no: line.line_no,
        sent: quantity,
        line_total: total(line.unit_price, quantity)?,
        back_to_stock: returned(line, quantity),
        added: None,
        edit: Edit::Line {
            line: number(line.line_no),
            from: line.sent,
            to: quantity,
        },
    }))
}

fn plan_replacement(
    line: &StoredLine,
    with: Sellable,
    quantity: u32,
    next: i64,
) -> Result<LinePlan, InvalidOrderChange> {
    // Asked again (a retry, the shop's other phone): the line added first stands.
    if line.replaced {
        return Err(problem("replace_with", Problem::ReplacedAlready));
    }
    if line.substitution == Substitution::Skip {
        return Err(problem("replace_with", Problem::ShopperSkips));
    }
    if (with.product.as_str(), with.variant.as_str())
        == (line.product.as_str(), line.variant.as_str())
    {
        return Err(problem("replace_with", Problem::SamePack));
    }
    if quantity == 0 || quantity > MAX_QUANTITY_PER_LINE {
        return Err(problem("quantity", Problem::ReplacementQuantity));
    }
    if i64::from(quantity) > with.stock {
        let (name, label) = (with.name.clone(), with.variant_label.clone());
        let why = match with.stock {
            0 => Problem::SoldOut { name, label },
            left => Problem::OnlyLeft { left, name, label },
        };
        return Err(problem("quantity", why));
    }
    Ok(LinePlan {
        line_no: line.line_no,
        sent: 0,
        line_total: Money::ZERO,
        back_to_stock: returned(line, 0),
        added: Some(AddedLine {
            line_no: next,
            line_total: total(with.price, quantity)?,
            pack: with,
            quantity,
            substitution: line.substitution,
        }),
        edit: Edit::Replaced {
            line: number(line.line_no),
            by: number(next),
        },
    })
}

/// A replacement's pack the shop does not sell (or has hidden from its shoppers).
pub fn no_such_pack() -> InvalidOrderChange {
    problem("replace_with", Problem::NoSuchPack)
}

/// A replacement's pack that could not give its quantity when the store came to take it: sold or
/// repriced since the plan was made.
pub fn sold_meanwhile(pack: &Sellable) -> InvalidOrderChange {
    problem(
        "replace_with",
        Problem::SoldMeanwhile {
            name: pack.name.clone(),
            label: pack.variant_label.clone(),
        },
    )
}

fn returned(line: &StoredLine, sent: u32) -> u32 {
    if line.stock_taken {
        line.sent - sent
    } else {
        0
    }
}

fn total(price: Money, quantity: u32) -> Result<Money, InvalidOrderChange> {
    price
        .checked_mul(quantity)
        .ok_or_else(|| problem("quantity", Problem::TooMuch))
}

/// A line number as the wire counts it (lines are numbered from 1 by the store, never past `u32`).
fn number(line_no: i64) -> u32 {
    u32::try_from(line_no).unwrap_or(u32::MAX)
}

fn problem(field: &str, why: Problem) -> InvalidOrderChange {
    InvalidOrderChange::at(field, ChangeProblem::Line(why))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(line_no: i64, sent: u32, substitution: Substitution) -> StoredLine {
        StoredLine {
            line_no,
            product: format!("p{line_no}"),
            variant: "v".into(),
            sent,
            unit_price: Money::from_minor(5_000),
            stock_taken: true,
            substitution,
            replaced: false,
        }
    }

    fn pack(product: &str, stock: i64) -> Sellable {
        Sellable {
            product: product.into(),
            variant: "v".into(),
            name: "Sugar".into(),
            variant_label: "1 kg".into(),
            price: Money::from_minor(4_500),
            stock,
        }
    }

    fn why(result: Option<Result<Option<LinePlan>, InvalidOrderChange>>) -> String {
        let problems = result.expect("a line").expect_err("refused").problems;
        problems
            .into_iter()
            .map(|(_, why)| why.said(&Lang::english()))
            .collect()
    }

    #[test]
    fn a_line_is_only_reduced_and_an_order_keeps_an_item() {
        let lines = [
            line(1, 3, Substitution::Call),
            line(2, 2, Substitution::Call),
        ];
        let reduced = plan(&lines, 1, LineEdit::Send(1))
            .expect("a line")
            .expect("planned")
            .expect("a change");
        assert_eq!(
            (
                reduced.sent,
                reduced.line_total.minor(),
                reduced.back_to_stock
            ),
            (1, 5_000, 2)
        );
        assert_eq!(
            reduced.edit,
            Edit::Line {
                line: 1,
                from: 3,
                to: 1
            }
        );
        assert_eq!(
            plan(&lines, 1, LineEdit::Send(3)),
            Some(Ok(None)),
            "as it is"
        );
        assert!(why(plan(&lines, 1, LineEdit::Send(4))).contains("only ever reduced"));
        assert!(plan(&lines, 3, LineEdit::Send(0)).is_none(), "no such line");

        let last = [
            line(1, 2, Substitution::Call),
            line(2, 0, Substitution::Call),
        ];
        assert!(why(plan(&last, 1, LineEdit::Send(0))).contains("last item"));
    }

    #[test]
    fn untaken_stock_is_not_given_back() {
        let lines = [StoredLine {
            stock_taken: false,
            ..line(1, 3, Substitution::Call)
        }];
        let plan = plan(&lines, 1, LineEdit::Send(2))
            .expect("a line")
            .expect("planned")
            .expect("a change");
        assert_eq!(plan.back_to_stock, 0);
    }

    #[test]
    fn a_replacement_adds_a_line_and_sends_the_old_one_as_nothing() {
        let lines = [
            line(1, 3, Substitution::Similar),
            line(2, 1, Substitution::Call),
        ];
        let replace = LineEdit::Replace {
            with: pack("sugar", 10),
            quantity: 2,
        };
        let plan = plan(&lines, 1, replace)
            .expect("a line")
            .expect("planned")
            .expect("a change");
        assert_eq!((plan.sent, plan.back_to_stock), (0, 3));
        let added = plan.added.expect("a new line");
        assert_eq!(
            (added.line_no, added.quantity, added.line_total.minor()),
            (3, 2, 9_000)
        );
        assert_eq!(added.substitution, Substitution::Similar);
        assert_eq!(plan.edit, Edit::Replaced { line: 1, by: 3 });
    }

    #[test]
    fn a_replacement_follows_the_shopper_and_the_stock() {
        let skip = [line(1, 3, Substitution::Skip)];
        let replace = |product: &str, stock: i64, quantity: u32| LineEdit::Replace {
            with: pack(product, stock),
            quantity,
        };
        assert!(why(plan(&skip, 1, replace("sugar", 9, 1))).contains("leave this item out"));

        let call = [line(1, 3, Substitution::Call)];
        assert!(why(plan(&call, 1, replace("p1", 9, 1))).contains("change its quantity"));
        assert!(why(plan(&call, 1, replace("sugar", 9, 0))).contains("from 1 to 50"));
        assert!(why(plan(&call, 1, replace("sugar", 900, 51))).contains("from 1 to 50"));
        let replaced = [StoredLine {
            replaced: true,
            ..line(1, 0, Substitution::Call)
        }];
        assert!(why(plan(&replaced, 1, replace("sugar", 9, 1))).contains("replaced already"));
        assert_eq!(
            why(plan(&call, 1, replace("sugar", 2, 3))),
            "Only 2 of Sugar 1 kg left."
        );
        assert_eq!(
            why(plan(&call, 1, replace("sugar", 0, 1))),
            "Sugar 1 kg is sold out."
        );
        assert!(
            plan(&call, 1, replace("sugar", 3, 3))
                .expect("a line")
                .is_ok(),
            "all there is"
        );
    }
}
