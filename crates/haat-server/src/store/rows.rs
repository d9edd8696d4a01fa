//! Rows to domain and wire types, once for both backends: the SQL differs, the columns do not.

use haat_api::{
    Customer, DeliverySlot, Money, Order, PricedLine, StatusChange, StoreProfile, Totals,
};
use sqlx::{Row, postgres::PgRow, sqlite::SqliteRow};

use super::{StoreError, StoreRecord, StoredAnswer, parse_fulfilment, parse_status};

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

pub(super) fn order_from_row<R: Columns>(
    row: &R,
    lines: Vec<PricedLine>,
    history: Vec<StatusChange>,
) -> Result<Order, StoreError> {
    Ok(Order {
        id: row.int("id")?,
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
            total: Money::from_minor(row.int("total_minor")?),
        },
        created_at_ms: row.int("created_at_ms")?,
        history,
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
