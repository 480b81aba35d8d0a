//! One hub per server: loads new event rows in order and hands them to this server's
//! WebSocket connections through a bounded broadcast channel.

use super::record::{CHANNEL, WAKE};
use crate::{auth::CurrentUser, db::events, error::AppError, realtime::kind};
use axum::extract::ws::Utf8Bytes;
use chrono::{Duration, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use std::sync::{
    Arc, Weak,
    atomic::{AtomicI64, Ordering},
};
use tokio::sync::{Notify, broadcast};

/// Events a connection may fall behind by before it reloads them from the database.
const BUFFER: usize = 4096;
/// Rows loaded per query.
const PAGE: u64 = 512;
/// How often a hub looks for new events without being woken.
const POLL: std::time::Duration = std::time::Duration::from_secs(1);
/// Events older than this are deleted; a browser away longer reloads instead.
const KEEP_DAYS: i64 = 2;

/// An event as connections receive it.
#[derive(Debug)]
pub struct Event {
    /// Sequence number (the row id).
    pub seq: i64,
    /// Its type.
    pub kind: String,
    /// The thread it is about.
    pub thread_id: Option<String>,
    agent_id: Option<i64>,
    other_agent_id: Option<i64>,
    /// The envelope `{type, seq, payload}` as JSON, serialised once: every connection
    /// sends these same bytes (a clone is a reference count, not a copy).
    pub json: Utf8Bytes,
}

impl Event {
    /// May `user` see it? Admins see everything; an agent sees the events of the threads
    /// they own, of a lead taken from them, their own notices, and what everyone is
    /// told (the label list).
    pub fn visible_to(&self, user: &CurrentUser) -> bool {
        kind::FOR_EVERYONE.contains(&self.kind.as_str())
            || user.may_see(self.agent_id)
            || user.may_see(self.other_agent_id)
    }

    /// Is it addressed to agent `agent_id` (not merely visible to admins)?
    pub fn is_for(&self, agent_id: i64) -> bool {
        self.agent_id == Some(agent_id)
    }

    fn from_row(row: events::Model) -> Self {
        let payload: serde_json::Value =
            serde_json::from_str(&row.payload).unwrap_or(serde_json::Value::Null);
        let json = serde_json::json!({ "type": row.kind, "seq": row.id, "payload": payload });
        Self {
            seq: row.id,
            kind: row.kind,
            thread_id: row.thread_id,
            agent_id: row.agent_id,
            other_agent_id: row.other_agent_id,
            json: Utf8Bytes::from(json.to_string()),
        }
    }
}

/// This server's fan-out of events.
#[derive(Debug)]
pub struct Hub {
    sender: broadcast::Sender<Arc<Event>>,
    latest: AtomicI64,
}

impl Hub {
    /// Starts the hub's reader task, from the newest event already stored. The task
    /// ends soon after the hub is dropped.
    pub async fn start(db: DatabaseConnection) -> Result<Arc<Self>, AppError> {
        let latest = newest(&db).await?;
        let (sender, _) = broadcast::channel(BUFFER);
        let hub = Arc::new(Self {
            sender,
            latest: AtomicI64::new(latest),
        });
        tokio::spawn(pump(Arc::downgrade(&hub), db, latest));
        Ok(hub)
    }

    /// Receives every event from now on (check [`Event::visible_to`]).
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Event>> {
        self.sender.subscribe()
    }

    /// The newest sequence this hub has handed out.
    pub fn latest(&self) -> i64 {
        self.latest.load(Ordering::Acquire)
    }

    /// Connections currently listening.
    pub fn listeners(&self) -> usize {
        self.sender.receiver_count()
    }
}

async fn newest(db: &impl ConnectionTrait) -> Result<i64, AppError> {
    let max: Option<Option<i64>> = events::Entity::find()
        .select_only()
        .column_as(events::Column::Id.max(), "max")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().unwrap_or(0))
}

/// Waits for a wake-up (this process committed events, another server announced some,
/// or a second passed), then loads and broadcasts everything after `last`.
async fn pump(hub: Weak<Hub>, db: DatabaseConnection, mut last: i64) {
    let announced = Arc::new(Notify::new());
    let listen = listen(db.clone(), announced.clone());
    let read = async {
        let mut wake = WAKE.subscribe();
        let mut pruned_at = Utc::now() - Duration::hours(1);
        loop {
            tokio::select! {
                _ = wake.changed() => {}
                () = announced.notified() => {}
                () = tokio::time::sleep(POLL) => {}
            }
            let Some(hub) = hub.upgrade() else { return };
            loop {
                let rows = match events::Entity::find()
                    .filter(events::Column::Id.gt(last))
                    .order_by_asc(events::Column::Id)
                    .limit(PAGE)
                    .all(&db)
                    .await
                {
                    Ok(rows) => rows,
                    Err(e) => {
                        tracing::warn!(error = %e, "loading new events failed");
                        break;
                    }
                };
                let full = rows.len() as u64 == PAGE;
                for row in rows {
                    last = row.id;
                    hub.latest.store(last, Ordering::Release);
                    // Nobody listening is fine: there is nothing to deliver.
                    let _ = hub.sender.send(Arc::new(Event::from_row(row)));
                }
                if !full {
                    break;
                }
            }
            if Utc::now() - pruned_at > Duration::minutes(10) {
                pruned_at = Utc::now();
                let cutoff = Utc::now() - Duration::days(KEEP_DAYS);
                if let Err(e) = events::Entity::delete_many()
                    .filter(events::Column::CreatedAt.lt(cutoff))
                    .exec(&db)
                    .await
                {
                    tracing::warn!(error = %e, "pruning old events failed");
                }
            }
        }
    };
    // Stops listening when the reader ends (the hub was dropped).
    tokio::select! {
        () = read => {}
        () = listen => {}
    }
}

/// On PostgreSQL, turns `NOTIFY serambi_events` from any server into a wake-up. Never
/// returns; on SQLite it only waits.
async fn listen(db: DatabaseConnection, announced: Arc<Notify>) {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return std::future::pending().await;
    }
    let pool = db.get_postgres_connection_pool().clone();
    loop {
        match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(e) = listener.listen(CHANNEL).await {
                    tracing::warn!(error = %e, "LISTEN failed");
                } else {
                    // `recv` reconnects by itself after a dropped connection.
                    while listener.recv().await.is_ok() {
                        announced.notify_one();
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "connecting the event listener failed"),
        }
        // Poll meanwhile; try again shortly.
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
}

/// What a reconnecting browser missed.
#[derive(Debug)]
pub enum CatchUp {
    /// The events after the browser's sequence that it may see, in order.
    Events(Vec<Arc<Event>>),
    /// Too many, or already deleted: the browser reloads what it shows.
    TooOld,
}

/// The events after `after` that `viewer` may see, at most `limit` of them.
#[tracing::instrument(skip_all, fields(viewer = viewer.id, after = %after), err(level = "info"))]
pub async fn catch_up(
    db: &impl ConnectionTrait,
    after: i64,
    viewer: &CurrentUser,
    limit: u64,
) -> Result<CatchUp, AppError> {
    let oldest: Option<Option<i64>> = events::Entity::find()
        .select_only()
        .column_as(events::Column::Id.min(), "min")
        .into_tuple()
        .one(db)
        .await?;
    if let Some(oldest) = oldest.flatten()
        && oldest > after + 1
        && after > 0
    {
        // Events right after `after` may have been deleted.
        return Ok(CatchUp::TooOld);
    }
    let mut query = events::Entity::find()
        .filter(events::Column::Id.gt(after))
        .order_by_asc(events::Column::Id)
        .limit(limit + 1);
    if !viewer.is_admin() {
        query = query.filter(
            Condition::any()
                .add(events::Column::AgentId.eq(viewer.id))
                .add(events::Column::OtherAgentId.eq(viewer.id))
                .add(events::Column::Kind.is_in(kind::FOR_EVERYONE)),
        );
    }
    let rows = query.all(db).await?;
    if rows.len() as u64 > limit {
        return Ok(CatchUp::TooOld);
    }
    Ok(CatchUp::Events(
        rows.into_iter()
            .map(|r| Arc::new(Event::from_row(r)))
            .collect(),
    ))
}
