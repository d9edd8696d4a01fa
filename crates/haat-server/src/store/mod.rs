//! Storage: the only module that touches SQL.
//!
//! [`Store`] is what the rest of the server sees; [`connect`] picks the implementation from the URL scheme.
//! Rows are mapped to domain and wire types here, never derived on them.

mod sqlite;

use std::sync::Arc;

use haat_api::{Catalog, Customer, Order, PricedLine, StoreProfile, Totals};

use crate::{domain::pricing::Sellable, seed::SeedShop};

pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("could not apply migrations")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("could not create the database directory {path}")]
    CreateDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("unsupported database URL {0:?}: use sqlite://PATH")]
    UnsupportedUrl(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

/// A shop as stored: its key, its public profile and its merchant token's hash.
#[derive(Clone, Debug)]
pub struct StoreRecord {
    pub id: i64,
    pub profile: StoreProfile,
    pub merchant_token_hash: String,
}

/// A variant an order line refers to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VariantKey {
    pub product: String,
    pub variant: String,
}

/// An order ready to store: validated, priced, with the hash of its secret token.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub store_id: i64,
    pub store_slug: String,
    pub currency: String,
    pub customer: Customer,
    pub lines: Vec<PricedLine>,
    pub totals: Totals,
    pub token_hash: String,
    pub created_at_ms: i64,
}

/// What happened to an order handed to [`Store::place_order`].
#[derive(Clone, Debug)]
pub enum Placement {
    /// Stored, with stock taken, in one transaction.
    Placed(Order),
    /// A line's stock ran short since pricing; nothing was stored.
    OutOfStock { line: PricedLine, available: i64 },
    /// A line's price changed since pricing; nothing was stored.
    PriceChanged { line: PricedLine },
}

/// An order with the hash of the token that may read it.
#[derive(Clone, Debug)]
pub struct StoredOrder {
    pub order: Order,
    pub token_hash: String,
}

#[async_trait::async_trait]
pub trait Store: Send + Sync + 'static {
    async fn store_by_slug(&self, slug: &str) -> Result<Option<StoreRecord>, StoreError>;

    /// The whole catalog, in the shop's order, with each variant's orderable quantity.
    async fn catalog(&self, store: &StoreRecord) -> Result<Catalog, StoreError>;

    /// The variants among `keys` that the shop sells; unknown keys are simply absent.
    async fn sellable(
        &self,
        store_id: i64,
        keys: &[VariantKey],
    ) -> Result<Vec<Sellable>, StoreError>;

    /// Takes stock for every line and stores the order, all in one transaction: either all of it
    /// happens or none of it does.
    async fn place_order(&self, order: NewOrder) -> Result<Placement, StoreError>;

    async fn order(&self, id: i64) -> Result<Option<StoredOrder>, StoreError>;

    /// The shop's orders, newest first.
    async fn orders(&self, store_id: i64) -> Result<Vec<Order>, StoreError>;

    /// Creates a shop with its catalog in one transaction.
    async fn create_store(
        &self,
        shop: &SeedShop,
        merchant_token_hash: &str,
    ) -> Result<(), StoreError>;

    /// Replaces a shop's merchant token hash; false when there is no such shop.
    async fn set_merchant_token_hash(&self, slug: &str, hash: &str) -> Result<bool, StoreError>;
}

/// Opens the database named by `url` and applies migrations.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    }
}
