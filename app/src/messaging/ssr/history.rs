//! Reading a thread's history and marking messages read.

use super::outbound::may_write;
use crate::{
    auth::CurrentUser,
    db::{messages, threads},
    error::AppError,
    messaging::{MessagePage, MessageView},
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};

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
        .filter(|t| may_write(viewer, t))
        .ok_or_else(|| AppError::NotFound(format!("thread {id}")))
}

/// A page of `thread_id`'s messages older than message `before`, newest first.
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
    let items: Vec<MessageView> = rows
        .into_iter()
        .take(limit as usize)
        .map(MessageView::from)
        .collect();
    let next_before = if has_more {
        items.last().map(|m| m.id)
    } else {
        None
    };
    Ok(MessagePage { items, next_before })
}

/// Marks inbound message `id` and everything before it in its thread read, and
/// recounts the thread's unread messages.
pub async fn mark_read(
    db: &impl ConnectionTrait,
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
    messages::Entity::update_many()
        .col_expr(messages::Column::ReadAt, Expr::value(now))
        .filter(messages::Column::ThreadId.eq(thread.id.as_str()))
        .filter(messages::Column::Direction.eq("inbound"))
        .filter(messages::Column::Id.lte(id))
        .filter(messages::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    let unread = messages::Entity::find()
        .filter(messages::Column::ThreadId.eq(thread.id.as_str()))
        .filter(messages::Column::Direction.eq("inbound"))
        .filter(messages::Column::ReadAt.is_null())
        .count(db)
        .await?;
    threads::Entity::update_many()
        .col_expr(threads::Column::UnreadCount, Expr::value(unread as i32))
        .filter(threads::Column::Id.eq(thread.id.as_str()))
        .exec(db)
        .await?;
    Ok(())
}
