//! The merchant's order list as asked in its query (`?status=placed,accepted&q=meena&before=120`):
//! which statuses, what the owner typed to find an order, and where the page starts.

use haat_api::{OrderQuery, OrderStatus};

/// The most orders one page holds.
pub const MAX_PAGE: u32 = 200;
/// A page's size when the query says none.
pub const DEFAULT_PAGE: u32 = 50;
/// The longest search the list takes.
const MAX_SEARCH_CHARS: usize = 100;

/// Which of a shop's orders one page lists, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderFilter {
    /// Only orders in one of these; empty: in any.
    pub statuses: Vec<OrderStatus>,
    pub search: Option<OrderSearch>,
    /// Only orders older than this one (a smaller id).
    pub before: Option<i64>,
    pub limit: u32,
}

/// The fewest digits a search matches inside phone numbers: fewer would find most orders.
pub const MIN_PHONE_DIGITS: usize = 4;

/// What the owner typed to find an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderSearch {
    /// An order number, as the console writes it (`#1042`).
    Number(i64),
    /// Digits (`1042`, `98450 54`): the order with that number, or, from [`MIN_PHONE_DIGITS`] digits, a
    /// phone with those digits.
    Digits(String),
    /// Words: a part of the customer's name, lowercased.
    Name(String),
}

/// A query that cannot be read: which parameter, and why.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidQuery(pub String);

/// The filter `query` asks for.
pub fn filter(query: &OrderQuery) -> Result<OrderFilter, InvalidQuery> {
    let statuses = match query.status.as_deref() {
        None | Some("") => Vec::new(),
        Some(listed) => listed
            .split(',')
            .map(|name| {
                OrderStatus::parse(name.trim()).ok_or_else(|| {
                    InvalidQuery(format!(
                        "`status` lists order statuses separated by commas; \"{}\" is none.",
                        name.trim()
                    ))
                })
            })
            .collect::<Result<_, _>>()?,
    };
    let limit = query.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(InvalidQuery(format!(
            "`limit` is a number of orders from 1 to {MAX_PAGE}."
        )));
    }
    if query.before.is_some_and(|before| before < 1) {
        return Err(InvalidQuery(
            "`before` is an order number, as a page's `more` gives it.".to_owned(),
        ));
    }
    let typed = query.q.as_deref().unwrap_or_default().trim();
    if typed.chars().count() > MAX_SEARCH_CHARS {
        return Err(InvalidQuery(format!(
            "`q` is at most {MAX_SEARCH_CHARS} characters."
        )));
    }
    Ok(OrderFilter {
        statuses,
        search: search(typed),
        before: query.before,
        limit,
    })
}

/// What `typed` looks for: digits when it is a number or a phone as people write them, else a name.
fn search(typed: &str) -> Option<OrderSearch> {
    if typed.is_empty() {
        return None;
    }
    if let Some(number) = typed
        .strip_prefix('#')
        .and_then(|number| number.trim().parse().ok())
    {
        return Some(OrderSearch::Number(number));
    }
    let numeric = typed
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-'));
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    if numeric && !digits.is_empty() {
        Some(OrderSearch::Digits(digits))
    } else {
        Some(OrderSearch::Name(typed.to_lowercase()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(status: Option<&str>, q: Option<&str>) -> OrderQuery {
        OrderQuery {
            status: status.map(str::to_owned),
            q: q.map(str::to_owned),
            before: None,
            limit: None,
        }
    }

    #[test]
    fn statuses_are_read_from_a_comma_list() {
        let read = filter(&query(Some("placed, accepted"), None)).expect("a filter");
        assert_eq!(read.statuses, [OrderStatus::Placed, OrderStatus::Accepted]);
        assert_eq!(read.limit, DEFAULT_PAGE);
        assert_eq!(filter(&query(None, None)).expect("all").statuses, []);
        let refused = filter(&query(Some("placed,shipped"), None)).expect_err("no such status");
        assert!(refused.0.contains("\"shipped\""), "{refused}");
    }

    #[test]
    fn an_order_number_or_a_phone_is_digits_and_anything_else_a_name() {
        let found = |q: &str| filter(&query(None, Some(q))).expect("a filter").search;
        assert_eq!(found("#1042"), Some(OrderSearch::Number(1042)));
        assert_eq!(found("# 7"), Some(OrderSearch::Number(7)));
        assert_eq!(found("1042"), Some(OrderSearch::Digits("1042".into())));
        assert_eq!(
            found("+91 98450-54321"),
            Some(OrderSearch::Digits("919845054321".into()))
        );
        assert_eq!(found(" Meena "), Some(OrderSearch::Name("meena".into())));
        assert_eq!(found("मीना"), Some(OrderSearch::Name("मीना".into())));
        assert_eq!(found("  "), None);
        assert_eq!(found("#"), Some(OrderSearch::Name("#".into())));
    }

    #[test]
    fn a_page_is_from_one_to_two_hundred_orders_before_a_real_order() {
        let sized = |limit: u32| {
            filter(&OrderQuery {
                limit: Some(limit),
                ..OrderQuery::default()
            })
        };
        assert_eq!(sized(200).expect("the most").limit, 200);
        assert!(sized(0).is_err() && sized(201).is_err());
        let before = |before: i64| {
            filter(&OrderQuery {
                before: Some(before),
                ..OrderQuery::default()
            })
        };
        assert_eq!(before(120).expect("a page").before, Some(120));
        assert!(before(0).is_err());
    }
}
