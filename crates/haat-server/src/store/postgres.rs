//! PostgreSQL, by URL: for a platform that runs several stateless server processes on one database.
//!
//! The behaviour is exactly [`super::sqlite`]'s. Where SQLite serialises writers with `BEGIN IMMEDIATE`,
//! this takes row locks at READ COMMITTED, always in the same order, so concurrent requests neither
//! oversell nor deadlock:
//!
//! 1. an order's row (`change_status`), `SELECT … FOR UPDATE`;
//! 2. the variants an order takes from or returns to, sorted by (product, variant), `SELECT … FOR UPDATE`;
//! 3. the shop's event feed, a transaction-scoped advisory lock taken just before writing an order event,
//!    so a shop's events commit in id order (a feed that resumes after the last id it saw misses none);
//! 4. an idempotency key's row, always alone or last: a second request inserting the same key waits for
//!    the first transaction and then finds the key taken.
//!
//! Publishing a catalog takes the shop's row first, `FOR NO KEY UPDATE` (one publish of a shop at a time;
//! the key-share locks that inserting an order or an event takes on it through their foreign keys do not
//! conflict with it), then every variant of the shop as 2. does, before it writes any.
//!
//! A Telegram notice's record and its shop's bot (`telegram_notices`, `telegram_bots`) are written in short
//! transactions of their own, the notice's row before the bot's, and no transaction that locks an order or
//! a variant writes them; claiming a notice is one statement (its foreign key only key-shares the order).

use std::{collections::HashMap, str::FromStr};

use haat_api::{
    CatalogDraft, CatalogVersion, Category, DeliverySlot, Edit, Money, Order, OrderList,
    OrderStatus, Paid, PricedLine, RejectReason, StatusChange, StoreProfile, Variant,
    VariantUpdate,
};
use sqlx::{
    Postgres, Row, Transaction,
    postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow},
};

use super::{
    Completion, Kept, KeyedAnswer, LineRefused, NewEvent, NewOrder, NotPayable, NoticeCandidate,
    OrderEvent, PhotoSize, Placement, Publication, StatusChangeRequest, Store, StoreError,
    StoreRecord, StoredAnswer, StoredOrder, TelegramBot, VariantKey, catalog_json, fulfilment_name,
    parse_catalog_json, parse_status,
    rows::{
        Bound, EVENT_COLUMNS, ORDER_COLUMNS, OrderEvents, STORED_LINE_COLUMNS, StockColumns,
        TELEGRAM_BOT_COLUMNS, by_shop, line_from_row, live_catalog_query, live_products,
        notice_candidate, notice_candidates_query, order_from_row, order_list_query, page_of,
        payment_methods_text, purge_test_orders_statements, sellable_row, shortfall, store_record,
        stored_answer, stored_line, telegram_bot, variant_row, version_summary,
    },
};
use crate::{
    domain::{
        draft::{self, without_stock},
        lifecycle::{self, InvalidTransition},
        line_change::{self, LineEdit, sold_meanwhile},
        notice_setup::NoticeSetup,
        order_list::OrderFilter,
        photo::{self, Photo},
        pricing::Sellable,
    },
    seed::SeedShop,
};

/// Connections per server process.
const POOL_SIZE: u32 = 16;

/// The first key of the feed's advisory locks ("Haat"); the second is the shop's id. Two-key advisory
/// locks never collide with one-key ones (which sqlx's migrator uses).
const FEED_LOCK_SPACE: i32 = 0x4861_6174;

pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to the database named by a `postgres://` (or `postgresql://`) URL and applies migrations.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(POOL_SIZE)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }
}

#[async_trait::async_trait]
impl Store for PostgresStore {
    async fn store_by_slug(&self, slug: &str) -> Result<Option<StoreRecord>, StoreError> {
        if !storable(slug) {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT id, slug, name, name_local, tagline, currency, locale, phone, min_order_minor,
                    delivery_fee_minor, free_delivery_from_minor, merchant_token_hash, pickup,
                    payment_methods, upi_id, address, hours, closed, closed_until_ms,
                    closed_takes_orders, logo
             FROM stores WHERE slug = $1",
        )
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut record = store_record(&row)?;
        record.profile.delivery_pincodes = sqlx::query_scalar(
            "SELECT pincode FROM store_pincodes WHERE store_id = $1 ORDER BY pincode",
        )
        .bind(record.id)
        .fetch_all(&self.pool)
        .await?;
        record.profile.delivery_slots = sqlx::query_as::<_, (String, String)>(
            "SELECT id, label FROM delivery_slots WHERE store_id = $1 ORDER BY position",
        )
        .bind(record.id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|(id, label)| DeliverySlot { id, label })
        .collect();
        Ok(Some(record))
    }

    async fn live_catalog(
        &self,
        store: &StoreRecord,
        now_ms: i64,
    ) -> Result<CatalogDraft, StoreError> {
        let categories = sqlx::query(
            "SELECT id, name, name_local, icon FROM categories WHERE store_id = $1 ORDER BY position",
        )
        .bind(store.id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(Category {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                name_local: row.try_get("name_local")?,
                icon: row.try_get("icon")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;

        let rows = sqlx::query(&live_catalog_query("$1"))
            .bind(store.id)
            .fetch_all(&self.pool)
            .await?;
        Ok(CatalogDraft {
            categories,
            products: live_products(&rows, now_ms)?,
        })
    }

    async fn sellable(
        &self,
        store_id: i64,
        keys: &[VariantKey],
        now_ms: i64,
    ) -> Result<Vec<Sellable>, StoreError> {
        // A key PostgreSQL cannot even hold (a NUL character) names nothing stored.
        let (products, variants): (Vec<&str>, Vec<&str>) = keys
            .iter()
            .filter(|key| storable(&key.product) && storable(&key.variant))
            .map(|key| (key.product.as_str(), key.variant.as_str()))
            .unzip();
        if products.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(
            "SELECT p.id AS product_id, v.id AS variant_id, p.name, v.label, v.price_minor, v.stock,
                    v.untracked, v.sold_out_until_ms
             FROM variants v JOIN products p ON p.store_id = v.store_id AND p.id = v.product_id
             WHERE v.store_id = $1 AND NOT p.hidden
               AND (v.product_id, v.id) IN (SELECT * FROM UNNEST($2::text[], $3::text[]))",
        )
        .bind(store_id)
        .bind(&products)
        .bind(&variants)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| sellable_row(row, now_ms)).collect()
    }

    async fn place_order(
        &self,
        order: NewOrder,
        completion: Option<Completion>,
    ) -> Result<Placement, StoreError> {
        let mut tx = self.pool.begin().await?;
        // Lock every variant the order takes from first (a test order takes from none), in (product,
        // variant) order, so two orders sharing variants never deadlock; then take stock line by line in
        // the order's own order, so the line reported short is the same one SQLite reports.
        let taking = order.lines_taking_stock();
        let (products, variants): (Vec<&str>, Vec<&str>) = taking
            .iter()
            .map(|line| (line.product.as_str(), line.variant.as_str()))
            .unzip();
        if !taking.is_empty() {
            sqlx::query(
                "SELECT 1 FROM variants
                 WHERE store_id = $1
                   AND (product_id, id) IN (SELECT * FROM UNNEST($2::text[], $3::text[]))
                 ORDER BY product_id, id
                 FOR UPDATE",
            )
            .bind(order.store_id)
            .bind(&products)
            .bind(&variants)
            .execute(&mut *tx)
            .await?;
        }
        // Whether each line took its packs from a counted stock, for giving them back.
        let mut counted = Vec::with_capacity(order.lines.len());
        for line in taking {
            let taken = take_packs(
                &mut tx,
                order.store_id,
                (&line.product, &line.variant),
                line.unit_price,
                line.quantity,
                order.created_at_ms,
            )
            .await?;
            let Some(taken) = taken else {
                let now = sqlx::query(
                    "SELECT v.stock, v.untracked, v.sold_out_until_ms, v.price_minor
                     FROM variants v JOIN products p ON p.store_id = v.store_id AND p.id = v.product_id
                     WHERE v.store_id = $1 AND v.product_id = $2 AND v.id = $3 AND NOT p.hidden",
                )
                .bind(order.store_id)
                .bind(&line.product)
                .bind(&line.variant)
                .fetch_optional(&mut *tx)
                .await?;
                tx.rollback().await?;
                return shortfall(line, now.as_ref(), order.created_at_ms);
            };
            counted.push(taken);
        }
        counted.resize(order.lines.len(), false);

        let id: i64 = sqlx::query_scalar(
            "INSERT INTO orders (store_id, token_hash, status, customer_name, customer_phone,
                                             customer_address, currency, subtotal_minor, delivery_fee_minor,
                                             total_minor, created_at_ms, fulfilment, customer_pincode, slot_id,
                                             slot_label, payment, note, test, language)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                     $18, $19)
                          RETURNING id",
                     )
                     .bind(order.store_id)
        .bind(&order.token_hash)
        .bind(OrderStatus::Placed.as_str())
        .bind(&order.customer.name)
        .bind(&order.customer.phone)
        .bind(&order.customer.address)
        .bind(&order.currency)
        .bind(order.totals.subtotal.minor())
        .bind(order.totals.delivery_fee.minor())
        .bind(order.totals.total.minor())
        .bind(order.created_at_ms)
        .bind(fulfilment_name(order.fulfilment))
        .bind(&order.customer.pincode)
        .bind(order.slot.as_ref().map(|slot| &slot.id))
        .bind(order.slot.as_ref().map(|slot| &slot.label))
    .bind(order.payment.as_str())
    .bind(&order.note)
        .bind(order.test)
        .bind(&order.language)
        .fetch_one(&mut *tx)
        .await?;
        for ((line_no, line), counted) in (1_i64..).zip(&order.lines).zip(&counted) {
            sqlx::query(
                "INSERT INTO order_lines (order_id, line_no, product_id, variant_id, name,
                                          variant_label, unit_price_minor, quantity, line_total_minor,
                                          substitution, stock_taken)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(id)
            .bind(line_no)
            .bind(&line.product)
            .bind(&line.variant)
            .bind(&line.name)
            .bind(&line.variant_label)
            .bind(line.unit_price.minor())
            .bind(i64::from(line.quantity))
            .bind(line.line_total.minor())
            .bind(line.substitution.as_str())
            .bind(*counted)
            .execute(&mut *tx)
            .await?;
        }
        record_event(
            &mut tx,
            order.store_id,
            id,
            &NewEvent::reached(OrderStatus::Placed, order.created_at_ms),
        )
        .await?;
        let placed = Order {
            id,
            test: order.test,
            paid: None,
            edits: Vec::new(),
            store: order.store_slug,
            status: OrderStatus::Placed,
            customer: order.customer,
            fulfilment: order.fulfilment,
            slot: order.slot,
            currency: order.currency,
            payment: order.payment,
            payment_link: None,
            note: order.note,
            language: order.language,
            lines: order.lines,
            totals: order.totals,
            created_at_ms: order.created_at_ms,
            history: vec![StatusChange::reached(
                OrderStatus::Placed,
                order.created_at_ms,
            )],
        };
        if let Some(completion) = completion {
            let (status, body) = (completion.render)(&placed);
            let answer = completion.request.answer(status, body, order.created_at_ms);
            if !insert_answer(&mut tx, &answer).await? {
                tx.rollback().await?;
                return Ok(Placement::KeyTaken);
            }
        }
        tx.commit().await?;
        Ok(Placement::Placed(Box::new(placed)))
    }

    async fn change_status(
        &self,
        change: StatusChangeRequest,
    ) -> Result<Option<Result<Order, InvalidTransition>>, StoreError> {
        let mut tx = self.pool.begin().await?;
        // The order's row lock makes the check and the move one step: two changes of one order queue up.
        let current: Option<(i64, String, bool)> =
            sqlx::query_as("SELECT store_id, status, test FROM orders WHERE id = $1 FOR UPDATE")
                .bind(change.order_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((store_id, status, test)) = current else {
            tx.rollback().await?;
            return Ok(None);
        };
        // A test order (placed in a preview) is not among the shop's orders: only its shopper moves it.
        if change
            .store_id
            .is_some_and(|expected| expected != store_id || test)
        {
            tx.rollback().await?;
            return Ok(None);
        }
        let from = parse_status(&status)?;
        if let Err(invalid) =
            lifecycle::check_from(from, change.expected_from, change.to, change.actor)
        {
            tx.rollback().await?;
            return Ok(Some(Err(invalid)));
        }
        sqlx::query("UPDATE orders SET status = $1 WHERE id = $2")
            .bind(change.to.as_str())
            .bind(change.order_id)
            .execute(&mut *tx)
            .await?;
        if lifecycle::returns_stock(change.to) {
            sqlx::query(
                "SELECT 1 FROM variants v
                 WHERE v.store_id = $1 AND (v.product_id, v.id) IN (
                     SELECT l.product_id, l.variant_id FROM order_lines l WHERE l.order_id = $2)
                 ORDER BY v.product_id, v.id
                 FOR UPDATE OF v",
            )
            .bind(store_id)
            .bind(change.order_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                // Summed: a replacement may have put a pack on two lines of the order.
                "UPDATE variants v SET stock = v.stock + l.back
                 FROM (SELECT product_id, variant_id, SUM(COALESCE(sent_quantity, quantity)) AS back
                       FROM order_lines WHERE order_id = $1 AND stock_taken
                       GROUP BY product_id, variant_id) l
                 WHERE v.store_id = $2 AND v.product_id = l.product_id AND v.id = l.variant_id",
            )
            .bind(change.order_id)
            .bind(store_id)
            .execute(&mut *tx)
            .await?;
        }
        let event = NewEvent {
            reason: change.reason,
            note: change.note.as_deref(),
            ..NewEvent::reached(change.to, change.at_ms)
        };
        record_event(&mut tx, store_id, change.order_id, &event).await?;
        tx.commit().await?;
        Ok(Some(Ok(self.order_now(change.order_id).await?)))
    }

    async fn answer(&self, store_id: i64, key: &str) -> Result<Option<StoredAnswer>, StoreError> {
        let row: Option<(String, i64, String)> = sqlx::query_as(
            "SELECT request_hash, status, response FROM idempotency_keys
             WHERE store_id = $1 AND key = $2",
        )
        .bind(store_id)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(request_hash, status, body)| stored_answer(key, request_hash, status, body))
            .transpose()
    }

    async fn keep_answer(&self, answer: KeyedAnswer) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let kept = insert_answer(&mut tx, &answer).await?;
        tx.commit().await?;
        Ok(kept)
    }

    async fn events_since(
        &self,
        store_id: i64,
        after: i64,
        limit: i64,
    ) -> Result<Vec<OrderEvent>, StoreError> {
        // SQLite reads a negative LIMIT as no limit; PostgreSQL refuses one but reads NULL that way.
        let limit = (limit >= 0).then_some(limit);
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT e.id, e.order_id FROM order_events e
             JOIN orders o ON o.id = e.order_id
             WHERE e.store_id = $1 AND e.id > $2 AND NOT o.test ORDER BY e.id LIMIT $3",
        )
        .bind(store_id)
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, order_id)| OrderEvent { id, order_id })
            .collect())
    }

    async fn last_event_id(&self, store_id: i64) -> Result<i64, StoreError> {
        let last: Option<i64> =
            sqlx::query_scalar("SELECT MAX(id) FROM order_events WHERE store_id = $1")
                .bind(store_id)
                .fetch_one(&self.pool)
                .await?;
        Ok(last.unwrap_or(0))
    }

    async fn purge_keys(&self, before_ms: i64) -> Result<u64, StoreError> {
        let purged = sqlx::query("DELETE FROM idempotency_keys WHERE answered_at_ms < $1")
            .bind(before_ms)
            .execute(&self.pool)
            .await?;
        Ok(purged.rows_affected())
    }

    async fn purge_unused_photos(&self, before_ms: i64) -> Result<u64, StoreError> {
        let waiting: Vec<(i64, String)> = sqlx::query_as(
            "SELECT store_id, id FROM photos WHERE NOT published AND created_at_ms < $1
             ORDER BY store_id",
        )
        .bind(before_ms)
        .fetch_all(&self.pool)
        .await?;
        let mut purged = 0;
        for (store_id, ids) in by_shop(waiting) {
            // A shop at a time, its row first as publishing takes it (FOR NO KEY UPDATE: orders go on),
            // then its draft: no draft is saved or published between reading it and deleting what
            // nothing uses; a photo sent again meanwhile is younger than `before_ms`, and stays.
            let mut tx = self.pool.begin().await?;
            let logo: Option<String> =
                sqlx::query_scalar("SELECT logo FROM stores WHERE id = $1 FOR NO KEY UPDATE")
                    .bind(store_id)
                    .fetch_one(&mut *tx)
                    .await?;
            let draft: Option<String> = sqlx::query_scalar(
                "SELECT body FROM catalog_drafts WHERE store_id = $1 FOR UPDATE",
            )
            .bind(store_id)
            .fetch_optional(&mut *tx)
            .await?;
            // The live products too, whatever their photos' marks say.
            let live: Vec<String> = sqlx::query_scalar(
                "SELECT image FROM products WHERE store_id = $1 AND image IS NOT NULL",
            )
            .bind(store_id)
            .fetch_all(&mut *tx)
            .await?;
            let uses: Vec<&str> = draft
                .iter()
                .chain(&logo)
                .chain(&live)
                .map(String::as_str)
                .collect();
            for id in photo::unused(&ids, &uses) {
                purged += sqlx::query(
                    "DELETE FROM photos WHERE store_id = $1 AND id = $2 AND NOT published
                                         AND created_at_ms < $3",
                )
                .bind(store_id)
                .bind(id)
                .bind(before_ms)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
            tx.commit().await?;
        }
        Ok(purged)
    }

    async fn purge_test_orders(&self, before_ms: i64) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut purged = 0;
        for statement in purge_test_orders_statements("$1") {
            purged = sqlx::query(&statement)
                .bind(before_ms)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        tx.commit().await?;
        // The last statement deletes the orders themselves.
        Ok(purged)
    }

    async fn order(&self, id: i64) -> Result<Option<StoredOrder>, StoreError> {
        let Some(row) = sqlx::query(&format!("{ORDER_COLUMNS} WHERE o.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let mut lines = self.lines_of(&[id]).await?;
        let mut events = self.events_of(&[id]).await?;
        let order = order_from_row(
            &row,
            lines.remove(&id).unwrap_or_default(),
            events.remove(&id).unwrap_or_default(),
        )?;
        Ok(Some(StoredOrder {
            order,
            token_hash: row.try_get("token_hash")?,
        }))
    }

    async fn orders(&self, store_id: i64, filter: &OrderFilter) -> Result<OrderList, StoreError> {
        let (sql, values) = order_list_query(store_id, filter, |n| format!("${n}"));
        let mut query = sqlx::query(&sql);
        for value in values {
            query = match value {
                Bound::Int(number) => query.bind(number),
                Bound::Text(text) => query.bind(text),
            };
        }
        let rows = query.fetch_all(&self.pool).await?;
        Ok(page_of(self.orders_of(&rows).await?, filter.limit))
    }

    async fn orders_placed_between(
        &self,
        store_id: i64,
        from_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<Order>, StoreError> {
        let rows = sqlx::query(&format!(
            "{ORDER_COLUMNS} WHERE o.store_id = $1 AND NOT o.test
                AND o.created_at_ms >= $2 AND o.created_at_ms < $3
             ORDER BY o.id"
        ))
        .bind(store_id)
        .bind(from_ms)
        .bind(until_ms)
        .fetch_all(&self.pool)
        .await?;
        self.orders_of(&rows).await
    }

    async fn change_line(
        &self,
        store_id: i64,
        order_id: i64,
        line_no: i64,
        edit: LineEdit,
        at_ms: i64,
    ) -> Result<Option<Result<Order, LineRefused>>, StoreError> {
        let mut tx = self.pool.begin().await?;
        // The order's row lock: a change and a move (or the shopper's cancel) of one order queue up.
        let Some(status) = shops_order_status(&mut tx, store_id, order_id).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        if !lifecycle::lines_editable(status) {
            tx.rollback().await?;
            return Ok(Some(Err(LineRefused::Settled(status))));
        }
        let lines = sqlx::query(&format!(
            "{STORED_LINE_COLUMNS} WHERE order_id = $1 ORDER BY line_no"
        ))
        .bind(order_id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(stored_line)
        .collect::<Result<Vec<_>, _>>()?;
        let plan = match line_change::plan(&lines, line_no, edit) {
            Some(Ok(Some(plan))) => plan,
            None => {
                tx.rollback().await?;
                return Ok(None);
            }
            Some(Err(invalid)) => {
                tx.rollback().await?;
                return Ok(Some(Err(LineRefused::Invalid(invalid))));
            }
            // Nothing changes, nor is anything recorded.
            Some(Ok(None)) => {
                tx.rollback().await?;
                return Ok(self.order(order_id).await?.map(|stored| Ok(stored.order)));
            }
        };
        let line = lines.iter().find(|line| line.line_no == line_no);
        let line = line.ok_or_else(|| StoreError::Corrupt(format!("line {line_no}")))?;
        if let Some(added) = &plan.added {
            let pack = &added.pack;
            // Both packs' rows locked in one order, as an order's placement locks them, so that two
            // changes (or a change and a placement) never wait on each other crosswise.
            sqlx::query(
                "SELECT 1 FROM variants
                 WHERE store_id = $1 AND (product_id, id) IN (($2, $3), ($4, $5))
                 ORDER BY product_id, id
                 FOR UPDATE",
            )
            .bind(store_id)
            .bind(&line.product)
            .bind(&line.variant)
            .bind(&pack.product)
            .bind(&pack.variant)
            .execute(&mut *tx)
            .await?;
            let key = (pack.product.as_str(), pack.variant.as_str());
            let taken =
                take_packs(&mut tx, store_id, key, pack.price, added.quantity, at_ms).await?;
            let Some(counted) = taken else {
                tx.rollback().await?;
                return Ok(Some(Err(LineRefused::Invalid(sold_meanwhile(pack)))));
            };
            sqlx::query(
                "INSERT INTO order_lines (order_id, line_no, product_id, variant_id, name,
                                          variant_label, unit_price_minor, quantity, line_total_minor,
                                          substitution, stock_taken, replaces_line)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(order_id)
            .bind(added.line_no)
            .bind(&pack.product)
            .bind(&pack.variant)
            .bind(&pack.name)
            .bind(&pack.variant_label)
            .bind(pack.price.minor())
            .bind(i64::from(added.quantity))
            .bind(added.line_total.minor())
            .bind(added.substitution.as_str())
            .bind(counted)
            .bind(line_no)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "UPDATE order_lines SET sent_quantity = $1, line_total_minor = $2
             WHERE order_id = $3 AND line_no = $4",
        )
        .bind(i64::from(plan.sent))
        .bind(plan.line_total.minor())
        .bind(order_id)
        .bind(line_no)
        .execute(&mut *tx)
        .await?;
        if plan.back_to_stock > 0 {
            sqlx::query(
                "UPDATE variants SET stock = stock + $1
                 WHERE store_id = $2 AND product_id = $3 AND id = $4",
            )
            .bind(i64::from(plan.back_to_stock))
            .bind(store_id)
            .bind(&line.product)
            .bind(&line.variant)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "UPDATE orders SET
                 subtotal_minor = (SELECT SUM(line_total_minor) FROM order_lines WHERE order_id = $1),
                 total_minor = delivery_fee_minor
                     + (SELECT SUM(line_total_minor) FROM order_lines WHERE order_id = $1)
             WHERE id = $1",
        )
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
        let event = NewEvent::edited(status, at_ms, plan.edit);
        record_event(&mut tx, store_id, order_id, &event).await?;
        tx.commit().await?;
        Ok(Some(Ok(self.order_now(order_id).await?)))
    }

    async fn mark_paid(
        &self,
        store_id: i64,
        order_id: i64,
        paid: Option<Paid>,
        at_ms: i64,
    ) -> Result<Option<Result<Order, NotPayable>>, StoreError> {
        let mut tx = self.pool.begin().await?;
        // The order's row lock, as for a change of status: a mark and a move of one order queue up.
        let Some(status) = shops_order_status(&mut tx, store_id, order_id).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        // A mark made by mistake can always be taken back; a new one needs an order still to pay.
        if paid.is_some() && !lifecycle::payable(status) {
            tx.rollback().await?;
            return Ok(Some(Err(NotPayable(status))));
        }
        // Taking back a mark the order does not have changes nothing, and is no edit.
        let marked = sqlx::query(
            "UPDATE orders SET paid_via = $1, paid_at_ms = $2
             WHERE id = $3 AND (paid_via IS NOT NULL OR $1 IS NOT NULL)",
        )
        .bind(paid.map(|paid| paid.via.as_str()))
        .bind(paid.map(|paid| paid.at_ms))
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
        if marked.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(Some(Ok(self.order_now(order_id).await?)));
        }
        let edit = paid.map_or(Edit::Unpaid, |paid| Edit::Paid(paid.via));
        let event = NewEvent::edited(status, at_ms, edit);
        record_event(&mut tx, store_id, order_id, &event).await?;
        tx.commit().await?;
        Ok(Some(Ok(self.order_now(order_id).await?)))
    }

    async fn create_store(
        &self,
        shop: &SeedShop,
        merchant_token_hash: &str,
    ) -> Result<(), StoreError> {
        let profile = &shop.store;
        let mut tx = self.pool.begin().await?;
        let store_id: i64 = sqlx::query_scalar(
            "INSERT INTO stores (slug, name, name_local, tagline, currency, locale, phone,
                                 min_order_minor, delivery_fee_minor, free_delivery_from_minor,
                                 merchant_token_hash, pickup, payment_methods, upi_id, address,
                                 hours)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
             RETURNING id",
        )
        .bind(&profile.slug)
        .bind(&profile.name)
        .bind(&profile.name_local)
        .bind(&profile.tagline)
        .bind(&profile.currency)
        .bind(&profile.locale)
        .bind(&profile.phone)
        .bind(profile.min_order.minor())
        .bind(profile.delivery_fee.minor())
        .bind(profile.free_delivery_from.map(Money::minor))
        .bind(merchant_token_hash)
        .bind(profile.pickup)
        .bind(payment_methods_text(&profile.payment_methods))
        .bind(&profile.upi_id)
        .bind(&profile.address)
        .bind(&profile.hours)
        .fetch_one(&mut *tx)
        .await
        .map_err(|error| super::shop_insert_error(error, &profile.slug))?;
        write_delivery_area(&mut tx, store_id, profile).await?;
        for (position, category) in (0_i64..).zip(&shop.categories) {
            sqlx::query(
                "INSERT INTO categories (store_id, id, position, name, name_local, icon)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(store_id)
            .bind(&category.id)
            .bind(position)
            .bind(&category.name)
            .bind(&category.name_local)
            .bind(&category.icon)
            .execute(&mut *tx)
            .await?;
        }
        for (position, product) in (0_i64..).zip(&shop.products) {
            sqlx::query(
                "INSERT INTO products (store_id, id, category_id, position, name, name_local, image,
                                       search_words)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(store_id)
            .bind(&product.id)
            .bind(&product.category)
            .bind(position)
            .bind(&product.name)
            .bind(&product.name_local)
            .bind(&product.image)
            .bind(draft::search_words_text(&product.search_words))
            .execute(&mut *tx)
            .await?;
            for (position, variant) in (0_i64..).zip(&product.variants) {
                sqlx::query(
                    "INSERT INTO variants (store_id, product_id, id, position, label, price_minor,
                                           mrp_minor, stock)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(store_id)
                .bind(&product.id)
                .bind(&variant.id)
                .bind(position)
                .bind(&variant.label)
                .bind(variant.price.minor())
                .bind(variant.mrp.map(Money::minor))
                .bind(i64::from(variant.stock))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn update_variant(
        &self,
        store_id: i64,
        product: &str,
        variant: &str,
        update: VariantUpdate,
        now_ms: i64,
    ) -> Result<Option<Variant>, StoreError> {
        if !storable(product) || !storable(variant) {
            return Ok(None);
        }
        let stock = update.stock.map(StockColumns::from);
        let row = sqlx::query(
            "UPDATE variants SET price_minor = COALESCE($1, price_minor),
                                 mrp_minor = COALESCE($2, mrp_minor),
                                 stock = COALESCE($3, stock),
                                 untracked = CASE WHEN $4 THEN $5 ELSE untracked END,
                                 sold_out_until_ms = CASE WHEN $4 THEN $6 ELSE sold_out_until_ms END
             WHERE store_id = $7 AND product_id = $8 AND id = $9
               AND (COALESCE($2, mrp_minor) IS NULL OR COALESCE($2, mrp_minor) >= COALESCE($1, price_minor))
             RETURNING id, label, price_minor, mrp_minor, stock, untracked, sold_out_until_ms",
        )
        .bind(update.price.map(Money::minor))
        .bind(update.mrp.map(Money::minor))
        .bind(stock.and_then(|it| it.count))
        .bind(stock.is_some())
        .bind(stock.is_some_and(|it| it.untracked))
        .bind(stock.and_then(|it| it.sold_out_until_ms))
        .bind(store_id)
        .bind(product)
        .bind(variant)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => variant_row(&row, now_ms).map(Some),
            None => {
                let exists = sqlx::query(
                    "SELECT 1 FROM variants WHERE store_id = $1 AND product_id = $2 AND id = $3",
                )
                .bind(store_id)
                .bind(product)
                .bind(variant)
                .fetch_optional(&self.pool)
                .await?;
                exists.map_or(Ok(None), |_| Err(StoreError::MrpBelowPrice))
            }
        }
    }

    async fn draft(&self, store_id: i64) -> Result<Option<CatalogDraft>, StoreError> {
        let body: Option<String> =
            sqlx::query_scalar("SELECT body FROM catalog_drafts WHERE store_id = $1")
                .bind(store_id)
                .fetch_optional(&self.pool)
                .await?;
        body.as_deref().map(parse_catalog_json).transpose()
    }

    async fn save_draft(
        &self,
        store_id: i64,
        draft: &CatalogDraft,
        at_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO catalog_drafts (store_id, body, updated_at_ms) VALUES ($1, $2, $3)
             ON CONFLICT (store_id) DO UPDATE SET body = excluded.body,
                                                  updated_at_ms = excluded.updated_at_ms",
        )
        .bind(store_id)
        .bind(catalog_json(draft)?)
        .bind(at_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn replace_draft(
        &self,
        store_id: i64,
        seen: Option<&CatalogDraft>,
        draft: &CatalogDraft,
        at_ms: i64,
    ) -> Result<bool, StoreError> {
        let written =
            match seen {
                None => sqlx::query(
                    "INSERT INTO catalog_drafts (store_id, body, updated_at_ms) VALUES ($1, $2, $3)
                     ON CONFLICT (store_id) DO NOTHING",
                )
                .bind(store_id)
                .bind(catalog_json(draft)?)
                .bind(at_ms)
                .execute(&self.pool)
                .await?,
                Some(seen) => {
                    sqlx::query(
                        "UPDATE catalog_drafts SET body = $1, updated_at_ms = $2
                     WHERE store_id = $3 AND body = $4",
                    )
                    .bind(catalog_json(draft)?)
                    .bind(at_ms)
                    .bind(store_id)
                    .bind(catalog_json(seen)?)
                    .execute(&self.pool)
                    .await?
                }
            };
        Ok(written.rows_affected() == 1)
    }

    async fn discard_draft(&self, store_id: i64) -> Result<bool, StoreError> {
        let deleted = sqlx::query("DELETE FROM catalog_drafts WHERE store_id = $1")
            .bind(store_id)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn publish(&self, store_id: i64, publication: &Publication) -> Result<u32, StoreError> {
        let catalog = &publication.catalog;
        let mut tx = self.pool.begin().await?;
        // One publish of a shop at a time: the shop's row is its lock, taken FOR NO KEY UPDATE so the
        // key-share locks of orders' and events' foreign keys never wait on it. Then every variant of the
        // shop, in the order orders lock them (2. above), before any is written.
        sqlx::query("SELECT id FROM stores WHERE id = $1 FOR NO KEY UPDATE")
            .bind(store_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "SELECT 1 FROM variants WHERE store_id = $1 ORDER BY product_id, id FOR UPDATE",
        )
        .bind(store_id)
        .execute(&mut *tx)
        .await?;
        let last: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(version)::BIGINT FROM catalog_versions WHERE store_id = $1",
        )
        .bind(store_id)
        .fetch_one(&mut *tx)
        .await?;
        let mut version = last.unwrap_or(0);
        let keep = |body: String, version: i64| {
            sqlx::query(
                "INSERT INTO catalog_versions (store_id, version, body, published_at_ms)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(store_id)
            .bind(version)
            .bind(body)
            .bind(publication.at_ms)
        };
        if last.is_none() {
            version = 1;
            keep(catalog_json(&without_stock(&publication.before))?, version)
                .execute(&mut *tx)
                .await?;
        }
        for (position, category) in (0_i64..).zip(&catalog.categories) {
            sqlx::query(
                "INSERT INTO categories (store_id, id, position, name, name_local, icon)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (store_id, id) DO UPDATE SET position = excluded.position,
                     name = excluded.name, name_local = excluded.name_local, icon = excluded.icon",
            )
            .bind(store_id)
            .bind(&category.id)
            .bind(position)
            .bind(&category.name)
            .bind(&category.name_local)
            .bind(&category.icon)
            .execute(&mut *tx)
            .await?;
        }
        for (position, product) in (0_i64..).zip(&catalog.products) {
            sqlx::query(
                "INSERT INTO products (store_id, id, category_id, position, name, name_local, image,
                                       description, search_words, hidden)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 ON CONFLICT (store_id, id) DO UPDATE SET category_id = excluded.category_id,
                     position = excluded.position, name = excluded.name,
                     name_local = excluded.name_local, image = excluded.image,
                     description = excluded.description,
                     search_words = excluded.search_words, hidden = excluded.hidden",
            )
            .bind(store_id)
            .bind(&product.id)
            .bind(&product.category)
            .bind(position)
            .bind(&product.name)
            .bind(&product.name_local)
            .bind(&product.image)
            .bind(&product.description)
            .bind(draft::search_words_text(&product.search_words))
            .bind(product.hidden)
            .execute(&mut *tx)
            .await?;
            for (position, variant) in (0_i64..).zip(&product.variants) {
                // Stock the draft does not set stays as orders left it, read in this statement; a
                // new pack starts counted, at 0.
                let stock = variant.stock.map(StockColumns::from);
                sqlx::query(
                    "INSERT INTO variants (store_id, product_id, id, position, label, price_minor,
                                           mrp_minor, stock, untracked, sold_out_until_ms)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8, 0), $9, $10)
                     ON CONFLICT (store_id, product_id, id) DO UPDATE SET
                         position = excluded.position, label = excluded.label,
                         price_minor = excluded.price_minor, mrp_minor = excluded.mrp_minor,
                         stock = COALESCE($8, variants.stock),
                         untracked = CASE WHEN $11 THEN excluded.untracked ELSE variants.untracked END,
                         sold_out_until_ms = CASE WHEN $11 THEN excluded.sold_out_until_ms
                                                  ELSE variants.sold_out_until_ms END",
                )
                .bind(store_id)
                .bind(&product.id)
                .bind(&variant.id)
                .bind(position)
                .bind(&variant.label)
                .bind(variant.price.minor())
                .bind(variant.mrp.map(Money::minor))
                .bind(stock.and_then(|it| it.count))
                .bind(stock.is_some_and(|it| it.untracked))
                .bind(stock.and_then(|it| it.sold_out_until_ms))
                .bind(stock.is_some())
                .execute(&mut *tx)
                .await?;
            }
        }
        let variants: Vec<(String, String)> =
            sqlx::query_as("SELECT product_id, id FROM variants WHERE store_id = $1")
                .bind(store_id)
                .fetch_all(&mut *tx)
                .await?;
        let kept = Kept::of(catalog);
        let gone = variants.iter().filter(|(product, variant)| {
            !kept
                .variants
                .contains(&(product.as_str(), variant.as_str()))
        });
        for (product, variant) in gone {
            sqlx::query("DELETE FROM variants WHERE store_id = $1 AND product_id = $2 AND id = $3")
                .bind(store_id)
                .bind(product)
                .bind(variant)
                .execute(&mut *tx)
                .await?;
        }
        delete_unkept(&mut tx, "products", store_id, &kept.products).await?;
        delete_unkept(&mut tx, "categories", store_id, &kept.categories).await?;
        publish_photos(&mut tx, store_id, &kept.photos).await?;
        version += 1;
        keep(catalog_json(&without_stock(catalog))?, version)
            .execute(&mut *tx)
            .await?;
        if publication.from_draft {
            // The draft as it was read, or nothing: a save made meanwhile is not lost unseen.
            let dropped =
                sqlx::query("DELETE FROM catalog_drafts WHERE store_id = $1 AND body = $2")
                    .bind(store_id)
                    .bind(catalog_json(catalog)?)
                    .execute(&mut *tx)
                    .await?;
            if dropped.rows_affected() == 0 {
                return Err(StoreError::DraftChanged);
            }
        }
        tx.commit().await?;
        u32::try_from(version).map_err(|_| StoreError::Corrupt(format!("version {version}")))
    }

    async fn versions(&self, store_id: i64) -> Result<Vec<CatalogVersion>, StoreError> {
        sqlx::query(
            "SELECT version, body, published_at_ms FROM catalog_versions
             WHERE store_id = $1 ORDER BY version DESC",
        )
        .bind(store_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(version_summary)
        .collect()
    }

    async fn version(
        &self,
        store_id: i64,
        version: u32,
    ) -> Result<Option<CatalogDraft>, StoreError> {
        let body: Option<String> = sqlx::query_scalar(
            "SELECT body FROM catalog_versions WHERE store_id = $1 AND version = $2",
        )
        .bind(store_id)
        .bind(i64::from(version))
        .fetch_optional(&self.pool)
        .await?;
        body.as_deref().map(parse_catalog_json).transpose()
    }

    async fn set_merchant_token_hash(&self, slug: &str, hash: &str) -> Result<bool, StoreError> {
        if !storable(slug) {
            return Ok(false);
        }
        let updated = sqlx::query("UPDATE stores SET merchant_token_hash = $1 WHERE slug = $2")
            .bind(hash)
            .bind(slug)
            .execute(&self.pool)
            .await?;
        Ok(updated.rows_affected() == 1)
    }

    async fn save_photo(&self, store_id: i64, photo: &Photo, at_ms: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO photos (store_id, id, width, height, large, small, created_at_ms, published)
             VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE)
             ON CONFLICT (store_id, id) DO UPDATE SET created_at_ms = excluded.created_at_ms",
        )
        .bind(store_id)
        .bind(&photo.id)
        .bind(i64::from(photo.width))
        .bind(i64::from(photo.height))
        .bind(&photo.large)
        .bind(&photo.small)
        .bind(at_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn photo(
        &self,
        store_id: i64,
        id: &str,
        size: PhotoSize,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let query = format!(
            "SELECT {} FROM photos WHERE store_id = $1 AND id = $2",
            size.column()
        );
        Ok(sqlx::query_scalar(&query)
            .bind(store_id)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn update_profile(
        &self,
        store_id: i64,
        profile: &StoreProfile,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE stores SET name = $1,
                 name_local = $2,
                 tagline = $3,
                 currency = $4,
                 locale = $5,
                 phone = $6,
                 min_order_minor = $7,
                 delivery_fee_minor = $8,
                 free_delivery_from_minor = $9,
                 pickup = $10,
                 payment_methods = $11,
                 upi_id = $12,
                 address = $13,
                 hours = $14,
                 closed = $15,
                 closed_until_ms = $16,
                 closed_takes_orders = $17,
                 logo = $18
             WHERE id = $19",
        )
        .bind(&profile.name)
        .bind(&profile.name_local)
        .bind(&profile.tagline)
        .bind(&profile.currency)
        .bind(&profile.locale)
        .bind(&profile.phone)
        .bind(profile.min_order.minor())
        .bind(profile.delivery_fee.minor())
        .bind(profile.free_delivery_from.map(Money::minor))
        .bind(profile.pickup)
        .bind(payment_methods_text(&profile.payment_methods))
        .bind(&profile.upi_id)
        .bind(&profile.address)
        .bind(&profile.hours)
        .bind(profile.closed.is_some())
        .bind(profile.closed.as_ref().and_then(|closure| closure.until_ms))
        .bind(
            profile
                .closed
                .as_ref()
                .is_some_and(|closure| closure.takes_orders),
        )
        .bind(&profile.logo)
        .bind(store_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM store_pincodes WHERE store_id = $1")
            .bind(store_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM delivery_slots WHERE store_id = $1")
            .bind(store_id)
            .execute(&mut *tx)
            .await?;
        write_delivery_area(&mut tx, store_id, profile).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn replace_merchant_token_hash(
        &self,
        slug: &str,
        old: &str,
        new: &str,
    ) -> Result<bool, StoreError> {
        if !storable(slug) {
            return Ok(false);
        }
        let updated = sqlx::query(
            "UPDATE stores SET merchant_token_hash = $1 WHERE slug = $2 AND merchant_token_hash = $3",
        )
        .bind(new)
        .bind(slug)
        .bind(old)
        .execute(&self.pool)
        .await?;
        Ok(updated.rows_affected() == 1)
    }

    async fn telegram_bot(&self, store_id: i64) -> Result<Option<TelegramBot>, StoreError> {
        sqlx::query(&format!("{TELEGRAM_BOT_COLUMNS} WHERE b.store_id = $1"))
            .bind(store_id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(telegram_bot)
            .transpose()
    }

    async fn telegram_bots(&self) -> Result<Vec<TelegramBot>, StoreError> {
        sqlx::query(&format!("{TELEGRAM_BOT_COLUMNS} ORDER BY b.store_id"))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(telegram_bot)
            .collect()
    }

    async fn set_telegram_bot(
        &self,
        store_id: i64,
        setup: &NoticeSetup,
        at_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO telegram_bots (store_id, bot_token, chat_id, repeat_minutes, since_ms)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (store_id) DO UPDATE SET bot_token = excluded.bot_token,
                 chat_id = excluded.chat_id, repeat_minutes = excluded.repeat_minutes, problem = NULL",
        )
        .bind(store_id)
        .bind(setup.bot_token.expose())
        .bind(setup.chat.to_string())
        .bind(i64::from(setup.repeat_minutes))
        .bind(at_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn remove_telegram_bot(&self, store_id: i64) -> Result<bool, StoreError> {
        let removed = sqlx::query("DELETE FROM telegram_bots WHERE store_id = $1")
            .bind(store_id)
            .execute(&self.pool)
            .await?;
        Ok(removed.rows_affected() == 1)
    }

    async fn notice_candidates(
        &self,
        placed_since_ms: i64,
        max_sends: u32,
        limit: i64,
    ) -> Result<Vec<NoticeCandidate>, StoreError> {
        sqlx::query(&notice_candidates_query("$1", "$2", "$3"))
            .bind(placed_since_ms)
            .bind(i64::from(max_sends))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(notice_candidate)
            .collect()
    }

    async fn claim_notice(
        &self,
        order_id: i64,
        seen_attempts: i64,
        at_ms: i64,
    ) -> Result<bool, StoreError> {
        let claimed = sqlx::query(
            "INSERT INTO telegram_notices (order_id, attempts, sending_since_ms) VALUES ($1, 1, $2)
             ON CONFLICT (order_id) DO UPDATE SET attempts = telegram_notices.attempts + 1,
                 sending_since_ms = excluded.sending_since_ms
             WHERE telegram_notices.attempts = $3",
        )
        .bind(order_id)
        .bind(at_ms)
        .bind(seen_attempts)
        .execute(&self.pool)
        .await?;
        Ok(claimed.rows_affected() == 1)
    }

    async fn notice_sent(
        &self,
        order_id: i64,
        store_id: i64,
        message_id: i64,
        at_ms: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE telegram_notices SET sending_since_ms = NULL, sent_count = sent_count + 1,
                 message_id = $1, last_sent_at_ms = $2, failures = 0, last_failed_at_ms = NULL
             WHERE order_id = $3",
        )
        .bind(message_id)
        .bind(at_ms)
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE telegram_bots SET problem = NULL WHERE store_id = $1 AND problem IS NOT NULL",
        )
        .bind(store_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn notice_failed(
        &self,
        order_id: i64,
        store_id: i64,
        problem: &str,
        at_ms: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE telegram_notices SET sending_since_ms = NULL, failures = failures + 1,
                 last_failed_at_ms = $1
             WHERE order_id = $2",
        )
        .bind(at_ms)
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE telegram_bots SET problem = $1 WHERE store_id = $2")
            .bind(problem)
            .bind(store_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl PostgresStore {
    /// The order as stored now, read back after a change committed.
    async fn order_now(&self, order_id: i64) -> Result<Order, StoreError> {
        self.order(order_id)
            .await?
            .map(|stored| stored.order)
            .ok_or_else(|| StoreError::Corrupt(format!("order {order_id} vanished")))
    }

    /// The orders read as `rows` (of [`ORDER_COLUMNS`]), each with its lines and history, in the rows'
    /// order.
    async fn orders_of(&self, rows: &[PgRow]) -> Result<Vec<Order>, StoreError> {
        let ids = rows
            .iter()
            .map(|row| row.try_get("id"))
            .collect::<Result<Vec<i64>, _>>()?;
        let mut lines = self.lines_of(&ids).await?;
        let mut events = self.events_of(&ids).await?;
        rows.iter()
            .zip(ids)
            .map(|(row, id)| {
                order_from_row(
                    row,
                    lines.remove(&id).unwrap_or_default(),
                    events.remove(&id).unwrap_or_default(),
                )
            })
            .collect()
    }

    /// The history and edits of the given orders, grouped by order, oldest first.
    async fn events_of(&self, order_ids: &[i64]) -> Result<HashMap<i64, OrderEvents>, StoreError> {
        let mut grouped: HashMap<i64, OrderEvents> = HashMap::new();
        if order_ids.is_empty() {
            return Ok(grouped);
        }
        let rows = sqlx::query(&format!(
            "{EVENT_COLUMNS} WHERE order_id = ANY($1) ORDER BY order_id, id"
        ))
        .bind(order_ids)
        .fetch_all(&self.pool)
        .await?;
        for row in rows {
            grouped
                .entry(row.try_get("order_id")?)
                .or_default()
                .add(&row)?;
        }
        Ok(grouped)
    }

    /// The lines of the given orders, grouped by order, in line order.
    async fn lines_of(
        &self,
        order_ids: &[i64],
    ) -> Result<HashMap<i64, Vec<PricedLine>>, StoreError> {
        let mut grouped: HashMap<i64, Vec<PricedLine>> = HashMap::new();
        if order_ids.is_empty() {
            return Ok(grouped);
        }
        let rows = sqlx::query(
            "SELECT order_id, product_id, variant_id, name, variant_label, unit_price_minor,
                    quantity, line_total_minor, substitution, sent_quantity, replaces_line
             FROM order_lines WHERE order_id = ANY($1) ORDER BY order_id, line_no",
        )
        .bind(order_ids)
        .fetch_all(&self.pool)
        .await?;
        for row in rows {
            grouped
                .entry(row.try_get("order_id")?)
                .or_default()
                .push(line_from_row(&row)?);
        }
        Ok(grouped)
    }
}

/// Whether PostgreSQL can hold `text` at all: its TEXT has no NUL character, so a lookup by such a name
/// finds nothing (as on SQLite) instead of failing.
fn storable(text: &str) -> bool {
    !text.contains('\0')
}

/// The status of the shop's (non-test) order, its row locked for the transaction; `None` when it has
/// no such order.
async fn shops_order_status(
    tx: &mut Transaction<'static, Postgres>,
    store_id: i64,
    order_id: i64,
) -> Result<Option<OrderStatus>, StoreError> {
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM orders WHERE id = $1 AND store_id = $2 AND NOT test FOR UPDATE",
    )
    .bind(order_id)
    .bind(store_id)
    .fetch_optional(&mut **tx)
    .await?;
    status.as_deref().map(parse_status).transpose()
}

/// Appends an event to the shop's feed. The shop's feed lock, held until the transaction ends, makes
/// the shop's events commit in the order of their ids: a reader that saw event n never later finds an
/// event below n appearing. Taken after every row lock of the transaction but an idempotency key's.
async fn record_event(
    tx: &mut Transaction<'static, Postgres>,
    store_id: i64,
    order_id: i64,
    event: &NewEvent<'_>,
) -> Result<(), StoreError> {
    sqlx::query("SELECT pg_advisory_xact_lock($1, ($2::bigint % 2147483647)::integer)")
        .bind(FEED_LOCK_SPACE)
        .bind(store_id)
        .execute(&mut **tx)
        .await?;
    let edit = event.edit_columns();
    sqlx::query(
        "INSERT INTO order_events (store_id, order_id, status, at_ms, kind, reason, note, line_no,
                                   sent_before, sent_after, new_line_no, paid_via)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(store_id)
    .bind(order_id)
    .bind(event.status.as_str())
    .bind(event.at_ms)
    .bind(event.kind())
    .bind(event.reason.map(RejectReason::as_str))
    .bind(event.note)
    .bind(edit.line_no)
    .bind(edit.sent_before)
    .bind(edit.sent_after)
    .bind(edit.new_line_no)
    .bind(edit.paid_via)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Takes `quantity` of a pack at `price` for an order: from its stock where it is counted (`Some(true)`);
/// one not counted only has to be there, not sold out (`Some(false)`). `None` when the pack cannot give
/// them: gone, hidden, sold out, short of stock, or priced otherwise now.
async fn take_packs(
    tx: &mut Transaction<'static, Postgres>,
    store_id: i64,
    (product, variant): (&str, &str),
    price: Money,
    quantity: u32,
    at_ms: i64,
) -> Result<Option<bool>, StoreError> {
    let untracked: Option<bool> = sqlx::query_scalar(
        "UPDATE variants SET stock = stock - CASE WHEN untracked THEN 0 ELSE $1 END
         WHERE store_id = $2 AND product_id = $3 AND id = $4 AND price_minor = $5
           AND CASE WHEN untracked THEN COALESCE(sold_out_until_ms, 0) <= $6 ELSE stock >= $1 END
           AND NOT EXISTS (SELECT 1 FROM products p WHERE p.store_id = variants.store_id
                           AND p.id = variants.product_id AND p.hidden)
         RETURNING untracked",
    )
    .bind(i64::from(quantity))
    .bind(store_id)
    .bind(product)
    .bind(variant)
    .bind(price.minor())
    .bind(at_ms)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(untracked.map(|untracked| !untracked))
}

/// Keeps an answer under its key unless the key has one; true when kept. A concurrent transaction
/// inserting the same key makes this wait for its end.
async fn insert_answer(
    tx: &mut Transaction<'static, Postgres>,
    answer: &KeyedAnswer,
) -> Result<bool, StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (store_id, key, request_hash, status, response, answered_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (store_id, key) DO NOTHING",
    )
    .bind(answer.request.store_id)
    .bind(&answer.request.key)
    .bind(&answer.request.request_hash)
    .bind(i64::from(answer.status))
    .bind(&answer.body)
    .bind(answer.at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Marks the shop's photos among `shown` published (those not published yet: usually a few).
async fn publish_photos(
    tx: &mut Transaction<'static, Postgres>,
    store_id: i64,
    shown: &std::collections::HashSet<&str>,
) -> Result<(), StoreError> {
    let waiting: Vec<String> =
        sqlx::query_scalar("SELECT id FROM photos WHERE store_id = $1 AND NOT published")
            .bind(store_id)
            .fetch_all(&mut **tx)
            .await?;
    for id in waiting.iter().filter(|id| shown.contains(id.as_str())) {
        sqlx::query("UPDATE photos SET published = TRUE WHERE store_id = $1 AND id = $2")
            .bind(store_id)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Deletes the shop's rows of `table` (products or categories, keyed by `id`) that `kept` does not hold.
async fn delete_unkept(
    tx: &mut Transaction<'static, Postgres>,
    table: &'static str,
    store_id: i64,
    kept: &std::collections::HashSet<&str>,
) -> Result<(), StoreError> {
    let select = format!("SELECT id FROM {table} WHERE store_id = $1");
    let ids: Vec<String> = sqlx::query_scalar(&select)
        .bind(store_id)
        .fetch_all(&mut **tx)
        .await?;
    let delete = format!("DELETE FROM {table} WHERE store_id = $1 AND id = $2");
    for id in ids.iter().filter(|id| !kept.contains(id.as_str())) {
        sqlx::query(&delete)
            .bind(store_id)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Writes a shop's delivery pincodes and slots (in order), where it has none yet.
async fn write_delivery_area(
    tx: &mut Transaction<'static, Postgres>,
    store_id: i64,
    profile: &StoreProfile,
) -> Result<(), StoreError> {
    for pincode in &profile.delivery_pincodes {
        sqlx::query("INSERT INTO store_pincodes (store_id, pincode) VALUES ($1, $2)")
            .bind(store_id)
            .bind(pincode)
            .execute(&mut **tx)
            .await?;
    }
    for (position, slot) in (0_i64..).zip(&profile.delivery_slots) {
        sqlx::query(
            "INSERT INTO delivery_slots (store_id, id, position, label) VALUES ($1, $2, $3, $4)",
        )
        .bind(store_id)
        .bind(&slot.id)
        .bind(position)
        .bind(&slot.label)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
