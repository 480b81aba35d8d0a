//! Load generator: posts signed Twilio webhooks to a running Serambi over HTTP and
//! reports throughput and latency. See `scripts/bench.sh`, which starts the server on
//! SQLite and on PostgreSQL and runs this against each.

use clap::Parser;
use server::bench::{Target, ms, percentile, signed_webhook};
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

async fn fire(
    http: &reqwest::Client,
    args: &Args,
    requests: Vec<(String, String)>,
) -> anyhow::Result<(Duration, Vec<Duration>)> {
    let url = format!("{}/api/whatsapp/webhook", args.target.url);
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
                Ok(r) if r.status().as_u16() == 200 => Ok(elapsed),
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
    fire(&http, &args, warm).await?;
    let requests: Vec<_> = (0..args.messages).map(|i| prepare(&args, i, run)).collect();
    let (elapsed, mut latencies) = fire(&http, &args, requests).await?;
    latencies.sort_unstable();
    println!(
        "{} webhooks, concurrency {}: {:.0} msg/s, p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        args.concurrency,
        latencies.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default()),
    );
    Ok(())
}
