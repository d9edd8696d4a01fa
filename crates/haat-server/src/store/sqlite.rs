//! The embedded default: one SQLite file in WAL mode with full durability, so an order answered with
//! 201 survives a crash of the process.

use std::{collections::HashMap, str::FromStr, time::Duration};

use haat_api::{
    CatalogDraft, CatalogVersion, Category, DeliverySlot, Edit, Money, Order, OrderList,
    OrderStatus, Paid, PricedLine, RejectReason, StatusChange, StoreProfile, Variant,
    VariantUpdate,
};
use sqlx::{
    Row, Sqlite, SqlitePool, Transaction,
    sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
    },
};
use tokio::sync::{mpsc, oneshot};

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

pub struct SqliteStore {
    pool: SqlitePool,
    /// The group-commit writer that places orders and keeps answers; `None` writes each in its own
    /// transaction.
    writer: Option<mpsc::Sender<WriteJob>>,
}

/// How orders are committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Commits {
    /// Orders arriving together share one transaction and one fsync (each keeps its own outcome).
    Grouped,
    /// One transaction per order.
    OnePerOrder,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file named by a `sqlite:` URL, applies migrations, and
    /// starts the group-commit writer.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_with(url, Commits::Grouped).await
    }

    pub async fn open_with(url: &str, commits: Commits) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        if let Some(dir) = options.get_filename().parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        let writer = (commits == Commits::Grouped).then(|| {
            let (jobs, queue) = mpsc::channel(MAX_BATCH * 4);
            tokio::spawn(write_orders(pool.clone(), queue));
            jobs
        });
        Ok(Self { pool, writer })
    }

    /// A transaction that takes SQLite's write lock at once, so reading and then writing never fails on
    /// a snapshot another writer moved on (waiting on the lock is what `busy_timeout` is for).
    async fn write(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

#[async_trait::async_trait]
impl Store for SqliteStore {
    async fn store_by_slug(&self, slug: &str) -> Result<Option<StoreRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT id, slug, name, name_local, tagline, currency, locale, phone, min_order_minor,
                    delivery_fee_minor, free_delivery_from_minor, merchant_token_hash, pickup,
                    payment_methods, upi_id, address, hours, closed, closed_until_ms,
                    closed_takes_orders, logo
             FROM stores WHERE slug = ?",
        )
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut record = store_record(&row)?;
        record.profile.delivery_pincodes = sqlx::query_scalar(
            "SELECT pincode FROM store_pincodes WHERE store_id = ? ORDER BY pincode",
        )
        .bind(record.id)
        .fetch_all(&self.pool)
        .await?;
        record.profile.delivery_slots = sqlx::query_as::<_, (String, String)>(
            "SELECT id, label FROM delivery_slots WHERE store_id = ? ORDER BY position",
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
            "SELECT id, name, name_local, icon FROM categories WHERE store_id = ? ORDER BY position",
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

        let rows = sqlx::query(&live_catalog_query("?"))
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
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let pairs = vec!["(?, ?)"; keys.len()].join(", ");
        let sql = format!(
            "SELECT p.id AS product_id, v.id AS variant_id, p.name, v.label, v.price_minor, v.stock,
                    v.untracked, v.sold_out_until_ms
             FROM variants v JOIN products p ON p.store_id = v.store_id AND p.id = v.product_id
             WHERE v.store_id = ? AND NOT p.hidden AND (v.product_id, v.id) IN (VALUES {pairs})"
        );
        let mut query = sqlx::query(&sql).bind(store_id);
        for key in keys {
            query = query.bind(&key.product).bind(&key.variant);
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| sellable_row(row, now_ms))
            .collect()
    }

    async fn place_order(
        &self,
        order: NewOrder,
        completion: Option<Completion>,
    ) -> Result<Placement, StoreError> {
        let Some(writer) = &self.writer else {
            return place_alone(&self.pool, order, completion).await;
        };
        let order = Box::new(order);
        match Self::through_writer(writer, Write::Place { order, completion }).await? {
            Written::Placement(placement) => Ok(placement),
            Written::Kept(_) => Err(StoreError::Corrupt("the writer mixed up two jobs".into())),
        }
    }

    async fn change_status(
        &self,
        change: StatusChangeRequest,
    ) -> Result<Option<Result<Order, InvalidTransition>>, StoreError> {
        let mut tx = self.write().await?;
        let current: Option<(i64, String, bool)> =
            sqlx::query_as("SELECT store_id, status, test FROM orders WHERE id = ?")
                .bind(change.order_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((store_id, status, test)) = current else {
            return Ok(None);
        };
        // A test order (placed in a preview) is not among the shop's orders: only its shopper moves it.
        if change
            .store_id
            .is_some_and(|expected| expected != store_id || test)
        {
            return Ok(None);
        }
        let from = parse_status(&status)?;
        if let Err(invalid) =
            lifecycle::check_from(from, change.expected_from, change.to, change.actor)
        {
            return Ok(Some(Err(invalid)));
        }
        sqlx::query("UPDATE orders SET status = ? WHERE id = ?")
            .bind(change.to.as_str())
            .bind(change.order_id)
            .execute(&mut *tx)
            .await?;
        let event = NewEvent {
            reason: change.reason,
            note: change.note.as_deref(),
            ..NewEvent::reached(change.to, change.at_ms)
        };
        record_event(&mut tx, store_id, change.order_id, &event).await?;
        if lifecycle::returns_stock(change.to) {
            sqlx::query(
                // Summed: a replacement may have put a pack on two lines of the order.
                "UPDATE variants SET stock = stock + (
                     SELECT SUM(COALESCE(l.sent_quantity, l.quantity)) FROM order_lines l
                     WHERE l.order_id = ? AND l.product_id = variants.product_id
                       AND l.variant_id = variants.id AND l.stock_taken)
                 WHERE store_id = ? AND EXISTS (
                     SELECT 1 FROM order_lines l
                     WHERE l.order_id = ? AND l.product_id = variants.product_id
                       AND l.variant_id = variants.id AND l.stock_taken)",
            )
            .bind(change.order_id)
            .bind(store_id)
            .bind(change.order_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Some(Ok(self.order_now(change.order_id).await?)))
    }

    async fn answer(&self, store_id: i64, key: &str) -> Result<Option<StoredAnswer>, StoreError> {
        let row: Option<(String, i64, String)> = sqlx::query_as(
            "SELECT request_hash, status, response FROM idempotency_keys
             WHERE store_id = ? AND key = ?",
        )
        .bind(store_id)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(request_hash, status, body)| stored_answer(key, request_hash, status, body))
            .transpose()
    }

    async fn keep_answer(&self, answer: KeyedAnswer) -> Result<bool, StoreError> {
        let Some(writer) = &self.writer else {
            let mut tx = self.write().await?;
            let kept = insert_answer(&mut tx, &answer).await?;
            tx.commit().await?;
            return Ok(kept);
        };
        match Self::through_writer(writer, Write::Keep(answer)).await? {
            Written::Kept(kept) => Ok(kept),
            Written::Placement(_) => {
                Err(StoreError::Corrupt("the writer mixed up two jobs".into()))
            }
        }
    }

    async fn events_since(
        &self,
        store_id: i64,
        after: i64,
        limit: i64,
    ) -> Result<Vec<OrderEvent>, StoreError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT e.id, e.order_id FROM order_events e
             JOIN orders o ON o.id = e.order_id
             WHERE e.store_id = ? AND e.id > ? AND NOT o.test ORDER BY e.id LIMIT ?",
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
            sqlx::query_scalar("SELECT MAX(id) FROM order_events WHERE store_id = ?")
                .bind(store_id)
                .fetch_one(&self.pool)
                .await?;
        Ok(last.unwrap_or(0))
    }

    async fn purge_keys(&self, before_ms: i64) -> Result<u64, StoreError> {
        let purged = sqlx::query("DELETE FROM idempotency_keys WHERE answered_at_ms < ?")
            .bind(before_ms)
            .execute(&self.pool)
            .await?;
        Ok(purged.rows_affected())
    }

    async fn purge_unused_photos(&self, before_ms: i64) -> Result<u64, StoreError> {
        // In one write transaction: no draft is saved between reading it and deleting what it does not use.
        let mut tx = self.write().await?;
        let waiting: Vec<(i64, String)> = sqlx::query_as(
            "SELECT store_id, id FROM photos WHERE NOT published AND created_at_ms < ?
             ORDER BY store_id",
        )
        .bind(before_ms)
        .fetch_all(&mut *tx)
        .await?;
        let mut purged = 0;
        for (store_id, ids) in by_shop(waiting) {
            let draft: Option<String> =
                sqlx::query_scalar("SELECT body FROM catalog_drafts WHERE store_id = ?")
                    .bind(store_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let logo: Option<String> = sqlx::query_scalar("SELECT logo FROM stores WHERE id = ?")
                .bind(store_id)
                .fetch_one(&mut *tx)
                .await?;
            // The live products too, whatever their photos' marks say.
            let live: Vec<String> = sqlx::query_scalar(
                "SELECT image FROM products WHERE store_id = ? AND image IS NOT NULL",
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
                    "DELETE FROM photos WHERE store_id = ? AND id = ? AND NOT published
                                         AND created_at_ms < ?",
                )
                .bind(store_id)
                .bind(id)
                .bind(before_ms)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
        }
        tx.commit().await?;
        Ok(purged)
    }

    async fn purge_test_orders(&self, before_ms: i64) -> Result<u64, StoreError> {
        let mut tx = self.write().await?;
        let mut purged = 0;
        for statement in purge_test_orders_statements("?") {
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
        let Some(row) = sqlx::query(&format!("{ORDER_COLUMNS} WHERE o.id = ?"))
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
        let (sql, values) = order_list_query(store_id, filter, |_| "?".to_owned());
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
            "{ORDER_COLUMNS} WHERE o.store_id = ? AND NOT o.test
                AND o.created_at_ms >= ? AND o.created_at_ms < ?
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
        let mut tx = self.write().await?;
        let Some(status) = shops_order_status(&mut tx, store_id, order_id).await? else {
            return Ok(None);
        };
        if !lifecycle::lines_editable(status) {
            return Ok(Some(Err(LineRefused::Settled(status))));
        }
        let lines = sqlx::query(&format!(
            "{STORED_LINE_COLUMNS} WHERE order_id = ? ORDER BY line_no"
        ))
        .bind(order_id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(stored_line)
        .collect::<Result<Vec<_>, _>>()?;
        let plan = match line_change::plan(&lines, line_no, edit) {
            None => return Ok(None),
            Some(Err(invalid)) => return Ok(Some(Err(LineRefused::Invalid(invalid)))),
            // Nothing changes, nor is anything recorded.
            Some(Ok(None)) => {
                return Ok(self.order(order_id).await?.map(|stored| Ok(stored.order)));
            }
            Some(Ok(Some(plan))) => plan,
        };
        let line = lines.iter().find(|line| line.line_no == line_no);
        let line = line.ok_or_else(|| StoreError::Corrupt(format!("line {line_no}")))?;
        if let Some(added) = &plan.added {
            let pack = &added.pack;
            let key = (pack.product.as_str(), pack.variant.as_str());
            let taken =
                take_packs(&mut tx, store_id, key, pack.price, added.quantity, at_ms).await?;
            let Some(counted) = taken else {
                return Ok(Some(Err(LineRefused::Invalid(sold_meanwhile(pack)))));
            };
            sqlx::query(
                "INSERT INTO order_lines (order_id, line_no, product_id, variant_id, name,
                                          variant_label, unit_price_minor, quantity, line_total_minor,
                                          substitution, stock_taken, replaces_line)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            "UPDATE order_lines SET sent_quantity = ?, line_total_minor = ?
             WHERE order_id = ? AND line_no = ?",
        )
        .bind(i64::from(plan.sent))
        .bind(plan.line_total.minor())
        .bind(order_id)
        .bind(line_no)
        .execute(&mut *tx)
        .await?;
        if plan.back_to_stock > 0 {
            sqlx::query(
                "UPDATE variants SET stock = stock + ?
                 WHERE store_id = ? AND product_id = ? AND id = ?",
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
                 subtotal_minor = (SELECT SUM(line_total_minor) FROM order_lines WHERE order_id = ?),
                 total_minor = delivery_fee_minor
                     + (SELECT SUM(line_total_minor) FROM order_lines WHERE order_id = ?)
             WHERE id = ?",
        )
        .bind(order_id)
        .bind(order_id)
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
        let mut tx = self.write().await?;
        let Some(status) = shops_order_status(&mut tx, store_id, order_id).await? else {
            return Ok(None);
        };
        // A mark made by mistake can always be taken back; a new one needs an order still to pay.
        if paid.is_some() && !lifecycle::payable(status) {
            return Ok(Some(Err(NotPayable(status))));
        }
        // Taking back a mark the order does not have changes nothing, and is no edit.
        let marked = sqlx::query(
            "UPDATE orders SET paid_via = ?, paid_at_ms = ?
             WHERE id = ? AND (paid_via IS NOT NULL OR ? IS NOT NULL)",
        )
        .bind(paid.map(|paid| paid.via.as_str()))
        .bind(paid.map(|paid| paid.at_ms))
        .bind(order_id)
        .bind(paid.map(|paid| paid.via.as_str()))
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
        let mut tx = self.write().await?;
        let store_id: i64 = sqlx::query_scalar(
            "INSERT INTO stores (slug, name, name_local, tagline, currency, locale, phone,
                                 min_order_minor, delivery_fee_minor, free_delivery_from_minor,
                                 merchant_token_hash, pickup, payment_methods, upi_id, address,
                                 hours)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
                 VALUES (?, ?, ?, ?, ?, ?)",
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
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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
        let stock = update.stock.map(StockColumns::from);
        let row = sqlx::query(
            "UPDATE variants SET price_minor = COALESCE(?, price_minor),
                                 mrp_minor = COALESCE(?, mrp_minor),
                                 stock = COALESCE(?, stock),
                                 untracked = CASE WHEN ? THEN ? ELSE untracked END,
                                 sold_out_until_ms = CASE WHEN ? THEN ? ELSE sold_out_until_ms END
             WHERE store_id = ? AND product_id = ? AND id = ?
               AND (COALESCE(?, mrp_minor) IS NULL OR COALESCE(?, mrp_minor) >= COALESCE(?, price_minor))
             RETURNING id, label, price_minor, mrp_minor, stock, untracked, sold_out_until_ms",
        )
        .bind(update.price.map(Money::minor))
        .bind(update.mrp.map(Money::minor))
        .bind(stock.and_then(|it| it.count))
        .bind(stock.is_some())
        .bind(stock.is_some_and(|it| it.untracked))
        .bind(stock.is_some())
        .bind(stock.and_then(|it| it.sold_out_until_ms))
        .bind(store_id)
        .bind(product)
        .bind(variant)
        .bind(update.mrp.map(Money::minor))
        .bind(update.mrp.map(Money::minor))
        .bind(update.price.map(Money::minor))
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => variant_row(&row, now_ms).map(Some),
            None => {
                let exists = sqlx::query(
                    "SELECT 1 FROM variants WHERE store_id = ? AND product_id = ? AND id = ?",
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
            sqlx::query_scalar("SELECT body FROM catalog_drafts WHERE store_id = ?")
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
            "INSERT INTO catalog_drafts (store_id, body, updated_at_ms) VALUES (?, ?, ?)
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
                    "INSERT INTO catalog_drafts (store_id, body, updated_at_ms) VALUES (?, ?, ?)
                     ON CONFLICT (store_id) DO NOTHING",
                )
                .bind(store_id)
                .bind(catalog_json(draft)?)
                .bind(at_ms)
                .execute(&self.pool)
                .await?,
                Some(seen) => {
                    sqlx::query(
                        "UPDATE catalog_drafts SET body = ?, updated_at_ms = ?
                     WHERE store_id = ? AND body = ?",
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
        let deleted = sqlx::query("DELETE FROM catalog_drafts WHERE store_id = ?")
            .bind(store_id)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn publish(&self, store_id: i64, publication: &Publication) -> Result<u32, StoreError> {
        let catalog = &publication.catalog;
        let mut tx = self.write().await?;
        let last: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM catalog_versions WHERE store_id = ?")
                .bind(store_id)
                .fetch_one(&mut *tx)
                .await?;
        let mut version = last.unwrap_or(0);
        let keep = |body: String, version: i64| {
            sqlx::query(
                "INSERT INTO catalog_versions (store_id, version, body, published_at_ms)
                 VALUES (?, ?, ?, ?)",
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
                 VALUES (?, ?, ?, ?, ?, ?)
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
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
                     VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, 0), ?, ?)
                     ON CONFLICT (store_id, product_id, id) DO UPDATE SET
                         position = excluded.position, label = excluded.label,
                         price_minor = excluded.price_minor, mrp_minor = excluded.mrp_minor,
                         stock = COALESCE(?, variants.stock),
                         untracked = CASE WHEN ? THEN excluded.untracked ELSE variants.untracked END,
                         sold_out_until_ms = CASE WHEN ? THEN excluded.sold_out_until_ms
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
                .bind(stock.and_then(|it| it.count))
                .bind(stock.is_some())
                .bind(stock.is_some())
                .execute(&mut *tx)
                .await?;
            }
        }
        let variants: Vec<(String, String)> =
            sqlx::query_as("SELECT product_id, id FROM variants WHERE store_id = ?")
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
            sqlx::query("DELETE FROM variants WHERE store_id = ? AND product_id = ? AND id = ?")
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
            let dropped = sqlx::query("DELETE FROM catalog_drafts WHERE store_id = ? AND body = ?")
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
             WHERE store_id = ? ORDER BY version DESC",
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
            "SELECT body FROM catalog_versions WHERE store_id = ? AND version = ?",
        )
        .bind(store_id)
        .bind(i64::from(version))
        .fetch_optional(&self.pool)
        .await?;
        body.as_deref().map(parse_catalog_json).transpose()
    }

    async fn set_merchant_token_hash(&self, slug: &str, hash: &str) -> Result<bool, StoreError> {
        let updated = sqlx::query("UPDATE stores SET merchant_token_hash = ? WHERE slug = ?")
            .bind(hash)
            .bind(slug)
            .execute(&self.pool)
            .await?;
        Ok(updated.rows_affected() == 1)
    }

    async fn save_photo(&self, store_id: i64, photo: &Photo, at_ms: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO photos (store_id, id, width, height, large, small, created_at_ms, published)
             VALUES (?, ?, ?, ?, ?, ?, ?, FALSE)
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
            "SELECT {} FROM photos WHERE store_id = ? AND id = ?",
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
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE stores SET name = ?,
                 name_local = ?,
                 tagline = ?,
                 currency = ?,
                 locale = ?,
                 phone = ?,
                 min_order_minor = ?,
                 delivery_fee_minor = ?,
                 free_delivery_from_minor = ?,
                 pickup = ?,
                 payment_methods = ?,
                 upi_id = ?,
                 address = ?,
                 hours = ?,
                 closed = ?,
                 closed_until_ms = ?,
                 closed_takes_orders = ?,
                 logo = ?
             WHERE id = ?",
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
        sqlx::query("DELETE FROM store_pincodes WHERE store_id = ?")
            .bind(store_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM delivery_slots WHERE store_id = ?")
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
        let updated = sqlx::query(
            "UPDATE stores SET merchant_token_hash = ? WHERE slug = ? AND merchant_token_hash = ?",
        )
        .bind(new)
        .bind(slug)
        .bind(old)
        .execute(&self.pool)
        .await?;
        Ok(updated.rows_affected() == 1)
    }

    async fn telegram_bot(&self, store_id: i64) -> Result<Option<TelegramBot>, StoreError> {
        sqlx::query(&format!("{TELEGRAM_BOT_COLUMNS} WHERE b.store_id = ?"))
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
             VALUES (?, ?, ?, ?, ?)
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
        let removed = sqlx::query("DELETE FROM telegram_bots WHERE store_id = ?")
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
        sqlx::query(&notice_candidates_query("?", "?", "?"))
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
            "INSERT INTO telegram_notices (order_id, attempts, sending_since_ms) VALUES (?, 1, ?)
             ON CONFLICT (order_id) DO UPDATE SET attempts = telegram_notices.attempts + 1,
                 sending_since_ms = excluded.sending_since_ms
             WHERE telegram_notices.attempts = ?",
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
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE telegram_notices SET sending_since_ms = NULL, sent_count = sent_count + 1,
                 message_id = ?, last_sent_at_ms = ?, failures = 0, last_failed_at_ms = NULL
             WHERE order_id = ?",
        )
        .bind(message_id)
        .bind(at_ms)
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE telegram_bots SET problem = NULL WHERE store_id = ? AND problem IS NOT NULL",
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
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE telegram_notices SET sending_since_ms = NULL, failures = failures + 1,
                 last_failed_at_ms = ?
             WHERE order_id = ?",
        )
        .bind(at_ms)
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE telegram_bots SET problem = ? WHERE store_id = ?")
            .bind(problem)
            .bind(store_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl SqliteStore {
    /// The order as stored now, read back after a change committed.
    async fn order_now(&self, order_id: i64) -> Result<Order, StoreError> {
        self.order(order_id)
            .await?
            .map(|stored| stored.order)
            .ok_or_else(|| StoreError::Corrupt(format!("order {order_id} vanished")))
    }

    /// The orders read as `rows` (of [`ORDER_COLUMNS`]), each with its lines and history, in the rows'
    /// order.
    async fn orders_of(&self, rows: &[SqliteRow]) -> Result<Vec<Order>, StoreError> {
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
        let placeholders = vec!["?"; order_ids.len()].join(", ");
        let sql =
            format!("{EVENT_COLUMNS} WHERE order_id IN ({placeholders}) ORDER BY order_id, id");
        let mut query = sqlx::query(&sql);
        for id in order_ids {
            query = query.bind(id);
        }
        for row in query.fetch_all(&self.pool).await? {
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
        let placeholders = vec!["?"; order_ids.len()].join(", ");
        let sql = format!(
            "SELECT order_id, product_id, variant_id, name, variant_label, unit_price_minor,
                    quantity, line_total_minor, substitution, sent_quantity, replaces_line
             FROM order_lines WHERE order_id IN ({placeholders}) ORDER BY order_id, line_no"
        );
        let mut query = sqlx::query(&sql);
        for id in order_ids {
            query = query.bind(id);
        }
        for row in query.fetch_all(&self.pool).await? {
            grouped
                .entry(row.try_get("order_id")?)
                .or_default()
                .push(line_from_row(&row)?);
        }
        Ok(grouped)
    }
}

/// A write waiting for the writer, and where its outcome goes.
struct WriteJob {
    write: Write,
    reply: oneshot::Sender<Result<Written, StoreError>>,
}

/// What the writer does for one job.
enum Write {
    Place {
        order: Box<NewOrder>,
        completion: Option<Completion>,
    },
    Keep(KeyedAnswer),
}

/// What one job did.
enum Written {
    Placement(Placement),
    /// Whether the answer was kept (false: the key had one).
    Kept(bool),
}

/// Most jobs committed together.
const MAX_BATCH: usize = 64;

/// Group commit: the one task that places orders and keeps answers. It takes every job waiting (up to
/// [`MAX_BATCH`]) into one transaction, each order under its own savepoint so that one order's shortage
/// undoes only that order, commits once (one fsync for the lot), and only then answers each. While a
/// commit is on disk the next jobs queue up, so under load batches grow by themselves; a lone order commits
/// at once. Being the only writer of orders and keys, it never waits in SQLite's busy handler for them.
async fn write_orders(pool: SqlitePool, mut jobs: mpsc::Receiver<WriteJob>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        write_batch(&pool, batch).await;
    }
}

async fn write_batch(pool: &SqlitePool, batch: Vec<WriteJob>) {
    let mut tx = match pool.begin_with("BEGIN IMMEDIATE").await {
        Ok(tx) => tx,
        Err(error) => {
            let message = error.to_string();
            for job in batch {
                let _ = job.reply.send(Err(StoreError::Batch(message.clone())));
            }
            return;
        }
    };
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        let outcome = match job.write {
            Write::Place { order, completion } => {
                place_under_savepoint(&mut tx, *order, completion.as_ref())
                    .await
                    .map(Written::Placement)
            }
            Write::Keep(answer) => insert_answer(&mut tx, &answer).await.map(Written::Kept),
        };
        outcomes.push((job.reply, outcome));
    }
    match tx.commit().await {
        Ok(()) => {
            for (reply, outcome) in outcomes {
                let _ = reply.send(outcome);
            }
        }
        Err(error) => {
            // Nothing was stored: no order may be answered as placed.
            let message = error.to_string();
            for (reply, _) in outcomes {
                let _ = reply.send(Err(StoreError::Batch(message.clone())));
            }
        }
    }
}

impl SqliteStore {
    /// Hands `write` to the group-commit writer and waits until it is on disk.
    async fn through_writer(
        writer: &mpsc::Sender<WriteJob>,
        write: Write,
    ) -> Result<Written, StoreError> {
        let (reply, outcome) = oneshot::channel();
        writer
            .send(WriteJob { write, reply })
            .await
            .map_err(|_| StoreError::WriterGone)?;
        outcome.await.map_err(|_| StoreError::WriterGone)?
    }
}

async fn place_under_savepoint(
    tx: &mut Transaction<'static, Sqlite>,
    order: NewOrder,
    completion: Option<&Completion>,
) -> Result<Placement, StoreError> {
    sqlx::query("SAVEPOINT one_order")
        .execute(&mut **tx)
        .await?;
    let outcome = place_in(tx, order, completion).await;
    if !matches!(outcome, Ok(Placement::Placed(_))) {
        sqlx::query("ROLLBACK TO one_order")
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("RELEASE one_order").execute(&mut **tx).await?;
    outcome
}

/// One order in its own transaction (the store opened without group commit).
async fn place_alone(
    pool: &SqlitePool,
    order: NewOrder,
    completion: Option<Completion>,
) -> Result<Placement, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let outcome = place_in(&mut tx, order, completion.as_ref()).await?;
    if matches!(outcome, Placement::Placed(_)) {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(outcome)
}

/// Takes stock for every line, stores the order, its lines and first event, and completes its idempotency
/// key, inside the caller's transaction. Anything but `Placed` leaves partial writes the caller must undo.
async fn place_in(
    tx: &mut Transaction<'static, Sqlite>,
    order: NewOrder,
    completion: Option<&Completion>,
) -> Result<Placement, StoreError> {
    // Whether each line took its packs from a counted stock, for giving them back.
    let mut counted = Vec::with_capacity(order.lines.len());
    for line in order.lines_taking_stock() {
        let taken = take_packs(
            tx,
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
                 WHERE v.store_id = ? AND v.product_id = ? AND v.id = ? AND NOT p.hidden",
            )
            .bind(order.store_id)
            .bind(&line.product)
            .bind(&line.variant)
            .fetch_optional(&mut **tx)
            .await?;
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
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
    .fetch_one(&mut **tx)
    .await?;
    for ((line_no, line), counted) in (1_i64..).zip(&order.lines).zip(&counted) {
        sqlx::query(
                "INSERT INTO order_lines (order_id, line_no, product_id, variant_id, name,
                                          variant_label, unit_price_minor, quantity, line_total_minor,
                                          substitution, stock_taken)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            .execute(&mut **tx)
            .await?;
    }
    record_event(
        tx,
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
        if !insert_answer(tx, &answer).await? {
            return Ok(Placement::KeyTaken);
        }
    }
    Ok(Placement::Placed(Box::new(placed)))
}

/// Keeps an answer under its key unless the key has one; true when kept.
async fn insert_answer(
    tx: &mut Transaction<'static, Sqlite>,
    answer: &KeyedAnswer,
) -> Result<bool, StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (store_id, key, request_hash, status, response, answered_at_ms)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, key) DO NOTHING",
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
    tx: &mut Transaction<'static, Sqlite>,
    store_id: i64,
    shown: &std::collections::HashSet<&str>,
) -> Result<(), StoreError> {
    let waiting: Vec<String> =
        sqlx::query_scalar("SELECT id FROM photos WHERE store_id = ? AND NOT published")
            .bind(store_id)
            .fetch_all(&mut **tx)
            .await?;
    for id in waiting.iter().filter(|id| shown.contains(id.as_str())) {
        sqlx::query("UPDATE photos SET published = TRUE WHERE store_id = ? AND id = ?")
            .bind(store_id)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Deletes the shop's rows of `table` (products or categories, keyed by `id`) that `kept` does not hold.
async fn delete_unkept(
    tx: &mut Transaction<'static, Sqlite>,
    table: &'static str,
    store_id: i64,
    kept: &std::collections::HashSet<&str>,
) -> Result<(), StoreError> {
    let select = format!("SELECT id FROM {table} WHERE store_id = ?");
    let ids: Vec<String> = sqlx::query_scalar(&select)
        .bind(store_id)
        .fetch_all(&mut **tx)
        .await?;
    let delete = format!("DELETE FROM {table} WHERE store_id = ? AND id = ?");
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
    tx: &mut Transaction<'static, Sqlite>,
    store_id: i64,
    profile: &StoreProfile,
) -> Result<(), StoreError> {
    for pincode in &profile.delivery_pincodes {
        sqlx::query("INSERT INTO store_pincodes (store_id, pincode) VALUES (?, ?)")
            .bind(store_id)
            .bind(pincode)
            .execute(&mut **tx)
            .await?;
    }
    for (position, slot) in (0_i64..).zip(&profile.delivery_slots) {
        sqlx::query(
            "INSERT INTO delivery_slots (store_id, id, position, label) VALUES (?, ?, ?, ?)",
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

/// The status of the shop's (non-test) order, in the transaction; `None` when it has no such order.
async fn shops_order_status(
    tx: &mut Transaction<'static, Sqlite>,
    store_id: i64,
    order_id: i64,
) -> Result<Option<OrderStatus>, StoreError> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM orders WHERE id = ? AND store_id = ? AND NOT test")
            .bind(order_id)
            .bind(store_id)
            .fetch_optional(&mut **tx)
            .await?;
    status.as_deref().map(parse_status).transpose()
}

/// Takes `quantity` of a pack at `price` for an order: from its stock where it is counted (`Some(true)`);
/// one not counted only has to be there, not sold out (`Some(false)`). `None` when the pack cannot give
/// them: gone, hidden, sold out, short of stock, or priced otherwise now.
async fn take_packs(
    tx: &mut Transaction<'static, Sqlite>,
    store_id: i64,
    (product, variant): (&str, &str),
    price: Money,
    quantity: u32,
    at_ms: i64,
) -> Result<Option<bool>, StoreError> {
    let untracked: Option<bool> = sqlx::query_scalar(
        "UPDATE variants SET stock = stock - CASE WHEN untracked THEN 0 ELSE ? END
         WHERE store_id = ? AND product_id = ? AND id = ? AND price_minor = ?
           AND CASE WHEN untracked THEN COALESCE(sold_out_until_ms, 0) <= ? ELSE stock >= ? END
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
    .bind(i64::from(quantity))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(untracked.map(|untracked| !untracked))
}

/// Appends an event to the shop's feed (SQLite's one writer at a time keeps events in id order).
async fn record_event(
    tx: &mut Transaction<'static, Sqlite>,
    store_id: i64,
    order_id: i64,
    event: &NewEvent<'_>,
) -> Result<(), StoreError> {
    let edit = event.edit_columns();
    sqlx::query(
        "INSERT INTO order_events (store_id, order_id, status, at_ms, kind, reason, note, line_no,
                                   sent_before, sent_after, new_line_no, paid_via)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
