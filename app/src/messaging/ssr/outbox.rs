//! The outbox worker: hands `pending` messages to their account's provider, retries
//! what failed for a passing reason, and never resends blindly.

use super::{credentials, status::describe_twilio_error};
use crate::realtime::{kind, ssr::publish_thread_event};
use crate::{
    accounts::Provider,
    db::{accounts, message_media, messages},
    domain::{Direction, MessageStatus, PhoneNumber},
    error::AppError,
    providers::{Accepted, Credentials, MessageProvider, OutgoingMessage, SendError},
    state::Runtime,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};
use serde_json::json;
use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration as StdDuration, Instant},
};

/// Attempts before a message that keeps failing transiently is given up.
pub const MAX_ATTEMPTS: i32 = 6;
/// Messages handled per tick.
const BATCH: u64 = 50;
/// Twilio's default throughput per WhatsApp sender: 80 messages a second.
const SENDER_INTERVAL: StdDuration = StdDuration::from_micros(12_500);

/// What one tick did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxReport {
    /// Handed to the provider.
    pub sent: usize,
    /// Failed for a passing reason; tried again later.
    pub retried: usize,
    /// Failed for good.
    pub failed: usize,
    /// Outcome unknown (a timeout after sending): left for a person.
    pub unknown: usize,
}

/// Keeps each sender under its provider's rate.
#[derive(Debug, Default)]
pub struct Pacer {
    next_slot: Mutex<HashMap<String, Instant>>,
}

impl Pacer {
    /// How long to wait before `sender` may send, reserving its slot.
    pub fn reserve(&self, sender: &str, now: Instant) -> StdDuration {
        let mut slots = self.next_slot.lock().unwrap_or_else(|p| p.into_inner());
        let slot = slots.entry(sender.to_owned()).or_insert(now);
        let start = (*slot).max(now);
        *slot = start + SENDER_INTERVAL;
        start - now
    }
}

/// The wait before attempt `attempts + 1`: 2 s doubling to 5 min, with ±20 % jitter so
/// retries of many messages do not arrive together.
pub fn backoff(attempts: i32, jitter: f64) -> Duration {
    let base = 2_000f64 * 2f64.powi((attempts - 1).clamp(0, 12));
    let capped = base.min(300_000.0);
    Duration::milliseconds((capped * (1.0 + 0.2 * jitter.clamp(-1.0, 1.0))) as i64)
}

/// How many outgoing messages are `unknown`: claimed for sending when a server stopped
/// (a claim marks them so), or timed out after sending. They may have reached the
/// provider, so they wait for a person instead of being sent again.
pub async fn in_doubt(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    use sea_orm::PaginatorTrait;
    Ok(messages::Entity::find()
        .filter(messages::Column::Status.eq(MessageStatus::Unknown))
        .count(db)
        .await?)
}

/// Sends what is due at `now`.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn tick(
    db: &DatabaseConnection,
    runtime: &Runtime,
    now: DateTime<Utc>,
) -> Result<OutboxReport, AppError> {
    let due = messages::Entity::find()
        .filter(messages::Column::Status.eq(MessageStatus::Pending))
        .filter(messages::Column::Direction.eq(Direction::Outbound))
        .filter(messages::Column::NextAttemptAt.lte(now))
        .order_by_asc(messages::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut report = OutboxReport::default();
    for message in due {
        // Claim: only one worker (on any server) moves it from pending. From here until
        // the provider answers, the message is `unknown`, so a crash leaves it there.
        let claimed = messages::Entity::update_many()
            .col_expr(
                messages::Column::Status,
                Expr::value(MessageStatus::Unknown),
            )
            .col_expr(
                messages::Column::Attempts,
                Expr::col(messages::Column::Attempts).add(1),
            )
            .col_expr(messages::Column::UpdatedAt, Expr::value(now))
            .filter(messages::Column::Id.eq(message.id))
            .filter(messages::Column::Status.eq(MessageStatus::Pending))
            .exec(db)
            .await?
            .rows_affected
            == 1;
        if !claimed {
            continue;
        }
        let attempts = message.attempts + 1;
        let outcome = deliver(db, runtime, &message).await;
        let (status, provider_id, code, text, next) = match outcome {
            Ok(Accepted {
                provider_id,
                status,
            }) => {
                report.sent += 1;
                (status, Some(provider_id), None, None, None)
            }
            Err(SendError::Transient {
                code,
                message: text,
            }) if attempts < MAX_ATTEMPTS => {
                report.retried += 1;
                let jitter = rand::random::<f64>() * 2.0 - 1.0;
                tracing::info!(id = message.id, %code, "send failed for now, retrying: {text}");
                (
                    MessageStatus::Pending,
                    None,
                    Some(code),
                    Some(text),
                    Some(now + backoff(attempts, jitter)),
                )
            }
            Err(
                SendError::Transient {
                    code,
                    message: text,
                }
                | SendError::Permanent {
                    code,
                    message: text,
                },
            ) => {
                report.failed += 1;
                tracing::warn!(id = message.id, %code, "send failed: {text}");
                let human = describe_twilio_error(&code);
                (MessageStatus::Failed, None, Some(code), Some(human), None)
            }
            Err(SendError::Unknown { message: text }) => {
                report.unknown += 1;
                tracing::warn!(id = message.id, "send outcome unknown: {text}");
                (
                    MessageStatus::Unknown,
                    None,
                    None,
                    Some("Status tidak diketahui: pesan mungkin sudah terkirim. Periksa lalu kirim ulang bila perlu.".to_owned()),
                    None,
                )
            }
        };
        let mut update = messages::Entity::update_many()
            .col_expr(messages::Column::Status, Expr::value(status))
            .col_expr(messages::Column::ErrorCode, Expr::value(code))
            .col_expr(messages::Column::ErrorMessage, Expr::value(text.clone()))
            .col_expr(messages::Column::NextAttemptAt, Expr::value(next))
            .col_expr(messages::Column::UpdatedAt, Expr::value(Utc::now()));
        if let Some(id) = provider_id {
            update = update.col_expr(messages::Column::ProviderMessageId, Expr::value(id));
        }
        let changed = update
            .filter(messages::Column::Id.eq(message.id))
            // A status callback may already have moved it past `unknown`.
            .filter(messages::Column::Status.eq(MessageStatus::Unknown))
            .exec(db)
            .await?
            .rows_affected
            == 1;
        if changed
            && status.accepted_by_provider()
            && let Ok(thread) = crate::domain::ThreadId::parse(&message.thread_id)
            // Bookkeeping only: the message is sent whatever happens here.
            && let Err(e) = crate::contacts::ssr::note_messaged(db, thread.contact_digits()).await
        {
            tracing::warn!(id = message.id, "marking the contact messaged: {e}");
        }
        if changed {
            let (kind, payload) = match status {
                MessageStatus::Failed | MessageStatus::Unknown => (
                    kind::OUTBOX_FAILED,
                    json!({ "threadId": message.thread_id, "messageId": message.id, "status": status.as_str(), "error": text }),
                ),
                MessageStatus::Pending => (
                    kind::OUTBOX_STATUS,
                    json!({ "threadId": message.thread_id, "messageId": message.id, "status": status.as_str() }),
                ),
                _ => (
                    kind::OUTBOX_SENT,
                    json!({ "threadId": message.thread_id, "messageId": message.id, "status": status.as_str() }),
                ),
            };
            publish_thread_event(db, kind, &message.thread_id, payload).await;
        }
    }
    Ok(report)
}

/// Hands one message to its account's provider. The account is read from the
/// message row, which took it from the thread: no other account can send it.
async fn deliver(
    db: &DatabaseConnection,
    runtime: &Runtime,
    message: &messages::Model,
) -> Result<Accepted, SendError> {
    let permanent = |code: &str, text: String| SendError::Permanent {
        code: code.into(),
        message: text,
    };
    let account = accounts::Entity::find_by_id(message.account_id.clone())
        .one(db)
        .await
        .map_err(|e| SendError::Transient {
            code: "database".into(),
            message: e.to_string(),
        })?
        .ok_or_else(|| permanent("account", format!("account {} is gone", message.account_id)))?;
    if !account.active {
        return Err(permanent(
            "account",
            format!("account {} is deactivated", account.id),
        ));
    }
    let (_, contact) = message
        .thread_id
        .split_once(':')
        .ok_or_else(|| permanent("thread", "malformed thread id".into()))?;
    let outgoing = OutgoingMessage {
        from: PhoneNumber::from_trusted_digits(account.phone_number.clone()),
        to: PhoneNumber::from_trusted_digits(contact),
        body: message.body.clone(),
        content_sid: message.content_sid.clone(),
        content_variables: message.content_variables.clone(),
        media_urls: upload_urls(db, runtime, message.id).await?,
        status_callback: format!("{}/api/whatsapp/status", runtime.public_base_url),
    };
    let wait = runtime.pacer.reserve(&account.id, Instant::now());
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    match account.provider {
        Provider::Simulator => {
            let creds = Credentials {
                account_sid: "ACsimulator".into(),
                auth_token: runtime.simulator_token.expose().to_owned(),
            };
            runtime.simulator.send(&creds, &outgoing).await
        }
        Provider::Twilio => {
            let (Some(account_sid), Some(auth_token)) = (
                credentials::account_sid(runtime, &account),
                credentials::auth_token(runtime, &account),
            ) else {
                return Err(permanent(
                    "credentials",
                    format!("account {} has no Twilio credentials", account.id),
                ));
            };
            runtime
                .twilio_client
                .send(
                    &Credentials {
                        account_sid,
                        auth_token,
                    },
                    &outgoing,
                )
                .await
        }
    }
}

/// The public URLs of a message's uploads, for the provider to fetch.
async fn upload_urls(
    db: &DatabaseConnection,
    runtime: &Runtime,
    message_id: i64,
) -> Result<Vec<String>, SendError> {
    let media = message_media::Entity::find()
        .filter(message_media::Column::MessageId.eq(message_id))
        .order_by_asc(message_media::Column::Position)
        .all(db)
        .await
        .map_err(|e| SendError::Transient {
            code: "database".into(),
            message: e.to_string(),
        })?;
    Ok(media
        .iter()
        .filter_map(|m| m.local_path.as_deref())
        .filter_map(|path| super::upload::public_url(&runtime.public_base_url, path))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_up_to_five_minutes() {
        let cases = [
            (1, 0.0, 2_000),
            (2, 0.0, 4_000),
            (3, 0.0, 8_000),
            (5, 0.0, 32_000),
            (9, 0.0, 300_000),
            (1, 1.0, 2_400),
            (1, -1.0, 1_600),
            (20, 1.0, 360_000),
        ];
        for (attempts, jitter, ms) in cases {
            assert_eq!(
                backoff(attempts, jitter).num_milliseconds(),
                ms,
                "{attempts} {jitter}"
            );
        }
    }

    #[test]
    fn the_pacer_spaces_one_sender_and_not_others() {
        let pacer = Pacer::default();
        let now = Instant::now();
        assert_eq!(pacer.reserve("acc-001", now), StdDuration::ZERO);
        assert_eq!(pacer.reserve("acc-001", now), SENDER_INTERVAL);
        assert_eq!(pacer.reserve("acc-001", now), SENDER_INTERVAL * 2);
        assert_eq!(pacer.reserve("acc-002", now), StdDuration::ZERO);
        assert_eq!(
            pacer.reserve("acc-001", now + StdDuration::from_secs(1)),
            StdDuration::ZERO
        );
    }
}
