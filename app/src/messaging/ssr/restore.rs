//! "Pulihkan ke Inbox" (SPEC 8): a message the spam filter kept out enters its thread
//! exactly as if it had passed the filter at its original time.

use super::{
    filters::FilterCache,
    inbound::{Failure, InboundOutcome, Routed, store_batch},
    inbound_form::InboundMessage,
};
use crate::{
    auth::CurrentUser,
    db::{accounts, blocked_messages, write_gate::WriteGate},
    error::AppError,
    realtime::ssr::committed,
};
use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, sea_query::Expr};

/// Restores blocked message `id` (admins): the thread is found or opened (and a new
/// lead assigned), the message stored with its original time, the counters and the
/// browsers told — the inbound flow itself, without the spam filter. Exactly once:
/// the log entry is claimed first, so of two admins pressing at the same moment one
/// restores and the other is told it is done.
#[tracing::instrument(skip_all, fields(blocked_id = id), err(level = "info"))]
pub async fn restore_blocked(
    db: &DatabaseConnection,
    gate: &WriteGate,
    filters: &FilterCache,
    user: &CurrentUser,
    id: i64,
) -> Result<InboundOutcome, AppError> {
    user.require_admin()?;
    let filters = filters.current(db).await?;
    let (_guard, txn) = gate.begin(db).await?;
    let claimed = blocked_messages::Entity::update_many()
        .col_expr(
            blocked_messages::Column::RestoredAt,
            Expr::value(Utc::now()),
        )
        .filter(blocked_messages::Column::Id.eq(id))
        .filter(blocked_messages::Column::RestoredAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    let entry = blocked_messages::Entity::find_by_id(id).one(&txn).await?;
    let Some(entry) = entry.filter(|_| claimed == 1) else {
        let known = entry_exists(&txn, id).await?;
        txn.rollback().await?;
        return Err(if known {
            AppError::Conflict("Pesan ini sudah dipulihkan.".into())
        } else {
            AppError::NotFound(format!("blocked message {id}"))
        });
    };
    let account = accounts::Entity::find_by_id(entry.account_id.clone())
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("account {}", entry.account_id)))?;
    let params: Vec<(String, String)> =
        serde_json::from_str(&entry.raw_params).map_err(AppError::internal)?;
    let message = InboundMessage::from_params(&params, entry.received_at)?;
    let routed = Routed::restored(account, message, &filters.auto_reply);
    let outcome = match store_batch(&txn, std::slice::from_ref(&routed)).await {
        Ok(mut outcomes) => outcomes
            .pop()
            .ok_or_else(|| AppError::internal("a restored message has no outcome"))?,
        Err(Failure::UniqueViolation) => {
            txn.rollback().await?;
            return Err(AppError::Conflict("Pesan ini sudah ada di inbox.".into()));
        }
        Err(Failure::App(e)) => {
            txn.rollback().await?;
            return Err(e);
        }
    };
    crate::audit::ssr::record(
        &txn,
        user,
        crate::audit::ssr::Change::new(
            crate::domain::audit::AuditKind::BlockedMessage,
            crate::domain::audit::AuditAction::Restore,
            id,
        )
        .before(serde_json::json!({
            "accountId": entry.account_id,
            "senderNumber": entry.contact_number,
            "matchedKeyword": entry.matched_keyword,
        })),
    )
    .await?;
    txn.commit().await?;
    committed();
    Ok(outcome)
}

async fn entry_exists(txn: &impl sea_orm::ConnectionTrait, id: i64) -> Result<bool, AppError> {
    Ok(blocked_messages::Entity::find_by_id(id)
        .one(txn)
        .await?
        .is_some())
}
