//! Helpers shared by the load tools in `src/bin/` (`scripts/bench.sh`): logging in,
//! creating the benchmark's Twilio account, signing webhooks and status callbacks,
//! percentiles, and a grown database ([`grow`]).

pub mod grow;

use std::time::Duration;

/// Where the server under test is and how to log in to it.
#[derive(Debug, clap::Args)]
pub struct Target {
    /// The server's public base URL (what it signs against).
    #[arg(long, default_value = "http://127.0.0.1:3000")]
    pub url: String,
    /// The server's `TWILIO_AUTH_TOKEN`.
    #[arg(long, default_value = "bench-token")]
    pub token: String,
    /// Admin login used to create the benchmark's Twilio account.
    #[arg(long, default_value = "admin@serambi.test")]
    pub admin_email: String,
    /// Admin password.
    #[arg(long, default_value = "serambi-admin")]
    pub admin_password: String,
}

impl Target {
    /// Logs in as the admin, makes sure the benchmark account exists, and returns the
    /// admin's `Cookie` header value.
    pub async fn prepare(&self, http: &reqwest::Client) -> anyhow::Result<String> {
        let cookie = login(http, &self.url, &self.admin_email, &self.admin_password).await?;
        ensure_bench_account(http, &self.url, &cookie).await?;
        Ok(cookie)
    }
}

/// The benchmark account's WhatsApp number.
pub const BENCH_NUMBER: &str = "+6281266660000";

/// Logs in at `url` and returns the `Cookie` header value.
pub async fn login(
    http: &reqwest::Client,
    url: &str,
    email: &str,
    password: &str,
) -> anyhow::Result<String> {
    let login = http
        .post(format!("{url}/api/auth/login"))
        .json(&serde_json::json!({ "email": email, "password": password }))
        .send()
        .await?;
    anyhow::ensure!(
        login.status().is_success(),
        "login of {email} failed: HTTP {}",
        login.status()
    );
    Ok(login
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .ok_or_else(|| anyhow::anyhow!("no session cookie"))?
        .to_owned())
}

/// Creates the Twilio account [`BENCH_NUMBER`] (kept if it exists), whose webhooks are
/// signed with the server's `TWILIO_AUTH_TOKEN`.
pub async fn ensure_bench_account(
    http: &reqwest::Client,
    url: &str,
    admin_cookie: &str,
) -> anyhow::Result<()> {
    let created = http
        .post(format!("{url}/api/whatsapp/sessions"))
        .header("cookie", admin_cookie)
        .json(&serde_json::json!({ "name": "Bench", "phoneNumber": BENCH_NUMBER, "provider": "twilio" }))
        .send()
        .await?;
    anyhow::ensure!(
        created.status().is_success() || created.status().as_u16() == 409,
        "creating the benchmark account failed: HTTP {}",
        created.status()
    );
    Ok(())
}

/// The form body and `X-Twilio-Signature` of an inbound message from `customer`
/// (`+62…`) to the benchmark account.
pub fn signed_webhook(
    url: &str,
    token: &str,
    sid: &str,
    customer: &str,
    body: &str,
) -> (String, String) {
    let params = vec![
        ("MessageSid".to_owned(), sid.to_owned()),
        ("AccountSid".to_owned(), "ACbench".to_owned()),
        ("From".to_owned(), format!("whatsapp:{customer}")),
        ("To".to_owned(), format!("whatsapp:{BENCH_NUMBER}")),
        ("Body".to_owned(), body.to_owned()),
        ("NumMedia".to_owned(), "0".to_owned()),
        ("ProfileName".to_owned(), "Pelanggan".to_owned()),
    ];
    let signature =
        app::providers::signature::compute(token, &format!("{url}/api/whatsapp/webhook"), &params);
    let body = serde_urlencoded::to_string(&params).unwrap_or_default();
    (body, signature)
}

/// The form body and `X-Twilio-Signature` of a status callback reporting `status` for
/// the outbound message `sid`.
pub fn signed_status(url: &str, token: &str, sid: &str, status: &str) -> (String, String) {
    let params = vec![
        ("MessageSid".to_owned(), sid.to_owned()),
        ("AccountSid".to_owned(), "ACbench".to_owned()),
        ("MessageStatus".to_owned(), status.to_owned()),
        ("ChannelPrefix".to_owned(), "whatsapp".to_owned()),
    ];
    let signature =
        app::providers::signature::compute(token, &format!("{url}/api/whatsapp/status"), &params);
    let body = serde_urlencoded::to_string(&params).unwrap_or_default();
    (body, signature)
}

/// The `p` quantile (0 to 1) of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx).copied().unwrap_or_default()
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Resident memory of process `pid` in KiB (Linux), read from `/proc`.
pub fn rss_kib(pid: Option<u32>) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
