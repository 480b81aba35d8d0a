//! Delivery status callbacks: statuses only move forward, failures keep their reason.

use crate::{
    db::{accounts, messages},
    domain::{Direction, MessageStatus},
    error::AppError,
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr};

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
        // Serambi's own codes, for failures before or around the request to Twilio.
        "account" => "Akun pengirim sudah dinonaktifkan atau dihapus. Hubungi admin.".into(),
        "network" => "Twilio tidak dapat dihubungi. Coba kirim ulang nanti.".into(),
        "credentials" => "Kredensial Twilio akun ini tidak dapat dibaca. Hubungi admin.".into(),
        "database" => "Kesalahan basis data saat mengirim. Coba kirim ulang.".into(),
        "thread" => "Percakapan ini tidak valid.".into(),
        other if other.len() == 3 && other.starts_with('5') => {
            format!("Twilio sedang bermasalah (HTTP {other}). Coba kirim ulang nanti.")
        }
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

/// The message a status callback names, with the account that sent it (whose token
/// signs the callback). One lookup serves the signature check and the update.
#[derive(Debug, Clone)]
pub struct Reported {
    /// The message whose `provider_message_id` is the callback's `MessageSid`.
    pub message: messages::Model,
    /// Its account.
    pub account: Option<accounts::Model>,
}

/// The message `sid` names and its account, if there is such a message.
pub async fn find_reported(
    db: &impl ConnectionTrait,
    sid: &str,
) -> Result<Option<Reported>, AppError> {
    if sid.is_empty() {
        return Ok(None);
    }
    // `ix_messages_provider_id` finds the message.
    Ok(messages::Entity::find()
        .find_also_related(accounts::Entity)
        .filter(messages::Column::ProviderMessageId.eq(sid))
        .one(db)
        .await?
        .map(|(message, account)| Reported { message, account }))
}

/// Times a status write is tried again when a concurrent callback changed the message
/// between its read and its write.
const STATUS_RACES: usize = 3;

/// Applies a status report to the message of `reported` (found by [`find_reported`]).
/// Only outbound messages have delivery statuses; the status only moves forward, and
/// the write is conditional on the status it was decided from, so two callbacks racing
/// (Twilio sends `delivered` and `read` close together) never move a message back.
#[tracing::instrument(skip_all, fields(message_id = reported.message.id, status = %status), err(level = "info"))]
pub async fn apply_status(
    db: &sea_orm::DatabaseConnection,
    reported: Reported,
    status: MessageStatus,
    error_code: Option<&str>,
    now: DateTime<Utc>,
) -> Result<StatusOutcome, AppError> {
    let mut message = reported.message;
    if message.direction != Direction::Outbound {
        return Ok(StatusOutcome::Ignored);
    }
    let mut races = 0;
    let (next, error_message) = loop {
        let current: MessageStatus = message.status;
        let Some(next) = current.advance(status) else {
            return Ok(StatusOutcome::Ignored);
        };
        let failure = next.is_terminal_failure().then(|| {
            let code = error_code.filter(|c| !c.is_empty()).unwrap_or("30008");
            (code.to_owned(), describe_twilio_error(code))
        });
        let mut update = messages::Entity::update_many()
            .col_expr(messages::Column::Status, Expr::value(next))
            .col_expr(messages::Column::UpdatedAt, Expr::value(now));
        if let Some((code, text)) = &failure {
            update = update
                .col_expr(messages::Column::ErrorCode, Expr::value(code.as_str()))
                .col_expr(messages::Column::ErrorMessage, Expr::value(text.as_str()));
        }
        let written = update
            .filter(messages::Column::Id.eq(message.id))
            .filter(messages::Column::Status.eq(current))
            .exec(db)
            .await?
            .rows_affected;
        if written == 1 {
            break (next, failure.map(|(_, text)| text));
        }
        races += 1;
        if races >= STATUS_RACES {
            return Err(AppError::internal("a message's status kept changing"));
        }
        match messages::Entity::find_by_id(message.id).one(db).await? {
            Some(fresh) => message = fresh,
            None => return Ok(StatusOutcome::Ignored),
        }
    };
    let (message_id, thread_id) = (message.id, message.thread_id);
    let (kind, payload) = if next.is_terminal_failure() {
        (
            crate::realtime::kind::OUTBOX_FAILED,
            serde_json::json!({
                "threadId": thread_id,
                "messageId": message_id,
                "status": next.as_str(),
                "error": error_message,
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
