//! Writing and reading the audit trail. [`record`] is called by every admin mutation
//! inside its own transaction, so a change and its audit row commit (or vanish)
//! together.

use super::{AuditEntry, AuditPage, AuditQuery, DEFAULT_PAGE, MAX_PAGE, REDACTED};
use crate::{
    auth::CurrentUser,
    db::audit_log,
    domain::audit::{AuditAction, AuditKind},
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::{Map, Value};

/// Fields whose values never enter the trail, at any depth: only that they changed.
const SECRET_FIELDS: [&str; 8] = [
    "password",
    "passwordHash",
    "twilioAuthToken",
    "authToken",
    "authTokenLast4",
    "token",
    "secret",
    "sealed",
];

/// What a secret that did not change shows as.
const HIDDEN: &str = "•••";

/// One admin change, before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    kind: AuditKind,
    action: AuditAction,
    target: Option<String>,
    before: Option<Value>,
    after: Option<Value>,
}

impl Change {
    /// `action` on the thing of `kind` named `target`.
    pub fn new(kind: AuditKind, action: AuditAction, target: impl ToString) -> Self {
        Self {
            kind,
            action,
            target: Some(target.to_string()),
            before: None,
            after: None,
        }
    }

    /// `action` on `kind` as a whole (the blocked log emptied, say).
    pub fn whole(kind: AuditKind, action: AuditAction) -> Self {
        Self {
            target: None,
            ..Self::new(kind, action, "")
        }
    }

    /// The value before, as it is serialised.
    pub fn before(mut self, value: impl serde::Serialize) -> Self {
        self.before = serde_json::to_value(value).ok();
        self
    }

    /// The value after, as it is serialised.
    pub fn after(mut self, value: impl serde::Serialize) -> Self {
        self.after = serde_json::to_value(value).ok();
        self
    }

    /// Whether before and after say the same (an update that changed nothing).
    pub fn is_noop(&self) -> bool {
        self.action == AuditAction::Update && self.before == self.after
    }
}

/// Writes `change` by `actor` (in the caller's transaction). An update that changed
/// nothing leaves no row.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    change: Change,
) -> Result<(), AppError> {
    if change.is_noop() {
        return Ok(());
    }
    let (before, after) = redact(change.before, change.after);
    let text = |v: Option<Value>| v.map(|v| v.to_string());
    audit_log::ActiveModel {
        actor_id: Set(Some(actor.id)),
        actor_name: Set(actor.name.clone()),
        kind: Set(change.kind),
        action: Set(change.action),
        target: Set(change.target),
        before: Set(text(before)),
        after: Set(text(after)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// `before` and `after` with every secret field replaced: [`REDACTED`] on the side
/// where it changed (or was set), [`HIDDEN`] where it stayed; a secret that is in
/// neither stays out.
pub fn redact(before: Option<Value>, after: Option<Value>) -> (Option<Value>, Option<Value>) {
    match (before, after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            let (b, a) = redact_pair(b, a);
            (Some(Value::Object(b)), Some(Value::Object(a)))
        }
        (b, a) => (b.map(redact_alone), a.map(redact_alone)),
    }
}

fn is_secret(key: &str) -> bool {
    SECRET_FIELDS.iter().any(|s| s.eq_ignore_ascii_case(key))
}

fn redact_pair(
    mut b: Map<String, Value>,
    mut a: Map<String, Value>,
) -> (Map<String, Value>, Map<String, Value>) {
    let keys: Vec<String> = b.keys().chain(a.keys()).cloned().collect();
    for key in keys {
        if is_secret(&key) {
            let (old, new) = (b.remove(&key), a.remove(&key));
            let set = |v: &Option<Value>| v.as_ref().is_some_and(|v| !v.is_null());
            if old != new {
                if set(&old) {
                    b.insert(key.clone(), HIDDEN.into());
                }
                a.insert(
                    key,
                    if set(&new) {
                        REDACTED.into()
                    } else {
                        Value::Null
                    },
                );
            } else if set(&old) {
                b.insert(key.clone(), HIDDEN.into());
                a.insert(key, HIDDEN.into());
            }
        } else if let (Some(Value::Object(ob)), Some(Value::Object(oa))) =
            (b.get(&key), a.get(&key))
        {
            let (ob, oa) = redact_pair(ob.clone(), oa.clone());
            b.insert(key.clone(), Value::Object(ob));
            a.insert(key, Value::Object(oa));
        } else {
            if let Some(v) = b.remove(&key) {
                b.insert(key.clone(), redact_alone(v));
            }
            if let Some(v) = a.remove(&key) {
                a.insert(key, redact_alone(v));
            }
        }
    }
    (b, a)
}

/// A value with no other side to compare with (a creation, a deletion): each secret
/// that is set shows as [`REDACTED`].
fn redact_alone(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter_map(|(k, v)| {
                    if is_secret(&k) {
                        (!v.is_null()).then(|| (k, Value::from(REDACTED)))
                    } else {
                        Some((k, redact_alone(v)))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redact_alone).collect()),
        other => other,
    }
}

impl From<audit_log::Model> for AuditEntry {
    fn from(m: audit_log::Model) -> Self {
        let json = |text: Option<String>| {
            text.map(|t| serde_json::from_str(&t).unwrap_or(Value::String(t)))
        };
        Self {
            kind: m.kind,
            action: m.action,
            id: m.id,
            actor_id: m.actor_id,
            actor_name: m.actor_name,
            target: m.target,
            before: json(m.before),
            after: json(m.after),
            created_at: m.created_at,
        }
    }
}

/// A page of the trail, newest first, optionally of one admin or one kind (admins).
pub async fn list(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    query: &AuditQuery,
) -> Result<AuditPage, AppError> {
    user.require_admin()?;
    let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let mut select = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Id)
        .limit(u64::from(limit) + 1);
    if let Some(actor) = query.actor {
        select = select.filter(audit_log::Column::ActorId.eq(actor));
    }
    if let Some(kind) = query.kind {
        select = select.filter(audit_log::Column::Kind.eq(kind));
    }
    if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        let before: i64 = cursor
            .parse()
            .map_err(|_| AppError::validation("cursor", "is not a cursor of this list"))?;
        select = select.filter(audit_log::Column::Id.lt(before));
    }
    let rows = select.all(db).await?;
    let more = rows.len() > limit as usize;
    let items: Vec<AuditEntry> = rows
        .into_iter()
        .take(limit as usize)
        .map(AuditEntry::from)
        .collect();
    let next_cursor = more
        .then(|| items.last().map(|e| e.id.to_string()))
        .flatten();
    Ok(AuditPage { items, next_cursor })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_show_only_that_they_changed() {
        let (b, a) = redact(
            Some(
                json!({ "name": "Toko A", "twilioAuthToken": "old-token", "authTokenLast4": "oken" }),
            ),
            Some(
                json!({ "name": "Toko A", "twilioAuthToken": "new-token", "authTokenLast4": "oken" }),
            ),
        );
        assert_eq!(
            b,
            Some(json!({ "name": "Toko A", "twilioAuthToken": HIDDEN, "authTokenLast4": HIDDEN }))
        );
        assert_eq!(
            a,
            Some(
                json!({ "name": "Toko A", "twilioAuthToken": REDACTED, "authTokenLast4": HIDDEN })
            )
        );
        let text = serde_json::to_string(&(b, a)).unwrap_or_default();
        for value in ["old-token", "new-token", "\"oken\""] {
            assert!(!text.contains(value), "{value} in {text}");
        }
    }

    #[test]
    fn a_creation_or_deletion_shows_secrets_as_set() {
        let (b, a) = redact(
            None,
            Some(
                json!({ "email": "a@x", "password": "hunter22", "nested": { "secret": "s" }, "token": null }),
            ),
        );
        assert_eq!(b, None);
        assert_eq!(
            a,
            Some(json!({ "email": "a@x", "password": REDACTED, "nested": { "secret": REDACTED } }))
        );
    }

    #[test]
    fn an_update_that_changes_nothing_is_no_change() {
        let same = Change::new(AuditKind::Label, AuditAction::Update, 3)
            .before(json!({ "name": "VIP" }))
            .after(json!({ "name": "VIP" }));
        assert!(same.is_noop());
        let renamed = same.clone().after(json!({ "name": "VVIP" }));
        assert!(!renamed.is_noop());
    }
}
