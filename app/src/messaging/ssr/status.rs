//! Delivery status callbacks: statuses only move forward, failures keep their reason.

use crate::{
    db::{accounts, messages},
    domain::{Direction, MessageStatus},
    error::AppError,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};

/// Reads Twilio's `MessageStatus`; statuses outside the delivery path map onto it.
pub fn parse_twilio_status(s: &str) -> Option<MessageStatus> {
    Some(match s {
        "accepted" | "scheduled" | "queued" => MessageStatus::Queued,
        "sending" => MessageStatus::Sending,
        "sent" => MessageStatus::Sent,
        "delivered" => MessageStatus::Delivered,
        "read" => MessageStatus::Read,
        "failed" | "canceled" => MessageStatus::Failed,
        "undelivered" => MessageStatus::Undelivered,
        _ => return None,
    })
}

/// A human explanation of a Twilio error code, in the agents' language.
pub fn describe_twilio_error(code: &str) -> String {
    match code {
        "21211" | "63003" => "Nomor tujuan tidak valid atau tidak memakai WhatsApp.".into(),
        "63016" => {
            "Di luar jendela 24 jam: hanya template yang disetujui yang boleh dikirim.".into()
        }
        "63007" => "Nomor pengirim belum diaktifkan untuk WhatsApp. Hubungi admin.".into(),
        "63018" | "63038" => "Batas kirim tercapai. Coba lagi nanti.".into(),
        "30003" | "30005" | "30006" => "Pesan tidak dapat diterima oleh nomor tujuan.".into(),
        "30008" => "Kesalahan tidak diketahui dari operator.".into(),
        other => format!("Pengiriman gagal (kode Twilio {other})."),
    }
}

/// What a status callback did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusOutcome {
    /// The message moved to this status.
    Updated {
        /// The message.
        message_id: i64,
        /// Its thread.
        thread_id: String,
        /// Its new status.
        status: MessageStatus,
    },
    /// A late, repeated or unknown report: nothing changed.
    Ignored,
}

/// The account that sent the message `sid` (whose token signs its status callbacks),
/// if there is such a message.
pub async fn account_of_message(
    db: &impl ConnectionTrait,
    sid: &str,
) -> Result<Option<accounts::Model>, AppError> {
    // `ix_messages_provider_id` finds the message.
    let account_id: Option<String> = messages::Entity::find()
        .select_only()
        .column(messages::Column::AccountId)
        .filter(messages::Column::ProviderMessageId.eq(sid))
        .into_tuple()
        .one(db)
        .await?;
    let Some(account_id) = account_id else {
        return Ok(None);
    };
    Ok(accounts::Entity::find_by_id(account_id).one(db).await?)
}

/// Applies a status report for the outbound message `sid`.
#[tracing::instrument(skip_all, fields(sid = %sid, status = %reported), err(level = "info"))]
pub async fn apply_status(
    db: &sea_orm::DatabaseConnection,
    sid: &str,
    reported: MessageStatus,
    error_code: Option<&str>,
    now: DateTime<Utc>,
) -> Result<StatusOutcome, AppError> {
    let Some(message) = messages::Entity::find()
        .filter(messages::Column::ProviderMessageId.eq(sid))
        .filter(messages::Column::Direction.eq(Direction::Outbound.as_str()))
        .one(db)
        .await?
    else {
        return Ok(StatusOutcome::Ignored);
    };
    let current: MessageStatus = message.status.parse().map_err(AppError::internal)?;
    let Some(next) = current.advance(reported) else {
        return Ok(StatusOutcome::Ignored);
    };
    let (message_id, thread_id) = (message.id, message.thread_id.clone());
    let mut model: messages::ActiveModel = message.into();
    model.status = Set(next.as_str().to_owned());
    if next.is_terminal_failure() {
        let code = error_code.filter(|c| !c.is_empty()).unwrap_or("30008");
        model.error_code = Set(Some(code.to_owned()));
        model.error_message = Set(Some(describe_twilio_error(code)));
    }
    model.updated_at = Set(now);
    let stored = model.update(db).await?;
    let (kind, payload) = if next.is_terminal_failure() {
        (
            crate::realtime::kind::OUTBOX_FAILED,
            serde_json::json!({
                "threadId": thread_id,
                "messageId": message_id,
                "status": next.as_str(),
                "error": stored.error_message,
            }),
        )
    } else {
        (
            crate::realtime::kind::OUTBOX_STATUS,
            serde_json::json!({ "threadId": thread_id, "messageId": message_id, "status": next.as_str() }),
        )
    };
    crate::realtime::ssr::publish_thread_event(db, kind, &thread_id, payload).await;
    Ok(StatusOutcome::Updated {
        message_id,
        thread_id,
        status: next,
    })
}
