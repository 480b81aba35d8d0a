//! The report, from the rollups: a handful of range reads on `daily_analytics`,
//! `first_responses` and `agent_daily` (each through its day index), never the
//! message table.

use super::{AgentRow, AnalyticsReport, Counts, DayRow, MAX_RANGE_DAYS, stats};
use crate::{
    auth::CurrentUser,
    db::{accounts, agent_daily, agents, daily_analytics, first_responses},
    error::AppError,
    messaging::ssr::bookkeeping::business_zone,
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
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
    let mut firsts =
        first_responses::Entity::find().filter(first_responses::Column::Day.between(from, to));
    let mut away = agent_daily::Entity::find().filter(agent_daily::Column::Day.between(from, to));
    if !wanted.is_empty() {
        daily = daily.filter(daily_analytics::Column::AccountId.is_in(wanted.clone()));
        firsts = firsts.filter(first_responses::Column::AccountId.is_in(wanted.clone()));
        away = away.filter(agent_daily::Column::AccountId.is_in(wanted.clone()));
    }
    let daily = daily.all(db).await?;
    let firsts: Vec<(String, i64, NaiveDate, i64, i64)> = firsts
        .select_only()
        .column(first_responses::Column::AccountId)
        .column(first_responses::Column::AgentId)
        .column(first_responses::Column::Day)
        .column(first_responses::Column::SinceArrivalSeconds)
        .column(first_responses::Column::SinceAssignedSeconds)
        .into_tuple()
        .all(db)
        .await?;
    let away = away.all(db).await?;

    // Per account and day.
    let mut cells: BTreeMap<(NaiveDate, String), (Counts, Vec<i64>)> = BTreeMap::new();
    let mut per_day: BTreeMap<NaiveDate, (Counts, Vec<i64>)> = BTreeMap::new();
    let mut totals = Counts::default();
    let mut all_times = Vec::new();
    for row in &daily {
        add(
            &mut cells
                .entry((row.day, row.account_id.clone()))
                .or_default()
                .0,
            row,
        );
        add(&mut per_day.entry(row.day).or_default().0, row);
        add(&mut totals, row);
    }
    let mut agent_times: HashMap<i64, Vec<i64>> = HashMap::new();
    for (account, agent, day, arrival, assigned) in &firsts {
        cells
            .entry((*day, account.clone()))
            .or_default()
            .1
            .push(*arrival);
        per_day.entry(*day).or_default().1.push(*arrival);
        all_times.push(*arrival);
        agent_times.entry(*agent).or_default().push(*assigned);
    }
    let rows = cells
        .into_iter()
        .map(|((day, account_id), (counts, mut times))| DayRow {
            day,
            account_name: names.get(&account_id).cloned().unwrap_or_default(),
            account_id,
            counts: stats::with_response_times(counts, &mut times),
        })
        .collect();
    let mut days = Vec::new();
    let mut day = from;
    while day <= to {
        let (counts, mut times) = per_day.remove(&day).unwrap_or_default();
        days.push(DayRow {
            day,
            account_id: String::new(),
            account_name: String::new(),
            counts: stats::with_response_times(counts, &mut times),
        });
        day += Duration::days(1);
    }

    // Per agent.
    let mut escalated: HashMap<i64, i64> = HashMap::new();
    for a in &away {
        *escalated.entry(a.agent_id).or_default() += i64::from(a.escalations_away);
    }
    let mut ids: Vec<i64> = agent_times
        .keys()
        .chain(escalated.keys())
        .copied()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let agent_names: HashMap<i64, String> = agents::Entity::find()
        .filter(agents::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let agents = ids
        .into_iter()
        .map(|id| {
            let mut times = agent_times.remove(&id).unwrap_or_default();
            AgentRow {
                agent_id: id,
                name: agent_names.get(&id).cloned().unwrap_or_default(),
                leads_handled: times.len() as i64,
                median_first_response_seconds: stats::median(&mut times),
                escalations_away: escalated.get(&id).copied().unwrap_or(0),
            }
        })
        .collect();

    Ok(AnalyticsReport {
        from,
        to,
        time_zone: zone.name().to_owned(),
        accounts: wanted,
        totals: stats::with_response_times(totals, &mut all_times),
        per_day: days,
        rows,
        agents,
    })
}
