//! An order's life as a state machine:
//! placed → accepted → packed → out_for_delivery | ready_for_pickup → delivered;
//! the shop may reject an order until it is packed; the shopper may cancel it while it is still placed.

use std::fmt;

use haat::lang::Lang;
use haat_api::{
    OrderStatus::{self, *},
    RejectReason, StatusUpdate,
};

use super::line_change;

/// The most characters of the words a shop sends with a refusal.
pub const MAX_REFUSAL_NOTE_CHARS: usize = 200;

/// Who asks for a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Merchant,
    Shopper,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidTransition {
    pub from: OrderStatus,
    pub to: OrderStatus,
    pub actor: Actor,
}

impl InvalidTransition {
    /// The refusal as the one who asked for the move reads it, in their language.
    pub fn said(&self, lang: &Lang) -> String {
        let values = [
            ("from", status_said(self.from, lang)),
            ("to", status_said(self.to, lang)),
        ];
        match self.actor {
            Actor::Merchant => lang.f(
                "An order that is {from} cannot become {to} by the shop.",
                &values,
            ),
            Actor::Shopper => lang.f(
                "An order that is {from} cannot become {to} by the shopper.",
                &values,
            ),
        }
    }
}

/// In English, for logs and tests.
impl fmt::Display for InvalidTransition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said(&Lang::english()))
    }
}

/// A status as a sentence names it ("an order that is out for delivery"), in `lang`.
pub fn status_said(status: OrderStatus, lang: &Lang) -> &str {
    match status {
        Placed => lang.t("placed"),
        Accepted => lang.t("accepted"),
        Packed => lang.t("packed"),
        OutForDelivery => lang.t("out for delivery"),
        ReadyForPickup => lang.t("ready for pickup"),
        Delivered => lang.t("delivered"),
        Rejected => lang.t("rejected"),
        Cancelled => lang.t("cancelled"),
    }
}

/// Whether `actor` may move an order from `from` to `to`.
pub fn check(from: OrderStatus, to: OrderStatus, actor: Actor) -> Result<(), InvalidTransition> {
    let allowed = match actor {
        Actor::Merchant => matches!(
            (from, to),
            (Placed, Accepted)
                | (Placed | Accepted, Rejected)
                | (Accepted, Packed)
                | (Packed, OutForDelivery | ReadyForPickup)
                | (OutForDelivery | ReadyForPickup, Delivered)
        ),
        Actor::Shopper => matches!((from, to), (Placed, Cancelled)),
    };
    if allowed {
        Ok(())
    } else {
        Err(InvalidTransition { from, to, actor })
    }
}

/// A move as the shop asked it, checked: a refusal with its reason and words, anything else with none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub to: OrderStatus,
    pub reason: Option<RejectReason>,
    pub note: Option<String>,
    /// The status the asker saw the order in, when the move holds only from there (a button under a
    /// message about a new order): refused if the order moved on since, even where the lifecycle allows.
    pub from: Option<OrderStatus>,
}

/// A change to an order that cannot be made as asked: each problem by its field.
#[derive(Debug, PartialEq, Eq)]
pub struct InvalidOrderChange {
    pub problems: Vec<(String, ChangeProblem)>,
}

impl InvalidOrderChange {
    /// One problem, at `field`.
    pub fn at(field: &str, problem: ChangeProblem) -> Self {
        Self {
            problems: vec![(field.to_owned(), problem)],
        }
    }
}

/// What is wrong with a change to an order: with a move of its status, or with a change to one of its
/// lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeProblem {
    NoReason,
    NoWords,
    /// A reason or words sent with a move that is no refusal.
    NotARefusal,
    NoteTooLong,
    Unusable,
    Line(line_change::Problem),
}

impl ChangeProblem {
    /// The problem as the shop reads it, in its owner's language.
    pub fn said(&self, lang: &Lang) -> String {
        match self {
            Self::NoReason => lang.t("Say why the order is refused.").to_owned(),
            Self::NoWords => lang
                .t("Say in a few words why the order is refused.")
                .to_owned(),
            Self::NotARefusal => lang
                .t("Only a refusal carries a reason and words for the customer.")
                .to_owned(),
            Self::NoteTooLong => lang
                .t("A note to the customer is at most 200 characters.")
                .to_owned(),
            Self::Unusable => lang
                .t("This contains characters that cannot be used.")
                .to_owned(),
            Self::Line(problem) => problem.said(lang),
        }
    }
}

/// The move `update` asks for: a refusal says why (and, for `other`, in words); nothing else carries a
/// reason or words.
pub fn move_of(update: StatusUpdate) -> Result<Move, InvalidOrderChange> {
    let mut problems = Vec::new();
    let mut problem = |field: &str, why: ChangeProblem| problems.push((field.to_owned(), why));
    let note = update
        .note
        .as_deref()
        .map(str::trim)
        .filter(|note| !note.is_empty())
        .map(str::to_owned);
    if update.status == Rejected {
        match update.reason {
            None => problem("reason", ChangeProblem::NoReason),
            Some(RejectReason::Other) if note.is_none() => {
                problem("note", ChangeProblem::NoWords);
            }
            Some(_) => {}
        }
    } else if update.reason.is_some() || note.is_some() {
        let field = if update.reason.is_some() {
            "reason"
        } else {
            "note"
        };
        problem(field, ChangeProblem::NotARefusal);
    }
    if let Some(note) = &note {
        if note.chars().count() > MAX_REFUSAL_NOTE_CHARS {
            problem("note", ChangeProblem::NoteTooLong);
        } else if note.chars().any(char::is_control) {
            problem("note", ChangeProblem::Unusable);
        }
    }
    if !problems.is_empty() {
        return Err(InvalidOrderChange { problems });
    }
    Ok(Move {
        to: update.status,
        reason: update.reason,
        note,
        from: None,
    })
}

/// Whether the shop may still change an order's lines: until it is packed.
pub fn lines_editable(status: OrderStatus) -> bool {
    matches!(status, Placed | Accepted)
}

/// Whether an order in `status` can be marked paid: not one that was refused or cancelled.
pub fn payable(status: OrderStatus) -> bool {
    !matches!(status, Rejected | Cancelled)
}

/// Whether `actor` may move an order from `from` to `to`, when the asker saw it in `expected` (if it
/// says): an order that moved on since is refused, even where the lifecycle would allow the move.
pub fn check_from(
    from: OrderStatus,
    expected: Option<OrderStatus>,
    to: OrderStatus,
    actor: Actor,
) -> Result<(), InvalidTransition> {
    check(from, to, actor)?;
    match expected {
        Some(expected) if expected != from => Err(InvalidTransition { from, to, actor }),
        _ => Ok(()),
    }
}

/// An order that ends here gives its items back to stock.
pub fn returns_stock(to: OrderStatus) -> bool {
    matches!(to, Rejected | Cancelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [OrderStatus; 8] = [
        Placed,
        Accepted,
        Packed,
        OutForDelivery,
        ReadyForPickup,
        Delivered,
        Rejected,
        Cancelled,
    ];

    fn update(
        status: OrderStatus,
        reason: Option<RejectReason>,
        note: Option<&str>,
    ) -> StatusUpdate {
        StatusUpdate {
            status,
            reason,
            note: note.map(str::to_owned),
        }
    }

    fn fields(refused: InvalidOrderChange) -> Vec<String> {
        refused
            .problems
            .into_iter()
            .map(|(field, _)| field)
            .collect()
    }

    #[test]
    fn a_refusal_says_why_and_nothing_else_does() {
        let refusal = move_of(update(Rejected, Some(RejectReason::OutOfStock), Some("  ")))
            .expect("a refusal");
        assert_eq!(refusal.reason, Some(RejectReason::OutOfStock));
        assert_eq!(refusal.note, None, "blank words are none");
        let other = move_of(update(
            Rejected,
            Some(RejectReason::Other),
            Some(" Closed for Diwali "),
        ))
        .expect("another reason, in words");
        assert_eq!(other.note.as_deref(), Some("Closed for Diwali"));

        let without = move_of(update(Rejected, None, None)).expect_err("no reason");
        assert_eq!(fields(without), ["reason"]);
        let unsaid =
            move_of(update(Rejected, Some(RejectReason::Other), None)).expect_err("no words");
        assert_eq!(fields(unsaid), ["note"]);
        let long = "a".repeat(MAX_REFUSAL_NOTE_CHARS + 1);
        let long = move_of(update(Rejected, Some(RejectReason::Closed), Some(&long)));
        assert_eq!(fields(long.expect_err("too long")), ["note"]);
        let accepted = move_of(update(Accepted, Some(RejectReason::Closed), None));
        assert_eq!(fields(accepted.expect_err("not a refusal")), ["reason"]);
        assert_eq!(
            move_of(update(Accepted, None, None))
                .expect("a plain move")
                .to,
            Accepted
        );
    }

    #[test]
    fn a_move_seen_from_a_status_is_refused_once_the_order_moved_on() {
        assert_eq!(
            check_from(Placed, Some(Placed), Rejected, Actor::Merchant),
            Ok(())
        );
        assert_eq!(
            check_from(Accepted, None, Rejected, Actor::Merchant),
            Ok(())
        );
        assert!(
            check_from(Accepted, Some(Placed), Rejected, Actor::Merchant).is_err(),
            "accepted in the console meanwhile"
        );
    }

    #[test]
    fn lines_change_until_the_order_is_packed() {
        assert!(lines_editable(Placed) && lines_editable(Accepted));
        assert!(!lines_editable(Packed) && !lines_editable(Cancelled));
    }

    #[test]
    fn refused_and_cancelled_orders_are_never_paid() {
        for status in ALL {
            assert_eq!(
                payable(status),
                !matches!(status, Rejected | Cancelled),
                "{status:?}"
            );
        }
    }

    #[test]
    fn the_happy_paths_are_allowed_for_the_shop() {
        for path in [
            [Placed, Accepted, Packed, OutForDelivery, Delivered],
            [Placed, Accepted, Packed, ReadyForPickup, Delivered],
        ] {
            for step in path.windows(2) {
                assert_eq!(check(step[0], step[1], Actor::Merchant), Ok(()), "{step:?}");
            }
        }
    }

    #[test]
    fn finished_orders_never_move_again() {
        for from in [Delivered, Rejected, Cancelled] {
            for to in ALL {
                assert!(check(from, to, Actor::Merchant).is_err());
                assert!(check(from, to, Actor::Shopper).is_err());
            }
        }
    }

    #[test]
    fn shoppers_may_only_cancel_a_placed_order() {
        assert_eq!(check(Placed, Cancelled, Actor::Shopper), Ok(()));
        assert!(check(Accepted, Cancelled, Actor::Shopper).is_err());
        assert!(check(Placed, Accepted, Actor::Shopper).is_err());
        assert!(
            check(Placed, Cancelled, Actor::Merchant).is_err(),
            "the shop rejects instead"
        );
    }

    #[test]
    fn skipping_steps_is_refused_with_a_clear_message() {
        let error = check(Placed, Delivered, Actor::Merchant).expect_err("skips steps");
        assert_eq!(
            error.to_string(),
            "An order that is placed cannot become delivered by the shop."
        );
        assert!(check(Packed, Rejected, Actor::Merchant).is_err());
    }

    #[test]
    fn only_endings_without_delivery_return_stock() {
        let returning: Vec<_> = ALL.into_iter().filter(|s| returns_stock(*s)).collect();
        assert_eq!(returning, [Rejected, Cancelled]);
    }
}
