//! Shared test harness: a fresh database per test (SQLite file or PostgreSQL
//! database), the real router, and helpers to call it without a port.

pub mod fake_twilio;
pub mod ws;

use app::state::AppState;
use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::Value;
use server::config::Config;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The server under test with its own empty (migrated) database.
pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub config: Config,
    _db_guard: std::sync::Arc<DbGuard>,
}

/// Keeps a test's database alive; dropping it deletes the database.
pub enum DbGuard {
    /// The directory of the SQLite file, removed when dropped.
    Sqlite {
        _dir: tempfile::TempDir,
    },
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        if let DbGuard::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop is synchronous and may run inside a runtime: use a thread of its own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(rt) = rt {
                    rt.block_on(async {
                        if let Ok(admin) = Database::connect(&admin_url).await {
                            let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                            let _ = admin
                                .execute(Statement::from_string(admin.get_database_backend(), sql))
                                .await;
                            let _ = admin.close().await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

/// Notes a test that ran without PostgreSQL in the file `SERAMBI_SKIP_LOG` names, one
/// test per line: the test harness hides a passing test's output, so
/// `scripts/test.sh` counts the lines and says how many were skipped.
fn record_skip() {
    use std::io::Write;
    let Ok(path) = std::env::var("SERAMBI_SKIP_LOG") else {
        return;
    };
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(file, "{test}");
    }
}

fn postgres_admin_url() -> String {
    std::env::var("SERAMBI_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database URL for a fresh database, or `None` (said loudly) when PostgreSQL is not
/// reachable. With `SERAMBI_REQUIRE_POSTGRES=1` (CI) an unreachable server fails.
pub async fn fresh_database(backend: Backend) -> Option<(String, DbGuard)> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/serambi.db?mode=rwc", dir.path().display());
            Some((url, DbGuard::Sqlite { _dir: dir }))
        }
        Backend::Postgres => {
            let admin_url = postgres_admin_url();
            let admin = match Database::connect(&admin_url).await {
                Ok(db) => db,
                Err(e) => {
                    if std::env::var("SERAMBI_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                        panic!("PostgreSQL at {admin_url} is required but unreachable: {e}");
                    }
                    eprintln!(
                        "\n!!! SKIPPED on PostgreSQL: no server reachable at {admin_url} ({e}) !!!\n"
                    );
                    record_skip();
                    return None;
                }
            };
            let name = format!("serambi_test_{:016x}", rand::random::<u64>());
            admin
                .execute(Statement::from_string(
                    admin.get_database_backend(),
                    format!("CREATE DATABASE \"{name}\""),
                ))
                .await
                .expect("create test database");
            let _ = admin.close().await;
            let base = admin_url
                .rsplit_once('/')
                .map_or(admin_url.as_str(), |(b, _)| b);
            Some((
                format!("{base}/{name}"),
                DbGuard::Postgres {
                    admin_url: admin_url.clone(),
                    name,
                },
            ))
        }
    }
}

/// Every SQL statement an app sent, for tests that examine the queries themselves.
#[derive(Clone, Default)]
pub struct StatementLog(Arc<Mutex<Vec<Statement>>>);

impl StatementLog {
    fn push(&self, statement: &Statement) {
        if let Ok(mut log) = self.0.lock() {
            log.push(statement.clone());
        }
    }

    /// Forgets what was recorded so far.
    pub fn clear(&self) {
        if let Ok(mut log) = self.0.lock() {
            log.clear();
        }
    }

    /// What was recorded since the last `clear` or `take`.
    pub fn take(&self) -> Vec<Statement> {
        self.0
            .lock()
            .map(|mut log| std::mem::take(&mut *log))
            .unwrap_or_default()
    }
}

impl TestApp {
    /// A migrated, empty database and the router, with `vars` as the environment.
    pub async fn start(backend: Backend, vars: &[(&str, &str)]) -> Option<Self> {
        Self::start_with(backend, vars, None).await
    }

    /// The server started with exactly `vars` as its environment (no `DATABASE_URL`,
    /// so the configuration is what an operator who left it unset gets), then pointed
    /// at a fresh database instead of the default file.
    pub async fn configured_by(backend: Backend, vars: &[(&str, &str)]) -> Option<Self> {
        let mut config = Config::from_lookup(|name| {
            vars.iter()
                .rev()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
        .expect("valid test configuration");
        let (url, guard) = fresh_database(backend).await?;
        config.database_url = url;
        Some(Self::boot(config, guard, None).await)
    }

    /// Like [`TestApp::start`], recording every statement the app sends to its
    /// database (from the start of bootstrap on).
    pub async fn observed(backend: Backend, vars: &[(&str, &str)]) -> Option<(Self, StatementLog)> {
        let log = StatementLog::default();
        let app = Self::start_with(backend, vars, Some(log.clone())).await?;
        Some((app, log))
    }

    async fn start_with(
        backend: Backend,
        vars: &[(&str, &str)],
        log: Option<StatementLog>,
    ) -> Option<Self> {
        let (url, guard) = fresh_database(backend).await?;
        let mut env: Vec<(String, String)> = vec![("DATABASE_URL".into(), url)];
        env.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        let config = Config::from_lookup(|name| {
            env.iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
        .expect("valid test configuration");
        Some(Self::boot(config, guard, log).await)
    }

    /// Opens, migrates and bootstraps `config`'s database and builds the router.
    async fn boot(config: Config, guard: DbGuard, log: Option<StatementLog>) -> Self {
        let mut db = server::startup::open_database(&config)
            .await
            .expect("database opens");
        if let Some(log) = log {
            db.set_metric_callback(move |info| log.push(info.statement));
        }
        server::startup::bootstrap(&db, &config)
            .await
            .expect("bootstrap");
        let state = server::startup::app_state(&config, db)
            .await
            .expect("state");
        let router = server::router(state.clone());
        Self {
            state,
            router,
            config,
            _db_guard: std::sync::Arc::new(guard),
        }
    }

    /// Serves the router on a free loopback port (for WebSocket clients) and returns
    /// its address; the server stops with the test's runtime.
    pub async fn serve(&self) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a port");
        self.serve_on(listener)
    }

    /// Serves the router on `listener`, bound before the app started so that its
    /// address could be the app's `PUBLIC_BASE_URL` (the simulator posts its webhooks
    /// there).
    pub fn serve_on(&self, listener: tokio::net::TcpListener) -> std::net::SocketAddr {
        let addr = listener.local_addr().expect("local address");
        let service = self
            .router
            .clone()
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, service).await;
        });
        addr
    }

    /// The app in demo mode (demo accounts, agents and conversations).
    pub async fn demo(backend: Backend) -> Option<Self> {
        Self::start(backend, &[("SERAMBI_DEMO", "1")]).await
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// Sends a request through the router. A request that has no complete answer
    /// after two minutes fails the test (a hang would otherwise stall the whole run).
    pub async fn send(&self, req: Request<Body>) -> Response {
        let uri = req.uri().clone();
        let answer = async {
            let res = self
                .router
                .clone()
                .oneshot(req)
                .await
                .expect("infallible router");
            let (parts, body) = res.into_parts();
            (parts, body.collect().await.expect("body").to_bytes())
        };
        let (parts, bytes) = tokio::time::timeout(std::time::Duration::from_secs(120), answer)
            .await
            .unwrap_or_else(|_| panic!("{uri}: no complete answer in 2 minutes"));
        Response {
            status: parts.status,
            headers: parts.headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// A JSON request, with the session `cookie` if given.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
    ) -> Response {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .expect("request");
        self.send(req).await
    }

    /// A second server on the same database: its own connections, write gate, intake
    /// and workers' state, as another instance behind the same load balancer.
    pub async fn second_server(&self) -> TestApp {
        let db = server::startup::open_database(&self.config)
            .await
            .expect("second connection");
        let state = server::startup::app_state(&self.config, db)
            .await
            .expect("second state");
        TestApp {
            router: server::router(state.clone()),
            state,
            config: self.config.clone(),
            _db_guard: self._db_guard.clone(),
        }
    }

    /// Logs in through the API and returns the `Cookie` header value.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let res = self
            .call(
                Method::POST,
                "/api/auth/login",
                Some(serde_json::json!({ "email": email, "password": password })),
                None,
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::OK,
            "login of {email} failed: {}",
            res.body
        );
        res.session_cookie().expect("session cookie")
    }
}

/// A buffered response.
#[derive(Debug)]
pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Response {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The `serambi_session=…` pair of a `Set-Cookie` header.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("serambi_session="))
            .and_then(|v| v.split(';').next())
            .map(str::to_owned)
    }

    pub fn set_cookie(&self) -> String {
        self.headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }

    /// The `error.code` of a JSON error body.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// Runs each listed `async fn(Backend)` test on SQLite and on PostgreSQL.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn on_sqlite() {
                    super::$name($crate::helpers::Backend::Sqlite).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn on_postgres() {
                    super::$name($crate::helpers::Backend::Postgres).await;
                }
            }
        )*
    };
}

impl TestApp {
    /// The token simulator accounts sign with.
    pub fn simulator_token(&self) -> String {
        self.state.runtime.simulator_token.expose().to_owned()
    }

    /// POSTs `params` as a form to `path`, signed with `token` the way Twilio signs.
    pub async fn signed_post(&self, path: &str, params: &[(&str, &str)], token: &str) -> Response {
        let owned: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let url = format!("{}{}", self.state.runtime.public_base_url, path);
        let signature = app::providers::signature::compute(token, &url, &owned);
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", signature)
            .body(Body::from(
                serde_urlencoded::to_string(&owned).expect("form"),
            ))
            .expect("request");
        self.send(req).await
    }

    /// An inbound WhatsApp message from `from` to the account number `to`, signed with
    /// the simulator's token (the demo accounts are simulator accounts).
    pub async fn inbound(&self, sid: &str, from: &str, to: &str, body: &str) -> Response {
        let from = format!("whatsapp:+{from}");
        let to = format!("whatsapp:+{to}");
        let token = self.simulator_token();
        self.signed_post(
            "/api/whatsapp/webhook",
            &[
                ("MessageSid", sid),
                ("From", &from),
                ("To", &to),
                ("Body", body),
                ("NumMedia", "0"),
            ],
            &token,
        )
        .await
    }
}

/// Returns once at least `n` statements of `app`'s PostgreSQL database wait for a lock
/// (a test holds one, and the writers under test queue behind it); fails after 20 s.
pub async fn lock_waiters_reach(app: &TestApp, n: i64) {
    let waiting = "SELECT count(*) AS n FROM pg_stat_activity \
                   WHERE datname = current_database() AND wait_event_type = 'Lock'";
    tokio::time::timeout(std::time::Duration::from_secs(20), async {
        loop {
            let row = app
                .db()
                .query_one(Statement::from_string(
                    app.db().get_database_backend(),
                    waiting,
                ))
                .await
                .expect("pg_stat_activity")
                .expect("a row");
            if row.try_get::<i64>("", "n").expect("n") >= n {
                return;
            }
            tokio::task::yield_now().await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("{n} writer(s) never waited on a lock"));
}

/// A fresh 34-character Twilio-like message id.
pub fn sid() -> String {
    format!("SM{:032x}", rand::random::<u128>())
}

/// The business day `at` falls on, as the day's counters are kept (the working
/// hours' zone, not UTC's).
pub async fn business_day(app: &TestApp, at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    app::messaging::ssr::bookkeeping::business_zone(app.db())
        .await
        .expect("the business zone")
        .day_of(at)
}
