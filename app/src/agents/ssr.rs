//! Creating, listing and changing agents.

use super::{AgentView, UpdateAgentRequest};
use crate::{
    auth::{CurrentUser, Role, ssr::hash_password_blocking},
    db::agents,
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

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
            role: Role::parse(&a.role).unwrap_or(Role::Agent),
            name: a.name,
            email: a.email,
            active: a.active,
            available: a.available,
        }
    }
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

/// Creates an agent. Admins are not in the lead rotation until they say so.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn create_agent(db: &impl ConnectionTrait, new: NewAgent) -> Result<AgentView, AppError> {
    let email = normalize_email(&new.email)?;
    let name = validate_name(&new.name)?;
    if new.password.chars().count() < MIN_PASSWORD_LEN {
        return Err(AppError::validation(
            "password",
            format!("must be at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
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
    let hash = hash_password_blocking(new.password)
        .await
        .map_err(AppError::internal)?;
    let now = Utc::now();
    let model = agents::ActiveModel {
        email: Set(email),
        name: Set(name),
        password_hash: Set(hash),
        role: Set(new.role.as_str().to_owned()),
        active: Set(true),
        available: Set(new.role == Role::Agent),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(model.into())
}

/// Every agent, in rotation order (by id).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn list_agents(db: &impl ConnectionTrait) -> Result<Vec<AgentView>, AppError> {
    Ok(agents::Entity::find()
        .order_by_asc(agents::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(AgentView::from)
        .collect())
}

/// Applies `actor`'s (an admin's) change to agent `id`.
#[tracing::instrument(skip_all, fields(actor = actor.id, agent_id = id), err(level = "info"))]
pub async fn update_agent(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i64,
    change: UpdateAgentRequest,
) -> Result<AgentView, AppError> {
    // An admin who demotes or deactivates themselves could lock everyone out.
    if id == actor.id && (change.active == Some(false) || change.role == Some(Role::Agent)) {
        return Err(AppError::validation(
            "id",
            "you cannot deactivate or demote your own account",
        ));
    }
    let agent = agents::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("agent {id}")))?;
    let mut model: agents::ActiveModel = agent.into();
    if let Some(name) = change.name {
        model.name = Set(validate_name(&name)?);
    }
    if let Some(role) = change.role {
        model.role = Set(role.as_str().to_owned());
    }
    if let Some(active) = change.active {
        model.active = Set(active);
    }
    if let Some(available) = change.available {
        model.available = Set(available);
    }
    model.updated_at = Set(Utc::now());
    Ok(model.update(db).await?.into())
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
