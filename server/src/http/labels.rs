//! `/api/labels` and `/api/inbox/chats/:threadId/labels`: the label list (everyone
//! reads it, admins change it) and the labels on a thread (its owner or an admin).

use super::ApiJson;
use app::{
    AppError,
    auth::ssr::{Admin, Authenticated},
    labels::{
        LabelChangeRequest, LabelSummary, LabelView, NewLabelRequest, ThreadLabelsRequest,
        manage::{LabelChange, create_label, delete_label, set_thread_labels, update_label},
        ssr::label_summaries,
    },
    state::AppState,
};
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(update, delete))
        .routes(routes!(set_on_thread))
}

/// Every label in order, with the number of chats that carry it (an agent's own chats;
/// every chat for admins).
#[utoipa::path(get, path = "/api/labels", tag = "labels", responses(
    (status = OK, body = Vec<LabelSummary>),
    (status = UNAUTHORIZED, body = super::ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
) -> Result<Json<Vec<LabelSummary>>, AppError> {
    Ok(Json(label_summaries(&state.db, &user).await?))
}

/// Creates a label at the end of the list (admins).
#[utoipa::path(post, path = "/api/labels", tag = "labels", request_body = NewLabelRequest, responses(
    (status = CREATED, body = LabelSummary),
    (status = CONFLICT, body = super::ErrorBody, description = "the name exists, in any case"),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "bad name or colour"),
    (status = FORBIDDEN, body = super::ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    // Before the body: an agent is refused whatever they send.
    Admin(user): Admin,
    ApiJson(req): ApiJson<NewLabelRequest>,
) -> Result<(StatusCode, Json<LabelSummary>), AppError> {
    let gate = &state.runtime.write_gate;
    let label = create_label(&state.db, gate, &user, &req.name, &req.color).await?;
    Ok((StatusCode::CREATED, Json(label)))
}

/// Renames, recolours or moves a label (admins).
#[utoipa::path(put, path = "/api/labels/{id}", tag = "labels",
    params(("id" = i64, Path, description = "label id")),
    request_body = LabelChangeRequest, responses(
        (status = OK, body = LabelSummary),
        (status = NOT_FOUND, body = super::ErrorBody),
        (status = CONFLICT, body = super::ErrorBody),
        (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody),
    ))]
async fn update(
    State(state): State<AppState>,
    // Before the body: an agent is refused whatever they send.
    Admin(user): Admin,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<LabelChangeRequest>,
) -> Result<Json<LabelSummary>, AppError> {
    let change = LabelChange {
        name: req.name,
        color: req.color,
        order: req.order,
    };
    let gate = &state.runtime.write_gate;
    Ok(Json(
        update_label(&state.db, gate, &user, id, change).await?,
    ))
}

/// What deleting a label did.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct Deleted {
    /// Chats that carried the label and no longer do.
    chats_unlabelled: u64,
}

/// Deletes a label and takes it off every chat (admins).
#[utoipa::path(delete, path = "/api/labels/{id}", tag = "labels",
    params(("id" = i64, Path, description = "label id")),
    responses((status = OK, body = Deleted), (status = NOT_FOUND, body = super::ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    Path(id): Path<i64>,
) -> Result<Json<Deleted>, AppError> {
    let n = delete_label(&state.db, &state.runtime.write_gate, &user, id).await?;
    Ok(Json(Deleted {
        chats_unlabelled: n,
    }))
}

/// Sets exactly the labels a chat carries (its owner or an admin); returns them in
/// the admins' order.
#[utoipa::path(put, path = "/api/inbox/chats/{thread_id}/labels", tag = "labels",
    params(("thread_id" = String, Path, description = "thread id, `account:number`")),
    request_body = ThreadLabelsRequest, responses(
        (status = OK, body = Vec<LabelView>),
        (status = NOT_FOUND, body = super::ErrorBody, description = "no such chat, or not the viewer's"),
        (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "an unknown label"),
    ))]
async fn set_on_thread(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    Path(thread_id): Path<String>,
    ApiJson(req): ApiJson<ThreadLabelsRequest>,
) -> Result<Json<Vec<LabelView>>, AppError> {
    let gate = &state.runtime.write_gate;
    Ok(Json(
        set_thread_labels(&state.db, gate, &user, &thread_id, &req.label_ids).await?,
    ))
}
