//! Which token signs an account's webhooks and authenticates its API calls.

use crate::{accounts::Provider, db::accounts, state::Runtime};

/// The auth token of `account`: the simulator's for simulator accounts, else the
/// account's own Twilio token or the default one. `None` when none is configured, or
/// when its own is stored sealed and does not open (then the default is not used
/// either: it belongs to another Twilio account).
pub fn auth_token(runtime: &Runtime, account: &accounts::Model) -> Option<String> {
    match account.provider() {
        Provider::Simulator => Some(runtime.simulator_token.clone()),
        Provider::Twilio => match &account.twilio_auth_token {
            Some(stored) => runtime
                .vault
                .open(&account.id, stored)
                .map_err(|e| tracing::warn!(account = %account.id, "{e}"))
                .ok(),
            None => runtime.twilio.auth_token.clone(),
        },
    }
}

/// The Twilio Account SID of `account` (its own or the default).
pub fn account_sid(runtime: &Runtime, account: &accounts::Model) -> Option<String> {
    account
        .twilio_account_sid
        .clone()
        .or_else(|| runtime.twilio.account_sid.clone())
}
