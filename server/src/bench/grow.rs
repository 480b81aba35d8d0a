//! A grown database for the benchmarks: accounts, agents, threads and messages the size
//! a busy desk reaches (100,000 threads and 1,000,000 messages by default), so every
//! figure can be measured on empty *and* grown data.
//!
//! The generated accounts are `gen-001`… with numbers of their own, so demo data and
//! the benchmark account can be added beside them. Every message carries a provider id,
//! as real ones do, so the unique keys and lookups by `MessageSid` are as large as in
//! production.

use app::domain::{Direction, EscalationState, MessageStatus, MessageType, Provider, Role};
use app::{
    analytics::histogram::Histogram,
    db::{accounts, agent_daily, agents, daily_analytics, first_responses, messages, threads},
    domain::working_hours::BusinessZone,
};
use chrono::{Duration as ChronoDuration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use std::collections::HashMap;
use std::io::Write;

/// Generated accounts.
pub const ACCOUNTS: usize = 5;
/// Generated agents.
pub const AGENTS: usize = 8;
/// Rows per INSERT statement.
const CHUNK: usize = 500;

/// The id of generated account `n` (0-based).
pub fn account_id(n: usize) -> String {
    format!("gen-{:03}", n + 1)
}

/// Rewrites the progress line on stderr.
fn progress(label: &str, done: usize, total: usize) {
    let pct = (done * 100).checked_div(total).unwrap_or(100);
    let filled = pct / 4;
    eprint!(
        "\r{label:<10} [{}{}] {pct:>3}% {done}/{total}",
        "#".repeat(filled),
        " ".repeat(25 - filled)
    );
    if done == total {
        eprintln!();
    }
    let _ = std::io::stderr().flush();
}

/// Whether `db` holds the generated data already.
pub async fn is_grown(db: &DatabaseConnection) -> anyhow::Result<bool> {
    Ok(accounts::Entity::find()
        .filter(accounts::Column::Id.eq(account_id(0)))
        .one(db)
        .await?
        .is_some())
}

/// Fills `db` with `threads` threads and `messages` messages spread over them, with a
/// progress line on stderr.
pub async fn grow(db: &DatabaseConnection, threads: usize, messages: usize) -> anyhow::Result<()> {
    let now = Utc::now();
    accounts::Entity::insert_many((0..ACCOUNTS).map(|a| accounts::ActiveModel {
        id: Set(account_id(a)),
        name: Set(format!("Gudang {}", (b'A' + a as u8) as char)),
        phone_number: Set(format!("62812999900{a:02}")),
        provider: Set(Provider::Simulator),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }))
    .exec(db)
    .await?;
    agents::Entity::insert_many((0..AGENTS).map(|i| agents::ActiveModel {
        email: Set(format!("bench{i}@serambi.test")),
        name: Set(format!("Agen {i}")),
        // No password hash matches "!": these agents cannot log in.
        password_hash: Set("!".into()),
        role: Set(Role::Agent),
        active: Set(true),
        available: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }))
    .exec(db)
    .await?;
    let agent_ids: Vec<i64> = agents::Entity::find()
        .filter(agents::Column::Email.starts_with("bench"))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    anyhow::ensure!(!agent_ids.is_empty(), "no generated agents");

    let max_escalations = app::escalation::Policy::default().max_escalations;
    let per_thread = messages / threads.max(1);
    let zone = BusinessZone::default();
    // The analytics rollups the live code would have written, summed as we go.
    let mut daily: HashMap<(String, chrono::NaiveDate), [i32; 5]> = HashMap::new();
    // Per agent, account and day: escalations away, answered, response-time histograms.
    let mut agent_days: HashMap<(chrono::NaiveDate, String, i64), (i32, Histogram, Histogram)> =
        HashMap::new();
    let mut done = 0;
    while done < threads {
        let end = (done + CHUNK / per_thread.max(1)).clamp(done + 1, threads);
        let txn = db.begin().await?;
        let mut thread_rows = Vec::new();
        let mut message_rows = Vec::new();
        let mut response_rows = Vec::new();
        for t in done..end {
            let account = account_id(t % ACCOUNTS);
            let contact = format!("628{:010}", 1_300_000_000 + t);
            let id = format!("{account}:{contact}");
            // Spread over the last 90 days; a few unread, a few unassigned.
            let last = now - ChronoDuration::seconds(((t * 7_919) % (90 * 86_400)) as i64);
            let owner = (t % 20 != 0).then(|| agent_ids[t % agent_ids.len()]);
            // A third never answered. Past the escalation timeout the worker has long
            // moved such a lead as often as allowed and marked it overdue: that is the
            // steady state of a desk's history, not a backlog of due leads.
            let unanswered = t % 3 == 0;
            let overdue = unanswered && owner.is_some() && now - last > ChronoDuration::hours(1);
            let day = zone.day_of(last);
            let cell = daily.entry((account.clone(), day)).or_default();
            // received, replied, blocked, new leads, escalations
            cell[0] += per_thread.div_ceil(2) as i32;
            cell[1] += (per_thread / 2) as i32;
            cell[3] += 1;
            if overdue {
                cell[4] += max_escalations;
                if let Some(o) = owner {
                    agent_days.entry((day, account.clone(), o)).or_default().0 += max_escalations;
                }
            }
            if let (false, Some(o)) = (unanswered, owner) {
                let seconds = ((t * 37) % 3_600) as i64 + 20;
                let agent_day = agent_days.entry((day, account.clone(), o)).or_default();
                agent_day.1.add(seconds + 60);
                agent_day.2.add(seconds);
                response_rows.push(first_responses::ActiveModel {
                    thread_id: Set(id.clone()),
                    account_id: Set(account.clone()),
                    agent_id: Set(o),
                    day: Set(day),
                    responded_at: Set(last),
                    since_arrival_seconds: Set(seconds + 60),
                    since_assigned_seconds: Set(seconds),
                });
            }
            thread_rows.push(threads::ActiveModel {
                id: Set(id.clone()),
                account_id: Set(account.clone()),
                contact_number: Set(contact),
                profile_name: Set(Some(format!("Pelanggan {t}"))),
                owner_id: Set(owner),
                assigned_at: Set(owner.map(|_| last)),
                first_response_at: Set((!unanswered).then_some(last)),
                escalation_count: Set(if overdue { max_escalations } else { 0 }),
                escalation_state: Set(if overdue {
                    EscalationState::Overdue
                } else {
                    EscalationState::None
                }),
                unread_count: Set(if t % 10 == 0 { 2 } else { 0 }),
                last_message_at: Set(Some(last)),
                last_message_preview: Set(Some(format!("Halo kak, mau tanya produk {t}"))),
                last_message_direction: Set(Some(Direction::Inbound)),
                last_inbound_at: Set(Some(last)),
                last_inbound_auto_reply: Set(t % 7 == 0),
                created_at: Set(last),
                updated_at: Set(last),
                ..Default::default()
            });
            for m in 0..per_thread {
                let at = last - ChronoDuration::minutes((per_thread - m) as i64);
                let inbound = m % 2 == 0;
                message_rows.push(messages::ActiveModel {
                    thread_id: Set(id.clone()),
                    account_id: Set(account.clone()),
                    direction: Set(if inbound {
                        Direction::Inbound
                    } else {
                        Direction::Outbound
                    }),
                    message_type: Set(MessageType::Text),
                    body: Set(format!("Pesan {m} di percakapan {t}")),
                    provider_message_id: Set(Some(format!("SMgen{t:012}{m:06}"))),
                    status: Set(if inbound {
                        MessageStatus::Received
                    } else {
                        MessageStatus::Read
                    }),
                    is_auto_reply: Set(false),
                    attempts: Set(0),
                    template_credited: Set(false),
                    created_at: Set(at),
                    updated_at: Set(at),
                    ..Default::default()
                });
            }
        }
        threads::Entity::insert_many(thread_rows).exec(&txn).await?;
        if !response_rows.is_empty() {
            first_responses::Entity::insert_many(response_rows)
                .exec(&txn)
                .await?;
        }
        for chunk in message_rows.chunks(CHUNK) {
            messages::Entity::insert_many(chunk.to_vec())
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        done = end;
        progress("generate", done, threads);
    }
    let daily_rows: Vec<daily_analytics::ActiveModel> = daily
        .into_iter()
        .map(|((account, day), c)| daily_analytics::ActiveModel {
            account_id: Set(account),
            day: Set(day),
            received_count: Set(c[0]),
            reply_count: Set(c[1]),
            blocked_count: Set(c[2]),
            new_lead_count: Set(c[3]),
            escalation_count: Set(c[4]),
        })
        .collect();
    for chunk in daily_rows.chunks(CHUNK) {
        daily_analytics::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    let agent_rows: Vec<agent_daily::ActiveModel> = agent_days
        .into_iter()
        .map(
            |((day, account, agent), (away, arrival, assigned))| agent_daily::ActiveModel {
                day: Set(day),
                account_id: Set(account),
                agent_id: Set(agent),
                escalations_away: Set(away),
                answered: Set(arrival.len() as i32),
                arrival_seconds: Set(arrival.encode()),
                assigned_seconds: Set(assigned.encode()),
            },
        )
        .collect();
    for chunk in agent_rows.chunks(CHUNK) {
        agent_daily::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    // A database that grew over months has been vacuumed and has planner statistics
    // (PostgreSQL's autovacuum does both within minutes of a large load, and would
    // otherwise do it in the middle of a measurement); measure that, not the gap after
    // a bulk insert.
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared("VACUUM ANALYZE").await?;
    }
    Ok(())
}
