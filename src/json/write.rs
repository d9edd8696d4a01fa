//! JSON text from serde's data model: the subset Haat's requests and stored state are made of (structs,
//! sequences, options, strings, booleans, integers and unit enum variants). Floats are refused.

use serde::{
    Serialize,
    ser::{self, Impossible, SerializeSeq, SerializeStruct},
};

use super::ShapeError;
use crate::format;

/// Writes `value` as JSON text.
pub fn stringify<T: Serialize>(value: &T) -> Option<String> {
    let mut writer = JsonWriter(String::new());
    value.serialize(&mut writer).ok()?;
    Some(writer.0)
}

struct JsonWriter(String);

impl JsonWriter {
    fn string(&mut self, text: &str) {
        self.0.push('"');
        for c in text.chars() {
            match c {
                '"' => self.0.push_str("\\\""),
                '\\' => self.0.push_str("\\\\"),
                '\n' => self.0.push_str("\\n"),
                '\r' => self.0.push_str("\\r"),
                '\t' => self.0.push_str("\\t"),
                c if u32::from(c) < 0x20 => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    let code = u8::try_from(c).unwrap_or(0);
                    self.0.push_str("\\u00");
                    self.0.push(char::from(HEX[usize::from(code >> 4)]));
                    self.0.push(char::from(HEX[usize::from(code & 0xf)]));
                }
                c => self.0.push(c),
            }
        }
        self.0.push('"');
    }
}

type Unsupported = Impossible<(), ShapeError>;

impl<'a> ser::Serializer for &'a mut JsonWriter {
    type Ok = ();
    type Error = ShapeError;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Unsupported;
    type SerializeTupleStruct = Unsupported;
    type SerializeTupleVariant = Unsupported;
    type SerializeMap = Unsupported;
    type SerializeStruct = Items<'a>;
    type SerializeStructVariant = Unsupported;

    fn serialize_bool(self, v: bool) -> Result<(), ShapeError> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), ShapeError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), ShapeError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), ShapeError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), ShapeError> {
        // Digits by hand: `to_string` would link integer formatting machinery.
        format::push_integer(&mut self.0, v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), ShapeError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), ShapeError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), ShapeError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), ShapeError> {
        format::push_decimal(&mut self.0, v);
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Result<(), ShapeError> {
        Err(ShapeError)
    }
    fn serialize_f64(self, _: f64) -> Result<(), ShapeError> {
        Err(ShapeError)
    }
    fn serialize_char(self, v: char) -> Result<(), ShapeError> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), ShapeError> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), ShapeError> {
        Err(ShapeError)
    }
    fn serialize_none(self) -> Result<(), ShapeError> {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), ShapeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), ShapeError> {
        self.0.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), ShapeError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), ShapeError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), ShapeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), ShapeError> {
        Err(ShapeError)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Items<'a>, ShapeError> {
        self.0.push('[');
        Ok(Items {
            writer: self,
            first: true,
        })
    }
    fn serialize_tuple(self, _: usize) -> Result<Unsupported, ShapeError> {
        Err(ShapeError)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Unsupported, ShapeError> {
        Err(ShapeError)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Unsupported, ShapeError> {
        Err(ShapeError)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Unsupported, ShapeError> {
        Err(ShapeError)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Items<'a>, ShapeError> {
        self.0.push('{');
        Ok(Items {
            writer: self,
            first: true,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Unsupported, ShapeError> {
        Err(ShapeError)
    }
}

/// The elements of a JSON array or the fields of a JSON object being written.
struct Items<'a> {
    writer: &'a mut JsonWriter,
    first: bool,
}

impl Items<'_> {
    fn separate(&mut self) {
        if !std::mem::replace(&mut self.first, false) {
            self.writer.0.push(',');
        }
    }
}

impl SerializeSeq for Items<'_> {
    type Ok = ();
    type Error = ShapeError;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ShapeError> {
        self.separate();
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), ShapeError> {
        self.writer.0.push(']');
        Ok(())
    }
}

impl SerializeStruct for Items<'_> {
    type Ok = ();
    type Error = ShapeError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ShapeError> {
        self.separate();
        self.writer.string(key);
        self.writer.0.push(':');
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), ShapeError> {
        self.writer.0.push('}');
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use haat_api::{Customer, Fulfilment, LineRequest, OrderRequest, PaymentMethod, Substitution};

    use super::stringify;

    #[test]
    fn writes_requests_as_json_that_serde_json_reads_back() {
        let request = OrderRequest {
            customer: Customer {
                name: "Asha \"Didi\" Rao\\".into(),
                phone: "98450 12345".into(),
                address: "Flat 2,\nटावर 3\u{1}".into(),
                pincode: "560038".into(),
            },
            lines: vec![LineRequest {
                product: "toor-dal".into(),
                variant: "1kg".into(),
                quantity: 2,
                substitution: Substitution::Similar,
            }],
            fulfilment: Fulfilment::Pickup,
            slot: Some("evening".into()),
            payment: PaymentMethod::UpiNow,
            note: "Ring twice".into(),
        };
        let json = stringify(&request).expect("writes");
        assert_eq!(
            serde_json::from_str::<OrderRequest>(&json).expect("valid JSON"),
            request
        );
        assert!(json.contains(r#""quantity":2"#), "{json}");
        assert!(json.contains(r"\u0001"), "{json}");
        assert!(json.contains(r#""fulfilment":"pickup""#), "{json}");
        assert!(json.contains(r#""substitution":"similar""#), "{json}");
        assert!(json.contains(r#""payment":"upi_now""#), "{json}");
    }

    #[test]
    fn options_and_empty_sequences() {
        assert_eq!(stringify(&Some(5_i64)).as_deref(), Some("5"));
        assert_eq!(stringify(&None::<i64>).as_deref(), Some("null"));
        assert_eq!(stringify(&Vec::<u32>::new()).as_deref(), Some("[]"));
        assert_eq!(stringify(&-42_i64).as_deref(), Some("-42"));
        assert_eq!(stringify(&0_u32).as_deref(), Some("0"));
        assert_eq!(
            stringify(&i64::MIN).as_deref(),
            Some("-9223372036854775808")
        );
        assert_eq!(stringify(&1.5_f64), None, "no floats on Haat's wire");
    }
}
