//! Configuration from the environment (and `.env`), with the names of SPEC 14.
//!
//! Every value is checked at start-up; a bad one stops the server with a message that
//! names the variable, instead of failing later on a request.

pub use app::secret::Secret;
use app::{accounts::vault::TokenVault, auth::ssr::TrustedProxies};
use std::{net::SocketAddr, path::PathBuf, time::Duration};

/// The default database: a SQLite file under `data/`, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/serambi.db?mode=rwc";
/// The default listen address.
pub const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";

/// A configuration mistake, naming the variable at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{var}: {message}")]
pub struct ConfigError {
    /// The environment variable.
    pub var: &'static str,
    /// What is wrong with its value.
    pub message: String,
}

fn err(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        message: message.into(),
    }
}

/// Credentials of the initial admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminBootstrap {
    /// `SERAMBI_ADMIN_EMAIL`.
    pub email: String,
    /// `SERAMBI_ADMIN_PASSWORD`.
    pub password: Secret,
}

/// Everything the server reads from its environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `DATABASE_URL`.
    pub database_url: String,
    /// `LEPTOS_SITE_ADDR`: where to listen.
    pub site_addr: SocketAddr,
    /// `PUBLIC_BASE_URL`: how the world reaches us, without a trailing `/`.
    pub public_base_url: String,
    /// `SERAMBI_DEMO`: demo data and simulator accounts.
    pub demo: bool,
    /// `SERAMBI_ADMIN_EMAIL` + `SERAMBI_ADMIN_PASSWORD`.
    pub admin: Option<AdminBootstrap>,
    /// `SERAMBI_ESCALATION_TIMEOUT`: the initial escalation timeout.
    pub escalation_timeout: Duration,
    /// `CRON_SECRET`: bearer token of `/api/cron/*`.
    pub cron_secret: Option<Secret>,
    /// `TWILIO_ACCOUNT_SID`: default Account SID of `twilio` accounts.
    pub twilio_account_sid: Option<String>,
    /// `TWILIO_AUTH_TOKEN`: default auth token of `twilio` accounts.
    pub twilio_auth_token: Option<Secret>,
    /// `TWILIO_API_BASE_URL`.
    pub twilio_api_base_url: String,
    /// `TWILIO_TIMEOUT`: how long a send waits for Twilio's answer (default 20 s); a
    /// send that gets none is *unknown*, never sent again by itself.
    pub twilio_timeout: Duration,
    /// `SERAMBI_MEDIA_DIR`: where media files are stored.
    pub media_dir: PathBuf,
    /// `SERAMBI_UPLOAD_QUOTA`: bytes one agent may upload a day (default 1G).
    pub upload_quota: u64,
    /// `SERAMBI_MEDIA_MIN_FREE`: free space the media disk keeps; uploads that would
    /// leave less are refused (default 1G).
    pub media_min_free: u64,
    /// `SERAMBI_SECRET_KEY`: 32 bytes (hex or base64) that seal accounts' Twilio auth
    /// tokens in the database.
    pub secret_key: Option<Secret>,
    /// `SERAMBI_TRUSTED_PROXIES`: reverse proxies whose `X-Forwarded-For` names the
    /// client (addresses and networks, comma-separated).
    pub trusted_proxies: TrustedProxies,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup` (the environment, or a table in tests).
    /// Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let database_url_set = get("DATABASE_URL");
        let database_url = database_url_set
            .clone()
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(err(
                "DATABASE_URL",
                "must start with sqlite:// or postgres://",
            ));
        }

        let addr_text = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| DEFAULT_SITE_ADDR.to_owned());
        let site_addr: SocketAddr = addr_text.parse().map_err(|_| {
            err(
                "LEPTOS_SITE_ADDR",
                format!("'{addr_text}' is not an address like 127.0.0.1:3000"),
            )
        })?;

        let public_base_url = match get("PUBLIC_BASE_URL") {
            Some(url) => {
                let url = url.trim_end_matches('/').to_owned();
                let rest = url
                    .strip_prefix("https://")
                    .or_else(|| url.strip_prefix("http://"));
                match rest {
                    Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => url,
                    _ => {
                        return Err(err(
                            "PUBLIC_BASE_URL",
                            format!("'{url}' is not an http:// or https:// URL"),
                        ));
                    }
                }
            }
            None => format!("http://{site_addr}"),
        };

        let demo_asked = get("SERAMBI_DEMO");
        let open_to_others = !site_addr.ip().is_loopback();
        // Anything that marks a real deployment: a configured admin, or a public address
        // other than this machine (a reverse proxy in front of 127.0.0.1:3000 is the
        // common single-host setup, and its bind address alone looks like a laptop's).
        let deployed = get("SERAMBI_ADMIN_EMAIL").is_some() || !is_loopback_url(&public_base_url);
        let demo = match &demo_asked {
            Some(v) => parse_bool(v)
                .ok_or_else(|| err("SERAMBI_DEMO", format!("expected 1 or 0, got '{v}'")))?,
            // The embedded default is the demo, so a fresh clone shows a working inbox;
            // but its admin password is published, so only where nobody else can
            // reach it and nothing says this is a real inbox. (The database is checked
            // too, at start: demo logins never go into one that has agents of its own.)
            None => database_url_set.is_none() && !open_to_others && !deployed,
        };
        if demo_asked.is_none()
            && database_url_set.is_none()
            && open_to_others
            && get("SERAMBI_ADMIN_EMAIL").is_none()
        {
            return Err(err(
                "LEPTOS_SITE_ADDR",
                format!(
                    "{site_addr} is reachable from other machines, so the demo (whose admin \
                     password is published) does not start there by itself: set \
                     SERAMBI_ADMIN_EMAIL and SERAMBI_ADMIN_PASSWORD (and DATABASE_URL) for a \
                     real inbox, or SERAMBI_DEMO=1 to show the demo there on purpose"
                ),
            ));
        }

        let admin = match (get("SERAMBI_ADMIN_EMAIL"), get("SERAMBI_ADMIN_PASSWORD")) {
            (None, None) => None,
            (Some(email), Some(password)) => {
                if !email.contains('@') {
                    return Err(err(
                        "SERAMBI_ADMIN_EMAIL",
                        format!("'{email}' is not an email address"),
                    ));
                }
                if password.chars().count() < 8 {
                    return Err(err(
                        "SERAMBI_ADMIN_PASSWORD",
                        "must be at least 8 characters",
                    ));
                }
                Some(AdminBootstrap {
                    email,
                    password: Secret::new(password),
                })
            }
            (Some(_), None) => {
                return Err(err(
                    "SERAMBI_ADMIN_PASSWORD",
                    "must be set together with SERAMBI_ADMIN_EMAIL",
                ));
            }
            (None, Some(_)) => {
                return Err(err(
                    "SERAMBI_ADMIN_EMAIL",
                    "must be set together with SERAMBI_ADMIN_PASSWORD",
                ));
            }
        };

        let escalation_timeout = match get("SERAMBI_ESCALATION_TIMEOUT") {
            Some(v) => parse_duration(&v).ok_or_else(|| {
                err(
                    "SERAMBI_ESCALATION_TIMEOUT",
                    format!("'{v}' is not a duration like 5m, 30s or 1h"),
                )
            })?,
            None => Duration::from_secs(5 * 60),
        };

        let twilio_api_base_url = get("TWILIO_API_BASE_URL")
            .unwrap_or_else(|| "https://api.twilio.com".to_owned())
            .trim_end_matches('/')
            .to_owned();
        if !(twilio_api_base_url.starts_with("https://")
            || twilio_api_base_url.starts_with("http://"))
        {
            return Err(err(
                "TWILIO_API_BASE_URL",
                format!("'{twilio_api_base_url}' is not an http:// or https:// URL"),
            ));
        }

        let twilio_timeout = match get("TWILIO_TIMEOUT") {
            Some(v) => parse_duration(&v)
                .filter(|d| (Duration::from_secs(1)..=Duration::from_secs(300)).contains(d))
                .ok_or_else(|| {
                    err(
                        "TWILIO_TIMEOUT",
                        format!("'{v}' is not a duration from 1s to 5m, like 20s"),
                    )
                })?,
            None => Duration::from_secs(20),
        };

        let secret_key = get("SERAMBI_SECRET_KEY");
        if let Some(key) = &secret_key {
            app::accounts::vault::parse_key(key).map_err(|e| err("SERAMBI_SECRET_KEY", e))?;
        }

        let size = |var: &'static str, default: u64| match get(var) {
            Some(v) => parse_size(&v)
                .ok_or_else(|| err(var, format!("'{v}' is not a size like 500M, 2G or 1048576"))),
            None => Ok(default),
        };
        let upload_quota = size(
            "SERAMBI_UPLOAD_QUOTA",
            app::messaging::ssr::upload::DEFAULT_UPLOAD_QUOTA,
        )?;
        let media_min_free = size(
            "SERAMBI_MEDIA_MIN_FREE",
            app::messaging::ssr::upload::DEFAULT_MEDIA_MIN_FREE,
        )?;

        let trusted_proxies =
            TrustedProxies::parse(&get("SERAMBI_TRUSTED_PROXIES").unwrap_or_default())
                .map_err(|e| err("SERAMBI_TRUSTED_PROXIES", e))?;

        Ok(Self {
            database_url,
            site_addr,
            public_base_url,
            demo,
            admin,
            escalation_timeout,
            cron_secret: get("CRON_SECRET").map(Secret::new),
            twilio_account_sid: get("TWILIO_ACCOUNT_SID"),
            twilio_auth_token: get("TWILIO_AUTH_TOKEN").map(Secret::new),
            twilio_api_base_url,
            twilio_timeout,
            media_dir: get("SERAMBI_MEDIA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("data/media")),
            upload_quota,
            media_min_free,
            secret_key: secret_key.map(Secret::new),
            trusted_proxies,
        })
    }

    /// The vault for accounts' auth tokens: sealing with `SERAMBI_SECRET_KEY` when set.
    pub fn token_vault(&self) -> TokenVault {
        TokenVault::new(
            self.secret_key
                .as_ref()
                .and_then(|k| app::accounts::vault::parse_key(k.expose()).ok()),
        )
    }
}

/// Whether `url` (`http(s)://host[:port][/…]`) names this machine: `localhost` or a
/// loopback address.
fn is_loopback_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        // `[::1]:3000`
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// `1048576`, `500K`, `500M`, `2G`, `1T` (binary units, an optional `B` or `iB`) in
/// bytes.
pub fn parse_size(v: &str) -> Option<u64> {
    let v = v.trim();
    let split = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (number, unit) = v.split_at(split);
    let n: u64 = number.parse().ok()?;
    let unit = unit.trim().to_ascii_uppercase();
    let shift = match unit.trim_end_matches("IB").trim_end_matches('B') {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return None,
    };
    n.checked_mul(1u64 << shift)
}

/// `30s`, `5m`, `1h`, or plain seconds; zero is refused.
pub fn parse_duration(v: &str) -> Option<Duration> {
    let v = v.trim();
    let (number, unit) = match v.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => v.split_at(i),
        None => (v, "s"),
    };
    let n: u64 = number.parse().ok()?;
    let secs = match unit.trim() {
        "s" | "sec" => n,
        "m" | "min" => n.checked_mul(60)?,
        "h" => n.checked_mul(3600)?,
        _ => return None,
    };
    (secs > 0).then(|| Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn an_empty_environment_is_the_embedded_demo() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.public_base_url, "http://127.0.0.1:3000");
        assert!(c.demo);
        assert_eq!(c.escalation_timeout, Duration::from_secs(300));
        assert_eq!(c.twilio_api_base_url, "https://api.twilio.com");
        assert_eq!(c.admin, None);
    }

    #[test]
    fn a_database_url_turns_the_demo_off_unless_asked() {
        let pg = "postgres://serambi@127.0.0.1/serambi";
        assert!(!config(&[("DATABASE_URL", pg)]).expect("valid").demo);
        assert!(
            config(&[("DATABASE_URL", pg), ("SERAMBI_DEMO", "1")])
                .expect("valid")
                .demo
        );
        assert!(!config(&[("SERAMBI_DEMO", "0")]).expect("valid").demo);
    }

    #[test]
    fn the_demo_starts_by_itself_only_on_loopback() {
        assert!(
            config(&[("LEPTOS_SITE_ADDR", "[::1]:3000")])
                .expect("valid")
                .demo
        );
        let open = config(&[("LEPTOS_SITE_ADDR", "0.0.0.0:3000")]).expect_err("refused");
        assert_eq!(open.var, "LEPTOS_SITE_ADDR");
        assert!(open.message.contains("SERAMBI_DEMO=1"), "{}", open.message);
        assert!(
            config(&[("LEPTOS_SITE_ADDR", "0.0.0.0:3000"), ("SERAMBI_DEMO", "1")])
                .expect("asked for")
                .demo
        );
        let admin = config(&[
            ("LEPTOS_SITE_ADDR", "0.0.0.0:3000"),
            ("SERAMBI_ADMIN_EMAIL", "boss@toko.id"),
            ("SERAMBI_ADMIN_PASSWORD", "long enough"),
        ])
        .expect("a configured admin");
        assert!(!admin.demo);
        let pg = config(&[
            ("LEPTOS_SITE_ADDR", "0.0.0.0:3000"),
            ("DATABASE_URL", "postgres://serambi@127.0.0.1/serambi"),
        ])
        .expect("a configured database");
        assert!(!pg.demo);
    }

    #[test]
    fn a_reverse_proxy_in_front_of_loopback_is_no_demo() {
        // nginx → 127.0.0.1:3000 on one host, SQLite, the admin configured.
        let behind_proxy = config(&[
            ("LEPTOS_SITE_ADDR", "127.0.0.1:3000"),
            ("SERAMBI_ADMIN_EMAIL", "boss@toko.id"),
            ("SERAMBI_ADMIN_PASSWORD", "long enough"),
        ])
        .expect("valid");
        assert!(
            !behind_proxy.demo,
            "a configured admin is a real deployment"
        );
        let public = config(&[("PUBLIC_BASE_URL", "https://inbox.toko.id")]).expect("valid");
        assert!(!public.demo, "a public address is a real deployment");
        for local in [
            "http://localhost:3000",
            "http://127.0.0.1:3000/",
            "http://[::1]:3000",
        ] {
            assert!(
                config(&[("PUBLIC_BASE_URL", local)]).expect("valid").demo,
                "{local} is this machine"
            );
        }
        assert!(
            config(&[
                ("PUBLIC_BASE_URL", "https://inbox.toko.id"),
                ("SERAMBI_DEMO", "1")
            ])
            .expect("asked for")
            .demo
        );
    }

    #[test]
    fn loopback_urls_are_told_apart() {
        for (url, loopback) in [
            ("http://127.0.0.1:3000", true),
            ("http://127.8.9.10", true),
            ("http://LOCALHOST/inbox", true),
            ("http://[::1]:3000/x", true),
            ("https://inbox.toko.id", false),
            ("https://localhost.toko.id", false),
            ("http://10.0.0.5:3000", false),
            ("http://[2001:db8::1]:3000", false),
        ] {
            assert_eq!(is_loopback_url(url), loopback, "{url}");
        }
    }

    #[test]
    fn values_are_read() {
        let c = config(&[
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
            ("PUBLIC_BASE_URL", "https://inbox.toko.id/"),
            ("SERAMBI_ADMIN_EMAIL", "boss@toko.id"),
            ("SERAMBI_ADMIN_PASSWORD", "long enough"),
            ("SERAMBI_ESCALATION_TIMEOUT", "30s"),
            ("CRON_SECRET", "s3cret"),
            ("TWILIO_API_BASE_URL", "http://127.0.0.1:9999/"),
            ("TWILIO_TIMEOUT", "45s"),
            ("SERAMBI_MEDIA_DIR", "/var/lib/serambi/media"),
            ("SERAMBI_SECRET_KEY", "ab".repeat(32).as_str()),
            ("SERAMBI_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8"),
        ])
        .expect("valid");
        assert_eq!(
            c.trusted_proxies,
            TrustedProxies::parse("127.0.0.1/32,10.0.0.0/8").expect("valid")
        );
        assert!(c.token_vault().is_sealing());
        assert!(
            !format!("{c:?}").contains("abab"),
            "the key leaks into Debug"
        );
        assert_eq!(c.site_addr.port(), 8080);
        assert_eq!(c.public_base_url, "https://inbox.toko.id");
        assert_eq!(
            c.admin.as_ref().map(|a| a.email.as_str()),
            Some("boss@toko.id")
        );
        assert_eq!(c.escalation_timeout, Duration::from_secs(30));
        assert_eq!(c.cron_secret.as_ref().map(Secret::expose), Some("s3cret"));
        assert_eq!(c.twilio_api_base_url, "http://127.0.0.1:9999");
        assert_eq!(c.twilio_timeout, Duration::from_secs(45));
        assert_eq!(c.media_dir, PathBuf::from("/var/lib/serambi/media"));
        assert!(
            !format!("{c:?}").contains("s3cret"),
            "secrets leak into Debug"
        );
    }

    #[test]
    fn bad_values_name_their_variable() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("DATABASE_URL", "mysql://x")], "DATABASE_URL"),
            (&[("LEPTOS_SITE_ADDR", "localhost")], "LEPTOS_SITE_ADDR"),
            (&[("PUBLIC_BASE_URL", "inbox.toko.id")], "PUBLIC_BASE_URL"),
            (&[("SERAMBI_DEMO", "maybe")], "SERAMBI_DEMO"),
            (&[("SERAMBI_SECRET_KEY", "short")], "SERAMBI_SECRET_KEY"),
            (
                &[("SERAMBI_TRUSTED_PROXIES", "nginx")],
                "SERAMBI_TRUSTED_PROXIES",
            ),
            (&[("SERAMBI_SECRET_KEY", "abcd")], "SERAMBI_SECRET_KEY"),
            (
                &[("SERAMBI_ESCALATION_TIMEOUT", "5 parsecs")],
                "SERAMBI_ESCALATION_TIMEOUT",
            ),
            (
                &[("SERAMBI_ESCALATION_TIMEOUT", "0s")],
                "SERAMBI_ESCALATION_TIMEOUT",
            ),
            (&[("TWILIO_TIMEOUT", "0s")], "TWILIO_TIMEOUT"),
            (&[("SERAMBI_UPLOAD_QUOTA", "lots")], "SERAMBI_UPLOAD_QUOTA"),
            (
                &[("SERAMBI_MEDIA_MIN_FREE", "1X")],
                "SERAMBI_MEDIA_MIN_FREE",
            ),
            (&[("TWILIO_TIMEOUT", "1h")], "TWILIO_TIMEOUT"),
            (
                &[("SERAMBI_ADMIN_EMAIL", "boss@toko.id")],
                "SERAMBI_ADMIN_PASSWORD",
            ),
            (
                &[("SERAMBI_ADMIN_PASSWORD", "long enough")],
                "SERAMBI_ADMIN_EMAIL",
            ),
            (
                &[
                    ("SERAMBI_ADMIN_EMAIL", "boss"),
                    ("SERAMBI_ADMIN_PASSWORD", "long enough"),
                ],
                "SERAMBI_ADMIN_EMAIL",
            ),
            (
                &[
                    ("SERAMBI_ADMIN_EMAIL", "boss@toko.id"),
                    ("SERAMBI_ADMIN_PASSWORD", "short"),
                ],
                "SERAMBI_ADMIN_PASSWORD",
            ),
            (&[("TWILIO_API_BASE_URL", "ftp://x")], "TWILIO_API_BASE_URL"),
        ];
        for (vars, var) in cases {
            let e = config(vars).expect_err(&format!("{vars:?} was accepted"));
            assert_eq!(e.var, *var, "{vars:?}: {e}");
            assert!(e.to_string().starts_with(var));
        }
    }

    #[test]
    fn sizes_take_units() {
        for (text, bytes) in [
            ("1048576", Some(1_048_576)),
            ("500K", Some(500 << 10)),
            ("500M", Some(500 << 20)),
            ("2G", Some(2 << 30)),
            ("2GiB", Some(2 << 30)),
            ("1t", Some(1 << 40)),
            ("0", Some(0)),
            ("G", None),
            ("5 parsecs", None),
            ("99999999999T", None),
        ] {
            assert_eq!(parse_size(text), bytes, "{text}");
        }
    }

    #[test]
    fn durations_take_units() {
        for (text, secs) in [
            ("30s", Some(30)),
            ("5m", Some(300)),
            ("1h", Some(3600)),
            ("45", Some(45)),
            ("0", None),
            ("m", None),
            ("5d", None),
        ] {
            assert_eq!(
                parse_duration(text),
                secs.map(Duration::from_secs),
                "{text}"
            );
        }
    }
}
