//! Server functions of the team page and the header's availability switch: thin
//! doors onto [`super::ssr`].

use super::{AgentView, UpdateAgentRequest};
use crate::codec::JsonText;
use crate::{auth::Role, error::AppError};
use leptos::prelude::*;

/// Every agent with open leads and last activity (admins).
#[server(prefix = "/api/rpc", endpoint = "team", input = JsonText, output = JsonText)]
pub async fn load_team() -> Result<Vec<AgentView>, AppError> {
    crate::state::as_user(async |state, user| {
        user.require_admin()?;
        super::ssr::list_agents(&state.db).await
    })
    .await
}

/// Adds an agent (admins).
#[server(prefix = "/api/rpc", endpoint = "team_add", input = JsonText, output = JsonText)]
pub async fn add_agent(
    name: String,
    email: String,
    password: String,
    role: Role,
) -> Result<AgentView, AppError> {
    crate::state::as_user(async |state, user| {
        super::ssr::add_agent(
            &state.db,
            &state.runtime.write_gate,
            &user,
            super::ssr::NewAgent {
                name,
                email,
                password,
                role,
            },
        )
        .await
    })
    .await
}

/// Changes agent `id` (admins).
#[server(prefix = "/api/rpc", endpoint = "team_update", input = JsonText, output = JsonText)]
pub async fn change_agent(id: i64, change: UpdateAgentRequest) -> Result<AgentView, AppError> {
    crate::state::as_user(async |state, user| {
        super::ssr::update_agent(&state.db, &state.runtime.write_gate, &user, id, change).await
    })
    .await
}

/// Sets agent `id`'s password and ends their sessions (admins).
#[server(prefix = "/api/rpc", endpoint = "team_password", input = JsonText, output = JsonText)]
pub async fn reset_agent_password(id: i64, password: String) -> Result<AgentView, AppError> {
    crate::state::as_user(async |state, user| {
        super::ssr::reset_password(&state.db, &state.runtime.write_gate, &user, id, password).await
    })
    .await
}

/// The user's own agent record.
#[server(prefix = "/api/rpc", endpoint = "me_agent", input = JsonText, output = JsonText)]
pub async fn my_agent() -> Result<AgentView, AppError> {
    crate::state::as_user(async |state, user| super::ssr::own_agent(&state.db, &user).await).await
}

/// Sets the user's own "Siap menerima lead".
#[server(prefix = "/api/rpc", endpoint = "me_availability", input = JsonText, output = JsonText)]
pub async fn set_my_availability(available: bool) -> Result<AgentView, AppError> {
    crate::state::as_user(async |state, user| {
        super::ssr::set_own_availability(&state.db, &state.runtime.write_gate, &user, available)
            .await
    })
    .await
}
