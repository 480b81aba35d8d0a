//! Realtime: what changed, told to every browser that may see it, in order.
//!
//! Every change a browser must hear about is written as an event row in the same
//! transaction as the change ([`ssr::record`]); the row's id is the event's sequence
//! number. Each server loads new rows and hands them to its WebSocket connections
//! ([`ssr::Hub`]); servers sharing PostgreSQL wake each other with `NOTIFY`. A browser
//! that reconnects says the last sequence it saw and gets what it missed.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

#[cfg(feature = "hydrate")]
pub mod client;

/// The event types (`type` of the JSON a WebSocket carries).
pub mod kind {
    /// A customer wrote: `{threadId, accountId, message}`.
    pub const NEW_MESSAGE: &str = "inbox:new-message";
    /// Inbound messages were read: `{threadId, messageId}`.
    pub const MESSAGE_READ: &str = "inbox:message-read";
    /// The provider took an outbound message: `{threadId, messageId, status}`.
    pub const OUTBOX_SENT: &str = "outbox:sent";
    /// An outbound message failed: `{threadId, messageId, error}`.
    pub const OUTBOX_FAILED: &str = "outbox:failed";
    /// A delivery status arrived: `{threadId, messageId, status}`.
    pub const OUTBOX_STATUS: &str = "outbox:status";
    /// A lead got an owner: `{threadId, agentId, reason, assignedAt, deadline}`.
    pub const LEAD_ASSIGNED: &str = "lead:assigned";
    /// A lead was taken from its owner: `{threadId, fromAgentId, toAgentId, escalationCount}`,
    /// or marked overdue (`toAgentId` null, `overdue` true).
    pub const LEAD_ESCALATED: &str = "lead:escalated";
    /// Something else about a thread changed (a reply, the first response): `{threadId, …}`.
    pub const THREAD_UPDATED: &str = "thread:updated";
    /// A personal notice for one agent: `{agentId, threadId, title, body}`.
    pub const PERSONAL_MESSAGE: &str = "notification:personal-message";
    /// An agent dismissed a notice (their other tabs clear it): `{agentId, notificationId}`.
    pub const NOTIFICATION_DISMISSED: &str = "notification:dismissed";
    /// The label list changed (created, renamed, recoloured, moved, deleted):
    /// `{labels}`, every label without counts (each user's are their own). Everyone
    /// receives it.
    pub const LABELS_CHANGED: &str = "labels:changed";

    /// One agent's sessions changed (a logout, deactivation, a new password or role):
    /// `{}`. Every server re-checks that agent's open connections; one whose session
    /// no longer stands, or now carries another role, receives this envelope and is
    /// closed, and the browser goes to the login page.
    pub const SESSION_ENDED: &str = "session:ended";

    /// The kinds every logged-in user receives, whoever owns what.
    pub const FOR_EVERYONE: [&str; 1] = [LABELS_CHANGED];

    /// Sent first on every connection: `{seq, serverTime}` (not stored).
    pub const HELLO: &str = "hello";
    /// Sent every few seconds so both ends notice a dead connection (not stored).
    pub const HEARTBEAT: &str = "heartbeat";
    /// The missed events are too many or too old: reload the visible state (not stored).
    pub const RESET: &str = "sync:reset";
}

/// Where the browser's connection stands, for the indicator in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// Not yet connected once (and on the server, which has no connection).
    #[default]
    Connecting,
    /// Connected: events arrive.
    Live,
    /// Dropped; trying again.
    Reconnecting,
}

/// One message on the WebSocket, as the browser reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// One of [`kind`].
    #[serde(rename = "type")]
    pub kind: String,
    /// The event's sequence number (for `hello`, `heartbeat` and `sync:reset`: the
    /// newest sequence at that moment).
    #[serde(default)]
    pub seq: i64,
    /// What happened.
    #[serde(default)]
    pub payload: serde_json::Value,
}

impl Envelope {
    /// The thread the event is about, if any.
    pub fn thread_id(&self) -> Option<&str> {
        self.payload.get("threadId").and_then(|v| v.as_str())
    }
}
