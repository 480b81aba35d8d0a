//! `/api/auto-reply/...`: the auto-reply patterns and the preview (admins).

use super::ApiJson;
use app::{
    AppError,
    auth::ssr::Admin,
    auto_reply::{
        PatternList, Preview, PreviewRequest,
        ssr::{patterns, preview, save_patterns},
    },
    state::AppState,
};
use axum::{Json, extract::State};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, replace))
        .routes(routes!(try_text))
}

/// The patterns, in order (admins).
#[utoipa::path(get, path = "/api/auto-reply/patterns", tag = "auto-reply", responses(
    (status = OK, body = PatternList),
    (status = FORBIDDEN, body = super::ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> Result<Json<PatternList>, AppError> {
    Ok(Json(patterns(&state.db, &admin).await?))
}

/// Replaces the patterns (admins): an invalid regular expression, or one that matches
/// every text, is refused with the reason.
#[utoipa::path(put, path = "/api/auto-reply/patterns", tag = "auto-reply", request_body = PatternList, responses(
    (status = OK, body = PatternList),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody),
))]
async fn replace(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(req): ApiJson<PatternList>,
) -> Result<Json<PatternList>, AppError> {
    let gate = &state.runtime.write_gate;
    Ok(Json(
        save_patterns(&state.db, gate, &admin, &req.patterns).await?,
    ))
}

/// Which patterns and which spam keyword a text meets (admins).
#[utoipa::path(post, path = "/api/auto-reply/preview", tag = "auto-reply", request_body = PreviewRequest, responses(
    (status = OK, body = Preview),
))]
async fn try_text(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(req): ApiJson<PreviewRequest>,
) -> Result<Json<Preview>, AppError> {
    let filters = &state.runtime.filters;
    let p = preview(
        &state.db,
        filters,
        &admin,
        &req.text,
        req.patterns.as_deref(),
    )
    .await?;
    Ok(Json(p))
}
