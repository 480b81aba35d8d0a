//! What every stored message, in or out, updates besides itself: the chat list's
//! preview of its thread and the day's counters of its account.

use crate::{
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
pub fn preview(body: &str, message_type: &str) -> String {
    let text: String = body.trim().chars().take(120).collect();
    if !text.is_empty() {
        return text;
    }
    match message_type {
        "image" => "📷 Foto",
        "video" => "🎥 Video",
        "audio" => "🎤 Audio",
        "location" => "📍 Lokasi",
        "document" => "📄 Dokumen",
        _ => "",
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
/// customer's first message and since `agent` got it. Once per thread.
pub async fn record_first_response(
    txn: &impl ConnectionTrait,
    thread: &crate::db::threads::Model,
    agent: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let day = business_zone(txn).await?.day_of(now);
    let since = |at: DateTime<Utc>| (now - at).num_seconds().max(0);
    first_responses::Entity::insert(first_responses::ActiveModel {
        thread_id: Set(thread.id.clone()),
        account_id: Set(thread.account_id.clone()),
        agent_id: Set(agent),
        day: Set(day),
        responded_at: Set(now),
        since_arrival_seconds: Set(since(thread.created_at)),
        since_assigned_seconds: Set(since(thread.assigned_at.unwrap_or(thread.created_at))),
    })
    .on_conflict(
        OnConflict::column(first_responses::Column::ThreadId)
            .do_nothing()
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
    agent_daily::Entity::insert(agent_daily::ActiveModel {
        day: Set(day),
        account_id: Set(account.to_owned()),
        agent_id: Set(from),
        escalations_away: Set(1),
    })
    .on_conflict(
        OnConflict::columns([
            agent_daily::Column::Day,
            agent_daily::Column::AccountId,
            agent_daily::Column::AgentId,
        ])
        .value(
            agent_daily::Column::EscalationsAway,
            Expr::col((agent_daily::Entity, agent_daily::Column::EscalationsAway)).add(1),
        )
        .to_owned(),
    )
    .exec_without_returning(txn)
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
