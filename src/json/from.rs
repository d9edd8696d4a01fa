//! Wire types from a parsed [`Json`] tree, by hand.
//!
//! Each type says in a few lines which fields it reads, through the small helpers on [`Object`]; there
//! is no generic deserializer to instantiate per type, so a type costs the wasm little more than its
//! field names. The rules are those of the serde derives in `haat_api` (which the server writes with):
//!
//! - a field the type does not know is ignored;
//! - a required field that is missing, or any field of the wrong type, fails the whole value;
//! - a field with a serde `default` takes that default when it is missing (but not when it is `null`,
//!   unless the field is an `Option`, for which `null` is `None`);
//! - a number must be an integer in the field's range;
//! - a unit enum travels as its snake_case name.
//!
//! One difference: serde refuses an object that names a field twice, where [`Object::get`] takes the
//! first. serde_json never writes such objects, so the server never sends them.

use haat_api::{
    ApiError, Catalog, Category, Customer, DeliverySlot, FieldError, Fulfilment, LineRequest,
    Money, Order, OrderRequest, OrderStatus, PaymentMethod, PlacedOrder, PricedLine, Product,
    Quote, Shortage, StatusChange, StoreProfile, Substitution, TelegramUser, Totals, Variant,
};

use super::Json;
use crate::{
    cart::{Cart, CartLine},
    storage::Choices,
};

/// A value that can be read from a JSON tree; `None` when the tree has another shape.
pub trait FromJson: Sized {
    fn from_json(json: &Json) -> Option<Self>;
}

/// The variant each accessor expects; `None` for any other.
impl Json {
    pub fn str(&self) -> Option<&str> {
        match self {
            Json::Str(text) => Some(text),
            _ => None,
        }
    }

    pub fn int(&self) -> Option<i64> {
        match self {
            Json::Int(value) => Some(*value),
            _ => None,
        }
    }

    pub fn object(&self) -> Option<Object<'_>> {
        match self {
            Json::Obj(members) => Some(Object(members)),
            _ => None,
        }
    }
}

/// The members of a JSON object, read by name.
#[derive(Clone, Copy)]
pub struct Object<'a>(&'a [(String, Json)]);

impl<'a> Object<'a> {
    /// The value of the member called `name`, if there is one.
    pub fn get(self, name: &str) -> Option<&'a Json> {
        self.0
            .iter()
            .find(|(member, _)| member == name)
            .map(|(_, value)| value)
    }

    /// A field that must be present.
    pub fn required<T: FromJson>(self, name: &str) -> Option<T> {
        T::from_json(self.get(name)?)
    }

    /// A field that takes `T`'s default when missing (serde's `#[serde(default)]`).
    pub fn optional<T: FromJson + Default>(self, name: &str) -> Option<T> {
        self.optional_or(name, T::default)
    }

    /// A field that takes `default()` when missing (serde's `#[serde(default = "…")]`).
    pub fn optional_or<T: FromJson>(self, name: &str, default: impl FnOnce() -> T) -> Option<T> {
        match self.get(name) {
            Some(value) => T::from_json(value),
            None => Some(default()),
        }
    }
}

impl FromJson for String {
    fn from_json(json: &Json) -> Option<Self> {
        json.str().map(str::to_owned)
    }
}

impl FromJson for bool {
    fn from_json(json: &Json) -> Option<Self> {
        match json {
            Json::Bool(value) => Some(*value),
            _ => None,
        }
    }
}

impl FromJson for i64 {
    fn from_json(json: &Json) -> Option<Self> {
        json.int()
    }
}

impl FromJson for u32 {
    fn from_json(json: &Json) -> Option<Self> {
        u32::try_from(json.int()?).ok()
    }
}

/// `null` is `None`; anything else must be a `T`.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(json: &Json) -> Option<Self> {
        match json {
            Json::Null => Some(None),
            json => T::from_json(json).map(Some),
        }
    }
}

/// An array whose every element is a `T`.
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: &Json) -> Option<Self> {
        let Json::Arr(items) = json else {
            return None;
        };
        // A plain loop: collecting into `Option<Vec<T>>` costs the wasm about twice as much per type.
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            values.push(T::from_json(item)?);
        }
        Some(values)
    }
}

/// A bare integer of minor units.
impl FromJson for Money {
    fn from_json(json: &Json) -> Option<Self> {
        json.int().map(Money::from_minor)
    }
}

impl FromJson for OrderStatus {
    fn from_json(json: &Json) -> Option<Self> {
        OrderStatus::parse(json.str()?)
    }
}

impl FromJson for PaymentMethod {
    fn from_json(json: &Json) -> Option<Self> {
        PaymentMethod::parse(json.str()?)
    }
}

impl FromJson for Substitution {
    fn from_json(json: &Json) -> Option<Self> {
        Substitution::parse(json.str()?)
    }
}

impl FromJson for Fulfilment {
    fn from_json(json: &Json) -> Option<Self> {
        match json.str()? {
            "delivery" => Some(Fulfilment::Delivery),
            "pickup" => Some(Fulfilment::Pickup),
            _ => None,
        }
    }
}

impl FromJson for Catalog {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(Catalog {
            store: object.required("store")?,
            categories: object.required("categories")?,
            products: object.required("products")?,
        })
    }
}

impl FromJson for StoreProfile {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(StoreProfile {
            slug: object.required("slug")?,
            name: object.required("name")?,
            name_local: object.optional("name_local")?,
            tagline: object.required("tagline")?,
            currency: object.required("currency")?,
            locale: object.required("locale")?,
            phone: object.required("phone")?,
            min_order: object.required("min_order")?,
            delivery_fee: object.required("delivery_fee")?,
            free_delivery_from: object.optional("free_delivery_from")?,
            delivery_pincodes: object.optional("delivery_pincodes")?,
            delivery_slots: object.optional("delivery_slots")?,
            pickup: object.optional("pickup")?,
            // `PaymentMethod::cash_only`, the serde default, is private to haat_api.
            payment_methods: object.optional_or("payment_methods", || vec![PaymentMethod::Cash])?,
            upi_id: object.optional("upi_id")?,
            address: object.optional("address")?,
            hours: object.optional("hours")?,
        })
    }
}

impl FromJson for DeliverySlot {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(DeliverySlot {
            id: object.required("id")?,
            label: object.required("label")?,
        })
    }
}

impl FromJson for Category {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(Category {
            id: object.required("id")?,
            name: object.required("name")?,
            name_local: object.optional("name_local")?,
            icon: object.optional("icon")?,
        })
    }
}

impl FromJson for Product {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(Product {
            id: object.required("id")?,
            category: object.required("category")?,
            name: object.required("name")?,
            name_local: object.optional("name_local")?,
            image: object.optional("image")?,
            variants: object.required("variants")?,
        })
    }
}

impl FromJson for Variant {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(Variant {
            id: object.required("id")?,
            label: object.required("label")?,
            price: object.required("price")?,
            mrp: object.optional("mrp")?,
            max_quantity: object.required("max_quantity")?,
        })
    }
}

impl FromJson for Quote {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(Quote {
            currency: object.required("currency")?,
            lines: object.required("lines")?,
            totals: object.required("totals")?,
            shortages: object.optional("shortages")?,
        })
    }
}

impl FromJson for Shortage {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(Shortage {
            product: object.required("product")?,
            variant: object.required("variant")?,
            available: object.required("available")?,
        })
    }
}

impl FromJson for PricedLine {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(PricedLine {
            product: object.required("product")?,
            variant: object.required("variant")?,
            name: object.required("name")?,
            variant_label: object.required("variant_label")?,
            unit_price: object.required("unit_price")?,
            quantity: object.required("quantity")?,
            line_total: object.required("line_total")?,
            substitution: object.optional("substitution")?,
        })
    }
}

impl FromJson for Totals {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(Totals {
            subtotal: object.required("subtotal")?,
            delivery_fee: object.required("delivery_fee")?,
            total: object.required("total")?,
        })
    }
}

impl FromJson for Customer {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(Customer {
            name: object.required("name")?,
            phone: object.required("phone")?,
            address: object.required("address")?,
            pincode: object.optional("pincode")?,
        })
    }
}

impl FromJson for TelegramUser {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(TelegramUser {
            id: object.required("id")?,
            first_name: object.required("first_name")?,
            last_name: object.optional("last_name")?,
            username: object.optional("username")?,
            language_code: object.optional("language_code")?,
        })
    }
}

impl FromJson for Order {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(Order {
            id: object.required("id")?,
            store: object.required("store")?,
            status: object.required("status")?,
            customer: object.required("customer")?,
            fulfilment: object.required("fulfilment")?,
            slot: object.optional("slot")?,
            currency: object.required("currency")?,
            lines: object.required("lines")?,
            totals: object.required("totals")?,
            created_at_ms: object.required("created_at_ms")?,
            history: object.required("history")?,
            payment: object.optional("payment")?,
            payment_link: object.optional("payment_link")?,
            note: object.optional("note")?,
        })
    }
}

impl FromJson for StatusChange {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(StatusChange {
            status: object.required("status")?,
            at_ms: object.required("at_ms")?,
        })
    }
}

impl FromJson for PlacedOrder {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(PlacedOrder {
            order: object.required("order")?,
            token: object.required("token")?,
        })
    }
}

impl FromJson for ApiError {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(ApiError {
            code: object.required("code")?,
            message: object.required("message")?,
            details: object.optional("details")?,
        })
    }
}

impl FromJson for FieldError {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(FieldError {
            field: object.required("field")?,
            message: object.required("message")?,
        })
    }
}

impl FromJson for Cart {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Cart {
            lines: json.object()?.required("lines")?,
        })
    }
}

impl FromJson for CartLine {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(CartLine {
            product: object.required("product")?,
            variant: object.required("variant")?,
            quantity: object.required("quantity")?,
            substitution: object.optional("substitution")?,
            seen_price: object.optional("seen_price")?,
        })
    }
}

impl FromJson for Choices {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(Choices {
            fulfilment: object.optional("fulfilment")?,
            slot: object.optional("slot")?,
            payment: object.optional("payment")?,
            note: object.optional("note")?,
        })
    }
}

/// A kept checkout attempt's body, read back to show the order exactly as it will be sent.
impl FromJson for OrderRequest {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(OrderRequest {
            customer: object.required("customer")?,
            lines: object.required("lines")?,
            fulfilment: object.optional("fulfilment")?,
            slot: object.optional("slot")?,
            payment: object.optional("payment")?,
            note: object.optional("note")?,
        })
    }
}

impl FromJson for LineRequest {
    fn from_json(json: &Json) -> Option<Self> {
        let object = json.object()?;
        Some(LineRequest {
            product: object.required("product")?,
            variant: object.required("variant")?,
            quantity: object.required("quantity")?,
            substitution: object.optional("substitution")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use haat_api::{
        ApiError, Catalog, Category, Customer, DeliverySlot, FieldError, Fulfilment, Money, Order,
        OrderStatus, PaymentMethod, PlacedOrder, PricedLine, Product, Quote, Shortage,
        StatusChange, StoreProfile, Substitution, Totals, Variant,
    };
    use serde::{Serialize, de::DeserializeOwned};

    use super::FromJson;
    use crate::{
        cart::{Cart, CartLine},
        json::{ToJson, parse, stringify},
        storage::Choices,
    };

    /// What the server's serde writes, compact and pretty, reads back as the same value.
    fn round_trips<T: FromJson + Serialize + PartialEq + Debug>(value: &T) {
        let compact = serde_json::to_string(value).expect("serialises");
        assert_eq!(parse::<T>(&compact).as_ref(), Some(value), "{compact}");
        let pretty = serde_json::to_string_pretty(value).expect("serialises");
        assert_eq!(parse::<T>(&pretty).as_ref(), Some(value), "{pretty}");
    }

    /// What the app's own writer stores reads back as the same value.
    fn reads_back_what_it_stores<T: FromJson + ToJson + PartialEq + Debug>(value: &T) {
        let text = stringify(value);
        assert_eq!(parse::<T>(&text).as_ref(), Some(value), "{text}");
    }

    /// The hand decoder takes exactly what the serde derive takes, and reads it the same.
    fn agrees_with_serde<T: FromJson + DeserializeOwned + PartialEq + Debug>(text: &str) {
        assert_eq!(
            parse::<T>(text),
            serde_json::from_str::<T>(text).ok(),
            "{text}"
        );
    }

    fn money(minor: i64) -> Money {
        Money::from_minor(minor)
    }

    fn customer() -> Customer {
        Customer {
            name: "Asha \"Didi\" Rao\\".into(),
            phone: "+919845012345".into(),
            address: "Flat 2,\nटावर 3\u{1} 😀".into(),
            pincode: "560038".into(),
        }
    }

    fn store_full() -> StoreProfile {
        StoreProfile {
            slug: "sharma-kirana".into(),
            name: "Sharma Kirana".into(),
            name_local: Some("शर्मा किराना".into()),
            tagline: "Fresh daily".into(),
            currency: "INR".into(),
            locale: "en-IN".into(),
            phone: "+919812345678".into(),
            min_order: money(10_000),
            delivery_fee: money(2_500),
            free_delivery_from: Some(money(50_000)),
            delivery_pincodes: vec!["560038".into(), "560008".into()],
            delivery_slots: vec![DeliverySlot {
                id: "evening".into(),
                label: "Evening, 5–8 pm".into(),
            }],
            pickup: true,
            payment_methods: vec![PaymentMethod::UpiNow, PaymentMethod::Cash],
            upi_id: Some("sharmakirana@upi".into()),
            address: "Shop 4, 12th Main Road, Indiranagar".into(),
            hours: "7 am – 10 pm, every day".into(),
        }
    }

    fn store_minimal() -> StoreProfile {
        StoreProfile {
            name_local: None,
            free_delivery_from: None,
            delivery_pincodes: Vec::new(),
            delivery_slots: Vec::new(),
            pickup: false,
            payment_methods: vec![PaymentMethod::Cash],
            upi_id: None,
            address: String::new(),
            hours: String::new(),
            ..store_full()
        }
    }

    fn catalog() -> Catalog {
        Catalog {
            store: store_full(),
            categories: vec![
                Category {
                    id: "staples".into(),
                    name: "Staples".into(),
                    name_local: Some("राशन".into()),
                    icon: Some("🌾".into()),
                },
                Category {
                    id: "snacks".into(),
                    name: "Snacks".into(),
                    name_local: None,
                    icon: None,
                },
            ],
            products: vec![
                Product {
                    id: "atta".into(),
                    category: "staples".into(),
                    name: "Aashirvaad Atta".into(),
                    name_local: Some("आटा".into()),
                    image: Some("/img/atta.webp".into()),
                    variants: vec![
                        Variant {
                            id: "5kg".into(),
                            label: "5 kg".into(),
                            price: money(24_500),
                            mrp: Some(money(26_000)),
                            max_quantity: 50,
                        },
                        Variant {
                            id: "1kg".into(),
                            label: "1 kg".into(),
                            price: money(5_500),
                            mrp: None,
                            max_quantity: 0,
                        },
                    ],
                },
                Product {
                    id: "chips".into(),
                    category: "snacks".into(),
                    name: "Chips".into(),
                    name_local: None,
                    image: None,
                    variants: Vec::new(),
                },
            ],
        }
    }

    fn priced_line(substitution: Substitution) -> PricedLine {
        PricedLine {
            product: "atta".into(),
            variant: "5kg".into(),
            name: "Aashirvaad Atta".into(),
            variant_label: "5 kg".into(),
            unit_price: money(24_500),
            quantity: 3,
            line_total: money(73_500),
            substitution,
        }
    }

    fn totals() -> Totals {
        Totals {
            subtotal: money(73_500),
            delivery_fee: money(-1),
            total: money(i64::MAX),
        }
    }

    fn order_full() -> Order {
        Order {
            id: 9_007_199_254_740_993,
            store: "sharma-kirana".into(),
            status: OrderStatus::OutForDelivery,
            customer: customer(),
            fulfilment: Fulfilment::Pickup,
            slot: Some(DeliverySlot {
                id: "evening".into(),
                label: "Evening".into(),
            }),
            currency: "INR".into(),
            lines: vec![
                priced_line(Substitution::Skip),
                priced_line(Substitution::Call),
            ],
            totals: totals(),
            created_at_ms: 1_700_000_000_000,
            history: vec![
                StatusChange {
                    status: OrderStatus::Placed,
                    at_ms: 1_700_000_000_000,
                },
                StatusChange {
                    status: OrderStatus::OutForDelivery,
                    at_ms: 1_700_000_100_000,
                },
            ],
            payment: PaymentMethod::UpiNow,
            payment_link: Some("upi://pay?pa=sharmakirana@upi&am=735.00".into()),
            note: "Ring twice".into(),
        }
    }

    fn order_minimal() -> Order {
        Order {
            status: OrderStatus::Placed,
            customer: Customer {
                pincode: String::new(),
                ..customer()
            },
            fulfilment: Fulfilment::Delivery,
            slot: None,
            lines: Vec::new(),
            history: Vec::new(),
            payment: PaymentMethod::Cash,
            payment_link: None,
            note: String::new(),
            ..order_full()
        }
    }

    #[test]
    fn every_wire_type_reads_back_what_the_server_writes() {
        round_trips(&catalog());
        round_trips(&haat_api::TelegramUser {
            id: 279_058_397,
            first_name: "आशा".into(),
            last_name: Some("Rao".into()),
            username: Some("asha".into()),
            language_code: Some("hi".into()),
        });
        round_trips(&haat_api::TelegramUser {
            id: 1,
            first_name: "Asha".into(),
            last_name: None,
            username: None,
            language_code: None,
        });
        round_trips(&Catalog {
            store: store_minimal(),
            categories: Vec::new(),
            products: Vec::new(),
        });
        round_trips(&store_full());
        round_trips(&store_minimal());
        round_trips(&Quote {
            currency: "INR".into(),
            lines: vec![
                priced_line(Substitution::Similar),
                priced_line(Substitution::Call),
            ],
            totals: totals(),
            shortages: vec![Shortage {
                product: "atta".into(),
                variant: "5kg".into(),
                available: 0,
            }],
        });
        round_trips(&Quote {
            currency: "INR".into(),
            lines: Vec::new(),
            totals: totals(),
            shortages: Vec::new(),
        });
        round_trips(&order_full());
        round_trips(&order_minimal());
        round_trips(&PlacedOrder {
            order: order_full(),
            token: "s3cret".into(),
        });
        round_trips(&customer());
        round_trips(&Customer::default());
        round_trips(&ApiError {
            code: "invalid_customer".into(),
            message: "Check the details.".into(),
            details: vec![FieldError {
                field: "customer.phone".into(),
                message: "A 10-digit phone number, please.".into(),
            }],
        });
        round_trips(&ApiError {
            code: "internal".into(),
            message: String::new(),
            details: Vec::new(),
        });
        for status in [
            OrderStatus::Placed,
            OrderStatus::Accepted,
            OrderStatus::Packed,
            OrderStatus::OutForDelivery,
            OrderStatus::ReadyForPickup,
            OrderStatus::Delivered,
            OrderStatus::Rejected,
            OrderStatus::Cancelled,
        ] {
            round_trips(&status);
        }
        PaymentMethod::ALL.iter().for_each(round_trips);
        Substitution::ALL.iter().for_each(round_trips);
        round_trips(&Fulfilment::Delivery);
        round_trips(&Fulfilment::Pickup);
        round_trips(&money(i64::MIN));
    }

    #[test]
    fn omitted_optional_fields_take_the_serde_defaults() {
        let store = r#"{"slug":"s","name":"S","tagline":"","currency":"INR","locale":"en-IN",
            "phone":"+91","min_order":0,"delivery_fee":0}"#;
        agrees_with_serde::<StoreProfile>(store);
        let profile = parse::<StoreProfile>(store).expect("decodes");
        assert_eq!(profile.payment_methods, vec![PaymentMethod::Cash]);
        assert!(!profile.pickup);
        assert_eq!((profile.address.as_str(), profile.hours.as_str()), ("", ""));

        let line = r#"{"product":"p","variant":"v","name":"n","variant_label":"l",
            "unit_price":1,"quantity":1,"line_total":1}"#;
        agrees_with_serde::<PricedLine>(line);
        assert_eq!(
            parse::<PricedLine>(line).map(|line| line.substitution),
            Some(Substitution::Call)
        );
        agrees_with_serde::<Customer>(r#"{"name":"A","phone":"1","address":""}"#);
        agrees_with_serde::<ApiError>(r#"{"code":"c","message":"m"}"#);
        agrees_with_serde::<Variant>(r#"{"id":"v","label":"l","price":5,"max_quantity":2}"#);
        // `null` is `None` for an optional field, but no default for any other.
        agrees_with_serde::<Variant>(
            r#"{"id":"v","label":"l","price":5,"mrp":null,"max_quantity":2}"#,
        );
        agrees_with_serde::<ApiError>(r#"{"code":"c","message":"m","details":null}"#);
        agrees_with_serde::<Customer>(r#"{"name":"A","phone":"1","address":"","pincode":null}"#);
    }

    #[test]
    fn unknown_fields_are_ignored_whatever_they_hold() {
        let text = r#"{"name":"A","phone":"1","address":"x","pincode":"5",
            "rating":4.5,"tags":[{"deep":[null,true]}],"extra":null}"#;
        agrees_with_serde::<Customer>(text);
        assert_eq!(
            parse::<Customer>(text).map(|customer| customer.pincode),
            Some("5".into())
        );
        agrees_with_serde::<Totals>(
            r#"{"subtotal":1,"delivery_fee":2,"total":3,"tax":{"gst":[1]}}"#,
        );
        agrees_with_serde::<StatusChange>(r#"{"at_ms":5,"status":"packed","by":"shop"}"#);
    }

    #[test]
    fn a_missing_required_field_or_a_wrong_type_fails_the_value() {
        let refused = [
            r#"{"name":"A","phone":"1"}"#,
            r#"{"name":"A","phone":"1","address":2}"#,
            r#"{"name":null,"phone":"1","address":""}"#,
            r#"{"name":"A","phone":"1","address":"","pincode":5}"#,
            "[]",
            r#""A""#,
            "null",
        ];
        for text in refused {
            agrees_with_serde::<Customer>(text);
            assert_eq!(parse::<Customer>(text), None, "{text}");
        }
        let mut order = serde_json::to_value(order_full()).expect("serialises");
        for field in [
            "id",
            "store",
            "status",
            "customer",
            "fulfilment",
            "currency",
            "lines",
            "totals",
            "created_at_ms",
            "history",
        ] {
            let mut without = order.clone();
            without.as_object_mut().expect("object").remove(field);
            let text = without.to_string();
            agrees_with_serde::<Order>(&text);
            assert_eq!(parse::<Order>(&text), None, "without {field}");
        }
        order["history"][1]["status"] = "shipped".into();
        assert_eq!(parse::<Order>(&order.to_string()), None, "unknown status");
        agrees_with_serde::<Order>(&order.to_string());
        // One bad product fails the catalog, not just the product.
        let mut catalog = serde_json::to_value(catalog()).expect("serialises");
        catalog["products"][1]["variants"] = serde_json::json!([{"id": "x"}]);
        assert_eq!(parse::<Catalog>(&catalog.to_string()), None);
    }

    #[test]
    fn numbers_must_fit_the_field() {
        let shortage =
            |available: &str| format!(r#"{{"product":"p","variant":"v","available":{available}}}"#);
        for available in [
            "0",
            "4294967295",
            "4294967296",
            "-1",
            "1.5",
            "\"1\"",
            "true",
        ] {
            agrees_with_serde::<Shortage>(&shortage(available));
        }
        assert_eq!(parse::<Shortage>(&shortage("-1")), None);
        agrees_with_serde::<Money>("-9223372036854775808");
        agrees_with_serde::<Money>("9223372036854775808");
        agrees_with_serde::<Money>("12.5");
        agrees_with_serde::<bool>("true");
        agrees_with_serde::<bool>("1");
        agrees_with_serde::<Option<u32>>("null");
        agrees_with_serde::<Vec<u32>>("[1,2]");
        agrees_with_serde::<Vec<u32>>(r#"{"a":1}"#);
        agrees_with_serde::<String>("12");
        agrees_with_serde::<OrderStatus>(r#""lost""#);
        agrees_with_serde::<Fulfilment>(r#""Pickup""#);
    }

    #[test]
    fn stored_state_reads_back_and_fills_in_what_older_builds_left_out() {
        let cart = Cart {
            lines: vec![
                CartLine {
                    product: "tea".into(),
                    variant: "250g".into(),
                    quantity: 2,
                    substitution: Substitution::Skip,
                    seen_price: Some(money(12_000)),
                },
                CartLine {
                    product: "dal".into(),
                    variant: "1kg".into(),
                    quantity: 1,
                    substitution: Substitution::Call,
                    seen_price: None,
                },
            ],
        };
        reads_back_what_it_stores(&cart);
        assert_eq!(
            parse::<Cart>(r#"{"lines":[{"product":"dal","variant":"1kg","quantity":1}]}"#),
            Some(Cart {
                lines: vec![cart.lines[1].clone()]
            })
        );
        assert_eq!(parse::<Cart>(r#"{"lines":[{"product":"dal"}]}"#), None);
        assert_eq!(parse::<Cart>("{}"), None);

        let choices = Choices {
            fulfilment: Fulfilment::Pickup,
            slot: Some("evening".into()),
            payment: PaymentMethod::UpiOnDelivery,
            note: "Ring twice".into(),
        };
        reads_back_what_it_stores(&choices);
        reads_back_what_it_stores(&Choices::default());
        assert_eq!(parse::<Choices>("{}"), Some(Choices::default()));
        assert_eq!(parse::<Choices>(r#"{"payment":"cheque"}"#), None);
    }
}
