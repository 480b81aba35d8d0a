//! The inbound flow (SPEC 3): one transaction from webhook to stored message.

use super::{
    assign::choose_owner,
    inbound_form::InboundMessage,
    open_thread::{NewThread, open_thread},
    settings::spam_settings,
};
use crate::{
    db::{
        accounts, blocked_messages, daily_analytics, message_media, messages, notifications,
        threads, write_gate::WriteGate,
    },
    domain::{ThreadId, auto_reply::AutoReplyDetector, spam::matching_keyword},
    error::AppError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, Set, SqlErr, TransactionTrait,
    sea_query::{Expr, OnConflict},
};

/// What happened to an inbound message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboundOutcome {
    /// Stored in its thread.
    Stored {
        /// The thread it went to.
        thread_id: String,
        /// The stored message.
        message_id: i64,
        /// The thread is new: a new lead, assigned to `owner`.
        new_lead: bool,
        /// The thread's owner.
        owner_id: Option<i64>,
    },
    /// Its `MessageSid` was seen before: nothing changed.
    Duplicate,
    /// The spam filter kept it out of the inbox.
    Blocked {
        /// The keyword that matched.
        keyword: String,
    },
}

/// Stores an inbound message: routes it to its account, drops duplicates, filters spam,
/// finds or creates the thread (assigning a new lead), stores the message and updates
/// the thread and the day's counters, all in one transaction.
pub async fn receive(
    db: &DatabaseConnection,
    gate: &WriteGate,
    detector: &AutoReplyDetector,
    msg: &InboundMessage,
) -> Result<InboundOutcome, AppError> {
    // Everything that only reads runs before the write gate, so on SQLite the
    // serialised part is as short as it can be.
    let account = accounts::Entity::find()
        .filter(accounts::Column::PhoneNumber.eq(msg.to.digits()))
        .filter(accounts::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("account for number {}", msg.to)))?;
    if is_duplicate(db, &account.id, &msg.message_sid).await? {
        return Ok(InboundOutcome::Duplicate);
    }
    let (keywords, options) = spam_settings(db).await?;
    let spam = matching_keyword(&msg.body, &keywords, options);
    let is_auto_reply = detector.is_auto_reply(&msg.body);

    // A concurrent duplicate, or a concurrent first message from the same new number,
    // loses the race on a unique key; it is then either a duplicate or retried.
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = {
            let _guard = gate.lock().await;
            let txn = db.begin().await?;
            let result = match spam {
                Some(keyword) => block(&txn, &account, keyword, msg).await,
                None => store(&txn, &account, is_auto_reply, msg).await,
            };
            match result {
                Ok(outcome) => {
                    txn.commit().await?;
                    Ok(outcome)
                }
                Err(failure) => {
                    txn.rollback().await?;
                    Err(failure)
                }
            }
        };
        match result {
            Ok(outcome) => return Ok(outcome),
            Err(Failure::UniqueViolation) => {
                if is_duplicate(db, &account.id, &msg.message_sid).await? {
                    return Ok(InboundOutcome::Duplicate);
                }
                if attempt >= 3 {
                    return Err(AppError::internal("inbound message kept conflicting"));
                }
            }
            Err(Failure::App(e)) => return Err(e),
        }
    }
}

enum Failure {
    UniqueViolation,
    App(AppError),
}

impl From<sea_orm::DbErr> for Failure {
    fn from(e: sea_orm::DbErr) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => Failure::UniqueViolation,
            _ => Failure::App(e.into()),
        }
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure::App(e)
    }
}

/// Puts a spam message in the blocked log, with everything needed to restore it.
async fn block(
    txn: &DatabaseTransaction,
    account: &accounts::Model,
    keyword: &str,
    msg: &InboundMessage,
) -> Result<InboundOutcome, Failure> {
    let now = msg.received_at;
    blocked_messages::ActiveModel {
        account_id: Set(account.id.clone()),
        contact_number: Set(msg.from.digits().to_owned()),
        profile_name: Set(msg.profile_name.clone()),
        body: Set(msg.body.clone()),
        provider_message_id: Set(msg.message_sid.clone()),
        matched_keyword: Set(keyword.to_owned()),
        raw_params: Set(serde_json::to_string(&msg.raw).map_err(AppError::internal)?),
        received_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    bump_daily(txn, &account.id, now, daily_analytics::Column::BlockedCount).await?;
    Ok(InboundOutcome::Blocked {
        keyword: keyword.to_owned(),
    })
}

/// Stores a message that passed the filter in its thread, creating the lead.
async fn store(
    txn: &DatabaseTransaction,
    account: &accounts::Model,
    is_auto_reply: bool,
    msg: &InboundMessage,
) -> Result<InboundOutcome, Failure> {
    let now = msg.received_at;
    let thread_id = ThreadId::new(&account.id, msg.from.digits())
        .map_err(|e| AppError::validation("From", e.to_string()))?
        .to_string();
    let existing = threads::Entity::find_by_id(thread_id.clone())
        .one(txn)
        .await?;
    let new_lead = existing.is_none();
    let thread = match existing {
        Some(t) => t,
        None => create_lead(txn, &thread_id, &account.id, msg).await?,
    };

    let message = messages::ActiveModel {
        thread_id: Set(thread_id.clone()),
        account_id: Set(account.id.clone()),
        direction: Set("inbound".into()),
        message_type: Set(msg.message_type().into()),
        body: Set(msg.body.clone()),
        provider_message_id: Set(Some(msg.message_sid.clone())),
        status: Set("received".into()),
        is_auto_reply: Set(is_auto_reply),
        latitude: Set(msg.location.map(|l| l.0)),
        longitude: Set(msg.location.map(|l| l.1)),
        attempts: Set(0),
        template_credited: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    for (position, media) in msg.media.iter().enumerate() {
        message_media::ActiveModel {
            message_id: Set(message.id),
            position: Set(position as i32),
            provider_url: Set(Some(media.url.clone())),
            content_type: Set(media.content_type.clone()),
            status: Set("pending".into()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }

    // A person writing after a machine did deserves the owner's attention.
    let personal_after_auto = !new_lead && thread.last_inbound_auto_reply && !is_auto_reply;
    if let (true, Some(owner)) = (personal_after_auto, thread.owner_id) {
        let who = msg
            .profile_name
            .clone()
            .unwrap_or_else(|| msg.from.to_string());
        notifications::ActiveModel {
            agent_id: Set(owner),
            kind: Set("personal_message".into()),
            thread_id: Set(Some(thread_id.clone())),
            title: Set(format!("Pesan Personal dari {who}")),
            body: Set(preview(&msg.body, msg.message_type())),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }

    threads::Entity::update_many()
        .col_expr(
            threads::Column::UnreadCount,
            Expr::col(threads::Column::UnreadCount).add(1),
        )
        .col_expr(threads::Column::LastMessageAt, Expr::value(now))
        .col_expr(
            threads::Column::LastMessagePreview,
            Expr::value(preview(&msg.body, msg.message_type())),
        )
        .col_expr(
            threads::Column::LastMessageDirection,
            Expr::value("inbound"),
        )
        .col_expr(threads::Column::LastInboundAt, Expr::value(now))
        .col_expr(
            threads::Column::LastInboundAutoReply,
            Expr::value(is_auto_reply),
        )
        .col_expr(
            threads::Column::ProfileName,
            Expr::value(msg.profile_name.clone().or(thread.profile_name.clone())),
        )
        .col_expr(threads::Column::UpdatedAt, Expr::value(now))
        .filter(threads::Column::Id.eq(thread_id.as_str()))
        .exec(txn)
        .await?;
    bump_daily(
        txn,
        &account.id,
        now,
        daily_analytics::Column::ReceivedCount,
    )
    .await?;
    if new_lead {
        bump_daily(txn, &account.id, now, daily_analytics::Column::NewLeadCount).await?;
    }

    Ok(InboundOutcome::Stored {
        thread_id,
        message_id: message.id,
        new_lead,
        owner_id: thread.owner_id,
    })
}

/// Was this `MessageSid` stored (in a thread or in the blocked log) before?
async fn is_duplicate(
    db: &impl ConnectionTrait,
    account: &str,
    sid: &str,
) -> Result<bool, AppError> {
    let stored = messages::Entity::find()
        .filter(messages::Column::AccountId.eq(account))
        .filter(messages::Column::ProviderMessageId.eq(sid))
        .one(db)
        .await?
        .is_some();
    if stored {
        return Ok(true);
    }
    Ok(blocked_messages::Entity::find()
        .filter(blocked_messages::Column::AccountId.eq(account))
        .filter(blocked_messages::Column::ProviderMessageId.eq(sid))
        .one(db)
        .await?
        .is_some())
}

/// Creates the thread of a first message and assigns the lead.
async fn create_lead(
    txn: &DatabaseTransaction,
    thread_id: &str,
    account_id: &str,
    msg: &InboundMessage,
) -> Result<threads::Model, Failure> {
    let now = msg.received_at;
    let owner = choose_owner(txn, msg.from.digits(), now).await?;
    let new = NewThread {
        id: thread_id,
        account_id,
        contact: msg.from.digits(),
        profile_name: msg.profile_name.clone(),
        owner: owner.map(|(id, reason)| (id, reason.as_str())),
    };
    Ok(open_thread(txn, new, now).await?)
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

/// Adds one to a counter of today's analytics row of `account`, creating the row.
pub async fn bump_daily(
    txn: &impl ConnectionTrait,
    account: &str,
    now: chrono::DateTime<chrono::Utc>,
    column: daily_analytics::Column,
) -> Result<(), sea_orm::DbErr> {
    let zero = |c: daily_analytics::Column| {
        Set(i32::from(
            std::mem::discriminant(&c) == std::mem::discriminant(&column),
        ))
    };
    daily_analytics::Entity::insert(daily_analytics::ActiveModel {
        account_id: Set(account.to_owned()),
        day: Set(now.date_naive()),
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
        .value(column, Expr::col((daily_analytics::Entity, column)).add(1))
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(())
}
