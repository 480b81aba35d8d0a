//! `/api/agents`: admins manage who can log in and who takes new leads.

use super::ApiJson;
use app::{
    AppError,
    agents::{
        AgentView, CreateAgentRequest, UpdateAgentRequest,
        ssr::{NewAgent, create_agent, list_agents, update_agent},
    },
    auth::ssr::Admin,
    state::AppState,
};
use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    routing::{get, put},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/agents", get(list).post(create))
        .route("/api/agents/{id}", put(update))
}

async fn list(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<Json<Vec<AgentView>>, AppError> {
    Ok(Json(list_agents(&state.db).await?))
}

async fn create(
    State(state): State<AppState>,
    Admin(_): Admin,
    ApiJson(req): ApiJson<CreateAgentRequest>,
) -> Result<(StatusCode, Json<AgentView>), AppError> {
    let agent = create_agent(
        &state.db,
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

async fn update(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<UpdateAgentRequest>,
) -> Result<Json<AgentView>, AppError> {
    // An admin who demotes or deactivates themselves could lock everyone out.
    if id == admin.id && (req.active == Some(false) || req.role == Some(app::auth::Role::Agent)) {
        return Err(AppError::validation(
            "id",
            "you cannot deactivate or demote your own account",
        ));
    }
    Ok(Json(update_agent(&state.db, id, req).await?))
}
