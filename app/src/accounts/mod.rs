//! Accounts: the WhatsApp sender numbers the business owns ("client management").

#[cfg(feature = "ssr")]
pub mod admin_ssr;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod vault;

use serde::{Deserialize, Serialize};

pub use crate::domain::Provider;

/// An account as lists, filters and the API show it. Credentials never leave the
/// server; `hasOwnCredentials` tells whether it overrides the default Twilio ones.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    /// Account id (`acc-001`).
    pub id: String,
    /// Name shown on badges ("Toko A").
    pub name: String,
    /// The sender number, E.164 digits.
    pub phone_number: String,
    /// The sender number as people read it.
    pub phone_display: String,
    /// Provider.
    pub provider: Provider,
    /// Deactivated accounts keep their history but send and receive nothing.
    pub active: bool,
    /// Has its own Twilio credentials instead of the defaults.
    pub has_own_credentials: bool,
    /// Its badge's background (`#rrggbb`): from its id, and unlike every other
    /// account's while there are colours to go round (`domain::badge_colors`).
    #[serde(default)]
    pub color: String,
}

/// Body of `POST /api/whatsapp/sessions`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateAccountRequest {
    /// Wanted id; the next free `acc-NNN` when absent.
    pub id: Option<String>,
    /// Display name.
    pub name: String,
    /// Sender number in any common form.
    pub phone_number: String,
    /// Provider.
    pub provider: Provider,
    /// Twilio Account SID overriding `TWILIO_ACCOUNT_SID`.
    pub twilio_account_sid: Option<String>,
    /// Twilio auth token overriding `TWILIO_AUTH_TOKEN`.
    pub twilio_auth_token: Option<String>,
}

/// Body of `PUT /api/whatsapp/sessions/:id`; absent fields stay as they are.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateAccountRequest {
    /// Display name.
    pub name: Option<String>,
    /// Sender number.
    pub phone_number: Option<String>,
    /// Provider.
    pub provider: Option<Provider>,
    /// Active flag.
    pub active: Option<bool>,
    /// Twilio Account SID override (empty string removes it).
    pub twilio_account_sid: Option<String>,
    /// Twilio auth token override (empty string removes it).
    pub twilio_auth_token: Option<String>,
}

/// How an account is doing, for the accounts page.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountHealth {
    /// When a customer's message last arrived (a webhook was received).
    pub last_webhook_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Messages received today (UTC day).
    pub received_today: i64,
    /// Messages sent today (UTC day).
    pub sent_today: i64,
    /// Outbound messages that failed in the last 24 hours.
    pub failures_24h: i64,
}

/// An account as the admins' accounts page shows it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountAdminView {
    /// The account.
    pub account: AccountView,
    /// The agents who serve it (empty: everyone).
    pub member_ids: Vec<i64>,
    /// How it is doing.
    pub health: AccountHealth,
    /// Its own Twilio Account SID, if it has one.
    pub twilio_account_sid: Option<String>,
    /// The last four characters of its own auth token (the token never leaves the
    /// server). `None` with [`Self::auth_token_sealed`] set: it does not open with the
    /// configured key.
    pub auth_token_last4: Option<String>,
    /// Whether its own auth token is stored encrypted.
    pub auth_token_sealed: bool,
}

/// What the accounts page shows once: the accounts and the URLs to paste into Twilio.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountsOverview {
    /// Every account, inactive ones too.
    pub accounts: Vec<AccountAdminView>,
    /// "A message comes in" webhook URL for Twilio.
    pub webhook_url: String,
    /// Status callback URL (sent with every message; shown for reference).
    pub status_url: String,
}

/// Body of `PUT /api/whatsapp/sessions/:id/members`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MembersRequest {
    /// Exactly the agents who serve the account afterwards (empty: everyone).
    pub agent_ids: Vec<i64>,
}

/// The last four characters of a secret, for recognising it without showing it.
pub fn last4(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let start = chars.len().saturating_sub(4);
    chars[start..].iter().collect()
}
