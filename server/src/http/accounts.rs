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
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    routing::{get, put},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/whatsapp/sessions", get(list).post(create))
        .route(
            "/api/whatsapp/sessions/{id}",
            put(update).delete(deactivate),
        )
}

async fn list(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
) -> Result<Json<Vec<AccountView>>, AppError> {
    Ok(Json(list_accounts(&state.db, user.is_admin()).await?))
}

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

async fn update(
    State(state): State<AppState>,
    Admin(_): Admin,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<UpdateAccountRequest>,
) -> Result<Json<AccountView>, AppError> {
    Ok(Json(update_account(&state.db, &id, req).await?))
}

async fn deactivate(
    State(state): State<AppState>,
    Admin(_): Admin,
    Path(id): Path<String>,
) -> Result<Json<AccountView>, AppError> {
    Ok(Json(deactivate_account(&state.db, &id).await?))
}
