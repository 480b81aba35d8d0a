//! What every stored message, in or out, updates besides itself: the chat list's
//! preview of its thread and the day's counters of its account.

use crate::{
    analytics::histogram::Histogram,
    db::{agent_daily, daily_analytics, first_responses},
    domain::working_hours::BusinessZone,
    error::AppError,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ConnectionTrait, EntityTrait, Set,
    sea_query::{Expr, OnConflict},
};

/// The business's time zone (the working hours' one; Asia/Jakarta by default): the
/// analytics count by its days.
pub async fn business_zone(txn: &impl ConnectionTrait) -> Result<BusinessZone, AppError> {
    Ok(crate::settings::ssr::working_hours(txn).await?.time_zone)
}

/// The list preview of a message: its text, or what it carries.
pub fn preview(body: &str, message_type: crate::domain::MessageType) -> String {
    let text: String = body.trim().chars().take(120).collect();
    if !text.is_empty() {
        return text;
    }
    use crate::domain::MessageType;
    match message_type {
        MessageType::Image => "📷 Foto",
        MessageType::Video => "🎥 Video",
        MessageType::Audio => "🎤 Audio",
        MessageType::Location => "📍 Lokasi",
        MessageType::Document => "📄 Dokumen",
        MessageType::Text | MessageType::Template => "",
    }
    .to_owned()
}

/// Adds one to a counter of `account`'s analytics row of the business day of `now`,
/// creating the row.
pub async fn bump_daily(
    txn: &impl ConnectionTrait,
    account: &str,
    now: DateTime<Utc>,
    column: daily_analytics::Column,
) -> Result<(), AppError> {
    let day = business_zone(txn).await?.day_of(now);
    Ok(add_daily(txn, account, day, column, 1).await?)
}

/// Records the first answer to a lead (the moment it locks): seconds since the
/// customer's first message and since `agent` got it, as a row of its own (once per
/// thread) and in the agent's day on `agent_daily`, which the dashboard reads.
pub async fn record_first_response(
    txn: &impl ConnectionTrait,
    thread: &crate::db::threads::Model,
    agent: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let day = business_zone(txn).await?.day_of(now);
    let since = |at: DateTime<Utc>| (now - at).num_seconds().max(0);
    let arrival = since(thread.created_at);
    let assigned = since(thread.assigned_at.unwrap_or(thread.created_at));
    let inserted = first_responses::Entity::insert(first_responses::ActiveModel {
        thread_id: Set(thread.id.clone()),
        account_id: Set(thread.account_id.clone()),
        agent_id: Set(agent),
        day: Set(day),
        responded_at: Set(now),
        since_arrival_seconds: Set(arrival),
        since_assigned_seconds: Set(assigned),
    })
    .on_conflict(
        OnConflict::column(first_responses::Column::ThreadId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    if inserted == 0 {
        return Ok(());
    }
    // Counting first also takes the row's lock on PostgreSQL, so no other answer on
    // this agent's day can slip between the histograms' read and write below.
    // (SQLite has one writer at a time.)
    upsert_agent_day(
        txn,
        day,
        &thread.account_id,
        agent,
        agent_daily::Column::Answered,
    )
    .await?;
    let key = (day, thread.account_id.clone(), agent);
    let row = agent_daily::Entity::find_by_id(key.clone())
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("the agent's day row vanished"))?;
    let mut by_arrival = Histogram::decode(&row.arrival_seconds);
    by_arrival.add(arrival);
    let mut by_assignment = Histogram::decode(&row.assigned_seconds);
    by_assignment.add(assigned);
    agent_daily::Entity::update(agent_daily::ActiveModel {
        day: Set(key.0),
        account_id: Set(key.1),
        agent_id: Set(key.2),
        arrival_seconds: Set(by_arrival.encode()),
        assigned_seconds: Set(by_assignment.encode()),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    Ok(())
}

/// Adds one to `column` of the agent's row of `day` on `account`, creating the row.
async fn upsert_agent_day(
    txn: &impl ConnectionTrait,
    day: NaiveDate,
    account: &str,
    agent: i64,
    column: agent_daily::Column,
) -> Result<(), sea_orm::DbErr> {
    let one_if = |c: agent_daily::Column| {
        Set(i32::from(
            std::mem::discriminant(&c) == std::mem::discriminant(&column),
        ))
    };
    agent_daily::Entity::insert(agent_daily::ActiveModel {
        day: Set(day),
        account_id: Set(account.to_owned()),
        agent_id: Set(agent),
        escalations_away: one_if(agent_daily::Column::EscalationsAway),
        answered: one_if(agent_daily::Column::Answered),
        arrival_seconds: Set(String::new()),
        assigned_seconds: Set(String::new()),
    })
    .on_conflict(
        OnConflict::columns([
            agent_daily::Column::Day,
            agent_daily::Column::AccountId,
            agent_daily::Column::AgentId,
        ])
        .value(column, Expr::col((agent_daily::Entity, column)).add(1))
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// Counts a lead moved away from `from` on `account` at `now`: the account's
/// escalations and the agent's "escalated away".
pub async fn record_escalation(
    txn: &impl ConnectionTrait,
    account: &str,
    from: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let day: NaiveDate = business_zone(txn).await?.day_of(now);
    add_daily(
        txn,
        account,
        day,
        daily_analytics::Column::EscalationCount,
        1,
    )
    .await?;
    upsert_agent_day(
        txn,
        day,
        account,
        from,
        agent_daily::Column::EscalationsAway,
    )
    .await?;
    Ok(())
}

/// Adds `n` to a counter of `account`'s analytics row of `day`, creating the row.
pub async fn add_daily(
    txn: &impl ConnectionTrait,
    account: &str,
    day: chrono::NaiveDate,
    column: daily_analytics::Column,
    n: i32,
) -> Result<(), sea_orm::DbErr> {
    let zero = |c: daily_analytics::Column| {
        Set(
            if std::mem::discriminant(&c) == std::mem::discriminant(&column) {
                n
            } else {
                0
            },
        )
    };
    daily_analytics::Entity::insert(daily_analytics::ActiveModel {
        account_id: Set(account.to_owned()),
        day: Set(day),
        received_count: zero(daily_analytics::Column::ReceivedCount),
        reply_count: zero(daily_analytics::Column::ReplyCount),
        blocked_count: zero(daily_analytics::Column::BlockedCount),
        new_lead_count: zero(daily_analytics::Column::NewLeadCount),
        escalation_count: zero(daily_analytics::Column::EscalationCount),
    })
    .on_conflict(
        OnConflict::columns([
            daily_analytics::Column::AccountId,
            daily_analytics::Column::Day,
        ])
        .value(column, Expr::col((daily_analytics::Entity, column)).add(n))
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(())
}
