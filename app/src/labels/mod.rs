//! Labels: coloured tags on threads, used to sort leads ("Prospek panas", "Pelanggan")
//! and to filter the chat list.

use serde::{Deserialize, Serialize};

pub use chip::LabelChip;

mod chip;
#[cfg(feature = "ssr")]
pub mod manage;
pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

/// Body of `POST /api/labels`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewLabelRequest {
    /// Its name (unique whatever the case, at most 32 characters).
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
}

/// Body of `PUT /api/labels/:id`: what is given changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LabelChangeRequest {
    /// New name.
    pub name: Option<String>,
    /// New colour, `#rrggbb`.
    pub color: Option<String>,
    /// New place in the list (0 = first).
    pub order: Option<i32>,
}

/// Body of `PUT /api/inbox/chats/:threadId/labels`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ThreadLabelsRequest {
    /// Exactly the labels the thread carries afterwards.
    pub label_ids: Vec<i64>,
}

/// A label as the inbox shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LabelView {
    /// Label id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
}

/// A label with the number of threads that carry it (`GET /api/labels`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LabelSummary {
    /// Label id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    /// Its place in the label list.
    pub order: i32,
    /// Threads that carry it.
    pub chat_count: i64,
}

/// The label chips' text colour on `color`: dark or white, whichever contrasts more,
/// so a name stays readable on any colour an admin picks.
pub use crate::domain::contrast::text_on;
