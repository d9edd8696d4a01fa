//! The catalog's forms as the merchant fills them: text as typed, turned into the wire's types when
//! saved. A problem found here is named as the server names it (`variants[0].price`), so both are shown
//! beside the same field, and said in the merchant's language (the server's problems come as it wrote them).

use std::{collections::BTreeMap, rc::Rc};

use haat_api::{
    Category, CategoryPlan, Closure, DeliverySlot, DraftProduct, DraftVariant, FieldError, Money,
    PaymentMethod, PriceProblem, Stock, StoreProfile, TelegramNotices, TelegramNoticesUpdate,
    clock::ShopTime,
};
use yew::Reducible;

use crate::lang::Lang;

/// Problems by field, as the server names fields.
pub type Problems = BTreeMap<String, String>;

/// Reads `details` of a refusal as problems by field.
pub fn problems_of(details: &[FieldError]) -> Problems {
    details
        .iter()
        .map(|detail| (detail.field.clone(), detail.message.clone()))
        .collect()
}

/// How a pack's stock is kept, as the form offers it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StockMode {
    /// Counted: the number typed (empty: as orders leave it).
    Counted,
    /// Not counted: always there to order. What a new pack starts as: most shops count nothing.
    #[default]
    NotTracked,
    /// None to order until the moment typed.
    SoldOutUntil,
}

impl StockMode {
    /// The form's name for it (a `<select>`'s value).
    pub fn name(self) -> &'static str {
        match self {
            Self::Counted => "counted",
            Self::NotTracked => "not-tracked",
            Self::SoldOutUntil => "sold-out",
        }
    }

    pub fn named(name: &str) -> Option<Self> {
        [Self::Counted, Self::NotTracked, Self::SoldOutUntil]
            .into_iter()
            .find(|mode| mode.name() == name)
    }
}

/// One pack as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackForm {
    /// Empty for a pack not saved yet: the server makes its id from the label.
    pub id: String,
    pub label: String,
    pub price: String,
    pub mrp: String,
    pub stock_mode: StockMode,
    /// Counted: how many; empty, the stock stays as orders leave it (a new pack starts at 0).
    pub stock: String,
    /// Sold out: until when, as a `datetime-local` field writes it.
    pub back_at: String,
}

/// A product as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProductForm {
    /// `None` for a new product: the server makes its id from the name.
    pub id: Option<String>,
    pub name: String,
    pub name_local: String,
    pub category: String,
    /// The photo's address (`/photos/…`, uploaded from the phone).
    pub image: Option<String>,
    pub description: String,
    /// Other words shoppers find it by, comma-separated as typed ("gehun, Aashirvaad").
    pub search_words: String,
    /// Shown to shoppers (unticked: kept, but hidden).
    pub visible: bool,
    pub packs: Vec<PackForm>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PackField {
    Label,
    Price,
    Mrp,
    /// A [`StockMode`]'s name.
    StockMode,
    Stock,
    BackAt,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ProductEdit {
    Name(String),
    NameLocal(String),
    Category(String),
    /// The product's photo (its address), or none.
    Image(Option<String>),
    Description(String),
    SearchWords(String),
    Visible(bool),
    Pack(usize, PackField, String),
    AddPack,
    RemovePack(usize),
}

impl ProductForm {
    /// A new product in `category`, with one empty pack.
    pub fn new_in(category: &str) -> Self {
        Self {
            category: category.to_owned(),
            visible: true,
            packs: vec![PackForm::default()],
            ..Self::default()
        }
    }

    pub fn of(product: &DraftProduct) -> Self {
        Self {
            id: Some(product.id.clone()),
            name: product.name.clone(),
            name_local: product.name_local.clone().unwrap_or_default(),
            category: product.category.clone(),
            image: product.image.clone(),
            description: product.description.clone().unwrap_or_default(),
            search_words: haat_api::search_words_text(&product.search_words),
            visible: !product.hidden,
            packs: product
                .variants
                .iter()
                .map(|pack| {
                    let (stock_mode, stock, back_at) = match pack.stock {
                        None => (StockMode::Counted, String::new(), String::new()),
                        Some(Stock::Count(units)) => {
                            (StockMode::Counted, units.to_string(), String::new())
                        }
                        Some(Stock::Untracked) => {
                            (StockMode::NotTracked, String::new(), String::new())
                        }
                        Some(Stock::SoldOutUntil(until)) => {
                            (StockMode::SoldOutUntil, String::new(), local_text(until))
                        }
                    };
                    PackForm {
                        id: pack.id.clone(),
                        label: pack.label.clone(),
                        price: pack.price.rupees(),
                        mrp: pack.mrp.map(Money::rupees).unwrap_or_default(),
                        stock_mode,
                        stock,
                        back_at,
                    }
                })
                .collect(),
        }
    }

    /// The product to send, or the problems of what was typed, by field.
    pub fn product(&self, lang: &Lang) -> Result<DraftProduct, Problems> {
        let mut problems = Problems::new();
        let decimal_comma = haat_lang::locale::decimal_comma(lang.language);
        let mut variants = Vec::new();
        for (at, pack) in self.packs.iter().enumerate() {
            let field = |name: &str| format!("variants[{at}].{name}");
            let price = match Money::parse_rupees(&pack.price, decimal_comma) {
                Ok(price) => price,
                Err(why) => {
                    problems.insert(field("price"), amount_problem(lang, why));
                    Money::ZERO
                }
            };
            let mrp = match pack.mrp.trim() {
                "" => None,
                typed => Money::parse_rupees(typed, decimal_comma)
                    .map_err(|why| problems.insert(field("mrp"), amount_problem(lang, why)))
                    .ok(),
            };
            let stock = match (pack.stock_mode, pack.stock.trim()) {
                (StockMode::Counted, "") => None,
                (StockMode::Counted, typed) => typed
                    .replace(',', "")
                    .parse::<u32>()
                    .map(Stock::Count)
                    .map_err(|_| {
                        problems.insert(
                            field("stock"),
                            lang.t("Stock is a whole number of packs, 0 or more.")
                                .to_owned(),
                        )
                    })
                    .ok(),
                (StockMode::NotTracked, _) => Some(Stock::Untracked),
                (StockMode::SoldOutUntil, _) => read_local_text(&pack.back_at)
                    .map(Stock::SoldOutUntil)
                    .or_else(|| {
                        problems.insert(
                            field("stock"),
                            lang.t("Choose the day and time it is back.").to_owned(),
                        );
                        None
                    }),
            };
            variants.push(DraftVariant {
                id: pack.id.clone(),
                label: pack.label.trim().to_owned(),
                price,
                mrp,
                stock,
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let name_local = self.name_local.trim();
        let description = self.description.trim();
        Ok(DraftProduct {
            id: self.id.clone().unwrap_or_default(),
            category: self.category.clone(),
            name: self.name.trim().to_owned(),
            name_local: (!name_local.is_empty()).then(|| name_local.to_owned()),
            image: self.image.clone(),
            description: (!description.is_empty()).then(|| description.to_owned()),
            search_words: haat_api::search_words_of(&self.search_words),
            hidden: !self.visible,
            variants,
        })
    }
}

impl Reducible for ProductForm {
    type Action = ProductEdit;

    fn reduce(self: Rc<Self>, edit: ProductEdit) -> Rc<Self> {
        let mut form = (*self).clone();
        match edit {
            ProductEdit::Name(text) => form.name = text,
            ProductEdit::NameLocal(text) => form.name_local = text,
            ProductEdit::Category(id) => form.category = id,
            ProductEdit::Image(image) => form.image = image,
            ProductEdit::Description(text) => form.description = text,
            ProductEdit::SearchWords(text) => form.search_words = text,
            ProductEdit::Visible(visible) => form.visible = visible,
            ProductEdit::Pack(at, field, text) => {
                if let Some(pack) = form.packs.get_mut(at) {
                    let value = match field {
                        PackField::Label => &mut pack.label,
                        PackField::Price => &mut pack.price,
                        PackField::Mrp => &mut pack.mrp,
                        PackField::Stock => &mut pack.stock,
                        PackField::BackAt => &mut pack.back_at,
                        PackField::StockMode => {
                            pack.stock_mode = StockMode::named(&text).unwrap_or(pack.stock_mode);
                            return Rc::new(form);
                        }
                    };
                    *value = text;
                }
            }
            ProductEdit::AddPack => form.packs.push(PackForm::default()),
            ProductEdit::RemovePack(at) => {
                if form.packs.len() > 1 && at < form.packs.len() {
                    form.packs.remove(at);
                }
            }
        }
        Rc::new(form)
    }
}

/// One category in the categories form.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryRow {
    pub category: Category,
    /// How many products of the draft it holds (0 for a new one).
    pub products: usize,
    /// Marked to be removed; its products go to `move_to`.
    pub removed: bool,
    pub move_to: String,
}

/// The shop's categories as the merchant arranges them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CategoriesForm {
    pub rows: Vec<CategoryRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CategoryEdit {
    Name(usize, String),
    NameLocal(usize, String),
    Up(usize),
    Down(usize),
    /// Marks the category removed, or keeps it again.
    Remove(usize),
    MoveTo(usize, String),
    Add(String),
}

impl CategoriesForm {
    pub fn of(categories: &[Category], products: &[DraftProduct]) -> Self {
        Self {
            rows: categories
                .iter()
                .map(|category| CategoryRow {
                    category: category.clone(),
                    products: products
                        .iter()
                        .filter(|product| product.category == category.id)
                        .count(),
                    removed: false,
                    move_to: String::new(),
                })
                .collect(),
        }
    }

    /// What the server is asked to make of the categories.
    pub fn plan(&self) -> CategoryPlan {
        CategoryPlan {
            categories: self
                .rows
                .iter()
                .filter(|row| !row.removed)
                .map(|row| row.category.clone())
                .collect(),
            move_products: self
                .rows
                .iter()
                .filter(|row| row.removed && row.products > 0 && !row.move_to.is_empty())
                .map(|row| (row.category.id.clone(), row.move_to.clone()))
                .collect(),
        }
    }

    /// The field a row's name has in the plan (`categories[2].name`): kept rows count, removed ones not.
    pub fn field_of(&self, at: usize, name: &str) -> String {
        let kept = self.rows[..at].iter().filter(|row| !row.removed).count();
        format!("categories[{kept}].{name}")
    }
}

impl Reducible for CategoriesForm {
    type Action = CategoryEdit;

    fn reduce(self: Rc<Self>, edit: CategoryEdit) -> Rc<Self> {
        let mut form = (*self).clone();
        let rows = &mut form.rows;
        match edit {
            CategoryEdit::Name(at, text) => {
                if let Some(row) = rows.get_mut(at) {
                    row.category.name = text;
                }
            }
            CategoryEdit::NameLocal(at, text) => {
                if let Some(row) = rows.get_mut(at) {
                    row.category.name_local = (!text.trim().is_empty()).then_some(text);
                }
            }
            CategoryEdit::Up(at) if at > 0 && at < rows.len() => rows.swap(at - 1, at),
            CategoryEdit::Down(at) if at + 1 < rows.len() => rows.swap(at, at + 1),
            CategoryEdit::Remove(at) => {
                if let Some(row) = rows.get_mut(at) {
                    if row.category.id.is_empty() {
                        // Never saved: nothing to remove on the server.
                        rows.remove(at);
                    } else {
                        row.removed = !row.removed;
                    }
                }
            }
            CategoryEdit::MoveTo(at, id) => {
                if let Some(row) = rows.get_mut(at) {
                    row.move_to = id;
                }
            }
            CategoryEdit::Add(name) => rows.push(CategoryRow {
                category: Category {
                    id: String::new(),
                    name,
                    name_local: None,
                    icon: None,
                },
                products: 0,
                removed: false,
                move_to: String::new(),
            }),
            CategoryEdit::Up(_) | CategoryEdit::Down(_) => {}
        }
        Rc::new(form)
    }
}

/// The shop's settings as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingsForm {
    /// The settings as they were: what the form does not show (the slug, the currency) goes back as
    /// it came.
    pub kept: Rc<StoreProfile>,
    pub name: String,
    pub name_local: String,
    pub tagline: String,
    /// The shop's picture (its address, uploaded from the phone), or none.
    pub logo: Option<String>,
    pub phone: String,
    pub locale: String,
    pub address: String,
    pub hours: String,
    pub min_order: String,
    pub delivery_fee: String,
    pub free_delivery_from: String,
    /// Pincodes as typed: separated by commas, spaces or new lines.
    pub pincodes: String,
    pub slots: Vec<DeliverySlot>,
    pub pickup: bool,
    pub upi_on_delivery: bool,
    pub upi_now: bool,
    pub upi_id: String,
    /// The "closed" switch, when the shop opens again (`2026-11-29T08:00`, India time; empty: when the
    /// owner opens it), and whether it takes orders meanwhile.
    pub closed: bool,
    pub opens_at: String,
    pub takes_orders: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SettingsField {
    Name,
    NameLocal,
    Tagline,
    Phone,
    Locale,
    Address,
    Hours,
    MinOrder,
    DeliveryFee,
    FreeDeliveryFrom,
    Pincodes,
    UpiId,
    OpensAt,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SettingsEdit {
    Text(SettingsField, String),
    Logo(Option<String>),
    Pickup(bool),
    /// A UPI way of paying, on or off (cash is always on).
    Upi(PaymentMethod, bool),
    Slot(usize, String),
    AddSlot,
    RemoveSlot(usize),
    Closed(bool),
    TakesOrders(bool),
}

impl SettingsForm {
    pub fn of(profile: &StoreProfile) -> Self {
        let rupees = |amount: Option<Money>| amount.map(Money::rupees).unwrap_or_default();
        Self {
            kept: Rc::new(profile.clone()),
            name: profile.name.clone(),
            name_local: profile.name_local.clone().unwrap_or_default(),
            tagline: profile.tagline.clone(),
            logo: profile.logo.clone(),
            phone: profile.phone.clone(),
            locale: profile.locale.clone(),
            address: profile.address.clone(),
            hours: profile.hours.clone(),
            min_order: rupees(Some(profile.min_order)),
            delivery_fee: rupees(Some(profile.delivery_fee)),
            free_delivery_from: rupees(profile.free_delivery_from),
            pincodes: profile.delivery_pincodes.join(", "),
            slots: profile.delivery_slots.clone(),
            pickup: profile.pickup,
            upi_on_delivery: profile
                .payment_methods
                .contains(&PaymentMethod::UpiOnDelivery),
            upi_now: profile.payment_methods.contains(&PaymentMethod::UpiNow),
            upi_id: profile.upi_id.clone().unwrap_or_default(),
            closed: profile.closed.is_some(),
            opens_at: profile
                .closed
                .as_ref()
                .and_then(|closure| closure.until_ms)
                .map(local_text)
                .unwrap_or_default(),
            takes_orders: profile
                .closed
                .as_ref()
                .is_some_and(|closure| closure.takes_orders),
        }
    }

    /// The settings to send, or the problems of what was typed, by field.
    pub fn profile(&self, lang: &Lang) -> Result<StoreProfile, Problems> {
        let mut problems = Problems::new();
        let decimal_comma = haat_lang::locale::decimal_comma(lang.language);
        let mut amount = |field: &str, typed: &str| match Money::parse_rupees(typed, decimal_comma)
        {
            Ok(amount) => Some(amount),
            Err(why) => {
                problems.insert(field.to_owned(), amount_problem(lang, why));
                None
            }
        };
        let min_order = amount("min_order", or_zero(&self.min_order));
        let delivery_fee = amount("delivery_fee", or_zero(&self.delivery_fee));
        let free_delivery_from = match self.free_delivery_from.trim() {
            "" => None,
            typed => amount("free_delivery_from", typed),
        };
        let opens_at = match self.opens_at.trim() {
            "" => None,
            typed => {
                let read = read_local_text(typed);
                if read.is_none() {
                    problems.insert(
                        "closed.until_ms".to_owned(),
                        lang.t("Choose the day and time the shop opens.").to_owned(),
                    );
                }
                read
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut payment_methods = vec![PaymentMethod::Cash];
        for (method, on) in [
            (PaymentMethod::UpiOnDelivery, self.upi_on_delivery),
            (PaymentMethod::UpiNow, self.upi_now),
        ] {
            if on {
                payment_methods.push(method);
            }
        }
        let text = |typed: &str| {
            let typed = typed.trim();
            (!typed.is_empty()).then(|| typed.to_owned())
        };
        Ok(StoreProfile {
            name: self.name.clone(),
            name_local: text(&self.name_local),
            tagline: self.tagline.clone(),
            logo: self.logo.clone(),
            phone: self.phone.clone(),
            locale: self.locale.clone(),
            address: self.address.clone(),
            hours: self.hours.clone(),
            min_order: min_order.unwrap_or_default(),
            delivery_fee: delivery_fee.unwrap_or_default(),
            free_delivery_from,
            delivery_pincodes: self
                .pincodes
                .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                .filter(|pincode| !pincode.is_empty())
                .map(str::to_owned)
                .collect(),
            delivery_slots: self.slots.clone(),
            pickup: self.pickup,
            payment_methods,
            upi_id: text(&self.upi_id),
            closed: self.closed.then_some(Closure {
                until_ms: opens_at,
                takes_orders: self.takes_orders,
            }),
            ..(*self.kept).clone()
        })
    }
}

/// When a pack sold out now is most often back: with the next morning's delivery, the next 8 am on the
/// shops' clock (today's before 8, else tomorrow's), as a `datetime-local` field writes it.
pub fn next_morning(now_ms: i64) -> String {
    let at_eight = |at_ms: i64| {
        ShopTime {
            hour: 8,
            minute: 0,
            ..ShopTime::at(at_ms)
        }
        .to_ms()
    };
    let today = at_eight(now_ms);
    let next = if today > now_ms {
        today
    } else {
        at_eight(now_ms + 24 * 60 * 60 * 1000)
    };
    local_text(next)
}

/// A moment as a `datetime-local` field writes it, on the shops' clock: `2026-11-29T08:00`.
fn local_text(at_ms: i64) -> String {
    let at = ShopTime::at(at_ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        at.year, at.month, at.day, at.hour, at.minute
    )
}

/// What a `datetime-local` field holds (`2026-11-29T08:00`), read on the shops' clock.
fn read_local_text(text: &str) -> Option<i64> {
    let (date, time) = text.split_once('T')?;
    let mut date = date.splitn(3, '-').map(str::parse::<u32>);
    let (year, month, day) = (date.next()?.ok()?, date.next()?.ok()?, date.next()?.ok()?);
    let (hour, minute) = time.get(..5)?.split_once(':')?;
    let (hour, minute) = (hour.parse().ok()?, minute.parse().ok()?);
    let valid = (1..=12).contains(&month) && (1..=31).contains(&day) && hour < 24 && minute < 60;
    valid.then(|| {
        ShopTime {
            year: i64::from(year),
            month,
            day,
            hour,
            minute,
            weekday: 0,
        }
        .to_ms()
    })
}

/// What [`Money::parse_rupees`] found wrong with a typed amount, in the merchant's language.
fn amount_problem(lang: &Lang, problem: PriceProblem) -> String {
    match problem {
        PriceProblem::NotANumber => lang.t("A price is a number of rupees, like 245 or 245.50."),
        PriceProblem::TooManyPaise => {
            lang.t("A price has at most two digits of paise, like 245.50.")
        }
        PriceProblem::TooLarge => lang.t("This price is too large (10 crore rupees at most)."),
    }
    .to_owned()
}

/// An amount left empty is none: ₹0.
fn or_zero(typed: &str) -> &str {
    if typed.trim().is_empty() { "0" } else { typed }
}

impl Reducible for SettingsForm {
    type Action = SettingsEdit;

    fn reduce(self: Rc<Self>, edit: SettingsEdit) -> Rc<Self> {
        let mut form = (*self).clone();
        match edit {
            SettingsEdit::Text(field, text) => {
                let value = match field {
                    SettingsField::Name => &mut form.name,
                    SettingsField::NameLocal => &mut form.name_local,
                    SettingsField::Tagline => &mut form.tagline,
                    SettingsField::Phone => &mut form.phone,
                    SettingsField::Locale => &mut form.locale,
                    SettingsField::Address => &mut form.address,
                    SettingsField::Hours => &mut form.hours,
                    SettingsField::MinOrder => &mut form.min_order,
                    SettingsField::DeliveryFee => &mut form.delivery_fee,
                    SettingsField::FreeDeliveryFrom => &mut form.free_delivery_from,
                    SettingsField::Pincodes => &mut form.pincodes,
                    SettingsField::UpiId => &mut form.upi_id,
                    SettingsField::OpensAt => &mut form.opens_at,
                };
                *value = text;
            }
            SettingsEdit::Logo(logo) => form.logo = logo,
            SettingsEdit::Pickup(on) => form.pickup = on,
            SettingsEdit::Upi(PaymentMethod::UpiOnDelivery, on) => form.upi_on_delivery = on,
            SettingsEdit::Upi(PaymentMethod::UpiNow, on) => form.upi_now = on,
            SettingsEdit::Upi(PaymentMethod::Cash, _) => {}
            SettingsEdit::Slot(at, label) => {
                if let Some(slot) = form.slots.get_mut(at) {
                    slot.label = label;
                }
            }
            SettingsEdit::AddSlot => form.slots.push(DeliverySlot {
                id: String::new(),
                label: String::new(),
            }),
            SettingsEdit::RemoveSlot(at) => {
                if at < form.slots.len() {
                    form.slots.remove(at);
                }
            }
            SettingsEdit::Closed(closed) => form.closed = closed,
            SettingsEdit::TakesOrders(takes) => form.takes_orders = takes,
        }
        Rc::new(form)
    }
}

/// The shop's Telegram notices as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NoticesForm {
    /// Typed anew, or empty: the bot set before stays (its token is never shown).
    pub bot_token: String,
    pub chat_id: String,
    /// Minutes as typed; empty: never.
    pub repeat_minutes: String,
    /// Whether the shop has a bot already, so the token may stay empty.
    pub has_bot: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NoticesField {
    BotToken,
    ChatId,
    RepeatMinutes,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NoticesEdit {
    Text(NoticesField, String),
}

impl NoticesForm {
    /// The form for the notices as set up, or an empty one.
    pub fn of(notices: Option<&TelegramNotices>) -> Self {
        notices.map_or_else(Self::default, |notices| Self {
            bot_token: String::new(),
            chat_id: notices.chat_id.clone(),
            repeat_minutes: match notices.repeat_minutes {
                0 => String::new(),
                minutes => minutes.to_string(),
            },
            has_bot: true,
        })
    }

    /// The notices to send, or the problems of what was typed, by field (the server checks the rest).
    pub fn update(&self, lang: &Lang) -> Result<TelegramNoticesUpdate, Problems> {
        let repeat_minutes = match self.repeat_minutes.trim() {
            "" => 0,
            typed => typed.parse().map_err(|_| {
                Problems::from([(
                    "repeat_minutes".to_owned(),
                    lang.t("Minutes are a whole number, like 10; empty for no reminders.")
                        .to_owned(),
                )])
            })?,
        };
        let token = self.bot_token.trim();
        Ok(TelegramNoticesUpdate {
            bot_token: (!token.is_empty()).then(|| token.to_owned()),
            chat_id: self.chat_id.trim().to_owned(),
            repeat_minutes,
        })
    }
}

impl Reducible for NoticesForm {
    type Action = NoticesEdit;

    fn reduce(self: Rc<Self>, edit: NoticesEdit) -> Rc<Self> {
        let mut form = (*self).clone();
        let NoticesEdit::Text(field, text) = edit;
        *match field {
            NoticesField::BotToken => &mut form.bot_token,
            NoticesField::ChatId => &mut form.chat_id,
            NoticesField::RepeatMinutes => &mut form.repeat_minutes,
        } = text;
        Rc::new(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dal() -> DraftProduct {
        DraftProduct {
            id: "toor-dal".into(),
            category: "staples".into(),
            name: "Toor Dal".into(),
            name_local: Some("तूर दाल".into()),
            image: None,
            description: None,
            search_words: Vec::new(),
            hidden: false,
            variants: vec![DraftVariant {
                id: "500g".into(),
                label: "500 g".into(),
                price: Money::from_minor(8_950),
                mrp: Some(Money::from_minor(9_500)),
                stock: None,
            }],
        }
    }

    #[test]
    fn a_product_comes_back_from_its_form_unchanged() {
        assert_eq!(ProductForm::of(&dal()).product(&Lang::english()), Ok(dal()));
        assert_eq!(ProductForm::of(&dal()).packs[0].price, "89.50");
    }

    #[test]
    fn prices_are_read_as_typed_and_problems_named_as_the_server_names_them() {
        let form = Rc::new(ProductForm::new_in("staples"))
            .reduce(ProductEdit::Name(" Poha ".into()))
            .reduce(ProductEdit::Pack(0, PackField::Label, "1 kg".into()))
            .reduce(ProductEdit::Pack(0, PackField::Price, "₹1,245.5".into()))
            .reduce(ProductEdit::Pack(0, PackField::StockMode, "counted".into()))
            .reduce(ProductEdit::Pack(0, PackField::Stock, "12".into()));
        let product = form.product(&Lang::english()).expect("a product");
        assert_eq!(product.name, "Poha");
        assert_eq!(product.variants[0].price, Money::from_minor(124_550));
        assert_eq!(product.variants[0].stock, Some(Stock::Count(12)));
        assert_eq!(product.variants[0].id, "", "the server names a new pack");

        let bad = form
            .clone()
            .reduce(ProductEdit::AddPack)
            .reduce(ProductEdit::Pack(1, PackField::Price, "abc".into()))
            .reduce(ProductEdit::Pack(1, PackField::StockMode, "counted".into()))
            .reduce(ProductEdit::Pack(1, PackField::Stock, "-1".into()));
        let problems = bad.product(&Lang::english()).expect_err("problems");
        let fields: Vec<&str> = problems.keys().map(String::as_str).collect();
        assert_eq!(fields, ["variants[1].price", "variants[1].stock"]);

        // "89,50" as French writes it is 89.50 in French, and no price (never 8,950) in English.
        let comma = form.reduce(ProductEdit::Pack(0, PackField::Price, "89,50".into()));
        let french = Lang::new(haat_api::Language::Fr, crate::lang::Translations::new());
        let product = comma.product(&french).expect("a product");
        assert_eq!(product.variants[0].price, Money::from_minor(8_950));
        let problems = comma.product(&Lang::english()).expect_err("a problem");
        assert_eq!(problems.keys().collect::<Vec<_>>(), ["variants[0].price"]);
    }

    #[test]
    fn sold_out_is_until_the_next_8_am() {
        let in_india = |day, hour, minute| {
            let (year, month) = if day > 31 { (2027, 1) } else { (2026, 12) };
            let day = if day > 31 { day - 31 } else { day };
            ShopTime {
                year,
                month,
                day,
                hour,
                minute,
                weekday: 0,
            }
            .to_ms()
        };
        // Late in the evening, tomorrow's 8 am; after midnight, the same morning's; the year turns.
        assert_eq!(next_morning(in_india(28, 23, 30)), "2026-12-29T08:00");
        assert_eq!(next_morning(in_india(29, 0, 30)), "2026-12-29T08:00");
        assert_eq!(next_morning(in_india(29, 8, 0)), "2026-12-30T08:00");
        assert_eq!(next_morning(in_india(31, 9, 0)), "2027-01-01T08:00");
    }

    #[test]
    fn a_new_pack_is_not_counted_and_a_sold_out_one_says_until_when() {
        let form = Rc::new(ProductForm::new_in("staples"))
            .reduce(ProductEdit::Name("Bread".into()))
            .reduce(ProductEdit::Pack(0, PackField::Label, "400 g".into()))
            .reduce(ProductEdit::Pack(0, PackField::Price, "45".into()));
        assert_eq!(
            form.product(&Lang::english()).expect("a product").variants[0].stock,
            Some(Stock::Untracked)
        );
        let sold_out = form.reduce(ProductEdit::Pack(
            0,
            PackField::StockMode,
            "sold-out".into(),
        ));
        let problems = sold_out
            .clone()
            .product(&Lang::english())
            .expect_err("no moment yet");
        assert!(problems.contains_key("variants[0].stock"));
        let back = sold_out.reduce(ProductEdit::Pack(
            0,
            PackField::BackAt,
            "2026-11-29T08:00".into(),
        ));
        let product = back.product(&Lang::english()).expect("a product");
        // Sunday 29 November 2026, 8 am in India (2:30 am UTC).
        assert_eq!(
            product.variants[0].stock,
            Some(Stock::SoldOutUntil(1_795_919_400_000))
        );
        assert_eq!(
            ProductForm::of(&product).packs[0].back_at,
            "2026-11-29T08:00"
        );
    }

    #[test]
    fn a_hidden_product_with_a_description_comes_back_unchanged() {
        let mut dal = dal();
        dal.hidden = true;
        dal.description = Some("Unpolished, from Latur.".into());
        dal.variants[0].stock = Some(Stock::Untracked);
        assert_eq!(ProductForm::of(&dal).product(&Lang::english()), Ok(dal));
    }

    #[test]
    fn the_last_pack_stays() {
        let form = Rc::new(ProductForm::of(&dal())).reduce(ProductEdit::RemovePack(0));
        assert_eq!(form.packs.len(), 1);
    }

    fn category(id: &str) -> Category {
        Category {
            id: id.into(),
            name: id.to_uppercase(),
            name_local: None,
            icon: None,
        }
    }

    #[test]
    fn categories_are_planned_as_arranged_and_fields_named_by_their_kept_place() {
        let form = Rc::new(CategoriesForm::of(
            &[category("a"), category("b"), category("c")],
            &[dal(), {
                let mut other = dal();
                other.category = "a".into();
                other
            }],
        ));
        assert_eq!(form.rows[0].products, 1);
        let form = form
            .reduce(CategoryEdit::Down(0))
            .reduce(CategoryEdit::Remove(1))
            .reduce(CategoryEdit::MoveTo(1, "c".into()))
            .reduce(CategoryEdit::Add("Fruits".into()))
            .reduce(CategoryEdit::Name(0, "Bees".into()));
        let plan = form.plan();
        let ids: Vec<&str> = plan.categories.iter().map(|it| it.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", ""]);
        assert_eq!(plan.categories[0].name, "Bees");
        assert_eq!(plan.move_products.get("a").map(String::as_str), Some("c"));
        assert_eq!(form.field_of(3, "name"), "categories[2].name");
        // A new category never saved simply goes.
        assert_eq!(form.reduce(CategoryEdit::Remove(3)).rows.len(), 3);
    }

    fn shop() -> StoreProfile {
        StoreProfile {
            slug: "ravi-stores".into(),
            name: "Ravi Stores".into(),
            name_local: None,
            tagline: String::new(),
            logo: None,
            currency: "INR".into(),
            locale: "en-IN".into(),
            phone: "+919845012345".into(),
            min_order: Money::from_minor(19_900),
            delivery_fee: Money::from_minor(2_500),
            free_delivery_from: None,
            delivery_pincodes: vec!["560038".into()],
            delivery_slots: Vec::new(),
            pickup: false,
            payment_methods: vec![PaymentMethod::Cash],
            upi_id: None,
            address: String::new(),
            hours: String::new(),
            closed: None,
        }
    }

    #[test]
    fn settings_come_back_from_their_form_unchanged() {
        assert_eq!(
            SettingsForm::of(&shop()).profile(&Lang::english()),
            Ok(shop())
        );
    }

    #[test]
    fn settings_are_read_as_typed() {
        let form = Rc::new(SettingsForm::of(&shop()))
            .reduce(SettingsEdit::Text(SettingsField::MinOrder, String::new()))
            .reduce(SettingsEdit::Text(
                SettingsField::FreeDeliveryFrom,
                "₹499".into(),
            ))
            .reduce(SettingsEdit::Text(
                SettingsField::Pincodes,
                "560038, 560001\n560002".into(),
            ))
            .reduce(SettingsEdit::Upi(PaymentMethod::UpiNow, true))
            .reduce(SettingsEdit::AddSlot)
            .reduce(SettingsEdit::Slot(0, "Evening".into()));
        let profile = form.profile(&Lang::english()).expect("settings");
        assert_eq!(profile.min_order, Money::ZERO);
        assert_eq!(profile.free_delivery_from, Some(Money::from_minor(49_900)));
        assert_eq!(profile.delivery_pincodes, ["560038", "560001", "560002"]);
        assert_eq!(
            profile.payment_methods,
            [PaymentMethod::Cash, PaymentMethod::UpiNow]
        );
        assert_eq!(profile.delivery_slots[0].label, "Evening");
        assert_eq!(profile.slug, "ravi-stores");

        let bad = form.reduce(SettingsEdit::Text(
            SettingsField::DeliveryFee,
            "free".into(),
        ));
        let problems = bad.profile(&Lang::english()).expect_err("a problem");
        assert!(problems.contains_key("delivery_fee"), "{problems:?}");
    }

    #[test]
    fn notices_come_back_from_their_form_without_the_token() {
        let kept = TelegramNotices {
            bot_id: 123_456_789,
            chat_id: "-1001234567890".into(),
            repeat_minutes: 10,
            problem: None,
        };
        let form = NoticesForm::of(Some(&kept));
        assert!(form.has_bot && form.bot_token.is_empty());
        assert_eq!(
            form.update(&Lang::english()),
            Ok(TelegramNoticesUpdate {
                bot_token: None,
                chat_id: "-1001234567890".into(),
                repeat_minutes: 10,
            })
        );
        let never = NoticesForm::of(Some(&TelegramNotices {
            repeat_minutes: 0,
            ..kept
        }));
        assert_eq!(never.repeat_minutes, "", "no reminders: left empty");
    }

    #[test]
    fn notices_are_read_as_typed() {
        let form = Rc::new(NoticesForm::of(None))
            .reduce(NoticesEdit::Text(
                NoticesField::BotToken,
                " 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw ".into(),
            ))
            .reduce(NoticesEdit::Text(
                NoticesField::ChatId,
                " @sharma_staff ".into(),
            ))
            .reduce(NoticesEdit::Text(
                NoticesField::RepeatMinutes,
                " 15 ".into(),
            ));
        assert!(!form.has_bot);
        assert_eq!(
            form.update(&Lang::english()),
            Ok(TelegramNoticesUpdate {
                bot_token: Some("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw".into()),
                chat_id: "@sharma_staff".into(),
                repeat_minutes: 15,
            })
        );
        for typed in ["ten", "-5", "1.5"] {
            let bad = form
                .clone()
                .reduce(NoticesEdit::Text(NoticesField::RepeatMinutes, typed.into()));
            let problems = bad.update(&Lang::english()).expect_err("a problem");
            assert!(
                problems.contains_key("repeat_minutes"),
                "{typed}: {problems:?}"
            );
        }
    }
}
