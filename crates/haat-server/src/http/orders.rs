//! Quotes and orders: priced by the server from its own catalog, stored with stock taken in one
//! transaction, made retry-safe by `Idempotency-Key`, and moved through their lifecycle.

use std::{
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use haat::{lang::Lang, locale};
use haat_api::{
    Catalog, DaySummary, ErrorCode, Fulfilment, Language, LineChange, LineRequest, MarkPaid, Order,
    OrderList, OrderQuery, OrderRequest, OrderStatus, Paid, PlacedOrder, Quote, QuoteRequest,
    StatusUpdate, StoreProfile, clock::ShopTime,
};
use serde::Deserialize;

use super::{
    AppState,
    draft_view::{self, PreviewQuery},
    extract::{ApiJson, ApiPath, ApiQuery, Bearer, Idempotency, Merchant, Voice},
    language,
};
use crate::{
    domain::{
        customer,
        day_summary::{self, Day},
        fulfilment,
        idempotency::{self, Busy, IdempotencyKey, Turn},
        lifecycle::{self, Actor, Move},
        line_change::{self, LineEdit},
        order_list, payment,
        pricing::{self, FeeRules, PricedCart, PricingError},
        secret,
    },
    error::{AppError, Refusal, SaidIn},
    store::{
        Completion, KeyedRequest, NewOrder, Placement, StatusChangeRequest, StoreRecord,
        StoredAnswer, VariantKey,
    },
};

/// `POST /api/stores/{store}/quotes`: a refusal in the language `Accept-Language` asks for.
pub async fn quote(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<PreviewQuery>,
    Voice(lang): Voice,
    body: ApiJson<QuoteRequest>,
) -> Result<Json<Quote>, AppError> {
    let shop = app.shop(&slug, &lang).await?;
    let plan = fulfilment::plan(&offer(&shop), body.value.fulfilment, None, None).said_in(&lang)?;
    let draft = draft_view::drafted(&app, &shop, query.preview.as_deref(), &lang).await?;
    let cart = price(
        &app,
        &shop,
        &body.value.lines,
        plan.fees,
        draft.as_ref(),
        &lang,
    )
    .await?;
    Ok(Json(Quote {
        currency: shop.profile.currency,
        lines: cart.lines,
        totals: cart.totals,
        shortages: cart.shortages,
    }))
}

/// `POST /api/stores/{store}/orders`. With an `Idempotency-Key`, the first answer for a key is kept with
/// the order (or the refusal) and replayed to every retry of the same body.
///
/// A retry is not looked up first: it runs like the first request, and storing its order or refusal
/// finds the key answered, which undoes it and sends the first answer instead. So the common case (a key
/// seen once) costs no extra read, and a replay never depends on whether the cart would still go through.
///
/// A refusal is said in the order's language, else in the one `Accept-Language` asks for.
pub async fn place(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<PreviewQuery>,
    Idempotency(key): Idempotency,
    headers: HeaderMap,
    body: ApiJson<OrderRequest>,
) -> Result<Response, AppError> {
    let lang = app.voice(language::of_order(&body.value, &headers));
    let shop = app.shop(&slug, &lang).await?;
    let draft = match draft_view::drafted(&app, &shop, query.preview.as_deref(), &lang).await {
        Err(ended) if draft_view::ended(&shop, query.preview.as_deref()) => {
            return answer_after_preview(&app, &shop, key, &body.fingerprint, ended).await;
        }
        drafted => drafted?,
    };
    let Some(key) = key else {
        return place_order(&app, &shop, body.value, None, draft.as_ref(), &lang).await;
    };
    let fingerprint = draft_view::fingerprint(&body.fingerprint, draft.is_some());
    let (_turn, keyed) = start_keyed(&app, &shop, &key, &fingerprint)?;
    let outcome = place_order(&app, &shop, body.value, Some(&keyed), draft.as_ref(), &lang).await;
    if let Err(refusal @ AppError::Client { .. }) = &outcome
        && !keep_refusal(&app, &keyed, refusal).await?
    {
        return earlier_answer(&app, &keyed).await;
    }
    outcome
}

/// `POST /api/stores/{store}/orders/withdraw`, with a checkout attempt's `Idempotency-Key` and its exact
/// body: settles an attempt that may never have reached the server, so the shopper can change the order.
///
/// Keeps the refusal `order_withdrawn` as the key's answer (204): the attempt can never place an order,
/// and every retry of it gets that refusal. When the key already has an answer, that answer is sent as a
/// retry would get it: the 201 of the order it placed, or its refusal. Placing stores an order only under
/// a key with no answer, and an answer is kept only under a key without one, so whichever comes first
/// wins, across processes too.
pub async fn withdraw(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<PreviewQuery>,
    Idempotency(key): Idempotency,
    headers: HeaderMap,
    body: ApiJson<OrderRequest>,
) -> Result<Response, AppError> {
    let lang = app.voice(language::of_order(&body.value, &headers));
    let key = key.ok_or_else(AppError::idempotency_key_missing)?;
    let shop = app.shop(&slug, &lang).await?;
    if let Some(token) = &query.preview
        && let Err(refused) = draft_view::opens(&shop, token, &lang)
    {
        if !draft_view::ended(&shop, Some(token)) {
            return Err(refused);
        }
        return answer_after_preview(&app, &shop, Some(key), &body.fingerprint, refused).await;
    }
    let fingerprint = draft_view::fingerprint(&body.fingerprint, query.preview.is_some());
    let (_turn, keyed) = start_keyed(&app, &shop, &key, &fingerprint)?;
    if keep_refusal(&app, &keyed, &AppError::order_withdrawn(&lang)).await? {
        tracing::info!(store = shop.id, "order attempt withdrawn");
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        earlier_answer(&app, &keyed).await
    }
}

/// A preview's request made again after its link ended (a test order's retry, say): the answer its
/// key got while the link was open, when it has one; else the link's refusal, `ended`.
async fn answer_after_preview(
    app: &AppState,
    shop: &StoreRecord,
    key: Option<IdempotencyKey>,
    body: &str,
    ended: AppError,
) -> Result<Response, AppError> {
    let Some(key) = key else {
        return Err(ended);
    };
    // A retry while the first request still runs is told so, as any keyed request is.
    let (_turn, keyed) = start_keyed(app, shop, &key, &draft_view::fingerprint(body, true))?;
    match app.store.answer(shop.id, &keyed.key).await? {
        Some(answer) => replay(&keyed, answer),
        None => Err(ended),
    }
}

/// Marks a keyed request running in this process, unless a request with its key already is: then a 409
/// for the same body (a retry of a request in flight) or a 422 for another. The key is free again when
/// the returned turn is dropped.
fn start_keyed<'a>(
    app: &'a AppState,
    shop: &StoreRecord,
    key: &IdempotencyKey,
    fingerprint: &str,
) -> Result<(Turn<'a>, KeyedRequest), AppError> {
    let turn = app
        .running
        .start(shop.id, key.as_str(), fingerprint)
        .map_err(|busy| match busy {
            Busy::SameBody => AppError::request_in_flight(),
            Busy::OtherBody => AppError::key_reused(),
        })?;
    let keyed = KeyedRequest {
        store_id: shop.id,
        key: key.as_str().to_owned(),
        request_hash: fingerprint.to_owned(),
    };
    Ok((turn, keyed))
}

/// Keeps a refusal (a client error) as the key's answer. False when the key already had an answer, which
/// stays.
async fn keep_refusal(
    app: &AppState,
    keyed: &KeyedRequest,
    refusal: &AppError,
) -> Result<bool, AppError> {
    let AppError::Client { status, body } = refusal else {
        return Err(AppError::Internal(format!(
            "only a refusal is kept under a key, not {refusal}"
        )));
    };
    let json = serde_json::to_string(body).unwrap_or_default();
    let answer = keyed.answer(status.as_u16(), json, now_ms());
    Ok(app.store.keep_answer(answer).await?)
}

/// The answer a request with the same key got first.
async fn earlier_answer(app: &AppState, keyed: &KeyedRequest) -> Result<Response, AppError> {
    let answer = app
        .store
        .answer(keyed.store_id, &keyed.key)
        .await?
        .ok_or_else(|| AppError::Internal(format!("the answer to key {:?} vanished", keyed.key)))?;
    replay(keyed, answer)
}

/// A kept answer sent again, when it answered this very body.
fn replay(keyed: &KeyedRequest, answer: StoredAnswer) -> Result<Response, AppError> {
    if answer.request_hash != keyed.request_hash {
        return Err(AppError::key_reused());
    }
    let mut response = json_response(answer.status, answer.body);
    response.headers_mut().insert(
        idempotency::REPLAYED_HEADER,
        HeaderValue::from_static("true"),
    );
    Ok(response)
}

/// A shop its owner closed takes no orders until it opens, unless the owner chose to take them for then.
fn refuse_if_closed(profile: &StoreProfile, now_ms: i64, lang: &Lang) -> Result<(), AppError> {
    let Some(closure) = profile.closure_at(now_ms).filter(|it| !it.takes_orders) else {
        return Ok(());
    };
    let message = match closure.until_ms {
        Some(until) => lang.f(
            "{shop} is closed and takes no orders until it opens, {when}.",
            &[
                ("shop", &profile.name),
                (
                    "when",
                    &locale::date_time(lang.language, &ShopTime::at(until)),
                ),
            ],
        ),
        None => lang.f(
            "{shop} is closed for now and takes no orders. Try again later.",
            &[("shop", &profile.name)],
        ),
    };
    Err(AppError::client(
        StatusCode::CONFLICT,
        ErrorCode::ShopClosed,
        message,
    ))
}

/// Validates, prices and stores one order; under a key, its 201 is kept in the same transaction. With a
/// `draft` (a preview's), priced from it and kept as a test order.
async fn place_order(
    app: &AppState,
    shop: &StoreRecord,
    request: OrderRequest,
    keyed: Option<&KeyedRequest>,
    draft: Option<&Catalog>,
    lang: &Lang,
) -> Result<Response, AppError> {
    refuse_if_closed(&shop.profile, now_ms(), lang)?;
    let offer = offer(shop);
    let delivery = request.fulfilment == Fulfilment::Delivery;
    let needs = customer::Needs {
        address: delivery,
        pincode: delivery && !offer.pincodes.is_empty(),
    };
    let customer = customer::validate(&request.customer, needs).said_in(lang)?;
    let pincode = Some(customer.pincode.as_str()).filter(|pincode| !pincode.is_empty());
    let plan = fulfilment::plan(&offer, request.fulfilment, pincode, request.slot.as_deref())
        .said_in(lang)?;
    let payment =
        payment::check_method(request.payment, request.fulfilment, &shop.profile).said_in(lang)?;
    let note = payment::normalise_note(&request.note).said_in(lang)?;
    // A language Haat does not speak (or no tag) is no error: the shop's messages are then in English.
    let language = Language::of_tag(&request.language).map(|language| language.as_str().to_owned());
    let cart = price(app, shop, &request.lines, plan.fees, draft, lang).await?;
    cart.require_stock().said_in(lang)?;
    pricing::check_minimum(&cart, shop.profile.min_order, &shop.profile.currency).said_in(lang)?;
    let token = secret::generate().map_err(|error| {
        AppError::Internal(format!("no randomness for an order token: {error}"))
    })?;
    let token_hash = secret::hash(&token);
    let (upi_id, payee) = (shop.profile.upi_id.clone(), shop.profile.name.clone());
    let render = Arc::new(move |order: &Order| {
        let mut order = order.clone();
        // A test order is paid for by nobody.
        order.payment_link = payment::payment_link(
            order.payment,
            upi_id.as_deref(),
            &payee,
            order.totals.total,
            order.id,
        )
        .filter(|_| !order.test);
        let placed = PlacedOrder {
            order,
            token: token.clone(),
        };
        (
            StatusCode::CREATED.as_u16(),
            serde_json::to_string(&placed).unwrap_or_default(),
        )
    });
    let completion = keyed.map(|keyed| Completion {
        request: keyed.clone(),
        render: render.clone(),
    });
    let placement = app
        .store
        .place_order(
            NewOrder {
                test: draft.is_some(),
                store_id: shop.id,
                store_slug: shop.profile.slug.clone(),
                currency: shop.profile.currency.clone(),
                customer,
                fulfilment: plan.fulfilment,
                slot: plan.slot,
                payment,
                note,
                language: language.unwrap_or_default(),
                lines: cart.lines,
                totals: cart.totals,
                token_hash,
                created_at_ms: now_ms(),
            },
            completion,
        )
        .await?;
    match placement {
        Placement::Placed(order) => {
            tracing::info!(
                order = order.id,
                total = order.totals.total.minor(),
                test = order.test,
                "order placed"
            );
            if !order.test {
                app.changes.notify_waiters();
            }
            let (status, body) = render(&order);
            Ok(json_response(status, body))
        }
        Placement::OutOfStock { line, available } => Err(PricingError::OutOfStock {
            name: line.name,
            label: line.variant_label,
            available: pricing::orderable_quantity(available),
            requested: line.quantity,
        })
        .said_in(lang),
        Placement::PriceChanged { line } => Err(PricingError::PriceChanged {
            name: line.name,
            label: line.variant_label,
        })
        .said_in(lang),
        Placement::KeyTaken => match keyed {
            Some(keyed) => earlier_answer(app, keyed).await,
            None => Err(AppError::Internal(
                "an order without a key was refused for its key".into(),
            )),
        },
    }
}

fn json_response(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// A stored answer sent again, marked as such.
/// A shopper reads an order with its secret token (`Authorization: Bearer <token>`). A wrong token gets the
/// same 404 as a missing order, so order ids cannot be probed.
pub async fn show(
    State(app): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    Bearer(token): Bearer,
    Voice(lang): Voice,
) -> Result<Json<Order>, AppError> {
    Ok(Json(shoppers_order(&app, id, token, &lang).await?))
}

/// The shopper cancels an order that the shop has not accepted yet; refused in the language
/// `Accept-Language` asks for.
pub async fn cancel(
    State(app): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    Bearer(token): Bearer,
    Voice(lang): Voice,
) -> Result<Json<Order>, AppError> {
    shoppers_order(&app, id, token, &lang).await?;
    let step = Move {
        to: OrderStatus::Cancelled,
        reason: None,
        note: None,
        from: None,
    };
    change_status(&app, id, None, step, Actor::Shopper, &lang).await
}

/// The order `id`, if `token` is its secret; else a 404, in `lang`.
async fn shoppers_order(
    app: &AppState,
    id: i64,
    token: Option<String>,
    lang: &Lang,
) -> Result<Order, AppError> {
    let token = token.ok_or_else(|| AppError::order_not_found(lang))?;
    match app.store.order(id).await? {
        Some(stored) if secret::matches(&token, &stored.token_hash) => Ok(stored.order),
        _ => Err(AppError::order_not_found(lang)),
    }
}

/// The merchant's order list, newest first, a page at a time (`Authorization: Bearer <merchant
/// token>`): `?status=placed,accepted&q=meena&before=120&limit=50`.
pub async fn list(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    ApiQuery(query): ApiQuery<OrderQuery>,
) -> Result<Json<OrderList>, AppError> {
    let filter = order_list::filter(&query).map_err(|invalid| {
        AppError::client(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidParameter,
            invalid.to_string(),
        )
    })?;
    Ok(Json(app.store.orders(shop.id, &filter).await?))
}

/// The query of a day's summary: the day, `YYYY-MM-DD` on the shops' clock; absent, today.
#[derive(Debug, Deserialize)]
pub struct SummaryQuery {
    day: Option<String>,
}

/// The shop's day as its owner reads it at closing time (`Authorization: Bearer <merchant token>`):
/// `?day=2026-11-28`, or today on the shops' clock.
pub async fn summary(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    ApiQuery(query): ApiQuery<SummaryQuery>,
) -> Result<Json<DaySummary>, AppError> {
    let day = match query.day.as_deref() {
        None => Day::at(now_ms()),
        Some(text) => Day::parse(text).map_err(|invalid| {
            AppError::client(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidParameter,
                invalid.to_string(),
            )
        })?,
    };
    let (from_ms, until_ms) = day.span_ms();
    let orders = app
        .store
        .orders_placed_between(shop.id, from_ms, until_ms)
        .await?;
    let summary = day_summary::summarise(day, &orders)
        .map_err(|too_large| AppError::Internal(format!("the summary of {day}: {too_large}")))?;
    Ok(Json(summary))
}

/// The merchant moves an order on: `{"status": "accepted"}`, or refuses it with a reason:
/// `{"status": "rejected", "reason": "out_of_stock"}`.
pub async fn update_status(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    ApiPath((_, id)): ApiPath<(String, i64)>,
    Voice(lang): Voice,
    body: ApiJson<StatusUpdate>,
) -> Result<Json<Order>, AppError> {
    let step = lifecycle::move_of(body.value).said_in(&lang)?;
    change_status(&app, id, Some(shop.id), step, Actor::Merchant, &lang).await
}

/// The shop changes a line before packing the order: `{"quantity": 1}` (0: the item is unavailable), or
/// replaces it: `{"quantity": 2, "replace_with": {"product": "sugar", "variant": "1kg"}}`.
pub async fn change_line(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    ApiPath((_, id, line)): ApiPath<(String, i64, i64)>,
    Voice(lang): Voice,
    body: ApiJson<LineChange>,
) -> Result<Json<Order>, AppError> {
    let LineChange {
        quantity,
        replace_with,
    } = body.value;
    let edit = match replace_with {
        None => LineEdit::Send(quantity),
        Some(pack) => {
            let key = VariantKey {
                product: pack.product,
                variant: pack.variant,
            };
            let found = app.store.sellable(shop.id, &[key], now_ms()).await?;
            let with = found
                .into_iter()
                .next()
                .ok_or_else(line_change::no_such_pack)
                .said_in(&lang)?;
            LineEdit::Replace { with, quantity }
        }
    };
    match app
        .store
        .change_line(shop.id, id, line, edit, now_ms())
        .await?
    {
        Some(Ok(order)) => {
            tracing::info!(order = order.id, line, quantity, "an order's line changed");
            app.changes.notify_waiters();
            Ok(Json(order))
        }
        Some(Err(refused)) => Err(refused.refusal(&lang)),
        None => Err(AppError::order_not_found(&lang)),
    }
}

/// The merchant marks an order paid: `{"via": "upi"}` (`PUT`), or takes the mark back (`DELETE`).
pub async fn mark_paid(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    ApiPath((_, id)): ApiPath<(String, i64)>,
    Voice(lang): Voice,
    body: ApiJson<MarkPaid>,
) -> Result<Json<Order>, AppError> {
    let at_ms = now_ms();
    let paid = Paid {
        via: body.value.via,
        at_ms,
    };
    set_paid(&app, shop.id, id, Some(paid), at_ms, &lang).await
}

/// The merchant takes back a mark of an order as paid.
pub async fn unmark_paid(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    ApiPath((_, id)): ApiPath<(String, i64)>,
    Voice(lang): Voice,
) -> Result<Json<Order>, AppError> {
    set_paid(&app, shop.id, id, None, now_ms(), &lang).await
}

/// Marks the order paid (or not); refused, in `lang`, for an order that was refused or cancelled.
async fn set_paid(
    app: &AppState,
    store_id: i64,
    order_id: i64,
    paid: Option<Paid>,
    at_ms: i64,
    lang: &Lang,
) -> Result<Json<Order>, AppError> {
    match app.store.mark_paid(store_id, order_id, paid, at_ms).await? {
        Some(Ok(order)) => {
            tracing::info!(order = order.id, paid = paid.is_some(), "order marked");
            app.changes.notify_waiters();
            Ok(Json(order))
        }
        Some(Err(refused)) => Err(refused.refusal(lang)),
        None => Err(AppError::order_not_found(lang)),
    }
}

/// Moves an order on as `actor` asks, by the lifecycle's rules: what the console, the shopper and the
/// shop's Telegram buttons all go through. A move the lifecycle refuses is said in `lang`.
pub(crate) async fn change_status(
    app: &AppState,
    order_id: i64,
    store_id: Option<i64>,
    step: Move,
    actor: Actor,
    lang: &Lang,
) -> Result<Json<Order>, AppError> {
    let to = step.to;
    let change = StatusChangeRequest {
        order_id,
        store_id,
        to,
        actor,
        at_ms: now_ms(),
        reason: step.reason,
        note: step.note,
        expected_from: step.from,
    };
    match app.store.change_status(change).await? {
        Some(Ok(order)) => {
            tracing::info!(
                order = order.id,
                status = to.as_str(),
                "order status changed"
            );
            app.changes.notify_waiters();
            Ok(Json(order))
        }
        Some(Err(invalid)) => Err(invalid.refusal(lang)),
        None => Err(AppError::order_not_found(lang)),
    }
}

/// What the shop offers for getting orders to shoppers.
fn offer(shop: &StoreRecord) -> fulfilment::Offer<'_> {
    let profile = &shop.profile;
    fulfilment::Offer {
        pincodes: &profile.delivery_pincodes,
        pickup: profile.pickup,
        slots: &profile.delivery_slots,
        fees: FeeRules {
            delivery_fee: profile.delivery_fee,
            free_delivery_from: profile.free_delivery_from,
        },
    }
}

/// Normalises the lines and prices them against the shop's catalog as it is now, or against its `draft`
/// as a preview shows it.
async fn price(
    app: &AppState,
    shop: &StoreRecord,
    lines: &[LineRequest],
    fees: FeeRules,
    draft: Option<&Catalog>,
    lang: &Lang,
) -> Result<PricedCart, AppError> {
    let lines = pricing::normalise_lines(lines).said_in(lang)?;
    let sellable = match draft {
        Some(catalog) => pricing::sellable_in(catalog, &lines),
        None => {
            let keys: Vec<VariantKey> = lines
                .iter()
                .map(|line| VariantKey {
                    product: line.product.clone(),
                    variant: line.variant.clone(),
                })
                .collect();
            app.store.sellable(shop.id, &keys, now_ms()).await?
        }
    };
    pricing::price_cart(&lines, &sellable, fees).said_in(lang)
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
        })
}
