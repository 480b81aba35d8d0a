//! Changing labels: the admins' label list (create, rename, recolour, reorder, delete)
//! and the labels on a thread (its owner or an admin). Every change is told to the
//! browsers: the label list to everyone, a thread's labels to whoever sees the thread.

use super::{
    LabelSummary, LabelView,
    rules::{clean_color, clean_name, same_name},
    ssr::{label_summaries, list_labels, thread_labels_of},
};
use crate::{
    audit::ssr::{Change, record as audit},
    auth::CurrentUser,
    db::{labels, thread_labels, threads, write_gate::WriteGate},
    domain::audit::{AuditAction, AuditKind},
    error::AppError,
    realtime::{
        kind,
        ssr::{NewEvent, committed, record},
    },
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, Set, SqlErr,
};
use serde_json::json;
use std::collections::HashSet;

/// A change to one label; what is `None` stays.
#[derive(Debug, Clone, Default)]
pub struct LabelChange {
    /// New name.
    pub name: Option<String>,
    /// New colour, `#rrggbb`.
    pub color: Option<String>,
    /// New place in the list (0 = first); the others shift to make room.
    pub order: Option<i32>,
}

/// What the audit trail keeps of a label.
fn audited(l: &labels::Model) -> serde_json::Value {
    serde_json::json!({ "name": l.name, "color": l.color })
}

/// Creates a label at the end of the list (admins).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn create_label(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    name: &str,
    color: &str,
) -> Result<LabelSummary, AppError> {
    user.require_admin()?;
    let name = clean_name(name).map_err(|m| AppError::validation("name", m))?;
    let color = clean_color(color).map_err(|m| AppError::validation("color", m))?;
    let (_guard, txn) = gate.begin(db).await?;
    let existing = ordered(&txn).await?;
    refuse_taken(&existing, &name, None)?;
    let position = existing
        .iter()
        .map(|l| l.position)
        .max()
        .map_or(0, |p| p + 1);
    let label = labels::ActiveModel {
        name: Set(name),
        color: Set(color),
        position: Set(position),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(taken_or_internal)?;
    audit(
        &txn,
        user,
        Change::new(AuditKind::Label, AuditAction::Create, label.id).after(audited(&label)),
    )
    .await?;
    finish(txn, Vec::new()).await?;
    Ok(LabelSummary {
        id: label.id,
        name: label.name,
        color: label.color,
        order: label.position,
        chat_count: 0,
    })
}

/// Renames, recolours or moves label `id` (admins).
#[tracing::instrument(skip_all, fields(label_id = id), err(level = "info"))]
pub async fn update_label(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    id: i64,
    change: LabelChange,
) -> Result<LabelSummary, AppError> {
    user.require_admin()?;
    let name = change
        .name
        .as_deref()
        .map(clean_name)
        .transpose()
        .map_err(|m| AppError::validation("name", m))?;
    let color = change
        .color
        .as_deref()
        .map(clean_color)
        .transpose()
        .map_err(|m| AppError::validation("color", m))?;
    let (_guard, txn) = gate.begin(db).await?;
    let mut list = ordered(&txn).await?;
    let Some(at) = list.iter().position(|l| l.id == id) else {
        return Err(AppError::NotFound(format!("label {id}")));
    };
    if let Some(name) = &name {
        refuse_taken(&list, name, Some(id))?;
    }
    let label = list[at].clone();
    let before = audited(&label);
    let before_at = at;
    if name.is_some() || color.is_some() {
        let mut active: labels::ActiveModel = label.into();
        if let Some(name) = name {
            active.name = Set(name);
        }
        if let Some(color) = color {
            active.color = Set(color);
        }
        active.update(&txn).await.map_err(taken_or_internal)?;
    }
    let mut after_at = before_at;
    if let Some(order) = change.order {
        let moved = list.remove(at);
        let to = usize::try_from(order.max(0)).unwrap_or(0).min(list.len());
        list.insert(to, moved);
        after_at = to;
        renumber(&txn, &list).await?;
    }
    if let Some(now) = labels::Entity::find_by_id(id).one(&txn).await? {
        let mut after = audited(&now);
        // The place in the list, as the admin sees it (positions are renumbered).
        after["order"] = after_at.into();
        let mut before = before;
        before["order"] = before_at.into();
        audit(
            &txn,
            user,
            Change::new(AuditKind::Label, AuditAction::Update, id)
                .before(before)
                .after(after),
        )
        .await?;
    }
    finish(txn, Vec::new()).await?;
    label_summaries(db, user)
        .await?
        .into_iter()
        .find(|l| l.id == id)
        .ok_or_else(|| AppError::NotFound(format!("label {id}")))
}

/// Puts the labels in the order of `ids` (admins); every label must be named once.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn reorder_labels(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    ids: &[i64],
) -> Result<Vec<LabelSummary>, AppError> {
    user.require_admin()?;
    let (_guard, txn) = gate.begin(db).await?;
    let list = ordered(&txn).await?;
    let given: HashSet<i64> = ids.iter().copied().collect();
    let stored: HashSet<i64> = list.iter().map(|l| l.id).collect();
    if given != stored || given.len() != ids.len() {
        return Err(AppError::validation(
            "labelIds",
            "must name every label exactly once",
        ));
    }
    let reordered: Vec<labels::Model> = ids
        .iter()
        .filter_map(|id| list.iter().find(|l| l.id == *id).cloned())
        .collect();
    renumber(&txn, &reordered).await?;
    let order = |labels: &[labels::Model]| labels.iter().map(|l| l.id).collect::<Vec<_>>();
    audit(
        &txn,
        user,
        Change::whole(AuditKind::Label, AuditAction::Reorder)
            .before(serde_json::json!({ "labelIds": order(&list) }))
            .after(serde_json::json!({ "labelIds": order(&reordered) })),
    )
    .await?;
    finish(txn, Vec::new()).await?;
    label_summaries(db, user).await
}

/// Deletes label `id` (admins) and takes it off every thread; returns how many
/// threads carried it.
#[tracing::instrument(skip_all, fields(label_id = id), err(level = "info"))]
pub async fn delete_label(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    id: i64,
) -> Result<u64, AppError> {
    user.require_admin()?;
    let (_guard, txn) = gate.begin(db).await?;
    let Some(label) = labels::Entity::find_by_id(id).one(&txn).await? else {
        return Err(AppError::NotFound(format!("label {id}")));
    };
    let carried = thread_labels::Entity::delete_many()
        .filter(thread_labels::Column::LabelId.eq(id))
        .exec(&txn)
        .await?
        .rows_affected;
    labels::Entity::delete_by_id(id).exec(&txn).await?;
    let mut before = audited(&label);
    before["chatCount"] = carried.into();
    audit(
        &txn,
        user,
        Change::new(AuditKind::Label, AuditAction::Delete, id).before(before),
    )
    .await?;
    finish(txn, Vec::new()).await?;
    Ok(carried)
}

/// Sets the labels of thread `thread_id` to exactly `label_ids` (its owner or an
/// admin); returns them in the admins' order.
#[tracing::instrument(skip_all, fields(thread_id = %thread_id), err(level = "info"))]
pub async fn set_thread_labels(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    thread_id: &str,
    label_ids: &[i64],
) -> Result<Vec<LabelView>, AppError> {
    let wanted: HashSet<i64> = label_ids.iter().copied().collect();
    let (_guard, txn) = gate.begin(db).await?;
    let thread = threads::Entity::find_by_id(thread_id.to_owned())
        .one(&txn)
        .await?
        .filter(|t| user.may_see(t.owner_id))
        .ok_or_else(|| AppError::NotFound(format!("thread {thread_id}")))?;
    if !user.may_write(thread.owner_id) {
        return Err(AppError::Forbidden);
    }
    let known: HashSet<i64> = labels::Entity::find()
        .filter(labels::Column::Id.is_in(wanted.iter().copied()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|l| l.id)
        .collect();
    if let Some(unknown) = wanted.iter().find(|id| !known.contains(id)) {
        return Err(AppError::validation(
            "labelIds",
            format!("label {unknown} does not exist"),
        ));
    }
    let current: HashSet<i64> = thread_labels::Entity::find()
        .filter(thread_labels::Column::ThreadId.eq(thread_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|t| t.label_id)
        .collect();
    let gone: Vec<i64> = current.difference(&wanted).copied().collect();
    if !gone.is_empty() {
        thread_labels::Entity::delete_many()
            .filter(thread_labels::Column::ThreadId.eq(thread_id))
            .filter(thread_labels::Column::LabelId.is_in(gone))
            .exec(&txn)
            .await?;
    }
    let now = Utc::now();
    let added: Vec<thread_labels::ActiveModel> = wanted
        .difference(&current)
        .map(|&label_id| thread_labels::ActiveModel {
            thread_id: Set(thread_id.to_owned()),
            label_id: Set(label_id),
            created_at: Set(now),
        })
        .collect();
    if !added.is_empty() {
        thread_labels::Entity::insert_many(added).exec(&txn).await?;
    }
    let labels = thread_labels_of(&txn, thread_id).await?;
    let event = NewEvent::thread(
        kind::THREAD_UPDATED,
        thread_id,
        thread.owner_id,
        json!({ "threadId": thread_id, "labels": labels }),
    );
    record(&txn, vec![event], now).await?;
    txn.commit().await?;
    committed();
    Ok(labels)
}

/// Every label, in order, inside `txn`.
async fn ordered(txn: &DatabaseTransaction) -> Result<Vec<labels::Model>, AppError> {
    Ok(labels::Entity::find()
        .order_by_asc(labels::Column::Position)
        .order_by_asc(labels::Column::Id)
        .all(txn)
        .await?)
}

/// A conflict when another label (not `except`) already has `name`, whatever its case.
fn refuse_taken(list: &[labels::Model], name: &str, except: Option<i64>) -> Result<(), AppError> {
    match list
        .iter()
        .find(|l| Some(l.id) != except && same_name(&l.name, name))
    {
        Some(other) => Err(AppError::Conflict(format!(
            "Label \"{}\" sudah ada.",
            other.name
        ))),
        None => Ok(()),
    }
}

/// A unique-key violation (a concurrent admin took the name) as a conflict.
fn taken_or_internal(e: sea_orm::DbErr) -> AppError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            AppError::Conflict("Nama label sudah dipakai.".into())
        }
        _ => e.into(),
    }
}

/// Writes positions 0, 1, … in the order of `list`, only where they change.
async fn renumber(txn: &DatabaseTransaction, list: &[labels::Model]) -> Result<(), AppError> {
    for (position, label) in list.iter().enumerate() {
        let position = i32::try_from(position).map_err(AppError::internal)?;
        if label.position != position {
            let mut active: labels::ActiveModel = label.clone().into();
            active.position = Set(position);
            active.update(txn).await?;
        }
    }
    Ok(())
}

/// Tells every browser the label list changed (with `events` about threads, if any),
/// and commits. The list goes without counts: everyone receives it, and each user's
/// counts are their own (the browser asks for them).
async fn finish(txn: DatabaseTransaction, mut events: Vec<NewEvent>) -> Result<(), AppError> {
    let list = list_labels(&txn).await?;
    events.push(NewEvent::everyone(
        kind::LABELS_CHANGED,
        json!({ "labels": list }),
    ));
    record(&txn, events, Utc::now()).await?;
    txn.commit().await?;
    committed();
    Ok(())
}
