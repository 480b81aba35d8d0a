//! Chat-list query benchmark: fills a database with a realistic inbox (accounts, agents,
//! threads, messages; 100,000 threads and 1,000,000 messages by default, with a
//! progress line) and measures the chat-list query the inbox runs, for the common
//! filters, reporting p50 and p99 per filter. See `scripts/bench.sh`.

use app::{
    auth::{CurrentUser, Role},
    db::{accounts, agents, connect, messages, threads},
    inbox::{ChatListQuery, OwnerFilter, ssr::chat_list},
};
use chrono::{Duration as ChronoDuration, Utc};
use clap::Parser;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait, Set, TransactionTrait};
use std::{
    io::Write,
    time::{Duration, Instant},
};

/// Fills a database and measures the chat-list query.
#[derive(Debug, Parser)]
struct Args {
    /// Database to fill and query (created if missing).
    #[arg(long, default_value = "sqlite://data/bench-chat-list.db?mode=rwc")]
    database_url: String,
    /// Threads to create.
    #[arg(long, default_value_t = 100_000)]
    threads: usize,
    /// Messages to create, spread over the threads.
    #[arg(long, default_value_t = 1_000_000)]
    messages: usize,
    /// Queries per filter.
    #[arg(long, default_value_t = 300)]
    runs: usize,
}

const ACCOUNTS: usize = 5;
const AGENTS: usize = 8;
/// Rows per INSERT statement.
const CHUNK: usize = 500;

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

async fn generate(db: &DatabaseConnection, args: &Args) -> anyhow::Result<()> {
    let now = Utc::now();
    accounts::Entity::insert_many((0..ACCOUNTS).map(|a| accounts::ActiveModel {
        id: Set(format!("acc-{:03}", a + 1)),
        name: Set(format!("Toko {}", (b'A' + a as u8) as char)),
        phone_number: Set(format!("62812111100{a:02}")),
        provider: Set("simulator".into()),
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
        password_hash: Set("!".into()),
        role: Set("agent".into()),
        active: Set(true),
        available: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }))
    .exec(db)
    .await?;
    let agent_ids: Vec<i64> = agents::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();

    let per_thread = args.messages / args.threads.max(1);
    let mut done = 0;
    while done < args.threads {
        let end = (done + CHUNK / per_thread.max(1)).clamp(done + 1, args.threads);
        let txn = db.begin().await?;
        let mut thread_rows = Vec::new();
        let mut message_rows = Vec::new();
        for t in done..end {
            let account = format!("acc-{:03}", t % ACCOUNTS + 1);
            let contact = format!("628{:010}", 1_300_000_000 + t);
            let id = format!("{account}:{contact}");
            // Spread over the last 90 days; a few unread, a few unassigned.
            let last = now - ChronoDuration::seconds(((t * 7_919) % (90 * 86_400)) as i64);
            let owner = (t % 20 != 0).then(|| agent_ids[t % agent_ids.len()]);
            thread_rows.push(threads::ActiveModel {
                id: Set(id.clone()),
                account_id: Set(account.clone()),
                contact_number: Set(contact),
                profile_name: Set(Some(format!("Pelanggan {t}"))),
                owner_id: Set(owner),
                assigned_at: Set(owner.map(|_| last)),
                first_response_at: Set((t % 3 != 0).then_some(last)),
                escalation_count: Set(0),
                escalation_state: Set("none".into()),
                unread_count: Set(if t % 10 == 0 { 2 } else { 0 }),
                last_message_at: Set(Some(last)),
                last_message_preview: Set(Some(format!("Halo kak, mau tanya produk {t}"))),
                last_message_direction: Set(Some("inbound".into())),
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
                    direction: Set(if inbound { "inbound" } else { "outbound" }.into()),
                    message_type: Set("text".into()),
                    body: Set(format!("Pesan {m} di percakapan {t}")),
                    status: Set(if inbound { "received" } else { "read" }.into()),
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
        for chunk in message_rows.chunks(CHUNK) {
            messages::Entity::insert_many(chunk.to_vec())
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        done = end;
        progress("generate", done, args.threads);
    }
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let db = connect::connect(&args.database_url).await?;
    connect::migrate(&db).await?;
    let existing = threads::Entity::find().count(&db).await?;
    if existing == 0 {
        generate(&db, &args).await?;
    } else {
        eprintln!("using the {existing} threads already in the database");
    }
    let total_threads = threads::Entity::find().count(&db).await?;
    let total_messages = messages::Entity::find().count(&db).await?;
    let admin = CurrentUser {
        id: 0,
        name: "Admin".into(),
        email: "admin@serambi.test".into(),
        role: Role::Admin,
    };
    let agent_id = agents::Entity::find().one(&db).await?.map_or(1, |a| a.id);
    let agent = CurrentUser {
        id: agent_id,
        name: "Agen".into(),
        email: "agent@serambi.test".into(),
        role: Role::Agent,
    };
    let second_page = chat_list(&db, &admin, &ChatListQuery::default())
        .await?
        .next_cursor;
    let filters: Vec<(&str, &CurrentUser, ChatListQuery)> = vec![
        ("all accounts (admin)", &admin, ChatListQuery::default()),
        (
            "one account",
            &admin,
            ChatListQuery {
                accounts: vec!["acc-002".into()],
                ..Default::default()
            },
        ),
        (
            "two accounts",
            &admin,
            ChatListQuery {
                accounts: vec!["acc-001".into(), "acc-003".into()],
                ..Default::default()
            },
        ),
        (
            "unread only",
            &admin,
            ChatListQuery {
                unread: true,
                ..Default::default()
            },
        ),
        (
            "unassigned",
            &admin,
            ChatListQuery {
                owner: OwnerFilter::Unassigned,
                ..Default::default()
            },
        ),
        ("agent's own", &agent, ChatListQuery::default()),
        (
            "next page (cursor)",
            &admin,
            ChatListQuery {
                cursor: second_page,
                ..Default::default()
            },
        ),
        (
            "search, common word",
            &admin,
            ChatListQuery {
                q: Some("halo".into()),
                ..Default::default()
            },
        ),
        (
            "search, one match in 100k",
            &admin,
            ChatListQuery {
                q: Some("pelanggan 4242".into()),
                ..Default::default()
            },
        ),
    ];
    println!(
        "chat-list query, {total_threads} threads, {total_messages} messages, {} runs each, 50 per page",
        args.runs
    );
    println!("| filter | p50 | p99 |");
    println!("|---|---|---|");
    for (label, viewer, query) in filters {
        let mut times = Vec::with_capacity(args.runs);
        for _ in 0..args.runs {
            let start = Instant::now();
            let page = chat_list(&db, viewer, &query).await?;
            times.push(start.elapsed());
            std::hint::black_box(page);
        }
        times.sort();
        let p =
            |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
        println!("| {label} | {} | {} |", ms(p(0.50)), ms(p(0.99)));
    }
    Ok(())
}
