//! `/dev/simulator`: in demo mode, admins play inbound WhatsApp messages as any number
//! to any simulator account. They travel the real path: a signed webhook to our own
//! endpoint.

mod page;

pub use page::SimulatorRoute;

use crate::codec::JsonText;
use crate::{accounts::AccountView, error::AppError};
use leptos::prelude::*;

/// Simulator accounts an admin can write to (demo mode only).
#[server(prefix = "/api/rpc", endpoint = "simulator_accounts", input = JsonText, output = JsonText)]
pub async fn simulator_accounts() -> Result<Vec<AccountView>, AppError> {
    crate::error::respond(
        async {
            let state = ssr::allowed().await?;
            let all = crate::accounts::ssr::list_accounts(&state.db, false).await?;
            Ok(all
                .into_iter()
                .filter(|a| a.provider == crate::accounts::Provider::Simulator)
                .collect())
        }
        .await,
    )
}

/// Plays an inbound message from `from` to simulator account `account_id`; returns the
/// webhook's HTTP status.
#[server(prefix = "/api/rpc", endpoint = "simulate_inbound", output = JsonText)]
pub async fn simulate_inbound(
    from: String,
    account_id: String,
    body: String,
    name: Option<String>,
) -> Result<u16, AppError> {
    crate::error::respond(
        async {
            use crate::domain::{PhoneNumber, phone::DEFAULT_REGION};
            use sea_orm::EntityTrait;
            let state = ssr::allowed().await?;
            let from = PhoneNumber::parse(&from, Some(DEFAULT_REGION))
                .map_err(|e| AppError::validation("from", e.to_string()))?;
            let account = crate::db::accounts::Entity::find_by_id(account_id.clone())
                .one(&state.db)
                .await?
                .filter(|a| a.provider == crate::domain::Provider::Simulator)
                .ok_or_else(|| AppError::NotFound(format!("simulator account {account_id}")))?;
            if body.trim().is_empty() {
                return Err(AppError::validation("body", "is empty"));
            }
            let to = PhoneNumber::from_trusted_digits(account.phone_number);
            let name = name.filter(|n| !n.trim().is_empty());
            state
                .runtime
                .simulator
                .inbound(&from, &to, &body, name.as_deref())
                .await
                .map_err(AppError::internal)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{error::AppError, state::AppState};

    /// The state, if the caller is an admin and the server runs in demo mode.
    pub async fn allowed() -> Result<AppState, AppError> {
        let state = crate::state::app_state()?;
        let user = crate::state::current_user().await?;
        if !user.is_admin() || !state.runtime.demo {
            return Err(AppError::Forbidden);
        }
        Ok(state)
    }
}
