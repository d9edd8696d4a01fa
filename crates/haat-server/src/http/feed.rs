//! The merchant's live order feed: `GET /api/stores/{store}/orders/events` as server-sent events.
//!
//! Each event is one order placed or moved on (`event: order`, `id: <event id>`, `data: <Order JSON>`).
//! The feed reads the database, not process memory, so it sees orders taken by any server process; a
//! process wakes its own feeds at once and polls for the others' twice a second. A reconnecting
//! `EventSource` resumes after the `Last-Event-ID` it last saw.

use std::{
    collections::VecDeque,
    convert::Infallible,
    time::{Duration, Instant},
};

use axum::{
    extract::{Query, State},
    http::{HeaderMap, Uri},
    response::sse::{Event, KeepAlive, Sse},
};
use futures_util::{Stream, stream};
use serde::Deserialize;
use tokio::sync::watch;

use super::{
    AppState,
    extract::{ApiPath, ApiQuery, Bearer, merchants_shop},
    language,
};
use crate::{
    error::AppError,
    store::{OrderEvent, StoreError, StoreRecord},
};

const POLL_EVERY: Duration = Duration::from_millis(500);
/// How often a feed with nothing to send asks whether its secret is still the shop's.
const CHECK_SECRET_EVERY: Duration = Duration::from_secs(10);
const BATCH: i64 = 100;

#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    /// Start after this event id (default: only what happens from now on).
    after: Option<i64>,
}

/// The merchant token in the address, for clients like `EventSource` that cannot send headers.
#[derive(Debug, Deserialize)]
struct QueryToken {
    access_token: Option<String>,
}

pub async fn order_events(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    Bearer(token): Bearer,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    // The secret first (from the header, else the address), then the rest of the address.
    let token = token.or_else(|| {
        Query::<QueryToken>::try_from_uri(&uri)
            .ok()
            .and_then(|Query(query)| query.access_token)
    });
    let lang = app.voice(language::asked(&headers));
    let shop = merchants_shop(&app, &slug, token, &lang).await?;
    let ApiQuery(query) = ApiQuery::<FeedQuery>::of(&uri)?;
    let resume = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok())
        .or(query.after);
    let after = match resume {
        Some(after) => after,
        None => app.store.last_event_id(shop.id).await?,
    };
    let feed = Feed {
        closing: app.closing().subscribe(),
        app,
        shop,
        checked: Instant::now(),
        after,
        ready: VecDeque::new(),
    };
    Ok(Sse::new(stream::unfold(feed, |mut feed| async move {
        let event = feed.next().await?;
        Some((Ok(event), feed))
    }))
    .keep_alive(KeepAlive::default()))
}

struct Feed {
    app: AppState,
    /// The shop as it was when the feed opened, with the secret that opened it.
    shop: StoreRecord,
    /// When the secret was last found to be still the shop's.
    checked: Instant,
    after: i64,
    ready: VecDeque<Event>,
    /// True once the server is stopping: the feed ends (the browser's `EventSource` connects again,
    /// to this server when it is back or to another, and resumes after the last event it saw).
    closing: watch::Receiver<bool>,
}

impl Feed {
    /// The next event; `None` once the server is stopping, or once the shop's owner has replaced the secret
    /// that opened the feed (no order leaves on an old secret).
    async fn next(&mut self) -> Option<Event> {
        loop {
            if *self.closing.borrow() {
                return None;
            }
            if let Some(event) = self.ready.pop_front() {
                return Some(event);
            }
            // Subscribe before reading, so a change committed in between still wakes us.
            let changed = self.app.changes.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let events = match self
                .app
                .store
                .events_since(self.shop.id, self.after, BATCH)
                .await
            {
                Ok(events) => events,
                Err(error) => {
                    tracing::warn!(%error, "order feed could not read events; retrying");
                    tokio::time::sleep(POLL_EVERY).await;
                    continue;
                }
            };
            // Before any order goes out, and now and then while none does.
            if !events.is_empty() || self.checked.elapsed() >= CHECK_SECRET_EVERY {
                match self.secret_holds().await {
                    Ok(true) => self.checked = Instant::now(),
                    Ok(false) => return None,
                    Err(error) => {
                        tracing::warn!(%error, "order feed could not read its shop; retrying");
                        tokio::time::sleep(POLL_EVERY).await;
                        continue;
                    }
                }
            }
            if events.is_empty() {
                tokio::select! {
                    () = changed => {}
                    () = tokio::time::sleep(POLL_EVERY) => {}
                    _ = self.closing.changed() => {}
                }
                continue;
            }
            for event in events {
                match self.render(&event).await {
                    Ok(sse) => {
                        self.after = event.id;
                        self.ready.extend(sse);
                    }
                    // Not passed over: read again from this event on, after what is ready goes out.
                    Err(error) => {
                        tracing::warn!(%error, order = event.order_id, "order feed could not read an order; retrying");
                        if self.ready.is_empty() {
                            tokio::time::sleep(POLL_EVERY).await;
                        }
                        break;
                    }
                }
            }
        }
    }

    /// Whether the secret that opened the feed is still the shop's.
    async fn secret_holds(&self) -> Result<bool, StoreError> {
        let now = self
            .app
            .store
            .store_by_slug(&self.shop.profile.slug)
            .await?;
        Ok(now.is_some_and(|now| now.merchant_token_hash == self.shop.merchant_token_hash))
    }

    /// The event as it goes out: the order as it stands now (none for an order no longer stored).
    async fn render(&self, event: &OrderEvent) -> Result<Option<Event>, StoreError> {
        let stored = self.app.store.order(event.order_id).await?;
        Ok(stored.and_then(|stored| {
            Event::default()
                .event("order")
                .id(event.id.to_string())
                .json_data(&stored.order)
                .ok()
        }))
    }
}
