//! Realtime benchmark: connects many WebSocket clients to a running Serambi, posts
//! signed webhooks one after another, and measures the time from sending each webhook
//! to each client receiving its `inbox:new-message` event. Reports p50/p99 over every
//! (client, message) pair and the server's resident memory with the clients connected.
//!
//! Then, as a floor to compare with, the same number of clients connect to a bare
//! fan-out (this program started again with `--serve-bare`: a minimal tokio and axum
//! server that sends whatever is posted to it, as the same bytes, to every socket) and
//! the same measurement runs with envelopes of the same size. The ratio of the two is
//! what Serambi adds on top of writing to the sockets at all: storing the message, the
//! event and the wake-up, and deciding who may see it. See `scripts/bench.sh`.

use axum::{
    Router,
    extract::{
        State,
        ws::{Message as WsMessage, Utf8Bytes, WebSocketUpgrade},
    },
    routing::{get, post},
};
use clap::Parser;
use futures_util::{SinkExt, StreamExt};
use server::bench::{Target, ms, percentile, rss_kib, signed_webhook};
use std::{
    process::Stdio,
    sync::{
        Arc, OnceLock,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};
use tokio::sync::broadcast;
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
    /// Connect the clients to this server instead (another instance on the same
    /// PostgreSQL): the figure is then from a webhook on `--url` to the event on this
    /// one, through the database's notifications.
    #[arg(long)]
    listen_url: Option<String>,
    /// The server's process id, to read its memory from /proc.
    #[arg(long)]
    pid: Option<u32>,
    /// Skip the bare fan-out run.
    #[arg(long)]
    no_bare: bool,
    /// Run as the bare fan-out server on this loopback port (used by the benchmark
    /// itself).
    #[arg(long)]
    serve_bare: Option<u16>,
}

/// When each message (by its number) was posted, written once by the sender.
type Sent = Arc<Vec<OnceLock<Instant>>>;

/// What every message's text starts with in one run: `rt{run}-{i}.`, found in the
/// received bytes without parsing them (the clients share the machine with the server,
/// so what they spend per message is added to every later client's figure).
fn marker(run: u32) -> String {
    format!("rt{run:08x}-")
}

/// The message number in `text`, if it carries this run's `marker`.
fn message_number(text: &str, marker: &str) -> Option<usize> {
    let at = text.find(marker)? + marker.len();
    let rest = &text[at..];
    let end = rest.find('.')?;
    rest[..end].parse().ok()
}

/// The clients' latencies, as they arrive.
struct Clients {
    samples: tokio::sync::mpsc::UnboundedReceiver<Duration>,
    /// Length of the last envelope received, for the bare run's padding.
    envelope_len: Arc<AtomicUsize>,
}

/// Connects `n` clients to `ws_url` (with `cookie`), each timing the texts that carry
/// `marker` against `sent`; returns once every client has its first message (Serambi's
/// `hello`) or, with `hello` false, once every one is connected.
async fn connect(
    ws_url: &str,
    cookie: Option<&str>,
    n: usize,
    marker: &str,
    sent: &Sent,
    hello: bool,
) -> anyhow::Result<Clients> {
    let (samples_tx, samples) = tokio::sync::mpsc::unbounded_channel::<Duration>();
    let envelope_len = Arc::new(AtomicUsize::new(0));
    let mut ready = Vec::with_capacity(n);
    for _ in 0..n {
        let mut request = ws_url.into_client_request()?;
        if let Some(cookie) = cookie {
            request
                .headers_mut()
                .insert("Cookie", HeaderValue::from_str(cookie)?);
        }
        let (mut stream, _) = tokio_tungstenite::connect_async(request).await?;
        let (sent, samples, marker, len) = (
            sent.clone(),
            samples_tx.clone(),
            marker.to_owned(),
            envelope_len.clone(),
        );
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel::<()>();
        let mut ready_tx = Some(ready_tx);
        if !hello && let Some(r) = ready_tx.take() {
            let _ = r.send(());
        }
        tokio::spawn(async move {
            while let Some(Ok(message)) = stream.next().await {
                let Message::Text(text) = message else {
                    continue;
                };
                let now = Instant::now();
                if let Some(r) = ready_tx.take() {
                    let _ = r.send(());
                }
                let Some(i) = message_number(&text, &marker) else {
                    continue;
                };
                if let Some(posted) = sent.get(i).and_then(OnceLock::get) {
                    len.store(text.len(), Ordering::Relaxed);
                    let _ = samples.send(now - *posted);
                }
            }
        });
        ready.push(ready_rx);
    }
    for r in ready {
        r.await?;
    }
    Ok(Clients {
        samples,
        envelope_len,
    })
}

/// Collects up to `expected` latencies (waiting at most 30 s), sorted.
async fn collect(clients: &mut Clients, expected: usize) -> Vec<Duration> {
    let mut latencies = Vec::with_capacity(expected);
    let deadline = tokio::time::sleep(Duration::from_secs(30));
    tokio::pin!(deadline);
    while latencies.len() < expected {
        tokio::select! {
            sample = clients.samples.recv() => match sample {
                Some(d) => latencies.push(d),
                None => break,
            },
            () = &mut deadline => break,
        }
    }
    latencies.sort_unstable();
    latencies
}

fn report(label: &str, clients: usize, messages: usize, latencies: &[Duration]) -> Duration {
    let p99 = percentile(latencies, 0.99);
    println!(
        "{label}: {clients} clients x {messages} messages: {} of {} events received; \
         p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        clients * messages,
        ms(percentile(latencies, 0.50)),
        ms(percentile(latencies, 0.90)),
        ms(p99),
        ms(latencies.last().copied().unwrap_or_default()),
    );
    p99
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(port) = args.serve_bare {
        return serve_bare(port).await;
    }
    let http = reqwest::Client::new();
    let cookie = args.target.prepare(&http).await?;
    let rss_before = rss_kib(args.pid);

    let run = rand::random::<u32>();
    let mark = marker(run);
    let sent: Sent = Arc::new((0..args.messages).map(|_| OnceLock::new()).collect());
    let listen = args.listen_url.as_deref().unwrap_or(&args.target.url);
    let ws_url = format!("{}/ws", listen.replacen("http", "ws", 1));
    let mut clients = connect(&ws_url, Some(&cookie), args.clients, &mark, &sent, true).await?;
    // Let the server settle after the connection burst.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_connected = rss_kib(args.pid);

    let webhook = format!("{}/api/whatsapp/webhook", args.target.url);
    for (i, posted) in sent.iter().enumerate() {
        let (form, signature) = signed_webhook(
            &args.target.url,
            &args.target.token,
            &format!("SM{run:08x}{i:024x}"),
            &format!("+628138{:07}", i % 50),
            &format!("{mark}{i}. realtime"),
        );
        let _ = posted.set(Instant::now());
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
    let latencies = collect(&mut clients, args.clients * args.messages).await;
    let serambi = report("webhook -> event", args.clients, args.messages, &latencies);
    let envelope = clients.envelope_len.load(Ordering::Relaxed);
    drop(clients);
    if let (Some(before), Some(connected)) = (rss_before, rss_connected) {
        println!(
            "server memory: {:.1} MiB before, {:.1} MiB with {} clients ({:.1} KiB per client)",
            before as f64 / 1024.0,
            connected as f64 / 1024.0,
            args.clients,
            connected.saturating_sub(before) as f64 / args.clients as f64,
        );
    }
    if !args.no_bare {
        let bare = bare_run(&args, envelope, &http).await?;
        println!(
            "Serambi's p99 is {:.1}x the bare fan-out's ({:.1} ms / {:.1} ms)",
            ms(serambi) / ms(bare).max(0.001),
            ms(serambi),
            ms(bare),
        );
    }
    Ok(())
}

/// Runs the same measurement against a bare fan-out in a process of its own, with
/// envelopes of `envelope_len` bytes; returns its p99.
async fn bare_run(
    args: &Args,
    envelope_len: usize,
    http: &reqwest::Client,
) -> anyhow::Result<Duration> {
    let port = 3990;
    let child = std::process::Command::new(std::env::current_exe()?)
        .args(["--serve-bare", &port.to_string()])
        .stdout(Stdio::null())
        .spawn()?;
    // Stopped however this function ends.
    struct Stop(std::process::Child);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _child = Stop(child);
    let base = format!("http://127.0.0.1:{port}");
    let mut up = false;
    for _ in 0..100 {
        if http.get(format!("{base}/ws")).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::ensure!(up, "the bare fan-out did not start");
    let run = rand::random::<u32>();
    let mark = marker(run);
    let sent: Sent = Arc::new((0..args.messages).map(|_| OnceLock::new()).collect());
    let ws_url = format!("ws://127.0.0.1:{port}/ws");
    let mut clients = connect(&ws_url, None, args.clients, &mark, &sent, false).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    for (i, posted) in sent.iter().enumerate() {
        let mut envelope = format!(
            "{{\"type\":\"inbox:new-message\",\"seq\":{i},\"payload\":{{\"body\":\"{mark}{i}. "
        );
        let pad = envelope_len.saturating_sub(envelope.len() + 4);
        envelope.extend(std::iter::repeat_n('x', pad));
        envelope.push_str("\"}}");
        let _ = posted.set(Instant::now());
        let res = http
            .post(format!("{base}/send"))
            .body(envelope)
            .send()
            .await?;
        anyhow::ensure!(
            res.status().is_success(),
            "bare send: HTTP {}",
            res.status()
        );
        tokio::time::sleep(Duration::from_millis(args.gap_ms)).await;
    }
    let latencies = collect(&mut clients, args.clients * args.messages).await;
    Ok(report(
        "bare fan-out",
        args.clients,
        args.messages,
        &latencies,
    ))
}

/// The bare fan-out: `POST /send` hands its body to every socket on `GET /ws`.
async fn serve_bare(port: u16) -> anyhow::Result<()> {
    let (tx, _) = broadcast::channel::<Utf8Bytes>(1024);
    let app = Router::new()
        .route(
            "/send",
            post(
                |State(tx): State<broadcast::Sender<Utf8Bytes>>, body: String| async move {
                    let _ = tx.send(Utf8Bytes::from(body));
                },
            ),
        )
        .route(
            "/ws",
            get(
                |State(tx): State<broadcast::Sender<Utf8Bytes>>, ws: WebSocketUpgrade| async move {
                    ws.on_upgrade(move |socket| async move {
                        let (mut sink, _) = socket.split();
                        let mut rx = tx.subscribe();
                        while let Ok(text) = rx.recv().await {
                            if sink.send(WsMessage::Text(text)).await.is_err() {
                                break;
                            }
                        }
                    })
                },
            ),
        )
        .with_state(tx);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_found_by_its_marker() {
        let mark = marker(0xabc);
        let text = format!("{{\"body\":\"{mark}42. realtime\"}}");
        assert_eq!(message_number(&text, &mark), Some(42));
        assert_eq!(message_number(&text, &marker(0xabd)), None);
        assert_eq!(message_number("rt00000abc-x.", &mark), None);
    }
}
