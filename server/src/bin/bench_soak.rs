//! Soak benchmark: keeps many WebSocket clients connected to a running Serambi and
//! posts signed webhooks at a steady rate for minutes, reading the server's resident
//! memory every minute. A server that keeps something per message (a cache without a
//! bound, a buffer that only grows) shows it as a climb from one minute to the next;
//! the report compares the last minute with the second (the first includes the
//! connection burst and the caches filling). See `scripts/bench.sh`.

use clap::Parser;
use futures_util::StreamExt;
use server::bench::{Target, rss_kib, signed_webhook};
use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};
use tokio::sync::Semaphore;
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest, http::HeaderValue};

#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    target: Target,
    /// WebSocket clients kept connected (admins: each receives every event).
    #[arg(long, default_value_t = 1_000)]
    clients: usize,
    /// Webhooks per second.
    #[arg(long, default_value_t = 500)]
    rate: u64,
    /// How long to run, in minutes.
    #[arg(long, default_value_t = 10)]
    minutes: u64,
    /// Distinct customers writing.
    #[arg(long, default_value_t = 5_000)]
    customers: u64,
    /// The server's process id, to read its memory from /proc.
    #[arg(long)]
    pid: u32,
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let http = reqwest::Client::new();
    let cookie = args.target.prepare(&http).await?;
    let idle = rss_kib(Some(args.pid)).unwrap_or_default();

    let received = Arc::new(AtomicU64::new(0));
    let ws_url = format!("{}/ws", args.target.url.replacen("http", "ws", 1));
    for _ in 0..args.clients {
        let mut request = ws_url.as_str().into_client_request()?;
        request
            .headers_mut()
            .insert("Cookie", HeaderValue::from_str(&cookie)?);
        let (mut stream, _) = tokio_tungstenite::connect_async(request).await?;
        let received = received.clone();
        tokio::spawn(async move {
            while let Some(Ok(message)) = stream.next().await {
                if matches!(message, Message::Text(_)) {
                    received.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
    }
    let connected = rss_kib(Some(args.pid)).unwrap_or_default();
    println!(
        "soak: {} clients, {} webhooks/s for {} minutes; server memory idle {:.1} MiB, \
         with the clients {:.1} MiB",
        args.clients,
        args.rate,
        args.minutes,
        mib(idle),
        mib(connected)
    );

    let run = rand::random::<u32>();
    let webhook = format!("{}/api/whatsapp/webhook", args.target.url);
    let in_flight = Arc::new(Semaphore::new(256));
    let (sent, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let start = Instant::now();
    let length = Duration::from_secs(60 * args.minutes);
    // Memory is read on the minute by its own task: a server slower than the asked
    // rate holds the sender back (at most 256 requests in flight), and the report must
    // not wait for it.
    let sampler = tokio::spawn({
        let (sent, failed, received) = (sent.clone(), failed.clone(), received.clone());
        let (pid, minutes) = (args.pid, args.minutes);
        async move {
            let every = Duration::from_secs(60);
            let mut minute = tokio::time::interval_at((start + every).into(), every);
            let mut per_minute = Vec::new();
            for n in 1..=minutes {
                minute.tick().await;
                let rss = rss_kib(Some(pid)).unwrap_or_default();
                per_minute.push(rss);
                println!(
                    "minute {n}: {:.1} MiB; {} webhooks stored, {} failed, {} events received",
                    mib(rss),
                    sent.load(Ordering::Relaxed),
                    failed.load(Ordering::Relaxed),
                    received.load(Ordering::Relaxed),
                );
            }
            per_minute
        }
    });
    let mut tick = tokio::time::interval(Duration::from_millis(10));
    let mut i: u64 = 0;
    // The run lasts its minutes whatever the server's pace; what was not sent by then
    // is reported as the shortfall.
    while start.elapsed() < length {
        tick.tick().await;
        // As many as the rate owes by now: steady even when a tick comes late.
        let due = (start.elapsed().as_secs_f64() * args.rate as f64) as u64;
        while i < due && start.elapsed() < length {
            let (form, signature) = signed_webhook(
                &args.target.url,
                &args.target.token,
                &format!("SM{run:08x}{i:024x}"),
                &format!("+628137{:07}", i % args.customers),
                &format!("Soak {i}"),
            );
            let permit = in_flight.clone().acquire_owned().await?;
            let (http, webhook, sent, failed) =
                (http.clone(), webhook.clone(), sent.clone(), failed.clone());
            tokio::spawn(async move {
                let ok = http
                    .post(&webhook)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("x-twilio-signature", signature)
                    .body(form)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success());
                let counter = if ok { &sent } else { &failed };
                counter.fetch_add(1, Ordering::Relaxed);
                drop(permit);
            });
            i += 1;
        }
    }
    let per_minute = sampler.await?;
    // Let the last requests finish before the closing figures.
    let _ = in_flight.acquire_many(256).await?;
    let last = per_minute.last().copied().unwrap_or_default();
    let second = per_minute.get(1).copied().unwrap_or(last);
    let stored = sent.load(Ordering::Relaxed);
    println!(
        "soak: {stored} webhooks stored ({:.0}/s of {} asked), {} failed; memory after \
         minute 2 {:.1} MiB, in the last minute {:.1} MiB ({:+.1} %)",
        stored as f64 / length.as_secs_f64(),
        args.rate,
        failed.load(Ordering::Relaxed),
        mib(second),
        mib(last),
        (last as f64 / second.max(1) as f64 - 1.0) * 100.0
    );
    Ok(())
}
