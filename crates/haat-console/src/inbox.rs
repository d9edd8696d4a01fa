//! The order inbox as the console keeps it: every order the shop has, by id, kept current by the
//! server's event feed, and which new orders the owner has looked at. Pure: the page feeds it what the
//! server says and draws what it holds; the texts it makes for the owner (tabs, steps, edits, the day's
//! summary) are said in the merchant's language, given as a [`Lang`].

use std::{
    collections::{BTreeMap, BTreeSet},
    rc::Rc,
};

use haat_api::{
    DaySummary, Edit, Fulfilment, ItemCount, Order, OrderStatus, PaidVia, PricedLine, RejectReason,
};
use yew::Reducible;

use crate::lang::Lang;

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

    pub fn label(self, lang: &Lang) -> &str {
        match self {
            Self::New => lang.t("New"),
            Self::ToPack => lang.t("To pack"),
            Self::OnItsWay => lang.t("On its way"),
            Self::Done => lang.t("Done"),
            Self::Cancelled => lang.t("Cancelled"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inbox {
    /// Every order the console knows, by id: all the orders being worked, the finished ones paged in so
    /// far, and those a search found.
    pub orders: BTreeMap<i64, Order>,
    /// New orders the owner has opened.
    pub seen: BTreeSet<i64>,
    /// Where the list of finished orders goes on.
    pub older: Older,
    /// The owner's search and what the server found for it.
    pub found: Option<Found>,
}

/// The finished orders (done, cancelled) past those the console has: the server lists them a page at a
/// time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Older {
    /// Not listed yet.
    #[default]
    Unasked,
    /// The next page starts before this order.
    Before(i64),
    /// Every finished order is here.
    None,
}

/// Orders the server found for what the owner typed, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub query: String,
    pub ids: Vec<i64>,
    /// The next page of the search starts before this order.
    pub more: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum InboxAction {
    /// Every order being worked (new, to pack, on its way), as the server listed them after a start or
    /// a reconnect.
    Listed(Vec<Order>),
    /// A page of finished orders: the newest (`first`, listed again after every reconnect) or the one
    /// after those the console has.
    Finished {
        orders: Vec<Order>,
        more: Option<i64>,
        first: bool,
    },
    /// The owner typed a search (empty: none).
    Searching(String),
    /// A page of orders the server found for `query` (`next`: after the pages before).
    Found {
        query: String,
        orders: Vec<Order>,
        more: Option<i64>,
        next: bool,
    },
    /// One order placed or moved on, from the feed or an answer.
    Changed(Box<Order>),
    Opened(i64),
}

/// The statuses of the orders being worked, as the order list's `status` asks for them.
pub fn working_statuses() -> String {
    statuses_of(|tab| tab.is_working())
}

/// The statuses of finished orders.
pub fn finished_statuses() -> String {
    statuses_of(|tab| !tab.is_working())
}

fn statuses_of(wanted: impl Fn(Tab) -> bool) -> String {
    let names: Vec<&str> = OrderStatus::ALL
        .into_iter()
        .filter(|status| wanted(Tab::of(*status)))
        .map(OrderStatus::as_str)
        .collect();
    names.join(",")
}

impl Tab {
    /// Whether the tab's orders are still to be worked: the console always has all of those.
    pub fn is_working(self) -> bool {
        matches!(self, Self::New | Self::ToPack | Self::OnItsWay)
    }
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

    /// The orders the search found, newest first, as they are now.
    pub fn found_orders(&self) -> Vec<&Order> {
        self.found
            .iter()
            .flat_map(|found| &found.ids)
            .filter_map(|id| self.orders.get(id))
            .collect()
    }

    /// New orders nobody has opened yet: the page's title counts them.
    pub fn unopened(&self) -> usize {
        self.orders
            .values()
            .filter(|order| order.status == OrderStatus::Placed && !self.seen.contains(&order.id))
            .count()
    }

    /// Keeps `order` unless the console has a newer state of it: an older state arriving late never
    /// undoes a newer one. Every step and edit of an order adds to its history or its edits, so the
    /// state with more of them is the newer. What the feed or an answer to the owner's change says
    /// (`fresh`) is the order as it is now; a page of a list replaces only an order changed since.
    fn keep(&mut self, order: Order, fresh: bool) {
        let changes = |order: &Order| order.history.len() + order.edits.len();
        let newer = self.orders.get(&order.id).is_none_or(|kept| {
            let (kept, sent) = (changes(kept), changes(&order));
            if fresh { kept <= sent } else { kept < sent }
        });
        if newer {
            self.orders.insert(order.id, order);
        }
    }
}

impl Reducible for Inbox {
    type Action = InboxAction;

    fn reduce(self: Rc<Self>, action: InboxAction) -> Rc<Self> {
        let mut inbox = (*self).clone();
        match action {
            InboxAction::Listed(orders) => {
                for order in orders {
                    inbox.keep(order, false);
                }
            }
            InboxAction::Finished {
                orders,
                more,
                first,
            } => {
                for order in orders {
                    inbox.keep(order, false);
                }
                // The newest page, listed again, leaves the pages read past it as they are.
                if !first || inbox.older == Older::Unasked {
                    inbox.older = more.map_or(Older::None, Older::Before);
                }
            }
            InboxAction::Searching(query) => {
                let query = query.trim().to_owned();
                inbox.found = (!query.is_empty()).then(|| Found {
                    query,
                    ids: Vec::new(),
                    more: None,
                });
            }
            InboxAction::Found {
                query,
                orders,
                more,
                next,
            } => {
                // An answer to a search the owner has typed past is dropped.
                if let Some(found) = inbox.found.as_mut().filter(|found| found.query == query) {
                    if !next {
                        found.ids.clear();
                    }
                    // The same page answered twice (a double tap) lists each order once.
                    for order in &orders {
                        if !found.ids.contains(&order.id) {
                            found.ids.push(order.id);
                        }
                    }
                    found.more = more;
                    for order in orders {
                        inbox.keep(order, false);
                    }
                }
            }
            InboxAction::Changed(order) => inbox.keep(*order, true),
            InboxAction::Opened(id) => {
                inbox.seen.insert(id);
            }
        }
        Rc::new(inbox)
    }
}

/// The line added to replace line `number` (from 1), if the shop replaced it.
pub fn replacement_of(order: &Order, number: u32) -> Option<&PricedLine> {
    order
        .lines
        .iter()
        .rfind(|line| line.replaces == Some(number))
}

/// The last line of the chain of replacements of line `number` (from 1): what is sent in its place in
/// the end, where a replacement was replaced in turn.
pub fn last_replacement_of(order: &Order, number: u32) -> Option<&PricedLine> {
    let (mut last, mut at) = (None, number);
    // Each replacement comes after the line it replaces: the chain is at most as long as the order.
    for _ in 0..order.lines.len() {
        let Some((by, line)) = (1..)
            .zip(&order.lines)
            .find(|(_, line)| line.replaces == Some(at))
        else {
            break;
        };
        (last, at) = (Some(line), by);
    }
    last
}

/// One edit of the order, as its history lists it: "Atta 5 kg: 1 instead of 2", "Marked paid by UPI".
pub fn edit_text(lang: &Lang, order: &Order, edit: Edit) -> String {
    let pack = |number: u32| {
        order.line(number).map_or_else(
            || lang.f("Line {number}", &[("number", &lang.number(number.into()))]),
            |line| format!("{} {}", line.name, line.variant_label),
        )
    };
    match edit {
        Edit::Line { line, to: 0, .. } => lang.f("{pack}: unavailable", &[("pack", &pack(line))]),
        Edit::Line { line, from, to } => lang.f(
            "{pack}: {to} instead of {from}",
            &[
                ("pack", &pack(line)),
                ("to", &lang.number(to.into())),
                ("from", &lang.number(from.into())),
            ],
        ),
        Edit::Replaced { line, by } => lang.f(
            "{pack} replaced by {other}",
            &[("pack", &pack(line)), ("other", &pack(by))],
        ),
        Edit::Paid(PaidVia::Cash) => lang.t("Marked paid in cash").to_owned(),
        Edit::Paid(PaidVia::Upi) => lang.t("Marked paid by UPI").to_owned(),
        Edit::Unpaid => lang.t("Paid mark taken back").to_owned(),
    }
}

/// Everything to pick for `orders` (accepted, to pack), each pack once with how many of it, by name:
/// "Atta 5 kg × 7".
pub fn pick_list<'a>(orders: impl IntoIterator<Item = &'a Order>) -> Vec<ItemCount> {
    let mut items: BTreeMap<(String, String), ItemCount> = BTreeMap::new();
    // A line the shop sends none of (unavailable, or replaced) has nothing to pick.
    let lines = orders.into_iter().flat_map(|order| &order.lines);
    for line in lines.filter(|line| line.quantity > 0) {
        items
            .entry((line.product.clone(), line.variant.clone()))
            .and_modify(|item| item.quantity = item.quantity.saturating_add(line.quantity))
            .or_insert_with(|| ItemCount {
                product: line.product.clone(),
                variant: line.variant.clone(),
                name: line.name.clone(),
                variant_label: line.variant_label.clone(),
                quantity: line.quantity,
            });
    }
    let mut items: Vec<ItemCount> = items.into_values().collect();
    items.sort_by(|a, b| (&a.name, &a.variant_label).cmp(&(&b.name, &b.variant_label)));
    items
}

/// The delivery slots the orders are for, each once, in the order the orders name them.
pub fn slots_of<'a>(orders: impl IntoIterator<Item = &'a Order>) -> Vec<String> {
    let mut slots: Vec<String> = Vec::new();
    for slot in orders.into_iter().filter_map(|order| order.slot.as_ref()) {
        if !slots.contains(&slot.label) {
            slots.push(slot.label.clone());
        }
    }
    slots
}

/// "Atta 5 kg × 7", a line of a list.
pub fn item_line(item: &ItemCount) -> String {
    format!("{} {} × {}", item.name, item.variant_label, item.quantity)
}

/// A pick list as a message: its title, then a line per pack.
pub fn list_text(title: &str, items: &[ItemCount]) -> String {
    let mut text = title.to_owned();
    for item in items {
        text.push('\n');
        text.push_str(&item_line(item));
    }
    text
}

/// A day's summary as a message for the owner's own chat.
pub fn day_text(lang: &Lang, shop: &str, day: &DaySummary) -> String {
    let count = |n: u32| lang.number(n.into());
    let refused = lang.count(day.refused.len());
    let money = |amount| lang.money(amount, crate::RUPEES);
    let mut text = format!("{shop} · {}\n", day.day);
    text.push_str(&lang.f(
        "Orders: {orders} · delivered: {delivered} · cancelled: {cancelled} · refused: {refused}",
        &[
            ("orders", &count(day.orders)),
            ("delivered", &count(day.delivered)),
            ("cancelled", &count(day.cancelled)),
            ("refused", &refused),
        ],
    ));
    text.push('\n');
    text.push_str(&lang.f(
        "Takings: {total} (cash {cash}, UPI {upi})",
        &[
            ("total", &money(day.takings.total)),
            ("cash", &money(day.takings.cash)),
            ("upi", &money(day.takings.upi)),
        ],
    ));
    if !day.top_items.is_empty() {
        let title = format!("\n{}", lang.t("Top items:"));
        text.push_str(&list_text(&title, &day.top_items));
    }
    text
}

/// A refusal's reason as the owner chooses it.
pub fn reason_label(lang: &Lang, reason: RejectReason) -> &str {
    match reason {
        RejectReason::OutOfStock => lang.t("Items out of stock"),
        RejectReason::Closed => lang.t("Shop closed"),
        RejectReason::AreaNotServed => lang.t("Area not served"),
        RejectReason::Other => lang.t("Other"),
    }
}

/// Whether the shop may still change the order's lines, as the server's lifecycle allows: until it is
/// packed.
pub fn lines_editable(status: OrderStatus) -> bool {
    matches!(status, OrderStatus::Placed | OrderStatus::Accepted)
}

/// What the shop can do next with an order, as the server's lifecycle allows: each step and its button.
pub fn next_steps<'a>(lang: &'a Lang, order: &Order) -> Vec<(OrderStatus, &'a str)> {
    match order.status {
        OrderStatus::Placed => vec![
            (OrderStatus::Accepted, lang.t("Accept")),
            (OrderStatus::Rejected, lang.t("Reject")),
        ],
        OrderStatus::Accepted => vec![
            (OrderStatus::Packed, lang.t("Packed")),
            (OrderStatus::Rejected, lang.t("Reject")),
        ],
        OrderStatus::Packed if order.fulfilment == Fulfilment::Pickup => {
            vec![(OrderStatus::ReadyForPickup, lang.t("Ready for pickup"))]
        }
        OrderStatus::Packed => vec![(OrderStatus::OutForDelivery, lang.t("Out for delivery"))],
        OrderStatus::OutForDelivery | OrderStatus::ReadyForPickup => {
            vec![(OrderStatus::Delivered, lang.t("Delivered"))]
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
    fn a_search_shows_what_the_server_found_for_what_is_typed_now() {
        let found =
            |inbox: &Inbox| -> Vec<i64> { inbox.found_orders().iter().map(|it| it.id).collect() };
        let answer = |query: &str, ids: &[i64], more: Option<i64>, next: bool| InboxAction::Found {
            query: query.to_owned(),
            orders: ids
                .iter()
                .map(|id| {
                    order(
                        *id,
                        &[
                            "placed",
                            "accepted",
                            "packed",
                            "out_for_delivery",
                            "delivered",
                        ],
                        "delivery",
                    )
                })
                .collect(),
            more,
            next,
        };
        let inbox = Rc::new(Inbox::default())
            .reduce(InboxAction::Searching(" asha ".into()))
            .reduce(answer("asha", &[30, 20], Some(20), false))
            .reduce(answer("asha", &[10], None, true));
        assert_eq!(found(&inbox), [30, 20, 10]);
        assert_eq!(inbox.found.as_ref().and_then(|it| it.more), None);
        // An answer to what was typed before is dropped; an empty search is none.
        let inbox = inbox
            .reduce(InboxAction::Searching("ashok".into()))
            .reduce(answer("asha", &[30], None, false));
        assert!(found(&inbox).is_empty());
        assert_eq!(inbox.reduce(InboxAction::Searching(" ".into())).found, None);
    }

    #[test]
    fn finished_orders_page_on_and_a_reconnect_keeps_the_pages_read() {
        let finished = |ids: &[i64], more: Option<i64>, first: bool| InboxAction::Finished {
            orders: ids
                .iter()
                .map(|id| order(*id, &["placed", "cancelled"], "delivery"))
                .collect(),
            more,
            first,
        };
        let inbox = Rc::new(Inbox::default()).reduce(finished(&[9, 8], Some(8), true));
        assert_eq!(inbox.older, Older::Before(8));
        let inbox = inbox.reduce(finished(&[7], None, false));
        assert_eq!(inbox.older, Older::None);
        let inbox = inbox.reduce(finished(&[9, 8], Some(8), true));
        assert_eq!(inbox.older, Older::None, "the newest page again");
        assert_eq!(inbox.under(Tab::Cancelled).len(), 3);
    }

    #[test]
    fn the_pick_list_sums_each_pack_across_orders() {
        let mut second = order(2, &["placed", "accepted"], "delivery");
        second.lines.push(haat_api::PricedLine {
            name: "Atta".into(),
            variant_label: "5 kg".into(),
            product: "atta".into(),
            variant: "5kg".into(),
            quantity: 3,
            ..second.lines[0].clone()
        });
        let first = order(1, &["placed", "accepted"], "delivery");
        let items = pick_list([&first, &second]);
        let lines: Vec<String> = items.iter().map(item_line).collect();
        assert_eq!(lines, ["Atta 5 kg × 3", "Toor Dal 1 kg × 4"]);
        assert_eq!(
            list_text("Pick list", &items),
            "Pick list\nAtta 5 kg × 3\nToor Dal 1 kg × 4"
        );
    }

    #[test]
    fn working_and_finished_statuses_cover_every_status_once() {
        assert_eq!(
            working_statuses(),
            "placed,accepted,packed,out_for_delivery,ready_for_pickup"
        );
        assert_eq!(finished_statuses(), "delivered,rejected,cancelled");
    }

    /// The order `order(8, …)` with its dal replaced by two packs of moong dal.
    fn replaced() -> Order {
        let mut replaced = order(8, &["placed", "accepted"], "delivery");
        let moong = PricedLine {
            product: "moong".into(),
            name: "Moong Dal".into(),
            quantity: 2,
            ordered: Some(0),
            replaces: Some(1),
            ..replaced.lines[0].clone()
        };
        replaced.lines[0].quantity = 0;
        replaced.lines[0].ordered = Some(2);
        replaced.lines.push(moong);
        replaced
    }

    #[test]
    fn every_edit_reads_as_a_line_of_the_history() {
        let order = replaced();
        let texts: Vec<String> = [
            Edit::Line {
                line: 1,
                from: 2,
                to: 1,
            },
            Edit::Line {
                line: 1,
                from: 1,
                to: 0,
            },
            Edit::Replaced { line: 1, by: 2 },
            Edit::Paid(PaidVia::Upi),
            Edit::Paid(PaidVia::Cash),
            Edit::Unpaid,
            Edit::Line {
                line: 7,
                from: 1,
                to: 0,
            },
        ]
        .into_iter()
        .map(|edit| edit_text(&Lang::english(), &order, edit))
        .collect();
        assert_eq!(
            texts,
            [
                "Toor Dal 1 kg: 1 instead of 2",
                "Toor Dal 1 kg: unavailable",
                "Toor Dal 1 kg replaced by Moong Dal 1 kg",
                "Marked paid by UPI",
                "Marked paid in cash",
                "Paid mark taken back",
                "Line 7: unavailable",
            ]
        );
    }

    #[test]
    fn the_days_summary_reads_as_a_message() {
        let day = DaySummary {
            day: "2025-03-14".into(),
            orders: 12,
            delivered: 9,
            takings: haat_api::Takings {
                cash: haat_api::Money::from_minor(150_000),
                upi: haat_api::Money::from_minor(95_050),
                total: haat_api::Money::from_minor(245_050),
            },
            top_items: replaced()
                .lines
                .iter()
                .map(|line| ItemCount {
                    product: line.product.clone(),
                    variant: line.variant.clone(),
                    name: line.name.clone(),
                    variant_label: line.variant_label.clone(),
                    quantity: 3,
                })
                .collect(),
            refused: vec![haat_api::Refusal {
                order: 4,
                reason: Some(RejectReason::Closed),
                note: None,
            }],
            cancelled: 2,
        };
        assert_eq!(
            day_text(&Lang::english(), "Sharma Kirana", &day),
            "Sharma Kirana · 2025-03-14\n\
             Orders: 12 · delivered: 9 · cancelled: 2 · refused: 1\n\
             Takings: ₹2,450.50 (cash ₹1,500, UPI ₹950.50)\n\
             Top items:\nToor Dal 1 kg × 3\nMoong Dal 1 kg × 3"
        );
    }

    #[test]
    fn an_edit_is_news_and_a_page_read_before_it_never_undoes_it() {
        let placed = order(5, &["placed"], "delivery");
        let mut paid = placed.clone();
        paid.edits.push(haat_api::OrderEdit {
            at_ms: 9,
            edit: Edit::Paid(PaidVia::Cash),
        });
        let inbox = Rc::new(Inbox::default()).reduce(InboxAction::Listed(vec![placed.clone()]));
        // Marked paid on another phone: the next page listed says so.
        let inbox = inbox.reduce(InboxAction::Listed(vec![paid.clone()]));
        assert_eq!(inbox.under(Tab::New)[0].edits.len(), 1);
        // A page read before the mark, arriving late, leaves it.
        let inbox = inbox.reduce(InboxAction::Listed(vec![placed]));
        assert_eq!(inbox.under(Tab::New)[0].edits.len(), 1);
    }

    #[test]
    fn a_list_read_before_a_payment_was_marked_never_takes_the_mark_back() {
        let mut paid = order(5, &["placed", "accepted"], "delivery");
        paid.paid = Some(haat_api::Paid {
            via: haat_api::PaidVia::Upi,
            at_ms: 9,
        });
        let stale = order(5, &["placed", "accepted"], "delivery");
        let inbox = Rc::new(Inbox::default())
            .reduce(InboxAction::Changed(Box::new(paid.clone())))
            .reduce(InboxAction::Listed(vec![stale]));
        assert_eq!(inbox.orders[&5].paid, paid.paid);
        // The feed's word is the order as it is now: the mark taken back.
        let unmarked = order(5, &["placed", "accepted"], "delivery");
        let inbox = inbox.reduce(InboxAction::Changed(Box::new(unmarked)));
        assert_eq!(inbox.orders[&5].paid, None);
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
            next_steps(&Lang::english(), order)
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
