//! The admins' side of accounts: members (per-account teams) and health.

use super::{
    AccountAdminView, AccountHealth, AccountView, AccountsOverview, MembersRequest, last4,
};
use crate::{
    auth::CurrentUser,
    db::{
        account_members, accounts, agents, daily_analytics, messages, threads,
        write_gate::WriteGate,
    },
    domain::{Direction, MessageStatus},
    error::AppError,
};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::{HashMap, HashSet};

/// The agents who serve account `id` (admins); empty when everyone does.
pub async fn members(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: &str,
) -> Result<MembersRequest, AppError> {
    user.require_admin()?;
    if accounts::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound(format!("account {id}")));
    }
    let agent_ids = account_members::Entity::find()
        .filter(account_members::Column::AccountId.eq(id))
        .order_by_asc(account_members::Column::AgentId)
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.agent_id)
        .collect();
    Ok(MembersRequest { agent_ids })
}

/// Sets exactly who serves account `id` (admins). New leads on it go to these agents
/// from the next message on; leads already assigned stay where they are.
#[tracing::instrument(skip_all, fields(account_id = id), err(level = "info"))]
pub async fn set_members(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    id: &str,
    agent_ids: &[i64],
) -> Result<MembersRequest, AppError> {
    user.require_admin()?;
    let wanted: Vec<i64> = {
        let mut seen = HashSet::new();
        agent_ids
            .iter()
            .copied()
            .filter(|a| seen.insert(*a))
            .collect()
    };
    let (_guard, txn) = gate.begin(db).await?;
    if accounts::Entity::find_by_id(id.to_owned())
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound(format!("account {id}")));
    }
    let known: HashSet<i64> = agents::Entity::find()
        .filter(agents::Column::Id.is_in(wanted.clone()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    if let Some(unknown) = wanted.iter().find(|a| !known.contains(a)) {
        return Err(AppError::validation(
            "agentIds",
            format!("agent {unknown} does not exist"),
        ));
    }
    let mut before: Vec<i64> = account_members::Entity::find()
        .filter(account_members::Column::AccountId.eq(id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| m.agent_id)
        .collect();
    before.sort_unstable();
    account_members::Entity::delete_many()
        .filter(account_members::Column::AccountId.eq(id))
        .exec(&txn)
        .await?;
    let now = Utc::now();
    for agent in &wanted {
        account_members::ActiveModel {
            account_id: Set(id.to_owned()),
            agent_id: Set(*agent),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
    }
    let mut agent_ids = wanted;
    agent_ids.sort_unstable();
    crate::audit::ssr::record(
        &txn,
        user,
        crate::audit::ssr::Change::new(
            crate::domain::audit::AuditKind::AccountMembers,
            crate::domain::audit::AuditAction::Update,
            id,
        )
        .before(serde_json::json!({ "agentIds": before }))
        .after(serde_json::json!({ "agentIds": agent_ids })),
    )
    .await?;
    txn.commit().await?;
    Ok(MembersRequest { agent_ids })
}

/// Health of every account: a handful of grouped or per-account indexed queries.
async fn health(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> Result<HashMap<String, AccountHealth>, AppError> {
    let now = Utc::now();
    // The counters are kept by the business day (see `bump_daily`), not UTC's.
    let today = crate::messaging::ssr::bookkeeping::business_zone(db)
        .await?
        .day_of(now);
    let mut out: HashMap<String, AccountHealth> = HashMap::new();
    for row in daily_analytics::Entity::find()
        .filter(daily_analytics::Column::Day.eq(today))
        .all(db)
        .await?
    {
        let h = out.entry(row.account_id).or_default();
        h.received_today = i64::from(row.received_count);
        h.sent_today = i64::from(row.reply_count);
    }
    for id in ids {
        // Through `ix_threads_account_last_message`: this account's threads only.
        let last: Option<Option<chrono::DateTime<Utc>>> = threads::Entity::find()
            .select_only()
            .column_as(threads::Column::LastInboundAt.max(), "last")
            .filter(threads::Column::AccountId.eq(id.as_str()))
            .into_tuple()
            .one(db)
            .await?;
        out.entry(id.clone()).or_default().last_webhook_at = last.flatten();
    }
    // Through `ix_messages_outbox` (status first): failed messages only.
    let failed: Vec<(String, i64)> = messages::Entity::find()
        .select_only()
        .column(messages::Column::AccountId)
        .column_as(messages::Column::Id.count(), "n")
        .filter(messages::Column::Status.is_in([MessageStatus::Failed, MessageStatus::Undelivered]))
        .filter(messages::Column::Direction.eq(Direction::Outbound))
        .filter(messages::Column::UpdatedAt.gte(now - Duration::hours(24)))
        .group_by(messages::Column::AccountId)
        .into_tuple()
        .all(db)
        .await?;
    for (account, n) in failed {
        out.entry(account).or_default().failures_24h = n;
    }
    Ok(out)
}

/// Every account with members, health and credential hints, and the webhook URLs
/// (admins).
pub async fn overview(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    runtime: &crate::state::Runtime,
) -> Result<AccountsOverview, AppError> {
    user.require_admin()?;
    let public_base_url = &runtime.public_base_url;
    let rows = accounts::Entity::find()
        .order_by_asc(accounts::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<String> = rows.iter().map(|a| a.id.clone()).collect();
    let mut health = health(db, &ids).await?;
    let mut members: HashMap<String, Vec<i64>> = HashMap::new();
    for m in account_members::Entity::find()
        .order_by_asc(account_members::Column::AgentId)
        .all(db)
        .await?
    {
        members.entry(m.account_id).or_default().push(m.agent_id);
    }
    let colours = crate::domain::badge_colors(ids.iter().map(String::as_str));
    let color_of = |id: &str| {
        colours
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, c)| c.background.to_owned())
    };
    let accounts = rows
        .into_iter()
        .map(|a| AccountAdminView {
            member_ids: members.remove(&a.id).unwrap_or_default(),
            health: health.remove(&a.id).unwrap_or_default(),
            twilio_account_sid: a.twilio_account_sid.clone(),
            auth_token_last4: a
                .twilio_auth_token
                .as_deref()
                .and_then(|t| runtime.vault.open(&a.id, t).ok())
                .as_deref()
                .map(last4),
            auth_token_sealed: a
                .twilio_auth_token
                .as_deref()
                .is_some_and(|t| t.starts_with(super::vault::SEALED)),
            account: {
                let color = color_of(&a.id);
                let mut view = AccountView::from(a);
                if let Some(c) = color {
                    view.color = c;
                }
                view
            },
        })
        .collect();
    Ok(AccountsOverview {
        accounts,
        webhook_url: format!("{public_base_url}/api/whatsapp/webhook"),
        status_url: format!("{public_base_url}/api/whatsapp/status"),
    })
}
