//! The REST API under `/api` and the health endpoints. Each surface returns its own
//! `Router<AppState>`; [`crate::router`] merges them.

mod accounts;
mod agents;
mod analytics;
pub mod assets;
mod audit;
mod auth;
mod auto_reply;
mod contacts;
mod cron;
mod csrf;
mod guard;
mod headers;
mod health;
mod json;
mod labels;
mod media;
mod messages;
mod notifications;
mod settings;
mod spam;
mod templates;
mod webhooks;
mod ws;

pub use csrf::refuse_cross_site;
pub use guard::require_login_for_pages;
pub use headers::{nonce_context, security_headers};
pub use json::ApiJson;

use app::{AppError, state::AppState};
use axum::{Json, Router, routing::any};
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;

/// Largest JSON body the API accepts.
pub const MAX_JSON_BODY: usize = 64 * 1024;

/// The body of every API error.
#[derive(ToSchema)]
#[allow(dead_code)] // Only describes the JSON that `AppError` renders.
pub struct ErrorBody {
    error: ErrorDetail,
}

/// An API error.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorDetail {
    /// Stable machine-readable code (`unauthorized`, `validation`, `not_found`, …).
    code: String,
    /// What went wrong, for people.
    message: String,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Serambi API",
        description = "The REST API of Serambi, a unified WhatsApp team inbox. Log in with \
            `POST /api/auth/login`; the `serambi_session` cookie it sets authorises the other \
            calls. Errors are `{\"error\": {\"code\", \"message\"}}`."
    ),
    components(schemas(ErrorBody, ErrorDetail))
)]
struct ApiDoc;

/// Every REST route and the OpenAPI document generated from the same handlers, served
/// at `/api/openapi.json`, plus a JSON 404 for unknown `/api` paths.
pub fn api_router() -> Router<AppState> {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(auth::router())
        .merge(accounts::router())
        .merge(analytics::router())
        .merge(audit::router())
        .merge(agents::router())
        .merge(contacts::router())
        .merge(labels::router())
        .merge(settings::router())
        .merge(spam::router())
        .merge(templates::router())
        .merge(auto_reply::router())
        .merge(notifications::router())
        .merge(cron::router())
        .merge(health::router())
        .merge(webhooks::router())
        .merge(messages::router())
        .merge(media::router())
        .split_for_parts();
    let doc = std::sync::Arc::new(doc);
    router
        .route(
            "/api/openapi.json",
            axum::routing::get(move || {
                let doc = doc.clone();
                async move { Json(doc) }
            }),
        )
        .merge(ws::router())
        .route("/api/{*rest}", any(unknown_api_route))
}

async fn unknown_api_route() -> AppError {
    AppError::NotFound("API route".into())
}
