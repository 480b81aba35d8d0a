//! The spam filter's admin side (SPEC 8): keywords and options, the log of blocked
//! messages, restoring one to the inbox. The matching itself is
//! [`crate::domain::spam`]; the inbound flow applies it.

use crate::domain::spam::SpamOptions;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

/// A spam keyword (`/api/spam/keywords`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SpamKeyword {
    /// Keyword id.
    pub id: i64,
    /// The words to look for.
    pub keyword: String,
    /// Whether it is checked.
    pub enabled: bool,
}

/// Body of `POST /api/spam/keywords`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewKeywordRequest {
    /// The words to look for (trimmed; at most 100 characters).
    pub keyword: String,
    /// Whether it is checked (default on).
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

/// Body of `PUT /api/spam/keywords/:id`: what is given changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct KeywordChangeRequest {
    /// New words.
    pub keyword: Option<String>,
    /// Checked or not.
    pub enabled: Option<bool>,
}

/// The spam filter at a glance: keywords, options and today's count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpamOverview {
    /// Every keyword, oldest first.
    pub keywords: Vec<SpamKeyword>,
    /// How they are matched.
    pub options: SpamOptions,
    /// Messages blocked since midnight of the business day (Asia/Jakarta).
    pub blocked_today: u64,
}

/// A blocked message (`/api/spam/blocked`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BlockedMessage {
    /// Log entry id.
    pub id: i64,
    /// The account it was written to.
    pub account_id: String,
    /// The sender's number, digits of E.164.
    pub sender_number: String,
    /// The sender's WhatsApp profile name, if sent.
    pub profile_name: Option<String>,
    /// The text.
    pub body: String,
    /// The keyword that matched.
    pub matched_keyword: String,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
}

/// One page of the blocked log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BlockedPage {
    /// The entries.
    pub items: Vec<BlockedMessage>,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}

/// The page cursor: the last entry's time and id.
pub fn blocked_cursor(m: &BlockedMessage) -> String {
    format!("{}_{}", m.received_at.timestamp_micros(), m.id)
}

/// Reads a cursor made by [`blocked_cursor`].
pub fn parse_blocked_cursor(s: &str) -> Option<(DateTime<Utc>, i64)> {
    let (micros, id) = s.split_once('_')?;
    let at = DateTime::from_timestamp_micros(micros.parse().ok()?)?;
    Some((at, id.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_nonsense_is_refused() {
        let m = BlockedMessage {
            id: 42,
            account_id: "acc-001".into(),
            sender_number: "6281234567890".into(),
            profile_name: None,
            body: "promo".into(),
            matched_keyword: "promo".into(),
            received_at: DateTime::from_timestamp_micros(1_764_000_000_123_456).unwrap_or_default(),
        };
        assert_eq!(
            parse_blocked_cursor(&blocked_cursor(&m)),
            Some((m.received_at, 42))
        );
        for bad in ["", "x_1", "1", "1_x", "_"] {
            assert_eq!(parse_blocked_cursor(bad), None, "{bad:?}");
        }
    }
}
