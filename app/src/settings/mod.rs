//! Settings (SPEC 10): escalation (timeout, cap on moves, working hours), display
//! (default language, auto-replies in the chat list), the spam filter's options, and
//! the audit trail of every change. `GET`/`PUT /api/settings` and `/admin/settings`.

use crate::{
    domain::{spam::SpamOptions, working_hours::WorkingHours},
    labels::LabelSummary,
    spam::SpamKeyword,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

/// Shortest escalation timeout, in seconds.
pub const MIN_TIMEOUT_SECONDS: i64 = 30;
/// Longest escalation timeout: a day.
pub const MAX_TIMEOUT_SECONDS: i64 = 24 * 3600;
/// Most moves a lead may make.
pub const MAX_ESCALATIONS: i32 = 20;

/// The spam filter as settings show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SpamFilterSettings {
    /// The keywords (changed through `/api/spam/keywords`).
    pub keywords: Vec<SpamKeyword>,
    /// Ignore letter case.
    pub case_insensitive: bool,
    /// Match inside words.
    pub partial_match: bool,
}

/// How the inbox looks for everyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DisplaySettings {
    /// `id` or `en`: the language of someone who has not chosen one.
    pub default_language: String,
    /// Show threads whose last customer message was an automatic reply in the chat list.
    pub show_auto_replies: bool,
}

impl Default for DisplaySettings {
    fn default() -> Self {
        Self {
            default_language: "id".into(),
            show_auto_replies: true,
        }
    }
}

/// The escalation rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EscalationSettings {
    /// First-response time, in working seconds.
    pub timeout_seconds: i64,
    /// Moves before a lead stays and is marked overdue.
    pub max_escalations: i32,
    /// When the clock runs.
    pub working_hours: WorkingHours,
}

/// `GET /api/settings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SettingsView {
    /// The spam filter.
    pub spam_filter: SpamFilterSettings,
    /// The labels (changed through `/api/labels`).
    pub labels: Vec<LabelSummary>,
    /// Display.
    pub display: DisplaySettings,
    /// Escalation.
    pub escalation: EscalationSettings,
}

/// Part of `display` to change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DisplayPatch {
    /// `id` or `en`.
    pub default_language: Option<String>,
    /// Show auto-replies in the chat list.
    pub show_auto_replies: Option<bool>,
}

/// Part of `escalation` to change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EscalationPatch {
    /// 30 s to 24 h.
    pub timeout_seconds: Option<i64>,
    /// 0 to 20.
    pub max_escalations: Option<i32>,
    /// The whole working-hours object.
    pub working_hours: Option<WorkingHours>,
}

/// Part of `spamFilter` to change (keywords have their own endpoints).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SpamPatch {
    /// Ignore letter case.
    pub case_insensitive: Option<bool>,
    /// Match inside words.
    pub partial_match: Option<bool>,
}

/// Body of `PUT /api/settings`: partial objects merge into the stored ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SettingsPatch {
    /// Display changes.
    pub display: Option<DisplayPatch>,
    /// Escalation changes.
    pub escalation: Option<EscalationPatch>,
    /// Spam filter option changes.
    pub spam_filter: Option<SpamPatch>,
}

/// One change in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = SettingsAuditEntry))]
pub struct AuditEntry {
    /// Entry id.
    pub id: i64,
    /// The setting (`escalation.timeoutSeconds`, …).
    pub key: String,
    /// Its value before (JSON), if it had one.
    pub old_value: Option<String>,
    /// Its value after (JSON).
    pub new_value: String,
    /// Who changed it.
    pub agent_name: String,
    /// When.
    pub changed_at: DateTime<Utc>,
}

/// The settings and their recent history (the settings page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SettingsPage {
    /// The settings.
    pub settings: SettingsView,
    /// The latest changes, newest first.
    pub audit: Vec<AuditEntry>,
}

impl SpamFilterSettings {
    /// The options part.
    pub fn options(&self) -> SpamOptions {
        SpamOptions {
            case_insensitive: self.case_insensitive,
            partial_match: self.partial_match,
        }
    }
}
