//! What the chat window and the lead panel show about one thread, and what the
//! new-message dialog knows about a recipient.

use super::ChatSummary;
use crate::domain::sender::SenderChoice;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The same contact's thread on another account ("also on").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlsoOn {
    /// That thread.
    pub thread_id: String,
    /// Its account.
    pub account_id: String,
    /// The account's name.
    pub account_name: String,
}

/// One thread with everything the chat header and the lead panel need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadDetail {
    /// The list row of the thread.
    pub summary: ChatSummary,
    /// The account's own number, as people read it.
    pub account_display: String,
    /// Who carries the account's messages.
    pub provider: crate::domain::Provider,
    /// The contact's threads on other accounts the viewer may open.
    pub also_on: Vec<AlsoOn>,
    /// `none` (its clock runs, or it was answered) or `overdue`.
    pub escalation_state: crate::domain::EscalationState,
    /// How often the lead moved on unanswered.
    pub escalation_count: i32,
    /// The customer's last message (opens WhatsApp's 24-hour window).
    pub last_inbound_at: Option<DateTime<Utc>>,
    /// Free text may be sent now (always true for simulator accounts).
    pub window_open: bool,
    /// Notes on the lead.
    pub notes: Option<String>,
    /// The thread's labels.
    pub labels: Vec<LabelView>,
}

pub use crate::labels::LabelView;

/// What the new-message dialog shows for a typed recipient (SPEC 5.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SenderOptions {
    /// The recipient's E.164 digits.
    pub digits: String,
    /// The recipient as people read it.
    pub display: String,
    /// Picker required, fixed account, or picker among known accounts.
    pub choice: SenderChoice,
    /// The existing threads with the recipient, by account.
    pub threads: Vec<AlsoOn>,
}
