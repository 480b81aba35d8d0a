//! Messages in and out: Twilio's webhooks, the outbox, replies.

#[cfg(feature = "ssr")]
pub mod ssr;

use crate::domain::{Direction, MediaStatus, MessageStatus, MessageType};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A message as the chat window and the API show it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageView {
    /// Message id.
    pub id: i64,
    /// Its thread.
    pub thread_id: String,
    /// The account it was received on or sent from.
    pub account_id: String,
    /// `inbound` or `outbound`.
    pub direction: Direction,
    /// `text`, `image`, `video`, `audio`, `document`, `location` or `template`.
    pub message_type: MessageType,
    /// Text.
    pub body: String,
    /// Delivery status (`received` for inbound messages).
    pub status: MessageStatus,
    /// Provider error code of a failed message.
    pub error_code: Option<String>,
    /// What went wrong, for people.
    pub error_message: Option<String>,
    /// The provider's id (Twilio's `MessageSid`).
    pub provider_message_id: Option<String>,
    /// The agent who sent it.
    pub sent_by: Option<i64>,
    /// The template it was sent from.
    pub template_id: Option<i64>,
    /// Flagged as an automatic answer.
    pub is_auto_reply: bool,
    /// When it was received or written.
    pub created_at: DateTime<Utc>,
    /// Attachments, in order.
    #[serde(default)]
    pub media: Vec<MediaView>,
    /// Inbound (seed 004 §7.1): the customer's number, in digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_number: Option<String>,
    /// Inbound: the customer's name as the team knows it (the saved contact's, else the
    /// WhatsApp profile's), where the answer knows the thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_name: Option<String>,
    /// Inbound: where the first attachment is fetched (`/api/media/{id}`), once stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_path: Option<String>,
    /// Inbound: whether the team has read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_read: Option<bool>,
    /// Inbound: when it arrived (the same instant as `createdAt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<DateTime<Utc>>,
    /// Outbound (seed 004 §7.2): the customer's number, in digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_number: Option<String>,
    /// Outbound: when the agent sent it (the same instant as `createdAt`; `status`
    /// says how far it got).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<DateTime<Utc>>,
}

impl MessageView {
    /// Sets the attachments, and `mediaPath` to the first one stored.
    pub fn set_media(&mut self, media: Vec<MediaView>) {
        if self.direction == Direction::Inbound {
            self.media_path = media.iter().find_map(|m| m.url.clone());
        }
        self.media = media;
    }
}

/// An attachment of a message.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaView {
    /// Attachment id.
    pub id: i64,
    /// MIME type (`image/jpeg`, `application/pdf`, …).
    pub content_type: String,
    /// `pending` (inbound, not downloaded yet), `stored` or `failed`.
    pub status: MediaStatus,
    /// Where the browser fetches it (`/api/media/{id}`) once stored.
    pub url: Option<String>,
    /// Size in bytes, once stored.
    pub size_bytes: Option<i64>,
}

/// Answer of `POST /api/media`: pass `mediaPath` with a reply or a new message.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadView {
    /// The stored upload, as replies and new messages name it.
    pub media_path: String,
    /// Its MIME type.
    pub content_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// The name it was uploaded with.
    pub file_name: String,
}

/// Body of `POST /api/inbox/chats/:threadId/reply`. It cannot name an account: a reply
/// always leaves from the thread's account.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReplyRequest {
    /// Text to send (may be empty when a file is attached).
    #[serde(default)]
    pub body: String,
    /// The quick-reply template it came from.
    #[serde(default)]
    pub template_id: Option<i64>,
    /// An uploaded file to attach (`POST /api/media`).
    #[serde(default)]
    pub media_path: Option<String>,
}

/// Body of `POST /api/conversations/reply` (seed 000's endpoint).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConversationReplyRequest {
    /// The thread (seed 000 calls it the conversation).
    #[serde(alias = "conversationId")]
    pub thread_id: String,
    /// Text to send (may be empty when a file is attached).
    #[serde(default)]
    pub body: String,
    /// The quick-reply template it came from.
    #[serde(default)]
    pub template_id: Option<i64>,
    /// An uploaded file to attach (`POST /api/media`).
    #[serde(default)]
    pub media_path: Option<String>,
}

/// Body of `POST /api/outbox/send`: a new message from an explicitly chosen account.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendRequest {
    /// The account to send from (required).
    pub account_id: String,
    /// The recipient in any common form.
    pub recipient_number: String,
    /// Text to send (may be empty when a file is attached).
    #[serde(default)]
    pub body: String,
    /// The quick-reply template it came from.
    #[serde(default)]
    pub template_id: Option<i64>,
    /// An uploaded file to attach (`POST /api/media`).
    #[serde(default)]
    pub media_path: Option<String>,
}

/// A page of a thread's history, newest first.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessagePage {
    /// The messages, newest first.
    pub items: Vec<MessageView>,
    /// Pass as `before` for older messages; absent at the start of the thread.
    pub next_before: Option<i64>,
}
