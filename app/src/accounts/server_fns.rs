//! Server functions of the accounts page: thin doors onto [`super::ssr`] and
//! [`super::admin_ssr`], for admins.

use super::{
    AccountView, AccountsOverview, CreateAccountRequest, MembersRequest, UpdateAccountRequest,
};
use crate::codec::JsonText;
use crate::error::AppError;
use leptos::prelude::*;

/// Every account with members, health and the webhook URLs (admins).
#[server(prefix = "/api/rpc", endpoint = "accounts_overview", input = JsonText, output = JsonText)]
pub async fn load_accounts_overview() -> Result<AccountsOverview, AppError> {
    crate::state::as_user(async |state, user| {
        super::admin_ssr::overview(&state.db, &user, &state.runtime).await
    })
    .await
}

/// Adds an account (admins).
#[server(prefix = "/api/rpc", endpoint = "account_add", input = JsonText, output = JsonText)]
pub async fn add_account(account: CreateAccountRequest) -> Result<AccountView, AppError> {
    crate::state::as_user(async |state, user| {
        let rt = &state.runtime;
        super::ssr::admin::create(&state.db, &rt.write_gate, &rt.vault, &user, account)
            .await
            .inspect(|_| state.runtime.signing_tokens.forget())
    })
    .await
}

/// Changes account `id`: name, number, credentials, active (admins).
#[server(prefix = "/api/rpc", endpoint = "account_update", input = JsonText, output = JsonText)]
pub async fn change_account(
    id: String,
    change: UpdateAccountRequest,
) -> Result<AccountView, AppError> {
    crate::state::as_user(async |state, user| {
        let rt = &state.runtime;
        super::ssr::admin::update(&state.db, &rt.write_gate, &rt.vault, &user, &id, change)
            .await
            .inspect(|_| state.runtime.signing_tokens.forget())
    })
    .await
}

/// Sets exactly who serves account `id` (admins).
#[server(prefix = "/api/rpc", endpoint = "account_members", input = JsonText, output = JsonText)]
pub async fn save_members(id: String, agent_ids: Vec<i64>) -> Result<MembersRequest, AppError> {
    crate::state::as_user(async |state, user| {
        let gate = &state.runtime.write_gate;
        super::admin_ssr::set_members(&state.db, gate, &user, &id, &agent_ids).await
    })
    .await
}
