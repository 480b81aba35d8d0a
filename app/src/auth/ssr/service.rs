//! Checking credentials and bootstrapping the first admin.

use super::{
    password::verify_password_blocking,
    session::{create_session, log_out},
    throttle::LoginThrottle,
};
use crate::{
    agents::ssr::{NewAgent, create_agent},
    auth::{CurrentUser, Role},
    db::{agents, write_gate::WriteGate},
    error::AppError,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use std::{net::IpAddr, sync::OnceLock, time::Instant};

/// A hash of a random password, verified when the email is unknown so that a wrong
/// email takes as long as a wrong password and timing tells nothing.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        super::password::hash_password(&format!("{:x}", rand::random::<u128>())).unwrap_or_default()
    })
}

/// Checks `email` and `password` for a login from `ip` and opens a session.
///
/// Every kind of failure (unknown email, wrong password, deactivated agent) gives the
/// same `InvalidCredentials`. After repeated failures the client must wait
/// (`TooManyAttempts`), even if the next password is right; an email guessed at from
/// many clients is slowed down, never refused. `replacing` is the
/// session the browser already had, if any: it ends when the new one starts.
#[tracing::instrument(skip_all, fields(%ip), err(level = "info"))]
pub async fn authenticate(
    db: &DatabaseConnection,
    gate: &WriteGate,
    throttle: &LoginThrottle,
    ip: IpAddr,
    email: &str,
    password: &str,
    replacing: Option<&str>,
) -> Result<(CurrentUser, String), AppError> {
    // Counted before the password is checked: parallel guesses cannot outrun it.
    let delay = throttle
        .begin(ip, email, Instant::now())
        .map_err(|retry_after_secs| AppError::TooManyAttempts { retry_after_secs })?;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let email = email.trim().to_lowercase();
    let agent = agents::Entity::find()
        .filter(agents::Column::Email.eq(email.as_str()))
        .one(db)
        .await?;
    let hash = agent
        .as_ref()
        .map_or_else(|| dummy_hash().to_owned(), |a| a.password_hash.clone());
    let password_ok = {
        let _turn = throttle
            .hasher()
            .await
            .map_err(|retry_after_secs| AppError::TooManyAttempts { retry_after_secs })?;
        verify_password_blocking(password.to_owned(), hash).await
    };
    match agent {
        Some(agent) if password_ok && agent.active => {
            throttle.succeeded(ip, &email);
            if let Some(old) = replacing {
                // A new id at every login: a session id planted or seen before the
                // login is worth nothing after it.
                log_out(db, gate, old).await?;
            }
            let token = create_session(db, agent.id).await?;
            let user = CurrentUser {
                id: agent.id,
                name: agent.name,
                email: agent.email,
                role: agent.role,
            };
            Ok((user, token))
        }
        _ => {
            tracing::info!(%ip, "failed login");
            Err(AppError::InvalidCredentials)
        }
    }
}

/// Creates the admin from `SERAMBI_ADMIN_EMAIL` / `SERAMBI_ADMIN_PASSWORD` when no
/// agent exists yet. Returns whether one was created.
pub async fn ensure_admin(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
) -> Result<bool, AppError> {
    if agents::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    create_agent(
        db,
        NewAgent {
            name: "Admin".into(),
            email: email.into(),
            password: password.into(),
            role: Role::Admin,
        },
    )
    .await?;
    Ok(true)
}
