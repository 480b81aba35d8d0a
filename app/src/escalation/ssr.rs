//! Running escalation against the database.

use super::{Decision, Lead, Moved, Policy, Report, decide};
use crate::{
    db::{agents, assignment_events, notifications, settings, threads, write_gate::WriteGate},
    domain::{AssignReason, EscalationState, NotificationKind},
    error::AppError,
    messaging::ssr::assign::Rotation,
    realtime::{
        kind,
        ssr::{NewEvent, committed, record},
    },
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, LockBehavior, LockType, Query},
};
use serde_json::json;

/// Settings key of the first-response timeout, in seconds.
pub const TIMEOUT_KEY: &str = "escalation.timeoutSeconds";
/// Settings key of the most escalations one lead gets.
pub const MAX_KEY: &str = "escalation.maxEscalations";
/// The leads the worker may still act on: owned, unanswered and not overdue. Word for
/// word the condition of the partial index `ix_threads_due` (migration
/// `m20261201_000003_due_leads`), with literals rather than bound parameters, so that
/// both planners can prove the index applies; overdue leads, which pile up as history
/// grows, are then never read.
static LIVE_LEADS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "first_response_at IS NULL AND owner_id IS NOT NULL AND escalation_state <> '{}'",
        EscalationState::Overdue.as_str()
    )
});

/// The leads nobody has answered yet, as a condition on `threads`: the database's
/// side of [`super::is_locked`] (an owned lead without its first response).
pub fn unanswered() -> Condition {
    Condition::all()
        .add(threads::Column::OwnerId.is_not_null())
        .add(threads::Column::FirstResponseAt.is_null())
}

/// Unanswered leads that are due (or whose owner left), oldest first.
fn due_leads(policy: &Policy, now: DateTime<Utc>) -> sea_orm::Select<threads::Entity> {
    let present = Query::select()
        .column(agents::Column::Id)
        .from(agents::Entity)
        .and_where(agents::Column::Active.eq(true))
        .and_where(agents::Column::Available.eq(true))
        .to_owned();
    threads::Entity::find()
        .filter(Expr::cust(LIVE_LEADS.as_str()))
        .filter(
            Condition::any()
                .add(threads::Column::AssignedAt.lte(now - policy.timeout))
                .add(threads::Column::OwnerId.not_in_subquery(present)),
        )
        .order_by_asc(threads::Column::AssignedAt)
}

/// Leads one run handles at most; the next run takes the rest.
const BATCH: u64 = 200;

/// The escalation settings (defaults where unset).
pub async fn policy(db: &impl ConnectionTrait) -> Result<Policy, AppError> {
    let rows = settings::Entity::find()
        .filter(settings::Column::Key.is_in([TIMEOUT_KEY, MAX_KEY]))
        .all(db)
        .await?;
    let hours = crate::settings::ssr::working_hours(db).await?;
    let number = |key: &str| {
        rows.iter()
            .find(|r| r.key == key)
            .and_then(|r| r.value.parse::<i64>().ok())
    };
    let mut policy = Policy {
        hours,
        ..Policy::default()
    };
    if let Some(seconds) = number(TIMEOUT_KEY).filter(|s| *s > 0) {
        policy.timeout = Duration::seconds(seconds);
    }
    if let Some(max) = number(MAX_KEY).filter(|m| *m >= 0) {
        policy.max_escalations = i32::try_from(max).unwrap_or(i32::MAX);
    }
    Ok(policy)
}

/// Stores `timeout` as the timeout setting unless one is stored already
/// (`SERAMBI_ESCALATION_TIMEOUT` is the initial value; admins change it later).
pub async fn ensure_timeout(db: &impl ConnectionTrait, timeout: Duration) -> Result<(), AppError> {
    if settings::Entity::find_by_id(TIMEOUT_KEY.to_owned())
        .one(db)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let row = settings::ActiveModel {
        key: Set(TIMEOUT_KEY.to_owned()),
        value: Set(timeout.num_seconds().max(1).to_string()),
        updated_at: Set(Utc::now()),
    };
    // Another server may have stored it a moment ago: theirs stands.
    let _ = row.insert(db).await;
    Ok(())
}

/// Escalates every due lead as of `now`, once. The leads are claimed inside one write
/// transaction: on PostgreSQL with `FOR UPDATE SKIP LOCKED` (a concurrent run skips
/// them, and once this one commits they are no longer due), on SQLite behind the write
/// gate and the database's single writer.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn run(
    db: &DatabaseConnection,
    gate: &WriteGate,
    now: DateTime<Utc>,
) -> Result<Report, AppError> {
    let (_guard, txn) = gate.begin(db).await?;
    let report = escalate_due(&txn, now).await;
    match report {
        Ok(report) => {
            txn.commit().await?;
            if !report.escalated.is_empty() || !report.overdue.is_empty() {
                committed();
            }
            Ok(report)
        }
        Err(e) => {
            txn.rollback().await?;
            Err(e)
        }
    }
}

async fn escalate_due(txn: &DatabaseTransaction, now: DateTime<Utc>) -> Result<Report, AppError> {
    let policy = policy(txn).await?;
    let postgres = txn.get_database_backend() == DatabaseBackend::Postgres;
    // Outside working hours the clock stands still: nothing comes due. (An owner who
    // left is handled at opening time; a deactivated one at once, when deactivated.)
    if !policy.hours.is_open(now) {
        return Ok(Report::default());
    }
    // A cheap look first: most runs find nothing and lock nothing.
    let any_due = due_leads(&policy, now).one(txn).await?.is_some();
    if !any_due {
        return Ok(Report::default());
    }
    // The rotation first (locked on PostgreSQL), then the leads: every writer that
    // takes both takes them in this order, and the leads are claimed with SKIP LOCKED,
    // so a run never waits for a lead and never deadlocks with the inbound flow.
    let mut rotation = Rotation::load(txn).await?;
    let mut claim = due_leads(&policy, now).limit(BATCH);
    if postgres {
        // NO KEY UPDATE: new messages may still reference these threads meanwhile.
        claim = claim.lock_with_behavior(LockType::NoKeyUpdate, LockBehavior::SkipLocked);
    }
    let due = claim.all(txn).await?;
    let mut report = Report {
        checked: due.len(),
        ..Report::default()
    };
    let mut events = Vec::new();
    for thread in due {
        let Some(owner) = thread.owner_id else {
            continue;
        };
        let lead = Lead {
            owner_id: Some(owner),
            owner_active: rotation.includes(&thread.account_id, owner),
            assigned_at: thread.assigned_at,
            first_response_at: thread.first_response_at,
            escalation_count: thread.escalation_count,
            overdue: thread.escalation_state == EscalationState::Overdue,
        };
        let others = rotation.has_other_than(&thread.account_id, owner);
        match decide(&lead, &policy, now, others) {
            Decision::Escalate => {
                let Some(to) = rotation.take_turn_except(&thread.account_id, owner) else {
                    continue;
                };
                let moved = move_lead(txn, thread, owner, to, now).await?;
                events.extend(escalation_events(&moved, now, &policy));
                report.escalated.push(moved);
            }
            Decision::MarkOverdue => {
                let id = thread.id.clone();
                mark_overdue(txn, thread, owner, now).await?;
                events.push(NewEvent::thread(
                    kind::LEAD_ESCALATED,
                    &id,
                    Some(owner),
                    json!({ "threadId": id, "fromAgentId": owner, "toAgentId": null, "overdue": true }),
                ));
                report.overdue.push(id);
            }
            Decision::Locked | Decision::Unassigned | Decision::Wait { .. } | Decision::Overdue => {
            }
        }
    }
    rotation.save(txn, now).await?;
    record(txn, events, now).await?;
    Ok(report)
}

/// Moves every unanswered lead of `agent` (just deactivated) on at once, each to the
/// next agent in the rotation, as escalation would once their time ran out; with
/// nobody else in the rotation they stay and the escalation worker marks them overdue
/// in time. Runs in the deactivation's transaction.
pub async fn hand_over_unanswered(
    txn: &DatabaseTransaction,
    agent: i64,
    now: DateTime<Utc>,
) -> Result<Vec<Moved>, AppError> {
    let leads = threads::Entity::find()
        .filter(threads::Column::OwnerId.eq(agent))
        .filter(unanswered())
        .order_by_asc(threads::Column::AssignedAt)
        .all(txn)
        .await?;
    if leads.is_empty() {
        return Ok(Vec::new());
    }
    let policy = policy(txn).await?;
    let mut rotation = Rotation::load(txn).await?;
    let mut moved = Vec::new();
    let mut events = Vec::new();
    for thread in leads {
        let Some(to) = rotation.take_turn_except(&thread.account_id, agent) else {
            continue;
        };
        let m = move_lead(txn, thread, agent, to, now).await?;
        events.extend(escalation_events(&m, now, &policy));
        moved.push(m);
    }
    rotation.save(txn, now).await?;
    record(txn, events, now).await?;
    Ok(moved)
}

/// Gives `thread` from `from` to `to`: a fresh `assignedAt`, one more escalation, an
/// assignment event and a notice for each agent.
async fn move_lead(
    txn: &DatabaseTransaction,
    thread: threads::Model,
    from: i64,
    to: i64,
    now: DateTime<Utc>,
) -> Result<Moved, AppError> {
    let count = thread.escalation_count + 1;
    let id = thread.id.clone();
    crate::messaging::ssr::bookkeeping::record_escalation(txn, &thread.account_id, from, now)
        .await?;
    let who = thread
        .profile_name
        .clone()
        .unwrap_or_else(|| format!("+{}", thread.contact_number));
    let mut active: threads::ActiveModel = thread.into();
    active.owner_id = Set(Some(to));
    active.assigned_at = Set(Some(now));
    active.escalation_count = Set(count);
    active.updated_at = Set(now);
    active.update(txn).await?;
    assignment_events::ActiveModel {
        thread_id: Set(id.clone()),
        from_agent_id: Set(Some(from)),
        to_agent_id: Set(Some(to)),
        reason: Set(AssignReason::Escalation),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    for (agent, title) in [
        (from, format!("Lead {who} dialihkan")),
        (to, format!("Lead eskalasi: {who}")),
    ] {
        notifications::ActiveModel {
            agent_id: Set(agent),
            kind: Set(NotificationKind::Escalation),
            thread_id: Set(Some(id.clone())),
            title: Set(title),
            body: Set("Belum dibalas dalam batas waktu.".into()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(Moved {
        thread_id: id,
        from_agent_id: from,
        to_agent_id: to,
        escalation_count: count,
    })
}

/// The events of a move: the escalation (seen by both agents) and the new assignment.
fn escalation_events(moved: &Moved, now: DateTime<Utc>, policy: &Policy) -> [NewEvent; 2] {
    let id = &moved.thread_id;
    [
        NewEvent {
            kind: kind::LEAD_ESCALATED,
            thread_id: Some(id.clone()),
            agent_id: Some(moved.to_agent_id),
            other_agent_id: Some(moved.from_agent_id),
            payload: json!({
                "threadId": id,
                "fromAgentId": moved.from_agent_id,
                "toAgentId": moved.to_agent_id,
                "escalationCount": moved.escalation_count,
                "overdue": false,
            }),
        },
        NewEvent::thread(
            kind::LEAD_ASSIGNED,
            id,
            Some(moved.to_agent_id),
            json!({
                "threadId": id,
                "agentId": moved.to_agent_id,
                "reason": AssignReason::Escalation,
                "assignedAt": now,
                "deadline": now + policy.timeout,
            }),
        ),
    ]
}

async fn mark_overdue(
    txn: &DatabaseTransaction,
    thread: threads::Model,
    owner: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let id = thread.id.clone();
    let mut active: threads::ActiveModel = thread.into();
    active.escalation_state = Set(EscalationState::Overdue);
    active.updated_at = Set(now);
    active.update(txn).await?;
    notifications::ActiveModel {
        agent_id: Set(owner),
        kind: Set(NotificationKind::Overdue),
        thread_id: Set(Some(id)),
        title: Set("Lead terlambat dibalas".into()),
        body: Set("Belum dibalas dalam batas waktu.".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}
