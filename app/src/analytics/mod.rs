//! Analytics (SPEC 10): per account and business day, messages received and replied,
//! blocked, new leads, escalations, median and p90 first-response time; per agent,
//! leads handled, median first response and leads escalated away. Read from rollups
//! written with what they count (`daily_analytics` per account and day, `agent_daily`
//! per agent, account and day with response times as histograms), never from the
//! message table or one row per lead. `GET /api/analytics` and `/admin/analytics`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod chart;
#[cfg(feature = "ssr")]
pub mod histogram;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod stats;

/// Longest range one report covers.
pub const MAX_RANGE_DAYS: i64 = 366;

/// The counters of one account on one day, or of a whole range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Counts {
    /// Customer messages received (spam excluded). On the wire `receivedCount`, the
    /// name of SPEC 10 and seed 004 §14.2 (`received` is still read).
    #[serde(rename = "receivedCount", alias = "received")]
    pub received: i64,
    /// Messages sent by agents: `replyCount` on the wire (`replied` is still read).
    #[serde(rename = "replyCount", alias = "replied")]
    pub replied: i64,
    /// Messages the spam filter held back.
    pub blocked: i64,
    /// New leads (first message of a number on an account).
    pub new_leads: i64,
    /// Leads moved to another agent unanswered.
    pub escalations: i64,
    /// Leads answered for the first time.
    pub answered: i64,
    /// Median seconds from the customer's first message to the first answer.
    pub median_first_response_seconds: Option<i64>,
    /// 90th percentile of the same.
    pub p90_first_response_seconds: Option<i64>,
}

/// One account on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DayRow {
    /// The business day.
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "2026-12-01"))]
    pub day: NaiveDate,
    /// Account id.
    pub account_id: String,
    /// Account name.
    pub account_name: String,
    /// The counters.
    #[serde(flatten)]
    pub counts: Counts,
}

/// One agent over the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AgentRow {
    /// Agent id.
    pub agent_id: i64,
    /// Agent name.
    pub name: String,
    /// Leads they answered first.
    pub leads_handled: i64,
    /// Median seconds from getting a lead to answering it.
    pub median_first_response_seconds: Option<i64>,
    /// Leads escalated away from them unanswered.
    pub escalations_away: i64,
}

/// `GET /api/analytics`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnalyticsReport {
    /// First day, inclusive.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub from: NaiveDate,
    /// Last day, inclusive.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub to: NaiveDate,
    /// The business's time zone the days are in.
    pub time_zone: String,
    /// The accounts counted (empty = all).
    pub accounts: Vec<String>,
    /// The whole range, all chosen accounts.
    pub totals: Counts,
    /// Every day of the range, all chosen accounts together (for the charts).
    pub per_day: Vec<DayRow>,
    /// Each account on each day that had anything.
    pub rows: Vec<DayRow>,
    /// Each agent with anything in the range.
    pub agents: Vec<AgentRow>,
}
