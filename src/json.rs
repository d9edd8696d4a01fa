//! JSON for the app: parsed by the browser's own `JSON.parse` (or `Response.json()`) with serde walking the
//! JavaScript values, and written by a small serde serializer.
//!
//! The decoder below is a deliberately small serde `Deserializer` over `JsValue`. Its error carries no
//! detail: every failure is "not the shape we expected", which is all the app acts on. Formatting serde's
//! error messages would link Rust's float formatting (tens of KiB of wasm) into the shopper's first load.

use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::{
    Serialize,
    de::{
        self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor,
    },
    forward_to_deserialize_any,
    ser::{self, Impossible, SerializeSeq, SerializeStruct},
};
use wasm_bindgen::{JsCast, JsValue};

use crate::format;

/// Decodes an already-parsed JavaScript value (e.g. from `Response.json()`).
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    T::deserialize(JsDeserializer(value)).ok()
}

pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    from_js(js_sys::JSON::parse(text).ok()?)
}

/// Writes `value` as JSON text. Supports what Haat's requests and stored state are made of: structs,
/// sequences, options, strings, booleans and integers.
pub fn stringify<T: Serialize>(value: &T) -> Option<String> {
    let mut writer = JsonWriter(String::new());
    value.serialize(&mut writer).ok()?;
    Some(writer.0)
}

/// The value did not have the expected shape.
#[derive(Debug)]
pub struct ShapeError;

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unexpected JSON shape")
    }
}

impl std::error::Error for ShapeError {}

// Every constructor is overridden so that none formats its arguments.
impl de::Error for ShapeError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Self
    }
    fn invalid_type(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Self
    }
    fn invalid_value(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Self
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Self
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Self
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Self
    }
    fn missing_field(_: &'static str) -> Self {
        Self
    }
    fn duplicate_field(_: &'static str) -> Self {
        Self
    }
}

impl ser::Error for ShapeError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Self
    }
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

    /// Decimal digits, written by hand: `to_string` would link integer formatting machinery.
    fn integer(&mut self, negative: bool, magnitude: u64) {
        if negative {
            self.0.push('-');
        }
        format::push_decimal(&mut self.0, magnitude);
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
        self.integer(v < 0, v.unsigned_abs());
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
        self.integer(false, v);
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

struct JsDeserializer(JsValue);

/// Integers JavaScript represents exactly, as `i64`.
fn safe_integer(value: &JsValue) -> Option<i64> {
    let number = value.as_f64()?;
    // Guarded: a safe integer has no fraction and fits in 53 bits, so the cast is exact.
    #[allow(clippy::cast_possible_truncation)]
    js_sys::Number::is_safe_integer(value).then_some(number as i64)
}

impl<'de> de::Deserializer<'de> for JsDeserializer {
    type Error = ShapeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        let value = self.0;
        if value.is_null() || value.is_undefined() {
            visitor.visit_unit()
        } else if let Some(boolean) = value.as_bool() {
            visitor.visit_bool(boolean)
        } else if let Some(integer) = safe_integer(&value) {
            match u64::try_from(integer) {
                Ok(unsigned) => visitor.visit_u64(unsigned),
                Err(_) => visitor.visit_i64(integer),
            }
        } else if let Some(text) = value.as_string() {
            visitor.visit_string(text)
        } else if Array::is_array(&value) {
            visitor.visit_seq(Elements {
                items: value.unchecked_into(),
                next: 0,
            })
        } else if value.is_object() {
            let object: Object = value.unchecked_into();
            visitor.visit_map(Fields {
                keys: Object::keys(&object),
                object,
                next: 0,
            })
        } else {
            // Non-integer numbers, symbols, functions: nothing on Haat's wire.
            Err(ShapeError)
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    /// Unit variants travel as strings (`"out_for_delivery"`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        let name = self.0.as_string().ok_or(ShapeError)?;
        visitor.visit_enum(IntoDeserializer::<ShapeError>::into_deserializer(name))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct Elements {
    items: Array,
    next: u32,
}

impl<'de> SeqAccess<'de> for Elements {
    type Error = ShapeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ShapeError> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        let item = self.items.get(self.next);
        self.next += 1;
        seed.deserialize(JsDeserializer(item)).map(Some)
    }
}

struct Fields {
    object: Object,
    keys: Array,
    next: u32,
}

impl<'de> MapAccess<'de> for Fields {
    type Error = ShapeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ShapeError> {
        if self.next >= self.keys.length() {
            return Ok(None);
        }
        seed.deserialize(JsDeserializer(self.keys.get(self.next)))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ShapeError> {
        let key = self.keys.get(self.next);
        self.next += 1;
        let value = Reflect::get(&self.object, &key).map_err(|_| ShapeError)?;
        seed.deserialize(JsDeserializer(value))
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
