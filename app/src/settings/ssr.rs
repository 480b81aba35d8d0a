//! Settings against the database: read them all, apply a partial change (admins)
//! with an audit row per changed key, in one transaction. Every instance reads the
//! settings where they are used (the escalation worker each tick, the chat list per
//! request, the filters through their version token), so a change applies everywhere
//! at once.

use super::{
    AuditEntry, DisplaySettings, EscalationSettings, MAX_ESCALATIONS, MAX_TIMEOUT_SECONDS,
    MIN_TIMEOUT_SECONDS, SettingsPage, SettingsPatch, SettingsView, SpamFilterSettings,
};
use crate::{
    audit::ssr::{Change, record},
    auth::CurrentUser,
    db::{audit_log, settings, write_gate::WriteGate},
    domain::audit::{AuditAction, AuditKind},
    domain::working_hours::WorkingHours,
    error::AppError,
    escalation::ssr::{MAX_KEY, TIMEOUT_KEY, policy},
    labels::ssr::label_summaries,
    messaging::ssr::filters::{SPAM_OPTIONS_KEY, bump_version, put_setting, spam_options},
    spam::ssr::list_keywords,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

/// Settings key of the working hours (JSON).
pub const WORKING_HOURS_KEY: &str = "escalation.workingHours";
/// Settings key of the default language (JSON string).
pub const LANGUAGE_KEY: &str = "display.defaultLanguage";
/// Settings key of "show auto-replies in the chat list" (JSON bool).
pub const SHOW_AUTO_REPLIES_KEY: &str = "display.showAutoReplies";
/// Audit entries the settings page shows.
const AUDIT_SHOWN: u64 = 50;

async fn stored(db: &impl ConnectionTrait, key: &str) -> Result<Option<String>, AppError> {
    Ok(settings::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .map(|s| s.value))
}

/// The working hours (off until an admin sets them).
pub async fn working_hours(db: &impl ConnectionTrait) -> Result<WorkingHours, AppError> {
    Ok(stored(db, WORKING_HOURS_KEY)
        .await?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// The display settings (defaults where unset).
pub async fn display(db: &impl ConnectionTrait) -> Result<DisplaySettings, AppError> {
    let mut display = DisplaySettings::default();
    if let Some(lang) = stored(db, LANGUAGE_KEY)
        .await?
        .and_then(|v| serde_json::from_str::<String>(&v).ok())
    {
        display.default_language = lang;
    }
    if let Some(show) = stored(db, SHOW_AUTO_REPLIES_KEY)
        .await?
        .and_then(|v| serde_json::from_str::<bool>(&v).ok())
    {
        display.show_auto_replies = show;
    }
    Ok(display)
}

/// Every setting (admins).
pub async fn load(db: &impl ConnectionTrait, user: &CurrentUser) -> Result<SettingsView, AppError> {
    user.require_admin()?;
    let policy = policy(db).await?;
    let options = spam_options(db).await?;
    Ok(SettingsView {
        spam_filter: SpamFilterSettings {
            keywords: list_keywords(db).await?,
            case_insensitive: options.case_insensitive,
            partial_match: options.partial_match,
        },
        labels: label_summaries(db, user).await?,
        display: display(db).await?,
        escalation: EscalationSettings {
            timeout_seconds: policy.timeout.num_seconds(),
            max_escalations: policy.max_escalations,
            working_hours: policy.hours,
        },
    })
}

/// The latest changes, newest first (admins).
pub async fn audit(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
) -> Result<Vec<AuditEntry>, AppError> {
    user.require_admin()?;
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::Kind.eq(AuditKind::Setting))
        .order_by_desc(audit_log::Column::Id)
        .limit(AUDIT_SHOWN)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AuditEntry {
            id: a.id,
            key: a.target.unwrap_or_default(),
            old_value: a.before,
            new_value: a.after.unwrap_or_default(),
            agent_name: a.actor_name,
            changed_at: a.created_at,
        })
        .collect())
}

/// The settings page: the settings and their history (admins).
pub async fn page(db: &impl ConnectionTrait, user: &CurrentUser) -> Result<SettingsPage, AppError> {
    Ok(SettingsPage {
        settings: load(db, user).await?,
        audit: audit(db, user).await?,
    })
}

/// The stored values `patch` changes, checked: `(key, new value as stored)`.
fn changes(
    patch: &SettingsPatch,
    current: &SettingsView,
) -> Result<Vec<(&'static str, String)>, AppError> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    if let Some(e) = &patch.escalation {
        if let Some(seconds) = e.timeout_seconds {
            if !(MIN_TIMEOUT_SECONDS..=MAX_TIMEOUT_SECONDS).contains(&seconds) {
                return Err(AppError::validation(
                    "escalation.timeoutSeconds",
                    format!("must be {MIN_TIMEOUT_SECONDS} to {MAX_TIMEOUT_SECONDS} seconds"),
                ));
            }
            out.push((TIMEOUT_KEY, seconds.to_string()));
        }
        if let Some(max) = e.max_escalations {
            if !(0..=MAX_ESCALATIONS).contains(&max) {
                return Err(AppError::validation(
                    "escalation.maxEscalations",
                    format!("must be 0 to {MAX_ESCALATIONS}"),
                ));
            }
            out.push((MAX_KEY, max.to_string()));
        }
        if let Some(hours) = &e.working_hours {
            hours
                .check()
                .map_err(|m| AppError::validation("escalation.workingHours", m))?;
            out.push((WORKING_HOURS_KEY, json(hours)?));
        }
    }
    if let Some(d) = &patch.display {
        if let Some(lang) = &d.default_language {
            if lang != "id" && lang != "en" {
                return Err(AppError::validation(
                    "display.defaultLanguage",
                    "must be id or en",
                ));
            }
            out.push((LANGUAGE_KEY, json(lang)?));
        }
        if let Some(show) = d.show_auto_replies {
            out.push((SHOW_AUTO_REPLIES_KEY, json(&show)?));
        }
    }
    if let Some(s) = &patch.spam_filter {
        let mut options = current.spam_filter.options();
        if let Some(v) = s.case_insensitive {
            options.case_insensitive = v;
        }
        if let Some(v) = s.partial_match {
            options.partial_match = v;
        }
        out.push((SPAM_OPTIONS_KEY, json(&options)?));
    }
    Ok(out)
}

/// `key`'s value in effect in `current`, as it would be stored.
fn effective(current: &SettingsView, key: &str) -> Result<Option<String>, AppError> {
    let e = &current.escalation;
    Ok(Some(match key {
        TIMEOUT_KEY => e.timeout_seconds.to_string(),
        MAX_KEY => e.max_escalations.to_string(),
        WORKING_HOURS_KEY => json(&e.working_hours)?,
        LANGUAGE_KEY => json(&current.display.default_language)?,
        SHOW_AUTO_REPLIES_KEY => json(&current.display.show_auto_replies)?,
        SPAM_OPTIONS_KEY => json(&current.spam_filter.options())?,
        _ => return Ok(None),
    }))
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(AppError::internal)
}

/// Takes the settings' lock for the rest of `txn`: one change to the settings at a
/// time, so a change that reads a value (to merge into it, or to audit it) and writes
/// it back never loses another's. On SQLite the write gate already is that lock.
pub async fn lock_settings(txn: &impl ConnectionTrait) -> Result<(), AppError> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        // Any fixed number: the settings' own advisory lock, freed at commit.
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(7275626275)")
            .await?;
    }
    Ok(())
}

/// A stored setting's value as JSON (the text itself where it is not JSON).
pub fn stored_json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
}

/// Stores `value` under `key` with its audit row (by `user`, the value in effect
/// before → `value`), unless it is what is in effect already; returns whether it
/// changed. Call it with the settings locked ([`lock_settings`]).
pub async fn put_audited(
    txn: &impl ConnectionTrait,
    user: &CurrentUser,
    key: &str,
    before: Option<String>,
    value: String,
) -> Result<bool, AppError> {
    if before.as_deref() == Some(value.as_str()) {
        return Ok(false);
    }
    let change =
        Change::new(AuditKind::Setting, AuditAction::Update, key).after(stored_json(&value));
    let change = match &before {
        Some(b) => change.before(stored_json(b)),
        None => change,
    };
    put_setting(txn, key, value).await?;
    record(txn, user, change).await?;
    Ok(true)
}

/// Applies `patch` (admins): checked whole before anything is written, then each
/// changed key stored with an audit row (who, when, before, after) in one transaction,
/// which also reads what is in effect (so two patches at once never lose one). A
/// value equal to the stored one is not a change and leaves no row.
#[tracing::instrument(skip_all, fields(actor = user.id), err(level = "info"))]
pub async fn apply(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    patch: &SettingsPatch,
) -> Result<SettingsPage, AppError> {
    user.require_admin()?;
    let (guard, txn) = gate.begin(db).await?;
    lock_settings(&txn).await?;
    let current = load(&txn, user).await?;
    let wanted = changes(patch, &current)?;
    let mut filters_changed = false;
    for (key, value) in wanted {
        // What was in effect (a key never stored is in effect as its default): a
        // value equal to it is no change.
        let before = match stored(&txn, key).await? {
            Some(v) => Some(v),
            None => effective(&current, key)?,
        };
        let changed = put_audited(&txn, user, key, before, value).await?;
        filters_changed |= changed && key == SPAM_OPTIONS_KEY;
    }
    if filters_changed {
        bump_version(&txn).await?;
    }
    txn.commit().await?;
    drop(guard);
    page(db, user).await
}
