//! Reading labels from the database.

use super::{LabelSummary, LabelView};
use crate::{
    auth::CurrentUser,
    db::{labels, thread_labels, threads},
    error::AppError,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Every label, in the admins' order.
pub async fn list_labels(db: &impl ConnectionTrait) -> Result<Vec<LabelView>, AppError> {
    Ok(ordered().all(db).await?.into_iter().map(view).collect())
}

/// Every label with its number of threads, in the admins' order. An agent counts only
/// the threads they own: how many chats the others have is not theirs to learn.
pub async fn label_summaries(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
) -> Result<Vec<LabelSummary>, AppError> {
    let mut counting = thread_labels::Entity::find();
    if let Some(own) = viewer.thread_scope() {
        counting = counting.filter(
            thread_labels::Column::ThreadId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(threads::Column::Id)
                    .from(threads::Entity)
                    .cond_where(own)
                    .to_owned(),
            ),
        );
    }
    let counts: HashMap<i64, i64> = counting
        .select_only()
        .column(thread_labels::Column::LabelId)
        .column_as(thread_labels::Column::ThreadId.count(), "n")
        .group_by(thread_labels::Column::LabelId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(ordered()
        .all(db)
        .await?
        .into_iter()
        .map(|l| LabelSummary {
            chat_count: counts.get(&l.id).copied().unwrap_or(0),
            id: l.id,
            name: l.name,
            color: l.color,
            order: l.position,
        })
        .collect())
}

/// The labels on thread `thread_id`, in the admins' order.
pub async fn thread_labels_of(
    db: &impl ConnectionTrait,
    thread_id: &str,
) -> Result<Vec<LabelView>, AppError> {
    Ok(labels::Entity::find()
        .filter(
            labels::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(thread_labels::Column::LabelId)
                    .from(thread_labels::Entity)
                    .and_where(thread_labels::Column::ThreadId.eq(thread_id))
                    .to_owned(),
            ),
        )
        .order_by_asc(labels::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

/// Every label in the admins' order (ties by age).
fn ordered() -> sea_orm::Select<labels::Entity> {
    labels::Entity::find()
        .order_by_asc(labels::Column::Position)
        .order_by_asc(labels::Column::Id)
}

fn view(l: labels::Model) -> LabelView {
    LabelView {
        id: l.id,
        name: l.name,
        color: l.color,
    }
}
