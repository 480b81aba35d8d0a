//! The spam filter's admin side against the database. Every change to keywords or
//! options stores a new filter version in the same transaction
//! ([`bump_version`]), so the next webhook on any server uses it.

use super::{
    BlockedMessage, BlockedPage, KeywordChangeRequest, SpamKeyword, SpamOverview, blocked_cursor,
    parse_blocked_cursor,
};
use crate::{
    audit::ssr::{Change, record},
    auth::CurrentUser,
    db::{blocked_messages, spam_keywords, write_gate::WriteGate},
    domain::audit::{AuditAction, AuditKind},
    domain::spam::{SpamOptions, clean_keyword},
    error::AppError,
    messaging::ssr::bookkeeping::business_zone,
    messaging::ssr::filters::{SPAM_OPTIONS_KEY, bump_version, spam_options},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    SqlErr,
};

/// Most entries one page of the blocked log holds.
pub const MAX_PAGE: u64 = 100;

/// Every keyword, oldest first.
pub async fn list_keywords(db: &impl ConnectionTrait) -> Result<Vec<SpamKeyword>, AppError> {
    Ok(spam_keywords::Entity::find()
        .order_by_asc(spam_keywords::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

/// Keywords, options and today's count (admins).
pub async fn overview(
    db: &DatabaseConnection,
    user: &CurrentUser,
    now: DateTime<Utc>,
) -> Result<SpamOverview, AppError> {
    user.require_admin()?;
    Ok(SpamOverview {
        keywords: list_keywords(db).await?,
        options: spam_options(db).await?,
        blocked_today: blocked_since(db, business_zone(db).await?.midnight_of(now)).await?,
    })
}

/// Adds a keyword (admins); the same words in another case are refused.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn add_keyword(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    raw: &str,
    enabled: bool,
) -> Result<SpamKeyword, AppError> {
    user.require_admin()?;
    let keyword = clean_keyword(raw).map_err(|m| AppError::validation("keyword", m))?;
    let (_guard, txn) = gate.begin(db).await?;
    refuse_duplicate(&txn, &keyword, None).await?;
    let stored = spam_keywords::ActiveModel {
        keyword: Set(keyword),
        enabled: Set(enabled),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(duplicate_or_internal)?;
    let created = view(stored);
    record(
        &txn,
        user,
        Change::new(AuditKind::SpamKeyword, AuditAction::Create, created.id).after(&created),
    )
    .await?;
    bump_version(&txn).await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes a keyword's words or switches it on or off (admins).
#[tracing::instrument(skip_all, fields(keyword_id = id), err(level = "info"))]
pub async fn update_keyword(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    id: i64,
    change: KeywordChangeRequest,
) -> Result<SpamKeyword, AppError> {
    user.require_admin()?;
    let words = change
        .keyword
        .as_deref()
        .map(clean_keyword)
        .transpose()
        .map_err(|m| AppError::validation("keyword", m))?;
    let (_guard, txn) = gate.begin(db).await?;
    let stored = spam_keywords::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("keyword {id}")))?;
    let before = view(stored.clone());
    let mut active: spam_keywords::ActiveModel = stored.into();
    if let Some(words) = words {
        refuse_duplicate(&txn, &words, Some(id)).await?;
        active.keyword = Set(words);
    }
    if let Some(enabled) = change.enabled {
        active.enabled = Set(enabled);
    }
    let stored = view(active.update(&txn).await.map_err(duplicate_or_internal)?);
    record(
        &txn,
        user,
        Change::new(AuditKind::SpamKeyword, AuditAction::Update, id)
            .before(&before)
            .after(&stored),
    )
    .await?;
    bump_version(&txn).await?;
    txn.commit().await?;
    Ok(stored)
}

/// Deletes a keyword (admins).
#[tracing::instrument(skip_all, fields(keyword_id = id), err(level = "info"))]
pub async fn delete_keyword(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    id: i64,
) -> Result<(), AppError> {
    user.require_admin()?;
    let (_guard, txn) = gate.begin(db).await?;
    let existing = spam_keywords::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("keyword {id}")))?;
    spam_keywords::Entity::delete_by_id(id).exec(&txn).await?;
    record(
        &txn,
        user,
        Change::new(AuditKind::SpamKeyword, AuditAction::Delete, id).before(view(existing)),
    )
    .await?;
    bump_version(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Stores the matching options (admins).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn set_options(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    options: SpamOptions,
) -> Result<SpamOptions, AppError> {
    user.require_admin()?;
    let (_guard, txn) = gate.begin(db).await?;
    crate::settings::ssr::lock_settings(&txn).await?;
    let before = serde_json::to_string(&spam_options(&txn).await?).map_err(AppError::internal)?;
    let value = serde_json::to_string(&options).map_err(AppError::internal)?;
    // The same key and audit row as the settings page's change of the same options.
    if crate::settings::ssr::put_audited(&txn, user, SPAM_OPTIONS_KEY, Some(before), value).await? {
        bump_version(&txn).await?;
    }
    txn.commit().await?;
    Ok(options)
}

/// A page of the blocked log, newest first, optionally of one account (admins).
pub async fn blocked_log(
    db: &DatabaseConnection,
    user: &CurrentUser,
    account: Option<&str>,
    cursor: Option<&str>,
    limit: u64,
) -> Result<BlockedPage, AppError> {
    user.require_admin()?;
    let limit = limit.clamp(1, MAX_PAGE);
    let mut query = blocked_messages::Entity::find()
        .filter(blocked_messages::Column::RestoredAt.is_null())
        .order_by_desc(blocked_messages::Column::ReceivedAt)
        .order_by_desc(blocked_messages::Column::Id)
        .limit(limit + 1);
    if let Some(account) = account.filter(|a| !a.is_empty()) {
        query = query.filter(blocked_messages::Column::AccountId.eq(account));
    }
    if let Some(cursor) = cursor.filter(|c| !c.is_empty()) {
        let (at, id) = parse_blocked_cursor(cursor)
            .ok_or_else(|| AppError::validation("cursor", "is not a cursor of this list"))?;
        query = query.filter(
            Condition::any()
                .add(blocked_messages::Column::ReceivedAt.lt(at))
                .add(
                    Condition::all()
                        .add(blocked_messages::Column::ReceivedAt.eq(at))
                        .add(blocked_messages::Column::Id.lt(id)),
                ),
        );
    }
    let mut items: Vec<BlockedMessage> = query.all(db).await?.into_iter().map(blocked).collect();
    let more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    let next_cursor = if more {
        items.last().map(blocked_cursor)
    } else {
        None
    };
    Ok(BlockedPage { items, next_cursor })
}

/// Empties the blocked log (admins); returns how many entries went.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn clear_blocked(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
) -> Result<u64, AppError> {
    user.require_admin()?;
    let (_guard, txn) = gate.begin(db).await?;
    let n = blocked_messages::Entity::delete_many()
        .filter(blocked_messages::Column::RestoredAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if n > 0 {
        record(
            &txn,
            user,
            Change::whole(AuditKind::BlockedMessage, AuditAction::Clear)
                .before(serde_json::json!({ "entries": n })),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(n)
}

/// Messages blocked since `since`.
async fn blocked_since(db: &impl ConnectionTrait, since: DateTime<Utc>) -> Result<u64, AppError> {
    Ok(blocked_messages::Entity::find()
        .filter(blocked_messages::Column::ReceivedAt.gte(since))
        .count(db)
        .await?)
}

/// A conflict when another keyword (not `except`) has the same words in any case.
async fn refuse_duplicate(
    txn: &DatabaseTransaction,
    keyword: &str,
    except: Option<i64>,
) -> Result<(), AppError> {
    let wanted = keyword.to_lowercase();
    let taken = spam_keywords::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .find(|k| Some(k.id) != except && k.keyword.to_lowercase() == wanted);
    match taken {
        Some(k) => Err(AppError::Conflict(format!(
            "Kata kunci \"{}\" sudah ada.",
            k.keyword
        ))),
        None => Ok(()),
    }
}

/// A unique-key violation (a concurrent admin added the same words) as a conflict.
fn duplicate_or_internal(e: sea_orm::DbErr) -> AppError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            AppError::Conflict("Kata kunci sudah ada.".into())
        }
        _ => e.into(),
    }
}

fn view(k: spam_keywords::Model) -> SpamKeyword {
    SpamKeyword {
        id: k.id,
        keyword: k.keyword,
        enabled: k.enabled,
    }
}

fn blocked(m: blocked_messages::Model) -> BlockedMessage {
    BlockedMessage {
        id: m.id,
        account_id: m.account_id,
        sender_number: m.contact_number,
        profile_name: m.profile_name,
        body: m.body,
        matched_keyword: m.matched_keyword,
        received_at: m.received_at,
    }
}
