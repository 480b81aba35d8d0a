//! `/healthz` (the process answers) and `/readyz` (the database answers).

use app::state::AppState;
use axum::{Json, Router, extract::State, http::StatusCode, routing::get};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

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
