//! The wire contract between the Haat storefront and the order API.
//!
//! Every JSON body either side sends or receives is one of these types; nothing else defines wire shapes.
//! Money is always an integer count of minor units ([`Money`]); the currency is named once on the
//! enclosing document (store profile, catalog, quote, order).

pub mod clock;
mod contact;
mod error;
mod money;

pub use contact::{normalise_phone, normalise_pincode};
pub use error::{ApiError, ErrorCode, FieldError};
pub use money::{Money, PriceProblem};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// ISO 4217 code of the currency every [`Money`] in a document is counted in, e.g. `"INR"`.
pub type CurrencyCode = String;

/// A shop as shoppers see it: `GET /api/stores/{store}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreProfile {
    pub slug: String,
    pub name: String,
    /// The shop's name in its local language, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_local: Option<String>,
    pub tagline: String,
    /// The shop's own square picture (its logo or shopfront), as a product's `image` is addressed; the
    /// storefront shows it beside the name, and a shared link's preview shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    pub currency: CurrencyCode,
    /// BCP 47 locale for formatting, e.g. `"en-IN"`.
    pub locale: String,
    /// The shop's phone in E.164, for handing an order back to the chat.
    pub phone: String,
    /// Orders below this subtotal are refused.
    pub min_order: Money,
    pub delivery_fee: Money,
    /// Subtotal from which delivery is free; `None` when it never is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_delivery_from: Option<Money>,
    /// Pincodes the shop delivers to; empty when it does not restrict deliveries by pincode.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivery_pincodes: Vec<String>,
    /// Delivery windows shoppers may choose; empty when the shop delivers as soon as it can.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivery_slots: Vec<DeliverySlot>,
    /// Whether shoppers may collect orders at the shop.
    #[serde(default)]
    pub pickup: bool,
    /// How shoppers may pay, in the order the shop lists them; cash is always among them.
    #[serde(default = "PaymentMethod::cash_only")]
    pub payment_methods: Vec<PaymentMethod>,
    /// The shop's UPI id (VPA), e.g. `"sharmakirana@upi"`, when it takes UPI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upi_id: Option<String>,
    /// The shop's street address, where pickup orders are collected; `""` when unknown.
    #[serde(default)]
    pub address: String,
    /// Opening hours as the shop writes them, e.g. `"7 am – 10 pm, every day"`; `""` when unknown.
    #[serde(default)]
    pub hours: String,
    /// Set while the owner has the shop closed (see [`StoreProfile::closure_at`]); absent when open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Closure>,
}

impl StoreProfile {
    /// The shop's closure if it is closed at `now_ms` (a closure whose time has passed is over).
    pub fn closure_at(&self, now_ms: i64) -> Option<&Closure> {
        self.closed
            .as_ref()
            .filter(|closure| closure.until_ms.is_none_or(|until| now_ms < until))
    }
}

/// The owner's "closed" switch: when the shop opens again, and whether it takes orders meanwhile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    /// When the shop opens again, in milliseconds since the Unix epoch; absent: when the owner opens it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_ms: Option<i64>,
    /// Whether customers may order meanwhile, for when the shop opens.
    #[serde(default)]
    pub takes_orders: bool,
}

/// How a shopper pays. Every method is settled between shopper and shop; Haat holds no money.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Cash on delivery, or at the shop for pickup.
    #[default]
    Cash,
    /// UPI to the shop's UPI id when the order arrives (or at pickup).
    UpiOnDelivery,
    /// UPI now, through a `upi://pay` link to the shop's UPI id that the order carries.
    UpiNow,
}

impl PaymentMethod {
    pub const ALL: [Self; 3] = [Self::Cash, Self::UpiOnDelivery, Self::UpiNow];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cash => "cash",
            Self::UpiOnDelivery => "upi_on_delivery",
            Self::UpiNow => "upi_now",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.as_str() == name)
    }

    pub fn is_cash(&self) -> bool {
        *self == Self::Cash
    }

    fn cash_only() -> Vec<Self> {
        vec![Self::Cash]
    }
}

/// What the shop should do when an item is unavailable when the order is packed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Substitution {
    /// Call the shopper and ask.
    #[default]
    Call,
    /// Pack a similar item at a similar price.
    Similar,
    /// Leave it out.
    Skip,
}

impl Substitution {
    pub const ALL: [Self; 3] = [Self::Call, Self::Similar, Self::Skip];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Call => "call",
            Self::Similar => "similar",
            Self::Skip => "skip",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|choice| choice.as_str() == name)
    }

    pub fn is_call(&self) -> bool {
        *self == Self::Call
    }
}

/// A delivery window a shop offers, e.g. `{"id": "evening", "label": "Evening, 5–8 pm"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverySlot {
    pub id: String,
    pub label: String,
}

/// How an order reaches the shopper.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fulfilment {
    /// The shop delivers to the customer's address.
    #[default]
    Delivery,
    /// The customer collects the order at the shop.
    Pickup,
}

impl Fulfilment {
    pub fn is_delivery(&self) -> bool {
        *self == Self::Delivery
    }
}

/// Everything a shopper can buy: `GET /api/stores/{store}/catalog`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    pub store: StoreProfile,
    pub categories: Vec<Category>,
    pub products: Vec<Product>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_local: Option<String>,
    /// A short pictogram (an emoji) shown beside the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: String,
    pub category: String,
    pub name: String,
    /// The product's name in the shop's local language (Hindi for the demo shop).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_local: Option<String>,
    /// Path or URL of a square image, when the shop has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// A few words for the product's page, when the shop wrote some.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Other words shoppers find it by, as the shop gave them: local names, a brand, what customers
    /// call it ("gehun", "Aashirvaad").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub search_words: Vec<String>,
    /// What is sold: at least one variant ("500 g", "1 kg", "1 pc").
    pub variants: Vec<Variant>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    pub id: String,
    pub label: String,
    pub price: Money,
    /// Maximum retail price printed on the pack, when above the shop's price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mrp: Option<Money>,
    /// How many a shopper may put in one order right now: stock, capped by the per-line maximum.
    /// Zero means out of stock.
    pub max_quantity: u32,
}

/// A merchant's change to one variant: `PATCH /api/stores/{store}/products/{product}/variants/{variant}`.
/// Absent fields stay as they are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mrp: Option<Money>,
    /// Units on hand, or not counted, or sold out for a while.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<Stock>,
}

/// One line of a cart as the shopper sends it: what and how many, never a price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineRequest {
    pub product: String,
    pub variant: String,
    pub quantity: u32,
    /// Omitted: call.
    #[serde(default, skip_serializing_if = "Substitution::is_call")]
    pub substitution: Substitution,
}

/// Price a cart without ordering: `POST /api/stores/{store}/quotes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRequest {
    pub lines: Vec<LineRequest>,
    /// Pickup is never charged delivery. Omitted: delivery.
    #[serde(default, skip_serializing_if = "Fulfilment::is_delivery")]
    pub fulfilment: Fulfilment,
}

/// The server's pricing of a cart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub currency: CurrencyCode,
    pub lines: Vec<PricedLine>,
    pub totals: Totals,
    /// Lines asking for more than the shop can sell now; an order for this cart would be refused with
    /// `out_of_stock`. Omitted when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shortages: Vec<Shortage>,
}

/// A cart line the shop cannot fill as asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortage {
    pub product: String,
    pub variant: String,
    /// How many units can be ordered now (0: out of stock).
    pub available: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub product: String,
    pub variant: String,
    pub name: String,
    pub variant_label: String,
    pub unit_price: Money,
    pub quantity: u32,
    pub line_total: Money,
    /// Omitted: call.
    #[serde(default, skip_serializing_if = "Substitution::is_call")]
    pub substitution: Substitution,
    /// The quantity ordered, when the shop changed the line before packing (`quantity` is then what
    /// is sent; 0: unavailable). Omitted: sent as ordered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordered: Option<u32>,
    /// The line (from 1) this one is sent instead of, which the shop replaced with it before packing:
    /// this line was not ordered (`ordered` is 0). Omitted: a line the shopper ordered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<u32>,
}

/// Change a line of an order before it is packed, as a kirana does: `PUT
/// /api/stores/{store}/orders/{id}/lines/{line}` (merchant; `line` counts from 1). The quantity sent
/// (0: the item is unavailable) is at most the one the line has; the server re-prices the order and
/// gives the difference back to stock.
///
/// With `replace_with`, the line is replaced by `quantity` (at least 1) of another of the shop's packs,
/// at its price, taken from its stock: the line is then sent as 0 and a new line, which `replaces` it,
/// is added. Not for a line whose shopper chose [`Substitution::Skip`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineChange {
    pub quantity: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace_with: Option<PackRef>,
}

/// One of the shop's packs: a product and one of its variants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackRef {
    pub product: String,
    pub variant: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub subtotal: Money,
    pub delivery_fee: Money,
    pub total: Money,
}

/// Who receives the order and where.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub name: String,
    pub phone: String,
    /// Where to deliver; may be empty for pickup.
    pub address: String,
    /// The delivery address's postal code; required for delivery where the shop lists pincodes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pincode: String,
}

/// Place an order: `POST /api/stores/{store}/orders`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRequest {
    pub customer: Customer,
    pub lines: Vec<LineRequest>,
    /// Omitted: delivery.
    #[serde(default, skip_serializing_if = "Fulfilment::is_delivery")]
    pub fulfilment: Fulfilment,
    /// A delivery slot id from the shop's `delivery_slots`; absent means as soon as possible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    /// One of the shop's `payment_methods`. Omitted: cash.
    #[serde(default, skip_serializing_if = "PaymentMethod::is_cash")]
    pub payment: PaymentMethod,
    /// A note to the shop (at most 500 characters), e.g. "Ring twice".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The shopper's language as a BCP 47 tag, e.g. `"hi-IN"` (the messenger's, else the browser's): the
    /// shop's messages about the order speak it where Haat does ([`Language`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
}

/// The languages Haat speaks to shoppers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    En,
    Hi,
    Ta,
    Fr,
}

impl Language {
    pub const ALL: [Self; 4] = [Self::En, Self::Hi, Self::Ta, Self::Fr];

    /// The stable name, as stored and as sent: the language's ISO 639-1 code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Hi => "hi",
            Self::Ta => "ta",
            Self::Fr => "fr",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|language| language.as_str() == name)
    }

    /// The language of a BCP 47 tag (`"hi-IN"`, `"fr"`, `"ta_IN"`), where Haat speaks it.
    pub fn of_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Self::parse(&primary.to_ascii_lowercase())
    }
}

/// Where an order is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Placed,
    Accepted,
    Packed,
    OutForDelivery,
    ReadyForPickup,
    Delivered,
    Rejected,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [Self; 8] = [
        Self::Placed,
        Self::Accepted,
        Self::Packed,
        Self::OutForDelivery,
        Self::ReadyForPickup,
        Self::Delivered,
        Self::Rejected,
        Self::Cancelled,
    ];

    /// The stable wire name, as stored and as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Placed => "placed",
            Self::Accepted => "accepted",
            Self::Packed => "packed",
            Self::OutForDelivery => "out_for_delivery",
            Self::ReadyForPickup => "ready_for_pickup",
            Self::Delivered => "delivered",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }
}

/// A placed order, as the server stored it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: i64,
    pub store: String,
    pub status: OrderStatus,
    pub customer: Customer,
    pub fulfilment: Fulfilment,
    /// The delivery slot chosen; absent for pickup or as soon as possible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<DeliverySlot>,
    pub currency: CurrencyCode,
    pub lines: Vec<PricedLine>,
    pub totals: Totals,
    /// Milliseconds since the Unix epoch, UTC.
    pub created_at_ms: i64,
    /// Every status the order has had, oldest first; the last is `status`.
    pub history: Vec<StatusChange>,
    #[serde(default, skip_serializing_if = "PaymentMethod::is_cash")]
    pub payment: PaymentMethod,
    /// For `upi_now`: a `upi://pay` link for the total to the shop's UPI id, which a phone opens in a
    /// UPI app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_link: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Placed from a preview link of the shop's draft: a test. No stock was taken, and it is not among
    /// the shop's orders.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub test: bool,
    /// Set once the shop has marked the order paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid: Option<Paid>,
    /// The language the shop's messages about the order speak (a [`Language`]'s name); empty when the
    /// shopper's is none Haat speaks, and they are then in English.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// What the shop changed besides the status (lines, the paid mark), oldest first: with `history`,
    /// everything that happened to the order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<OrderEdit>,
}

/// A change the shop made to an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEdit {
    /// Milliseconds since the Unix epoch, UTC.
    pub at_ms: i64,
    pub edit: Edit,
}

/// What an [`OrderEdit`] changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// Line `line` (from 1) sends `to` where it sent `from` (0: unavailable).
    Line { line: u32, from: u32, to: u32 },
    /// Line `line` is replaced by line `by`, added for it.
    Replaced { line: u32, by: u32 },
    /// Marked paid.
    Paid(PaidVia),
    /// The paid mark taken back.
    Unpaid,
}

impl Order {
    /// Line `number` of the order, counting from 1 as the API does (`replaces`, `edits`, the lines route).
    pub fn line(&self, number: u32) -> Option<&PricedLine> {
        self.lines
            .get(usize::try_from(number).ok()?.checked_sub(1)?)
    }
}

/// How and when a shop was paid for an order, as its owner marked it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paid {
    pub via: PaidVia,
    /// Milliseconds since the Unix epoch, UTC.
    pub at_ms: i64,
}

/// What the shop was paid with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaidVia {
    Cash,
    Upi,
}

impl PaidVia {
    pub const ALL: [Self; 2] = [Self::Cash, Self::Upi];

    /// The stable wire name, as stored and as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cash => "cash",
            Self::Upi => "upi",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|via| via.as_str() == name)
    }
}

/// Mark an order paid: `PUT /api/stores/{store}/orders/{id}/paid` (merchant); `DELETE` takes a mark
/// made by mistake back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkPaid {
    pub via: PaidVia,
}

/// Why a shop refused an order, which the shopper's order page says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    OutOfStock,
    Closed,
    AreaNotServed,
    /// Said in the change's `note`.
    Other,
}

impl RejectReason {
    pub const ALL: [Self; 4] = [
        Self::OutOfStock,
        Self::Closed,
        Self::AreaNotServed,
        Self::Other,
    ];

    /// The stable wire name, as stored and as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OutOfStock => "out_of_stock",
            Self::Closed => "closed",
            Self::AreaNotServed => "area_not_served",
            Self::Other => "other",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| reason.as_str() == name)
    }
}

/// One step in an order's life.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: OrderStatus,
    /// Milliseconds since the Unix epoch, UTC.
    pub at_ms: i64,
    /// Why the shop refused the order (`rejected` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<RejectReason>,
    /// The shop's words to the shopper with a refusal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl StatusChange {
    /// A status reached at `at_ms`, with nothing said.
    pub fn reached(status: OrderStatus, at_ms: i64) -> Self {
        Self {
            status,
            at_ms,
            reason: None,
            note: None,
        }
    }
}

/// Move an order on: `POST /api/stores/{store}/orders/{id}/status` (merchant).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusUpdate {
    pub status: OrderStatus,
    /// Why the order is refused: with `rejected` only (required there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<RejectReason>,
    /// Words for the shopper with a refusal (at most 200 characters); required with `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl StatusUpdate {
    /// A move with nothing to say.
    pub fn to(status: OrderStatus) -> Self {
        Self {
            status,
            reason: None,
            note: None,
        }
    }
}

/// The answer to a placed order: the order and the secret that lets the shopper read it later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedOrder {
    pub order: Order,
    /// Secret for `GET /api/orders/{id}` as `Authorization: Bearer <token>`; the order's only key.
    pub token: String,
}

/// A merchant's view of the store's orders, newest first, a page at a time: `GET
/// /api/stores/{store}/orders`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderList {
    pub orders: Vec<Order>,
    /// The `before` that asks for the next page; absent on the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more: Option<i64>,
}

/// A shop's day as its owner reads it at closing time: `GET /api/stores/{store}/orders/summary?day=…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaySummary {
    /// The day, `YYYY-MM-DD` on the shops' clock (India time).
    pub day: String,
    /// Orders placed that day (never test orders).
    pub orders: u32,
    /// Of those, orders delivered or collected.
    pub delivered: u32,
    /// What the delivered orders brought in, by how they were paid.
    pub takings: Takings,
    /// The items most ordered that day, most first (at most 10), across orders neither refused nor
    /// cancelled.
    pub top_items: Vec<ItemCount>,
    /// Orders the shop refused, with why.
    pub refused: Vec<Refusal>,
    /// Orders their shoppers cancelled.
    pub cancelled: u32,
}

/// Money taken, by how: the shop's mark where it made one, else the way the shopper chose to pay.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Takings {
    pub cash: Money,
    pub upi: Money,
    pub total: Money,
}

/// One pack and how many of it: a line of a pick list or of a day's top items ("Atta 5 kg × 7").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemCount {
    pub product: String,
    pub variant: String,
    pub name: String,
    pub variant_label: String,
    pub quantity: u32,
}

/// An order the shop refused, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub order: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<RejectReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Which of the shop's orders a page of its list holds (the query of `GET /api/stores/{store}/orders`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderQuery {
    /// Only orders with one of these statuses, comma-separated (`placed,accepted`); absent: all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Orders matching these words: an order number, or a part of the customer's name or phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only orders older than this order id: the page after one whose `more` said it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<i64>,
    /// How many orders at most (1 to 200; 50 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Exchange Telegram Mini App init data for a session: `POST /api/stores/{store}/telegram/session`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelegramSessionRequest {
    /// `Telegram.WebApp.initData`, exactly as Telegram gave it (the raw query string, not decoded).
    pub init_data: String,
}

/// A Telegram user, as Telegram's init data named them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelegramUser {
    /// Telegram's user id (fits in 53 bits, so JavaScript numbers hold it exactly).
    pub id: i64,
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The @username, without the `@`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// IETF language tag of the user's Telegram client, e.g. `"hi"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
}

/// A short-lived Telegram session: who the shopper is, and the token that proves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelegramSession {
    /// Secret for later requests as `Authorization: Bearer <token>`; valid for this shop until `expires_at_ms`.
    pub token: String,
    pub user: TelegramUser,
    /// Milliseconds since the Unix epoch, UTC.
    pub expires_at_ms: i64,
}

/// A shop opened by its owner: `POST /api/shops`, when the server takes sign-ups.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopSignup {
    /// The shop's name, as shoppers will see it.
    pub name: String,
    /// The shop's WhatsApp number, where orders are handed back to the chat: 10 digits, or + and the
    /// country code.
    pub phone: String,
    /// The shop's address in links (`/s/{slug}`); suggested from the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
}

/// How a shop's owner signs in to its console: a link holding the merchant's secret in its fragment.
/// Shown once; a new one (`POST /api/stores/{store}/merchant/secret`) makes the old one stop working.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    /// The shop's slug.
    pub store: String,
    /// The console's path with the secret in its fragment, `/m/{store}#k={secret}`, on this server.
    pub link: String,
    /// The secret itself, also the merchant token for the API (`Authorization: Bearer <secret>`).
    pub secret: String,
}

/// How a shop hears of new orders in Telegram, through its own bot: `PUT
/// /api/stores/{store}/telegram-notices` (merchant).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelegramNoticesUpdate {
    /// The shop's bot's token, from @BotFather (`123456789:AAH…`). Absent or empty: the one set before
    /// stays (it is never sent back, so a form cannot show it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot_token: Option<String>,
    /// Where the notices go: a chat's numeric id (negative for a group, `-100…` for a supergroup or a
    /// channel) or a public channel's `@name`.
    pub chat_id: String,
    /// Minutes after which a notice is sent again while the order is still new, 1 to 120; 0: never.
    #[serde(default)]
    pub repeat_minutes: u32,
}

/// Never shows the bot's token: a log line or a panic message must not carry it.
impl std::fmt::Debug for TelegramNoticesUpdate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramNoticesUpdate")
            .field("bot_token", &self.bot_token.as_ref().map(|_| "…"))
            .field("chat_id", &self.chat_id)
            .field("repeat_minutes", &self.repeat_minutes)
            .finish()
    }
}

/// A shop's Telegram notices as set up: `GET /api/stores/{store}/telegram-notices` (merchant). The bot's
/// token is a secret and is never sent back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelegramNotices {
    /// The bot's id: the part of its token before the `:`.
    pub bot_id: i64,
    /// The chat the notices go to, as kept: a numeric id, or a channel's `@name`.
    pub chat_id: String,
    /// Minutes after which a notice is sent again while the order is still new; 0: never.
    pub repeat_minutes: u32,
    /// What went wrong with the latest notice, when it failed (it is tried again); absent once one reached
    /// the chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// A product photo as the server keeps it: `POST /api/stores/{store}/photos`. Its addresses name its
/// content and never change; a product shows it by `url` (its `image`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedPhoto {
    /// The product page's picture, a JPEG at most 720 pixels on its longest side.
    pub url: String,
    /// The list's square thumbnail, a 160 × 160 JPEG of the photo's middle.
    pub thumbnail: String,
    /// The product page's picture's size, in pixels.
    pub width: u32,
    pub height: u32,
}

/// `words` trimmed, without empty ones, each once (compared without ASCII case): a product's search words
/// as kept.
pub fn distinct_words<'a>(words: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for word in words.map(str::trim) {
        if !word.is_empty() && !kept.iter().any(|it| it.eq_ignore_ascii_case(word)) {
            kept.push(word.to_owned());
        }
    }
    kept
}

/// A product's search words as a spreadsheet cell or the console's field writes them: "gehun, Aashirvaad".
pub fn search_words_text(words: &[String]) -> String {
    words.join(", ")
}

/// Search words as a cell or a field gives them, comma-separated: each once, none empty.
pub fn search_words_of(text: &str) -> Vec<String> {
    distinct_words(text.split(','))
}

/// The list's thumbnail of a product photo the server keeps (`/photos/…-720.jpg` → `…-160.jpg`); `None`
/// for a picture from elsewhere, which has only the one size.
pub fn photo_thumbnail(url: &str) -> Option<String> {
    let stem = url.strip_prefix("/photos/")?.strip_suffix("-720.jpg")?;
    Some(format!("/photos/{stem}-160.jpg"))
}

/// A link to the shop's draft as shoppers will see it once published: `POST
/// /api/stores/{store}/preview`. Orders placed there are tests (they take no stock and the shop does not
/// get them); it works for anyone until it ends, or until the owner makes a new secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewLink {
    /// The preview's path on this server: `/s/{store}?preview=…`.
    pub url: String,
    /// When it stops working, in milliseconds since the Unix epoch.
    pub expires_at_ms: i64,
}

/// A shop address free to take: `GET /api/shops/suggestion?name=…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlugSuggestion {
    pub slug: String,
}

/// A shop's catalog as its owner edits it, before it is published: `GET`/`PUT
/// /api/stores/{store}/draft`. Shoppers see none of it until `POST …/draft/publish`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogDraft {
    /// In the order the shop lists them.
    pub categories: Vec<Category>,
    /// In the order the shop lists them.
    pub products: Vec<DraftProduct>,
}

/// The shop's categories as they are to be: `PUT /api/stores/{store}/draft/categories`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryPlan {
    /// Every category the shop keeps, in the order it lists them, renamed as they are here. A new
    /// category has an empty id: the server makes one from its name. A category left out is removed.
    pub categories: Vec<Category>,
    /// For each removed category that has products, by its id: the id of the kept category they move
    /// to.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub move_products: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftProduct {
    pub id: String,
    pub category: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_local: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// A few words shoppers read on the product's page ("Stone-ground, from Madhya Pradesh").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Other words shoppers find it by: local names, a brand, what customers call it ("gehun",
    /// "Aashirvaad"); each at most 40 characters, without commas, at most 20.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub search_words: Vec<String>,
    /// Kept in the catalog but not shown to shoppers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
    pub variants: Vec<DraftVariant>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftVariant {
    pub id: String,
    pub label: String,
    pub price: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mrp: Option<Money>,
    /// The stock to set when the draft is published; absent, stock stays as orders leave it (a new
    /// pack starts at 0, counted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<Stock>,
}

/// How much of a pack the shop has: counted, not counted, or sold out for a while. On the wire a count
/// is a bare number (`12`), the others `"untracked"` and `{"sold_out_until": 1795890600000}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StockWire", into = "StockWire")]
pub enum Stock {
    /// This many packs on hand; each order takes from it, a rejected or cancelled one gives back.
    Count(u32),
    /// Not counted: always there to order.
    Untracked,
    /// None to order until this moment (milliseconds since the Unix epoch), then not counted.
    SoldOutUntil(i64),
}

impl Stock {
    /// Whether nothing can be ordered at `now_ms`.
    pub fn sold_out_at(self, now_ms: i64) -> bool {
        match self {
            Self::Count(units) => units == 0,
            Self::Untracked => false,
            Self::SoldOutUntil(until) => now_ms < until,
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(
    untagged,
    expecting = "a stock: a number of packs (0 to 10,00,000), \"untracked\", or {\"sold_out_until\": milliseconds}"
)]
enum StockWire {
    Count(u32),
    Other(StockMode),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum StockMode {
    Untracked,
    SoldOutUntil(i64),
}

impl From<StockWire> for Stock {
    fn from(wire: StockWire) -> Self {
        match wire {
            StockWire::Count(units) => Self::Count(units),
            StockWire::Other(StockMode::Untracked) => Self::Untracked,
            StockWire::Other(StockMode::SoldOutUntil(until)) => Self::SoldOutUntil(until),
        }
    }
}

impl From<Stock> for StockWire {
    fn from(stock: Stock) -> Self {
        match stock {
            Stock::Count(units) => Self::Count(units),
            Stock::Untracked => Self::Other(StockMode::Untracked),
            Stock::SoldOutUntil(until) => Self::Other(StockMode::SoldOutUntil(until)),
        }
    }
}

/// The draft as the console shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub catalog: CatalogDraft,
    /// Whether it holds changes not yet published (false: it is the live catalog, as a start).
    pub unpublished: bool,
}

/// A published catalog, kept to look back at and to restore.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogVersion {
    /// 1 for the catalog as it was before the first publish, then one more for each.
    pub version: u32,
    /// Milliseconds since the Unix epoch, UTC.
    pub published_at_ms: i64,
    pub products: u32,
}

/// `GET /api/stores/{store}/versions`, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionList {
    pub versions: Vec<CatalogVersion>,
}

/// What a publish changed, or would change, pack by pack: `GET /api/stores/{store}/draft/changes` (the
/// draft against the live catalog) and `GET …/versions/{version}/changes` (a version against the one
/// before it). Stock is left out: publishing never rewinds what was sold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogChanges {
    /// In the newer catalog's order; removed packs last.
    pub packs: Vec<PackChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackChange {
    pub product: String,
    pub variant: String,
    /// The product's name and the pack's label, as the newer catalog has them (a removed pack's, as the
    /// older one had them).
    pub name: String,
    pub pack: String,
    pub change: PackChangeKind,
    /// For a changed pack, each field that changed, old → new, as the spreadsheet writes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<CellChange>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PackChangeKind {
    Added,
    Changed,
    Removed,
}

/// What importing a catalog spreadsheet would do, row by row: `POST /api/stores/{store}/catalog/plan`.
/// Nothing is imported while any row fails.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPlan {
    /// Each pack (row) that can be imported, and what it does.
    pub rows: Vec<PlannedRow>,
    /// The rows that cannot be, each naming its row, column and value, and why.
    pub problems: Vec<RowProblem>,
    /// Categories the file names that the shop does not have yet: importing adds them.
    pub new_categories: Vec<String>,
    /// Headings of the file that name no column Haat reads: their cells are left out.
    pub ignored_columns: Vec<String>,
    /// What the plan was made against; importing the file with it (`POST …/catalog/import?basis=`)
    /// is refused if the catalog changed since.
    pub basis: String,
}

impl ImportPlan {
    /// How many of the file's rows have a problem: a row may have several.
    pub fn rows_with_problems(&self) -> usize {
        let mut lines: Vec<u32> = self.problems.iter().map(|problem| problem.line).collect();
        lines.sort_unstable();
        lines.dedup();
        lines.len()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedRow {
    /// The row's number in the file, its heading row being 1.
    pub line: u32,
    pub product: String,
    pub variant: String,
    pub change: RowChange,
    /// For an update, each cell that changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<CellChange>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowChange {
    Create,
    Update,
    Unchanged,
}

/// One cell's change, old and new as the spreadsheet writes them ("89" → "89.50").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellChange {
    pub column: String,
    pub old: String,
    pub new: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// The row's number in the file, its heading row being 1.
    pub line: u32,
    /// The column, as Haat names it; absent when the whole row is at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The cell as the file has it.
    pub value: String,
    pub why: String,
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_row_with_two_problems_is_one_row_with_problems() {
        let problem = |line| super::RowProblem {
            line,
            column: None,
            value: String::new(),
            why: String::new(),
        };
        let plan = super::ImportPlan {
            problems: vec![problem(4), problem(4), problem(9)],
            ..super::ImportPlan::default()
        };
        assert_eq!(plan.rows_with_problems(), 2);
    }

    #[test]
    fn a_shoppers_language_is_read_from_its_tag() {
        assert_eq!(Language::of_tag("hi-IN"), Some(Language::Hi));
        assert_eq!(Language::of_tag("ta_IN"), Some(Language::Ta));
        assert_eq!(Language::of_tag("FR-fr"), Some(Language::Fr));
        assert_eq!(Language::of_tag(" en "), Some(Language::En));
        assert_eq!(Language::of_tag("bn-IN"), None, "not spoken yet");
        assert_eq!(Language::of_tag(""), None);
        for language in Language::ALL {
            assert_eq!(Language::parse(language.as_str()), Some(language));
        }
    }

    #[test]
    fn a_kept_photo_has_a_thumbnail_and_others_do_not() {
        assert_eq!(
            photo_thumbnail("/photos/demo/0123abcd-720.jpg").as_deref(),
            Some("/photos/demo/0123abcd-160.jpg")
        );
        assert_eq!(photo_thumbnail("https://cdn.example/poha-720.jpg"), None);
    }

    use super::*;

    #[test]
    fn order_status_names_round_trip() {
        for status in [
            OrderStatus::Placed,
            OrderStatus::OutForDelivery,
            OrderStatus::ReadyForPickup,
            OrderStatus::Cancelled,
        ] {
            assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
            let json = serde_json::to_string(&status).expect("status serialises");
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert_eq!(OrderStatus::parse("shipped"), None);
    }

    #[test]
    fn stock_is_a_number_or_a_word() {
        let cases = [
            (Stock::Count(12), "12"),
            (Stock::Untracked, r#""untracked""#),
            (
                Stock::SoldOutUntil(1_795_890_600_000),
                r#"{"sold_out_until":1795890600000}"#,
            ),
        ];
        for (stock, json) in cases {
            assert_eq!(
                serde_json::to_string(&stock).expect("stock serialises"),
                json
            );
            assert_eq!(serde_json::from_str::<Stock>(json).ok(), Some(stock));
        }
        let bad = serde_json::from_str::<Stock>("-1").expect_err("not a stock");
        assert!(
            bad.to_string().starts_with("a stock: a number of packs"),
            "{bad}"
        );
        assert!(serde_json::from_str::<Stock>(r#""lots""#).is_err());
        assert!(Stock::SoldOutUntil(10).sold_out_at(9));
        assert!(!Stock::SoldOutUntil(10).sold_out_at(10));
        assert!(Stock::Count(0).sold_out_at(0));
        assert!(!Stock::Untracked.sold_out_at(0));
    }

    #[test]
    fn line_requests_ignore_client_prices() {
        let line: LineRequest =
            serde_json::from_str(r#"{"product":"atta","variant":"5kg","quantity":2,"price":1}"#)
                .expect("unknown fields are ignored");
        assert_eq!(line.quantity, 2);
    }
}
