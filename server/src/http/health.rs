//! `/healthz` (the process answers) and `/readyz` (the database answers).

use app::state::AppState;
use axum::{Json, extract::State, http::StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = OK, description = "up")))]
async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// The database answers.
#[utoipa::path(get, path = "/readyz", tag = "health", responses(
    (status = OK, description = "ready"),
    (status = SERVICE_UNAVAILABLE, description = "database unreachable"),
))]
async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let backend = state.db.get_database_backend();
    let ping = state
        .db
        .execute(sea_orm::Statement::from_string(backend, "SELECT 1"))
        .await;
    match ping {
        Ok(_) => (StatusCode::OK, Json(json!({ "status": "ready" }))),
        Err(e) => {
            tracing::warn!("readiness check failed: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "reason": "database unreachable" })),
            )
        }
    }
}
