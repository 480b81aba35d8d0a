//! `/api/whatsapp/sessions`: the accounts. Everyone logged in lists them (the
//! account filter needs them); only admins change them.

use super::ApiJson;
use app::{
    AppError,
    accounts::{
        AccountView, AccountsOverview, CreateAccountRequest, MembersRequest, UpdateAccountRequest,
        admin_ssr::{members, overview, set_members},
        ssr::{admin, list_accounts},
    },
    auth::ssr::{Admin, Authenticated},
    state::AppState,
};
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(update, deactivate))
        .routes(routes!(get_members, put_members))
        .routes(routes!(admin_overview))
}

/// Accounts (inactive ones for admins only).
#[utoipa::path(get, path = "/api/whatsapp/sessions", tag = "accounts", responses((status = OK, body = Vec<AccountView>)))]
async fn list(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
) -> Result<Json<Vec<AccountView>>, AppError> {
    Ok(Json(list_accounts(&state.db, user.is_admin()).await?))
}

/// Adds an account (admins).
#[utoipa::path(post, path = "/api/whatsapp/sessions", tag = "accounts", request_body = CreateAccountRequest, responses(
    (status = CREATED, body = AccountView),
    (status = CONFLICT, body = super::ErrorBody, description = "id or number taken"),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(req): ApiJson<CreateAccountRequest>,
) -> Result<(StatusCode, Json<AccountView>), AppError> {
    let rt = &state.runtime;
    let created = admin::create(&state.db, &rt.write_gate, &rt.vault, &admin, req).await?;
    state.runtime.signing_tokens.forget();
    Ok((StatusCode::CREATED, Json(created)))
}

/// Changes an account (admins).
#[utoipa::path(put, path = "/api/whatsapp/sessions/{id}", tag = "accounts", params(("id" = String, Path, description = "account id")),
    request_body = UpdateAccountRequest, responses((status = OK, body = AccountView), (status = NOT_FOUND, body = super::ErrorBody)))]
async fn update(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<UpdateAccountRequest>,
) -> Result<Json<AccountView>, AppError> {
    let rt = &state.runtime;
    let updated = admin::update(&state.db, &rt.write_gate, &rt.vault, &admin, &id, req).await?;
    state.runtime.signing_tokens.forget();
    Ok(Json(updated))
}

/// Deactivates an account (admins); its history stays.
#[utoipa::path(delete, path = "/api/whatsapp/sessions/{id}", tag = "accounts", params(("id" = String, Path, description = "account id")),
    responses((status = OK, body = AccountView), (status = NOT_FOUND, body = super::ErrorBody)))]
async fn deactivate(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
) -> Result<Json<AccountView>, AppError> {
    let gate = &state.runtime.write_gate;
    Ok(Json(admin::deactivate(&state.db, gate, &admin, &id).await?))
}

/// Who serves an account (admins); an empty list means every agent.
#[utoipa::path(get, path = "/api/whatsapp/sessions/{id}/members", tag = "accounts", params(("id" = String, Path, description = "account id")),
    responses((status = OK, body = MembersRequest), (status = NOT_FOUND, body = super::ErrorBody), (status = FORBIDDEN, body = super::ErrorBody)))]
async fn get_members(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
) -> Result<Json<MembersRequest>, AppError> {
    Ok(Json(members(&state.db, &admin, &id).await?))
}

/// Sets exactly who serves an account (admins). New leads on it go round-robin among
/// its available members only; an empty list gives it back to everyone.
#[utoipa::path(put, path = "/api/whatsapp/sessions/{id}/members", tag = "accounts", params(("id" = String, Path, description = "account id")),
    request_body = MembersRequest, responses(
    (status = OK, body = MembersRequest),
    (status = NOT_FOUND, body = super::ErrorBody),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "an unknown agent"),
))]
async fn put_members(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<MembersRequest>,
) -> Result<Json<MembersRequest>, AppError> {
    let gate = &state.runtime.write_gate;
    Ok(Json(
        set_members(&state.db, gate, &admin, &id, &req.agent_ids).await?,
    ))
}

/// Every account with its members, health (last webhook, messages today, failures in
/// 24 hours) and credential hints, and the webhook URLs to paste into Twilio (admins).
/// An auth token is never returned, only its last four characters.
#[utoipa::path(get, path = "/api/whatsapp/overview", tag = "accounts", responses(
    (status = OK, body = AccountsOverview),
    (status = FORBIDDEN, body = super::ErrorBody),
))]
async fn admin_overview(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> Result<Json<AccountsOverview>, AppError> {
    Ok(Json(overview(&state.db, &admin, &state.runtime).await?))
}
