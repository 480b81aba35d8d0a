//! Notices against the database: only ever the viewer's own.

use super::{NotificationPage, NotificationView};
use crate::{
    auth::CurrentUser,
    db::{notifications, write_gate::WriteGate},
    error::AppError,
    realtime::{
        kind,
        ssr::{NewEvent, committed, record},
    },
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};
use serde_json::json;

/// Most notices one page holds.
pub const MAX_PAGE: u64 = 100;

/// A page of `viewer`'s notices: unread first, newest first within each. The cursor
/// is the number of notices already shown (the list is one agent's, and short).
pub async fn list(
    db: &DatabaseConnection,
    viewer: &CurrentUser,
    cursor: Option<&str>,
    limit: u64,
) -> Result<NotificationPage, AppError> {
    let limit = limit.clamp(1, MAX_PAGE);
    let offset: u64 = match cursor.filter(|c| !c.is_empty()) {
        Some(c) => c
            .parse()
            .map_err(|_| AppError::validation("cursor", "is not a cursor of this list"))?,
        None => 0,
    };
    let mine =
        || notifications::Entity::find().filter(notifications::Column::AgentId.eq(viewer.id));
    let unread = mine()
        .filter(notifications::Column::DismissedAt.is_null())
        .count(db)
        .await?;
    let mut items: Vec<NotificationView> = mine()
        .order_by_asc(Expr::col(notifications::Column::DismissedAt).is_not_null())
        .order_by_desc(notifications::Column::CreatedAt)
        .order_by_desc(notifications::Column::Id)
        .offset(offset)
        .limit(limit + 1)
        .all(db)
        .await?
        .into_iter()
        .map(view)
        .collect();
    let more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    Ok(NotificationPage {
        next_cursor: more.then(|| (offset + limit).to_string()),
        items,
        unread,
    })
}

/// Dismisses notice `id` of `viewer` (another agent's is not found), and tells the
/// viewer's other tabs.
#[tracing::instrument(skip_all, fields(notification_id = id), err(level = "info"))]
pub async fn dismiss(
    db: &DatabaseConnection,
    gate: &WriteGate,
    viewer: &CurrentUser,
    id: i64,
) -> Result<NotificationView, AppError> {
    let (_guard, txn) = gate.begin(db).await?;
    let notice = notifications::Entity::find_by_id(id)
        .filter(notifications::Column::AgentId.eq(viewer.id))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("notification {id}")))?;
    if notice.dismissed_at.is_some() {
        txn.rollback().await?;
        return Ok(view(notice));
    }
    let now = Utc::now();
    notifications::Entity::update_many()
        .col_expr(notifications::Column::DismissedAt, Expr::value(now))
        .filter(notifications::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let event = NewEvent {
        kind: kind::NOTIFICATION_DISMISSED,
        thread_id: None,
        agent_id: Some(viewer.id),
        other_agent_id: None,
        payload: json!({ "agentId": viewer.id, "notificationId": id }),
    };
    record(&txn, vec![event], now).await?;
    // As stored (PostgreSQL keeps microseconds), so a repeat answers the same.
    let stored = notifications::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("notification {id}")))?;
    txn.commit().await?;
    committed();
    Ok(view(stored))
}

fn view(n: notifications::Model) -> NotificationView {
    NotificationView {
        id: n.id,
        kind: n.kind,
        thread_id: n.thread_id,
        title: n.title,
        body: n.body,
        created_at: n.created_at,
        dismissed_at: n.dismissed_at,
    }
}
