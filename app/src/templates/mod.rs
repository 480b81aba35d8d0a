//! Quick-reply templates (SPEC 10): text an agent inserts from the composer, ranked by
//! points (a template gains 3 when the customer answers a message sent from it), and
//! WhatsApp-approved templates (a Twilio `ContentSid`), the only messages WhatsApp
//! accepts once the 24-hour window has closed.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod picker;
pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use picker::TemplatePicker;

/// Points a template gains when the customer answers a message sent from it.
pub const POINTS_PER_ANSWER: i32 = 3;

/// A template as the API and the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TemplateView {
    /// Template id.
    pub id: i64,
    /// What the picker shows.
    pub title: String,
    /// The text, with `{{nama}}`, `{{toko}}`, `{{agen}}` placeholders.
    pub body: String,
    /// Typed after `/` in the composer to pick it (`promo`).
    pub shortcut: Option<String>,
    /// Twilio Content SID (`HX…`) of the WhatsApp-approved template it stands for.
    pub content_sid: Option<String>,
    /// The approved template's variables: number → text with placeholders.
    pub content_variables: Option<BTreeMap<String, String>>,
    /// 3 for every message sent from it that the customer answered (read-only).
    pub points: i32,
}

impl TemplateView {
    /// True for a WhatsApp-approved template (sendable outside the 24-hour window).
    pub fn approved(&self) -> bool {
        self.content_sid.is_some()
    }
}

/// Body of `POST /api/templates` and `PUT /api/templates/:id`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TemplateRequest {
    /// What the picker shows (at most 80 characters).
    pub title: String,
    /// The text (at most 1,600 characters); only known placeholders.
    pub body: String,
    /// Optional shortcut: letters, digits, `-` and `_`, unique.
    #[serde(default)]
    pub shortcut: Option<String>,
    /// Twilio Content SID (`HX` and 32 hex digits) of an approved template.
    #[serde(default)]
    pub content_sid: Option<String>,
    /// Its variables, number → text with placeholders (only with `contentSid`).
    #[serde(default)]
    pub content_variables: Option<BTreeMap<String, String>>,
}

/// Body of `POST /api/templates/:id/reply`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TemplateReplyRequest {
    /// The message sent from the template that the customer answered.
    pub message_id: i64,
}

/// Answer of `POST /api/templates/:id/reply`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TemplateCredit {
    /// False when the message had already been credited (nothing changed).
    pub credited: bool,
    /// The template's points afterwards.
    pub points: i32,
}
