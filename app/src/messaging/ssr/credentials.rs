//! Which token signs an account's webhooks and authenticates its API calls.

use crate::{accounts::Provider, db::accounts, state::Runtime};

/// The auth token of `account`: the simulator's for simulator accounts, else the
/// account's own Twilio token or the default one. `None` when none is configured, or
/// when its own is stored sealed and does not open (then the default is not used
/// either: it belongs to another Twilio account).
pub fn auth_token(runtime: &Runtime, account: &accounts::Model) -> Option<String> {
    match account.provider {
        Provider::Simulator => Some(runtime.simulator_token.expose().to_owned()),
        Provider::Twilio => match &account.twilio_auth_token {
            Some(stored) => runtime
                .vault
                .open(&account.id, stored)
                .map_err(|e| tracing::warn!(account = %account.id, "{e}"))
                .ok(),
            None => default_token(runtime),
        },
    }
}

/// `TWILIO_AUTH_TOKEN`, the token of `twilio` accounts without their own.
fn default_token(runtime: &Runtime) -> Option<String> {
    runtime
        .twilio
        .auth_token
        .as_ref()
        .map(|t| t.expose().to_owned())
}

/// Does `token` speak for `account` (for no known account: the default token)? One
/// account's token never speaks for another's number or messages.
pub fn speaks_for(runtime: &Runtime, token: &str, account: Option<&accounts::Model>) -> bool {
    let expected = match account {
        Some(a) => auth_token(runtime, a),
        None => default_token(runtime),
    };
    expected.as_deref() == Some(token)
}

/// The Twilio Account SID of `account` (its own or the default).
pub fn account_sid(runtime: &Runtime, account: &accounts::Model) -> Option<String> {
    account
        .twilio_account_sid
        .clone()
        .or_else(|| runtime.twilio.account_sid.clone())
}

/// Loads again at most this often when a signature matches no known token, so forged
/// requests cannot turn every call into a query.
const RELOAD_AT_MOST_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Every auth token a webhook may be signed with (each account's, the default one),
/// held in memory: a webhook's signature is checked before the database is asked
/// anything on its behalf.
#[derive(Debug, Default)]
pub struct SigningTokens {
    known: std::sync::RwLock<KnownTokens>,
    /// Held while the tokens are read again: requests that missed meanwhile wait for
    /// the new list instead of being refused against the old one.
    reloading: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct KnownTokens {
    tokens: Vec<String>,
    loaded: Option<std::time::Instant>,
}

impl std::fmt::Debug for KnownTokens {
    // How many and when, never the tokens themselves: the runtime is printable.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnownTokens")
            .field("tokens", &self.tokens.len())
            .field("loaded", &self.loaded)
            .finish()
    }
}

impl SigningTokens {
    /// The known token for which `signed_with` holds. When none does, the tokens are
    /// read again (a new account, perhaps added on another server), unless they were
    /// read moments ago; a database that cannot answer counts as no match.
    pub async fn signer(
        &self,
        runtime: &Runtime,
        db: &impl sea_orm::ConnectionTrait,
        signed_with: impl Fn(&str) -> bool,
    ) -> Option<String> {
        if let Some(token) = self.matching(&signed_with) {
            return Some(token);
        }
        let _reloading = self.reloading.lock().await;
        // Another request may have read them while this one waited.
        if let Some(token) = self.matching(&signed_with) {
            return Some(token);
        }
        if !self.claim_reload() {
            return None;
        }
        match load_tokens(runtime, db).await {
            Ok(tokens) => {
                if let Ok(mut known) = self.known.write() {
                    known.tokens = tokens;
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "reading the accounts' tokens failed");
                return None;
            }
        }
        self.matching(&signed_with)
    }

    /// Lets the next mismatch read the tokens at once (this server changed an account).
    pub fn forget(&self) {
        if let Ok(mut known) = self.known.write() {
            known.loaded = None;
        }
    }

    fn matching(&self, signed_with: &impl Fn(&str) -> bool) -> Option<String> {
        let known = self.known.read().ok()?;
        known.tokens.iter().find(|t| signed_with(t)).cloned()
    }

    /// True when the tokens may be read again now (not read moments ago).
    fn claim_reload(&self) -> bool {
        let Ok(mut known) = self.known.write() else {
            return false;
        };
        let now = std::time::Instant::now();
        if known
            .loaded
            .is_some_and(|at| now.duration_since(at) < RELOAD_AT_MOST_EVERY)
        {
            return false;
        }
        known.loaded = Some(now);
        true
    }
}

async fn load_tokens(
    runtime: &Runtime,
    db: &impl sea_orm::ConnectionTrait,
) -> Result<Vec<String>, sea_orm::DbErr> {
    use sea_orm::EntityTrait;
    let mut tokens: Vec<String> = accounts::Entity::find()
        .all(db)
        .await?
        .iter()
        .filter_map(|a| auth_token(runtime, a))
        .chain(default_token(runtime))
        .filter(|t| !t.is_empty())
        .collect();
    tokens.sort();
    tokens.dedup();
    Ok(tokens)
}
