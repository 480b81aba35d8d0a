//! Which token signs an account's webhooks and authenticates its API calls.

use crate::{accounts::Provider, db::accounts, state::Runtime};

/// The auth token of `account`: the simulator's for simulator accounts, else the
/// account's own Twilio token or the default one. `None` when none is configured.
pub fn auth_token(runtime: &Runtime, account: &accounts::Model) -> Option<String> {
    match account.provider() {
        Provider::Simulator => Some(runtime.simulator_token.clone()),
        Provider::Twilio => account
            .twilio_auth_token
            .clone()
            .or_else(|| runtime.twilio.auth_token.clone()),
    }
}

/// The Twilio Account SID of `account` (its own or the default).
pub fn account_sid(runtime: &Runtime, account: &accounts::Model) -> Option<String> {
    account
        .twilio_account_sid
        .clone()
        .or_else(|| runtime.twilio.account_sid.clone())
}
