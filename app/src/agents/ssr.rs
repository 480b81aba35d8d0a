//! Creating, listing and changing agents.

use super::{AgentView, UpdateAgentRequest};
use crate::{
    auth::{CurrentUser, Role, ssr::hash_password_blocking},
    db::{agents, sessions, threads, write_gate::WriteGate},
    domain::audit::{AuditAction, AuditKind},
    error::AppError,
    realtime::ssr::{NewEvent, committed, record},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// A new agent before validation.
#[derive(Debug, Clone)]
pub struct NewAgent {
    /// Display name.
    pub name: String,
    /// Login email.
    pub email: String,
    /// Password in clear; hashed before it is stored.
    pub password: String,
    /// Role.
    pub role: Role,
}

/// Shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 8;

impl From<agents::Model> for AgentView {
    fn from(a: agents::Model) -> Self {
        Self {
            id: a.id,
            role: a.role,
            name: a.name,
            email: a.email,
            active: a.active,
            available: a.available,
            open_leads: 0,
            last_seen_at: None,
        }
    }
}

/// Fills the open leads and last-seen times of `views`: two grouped queries, whatever
/// the number of agents.
async fn with_activity(
    db: &impl ConnectionTrait,
    mut views: Vec<AgentView>,
) -> Result<Vec<AgentView>, AppError> {
    let ids: Vec<i64> = views.iter().map(|v| v.id).collect();
    let open: HashMap<i64, i64> = threads::Entity::find()
        .select_only()
        .column(threads::Column::OwnerId)
        .column_as(threads::Column::Id.count(), "n")
        .filter(threads::Column::OwnerId.is_in(ids.clone()))
        .filter(crate::escalation::ssr::unanswered())
        .group_by(threads::Column::OwnerId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let seen: HashMap<i64, DateTime<Utc>> = sessions::Entity::find()
        .select_only()
        .column(sessions::Column::AgentId)
        .column_as(sessions::Column::LastSeenAt.max(), "seen")
        .filter(sessions::Column::AgentId.is_in(ids))
        .group_by(sessions::Column::AgentId)
        .into_tuple::<(i64, DateTime<Utc>)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    for v in &mut views {
        v.open_leads = open.get(&v.id).copied().unwrap_or(0);
        v.last_seen_at = seen.get(&v.id).copied();
    }
    Ok(views)
}

async fn one_with_activity(
    db: &impl ConnectionTrait,
    agent: agents::Model,
) -> Result<AgentView, AppError> {
    with_activity(db, vec![agent.into()])
        .await?
        .pop()
        .ok_or_else(|| AppError::internal("agent vanished"))
}

fn check_password(password: &str) -> Result<(), AppError> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(AppError::validation(
            "password",
            format!("must be at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    Ok(())
}

/// Normalises and checks an email address (lowercase, one `@`, a dot in the domain).
pub fn normalize_email(email: &str) -> Result<String, AppError> {
    let email = email.trim().to_lowercase();
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if valid && email.len() <= 254 {
        Ok(email)
    } else {
        Err(AppError::validation(
            "email",
            "is not a valid email address",
        ))
    }
}

fn validate_name(name: &str) -> Result<String, AppError> {
    crate::domain::name::display_name(name, crate::domain::name::MAX_AGENT_NAME)
}

/// A new agent checked, its password hashed: ready to insert.
struct Prepared {
    email: String,
    name: String,
    hash: String,
    role: Role,
}

/// Checks `new` and hashes its password (the slow part, done outside any lock).
async fn prepare(new: NewAgent) -> Result<Prepared, AppError> {
    let email = normalize_email(&new.email)?;
    let name = validate_name(&new.name)?;
    check_password(&new.password)?;
    let hash = hash_password_blocking(new.password)
        .await
        .map_err(AppError::internal)?;
    Ok(Prepared {
        email,
        name,
        hash,
        role: new.role,
    })
}

/// Creates an agent. Admins are not in the lead rotation until they say so.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn create_agent(db: &impl ConnectionTrait, new: NewAgent) -> Result<AgentView, AppError> {
    insert_prepared(db, prepare(new).await?).await
}

async fn insert_prepared(db: &impl ConnectionTrait, new: Prepared) -> Result<AgentView, AppError> {
    let Prepared {
        email,
        name,
        hash,
        role,
    } = new;
    if agents::Entity::find()
        .filter(agents::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(format!(
            "an agent with email {email} exists"
        )));
    }
    let now = Utc::now();
    let model = agents::ActiveModel {
        email: Set(email),
        name: Set(name),
        password_hash: Set(hash),
        role: Set(role),
        active: Set(true),
        available: Set(role == Role::Agent),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(model.into())
}

/// What the audit trail keeps of an agent: what an admin can set. (The password is
/// never in it: a reset is its own action.)
fn audited(m: &agents::Model) -> serde_json::Value {
    serde_json::json!({
        "name": m.name,
        "email": m.email,
        "role": m.role,
        "active": m.active,
        "available": m.available,
    })
}

/// Creates an agent for `actor` (an admin), with its audit row, in one transaction.
#[tracing::instrument(skip_all, fields(actor = actor.id), err(level = "info"))]
pub async fn add_agent(
    db: &DatabaseConnection,
    gate: &WriteGate,
    actor: &CurrentUser,
    new: NewAgent,
) -> Result<AgentView, AppError> {
    actor.require_admin()?;
    // Checked and hashed before the write lock is taken: Argon2 takes a while.
    let prepared = prepare(new).await?;
    let (_guard, txn) = gate.begin(db).await?;
    let created = insert_prepared(&txn, prepared).await?;
    if let Some(stored) = agents::Entity::find_by_id(created.id).one(&txn).await? {
        crate::audit::ssr::record(
            &txn,
            actor,
            crate::audit::ssr::Change::new(AuditKind::Agent, AuditAction::Create, created.id)
                .after(audited(&stored)),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(created)
}

/// Every agent, in rotation order (by id), with their open leads and last activity.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn list_agents(db: &impl ConnectionTrait) -> Result<Vec<AgentView>, AppError> {
    let views = agents::Entity::find()
        .order_by_asc(agents::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(AgentView::from)
        .collect();
    with_activity(db, views).await
}

/// Applies `actor`'s (an admin's) change to agent `id`. Deactivating someone ends
/// their sessions and moves their unanswered leads on at once (SPEC 6), in the same
/// transaction.
#[tracing::instrument(skip_all, fields(actor = actor.id, agent_id = id), err(level = "info"))]
pub async fn update_agent(
    db: &DatabaseConnection,
    gate: &WriteGate,
    actor: &CurrentUser,
    id: i64,
    change: UpdateAgentRequest,
) -> Result<AgentView, AppError> {
    actor.require_admin()?;
    // An admin who demotes or deactivates themselves could lock everyone out.
    if id == actor.id && (change.active == Some(false) || change.role == Some(Role::Agent)) {
        return Err(AppError::validation(
            "id",
            "you cannot deactivate or demote your own account",
        ));
    }
    let name = change.name.as_deref().map(validate_name).transpose()?;
    let (_guard, txn) = gate.begin(db).await?;
    let agent = agents::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("agent {id}")))?;
    let before = audited(&agent);
    let leaving = agent.active && change.active == Some(false);
    // A new role changes what the agent may see: their open connections reconnect.
    let role_changed = change.role.is_some_and(|r| agent.role != r);
    let mut model: agents::ActiveModel = agent.into();
    if let Some(name) = name {
        model.name = Set(name);
    }
    if let Some(role) = change.role {
        model.role = Set(role);
    }
    if let Some(active) = change.active {
        model.active = Set(active);
    }
    if let Some(available) = change.available {
        model.available = Set(available);
    }
    let now = Utc::now();
    model.updated_at = Set(now);
    let saved = model.update(&txn).await?;
    crate::audit::ssr::record(
        &txn,
        actor,
        crate::audit::ssr::Change::new(AuditKind::Agent, AuditAction::Update, id)
            .before(before)
            .after(audited(&saved)),
    )
    .await?;
    if leaving {
        // The agent is out of the rotation now (inactive), so the hand-over skips them.
        crate::escalation::ssr::hand_over_unanswered(&txn, id, now).await?;
        sessions::Entity::delete_many()
            .filter(sessions::Column::AgentId.eq(id))
            .exec(&txn)
            .await?;
    }
    if leaving || role_changed {
        record(&txn, vec![NewEvent::session_ended(id)], now).await?;
    }
    txn.commit().await?;
    if leaving || role_changed {
        committed();
    }
    one_with_activity(db, saved).await
}

/// Sets agent `id`'s password (admins) and ends every session they have: whoever
/// knew the old one is logged out.
#[tracing::instrument(skip_all, fields(actor = actor.id, agent_id = id), err(level = "info"))]
pub async fn reset_password(
    db: &DatabaseConnection,
    gate: &WriteGate,
    actor: &CurrentUser,
    id: i64,
    password: String,
) -> Result<AgentView, AppError> {
    actor.require_admin()?;
    check_password(&password)?;
    let hash = hash_password_blocking(password)
        .await
        .map_err(AppError::internal)?;
    let (_guard, txn) = gate.begin(db).await?;
    let agent = agents::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("agent {id}")))?;
    let mut model: agents::ActiveModel = agent.into();
    model.password_hash = Set(hash);
    model.updated_at = Set(Utc::now());
    let saved = model.update(&txn).await?;
    sessions::Entity::delete_many()
        .filter(sessions::Column::AgentId.eq(id))
        .exec(&txn)
        .await?;
    // That it happened, by whom; the password is in no row.
    crate::audit::ssr::record(
        &txn,
        actor,
        crate::audit::ssr::Change::new(AuditKind::Agent, AuditAction::PasswordReset, id)
            .after(serde_json::json!({ "email": saved.email, "sessionsEnded": true })),
    )
    .await?;
    record(&txn, vec![NewEvent::session_ended(id)], Utc::now()).await?;
    txn.commit().await?;
    committed();
    one_with_activity(db, saved).await
}

/// The user's own "Siap menerima lead" switch: whether new leads come to them.
#[tracing::instrument(skip_all, fields(agent_id = user.id), err(level = "info"))]
pub async fn set_own_availability(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    available: bool,
) -> Result<AgentView, AppError> {
    let (_guard, txn) = gate.begin(db).await?;
    let agent = agents::Entity::find_by_id(user.id)
        .one(&txn)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let mut model: agents::ActiveModel = agent.into();
    model.available = Set(available);
    model.updated_at = Set(Utc::now());
    let saved = model.update(&txn).await?;
    txn.commit().await?;
    one_with_activity(db, saved).await
}

/// The user's own agent record (their availability for the header switch).
pub async fn own_agent(db: &DatabaseConnection, user: &CurrentUser) -> Result<AgentView, AppError> {
    let agent = agents::Entity::find_by_id(user.id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    one_with_activity(db, agent).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_or_refused() {
        let ok = [
            ("Agent1@Serambi.Test", "agent1@serambi.test"),
            ("  a.b+c@toko.co.id ", "a.b+c@toko.co.id"),
        ];
        for (input, want) in ok {
            assert_eq!(normalize_email(input).as_deref(), Ok(want));
        }
        for bad in [
            "",
            "agent",
            "@serambi.test",
            "a@b",
            "a@.b",
            "a@b.",
            "a b@c.d",
            "a@b@c.d",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
