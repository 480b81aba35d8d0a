//! Load generator: posts signed Twilio webhooks to a running Serambi over HTTP and
//! reports throughput and latency; with `--database-url` (the server's database) it
//! then writes as many sent replies into the benchmark's threads and posts a signed
//! `delivered` status callback for each, and reports those too. See
//! `scripts/bench.sh`, which starts the server on SQLite and on PostgreSQL, empty and
//! grown to 1,000,000 messages, and runs this against each.

use app::db::{accounts, connect, messages, threads};
use app::domain::{Direction, MessageStatus, MessageType};
use chrono::Utc;
use clap::Parser;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use server::bench::{BENCH_NUMBER, Target, ms, percentile, signed_status, signed_webhook};
use std::{
    sync::Arc,
    time::{Duration, Instant},
};
use tokio::sync::Semaphore;

/// Posts signed inbound-message webhooks and measures them.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    target: Target,
    /// Messages to send.
    #[arg(short = 'n', long, default_value_t = 10_000)]
    messages: usize,
    /// Requests in flight at once.
    #[arg(short = 'c', long, default_value_t = 32)]
    concurrency: usize,
    /// Distinct customers writing (the first message of each is a new lead).
    #[arg(long, default_value_t = 2_000)]
    customers: usize,
    /// Messages sent before measuring, to warm caches and connections.
    #[arg(long, default_value_t = 500)]
    warmup: usize,
    /// The server's database: when given, status callbacks are measured too.
    #[arg(long)]
    database_url: Option<String>,
}

/// One prepared request: form body and its signature.
fn prepare(args: &Args, i: usize, run: u64) -> (String, String) {
    signed_webhook(
        &args.target.url,
        &args.target.token,
        &format!("SM{run:016x}{i:016x}"),
        &format!("+628139{:07}", i % args.customers),
        &format!("Halo, ini pesan nomor {i}"),
    )
}

/// Posts `requests` (form body, signature) to `path`, `args.concurrency` at a time, and
/// expects `ok` of each.
async fn fire(
    http: &reqwest::Client,
    args: &Args,
    path: &str,
    ok: u16,
    requests: Vec<(String, String)>,
) -> anyhow::Result<(Duration, Vec<Duration>)> {
    let url = format!("{}{path}", args.target.url);
    let permits = Arc::new(Semaphore::new(args.concurrency));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(requests.len());
    for (body, signature) in requests {
        let permit = permits.clone().acquire_owned().await?;
        let http = http.clone();
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let t = Instant::now();
            let res = http
                .post(&url)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-twilio-signature", signature)
                .body(body)
                .send()
                .await;
            let elapsed = t.elapsed();
            drop(permit);
            match res {
                Ok(r) if r.status().as_u16() == ok => Ok(elapsed),
                Ok(r) => Err(anyhow::anyhow!("HTTP {}", r.status())),
                Err(e) => Err(anyhow::anyhow!(e)),
            }
        }));
    }
    let mut latencies = Vec::with_capacity(tasks.len());
    for t in tasks {
        latencies.push(t.await??);
    }
    Ok((started.elapsed(), latencies))
}

/// Prints one result line.
fn report(what: &str, elapsed: Duration, mut latencies: Vec<Duration>, concurrency: usize) {
    latencies.sort_unstable();
    println!(
        "{} {what}, concurrency {}: {:.0}/s, p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        concurrency,
        latencies.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default()),
    );
}

/// Writes `n` sent replies (as the outbox leaves them once Twilio accepted them) into
/// the benchmark account's threads and returns their `MessageSid`s.
async fn sent_replies(database_url: &str, n: usize, run: u64) -> anyhow::Result<Vec<String>> {
    let db = connect::connect(database_url).await?;
    let digits = BENCH_NUMBER.trim_start_matches('+');
    let account = accounts::Entity::find()
        .filter(accounts::Column::PhoneNumber.eq(digits))
        .one(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no benchmark account in the database"))?;
    let thread_ids: Vec<String> = threads::Entity::find()
        .select_only()
        .column(threads::Column::Id)
        .filter(threads::Column::AccountId.eq(account.id.as_str()))
        .into_tuple()
        .all(&db)
        .await?;
    anyhow::ensure!(
        !thread_ids.is_empty(),
        "the benchmark account has no threads"
    );
    let now = Utc::now();
    let sids: Vec<String> = (0..n).map(|i| format!("SMst{run:014x}{i:016x}")).collect();
    for (chunk_no, chunk) in sids.chunks(500).enumerate() {
        let rows = chunk.iter().enumerate().map(|(k, sid)| {
            let thread = &thread_ids[(chunk_no * 500 + k) % thread_ids.len()];
            messages::ActiveModel {
                thread_id: Set(thread.clone()),
                account_id: Set(account.id.clone()),
                direction: Set(Direction::Outbound),
                message_type: Set(MessageType::Text),
                body: Set("Baik kak, kami cek dulu".into()),
                provider_message_id: Set(Some(sid.clone())),
                status: Set(MessageStatus::Sent),
                is_auto_reply: Set(false),
                attempts: Set(1),
                template_credited: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        });
        messages::Entity::insert_many(rows).exec(&db).await?;
    }
    db.close().await?;
    Ok(sids)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    args.target.prepare(&http).await?;
    let run = rand::random::<u64>();
    let warm: Vec<_> = (0..args.warmup)
        .map(|i| prepare(&args, i + args.messages, run))
        .collect();
    let webhook = "/api/whatsapp/webhook";
    fire(&http, &args, webhook, 200, warm).await?;
    let requests: Vec<_> = (0..args.messages).map(|i| prepare(&args, i, run)).collect();
    let (elapsed, latencies) = fire(&http, &args, webhook, 200, requests).await?;
    report("webhooks", elapsed, latencies, args.concurrency);

    if let Some(database_url) = &args.database_url {
        let sids = sent_replies(database_url, args.messages + args.warmup, run).await?;
        let callbacks: Vec<_> = sids
            .iter()
            .map(|sid| signed_status(&args.target.url, &args.target.token, sid, "delivered"))
            .collect();
        let (warm, measured) = callbacks.split_at(args.warmup.min(callbacks.len()));
        let status = "/api/whatsapp/status";
        fire(&http, &args, status, 204, warm.to_vec()).await?;
        let (elapsed, latencies) = fire(&http, &args, status, 204, measured.to_vec()).await?;
        report("status callbacks", elapsed, latencies, args.concurrency);
    }
    Ok(())
}
