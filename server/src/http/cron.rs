//! `GET /api/cron/check-escalations`: escalation for an outside scheduler (a cron job,
//! Vercel Cron). Runs the same claim as the in-server worker, so both may run.

use app::{escalation::Report, state::AppState};
use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(check_escalations))
}

/// Escalates every lead that is due now and says what it did.
#[utoipa::path(get, path = "/api/cron/check-escalations", tag = "escalation",
    responses(
        (status = OK, body = Report),
        (status = UNAUTHORIZED, body = super::ErrorBody, description = "missing or wrong bearer token, or CRON_SECRET unset"),
    ))]
async fn check_escalations(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let allowed = match (&state.runtime.cron_secret, presented) {
        (Some(secret), Some(token)) => same(secret.expose().as_bytes(), token.trim().as_bytes()),
        _ => false,
    };
    if !allowed {
        let message = if state.runtime.cron_secret.is_some() {
            "send `Authorization: Bearer <CRON_SECRET>`"
        } else {
            "CRON_SECRET is not set on this server, so the cron endpoint is closed"
        };
        let body = serde_json::json!({ "error": { "code": "unauthorized", "message": message } });
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    let now = state.runtime.clock.now();
    match app::escalation::ssr::run(&state.db, &state.runtime.write_gate, now).await {
        Ok(report) => Json(report).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Compares in time that does not depend on where the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
