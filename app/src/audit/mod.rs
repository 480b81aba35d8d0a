//! The audit trail: every admin change (settings, accounts, agents, labels, templates,
//! the spam filter, auto-reply patterns, account members), who made it, when, and the
//! value before and after with secrets left out. Written in each change's own
//! transaction ([`ssr::record`]); read on `/admin/audit` and at `GET /api/audit`.

use crate::domain::audit::{AuditAction, AuditKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub mod page;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use page::AuditRoute;

/// Most rows one page of the trail holds.
pub const MAX_PAGE: u32 = 200;
/// Rows a page holds unless asked otherwise.
pub const DEFAULT_PAGE: u32 = 50;

/// One admin change.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Row id; ids grow with time.
    pub id: i64,
    /// The admin who made it (none for a change made at start-up).
    pub actor_id: Option<i64>,
    /// Their name at the time.
    pub actor_name: String,
    /// What kind of thing changed.
    pub kind: AuditKind,
    /// What was done.
    pub action: AuditAction,
    /// Which one: a setting's key, an account's or an agent's id, a label's id…
    pub target: Option<String>,
    /// The value before (JSON; none for a creation). Secrets appear only as
    /// `"(diubah)"`: that they changed, never what they are.
    pub before: Option<serde_json::Value>,
    /// The value after (JSON; none for a deletion).
    pub after: Option<serde_json::Value>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A page of the trail, newest first.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditPage {
    /// The changes.
    pub items: Vec<AuditEntry>,
    /// Pass as `cursor` for the next (older) page; none at the end.
    pub next_cursor: Option<String>,
}

/// Which part of the trail to read.
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditQuery {
    /// Only this admin's changes (an agent id).
    pub actor: Option<i64>,
    /// Only changes of this kind.
    pub kind: Option<AuditKind>,
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size (1 to 200, default 50).
    pub limit: Option<u32>,
}

/// What a secret's value is replaced with in the trail.
pub const REDACTED: &str = "(diubah)";
