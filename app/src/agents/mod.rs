//! Agents: the people who log in, their role and whether they take new leads.

pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;
mod switch;

pub use switch::AvailabilitySwitch;

use crate::auth::Role;
use serde::{Deserialize, Serialize};

/// An agent as the admin screens and the API show it (never the password hash).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentView {
    /// Agent id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Login email.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Can log in and own leads.
    pub active: bool,
    /// Takes part in the round-robin of new leads.
    pub available: bool,
    /// Leads they own that nobody has answered yet.
    #[serde(default)]
    pub open_leads: i64,
    /// When any of their sessions was last used.
    #[serde(default)]
    pub last_seen_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Body of `POST /api/agents`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateAgentRequest {
    /// Display name.
    pub name: String,
    /// Login email.
    pub email: String,
    /// Initial password (at least 8 characters).
    pub password: String,
    /// `admin` or `agent`.
    pub role: Role,
}

/// Body of `PUT /api/agents/:id/password` (admins).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordResetRequest {
    /// The new password (at least 8 characters). Every session of the agent ends.
    pub password: String,
}

/// Body of `PUT /api/auth/me/availability`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityRequest {
    /// Ready to receive new leads ("Siap menerima lead").
    pub available: bool,
}

/// Body of `PUT /api/agents/:id`; absent fields stay as they are.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateAgentRequest {
    /// Can log in and own leads.
    pub active: Option<bool>,
    /// Takes part in the round-robin.
    pub available: Option<bool>,
    /// New role.
    pub role: Option<Role>,
    /// New display name.
    pub name: Option<String>,
}
