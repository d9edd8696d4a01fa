//! The OpenAPI document (`openapi.json`, served at `/api/openapi.json`) held to the code.
//!
//! It must list exactly the routed endpoints, enumerate every error code and order status, describe each wire
//! type field for field, and document every answer a real server gives: the status for that operation, the
//! content type, the headers, and a body that validates against the documented schema. The validator below
//! handles the subset of JSON Schema the document uses and refuses any other keyword, so the document cannot
//! quietly rely on something these tests do not check.

use std::{
    collections::{BTreeMap, BTreeSet},
    time::{SystemTime, UNIX_EPOCH},
};

use haat_api::{
    ApiError, Catalog, CatalogChanges, CatalogDraft, CatalogVersion, Category, CategoryPlan,
    CellChange, Closure, Customer, DaySummary, DeliverySlot, Draft, DraftProduct, DraftVariant,
    Edit, ErrorCode, FieldError, Fulfilment, ImportPlan, ItemCount, LineChange, LineRequest,
    MarkPaid, Money, Order, OrderEdit, OrderList, OrderRequest, OrderStatus, PackChange,
    PackChangeKind, PackRef, Paid, PaidVia, PaymentMethod, PlacedOrder, PlannedRow, PreviewLink,
    PricedLine, Product, Quote, QuoteRequest, Refusal, RejectReason, RowChange, RowProblem,
    ShopSignup, Shortage, SignIn, SlugSuggestion, StatusChange, StatusUpdate, Stock, StoreProfile,
    Substitution, Takings, TelegramNotices, TelegramNoticesUpdate, TelegramSession,
    TelegramSessionRequest, TelegramUser, Totals, UploadedPhoto, Variant, VariantUpdate,
    VersionList, clock::ShopTime,
};
use haat_server::{Config, Server, api_endpoints};
use image::{Rgb, RgbImage, codecs::jpeg::JpegEncoder};
use reqwest::{
    Client, Method, RequestBuilder, StatusCode,
    header::{CONTENT_TYPE, HeaderMap},
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Value, json};

/// The document as compiled into the server.
const DOCUMENT: &str = include_str!("../openapi.json");
const MERCHANT_TOKEN: &str = "merchant-token-for-openapi-tests";

#[path = "common/telegram.rs"]
mod telegram;
// The shops' bots are reached at a fake Bot API on 127.0.0.1, never at Telegram.
#[path = "common/bot_api.rs"]
#[allow(dead_code)]
mod bot_api;
const SCHEMA_PREFIX: &str = "#/components/schemas/";
const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

// ---------------------------------------------------------------------------------------------------------
// A server on 127.0.0.1:0 with a fresh SQLite file.

struct App {
    base: String,
    client: Client,
    _dir: tempfile::TempDir,
    _bot_api: bot_api::FakeBotApi,
}

impl App {
    /// With Telegram identity on, for [`telegram::BOT_TOKEN`], and sign-ups off.
    async fn start() -> Self {
        Self::start_with(Some(telegram::BOT_TOKEN), false).await
    }

    /// With Telegram identity on or off, and taking sign-ups (`--open-signup`) or not.
    async fn start_with(telegram_bot_token: Option<&str>, open_signup: bool) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config =
            Config::for_database(format!("sqlite://{}", dir.path().join("haat.db").display()));
        if let Some(bot_token) = telegram_bot_token {
            config = config.with_telegram_bot_token(bot_token);
        }
        config.merchant_token = Some(MERCHANT_TOKEN.to_owned());
        config.open_signup = open_signup;
        let bot_api = bot_api::FakeBotApi::start(&[]).await;
        config.telegram_api = bot_api.base.clone();
        let server = Server::start(&config).await.expect("server starts");
        let base = format!("http://{}", server.local_addr());
        tokio::spawn(server.serve());
        Self {
            base,
            client: Client::new(),
            _dir: dir,
            _bot_api: bot_api,
        }
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, format!("{}{path}", self.base))
    }
}

fn document() -> Value {
    serde_json::from_str(DOCUMENT).expect("openapi.json is JSON")
}

// ---------------------------------------------------------------------------------------------------------
// A validator for the subset of JSON Schema the document uses.

/// Keywords the validator checks, or that carry no constraint (`description`, `format`, `examples`).
const KEYWORDS: [&str; 16] = [
    "$ref",
    "oneOf",
    "type",
    "enum",
    "const",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "description",
    "format",
    "examples",
];

/// Checks `value` against `schema`, resolving `$ref`s in `doc`; on a mismatch, says where (`$.order.lines[0]`)
/// and what. `strict` also refuses object properties the schema does not list: used for the server's answers,
/// so a field added to a wire type must be documented too.
fn validate(doc: &Value, schema: &Value, value: &Value, strict: bool) -> Result<(), String> {
    check(doc, schema, value, "$", strict)
}

fn check(doc: &Value, schema: &Value, value: &Value, at: &str, strict: bool) -> Result<(), String> {
    let rules = schema
        .as_object()
        .ok_or_else(|| format!("{at}: the schema is not an object: {schema}"))?;
    if let Some(unknown) = rules.keys().find(|k| !KEYWORDS.contains(&k.as_str())) {
        return Err(format!(
            "{at}: the schema uses `{unknown}`, which this validator does not check"
        ));
    }
    if let Some(reference) = rules.get("$ref") {
        check(doc, resolve(doc, reference)?, value, at, strict)?;
    }
    if let Some(options) = rules.get("oneOf") {
        let options = options
            .as_array()
            .filter(|options| !options.is_empty())
            .ok_or_else(|| format!("{at}: `oneOf` is not a list of schemas"))?;
        let verdicts: Vec<Result<(), String>> = options
            .iter()
            .map(|option| check(doc, option, value, at, strict))
            .collect();
        match verdicts.iter().filter(|verdict| verdict.is_ok()).count() {
            1 => {}
            0 => {
                let why: Vec<String> = verdicts.into_iter().filter_map(Result::err).collect();
                return Err(format!(
                    "{at}: {} matches none of `oneOf`: {}",
                    short(value),
                    why.join("; ")
                ));
            }
            many => {
                return Err(format!(
                    "{at}: {} matches {many} schemas of `oneOf`, not exactly one",
                    short(value)
                ));
            }
        }
    }
    if let Some(types) = rules.get("type") {
        let allowed: Vec<&str> = match types {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            other => {
                return Err(format!(
                    "{at}: `type` is neither a name nor a list: {other}"
                ));
            }
        };
        if !allowed.iter().any(|name| has_type(value, name)) {
            return Err(format!(
                "{at}: expected {}, found {}",
                allowed.join(" or "),
                short(value)
            ));
        }
    }
    if let Some(expected) = rules.get("const")
        && value != expected
    {
        return Err(format!("{at}: {} is not {expected}", short(value)));
    }
    if let Some(options) = rules.get("enum") {
        let options = options
            .as_array()
            .ok_or_else(|| format!("{at}: `enum` is not a list"))?;
        if !options.contains(value) {
            return Err(format!(
                "{at}: {} is not one of {}",
                short(value),
                Value::Array(options.clone())
            ));
        }
    }
    if let Some(number) = value.as_f64() {
        if let Some(minimum) = rules.get("minimum").and_then(Value::as_f64)
            && number < minimum
        {
            return Err(format!("{at}: {value} is below the minimum {minimum}"));
        }
        if let Some(maximum) = rules.get("maximum").and_then(Value::as_f64)
            && number > maximum
        {
            return Err(format!("{at}: {value} is above the maximum {maximum}"));
        }
    }
    if let Some(text) = value.as_str() {
        let chars = text.chars().count();
        if let Some(min) = rules.get("minLength").and_then(Value::as_u64)
            && u64::try_from(chars).unwrap_or(u64::MAX) < min
        {
            return Err(format!("{at}: {} is shorter than {min}", short(value)));
        }
        if let Some(max) = rules.get("maxLength").and_then(Value::as_u64)
            && u64::try_from(chars).unwrap_or(u64::MAX) > max
        {
            return Err(format!("{at}: {} is longer than {max}", short(value)));
        }
    }
    if let Value::Object(fields) = value {
        check_object(doc, rules, fields, at, strict)?;
    }
    if let (Some(items), Value::Array(elements)) = (rules.get("items"), value) {
        for (index, element) in elements.iter().enumerate() {
            check(doc, items, element, &format!("{at}[{index}]"), strict)?;
        }
    }
    Ok(())
}

fn check_object(
    doc: &Value,
    rules: &serde_json::Map<String, Value>,
    fields: &serde_json::Map<String, Value>,
    at: &str,
    strict: bool,
) -> Result<(), String> {
    if let Some(required) = rules.get("required") {
        let required = required
            .as_array()
            .ok_or_else(|| format!("{at}: `required` is not a list"))?;
        for name in required.iter().filter_map(Value::as_str) {
            if !fields.contains_key(name) {
                return Err(format!("{at}: the required property `{name}` is missing"));
            }
        }
    }
    let properties = rules.get("properties").and_then(Value::as_object);
    for (name, field) in fields {
        let here = format!("{at}.{name}");
        match (
            properties.and_then(|listed| listed.get(name)),
            rules.get("additionalProperties"),
        ) {
            (Some(schema), _) => check(doc, schema, field, &here, strict)?,
            (None, Some(Value::Bool(false))) => {
                return Err(format!("{here}: the schema allows no such property"));
            }
            (None, Some(extra @ Value::Object(_))) => check(doc, extra, field, &here, strict)?,
            (None, _) if strict && properties.is_some() => {
                return Err(format!("{here}: this property is not documented"));
            }
            (None, _) => {}
        }
    }
    Ok(())
}

fn resolve<'d>(doc: &'d Value, reference: &Value) -> Result<&'d Value, String> {
    let reference = reference
        .as_str()
        .ok_or_else(|| format!("`$ref` is not a string: {reference}"))?;
    let name = reference
        .strip_prefix(SCHEMA_PREFIX)
        .ok_or_else(|| format!("`$ref` {reference} is not under {SCHEMA_PREFIX}"))?;
    doc.pointer(&format!("/components/schemas/{name}"))
        .ok_or_else(|| format!("`$ref` {reference} names no schema"))
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    }
}

/// A value for an error message: itself when short, else its kind.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 60 {
        return text;
    }
    match value {
        Value::Object(_) => "an object".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        _ => format!("{}…", text.chars().take(60).collect::<String>()),
    }
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("{SCHEMA_PREFIX}{name}") })
}

#[test]
fn the_validator_says_where_a_body_goes_wrong() {
    let doc = document();
    let placed = serde_json::to_value(placed_order()).expect("serialises");
    let schema = schema_ref("PlacedOrder");
    assert_eq!(validate(&doc, &schema, &placed, true), Ok(()));

    let mut wrong_type = placed.clone();
    wrong_type["order"]["lines"][0]["quantity"] = json!("2");
    let error = validate(&doc, &schema, &wrong_type, true).expect_err("a string quantity");
    assert!(
        error.starts_with("$.order.lines[0].quantity: expected integer"),
        "{error}"
    );

    let mut negative = placed.clone();
    negative["order"]["lines"][0]["quantity"] = json!(-1);
    let error = validate(&doc, &schema, &negative, false).expect_err("a negative quantity");
    assert!(
        error.starts_with("$.order.lines[0].quantity: -1 is below"),
        "{error}"
    );

    let mut missing = placed.clone();
    if let Some(order) = missing["order"].as_object_mut() {
        order.remove("totals");
    }
    let error = validate(&doc, &schema, &missing, true).expect_err("no totals");
    assert_eq!(error, "$.order: the required property `totals` is missing");

    let mut unknown_status = placed.clone();
    unknown_status["order"]["history"][0]["status"] = json!("shipped");
    let error = validate(&doc, &schema, &unknown_status, true).expect_err("no such status");
    assert!(
        error.starts_with("$.order.history[0].status: \"shipped\" is not one of"),
        "{error}"
    );

    let mut extra = placed.clone();
    extra["order"]["customer"]["email"] = json!("asha@example.com");
    let error = validate(&doc, &schema, &extra, true).expect_err("an undocumented field");
    assert_eq!(
        error,
        "$.order.customer.email: this property is not documented"
    );
    assert_eq!(
        validate(&doc, &schema, &extra, false),
        Ok(()),
        "requests may carry fields the server ignores"
    );

    let error = validate(&doc, &json!({"anyOf": []}), &json!(1), false).expect_err("unknown");
    assert!(error.contains("`anyOf`"), "{error}");
    // One of several: exactly one must match, and a mismatch says why each did not.
    let either = json!({"oneOf": [{"type": "integer", "minimum": 0}, {"const": "untracked"}]});
    assert_eq!(validate(&doc, &either, &json!(3), true), Ok(()));
    assert_eq!(validate(&doc, &either, &json!("untracked"), true), Ok(()));
    let error = validate(&doc, &either, &json!("lots"), true).expect_err("neither");
    assert!(
        error.starts_with("$: \"lots\" matches none of `oneOf`")
            && error.contains("is not \"untracked\""),
        "{error}"
    );
    let both = json!({"oneOf": [{"type": "integer"}, {"minimum": 0}]});
    let error = validate(&doc, &both, &json!(3), true).expect_err("both");
    assert!(error.contains("matches 2 schemas"), "{error}");
    let error = validate(&doc, &json!({"oneOf": []}), &json!(1), true).expect_err("no schema");
    assert!(error.contains("`oneOf`"), "{error}");
    assert!(
        validate(
            &doc,
            &json!({"type": ["string", "null"]}),
            &json!(null),
            true
        )
        .is_ok()
    );
    assert!(validate(&doc, &json!({"type": ["string", "null"]}), &json!(1), true).is_err());
}

// ---------------------------------------------------------------------------------------------------------
// The document against the router.

/// Every `(METHOD, path)` the document has an operation for.
fn documented_operations(doc: &Value) -> BTreeSet<(String, String)> {
    let paths = doc["paths"].as_object().expect("`paths` is an object");
    paths
        .iter()
        .flat_map(|(path, item)| {
            let item = item.as_object().expect("a path item is an object");
            item.keys()
                .filter(|key| HTTP_METHODS.contains(&key.as_str()))
                .map(|method| (method.to_uppercase(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn operation<'d>(doc: &'d Value, method: &str, path: &str) -> &'d Value {
    doc["paths"]
        .get(path)
        .and_then(|item| item.get(method.to_lowercase()))
        .unwrap_or_else(|| panic!("no operation {method} {path} in the document"))
}

#[tokio::test]
async fn the_served_document_lists_exactly_the_routed_endpoints() {
    let app = App::start().await;
    let response = app
        .request(Method::GET, "/api/openapi.json")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok()),
        Some("application/json")
    );
    let text = response.text().await.expect("body");
    assert_eq!(text, DOCUMENT, "the file is served verbatim");
    let doc: Value = serde_json::from_str(&text).expect("the served document is JSON");
    let version = doc["openapi"].as_str().expect("`openapi` names a version");
    assert!(version.starts_with("3.1."), "OpenAPI 3.1.x, not {version}");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());

    let routed: BTreeSet<(String, String)> = api_endpoints()
        .into_iter()
        .map(|(method, path)| (method.as_str().to_owned(), format!("/api{path}")))
        .collect();
    let documented = documented_operations(&doc);
    let missing: Vec<_> = routed.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&routed).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "routed but not documented: {missing:?}; documented but not routed: {extra:?}"
    );
}

/// Every `$ref` anywhere in `value`, with where it is.
fn references(value: &Value, at: &str, found: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                if key == "$ref" {
                    found.push((at.to_owned(), field.clone()));
                } else {
                    references(field, &format!("{at}/{key}"), found);
                }
            }
        }
        Value::Array(elements) => {
            for (index, element) in elements.iter().enumerate() {
                references(element, &format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// The POSTs that take no request body: everything they need is in the path and the bearer token.
const BODILESS_POSTS: [&str; 5] = [
    "/api/orders/{id}/cancel",
    "/api/stores/{store}/merchant/secret",
    "/api/stores/{store}/draft/publish",
    "/api/stores/{store}/preview",
    "/api/stores/{store}/versions/{version}/restore",
];

#[test]
fn every_operation_is_described_with_its_parameters_security_and_responses() {
    let doc = document();
    let mut found = Vec::new();
    references(&doc, "", &mut found);
    assert!(!found.is_empty());
    for (at, reference) in found {
        if let Err(error) = resolve(&doc, &reference) {
            panic!("at {at}: {error}");
        }
    }

    let schemes = doc["components"]["securitySchemes"]
        .as_object()
        .expect("components.securitySchemes");
    for bearer in ["merchantToken", "orderToken", "telegramSession"] {
        assert_eq!(schemes[bearer]["type"], "http", "{bearer}");
        assert_eq!(schemes[bearer]["scheme"], "bearer", "{bearer}");
    }

    let mut operation_ids = BTreeSet::new();
    for (method, path) in documented_operations(&doc) {
        let what = format!("{method} {path}");
        let op = operation(&doc, &method, &path);
        for field in ["summary", "description", "operationId"] {
            let text = op[field].as_str().unwrap_or_default();
            assert!(!text.trim().is_empty(), "{what} has no {field}");
        }
        assert!(
            operation_ids.insert(op["operationId"].to_string()),
            "{what}: operationId is not unique"
        );

        // Path parameters: exactly the `{names}` in the path, each required.
        let parameters = op["parameters"].as_array().cloned().unwrap_or_default();
        let in_path: BTreeSet<String> = path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(str::to_owned)
            .collect();
        let declared: BTreeSet<String> = parameters
            .iter()
            .filter(|parameter| parameter["in"] == "path")
            .map(|parameter| {
                assert_eq!(parameter["required"], true, "{what}: {parameter}");
                parameter["name"].as_str().unwrap_or_default().to_owned()
            })
            .collect();
        assert_eq!(declared, in_path, "{what}: path parameters");
        for parameter in &parameters {
            assert!(
                parameter["schema"].is_object() && parameter["description"].is_string(),
                "{what}: parameter without schema or description: {parameter}"
            );
        }

        // Security: an explicit list naming only defined schemes.
        let security = op["security"]
            .as_array()
            .unwrap_or_else(|| panic!("{what}: no `security` list (use [] for public)"));
        for requirement in security {
            for scheme in requirement.as_object().expect("a requirement").keys() {
                assert!(schemes.contains_key(scheme), "{what}: unknown {scheme}");
            }
        }

        // Responses: described; errors are ApiErrors listing real codes.
        let responses = op["responses"].as_object().expect("responses");
        assert!(
            responses.keys().any(|status| status.starts_with('2')),
            "{what}: no success response"
        );
        assert!(responses.contains_key("500"), "{what}: no 500");
        for (status, response) in responses {
            assert!(response["description"].is_string(), "{what} {status}");
            check_media(response, &format!("{what} {status}"));
            if let Some(codes) = response.get("x-error-codes") {
                assert_eq!(
                    response["content"]["application/json"]["schema"],
                    schema_ref("ApiError"),
                    "{what} {status}: errors are ApiErrors"
                );
                for code in codes.as_array().expect("x-error-codes is a list") {
                    let known = code.as_str().and_then(ErrorCode::parse);
                    assert!(known.is_some(), "{what} {status}: unknown code {code}");
                }
            } else if status.starts_with('4') || status.starts_with('5') {
                assert!(
                    response["content"].get("application/json").is_none(),
                    "{what} {status}: a JSON error response must list its x-error-codes"
                );
            }
        }
        if BODILESS_POSTS.contains(&path.as_str()) || ["GET", "DELETE"].contains(&method.as_str()) {
            assert!(op.get("requestBody").is_none(), "{what}: takes no body");
        } else {
            let body = &op["requestBody"];
            assert_eq!(body["required"], true, "{what}: requestBody");
            let content = body["content"].as_object().expect("requestBody.content");
            assert!(!content.is_empty(), "{what}: requestBody content");
            check_media(body, &format!("{what} requestBody"));
            if let Some(json) = content.get("application/json") {
                assert!(
                    json["schema"]["$ref"].is_string(),
                    "{what}: requestBody schema"
                );
            }
        }
    }
}

/// The media types a body comes in: JSON, described by a schema; CSV and server-sent events, text that no
/// JSON schema describes beyond being a string; a photo's file, bytes described as no more than that.
const TEXT_MEDIA: [&str; 2] = ["text/csv", "text/event-stream"];
const BINARY_MEDIA: [&str; 4] = [
    "image/jpeg",
    "image/png",
    "image/webp",
    "application/octet-stream",
];

fn check_media(body: &Value, what: &str) {
    for (mime, media) in body["content"].as_object().into_iter().flatten() {
        let schema = &media["schema"];
        assert!(schema.is_object(), "{what} {mime}: no schema");
        if TEXT_MEDIA.contains(&mime.as_str()) {
            assert_eq!(schema["type"], "string", "{what} {mime}: text, not JSON");
            assert!(
                schema.get("$ref").is_none() && schema.get("properties").is_none(),
                "{what} {mime}: text, not JSON"
            );
        } else if BINARY_MEDIA.contains(&mime.as_str()) {
            assert_eq!(schema["type"], "string", "{what} {mime}: bytes, not JSON");
            assert_eq!(schema["format"], "binary", "{what} {mime}: bytes, not JSON");
            assert!(
                schema.get("$ref").is_none() && schema.get("properties").is_none(),
                "{what} {mime}: bytes, not JSON"
            );
        } else {
            assert_eq!(mime, "application/json", "{what}: an unknown media type");
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Enumerations.

/// The position of each variant: fails to compile when `ErrorCode` gains one, so that `ErrorCode::ALL`, which
/// these tests trust to be complete, is reviewed with it.
fn error_code_ordinal(code: ErrorCode) -> usize {
    match code {
        ErrorCode::InvalidJson => 0,
        ErrorCode::PayloadTooLarge => 1,
        ErrorCode::UnsupportedMediaType => 2,
        ErrorCode::StoreNotFound => 3,
        ErrorCode::OrderNotFound => 4,
        ErrorCode::NotFound => 5,
        ErrorCode::MethodNotAllowed => 6,
        ErrorCode::InvalidParameter => 7,
        ErrorCode::EmptyCart => 8,
        ErrorCode::UnknownProduct => 9,
        ErrorCode::InvalidQuantity => 10,
        ErrorCode::OutOfStock => 11,
        ErrorCode::PriceChanged => 12,
        ErrorCode::BelowMinimumOrder => 13,
        ErrorCode::TotalTooLarge => 14,
        ErrorCode::InvalidCustomer => 15,
        ErrorCode::UnserviceablePincode => 16,
        ErrorCode::InvalidSlot => 17,
        ErrorCode::PickupUnavailable => 18,
        ErrorCode::Unauthorized => 19,
        ErrorCode::InvalidIdempotencyKey => 20,
        ErrorCode::IdempotencyKeyReused => 21,
        ErrorCode::RequestInFlight => 22,
        ErrorCode::InvalidTransition => 23,
        ErrorCode::InvalidCatalogChange => 24,
        ErrorCode::Internal => 25,
        ErrorCode::InvalidInitData => 26,
        ErrorCode::StaleInitData => 27,
        ErrorCode::TelegramDisabled => 28,
        ErrorCode::InvalidSession => 29,
        ErrorCode::PaymentUnavailable => 30,
        ErrorCode::InvalidNote => 31,
        ErrorCode::OrderWithdrawn => 32,
        ErrorCode::InvalidShop => 33,
        ErrorCode::SlugTaken => 34,
        ErrorCode::SignupClosed => 35,
        ErrorCode::RateLimited => 36,
        ErrorCode::InvalidSheet => 37,
        ErrorCode::InvalidDraft => 38,
        ErrorCode::NoDraft => 39,
        ErrorCode::VersionNotFound => 40,
        ErrorCode::PlanOutdated => 41,
        ErrorCode::ImportHasProblems => 42,
        ErrorCode::DraftChanged => 43,
        ErrorCode::InvalidSettings => 44,
        ErrorCode::InvalidPhoto => 45,
        ErrorCode::ShopClosed => 46,
        ErrorCode::PreviewEnded => 47,
        ErrorCode::InvalidOrderChange => 48,
        ErrorCode::NoTelegramNotices => 49,
    }
}

/// Every order status; `status_ordinal` fails to compile when the enum gains a variant not listed here.
const ORDER_STATUSES: [OrderStatus; 8] = [
    OrderStatus::Placed,
    OrderStatus::Accepted,
    OrderStatus::Packed,
    OrderStatus::OutForDelivery,
    OrderStatus::ReadyForPickup,
    OrderStatus::Delivered,
    OrderStatus::Rejected,
    OrderStatus::Cancelled,
];

fn status_ordinal(status: OrderStatus) -> usize {
    match status {
        OrderStatus::Placed => 0,
        OrderStatus::Accepted => 1,
        OrderStatus::Packed => 2,
        OrderStatus::OutForDelivery => 3,
        OrderStatus::ReadyForPickup => 4,
        OrderStatus::Delivered => 5,
        OrderStatus::Rejected => 6,
        OrderStatus::Cancelled => 7,
    }
}

/// The position of each way an order is marked paid: fails to compile when `PaidVia` gains one, so that
/// `PaidVia::ALL` is reviewed with it.
fn paid_via_ordinal(via: PaidVia) -> usize {
    match via {
        PaidVia::Cash => 0,
        PaidVia::Upi => 1,
    }
}

/// The position of each reason for a refusal, as for `PaidVia`.
fn reject_reason_ordinal(reason: RejectReason) -> usize {
    match reason {
        RejectReason::OutOfStock => 0,
        RejectReason::Closed => 1,
        RejectReason::AreaNotServed => 2,
        RejectReason::Other => 3,
    }
}

/// The enum's values as a set; panics on duplicates or non-strings.
fn enum_values(schema: &Value, what: &str) -> BTreeSet<String> {
    let values = schema["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{what} has no enum"));
    let set: BTreeSet<String> = values
        .iter()
        .map(|value| {
            value
                .as_str()
                .unwrap_or_else(|| panic!("{what}: {value} is not a string"))
                .to_owned()
        })
        .collect();
    assert_eq!(set.len(), values.len(), "{what} lists a value twice");
    assert_eq!(schema["type"], "string", "{what} is a string enum");
    set
}

fn assert_same_names(documented: &BTreeSet<String>, actual: &BTreeSet<String>, what: &str) {
    let missing: Vec<_> = actual.difference(documented).collect();
    let extra: Vec<_> = documented.difference(actual).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: in the code but not the document: {missing:?}; in the document but not the code: {extra:?}"
    );
}

#[test]
fn error_codes_and_order_statuses_are_enumerated_exactly() {
    let doc = document();
    let ordinals: Vec<usize> = ErrorCode::ALL.into_iter().map(error_code_ordinal).collect();
    assert_eq!(
        ordinals,
        (0..ErrorCode::ALL.len()).collect::<Vec<_>>(),
        "ErrorCode::ALL lists every variant once"
    );
    let codes: BTreeSet<String> = ErrorCode::ALL
        .iter()
        .map(|code| code.as_str().to_owned())
        .collect();
    let code_schema = &doc["components"]["schemas"]["ApiError"]["properties"]["code"];
    assert_same_names(
        &enum_values(code_schema, "ApiError.code"),
        &codes,
        "ApiError.code",
    );

    // Every code but the router's own (no such path, no such method) is something some operation answers
    // with.
    const ROUTER_CODES: [&str; 2] = ["not_found", "method_not_allowed"];
    let mut answered = BTreeSet::new();
    for (method, path) in documented_operations(&doc) {
        let responses = operation(&doc, &method, &path)["responses"]
            .as_object()
            .expect("responses");
        for response in responses.values() {
            for code in response["x-error-codes"].as_array().into_iter().flatten() {
                answered.insert(code.as_str().unwrap_or_default().to_owned());
            }
        }
    }
    let unanswered: Vec<_> = codes
        .iter()
        .filter(|code| !ROUTER_CODES.contains(&code.as_str()) && !answered.contains(*code))
        .collect();
    assert!(
        unanswered.is_empty(),
        "no operation lists these codes in x-error-codes: {unanswered:?}"
    );

    let ordinals: Vec<usize> = ORDER_STATUSES.into_iter().map(status_ordinal).collect();
    assert_eq!(ordinals, (0..ORDER_STATUSES.len()).collect::<Vec<_>>());
    let statuses: BTreeSet<String> = ORDER_STATUSES
        .iter()
        .map(|status| status.as_str().to_owned())
        .collect();
    let documented = enum_values(&doc["components"]["schemas"]["OrderStatus"], "OrderStatus");
    assert_same_names(&documented, &statuses, "OrderStatus");
    let methods = PaymentMethod::ALL.map(|method| method.as_str().to_owned());
    assert_same_names(
        &enum_values(
            &doc["components"]["schemas"]["PaymentMethod"],
            "PaymentMethod",
        ),
        &methods.into_iter().collect(),
        "PaymentMethod",
    );
    let choices = Substitution::ALL.map(|choice| choice.as_str().to_owned());
    assert_same_names(
        &enum_values(
            &doc["components"]["schemas"]["Substitution"],
            "Substitution",
        ),
        &choices.into_iter().collect(),
        "Substitution",
    );
    // What an order is marked paid with, and why it is refused: every variant listed once, each sent by serde
    // as its stable name, exactly the documented names.
    let ordinals: Vec<usize> = PaidVia::ALL.into_iter().map(paid_via_ordinal).collect();
    assert_eq!(ordinals, (0..PaidVia::ALL.len()).collect::<Vec<_>>());
    let ordinals: Vec<usize> = RejectReason::ALL
        .into_iter()
        .map(reject_reason_ordinal)
        .collect();
    assert_eq!(ordinals, (0..RejectReason::ALL.len()).collect::<Vec<_>>());
    for via in PaidVia::ALL {
        assert_eq!(to_json(via), json!(via.as_str()));
        assert_eq!(PaidVia::parse(via.as_str()), Some(via));
    }
    for reason in RejectReason::ALL {
        assert_eq!(to_json(reason), json!(reason.as_str()));
        assert_eq!(RejectReason::parse(reason.as_str()), Some(reason));
    }
    assert_same_names(
        &enum_values(&doc["components"]["schemas"]["PaidVia"], "PaidVia"),
        &PaidVia::ALL.map(|via| via.as_str().to_owned()).into(),
        "PaidVia",
    );
    assert_same_names(
        &enum_values(
            &doc["components"]["schemas"]["RejectReason"],
            "RejectReason",
        ),
        &RejectReason::ALL
            .map(|reason| reason.as_str().to_owned())
            .into(),
        "RejectReason",
    );
    for name in &documented {
        let parsed: OrderStatus =
            serde_json::from_value(json!(name)).expect("a documented status deserialises");
        assert_eq!(
            serde_json::to_value(parsed).expect("serialises"),
            json!(name)
        );
    }
}

// ---------------------------------------------------------------------------------------------------------
// Schemas against the wire types.

fn money(minor: i64) -> Money {
    Money::from_minor(minor)
}

fn profile(full: bool) -> StoreProfile {
    StoreProfile {
        slug: "demo".into(),
        name: "Demo Kirana".into(),
        name_local: full.then(|| "डेमो किराना".into()),
        tagline: "Everything for the kitchen".into(),
        logo: full.then(|| "/photos/demo/0a1b2c3d4e5f-720.jpg".into()),
        currency: "INR".into(),
        locale: "en-IN".into(),
        phone: "+919845012345".into(),
        min_order: money(10_000),
        delivery_fee: money(2_500),
        free_delivery_from: full.then(|| money(49_900)),
        delivery_pincodes: if full {
            vec!["560038".into()]
        } else {
            Vec::new()
        },
        delivery_slots: if full { vec![slot()] } else { Vec::new() },
        pickup: full,
        payment_methods: if full {
            PaymentMethod::ALL.to_vec()
        } else {
            vec![PaymentMethod::Cash]
        },
        upi_id: full.then(|| "demokirana@upi".into()),
        address: if full {
            "Shop 4, 12th Main Road, Indiranagar, Bengaluru 560038".into()
        } else {
            String::new()
        },
        hours: if full {
            "7 am – 10 pm, every day".into()
        } else {
            String::new()
        },
        closed: full.then(|| closure(true)),
    }
}

fn closure(full: bool) -> Closure {
    Closure {
        // 2026-11-29 08:00 IST.
        until_ms: full.then_some(1_795_919_400_000),
        takes_orders: full,
    }
}

fn slot() -> DeliverySlot {
    DeliverySlot {
        id: "evening".into(),
        label: "Evening, 5–8 pm".into(),
    }
}

fn category(full: bool) -> Category {
    Category {
        id: "staples".into(),
        name: "Staples".into(),
        name_local: full.then(|| "राशन".into()),
        icon: full.then(|| "🌾".into()),
    }
}

fn variant(full: bool) -> Variant {
    Variant {
        id: "1kg".into(),
        label: "1 kg".into(),
        price: money(16_900),
        mrp: full.then(|| money(18_000)),
        max_quantity: 50,
    }
}

fn product(full: bool) -> Product {
    Product {
        id: "toor-dal".into(),
        category: "staples".into(),
        name: "Toor Dal".into(),
        name_local: full.then(|| "तूर दाल".into()),
        image: full.then(|| "/img/toor-dal.webp".into()),
        description: full.then(|| "Unpolished, from Latur.\nKeep it dry.".into()),
        search_words: if full {
            vec!["tuvar".into(), "arhar".into()]
        } else {
            Vec::new()
        },
        variants: vec![variant(full)],
    }
}

fn line_request() -> LineRequest {
    LineRequest {
        product: "toor-dal".into(),
        variant: "1kg".into(),
        quantity: 2,
        substitution: Substitution::Similar,
    }
}

fn priced_line() -> PricedLine {
    PricedLine {
        product: "toor-dal".into(),
        variant: "1kg".into(),
        name: "Toor Dal".into(),
        variant_label: "1 kg".into(),
        unit_price: money(16_900),
        quantity: 2,
        line_total: money(33_800),
        substitution: Substitution::Skip,
        ordered: Some(3),
        replaces: None,
    }
}

/// A line the shop added in place of line 1 (`priced_line`), before packing: not ordered.
fn replacement_line() -> PricedLine {
    PricedLine {
        product: "toor-dal".into(),
        variant: "500g".into(),
        name: "Toor Dal".into(),
        variant_label: "500 g".into(),
        unit_price: money(8_900),
        quantity: 2,
        line_total: money(17_800),
        substitution: Substitution::Similar,
        ordered: Some(0),
        replaces: Some(1),
    }
}

fn pack_ref() -> PackRef {
    PackRef {
        product: "toor-dal".into(),
        variant: "500g".into(),
    }
}

fn shortage() -> Shortage {
    Shortage {
        product: "toor-dal".into(),
        variant: "1kg".into(),
        available: 1,
    }
}

fn totals() -> Totals {
    Totals {
        subtotal: money(33_800),
        delivery_fee: money(2_500),
        total: money(36_300),
    }
}

fn customer() -> Customer {
    Customer {
        name: "Asha Rao".into(),
        phone: "+919845012345".into(),
        address: "12, 3rd Cross, Indiranagar".into(),
        pincode: "560038".into(),
    }
}

/// With every optional field: a refusal, saying why in words; without: a plain step.
fn status_change(full: bool) -> StatusChange {
    if full {
        StatusChange {
            status: OrderStatus::Rejected,
            at_ms: 1_750_000_600_000,
            reason: Some(RejectReason::Other),
            note: Some("We deliver only until 9 pm".into()),
        }
    } else {
        StatusChange::reached(OrderStatus::Placed, 1_750_000_000_000)
    }
}

fn paid() -> Paid {
    Paid {
        via: PaidVia::Upi,
        at_ms: 1_750_000_900_000,
    }
}

fn order() -> Order {
    Order {
        id: 7,
        store: "demo".into(),
        status: OrderStatus::Placed,
        customer: customer(),
        fulfilment: Fulfilment::Delivery,
        slot: Some(slot()),
        currency: "INR".into(),
        lines: vec![priced_line()],
        totals: totals(),
        created_at_ms: 1_750_000_000_000,
        history: vec![status_change(false)],
        payment: PaymentMethod::UpiNow,
        payment_link: Some("upi://pay?pa=demokirana@upi&pn=Demo%20Kirana&am=363.00&cu=INR".into()),
        note: "Ring twice".into(),
        test: false,
        paid: Some(paid()),
        edits: Vec::new(),
        language: "hi".into(),
    }
}

/// Every kind of edit, once, as serde sends it: adding a kind fails to compile in `edit_ordinal` until it
/// is listed here.
fn every_edit() -> [(Edit, Value); 5] {
    [
        (
            Edit::Line {
                line: 1,
                from: 3,
                to: 2,
            },
            json!({"line": {"line": 1, "from": 3, "to": 2}}),
        ),
        (
            Edit::Replaced { line: 1, by: 2 },
            json!({"replaced": {"line": 1, "by": 2}}),
        ),
        (Edit::Paid(PaidVia::Upi), json!({"paid": "upi"})),
        (Edit::Paid(PaidVia::Cash), json!({"paid": "cash"})),
        (Edit::Unpaid, json!("unpaid")),
    ]
}

fn edit_ordinal(edit: Edit) -> usize {
    match edit {
        Edit::Line { .. } => 0,
        Edit::Replaced { .. } => 1,
        Edit::Paid(_) => 2,
        Edit::Unpaid => 3,
    }
}

/// The edits of an order, oldest first, a minute apart.
fn order_edits() -> Vec<OrderEdit> {
    (0_i64..)
        .zip(every_edit())
        .map(|(minute, (edit, _))| OrderEdit {
            at_ms: 1_750_000_300_000 + minute * 60_000,
            edit,
        })
        .collect()
}

fn placed_order() -> PlacedOrder {
    PlacedOrder {
        order: order(),
        token: "0".repeat(64),
    }
}

fn takings() -> Takings {
    Takings {
        cash: money(71_200),
        upi: money(60_800),
        total: money(132_000),
    }
}

fn item_count() -> ItemCount {
    ItemCount {
        product: "wheat-atta".into(),
        variant: "5kg".into(),
        name: "Whole Wheat Atta".into(),
        variant_label: "5 kg".into(),
        quantity: 7,
    }
}

/// With every optional field: a refusal saying why in words; without: one from before refusals said why.
fn refusal(full: bool) -> Refusal {
    if full {
        Refusal {
            order: 9,
            reason: Some(RejectReason::Other),
            note: Some("Closed for Diwali".into()),
        }
    } else {
        Refusal {
            order: 8,
            reason: None,
            note: None,
        }
    }
}

/// A day with orders of every kind, or a day without any.
fn day_summary(busy: bool) -> DaySummary {
    if busy {
        DaySummary {
            day: "2026-11-28".into(),
            orders: 8,
            delivered: 4,
            takings: takings(),
            top_items: vec![item_count()],
            refused: vec![refusal(true), refusal(false)],
            cancelled: 1,
        }
    } else {
        DaySummary {
            day: "2026-11-29".into(),
            orders: 0,
            delivered: 0,
            takings: Takings::default(),
            top_items: Vec::new(),
            refused: Vec::new(),
            cancelled: 0,
        }
    }
}

fn api_error(full: bool) -> ApiError {
    let error = ApiError::new(
        ErrorCode::InvalidCustomer,
        "Please check your name, phone and address.",
    );
    if full {
        error.with_details(vec![field_error()])
    } else {
        error
    }
}

fn field_error() -> FieldError {
    FieldError {
        field: "customer.phone".into(),
        message: "Please enter your phone number.".into(),
    }
}

fn telegram_user(full: bool) -> TelegramUser {
    TelegramUser {
        id: 279_058_397,
        first_name: "आशा".into(),
        last_name: full.then(|| "Rao".into()),
        username: full.then(|| "asha_rao".into()),
        language_code: full.then(|| "hi".into()),
    }
}

fn telegram_session(full: bool) -> TelegramSession {
    TelegramSession {
        token: "eyJ2IjoxfQ.c2lnbmF0dXJl".into(),
        user: telegram_user(full),
        expires_at_ms: 1_750_003_600_000,
    }
}

fn shop_signup(full: bool) -> ShopSignup {
    ShopSignup {
        name: "Gupta General Store".into(),
        phone: "98450 12345".into(),
        slug: full.then(|| "gupta-sector-9".into()),
    }
}

fn sign_in() -> SignIn {
    let secret = "0".repeat(64);
    SignIn {
        store: "gupta-general-store".into(),
        link: format!("/m/gupta-general-store#k={secret}"),
        secret,
    }
}

fn telegram_notices(full: bool) -> TelegramNotices {
    TelegramNotices {
        bot_id: 123_456_789,
        chat_id: "-1001234567890".into(),
        repeat_minutes: 10,
        problem: full.then(|| {
            "Telegram does not know this bot token. Copy it again from @BotFather.".into()
        }),
    }
}

fn telegram_notices_update(full: bool) -> TelegramNoticesUpdate {
    TelegramNoticesUpdate {
        bot_token: full.then(|| "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw".into()),
        chat_id: "@sharma_kirana_staff".into(),
        repeat_minutes: 10,
    }
}

fn cell_change() -> CellChange {
    CellChange {
        column: "price".into(),
        old: "89".into(),
        new: "89.50".into(),
    }
}

fn planned_row(full: bool) -> PlannedRow {
    PlannedRow {
        line: 2,
        product: "toor-dal".into(),
        variant: "500g".into(),
        change: if full {
            RowChange::Update
        } else {
            RowChange::Unchanged
        },
        changes: if full {
            vec![cell_change()]
        } else {
            Vec::new()
        },
    }
}

fn row_problem(full: bool) -> RowProblem {
    RowProblem {
        line: 4,
        column: full.then(|| "price".into()),
        value: "forty".into(),
        why: "A price is a number of rupees, like 245 or 245.50.".into(),
    }
}

fn draft_variant(full: bool) -> DraftVariant {
    DraftVariant {
        id: "1kg".into(),
        label: "1 kg".into(),
        price: money(16_900),
        mrp: full.then(|| money(18_000)),
        stock: full.then_some(Stock::Count(40)),
    }
}

fn draft_product(full: bool) -> DraftProduct {
    DraftProduct {
        id: "toor-dal".into(),
        category: "staples".into(),
        name: "Toor Dal".into(),
        name_local: full.then(|| "तूर दाल".into()),
        image: full.then(|| "/img/toor-dal.webp".into()),
        description: full.then(|| "Unpolished, from Latur.\nKeep it dry.".into()),
        search_words: if full {
            vec!["tuvar".into(), "arhar".into()]
        } else {
            Vec::new()
        },
        hidden: full,
        variants: vec![draft_variant(full)],
    }
}

/// 2026-11-29 08:00 IST, as the document's examples have it.
const SOLD_OUT_UNTIL_MS: i64 = 1_795_919_400_000;

/// 2040-01-01 08:00 IST: a moment the live server's packs are sold out until, still to come.
const BACK_IN_2040_MS: i64 = 2_208_997_800_000;

/// A product whose packs are not counted, one of them sold out for a while: stock's other forms.
fn loose_product() -> DraftProduct {
    DraftProduct {
        id: "loose-rice".into(),
        name: "Loose Rice".into(),
        variants: vec![
            DraftVariant {
                id: "1kg".into(),
                stock: Some(Stock::Untracked),
                ..draft_variant(false)
            },
            DraftVariant {
                id: "5kg".into(),
                label: "5 kg".into(),
                stock: Some(Stock::SoldOutUntil(SOLD_OUT_UNTIL_MS)),
                ..draft_variant(false)
            },
        ],
        ..draft_product(false)
    }
}

fn catalog_draft(full: bool) -> CatalogDraft {
    if full {
        CatalogDraft {
            categories: vec![category(true), category(false)],
            products: vec![draft_product(true), draft_product(false), loose_product()],
        }
    } else {
        CatalogDraft::default()
    }
}

fn catalog_version() -> CatalogVersion {
    CatalogVersion {
        version: 2,
        published_at_ms: 1_750_000_000_000,
        products: 24,
    }
}

fn pack_change(full: bool) -> PackChange {
    PackChange {
        product: "toor-dal".into(),
        variant: "1kg".into(),
        name: "Toor Dal".into(),
        pack: "1 kg".into(),
        change: if full {
            PackChangeKind::Changed
        } else {
            PackChangeKind::Added
        },
        changes: if full {
            vec![cell_change()]
        } else {
            Vec::new()
        },
    }
}

/// Every kind of pack change, once: adding a kind fails to compile here until it is listed.
const PACK_CHANGE_KINDS: [PackChangeKind; 3] = [
    PackChangeKind::Added,
    PackChangeKind::Changed,
    PackChangeKind::Removed,
];

fn pack_change_kind_ordinal(kind: PackChangeKind) -> usize {
    match kind {
        PackChangeKind::Added => 0,
        PackChangeKind::Changed => 1,
        PackChangeKind::Removed => 2,
    }
}

fn to_json(value: impl Serialize) -> Value {
    serde_json::to_value(value).expect("a wire type serialises")
}

/// Each wire type's schema name with two serialised values: every optional field set, and none set.
fn wire_samples() -> Vec<(&'static str, Value, Value)> {
    let both = |name, full: Value, minimal: Value| (name, full, minimal);
    let same = |name, value: Value| (name, value.clone(), value);
    vec![
        same("Money", to_json(money(24_500))),
        both(
            "StoreProfile",
            to_json(profile(true)),
            to_json(profile(false)),
        ),
        both("Closure", to_json(closure(true)), to_json(closure(false))),
        both(
            "Catalog",
            to_json(Catalog {
                store: profile(true),
                categories: vec![category(true)],
                products: vec![product(true)],
            }),
            to_json(Catalog {
                store: profile(false),
                categories: Vec::new(),
                products: Vec::new(),
            }),
        ),
        both(
            "Category",
            to_json(category(true)),
            to_json(category(false)),
        ),
        both("Product", to_json(product(true)), to_json(product(false))),
        both("Variant", to_json(variant(true)), to_json(variant(false))),
        both(
            "LineRequest",
            to_json(line_request()),
            to_json(LineRequest {
                substitution: Substitution::Call,
                ..line_request()
            }),
        ),
        both(
            "VariantUpdate",
            to_json(VariantUpdate {
                price: Some(money(17_900)),
                mrp: Some(money(18_500)),
                stock: Some(Stock::Count(40)),
            }),
            to_json(VariantUpdate::default()),
        ),
        both(
            "QuoteRequest",
            to_json(QuoteRequest {
                lines: vec![line_request()],
                fulfilment: Fulfilment::Pickup,
            }),
            to_json(QuoteRequest {
                lines: vec![line_request()],
                fulfilment: Fulfilment::Delivery,
            }),
        ),
        same("DeliverySlot", to_json(slot())),
        same("Fulfilment", to_json(Fulfilment::Pickup)),
        both(
            "Quote",
            to_json(Quote {
                currency: "INR".into(),
                lines: vec![priced_line()],
                totals: totals(),
                shortages: vec![shortage()],
            }),
            to_json(Quote {
                currency: "INR".into(),
                lines: vec![priced_line()],
                totals: totals(),
                shortages: Vec::new(),
            }),
        ),
        same("Shortage", to_json(shortage())),
        both(
            "PricedLine",
            to_json(replacement_line()),
            to_json(PricedLine {
                substitution: Substitution::Call,
                ordered: None,
                replaces: None,
                ..priced_line()
            }),
        ),
        same("PaymentMethod", to_json(PaymentMethod::UpiNow)),
        same("Substitution", to_json(Substitution::Similar)),
        same("Totals", to_json(totals())),
        both(
            "Customer",
            to_json(customer()),
            to_json(Customer {
                pincode: String::new(),
                ..customer()
            }),
        ),
        both(
            "OrderRequest",
            to_json(OrderRequest {
                customer: customer(),
                lines: vec![line_request()],
                fulfilment: Fulfilment::Pickup,
                slot: Some("evening".into()),
                payment: PaymentMethod::UpiOnDelivery,
                note: "Ring twice".into(),
                language: "hi-IN".into(),
            }),
            to_json(OrderRequest {
                customer: customer(),
                lines: vec![line_request()],
                fulfilment: Fulfilment::Delivery,
                slot: None,
                payment: PaymentMethod::Cash,
                note: String::new(),
                language: String::new(),
            }),
        ),
        same("OrderStatus", to_json(OrderStatus::OutForDelivery)),
        both(
            "Order",
            to_json(Order {
                test: true,
                history: vec![status_change(false), status_change(true)],
                lines: vec![priced_line(), replacement_line()],
                edits: order_edits(),
                ..order()
            }),
            to_json(Order {
                slot: None,
                payment: PaymentMethod::Cash,
                payment_link: None,
                note: String::new(),
                paid: None,
                edits: Vec::new(),
                language: String::new(),
                ..order()
            }),
        ),
        both(
            "StatusChange",
            to_json(status_change(true)),
            to_json(status_change(false)),
        ),
        both(
            "StatusUpdate",
            to_json(StatusUpdate {
                status: OrderStatus::Rejected,
                reason: Some(RejectReason::Other),
                note: Some("We deliver only until 9 pm".into()),
            }),
            to_json(StatusUpdate::to(OrderStatus::Accepted)),
        ),
        same("RejectReason", to_json(RejectReason::AreaNotServed)),
        same("Paid", to_json(paid())),
        same("PaidVia", to_json(PaidVia::Cash)),
        same("MarkPaid", to_json(MarkPaid { via: PaidVia::Upi })),
        both(
            "LineChange",
            to_json(LineChange {
                quantity: 2,
                replace_with: Some(pack_ref()),
            }),
            to_json(LineChange {
                quantity: 1,
                replace_with: None,
            }),
        ),
        same("PackRef", to_json(pack_ref())),
        same(
            "OrderEdit",
            to_json(OrderEdit {
                at_ms: 1_750_000_300_000,
                edit: Edit::Line {
                    line: 1,
                    from: 3,
                    to: 2,
                },
            }),
        ),
        // One of several forms: each is checked in `schemas_describe_every_wire_type_field_for_field`.
        both(
            "Edit",
            to_json(Edit::Replaced { line: 1, by: 2 }),
            to_json(Edit::Unpaid),
        ),
        same("PlacedOrder", to_json(placed_order())),
        both(
            "OrderList",
            to_json(OrderList {
                orders: vec![order()],
                more: Some(7),
            }),
            to_json(OrderList {
                orders: Vec::new(),
                more: None,
            }),
        ),
        both(
            "DaySummary",
            to_json(day_summary(true)),
            to_json(day_summary(false)),
        ),
        same("Takings", to_json(takings())),
        same("ItemCount", to_json(item_count())),
        both("Refusal", to_json(refusal(true)), to_json(refusal(false))),
        both(
            "ApiError",
            to_json(api_error(true)),
            to_json(api_error(false)),
        ),
        same("FieldError", to_json(field_error())),
        same(
            "TelegramSessionRequest",
            to_json(TelegramSessionRequest {
                init_data: "auth_date=1750000000&hash=00".into(),
            }),
        ),
        both(
            "TelegramUser",
            to_json(telegram_user(true)),
            to_json(telegram_user(false)),
        ),
        both(
            "TelegramSession",
            to_json(telegram_session(true)),
            to_json(telegram_session(false)),
        ),
        both(
            "ShopSignup",
            to_json(shop_signup(true)),
            to_json(shop_signup(false)),
        ),
        same("SignIn", to_json(sign_in())),
        both(
            "TelegramNoticesUpdate",
            to_json(telegram_notices_update(true)),
            json!({"chat_id": "@sharma_kirana_staff"}),
        ),
        both(
            "TelegramNotices",
            to_json(telegram_notices(true)),
            to_json(telegram_notices(false)),
        ),
        same(
            "UploadedPhoto",
            to_json(UploadedPhoto {
                url: "/photos/demo/0123456789abcdef01234567-720.jpg".into(),
                thumbnail: "/photos/demo/0123456789abcdef01234567-160.jpg".into(),
                width: 720,
                height: 480,
            }),
        ),
        same(
            "SlugSuggestion",
            to_json(SlugSuggestion {
                slug: "gupta-general-store-2".into(),
            }),
        ),
        both(
            "CatalogDraft",
            to_json(catalog_draft(true)),
            to_json(catalog_draft(false)),
        ),
        both(
            "DraftProduct",
            to_json(draft_product(true)),
            to_json(draft_product(false)),
        ),
        both(
            "DraftVariant",
            to_json(draft_variant(true)),
            to_json(draft_variant(false)),
        ),
        // Not an object: its forms are checked one by one in `schemas_describe_every_wire_type_field_for_field`.
        both(
            "Stock",
            to_json(Stock::Count(40)),
            to_json(Stock::Untracked),
        ),
        both(
            "Draft",
            to_json(Draft {
                catalog: catalog_draft(true),
                unpublished: true,
            }),
            to_json(Draft {
                catalog: catalog_draft(false),
                unpublished: false,
            }),
        ),
        both(
            "CategoryPlan",
            to_json(CategoryPlan {
                categories: vec![
                    category(true),
                    Category {
                        id: String::new(),
                        name: "Fruits".into(),
                        ..category(false)
                    },
                ],
                move_products: [("snacks".to_owned(), "staples".to_owned())].into(),
            }),
            to_json(CategoryPlan::default()),
        ),
        same("CatalogVersion", to_json(catalog_version())),
        both(
            "VersionList",
            to_json(VersionList {
                versions: vec![
                    catalog_version(),
                    CatalogVersion {
                        version: 1,
                        ..catalog_version()
                    },
                ],
            }),
            to_json(VersionList::default()),
        ),
        both(
            "CatalogChanges",
            to_json(CatalogChanges {
                packs: vec![
                    pack_change(true),
                    pack_change(false),
                    PackChange {
                        change: PackChangeKind::Removed,
                        ..pack_change(false)
                    },
                ],
            }),
            to_json(CatalogChanges::default()),
        ),
        both(
            "PackChange",
            to_json(pack_change(true)),
            to_json(pack_change(false)),
        ),
        same("PackChangeKind", to_json(PackChangeKind::Removed)),
        same(
            "PreviewLink",
            to_json(PreviewLink {
                url: "/s/demo?preview=1750604800000.9f86d081884c7d65".into(),
                expires_at_ms: 1_750_604_800_000,
            }),
        ),
        both(
            "ImportPlan",
            to_json(ImportPlan {
                rows: vec![planned_row(true), planned_row(false)],
                problems: vec![row_problem(true), row_problem(false)],
                new_categories: vec!["Fruits".into()],
                ignored_columns: vec!["Vendor".into()],
                basis: "9f86d081884c7d65".into(),
            }),
            to_json(ImportPlan::default()),
        ),
        both(
            "PlannedRow",
            to_json(planned_row(true)),
            to_json(planned_row(false)),
        ),
        same("RowChange", to_json(RowChange::Create)),
        same("CellChange", to_json(cell_change())),
        both(
            "RowProblem",
            to_json(row_problem(true)),
            to_json(row_problem(false)),
        ),
    ]
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|fields| fields.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn schemas_describe_every_wire_type_field_for_field() {
    let doc = document();
    let schemas = doc["components"]["schemas"]
        .as_object()
        .expect("components.schemas");
    let samples = wire_samples();
    let expected: BTreeSet<String> = samples
        .iter()
        .map(|(name, _, _)| (*name).to_owned())
        .collect();
    let documented: BTreeSet<String> = schemas.keys().cloned().collect();
    assert_same_names(&documented, &expected, "components.schemas");

    for (name, full, minimal) in &samples {
        let schema = &schemas[*name];
        assert!(
            schema["description"]
                .as_str()
                .is_some_and(|d| !d.is_empty()),
            "{name} has no description"
        );
        for (which, value) in [
            ("every optional field", full),
            ("no optional field", minimal),
        ] {
            if let Err(error) = validate(&doc, &schema_ref(name), value, true) {
                panic!("{name} with {which} does not match its schema: {error}\nvalue: {value}");
            }
        }
        if !full.is_object() || schema.get("oneOf").is_some() {
            continue;
        }
        // What serde always sends is required; what it may leave out is not; nothing else is listed.
        let required: BTreeSet<String> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        assert_eq!(required, keys(minimal), "{name}: `required`");
        let properties = keys(&schema["properties"]);
        assert_eq!(properties, keys(full), "{name}: `properties`");
        assert_eq!(schema["type"], "object", "{name}");
    }

    // Money: an integer of minor units.
    let money = &schemas["Money"];
    assert_eq!(money["type"], "integer");
    let description = money["description"].as_str().unwrap_or_default();
    assert!(description.contains("minor units"), "{description}");
    assert!(
        validate(&doc, &schema_ref("Money"), &json!(245.5), true).is_err(),
        "no fractional money"
    );
    assert!(
        validate(&doc, &schema_ref("Money"), &json!("245.50"), true).is_err(),
        "no decimal strings"
    );
    // Quantities are u32 on the wire: what serde refuses, the schema refuses.
    for refused in [json!(-1), json!(1.5), json!(4_294_967_296_u64), json!("2")] {
        let line = json!({"product": "p", "variant": "v", "quantity": refused});
        assert!(
            serde_json::from_value::<LineRequest>(line.clone()).is_err(),
            "{line}"
        );
        assert!(
            validate(&doc, &schema_ref("LineRequest"), &line, false).is_err(),
            "{line}"
        );
    }
    // A pack change's kinds: exactly the code's.
    let ordinals: Vec<usize> = PACK_CHANGE_KINDS
        .into_iter()
        .map(pack_change_kind_ordinal)
        .collect();
    assert_eq!(ordinals, (0..PACK_CHANGE_KINDS.len()).collect::<Vec<_>>());
    let kinds: BTreeSet<String> = PACK_CHANGE_KINDS
        .into_iter()
        .map(|kind| {
            to_json(kind)
                .as_str()
                .expect("a kind is a string")
                .to_owned()
        })
        .collect();
    assert_same_names(
        &enum_values(&schemas["PackChangeKind"], "PackChangeKind"),
        &kinds,
        "PackChangeKind",
    );
    // So is a draft's stock; its price is Money.
    for (field, refused) in [
        ("stock", json!(-1)),
        ("stock", json!(1.5)),
        ("stock", json!(4_294_967_296_u64)),
        ("stock", json!("2")),
        ("price", json!(245.5)),
        ("price", json!("245.50")),
    ] {
        let mut pack = to_json(draft_variant(true));
        pack[field] = refused;
        assert!(
            serde_json::from_value::<DraftVariant>(pack.clone()).is_err(),
            "{pack}"
        );
        assert!(
            validate(&doc, &schema_ref("DraftVariant"), &pack, false).is_err(),
            "{pack}"
        );
    }

    // A pack's stock, wherever it is set: a count, `"untracked"`, or sold out until a moment. Each form is
    // read and written by serde as the schema describes it.
    let stock = schema_ref("Stock");
    for which in ["DraftVariant", "VariantUpdate"] {
        assert_eq!(
            schemas[which]["properties"]["stock"]["$ref"], stock["$ref"],
            "{which}.stock"
        );
    }
    for (form, value) in [
        (Stock::Count(0), json!(0)),
        (Stock::Count(1_000_000), json!(1_000_000)),
        (Stock::Untracked, json!("untracked")),
        (
            Stock::SoldOutUntil(SOLD_OUT_UNTIL_MS),
            json!({"sold_out_until": SOLD_OUT_UNTIL_MS}),
        ),
        (Stock::SoldOutUntil(0), json!({"sold_out_until": 0})),
    ] {
        assert_eq!(to_json(form), value);
        assert_eq!(
            serde_json::from_value::<Stock>(value.clone()).ok(),
            Some(form),
            "{value}"
        );
        assert_eq!(validate(&doc, &stock, &value, true), Ok(()), "{value}");
    }
    for example in schemas["Stock"]["examples"]
        .as_array()
        .expect("Stock has examples")
    {
        assert!(
            serde_json::from_value::<Stock>(example.clone()).is_ok(),
            "{example}"
        );
        assert_eq!(validate(&doc, &stock, example, true), Ok(()), "{example}");
    }
    // What serde refuses, so that the server answers `invalid_json`, the schema refuses.
    for refused in [
        json!(-1),
        json!(1.5),
        json!(4_294_967_296_u64),
        json!("2"),
        json!("lots"),
        json!("Untracked"),
        json!(null),
        json!([12]),
        json!({}),
        json!({"sold_out_until": 1.5}),
        json!({"sold_out_until": "2026-11-29 08:00"}),
        json!({"sold_out_until": null}),
        json!({"until": SOLD_OUT_UNTIL_MS}),
        json!({"sold_out_until": SOLD_OUT_UNTIL_MS, "untracked": null}),
    ] {
        assert!(
            serde_json::from_value::<Stock>(refused.clone()).is_err(),
            "{refused}"
        );
        assert!(
            validate(&doc, &stock, &refused, false).is_err(),
            "{refused}"
        );
    }
    // What serde reads but the server refuses as out of range (`invalid_draft`, `invalid_catalog_change`),
    // the schema refuses too.
    for out_of_range in [
        json!(1_000_001),
        json!(u32::MAX),
        json!({"sold_out_until": -5}),
        json!({"sold_out_until": 253_402_300_800_000_i64}),
    ] {
        assert!(
            serde_json::from_value::<Stock>(out_of_range.clone()).is_ok(),
            "{out_of_range}"
        );
        assert!(
            validate(&doc, &stock, &out_of_range, false).is_err(),
            "{out_of_range}"
        );
    }
    // What a shop changed in an order: each kind of edit has its own form of the schema, and each form is read
    // and written by serde as the schema describes it.
    let edit_schema = schema_ref("Edit");
    let kinds: BTreeSet<usize> = every_edit()
        .into_iter()
        .map(|(edit, _)| edit_ordinal(edit))
        .collect();
    assert_eq!(
        kinds,
        (0..kinds.len()).collect(),
        "every kind of edit is listed"
    );
    assert_eq!(
        schemas["Edit"]["oneOf"].as_array().map(Vec::len),
        Some(kinds.len()),
        "one form of `Edit` for each kind of edit"
    );
    for (edit, value) in every_edit() {
        assert_eq!(to_json(edit), value);
        assert_eq!(
            serde_json::from_value::<Edit>(value.clone()).ok(),
            Some(edit),
            "{value}"
        );
        assert_eq!(
            validate(&doc, &edit_schema, &value, true),
            Ok(()),
            "{value}"
        );
    }
    for example in schemas["Edit"]["examples"]
        .as_array()
        .expect("Edit has examples")
    {
        assert!(
            serde_json::from_value::<Edit>(example.clone()).is_ok(),
            "{example}"
        );
        assert_eq!(
            validate(&doc, &edit_schema, example, true),
            Ok(()),
            "{example}"
        );
    }
    for refused in [
        json!("line"),
        json!("paid"),
        json!("Unpaid"),
        json!({"paid": "card"}),
        json!({"paid": null}),
        json!({"line": {"line": 1, "from": 3}}),
        json!({"line": {"line": 1, "from": 3, "to": -1}}),
        json!({"replaced": {"line": 1}}),
        json!({"replaced": {"line": 1, "by": 1.5}}),
        json!({"edited": {"line": 1}}),
        json!({"paid": "upi", "line": {"line": 1, "from": 3, "to": 2}}),
    ] {
        assert!(
            serde_json::from_value::<Edit>(refused.clone()).is_err(),
            "{refused}"
        );
        assert!(
            validate(&doc, &edit_schema, &refused, false).is_err(),
            "{refused}"
        );
    }
    // A replacement names its pack whole, as serde reads it.
    for refused in [
        json!({"quantity": 1, "replace_with": {"product": "toor-dal"}}),
        json!({"quantity": 1, "replace_with": "toor-dal"}),
        json!({"quantity": 1, "replace_with": {"product": "toor-dal", "variant": 500}}),
        json!({"replace_with": {"product": "toor-dal", "variant": "500g"}}),
    ] {
        assert!(
            serde_json::from_value::<LineChange>(refused.clone()).is_err(),
            "{refused}"
        );
        assert!(
            validate(&doc, &schema_ref("LineChange"), &refused, false).is_err(),
            "{refused}"
        );
    }

    // A description is one the draft takes: at most 500 characters.
    let description = &schemas["DraftProduct"]["properties"]["description"];
    assert_eq!(description["maxLength"], 500);
    assert_eq!(
        schemas["DraftProduct"]["properties"]["hidden"]["type"],
        "boolean"
    );
}

// ---------------------------------------------------------------------------------------------------------
// Live conformance: every answer of a real server is documented.

/// Response headers with API meaning: when the server sends one, the documented response must list it.
const MEANINGFUL_HEADERS: [&str; 5] = [
    "etag",
    "cache-control",
    "content-disposition",
    "idempotent-replayed",
    "retry-after",
];

struct Answer {
    what: String,
    status: StatusCode,
    headers: HeaderMap,
    body: Option<Value>,
    /// A text body that is not JSON (a CSV file), as it came.
    text: Option<String>,
}

impl Answer {
    fn expect(self, status: StatusCode) -> Self {
        assert_eq!(self.status, status, "{}: {:?}", self.what, self.body);
        self
    }

    fn expect_error(self, status: StatusCode, code: &str) -> ApiError {
        let what = self.what.clone();
        let error: ApiError = self.expect(status).parse();
        assert_eq!(error.code, code, "{what}: {error:?}");
        error
    }

    fn parse<T: DeserializeOwned>(self) -> T {
        let body = self
            .body
            .unwrap_or_else(|| panic!("{}: no JSON body", self.what));
        serde_json::from_value(body).unwrap_or_else(|error| panic!("{}: {error}", self.what))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    fn text(self) -> String {
        self.text
            .unwrap_or_else(|| panic!("{}: no text body", self.what))
    }
}

struct Conformance {
    app: App,
    doc: Value,
    /// `(METHOD, documented path, status)` of every answer checked.
    seen: BTreeSet<(String, String, u16)>,
}

impl Conformance {
    /// The documented path a request path falls under: literal segments equal, `{param}`s anything non-empty;
    /// the most literal match wins.
    fn template(&self, method: &str, path: &str) -> String {
        let segments: Vec<&str> = path.split('/').collect();
        let mut candidates: Vec<(usize, String)> = documented_operations(&self.doc)
            .into_iter()
            .filter(|(documented_method, _)| documented_method == method)
            .filter_map(|(_, template)| {
                let parts: Vec<&str> = template.split('/').collect();
                let fits = parts.len() == segments.len()
                    && parts.iter().zip(&segments).all(|(part, segment)| {
                        part == segment || (part.starts_with('{') && !segment.is_empty())
                    });
                let literal = parts.iter().filter(|part| !part.starts_with('{')).count();
                fits.then_some((literal, template))
            })
            .collect();
        candidates.sort();
        candidates
            .pop()
            .map(|(_, template)| template)
            .unwrap_or_else(|| panic!("no documented operation for {method} {path}"))
    }

    /// Sends the request and checks the answer against the document.
    async fn send(&mut self, request: RequestBuilder) -> Answer {
        let request = request.build().expect("request builds");
        let method = request.method().as_str().to_owned();
        let path = request.url().path().to_owned();
        let what = match request.url().query() {
            Some(query) => format!("{method} {path}?{query}"),
            None => format!("{method} {path}"),
        };
        let template = self.template(&method, &path);
        let op = operation(&self.doc, &method, &template).clone();
        check_parameters(&op, &request, &what);
        // Only a body sent as JSON is held to a JSON schema: a CSV file is not, even if it happens to parse.
        let sent_as_json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/json"));
        let sent: Option<Value> = request
            .body()
            .and_then(reqwest::Body::as_bytes)
            .filter(|_| sent_as_json)
            .and_then(|bytes| serde_json::from_slice(bytes).ok());

        let response = self.app.client.execute(request).await.expect("request");
        let status = response.status();
        let headers = response.headers().clone();
        let documented = op["responses"]
            .get(status.as_str())
            .unwrap_or_else(|| {
                panic!("{what}: answered {status}, which the document does not list for {method} {template}")
            })
            .clone();
        check_headers(&documented, &headers, &format!("{what} → {status}"));

        let content_type = headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .map(|mime| mime.trim().to_ascii_lowercase());
        let content = documented.get("content").and_then(Value::as_object);
        let mut text = None;
        let body = match (content_type, content) {
            (None, None) => {
                let bytes = response.bytes().await.expect("body");
                assert!(bytes.is_empty(), "{what} → {status}: undocumented body");
                None
            }
            (Some(mime), Some(content)) => {
                let media = content.get(&mime).unwrap_or_else(|| {
                    let listed: Vec<_> = content.keys().collect();
                    panic!("{what} → {status} is {mime}; the document lists only {listed:?}")
                });
                let schema = &media["schema"];
                if mime == "text/event-stream" {
                    // An endless stream: the status and type are what can be checked; drop the connection.
                    drop(response);
                    None
                } else if mime == "application/json" {
                    let body: Value = response.json().await.expect("a JSON body");
                    if let Err(error) = validate(&self.doc, schema, &body, true) {
                        panic!(
                            "{what} → {status}: the body does not match the document: {error}\nbody: {body}"
                        );
                    }
                    if let Some(code) = body["code"].as_str()
                        && let Some(codes) = documented["x-error-codes"].as_array()
                    {
                        assert!(
                            codes.iter().any(|listed| listed == code),
                            "{what} → {status} {code}: not among the documented codes {codes:?}"
                        );
                    }
                    Some(body)
                } else {
                    // Text (a CSV file): its schema says it is a string, and no more.
                    let body = Value::String(response.text().await.expect("a text body"));
                    if let Err(error) = validate(&self.doc, schema, &body, true) {
                        panic!("{what} → {status}: {error}");
                    }
                    text = body.as_str().map(str::to_owned);
                    None
                }
            }
            (Some(mime), None) => panic!("{what} → {status}: a {mime} body, documented as none"),
            (None, Some(_)) => panic!("{what} → {status}: no Content-Type, documented with a body"),
        };

        // The request body against the documented one: what the server took must be valid, and what it refused
        // as the wrong shape must be invalid.
        if let (Some(sent), Some(schema)) = (
            &sent,
            op.pointer("/requestBody/content/application~1json/schema"),
        ) {
            let verdict = validate(&self.doc, schema, sent, false);
            if status.is_success() {
                if let Err(error) = verdict {
                    panic!("{what}: the server took a body the document refuses: {error}\n{sent}");
                }
            } else if status == StatusCode::UNPROCESSABLE_ENTITY
                && body
                    .as_ref()
                    .is_some_and(|body| body["code"] == "invalid_json")
            {
                assert!(
                    verdict.is_err(),
                    "{what}: the server refused {sent} as invalid_json; the document accepts it"
                );
            }
        }

        self.seen.insert((method, template, status.as_u16()));
        Answer {
            what,
            status,
            headers,
            body,
            text,
        }
    }
}

/// Headers and query parameters sent must be documented parameters (or security) of the operation.
fn check_parameters(op: &Value, request: &reqwest::Request, what: &str) {
    let parameters = op["parameters"].as_array().cloned().unwrap_or_default();
    let documented = |place: &str, name: &str| {
        parameters.iter().any(|parameter| {
            parameter["in"] == place
                && parameter["name"]
                    .as_str()
                    .is_some_and(|listed| listed.eq_ignore_ascii_case(name))
        })
    };
    for name in request.headers().keys() {
        match name.as_str() {
            "content-type" => assert!(
                op.get("requestBody").is_some(),
                "{what}: sends a body the document does not describe"
            ),
            "authorization" => {
                let bearer = op["security"].as_array().into_iter().flatten().any(|req| {
                    req.as_object()
                        .into_iter()
                        .flat_map(|schemes| schemes.keys())
                        .any(|scheme| {
                            ["merchantToken", "orderToken", "telegramSession"]
                                .contains(&scheme.as_str())
                        })
                });
                assert!(bearer, "{what}: a bearer token is not documented here");
            }
            other => assert!(
                documented("header", other),
                "{what}: the header {other} is not a documented parameter"
            ),
        }
    }
    for (name, _) in request.url().query_pairs() {
        assert!(
            documented("query", &name),
            "{what}: the query parameter {name} is not documented"
        );
    }
}

fn check_headers(documented: &Value, headers: &HeaderMap, what: &str) {
    let listed: BTreeMap<String, Value> = documented["headers"]
        .as_object()
        .map(|headers| {
            headers
                .iter()
                .map(|(name, header)| (name.to_ascii_lowercase(), header.clone()))
                .collect()
        })
        .unwrap_or_default();
    for name in MEANINGFUL_HEADERS {
        if headers.contains_key(name) {
            assert!(
                listed.contains_key(name),
                "{what}: sends {name}, not documented"
            );
        }
    }
    for (name, header) in &listed {
        if header["required"] == true {
            assert!(headers.contains_key(name.as_str()), "{what}: no {name}");
        }
    }
}

/// A JPEG such as a phone sends, `width` × `height`: left half red, right half blue.
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&picture)
        .expect("a JPEG");
    out
}

fn order_body(lines: Value) -> Value {
    json!({
        "customer": {"name": "Asha Rao", "phone": "98450 12345", "address": "12, 3rd Cross, Indiranagar", "pincode": "560038"},
        "lines": lines,
    })
}

#[tokio::test]
async fn the_live_server_answers_as_documented() {
    let app = App::start().await;
    let mut api = Conformance {
        app,
        doc: document(),
        seen: BTreeSet::new(),
    };
    let get = |api: &Conformance, path: &str| api.app.request(Method::GET, path);
    let post = |api: &Conformance, path: &str| api.app.request(Method::POST, path);
    let patch = |api: &Conformance, path: &str| api.app.request(Method::PATCH, path);
    let put = |api: &Conformance, path: &str| api.app.request(Method::PUT, path);

    // The shop's public face.
    let profile: StoreProfile = api
        .send(get(&api, "/api/stores/demo"))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(profile.slug, "demo");
    assert_eq!(profile.hours, "7 am – 10 pm, every day");
    api.send(get(&api, "/api/stores/nowhere"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    let catalog = api
        .send(get(&api, "/api/stores/demo/catalog"))
        .await
        .expect(StatusCode::OK);
    let etag = catalog.header("etag").expect("an ETag").to_owned();
    let _: Catalog = catalog.parse();
    api.send(get(&api, "/api/stores/demo/catalog").header("if-none-match", &etag))
        .await
        .expect(StatusCode::NOT_MODIFIED);
    api.send(get(&api, "/api/stores/demo/catalog").header("if-none-match", "\"stale\""))
        .await
        .expect(StatusCode::OK);
    api.send(get(&api, "/api/stores/nowhere/catalog"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");

    // Quotes.
    let salt = json!({"lines": [{"product": "salt", "variant": "1kg", "quantity": 2}]});
    let quote: Quote = api
        .send(post(&api, "/api/stores/demo/quotes").json(&salt))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(quote.totals.subtotal.minor(), 5_600);
    let too_much =
        json!({"lines": [{"product": "filter-coffee", "variant": "200g", "quantity": 11}]});
    let short: Quote = api
        .send(post(&api, "/api/stores/demo/quotes").json(&too_much))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(short.shortages.len(), 1, "{short:?}");
    api.send(post(&api, "/api/stores/demo/quotes").json(&json!({"lines": []})))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "empty_cart");
    let caviar = json!({"lines": [{"product": "caviar", "variant": "1kg", "quantity": 1}]});
    api.send(post(&api, "/api/stores/demo/quotes").json(&caviar))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "unknown_product");
    api.send(post(&api, "/api/stores/nowhere/quotes").json(&salt))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");

    // Placing an order, with and without retries.
    let orders = "/api/stores/demo/orders";
    let body = order_body(json!([
        {"product": "toor-dal", "variant": "1kg", "quantity": 2},
        {"product": "wheat-atta", "variant": "5kg", "quantity": 1}
    ]));
    let first = api
        .send(
            post(&api, orders)
                .header("idempotency-key", "openapi-1")
                .json(&body),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(first.header("idempotent-replayed"), None);
    let placed: PlacedOrder = first.parse();
    let replay = api
        .send(
            post(&api, orders)
                .header("idempotency-key", "openapi-1")
                .json(&body),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(
        replay.parse::<PlacedOrder>(),
        placed,
        "the same order and token"
    );
    let other = order_body(json!([{"product": "toor-dal", "variant": "1kg", "quantity": 3}]));
    api.send(
        post(&api, orders)
            .header("idempotency-key", "openapi-1")
            .json(&other),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused");
    api.send(
        post(&api, orders)
            .header("idempotency-key", "has spaces")
            .json(&body),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "invalid_idempotency_key");
    let small = order_body(json!([{"product": "salt", "variant": "1kg", "quantity": 1}]));
    for replayed in [None, Some("true")] {
        let refusal = api
            .send(
                post(&api, orders)
                    .header("idempotency-key", "openapi-small")
                    .json(&small),
            )
            .await;
        assert_eq!(refusal.header("idempotent-replayed"), replayed);
        refusal.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "below_minimum_order");
    }

    // Withdrawing an attempt: one that has no answer never places; one that has gets its answer back.
    let withdraw = "/api/stores/demo/orders/withdraw";
    let unsent = order_body(json!([{"product": "toor-dal", "variant": "1kg", "quantity": 1}]));
    api.send(
        post(&api, withdraw)
            .header("idempotency-key", "openapi-unsent")
            .json(&unsent),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    for path in [orders, withdraw] {
        let refusal = api
            .send(
                post(&api, path)
                    .header("idempotency-key", "openapi-unsent")
                    .json(&unsent),
            )
            .await;
        assert_eq!(refusal.header("idempotent-replayed"), Some("true"));
        refusal.expect_error(StatusCode::CONFLICT, "order_withdrawn");
    }
    let placed_before = api
        .send(
            post(&api, withdraw)
                .header("idempotency-key", "openapi-1")
                .json(&body),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(placed_before.header("idempotent-replayed"), Some("true"));
    assert_eq!(placed_before.parse::<PlacedOrder>(), placed);
    let refused_before = api
        .send(
            post(&api, withdraw)
                .header("idempotency-key", "openapi-small")
                .json(&small),
        )
        .await;
    assert_eq!(refused_before.header("idempotent-replayed"), Some("true"));
    refused_before.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "below_minimum_order");
    api.send(
        post(&api, withdraw)
            .header("idempotency-key", "openapi-1")
            .json(&other),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused");
    api.send(post(&api, withdraw).json(&body))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "invalid_idempotency_key");
    api.send(
        post(&api, "/api/stores/nowhere/orders/withdraw")
            .header("idempotency-key", "openapi-1")
            .json(&body),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    let sold_out = order_body(json!([{"product": "masoor-dal", "variant": "500g", "quantity": 1}]));
    api.send(post(&api, orders).json(&sold_out))
        .await
        .expect_error(StatusCode::CONFLICT, "out_of_stock");
    let nobody = json!({
        "customer": {"name": " ", "phone": "12345", "address": ""},
        "lines": [{"product": "toor-dal", "variant": "1kg", "quantity": 1}]
    });
    let error = api
        .send(post(&api, orders).json(&nobody))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_customer");
    assert_eq!(error.details.len(), 4, "name, phone, address and pincode");
    for shapeless in [
        order_body(json!([{"product": "toor-dal", "variant": "1kg", "quantity": -3}])),
        order_body(json!([{"product": "toor-dal", "variant": "1kg", "quantity": 1.5}])),
        json!({"lines": []}),
    ] {
        api.send(post(&api, orders).json(&shapeless))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
    }
    api.send(
        post(&api, orders)
            .header("content-type", "application/json")
            .body("{\"customer\": "),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "invalid_json");
    api.send(
        post(&api, orders)
            .header("content-type", "text/plain")
            .body("hello"),
    )
    .await
    .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    api.send(
        post(&api, orders)
            .header("content-type", "application/json")
            .body(format!("{{\"pad\": \"{}\"}}", "x".repeat(70 * 1024))),
    )
    .await
    .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    api.send(post(&api, "/api/stores/nowhere/orders").json(&body))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");

    // The shopper reads the order with its token.
    let id = placed.order.id;
    let mine = format!("/api/orders/{id}");
    let read: Order = api
        .send(get(&api, &mine).bearer_auth(&placed.token))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(read, placed.order);
    api.send(get(&api, &mine).bearer_auth("not-the-token"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "order_not_found");
    api.send(get(&api, &mine))
        .await
        .expect_error(StatusCode::NOT_FOUND, "order_not_found");
    api.send(get(&api, "/api/orders/abc").bearer_auth(&placed.token))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");

    // The merchant edits the catalog.
    let dal = "/api/stores/demo/products/toor-dal/variants/1kg";
    let variant: Variant = api
        .send(
            patch(&api, dal)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&json!({"price": 17_900, "stock": 30})),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(variant.price.minor(), 17_900);
    api.send(patch(&api, dal).json(&json!({"price": 1})))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(
        patch(&api, "/api/stores/demo/products/toor-dal/variants/9kg")
            .bearer_auth(MERCHANT_TOKEN)
            .json(&json!({"price": 1})),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "unknown_product");
    api.send(
        patch(&api, dal)
            .bearer_auth(MERCHANT_TOKEN)
            .json(&json!({"price": -1})),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_catalog_change");
    api.send(
        patch(&api, dal)
            .bearer_auth(MERCHANT_TOKEN)
            .json(&json!({"price": 1.5})),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
    // A pack the shop does not count, and one sold out until a moment still to come: each stock's form,
    // and what shoppers can order of it.
    let rajma = "/api/stores/demo/products/rajma/variants/500g";
    let cumin = "/api/stores/demo/products/cumin/variants/100g";
    let loose: Variant = api
        .send(
            patch(&api, rajma)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&json!({"stock": "untracked"})),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(
        loose.max_quantity, 50,
        "not counted: as many as a line holds"
    );
    let later: Variant = api
        .send(
            patch(&api, cumin)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&VariantUpdate {
                    stock: Some(Stock::SoldOutUntil(BACK_IN_2040_MS)),
                    ..VariantUpdate::default()
                }),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(later.max_quantity, 0, "sold out until then");
    let lots = json!({"lines": [
        {"product": "rajma", "variant": "500g", "quantity": 40},
        {"product": "cumin", "variant": "100g", "quantity": 2}
    ]});
    let short: Quote = api
        .send(post(&api, "/api/stores/demo/quotes").json(&lots))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(
        short.shortages,
        [Shortage {
            product: "cumin".into(),
            variant: "100g".into(),
            available: 0
        }],
        "rajma is there to order; cumin is not, yet"
    );
    api.send(post(&api, orders).json(&order_body(
        json!([{"product": "cumin", "variant": "100g", "quantity": 2}]),
    )))
    .await
    .expect_error(StatusCode::CONFLICT, "out_of_stock");
    for out_of_range in [
        json!({"stock": 1_000_001}),
        json!({"stock": {"sold_out_until": -5}}),
    ] {
        api.send(
            patch(&api, rajma)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&out_of_range),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_catalog_change");
    }
    for shapeless in [
        json!({"stock": "lots"}),
        json!({"stock": -1}),
        json!({"stock": {"sold_out_until": "tomorrow"}}),
        json!({"stock": {"until": BACK_IN_2040_MS}}),
    ] {
        api.send(
            patch(&api, rajma)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&shapeless),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
    }

    // The merchant's draft catalog: edited unseen by shoppers, published whole as a version, and an earlier
    // version made live again.
    let draft_path = "/api/stores/demo/draft";
    let publish = "/api/stores/demo/draft/publish";
    let versions = "/api/stores/demo/versions";
    let restore = |version: &str| format!("/api/stores/demo/versions/{version}/restore");
    let draft_changes = "/api/stores/demo/draft/changes";
    let version_changes = |version: &str| format!("/api/stores/demo/versions/{version}/changes");
    // A change list in short: each pack by its ids, what happens to it, and each cell as `column: old → new`.
    let summary = |changes: &CatalogChanges| -> Vec<(String, String, PackChangeKind, Vec<String>)> {
        changes
            .packs
            .iter()
            .map(|pack| {
                let cells = pack
                    .changes
                    .iter()
                    .map(|cell| format!("{}: {} → {}", cell.column, cell.old, cell.new))
                    .collect();
                (
                    pack.product.clone(),
                    pack.variant.clone(),
                    pack.change,
                    cells,
                )
            })
            .collect()
    };
    let live_products = |catalog: &Catalog| -> Vec<String> {
        catalog
            .products
            .iter()
            .map(|product| product.id.clone())
            .collect()
    };
    let before: Catalog = api
        .send(get(&api, "/api/stores/demo/catalog"))
        .await
        .expect(StatusCode::OK)
        .parse();
    let started: Draft = api
        .send(get(&api, draft_path).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert!(!started.unpublished, "no draft yet: the live catalog");
    assert_eq!(
        started
            .catalog
            .products
            .iter()
            .map(|product| product.id.clone())
            .collect::<Vec<_>>(),
        live_products(&before)
    );
    let set: Vec<(&str, &str, Stock)> = started
        .catalog
        .products
        .iter()
        .flat_map(|product| {
            product.variants.iter().filter_map(|variant| {
                Some((product.id.as_str(), variant.id.as_str(), variant.stock?))
            })
        })
        .collect();
    assert_eq!(
        set,
        [
            ("rajma", "500g", Stock::Untracked),
            ("cumin", "100g", Stock::SoldOutUntil(BACK_IN_2040_MS)),
        ],
        "a draft started from the live catalog sets no count, and keeps the packs not counted as they are"
    );
    api.send(post(&api, publish).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect_error(StatusCode::CONFLICT, "no_draft");
    let no_versions: VersionList = api
        .send(get(&api, versions).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert!(no_versions.versions.is_empty(), "{no_versions:?}");
    // Without a draft, publishing would change nothing; and there is no version to look back at yet.
    let nothing: CatalogChanges = api
        .send(get(&api, draft_changes).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(nothing, CatalogChanges::default(), "no draft, no changes");
    api.send(get(&api, &version_changes("1")).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect_error(StatusCode::NOT_FOUND, "version_not_found");

    // A new category and product, every optional field set, a price changed and a product (out of stock,
    // so that bringing it back later rewinds nothing) taken out; the body may exceed the usual 64 KiB.
    let mut edited = started.catalog.clone();
    let sugar = edited
        .products
        .iter_mut()
        .find(|product| product.id == "sugar")
        .and_then(|product| product.variants.iter_mut().find(|pack| pack.id == "1kg"))
        .expect("the demo shop sells sugar by the kilo");
    let sugar_was = sugar.price;
    sugar.price = money(5_250);
    let handwash = edited
        .products
        .iter()
        .position(|product| product.id == "handwash")
        .expect("the demo shop sells handwash");
    let handwash = edited.products.remove(handwash);
    edited
        .products
        .iter_mut()
        .find(|product| product.id == "khakhra")
        .expect("the demo shop sells khakhra")
        .hidden = true;
    edited.categories.push(Category {
        id: "fruits".into(),
        name: "Fruits".into(),
        name_local: Some("फल".into()),
        icon: Some("🍉".into()),
    });
    edited.products.push(DraftProduct {
        id: "dragon-fruit".into(),
        category: "fruits".into(),
        name: "Dragon Fruit".into(),
        name_local: Some("ड्रैगन फ्रूट".into()),
        image: Some("https://example.com/dragon-fruit.webp".into()),
        description: Some("Sweet and mild.\nKeep it cool.".into()),
        search_words: Vec::new(),
        hidden: false,
        variants: vec![DraftVariant {
            id: "1pc".into(),
            label: "1 pc".into(),
            price: money(9_000),
            mrp: Some(money(9_900)),
            stock: Some(Stock::Count(5)),
        }],
    });
    let mut large = to_json(&edited);
    large["note"] = json!("x".repeat(100 * 1024));
    let saved: Draft = api
        .send(
            put(&api, draft_path)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&large),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(
        saved,
        Draft {
            catalog: edited.clone(),
            unpublished: true
        }
    );
    let read: Draft = api
        .send(get(&api, draft_path).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(read, saved);
    let unseen: Catalog = api
        .send(get(&api, "/api/stores/demo/catalog"))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(unseen, before, "shoppers see none of the draft");

    // What publishing it would change, pack by pack: changed and added packs in the draft's order, the removed
    // one last, each field old → new as the spreadsheet writes it (a hidden product's packs as no longer
    // visible).
    let would: CatalogChanges = api
        .send(get(&api, draft_changes).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    let handwash_packs: Vec<(String, String, PackChangeKind, Vec<String>)> = handwash
        .variants
        .iter()
        .map(|pack| {
            (
                "handwash".to_owned(),
                pack.id.clone(),
                PackChangeKind::Removed,
                Vec::new(),
            )
        })
        .collect();
    let mut expected_changes = vec![
        (
            "sugar".to_owned(),
            "1kg".to_owned(),
            PackChangeKind::Changed,
            vec![format!("price: {} → 52.50", sugar_was.rupees())],
        ),
        (
            "khakhra".to_owned(),
            "200g".to_owned(),
            PackChangeKind::Changed,
            vec!["visible: yes → no".to_owned()],
        ),
        (
            "dragon-fruit".to_owned(),
            "1pc".to_owned(),
            PackChangeKind::Added,
            Vec::new(),
        ),
    ];
    expected_changes.extend(handwash_packs.clone());
    assert_eq!(summary(&would), expected_changes, "{would:?}");
    assert_eq!(
        (would.packs[2].name.as_str(), would.packs[2].pack.as_str()),
        ("Dragon Fruit", "1 pc")
    );
    assert_eq!(
        (&would.packs[3].name, &would.packs[3].pack),
        (&handwash.name, &handwash.variants[0].label),
        "a removed pack is named as it was"
    );

    // A draft with problems: each named by its place, and none of it kept.
    let mut faulty = edited.clone();
    faulty.products[1].category = "nowhere".into();
    faulty.products[2].variants[0].price = money(-5);
    faulty.products[3].variants.clear();
    let error = api
        .send(
            put(&api, draft_path)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&faulty),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_draft");
    assert_eq!(
        error
            .details
            .iter()
            .map(|detail| detail.field.as_str())
            .collect::<Vec<_>>(),
        [
            "products[1].category",
            "products[2].variants[0].price",
            "products[3].variants"
        ]
    );
    for shapeless in [
        json!({"categories": []}),
        json!({"categories": [], "products": [{"id": "p", "category": "c", "name": "P", "variants": [{"id": "v", "label": "V", "price": 1.5}]}]}),
        json!({"categories": [], "products": [{"id": "p", "category": "c", "name": "P", "variants": [{"id": "v", "label": "V", "price": 100, "stock": -1}]}]}),
    ] {
        api.send(
            put(&api, draft_path)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&shapeless),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
    }
    // The token is checked before the body is read: a stranger learns nothing of its shape.
    api.send(
        put(&api, draft_path)
            .header("content-type", "application/json")
            .body("{\"categories\": "),
    )
    .await
    .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(
        put(&api, draft_path)
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "application/json")
            .body("{\"categories\": "),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "invalid_json");
    api.send(
        put(&api, draft_path)
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "text/plain")
            .body("categories"),
    )
    .await
    .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    api.send(
        put(&api, draft_path)
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "application/json")
            .body(format!("{{\"pad\": \"{}\"}}", "x".repeat(16 * 1024 * 1024))),
    )
    .await
    .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    api.send(put(&api, draft_path).json(&edited))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(
        put(&api, draft_path)
            .bearer_auth(&placed.token)
            .json(&edited),
    )
    .await
    .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(
        put(&api, "/api/stores/nowhere/draft")
            .bearer_auth(MERCHANT_TOKEN)
            .json(&edited),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    let kept: Draft = api
        .send(get(&api, draft_path).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(kept, saved, "a refused draft leaves the one before");

    // Published: the whole draft live at once, as version 2 after the catalog as it was.
    let published: CatalogVersion = api
        .send(post(&api, publish).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(published.version, 2, "version 1 is the catalog as it was");
    assert_eq!(
        usize::try_from(published.products),
        Ok(edited.products.len())
    );
    let live: Catalog = api
        .send(get(&api, "/api/stores/demo/catalog"))
        .await
        .expect(StatusCode::OK)
        .parse();
    let mut expected = live_products(&before);
    expected.retain(|id| id != "handwash" && id != "khakhra");
    expected.push("dragon-fruit".into());
    assert_eq!(
        live_products(&live),
        expected,
        "the hidden product is not shown to shoppers"
    );
    let described = live
        .products
        .iter()
        .find(|product| product.id == "dragon-fruit")
        .and_then(|product| product.description.as_deref());
    assert_eq!(described, Some("Sweet and mild.\nKeep it cool."));
    let khakhra = json!({"lines": [{"product": "khakhra", "variant": "200g", "quantity": 1}]});
    api.send(post(&api, "/api/stores/demo/quotes").json(&khakhra))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "unknown_product");
    let kept_hidden: Draft = api
        .send(get(&api, draft_path).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert!(
        kept_hidden
            .catalog
            .products
            .iter()
            .any(|product| product.id == "khakhra" && product.hidden),
        "the merchant still has it"
    );
    assert!(
        live.categories
            .iter()
            .any(|category| category.id == "fruits")
    );
    assert!(
        !api.send(get(&api, draft_path).bearer_auth(MERCHANT_TOKEN))
            .await
            .expect(StatusCode::OK)
            .parse::<Draft>()
            .unpublished,
        "published: no draft left"
    );
    api.send(post(&api, publish).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect_error(StatusCode::CONFLICT, "no_draft");
    let listed: VersionList = api
        .send(get(&api, versions).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    let numbers: Vec<(u32, u32)> = listed
        .versions
        .iter()
        .map(|version| (version.version, version.products))
        .collect();
    assert_eq!(
        numbers,
        [
            (2, published.products),
            (1, u32::try_from(before.products.len()).expect("a count"))
        ]
    );
    assert_eq!(listed.versions[0], published);
    // What the version changed is what the draft said publishing it would; version 1 changed nothing; and
    // with the draft published, there is nothing more to change.
    let made: CatalogChanges = api
        .send(get(&api, &version_changes("2")).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(made, would, "version 2 changed what its draft would");
    for (path, what) in [
        (version_changes("1"), "version 1 changed nothing"),
        (draft_changes.to_owned(), "no draft left, nothing to change"),
    ] {
        let none: CatalogChanges = api
            .send(get(&api, &path).bearer_auth(MERCHANT_TOKEN))
            .await
            .expect(StatusCode::OK)
            .parse();
        assert_eq!(none, CatalogChanges::default(), "{what}");
    }
    for unknown in ["3", "99"] {
        api.send(get(&api, &version_changes(unknown)).bearer_auth(MERCHANT_TOKEN))
            .await
            .expect_error(StatusCode::NOT_FOUND, "version_not_found");
    }
    for unparsed in ["latest", "-1"] {
        api.send(get(&api, &version_changes(unparsed)).bearer_auth(MERCHANT_TOKEN))
            .await
            .expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");
    }

    // A draft discarded, even twice; the live catalog stays.
    api.send(
        put(&api, draft_path)
            .bearer_auth(MERCHANT_TOKEN)
            .json(&started.catalog),
    )
    .await
    .expect(StatusCode::OK);
    for _ in 0..2 {
        api.send(
            api.app
                .request(Method::DELETE, draft_path)
                .bearer_auth(MERCHANT_TOKEN),
        )
        .await
        .expect(StatusCode::NO_CONTENT);
    }
    api.send(post(&api, publish).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect_error(StatusCode::CONFLICT, "no_draft");

    // Version 1 restored as version 3, with a draft in progress that stays.
    api.send(
        put(&api, draft_path)
            .bearer_auth(MERCHANT_TOKEN)
            .json(&edited),
    )
    .await
    .expect(StatusCode::OK);
    let restored: CatalogVersion = api
        .send(post(&api, &restore("1")).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(restored.version, 3);
    assert_eq!(
        usize::try_from(restored.products),
        Ok(before.products.len())
    );
    let back: Catalog = api
        .send(get(&api, "/api/stores/demo/catalog"))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(live_products(&back), live_products(&before));
    assert_eq!(back.categories, before.categories);
    // A restore's changes are from the version before it: here, version 2's undone.
    let undone: CatalogChanges = api
        .send(get(&api, &version_changes("3")).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    let mut expected_changes = vec![
        (
            "sugar".to_owned(),
            "1kg".to_owned(),
            PackChangeKind::Changed,
            vec![format!("price: 52.50 → {}", sugar_was.rupees())],
        ),
        (
            "khakhra".to_owned(),
            "200g".to_owned(),
            PackChangeKind::Changed,
            vec!["visible: no → yes".to_owned()],
        ),
    ];
    expected_changes.extend(
        handwash_packs
            .into_iter()
            .map(|(product, variant, _, cells)| (product, variant, PackChangeKind::Added, cells)),
    );
    expected_changes.push((
        "dragon-fruit".to_owned(),
        "1pc".to_owned(),
        PackChangeKind::Removed,
        Vec::new(),
    ));
    assert_eq!(summary(&undone), expected_changes, "{undone:?}");
    let still: Draft = api
        .send(get(&api, draft_path).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert!(still.unpublished && still.catalog == edited, "{still:?}");
    api.send(
        api.app
            .request(Method::DELETE, draft_path)
            .bearer_auth(MERCHANT_TOKEN),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    api.send(post(&api, &restore("99")).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect_error(StatusCode::NOT_FOUND, "version_not_found");
    for unparsed in ["latest", "-1"] {
        api.send(post(&api, &restore(unparsed)).bearer_auth(MERCHANT_TOKEN))
            .await
            .expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");
    }

    // One product, or the categories, at a time: each edit is made to the draft as it stands (the live
    // catalog, when there is none), and shoppers see none of it.
    let products_path = "/api/stores/demo/draft/products";
    let product_path = |id: &str| format!("/api/stores/demo/draft/products/{id}");
    let categories_path = "/api/stores/demo/draft/categories";
    let fields = |error: &ApiError| -> Vec<String> {
        error
            .details
            .iter()
            .map(|detail| detail.field.clone())
            .collect()
    };
    let pack = |label: &str, minor: i64| DraftVariant {
        id: String::new(),
        label: label.into(),
        price: money(minor),
        mrp: None,
        stock: None,
    };
    let live_now: Catalog = api
        .send(get(&api, "/api/stores/demo/catalog"))
        .await
        .expect(StatusCode::OK)
        .parse();
    let fresh: Draft = api
        .send(get(&api, draft_path).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert!(!fresh.unpublished, "no draft to start with");

    // Added: its id made from its name, its packs' from their labels, after the last of its category; kept
    // from shoppers for now.
    let fruit = DraftProduct {
        id: String::new(),
        category: "staples".into(),
        name: "Dragon Fruit".into(),
        name_local: Some("ड्रैगन फ्रूट".into()),
        image: Some("https://example.com/dragon-fruit.webp".into()),
        description: Some("Sweet and mild.\nKeep it cool.".into()),
        search_words: Vec::new(),
        hidden: true,
        variants: vec![
            pack("1 pc", 9_000),
            DraftVariant {
                mrp: Some(money(27_000)),
                stock: Some(Stock::Count(5)),
                ..pack("3 pcs", 25_000)
            },
        ],
    };
    let added: DraftProduct = api
        .send(
            post(&api, products_path)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&fruit),
        )
        .await
        .expect(StatusCode::CREATED)
        .parse();
    assert_eq!(added.id, "dragon-fruit", "its id made from its name");
    assert_eq!(
        added
            .variants
            .iter()
            .map(|pack| pack.id.as_str())
            .collect::<Vec<_>>(),
        ["1-pc", "3-pcs"],
        "its packs' ids made from their labels"
    );
    let staples_end = fresh
        .catalog
        .products
        .iter()
        .rposition(|product| product.category == "staples")
        .expect("the demo shop sells staples")
        + 1;
    let mut expected = fresh.catalog.clone();
    expected.products.insert(staples_end, added.clone());
    let drafted: Draft = api
        .send(get(&api, draft_path).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(
        drafted,
        Draft {
            catalog: expected,
            unpublished: true
        },
        "the live catalog, with the product after the last of its category"
    );
    // The same product again is another product; taken out, it is gone, and a second time is 404.
    let again: DraftProduct = api
        .send(
            post(&api, products_path)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&fruit),
        )
        .await
        .expect(StatusCode::CREATED)
        .parse();
    assert_eq!(again.id, "dragon-fruit-2");
    let remove = |api: &Conformance, id: &str| {
        api.app
            .request(Method::DELETE, &product_path(id))
            .bearer_auth(MERCHANT_TOKEN)
    };
    api.send(remove(&api, "dragon-fruit-2"))
        .await
        .expect(StatusCode::NO_CONTENT);
    api.send(remove(&api, "dragon-fruit-2"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "unknown_product");
    // A product with problems: each named by its place in the product, and none of it kept.
    let error = api
        .send(
            post(&api, products_path)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&DraftProduct {
                    category: "nowhere".into(),
                    name: " ".into(),
                    description: Some("Sweet\tand mild.".into()),
                    variants: vec![
                        pack("1 pc", -5),
                        DraftVariant {
                            stock: Some(Stock::SoldOutUntil(-5)),
                            ..pack("3 pcs", 25_000)
                        },
                    ],
                    ..fruit.clone()
                }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_draft");
    assert_eq!(
        fields(&error),
        [
            "category",
            "name",
            "description",
            "variants[0].price",
            "variants[1].stock"
        ]
    );

    // Saved whole under its id: renamed, moved after the last of another category, a pack dropped and a
    // new one named from its label. Saving it again changes nothing; a new id is added.
    let moved = DraftProduct {
        name: "Pitaya".into(),
        category: "snacks".into(),
        hidden: false,
        variants: vec![added.variants[1].clone(), pack("6 pcs", 48_000)],
        ..added.clone()
    };
    let kept_as = DraftProduct {
        variants: vec![
            added.variants[1].clone(),
            DraftVariant {
                id: "6-pcs".into(),
                ..pack("6 pcs", 48_000)
            },
        ],
        ..moved.clone()
    };
    for _ in 0..2 {
        let saved: DraftProduct = api
            .send(
                put(&api, &product_path("dragon-fruit"))
                    .bearer_auth(MERCHANT_TOKEN)
                    .json(&moved),
            )
            .await
            .expect(StatusCode::OK)
            .parse();
        assert_eq!(saved, kept_as);
    }
    let kiwi = DraftProduct {
        id: "kiwi".into(),
        name: "Kiwi".into(),
        ..kept_as.clone()
    };
    let saved: DraftProduct = api
        .send(
            put(&api, &product_path("kiwi"))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&kiwi),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(saved, kiwi);
    let drafted: Draft = api
        .send(get(&api, draft_path).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    let tail: Vec<&DraftProduct> = drafted
        .catalog
        .products
        .iter()
        .filter(|product| product.category == "snacks")
        .rev()
        .take(2)
        .collect();
    assert_eq!(
        tail,
        [&kiwi, &kept_as],
        "each after the last of its category"
    );
    assert_eq!(
        drafted.catalog.products.len(),
        fresh.catalog.products.len() + 2
    );
    api.send(remove(&api, "kiwi"))
        .await
        .expect(StatusCode::NO_CONTENT);
    // Its id is the one in its address; and it is checked as a new one is.
    let error = api
        .send(
            put(&api, &product_path("toor-dal"))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&moved),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_draft");
    assert_eq!(fields(&error), ["id"]);
    let error = api
        .send(
            put(&api, &product_path("dragon-fruit"))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&DraftProduct {
                    variants: Vec::new(),
                    ..moved.clone()
                }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_draft");
    assert_eq!(fields(&error), ["variants"]);
    for (method, path) in [
        (Method::POST, products_path.to_owned()),
        (Method::PUT, product_path("dragon-fruit")),
    ] {
        for shapeless in [
            json!({"id": "", "category": "staples", "name": "P", "variants": [{"id": "", "label": "1", "price": 1.5}]}),
            json!({"id": "", "category": "staples", "name": "P"}),
        ] {
            api.send(
                api.app
                    .request(method.clone(), &path)
                    .bearer_auth(MERCHANT_TOKEN)
                    .json(&shapeless),
            )
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
        }
    }

    // The categories arranged: the order turned round, one renamed, one added, one removed with its
    // products moved after those of another. The answer is the whole draft.
    let mut arrangement: Vec<Category> = drafted
        .catalog
        .categories
        .iter()
        .filter(|category| category.id != "household")
        .rev()
        .cloned()
        .collect();
    assert_eq!(arrangement[0].id, "personal");
    arrangement[0].name = "Personal Care".into();
    arrangement.push(Category {
        id: String::new(),
        name: "Fruits".into(),
        name_local: Some("फल".into()),
        icon: Some("🍉".into()),
    });
    let arranged: Draft = api
        .send(
            put(&api, categories_path)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&CategoryPlan {
                    categories: arrangement.clone(),
                    move_products: [("household".to_owned(), "personal".to_owned())].into(),
                }),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    assert!(arranged.unpublished);
    if let Some(fruits) = arrangement.last_mut() {
        fruits.id = "fruits".into();
    }
    assert_eq!(arranged.catalog.categories, arrangement);
    let in_category = |catalog: &CatalogDraft, id: &str| -> Vec<String> {
        catalog
            .products
            .iter()
            .filter(|product| product.category == id)
            .map(|product| product.id.clone())
            .collect()
    };
    let mut personal = in_category(&drafted.catalog, "personal");
    personal.extend(in_category(&drafted.catalog, "household"));
    assert_eq!(in_category(&arranged.catalog, "personal"), personal);
    assert_eq!(
        arranged.catalog.products.len(),
        fresh.catalog.products.len() + 1,
        "every product kept"
    );
    // A plan with problems: each named by its place in the body, and none of it kept.
    let mut faulty = arrangement.clone();
    faulty.retain(|category| category.id != "snacks");
    faulty[0].name = " ".into();
    let error = api
        .send(
            put(&api, categories_path)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&CategoryPlan {
                    categories: faulty,
                    move_products: [("nowhere".to_owned(), "staples".to_owned())].into(),
                }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_draft");
    assert_eq!(
        fields(&error),
        [
            "categories[0].name",
            "move_products.nowhere",
            "move_products.snacks"
        ]
    );
    for shapeless in [
        json!({}),
        json!({"categories": [{"id": ""}]}),
        json!({"categories": [], "move_products": {"snacks": 1}}),
    ] {
        api.send(
            put(&api, categories_path)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&shapeless),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
    }

    // The token is checked before each body is read.
    for (method, path) in [
        (Method::POST, products_path.to_owned()),
        (Method::PUT, product_path("dragon-fruit")),
        (Method::PUT, categories_path.to_owned()),
    ] {
        let request = |api: &Conformance| api.app.request(method.clone(), &path);
        api.send(
            request(&api)
                .header("content-type", "application/json")
                .body("{\"name\": "),
        )
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
        api.send(
            request(&api)
                .bearer_auth(MERCHANT_TOKEN)
                .header("content-type", "application/json")
                .body("{\"name\": "),
        )
        .await
        .expect_error(StatusCode::BAD_REQUEST, "invalid_json");
        api.send(
            request(&api)
                .bearer_auth(MERCHANT_TOKEN)
                .header("content-type", "text/plain")
                .body("name"),
        )
        .await
        .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
        api.send(
            request(&api)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&json!({"pad": "x".repeat(64 * 1024)})),
        )
        .await
        .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    }
    let kept: Draft = api
        .send(get(&api, draft_path).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(kept, arranged, "refused edits leave the draft as it was");
    let unseen: Catalog = api
        .send(get(&api, "/api/stores/demo/catalog"))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(unseen, live_now, "shoppers see none of the edits");
    api.send(
        api.app
            .request(Method::DELETE, draft_path)
            .bearer_auth(MERCHANT_TOKEN),
    )
    .await
    .expect(StatusCode::NO_CONTENT);

    // A link to the draft as shoppers will see it, for a week: a page outside the API, with its end in it.
    let preview = "/api/stores/demo/preview";
    let asked_at_ms = i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("after 1970")
            .as_millis(),
    )
    .expect("milliseconds fit");
    let link: PreviewLink = api
        .send(post(&api, preview).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    let token = link
        .url
        .strip_prefix("/s/demo?preview=")
        .unwrap_or_else(|| panic!("a path to the shop's page: {}", link.url));
    assert!(!token.is_empty(), "{link:?}");
    let week_ms = 7 * 24 * 60 * 60 * 1000;
    let ahead_ms = link.expires_at_ms - asked_at_ms;
    assert!(
        (week_ms - 60_000..=week_ms + 60_000).contains(&ahead_ms),
        "a week ahead, not {ahead_ms} ms: {link:?}"
    );

    // The app in a preview asks for the draft with the link's token: its catalog, its quotes, and test
    // orders, which take no stock and which the shop never gets. A product only in the draft, shown.
    let with_token = |path: &str| format!("{path}?preview={token}");
    let shown = DraftProduct {
        hidden: false,
        ..fruit.clone()
    };
    let drafted_fruit: DraftProduct = api
        .send(
            post(&api, products_path)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&shown),
        )
        .await
        .expect(StatusCode::CREATED)
        .parse();
    let (one_pc, three_pcs) = (&drafted_fruit.variants[0].id, &drafted_fruit.variants[1].id);
    let previewed = api
        .send(get(&api, &with_token("/api/stores/demo/catalog")))
        .await
        .expect(StatusCode::OK);
    let preview_tag = previewed.header("etag").expect("an ETag").to_owned();
    let previewed: Catalog = previewed.parse();
    let in_preview = previewed
        .products
        .iter()
        .find(|product| product.id == drafted_fruit.id)
        .expect("the draft's product, in the preview");
    assert_eq!(
        in_preview
            .variants
            .iter()
            .map(|pack| (pack.id.as_str(), pack.price.minor(), pack.max_quantity))
            .collect::<Vec<_>>(),
        [(one_pc.as_str(), 9_000, 0), (three_pcs.as_str(), 25_000, 5)],
        "the draft's prices; a new pack without stock is out of stock"
    );
    api.send(
        get(&api, &with_token("/api/stores/demo/catalog")).header("if-none-match", &preview_tag),
    )
    .await
    .expect(StatusCode::NOT_MODIFIED);
    let fruit_lines = json!([{"product": drafted_fruit.id, "variant": three_pcs, "quantity": 1}]);
    let priced: Quote = api
        .send(
            post(&api, &with_token("/api/stores/demo/quotes"))
                .json(&json!({ "lines": fruit_lines })),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(priced.totals.subtotal.minor(), 25_000, "{priced:?}");
    api.send(post(&api, "/api/stores/demo/quotes").json(&json!({ "lines": fruit_lines })))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "unknown_product");
    let test_order = order_body(fruit_lines.clone());
    let place_test = |api: &Conformance| {
        post(api, &with_token(orders))
            .header("idempotency-key", "openapi-test-order")
            .json(&test_order)
    };
    let tried: PlacedOrder = api
        .send(place_test(&api))
        .await
        .expect(StatusCode::CREATED)
        .parse();
    assert!(tried.order.test, "{tried:?}");
    let replayed = api.send(place_test(&api)).await.expect(StatusCode::CREATED);
    assert_eq!(replayed.header("idempotent-replayed"), Some("true"));
    assert_eq!(
        replayed.parse::<PlacedOrder>(),
        tried,
        "the same test order"
    );
    let tried_path = format!("/api/orders/{}", tried.order.id);
    let read: Order = api
        .send(get(&api, &tried_path).bearer_auth(&tried.token))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(read, tried.order);
    let called_off: Order = api
        .send(post(&api, &format!("{tried_path}/cancel")).bearer_auth(&tried.token))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert!(
        called_off.test && called_off.status == OrderStatus::Cancelled,
        "{called_off:?}"
    );
    // A token that does not open the draft is refused, never taken for the live shop; nor is one given
    // twice.
    let last = if token.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &token[..token.len() - 1]);
    let lines = json!([{"product": "toor-dal", "variant": "1kg", "quantity": 1}]);
    for query in [
        format!("preview={forged}"),
        format!("preview={token}&preview={token}"),
    ] {
        let refused = [
            get(&api, &format!("/api/stores/demo/catalog?{query}")),
            post(&api, &format!("/api/stores/demo/quotes?{query}"))
                .json(&json!({ "lines": lines })),
            post(&api, &format!("{orders}?{query}"))
                .header("idempotency-key", "openapi-forged")
                .json(&order_body(lines.clone())),
        ];
        for request in refused {
            let answer = api.send(request).await;
            if query.contains(&forged) {
                answer.expect_error(StatusCode::FORBIDDEN, "preview_ended");
            } else {
                answer.expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");
            }
        }
    }
    api.send(
        api.app
            .request(Method::DELETE, draft_path)
            .bearer_auth(MERCHANT_TOKEN),
    )
    .await
    .expect(StatusCode::NO_CONTENT);

    // Every draft, version and settings endpoint wants this shop's merchant token, and a shop that exists;
    // those that take a body are sent a good one, so that only the token or the shop is wrong.
    let plan = to_json(CategoryPlan {
        categories: fresh.catalog.categories.clone(),
        move_products: BTreeMap::new(),
    });
    for (method, tail, body) in [
        (Method::GET, "draft", None),
        (Method::GET, "draft/changes", None),
        (Method::PUT, "draft", Some(to_json(&fresh.catalog))),
        (Method::DELETE, "draft", None),
        (Method::POST, "draft/products", Some(to_json(&fruit))),
        (
            Method::PUT,
            "draft/products/dragon-fruit",
            Some(to_json(&added)),
        ),
        (Method::DELETE, "draft/products/dragon-fruit", None),
        (Method::PUT, "draft/categories", Some(plan)),
        (Method::POST, "draft/publish", None),
        (Method::GET, "versions", None),
        (Method::GET, "versions/1/changes", None),
        (Method::POST, "versions/1/restore", None),
        (Method::POST, "preview", None),
        (Method::PUT, "settings", Some(to_json(&profile))),
        (Method::GET, "telegram-notices", None),
        (
            Method::PUT,
            "telegram-notices",
            Some(to_json(telegram_notices_update(true))),
        ),
        (Method::DELETE, "telegram-notices", None),
    ] {
        let with_body = |request: RequestBuilder| match &body {
            Some(body) => request.json(body),
            None => request,
        };
        let path = format!("/api/stores/demo/{tail}");
        api.send(with_body(api.app.request(method.clone(), &path)))
            .await
            .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
        api.send(with_body(
            api.app
                .request(method.clone(), &path)
                .bearer_auth(&placed.token),
        ))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
        api.send(with_body(
            api.app
                .request(method, &format!("/api/stores/nowhere/{tail}"))
                .bearer_auth(MERCHANT_TOKEN),
        ))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    }
    assert!(
        !api.send(get(&api, draft_path).bearer_auth(MERCHANT_TOKEN))
            .await
            .expect(StatusCode::OK)
            .parse::<Draft>()
            .unpublished,
        "refused edits start no draft"
    );
    let after_all: VersionList = api
        .send(get(&api, versions).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(
        after_all
            .versions
            .iter()
            .map(|version| version.version)
            .collect::<Vec<_>>(),
        [3, 2, 1],
        "refused requests change nothing"
    );
    let untouched: StoreProfile = api
        .send(get(&api, "/api/stores/demo"))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(untouched, profile, "refused settings change nothing");
    api.send(get(&api, "/api/stores/demo/telegram-notices").bearer_auth(MERCHANT_TOKEN))
        .await
        .expect_error(StatusCode::NOT_FOUND, "no_telegram_notices");

    // The merchant's catalog as a spreadsheet, and a file read back as a plan that changes nothing.
    let sheet = "/api/stores/demo/catalog.csv";
    let exported = api
        .send(get(&api, sheet).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        exported.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(
        exported.header("content-disposition"),
        Some("attachment; filename=\"demo-catalog.csv\"")
    );
    assert_eq!(exported.header("cache-control"), Some("no-store"));
    let file = exported.text();
    let heading = "product_id,name,local_name,category,variant_id,pack,price,mrp,stock,image,description,search_words,visible";
    assert_eq!(file.lines().next(), Some(heading));
    let example = api
        .doc
        .pointer("/paths/~1api~1stores~1{store}~1catalog.csv/get/responses/200/content/text~1csv/schema/examples/0")
        .and_then(Value::as_str)
        .unwrap_or_default();
    assert_eq!(
        example.lines().next(),
        Some(heading),
        "the documented example has the real heading row"
    );
    assert!(
        file.lines()
            .any(|line| line.starts_with("toor-dal,")
                && line.ends_with(",1kg,1 kg,179,185,30,,,,yes")),
        "the variant edited above, in rupees, with its stock: {file}"
    );
    for (product, stock) in [
        ("rajma,", ",500g,500 g,85,99,not tracked,,,,yes"),
        (
            "cumin,",
            ",100g,100 g,75,85,sold out until 2040-01-01 08:00,,,,yes",
        ),
    ] {
        assert!(
            file.lines()
                .any(|line| line.starts_with(product) && line.ends_with(stock)),
            "{product} {stock}: {file}"
        );
    }
    api.send(get(&api, sheet))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(get(&api, sheet).bearer_auth(&placed.token))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(get(&api, "/api/stores/nowhere/catalog.csv").bearer_auth(MERCHANT_TOKEN))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");

    let plan_path = "/api/stores/demo/catalog/plan";
    let send_file = |api: &Conformance, path: &str, file: Vec<u8>| {
        post(api, path)
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "text/csv")
            .body(file)
    };
    let unchanged: ImportPlan = api
        .send(send_file(&api, plan_path, file.clone().into_bytes()))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(unchanged.rows.len(), file.lines().count() - 1);
    assert!(
        unchanged
            .rows
            .iter()
            .all(|row| row.change == RowChange::Unchanged && row.changes.is_empty()),
        "{unchanged:?}"
    );
    assert!(unchanged.problems.is_empty() && unchanged.new_categories.is_empty());
    // Shopify's columns, with a byte order mark: every part of a plan, each held to its schema.
    let shopify = "\u{feff}Handle,Title,Option1 Value,Variant Price,Variant Inventory Qty,Type,Vendor\n\
                   toor-dal,Toor Dal,500 g,\"₹92.50\",,,Tata\n\
                   dragon-fruit,Dragon Fruit,1 pc,90,20,Fruits,\n\
                   sugar,Sugar,1kg,forty,10,Staples,\n";
    let plan: ImportPlan = api
        .send(send_file(&api, plan_path, shopify.as_bytes().to_vec()))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(plan.ignored_columns, ["Vendor"]);
    assert_eq!(plan.new_categories, ["Fruits"]);
    let changes: Vec<(RowChange, usize)> = plan
        .rows
        .iter()
        .map(|row| (row.change, row.changes.len()))
        .collect();
    assert_eq!(
        changes,
        [(RowChange::Update, 1), (RowChange::Create, 0)],
        "{plan:?}"
    );
    assert_eq!(plan.rows[0].changes[0].new, "92.50");
    let problems: Vec<(u32, Option<&str>, &str)> = plan
        .problems
        .iter()
        .map(|problem| {
            (
                problem.line,
                problem.column.as_deref(),
                problem.value.as_str(),
            )
        })
        .collect();
    assert_eq!(problems, [(4, Some("price"), "forty")]);
    let after = api
        .send(get(&api, sheet).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .text();
    assert_eq!(after, file, "a plan changes nothing");
    for unreadable in [
        b"sku,price\nx,1\n".to_vec(),
        vec![0xff, 0xfe, 0x00, 0x41],
        Vec::new(),
    ] {
        api.send(send_file(&api, plan_path, unreadable))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_sheet");
    }
    let huge = format!("name,price\n{}", "Salt,20\n".repeat(700_000));
    api.send(send_file(&api, plan_path, huge.into_bytes()))
        .await
        .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    api.send(
        post(&api, plan_path)
            .header("content-type", "text/csv")
            .body(file.clone()),
    )
    .await
    .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(send_file(
        &api,
        "/api/stores/nowhere/catalog/plan",
        file.clone().into_bytes(),
    ))
    .await
    .expect_error(StatusCode::NOT_FOUND, "store_not_found");

    // The same file sent back with each row's problems in an `errors` column, in the file's separator, an old
    // `errors` column replaced; fixed and planned again, that column is neither read nor ignored.
    let errors_path = "/api/stores/demo/catalog/errors";
    let errors_example = |at: &str| {
        api.doc
            .pointer(&format!("/paths/~1api~1stores~1{{store}}~1catalog~1errors/post/{at}/content/text~1csv/schema/examples/0"))
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("catalog/errors documents an example {at}"))
            .to_owned()
    };
    let (example_file, example_answer) = (
        errors_example("requestBody"),
        errors_example("responses/200"),
    );
    let marked = api
        .send(send_file(&api, errors_path, example_file.into_bytes()))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        marked.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(
        marked.header("content-disposition"),
        Some("attachment; filename=\"catalog-with-errors.csv\"")
    );
    assert_eq!(marked.header("cache-control"), Some("no-store"));
    assert_eq!(
        marked.text(),
        example_answer,
        "the documented example is the server's answer"
    );
    let semicolons = "\u{feff}name;Errors;category;pack;price\n\
                      Poha Thick;old note;Staples;500 g;48\n\
                      Sugar;;Staples;1kg;forty\n";
    let marked = api
        .send(send_file(&api, errors_path, semicolons.as_bytes().to_vec()))
        .await
        .expect(StatusCode::OK)
        .text();
    assert_eq!(
        marked,
        "name;category;pack;price;errors\n\
         Poha Thick;Staples;500 g;48;\n\
         Sugar;Staples;1kg;forty;price: A price is a number of rupees, like 245 or 245.50.\n"
    );
    let fixed: ImportPlan = api
        .send(send_file(
            &api,
            plan_path,
            marked.replace("forty", "40").into_bytes(),
        ))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert!(fixed.problems.is_empty(), "{fixed:?}");
    assert!(fixed.ignored_columns.is_empty(), "{fixed:?}");
    for unreadable in [
        b"sku,price\nx,1\n".to_vec(),
        vec![0xff, 0xfe, 0x00, 0x41],
        Vec::new(),
    ] {
        api.send(send_file(&api, errors_path, unreadable))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_sheet");
    }
    let huge = format!("name,price\n{}", "Salt,20\n".repeat(700_000));
    api.send(send_file(&api, errors_path, huge.into_bytes()))
        .await
        .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    for token in [None, Some(placed.token.as_str())] {
        let mut request = post(&api, errors_path)
            .header("content-type", "text/csv")
            .body(file.clone());
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        api.send(request)
            .await
            .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    }
    api.send(send_file(
        &api,
        "/api/stores/nowhere/catalog/errors",
        file.clone().into_bytes(),
    ))
    .await
    .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    let after = api
        .send(get(&api, sheet).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .text();
    assert_eq!(
        after, file,
        "a file sent back with its errors changes nothing"
    );

    // A planned file imported into the draft, with its plan's basis; shoppers see nothing of it. Refused whole
    // when the catalog changed since it was planned, when a row has a problem, or when the draft it would make
    // breaks a rule.
    let import_path = "/api/stores/demo/catalog/import";
    let import = |basis: &str| format!("{import_path}?basis={basis}");
    let clean = "name,category,pack,price,stock,description,visible\n\
                 Toor Dal,,1 kg,175,,,\n\
                 Dragon Fruit,Fruits,1 pc,90,7,\"Sweet, mild.\",no\n";
    let planned: ImportPlan = api
        .send(send_file(&api, plan_path, clean.as_bytes().to_vec()))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert!(planned.problems.is_empty(), "{planned:?}");
    assert_eq!(planned.new_categories, ["Fruits"]);
    assert!(!planned.basis.is_empty());
    assert_ne!(
        planned.basis, unchanged.basis,
        "planned against the same catalog, each file's plan is its own"
    );
    let live_before: Catalog = api
        .send(get(&api, "/api/stores/demo/catalog"))
        .await
        .expect(StatusCode::OK)
        .parse();
    let imported: Draft = api
        .send(send_file(
            &api,
            &import(&planned.basis),
            clean.as_bytes().to_vec(),
        ))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert!(imported.unpublished);
    let products = &imported.catalog.products;
    let fruit = products.last().expect("a product");
    assert_eq!(
        (fruit.id.as_str(), fruit.variants[0].stock),
        ("dragon-fruit", Some(Stock::Count(7))),
        "a new product at the end, its stock to set on publishing"
    );
    assert_eq!(
        (fruit.description.as_deref(), fruit.hidden),
        (Some("Sweet, mild."), true),
        "described, and hidden from shoppers once published"
    );
    let dal = products
        .iter()
        .find(|product| product.id == "toor-dal")
        .and_then(|product| product.variants.iter().find(|variant| variant.id == "1kg"))
        .expect("toor dal's 1 kg pack");
    assert_eq!((dal.price, dal.stock), (money(17_500), None));
    let read: Draft = api
        .send(get(&api, draft_path).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(read, imported, "kept as the draft");
    let unseen: Catalog = api
        .send(get(&api, "/api/stores/demo/catalog"))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(unseen, live_before, "shoppers see none of the import");
    // The spreadsheet and the plans are now the draft's: its prices, and the live stock where it sets none.
    let drafted = api
        .send(get(&api, sheet).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        drafted
            .lines()
            .any(|line| line.starts_with("toor-dal,")
                && line.ends_with(",1kg,1 kg,175,185,30,,,,yes")),
        "{drafted}"
    );
    assert!(
        drafted.lines().any(|line| line
            == "dragon-fruit,Dragon Fruit,,Fruits,1-pc,1 pc,90,,7,,\"Sweet, mild.\",,no"),
        "{drafted}"
    );
    let again: ImportPlan = api
        .send(send_file(&api, plan_path, clean.as_bytes().to_vec()))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert!(
        again
            .rows
            .iter()
            .all(|row| row.change == RowChange::Unchanged)
            && again.new_categories.is_empty(),
        "{again:?}"
    );
    assert_ne!(again.basis, planned.basis, "planned against the draft");
    // The old plan no longer says what the import would do; no basis at all is no better.
    for outdated in [import(&planned.basis), import_path.to_owned()] {
        api.send(send_file(&api, &outdated, clean.as_bytes().to_vec()))
            .await
            .expect_error(StatusCode::CONFLICT, "plan_outdated");
    }
    // A price above the MRP is a row problem, on the cell the row gives; a file with problems imports nothing.
    let above_mrp = "name,pack,price,mrp\nToor Dal,1 kg,200,\nToor Dal,500 g,,80\n";
    let faulty: ImportPlan = api
        .send(send_file(&api, plan_path, above_mrp.as_bytes().to_vec()))
        .await
        .expect(StatusCode::OK)
        .parse();
    let problems: Vec<(u32, Option<&str>, &str)> = faulty
        .problems
        .iter()
        .map(|problem| {
            (
                problem.line,
                problem.column.as_deref(),
                problem.value.as_str(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [(2, Some("price"), "200"), (3, Some("mrp"), "80")]
    );
    assert!(faulty.rows.is_empty(), "{faulty:?}");
    assert_ne!(faulty.basis, again.basis, "each file's plan is its own");
    api.send(send_file(
        &api,
        &import(&faulty.basis),
        above_mrp.as_bytes().to_vec(),
    ))
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "import_has_problems");
    // A row the draft would refuse (an id with a slash) is a problem of the plan, by row and column.
    let odd = "product_id,name,category,pack,price\nodd/dal,Odd Dal,Fruits,1 kg,50\n";
    let odd_plan: ImportPlan = api
        .send(send_file(&api, plan_path, odd.as_bytes().to_vec()))
        .await
        .expect(StatusCode::OK)
        .parse();
    let odd_problem = odd_plan.problems.first().expect("the id's problem");
    assert_eq!(
        (odd_problem.line, odd_problem.column.as_deref()),
        (2, Some("product_id"))
    );
    api.send(send_file(
        &api,
        &import(&odd_plan.basis),
        odd.as_bytes().to_vec(),
    ))
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "import_has_problems");
    api.send(send_file(
        &api,
        &import(&again.basis),
        b"sku,price\nx,1\n".to_vec(),
    ))
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_sheet");
    let huge = format!("name,price\n{}", "Salt,20\n".repeat(700_000));
    api.send(send_file(&api, &import(&again.basis), huge.into_bytes()))
        .await
        .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    api.send(send_file(
        &api,
        &format!("{import_path}?basis=a&basis=b"),
        clean.as_bytes().to_vec(),
    ))
    .await
    .expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");
    for token in [None, Some(placed.token.as_str())] {
        let mut request = post(&api, &import(&again.basis))
            .header("content-type", "text/csv")
            .body(clean);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        api.send(request)
            .await
            .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    }
    api.send(send_file(
        &api,
        &format!("/api/stores/nowhere/catalog/import?basis={}", again.basis),
        clean.as_bytes().to_vec(),
    ))
    .await
    .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    let kept: Draft = api
        .send(get(&api, draft_path).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(kept, imported, "refused imports change nothing");
    // Discarded, the import is gone, and the spreadsheet is the live catalog's again.
    api.send(
        api.app
            .request(Method::DELETE, draft_path)
            .bearer_auth(MERCHANT_TOKEN),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    let live_again = api
        .send(get(&api, sheet).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .text();
    assert_eq!(live_again, file);

    // The merchant's list and feed.
    let list: OrderList = api
        .send(get(&api, orders).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(list.orders, vec![placed.order.clone()]);
    api.send(get(&api, orders))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(get(&api, orders).bearer_auth("not-the-merchant"))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(get(&api, "/api/stores/nowhere/orders").bearer_auth(MERCHANT_TOKEN))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    let events = "/api/stores/demo/orders/events";
    for feed in [
        get(&api, events).bearer_auth(MERCHANT_TOKEN),
        get(
            &api,
            &format!("{events}?access_token={MERCHANT_TOKEN}&after=0"),
        ),
        get(&api, events)
            .bearer_auth(MERCHANT_TOKEN)
            .header("last-event-id", "1"),
    ] {
        api.send(feed).await.expect(StatusCode::OK);
    }
    api.send(get(&api, events))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(get(&api, &format!("{events}?access_token=wrong")))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(get(&api, &format!("{events}?after=soon")).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");
    api.send(get(&api, "/api/stores/nowhere/orders/events").bearer_auth(MERCHANT_TOKEN))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");

    // The merchant moves the order on.
    let status_of = |id: i64| format!("/api/stores/demo/orders/{id}/status");
    for next in ["accepted", "packed"] {
        let order: Order = api
            .send(
                post(&api, &status_of(id))
                    .bearer_auth(MERCHANT_TOKEN)
                    .json(&json!({ "status": next })),
            )
            .await
            .expect(StatusCode::OK)
            .parse();
        assert_eq!(order.status.as_str(), next);
    }
    let back = json!({"status": "placed"});
    api.send(
        post(&api, &status_of(id))
            .bearer_auth(MERCHANT_TOKEN)
            .json(&back),
    )
    .await
    .expect_error(StatusCode::CONFLICT, "invalid_transition");
    api.send(
        post(&api, &status_of(id))
            .bearer_auth(MERCHANT_TOKEN)
            .json(&json!({"status": "shipped"})),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
    let accept = json!({"status": "accepted"});
    api.send(post(&api, &status_of(id)).json(&accept))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(
        post(&api, &status_of(id))
            .bearer_auth(&placed.token)
            .json(&accept),
    )
    .await
    .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(
        post(&api, &status_of(9_999))
            .bearer_auth(MERCHANT_TOKEN)
            .json(&accept),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "order_not_found");
    api.send(
        post(&api, "/api/stores/nowhere/orders/1/status")
            .bearer_auth(MERCHANT_TOKEN)
            .json(&accept),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    api.send(
        post(&api, &status_of(id))
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "text/plain")
            .body("accepted"),
    )
    .await
    .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    api.send(
        post(&api, "/api/stores/demo/orders/first/status")
            .bearer_auth(MERCHANT_TOKEN)
            .json(&accept),
    )
    .await
    .expect(StatusCode::BAD_REQUEST);

    // The shopper cancels a second order while it is still placed, and cannot cancel the accepted one.
    let paneer = order_body(json!([{"product": "paneer", "variant": "200g", "quantity": 2}]));
    let second: PlacedOrder = api
        .send(post(&api, orders).json(&paneer))
        .await
        .expect(StatusCode::CREATED)
        .parse();
    let cancel = |id: i64| format!("/api/orders/{id}/cancel");
    let cancelled: Order = api
        .send(post(&api, &cancel(second.order.id)).bearer_auth(&second.token))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    api.send(post(&api, &cancel(second.order.id)).bearer_auth(&second.token))
        .await
        .expect_error(StatusCode::CONFLICT, "invalid_transition");
    api.send(post(&api, &cancel(id)).bearer_auth(&placed.token))
        .await
        .expect_error(StatusCode::CONFLICT, "invalid_transition");
    api.send(post(&api, &cancel(id)).bearer_auth(&second.token))
        .await
        .expect_error(StatusCode::NOT_FOUND, "order_not_found");
    api.send(post(&api, "/api/orders/abc/cancel").bearer_auth(&second.token))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");

    // The merchant refuses an order, saying why: a refusal without a reason, or `other` without words, or a
    // reason with any other status, is refused; the shopper reads the reason and words in the history.
    let meena = json!({
        "customer": {"name": "Meena Iyer", "phone": "98860 11223", "address": "4, 5th Main, Indiranagar", "pincode": "560038"},
        "lines": [{"product": "paneer", "variant": "200g", "quantity": 2}],
    });
    let third: PlacedOrder = api
        .send(post(&api, orders).json(&meena))
        .await
        .expect(StatusCode::CREATED)
        .parse();
    for (unsaid, field) in [
        (json!({"status": "rejected"}), "reason"),
        (
            json!({"status": "rejected", "reason": "other", "note": "  "}),
            "note",
        ),
        (json!({"status": "accepted", "reason": "closed"}), "reason"),
        (json!({"status": "accepted", "note": "On its way"}), "note"),
        (
            json!({"status": "rejected", "reason": "closed", "note": "x".repeat(201)}),
            "note",
        ),
    ] {
        let refused = api
            .send(
                post(&api, &status_of(third.order.id))
                    .bearer_auth(MERCHANT_TOKEN)
                    .json(&unsaid),
            )
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_order_change");
        assert_eq!(fields(&refused), [field], "{unsaid}");
    }
    // Checked before the order is looked up.
    api.send(
        post(&api, &status_of(9_999))
            .bearer_auth(MERCHANT_TOKEN)
            .json(&json!({"status": "rejected"})),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_order_change");
    api.send(
        post(&api, &status_of(third.order.id))
            .bearer_auth(MERCHANT_TOKEN)
            .json(&json!({"status": "rejected", "reason": "too_busy"})),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
    let refusal = StatusUpdate {
        status: OrderStatus::Rejected,
        reason: Some(RejectReason::Other),
        note: Some(" We deliver only until 9 pm ".into()),
    };
    let refused: Order = api
        .send(
            post(&api, &status_of(third.order.id))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&refusal),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    let step = refused.history.last().expect("the refusal").clone();
    assert_eq!(
        (step.status, step.reason, step.note.as_deref()),
        (
            OrderStatus::Rejected,
            Some(RejectReason::Other),
            Some("We deliver only until 9 pm")
        ),
        "the words, trimmed"
    );
    let read: Order = api
        .send(get(&api, &format!("/api/orders/{}", third.order.id)).bearer_auth(&third.token))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(read, refused, "the shopper is told why");

    // The merchant marks the packed order paid, changes the mark, and takes it back; the order's status and
    // history stay as they were.
    let paid_of = |id: i64| format!("/api/stores/demo/orders/{id}/paid");
    let packed: Order = api
        .send(get(&api, &mine).bearer_auth(&placed.token))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(packed.paid, None);
    let marked: Order = api
        .send(
            put(&api, &paid_of(id))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&MarkPaid { via: PaidVia::Upi }),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    let mark = marked.paid.expect("marked paid");
    assert_eq!(mark.via, PaidVia::Upi);
    assert_eq!(
        marked.edits.last().map(|edit| (edit.at_ms, edit.edit)),
        Some((mark.at_ms, Edit::Paid(PaidVia::Upi))),
        "the mark is an edit"
    );
    assert_eq!(
        Order {
            paid: None,
            edits: packed.edits.clone(),
            ..marked.clone()
        },
        packed,
        "only the mark and the edits change"
    );
    let remarked: Order = api
        .send(
            put(&api, &paid_of(id))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&json!({"via": "cash"})),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    let remark = remarked.paid.expect("still marked");
    assert!(
        remark.via == PaidVia::Cash && remark.at_ms >= mark.at_ms,
        "{remark:?}"
    );
    let read: Order = api
        .send(get(&api, &mine).bearer_auth(&placed.token))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(read, remarked, "the shopper sees the mark");
    let unmarked: Order = api
        .send(
            api.app
                .request(Method::DELETE, &paid_of(id))
                .bearer_auth(MERCHANT_TOKEN),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    let edits: Vec<Edit> = unmarked.edits.iter().map(|edit| edit.edit).collect();
    assert_eq!(
        edits[packed.edits.len()..],
        [
            Edit::Paid(PaidVia::Upi),
            Edit::Paid(PaidVia::Cash),
            Edit::Unpaid
        ],
        "each mark, and taking it back, is an edit"
    );
    assert_eq!(
        Order {
            edits: packed.edits.clone(),
            ..unmarked
        },
        packed,
        "the mark taken back"
    );
    // Refused and cancelled orders are never paid (a mark made by mistake before can still be taken
    // back); a test order is none of the shop's, any more than an order that does not exist.
    let cash = json!({"via": "cash"});
    for gone in [third.order.id, second.order.id] {
        api.send(
            put(&api, &paid_of(gone))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&cash),
        )
        .await
        .expect_error(StatusCode::CONFLICT, "invalid_transition");
        let unmarked: Order = api
            .send(
                api.app
                    .request(Method::DELETE, &paid_of(gone))
                    .bearer_auth(MERCHANT_TOKEN),
            )
            .await
            .expect(StatusCode::OK)
            .parse();
        assert_eq!(unmarked.paid, None);
    }
    for none in [tried.order.id, 9_999] {
        api.send(
            put(&api, &paid_of(none))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&cash),
        )
        .await
        .expect_error(StatusCode::NOT_FOUND, "order_not_found");
        api.send(
            api.app
                .request(Method::DELETE, &paid_of(none))
                .bearer_auth(MERCHANT_TOKEN),
        )
        .await
        .expect_error(StatusCode::NOT_FOUND, "order_not_found");
    }
    api.send(put(&api, &paid_of(id)).json(&cash))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(
        put(&api, &paid_of(id))
            .bearer_auth(&placed.token)
            .json(&cash),
    )
    .await
    .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(api.app.request(Method::DELETE, &paid_of(id)))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(
        put(&api, "/api/stores/nowhere/orders/1/paid")
            .bearer_auth(MERCHANT_TOKEN)
            .json(&cash),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    api.send(
        api.app
            .request(Method::DELETE, "/api/stores/nowhere/orders/1/paid")
            .bearer_auth(MERCHANT_TOKEN),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    for shapeless in [json!({"via": "card"}), json!({})] {
        api.send(
            put(&api, &paid_of(id))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&shapeless),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
    }
    api.send(
        put(&api, &paid_of(id))
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "application/json")
            .body("{\"via\": "),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "invalid_json");
    api.send(
        put(&api, &paid_of(id))
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "text/plain")
            .body("cash"),
    )
    .await
    .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    api.send(
        put(&api, &paid_of(id))
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "application/json")
            .body(format!("{{\"via\": \"{}\"}}", "x".repeat(70 * 1024))),
    )
    .await
    .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    api.send(
        put(&api, "/api/stores/demo/orders/first/paid")
            .bearer_auth(MERCHANT_TOKEN)
            .json(&cash),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");
    api.send(
        api.app
            .request(Method::DELETE, "/api/stores/demo/orders/first/paid")
            .bearer_auth(MERCHANT_TOKEN),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");

    // The merchant's list, narrowed by status and by what the owner types, a page at a time: the refused,
    // cancelled and packed orders, newest first.
    let ids = |list: &OrderList| list.orders.iter().map(|order| order.id).collect::<Vec<_>>();
    let listed = |api: &Conformance, query: &str| {
        get(api, &format!("{orders}?{query}")).bearer_auth(MERCHANT_TOKEN)
    };
    let (first_id, second_id, third_id) = (id, second.order.id, third.order.id);
    for (query, expected) in [
        (
            "status=rejected,cancelled".to_owned(),
            vec![third_id, second_id],
        ),
        ("status=packed".to_owned(), vec![first_id]),
        ("status=placed,%20accepted".to_owned(), Vec::new()),
        ("status=".to_owned(), vec![third_id, second_id, first_id]),
        ("q=meena".to_owned(), vec![third_id]),
        ("q=%20IYER%20".to_owned(), vec![third_id]),
        ("q=98860%2011".to_owned(), vec![third_id]),
        ("q=asha&status=packed".to_owned(), vec![first_id]),
        ("q=nobody".to_owned(), Vec::new()),
        (format!("before={third_id}"), vec![second_id, first_id]),
    ] {
        let list: OrderList = api
            .send(listed(&api, &query))
            .await
            .expect(StatusCode::OK)
            .parse();
        assert_eq!((ids(&list), list.more), (expected, None), "{query}");
    }
    let by_number: OrderList = api
        .send(listed(&api, &format!("q=%23{first_id}")))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert!(ids(&by_number).contains(&first_id), "{by_number:?}");
    let mut pages = Vec::new();
    let mut query = "limit=1".to_owned();
    loop {
        let page: OrderList = api
            .send(listed(&api, &query))
            .await
            .expect(StatusCode::OK)
            .parse();
        assert_eq!(page.orders.len(), 1, "{query}: {page:?}");
        pages.extend(ids(&page));
        match page.more {
            Some(more) => {
                assert_eq!(Some(&more), pages.last(), "the page's last order");
                query = format!("limit=1&before={more}");
            }
            None => break,
        }
    }
    assert_eq!(pages, [third_id, second_id, first_id]);
    let two: OrderList = api
        .send(listed(&api, "status=rejected,cancelled,packed&limit=2"))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(
        (ids(&two), two.more),
        (vec![third_id, second_id], Some(second_id))
    );
    for bad in [
        "limit=0",
        "limit=201",
        "limit=ten",
        "limit=-1",
        "before=0",
        "before=latest",
        "status=shipped",
        "status=placed,",
        "status=placed&status=accepted",
    ] {
        api.send(listed(&api, bad))
            .await
            .expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");
    }
    let long = format!("q={}", "a".repeat(101));
    api.send(listed(&api, &long))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");
    // The token is looked at before the parameters: without it, every one is refused alike.
    api.send(get(&api, &format!("{orders}?limit=ten")))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(get(&api, &format!("{orders}?limit=0")))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");

    // The day summed up: the three orders of the list (the packed one's items, nothing delivered yet, the
    // refusal with its words, the cancelled one); another day has none. `day` is read once the token is
    // checked.
    let summary = "/api/stores/demo/orders/summary";
    let at = ShopTime::at(placed.order.created_at_ms);
    let day = format!("{:04}-{:02}-{:02}", at.year, at.month, at.day);
    let summed: DaySummary = api
        .send(get(&api, &format!("{summary}?day={day}")).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    let toor_dal = ItemCount {
        product: "toor-dal".into(),
        variant: "1kg".into(),
        name: "Toor Dal".into(),
        variant_label: "1 kg".into(),
        quantity: 2,
    };
    let atta = ItemCount {
        quantity: 1,
        ..item_count()
    };
    assert_eq!(
        summed,
        DaySummary {
            day,
            orders: 3,
            delivered: 0,
            takings: Takings::default(),
            top_items: vec![toor_dal, atta],
            refused: vec![Refusal {
                order: third_id,
                reason: Some(RejectReason::Other),
                note: Some("We deliver only until 9 pm".into()),
            }],
            cancelled: 1,
        }
    );
    let today: DaySummary = api
        .send(get(&api, summary).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(today.day.len(), "2026-11-28".len(), "{today:?}");
    let quiet: DaySummary = api
        .send(get(&api, &format!("{summary}?day=2020-02-29")).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(
        (quiet.day.as_str(), quiet.orders, quiet.top_items.len()),
        ("2020-02-29", 0, 0)
    );
    for bad in [
        "day=2021-02-29",
        "day=29-02-2020",
        "day=today",
        "day=",
        "day=2020-02-29&day=2020-03-01",
    ] {
        api.send(get(&api, &format!("{summary}?{bad}")).bearer_auth(MERCHANT_TOKEN))
            .await
            .expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");
    }
    api.send(get(&api, &format!("{summary}?day=today")))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(get(&api, summary).bearer_auth("not-the-merchant"))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(get(&api, "/api/stores/nowhere/orders/summary").bearer_auth(MERCHANT_TOKEN))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");

    // The shop changes a placed order's lines before packing it, as a kirana does: one dal of the two, and
    // no atta (unavailable). The order is re-priced (the delivery fee as charged), each changed line keeps
    // what was ordered, and what was taken off goes back to stock. A line is only ever reduced, the order
    // keeps an item, and a packed, refused or cancelled order's lines stay as they are.
    let line_of = |id: i64, line: i64| format!("/api/stores/demo/orders/{id}/lines/{line}");
    let left = |catalog: &Catalog, product: &str, variant: &str| -> u32 {
        catalog
            .products
            .iter()
            .find(|it| it.id == product)
            .and_then(|it| it.variants.iter().find(|pack| pack.id == variant))
            .map(|pack| pack.max_quantity)
            .unwrap_or_else(|| panic!("the demo shop sells {product} {variant}"))
    };
    let stock = |catalog: &Catalog| {
        (
            left(catalog, "toor-dal", "1kg"),
            left(catalog, "wheat-atta", "5kg"),
        )
    };
    let catalog_path = "/api/stores/demo/catalog";
    let stock_before = stock(
        &api.send(get(&api, catalog_path))
            .await
            .expect(StatusCode::OK)
            .parse(),
    );
    let fourth: PlacedOrder = api
        .send(post(&api, orders).json(&body))
        .await
        .expect(StatusCode::CREATED)
        .parse();
    let fourth_id = fourth.order.id;
    assert_eq!(
        fourth
            .order
            .lines
            .iter()
            .map(|line| (line.product.as_str(), line.quantity, line.ordered))
            .collect::<Vec<_>>(),
        [("toor-dal", 2, None), ("wheat-atta", 1, None)]
    );
    let stock_placed = stock(
        &api.send(get(&api, catalog_path))
            .await
            .expect(StatusCode::OK)
            .parse(),
    );
    assert_eq!(
        stock_placed,
        (stock_before.0 - 2, stock_before.1 - 1),
        "the order took its items"
    );
    let (dal, atta) = (&fourth.order.lines[0], &fourth.order.lines[1]);
    let one_dal: Order = api
        .send(
            put(&api, &line_of(fourth_id, 1))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&LineChange {
                    quantity: 1,
                    replace_with: None,
                }),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    let fee = fourth.order.totals.delivery_fee;
    let subtotal = Money::from_minor(dal.unit_price.minor() + atta.line_total.minor());
    assert_eq!(
        one_dal,
        Order {
            lines: vec![
                PricedLine {
                    quantity: 1,
                    line_total: dal.unit_price,
                    ordered: Some(2),
                    replaces: None,
                    ..dal.clone()
                },
                atta.clone(),
            ],
            totals: Totals {
                subtotal,
                delivery_fee: fee,
                total: Money::from_minor(subtotal.minor() + fee.minor()),
            },
            edits: vec![OrderEdit {
                at_ms: one_dal.edits.first().map_or(0, |edit| edit.at_ms),
                edit: Edit::Line {
                    line: 1,
                    from: 2,
                    to: 1
                },
            }],
            ..fourth.order.clone()
        },
        "re-priced, the delivery fee as charged; the status and history as they were, the change an edit"
    );
    // More than the line has now (even as many as was ordered), or the order's last item: refused, nothing
    // changed.
    let refused = api
        .send(
            put(&api, &line_of(fourth_id, 1))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&json!({"quantity": 2})),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_order_change");
    assert_eq!(fields(&refused), ["quantity"]);
    let no_atta: Order = api
        .send(
            put(&api, &line_of(fourth_id, 2))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&json!({"quantity": 0})),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    let gone = &no_atta.lines[1];
    assert_eq!(
        (gone.quantity, gone.line_total, gone.ordered),
        (0, Money::ZERO, Some(1)),
        "unavailable"
    );
    assert_eq!(
        (no_atta.totals.subtotal, no_atta.totals.total),
        (
            dal.unit_price,
            Money::from_minor(dal.unit_price.minor() + fee.minor())
        )
    );
    let refused = api
        .send(
            put(&api, &line_of(fourth_id, 1))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&json!({"quantity": 0})),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_order_change");
    assert_eq!(fields(&refused), ["quantity"], "the last item");
    let read: Order = api
        .send(get(&api, &format!("/api/orders/{fourth_id}")).bearer_auth(&fourth.token))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(read, no_atta, "the shopper sees the changes");
    let stock_after = stock(
        &api.send(get(&api, catalog_path))
            .await
            .expect(StatusCode::OK)
            .parse(),
    );
    assert_eq!(
        stock_after,
        (stock_before.0 - 1, stock_before.1),
        "back to stock"
    );
    // Lines stay as they are once the order is packed, refused or cancelled; a test order is none of the
    // shop's, any more than an order or a line that does not exist.
    let one = LineChange {
        quantity: 1,
        replace_with: None,
    };
    for settled in [id, third.order.id, second.order.id] {
        api.send(
            put(&api, &line_of(settled, 1))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&one),
        )
        .await
        .expect_error(StatusCode::CONFLICT, "invalid_transition");
    }
    for (none, line) in [
        (fourth_id, 3),
        (fourth_id, 0),
        (fourth_id, -1),
        (tried.order.id, 1),
        (9_999, 1),
    ] {
        api.send(
            put(&api, &line_of(none, line))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&one),
        )
        .await
        .expect_error(StatusCode::NOT_FOUND, "order_not_found");
    }
    api.send(put(&api, &line_of(fourth_id, 1)).json(&one))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(
        put(&api, &line_of(fourth_id, 1))
            .bearer_auth(&fourth.token)
            .json(&one),
    )
    .await
    .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(put(&api, "/api/stores/nowhere/orders/1/lines/1").json(&one))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    for shapeless in [
        json!({"quantity": -1}),
        json!({"quantity": 1.5}),
        json!({"quantity": "1"}),
        json!({}),
        json!({"quantity": 1, "replace_with": {"product": "sugar"}}),
        json!({"quantity": 1, "replace_with": "sugar"}),
    ] {
        api.send(
            put(&api, &line_of(fourth_id, 1))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&shapeless),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
    }
    api.send(
        put(&api, &line_of(fourth_id, 1))
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "application/json")
            .body("{\"quantity\": "),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "invalid_json");
    api.send(
        put(&api, &line_of(fourth_id, 1))
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "text/plain")
            .body("1"),
    )
    .await
    .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    api.send(
        put(&api, &line_of(fourth_id, 1))
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "application/json")
            .body(format!("{{\"pad\": \"{}\"}}", "x".repeat(70 * 1024))),
    )
    .await
    .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    for unparsed in [
        "/api/stores/demo/orders/first/lines/1".to_owned(),
        format!("/api/stores/demo/orders/{fourth_id}/lines/one"),
    ] {
        api.send(put(&api, &unparsed).bearer_auth(MERCHANT_TOKEN).json(&one))
            .await
            .expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");
    }
    let unchanged: Order = api
        .send(get(&api, &format!("/api/orders/{fourth_id}")).bearer_auth(&fourth.token))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(unchanged, no_atta, "the refused changes changed nothing");

    // The shop replaces a line with another of its packs, as the shopper allowed: the line is sent as 0, and
    // a new line that `replaces` it is added at the pack's price, taken from its stock; the replacement is an
    // edit of the order. Not for a line the shopper asked to leave out, nor with the line's own pack, a pack
    // the shop does not sell, none of it or more than its stock; the new line changes in turn like any
    // other.
    let replace = |quantity: u32, product: &str, variant: &str| LineChange {
        quantity,
        replace_with: Some(PackRef {
            product: product.into(),
            variant: variant.into(),
        }),
    };
    let packs = |catalog: &Catalog| {
        (
            left(catalog, "toor-dal", "1kg"),
            left(catalog, "toor-dal", "500g"),
        )
    };
    let fifth: PlacedOrder = api
        .send(post(&api, orders).json(&order_body(json!([
            {"product": "toor-dal", "variant": "1kg", "quantity": 2, "substitution": "similar"},
            {"product": "sugar", "variant": "1kg", "quantity": 1, "substitution": "skip"}
        ]))))
        .await
        .expect(StatusCode::CREATED)
        .parse();
    let fifth_id = fifth.order.id;
    let catalog: Catalog = api
        .send(get(&api, catalog_path))
        .await
        .expect(StatusCode::OK)
        .parse();
    let packs_placed = packs(&catalog);
    let (toor_dal, half_kilo) = catalog
        .products
        .iter()
        .find(|product| product.id == "toor-dal")
        .and_then(|product| {
            let pack = product.variants.iter().find(|pack| pack.id == "500g")?;
            Some((product, pack))
        })
        .expect("the demo shop sells toor dal's 500 g pack");
    let sold_out = catalog
        .products
        .iter()
        .find_map(|product| {
            let pack = product
                .variants
                .iter()
                .find(|pack| pack.max_quantity == 0)?;
            Some((product.id.clone(), pack.id.clone()))
        })
        .expect("a sold-out pack");
    let replaced: Order = api
        .send(
            put(&api, &line_of(fifth_id, 1))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&replace(3, "toor-dal", "500g")),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    let (dal, sugar) = (&fifth.order.lines[0], &fifth.order.lines[1]);
    let fee = fifth.order.totals.delivery_fee;
    let three_halves = Money::from_minor(3 * half_kilo.price.minor());
    let subtotal = Money::from_minor(three_halves.minor() + sugar.line_total.minor());
    let replacement = PricedLine {
        product: "toor-dal".into(),
        variant: "500g".into(),
        name: toor_dal.name.clone(),
        variant_label: half_kilo.label.clone(),
        unit_price: half_kilo.price,
        quantity: 3,
        line_total: three_halves,
        substitution: Substitution::Similar,
        ordered: Some(0),
        replaces: Some(1),
    };
    assert_eq!(
        replaced,
        Order {
            lines: vec![
                PricedLine {
                    quantity: 0,
                    line_total: Money::ZERO,
                    ordered: Some(2),
                    ..dal.clone()
                },
                sugar.clone(),
                replacement.clone(),
            ],
            totals: Totals {
                subtotal,
                delivery_fee: fee,
                total: Money::from_minor(subtotal.minor() + fee.minor()),
            },
            edits: vec![OrderEdit {
                at_ms: replaced.edits.first().map_or(0, |edit| edit.at_ms),
                edit: Edit::Replaced { line: 1, by: 3 },
            }],
            ..fifth.order.clone()
        },
        "the line sent as 0, the replacement added at its price, re-priced, the replacement an edit"
    );
    let packs_replaced = packs(
        &api.send(get(&api, catalog_path))
            .await
            .expect(StatusCode::OK)
            .parse(),
    );
    assert_eq!(
        packs_replaced,
        (packs_placed.0 + 2, packs_placed.1 - 3),
        "the replaced line's packs back to stock, the replacement's taken"
    );
    for (line, change, field) in [
        (2, replace(1, "toor-dal", "500g"), "replace_with"),
        (3, replace(1, "toor-dal", "500g"), "replace_with"),
        (3, replace(1, "caviar", "1kg"), "replace_with"),
        (3, replace(1, "toor-dal", "2kg"), "replace_with"),
        (3, replace(0, "sugar", "1kg"), "quantity"),
        (3, replace(1, &sold_out.0, &sold_out.1), "quantity"),
        (3, replace(1_000_001, "sugar", "1kg"), "quantity"),
    ] {
        let refused = api
            .send(
                put(&api, &line_of(fifth_id, line))
                    .bearer_auth(MERCHANT_TOKEN)
                    .json(&change),
            )
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_order_change");
        assert_eq!(fields(&refused), [field], "{change:?}: {refused:?}");
    }
    // The pack is looked up before the order.
    let refused = api
        .send(
            put(&api, &line_of(9_999, 1))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&replace(1, "caviar", "1kg")),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_order_change");
    assert_eq!(fields(&refused), ["replace_with"]);
    // A packed order's lines stay as they are, and an order or a line that does not exist is none.
    for (order_id, line, status, code) in [
        (id, 1, StatusCode::CONFLICT, "invalid_transition"),
        (9_999, 1, StatusCode::NOT_FOUND, "order_not_found"),
        (fifth_id, 4, StatusCode::NOT_FOUND, "order_not_found"),
    ] {
        api.send(
            put(&api, &line_of(order_id, line))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&replace(1, "sugar", "1kg")),
        )
        .await
        .expect_error(status, code);
    }
    let read: Order = api
        .send(get(&api, &format!("/api/orders/{fifth_id}")).bearer_auth(&fifth.token))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(
        read, replaced,
        "the shopper sees the replacement; the refused ones changed nothing"
    );
    let fewer: Order = api
        .send(
            put(&api, &line_of(fifth_id, 3))
                .bearer_auth(MERCHANT_TOKEN)
                .json(&json!({"quantity": 2})),
        )
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(
        fewer.lines[2],
        PricedLine {
            quantity: 2,
            line_total: Money::from_minor(2 * half_kilo.price.minor()),
            ..replacement
        },
        "still a replacement, and still not ordered"
    );
    assert_eq!(
        fewer.edits.iter().map(|edit| edit.edit).collect::<Vec<_>>(),
        [
            Edit::Replaced { line: 1, by: 3 },
            Edit::Line {
                line: 3,
                from: 3,
                to: 2
            }
        ],
        "oldest first"
    );
    assert!(
        fewer.edits[0].at_ms <= fewer.edits[1].at_ms,
        "{:?}",
        fewer.edits
    );

    // Outside the documented operations, the router's 404 still speaks ApiError.
    let response = api
        .app
        .request(Method::GET, "/api/no/such/endpoint")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(
        validate(&api.doc, &schema_ref("ApiError"), &body, true),
        Ok(())
    );
    assert_eq!(body["code"], "not_found");
    // A routed path with an undocumented method: a 405 that speaks ApiError too.
    let response = api
        .app
        .request(Method::DELETE, "/api/stores/demo")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(
        validate(&api.doc, &schema_ref("ApiError"), &body, true),
        Ok(())
    );
    assert_eq!(body["code"], "method_not_allowed");

    // Telegram identity: init data exchanged for a session, the session read back.
    let telegram_session = "/api/stores/demo/telegram/session";
    let session: TelegramSession = api
        .send(post(&api, telegram_session).json(&json!({"init_data": telegram::init_data(60)})))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(session.user.first_name, "आशा 🛒");
    let read: TelegramSession = api
        .send(get(&api, telegram_session).bearer_auth(&session.token))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(read, session);
    let forged = telegram::init_data(60).replace("279058397", "279058398");
    api.send(post(&api, telegram_session).json(&json!({"init_data": forged})))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "invalid_init_data");
    let stale = telegram::init_data(2 * 24 * 60 * 60);
    api.send(post(&api, telegram_session).json(&json!({"init_data": stale})))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "stale_init_data");
    api.send(post(&api, telegram_session).json(&json!({"init_data": 42})))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
    api.send(
        post(&api, telegram_session)
            .header("content-type", "application/json")
            .body("{\"init_data\": "),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "invalid_json");
    api.send(
        post(&api, telegram_session)
            .header("content-type", "text/plain")
            .body("auth_date=1"),
    )
    .await
    .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    api.send(
        post(&api, telegram_session)
            .header("content-type", "application/json")
            .body(format!("{{\"init_data\": \"{}\"}}", "x".repeat(70 * 1024))),
    )
    .await
    .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    api.send(
        post(&api, "/api/stores/nowhere/telegram/session")
            .json(&json!({"init_data": telegram::init_data(60)})),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    api.send(get(&api, telegram_session).bearer_auth("not-a-session"))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "invalid_session");
    api.send(get(&api, telegram_session))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "invalid_session");
    api.send(get(&api, "/api/stores/nowhere/telegram/session").bearer_auth(&session.token))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    // A server without a bot token: Telegram identity is off, and says so.
    let with_telegram = std::mem::replace(&mut api.app, App::start_with(None, false).await);
    api.send(post(&api, telegram_session).json(&json!({"init_data": telegram::init_data(60)})))
        .await
        .expect_error(StatusCode::NOT_FOUND, "telegram_disabled");
    api.send(get(&api, telegram_session).bearer_auth(&session.token))
        .await
        .expect_error(StatusCode::NOT_FOUND, "telegram_disabled");
    api.app = with_telegram;

    // The merchant's sign-in check: whose shop the token opens.
    let me = "/api/stores/demo/merchant";
    let mine: StoreProfile = api
        .send(get(&api, me).bearer_auth(MERCHANT_TOKEN))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(mine, profile);
    api.send(get(&api, me))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(get(&api, me).bearer_auth(&placed.token))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(get(&api, "/api/stores/nowhere/merchant").bearer_auth(MERCHANT_TOKEN))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");

    // A product photo: its two pictures made and kept, named by their content, served outside `/api` as the
    // document says; a file that is no usable photo refused, saying why; the shop and token checked first.
    let photos = "/api/stores/demo/photos";
    let send_photo = |api: &Conformance, path: &str, mime: &str, photo: Vec<u8>| {
        post(api, path)
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", mime)
            .body(photo)
    };
    let kept: UploadedPhoto = api
        .send(send_photo(&api, photos, "image/jpeg", jpeg(300, 200)))
        .await
        .expect(StatusCode::CREATED)
        .parse();
    assert_eq!((kept.width, kept.height), (300, 200), "never enlarged");
    let id = kept
        .url
        .strip_prefix("/photos/demo/")
        .and_then(|file| file.strip_suffix("-720.jpg"))
        .unwrap_or_else(|| panic!("a kept photo's address: {kept:?}"))
        .to_owned();
    assert!(
        id.len() == 24
            && id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{kept:?}"
    );
    assert_eq!(kept.thumbnail, format!("/photos/demo/{id}-160.jpg"));
    let again: UploadedPhoto = api
        .send(send_photo(
            &api,
            photos,
            "application/octet-stream",
            jpeg(300, 200),
        ))
        .await
        .expect(StatusCode::CREATED)
        .parse();
    assert_eq!(again, kept, "the same photo, the same answer");
    let described = operation(&api.doc, "POST", "/api/stores/{store}/photos")["description"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for (address, side) in [(&kept.url, None), (&kept.thumbnail, Some(160))] {
        let picture = api
            .app
            .request(Method::GET, address)
            .send()
            .await
            .expect("request");
        assert_eq!(picture.status(), StatusCode::OK, "{address}");
        let header = |name: &str| {
            picture
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(header("content-type"), "image/jpeg", "{address}");
        let caching = header("cache-control");
        assert_eq!(caching, "public, max-age=31536000, immutable", "{address}");
        assert!(
            described.contains(&format!("`Cache-Control: {caching}`")),
            "the photos route's description says how its pictures are cached"
        );
        let bytes = picture.bytes().await.expect("a picture");
        let (width, height) = image::load_from_memory(&bytes)
            .map(|image| (image.width(), image.height()))
            .expect("a JPEG");
        let expected = side.map_or((kept.width, kept.height), |side| (side, side));
        assert_eq!((width, height), expected, "{address}");
    }
    for absent in [
        format!("/photos/demo/{id}-300.jpg"),
        format!("/photos/nowhere/{id}-720.jpg"),
        "/photos/demo/0123456789abcdef01234567-720.jpg".to_owned(),
    ] {
        let response = api
            .app
            .request(Method::GET, &absent)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{absent}");
    }
    for unusable in [
        b"Toor Dal, 1 kg".to_vec(),
        Vec::new(),
        jpeg(40, 300),
        jpeg(12_001, 64),
    ] {
        api.send(send_photo(&api, photos, "image/jpeg", unusable))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_photo");
    }
    api.send(send_photo(
        &api,
        photos,
        "image/jpeg",
        vec![0xff; 15 * 1024 * 1024 + 1],
    ))
    .await
    .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    for token in [None, Some(placed.token.as_str())] {
        let mut request = post(&api, photos)
            .header("content-type", "image/jpeg")
            .body(jpeg(300, 200));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        api.send(request)
            .await
            .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    }
    api.send(send_photo(
        &api,
        "/api/stores/nowhere/photos",
        "image/jpeg",
        jpeg(300, 200),
    ))
    .await
    .expect_error(StatusCode::NOT_FOUND, "store_not_found");

    // The shop's settings, changed whole by its owner: kept normalised and live at once, every problem named
    // by its field. The demo shop's own settings are put back at the end, for what follows.
    let settings_path = "/api/stores/demo/settings";
    let save = |api: &Conformance, body: &StoreProfile| {
        put(api, settings_path)
            .bearer_auth(MERCHANT_TOKEN)
            .json(body)
    };
    let sent = StoreProfile {
        name: "  Sharma General Store ".into(),
        name_local: Some("  ".into()),
        tagline: " Fresh every morning ".into(),
        locale: "hi-IN".into(),
        phone: "98450 54321".into(),
        delivery_fee: money(3_000),
        free_delivery_from: None,
        delivery_pincodes: vec!["560 038".into(), "560001".into(), "560038".into()],
        delivery_slots: vec![
            DeliverySlot {
                id: String::new(),
                label: " Evening, 5–8 pm ".into(),
            },
            DeliverySlot {
                id: "morning".into(),
                label: "Morning, 8–11 am".into(),
            },
        ],
        payment_methods: vec![
            PaymentMethod::Cash,
            PaymentMethod::UpiNow,
            PaymentMethod::Cash,
        ],
        upi_id: Some(" Sharma@OKBank ".into()),
        ..profile.clone()
    };
    let kept: StoreProfile = api
        .send(save(&api, &sent))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(
        kept,
        StoreProfile {
            name: "Sharma General Store".into(),
            name_local: None,
            tagline: "Fresh every morning".into(),
            phone: "+919845054321".into(),
            delivery_pincodes: vec!["560001".into(), "560038".into()],
            delivery_slots: vec![
                DeliverySlot {
                    id: "evening-5-8-pm".into(),
                    label: "Evening, 5–8 pm".into(),
                },
                sent.delivery_slots[1].clone(),
            ],
            payment_methods: vec![PaymentMethod::Cash, PaymentMethod::UpiNow],
            upi_id: Some("sharma@okbank".into()),
            ..sent.clone()
        },
        "kept normalised"
    );
    let seen: StoreProfile = api
        .send(get(&api, "/api/stores/demo"))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(seen, kept, "shoppers see the settings at once");
    let quoted: Quote = api
        .send(post(&api, "/api/stores/demo/quotes").json(&salt))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(quoted.totals.delivery_fee, money(3_000), "the new fee");
    let again: StoreProfile = api
        .send(save(&api, &kept))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(again, kept, "saved again as kept, nothing changes");
    // Every problem at once, each named by its field; nothing kept.
    let faulty = StoreProfile {
        slug: "elsewhere".into(),
        name: " ".into(),
        currency: "USD".into(),
        locale: "fr-FR".into(),
        phone: "12".into(),
        min_order: money(-1),
        delivery_fee: money(-1),
        free_delivery_from: Some(Money::from_minor(Money::MAX_PRICE.minor() + 1)),
        delivery_pincodes: vec!["56003".into()],
        delivery_slots: vec![
            kept.delivery_slots[0].clone(),
            DeliverySlot {
                id: "late night".into(),
                label: " ".into(),
            },
        ],
        pickup: true,
        address: " ".into(),
        payment_methods: vec![PaymentMethod::UpiNow],
        upi_id: None,
        ..kept.clone()
    };
    let error = api
        .send(save(&api, &faulty))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_settings");
    assert_eq!(
        fields(&error),
        [
            "slug",
            "name",
            "currency",
            "locale",
            "phone",
            "min_order",
            "delivery_fee",
            "free_delivery_from",
            "delivery_pincodes[0]",
            "delivery_slots[1].label",
            "delivery_slots[1].id",
            "address",
            "payment_methods",
            "upi_id"
        ]
    );
    assert!(
        error
            .details
            .iter()
            .all(|detail| !detail.message.trim().is_empty()),
        "{error:?}"
    );
    let twice = StoreProfile {
        delivery_slots: vec![
            kept.delivery_slots[1].clone(),
            DeliverySlot {
                label: "Early morning".into(),
                ..kept.delivery_slots[1].clone()
            },
        ],
        upi_id: Some("sharma at okbank".into()),
        ..kept.clone()
    };
    let error = api
        .send(save(&api, &twice))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_settings");
    assert_eq!(fields(&error), ["delivery_slots[1].id", "upi_id"]);
    let mut fractional = to_json(&kept);
    fractional["delivery_fee"] = json!(30.5);
    let mut unknown_method = to_json(&kept);
    unknown_method["payment_methods"] = json!(["cash", "cheque"]);
    let mut nameless = to_json(&kept);
    nameless.as_object_mut().expect("an object").remove("name");
    for shapeless in [fractional, unknown_method, nameless] {
        api.send(
            put(&api, settings_path)
                .bearer_auth(MERCHANT_TOKEN)
                .json(&shapeless),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
    }
    // The token is checked before the body is read.
    api.send(
        put(&api, settings_path)
            .header("content-type", "application/json")
            .body("{\"name\": "),
    )
    .await
    .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(
        put(&api, settings_path)
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "application/json")
            .body("{\"name\": "),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "invalid_json");
    api.send(
        put(&api, settings_path)
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "text/plain")
            .body("name"),
    )
    .await
    .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    api.send(
        put(&api, settings_path)
            .bearer_auth(MERCHANT_TOKEN)
            .json(&json!({"pad": "x".repeat(64 * 1024)})),
    )
    .await
    .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let seen: StoreProfile = api
        .send(get(&api, "/api/stores/demo"))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(seen, kept, "refused settings change nothing");
    // The demo shop's settings put back as they were: they were kept normalised already.
    let restored: StoreProfile = api
        .send(save(&api, &profile))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(restored, profile);
    let seen: StoreProfile = api
        .send(get(&api, "/api/stores/demo"))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(seen, profile, "the demo shop as it was");

    // The shop's Telegram notices, set up by its owner: read back without the bot's token, changed without
    // it, every problem named by its field, and ended. (The server reaches the bots at a fake Bot API.)
    let notices_path = "/api/stores/demo/telegram-notices";
    let set_up = |api: &Conformance, body: &Value| {
        put(api, notices_path)
            .bearer_auth(MERCHANT_TOKEN)
            .json(body)
    };
    let read_back = |api: &Conformance| get(api, notices_path).bearer_auth(MERCHANT_TOKEN);
    api.send(read_back(&api))
        .await
        .expect_error(StatusCode::NOT_FOUND, "no_telegram_notices");
    let token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    let kept: TelegramNotices = api
        .send(set_up(
            &api,
            &json!({"bot_token": token, "chat_id": " https://t.me/sharma_kirana_staff ", "repeat_minutes": 15}),
        ))
        .await
        .expect(StatusCode::OK)
        .parse();
    let expected = TelegramNotices {
        bot_id: 123_456_789,
        chat_id: "@sharma_kirana_staff".into(),
        repeat_minutes: 15,
        problem: None,
    };
    assert_eq!(kept, expected, "kept normalised");
    let answer = api.send(read_back(&api)).await.expect(StatusCode::OK);
    assert!(
        !answer
            .body
            .as_ref()
            .is_some_and(|body| body.to_string().contains("AAHdq")),
        "the token is never sent back"
    );
    let read: TelegramNotices = answer.parse();
    assert_eq!(read.bot_id, expected.bot_id);
    assert_eq!(read.chat_id, expected.chat_id);
    let changed: TelegramNotices = api
        .send(set_up(&api, &json!({"chat_id": "-1001234567890"})))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(
        changed,
        TelegramNotices {
            chat_id: "-1001234567890".into(),
            repeat_minutes: 0,
            ..expected.clone()
        },
        "the bot stays without its token"
    );
    let error = api
        .send(set_up(
            &api,
            &json!({"bot_token": "not-a-token", "chat_id": "@x", "repeat_minutes": 500}),
        ))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_settings");
    assert_eq!(fields(&error), ["bot_token", "chat_id", "repeat_minutes"]);
    for shapeless in [
        json!({"chat_id": -1_001_234_567_890_i64}),
        json!({"chat_id": "42", "repeat_minutes": 1.5}),
        json!({"bot_token": token}),
    ] {
        api.send(set_up(&api, &shapeless))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
    }
    api.send(
        put(&api, notices_path)
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "application/json")
            .body("{\"chat_id\": "),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "invalid_json");
    api.send(
        put(&api, notices_path)
            .bearer_auth(MERCHANT_TOKEN)
            .header("content-type", "text/plain")
            .body("-1001234567890"),
    )
    .await
    .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    api.send(set_up(&api, &json!({"chat_id": "x".repeat(65 * 1024)})))
        .await
        .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let unchanged: TelegramNotices = api
        .send(read_back(&api))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(
        unchanged.chat_id, changed.chat_id,
        "refused, nothing changed"
    );
    for _ in 0..2 {
        api.send(
            api.app
                .request(Method::DELETE, notices_path)
                .bearer_auth(MERCHANT_TOKEN),
        )
        .await
        .expect(StatusCode::NO_CONTENT);
    }
    api.send(read_back(&api))
        .await
        .expect_error(StatusCode::NOT_FOUND, "no_telegram_notices");

    // The owner closes the shop until tomorrow, taking no orders meanwhile: shoppers see it, and an order is
    // refused, saying when the shop opens. The refusal is kept under its key like any other, even once the
    // shop takes orders again. The demo shop's settings are put back at the end, for what follows.
    let now_ms = i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("after 1970")
            .as_millis(),
    )
    .expect("milliseconds fit");
    let day_ms = 24 * 60 * 60 * 1000;
    let until_ms = now_ms + day_ms;
    let shut = StoreProfile {
        closed: Some(Closure {
            until_ms: Some(until_ms),
            takes_orders: false,
        }),
        ..profile.clone()
    };
    let kept: StoreProfile = api
        .send(save(&api, &shut))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(kept, shut, "a closure is kept as sent");
    let seen: StoreProfile = api
        .send(get(&api, "/api/stores/demo"))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(seen, shut, "shoppers are told");
    let shown: Catalog = api
        .send(get(&api, "/api/stores/demo/catalog"))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(shown.store, shut, "the catalog's shop is closed too");
    let one_dal = order_body(json!([{"product": "toor-dal", "variant": "1kg", "quantity": 1}]));
    let place_dal = |api: &Conformance, key: &str| {
        post(api, orders)
            .header("idempotency-key", key)
            .json(&one_dal)
    };
    let refused = api.send(place_dal(&api, "openapi-closed")).await;
    assert_eq!(refused.header("idempotent-replayed"), None);
    let refused = refused.expect_error(StatusCode::CONFLICT, "shop_closed");
    assert_eq!(
        refused.message,
        format!(
            "{} is closed and takes no orders until it opens, {}.",
            profile.name,
            haat::locale::date_time(haat_api::Language::En, &ShopTime::at(until_ms))
        )
    );
    // Taking orders while closed, the shop places them as usual; the refused attempt stays refused, and
    // withdrawing it answers its refusal.
    let taking = StoreProfile {
        closed: Some(Closure {
            until_ms: Some(until_ms),
            takes_orders: true,
        }),
        ..profile.clone()
    };
    api.send(save(&api, &taking)).await.expect(StatusCode::OK);
    for request in [
        place_dal(&api, "openapi-closed"),
        post(&api, withdraw)
            .header("idempotency-key", "openapi-closed")
            .json(&one_dal),
    ] {
        let replayed = api.send(request).await;
        assert_eq!(replayed.header("idempotent-replayed"), Some("true"));
        let replayed = replayed.expect_error(StatusCode::CONFLICT, "shop_closed");
        assert_eq!(replayed, refused, "the refusal as it was");
    }
    api.send(place_dal(&api, "openapi-while-closed"))
        .await
        .expect(StatusCode::CREATED);
    // Closed until its owner opens it: closed for now.
    let for_now = StoreProfile {
        closed: Some(Closure {
            until_ms: None,
            takes_orders: false,
        }),
        ..profile.clone()
    };
    let kept: StoreProfile = api
        .send(save(&api, &for_now))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(kept, for_now);
    let refused = api
        .send(post(&api, orders).json(&one_dal))
        .await
        .expect_error(StatusCode::CONFLICT, "shop_closed");
    assert!(refused.message.contains("closed for now"), "{refused:?}");
    // A time to open that has passed, or is more than 90 days ahead, is refused.
    for until_ms in [now_ms - 60_000, now_ms + 91 * day_ms] {
        let faulty = StoreProfile {
            closed: Some(Closure {
                until_ms: Some(until_ms),
                takes_orders: false,
            }),
            ..profile.clone()
        };
        let error = api
            .send(save(&api, &faulty))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_settings");
        assert_eq!(fields(&error), ["closed.until_ms"], "{error:?}");
    }
    // Open again, as it was.
    let restored: StoreProfile = api
        .send(save(&api, &profile))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(restored, profile);
    let seen: StoreProfile = api
        .send(get(&api, "/api/stores/demo"))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(seen.closed, None, "the demo shop open again");

    // This server takes no sign-ups, and says so.
    let shops = "/api/shops";
    let suggestion = "/api/shops/suggestion";
    let gupta = json!({"name": "Gupta General Store", "phone": "98450 12345"});
    let gupta_suggestion = format!("{suggestion}?name=Gupta%20General%20Store");
    api.send(post(&api, shops).json(&gupta))
        .await
        .expect_error(StatusCode::FORBIDDEN, "signup_closed");
    api.send(get(&api, &gupta_suggestion))
        .await
        .expect_error(StatusCode::FORBIDDEN, "signup_closed");

    // A server that takes sign-ups: an address is suggested, the shop opened, its owner signed in.
    let closed = std::mem::replace(&mut api.app, App::start_with(None, true).await);
    let suggested: SlugSuggestion = api
        .send(get(&api, &gupta_suggestion))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(suggested.slug, "gupta-general-store");
    let unnamed: SlugSuggestion = api
        .send(get(&api, suggestion))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(unnamed.slug, "my-shop");
    api.send(get(&api, &format!("{suggestion}?name=a&name=b")))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "invalid_parameter");
    // Every sign-up with a well-formed body counts against the address's five, opened or refused.
    let opened: SignIn = api
        .send(post(&api, shops).json(&gupta))
        .await
        .expect(StatusCode::CREATED)
        .parse();
    assert_eq!(opened.store, "gupta-general-store");
    assert_eq!(
        opened.link,
        format!("/m/gupta-general-store#k={}", opened.secret)
    );
    let taken = api
        .send(post(&api, shops).json(&gupta))
        .await
        .expect_error(StatusCode::CONFLICT, "slug_taken");
    assert!(taken.message.contains("gupta-general-store-2"), "{taken:?}");
    assert_eq!(
        taken
            .details
            .iter()
            .map(|detail| detail.field.as_str())
            .collect::<Vec<_>>(),
        ["slug"]
    );
    let chosen: SignIn = api
        .send(post(&api, shops).json(&shop_signup(true)))
        .await
        .expect(StatusCode::CREATED)
        .parse();
    assert_eq!(chosen.store, "gupta-sector-9");
    let invalid = api
        .send(post(&api, shops).json(&json!({"name": " ", "phone": "12345", "slug": "api"})))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_shop");
    assert_eq!(
        invalid
            .details
            .iter()
            .map(|detail| detail.field.as_str())
            .collect::<Vec<_>>(),
        ["name", "phone", "slug"]
    );
    // Malformed bodies are refused before they count.
    for shapeless in [
        json!({"name": "Shop"}),
        json!({"name": "Shop", "phone": 9_845_012_345_u64}),
    ] {
        api.send(post(&api, shops).json(&shapeless))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json");
    }
    api.send(
        post(&api, shops)
            .header("content-type", "application/json")
            .body("{\"name\": "),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "invalid_json");
    api.send(
        post(&api, shops)
            .header("content-type", "text/plain")
            .body("Gupta General Store"),
    )
    .await
    .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    api.send(
        post(&api, shops)
            .header("content-type", "application/json")
            .body(format!("{{\"name\": \"{}\"}}", "x".repeat(70 * 1024))),
    )
    .await
    .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");

    // The owner signs in with the secret, and replaces it: the old one stops working at once.
    let gupta_me = "/api/stores/gupta-general-store/merchant";
    let shop: StoreProfile = api
        .send(get(&api, gupta_me).bearer_auth(&opened.secret))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(
        (shop.slug.as_str(), shop.phone.as_str()),
        ("gupta-general-store", "+919845012345")
    );
    api.send(get(&api, gupta_me).bearer_auth(&chosen.secret))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    let secret = "/api/stores/gupta-general-store/merchant/secret";
    let renewed: SignIn = api
        .send(post(&api, secret).bearer_auth(&opened.secret))
        .await
        .expect(StatusCode::OK)
        .parse();
    assert_eq!(renewed.store, "gupta-general-store");
    assert_ne!(renewed.secret, opened.secret);
    assert_eq!(
        renewed.link,
        format!("/m/gupta-general-store#k={}", renewed.secret)
    );
    api.send(get(&api, gupta_me).bearer_auth(&opened.secret))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(get(&api, gupta_me).bearer_auth(&renewed.secret))
        .await
        .expect(StatusCode::OK);
    api.send(post(&api, secret).bearer_auth(&opened.secret))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(post(&api, secret))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    api.send(post(&api, "/api/stores/nowhere/merchant/secret").bearer_auth(&renewed.secret))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");

    // Three sign-ups counted (two opened, one taken; an invalid one is not): the fourth and fifth open,
    // the sixth waits.
    for name in ["Rao Stores", "Nair Stores"] {
        api.send(post(&api, shops).json(&json!({"name": name, "phone": "9845012345"})))
            .await
            .expect(StatusCode::CREATED);
    }
    let limited = api
        .send(post(&api, shops).json(&json!({"name": "Iyer Stores", "phone": "9845012345"})))
        .await;
    let wait: u64 = limited
        .header("retry-after")
        .and_then(|value| value.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=3_600).contains(&wait), "{wait}");
    limited.expect_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    api.send(get(&api, "/api/stores/iyer-stores"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "store_not_found");
    api.app = closed;

    // Every endpoint was exercised.
    let exercised: BTreeSet<(String, String)> = api
        .seen
        .iter()
        .map(|(method, path, _)| (method.clone(), path.clone()))
        .collect();
    let untried: Vec<_> = documented_operations(&api.doc)
        .into_iter()
        .filter(|operation| !exercised.contains(operation))
        .collect();
    assert!(untried.is_empty(), "not exercised: {untried:?}");
}
