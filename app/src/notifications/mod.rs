//! The notification centre: personal-message alerts (SPEC 9) and escalation notices
//! (SPEC 6), each addressed to one agent, listed unread first and dismissed with one
//! press in every open tab at once.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

pub mod menu;
pub mod server_fns;

/// A notice (`/api/notifications`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationView {
    /// Notice id.
    pub id: i64,
    /// `personal_message`, `escalation` or `overdue`.
    pub kind: crate::domain::NotificationKind,
    /// The chat it is about.
    pub thread_id: Option<String>,
    /// One line, e.g. "Pesan Personal dari Budi".
    pub title: String,
    /// A preview of the message or the reason.
    pub body: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When its addressee dismissed it.
    pub dismissed_at: Option<DateTime<Utc>>,
}

/// A page of the viewer's notices, unread first, newest first within each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationPage {
    /// The notices.
    pub items: Vec<NotificationView>,
    /// How many are not dismissed, in all.
    pub unread: u64,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}
