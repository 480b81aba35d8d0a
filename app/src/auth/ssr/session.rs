//! Server-side sessions behind an HttpOnly cookie.
//!
//! The cookie carries 32 random bytes; the database keeps only their SHA-256, so a
//! copy of the database cannot be used to log in.

use super::super::CurrentUser;
use crate::{
    db::{agents, sessions, write_gate::WriteGate},
    error::AppError,
    realtime::ssr::{NewEvent, committed, record},
};
use axum::http::{HeaderMap, header};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use sha2::{Digest, Sha256};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "serambi_session";
/// How long a session lives without being used.
const IDLE_DAYS: i64 = 7;
/// How long a session lives at most, however often it is used: a stolen cookie that is
/// kept busy still dies.
pub const MAX_LIFETIME_DAYS: i64 = 30;
/// `last_seen_at` is written at most this often, so reads stay reads.
const TOUCH_EVERY_MINUTES: i64 = 10;

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Starts a session for `agent_id` and returns the cookie token.
pub async fn create_session(db: &impl ConnectionTrait, agent_id: i64) -> Result<String, AppError> {
    let token = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    let now = Utc::now();
    sessions::ActiveModel {
        id: Set(token_hash(&token)),
        agent_id: Set(agent_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + Duration::days(IDLE_DAYS)),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Ends the session of `token` (no error if there is none) and returns whose it was.
pub async fn delete_session(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<i64>, AppError> {
    let id = token_hash(token);
    let Some(session) = sessions::Entity::find_by_id(id.clone()).one(db).await? else {
        return Ok(None);
    };
    sessions::Entity::delete_by_id(id).exec(db).await?;
    Ok(Some(session.agent_id))
}

/// Ends the session of `token` and has every server re-check that user's open
/// connections, so a socket opened with it stops at once.
pub async fn log_out(
    db: &DatabaseConnection,
    gate: &WriteGate,
    token: &str,
) -> Result<(), AppError> {
    let (_guard, txn) = gate.begin(db).await?;
    if let Some(agent_id) = delete_session(&txn, token).await? {
        record(&txn, vec![NewEvent::session_ended(agent_id)], Utc::now()).await?;
    }
    txn.commit().await?;
    committed();
    Ok(())
}

/// The user of a live session, or `Unauthorized`. Sessions unused for a week, older
/// than [`MAX_LIFETIME_DAYS`], or of deactivated agents are refused; a used session is
/// extended, up to its lifetime.
pub async fn user_for_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<CurrentUser, AppError> {
    let now = Utc::now();
    let found = sessions::Entity::find_by_id(token_hash(token))
        .find_also_related(agents::Entity)
        .one(db)
        .await?;
    let (session, agent) = match found {
        Some((s, Some(a))) if s.expires_at > now && now < s.created_at + lifetime() && a.active => {
            (s, a)
        }
        _ => return Err(AppError::Unauthorized),
    };
    if now - session.last_seen_at > Duration::minutes(TOUCH_EVERY_MINUTES) {
        sessions::Entity::update_many()
            .col_expr(sessions::Column::LastSeenAt, now.into())
            .col_expr(
                sessions::Column::ExpiresAt,
                (now + Duration::days(IDLE_DAYS))
                    .min(session.created_at + lifetime())
                    .into(),
            )
            .filter(sessions::Column::Id.eq(session.id))
            .exec(db)
            .await?;
    }
    Ok(CurrentUser {
        id: agent.id,
        name: agent.name,
        email: agent.email,
        role: agent.role,
    })
}

fn lifetime() -> Duration {
    Duration::days(MAX_LIFETIME_DAYS)
}

/// The session token in the request's cookies, if any.
pub fn session_token_from_headers(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty())
}

/// The `Set-Cookie` value that stores `token`.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        MAX_LIFETIME_DAYS * 24 * 3600,
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_token_is_read_from_among_other_cookies() {
        let cases: &[(&[&str], Option<&str>)] = &[
            (&["serambi_session=abc"], Some("abc")),
            (&["theme=dark; serambi_session=abc; lang=id"], Some("abc")),
            (&["theme=dark", "serambi_session=xyz"], Some("xyz")),
            (&["serambi_session="], None),
            (&["other_serambi_session=abc"], None),
            (&[], None),
        ];
        for (cookies, want) in cases {
            let mut headers = HeaderMap::new();
            for c in *cookies {
                headers.append(header::COOKIE, HeaderValue::from_static(c));
            }
            assert_eq!(
                session_token_from_headers(&headers).as_deref(),
                *want,
                "{cookies:?}"
            );
        }
    }

    #[test]
    fn the_cookie_is_http_only_lax_and_secure_on_https() {
        let plain = session_cookie("t", false);
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Lax"));
        assert!(!plain.contains("Secure"));
        assert!(session_cookie("t", true).ends_with("; Secure"));
        assert!(clear_cookie(false).contains("Max-Age=0"));
    }
}
