//! The report, from the rollups: two range reads, `daily_analytics` (one row per
//! account and day) and `agent_daily` (one per agent, account and day, response
//! times as histograms), never the message table nor a row per lead.

use super::{AgentRow, AnalyticsReport, Counts, DayRow, MAX_RANGE_DAYS, histogram::Histogram};
use crate::{
    auth::CurrentUser,
    db::{accounts, agent_daily, agents, daily_analytics},
    error::AppError,
    messaging::ssr::bookkeeping::business_zone,
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, HashMap};

/// What a report covers; days are the business's, inclusive.
#[derive(Debug, Clone, Default)]
pub struct Range {
    /// First day (default: six days before `to`).
    pub from: Option<NaiveDate>,
    /// Last day (default: today).
    pub to: Option<NaiveDate>,
    /// Accounts (empty = all).
    pub accounts: Vec<String>,
}

/// Reads `YYYY-MM-DD`, naming `field` when it is not one.
pub fn parse_day(field: &str, s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::validation(field, "must be a date as YYYY-MM-DD"))
}

fn add(into: &mut Counts, row: &daily_analytics::Model) {
    into.received += i64::from(row.received_count);
    into.replied += i64::from(row.reply_count);
    into.blocked += i64::from(row.blocked_count);
    into.new_leads += i64::from(row.new_lead_count);
    into.escalations += i64::from(row.escalation_count);
}

/// Fills the response-time fields of `counts` from its answered leads' times.
fn with_response_times(mut counts: Counts, times: &Histogram) -> Counts {
    counts.answered = times.len() as i64;
    counts.median_first_response_seconds = times.median();
    counts.p90_first_response_seconds = times.percentile(90);
    counts
}

/// The report for `range` (admins).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn report(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    range: &Range,
) -> Result<AnalyticsReport, AppError> {
    user.require_admin()?;
    let zone = business_zone(db).await?;
    let to = range.to.unwrap_or_else(|| zone.day_of(Utc::now()));
    let from = range.from.unwrap_or(to - Duration::days(6));
    if from > to {
        return Err(AppError::validation("from", "must not be after to"));
    }
    if (to - from).num_days() >= MAX_RANGE_DAYS {
        return Err(AppError::validation(
            "from",
            format!("the range is at most {MAX_RANGE_DAYS} days"),
        ));
    }
    let mut wanted: Vec<String> = range
        .accounts
        .iter()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    wanted.sort();
    wanted.dedup();
    let names: HashMap<String, String> = accounts::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    if let Some(unknown) = wanted.iter().find(|a| !names.contains_key(*a)) {
        return Err(AppError::validation(
            "accounts",
            format!("account {unknown} does not exist"),
        ));
    }

    let mut daily =
        daily_analytics::Entity::find().filter(daily_analytics::Column::Day.between(from, to));
    let mut by_agent =
        agent_daily::Entity::find().filter(agent_daily::Column::Day.between(from, to));
    if !wanted.is_empty() {
        daily = daily.filter(daily_analytics::Column::AccountId.is_in(wanted.clone()));
        by_agent = by_agent.filter(agent_daily::Column::AccountId.is_in(wanted.clone()));
    }
    let daily = daily.all(db).await?;
    let by_agent = by_agent.all(db).await?;

    // Per account and day, per day, and the whole range.
    let mut cells: BTreeMap<(NaiveDate, String), (Counts, Histogram)> = BTreeMap::new();
    let mut per_day: BTreeMap<NaiveDate, (Counts, Histogram)> = BTreeMap::new();
    let mut totals = (Counts::default(), Histogram::default());
    for row in &daily {
        add(
            &mut cells
                .entry((row.day, row.account_id.clone()))
                .or_default()
                .0,
            row,
        );
        add(&mut per_day.entry(row.day).or_default().0, row);
        add(&mut totals.0, row);
    }
    // Per agent over the range.
    let mut agent_totals: BTreeMap<i64, (Histogram, i64)> = BTreeMap::new();
    for row in &by_agent {
        let arrival = Histogram::decode(&row.arrival_seconds);
        cells
            .entry((row.day, row.account_id.clone()))
            .or_default()
            .1
            .merge(&arrival);
        per_day.entry(row.day).or_default().1.merge(&arrival);
        totals.1.merge(&arrival);
        let agent = agent_totals.entry(row.agent_id).or_default();
        agent.0.merge(&Histogram::decode(&row.assigned_seconds));
        agent.1 += i64::from(row.escalations_away);
    }
    let rows = cells
        .into_iter()
        .map(|((day, account_id), (counts, times))| DayRow {
            day,
            account_name: names.get(&account_id).cloned().unwrap_or_default(),
            account_id,
            counts: with_response_times(counts, &times),
        })
        .collect();
    let mut days = Vec::new();
    let mut day = from;
    while day <= to {
        let (counts, times) = per_day.remove(&day).unwrap_or_default();
        days.push(DayRow {
            day,
            account_id: String::new(),
            account_name: String::new(),
            counts: with_response_times(counts, &times),
        });
        day += Duration::days(1);
    }

    let agent_names: HashMap<i64, String> = agents::Entity::find()
        .filter(agents::Column::Id.is_in(agent_totals.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let agents = agent_totals
        .into_iter()
        .map(|(id, (times, escalations_away))| AgentRow {
            agent_id: id,
            name: agent_names.get(&id).cloned().unwrap_or_default(),
            leads_handled: times.len() as i64,
            median_first_response_seconds: times.median(),
            escalations_away,
        })
        .collect();

    Ok(AnalyticsReport {
        from,
        to,
        time_zone: zone.name().to_owned(),
        accounts: wanted,
        totals: with_response_times(totals.0, &totals.1),
        per_day: days,
        rows,
        agents,
    })
}
