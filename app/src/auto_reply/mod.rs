//! Auto-reply detection's admin side (SPEC 9): the patterns, and a preview that says
//! which patterns and spam keywords a pasted message meets.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

pub mod server_fns;

/// Most patterns an admin may keep.
pub const MAX_PATTERNS: usize = 50;
/// Longest pattern, in characters.
pub const MAX_PATTERN_CHARS: usize = 200;

/// `GET`/`PUT /api/auto-reply/patterns`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PatternList {
    /// Case-insensitive regular expressions, in order.
    pub patterns: Vec<String>,
}

/// What the filters make of a message (`POST /api/auto-reply/preview`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Preview {
    /// The auto-reply patterns it matches.
    pub auto_reply_patterns: Vec<String>,
    /// The spam keyword that would block it, if any.
    pub spam_keyword: Option<String>,
}

/// Body of `POST /api/auto-reply/preview`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PreviewRequest {
    /// The message text.
    pub text: String,
    /// Patterns to try instead of the stored ones (the page's unsaved edits).
    pub patterns: Option<Vec<String>>,
}
