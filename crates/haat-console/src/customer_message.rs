//! The shop's WhatsApp message to a customer about their order: where it stands, why it was refused, what
//! the shop changed and the new total, in the language the customer ordered in (English where Haat does not
//! speak theirs). Not in the merchant's: the console around it speaks the merchant's language through its
//! catalog ([`crate::lang`]), but this message is the customer's, so each language's sentences are written
//! here, whichever language the console is in.

use haat_api::{Language, Order, OrderStatus, PricedLine, RejectReason};
use haat_lang::locale::money;

/// The message to the customer about `order`, from the shop called `shop`.
pub fn customer_message(order: &Order, shop: &str) -> String {
    let language = Language::parse(&order.language).unwrap_or(Language::En);
    let mut text = status(language, order, shop);
    let changed: Vec<String> = (1..)
        .zip(&order.lines)
        .filter_map(|(number, line)| line_change(language, order, number, line))
        .collect();
    let settled = matches!(order.status, OrderStatus::Rejected | OrderStatus::Cancelled);
    if !changed.is_empty() && !settled {
        // French sets a narrow no-break space before a semicolon.
        let separator = if language == Language::Fr {
            "\u{202f}; "
        } else {
            "; "
        };
        let (changed, total) = (
            changed.join(separator),
            money(language, order.totals.total, &order.currency),
        );
        text.push(' ');
        text.push_str(&match language {
            Language::En => format!("We changed your order: {changed}. New total {total}."),
            Language::Hi => {
                format!("हमने आपके ऑर्डर में बदलाव किया है: {changed}। अब कुल {total}।")
            }
            Language::Ta => {
                format!("உங்கள் ஆர்டரில் சில மாற்றங்கள் செய்துள்ளோம்: {changed}. புதிய மொத்தம் {total}.")
            }
            Language::Fr => {
                format!(
                    "Nous avons modifié votre commande\u{a0}: {changed}. Nouveau total\u{a0}: {total}."
                )
            }
        });
    }
    text
}

fn status(language: Language, order: &Order, shop: &str) -> String {
    let (name, id) = (&order.customer.name, order.id);
    let total = money(language, order.totals.total, &order.currency);
    match (order.status, language) {
        (OrderStatus::Placed, Language::En) => {
            format!("Hello {name}, {shop} has your order #{id} ({total}). We will confirm it soon.")
        }
        (OrderStatus::Placed, Language::Hi) => format!(
            "नमस्ते {name}, {shop} को आपका ऑर्डर #{id} ({total}) मिल गया है। हम जल्द ही इसकी पुष्टि करेंगे।"
        ),
        (OrderStatus::Placed, Language::Ta) => format!(
            "வணக்கம் {name}, உங்கள் ஆர்டர் #{id} ({total}) {shop} கடைக்கு வந்துவிட்டது. விரைவில் உறுதிசெய்வோம்."
        ),
        (OrderStatus::Placed, Language::Fr) => format!(
            "Bonjour {name}, {shop} a bien reçu votre commande n°\u{a0}{id} ({total}). Nous vous la confirmerons bientôt."
        ),
        (OrderStatus::Accepted, Language::En) => {
            format!("Hello {name}, {shop} accepted your order #{id} ({total}). We are packing it.")
        }
        (OrderStatus::Accepted, Language::Hi) => format!(
            "नमस्ते {name}, {shop} ने आपका ऑर्डर #{id} ({total}) स्वीकार कर लिया है। हम इसे पैक कर रहे हैं।"
        ),
        (OrderStatus::Accepted, Language::Ta) => format!(
            "வணக்கம் {name}, {shop} உங்கள் ஆர்டர் #{id}-ஐ ({total}) ஏற்றுக்கொண்டது. அதை பேக் செய்துகொண்டிருக்கிறோம்."
        ),
        (OrderStatus::Accepted, Language::Fr) => format!(
            "Bonjour {name}, {shop} a accepté votre commande n°\u{a0}{id} ({total}). Nous la préparons."
        ),
        (OrderStatus::Packed, Language::En) => {
            format!("Hello {name}, your order #{id} from {shop} is packed.")
        }
        (OrderStatus::Packed, Language::Hi) => {
            format!("नमस्ते {name}, {shop} से आपका ऑर्डर #{id} पैक हो गया है।")
        }
        (OrderStatus::Packed, Language::Ta) => {
            format!("வணக்கம் {name}, {shop} கடையிலிருந்து உங்கள் ஆர்டர் #{id} பேக் செய்யப்பட்டது.")
        }
        (OrderStatus::Packed, Language::Fr) => {
            format!("Bonjour {name}, votre commande n°\u{a0}{id} de {shop} a été préparée.")
        }
        (OrderStatus::OutForDelivery, Language::En) => {
            format!("Hello {name}, your order #{id} from {shop} is on its way ({total}).")
        }
        (OrderStatus::OutForDelivery, Language::Hi) => {
            format!("नमस्ते {name}, {shop} से आपका ऑर्डर #{id} रास्ते में है ({total})।")
        }
        (OrderStatus::OutForDelivery, Language::Ta) => format!(
            "வணக்கம் {name}, {shop} கடையிலிருந்து உங்கள் ஆர்டர் #{id} வந்துகொண்டிருக்கிறது ({total})."
        ),
        (OrderStatus::OutForDelivery, Language::Fr) => {
            format!("Bonjour {name}, votre commande n°\u{a0}{id} de {shop} est en route ({total}).")
        }
        (OrderStatus::ReadyForPickup, Language::En) => {
            format!("Hello {name}, your order #{id} is ready: collect it at {shop} ({total}).")
        }
        (OrderStatus::ReadyForPickup, Language::Hi) => {
            format!("नमस्ते {name}, आपका ऑर्डर #{id} तैयार है: कृपया इसे {shop} से ले लें ({total})।")
        }
        (OrderStatus::ReadyForPickup, Language::Ta) => {
            format!("வணக்கம் {name}, உங்கள் ஆர்டர் #{id} தயார்: {shop} கடையில் பெற்றுக்கொள்ளுங்கள் ({total}).")
        }
        (OrderStatus::ReadyForPickup, Language::Fr) => format!(
            "Bonjour {name}, votre commande n°\u{a0}{id} est prête\u{a0}: venez la retirer chez {shop} ({total})."
        ),
        (OrderStatus::Delivered, Language::En) => {
            format!("Hello {name}, your order #{id} from {shop} was delivered. Thank you!")
        }
        (OrderStatus::Delivered, Language::Hi) => {
            format!("नमस्ते {name}, {shop} से आपका ऑर्डर #{id} पहुँचा दिया गया है। धन्यवाद!")
        }
        (OrderStatus::Delivered, Language::Ta) => {
            format!("வணக்கம் {name}, {shop} கடையிலிருந்து உங்கள் ஆர்டர் #{id} டெலிவரி செய்யப்பட்டது. நன்றி!")
        }
        (OrderStatus::Delivered, Language::Fr) => format!(
            "Bonjour {name}, votre commande n°\u{a0}{id} de {shop} a été livrée. Merci\u{202f}!"
        ),
        (OrderStatus::Rejected, _) => refused(language, order, shop),
        (OrderStatus::Cancelled, Language::En) => {
            format!("Hello {name}, your order #{id} at {shop} is cancelled.")
        }
        (OrderStatus::Cancelled, Language::Hi) => {
            format!("नमस्ते {name}, {shop} पर आपका ऑर्डर #{id} रद्द हो गया है।")
        }
        (OrderStatus::Cancelled, Language::Ta) => {
            format!("வணக்கம் {name}, {shop} கடையில் உங்கள் ஆர்டர் #{id} ரத்து செய்யப்பட்டது.")
        }
        (OrderStatus::Cancelled, Language::Fr) => {
            format!("Bonjour {name}, votre commande n°\u{a0}{id} chez {shop} a été annulée.")
        }
    }
}

/// A refusal, with its reason (but `other`, said in the shop's own words after it).
fn refused(language: Language, order: &Order, shop: &str) -> String {
    let (name, id) = (&order.customer.name, order.id);
    let refusal = order
        .history
        .iter()
        .rfind(|change| change.status == OrderStatus::Rejected);
    let reason = refusal
        .and_then(|change| change.reason)
        .and_then(|reason| reason_words(language, reason));
    let mut text = match (language, reason) {
        (Language::En, None) => format!("Sorry {name}, {shop} could not take your order #{id}."),
        (Language::En, Some(why)) => {
            format!("Sorry {name}, {shop} could not take your order #{id}: {why}.")
        }
        (Language::Hi, None) => {
            format!("माफ़ कीजिए {name}, {shop} पर आपका ऑर्डर #{id} स्वीकार नहीं हो सका।")
        }
        (Language::Hi, Some(why)) => {
            format!("माफ़ कीजिए {name}, {shop} पर आपका ऑर्डर #{id} स्वीकार नहीं हो सका: {why}।")
        }
        (Language::Ta, None) => {
            format!("மன்னிக்கவும் {name}, {shop} கடையால் உங்கள் ஆர்டர் #{id}-ஐ ஏற்க முடியவில்லை.")
        }
        (Language::Ta, Some(why)) => {
            format!("மன்னிக்கவும் {name}, {shop} கடையால் உங்கள் ஆர்டர் #{id}-ஐ ஏற்க முடியவில்லை: {why}.")
        }
        (Language::Fr, None) => {
            format!("Désolés {name}, {shop} n'a pas pu accepter votre commande n°\u{a0}{id}.")
        }
        (Language::Fr, Some(why)) => format!(
            "Désolés {name}, {shop} n'a pas pu accepter votre commande n°\u{a0}{id}\u{a0}: {why}."
        ),
    };
    if let Some(note) = refusal.and_then(|change| change.note.as_deref()) {
        text.push(' ');
        text.push_str(note);
    }
    text
}

/// Why the shop refused, in the customer's words; `None` for `other`, which the shop's note says.
fn reason_words(language: Language, reason: RejectReason) -> Option<&'static str> {
    use RejectReason::{AreaNotServed, Closed, Other, OutOfStock};
    Some(match (reason, language) {
        (Other, _) => return None,
        (OutOfStock, Language::En) => "some items are out of stock",
        (OutOfStock, Language::Hi) => "कुछ सामान स्टॉक में नहीं है",
        (OutOfStock, Language::Ta) => "சில பொருட்கள் கையிருப்பில் இல்லை",
        (OutOfStock, Language::Fr) => "certains articles sont en rupture de stock",
        (Closed, Language::En) => "the shop is closed",
        (Closed, Language::Hi) => "दुकान बंद है",
        (Closed, Language::Ta) => "கடை மூடியுள்ளது",
        (Closed, Language::Fr) => "la boutique est fermée",
        (AreaNotServed, Language::En) => "the shop does not deliver to your area",
        (AreaNotServed, Language::Hi) => "दुकान आपके इलाके में डिलीवरी नहीं करती",
        (AreaNotServed, Language::Ta) => "உங்கள் பகுதிக்குக் கடை டெலிவரி செய்வதில்லை",
        (AreaNotServed, Language::Fr) => "la boutique ne livre pas dans votre quartier",
    })
}

/// How the shop changed line `number` (from 1): "Atta 5 kg: 1 instead of 2", "Paneer 200 g replaced by
/// Fresh Curd 400 g × 2". `None` for a line sent as ordered, or one added to replace another (the replaced
/// line says it).
fn line_change(
    language: Language,
    order: &Order,
    number: u32,
    line: &PricedLine,
) -> Option<String> {
    if line.replaces.is_some() {
        return None;
    }
    let ordered = line.ordered?;
    let pack = format!("{} {}", line.name, line.variant_label);
    // What is sent in its place in the end: a replacement may have been replaced or found short in turn.
    let replacement = crate::inbox::last_replacement_of(order, number)
        .filter(|by| by.quantity > 0)
        .map(|by| format!("{} {} × {}", by.name, by.variant_label, by.quantity));
    Some(match (replacement, line.quantity, language) {
        (Some(by), _, Language::En) => format!("{pack} replaced by {by}"),
        (Some(by), _, Language::Hi) => format!("{pack} की जगह {by}"),
        (Some(by), _, Language::Ta) => format!("{pack}-க்குப் பதிலாக {by}"),
        (Some(by), _, Language::Fr) => format!("{by} au lieu de {pack}"),
        (None, 0, Language::En) => format!("{pack}: unavailable"),
        (None, 0, Language::Hi) => format!("{pack}: उपलब्ध नहीं"),
        (None, 0, Language::Ta) => format!("{pack}: கிடைக்கவில்லை"),
        (None, 0, Language::Fr) => format!("{pack}\u{a0}: indisponible"),
        (None, sent, Language::En) => format!("{pack}: {sent} instead of {ordered}"),
        (None, sent, Language::Hi) => format!("{pack}: {ordered} की जगह {sent}"),
        (None, sent, Language::Ta) => format!("{pack}: {ordered}-க்குப் பதிலாக {sent}"),
        (None, sent, Language::Fr) => format!("{pack}\u{a0}: {sent} au lieu de {ordered}"),
    })
}

#[cfg(test)]
mod tests {
    use haat_api::{Money, StatusChange};

    use super::*;

    fn order(statuses: &[&str], language: &str) -> Order {
        let history: Vec<serde_json::Value> = statuses
            .iter()
            .map(|status| serde_json::json!({"status": status, "at_ms": 1}))
            .collect();
        serde_json::from_value(serde_json::json!({
            "id": 42, "store": "demo", "status": statuses.last().copied().unwrap_or("placed"),
            "customer": {"name": "Asha", "phone": "+919845012345", "address": "12 Main", "pincode": "560038"},
            "fulfilment": "delivery", "currency": "INR",
            "lines": [{"product": "dal", "variant": "1kg", "name": "Toor Dal", "variant_label": "1 kg",
                       "unit_price": 17000, "quantity": 2, "line_total": 34000}],
            "totals": {"subtotal": 34000, "delivery_fee": 0, "total": 34050},
            "created_at_ms": 1, "history": history, "language": language
        }))
        .expect("an order")
    }

    /// `order` with its dal cut to one pack and two packs of moong dal added for nothing replaced.
    fn changed(language: &str) -> Order {
        let mut changed = order(&["placed", "accepted"], language);
        let moong = PricedLine {
            product: "moong".into(),
            name: "Moong Dal".into(),
            quantity: 2,
            ordered: Some(0),
            replaces: Some(2),
            ..changed.lines[0].clone()
        };
        let mut atta = PricedLine {
            name: "Atta".into(),
            variant_label: "5 kg".into(),
            ordered: Some(1),
            quantity: 0,
            ..changed.lines[0].clone()
        };
        atta.product = "atta".into();
        changed.lines[0].quantity = 1;
        changed.lines[0].ordered = Some(2);
        changed.lines.extend([atta, moong]);
        changed.totals.total = Money::from_minor(17_000);
        changed
    }

    #[test]
    fn the_customer_reads_where_the_order_stands_in_their_language() {
        let said = |language: &str| {
            customer_message(&order(&["placed", "accepted"], language), "Sharma Kirana")
        };
        assert_eq!(
            said("en"),
            "Hello Asha, Sharma Kirana accepted your order #42 (₹340.50). We are packing it."
        );
        assert_eq!(
            said("hi"),
            "नमस्ते Asha, Sharma Kirana ने आपका ऑर्डर #42 (₹340.50) स्वीकार कर लिया है। हम इसे पैक कर रहे हैं।"
        );
        assert_eq!(
            said("ta"),
            "வணக்கம் Asha, Sharma Kirana உங்கள் ஆர்டர் #42-ஐ (₹340.50) ஏற்றுக்கொண்டது. அதை பேக் செய்துகொண்டிருக்கிறோம்."
        );
        assert_eq!(
            said("fr"),
            "Bonjour Asha, Sharma Kirana a accepté votre commande n°\u{a0}42 (340,50\u{a0}₹). Nous la préparons."
        );
        assert_eq!(
            said(""),
            said("en"),
            "a language Haat does not speak: English"
        );
    }

    #[test]
    fn the_total_is_written_as_the_customers_language_writes_money() {
        let said = |language: &str| {
            let mut order = order(&["placed", "accepted"], language);
            order.totals.total = Money::from_minor(12_345_650);
            customer_message(&order, "Sharma Kirana")
        };
        for (language, total) in [
            ("en", "(₹1,23,456.50)"),
            ("hi", "(₹1,23,456.50)"),
            ("ta", "(₹1,23,456.50)"),
            ("fr", "(123\u{202f}456,50\u{a0}₹)"),
        ] {
            let text = said(language);
            assert!(text.contains(total), "{language}: {text}");
        }
    }

    #[test]
    fn every_status_has_words_in_every_language() {
        for language in Language::ALL {
            let mut seen = Vec::new();
            for status in OrderStatus::ALL {
                let mut order = order(&["placed"], language.as_str());
                order.status = status;
                let text = customer_message(&order, "Sharma Kirana");
                assert!(text.contains("Asha") && text.contains("42"), "{text}");
                assert!(
                    !seen.contains(&text),
                    "{language:?} {status:?} says what another does"
                );
                seen.push(text);
            }
        }
    }

    #[test]
    fn the_customer_reads_what_changed_and_the_new_total() {
        let said = |language: &str| customer_message(&changed(language), "Sharma Kirana");
        assert_eq!(
            said("en"),
            "Hello Asha, Sharma Kirana accepted your order #42 (₹170). We are packing it. We changed your \
             order: Toor Dal 1 kg: 1 instead of 2; Atta 5 kg replaced by Moong Dal 1 kg × 2. New total ₹170."
        );
        assert_eq!(
            said("hi"),
            "नमस्ते Asha, Sharma Kirana ने आपका ऑर्डर #42 (₹170) स्वीकार कर लिया है। हम इसे पैक कर रहे हैं। \
             हमने आपके ऑर्डर में बदलाव किया है: Toor Dal 1 kg: 2 की जगह 1; Atta 5 kg की जगह Moong Dal 1 kg × 2। \
             अब कुल ₹170।"
        );
        assert!(said("ta").ends_with(
            "உங்கள் ஆர்டரில் சில மாற்றங்கள் செய்துள்ளோம்: Toor Dal 1 kg: 2-க்குப் பதிலாக 1; Atta 5 kg-க்குப் \
             பதிலாக Moong Dal 1 kg × 2. புதிய மொத்தம் ₹170."
        ));
        assert!(said("fr").ends_with(
            "Nous avons modifié votre commande\u{a0}: Toor Dal 1 kg\u{a0}: 1 au lieu de 2\u{202f}; Moong Dal 1 \
             kg × 2 au lieu de Atta 5 kg. Nouveau total\u{a0}: 170\u{a0}₹."
        ));
        // The dal sent for the atta found short in turn: the atta is unavailable, not "replaced by 0".
        let mut short = changed("en");
        short.lines[2].quantity = 0;
        let told = customer_message(&short, "Sharma Kirana");
        assert!(told.contains("Atta 5 kg: unavailable"), "{told}");
        let mut cancelled = changed("en");
        cancelled.status = OrderStatus::Cancelled;
        assert!(!customer_message(&cancelled, "Sharma Kirana").contains("changed"));
    }

    #[test]
    fn a_refused_customer_is_told_why_in_their_language() {
        let refused = |language: &str, reason: RejectReason, note: Option<&str>| {
            let mut order = order(&["placed"], language);
            order.status = OrderStatus::Rejected;
            order.history.push(StatusChange {
                reason: Some(reason),
                note: note.map(str::to_owned),
                ..StatusChange::reached(OrderStatus::Rejected, 2)
            });
            customer_message(&order, "Sharma Kirana")
        };
        assert_eq!(
            refused("en", RejectReason::AreaNotServed, None),
            "Sorry Asha, Sharma Kirana could not take your order #42: the shop does not deliver to your area."
        );
        assert_eq!(
            refused("hi", RejectReason::Closed, None),
            "माफ़ कीजिए Asha, Sharma Kirana पर आपका ऑर्डर #42 स्वीकार नहीं हो सका: दुकान बंद है।"
        );
        assert_eq!(
            refused("fr", RejectReason::Other, Some("Fermé pour Diwali.")),
            "Désolés Asha, Sharma Kirana n'a pas pu accepter votre commande n°\u{a0}42. Fermé pour Diwali."
        );
        assert_eq!(
            refused("ta", RejectReason::OutOfStock, None),
            "மன்னிக்கவும் Asha, Sharma Kirana கடையால் உங்கள் ஆர்டர் #42-ஐ ஏற்க முடியவில்லை: சில பொருட்கள் கையிருப்பில் இல்லை."
        );
    }
}
