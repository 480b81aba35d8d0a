//! The inbound flow (SPEC 3): from webhook to stored message in one transaction.
//!
//! The core, [`store_batch`], stores any number of routed messages in one transaction:
//! one message is a batch of one ([`receive`]), and the webhook's [`super::intake`]
//! queue hands it whatever arrived together ([`receive_many`]), so under load one
//! commit and one round of lookups serve many messages.

use super::{
    assign::{Rotation, sticky_owner},
    bookkeeping::{add_daily, preview},
    filters::Filters,
    inbound_form::InboundMessage,
    inbound_rows::{ThreadChange, insert_messages, message_row, update_threads},
    open_thread::{NewThread, open_thread},
};
use crate::{
    db::{
        accounts, blocked_messages, daily_analytics, messages, notifications, threads,
        write_gate::WriteGate,
    },
    domain::{Direction, ThreadId, auto_reply::AutoReplyDetector},
    error::AppError,
    messaging::MessageView,
    realtime::{
        kind,
        ssr::{NewEvent, committed, record},
    },
};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QuerySelect, Set, SqlErr,
};
use serde_json::json;
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
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

/// An inbound message with the account it is routed to, classified, ready to store.
#[derive(Debug, Clone)]
pub struct Routed {
    /// The active account the message's `To` belongs to ([`find_account`]).
    pub account: accounts::Model,
    /// The parsed webhook.
    pub message: InboundMessage,
    /// Whether the text looks like a machine's automatic reply.
    pub is_auto_reply: bool,
    /// The spam filter it must pass, as configured when it arrived; `None` for a
    /// message an admin restored from the blocked log.
    pub screen: Option<Arc<Filters>>,
}

impl Routed {
    /// Classifies `message` for `account` with the filters as configured now.
    pub fn new(account: accounts::Model, message: InboundMessage, filters: Arc<Filters>) -> Self {
        let is_auto_reply = filters.auto_reply.is_auto_reply(&message.body);
        Self {
            account,
            message,
            is_auto_reply,
            screen: Some(filters),
        }
    }

    /// A blocked message an admin restores: classified, but not screened again.
    pub fn restored(
        account: accounts::Model,
        message: InboundMessage,
        detector: &AutoReplyDetector,
    ) -> Self {
        let is_auto_reply = detector.is_auto_reply(&message.body);
        Self {
            account,
            message,
            is_auto_reply,
            screen: None,
        }
    }
}

/// Stores one inbound message: drops a duplicate, filters spam, finds or creates the
/// thread (assigning a new lead), stores the message and updates the thread and the
/// day's counters, all in one transaction.
#[tracing::instrument(skip_all, fields(account_id = %routed.account.id, sid = %routed.message.message_sid), err(level = "info"))]
pub async fn receive(
    db: &DatabaseConnection,
    gate: &WriteGate,
    routed: &Routed,
) -> Result<InboundOutcome, AppError> {
    // A repeat is answered without touching the write gate.
    if is_duplicate(db, &routed.account.id, &routed.message.message_sid).await? {
        return Ok(InboundOutcome::Duplicate);
    }
    // A concurrent duplicate, or a concurrent first message from the same new number,
    // loses the race on a unique key; it is then either a duplicate or retried.
    let mut attempt = 0;
    loop {
        attempt += 1;
        match store_in_transaction(db, gate, std::slice::from_ref(routed)).await {
            Ok(mut outcomes) => {
                return outcomes
                    .pop()
                    .ok_or_else(|| AppError::internal("a stored message has no outcome"));
            }
            Err(Failure::UniqueViolation) => {
                if is_duplicate(db, &routed.account.id, &routed.message.message_sid).await? {
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

/// Stores messages that arrived together in one transaction, answering each in order.
/// When the batch cannot commit (a concurrent writer took a unique key, one message is
/// bad), every message is stored on its own so only the one at fault fails.
#[tracing::instrument(skip_all, fields(batch = batch.len()))]
pub async fn receive_many(
    db: &DatabaseConnection,
    gate: &WriteGate,
    batch: &[Routed],
) -> Vec<Result<InboundOutcome, AppError>> {
    if batch.len() > 1
        && let Ok(outcomes) = store_in_transaction(db, gate, batch).await
    {
        return outcomes.into_iter().map(Ok).collect();
    }
    let mut answers = Vec::with_capacity(batch.len());
    for routed in batch {
        answers.push(receive(db, gate, routed).await);
    }
    answers
}

/// Why a write transaction did not commit.
pub enum Failure {
    /// A unique key was taken by a concurrent writer.
    UniqueViolation,
    /// Anything else.
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

/// Runs [`store_batch`] in a transaction behind the write gate.
async fn store_in_transaction(
    db: &DatabaseConnection,
    gate: &WriteGate,
    batch: &[Routed],
) -> Result<Vec<InboundOutcome>, Failure> {
    let (_guard, txn) = gate.begin(db).await?;
    match store_batch(&txn, batch).await {
        Ok(outcomes) => {
            txn.commit().await?;
            committed();
            Ok(outcomes)
        }
        Err(failure) => {
            txn.rollback().await?;
            Err(failure)
        }
    }
}

/// A message of the batch waiting for the batch's one insert.
struct Stored<'a> {
    row: messages::ActiveModel,
    routed: &'a Routed,
    /// Its place among the outcomes and the events, which get its id.
    outcome: usize,
    event: usize,
    new_lead: bool,
}

/// Thread and counter changes of a batch, written once at its end.
#[derive(Default)]
struct Pending {
    /// Threads that received messages, in first-touched order, with how many.
    threads: Vec<(String, i32)>,
    /// `(account, day, counter)` and how much to add.
    daily: Vec<(String, NaiveDate, daily_analytics::Column, i32)>,
    /// What browsers are told, in order.
    events: Vec<NewEvent>,
    /// Existing threads where the customer (not a machine) wrote: the templates of
    /// the messages sent there before gain their points.
    answered: Vec<String>,
}

impl Pending {
    fn message_in(&mut self, thread_id: &str) {
        match self.threads.iter_mut().find(|(id, _)| id == thread_id) {
            Some((_, n)) => *n += 1,
            None => self.threads.push((thread_id.to_owned(), 1)),
        }
    }

    fn count(&mut self, account: &str, day: NaiveDate, column: daily_analytics::Column) {
        let same = |c: &daily_analytics::Column| {
            std::mem::discriminant(c) == std::mem::discriminant(&column)
        };
        match self
            .daily
            .iter_mut()
            .find(|(a, d, c, _)| a == account && *d == day && same(c))
        {
            Some((.., n)) => *n += 1,
            None => self.daily.push((account.to_owned(), day, column, 1)),
        }
    }
}

/// Stores `batch` inside `txn`, in order, as if each message came on its own: a repeat
/// of an earlier message (stored before or earlier in the batch) is a duplicate, a
/// second message from a new number finds the thread the first one created, and new
/// leads take consecutive round-robin turns. Lookups are made once for the batch and
/// thread and counter updates are written once per row.
pub(super) async fn store_batch(
    txn: &DatabaseTransaction,
    batch: &[Routed],
) -> Result<Vec<InboundOutcome>, Failure> {
    let mut seen = stored_sids(txn, batch).await?;
    let thread_ids = batch
        .iter()
        .map(|r| {
            ThreadId::new(&r.account.id, r.message.from.digits())
                .map(|id| id.to_string())
                .map_err(|e| AppError::validation("From", e.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut threads: HashMap<String, threads::Model> = threads::Entity::find()
        .filter(threads::Column::Id.is_in(thread_ids.iter().cloned()))
        .all(txn)
        .await?
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    let mut rotation: Option<Rotation> = None;
    // The analytics count by the business's days.
    let zone = super::bookkeeping::business_zone(txn).await?;
    // The escalation timeout, read when the first new lead needs it.
    let mut timeout: Option<chrono::Duration> = None;
    let mut pending = Pending::default();
    // The messages to insert, in order, once the loop has seen them all.
    let mut stored: Vec<Stored> = Vec::new();
    let mut outcomes = Vec::with_capacity(batch.len());

    for (routed, thread_id) in batch.iter().zip(thread_ids) {
        let (account, msg) = (&routed.account, &routed.message);
        let now = msg.received_at;
        let day = zone.day_of(now);
        if !seen.insert((account.id.clone(), msg.message_sid.clone())) {
            outcomes.push(InboundOutcome::Duplicate);
            continue;
        }
        let spam = routed.screen.as_ref().and_then(|f| f.spam.find(&msg.body));
        if let Some(keyword) = spam {
            insert_blocked(txn, routed, keyword).await?;
            pending.count(&account.id, day, daily_analytics::Column::BlockedCount);
            outcomes.push(InboundOutcome::Blocked {
                keyword: keyword.to_owned(),
            });
            continue;
        }

        let new_lead = !threads.contains_key(&thread_id);
        if new_lead {
            let rotation = match &mut rotation {
                Some(r) => r,
                None => rotation.insert(Rotation::load(txn).await?),
            };
            // A returning contact stays with their owner, if that owner serves this
            // account; otherwise the account's rotation decides.
            let sticky = sticky_owner(txn, msg.from.digits()).await?;
            let owner = rotation.choose(&account.id, sticky);
            let new = NewThread {
                id: &thread_id,
                account_id: &account.id,
                contact: msg.from.digits(),
                profile_name: msg.profile_name.clone(),
                owner,
            };
            let thread = open_thread(txn, new, now).await?;
            if let Some((owner, reason)) = owner {
                let timeout = match timeout {
                    Some(t) => t,
                    None => *timeout.insert(crate::escalation::ssr::policy(txn).await?.timeout),
                };
                pending.events.push(NewEvent::thread(
                    kind::LEAD_ASSIGNED,
                    &thread_id,
                    Some(owner),
                    json!({
                        "threadId": thread_id,
                        "agentId": owner,
                        "reason": reason.as_str(),
                        "assignedAt": now,
                        "deadline": now + timeout,
                    }),
                ));
            }
            threads.insert(thread_id.clone(), thread);
            pending.count(&account.id, day, daily_analytics::Column::NewLeadCount);
        }
        let thread = threads
            .get_mut(&thread_id)
            .ok_or_else(|| AppError::internal("thread vanished within its batch"))?;

        // Inserted with the batch's other messages after the loop; the event and the
        // outcome get the message once it has its id.
        stored.push(Stored {
            row: message_row(routed, &thread_id),
            routed,
            outcome: outcomes.len(),
            event: pending.events.len(),
            new_lead,
        });
        pending.events.push(NewEvent::thread(
            kind::NEW_MESSAGE,
            &thread_id,
            thread.owner_id,
            serde_json::Value::Null,
        ));
        // A person writing after a machine did deserves the owner's attention.
        let personal_after_auto =
            !new_lead && thread.last_inbound_auto_reply && !routed.is_auto_reply;
        if let (true, Some(owner)) = (personal_after_auto, thread.owner_id) {
            let notice = notify_personal(txn, owner, &thread_id, msg).await?;
            pending.events.push(NewEvent {
                kind: kind::PERSONAL_MESSAGE,
                thread_id: Some(thread_id.clone()),
                agent_id: Some(owner),
                other_agent_id: None,
                payload: json!({
                    "agentId": owner,
                    "threadId": thread_id,
                    "notificationId": notice.id,
                    "title": notice.title,
                    "body": notice.body,
                }),
            });
        }

        // The thread as it stands after this message; written once after the loop.
        thread.last_message_at = Some(now);
        thread.last_message_preview = Some(preview(&msg.body, msg.message_type()));
        thread.last_message_direction = Some(Direction::Inbound);
        thread.last_inbound_at = Some(now);
        thread.last_inbound_auto_reply = routed.is_auto_reply;
        if msg.profile_name.is_some() {
            thread.profile_name = msg.profile_name.clone();
        }
        thread.updated_at = now;
        pending.message_in(&thread_id);
        if !new_lead && !routed.is_auto_reply && !pending.answered.contains(&thread_id) {
            pending.answered.push(thread_id.clone());
        }
        pending.count(&account.id, day, daily_analytics::Column::ReceivedCount);
        outcomes.push(InboundOutcome::Stored {
            thread_id,
            message_id: 0,
            new_lead,
            owner_id: thread.owner_id,
        });
    }

    let routed: Vec<&Routed> = stored.iter().map(|s| s.routed).collect();
    let (slots, rows): (Vec<_>, Vec<_>) = stored
        .into_iter()
        .map(|s| ((s.outcome, s.event, s.new_lead), s.row))
        .unzip();
    let messages = insert_messages(txn, rows, &routed).await?;
    for ((outcome, event, new_lead), message) in slots.into_iter().zip(messages) {
        if let Some(InboundOutcome::Stored { message_id, .. }) = outcomes.get_mut(outcome) {
            *message_id = message.id;
        }
        if let Some(event) = pending.events.get_mut(event) {
            event.payload = json!({
                "threadId": message.thread_id,
                "accountId": message.account_id,
                "newLead": new_lead,
                "message": MessageView::from(message),
            });
        }
    }

    if let (Some(rotation), Some(last)) = (rotation, batch.last()) {
        rotation.save(txn, last.message.received_at).await?;
    }
    let changes: Vec<ThreadChange> = pending
        .threads
        .iter()
        .filter_map(|(id, added)| {
            threads.get(id).map(|thread| ThreadChange {
                thread,
                added: *added,
            })
        })
        .collect();
    update_threads(txn, &changes).await?;
    let answered: Vec<&str> = pending.answered.iter().map(String::as_str).collect();
    crate::templates::ssr::credit_answered(txn, &answered).await?;
    for (account, day, column, n) in pending.daily {
        add_daily(txn, &account, day, column, n).await?;
    }
    if let Some(last) = batch.last() {
        record(txn, pending.events, last.message.received_at).await?;
    }
    Ok(outcomes)
}

/// The `(account, MessageSid)` pairs of `batch` already stored, in a thread or in the
/// blocked log.
async fn stored_sids(
    txn: &DatabaseTransaction,
    batch: &[Routed],
) -> Result<HashSet<(String, String)>, AppError> {
    let sids: Vec<&str> = batch
        .iter()
        .map(|r| r.message.message_sid.as_str())
        .collect();
    let mut seen: HashSet<(String, String)> = messages::Entity::find()
        .select_only()
        .column(messages::Column::AccountId)
        .column(messages::Column::ProviderMessageId)
        .filter(messages::Column::ProviderMessageId.is_in(sids.iter().copied()))
        .into_tuple::<(String, Option<String>)>()
        .all(txn)
        .await?
        .into_iter()
        .filter_map(|(account, sid)| sid.map(|sid| (account, sid)))
        .collect();
    let blocked: Vec<(String, String)> = blocked_messages::Entity::find()
        .select_only()
        .column(blocked_messages::Column::AccountId)
        .column(blocked_messages::Column::ProviderMessageId)
        .filter(blocked_messages::Column::ProviderMessageId.is_in(sids.iter().copied()))
        .filter(blocked_messages::Column::RestoredAt.is_null())
        .into_tuple()
        .all(txn)
        .await?;
    seen.extend(blocked);
    Ok(seen)
}

/// Puts a spam message in the blocked log, with everything needed to restore it.
async fn insert_blocked(
    txn: &DatabaseTransaction,
    routed: &Routed,
    keyword: &str,
) -> Result<(), Failure> {
    let msg = &routed.message;
    blocked_messages::ActiveModel {
        account_id: Set(routed.account.id.clone()),
        contact_number: Set(msg.from.digits().to_owned()),
        profile_name: Set(msg.profile_name.clone()),
        body: Set(msg.body.clone()),
        provider_message_id: Set(msg.message_sid.clone()),
        matched_keyword: Set(keyword.to_owned()),
        raw_params: Set(serde_json::to_string(&msg.raw).map_err(AppError::internal)?),
        received_at: Set(msg.received_at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Tells the owner that a person (not a machine) wrote; returns the notice.
async fn notify_personal(
    txn: &DatabaseTransaction,
    owner: i64,
    thread_id: &str,
    msg: &InboundMessage,
) -> Result<notifications::Model, Failure> {
    let who = msg
        .profile_name
        .clone()
        .unwrap_or_else(|| msg.from.to_string());
    Ok(notifications::ActiveModel {
        agent_id: Set(owner),
        kind: Set(crate::domain::NotificationKind::PersonalMessage),
        thread_id: Set(Some(thread_id.to_owned())),
        title: Set(format!("Pesan Personal dari {who}")),
        body: Set(preview(&msg.body, msg.message_type())),
        created_at: Set(msg.received_at),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// The account whose number is `to`, active or not: its token checks the signature of
/// a webhook before anything else is decided about it.
pub async fn account_by_number(
    db: &impl ConnectionTrait,
    to: &crate::domain::PhoneNumber,
) -> Result<Option<accounts::Model>, AppError> {
    Ok(accounts::Entity::find()
        .filter(accounts::Column::PhoneNumber.eq(to.digits()))
        .one(db)
        .await?)
}

/// The active account whose number is `to`; `NotFound` when there is none.
pub async fn find_account(
    db: &impl ConnectionTrait,
    to: &crate::domain::PhoneNumber,
) -> Result<accounts::Model, AppError> {
    accounts::Entity::find()
        .filter(accounts::Column::PhoneNumber.eq(to.digits()))
        .filter(accounts::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("account for number {to}")))
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
        .filter(blocked_messages::Column::RestoredAt.is_null())
        .one(db)
        .await?
        .is_some())
}
