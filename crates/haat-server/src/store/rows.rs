//! Rows to domain and wire types, once for both backends: the SQL differs, the columns do not.

use haat_api::{
    Closure, Customer, DeliverySlot, DraftProduct, DraftVariant, Edit, Money, Order, OrderEdit,
    OrderList, Paid, PaidVia, PaymentMethod, PricedLine, RejectReason, StatusChange, Stock,
    StoreProfile, Substitution, Totals, Variant,
};
use sqlx::{Row, postgres::PgRow, sqlite::SqliteRow};

use crate::domain::{
    draft,
    line_change::StoredLine,
    notice,
    notice_setup::{Chat, NoticeSetup},
    order_list::{MIN_PHONE_DIGITS, OrderFilter, OrderSearch},
    payment,
    pricing::{Sellable, available, orderable_quantity},
};

use super::{
    NoticeCandidate, Placement, StoreError, StoreRecord, StoredAnswer, TelegramBot,
    parse_fulfilment, parse_status,
};

/// A row of either backend, read by column name into the few types Haat stores.
pub(super) trait Columns {
    fn int(&self, name: &str) -> Result<i64, sqlx::Error>;
    fn maybe_int(&self, name: &str) -> Result<Option<i64>, sqlx::Error>;
    fn text(&self, name: &str) -> Result<String, sqlx::Error>;
    fn maybe_text(&self, name: &str) -> Result<Option<String>, sqlx::Error>;
    fn flag(&self, name: &str) -> Result<bool, sqlx::Error>;
}

macro_rules! columns {
    ($row:ty) => {
        impl Columns for $row {
            fn int(&self, name: &str) -> Result<i64, sqlx::Error> {
                self.try_get(name)
            }
            fn maybe_int(&self, name: &str) -> Result<Option<i64>, sqlx::Error> {
                self.try_get(name)
            }
            fn text(&self, name: &str) -> Result<String, sqlx::Error> {
                self.try_get(name)
            }
            fn maybe_text(&self, name: &str) -> Result<Option<String>, sqlx::Error> {
                self.try_get(name)
            }
            fn flag(&self, name: &str) -> Result<bool, sqlx::Error> {
                self.try_get(name)
            }
        }
    };
}

columns!(SqliteRow);
columns!(PgRow);

/// The columns [`order_from_row`] reads, for both backends' order queries (then `WHERE …`).
pub(super) const ORDER_COLUMNS: &str =
    "SELECT o.id, s.slug, o.token_hash, o.status, o.customer_name,
        o.customer_phone, o.customer_address, o.currency, o.subtotal_minor, o.delivery_fee_minor,
        o.total_minor, o.created_at_ms, o.fulfilment, o.customer_pincode, o.slot_id, o.slot_label,
        o.payment, o.note, o.test, o.paid_via, o.paid_at_ms, o.language, s.name AS store_name,
        s.upi_id
    FROM orders o JOIN stores s ON s.id = o.store_id";

/// A value bound to a query both backends run, each with its own placeholders.
pub(super) enum Bound {
    Int(i64),
    Text(String),
}

/// The query of a page of the shop's orders as `filter` says, one more than the page holds (so the
/// page knows whether there is a next), with `mark(n)` the backend's n-th placeholder (`?` or `$n`),
/// and the values to bind in order. Read the rows with [`order_from_row`], then [`page_of`].
pub(super) fn order_list_query(
    store_id: i64,
    filter: &OrderFilter,
    mark: fn(usize) -> String,
) -> (String, Vec<Bound>) {
    let mut values = vec![Bound::Int(store_id)];
    let mut bind = |value: Bound| {
        values.push(value);
        mark(values.len())
    };
    let mut sql = format!(
        "{ORDER_COLUMNS} WHERE o.store_id = {} AND NOT o.test",
        mark(1)
    );
    if !filter.statuses.is_empty() {
        let marks: Vec<String> = filter
            .statuses
            .iter()
            .map(|status| bind(Bound::Text(status.as_str().to_owned())))
            .collect();
        sql.push_str(&format!(" AND o.status IN ({})", marks.join(", ")));
    }
    if let Some(before) = filter.before {
        sql.push_str(&format!(" AND o.id < {}", bind(Bound::Int(before))));
    }
    match &filter.search {
        Some(OrderSearch::Number(number)) => {
            sql.push_str(&format!(" AND o.id = {}", bind(Bound::Int(*number))));
        }
        Some(OrderSearch::Digits(digits)) if digits.len() < MIN_PHONE_DIGITS => {
            let number = digits.parse().unwrap_or(-1);
            sql.push_str(&format!(" AND o.id = {}", bind(Bound::Int(number))));
        }
        Some(OrderSearch::Digits(digits)) => {
            let number = digits.parse().unwrap_or(-1);
            let id = bind(Bound::Int(number));
            let phone = bind(Bound::Text(format!("%{}%", like_text(digits))));
            sql.push_str(&format!(
                " AND (o.id = {id} OR o.customer_phone LIKE {phone} ESCAPE '\\')"
            ));
        }
        Some(OrderSearch::Name(name)) => {
            let name = bind(Bound::Text(format!("%{}%", like_text(name))));
            sql.push_str(&format!(
                " AND LOWER(o.customer_name) LIKE {name} ESCAPE '\\'"
            ));
        }
        None => {}
    }
    let limit = bind(Bound::Int(i64::from(filter.limit) + 1));
    sql.push_str(&format!(" ORDER BY o.id DESC LIMIT {limit}"));
    (sql, values)
}

/// `text` matched literally by `LIKE … ESCAPE '\'`.
fn like_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The statements that delete the test orders placed before the moment `before` binds (the backend's
/// placeholder), their lines and events first; run in order, in one transaction.
pub(super) fn purge_test_orders_statements(before: &str) -> [String; 4] {
    let old_tests = format!("SELECT id FROM orders WHERE test AND created_at_ms < {before}");
    [
        format!("DELETE FROM order_lines WHERE order_id IN ({old_tests})"),
        format!("DELETE FROM order_events WHERE order_id IN ({old_tests})"),
        format!("DELETE FROM telegram_notices WHERE order_id IN ({old_tests})"),
        format!("DELETE FROM orders WHERE test AND created_at_ms < {before}"),
    ]
}

/// `rows` of `(shop, item)` ordered by shop, as each shop's items.
pub(super) fn by_shop<T>(rows: Vec<(i64, T)>) -> Vec<(i64, Vec<T>)> {
    let mut shops: Vec<(i64, Vec<T>)> = Vec::new();
    for (shop, item) in rows {
        match shops.last_mut() {
            Some((last, items)) if *last == shop => items.push(item),
            _ => shops.push((shop, vec![item])),
        }
    }
    shops
}

/// A page of `limit` orders from a list that read one more when there is a next page.
pub(super) fn page_of(mut orders: Vec<Order>, limit: u32) -> OrderList {
    let more = (orders.len() > limit as usize).then(|| {
        orders.truncate(limit as usize);
        orders.last().map_or(0, |last| last.id)
    });
    OrderList { orders, more }
}

/// One step of an order's history as stored: its status, time, and a refusal's reason and words.
pub(super) fn status_change<R: Columns>(row: &R) -> Result<StatusChange, StoreError> {
    let reason = match row.maybe_text("reason")? {
        Some(name) => Some(
            RejectReason::parse(&name)
                .ok_or_else(|| StoreError::Corrupt(format!("refusal reason {name:?}")))?,
        ),
        None => None,
    };
    Ok(StatusChange {
        status: parse_status(&row.text("status")?)?,
        at_ms: row.int("at_ms")?,
        reason,
        note: row.maybe_text("note")?,
    })
}

/// The event columns [`OrderEvents::add`] reads.
pub(super) const EVENT_COLUMNS: &str =
    "SELECT order_id, kind, status, at_ms, reason, note, line_no,
        sent_before, sent_after, new_line_no, paid_via
    FROM order_events";

/// What an order's events say happened to it: its history and its edits, oldest first.
#[derive(Debug, Default)]
pub(super) struct OrderEvents {
    pub history: Vec<StatusChange>,
    pub edits: Vec<OrderEdit>,
}

impl OrderEvents {
    /// Adds the event `row` (of [`EVENT_COLUMNS`]), the next in id order. An edit recorded before edits
    /// said what they changed (a line or a paid mark without its columns) tells nothing and is left out.
    pub fn add(&mut self, row: &impl Columns) -> Result<(), StoreError> {
        let kind = row.text("kind")?;
        let count = |name: &str| -> Result<Option<u32>, StoreError> {
            row.maybe_int(name)?
                .map(|n| u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("{name} {n}"))))
                .transpose()
        };
        let edit = match kind.as_str() {
            "status" => {
                self.history.push(status_change(row)?);
                return Ok(());
            }
            "edited" => match (count("line_no")?, count("new_line_no")?) {
                (Some(line), Some(by)) => Some(Edit::Replaced { line, by }),
                (Some(line), None) => {
                    let sent = |name: &str| {
                        count(name)?
                            .ok_or_else(|| StoreError::Corrupt(format!("{name} of line {line}")))
                    };
                    Some(Edit::Line {
                        line,
                        from: sent("sent_before")?,
                        to: sent("sent_after")?,
                    })
                }
                (None, _) => None,
            },
            "paid" => row
                .maybe_text("paid_via")?
                .map(|via| {
                    PaidVia::parse(&via)
                        .map(Edit::Paid)
                        .ok_or_else(|| StoreError::Corrupt(format!("paid via {via:?}")))
                })
                .transpose()?,
            "unpaid" => Some(Edit::Unpaid),
            // A kind a newer server wrote: the order reads as this one knows it.
            other => {
                tracing::warn!(
                    kind = other,
                    "an order event of a kind this server does not know"
                );
                None
            }
        };
        if let Some(edit) = edit {
            self.edits.push(OrderEdit {
                at_ms: row.int("at_ms")?,
                edit,
            });
        }
        Ok(())
    }
}

/// The line columns [`stored_line`] reads, of `order_lines`.
pub(super) const STORED_LINE_COLUMNS: &str =
    "SELECT line_no, product_id, variant_id, COALESCE(sent_quantity, quantity) AS sent,
            unit_price_minor, stock_taken, substitution,
            EXISTS (SELECT 1 FROM order_lines r
                    WHERE r.order_id = order_lines.order_id AND r.replaces_line = order_lines.line_no)
                AS replaced
     FROM order_lines";

/// A line as [`crate::domain::line_change`] plans its changes.
pub(super) fn stored_line(row: &impl Columns) -> Result<StoredLine, StoreError> {
    let sent = row.int("sent")?;
    Ok(StoredLine {
        line_no: row.int("line_no")?,
        product: row.text("product_id")?,
        variant: row.text("variant_id")?,
        sent: u32::try_from(sent).map_err(|_| StoreError::Corrupt(format!("sent {sent}")))?,
        unit_price: Money::from_minor(row.int("unit_price_minor")?),
        stock_taken: row.flag("stock_taken")?,
        substitution: substitution(&row.text("substitution")?)?,
        replaced: row.flag("replaced")?,
    })
}

fn substitution(name: &str) -> Result<Substitution, StoreError> {
    Substitution::parse(name).ok_or_else(|| StoreError::Corrupt(format!("substitution {name:?}")))
}

/// How and when the order was paid, where its shop marked it.
pub(super) fn paid_from_row<R: Columns>(row: &R) -> Result<Option<Paid>, StoreError> {
    match (row.maybe_text("paid_via")?, row.maybe_int("paid_at_ms")?) {
        (Some(via), Some(at_ms)) => Ok(Some(Paid {
            via: PaidVia::parse(&via)
                .ok_or_else(|| StoreError::Corrupt(format!("paid via {via:?}")))?,
            at_ms,
        })),
        _ => Ok(None),
    }
}

pub(super) fn order_from_row<R: Columns>(
    row: &R,
    lines: Vec<PricedLine>,
    events: OrderEvents,
) -> Result<Order, StoreError> {
    let id = row.int("id")?;
    let payment = parse_payment(&row.text("payment")?)?;
    let total = Money::from_minor(row.int("total_minor")?);
    let test = row.flag("test")?;
    Ok(Order {
        id,
        store: row.text("slug")?,
        status: parse_status(&row.text("status")?)?,
        customer: Customer {
            name: row.text("customer_name")?,
            phone: row.text("customer_phone")?,
            address: row.text("customer_address")?,
            pincode: row.text("customer_pincode")?,
        },
        fulfilment: parse_fulfilment(&row.text("fulfilment")?)?,
        slot: match (row.maybe_text("slot_id")?, row.maybe_text("slot_label")?) {
            (Some(id), Some(label)) => Some(DeliverySlot { id, label }),
            _ => None,
        },
        currency: row.text("currency")?,
        lines,
        totals: Totals {
            subtotal: Money::from_minor(row.int("subtotal_minor")?),
            delivery_fee: Money::from_minor(row.int("delivery_fee_minor")?),
            total,
        },
        created_at_ms: row.int("created_at_ms")?,
        history: events.history,
        edits: events.edits,
        language: row.text("language")?,
        payment,
        // A test order is paid for by nobody.
        payment_link: payment::payment_link(
            payment,
            row.maybe_text("upi_id")?.as_deref(),
            &row.text("store_name")?,
            total,
            id,
        )
        .filter(|_| !test),
        note: row.text("note")?,
        test,
        paid: paid_from_row(row)?,
    })
}

pub(super) fn store_record<R: Columns>(row: &R) -> Result<StoreRecord, StoreError> {
    Ok(StoreRecord {
        id: row.int("id")?,
        profile: StoreProfile {
            slug: row.text("slug")?,
            name: row.text("name")?,
            name_local: row.maybe_text("name_local")?,
            tagline: row.text("tagline")?,
            logo: row.maybe_text("logo")?,
            currency: row.text("currency")?,
            locale: row.text("locale")?,
            phone: row.text("phone")?,
            min_order: Money::from_minor(row.int("min_order_minor")?),
            delivery_fee: Money::from_minor(row.int("delivery_fee_minor")?),
            free_delivery_from: row
                .maybe_int("free_delivery_from_minor")?
                .map(Money::from_minor),
            delivery_pincodes: Vec::new(),
            delivery_slots: Vec::new(),
            pickup: row.flag("pickup")?,
            payment_methods: parse_payment_methods(&row.text("payment_methods")?)?,
            upi_id: row.maybe_text("upi_id")?,
            address: row.text("address")?,
            hours: row.text("hours")?,
            closed: if row.flag("closed")? {
                Some(Closure {
                    until_ms: row.maybe_int("closed_until_ms")?,
                    takes_orders: row.flag("closed_takes_orders")?,
                })
            } else {
                None
            },
        },
        merchant_token_hash: row.text("merchant_token_hash")?,
    })
}

/// An answer kept under an idempotency key.
pub(super) fn stored_answer(
    key: &str,
    request_hash: String,
    status: i64,
    body: String,
) -> Result<StoredAnswer, StoreError> {
    let status = u16::try_from(status)
        .map_err(|_| StoreError::Corrupt(format!("idempotency key {key:?} status {status}")))?;
    Ok(StoredAnswer {
        request_hash,
        status,
        body,
    })
}

/// One order line.
pub(super) fn line_from_row<R: Columns>(row: &R) -> Result<PricedLine, StoreError> {
    let count = |quantity: i64| {
        u32::try_from(quantity)
            .map_err(|_| StoreError::Corrupt(format!("line quantity {quantity}")))
    };
    // What is sent, when the shop changed the line; the line then says what was ordered. A line added in
    // place of another was not ordered at all.
    let asked = count(row.int("quantity")?)?;
    let sent = row.maybe_int("sent_quantity")?.map(count).transpose()?;
    let replaces = row.maybe_int("replaces_line")?.map(count).transpose()?;
    let ordered = match replaces {
        Some(_) => Some(0),
        None => sent.map(|_| asked),
    };
    Ok(PricedLine {
        product: row.text("product_id")?,
        variant: row.text("variant_id")?,
        name: row.text("name")?,
        variant_label: row.text("variant_label")?,
        unit_price: Money::from_minor(row.int("unit_price_minor")?),
        quantity: sent.unwrap_or(asked),
        line_total: Money::from_minor(row.int("line_total_minor")?),
        substitution: substitution(&row.text("substitution")?)?,
        ordered,
        replaces,
    })
}

fn parse_payment(name: &str) -> Result<PaymentMethod, StoreError> {
    PaymentMethod::parse(name)
        .ok_or_else(|| StoreError::Corrupt(format!("payment method {name:?}")))
}

/// A shop's payment methods as stored: their names, comma-separated, in the shop's order.
pub(super) fn payment_methods_text(methods: &[PaymentMethod]) -> String {
    let names: Vec<&str> = methods.iter().map(|method| method.as_str()).collect();
    names.join(",")
}

fn parse_payment_methods(text: &str) -> Result<Vec<PaymentMethod>, StoreError> {
    text.split(',').map(parse_payment).collect()
}

/// The live catalog's products and packs, every product (hidden ones too) in the shop's order;
/// `{store}` is the backend's placeholder for the shop's id. Read by [`live_products`].
pub(super) fn live_catalog_query(store: &str) -> String {
    format!(
        "SELECT p.id AS product_id, p.category_id, p.name, p.name_local, p.image, p.description,
                p.search_words, p.hidden, v.id AS variant_id, v.label, v.price_minor, v.mrp_minor, v.stock, v.untracked,
                v.sold_out_until_ms
         FROM products p JOIN variants v ON v.store_id = p.store_id AND v.product_id = p.id
         WHERE p.store_id = {store}
         ORDER BY p.position, v.position"
    )
}

/// The rows of [`live_catalog_query`] as the draft's products, each pack with its stock.
pub(super) fn live_products<R: Columns>(
    rows: &[R],
    now_ms: i64,
) -> Result<Vec<DraftProduct>, StoreError> {
    let mut products: Vec<DraftProduct> = Vec::new();
    for row in rows {
        let product_id = row.text("product_id")?;
        let variant = DraftVariant {
            id: row.text("variant_id")?,
            label: row.text("label")?,
            price: Money::from_minor(row.int("price_minor")?),
            mrp: row.maybe_int("mrp_minor")?.map(Money::from_minor),
            stock: Some(stock_level(row, now_ms)?),
        };
        match products.last_mut() {
            Some(product) if product.id == product_id => product.variants.push(variant),
            _ => products.push(DraftProduct {
                id: product_id,
                category: row.text("category_id")?,
                name: row.text("name")?,
                name_local: row.maybe_text("name_local")?,
                image: row.maybe_text("image")?,
                description: row.maybe_text("description")?,
                search_words: draft::search_words_of(&row.text("search_words")?),
                hidden: row.flag("hidden")?,
                variants: vec![variant],
            }),
        }
    }
    Ok(products)
}

/// A pack's stock columns (`stock`, `untracked`, `sold_out_until_ms`) as the merchant's word at `now_ms`:
/// sold out until a moment that has passed is simply not counted.
pub(super) fn stock_level(row: &impl Columns, now_ms: i64) -> Result<Stock, StoreError> {
    if row.flag("untracked")? {
        return Ok(row
            .maybe_int("sold_out_until_ms")?
            .filter(|until| now_ms < *until)
            .map_or(Stock::Untracked, Stock::SoldOutUntil));
    }
    let count = row.int("stock")?;
    u32::try_from(count)
        .map(Stock::Count)
        .map_err(|_| StoreError::Corrupt(format!("stock {count}")))
}

/// A stock level as the columns keep it. A count sets `stock`; the other levels leave it (`None`) as
/// it was, for when the pack is counted again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct StockColumns {
    pub count: Option<i64>,
    pub untracked: bool,
    pub sold_out_until_ms: Option<i64>,
}

impl From<Stock> for StockColumns {
    fn from(stock: Stock) -> Self {
        match stock {
            Stock::Count(units) => Self {
                count: Some(i64::from(units)),
                untracked: false,
                sold_out_until_ms: None,
            },
            Stock::Untracked => Self {
                count: None,
                untracked: true,
                sold_out_until_ms: None,
            },
            Stock::SoldOutUntil(until) => Self {
                count: None,
                untracked: true,
                sold_out_until_ms: Some(until),
            },
        }
    }
}

/// A pack as shoppers see it at `now_ms`, from its columns (`id`, `label`, `price_minor`,
/// `mrp_minor` and the stock's).
pub(super) fn variant_row(row: &impl Columns, now_ms: i64) -> Result<Variant, StoreError> {
    Ok(Variant {
        id: row.text("id")?,
        label: row.text("label")?,
        price: Money::from_minor(row.int("price_minor")?),
        mrp: row.maybe_int("mrp_minor")?.map(Money::from_minor),
        max_quantity: orderable_quantity(available(stock_level(row, now_ms)?, now_ms)),
    })
}

/// Why a line's packs could not be taken, from its pack's columns as they are now (`stock`, `untracked`,
/// `sold_out_until_ms`, `price_minor`; `None`: the pack is gone).
pub(super) fn shortfall(
    line: &PricedLine,
    now: Option<&impl Columns>,
    at_ms: i64,
) -> Result<Placement, StoreError> {
    let line = line.clone();
    let Some(row) = now else {
        return Ok(Placement::OutOfStock { line, available: 0 });
    };
    if row.int("price_minor")? != line.unit_price.minor() {
        return Ok(Placement::PriceChanged { line });
    }
    Ok(Placement::OutOfStock {
        line,
        available: available(stock_level(row, at_ms)?, at_ms),
    })
}

/// What pricing needs of one pack: the sellable columns both backends select.
pub(super) fn sellable_row(row: &impl Columns, now_ms: i64) -> Result<Sellable, StoreError> {
    Ok(Sellable {
        product: row.text("product_id")?,
        variant: row.text("variant_id")?,
        name: row.text("name")?,
        variant_label: row.text("label")?,
        price: Money::from_minor(row.int("price_minor")?),
        stock: available(stock_level(row, now_ms)?, now_ms),
    })
}

/// A row of `catalog_versions` (version, body, published_at_ms), summed up.
pub(super) fn version_summary(row: &impl Columns) -> Result<haat_api::CatalogVersion, StoreError> {
    let version = row.int("version")?;
    let catalog = super::parse_catalog_json(&row.text("body")?)?;
    Ok(haat_api::CatalogVersion {
        version: u32::try_from(version)
            .map_err(|_| StoreError::Corrupt(format!("version {version}")))?,
        published_at_ms: row.int("published_at_ms")?,
        products: u32::try_from(catalog.products.len()).unwrap_or(u32::MAX),
    })
}

/// The columns [`telegram_bot`] reads, for both backends' queries (then `WHERE …`).
pub(super) const TELEGRAM_BOT_COLUMNS: &str =
    "SELECT b.store_id, s.slug, b.bot_token, b.chat_id, b.repeat_minutes, b.problem
    FROM telegram_bots b JOIN stores s ON s.id = b.store_id";

/// A shop's Telegram bot, from [`TELEGRAM_BOT_COLUMNS`].
pub(super) fn telegram_bot<R: Columns>(row: &R) -> Result<TelegramBot, StoreError> {
    Ok(TelegramBot {
        store_id: row.int("store_id")?,
        store_slug: row.text("slug")?,
        setup: notice_setup(row)?,
        problem: row.maybe_text("problem")?,
    })
}

/// A shop's notice setup, from its columns (`bot_token`, `chat_id`, `repeat_minutes`).
fn notice_setup<R: Columns>(row: &R) -> Result<NoticeSetup, StoreError> {
    let chat = row.text("chat_id")?;
    let repeat = row.int("repeat_minutes")?;
    Ok(NoticeSetup {
        bot_token: row
            .text("bot_token")?
            .parse()
            .map_err(|_| StoreError::Corrupt("a Telegram bot token".into()))?,
        chat: Chat::parse(&chat)
            .ok_or_else(|| StoreError::Corrupt(format!("Telegram chat {chat:?}")))?,
        repeat_minutes: u32::try_from(repeat)
            .map_err(|_| StoreError::Corrupt(format!("repeat minutes {repeat}")))?,
    })
}

/// The orders whose notice may be due (see [`super::Store::notice_candidates`]); the placeholders are
/// the backend's for the earliest moment placed, the most sends and the limit. An order told once to a
/// shop that wants no reminders is done; the rest come least recently tried first, so a pass's limit
/// never leaves a new order behind the same old ones. Read by [`notice_candidate`].
pub(super) fn notice_candidates_query(since: &str, max_sends: &str, limit: &str) -> String {
    format!(
        "SELECT o.id AS order_id, o.store_id, b.bot_token, b.chat_id, b.repeat_minutes, n.attempts,
                n.sending_since_ms, n.sent_count, n.last_sent_at_ms, n.failures, n.last_failed_at_ms
         FROM telegram_bots b
         JOIN orders o ON o.store_id = b.store_id AND o.status = 'placed'
         LEFT JOIN telegram_notices n ON n.order_id = o.id
         WHERE NOT o.test AND o.created_at_ms >= b.since_ms AND o.created_at_ms >= {since}
           AND COALESCE(n.sent_count, 0) <= {max_sends}
           AND NOT (b.repeat_minutes = 0 AND COALESCE(n.sent_count, 0) >= 1)
         ORDER BY COALESCE(n.last_sent_at_ms, n.last_failed_at_ms, 0), o.id
         LIMIT {limit}"
    )
}

/// A row of [`notice_candidates_query`]: an order never notified yet has no record, which reads as the
/// default one.
pub(super) fn notice_candidate<R: Columns>(row: &R) -> Result<NoticeCandidate, StoreError> {
    let count = |name: &str| -> Result<u32, StoreError> {
        let count = row.maybe_int(name)?.unwrap_or(0);
        u32::try_from(count).map_err(|_| StoreError::Corrupt(format!("notice {name} {count}")))
    };
    Ok(NoticeCandidate {
        order_id: row.int("order_id")?,
        store_id: row.int("store_id")?,
        setup: notice_setup(row)?,
        record: notice::Record {
            attempts: row.maybe_int("attempts")?.unwrap_or(0),
            sending_since_ms: row.maybe_int("sending_since_ms")?,
            sent_count: count("sent_count")?,
            last_sent_at_ms: row.maybe_int("last_sent_at_ms")?,
            failures: count("failures")?,
            last_failed_at_ms: row.maybe_int("last_failed_at_ms")?,
        },
    })
}
