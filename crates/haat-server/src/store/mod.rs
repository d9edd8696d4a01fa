//! Storage: the only module that touches SQL.
//!
//! [`Store`] is what the rest of the server sees; [`connect`] picks the implementation from the URL scheme.
//! Rows are mapped to domain and wire types here, never derived on them.

mod postgres;
mod rows;
mod sqlite;

use std::sync::Arc;

use haat::lang::Lang;
use haat_api::{
    Catalog, CatalogDraft, CatalogVersion, Customer, DeliverySlot, Edit, Fulfilment, Order,
    OrderList, OrderStatus, Paid, PaymentMethod, PricedLine, RejectReason, StoreProfile, Totals,
    Variant, VariantUpdate,
};

use crate::{
    domain::{
        draft,
        lifecycle::{Actor, InvalidOrderChange, InvalidTransition},
        line_change::LineEdit,
        notice,
        notice_setup::NoticeSetup,
        order_list::OrderFilter,
        photo::{self, Photo},
        pricing::Sellable,
    },
    seed::SeedShop,
};

pub use sqlite::{Commits, SqliteStore};

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
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://USER@HOST/DATABASE")]
    UnsupportedUrl(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("the order writer has stopped")]
    WriterGone,
    #[error("a batch of orders could not be committed: {0}")]
    Batch(String),
    /// Another shop has this slug.
    #[error("the shop address {0:?} is taken")]
    SlugTaken(String),
    /// The draft being published changed since it was read; nothing was published.
    #[error("the draft changed while it was being published")]
    DraftChanged,
    /// A variant's change would leave its MRP below its price; nothing was changed.
    #[error("the MRP would be below the price")]
    MrpBelowPrice,
}

/// A shop's insert that failed: its slug taken (the unique index says so), or the database failed.
pub(super) fn shop_insert_error(error: sqlx::Error, slug: &str) -> StoreError {
    match &error {
        sqlx::Error::Database(database) if database.is_unique_violation() => {
            StoreError::SlugTaken(slug.to_owned())
        }
        _ => error.into(),
    }
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
    /// Placed from a preview of the draft: it takes no stock and stays out of the shop's orders.
    pub test: bool,
    pub store_id: i64,
    pub store_slug: String,
    pub currency: String,
    pub customer: Customer,
    pub fulfilment: Fulfilment,
    pub slot: Option<DeliverySlot>,
    pub payment: PaymentMethod,
    pub note: String,
    /// The messages' language (a [`haat_api::Language`]'s name), or empty.
    pub language: String,
    pub lines: Vec<PricedLine>,
    pub totals: Totals,
    pub token_hash: String,
    pub created_at_ms: i64,
}

impl NewOrder {
    /// The lines whose packs placing the order takes: none for a test order (from a preview of the
    /// draft), whose packs may not even be live.
    pub(super) fn lines_taking_stock(&self) -> &[PricedLine] {
        if self.test { &[] } else { &self.lines }
    }
}

/// What happened to an order handed to [`Store::place_order`].
#[derive(Clone, Debug)]
pub enum Placement {
    /// Stored, with stock taken from its counted packs (none for a test order), in one transaction.
    Placed(Box<Order>),
    /// A line's stock ran short since pricing; nothing was stored.
    OutOfStock { line: PricedLine, available: i64 },
    /// A line's price changed since pricing; nothing was stored.
    PriceChanged { line: PricedLine },
    /// Another request with the same idempotency key was answered first; nothing was stored.
    KeyTaken,
}

/// A request sent with an idempotency key: the shop, the key and its body's fingerprint.
#[derive(Clone, Debug)]
pub struct KeyedRequest {
    pub store_id: i64,
    pub key: String,
    pub request_hash: String,
}

impl KeyedRequest {
    /// The answer to keep under the key.
    pub fn answer(&self, status: u16, body: String, at_ms: i64) -> KeyedAnswer {
        KeyedAnswer {
            request: self.clone(),
            status,
            body,
            at_ms,
        }
    }
}

/// A finished request's answer, to keep under its idempotency key.
#[derive(Clone, Debug)]
pub struct KeyedAnswer {
    pub request: KeyedRequest,
    pub status: u16,
    pub body: String,
    pub at_ms: i64,
}

/// The answer kept under an idempotency key, and a hash of the body it answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAnswer {
    pub request_hash: String,
    pub status: u16,
    pub body: String,
}

/// Renders the HTTP answer (status and body) for a stored order.
pub type RenderAnswer = Arc<dyn Fn(&Order) -> (u16, String) + Send + Sync>;

/// The idempotency key an order is placed under: its answer is kept in the order's own transaction, and
/// the order is stored only if the key has no answer yet.
pub struct Completion {
    pub request: KeyedRequest,
    pub render: RenderAnswer,
}

/// One change in the shop's order feed: an order placed, moved on, or marked paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderEvent {
    /// Increases across the shop's events; a feed resumes after the last id it saw.
    pub id: i64,
    pub order_id: i64,
}

/// An event of an order for its shop's feed: a status reached (with a refusal's reason and words) or
/// an edit (a line changed, the order marked paid or the mark taken back), each with the status it has.
pub(super) struct NewEvent<'a> {
    pub status: OrderStatus,
    pub at_ms: i64,
    pub reason: Option<RejectReason>,
    pub note: Option<&'a str>,
    /// What changed, where it was not the status.
    pub edit: Option<Edit>,
}

impl NewEvent<'_> {
    pub fn reached(status: OrderStatus, at_ms: i64) -> Self {
        Self {
            status,
            at_ms,
            reason: None,
            note: None,
            edit: None,
        }
    }

    /// An edit of an order in `status`.
    pub fn edited(status: OrderStatus, at_ms: i64, edit: Edit) -> Self {
        Self {
            edit: Some(edit),
            ..Self::reached(status, at_ms)
        }
    }

    /// The `kind` column: `status` events are the order's history; `edited`, `paid` and `unpaid`
    /// its edits.
    pub fn kind(&self) -> &'static str {
        match self.edit {
            None => "status",
            Some(Edit::Line { .. } | Edit::Replaced { .. }) => "edited",
            Some(Edit::Paid(_)) => "paid",
            Some(Edit::Unpaid) => "unpaid",
        }
    }

    /// The columns that say what an edit changed: line, sent before, sent after, the new line, paid via.
    pub fn edit_columns(&self) -> EditColumns {
        let line = |line: u32| Some(i64::from(line));
        match self.edit {
            Some(Edit::Line { line: at, from, to }) => EditColumns {
                line_no: line(at),
                sent_before: line(from),
                sent_after: line(to),
                ..EditColumns::default()
            },
            Some(Edit::Replaced { line: at, by }) => EditColumns {
                line_no: line(at),
                new_line_no: line(by),
                ..EditColumns::default()
            },
            Some(Edit::Paid(via)) => EditColumns {
                paid_via: Some(via.as_str()),
                ..EditColumns::default()
            },
            Some(Edit::Unpaid) | None => EditColumns::default(),
        }
    }
}

/// What an event's edit columns keep.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct EditColumns {
    pub line_no: Option<i64>,
    pub sent_before: Option<i64>,
    pub sent_after: Option<i64>,
    pub new_line_no: Option<i64>,
    pub paid_via: Option<&'static str>,
}

/// Move an order to another status.
#[derive(Clone, Debug)]
pub struct StatusChangeRequest {
    pub order_id: i64,
    /// The merchant's shop; `None` when the shopper asks (their token was checked already).
    pub store_id: Option<i64>,
    pub to: OrderStatus,
    pub actor: Actor,
    pub at_ms: i64,
    /// A refusal's reason and words for the shopper.
    pub reason: Option<RejectReason>,
    pub note: Option<String>,
    /// Refused as an invalid transition unless the order is in this status (checked in the same
    /// transaction as the move).
    pub expected_from: Option<OrderStatus>,
}

/// Why a line of an order cannot be changed.
#[derive(Debug, PartialEq, Eq)]
pub enum LineRefused {
    /// The order is packed or past it (or refused, or cancelled): its lines stay as they are.
    Settled(OrderStatus),
    /// The change cannot be made as asked (more than the line has, the order's last item, a replacement
    /// the shopper did not want or without the stock).
    Invalid(InvalidOrderChange),
}

/// Why an order cannot be marked paid: it was refused or cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotPayable(pub OrderStatus);

impl NotPayable {
    /// Why, as the shop reads it, in its owner's language.
    pub fn said(self, lang: &Lang) -> &str {
        if self.0 == OrderStatus::Rejected {
            lang.t("This order was refused: there is nothing to pay.")
        } else {
            lang.t("This order was cancelled: there is nothing to pay.")
        }
    }
}

/// A catalog to make live ([`Store::publish`]).
#[derive(Clone, Debug)]
pub struct Publication {
    /// What becomes live. A variant's stock is set where it says one; elsewhere it stays as orders
    /// leave it (a new variant: 0).
    pub catalog: CatalogDraft,
    /// The live catalog as it is now: kept as version 1 (without stock, as every version) when the shop
    /// has no version yet, so the first publish can be undone too.
    pub before: CatalogDraft,
    /// Whether the shop's draft is what is published: it is dropped, and the publish is refused
    /// ([`StoreError::DraftChanged`]) if the draft is no longer `catalog`.
    pub from_draft: bool,
    pub at_ms: i64,
}

/// A shop's Telegram bot, as its owner set it up for notices of new orders. Its `Debug` never shows the
/// token.
#[derive(Clone, Debug)]
pub struct TelegramBot {
    pub store_id: i64,
    pub store_slug: String,
    pub setup: NoticeSetup,
    /// What went wrong with the latest notice, until one reaches the chat.
    pub problem: Option<String>,
}

/// A new order whose notice may be due, with its shop's bot and the notice's record.
#[derive(Clone, Debug)]
pub struct NoticeCandidate {
    pub order_id: i64,
    pub store_id: i64,
    pub setup: NoticeSetup,
    pub record: notice::Record,
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

    /// The live catalog as the merchant keeps it, in the shop's order: every product, hidden ones too,
    /// and every pack's stock at `now_ms` (a "sold out until" moment that has passed is not counted).
    async fn live_catalog(
        &self,
        store: &StoreRecord,
        now_ms: i64,
    ) -> Result<CatalogDraft, StoreError>;

    /// The catalog as shoppers get it at `now_ms`: hidden products left out, and each pack's orderable
    /// quantity.
    async fn catalog(&self, store: &StoreRecord, now_ms: i64) -> Result<Catalog, StoreError> {
        let live = self.live_catalog(store, now_ms).await?;
        Ok(draft::as_catalog(live, store.profile.clone(), None, now_ms))
    }

    /// The variants among `keys` that the shop sells (its hidden products' are not), with what can be
    /// ordered at `now_ms`; unknown keys are simply absent.
    async fn sellable(
        &self,
        store_id: i64,
        keys: &[VariantKey],
        now_ms: i64,
    ) -> Result<Vec<Sellable>, StoreError>;

    /// Takes stock for every line of a counted pack (none for a test order), stores the order and keeps
    /// its answer under its idempotency key, all in one transaction: either all of it happens or none of
    /// it does.
    async fn place_order(
        &self,
        order: NewOrder,
        completion: Option<Completion>,
    ) -> Result<Placement, StoreError>;

    /// Moves an order on, checked against the lifecycle; a rejected or cancelled order's items go back to
    /// stock in the same transaction. `None` when there is no such order (in that shop).
    async fn change_status(
        &self,
        change: StatusChangeRequest,
    ) -> Result<Option<Result<Order, InvalidTransition>>, StoreError>;

    /// The answer kept under a shop's idempotency key, if any.
    async fn answer(&self, store_id: i64, key: &str) -> Result<Option<StoredAnswer>, StoreError>;

    /// Keeps a refused request's answer under its key (orders keep theirs in `place_order`). False when
    /// the key already had an answer, which stays.
    async fn keep_answer(&self, answer: KeyedAnswer) -> Result<bool, StoreError>;

    /// The shop's order events after `after`, oldest first, at most `limit`.
    async fn events_since(
        &self,
        store_id: i64,
        after: i64,
        limit: i64,
    ) -> Result<Vec<OrderEvent>, StoreError>;

    /// The id of the shop's latest order event (0 when there is none).
    async fn last_event_id(&self, store_id: i64) -> Result<i64, StoreError>;

    /// Forgets answers kept since before `before_ms`; returns how many.
    async fn purge_keys(&self, before_ms: i64) -> Result<u64, StoreError>;

    /// Deletes the test orders (placed from a preview link) placed before `before_ms`, whole: the tester's
    /// name, phone and address are kept no longer than the test needs them. Returns how many.
    async fn purge_test_orders(&self, before_ms: i64) -> Result<u64, StoreError>;

    /// Deletes the photos uploaded before `before_ms` that were never published and that neither their
    /// shop's draft nor its logo uses (`photo::unused`); answers how many.
    async fn purge_unused_photos(&self, before_ms: i64) -> Result<u64, StoreError>;

    async fn order(&self, id: i64) -> Result<Option<StoredOrder>, StoreError>;

    /// A page of the shop's orders (never its test orders), newest first, as `filter` says.
    async fn orders(&self, store_id: i64, filter: &OrderFilter) -> Result<OrderList, StoreError>;

    /// The shop's orders (never its test orders) placed from `from_ms` until just before `until_ms`,
    /// oldest first.
    async fn orders_placed_between(
        &self,
        store_id: i64,
        from_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<Order>, StoreError>;

    /// Changes line `line_no` (from 1) of the shop's order before it is packed, as
    /// [`crate::domain::line_change::plan`] decides: the line keeps what was ordered beside what is sent, a replacement
    /// is added as a new line that takes its stock, the order is re-priced (its delivery fee as charged),
    /// what the line no longer sends goes back to stock where it took some, and the change is an edit of
    /// the order and an event in the shop's feed. `None` when the shop has no such order or the order no
    /// such line.
    async fn change_line(
        &self,
        store_id: i64,
        order_id: i64,
        line_no: i64,
        edit: LineEdit,
        at_ms: i64,
    ) -> Result<Option<Result<Order, LineRefused>>, StoreError>;

    /// Marks the shop's order paid (or takes the mark back: `None`, whatever the order's status), an
    /// event in its feed. `None` when the shop has no such order.
    async fn mark_paid(
        &self,
        store_id: i64,
        order_id: i64,
        paid: Option<Paid>,
        at_ms: i64,
    ) -> Result<Option<Result<Order, NotPayable>>, StoreError>;

    /// Creates a shop with its catalog in one transaction; [`StoreError::SlugTaken`] when another shop
    /// has its slug. Shops are never deleted, so a slug once taken is never reused.
    async fn create_store(
        &self,
        shop: &SeedShop,
        merchant_token_hash: &str,
    ) -> Result<(), StoreError>;

    /// Applies a merchant's change to one variant, returning it as shoppers see it at `now_ms`; `None`
    /// when the shop has no such variant; [`StoreError::MrpBelowPrice`], changing nothing, when the
    /// variant's MRP would then be below its price (checked in the write itself, against the row as it
    /// stands).
    async fn update_variant(
        &self,
        store_id: i64,
        product: &str,
        variant: &str,
        update: VariantUpdate,
        now_ms: i64,
    ) -> Result<Option<Variant>, StoreError>;

    /// The shop's draft catalog, if it has one.
    async fn draft(&self, store_id: i64) -> Result<Option<CatalogDraft>, StoreError>;

    /// Keeps `draft` as the shop's draft, in place of the one it had.
    async fn save_draft(
        &self,
        store_id: i64,
        draft: &CatalogDraft,
        at_ms: i64,
    ) -> Result<(), StoreError>;

    /// Keeps `draft` in place of the draft that was `seen` (`None`: there was none), only if that is
    /// still the shop's draft; false when it changed meanwhile, and nothing is kept.
    async fn replace_draft(
        &self,
        store_id: i64,
        seen: Option<&CatalogDraft>,
        draft: &CatalogDraft,
        at_ms: i64,
    ) -> Result<bool, StoreError>;

    /// Drops the shop's draft; false when it had none.
    async fn discard_draft(&self, store_id: i64) -> Result<bool, StoreError>;

    /// Makes a catalog live, all of it in one transaction, and keeps it as the shop's next version;
    /// answers that version's number.
    async fn publish(&self, store_id: i64, publication: &Publication) -> Result<u32, StoreError>;

    /// The shop's published versions, newest first.
    async fn versions(&self, store_id: i64) -> Result<Vec<CatalogVersion>, StoreError>;

    /// One published version's catalog (without stock).
    async fn version(
        &self,
        store_id: i64,
        version: u32,
    ) -> Result<Option<CatalogDraft>, StoreError>;

    /// Replaces a shop's merchant token hash; false when there is no such shop.
    async fn set_merchant_token_hash(&self, slug: &str, hash: &str) -> Result<bool, StoreError>;

    /// Keeps a product photo of the shop's, not yet published (once: the same photo again only renews its
    /// upload time, so that it is not taken for unused while the console saves what shows it).
    async fn save_photo(&self, store_id: i64, photo: &Photo, at_ms: i64) -> Result<(), StoreError>;

    /// One of a photo's pictures, if the shop has that photo.
    async fn photo(
        &self,
        store_id: i64,
        id: &str,
        size: PhotoSize,
    ) -> Result<Option<Vec<u8>>, StoreError>;

    /// Keeps `profile` as the shop's settings (its slug aside), its pincodes and delivery slots with it,
    /// in one transaction.
    async fn update_profile(&self, store_id: i64, profile: &StoreProfile)
    -> Result<(), StoreError>;

    /// Replaces a shop's merchant token hash if it is still `old`: of two replacements racing, one wins
    /// and the other gets false (its secret is no longer the shop's).
    async fn replace_merchant_token_hash(
        &self,
        slug: &str,
        old: &str,
        new: &str,
    ) -> Result<bool, StoreError>;

    /// The shop's Telegram bot for notices, if its owner set one up.
    async fn telegram_bot(&self, store_id: i64) -> Result<Option<TelegramBot>, StoreError>;

    /// Every shop's Telegram bot for notices.
    async fn telegram_bots(&self) -> Result<Vec<TelegramBot>, StoreError>;

    /// Keeps `setup` as the shop's Telegram notices, in place of the ones it had (whose problem is
    /// forgotten). Set up anew, orders placed from `at_ms` on are notified.
    async fn set_telegram_bot(
        &self,
        store_id: i64,
        setup: &NoticeSetup,
        at_ms: i64,
    ) -> Result<(), StoreError>;

    /// Ends the shop's Telegram notices; false when it had none.
    async fn remove_telegram_bot(&self, store_id: i64) -> Result<bool, StoreError>;

    /// The orders, oldest first and at most `limit`, whose notice may be due: still placed, not tests,
    /// placed since `placed_since_ms` and since their shop set up its notices, and notified at most
    /// `max_sends` times. Each with its shop's bot and its notice's record (a default one when none was
    /// sent yet); [`notice::due`] says which are due.
    async fn notice_candidates(
        &self,
        placed_since_ms: i64,
        max_sends: u32,
        limit: i64,
    ) -> Result<Vec<NoticeCandidate>, StoreError>;

    /// Claims the order's notice for a send starting at `at_ms`, if no other send was started since its
    /// record said `seen_attempts`: false when one was (by another server process), which sends it.
    async fn claim_notice(
        &self,
        order_id: i64,
        seen_attempts: i64,
        at_ms: i64,
    ) -> Result<bool, StoreError>;

    /// The claimed send reached the chat as message `message_id`: counted, and the shop's problem
    /// forgotten.
    async fn notice_sent(
        &self,
        order_id: i64,
        store_id: i64,
        message_id: i64,
        at_ms: i64,
    ) -> Result<(), StoreError>;

    /// The claimed send failed: counted, to be tried again later, and `problem` kept as the shop's.
    async fn notice_failed(
        &self,
        order_id: i64,
        store_id: i64,
        problem: &str,
        at_ms: i64,
    ) -> Result<(), StoreError>;
}

/// How a fulfilment is stored.
pub(super) fn fulfilment_name(fulfilment: Fulfilment) -> &'static str {
    match fulfilment {
        Fulfilment::Delivery => "delivery",
        Fulfilment::Pickup => "pickup",
    }
}

pub(super) fn parse_fulfilment(name: &str) -> Result<Fulfilment, StoreError> {
    match name {
        "delivery" => Ok(Fulfilment::Delivery),
        "pickup" => Ok(Fulfilment::Pickup),
        other => Err(StoreError::Corrupt(format!("fulfilment {other:?}"))),
    }
}

/// Opens the database named by `url` and applies migrations.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::PostgresStore::open(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    }
}

/// An order status as stored: a name [`OrderStatus::parse`] knows, or the data is corrupt.
pub(super) fn parse_status(name: &str) -> Result<OrderStatus, StoreError> {
    OrderStatus::parse(name).ok_or_else(|| StoreError::Corrupt(format!("order status {name:?}")))
}

/// Which of a photo's pictures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoSize {
    /// The product page's.
    Large,
    /// The list's thumbnail.
    Small,
}

impl PhotoSize {
    /// The photos table's column that holds it.
    pub(super) fn column(self) -> &'static str {
        match self {
            Self::Large => "large",
            Self::Small => "small",
        }
    }
}

/// A catalog as the drafts and versions tables keep it.
pub(super) fn catalog_json(catalog: &CatalogDraft) -> Result<String, StoreError> {
    serde_json::to_string(catalog).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(super) fn parse_catalog_json(body: &str) -> Result<CatalogDraft, StoreError> {
    serde_json::from_str(body)
        .map_err(|error| StoreError::Corrupt(format!("a kept catalog: {error}")))
}

/// What a published catalog keeps of the live one: every other variant, product and category of the
/// shop is deleted (variants first, then products, then categories, as their keys require).
pub(super) struct Kept<'a> {
    pub variants: std::collections::HashSet<(&'a str, &'a str)>,
    pub products: std::collections::HashSet<&'a str>,
    pub categories: std::collections::HashSet<&'a str>,
    /// The shop's photos it shows: published from now on.
    pub photos: std::collections::HashSet<&'a str>,
}

impl<'a> Kept<'a> {
    pub fn of(catalog: &'a CatalogDraft) -> Self {
        Self {
            variants: catalog
                .products
                .iter()
                .flat_map(|product| {
                    product
                        .variants
                        .iter()
                        .map(move |variant| (product.id.as_str(), variant.id.as_str()))
                })
                .collect(),
            products: catalog.products.iter().map(|p| p.id.as_str()).collect(),
            categories: catalog.categories.iter().map(|c| c.id.as_str()).collect(),
            photos: catalog
                .products
                .iter()
                .filter_map(|product| product.image.as_deref())
                .filter_map(photo::named_by)
                .collect(),
        }
    }
}
