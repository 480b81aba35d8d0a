//! Fault drills: runs the real `serambi` binary, hurts it, and checks that nothing was
//! lost or doubled. See `scripts/faults.sh`, which runs each drill on SQLite and on
//! PostgreSQL (a short version in the test suite, the long one by hand).
//!
//! - `ingest`: a sender that retries like Twilio (on a timeout, a refused connection or
//!   a 5xx) posts signed webhooks while the server is killed with SIGKILL at random
//!   moments and restarted. Afterwards every `MessageSid` is stored exactly once, every
//!   new lead was assigned exactly once, and the counters equal the rows.
//! - `send`: replies are queued against a stand-in for Twilio that answers slowly and
//!   sometimes 429 or 500, while the server is killed and restarted. Afterwards no
//!   message reached the provider twice, and every message is sent, failed with a
//!   reason, or unknown (waiting for a person's resend): none is pending.
//! - `db-gone`: webhooks arrive while the database cannot be reached (PostgreSQL behind a
//!   proxy that is cut; SQLite locked by another process). They must be refused with a
//!   5xx so Twilio retries, `/readyz` must go red, and once the database is back
//!   everything recovers by itself with nothing lost.

use anyhow::{Context, bail, ensure};
use app::db::{accounts, assignment_events, connect, daily_analytics, messages, threads};
use app::domain::{Direction, MessageStatus};
use clap::{Parser, Subcommand};
use rand::Rng;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use server::bench::{BENCH_NUMBER, login, signed_webhook};
use std::{
    collections::HashMap,
    path::PathBuf,
    process::Stdio,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};
use tokio::{process::Child, sync::Semaphore};

/// The Twilio auth token the drills' server is configured with.
const TOKEN: &str = "drill-token";
/// The default Account SID (the benchmark account has no credentials of its own).
const ACCOUNT_SID: &str = "ACdrill00000000000000000000000000";

#[derive(Debug, Parser)]
struct Args {
    /// The `serambi` binary to run.
    #[arg(long)]
    server: PathBuf,
    /// Its database (`sqlite://…?mode=rwc` or `postgres://…`), empty or not.
    #[arg(long)]
    database_url: String,
    /// The port it listens on (loopback).
    #[arg(long, default_value_t = 3917)]
    port: u16,
    /// Where its log goes (appended, across restarts).
    #[arg(long, default_value = "fault-drill-server.log")]
    log: PathBuf,
    #[command(subcommand)]
    drill: Drill,
}

#[derive(Debug, Subcommand)]
enum Drill {
    /// SIGKILL during ingest.
    Ingest {
        /// Webhooks to deliver.
        #[arg(short = 'n', long, default_value_t = 10_000)]
        messages: usize,
        /// Requests in flight at once.
        #[arg(short = 'c', long, default_value_t = 32)]
        concurrency: usize,
        /// Times the server is killed.
        #[arg(long, default_value_t = 3)]
        kills: usize,
        /// Distinct customers (the first message of each is a new lead).
        #[arg(long, default_value_t = 1_000)]
        customers: usize,
    },
    /// The database out of reach for a while under load.
    DbGone {
        /// Webhooks to deliver.
        #[arg(short = 'n', long, default_value_t = 3_000)]
        messages: usize,
        /// Requests in flight at once.
        #[arg(short = 'c', long, default_value_t = 16)]
        concurrency: usize,
        /// How long the database is gone, in seconds.
        #[arg(long, default_value_t = 20)]
        outage: u64,
    },
    /// SIGKILL while the outbox sends to a slow, flaky provider.
    Send {
        /// Replies to queue.
        #[arg(short = 'n', long, default_value_t = 500)]
        messages: usize,
        /// Times the server is killed.
        #[arg(long, default_value_t = 2)]
        kills: usize,
    },
}

/// The server under test, restartable.
struct Server {
    args: Vec<(String, String)>,
    binary: PathBuf,
    log: PathBuf,
    url: String,
    child: Option<Child>,
    starts: usize,
}

impl Server {
    fn new(args: &Args, extra: &[(&str, &str)]) -> Self {
        let url = format!("http://127.0.0.1:{}", args.port);
        let mut env: Vec<(String, String)> = [
            ("DATABASE_URL", args.database_url.as_str()),
            ("LEPTOS_SITE_ADDR", &format!("127.0.0.1:{}", args.port)),
            ("PUBLIC_BASE_URL", url.as_str()),
            ("SERAMBI_DEMO", "1"),
            ("TWILIO_AUTH_TOKEN", TOKEN),
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
            ("RUST_LOG", "warn"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        env.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        Self {
            args: env,
            binary: args.server.clone(),
            log: args.log.clone(),
            url,
            child: None,
            starts: 0,
        }
    }

    /// Starts the server and waits until `/readyz` answers 200.
    async fn start(&mut self, http: &reqwest::Client) -> anyhow::Result<()> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .with_context(|| format!("opening {}", self.log.display()))?;
        let child = tokio::process::Command::new(&self.binary)
            .envs(self.args.iter().map(|(k, v)| (k, v)))
            .stdout(log.try_clone()?)
            .stderr(log)
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", self.binary.display()))?;
        self.child = Some(child);
        self.starts += 1;
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(res) = http.get(format!("{}/readyz", self.url)).send().await
                && res.status().is_success()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!(
            "the server did not become ready within 60 s (see {})",
            self.log.display()
        )
    }

    /// SIGKILL: no shutdown, no flushing, nothing finished.
    async fn kill(&mut self) -> anyhow::Result<()> {
        if let Some(mut child) = self.child.take() {
            child.start_kill()?;
            child.wait().await?;
        }
        Ok(())
    }

    /// A clean stop (SIGTERM), for the end of a drill.
    async fn stop(&mut self) -> anyhow::Result<()> {
        if let Some(mut child) = self.child.take() {
            if let Some(pid) = child.id() {
                let _ = std::process::Command::new("kill")
                    .arg(pid.to_string())
                    .status();
            }
            let _ = tokio::time::timeout(Duration::from_secs(20), child.wait()).await;
            let _ = child.start_kill();
        }
        Ok(())
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;
    match args.drill {
        Drill::Ingest {
            messages,
            concurrency,
            kills,
            customers,
        } => ingest(&args, &http, messages, concurrency, kills, customers).await,
        Drill::Send { messages, kills } => send(&args, &http, messages, kills).await,
        Drill::DbGone {
            messages,
            concurrency,
            outage,
        } => db_gone(&args, &http, messages, concurrency, outage).await,
    }
}

/// Makes sure the drills' Twilio account exists; returns an admin cookie.
async fn prepare(http: &reqwest::Client, url: &str) -> anyhow::Result<String> {
    let cookie = login(http, url, "admin@serambi.test", "serambi-admin").await?;
    server::bench::ensure_bench_account(http, url, &cookie).await?;
    Ok(cookie)
}

/// `n` moments (counts of finished work) in the middle 80 % of `total`, in order.
fn kill_points(total: usize, n: usize) -> Vec<usize> {
    let mut rng = rand::thread_rng();
    let mut points: Vec<usize> = (0..n)
        .map(|_| rng.gen_range(total / 10..=total * 9 / 10))
        .collect();
    points.sort_unstable();
    points
}

/// Most attempts at one webhook: a server that keeps failing it is stuck, and the
/// drill fails rather than retrying forever.
const MAX_DELIVERY_ATTEMPTS: usize = 600;
/// Longest time one webhook may take to be answered 200, retries included.
const DELIVERY_DEADLINE: Duration = Duration::from_secs(240);
/// What `deliver` returns for a webhook refused with a 4xx (Twilio would not retry).
const REFUSED: usize = usize::MAX;
/// What `deliver` returns for a webhook never answered 200 within its attempts and
/// deadline.
const GAVE_UP: usize = usize::MAX - 1;

/// Posts one signed webhook until the server answers 200, as Twilio retries; returns
/// the attempts it took, [`REFUSED`] for a 4xx, or [`GAVE_UP`] when neither
/// [`MAX_DELIVERY_ATTEMPTS`] nor [`DELIVERY_DEADLINE`] was enough.
async fn deliver(http: &reqwest::Client, url: &str, body: &str, signature: &str) -> usize {
    let started = Instant::now();
    let mut attempts = 0;
    loop {
        if attempts >= MAX_DELIVERY_ATTEMPTS || started.elapsed() > DELIVERY_DEADLINE {
            eprintln!(
                "webhook not answered 200 after {attempts} attempts in {:.0?}",
                started.elapsed()
            );
            return GAVE_UP;
        }
        attempts += 1;
        let res = http
            .post(format!("{url}/api/whatsapp/webhook"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-twilio-signature", signature)
            .body(body.to_owned())
            .send()
            .await;
        match res {
            Ok(r) if r.status().is_success() => return attempts,
            Ok(r) if r.status().is_client_error() => {
                // Twilio does not retry a 4xx: it would be a lost message.
                eprintln!("webhook refused with {}: {:?}", r.status(), r.text().await);
                return REFUSED;
            }
            _ => {
                let pause = rand::thread_rng().gen_range(50..400);
                tokio::time::sleep(Duration::from_millis(pause)).await;
            }
        }
    }
}

async fn ingest(
    args: &Args,
    http: &reqwest::Client,
    total: usize,
    concurrency: usize,
    kills: usize,
    customers: usize,
) -> anyhow::Result<()> {
    let mut server = Server::new(args, &[]);
    server.start(http).await?;
    prepare(http, &server.url).await?;
    let (done, sender) = start_sender(http, &server.url, total, concurrency, customers);
    let started = Instant::now();
    for point in kill_points(total, kills) {
        while done.load(Ordering::Relaxed) < point {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.kill().await?;
        println!("killed at {point} of {total} delivered");
        server.start(http).await?;
    }
    let report = sender.await?;
    let elapsed = started.elapsed();
    server.stop().await?;
    println!(
        "delivered {total} webhooks in {:.1} s through {kills} kills; {} needed a retry",
        elapsed.as_secs_f64(),
        report.retried
    );
    report.check()?;
    check_ingest(&args.database_url, total, customers.min(total)).await
}

/// How the sender fared.
struct SendReport {
    /// Webhooks that needed more than one attempt.
    retried: usize,
    /// Webhooks refused with a 4xx (Twilio would not retry: lost).
    lost: usize,
    /// Webhooks never answered 200 within their attempts and deadline: the server
    /// was stuck.
    gave_up: usize,
}

impl SendReport {
    /// Every webhook was answered 200 in the end.
    fn check(&self) -> anyhow::Result<()> {
        ensure!(
            self.lost == 0,
            "{} webhooks were refused with a 4xx",
            self.lost
        );
        ensure!(
            self.gave_up == 0,
            "{} webhooks were never answered 200 (the server is stuck)",
            self.gave_up
        );
        Ok(())
    }
}

/// Starts posting `total` webhooks from `customers` customers, `concurrency` at a time,
/// each retried until it is answered 200; returns the count of finished ones and the
/// task's report.
fn start_sender(
    http: &reqwest::Client,
    url: &str,
    total: usize,
    concurrency: usize,
    customers: usize,
) -> (Arc<AtomicUsize>, tokio::task::JoinHandle<SendReport>) {
    let url = url.to_owned();
    let run: u64 = rand::random();
    let done = Arc::new(AtomicUsize::new(0));
    let retried = Arc::new(AtomicUsize::new(0));
    let lost = Arc::new(AtomicUsize::new(0));
    let gave_up = Arc::new(AtomicUsize::new(0));
    let permits = Arc::new(Semaphore::new(concurrency));
    let http = http.clone();
    let counter = done.clone();
    let sender = tokio::spawn(async move {
        let mut tasks = Vec::with_capacity(total);
        for i in 0..total {
            let Ok(permit) = permits.clone().acquire_owned().await else {
                break;
            };
            let (body, signature) = signed_webhook(
                &url,
                TOKEN,
                &format!("SM{run:016x}{i:016x}"),
                &format!("+628139{:07}", i % customers),
                &format!("Pesan drill {i}"),
            );
            let (http, url, done, retried, lost, gave_up) = (
                http.clone(),
                url.clone(),
                counter.clone(),
                retried.clone(),
                lost.clone(),
                gave_up.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let attempts = deliver(&http, &url, &body, &signature).await;
                if attempts == REFUSED {
                    lost.fetch_add(1, Ordering::Relaxed);
                } else if attempts == GAVE_UP {
                    gave_up.fetch_add(1, Ordering::Relaxed);
                } else if attempts > 1 {
                    retried.fetch_add(1, Ordering::Relaxed);
                }
                done.fetch_add(1, Ordering::Relaxed);
                drop(permit);
            }));
        }
        for t in tasks {
            let _ = t.await;
        }
        SendReport {
            retried: retried.load(Ordering::Relaxed),
            lost: lost.load(Ordering::Relaxed),
            gave_up: gave_up.load(Ordering::Relaxed),
        }
    });
    (done, sender)
}

/// Another process (the `sqlite3` shell) holding the write lock of the SQLite file at
/// `database_url`, as a backup or a stuck tool would; it lets go when told `ROLLBACK`.
async fn sqlite_lock(database_url: &str) -> anyhow::Result<Child> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    let path = database_url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let mut holder = tokio::process::Command::new("sqlite3")
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .context("starting the sqlite3 shell (Debian's sqlite3 package)")?;
    let stdin = holder.stdin.as_mut().context("sqlite3's input")?;
    stdin
        .write_all(b".timeout 30000\nBEGIN IMMEDIATE;\nSELECT 'locked';\n")
        .await?;
    let stdout = holder.stdout.take().context("sqlite3's output")?;
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let said = lines.next_line().await?;
    ensure!(
        said.as_deref() == Some("locked"),
        "sqlite3 did not take the lock: {said:?}"
    );
    Ok(holder)
}

/// A TCP relay to PostgreSQL that can be cut: every relayed connection is dropped and
/// new ones are refused until it is restored.
struct Relay {
    port: u16,
    cut: tokio::sync::watch::Sender<bool>,
}

impl Relay {
    async fn start(target: std::net::SocketAddr) -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let (cut, watch) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if *watch.borrow() {
                    drop(inbound); // refused while cut
                    continue;
                }
                let mut watch = watch.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = watch.wait_for(|cut| *cut) => {} // dropping both ends cuts it
                    }
                });
            }
        });
        Ok(Self { port, cut })
    }

    fn set_cut(&self, cut: bool) {
        let _ = self.cut.send(cut);
    }
}

async fn db_gone(
    args: &Args,
    http: &reqwest::Client,
    total: usize,
    concurrency: usize,
    outage: u64,
) -> anyhow::Result<()> {
    let postgres = args.database_url.starts_with("postgres");
    // PostgreSQL: the server reaches it through a relay that is cut. SQLite: another
    // process holds the write lock (a backup, a stuck tool), so writes cannot happen.
    let (relay, server_url) = if postgres {
        let mut url = reqwest::Url::parse(&args.database_url)?;
        let host = url.host_str().unwrap_or("127.0.0.1").to_owned();
        let target = tokio::net::lookup_host((host.as_str(), url.port().unwrap_or(5432)))
            .await?
            .next()
            .context("the database host has no address")?;
        let relay = Relay::start(target).await?;
        url.set_host(Some("127.0.0.1"))?;
        url.set_port(Some(relay.port))
            .map_err(|()| anyhow::anyhow!("cannot set the relay's port"))?;
        (Some(relay), url.to_string())
    } else {
        (None, args.database_url.clone())
    };
    let mut server = Server::new(args, &[]);
    server.args.retain(|(k, _)| k != "DATABASE_URL");
    server.args.push(("DATABASE_URL".into(), server_url));
    server.start(http).await?;
    prepare(http, &server.url).await?;
    let customers = 500;
    let (done, sender) = start_sender(http, &server.url, total, concurrency, customers);
    while done.load(Ordering::Relaxed) < total / 3 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let at_cut = done.load(Ordering::Relaxed);
    // Readiness is asked with a patient client: the pool tries for 10 s first.
    let patient = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let ready = async || {
        patient
            .get(format!("{}/readyz", server.url))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    };
    let lock = if let Some(relay) = &relay {
        relay.set_cut(true);
        None
    } else {
        Some(sqlite_lock(&args.database_url).await?)
    };
    println!("database gone at {at_cut} of {total} delivered, for {outage} s");
    let cut_at = Instant::now();
    let mut red = Vec::new();
    // What the sender finished while the database was gone, counted from a moment
    // after the cut: answers already on their way when it came were stored before it.
    let mut answered_while_gone = None;
    while cut_at.elapsed() < Duration::from_secs(outage) {
        red.push(ready().await);
        if answered_while_gone.is_none() && cut_at.elapsed() > Duration::from_secs(2) {
            answered_while_gone = Some(done.load(Ordering::Relaxed));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let during = done.load(Ordering::Relaxed) - at_cut;
    let after_settling =
        done.load(Ordering::Relaxed) - answered_while_gone.unwrap_or(done.load(Ordering::Relaxed));
    if let Some(relay) = &relay {
        relay.set_cut(false);
    }
    if let Some(mut holder) = lock {
        use tokio::io::AsyncWriteExt;
        if let Some(stdin) = holder.stdin.as_mut() {
            stdin.write_all(b"ROLLBACK;\n.quit\n").await?;
        }
        holder.wait().await?;
    }
    let back_at = Instant::now();
    let mut green_after = None;
    while back_at.elapsed() < Duration::from_secs(60) {
        if ready().await == 200 {
            green_after = Some(back_at.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let report = sender.await?;
    let finished = back_at.elapsed();
    server.stop().await?;
    println!(
        "while the database was gone: {during} webhooks answered 200 (each stored, or waiting \
         for the lock), /readyz answered {:?}; ready again {:.1} s after it came back; the \
         rest delivered {:.1} s after; {} webhooks needed a retry",
        red,
        green_after.map_or(f64::NAN, |d| d.as_secs_f64()),
        finished.as_secs_f64(),
        report.retried
    );
    report.check()?;
    ensure!(
        green_after.is_some(),
        "/readyz did not recover within 60 s of the database's return"
    );
    if postgres {
        // The relay is cut: nothing can be stored, so nothing may be answered 200
        // (an answer is a promise that the message is kept), and readiness says so at
        // every sample.
        ensure!(
            after_settling == 0,
            "{after_settling} webhooks were answered 200 while PostgreSQL was unreachable"
        );
        ensure!(
            !red.is_empty() && red.iter().all(|s| *s == 503),
            "/readyz did not answer 503 at every sample while the database was gone: {red:?}"
        );
    }
    check_ingest(&args.database_url, total, customers.min(total)).await
}

/// The drill account's id.
async fn bench_account(db: &DatabaseConnection) -> anyhow::Result<String> {
    Ok(accounts::Entity::find()
        .filter(accounts::Column::PhoneNumber.eq(BENCH_NUMBER.trim_start_matches('+')))
        .one(db)
        .await?
        .context("the drill account is missing")?
        .id)
}

async fn check_ingest(database_url: &str, total: usize, customers: usize) -> anyhow::Result<()> {
    let db = connect::connect(database_url).await?;
    let account = bench_account(&db).await?;
    let stored = messages::Entity::find()
        .filter(messages::Column::AccountId.eq(account.as_str()))
        .filter(messages::Column::Direction.eq(Direction::Inbound))
        .count(&db)
        .await?;
    let distinct: Vec<Option<String>> = messages::Entity::find()
        .select_only()
        .column(messages::Column::ProviderMessageId)
        .filter(messages::Column::AccountId.eq(account.as_str()))
        .filter(messages::Column::Direction.eq(Direction::Inbound))
        .distinct()
        .into_tuple()
        .all(&db)
        .await?;
    let chats = threads::Entity::find()
        .filter(threads::Column::AccountId.eq(account.as_str()))
        .all(&db)
        .await?;
    let ids: Vec<String> = chats.iter().map(|t| t.id.clone()).collect();
    let mut first_assignments: HashMap<String, usize> = HashMap::new();
    for chunk in ids.chunks(500) {
        for e in assignment_events::Entity::find()
            .filter(assignment_events::Column::ThreadId.is_in(chunk.iter().cloned()))
            .filter(assignment_events::Column::FromAgentId.is_null())
            .all(&db)
            .await?
        {
            *first_assignments.entry(e.thread_id).or_default() += 1;
        }
    }
    let unowned = chats.iter().filter(|t| t.owner_id.is_none()).count();
    let twice = first_assignments.values().filter(|n| **n > 1).count();
    let never = ids
        .iter()
        .filter(|id| !first_assignments.contains_key(*id))
        .count();
    let unread: i64 = chats.iter().map(|t| i64::from(t.unread_count)).sum();
    let unread_rows = messages::Entity::find()
        .filter(messages::Column::AccountId.eq(account.as_str()))
        .filter(messages::Column::Direction.eq(Direction::Inbound))
        .filter(messages::Column::ReadAt.is_null())
        .count(&db)
        .await?;
    let days = daily_analytics::Entity::find()
        .filter(daily_analytics::Column::AccountId.eq(account.as_str()))
        .all(&db)
        .await?;
    let received: i64 = days.iter().map(|d| i64::from(d.received_count)).sum();
    let new_leads: i64 = days.iter().map(|d| i64::from(d.new_lead_count)).sum();
    println!(
        "stored {stored} (distinct sids {}), chats {}, leads assigned twice {twice}, never {never}, \
         unowned {unowned}; unread counter {unread} vs rows {unread_rows}; received counter \
         {received}, new-lead counter {new_leads}",
        distinct.len(),
        chats.len()
    );
    let mut problems = Vec::new();
    if stored != total as u64 || distinct.len() != total {
        problems.push(format!(
            "{total} webhooks delivered, {stored} stored ({} distinct)",
            distinct.len()
        ));
    }
    if chats.len() != customers {
        problems.push(format!("{customers} customers, {} chats", chats.len()));
    }
    if twice + never + unowned > 0 {
        problems.push(format!(
            "leads: {twice} assigned twice, {never} without an assignment, {unowned} unowned"
        ));
    }
    if unread != unread_rows as i64 {
        problems.push(format!(
            "unread counters {unread}, unread rows {unread_rows}"
        ));
    }
    if received != total as i64 || new_leads != customers as i64 {
        problems.push(format!(
            "daily counters: received {received} of {total}, new leads {new_leads} of {customers}"
        ));
    }
    ensure!(
        problems.is_empty(),
        "ingest drill failed: {}",
        problems.join("; ")
    );
    println!("ingest drill passed: nothing lost, nothing doubled");
    Ok(())
}

/// What the stand-in for Twilio received.
#[derive(Default)]
struct Provider {
    /// Every body accepted (201), in order.
    accepted: Mutex<Vec<String>>,
    /// Requests answered 429 or 500.
    refused: AtomicUsize,
    /// Set when the provider should answer quickly and always accept (the drain).
    calm: AtomicBool,
}

/// Starts the flaky provider on a free port; returns its base URL.
async fn flaky_twilio(provider: Arc<Provider>) -> anyhow::Result<String> {
    use axum::{Form, Json, Router, extract::State, http::StatusCode, routing::post};
    async fn create(
        State(p): State<Arc<Provider>>,
        Form(form): Form<HashMap<String, String>>,
    ) -> (StatusCode, Json<serde_json::Value>) {
        let (delay, roll) = {
            let mut rng = rand::thread_rng();
            // Mostly quick, one answer in twenty slow.
            let slow = rng.gen_range(0..20u32) == 0;
            let delay = if slow { 1_500 } else { rng.gen_range(0..40u64) };
            (delay, rng.gen_range(0..100u32))
        };
        if !p.calm.load(Ordering::Relaxed) {
            tokio::time::sleep(Duration::from_millis(delay)).await;
            if roll < 10 {
                p.refused.fetch_add(1, Ordering::Relaxed);
                return (
                    StatusCode::TOO_MANY_REQUESTS,
                    Json(serde_json::json!({ "code": 20429, "message": "Too Many Requests" })),
                );
            }
            if roll < 20 {
                p.refused.fetch_add(1, Ordering::Relaxed);
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(serde_json::json!({ "code": 20500, "message": "Internal Server Error" })),
                );
            }
        }
        let body = form.get("Body").cloned().unwrap_or_default();
        if let Ok(mut accepted) = p.accepted.lock() {
            accepted.push(body);
        }
        let sid = format!("SM{:032x}", rand::random::<u128>());
        (
            StatusCode::CREATED,
            Json(serde_json::json!({ "sid": sid, "status": "queued" })),
        )
    }
    let app = Router::new()
        .route("/2010-04-01/Accounts/{sid}/Messages.json", post(create))
        .with_state(provider);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(format!("http://{addr}"))
}

async fn send(
    args: &Args,
    http: &reqwest::Client,
    total: usize,
    kills: usize,
) -> anyhow::Result<()> {
    let provider = Arc::new(Provider::default());
    let twilio = flaky_twilio(provider.clone()).await?;
    let mut server = Server::new(args, &[("TWILIO_API_BASE_URL", twilio.as_str())]);
    server.start(http).await?;
    let admin = prepare(http, &server.url).await?;
    let run: u32 = rand::random();
    // Customers write first (the 24-hour window opens, the chats exist).
    let chats: Vec<String> = (0..total)
        .map(|i| format!("+62813{:03}{i:05}", run % 1000))
        .collect();
    for (i, customer) in chats.iter().enumerate() {
        let (body, signature) = signed_webhook(
            &server.url,
            TOKEN,
            &format!("SM{run:08x}{i:024x}"),
            customer,
            "Halo, mau tanya",
        );
        ensure!(
            deliver(http, &server.url, &body, &signature).await == 1,
            "the customer's first message was not stored"
        );
    }
    let db = connect::connect(&args.database_url).await?;
    let account = bench_account(&db).await?;
    // Queue every reply, as the admin (who may answer any chat).
    let queue_started = Instant::now();
    let mut bodies = Vec::with_capacity(total);
    for customer in &chats {
        let thread = format!("{account}:{}", customer.trim_start_matches('+'));
        let body = format!("Balasan drill {run:08x} untuk {customer}");
        let res = http
            .post(format!("{}/api/inbox/chats/{thread}/reply", server.url))
            .header("cookie", &admin)
            .json(&serde_json::json!({ "body": body }))
            .send()
            .await?;
        ensure!(
            res.status().as_u16() == 202,
            "queueing a reply failed: {} {}",
            res.status(),
            res.text().await.unwrap_or_default()
        );
        bodies.push(body);
    }
    println!(
        "queued {total} replies in {:.1} s",
        queue_started.elapsed().as_secs_f64()
    );
    for point in kill_points(total, kills) {
        loop {
            let accepted = provider.accepted.lock().map(|a| a.len()).unwrap_or(0);
            if accepted >= point {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.kill().await?;
        println!("killed with {point} of {total} accepted by the provider");
        server.start(http).await?;
    }
    // The outbox retries 429s and 500s with backoff: give it time, then a calm provider.
    let deadline = Instant::now() + Duration::from_secs(180);
    let outbound = || {
        messages::Entity::find()
            .filter(messages::Column::AccountId.eq(account.as_str()))
            .filter(messages::Column::Direction.eq(Direction::Outbound))
    };
    let failed_now = async || {
        outbound()
            .filter(messages::Column::Status.eq(MessageStatus::Failed))
            .count(&db)
            .await
    };
    let mut failed_when_calm = None;
    let pending = loop {
        let pending = outbound()
            .filter(messages::Column::Status.eq(MessageStatus::Pending))
            .count(&db)
            .await?;
        if pending == 0 || Instant::now() > deadline {
            break pending;
        }
        if failed_when_calm.is_none() && Instant::now() + Duration::from_secs(120) > deadline {
            failed_when_calm = Some(failed_now().await?);
            provider.calm.store(true, Ordering::Relaxed);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    server.stop().await?;
    // Never calmed (everything left before): every failure happened while it was flaky.
    let failed_when_calm = match failed_when_calm {
        Some(n) => n,
        None => failed_now().await?,
    };
    check_send(
        &db,
        &account,
        &provider,
        &bodies,
        Outcome {
            pending,
            kills,
            failed_when_calm,
        },
    )
    .await
}

/// What the send drill's end is judged against.
struct Outcome {
    /// Replies still pending at the end.
    pending: u64,
    /// How often the server was killed.
    kills: usize,
    /// Replies marked failed when the provider turned calm.
    failed_when_calm: u64,
}

/// Messages the outbox has with the provider at once: it hands them over one at a
/// time, so a kill leaves at most this many in doubt.
const IN_FLIGHT: usize = 1;

async fn check_send(
    db: &DatabaseConnection,
    account: &str,
    provider: &Provider,
    bodies: &[String],
    outcome: Outcome,
) -> anyhow::Result<()> {
    let Outcome {
        pending,
        kills,
        failed_when_calm,
    } = outcome;
    let accepted = provider
        .accepted
        .lock()
        .map(|a| a.clone())
        .unwrap_or_default();
    let mut times: HashMap<&str, usize> = HashMap::new();
    for body in &accepted {
        *times.entry(body.as_str()).or_default() += 1;
    }
    let doubled = times.values().filter(|n| **n > 1).count();
    let rows = messages::Entity::find()
        .filter(messages::Column::AccountId.eq(account))
        .filter(messages::Column::Direction.eq(Direction::Outbound))
        .all(db)
        .await?;
    let mut by_status: HashMap<MessageStatus, usize> = HashMap::new();
    let mut silent_failures = 0;
    let mut sent_but_not_received = 0;
    let mut failed_but_accepted = 0;
    for row in &rows {
        *by_status.entry(row.status).or_default() += 1;
        if row.status == MessageStatus::Failed
            && row.error_message.is_none()
            && row.error_code.is_none()
        {
            silent_failures += 1;
        }
        if row.status == MessageStatus::Failed && times.contains_key(row.body.as_str()) {
            failed_but_accepted += 1;
        }
        if row.status.accepted_by_provider() && !times.contains_key(row.body.as_str()) {
            sent_but_not_received += 1;
        }
    }
    println!(
        "provider accepted {} (refused {} with 429/500), doubled {doubled}; rows by status {:?}",
        accepted.len(),
        provider.refused.load(Ordering::Relaxed),
        by_status
    );
    let mut problems = Vec::new();
    if rows.len() != bodies.len() {
        problems.push(format!(
            "{} replies queued, {} rows",
            bodies.len(),
            rows.len()
        ));
    }
    if doubled > 0 {
        problems.push(format!("{doubled} messages reached the provider twice"));
    }
    if pending > 0 {
        problems.push(format!("{pending} messages still pending"));
    }
    if silent_failures > 0 {
        problems.push(format!("{silent_failures} failed without a reason"));
    }
    if sent_but_not_received > 0 {
        problems.push(format!(
            "{sent_but_not_received} marked sent that the provider never accepted"
        ));
    }
    if failed_but_accepted > 0 {
        problems.push(format!(
            "{failed_but_accepted} marked failed that the provider accepted"
        ));
    }
    // Only a kill mid-handover leaves a message in doubt: one per kill at most.
    let unknown = by_status.get(&MessageStatus::Unknown).copied().unwrap_or(0);
    if unknown > kills * IN_FLIGHT {
        problems.push(format!(
            "{unknown} messages in doubt after {kills} kills (at most {} expected)",
            kills * IN_FLIGHT
        ));
    }
    let failed = by_status.get(&MessageStatus::Failed).copied().unwrap_or(0) as u64;
    if failed > failed_when_calm {
        problems.push(format!(
            "{} messages failed after the provider was calm",
            failed - failed_when_calm
        ));
    }
    ensure!(
        problems.is_empty(),
        "send drill failed: {}",
        problems.join("; ")
    );
    println!(
        "send drill passed: nothing sent twice, nothing pending, {unknown} in doubt after \
         {kills} kills, {failed} failed while the provider refused (none after)"
    );
    Ok(())
}
