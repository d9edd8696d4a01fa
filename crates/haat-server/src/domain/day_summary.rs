//! A shop's day as its owner reads it at closing time (`?day=2026-11-28`): the day on the shops' clock,
//! and what that day's orders came to: how many, what the delivered ones brought in by how they were
//! paid, the items most ordered, and the orders refused (with why) or cancelled.

use std::{collections::HashMap, fmt};

use haat_api::{
    DaySummary, ItemCount, Money, Order, OrderStatus, PaidVia, PaymentMethod, Refusal, Takings,
    clock::ShopTime,
};

/// The most items a summary lists.
pub const TOP_ITEMS: usize = 10;

/// A day on the shops' clock (India time), written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day {
    year: i64,
    month: u32,
    day: u32,
}

/// A `day` that is no date: what was asked, for the message.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`day` is a date on the shops' clock (India time) as YYYY-MM-DD, like 2026-11-28; \"{0}\" is none."
)]
pub struct InvalidDay(pub String);

impl Day {
    /// `2026-11-28`, if it is a real date (no 30 February).
    pub fn parse(text: &str) -> Result<Self, InvalidDay> {
        let invalid = || InvalidDay(text.to_owned());
        let bytes = text.as_bytes();
        let shaped = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(at, byte)| at == 4 || at == 7 || byte.is_ascii_digit());
        if !shaped {
            return Err(invalid());
        }
        let number =
            |range: std::ops::Range<usize>| text[range].parse::<u32>().map_err(|_| invalid());
        let day = Self {
            year: i64::from(number(0..4)?),
            month: number(5..7)?,
            day: number(8..10)?,
        };
        // A date that does not exist (31 April) comes back from the clock as another one.
        if (1..=12).contains(&day.month)
            && (1..=31).contains(&day.day)
            && Self::at(day.start_ms()) == day
        {
            Ok(day)
        } else {
            Err(invalid())
        }
    }

    /// The day `at_ms` falls on, on the shops' clock.
    pub fn at(at_ms: i64) -> Self {
        let at = ShopTime::at(at_ms);
        Self {
            year: at.year,
            month: at.month,
            day: at.day,
        }
    }

    /// The day's first moment, in milliseconds since 1970 (UTC).
    fn start_ms(self) -> i64 {
        ShopTime {
            year: self.year,
            month: self.month,
            day: self.day,
            hour: 0,
            minute: 0,
            weekday: 0,
        }
        .to_ms()
    }

    /// The moments the day holds, `[start, end)` in milliseconds since 1970 (UTC): from its midnight to
    /// the next day's.
    pub fn span_ms(self) -> (i64, i64) {
        let start = self.start_ms();
        // Midday tomorrow is tomorrow, however long a day on the clock is.
        let tomorrow = Self::at(start + 36 * 60 * 60 * 1000);
        (start, tomorrow.start_ms())
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A day whose takings or quantities do not fit in their numbers: never a real shop's.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("the day's {0} are too large to add up")]
pub struct TooLarge(&'static str);

/// The summary of `day` from the orders placed that day. Test orders are left out; takings count the
/// delivered (or collected) orders' totals, by the shop's mark of how it was paid where it made one, else
/// by the way the shopper chose to pay; the top items are summed over the orders neither refused nor
/// cancelled, the names of a pack as its newest order has them.
pub fn summarise(day: Day, orders: &[Order]) -> Result<DaySummary, TooLarge> {
    let mut orders: Vec<&Order> = orders.iter().filter(|order| !order.test).collect();
    orders.sort_by_key(|order| order.id);
    let count = |status: OrderStatus| {
        let counted = orders.iter().filter(|order| order.status == status).count();
        u32::try_from(counted).map_err(|_| TooLarge("orders"))
    };
    let mut takings = Takings::default();
    for order in orders
        .iter()
        .filter(|order| order.status == OrderStatus::Delivered)
    {
        let till = match taken_by(order) {
            PaidVia::Cash => &mut takings.cash,
            PaidVia::Upi => &mut takings.upi,
        };
        *till = add(*till, order.totals.total)?;
        takings.total = add(takings.total, order.totals.total)?;
    }
    let refused = orders
        .iter()
        .filter(|order| order.status == OrderStatus::Rejected)
        .map(|order| {
            let said = order
                .history
                .iter()
                .rfind(|change| change.status == OrderStatus::Rejected);
            Refusal {
                order: order.id,
                reason: said.and_then(|change| change.reason),
                note: said.and_then(|change| change.note.clone()),
            }
        })
        .collect();
    Ok(DaySummary {
        day: day.to_string(),
        orders: u32::try_from(orders.len()).map_err(|_| TooLarge("orders"))?,
        delivered: count(OrderStatus::Delivered)?,
        takings,
        top_items: top_items(&orders)?,
        refused,
        cancelled: count(OrderStatus::Cancelled)?,
    })
}

/// How a delivered order was paid: as the shop marked it, else as the shopper chose.
fn taken_by(order: &Order) -> PaidVia {
    match (order.paid, order.payment) {
        (Some(paid), _) => paid.via,
        (None, PaymentMethod::Cash) => PaidVia::Cash,
        (None, PaymentMethod::UpiOnDelivery | PaymentMethod::UpiNow) => PaidVia::Upi,
    }
}

fn add(sum: Money, amount: Money) -> Result<Money, TooLarge> {
    sum.checked_add(amount).ok_or(TooLarge("takings"))
}

/// The packs most ordered across `orders` (oldest first) that were neither refused nor cancelled: most
/// first, then by name and label, at most [`TOP_ITEMS`].
fn top_items(orders: &[&Order]) -> Result<Vec<ItemCount>, TooLarge> {
    let mut items: HashMap<(&str, &str), ItemCount> = HashMap::new();
    let going = orders
        .iter()
        .filter(|order| !matches!(order.status, OrderStatus::Rejected | OrderStatus::Cancelled));
    for line in going.flat_map(|order| &order.lines) {
        let item = items
            .entry((line.product.as_str(), line.variant.as_str()))
            .or_insert_with(|| ItemCount {
                product: line.product.clone(),
                variant: line.variant.clone(),
                name: String::new(),
                variant_label: String::new(),
                quantity: 0,
            });
        line.name.clone_into(&mut item.name);
        line.variant_label.clone_into(&mut item.variant_label);
        item.quantity = item
            .quantity
            .checked_add(line.quantity)
            .ok_or(TooLarge("quantities"))?;
    }
    let mut items: Vec<ItemCount> = items.into_values().collect();
    items.sort_by(|a, b| {
        b.quantity
            .cmp(&a.quantity)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.variant_label.cmp(&b.variant_label))
            .then_with(|| (&a.product, &a.variant).cmp(&(&b.product, &b.variant)))
    });
    items.truncate(TOP_ITEMS);
    Ok(items)
}

#[cfg(test)]
mod tests {
    use haat_api::{
        Customer, Fulfilment, Paid, PricedLine, RejectReason, StatusChange, Substitution, Totals,
    };

    use super::*;

    /// 2026-11-28 09:00 UTC: 2:30 pm in India.
    const AFTERNOON: i64 = 1_795_856_400_000;

    fn day(text: &str) -> Day {
        Day::parse(text).expect("a day")
    }

    fn line(product: &str, name: &str, price: i64, quantity: u32) -> PricedLine {
        PricedLine {
            product: product.into(),
            variant: "1kg".into(),
            name: name.into(),
            variant_label: "1 kg".into(),
            unit_price: Money::from_minor(price),
            quantity,
            line_total: Money::from_minor(price * i64::from(quantity)),
            substitution: Substitution::Call,
            ordered: None,
            replaces: None,
        }
    }

    /// Order `id`, in `status`, of `lines`, its total their sum.
    fn order(id: i64, status: OrderStatus, lines: Vec<PricedLine>) -> Order {
        let subtotal = Money::checked_sum(lines.iter().map(|line| line.line_total)).expect("sums");
        Order {
            id,
            store: "demo".into(),
            status,
            customer: Customer {
                name: "Asha Rao".into(),
                phone: "+919845012345".into(),
                address: "12, 3rd Cross, Indiranagar".into(),
                pincode: "560038".into(),
            },
            fulfilment: Fulfilment::Delivery,
            slot: None,
            currency: "INR".into(),
            lines,
            totals: Totals {
                subtotal,
                delivery_fee: Money::ZERO,
                total: subtotal,
            },
            created_at_ms: AFTERNOON,
            history: vec![StatusChange::reached(OrderStatus::Placed, AFTERNOON)],
            payment: PaymentMethod::Cash,
            payment_link: None,
            note: String::new(),
            test: false,
            paid: None,
            edits: Vec::new(),
            language: String::new(),
        }
    }

    fn delivered(id: i64, total: i64, payment: PaymentMethod, paid: Option<PaidVia>) -> Order {
        Order {
            payment,
            paid: paid.map(|via| Paid {
                via,
                at_ms: AFTERNOON,
            }),
            ..order(
                id,
                OrderStatus::Delivered,
                vec![line("atta", "Atta", total, 1)],
            )
        }
    }

    fn refused(id: i64, reason: RejectReason, note: Option<&str>) -> Order {
        let mut order = order(id, OrderStatus::Rejected, vec![line("dal", "Dal", 100, 9)]);
        order.history.push(StatusChange {
            status: OrderStatus::Rejected,
            at_ms: AFTERNOON + 60_000,
            reason: Some(reason),
            note: note.map(str::to_owned),
        });
        order
    }

    #[test]
    fn a_day_is_a_real_date_written_as_the_shops_clock_reads_it() {
        assert_eq!(day("2026-11-28").to_string(), "2026-11-28");
        assert_eq!(day("2024-02-29").to_string(), "2024-02-29");
        for bad in [
            "",
            "2026-11-31",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-11-00",
            "2026-1-28",
            "28-11-2026",
            "2026/11/28",
            "2026-11-28T00:00",
            " 2026-11-28",
            "२०२६-११-२८",
            "today",
        ] {
            let refused = Day::parse(bad).expect_err(bad);
            assert!(refused.to_string().contains("YYYY-MM-DD"), "{refused}");
            assert!(
                refused.to_string().contains(&format!("\"{bad}\"")),
                "{refused}"
            );
        }
        assert_eq!(Day::at(AFTERNOON), day("2026-11-28"));
        // 7 pm UTC on the 27th is half past midnight on the 28th in India.
        assert_eq!(Day::at(AFTERNOON - 14 * 3_600_000), day("2026-11-28"));
        assert_eq!(
            Day::at(AFTERNOON - 14 * 3_600_000 - 1_800_001),
            day("2026-11-27")
        );
    }

    #[test]
    fn a_day_runs_from_the_shops_midnight_to_the_next() {
        let (start, end) = day("2026-11-28").span_ms();
        // Midnight in India is 6:30 pm UTC the evening before.
        assert_eq!(start, 1_795_804_200_000);
        assert_eq!(end - start, 24 * 60 * 60 * 1000);
        assert_eq!(Day::at(start), day("2026-11-28"));
        assert_eq!(Day::at(start - 1), day("2026-11-27"));
        assert_eq!(Day::at(end - 1), day("2026-11-28"));
        assert_eq!(Day::at(end), day("2026-11-29"));
        let (_, new_year) = day("2026-12-31").span_ms();
        assert_eq!(Day::at(new_year), day("2027-01-01"));
    }

    #[test]
    fn orders_delivered_cancelled_and_refused_are_counted() {
        let orders = [
            order(1, OrderStatus::Placed, vec![line("atta", "Atta", 100, 1)]),
            delivered(2, 500, PaymentMethod::Cash, None),
            order(
                3,
                OrderStatus::Cancelled,
                vec![line("atta", "Atta", 100, 1)],
            ),
            refused(4, RejectReason::OutOfStock, None),
            order(
                5,
                OrderStatus::OutForDelivery,
                vec![line("atta", "Atta", 100, 1)],
            ),
            Order {
                test: true,
                ..delivered(6, 900, PaymentMethod::Cash, None)
            },
        ];
        let summary = summarise(day("2026-11-28"), &orders).expect("a summary");
        assert_eq!(summary.day, "2026-11-28");
        assert_eq!(summary.orders, 5, "a test order is no order of the shop's");
        assert_eq!(summary.delivered, 1);
        assert_eq!(summary.cancelled, 1);
        assert_eq!(summary.takings.total, Money::from_minor(500));
    }

    #[test]
    fn takings_go_by_the_shops_mark_else_by_the_shoppers_choice() {
        let orders = [
            delivered(1, 10_000, PaymentMethod::Cash, None),
            delivered(2, 20_000, PaymentMethod::UpiOnDelivery, None),
            delivered(3, 40_000, PaymentMethod::UpiNow, None),
            delivered(4, 80_000, PaymentMethod::UpiNow, Some(PaidVia::Cash)),
            delivered(5, 160_000, PaymentMethod::Cash, Some(PaidVia::Upi)),
            // Not delivered: nothing taken yet, marked paid or not.
            Order {
                paid: Some(Paid {
                    via: PaidVia::Cash,
                    at_ms: AFTERNOON,
                }),
                ..order(
                    6,
                    OrderStatus::Packed,
                    vec![line("atta", "Atta", 320_000, 1)],
                )
            },
        ];
        let summary = summarise(day("2026-11-28"), &orders).expect("a summary");
        assert_eq!(
            summary.takings,
            Takings {
                cash: Money::from_minor(90_000),
                upi: Money::from_minor(220_000),
                total: Money::from_minor(310_000),
            }
        );
        assert_eq!(
            summarise(day("2026-11-28"), &[])
                .expect("an empty day")
                .takings,
            Takings::default()
        );
    }

    #[test]
    fn takings_too_large_to_add_are_an_error_not_a_wrapped_sum() {
        let huge = |id| Order {
            totals: Totals {
                subtotal: Money::from_minor(i64::MAX / 2 + 1),
                delivery_fee: Money::ZERO,
                total: Money::from_minor(i64::MAX / 2 + 1),
            },
            ..delivered(id, 1, PaymentMethod::Cash, None)
        };
        assert!(summarise(day("2026-11-28"), &[huge(1), huge(2)]).is_err());
    }

    #[test]
    fn top_items_are_summed_by_pack_most_first_then_by_name() {
        let mut rice = line("rice", "Rice", 100, 2);
        rice.variant = "5kg".into();
        rice.variant_label = "5 kg".into();
        let orders = [
            order(
                1,
                OrderStatus::Placed,
                vec![line("atta", "Atta", 100, 2), line("salt", "Salt", 100, 1)],
            ),
            order(
                2,
                OrderStatus::Delivered,
                vec![line("atta", "Whole Wheat Atta", 100, 3), rice],
            ),
            order(
                3,
                OrderStatus::Accepted,
                vec![line("rice", "Rice", 100, 2), line("dal", "Dal", 100, 1)],
            ),
            // Neither refused nor cancelled orders count, however large.
            order(
                4,
                OrderStatus::Cancelled,
                vec![line("salt", "Salt", 100, 50)],
            ),
            refused(5, RejectReason::Closed, None),
        ];
        let summary = summarise(day("2026-11-28"), &orders).expect("a summary");
        let top: Vec<(&str, &str, &str, u32)> = summary
            .top_items
            .iter()
            .map(|item| {
                (
                    item.product.as_str(),
                    item.variant.as_str(),
                    item.name.as_str(),
                    item.quantity,
                )
            })
            .collect();
        assert_eq!(
            top,
            [
                ("atta", "1kg", "Whole Wheat Atta", 5),
                ("rice", "1kg", "Rice", 2),
                ("rice", "5kg", "Rice", 2),
                ("dal", "1kg", "Dal", 1),
                ("salt", "1kg", "Salt", 1),
            ],
            "a pack named as its newest order has it; ties by name, then label"
        );
        assert_eq!(summary.top_items[2].variant_label, "5 kg");
    }

    #[test]
    fn at_most_ten_items_are_listed() {
        let lines = (1..=12)
            .map(|n| line(&format!("p{n:02}"), &format!("Item {n:02}"), 100, n))
            .collect();
        let summary = summarise(day("2026-11-28"), &[order(1, OrderStatus::Placed, lines)])
            .expect("a summary");
        assert_eq!(summary.top_items.len(), TOP_ITEMS);
        assert_eq!(summary.top_items[0].product, "p12");
        assert_eq!(summary.top_items[9].product, "p03");
    }

    #[test]
    fn refusals_say_why_in_the_order_they_were_placed() {
        let mut before_reasons = order(1, OrderStatus::Rejected, vec![line("dal", "Dal", 100, 1)]);
        before_reasons
            .history
            .push(StatusChange::reached(OrderStatus::Rejected, AFTERNOON));
        let orders = [
            refused(7, RejectReason::Other, Some("Closed for Diwali")),
            refused(3, RejectReason::OutOfStock, None),
            before_reasons,
        ];
        let summary = summarise(day("2026-11-28"), &orders).expect("a summary");
        assert_eq!(
            summary.refused,
            [
                Refusal {
                    order: 1,
                    reason: None,
                    note: None,
                },
                Refusal {
                    order: 3,
                    reason: Some(RejectReason::OutOfStock),
                    note: None,
                },
                Refusal {
                    order: 7,
                    reason: Some(RejectReason::Other),
                    note: Some("Closed for Diwali".into()),
                },
            ]
        );
        assert!(summary.top_items.is_empty());
        assert_eq!(summary.cancelled, 0);
    }
}
