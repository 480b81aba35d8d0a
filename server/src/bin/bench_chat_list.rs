//! Chat-list query benchmark: fills a database with a realistic inbox (accounts, agents,
//! threads, messages; 100,000 threads and 1,000,000 messages by default, with a
//! progress line; see [`server::bench::grow`]) and measures the chat-list query the
//! inbox runs, for the common filters, reporting p50 and p99 per filter. With
//! `--fill-only` it only grows the database, for the ingest benchmark on grown data.
//! See `scripts/bench.sh`.

use app::{
    auth::{CurrentUser, Role},
    db::{agents, connect, messages, threads},
    inbox::{ChatListQuery, OwnerFilter, ssr::chat_list},
};
use clap::Parser;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use server::bench::grow::{account_id, grow, is_grown};
use std::time::{Duration, Instant};

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
    /// Only fill the database (when it is not filled yet); measure nothing.
    #[arg(long)]
    fill_only: bool,
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let db = connect::connect(&args.database_url).await?;
    connect::migrate(&db).await?;
    if is_grown(&db).await? {
        eprintln!("using the data already in the database");
    } else {
        grow(&db, args.threads, args.messages).await?;
    }
    if args.fill_only {
        return Ok(());
    }
    let total_threads = threads::Entity::find().count(&db).await?;
    let total_messages = messages::Entity::find().count(&db).await?;
    let admin = CurrentUser {
        id: 0,
        name: "Admin".into(),
        email: "admin@serambi.test".into(),
        role: Role::Admin,
    };
    let agent_id = agents::Entity::find()
        .filter(agents::Column::Email.starts_with("bench"))
        .one(&db)
        .await?
        .map_or(1, |a| a.id);
    let agent = CurrentUser {
        id: agent_id,
        name: "Agen".into(),
        email: "agent@serambi.test".into(),
        role: Role::Agent,
    };
    let second_page = chat_list(&db, &admin, &ChatListQuery::default())
        .await?
        .next_cursor;
    let search = |q: &str| ChatListQuery {
        q: Some(q.into()),
        ..Default::default()
    };
    let filters: Vec<(&str, &CurrentUser, ChatListQuery)> = vec![
        ("all accounts (admin)", &admin, ChatListQuery::default()),
        (
            "one account",
            &admin,
            ChatListQuery {
                accounts: vec![account_id(1)],
                ..Default::default()
            },
        ),
        (
            "two accounts",
            &admin,
            ChatListQuery {
                accounts: vec![account_id(0), account_id(2)],
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
        // Searches. Every generated message reads "Pesan {m} di percakapan {t}" and
        // every chat is "Pelanggan {t}": a phrase naming one `t` is rare, the bare words
        // are everywhere.
        ("search, a name on every chat", &admin, search("pelanggan")),
        (
            "search, one chat's name in 100k",
            &admin,
            search("pelanggan 54321"),
        ),
        (
            "search, a word in every message",
            &admin,
            search("percakapan"),
        ),
        (
            "search, one chat's messages in 1,000,000",
            &admin,
            search("percakapan 54321"),
        ),
        ("search, no match anywhere", &admin, search("zqxwv")),
        (
            "search, a word in every message (agent)",
            &agent,
            search("percakapan"),
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

    // The analytics dashboard over the same data: 30 days, all accounts and one.
    let today = app::domain::working_hours::BusinessZone::default().day_of(chrono::Utc::now());
    let from = today - chrono::Duration::days(29);
    println!();
    println!("analytics dashboard, 30 days, {} runs each", args.runs);
    println!("| accounts | account-days | agent-days | answered leads | p50 | p99 |");
    println!("|---|---|---|---|---|---|");
    for (label, accounts) in [("all", Vec::new()), ("one", vec![account_id(1)])] {
        let range = app::analytics::ssr::Range {
            from: Some(from),
            to: Some(today),
            accounts,
        };
        // What the report reads besides the account-days: one row per agent, account
        // and day.
        let mut agent_days = app::db::agent_daily::Entity::find()
            .filter(app::db::agent_daily::Column::Day.between(from, today));
        if !range.accounts.is_empty() {
            agent_days = agent_days
                .filter(app::db::agent_daily::Column::AccountId.is_in(range.accounts.clone()));
        }
        let agent_days = agent_days.count(&db).await?;
        let mut times = Vec::with_capacity(args.runs);
        let mut shape = (0, 0);
        for _ in 0..args.runs {
            let start = Instant::now();
            let report = app::analytics::ssr::report(&db, &admin, &range).await?;
            times.push(start.elapsed());
            shape = (report.rows.len(), report.totals.answered);
            std::hint::black_box(report);
        }
        times.sort();
        let p =
            |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
        println!(
            "| {label} | {} | {agent_days} | {} | {} | {} |",
            shape.0,
            shape.1,
            ms(p(0.50)),
            ms(p(0.99))
        );
    }
    Ok(())
}
