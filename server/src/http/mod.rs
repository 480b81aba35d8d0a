//! The REST API under `/api` and the health endpoints. Each surface returns its own
//! `Router<AppState>`; [`crate::router`] merges them.

mod accounts;
mod agents;
mod auth;
mod guard;
mod health;
mod json;
mod messages;
mod webhooks;

pub use guard::require_login_for_pages;
pub use json::ApiJson;

use app::{AppError, state::AppState};
use axum::{Router, routing::any};

/// Largest JSON body the API accepts.
pub const MAX_JSON_BODY: usize = 64 * 1024;

/// Every REST route, with a JSON 404 for unknown `/api` paths.
pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(auth::router())
        .merge(accounts::router())
        .merge(agents::router())
        .merge(health::router())
        .merge(webhooks::router())
        .merge(messages::router())
        .route("/api/{*rest}", any(unknown_api_route))
}

async fn unknown_api_route() -> AppError {
    AppError::NotFound("API route".into())
}
