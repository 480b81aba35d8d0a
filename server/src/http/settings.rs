//! `/api/settings` (admins): every setting in one object, changed by partial objects
//! that merge; each change leaves an audit row (`/api/settings/audit`).

use super::ApiJson;
use app::{
    AppError,
    auth::ssr::Admin,
    settings::{
        AuditEntry, SettingsPatch, SettingsView,
        ssr::{apply, audit, load},
    },
    state::AppState,
};
use axum::{Json, extract::State};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_settings, put_settings))
        .routes(routes!(get_audit))
}

/// Every setting: `spamFilter`, `labels`, `display`, `escalation`.
#[utoipa::path(get, path = "/api/settings", tag = "settings", responses(
    (status = OK, body = SettingsView),
    (status = FORBIDDEN, body = super::ErrorBody),
))]
async fn get_settings(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> Result<Json<SettingsView>, AppError> {
    Ok(Json(load(&state.db, &admin).await?))
}

/// Changes settings: partial objects merge into the stored ones (`{"escalation":
/// {"timeoutSeconds": 600}}` changes only the timeout). Checked whole before anything
/// is stored; every changed key is audited.
#[utoipa::path(put, path = "/api/settings", tag = "settings", request_body = SettingsPatch, responses(
    (status = OK, body = SettingsView),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody),
    (status = FORBIDDEN, body = super::ErrorBody),
))]
async fn put_settings(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(patch): ApiJson<SettingsPatch>,
) -> Result<Json<SettingsView>, AppError> {
    let page = apply(&state.db, &state.runtime.write_gate, &admin, &patch).await?;
    Ok(Json(page.settings))
}

/// The latest setting changes, newest first: who, when, before and after.
#[utoipa::path(get, path = "/api/settings/audit", tag = "settings", responses(
    (status = OK, body = Vec<AuditEntry>),
    (status = FORBIDDEN, body = super::ErrorBody),
))]
async fn get_audit(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    Ok(Json(audit(&state.db, &admin).await?))
}
