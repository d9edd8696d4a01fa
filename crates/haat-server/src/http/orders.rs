//! Quotes and orders: priced by the server from its own catalog, stored with stock taken in one transaction.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use haat_api::{LineRequest, Order, OrderList, OrderRequest, PlacedOrder, Quote, QuoteRequest};

use super::{
    AppState,
    extract::{ApiJson, Bearer},
};
use crate::{
    domain::{
        customer,
        pricing::{self, FeeRules, PricedCart, PricingError},
        secret,
    },
    error::AppError,
    store::{NewOrder, Placement, StoreError, StoreRecord, VariantKey},
};

pub async fn quote(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    ApiJson(request): ApiJson<QuoteRequest>,
) -> Result<Json<Quote>, AppError> {
    let shop = app.shop(&slug).await?;
    let cart = price(&app, &shop, &request.lines).await?;
    Ok(Json(Quote {
        currency: shop.profile.currency,
        lines: cart.lines,
        totals: cart.totals,
    }))
}

pub async fn place(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    ApiJson(request): ApiJson<OrderRequest>,
) -> Result<(StatusCode, Json<PlacedOrder>), AppError> {
    let shop = app.shop(&slug).await?;
    let customer = customer::validate(&request.customer)?;
    let cart = price(&app, &shop, &request.lines).await?;
    pricing::check_minimum(&cart, shop.profile.min_order)?;
    let token = secret::generate().map_err(|error| StoreError::Corrupt(error.to_string()))?;
    let placement = app
        .store
        .place_order(NewOrder {
            store_id: shop.id,
            store_slug: shop.profile.slug,
            currency: shop.profile.currency,
            customer,
            lines: cart.lines,
            totals: cart.totals,
            token_hash: secret::hash(&token),
            created_at_ms: now_ms(),
        })
        .await?;
    match placement {
        Placement::Placed(order) => {
            tracing::info!(
                order = order.id,
                total = order.totals.total.minor(),
                "order placed"
            );
            Ok((StatusCode::CREATED, Json(PlacedOrder { order, token })))
        }
        Placement::OutOfStock { line, available } => Err(PricingError::OutOfStock {
            name: line.name,
            label: line.variant_label,
            available: pricing::orderable_quantity(available),
            requested: line.quantity,
        }
        .into()),
        Placement::PriceChanged { line } => Err(PricingError::PriceChanged {
            name: line.name,
            label: line.variant_label,
        }
        .into()),
    }
}

/// A shopper reads an order with its secret token (`Authorization: Bearer <token>`). A wrong token gets the
/// same 404 as a missing order, so order ids cannot be probed.
pub async fn show(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    Bearer(token): Bearer,
) -> Result<Json<Order>, AppError> {
    let token = token.ok_or_else(AppError::order_not_found)?;
    match app.store.order(id).await? {
        Some(stored) if secret::matches(&token, &stored.token_hash) => Ok(Json(stored.order)),
        _ => Err(AppError::order_not_found()),
    }
}

/// The merchant's order list, newest first (`Authorization: Bearer <merchant token>`).
pub async fn list(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    Bearer(token): Bearer,
) -> Result<Json<OrderList>, AppError> {
    let shop = app.shop(&slug).await?;
    match token {
        Some(token) if secret::matches(&token, &shop.merchant_token_hash) => Ok(Json(OrderList {
            orders: app.store.orders(shop.id).await?,
        })),
        _ => Err(AppError::unauthorized()),
    }
}

/// Normalises the lines and prices them against the shop's catalog as it is now.
async fn price(
    app: &AppState,
    shop: &StoreRecord,
    lines: &[LineRequest],
) -> Result<PricedCart, AppError> {
    let lines = pricing::normalise_lines(lines)?;
    let keys: Vec<VariantKey> = lines
        .iter()
        .map(|line| VariantKey {
            product: line.product.clone(),
            variant: line.variant.clone(),
        })
        .collect();
    let sellable = app.store.sellable(shop.id, &keys).await?;
    let fees = FeeRules {
        delivery_fee: shop.profile.delivery_fee,
        free_delivery_from: shop.profile.free_delivery_from,
    };
    Ok(pricing::price_cart(&lines, &sellable, fees)?)
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
        })
}
