//! What every stored message, in or out, updates besides itself: the chat list's
//! preview of its thread and the day's counters of its account.

use crate::db::daily_analytics;
use sea_orm::{
    ConnectionTrait, EntityTrait, Set,
    sea_query::{Expr, OnConflict},
};

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

/// Adds one to a counter of today's analytics row of `account`, creating the row.
pub async fn bump_daily(
    txn: &impl ConnectionTrait,
    account: &str,
    now: chrono::DateTime<chrono::Utc>,
    column: daily_analytics::Column,
) -> Result<(), sea_orm::DbErr> {
    add_daily(txn, account, now.date_naive(), column, 1).await
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
