//! The state every request handler and server function shares.

use crate::{
    auth::ssr::LoginThrottle, db::write_gate::WriteGate, error::AppError,
    messaging::ssr::filters::FilterCache, secret::Secret,
};
use axum::extract::FromRef;
use leptos::prelude::{LeptosOptions, use_context};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Handed to axum with `with_state` and to server functions as a Leptos context.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Where the site's files are and how pages are rendered.
    pub leptos_options: LeptosOptions,
    /// Settings fixed at start-up and process-wide helpers.
    pub runtime: Arc<Runtime>,
}

/// Settings fixed at start-up that request handling needs.
#[derive(Debug)]
pub struct Runtime {
    /// The URL the outside world reaches us at (signatures, links), no trailing `/`.
    pub public_base_url: String,
    /// Demo mode: simulator accounts and demo data.
    pub demo: bool,
    /// Failed-login bookkeeping per client address and email.
    pub login_throttle: LoginThrottle,
    /// `SERAMBI_TRUSTED_PROXIES`: whose `X-Forwarded-For` names the client.
    pub trusted_proxies: crate::auth::ssr::TrustedProxies,
    /// Serialises read-then-write transactions on SQLite.
    pub write_gate: WriteGate,
    /// The spam filter and auto-reply patterns, compiled once per change.
    pub filters: FilterCache,
    /// The queue inbound webhooks are stored through.
    pub intake: crate::messaging::ssr::Intake,
    /// Default Twilio credentials and API address.
    pub twilio: TwilioDefaults,
    /// The tokens webhooks may be signed with, checked before any query.
    pub signing_tokens: crate::messaging::ssr::credentials::SigningTokens,
    /// The auth token simulator accounts sign their webhooks with.
    pub simulator_token: Secret,
    /// The Twilio API client.
    pub twilio_client: crate::providers::twilio::TwilioClient,
    /// The simulated provider.
    pub simulator: crate::providers::simulator::Simulator,
    /// Wakes the outbox worker when a message is queued.
    pub outbox_wake: tokio::sync::Notify,
    /// Per-sender pacing of outgoing messages.
    pub pacer: crate::messaging::ssr::outbox::Pacer,
    /// HTTP client for media downloads.
    pub http: reqwest::Client,
    /// Uploads per agent, limited.
    pub upload_limit: crate::messaging::ssr::upload::UploadLimiter,
    /// Where media files live (`SERAMBI_MEDIA_DIR`).
    pub media_dir: std::path::PathBuf,
    /// This server's realtime fan-out (started with the server).
    pub hub: Option<Arc<crate::realtime::ssr::Hub>>,
    /// The time escalation goes by.
    pub clock: Clock,
    /// `CRON_SECRET`: the bearer token of `/api/cron/*`; unset refuses every call.
    pub cron_secret: Option<Secret>,
    /// Seals and opens accounts' Twilio auth tokens (`SERAMBI_SECRET_KEY`).
    pub vault: crate::accounts::vault::TokenVault,
}

/// The current time, shiftable: tests move it forward instead of sleeping.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: std::sync::atomic::AtomicI64,
}

impl Clock {
    /// Now, plus however far the clock was moved.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
            + chrono::Duration::milliseconds(
                self.offset_ms.load(std::sync::atomic::Ordering::Relaxed),
            )
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        self.offset_ms
            .fetch_add(by.num_milliseconds(), std::sync::atomic::Ordering::Relaxed);
    }
}

/// Twilio settings shared by every `twilio` account without its own credentials.
#[derive(Debug, Clone, Default)]
pub struct TwilioDefaults {
    /// `TWILIO_ACCOUNT_SID`.
    pub account_sid: Option<String>,
    /// `TWILIO_AUTH_TOKEN`.
    pub auth_token: Option<Secret>,
    /// `TWILIO_API_BASE_URL`.
    pub api_base_url: String,
}

impl Runtime {
    /// Builds the runtime settings for `public_base_url` on a database of `backend`.
    pub fn new(
        public_base_url: impl Into<String>,
        demo: bool,
        backend: sea_orm::DatabaseBackend,
    ) -> Self {
        Self {
            public_base_url: public_base_url.into().trim_end_matches('/').to_owned(),
            demo,
            login_throttle: LoginThrottle::default(),
            trusted_proxies: Default::default(),
            write_gate: WriteGate::for_backend(backend),
            filters: FilterCache::default(),
            intake: Default::default(),
            twilio: TwilioDefaults::default(),
            signing_tokens: Default::default(),
            simulator_token: Secret::default(),
            twilio_client: crate::providers::twilio::TwilioClient::new("https://api.twilio.com"),
            simulator: crate::providers::simulator::Simulator::new("", ""),
            outbox_wake: tokio::sync::Notify::new(),
            pacer: Default::default(),
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(60))
                .build()
                .unwrap_or_default(),
            upload_limit: Default::default(),
            media_dir: std::path::PathBuf::from("data/media"),
            hub: None,
            clock: Clock::default(),
            cron_secret: None,
            vault: Default::default(),
        }
    }

    /// Session cookies get `Secure` when we are served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_base_url.starts_with("https://")
    }
}

/// The state, from inside a server function.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState is not in the context"))
}

/// Runs a server function's body for the logged-in user: the state and the user are
/// looked up first (no session is `Unauthorized`), and an error sets the response's
/// HTTP status.
pub async fn as_user<T>(
    body: impl AsyncFnOnce(AppState, crate::auth::CurrentUser) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let result = async {
        let state = app_state()?;
        let user = current_user().await?;
        body(state, user).await
    }
    .await;
    crate::error::respond(result)
}

/// The logged-in user of the request a server function is answering.
pub async fn current_user() -> Result<crate::auth::CurrentUser, AppError> {
    let state = app_state()?;
    let headers: axum::http::HeaderMap =
        leptos_axum::extract().await.map_err(AppError::internal)?;
    crate::auth::ssr::user_from_headers(&state, &headers).await
}
