//! `GET /api/audit` (admins): the audit trail of every admin change, newest first.

use app::{
    AppError,
    audit::{AuditPage, AuditQuery, ssr::list},
    auth::ssr::Admin,
    state::AppState,
};
use axum::{
    Json,
    extract::{Query, State},
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(index))
}

/// A page of the audit trail: every admin change with who made it, when, the kind and
/// the action, and the value before and after (secrets only as `"(diubah)"`), newest
/// first; `actor` and `kind` narrow it, `cursor` pages on.
#[utoipa::path(get, path = "/api/audit", tag = "audit", params(AuditQuery), responses(
    (status = OK, body = AuditPage),
    (status = FORBIDDEN, body = super::ErrorBody),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "a cursor that is not one of this list, or an unknown kind"),
))]
async fn index(
    State(state): State<AppState>,
    Admin(admin): Admin,
    query: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<AuditPage>, AppError> {
    let Query(query) = query.map_err(|e| AppError::validation("query", e.body_text()))?;
    Ok(Json(list(&state.db, &admin, &query).await?))
}
