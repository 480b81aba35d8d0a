//! The inbox: chat list with filters, chat window with composer, lead panel, and the
//! new-message dialog.

mod bubble;
mod chat_item;
mod chat_list;
mod chat_window;
mod composer;
mod contact_form;
#[cfg(feature = "ssr")]
mod contact_search_ssr;
mod countdown;
pub mod detail;
#[cfg(feature = "ssr")]
pub mod detail_ssr;
mod filter_bar;
pub mod filters;
mod header;
mod history;
mod label_menu;
mod lead_panel;
mod list_rows;
mod live;
mod new_message;
mod outgoing;
mod owner_filter;
mod page;
mod profile_dialog;
mod remembered_accounts;
mod saved_list;
#[cfg(feature = "ssr")]
pub mod search_ssr;
mod sender_picker;
mod server_fns;
mod shortcuts;
pub mod snippet;
#[cfg(feature = "ssr")]
pub mod ssr;
mod thread_data;
mod toast;
mod typed_number;
#[cfg(feature = "hydrate")]
mod upload;
mod viewport;

pub use owner_filter::{OwnerFilter, OwnerFilterError};
pub use page::InboxPage;
pub use server_fns::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The chat list's filters and page position.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ChatListQuery {
    /// Only these accounts; empty means every account.
    pub accounts: Vec<String>,
    /// Whose threads.
    pub owner: OwnerFilter,
    /// Only threads with unread messages.
    pub unread: bool,
    /// Only threads carrying one of these label ids.
    pub labels: Vec<i64>,
    /// Text to find in the contact's name or number or the last message.
    pub q: Option<String>,
    /// Opaque position from the previous page's `nextCursor`.
    pub cursor: Option<String>,
    /// Page size (1 to 200, default 50).
    pub limit: Option<u32>,
}

/// The shortest query that searches the indexes (their three-letter pieces); a shorter
/// one is compared with each chat's texts in the list's own order.
pub const SEARCH_MIN_CHARS: usize = 3;
/// The longest search text: nobody types more, and every character costs the indexes
/// a piece to look up.
pub const SEARCH_MAX_CHARS: usize = 200;

impl ChatListQuery {
    /// The query text, trimmed, when it is long enough to search every message: the
    /// page is then in the search's order (contact matches, then message hits), not
    /// newest chat first.
    pub fn search_text(&self) -> Option<&str> {
        self.q
            .as_deref()
            .map(str::trim)
            .filter(|q| q.chars().count() >= SEARCH_MIN_CHARS)
    }
}

/// One row of the chat list.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatSummary {
    /// `{accountId}:{contactNumber}`.
    pub thread_id: String,
    /// The account the thread belongs to.
    pub account_id: String,
    /// That account's name, for the badge.
    pub account_name: String,
    /// The contact's E.164 digits.
    pub contact_number: String,
    /// The contact's number as people read it.
    pub contact_display: String,
    /// Saved contact name, else the WhatsApp profile name.
    pub contact_name: Option<String>,
    /// Start of the last message.
    pub last_message_preview: Option<String>,
    /// When the last message was sent or received.
    pub last_message_at: Option<DateTime<Utc>>,
    /// `inbound` or `outbound`.
    pub last_message_direction: Option<crate::domain::Direction>,
    /// Inbound messages not yet read.
    pub unread_count: i32,
    /// The last inbound message looked like an auto-reply.
    pub last_inbound_auto_reply: bool,
    /// The owning agent.
    pub owner_id: Option<i64>,
    /// The owning agent's name.
    pub owner_name: Option<String>,
    /// When the current owner got the lead.
    pub assigned_at: Option<DateTime<Utc>>,
    /// When the owner first answered (the lead is locked from then on).
    pub first_response_at: Option<DateTime<Utc>>,
    /// When the unanswered lead escalates (absent once answered, unowned or overdue).
    #[serde(default)]
    pub escalation_deadline: Option<DateTime<Utc>>,
    /// Outside working hours the clock stands still until this moment.
    #[serde(default)]
    pub escalation_paused_until: Option<DateTime<Utc>>,
    /// Nobody answered in time and nobody could take it over.
    #[serde(default)]
    pub overdue: bool,
    /// Its labels, in the admins' order.
    #[serde(default)]
    pub labels: Vec<crate::labels::LabelView>,
    /// In a search: the message that matched, if the chat was found by one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<FoundMessage>,
}

/// The message a search found in a chat.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FoundMessage {
    /// The message (the chat opens at it).
    pub message_id: i64,
    /// When it was sent or received.
    pub at: DateTime<Utc>,
    /// The words around the match.
    pub snippet: snippet::Snippet,
}

impl ChatSummary {
    /// The name to show: the contact's name, else the formatted number.
    pub fn title(&self) -> &str {
        self.contact_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&self.contact_display)
    }

    /// The owner answered: the lead stays theirs and no clock runs (the one rule,
    /// [`crate::escalation::is_locked`], the escalation job applies too).
    pub fn is_locked(&self) -> bool {
        crate::escalation::is_locked(self.owner_id, self.first_response_at)
    }
}

/// A page of the chat list.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatPage {
    /// The threads, newest activity first.
    pub items: Vec<ChatSummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// The server's clock when it answered, so countdowns can correct the browser's.
    #[serde(default)]
    pub server_time: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::ChatSummary;
    use chrono::{DateTime, Utc};

    fn chat(owner_id: Option<i64>, first_response_at: Option<DateTime<Utc>>) -> ChatSummary {
        ChatSummary {
            thread_id: "acc-001:6281234567890".into(),
            account_id: "acc-001".into(),
            account_name: "Toko A".into(),
            contact_number: "6281234567890".into(),
            contact_display: "+62 812-3456-7890".into(),
            contact_name: None,
            last_message_preview: None,
            last_message_at: None,
            last_message_direction: None,
            unread_count: 0,
            last_inbound_auto_reply: false,
            owner_id,
            owner_name: None,
            assigned_at: None,
            first_response_at,
            escalation_deadline: None,
            escalation_paused_until: None,
            overdue: false,
            labels: Vec::new(),
            found: None,
        }
    }

    #[test]
    fn a_row_shows_the_lock_the_escalation_job_applies() {
        let answered = DateTime::<Utc>::from_timestamp(1_794_787_200, 0);
        assert!(chat(Some(2), answered).is_locked());
        assert!(!chat(Some(2), None).is_locked(), "not answered yet");
        assert!(!chat(None, answered).is_locked(), "nobody owns it now");
    }
}
