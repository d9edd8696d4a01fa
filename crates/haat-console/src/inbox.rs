//! The order inbox as the console keeps it: every order the shop has, by id, kept current by the
//! server's event feed, and which new orders the owner has looked at. Pure: the page feeds it what the
//! server says and draws what it holds.

use std::{
    collections::{BTreeMap, BTreeSet},
    rc::Rc,
};

use haat_api::{Fulfilment, Order, OrderStatus};
use yew::Reducible;

/// The inbox's tabs: where an order stands for the shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    New,
    ToPack,
    OnItsWay,
    Done,
    Cancelled,
}

impl Tab {
    pub const ALL: [Self; 5] = [
        Self::New,
        Self::ToPack,
        Self::OnItsWay,
        Self::Done,
        Self::Cancelled,
    ];

    pub fn of(status: OrderStatus) -> Self {
        match status {
            OrderStatus::Placed => Self::New,
            OrderStatus::Accepted => Self::ToPack,
            OrderStatus::Packed | OrderStatus::OutForDelivery | OrderStatus::ReadyForPickup => {
                Self::OnItsWay
            }
            OrderStatus::Delivered => Self::Done,
            OrderStatus::Rejected | OrderStatus::Cancelled => Self::Cancelled,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::ToPack => "To pack",
            Self::OnItsWay => "On its way",
            Self::Done => "Done",
            Self::Cancelled => "Cancelled",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inbox {
    /// Every order the console knows, by id.
    pub orders: BTreeMap<i64, Order>,
    /// New orders the owner has opened.
    pub seen: BTreeSet<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum InboxAction {
    /// The shop's orders as the server listed them (after a start or a reconnect).
    Listed(Vec<Order>),
    /// One order placed or moved on, from the feed or an answer.
    Changed(Box<Order>),
    Opened(i64),
}

impl Inbox {
    /// The orders under `tab`, newest first.
    pub fn under(&self, tab: Tab) -> Vec<&Order> {
        self.orders
            .values()
            .rev()
            .filter(|order| Tab::of(order.status) == tab)
            .collect()
    }

    /// The orders under `tab` that `query` finds (an order's number, or part of the customer's name or
    /// phone), newest first; all of them when the query is empty.
    pub fn find(&self, tab: Tab, query: &str) -> Vec<&Order> {
        let query = query.trim().trim_start_matches('#').to_lowercase();
        let digits: String = query.chars().filter(char::is_ascii_digit).collect();
        self.under(tab)
            .into_iter()
            .filter(|order| {
                query.is_empty()
                    || order.id.to_string() == query
                    || order.customer.name.to_lowercase().contains(&query)
                    || (digits.len() >= 3 && order.customer.phone.contains(&digits))
            })
            .collect()
    }

    /// New orders nobody has opened yet: the page's title counts them.
    pub fn unopened(&self) -> usize {
        self.orders
            .values()
            .filter(|order| order.status == OrderStatus::Placed && !self.seen.contains(&order.id))
            .count()
    }
}

impl Reducible for Inbox {
    type Action = InboxAction;

    fn reduce(self: Rc<Self>, action: InboxAction) -> Rc<Self> {
        let mut inbox = (*self).clone();
        match action {
            InboxAction::Listed(orders) => {
                // A listing is the server's word now; orders it no longer lists (past its page) stay.
                for order in orders {
                    inbox.orders.insert(order.id, order);
                }
            }
            InboxAction::Changed(order) => {
                let order = *order;
                // An older state arriving late (a replayed event) never undoes a newer one.
                let newer = inbox
                    .orders
                    .get(&order.id)
                    .is_none_or(|kept| kept.history.len() <= order.history.len());
                if newer {
                    inbox.orders.insert(order.id, order);
                }
            }
            InboxAction::Opened(id) => {
                inbox.seen.insert(id);
            }
        }
        Rc::new(inbox)
    }
}

/// A message to the customer about where their order stands, from the shop called `shop`.
pub fn customer_message(order: &Order, shop: &str) -> String {
    let (name, id) = (&order.customer.name, order.id);
    let total = order.totals.total.rupees();
    match order.status {
        OrderStatus::Placed => {
            format!(
                "Hello {name}, {shop} has your order #{id} (₹{total}). We will confirm it soon."
            )
        }
        OrderStatus::Accepted => {
            format!("Hello {name}, {shop} accepted your order #{id} (₹{total}). We are packing it.")
        }
        OrderStatus::Packed => format!("Hello {name}, your order #{id} from {shop} is packed."),
        OrderStatus::OutForDelivery => {
            format!("Hello {name}, your order #{id} from {shop} is on its way (₹{total}).")
        }
        OrderStatus::ReadyForPickup => {
            format!("Hello {name}, your order #{id} is ready: collect it at {shop} (₹{total}).")
        }
        OrderStatus::Delivered => {
            format!("Hello {name}, your order #{id} from {shop} was delivered. Thank you!")
        }
        OrderStatus::Rejected => {
            format!("Sorry {name}, {shop} could not take your order #{id}.")
        }
        OrderStatus::Cancelled => format!("Hello {name}, your order #{id} at {shop} is cancelled."),
    }
}

/// What the shop can do next with an order, as the server's lifecycle allows: each step and its button.
pub fn next_steps(order: &Order) -> Vec<(OrderStatus, &'static str)> {
    match order.status {
        OrderStatus::Placed => vec![
            (OrderStatus::Accepted, "Accept"),
            (OrderStatus::Rejected, "Reject"),
        ],
        OrderStatus::Accepted => vec![
            (OrderStatus::Packed, "Packed"),
            (OrderStatus::Rejected, "Reject"),
        ],
        OrderStatus::Packed if order.fulfilment == Fulfilment::Pickup => {
            vec![(OrderStatus::ReadyForPickup, "Ready for pickup")]
        }
        OrderStatus::Packed => vec![(OrderStatus::OutForDelivery, "Out for delivery")],
        OrderStatus::OutForDelivery | OrderStatus::ReadyForPickup => {
            vec![(OrderStatus::Delivered, "Delivered")]
        }
        OrderStatus::Delivered | OrderStatus::Rejected | OrderStatus::Cancelled => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An order as the server writes one, moved through `statuses`.
    fn order(id: i64, statuses: &[&str], fulfilment: &str) -> Order {
        let history: Vec<serde_json::Value> = statuses
            .iter()
            .enumerate()
            .map(|(at, status)| serde_json::json!({"status": status, "at_ms": at}))
            .collect();
        serde_json::from_value(serde_json::json!({
            "id": id, "store": "demo", "status": statuses.last().copied().unwrap_or("placed"),
            "customer": {"name": "Asha", "phone": "+919845012345", "address": "12 Main", "pincode": "560038"},
            "fulfilment": fulfilment, "currency": "INR",
            "lines": [{"product": "dal", "variant": "1kg", "name": "Toor Dal", "variant_label": "1 kg",
                       "unit_price": 17000, "quantity": 2, "line_total": 34000}],
            "totals": {"subtotal": 34000, "delivery_fee": 0, "total": 34000},
            "created_at_ms": id, "history": history, "payment": "cash", "note": ""
        }))
        .expect("an order")
    }

    #[test]
    fn orders_sort_into_tabs_newest_first_and_new_ones_count_until_opened() {
        let inbox = Rc::new(Inbox::default()).reduce(InboxAction::Listed(vec![
            order(1, &["placed"], "delivery"),
            order(2, &["placed", "accepted"], "delivery"),
            order(3, &["placed"], "pickup"),
        ]));
        let new: Vec<i64> = inbox.under(Tab::New).iter().map(|it| it.id).collect();
        assert_eq!(new, [3, 1]);
        assert_eq!(inbox.under(Tab::ToPack).len(), 1);
        assert_eq!(inbox.unopened(), 2);
        let inbox = inbox.reduce(InboxAction::Opened(3));
        assert_eq!(inbox.unopened(), 1);
    }

    #[test]
    fn an_order_is_found_by_number_name_or_phone() {
        let inbox = Rc::new(Inbox::default()).reduce(InboxAction::Listed(vec![
            order(12, &["placed"], "delivery"),
            order(13, &["placed"], "delivery"),
        ]));
        let found = |query: &str| -> Vec<i64> {
            inbox.find(Tab::New, query).iter().map(|it| it.id).collect()
        };
        assert_eq!(found(""), [13, 12]);
        assert_eq!(found("#12"), [12]);
        assert_eq!(found("asha"), [13, 12]);
        assert_eq!(found("98450 12"), [13, 12]);
        assert!(found("ravi").is_empty());
    }

    #[test]
    fn the_customer_is_told_where_the_order_stands() {
        let accepted = order(42, &["placed", "accepted"], "delivery");
        assert_eq!(
            customer_message(&accepted, "Sharma Kirana Store"),
            "Hello Asha, Sharma Kirana Store accepted your order #42 (₹340). We are packing it."
        );
    }

    #[test]
    fn a_late_event_never_undoes_a_newer_state() {
        let inbox = Rc::new(Inbox::default())
            .reduce(InboxAction::Changed(Box::new(order(
                7,
                &["placed", "accepted"],
                "delivery",
            ))))
            .reduce(InboxAction::Changed(Box::new(order(
                7,
                &["placed"],
                "delivery",
            ))));
        assert_eq!(inbox.orders[&7].status, OrderStatus::Accepted);
    }

    #[test]
    fn the_next_steps_follow_the_servers_lifecycle() {
        let steps = |order: &Order| -> Vec<OrderStatus> {
            next_steps(order)
                .into_iter()
                .map(|(status, _)| status)
                .collect()
        };
        assert_eq!(
            steps(&order(1, &["placed"], "delivery")),
            [OrderStatus::Accepted, OrderStatus::Rejected]
        );
        assert_eq!(
            steps(&order(1, &["placed", "accepted", "packed"], "pickup")),
            [OrderStatus::ReadyForPickup]
        );
        assert_eq!(
            steps(&order(1, &["placed", "accepted", "packed"], "delivery")),
            [OrderStatus::OutForDelivery]
        );
        assert!(steps(&order(1, &["placed", "cancelled"], "delivery")).is_empty());
    }
}
