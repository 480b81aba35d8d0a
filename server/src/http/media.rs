//! `GET /api/media/:id`: an inbound attachment, only for agents who may see its thread.

use app::{
    AppError, auth::ssr::Authenticated, messaging::ssr::media::stored_file, state::AppState,
};
use axum::{
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(media))
}

/// The file of attachment `id`.
#[utoipa::path(get, path = "/api/media/{id}", tag = "inbox", params(("id" = i64, Path, description = "attachment id")),
    responses(
        (status = OK, content_type = "application/octet-stream", description = "the file, with its content type"),
        (status = NOT_FOUND, body = super::ErrorBody, description = "unknown, not downloaded yet, or not yours"),
    ))]
async fn media(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (path, content_type) = stored_file(&state.db, &user, &state.runtime.media_dir, id).await?;
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|e| AppError::internal(format!("reading {}: {e}", path.display())))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            // Private to the logged-in agent; never cached by shared proxies.
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
