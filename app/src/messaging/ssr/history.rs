//! Reading a thread's history and marking messages read.

use crate::{
    auth::CurrentUser,
    db::{message_media, messages, threads},
    domain::Direction,
    error::AppError,
    messaging::{MediaView, MessagePage, MessageView},
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};
use std::collections::HashMap;

/// The thread `id` if `viewer` may see it (its owner or an admin); otherwise
/// `NotFound`, so other agents cannot even learn that it exists.
pub async fn visible_thread(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    id: &str,
) -> Result<threads::Model, AppError> {
    threads::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .filter(|t| viewer.may_see(t.owner_id))
        .ok_or_else(|| AppError::NotFound(format!("thread {id}")))
}

impl From<message_media::Model> for MediaView {
    fn from(m: message_media::Model) -> Self {
        let stored = m.status == crate::domain::MediaStatus::Stored;
        Self {
            id: m.id,
            url: stored.then(|| format!("/api/media/{}", m.id)),
            content_type: m.content_type,
            status: m.status,
            size_bytes: m.size_bytes,
        }
    }
}

/// The attachments of messages `ids`, in order, by message.
pub async fn media_of(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<MediaView>>, AppError> {
    let mut by_message: HashMap<i64, Vec<MediaView>> = HashMap::new();
    if ids.is_empty() {
        return Ok(by_message);
    }
    let rows = message_media::Entity::find()
        .filter(message_media::Column::MessageId.is_in(ids.iter().copied()))
        .order_by_asc(message_media::Column::MessageId)
        .order_by_asc(message_media::Column::Position)
        .all(db)
        .await?;
    for row in rows {
        by_message
            .entry(row.message_id)
            .or_default()
            .push(row.into());
    }
    Ok(by_message)
}

/// A page of `thread_id`'s messages older than message `before`, newest first.
#[tracing::instrument(skip_all, fields(viewer = viewer.id, thread_id = %thread_id), err(level = "info"))]
pub async fn history(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    thread_id: &str,
    before: Option<i64>,
    limit: Option<u32>,
) -> Result<MessagePage, AppError> {
    let thread = visible_thread(db, viewer, thread_id).await?;
    let limit = limit.unwrap_or(50).clamp(1, 200);
    let mut query =
        messages::Entity::find().filter(messages::Column::ThreadId.eq(thread.id.as_str()));
    if let Some(before) = before {
        query = query.filter(messages::Column::Id.lt(before));
    }
    // Ids grow with time within a thread (messages are stored as they happen).
    let rows = query
        .order_by_desc(messages::Column::Id)
        .limit(u64::from(limit) + 1)
        .all(db)
        .await?;
    let has_more = rows.len() > limit as usize;
    let mut items: Vec<MessageView> = rows
        .into_iter()
        .take(limit as usize)
        .map(MessageView::from)
        .collect();
    let ids: Vec<i64> = items.iter().map(|m| m.id).collect();
    let mut media = media_of(db, &ids).await?;
    let saved = crate::db::contacts::Entity::find()
        .filter(crate::db::contacts::Column::PhoneNumber.eq(thread.contact_number.as_str()))
        .one(db)
        .await?
        .map(|c| c.name);
    let sender_name = crate::domain::contact_name(saved.as_deref(), thread.profile_name.as_deref());
    for item in &mut items {
        item.set_media(media.remove(&item.id).unwrap_or_default());
        if item.direction == crate::domain::Direction::Inbound {
            item.sender_name.clone_from(&sender_name);
        }
    }
    let next_before = if has_more {
        items.last().map(|m| m.id)
    } else {
        None
    };
    Ok(MessagePage { items, next_before })
}

/// Marks inbound message `id` and everything before it in its thread read, and
/// recounts the thread's unread messages.
#[tracing::instrument(skip_all, fields(viewer = viewer.id, message_id = id), err(level = "info"))]
pub async fn mark_read(
    db: &sea_orm::DatabaseConnection,
    viewer: &CurrentUser,
    id: i64,
) -> Result<(), AppError> {
    let message = messages::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("message {id}")))?;
    let thread = visible_thread(db, viewer, &message.thread_id)
        .await
        .map_err(|_| AppError::NotFound(format!("message {id}")))?;
    let now = Utc::now();
    let newly_read = messages::Entity::update_many()
        .col_expr(messages::Column::ReadAt, Expr::value(now))
        .filter(messages::Column::ThreadId.eq(thread.id.as_str()))
        .filter(messages::Column::Direction.eq(Direction::Inbound))
        .filter(messages::Column::Id.lte(id))
        .filter(messages::Column::ReadAt.is_null())
        .exec(db)
        .await?
        .rows_affected;
    // Reading what was read already changes nothing and tells nobody.
    if newly_read == 0 {
        return Ok(());
    }
    let unread = messages::Entity::find()
        .filter(messages::Column::ThreadId.eq(thread.id.as_str()))
        .filter(messages::Column::Direction.eq(Direction::Inbound))
        .filter(messages::Column::ReadAt.is_null())
        .count(db)
        .await?;
    threads::Entity::update_many()
        .col_expr(threads::Column::UnreadCount, Expr::value(unread as i32))
        .filter(threads::Column::Id.eq(thread.id.as_str()))
        .exec(db)
        .await?;
    crate::realtime::ssr::publish_thread_event(
        db,
        crate::realtime::kind::MESSAGE_READ,
        &thread.id,
        serde_json::json!({ "threadId": thread.id, "messageId": id, "unreadCount": unread }),
    )
    .await;
    Ok(())
}
