//! Handing an order back to the chat: the readable summary a shopper sends the shop, and the links that
//! carry it (`wa.me` for WhatsApp, Telegram's share link for other chats). Pure text; the page encodes it.

use haat_api::{Catalog, Order};

use crate::{components::line_name, format, lang::Lang, words};

/// "Order #1042 at Sharma Kirana Store", the lines, the total, where it goes, how it is paid, and the
/// link to follow it, in the shopper's language (its lines named as on the order's page): the shopper
/// sends it.
pub fn summary(lang: &Lang, order: &Order, catalog: &Catalog, link: &str) -> String {
    let (currency, shop) = (&order.currency, &catalog.store);
    let mut text = lang.f(
        "Order #{number} at {shop}",
        &[("number", &format::integer(order.id)), ("shop", &shop.name)],
    );
    text.push('\n');
    for line in &order.lines {
        text.push_str(&format!(
            "{} × {} ({}): {} · {}\n",
            lang.number(line.quantity.into()),
            line_name(lang, Some(catalog), line),
            line.variant_label,
            lang.money(line.line_total, currency),
            words::if_unavailable(lang, line.substitution)
        ));
    }
    let total = lang.money(order.totals.total, currency);
    text.push_str(&lang.f("Total: {amount}", &[("amount", &total)]));
    if order.totals.delivery_fee.minor() > 0 {
        let fee = lang.money(order.totals.delivery_fee, currency);
        text.push(' ');
        text.push_str(&lang.f("(delivery {amount})", &[("amount", &fee)]));
    }
    text.push('\n');
    let customer = &order.customer;
    if order.fulfilment.is_delivery() {
        text.push_str(&lang.f(
            "Deliver to: {name}, {address} {pincode}",
            &[
                ("name", &customer.name),
                ("address", &customer.address),
                ("pincode", &customer.pincode),
            ],
        ));
        text.push_str(" · ");
        text.push_str(
            order
                .slot
                .as_ref()
                .map_or(lang.t("As soon as possible"), |slot| &slot.label),
        );
    } else {
        text.push_str(&lang.f("Pickup by {name}", &[("name", &customer.name)]));
    }
    text.push_str(" · ");
    text.push_str(&customer.phone);
    text.push('\n');
    let method = words::payment(lang, order.payment, order.fulfilment);
    text.push_str(&lang.f("Payment: {method}", &[("method", method)]));
    if !order.note.is_empty() {
        text.push('\n');
        text.push_str(&lang.f("Note: {note}", &[("note", &order.note)]));
    }
    text.push('\n');
    text.push_str(&lang.f("Track: {link}", &[("link", link)]));
    text
}

/// The shop's WhatsApp number as `wa.me` wants it: digits only, country code first.
pub fn whatsapp_number(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use haat_api::{
        Customer, DeliverySlot, Fulfilment, Money, OrderStatus, PaymentMethod, PricedLine,
        StoreProfile, Substitution, Totals,
    };

    use super::*;
    use crate::fixtures;

    /// The shop, which sells the order's toor dal under its Hindi name too.
    fn shop(store: StoreProfile) -> Catalog {
        let toor_dal = fixtures::product("toor-dal", "Toor Dal", Some("अरहर दाल"));
        Catalog {
            store,
            ..fixtures::catalog(vec![toor_dal])
        }
    }

    fn order() -> Order {
        Order {
            id: 1042,
            store: "demo".into(),
            status: OrderStatus::Placed,
            customer: Customer {
                name: "Asha Rao".into(),
                phone: "+919845012345".into(),
                address: "12, 3rd Cross".into(),
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
            created_at_ms: 0,
            history: Vec::new(),
            payment: PaymentMethod::UpiOnDelivery,
            payment_link: None,
            note: "Ring twice".into(),
            test: false,
            paid: None,
            edits: Vec::new(),
            language: String::new(),
        }
    }

    #[test]
    fn the_summary_reads_like_a_message_to_the_shop() {
        let mut shop_order = order();
        let shop = shop(StoreProfile {
            name: "Sharma Kirana Store".into(),
            phone: "+91 98765-43210".into(),
            pickup: true,
            payment_methods: Vec::new(),
            ..crate::fixtures::store()
        });
        assert_eq!(
            summary(
                &Lang::english(),
                &shop_order,
                &shop,
                "https://haat.example/s/demo/orders/1042#t=x"
            ),
            "Order #1042 at Sharma Kirana Store\n\
             2 × Toor Dal (1 kg): ₹338 · If unavailable: call me\n\
             Total: ₹363 (delivery ₹25)\n\
             Deliver to: Asha Rao, 12, 3rd Cross 560038 · Evening, 5–8 pm · +919845012345\n\
             Payment: UPI on delivery\n\
             Note: Ring twice\n\
             Track: https://haat.example/s/demo/orders/1042#t=x"
        );
        shop_order.fulfilment = Fulfilment::Pickup;
        shop_order.note.clear();
        let pickup = summary(&Lang::english(), &shop_order, &shop, "L");
        assert!(
            pickup.contains("Pickup by Asha Rao · +919845012345\n"),
            "{pickup}"
        );
        assert!(!pickup.contains("Note:"));
        assert!(pickup.contains("Payment: UPI at the shop"), "{pickup}");
        assert_eq!(whatsapp_number(&shop.store.phone), "919876543210");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_summary_is_in_the_shoppers_language() {
        use haat_api::Language;

        use crate::lang;

        let hindi = Lang::new(Language::Hi, lang::catalog(Language::Hi));
        let shop = shop(StoreProfile {
            name: "शर्मा किराना".into(),
            ..crate::fixtures::store()
        });
        let text = summary(&hindi, &order(), &shop, "L");
        assert!(text.starts_with("शर्मा किराना पर ऑर्डर #1042\n"), "{text}");
        for said in [
            "2 × अरहर दाल (1 kg): ₹338 · न मिले तो: मुझे फ़ोन करें\n",
            "कुल: ₹363 (डिलीवरी ₹25)\n",
            "डिलीवरी का पता: Asha Rao, 12, 3rd Cross 560038",
            "ऑर्डर ट्रैक करें: L",
        ] {
            assert!(text.contains(said), "{said:?} in {text}");
        }
    }
}
