//! Message providers (Twilio, the simulator) and Twilio's request signatures.
//!
//! Both providers speak the same small interface, [`MessageProvider`]: hand over one
//! message, get the provider's id back or a classified error.

pub mod signature;
pub mod simulator;
pub mod twilio;

use crate::domain::{MessageStatus, PhoneNumber};
use std::future::Future;

/// One message to hand to a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    /// Our sender number (the account's).
    pub from: PhoneNumber,
    /// The customer.
    pub to: PhoneNumber,
    /// Text (not sent to Twilio when `content_sid` is set; the template is the text).
    pub body: String,
    /// A WhatsApp-approved template to send instead of free text (Twilio `ContentSid`).
    pub content_sid: Option<String>,
    /// Its filled variables as a JSON object string (Twilio `ContentVariables`).
    pub content_variables: Option<String>,
    /// Public URLs of attachments.
    pub media_urls: Vec<String>,
    /// Where the provider reports delivery statuses.
    pub status_callback: String,
}

/// Credentials of the sending account.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// Twilio Account SID (or the simulator's label).
    pub account_sid: String,
    /// Auth token.
    pub auth_token: String,
}

impl std::fmt::Debug for Credentials {
    // Never the token: credentials end up in traced arguments and error reports.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("account_sid", &self.account_sid)
            .field("auth_token", &"***")
            .finish()
    }
}

/// The provider took the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The provider's id (Twilio's `MessageSid`).
    pub provider_id: String,
    /// The status it reported.
    pub status: MessageStatus,
}

/// Why a send did not go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Not processed, try again later (HTTP 429, 5xx, connection refused, rate limits).
    Transient {
        /// Provider error code or HTTP status.
        code: String,
        /// What the provider said.
        message: String,
    },
    /// Refused for good (invalid number, outside the window, bad credentials).
    Permanent {
        /// Provider error code.
        code: String,
        /// What the provider said.
        message: String,
    },
    /// The request may have reached the provider but no answer came (a timeout after
    /// sending): resending could deliver twice, so a person decides.
    Unknown {
        /// What happened.
        message: String,
    },
}

/// Something that delivers WhatsApp messages.
pub trait MessageProvider {
    /// Hands `message` to the provider with `credentials`.
    fn send(
        &self,
        credentials: &Credentials,
        message: &OutgoingMessage,
    ) -> impl Future<Output = Result<Accepted, SendError>> + Send;
}
