//! An order's life as a state machine:
//! placed → accepted → packed → out_for_delivery | ready_for_pickup → delivered;
//! the shop may reject an order until it is packed; the shopper may cancel it while it is still placed.

use haat_api::OrderStatus::{self, *};

/// Who asks for a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Merchant,
    Shopper,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("An order that is {} cannot become {} {}.", label(*.from), label(*.to), by(*.actor))]
pub struct InvalidTransition {
    pub from: OrderStatus,
    pub to: OrderStatus,
    pub actor: Actor,
}

fn label(status: OrderStatus) -> &'static str {
    match status {
        Placed => "placed",
        Accepted => "accepted",
        Packed => "packed",
        OutForDelivery => "out for delivery",
        ReadyForPickup => "ready for pickup",
        Delivered => "delivered",
        Rejected => "rejected",
        Cancelled => "cancelled",
    }
}

fn by(actor: Actor) -> &'static str {
    match actor {
        Actor::Merchant => "by the shop",
        Actor::Shopper => "by the shopper",
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
