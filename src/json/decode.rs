//! serde's `Deserializer` over a parsed [`Json`] tree.
//!
//! Every method is instantiated once per wire type, so each is kept to one line: a non-generic
//! accessor takes the expected variant out of the tree (or fails), and the visitor is called with it.
//! The typed methods also keep serde from instantiating visitor code for shapes that never arrive
//! (a derived struct visitor's `visit_seq`, for instance), which `deserialize_any` would.

use serde::de::{DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::{Json, ShapeError};

/// The variant each accessor expects, taken out of the tree.
impl Json {
    fn boolean(self) -> Result<bool, ShapeError> {
        match self {
            Json::Bool(value) => Ok(value),
            _ => Err(ShapeError),
        }
    }

    fn integer(self) -> Result<i64, ShapeError> {
        match self {
            Json::Int(value) => Ok(value),
            _ => Err(ShapeError),
        }
    }

    fn string(self) -> Result<String, ShapeError> {
        match self {
            Json::Str(value) => Ok(value),
            _ => Err(ShapeError),
        }
    }

    fn null(self) -> Result<(), ShapeError> {
        match self {
            Json::Null => Ok(()),
            _ => Err(ShapeError),
        }
    }

    fn elements(self) -> Result<Elements, ShapeError> {
        match self {
            Json::Arr(items) => Ok(Elements(items.into_iter())),
            _ => Err(ShapeError),
        }
    }

    fn members(self) -> Result<Members, ShapeError> {
        match self {
            Json::Obj(members) => Ok(Members {
                members: members.into_iter(),
                value: Json::Null,
            }),
            _ => Err(ShapeError),
        }
    }
}

/// Integers of every width arrive as `i64`; serde's visitors check the range.
macro_rules! integers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
            visitor.visit_i64(self.integer()?)
        }
    )*};
}

impl<'de> Deserializer<'de> for Json {
    type Error = ShapeError;

    /// Only for types that do not say what they expect; Haat's wire types always do.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self {
            Json::Null => visitor.visit_unit(),
            Json::Bool(value) => visitor.visit_bool(value),
            Json::Int(value) => visitor.visit_i64(value),
            Json::OtherNumber => Err(ShapeError),
            Json::Str(value) => visitor.visit_string(value),
            Json::Arr(items) => visitor.visit_seq(Elements(items.into_iter())),
            json @ Json::Obj(_) => visitor.visit_map(json.members()?),
        }
    }

    integers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_bool(self.boolean()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_string(self.string()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_string(self.string()?)
    }

    /// Struct field names.
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_string(self.string()?)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self {
            Json::Null => visitor.visit_none(),
            json => visitor.visit_some(json),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        self.null()?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_seq(self.elements()?)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        visitor.visit_seq(self.elements()?)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_map(self.members()?)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        visitor.visit_map(self.members()?)
    }

    /// Unit variants travel as strings (`"out_for_delivery"`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        visitor.visit_enum(self.string()?.into_deserializer())
    }

    /// Fields the app does not know: already parsed, so there is nothing to skip.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i128 u128 f32 f64 char bytes byte_buf tuple_struct
    }
}

/// The items of an array, handed to a sequence visitor one by one.
struct Elements(std::vec::IntoIter<Json>);

impl<'de> SeqAccess<'de> for Elements {
    type Error = ShapeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ShapeError> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The members of an object, handed to a map visitor name then value.
struct Members {
    members: std::vec::IntoIter<(String, Json)>,
    /// The value of the member whose name was handed out last.
    value: Json,
}

impl<'de> MapAccess<'de> for Members {
    type Error = ShapeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ShapeError> {
        let Some((name, value)) = self.members.next() else {
            return Ok(None);
        };
        self.value = value;
        seed.deserialize(Json::Str(name)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ShapeError> {
        seed.deserialize(std::mem::replace(&mut self.value, Json::Null))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}
