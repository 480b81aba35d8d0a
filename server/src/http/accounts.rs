//! `/api/whatsapp/sessions`: the accounts. Everyone logged in lists them (the
//! account filter needs them); only admins change them.

use super::ApiJson;
use app::{
    AppError,
    accounts::{
        AccountView, CreateAccountRequest, UpdateAccountRequest,
        ssr::{create_account, deactivate_account, list_accounts, update_account},
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
    Admin(_): Admin,
    ApiJson(req): ApiJson<CreateAccountRequest>,
) -> Result<(StatusCode, Json<AccountView>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(create_account(&state.db, req).await?),
    ))
}

/// Changes an account (admins).
#[utoipa::path(put, path = "/api/whatsapp/sessions/{id}", tag = "accounts", params(("id" = String, Path, description = "account id")),
    request_body = UpdateAccountRequest, responses((status = OK, body = AccountView), (status = NOT_FOUND, body = super::ErrorBody)))]
async fn update(
    State(state): State<AppState>,
    Admin(_): Admin,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<UpdateAccountRequest>,
) -> Result<Json<AccountView>, AppError> {
    Ok(Json(update_account(&state.db, &id, req).await?))
}

/// Deactivates an account (admins); its history stays.
#[utoipa::path(delete, path = "/api/whatsapp/sessions/{id}", tag = "accounts", params(("id" = String, Path, description = "account id")),
    responses((status = OK, body = AccountView), (status = NOT_FOUND, body = super::ErrorBody)))]
async fn deactivate(
    State(state): State<AppState>,
    Admin(_): Admin,
    Path(id): Path<String>,
) -> Result<Json<AccountView>, AppError> {
    Ok(Json(deactivate_account(&state.db, &id).await?))
}
