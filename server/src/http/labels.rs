//! `/api/labels`: the labels with their chat counts, for integrations and the filter.

use app::{
    AppError,
    auth::ssr::Authenticated,
    labels::{LabelSummary, ssr::label_summaries},
    state::AppState,
};
use axum::{Json, extract::State};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// Every label in order, with the number of chats that carry it.
#[utoipa::path(get, path = "/api/labels", tag = "labels", responses(
    (status = OK, body = Vec<LabelSummary>),
    (status = UNAUTHORIZED, body = super::ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Authenticated(_): Authenticated,
) -> Result<Json<Vec<LabelSummary>>, AppError> {
    Ok(Json(label_summaries(&state.db).await?))
}
