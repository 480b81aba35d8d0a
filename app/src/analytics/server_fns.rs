//! Server function of the dashboard: a thin door onto [`super::ssr`].

use super::AnalyticsReport;
use crate::codec::JsonText;
use crate::error::AppError;
use leptos::prelude::*;

/// The report for `from`..=`to` (`YYYY-MM-DD`, business days), or the `last_days`
/// ending today, over `accounts` (empty = all) (admins).
#[server(prefix = "/api/rpc", endpoint = "analytics", input = JsonText, output = JsonText)]
pub async fn load_analytics(
    from: Option<String>,
    to: Option<String>,
    last_days: Option<i64>,
    accounts: Vec<String>,
) -> Result<AnalyticsReport, AppError> {
    crate::state::as_user(async |state, user| {
        let to = to
            .as_deref()
            .map(|d| super::ssr::parse_day("to", d))
            .transpose()?;
        let mut from = from
            .as_deref()
            .map(|d| super::ssr::parse_day("from", d))
            .transpose()?;
        // "The last n days" ends today in the business's time zone, which the
        // browser does not know.
        if let (None, Some(n)) = (from, last_days) {
            let zone = crate::messaging::ssr::bookkeeping::business_zone(&state.db).await?;
            let end = to.unwrap_or_else(|| zone.day_of(chrono::Utc::now()));
            from = Some(end - chrono::Duration::days(n.clamp(1, super::MAX_RANGE_DAYS) - 1));
        }
        let range = super::ssr::Range { from, to, accounts };
        super::ssr::report(&state.db, &user, &range).await
    })
    .await
}
