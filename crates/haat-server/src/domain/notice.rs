//! A new order told to the shop's Telegram chat: the message (its text, and its Accept and Reject buttons),
//! when it is due (at once, again every so many minutes while the order is still new, or after a failed
//! send), and what a press of a button did, in words.
//!
//! A button's data (Telegram's `callback_data`, at most 64 bytes) is `{action}:{order id}:{tag}` (the
//! action `a` to accept, `ro`, `rc` or `ra` to refuse as out of stock, closed, or not delivering there),
//! the tag being the first 16 bytes, in hex, of `HMAC-SHA256(key, "{shop id}:{action}:{order id}")`, with the key
//! derived from the shop's bot token (`HMAC-SHA256(key = "HaatNoticeButtons", message = bot_token)`). So a
//! press is acted on only if this shop's bot made that very button: data made up, changed to another
//! order or action, or taken from another shop's bot is refused. Replacing the bot's token ends the
//! old messages' buttons.
//!
//! Every word of a message, its buttons and what a press did is in the shop's language (its locale), as
//! [`Lang`] says it; its money and times too.

use haat::{lang::Lang, locale, words};
use haat_api::{Order, OrderStatus, RejectReason, clock::ShopTime};
use hmac::{Hmac, Mac};
use html_escape::encode_text;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The key the buttons' key is derived with from the bot token.
const BUTTON_KEY_LABEL: &[u8] = b"HaatNoticeButtons";
/// How many bytes of the HMAC a button's tag keeps: 128 bits.
const TAG_BYTES: usize = 16;
/// How many of an order's lines a message lists: with the rest of the order at its longest, the message
/// stays within Telegram's 4,096 characters.
const MAX_LINES_SHOWN: usize = 15;
/// How many times a notice is repeated at most: a forgotten order does not buzz a chat for ever.
pub const MAX_REMINDERS: u32 = 10;
/// How long a send in progress holds its notice: another server process sending it again meanwhile
/// would send it twice. Longer than the Bot API's answer may take; after it, a send that never finished
/// (its process stopped) is tried again.
pub const SENDING_LEASE_MS: i64 = 2 * 60 * 1000;

/// What a button asks for: accept the order, or refuse it for one of the reasons a chat button can say
/// (one that needs the shop's own words, `other`, is the console's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Accept,
    Reject(RejectReason),
}

impl Action {
    /// Every button under a new order's message, row by row: Accept, then a refusal per reason.
    pub const ROWS: [&'static [Self]; 2] = [
        &[Self::Accept],
        &[
            Self::Reject(RejectReason::OutOfStock),
            Self::Reject(RejectReason::Closed),
            Self::Reject(RejectReason::AreaNotServed),
        ],
    ];

    /// The status the order moves to.
    pub fn status(self) -> OrderStatus {
        match self {
            Self::Accept => OrderStatus::Accepted,
            Self::Reject(_) => OrderStatus::Rejected,
        }
    }

    /// Why the order is refused, for a refusal.
    pub fn reason(self) -> Option<RejectReason> {
        match self {
            Self::Accept => None,
            Self::Reject(reason) => Some(reason),
        }
    }

    fn code(self) -> &'static str {
        match self {
            Self::Accept => "a",
            Self::Reject(RejectReason::OutOfStock) => "ro",
            Self::Reject(RejectReason::Closed) => "rc",
            Self::Reject(RejectReason::AreaNotServed) => "ra",
            Self::Reject(RejectReason::Other) => "rx",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        Self::ROWS
            .into_iter()
            .flatten()
            .copied()
            .find(|action| action.code() == code)
    }

    /// The button's label, in the shop's language.
    pub fn label(self, lang: &Lang) -> String {
        let (mark, words) = match self {
            Self::Accept => ("✅", lang.t("Accept")),
            Self::Reject(RejectReason::OutOfStock) => ("❌", lang.t("Out of stock")),
            Self::Reject(RejectReason::Closed) => ("❌", lang.t("Closed now")),
            Self::Reject(RejectReason::AreaNotServed) => ("❌", lang.t("Area not served")),
            Self::Reject(RejectReason::Other) => ("❌", lang.t("Reject")),
        };
        format!("{mark} {words}")
    }
}

/// A press of a genuine button of this shop's bot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Press {
    pub action: Action,
    pub order_id: i64,
}

/// Makes and checks one shop's buttons.
pub struct Buttons {
    key: [u8; 32],
    store_id: i64,
}

impl Buttons {
    pub fn new(bot_token: &str, store_id: i64) -> Self {
        let mut mac = HmacSha256::new_from_slice(BUTTON_KEY_LABEL).expect("HMAC takes any key");
        mac.update(bot_token.as_bytes());
        Self {
            key: mac.finalize().into_bytes().into(),
            store_id,
        }
    }

    /// The data of the button that asks for `action` on the order.
    pub fn data(&self, action: Action, order_id: i64) -> String {
        let tag = self.mac(action, order_id).finalize().into_bytes();
        format!(
            "{}:{order_id}:{}",
            action.code(),
            hex::encode(&tag[..TAG_BYTES])
        )
    }

    /// The press a button's data asks for, if this shop's bot made that button.
    pub fn press(&self, data: &str) -> Option<Press> {
        let mut parts = data.splitn(3, ':');
        let action = Action::parse(parts.next()?)?;
        let order_id: i64 = parts.next()?.parse().ok()?;
        let tag = hex::decode(parts.next()?).ok()?;
        if tag.len() != TAG_BYTES {
            return None;
        }
        // Compared in constant time.
        self.mac(action, order_id)
            .verify_truncated_left(&tag)
            .ok()
            .map(|()| Press { action, order_id })
    }

    fn mac(&self, action: Action, order_id: i64) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(format!("{}:{}:{order_id}", self.store_id, action.code()).as_bytes());
        mac
    }
}

/// Why a message is sent, or how it reads once a button was pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heading {
    /// The order's first notice.
    New,
    /// A notice repeated while the order is still new.
    Reminder,
    /// After a press: what it did.
    Settled(Outcome),
}

/// What a press did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The order moved to this status (or had just moved there: the same press again).
    Moved(OrderStatus),
    /// The order had moved on elsewhere (in the console, or the shopper cancelled it), to this status;
    /// nothing changed.
    Already(OrderStatus),
}

impl Outcome {
    /// What happened, as the chat is told, in the shop's language.
    pub fn words(self, lang: &Lang) -> String {
        match self {
            Self::Moved(OrderStatus::Accepted) => format!("✅ {}", lang.t("Accepted.")),
            Self::Moved(OrderStatus::Rejected) => format!("❌ {}", lang.t("Rejected.")),
            Self::Moved(status) => {
                lang.f("Now {status}.", &[("status", status_words(status, lang))])
            }
            Self::Already(OrderStatus::Cancelled) => lang
                .t("The customer cancelled this order; nothing changed.")
                .to_owned(),
            Self::Already(status) => lang.f(
                "Already {status}; nothing changed.",
                &[("status", status_words(status, lang))],
            ),
        }
    }
}

/// A status as the chat names it: a placed order is "new" there.
fn status_words(status: OrderStatus, lang: &Lang) -> &str {
    match status {
        OrderStatus::Placed => lang.t("new"),
        status => super::lifecycle::status_said(status, lang),
    }
}

/// What a press on a button for a new order does to the order as it is now: `None` when the order is still
/// new and should move; otherwise the order moved on already and stays as it is (a stale message's
/// button never moves an order the shop has taken on, even where the lifecycle would let it).
pub fn settled_before(press: Press, status: OrderStatus) -> Option<Outcome> {
    match status {
        OrderStatus::Placed => None,
        status if status == press.action.status() => Some(Outcome::Moved(status)),
        status => Some(Outcome::Already(status)),
    }
}

/// The message's text, in Telegram's HTML, in the shop's language (`lang`): the heading, who ordered,
/// how it is fulfilled, the lines, the total and how it is paid, and the note.
pub fn text(order: &Order, heading: Heading, lang: &Lang) -> String {
    let currency = &order.currency;
    let money = |amount| lang.money(amount, currency);
    // An order's number as its customer and the console write it: its digits, never grouped.
    let number = order.id.to_string();
    let number = [("number", number.as_str())];
    let mut text = match heading {
        Heading::New => format!("🛒 <b>{}</b>", lang.f("New order #{number}", &number)),
        Heading::Reminder => format!(
            "⏰ <b>{}</b>",
            lang.f("Order #{number} is still waiting", &number)
        ),
        Heading::Settled(_) => format!("<b>{}</b>", lang.f("Order #{number}", &number)),
    };
    text.push_str(&format!(" · {}\n", money(order.totals.total)));
    let placed = locale::date_time(lang.language, &ShopTime::at(order.created_at_ms));
    text.push_str(&lang.f("Placed {when}", &[("when", &placed)]));
    text.push_str("\n\n");
    let customer = &order.customer;
    text.push_str(&format!(
        "👤 {} · {}\n",
        encode_text(&customer.name),
        encode_text(&customer.phone)
    ));
    if order.fulfilment.is_delivery() {
        let mut address = customer.address.clone();
        if !customer.pincode.is_empty() {
            address.push_str(&format!(" {}", customer.pincode));
        }
        let address = encode_text(address.trim());
        let deliver = lang.f("Deliver to {address}", &[("address", &address)]);
        text.push_str(&format!("🛵 {deliver}\n"));
        let when = order
            .slot
            .as_ref()
            .map_or_else(|| lang.t("As soon as possible"), |slot| slot.label.as_str());
        text.push_str(&format!("🕒 {}\n", encode_text(when)));
    } else {
        text.push_str(&format!("🏪 {}\n", lang.t("Pickup at the shop")));
    }
    text.push('\n');
    for line in order.lines.iter().take(MAX_LINES_SHOWN) {
        text.push_str(&format!(
            "• {}, {} × {} — {}\n",
            encode_text(&line.name),
            encode_text(&line.variant_label),
            line.quantity,
            money(line.line_total)
        ));
    }
    let more = order.lines.len().saturating_sub(MAX_LINES_SHOWN);
    if more > 0 {
        text.push_str(&lang.n(
            "…and {count} more item: see the console",
            "…and {count} more items: see the console",
            more as u64,
        ));
        text.push('\n');
    }
    if order.totals.delivery_fee.minor() > 0 {
        let fee = money(order.totals.delivery_fee);
        text.push_str(&lang.f("Delivery {fee}", &[("fee", &fee)]));
        text.push('\n');
    }
    let total = money(order.totals.total);
    text.push_str(&format!(
        "<b>{}</b> · {}",
        lang.f("Total {amount}", &[("amount", &total)]),
        words::payment(lang, order.payment, order.fulfilment)
    ));
    if !order.note.is_empty() {
        text.push_str(&format!("\n📝 {}", encode_text(&order.note)));
    }
    if let Heading::Settled(outcome) = heading {
        text.push_str(&format!("\n\n<b>{}</b>", outcome.words(lang)));
    }
    text
}

/// The record of an order's notice, as kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// How many sends were started; a send is claimed by bumping it from the value seen.
    pub attempts: i64,
    /// When the send in progress started, if one is.
    pub sending_since_ms: Option<i64>,
    /// How many times the notice reached the chat.
    pub sent_count: u32,
    pub last_sent_at_ms: Option<i64>,
    /// Failed sends since the last one that reached the chat.
    pub failures: u32,
    pub last_failed_at_ms: Option<i64>,
}

/// How the notifier keeps time: how long a minute of a shop's `repeat_minutes` is, in milliseconds. Only
/// tests make it shorter than 60,000.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pace {
    pub minute_ms: i64,
}

impl Pace {
    /// How long after its `failures`-th failure in a row a send is tried again: ten seconds, doubling,
    /// at most ten minutes.
    pub fn retry_after_ms(self, failures: u32) -> i64 {
        let first = self.minute_ms / 6;
        first
            .saturating_mul(1_i64 << failures.saturating_sub(1).min(16))
            .min(self.minute_ms * 10)
    }

    /// How often the notifier looks for notices that are due: five seconds.
    pub fn tick_ms(self) -> i64 {
        (self.minute_ms / 12).max(1)
    }
}

/// When a notice is to be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Now, with this heading.
    Now(Heading),
    /// Not before this moment.
    Later(i64),
    /// Never again: it was sent and is not repeated, or was repeated enough.
    Never,
}

/// When the notice of a new order with `record` is due at `now_ms`, for a shop that repeats notices every
/// `repeat_minutes` (0: never).
pub fn due(record: &Record, repeat_minutes: u32, now_ms: i64, pace: Pace) -> Due {
    if let Some(since) = record.sending_since_ms
        && now_ms < since + SENDING_LEASE_MS
    {
        return Due::Later(since + SENDING_LEASE_MS);
    }
    let heading = if record.sent_count == 0 {
        Heading::New
    } else if repeat_minutes == 0 || record.sent_count > MAX_REMINDERS {
        return Due::Never;
    } else {
        Heading::Reminder
    };
    let at = match (
        record.failures,
        record.last_failed_at_ms,
        record.last_sent_at_ms,
    ) {
        (1.., Some(failed), _) => failed + pace.retry_after_ms(record.failures),
        (_, _, Some(sent)) if heading == Heading::Reminder => {
            sent + i64::from(repeat_minutes) * pace.minute_ms
        }
        _ => now_ms,
    };
    if at <= now_ms {
        Due::Now(heading)
    } else {
        Due::Later(at)
    }
}

#[cfg(test)]
mod tests {
    use haat_api::{
        Customer, DeliverySlot, Fulfilment, Money, PaymentMethod, PricedLine, Substitution, Totals,
    };

    use super::*;

    const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    const NOW: i64 = 1_795_856_400_000;
    const MINUTE: i64 = 60_000;
    const REAL: Pace = Pace { minute_ms: MINUTE };

    #[test]
    fn a_button_is_pressed_only_as_its_bot_made_it() {
        let buttons = Buttons::new(TOKEN, 7);
        let accept = buttons.data(Action::Accept, 1042);
        assert!(accept.len() <= 64, "Telegram's limit: {accept}");
        assert!(accept.starts_with("a:1042:"), "{accept}");
        assert_eq!(
            buttons.press(&accept),
            Some(Press {
                action: Action::Accept,
                order_id: 1042
            })
        );
        for action in Action::ROWS.into_iter().flatten().copied() {
            let data = buttons.data(action, 1042);
            assert!(data.len() <= 64, "Telegram's limit: {data}");
            assert_eq!(buttons.press(&data).map(|press| press.action), Some(action));
        }

        let tag = accept.rsplit(':').next().expect("a tag");
        for forged in [
            format!("r:1042:{tag}"),
            format!("a:1043:{tag}"),
            format!("a:1042:{}", "0".repeat(32)),
            format!("a:1042:{}", &tag[..30]),
            "a:1042".to_owned(),
            "x:1042:00".to_owned(),
            String::new(),
        ] {
            assert_eq!(buttons.press(&forged), None, "{forged}");
        }
        assert_eq!(
            Buttons::new(TOKEN, 8).press(&accept),
            None,
            "another shop's"
        );
        assert_eq!(
            Buttons::new("987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", 7).press(&accept),
            None,
            "another bot's"
        );
    }

    fn order() -> Order {
        Order {
            id: 1042,
            store: "demo".into(),
            status: OrderStatus::Placed,
            customer: Customer {
                name: "Asha <Rao>".into(),
                phone: "+919845012345".into(),
                address: "12, 3rd Cross, Indiranagar".into(),
                pincode: "560038".into(),
            },
            fulfilment: Fulfilment::Delivery,
            slot: Some(DeliverySlot {
                id: "evening".into(),
                label: "Evening, 5–8 pm".into(),
            }),
            currency: "INR".into(),
            lines: vec![PricedLine {
                product: "toor-dal".into(),
                variant: "1kg".into(),
                name: "Toor Dal".into(),
                variant_label: "1 kg".into(),
                unit_price: Money::from_minor(16_900),
                quantity: 2,
                line_total: Money::from_minor(33_800),
                substitution: Substitution::Call,
                ordered: None,
                replaces: None,
            }],
            totals: Totals {
                subtotal: Money::from_minor(33_800),
                delivery_fee: Money::from_minor(2_500),
                total: Money::from_minor(36_300),
            },
            created_at_ms: NOW,
            history: Vec::new(),
            payment: PaymentMethod::Cash,
            payment_link: None,
            note: "Ring twice & wait".into(),
            test: false,
            paid: None,
            edits: Vec::new(),
            language: String::new(),
        }
    }

    #[test]
    fn the_message_says_who_what_where_and_how_much() {
        let text = text(&order(), Heading::New, &Lang::english());
        assert!(
            text.starts_with("🛒 <b>New order #1042</b> · ₹363\n"),
            "{text}"
        );
        for part in [
            "Asha &lt;Rao&gt; · +919845012345",
            "Deliver to 12, 3rd Cross, Indiranagar 560038",
            "🕒 Evening, 5–8 pm",
            "• Toor Dal, 1 kg × 2 — ₹338",
            "Delivery ₹25",
            "<b>Total ₹363</b> · Cash on delivery",
            "📝 Ring twice &amp; wait",
        ] {
            assert!(text.contains(part), "{part:?} in {text}");
        }

        let mut pickup = order();
        pickup.fulfilment = Fulfilment::Pickup;
        pickup.slot = None;
        pickup.note = String::new();
        pickup.totals.delivery_fee = Money::ZERO;
        let text = super::text(&pickup, Heading::Reminder, &Lang::english());
        assert!(
            text.starts_with("⏰ <b>Order #1042 is still waiting</b>"),
            "{text}"
        );
        assert!(text.contains("🏪 Pickup at the shop"), "{text}");
        assert!(text.contains("Cash at the shop"), "{text}");
        assert!(!text.contains("Deliver") && !text.contains("📝"), "{text}");

        let mut long = order();
        long.lines = vec![long.lines[0].clone(); MAX_LINES_SHOWN + 2];
        let text = super::text(&long, Heading::New, &Lang::english());
        assert_eq!(
            text.matches("• Toor Dal").count(),
            MAX_LINES_SHOWN,
            "{text}"
        );
        assert!(
            text.contains("…and 2 more items: see the console"),
            "{text}"
        );

        let settled = super::text(
            &order(),
            Heading::Settled(Outcome::Moved(OrderStatus::Accepted)),
            &Lang::english(),
        );
        assert!(settled.starts_with("<b>Order #1042</b>"), "{settled}");
        assert!(settled.ends_with("\n\n<b>✅ Accepted.</b>"), "{settled}");
    }

    #[test]
    fn a_hindi_shops_notice_is_in_hindi() {
        let hindi = crate::voices::Voices::load().of(haat_api::Language::Hi);
        let text = text(&order(), Heading::New, &hindi);
        let placed = locale::date_time(hindi.language, &ShopTime::at(NOW));
        assert!(
            text.starts_with("🛒 <b>नया ऑर्डर #1042</b> · ₹363\n"),
            "{text}"
        );
        for part in [
            format!("ऑर्डर का समय: {placed}"),
            "🛵 डिलीवरी का पता: 12, 3rd Cross, Indiranagar 560038".to_owned(),
            "डिलीवरी ₹25".to_owned(),
            "<b>कुल ₹363</b> · डिलीवरी पर नकद".to_owned(),
        ] {
            assert!(text.contains(&part), "{part:?} in {text}");
        }
        for english in [
            "New order",
            "Placed",
            "Deliver to",
            "Total",
            "Cash on delivery",
        ] {
            assert!(!text.contains(english), "{english:?} in {text}");
        }
        let mut pickup = order();
        pickup.fulfilment = Fulfilment::Pickup;
        pickup.slot = None;
        let reminder = super::text(&pickup, Heading::Reminder, &hindi);
        assert!(
            reminder.starts_with("⏰ <b>ऑर्डर #1042 अब भी इंतज़ार में है</b>"),
            "{reminder}"
        );
        assert!(reminder.contains("🏪 दुकान से लेना"), "{reminder}");

        // Its buttons, and what a press did, too.
        assert_eq!(Action::Accept.label(&hindi), "✅ स्वीकार करें");
        assert_eq!(
            Action::Reject(RejectReason::OutOfStock).label(&hindi),
            "❌ स्टॉक में नहीं"
        );
        let settled = super::text(
            &order(),
            Heading::Settled(Outcome::Already(OrderStatus::Packed)),
            &hindi,
        );
        assert!(
            settled.ends_with("<b>यह ऑर्डर पहले से पैक किया गया है; कुछ नहीं बदला।</b>"),
            "{settled}"
        );
    }

    #[test]
    fn a_press_on_an_order_that_moved_on_changes_nothing() {
        let accept = Press {
            action: Action::Accept,
            order_id: 1,
        };
        let reject = Press {
            action: Action::Reject(RejectReason::OutOfStock),
            order_id: 1,
        };
        assert_eq!(settled_before(accept, OrderStatus::Placed), None);
        assert_eq!(
            settled_before(accept, OrderStatus::Accepted),
            Some(Outcome::Moved(OrderStatus::Accepted)),
            "the same press again"
        );
        assert_eq!(
            settled_before(reject, OrderStatus::Accepted),
            Some(Outcome::Already(OrderStatus::Accepted))
        );
        assert_eq!(
            Outcome::Already(OrderStatus::Accepted).words(&Lang::english()),
            "Already accepted; nothing changed."
        );
        assert_eq!(
            Outcome::Already(OrderStatus::Cancelled).words(&Lang::english()),
            "The customer cancelled this order; nothing changed."
        );
    }

    fn sent(times: u32, at: i64) -> Record {
        Record {
            attempts: i64::from(times),
            sent_count: times,
            last_sent_at_ms: Some(at),
            ..Record::default()
        }
    }

    #[test]
    fn a_new_order_is_told_at_once_and_repeated_while_it_waits() {
        let pace = REAL;
        assert_eq!(
            due(&Record::default(), 0, NOW, pace),
            Due::Now(Heading::New)
        );
        assert_eq!(due(&sent(1, NOW), 0, NOW + 60 * MINUTE, pace), Due::Never);
        assert_eq!(
            due(&sent(1, NOW), 5, NOW + 4 * MINUTE, pace),
            Due::Later(NOW + 5 * MINUTE)
        );
        assert_eq!(
            due(&sent(1, NOW), 5, NOW + 5 * MINUTE, pace),
            Due::Now(Heading::Reminder)
        );
        assert_eq!(
            due(&sent(MAX_REMINDERS, NOW), 5, NOW + 5 * MINUTE, pace),
            Due::Now(Heading::Reminder),
            "the last reminder"
        );
        assert_eq!(
            due(&sent(MAX_REMINDERS + 1, NOW), 5, NOW + 5 * MINUTE, pace),
            Due::Never,
            "reminded enough"
        );
        let quick = Pace { minute_ms: 100 };
        assert_eq!(
            due(&sent(1, NOW), 1, NOW + 100, quick),
            Due::Now(Heading::Reminder)
        );
    }

    #[test]
    fn a_failed_send_is_tried_again_later_and_later() {
        let pace = REAL;
        let failed = |failures, sent_count| Record {
            attempts: 5,
            sent_count,
            last_sent_at_ms: (sent_count > 0).then_some(NOW - 60 * MINUTE),
            failures,
            last_failed_at_ms: Some(NOW),
            ..Record::default()
        };
        assert_eq!(pace.retry_after_ms(1), 10_000);
        assert_eq!(pace.retry_after_ms(2), 20_000);
        assert_eq!(pace.retry_after_ms(40), 10 * MINUTE, "at most ten minutes");
        assert_eq!(
            due(&failed(1, 0), 0, NOW + 9_999, pace),
            Due::Later(NOW + 10_000)
        );
        assert_eq!(
            due(&failed(1, 0), 0, NOW + 10_000, pace),
            Due::Now(Heading::New)
        );
        assert_eq!(
            due(&failed(3, 1), 5, NOW + 40_000, pace),
            Due::Now(Heading::Reminder),
            "a reminder that failed"
        );
        assert_eq!(
            due(&failed(3, 1), 0, NOW + 40_000, pace),
            Due::Never,
            "reminders were turned off meanwhile"
        );
    }

    #[test]
    fn a_send_in_progress_is_left_to_finish() {
        let sending = Record {
            attempts: 1,
            sending_since_ms: Some(NOW),
            ..Record::default()
        };
        assert_eq!(
            due(&sending, 0, NOW + 1_000, REAL),
            Due::Later(NOW + SENDING_LEASE_MS)
        );
        assert_eq!(
            due(&sending, 0, NOW + SENDING_LEASE_MS, REAL),
            Due::Now(Heading::New),
            "its process stopped: tried again"
        );
    }
}
