//! Writing events, inside the transaction of the change they describe.

use crate::{db::events, error::AppError};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, EntityTrait, Set, Statement};
use std::sync::LazyLock;
use tokio::sync::watch;

/// The PostgreSQL channel servers announce new events on.
pub const CHANNEL: &str = "serambi_events";

/// The advisory lock that orders event writers on PostgreSQL (any fixed number).
const EVENTS_LOCK: i64 = 0x5e7a_3b1e_0001;

/// An event to record.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// One of [`crate::realtime::kind`].
    pub kind: &'static str,
    /// The thread it is about.
    pub thread_id: Option<String>,
    /// The agent who may see it (the thread's owner, a notice's addressee); admins
    /// see every event.
    pub agent_id: Option<i64>,
    /// A second agent who may see it (the owner a lead was taken from).
    pub other_agent_id: Option<i64>,
    /// What happened, as JSON.
    pub payload: serde_json::Value,
}

impl NewEvent {
    /// An event every logged-in user receives (one of [`crate::realtime::kind::FOR_EVERYONE`]).
    pub fn everyone(kind: &'static str, payload: serde_json::Value) -> Self {
        Self {
            kind,
            thread_id: None,
            agent_id: None,
            other_agent_id: None,
            payload,
        }
    }

    /// [`crate::realtime::kind::SESSION_ENDED`] for `agent_id`.
    pub fn session_ended(agent_id: i64) -> Self {
        Self {
            kind: crate::realtime::kind::SESSION_ENDED,
            thread_id: None,
            agent_id: Some(agent_id),
            other_agent_id: None,
            payload: serde_json::json!({}),
        }
    }

    /// An event about `thread_id`, seen by its owner `owner`.
    pub fn thread(
        kind: &'static str,
        thread_id: &str,
        owner: Option<i64>,
        payload: serde_json::Value,
    ) -> Self {
        Self {
            kind,
            thread_id: Some(thread_id.to_owned()),
            agent_id: owner,
            other_agent_id: None,
            payload,
        }
    }
}

/// Records `events` inside `txn`, just before it commits; call [`committed`] after the
/// commit. On PostgreSQL an advisory lock held to the end of the transaction makes
/// event ids grow in commit order: a reader that has seen id `n` never later finds a
/// smaller id committed, so "everything after `n`" is always complete. SQLite has one
/// writer at a time and needs no lock.
pub async fn record(
    txn: &impl ConnectionTrait,
    events: Vec<NewEvent>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if events.is_empty() {
        return Ok(());
    }
    let postgres = txn.get_database_backend() == DatabaseBackend::Postgres;
    if postgres {
        txn.execute(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [EVENTS_LOCK.into()],
        ))
        .await?;
    }
    let rows = events.into_iter().map(|e| events::ActiveModel {
        kind: Set(e.kind.to_owned()),
        agent_id: Set(e.agent_id),
        other_agent_id: Set(e.other_agent_id),
        thread_id: Set(e.thread_id),
        payload: Set(e.payload.to_string()),
        created_at: Set(now),
        ..Default::default()
    });
    let last = events::Entity::insert_many(rows)
        .exec(txn)
        .await?
        .last_insert_id;
    if postgres {
        // Delivered to every listening server when (and only if) the transaction commits.
        txn.execute(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), last.to_string().into()],
        ))
        .await?;
    }
    Ok(())
}

/// Wakes this process's hubs: call it after committing a transaction that recorded
/// events. (Other processes hear of them through PostgreSQL; a hub also looks by itself
/// every second, so a forgotten call delays events but never loses them.)
pub fn committed() {
    WAKE.send_modify(|n| *n = n.wrapping_add(1));
}

/// A counter every hub of this process watches.
pub(super) static WAKE: LazyLock<watch::Sender<u64>> = LazyLock::new(|| watch::channel(0).0);

/// Records one event about thread `thread_id` (seen by its current owner) in a
/// transaction of its own, for changes made outside one (delivery statuses, reads).
/// A failure is logged, not returned: the change itself already happened, and a
/// browser that misses the event still sees the change on its next reload.
pub async fn publish_thread_event(
    db: &sea_orm::DatabaseConnection,
    kind: &'static str,
    thread_id: &str,
    payload: serde_json::Value,
) {
    use sea_orm::TransactionTrait;
    let result = async {
        let owner = crate::db::threads::Entity::find_by_id(thread_id.to_owned())
            .one(db)
            .await?
            .and_then(|t| t.owner_id);
        let txn = db.begin().await?;
        record(
            &txn,
            vec![NewEvent::thread(kind, thread_id, owner, payload)],
            Utc::now(),
        )
        .await?;
        txn.commit().await?;
        committed();
        Ok::<_, AppError>(())
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(error = %e, kind, thread_id, "recording an event failed");
    }
}
