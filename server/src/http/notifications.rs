//! `/api/notifications`: the viewer's own notices, unread first, and dismissing one.

use app::{
    AppError,
    auth::ssr::Authenticated,
    notifications::{
        NotificationPage, NotificationView,
        ssr::{dismiss, list},
    },
    state::AppState,
};
use axum::{
    Json,
    extract::{Path, Query, State},
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(index))
        .routes(routes!(dismiss_one))
}

/// Query of `GET /api/notifications`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PageQuery {
    /// `nextCursor` of the previous page.
    cursor: Option<String>,
    /// Notices per page (1–100, default 20).
    limit: Option<u64>,
}

/// The viewer's notices, unread first, newest first within each; paged.
#[utoipa::path(get, path = "/api/notifications", tag = "notifications", params(PageQuery), responses(
    (status = OK, body = NotificationPage),
    (status = UNAUTHORIZED, body = super::ErrorBody),
))]
async fn index(
    State(state): State<AppState>,
    Authenticated(viewer): Authenticated,
    Query(q): Query<PageQuery>,
) -> Result<Json<NotificationPage>, AppError> {
    let page = list(
        &state.db,
        &viewer,
        q.cursor.as_deref(),
        q.limit.unwrap_or(20),
    )
    .await?;
    Ok(Json(page))
}

/// Dismisses one of the viewer's notices (another agent's is not found); repeating
/// it changes nothing.
#[utoipa::path(post, path = "/api/notifications/{id}/dismiss", tag = "notifications",
    params(("id" = i64, Path, description = "notification id")),
    responses(
        (status = OK, body = NotificationView),
        (status = NOT_FOUND, body = super::ErrorBody),
    ))]
async fn dismiss_one(
    State(state): State<AppState>,
    Authenticated(viewer): Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<NotificationView>, AppError> {
    Ok(Json(
        dismiss(&state.db, &state.runtime.write_gate, &viewer, id).await?,
    ))
}
