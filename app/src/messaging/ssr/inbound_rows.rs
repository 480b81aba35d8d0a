//! The inbound batch's writes as a few multi-row statements: every message of a batch
//! in one `INSERT … RETURNING`, their attachments in one more, and every thread they
//! touched in one `UPDATE … FROM (VALUES …)`. On PostgreSQL each statement is a round
//! trip to the server; a batch of 64 messages would otherwise pay 130 of them.

use super::Routed;
use crate::{
    db::{message_media, messages, threads},
    domain::{Direction, MessageStatus},
    error::AppError,
};
use sea_orm::{ConnectionTrait, DatabaseBackend, EntityTrait, QueryTrait, Set, Statement, Value};
use std::collections::HashMap;

/// The row a routed message is stored as.
pub fn message_row(routed: &Routed, thread_id: &str) -> messages::ActiveModel {
    let msg = &routed.message;
    let now = msg.received_at;
    messages::ActiveModel {
        thread_id: Set(thread_id.to_owned()),
        account_id: Set(routed.account.id.clone()),
        direction: Set(Direction::Inbound),
        message_type: Set(msg.message_type()),
        body: Set(msg.body.clone()),
        provider_message_id: Set(Some(msg.message_sid.clone())),
        status: Set(MessageStatus::Received),
        is_auto_reply: Set(routed.is_auto_reply),
        latitude: Set(msg.location.map(|l| l.0)),
        longitude: Set(msg.location.map(|l| l.1)),
        attempts: Set(0),
        template_credited: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Inserts `rows` (made by [`message_row`] from `routed`, in the same order) and the
/// attachments of each, in two statements; returns the stored messages in that order.
pub async fn insert_messages(
    txn: &impl ConnectionTrait,
    rows: Vec<messages::ActiveModel>,
    routed: &[&Routed],
) -> Result<Vec<messages::Model>, sea_orm::DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let backend = txn.get_database_backend();
    let mut insert = messages::Entity::insert_many(rows).into_query();
    insert.returning_all();
    let stored = messages::Entity::find()
        .from_raw_sql(backend.build(&insert))
        .all(txn)
        .await?;
    // The database returns the rows in no promised order: each is matched to its
    // message by its account and MessageSid, which are unique.
    let mut by_sid: HashMap<(String, String), messages::Model> = stored
        .into_iter()
        .filter_map(|m| Some(((m.account_id.clone(), m.provider_message_id.clone()?), m)))
        .collect();
    let mut ordered = Vec::with_capacity(routed.len());
    let mut media = Vec::new();
    for r in routed {
        let key = (r.account.id.clone(), r.message.message_sid.clone());
        let message = by_sid
            .remove(&key)
            .ok_or_else(|| sea_orm::DbErr::RecordNotInserted)?;
        for (position, m) in r.message.media.iter().enumerate() {
            media.push(message_media::ActiveModel {
                message_id: Set(message.id),
                position: Set(position as i32),
                provider_url: Set(Some(m.url.clone())),
                content_type: Set(m.content_type.clone()),
                status: Set(crate::domain::MediaStatus::Pending),
                created_at: Set(r.message.received_at),
                ..Default::default()
            });
        }
        ordered.push(message);
    }
    if !media.is_empty() {
        message_media::Entity::insert_many(media)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(ordered)
}

/// A thread's last-message fields after a batch, and how many messages it gained.
pub struct ThreadChange<'a> {
    /// The thread as the batch left it.
    pub thread: &'a threads::Model,
    /// Added to its unread count (added, not set, so a concurrent mark-as-read is
    /// never undone).
    pub added: i32,
}

/// Writes every thread's new last-message fields in one statement.
pub async fn update_threads(
    txn: &impl ConnectionTrait,
    changes: &[ThreadChange<'_>],
) -> Result<(), AppError> {
    if changes.is_empty() {
        return Ok(());
    }
    let backend = txn.get_database_backend();
    let postgres = backend == DatabaseBackend::Postgres;
    // PostgreSQL types a VALUES list from its parameters only when told; SQLite's
    // columns take what they are given.
    let types = [
        "text",
        "integer",
        "timestamptz",
        "text",
        "text",
        "timestamptz",
        "boolean",
        "text",
        "timestamptz",
    ];
    let mut values: Vec<Value> = Vec::with_capacity(changes.len() * types.len());
    let mut tuples = Vec::with_capacity(changes.len());
    for change in changes {
        let t = change.thread;
        let first = values.len();
        values.extend([
            Value::from(t.id.clone()),
            Value::from(change.added),
            Value::from(t.last_message_at),
            Value::from(t.last_message_preview.clone()),
            Value::from(t.last_message_direction),
            Value::from(t.last_inbound_at),
            Value::from(t.last_inbound_auto_reply),
            Value::from(t.profile_name.clone()),
            Value::from(t.updated_at),
        ]);
        let params: Vec<String> = types
            .iter()
            .enumerate()
            .map(|(i, ty)| {
                if postgres {
                    format!("CAST(${} AS {ty})", first + i + 1)
                } else {
                    "?".to_owned()
                }
            })
            .collect();
        tuples.push(format!("({})", params.join(", ")));
    }
    // Both databases name a VALUES list's columns column1, column2, ….
    let sql = format!(
        "UPDATE threads SET \
         unread_count = threads.unread_count + v.column2, \
         last_message_at = v.column3, \
         last_message_preview = v.column4, \
         last_message_direction = v.column5, \
         last_inbound_at = v.column6, \
         last_inbound_auto_reply = v.column7, \
         profile_name = v.column8, \
         updated_at = v.column9 \
         FROM (VALUES {}) AS v WHERE threads.id = v.column1",
        tuples.join(", ")
    );
    txn.execute(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(())
}
