//! Realtime benchmark: connects many WebSocket clients to a running Serambi, posts
//! signed webhooks one after another, and measures the time from sending each webhook
//! to each client receiving its `inbox:new-message` event. Reports p50/p99 over every
//! (client, message) pair and the server's resident memory with the clients connected.
//! See `scripts/bench.sh`, which starts the server and runs this against it.

use clap::Parser;
use futures_util::StreamExt;
use server::bench::{Target, ms, percentile, signed_webhook};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest, http::HeaderValue};

#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    target: Target,
    /// WebSocket clients (all admins: every one receives every event).
    #[arg(long, default_value_t = 1_000)]
    clients: usize,
    /// Webhooks to send, one at a time.
    #[arg(short = 'n', long, default_value_t = 100)]
    messages: usize,
    /// Pause between webhooks.
    #[arg(long, default_value_t = 20)]
    gap_ms: u64,
    /// The server's process id, to read its memory from /proc.
    #[arg(long)]
    pid: Option<u32>,
}

/// Resident memory of process `pid` in KiB (Linux).
fn rss_kib(pid: Option<u32>) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// When each message (by its body) was posted.
type Sent = Arc<Mutex<HashMap<String, Instant>>>;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let http = reqwest::Client::new();
    let cookie = args.target.prepare(&http).await?;
    let rss_before = rss_kib(args.pid);

    let sent: Sent = Arc::default();
    let (samples_tx, mut samples_rx) = tokio::sync::mpsc::unbounded_channel::<Duration>();
    let ws_url = format!("{}/ws", args.target.url.replacen("http", "ws", 1));
    let mut ready = Vec::with_capacity(args.clients);
    for _ in 0..args.clients {
        let mut request = ws_url.as_str().into_client_request()?;
        request
            .headers_mut()
            .insert("Cookie", HeaderValue::from_str(&cookie)?);
        let (mut stream, _) = tokio_tungstenite::connect_async(request).await?;
        let (sent, samples) = (sent.clone(), samples_tx.clone());
        let (hello_tx, hello_rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let mut hello = Some(hello_tx);
            while let Some(Ok(message)) = stream.next().await {
                let Message::Text(text) = message else {
                    continue;
                };
                let now = Instant::now();
                if let Some(h) = hello.take() {
                    let _ = h.send(());
                }
                let Ok(event) = serde_json::from_str::<serde_json::Value>(&text) else {
                    continue;
                };
                if event["type"] != "inbox:new-message" {
                    continue;
                }
                let body = event["payload"]["message"]["body"]
                    .as_str()
                    .unwrap_or_default();
                let posted = sent.lock().ok().and_then(|s| s.get(body).copied());
                if let Some(posted) = posted {
                    let _ = samples.send(now - posted);
                }
            }
        });
        ready.push(hello_rx);
    }
    for r in ready {
        r.await?;
    }
    drop(samples_tx);
    // Let the server settle after the connection burst.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_connected = rss_kib(args.pid);

    let run = rand::random::<u32>();
    let webhook = format!("{}/api/whatsapp/webhook", args.target.url);
    for i in 0..args.messages {
        let body = format!("realtime {run:08x} {i}");
        let (form, signature) = signed_webhook(
            &args.target.url,
            &args.target.token,
            &format!("SM{run:08x}{i:024x}"),
            &format!("+628138{:07}", i % 50),
            &body,
        );
        if let Ok(mut s) = sent.lock() {
            s.insert(body, Instant::now());
        }
        let res = http
            .post(&webhook)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-twilio-signature", signature)
            .body(form)
            .send()
            .await?;
        anyhow::ensure!(res.status().is_success(), "webhook: HTTP {}", res.status());
        tokio::time::sleep(Duration::from_millis(args.gap_ms)).await;
    }

    let expected = args.clients * args.messages;
    let mut latencies = Vec::with_capacity(expected);
    let deadline = tokio::time::sleep(Duration::from_secs(30));
    tokio::pin!(deadline);
    while latencies.len() < expected {
        tokio::select! {
            sample = samples_rx.recv() => match sample {
                Some(d) => latencies.push(d),
                None => break,
            },
            () = &mut deadline => break,
        }
    }
    latencies.sort_unstable();
    println!(
        "{} clients x {} webhooks: {} of {} events received; webhook -> event p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        args.clients,
        args.messages,
        latencies.len(),
        expected,
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default()),
    );
    if let (Some(before), Some(connected)) = (rss_before, rss_connected) {
        println!(
            "server memory: {:.1} MiB before, {:.1} MiB with {} clients ({:.1} KiB per client)",
            before as f64 / 1024.0,
            connected as f64 / 1024.0,
            args.clients,
            connected.saturating_sub(before) as f64 / args.clients as f64,
        );
    }
    Ok(())
}
