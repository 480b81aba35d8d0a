//! `/api/templates`: quick replies. Everyone logged in reads them (the composer's
//! picker); admins change them; the customer's answer earns a template its points.

use super::ApiJson;
use app::{
    AppError,
    auth::ssr::{Admin, Authenticated},
    state::AppState,
    templates::{
        TemplateCredit, TemplateReplyRequest, TemplateRequest, TemplateView,
        ssr::{create_template, credit_reply, delete_template, list_templates, update_template},
    },
};
use axum::{
    Json,
    extract::{Path, Query, State},
    http::StatusCode,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(top))
        .routes(routes!(update, delete))
        .routes(routes!(reply))
}

/// Every template, most points first.
#[utoipa::path(get, path = "/api/templates", tag = "templates", responses(
    (status = OK, body = Vec<TemplateView>),
    (status = UNAUTHORIZED, body = super::ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
) -> Result<Json<Vec<TemplateView>>, AppError> {
    Ok(Json(list_templates(&state.db, &user, None).await?))
}

/// `GET /api/templates/top`.
#[derive(Debug, Deserialize, IntoParams)]
struct TopQuery {
    /// How many (1–50, default 10).
    limit: Option<u64>,
}

/// The templates with the most points.
#[utoipa::path(get, path = "/api/templates/top", tag = "templates", params(TopQuery), responses(
    (status = OK, body = Vec<TemplateView>),
    (status = UNAUTHORIZED, body = super::ErrorBody),
))]
async fn top(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    Query(q): Query<TopQuery>,
) -> Result<Json<Vec<TemplateView>>, AppError> {
    let limit = Some(q.limit.unwrap_or(10));
    Ok(Json(list_templates(&state.db, &user, limit).await?))
}

/// Creates a template (admins).
#[utoipa::path(post, path = "/api/templates", tag = "templates", request_body = TemplateRequest, responses(
    (status = CREATED, body = TemplateView),
    (status = CONFLICT, body = super::ErrorBody, description = "the shortcut is taken"),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "unknown placeholder, bad Content SID, …"),
    (status = FORBIDDEN, body = super::ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    // Before the body: an agent is refused whatever they send.
    Admin(user): Admin,
    ApiJson(req): ApiJson<TemplateRequest>,
) -> Result<(StatusCode, Json<TemplateView>), AppError> {
    let saved = create_template(&state.db, &state.runtime.write_gate, &user, &req).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Replaces a template's text and settings (admins); its points stay.
#[utoipa::path(put, path = "/api/templates/{id}", tag = "templates", params(("id" = i64, Path, description = "template id")),
    request_body = TemplateRequest, responses(
    (status = OK, body = TemplateView),
    (status = NOT_FOUND, body = super::ErrorBody),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody),
    (status = FORBIDDEN, body = super::ErrorBody),
))]
async fn update(
    State(state): State<AppState>,
    // Before the body: an agent is refused whatever they send.
    Admin(user): Admin,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<TemplateRequest>,
) -> Result<Json<TemplateView>, AppError> {
    let gate = &state.runtime.write_gate;
    Ok(Json(
        update_template(&state.db, gate, &user, id, &req).await?,
    ))
}

/// Deletes a template (admins).
#[utoipa::path(delete, path = "/api/templates/{id}", tag = "templates", params(("id" = i64, Path, description = "template id")),
    responses(
    (status = NO_CONTENT),
    (status = NOT_FOUND, body = super::ErrorBody),
    (status = FORBIDDEN, body = super::ErrorBody),
))]
async fn delete(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    delete_template(&state.db, &state.runtime.write_gate, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The customer answered a message sent from this template: +3 points, once per
/// message (a second call for the same message changes nothing).
#[utoipa::path(post, path = "/api/templates/{id}/reply", tag = "templates", params(("id" = i64, Path, description = "template id")),
    request_body = TemplateReplyRequest, responses(
    (status = OK, body = TemplateCredit),
    (status = NOT_FOUND, body = super::ErrorBody, description = "no such message sent from this template, or not yours"),
))]
async fn reply(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<TemplateReplyRequest>,
) -> Result<Json<TemplateCredit>, AppError> {
    let gate = &state.runtime.write_gate;
    Ok(Json(
        credit_reply(&state.db, gate, &user, id, req.message_id).await?,
    ))
}
