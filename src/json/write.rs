//! JSON text for what the app sends (order and quote requests) and keeps (cart, customer, choices), by
//! hand.
//!
//! Each type lists its fields in a few lines through [`Fields`]; the output is what the serde derives in
//! `haat_api` would make serde_json write (same field order, the same fields left out when they hold
//! their default), so the server reads it exactly as it reads any client's.

use haat_api::{
    Customer, Fulfilment, LineRequest, Money, OrderRequest, PaymentMethod, QuoteRequest,
    Substitution, TelegramSessionRequest,
};

use crate::{
    cart::{Cart, CartLine},
    format,
    storage::Choices,
};

/// A value that can be written as JSON text.
pub trait ToJson {
    fn write_json(&self, out: &mut String);
}

/// Writes `value` as JSON text.
pub fn stringify<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.write_json(&mut out);
    out
}

/// The members of a JSON object being written, in the order they are added.
pub struct Fields<'a> {
    out: &'a mut String,
    first: bool,
}

/// Starts an object; [`Fields::end`] closes it.
fn object(out: &mut String) -> Fields<'_> {
    out.push('{');
    Fields { out, first: true }
}

impl Fields<'_> {
    fn field<T: ToJson + ?Sized>(mut self, name: &str, value: &T) -> Self {
        if !std::mem::replace(&mut self.first, false) {
            self.out.push(',');
        }
        write_string(self.out, name);
        self.out.push(':');
        value.write_json(self.out);
        self
    }

    /// A field left out when `omit` holds (serde's `skip_serializing_if`).
    fn field_unless<T: ToJson + ?Sized>(self, omit: bool, name: &str, value: &T) -> Self {
        if omit { self } else { self.field(name, value) }
    }

    fn end(self) {
        self.out.push('}');
    }
}

/// `text` as a JSON string: quotes, backslashes and control characters escaped, the rest as it is.
fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let code = u8::try_from(c).unwrap_or(0);
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(code >> 4)]));
                out.push(char::from(HEX[usize::from(code & 0xf)]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_string(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_string(out, self);
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        // Digits by hand: `to_string` would link integer formatting machinery.
        format::push_decimal(out, u64::from(*self));
    }
}

impl ToJson for i64 {
    fn write_json(&self, out: &mut String) {
        format::push_integer(out, *self);
    }
}

/// A bare integer of minor units.
impl ToJson for Money {
    fn write_json(&self, out: &mut String) {
        format::push_integer(out, self.minor());
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl ToJson for Fulfilment {
    fn write_json(&self, out: &mut String) {
        write_string(out, fulfilment_name(*self));
    }
}

/// The wire name of a [`Fulfilment`], which (unlike the other wire enums) has no `as_str` of its own.
pub fn fulfilment_name(fulfilment: Fulfilment) -> &'static str {
    match fulfilment {
        Fulfilment::Delivery => "delivery",
        Fulfilment::Pickup => "pickup",
    }
}

impl ToJson for PaymentMethod {
    fn write_json(&self, out: &mut String) {
        write_string(out, self.as_str());
    }
}

impl ToJson for Substitution {
    fn write_json(&self, out: &mut String) {
        write_string(out, self.as_str());
    }
}

impl ToJson for OrderRequest {
    fn write_json(&self, out: &mut String) {
        object(out)
            .field("customer", &self.customer)
            .field("lines", &self.lines)
            .field_unless(
                self.fulfilment.is_delivery(),
                "fulfilment",
                &self.fulfilment,
            )
            .field_unless(self.slot.is_none(), "slot", &self.slot)
            .field_unless(self.payment.is_cash(), "payment", &self.payment)
            .field_unless(self.note.is_empty(), "note", &self.note)
            .end();
    }
}

impl ToJson for QuoteRequest {
    fn write_json(&self, out: &mut String) {
        object(out)
            .field("lines", &self.lines)
            .field_unless(
                self.fulfilment.is_delivery(),
                "fulfilment",
                &self.fulfilment,
            )
            .end();
    }
}

impl ToJson for LineRequest {
    fn write_json(&self, out: &mut String) {
        object(out)
            .field("product", &self.product)
            .field("variant", &self.variant)
            .field("quantity", &self.quantity)
            .field_unless(
                self.substitution.is_call(),
                "substitution",
                &self.substitution,
            )
            .end();
    }
}

impl ToJson for Customer {
    fn write_json(&self, out: &mut String) {
        object(out)
            .field("name", &self.name)
            .field("phone", &self.phone)
            .field("address", &self.address)
            .field_unless(self.pincode.is_empty(), "pincode", &self.pincode)
            .end();
    }
}

impl ToJson for TelegramSessionRequest {
    fn write_json(&self, out: &mut String) {
        object(out).field("init_data", &self.init_data).end();
    }
}

impl ToJson for Cart {
    fn write_json(&self, out: &mut String) {
        object(out).field("lines", &self.lines).end();
    }
}

impl ToJson for CartLine {
    fn write_json(&self, out: &mut String) {
        object(out)
            .field("product", &self.product)
            .field("variant", &self.variant)
            .field("quantity", &self.quantity)
            .field("substitution", &self.substitution)
            .field("seen_price", &self.seen_price)
            .end();
    }
}

impl ToJson for Choices {
    fn write_json(&self, out: &mut String) {
        object(out)
            .field("fulfilment", &self.fulfilment)
            .field("slot", &self.slot)
            .field("payment", &self.payment)
            .field("note", &self.note)
            .end();
    }
}

#[cfg(test)]
mod tests {
    use haat_api::{
        Customer, Fulfilment, LineRequest, Money, OrderRequest, PaymentMethod, QuoteRequest,
        Substitution,
    };
    use serde::Serialize;

    use super::{ToJson, stringify};

    /// The hand writer writes what serde_json writes for the wire type.
    fn writes_like_serde<T: ToJson + Serialize>(value: &T) {
        let expected = serde_json::to_string(value).expect("serialises");
        assert_eq!(stringify(value), expected);
    }

    fn customer() -> Customer {
        Customer {
            name: "Asha \"Didi\" Rao\\".into(),
            phone: "98450 12345".into(),
            address: "Flat 2,\nटावर 3\u{1}\u{8}\u{c}\t\r\u{1f}\u{7f} 😀/".into(),
            pincode: "560038".into(),
        }
    }

    fn line(substitution: Substitution) -> LineRequest {
        LineRequest {
            product: "toor-dal".into(),
            variant: "1kg".into(),
            quantity: u32::MAX,
            substitution,
        }
    }

    #[test]
    fn requests_are_written_as_serde_json_writes_them() {
        let full = OrderRequest {
            customer: customer(),
            lines: vec![line(Substitution::Similar), line(Substitution::Call)],
            fulfilment: Fulfilment::Pickup,
            slot: Some("evening".into()),
            payment: PaymentMethod::UpiNow,
            note: "Ring twice".into(),
        };
        writes_like_serde(&full);
        let minimal = OrderRequest {
            customer: Customer {
                pincode: String::new(),
                ..customer()
            },
            lines: Vec::new(),
            fulfilment: Fulfilment::Delivery,
            slot: None,
            payment: PaymentMethod::Cash,
            note: String::new(),
        };
        writes_like_serde(&minimal);
        writes_like_serde(&QuoteRequest {
            lines: vec![line(Substitution::Skip)],
            fulfilment: Fulfilment::Pickup,
        });
        writes_like_serde(&QuoteRequest {
            lines: vec![line(Substitution::Call)],
            fulfilment: Fulfilment::Delivery,
        });
        PaymentMethod::ALL.iter().for_each(writes_like_serde);
        Substitution::ALL.iter().for_each(writes_like_serde);
        writes_like_serde(&Fulfilment::Delivery);
        writes_like_serde(&Fulfilment::Pickup);
    }

    #[test]
    fn numbers_options_and_sequences() {
        assert_eq!(stringify(&Some(Money::from_minor(5))), "5");
        assert_eq!(stringify(&None::<Money>), "null");
        assert_eq!(stringify(&Vec::<u32>::new()), "[]");
        assert_eq!(stringify(&vec![1_u32, 0, 3]), "[1,0,3]");
        assert_eq!(stringify(&i64::MIN), "-9223372036854775808");
        assert_eq!(stringify(&Money::from_minor(-42)), "-42");
        assert_eq!(stringify(""), r#""""#);
    }
}
