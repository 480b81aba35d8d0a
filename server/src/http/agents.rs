//! `/api/agents`: admins manage who can log in and who takes new leads.

use super::ApiJson;
use app::{
    AppError,
    agents::{
        AgentView, CreateAgentRequest, PasswordResetRequest, UpdateAgentRequest,
        ssr::{NewAgent, add_agent, list_agents, reset_password, update_agent},
    },
    auth::ssr::Admin,
    state::AppState,
};
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(update))
        .routes(routes!(password))
}

/// Every agent in rotation order (admins).
#[utoipa::path(get, path = "/api/agents", tag = "agents", responses((status = OK, body = Vec<AgentView>), (status = FORBIDDEN, body = super::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<Json<Vec<AgentView>>, AppError> {
    Ok(Json(list_agents(&state.db).await?))
}

/// Creates an agent (admins).
#[utoipa::path(post, path = "/api/agents", tag = "agents", request_body = CreateAgentRequest, responses(
    (status = CREATED, body = AgentView),
    (status = CONFLICT, body = super::ErrorBody, description = "email taken"),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(req): ApiJson<CreateAgentRequest>,
) -> Result<(StatusCode, Json<AgentView>), AppError> {
    let agent = add_agent(
        &state.db,
        &state.runtime.write_gate,
        &admin,
        NewAgent {
            name: req.name,
            email: req.email,
            password: req.password,
            role: req.role,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(agent)))
}

/// Changes an agent (admins).
#[utoipa::path(put, path = "/api/agents/{id}", tag = "agents", params(("id" = i64, Path, description = "agent id")),
    request_body = UpdateAgentRequest, responses((status = OK, body = AgentView), (status = NOT_FOUND, body = super::ErrorBody)))]
async fn update(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<UpdateAgentRequest>,
) -> Result<Json<AgentView>, AppError> {
    let gate = &state.runtime.write_gate;
    Ok(Json(update_agent(&state.db, gate, &admin, id, req).await?))
}

/// Sets an agent's password (admins); every session they have ends.
#[utoipa::path(put, path = "/api/agents/{id}/password", tag = "agents", params(("id" = i64, Path, description = "agent id")),
    request_body = PasswordResetRequest, responses(
    (status = OK, body = AgentView),
    (status = NOT_FOUND, body = super::ErrorBody),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "password too short"),
))]
async fn password(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<PasswordResetRequest>,
) -> Result<Json<AgentView>, AppError> {
    let gate = &state.runtime.write_gate;
    Ok(Json(
        reset_password(&state.db, gate, &admin, id, req.password).await?,
    ))
}
