//! Accounts: the WhatsApp sender numbers the business owns ("client management").

#[cfg(feature = "ssr")]
pub mod ssr;

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
