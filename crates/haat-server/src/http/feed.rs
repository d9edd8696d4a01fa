//! The merchant's live order feed: `GET /api/stores/{store}/orders/events` as server-sent events.
//!
//! Each event is one order placed or moved on (`event: order`, `id: <event id>`, `data: <Order JSON>`).
//! The feed reads the database, not process memory, so it sees orders taken by any server process; a
//! process wakes its own feeds at once and polls for the others' twice a second. A reconnecting
//! `EventSource` resumes after the `Last-Event-ID` it last saw.

use std::{collections::VecDeque, convert::Infallible, time::Duration};

use axum::{
    extract::State,
    http::HeaderMap,
    response::sse::{Event, KeepAlive, Sse},
};
use futures_util::{Stream, stream};
use serde::Deserialize;
use tokio::sync::watch;

use super::{
    AppState,
    extract::{ApiPath, ApiQuery, Bearer},
    orders::merchants_shop,
};
use crate::{error::AppError, store::OrderEvent};

const POLL_EVERY: Duration = Duration::from_millis(500);
const BATCH: i64 = 100;

#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    /// Start after this event id (default: only what happens from now on).
    after: Option<i64>,
    /// The merchant token, for clients like `EventSource` that cannot send headers.
    access_token: Option<String>,
}

pub async fn order_events(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<FeedQuery>,
    Bearer(token): Bearer,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let shop = merchants_shop(&app, &slug, token.or(query.access_token)).await?;
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
        store_id: shop.id,
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
    store_id: i64,
    after: i64,
    ready: VecDeque<Event>,
    /// True once the server is stopping: the feed ends (the browser's `EventSource` connects again,
    /// to this server when it is back or to another, and resumes after the last event it saw).
    closing: watch::Receiver<bool>,
}

impl Feed {
    /// The next event; `None` once the server is stopping.
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
            match self
                .app
                .store
                .events_since(self.store_id, self.after, BATCH)
                .await
            {
                Ok(events) if !events.is_empty() => {
                    for event in events {
                        self.after = event.id;
                        if let Some(sse) = self.render(event).await {
                            self.ready.push_back(sse);
                        }
                    }
                }
                Ok(_) => {
                    tokio::select! {
                        () = changed => {}
                        () = tokio::time::sleep(POLL_EVERY) => {}
                        _ = self.closing.changed() => {}
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "order feed could not read events; retrying");
                    tokio::time::sleep(POLL_EVERY).await;
                }
            }
        }
    }

    async fn render(&self, event: OrderEvent) -> Option<Event> {
        match self.app.store.order(event.order_id).await {
            Ok(Some(stored)) => Event::default()
                .event("order")
                .id(event.id.to_string())
                .json_data(&stored.order)
                .ok(),
            Ok(None) => None,
            Err(error) => {
                tracing::warn!(%error, order = event.order_id, "order feed could not read an order");
                None
            }
        }
    }
}
