//! `/api/contacts`: saved contacts, shared by every agent; and
//! `/api/whatsapp/:accountId/profile/:phoneNumber`: the sender profile.

use super::ApiJson;
use app::{
    AppError,
    auth::ssr::Authenticated,
    contacts::{ContactInput, ContactView, SenderProfile, ssr},
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
        .routes(routes!(lookup))
        .routes(routes!(create))
        .routes(routes!(update, delete))
        .routes(routes!(profile))
}

/// The contact saved for a number.
#[utoipa::path(get, path = "/api/contacts/lookup/{phone_number}", tag = "contacts",
    params(("phone_number" = String, Path, description = "the number in any common form")),
    responses(
        (status = OK, body = ContactView),
        (status = NOT_FOUND, body = super::ErrorBody, description = "not saved (\"Tidak tersimpan di Kontak\")"),
        (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "not a phone number"),
    ))]
async fn lookup(
    State(state): State<AppState>,
    Authenticated(_): Authenticated,
    Path(phone_number): Path<String>,
) -> Result<Json<ContactView>, AppError> {
    ssr::lookup(&state.db, &phone_number)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("contact for {phone_number}")))
}

/// Saves a contact.
#[utoipa::path(post, path = "/api/contacts", tag = "contacts", request_body = ContactInput,
    responses(
        (status = CREATED, body = ContactView),
        (status = CONFLICT, body = super::ErrorBody, description = "the number is saved already"),
        (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "a field is invalid; `message` names it"),
    ))]
async fn create(
    State(state): State<AppState>,
    Authenticated(_): Authenticated,
    ApiJson(input): ApiJson<ContactInput>,
) -> Result<(StatusCode, Json<ContactView>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(ssr::create(&state.db, &input).await?),
    ))
}

/// Changes a contact.
#[utoipa::path(put, path = "/api/contacts/{id}", tag = "contacts", request_body = ContactInput,
    params(("id" = i64, Path, description = "contact id")),
    responses(
        (status = OK, body = ContactView),
        (status = NOT_FOUND, body = super::ErrorBody),
        (status = CONFLICT, body = super::ErrorBody),
        (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody),
    ))]
async fn update(
    State(state): State<AppState>,
    Authenticated(_): Authenticated,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ContactInput>,
) -> Result<Json<ContactView>, AppError> {
    Ok(Json(ssr::update(&state.db, id, &input).await?))
}

/// Deletes a contact (its conversations stay).
#[utoipa::path(delete, path = "/api/contacts/{id}", tag = "contacts",
    params(("id" = i64, Path, description = "contact id")),
    responses((status = NO_CONTENT), (status = NOT_FOUND, body = super::ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    Authenticated(_): Authenticated,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    ssr::delete(&state.db, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What is known about a number on an account: WhatsApp profile name, saved contact,
/// last contact. Twilio passes on the profile name only.
#[utoipa::path(get, path = "/api/whatsapp/{account_id}/profile/{phone_number}", tag = "contacts",
    params(("account_id" = String, Path, description = "account id"), ("phone_number" = String, Path, description = "the number")),
    responses(
        (status = OK, body = SenderProfile),
        (status = NOT_FOUND, body = super::ErrorBody, description = "unknown account"),
        (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "not a phone number"),
    ))]
async fn profile(
    State(state): State<AppState>,
    Authenticated(viewer): Authenticated,
    Path((account_id, phone_number)): Path<(String, String)>,
) -> Result<Json<SenderProfile>, AppError> {
    Ok(Json(
        ssr::profile(&state.db, &viewer, &account_id, &phone_number).await?,
    ))
}
