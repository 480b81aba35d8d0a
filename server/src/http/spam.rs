//! `/api/spam/...`: the spam filter's keywords and options, and the log of the
//! messages it blocked (admins).

use super::ApiJson;
use app::{
    AppError,
    auth::ssr::Admin,
    domain::spam::SpamOptions,
    messaging::ssr::{InboundOutcome, restore_blocked},
    spam::{
        BlockedPage, KeywordChangeRequest, NewKeywordRequest, SpamKeyword,
        ssr::{
            add_keyword, blocked_log, clear_blocked, delete_keyword, list_keywords, set_options,
            update_keyword,
        },
    },
    state::AppState,
};
use axum::{
    Json,
    extract::{Path, Query, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(keywords, create))
        .routes(routes!(update, delete))
        .routes(routes!(options, put_options))
        .routes(routes!(blocked, clear))
        .routes(routes!(restore))
}

/// Every spam keyword, oldest first (admins).
#[utoipa::path(get, path = "/api/spam/keywords", tag = "spam", responses(
    (status = OK, body = Vec<SpamKeyword>),
    (status = FORBIDDEN, body = super::ErrorBody),
))]
async fn keywords(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<Json<Vec<SpamKeyword>>, AppError> {
    Ok(Json(list_keywords(&state.db).await?))
}

/// Adds a keyword (admins); the same words in any case are refused.
#[utoipa::path(post, path = "/api/spam/keywords", tag = "spam", request_body = NewKeywordRequest, responses(
    (status = CREATED, body = SpamKeyword),
    (status = CONFLICT, body = super::ErrorBody, description = "the keyword exists"),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "empty or too long"),
))]
async fn create(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(req): ApiJson<NewKeywordRequest>,
) -> Result<(StatusCode, Json<SpamKeyword>), AppError> {
    let rt = &state.runtime;
    let k = add_keyword(&state.db, &rt.write_gate, &admin, &req.keyword, req.enabled).await?;
    Ok((StatusCode::CREATED, Json(k)))
}

/// Changes a keyword's words or switches it on or off (admins).
#[utoipa::path(put, path = "/api/spam/keywords/{id}", tag = "spam",
    params(("id" = i64, Path, description = "keyword id")),
    request_body = KeywordChangeRequest, responses(
        (status = OK, body = SpamKeyword),
        (status = NOT_FOUND, body = super::ErrorBody),
        (status = CONFLICT, body = super::ErrorBody),
    ))]
async fn update(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<KeywordChangeRequest>,
) -> Result<Json<SpamKeyword>, AppError> {
    let gate = &state.runtime.write_gate;
    Ok(Json(
        update_keyword(&state.db, gate, &admin, id, req).await?,
    ))
}

/// Deletes a keyword (admins).
#[utoipa::path(delete, path = "/api/spam/keywords/{id}", tag = "spam",
    params(("id" = i64, Path, description = "keyword id")),
    responses((status = NO_CONTENT), (status = NOT_FOUND, body = super::ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    delete_keyword(&state.db, &state.runtime.write_gate, &admin, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How keywords are matched (admins).
#[utoipa::path(get, path = "/api/spam/options", tag = "spam", responses(
    (status = OK, body = SpamOptionsBody),
))]
async fn options(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<Json<SpamOptionsBody>, AppError> {
    let o = app::messaging::ssr::filters::spam_options(&state.db).await?;
    Ok(Json(o.into()))
}

/// Sets how keywords are matched (admins).
#[utoipa::path(put, path = "/api/spam/options", tag = "spam", request_body = SpamOptionsBody, responses(
    (status = OK, body = SpamOptionsBody),
))]
async fn put_options(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(req): ApiJson<SpamOptionsBody>,
) -> Result<Json<SpamOptionsBody>, AppError> {
    let options = SpamOptions {
        case_insensitive: req.case_insensitive,
        partial_match: req.partial_match,
    };
    let o = set_options(&state.db, &state.runtime.write_gate, &admin, options).await?;
    Ok(Json(o.into()))
}

/// The spam filter's options as JSON.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct SpamOptionsBody {
    /// Ignore letter case.
    case_insensitive: bool,
    /// Match inside words; off means whole words only.
    partial_match: bool,
}

impl From<SpamOptions> for SpamOptionsBody {
    fn from(o: SpamOptions) -> Self {
        Self {
            case_insensitive: o.case_insensitive,
            partial_match: o.partial_match,
        }
    }
}

/// Query of `GET /api/spam/blocked`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct BlockedQuery {
    /// Only this account's messages.
    account: Option<String>,
    /// `nextCursor` of the previous page.
    cursor: Option<String>,
    /// Entries per page (1–100, default 50).
    limit: Option<u64>,
}

/// The blocked log, newest first, paged (admins).
#[utoipa::path(get, path = "/api/spam/blocked", tag = "spam", params(BlockedQuery), responses(
    (status = OK, body = BlockedPage),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "bad cursor"),
))]
async fn blocked(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Query(q): Query<BlockedQuery>,
) -> Result<Json<BlockedPage>, AppError> {
    let page = blocked_log(
        &state.db,
        &admin,
        q.account.as_deref(),
        q.cursor.as_deref(),
        q.limit.unwrap_or(50),
    )
    .await?;
    Ok(Json(page))
}

/// Empties the blocked log (admins).
#[utoipa::path(delete, path = "/api/spam/blocked", tag = "spam", responses(
    (status = OK, body = Cleared),
))]
async fn clear(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> Result<Json<Cleared>, AppError> {
    let deleted = clear_blocked(&state.db, &state.runtime.write_gate, &admin).await?;
    Ok(Json(Cleared { deleted }))
}

/// What `DELETE /api/spam/blocked` removed.
#[derive(Debug, Serialize, ToSchema)]
struct Cleared {
    /// Entries removed.
    deleted: u64,
}

/// Where a restored message went.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct Restored {
    /// Its thread.
    thread_id: String,
    /// The stored message.
    message_id: i64,
    /// Whether it opened a new lead.
    new_lead: bool,
}

/// Puts a blocked message into its thread as if it had passed the filter at its
/// original time (admins); once only.
#[utoipa::path(post, path = "/api/spam/blocked/{id}/restore", tag = "spam",
    params(("id" = i64, Path, description = "blocked log entry id")),
    responses(
        (status = OK, body = Restored),
        (status = NOT_FOUND, body = super::ErrorBody),
        (status = CONFLICT, body = super::ErrorBody, description = "already restored"),
    ))]
async fn restore(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
) -> Result<Json<Restored>, AppError> {
    let rt = &state.runtime;
    match restore_blocked(&state.db, &rt.write_gate, &rt.filters, &admin, id).await? {
        InboundOutcome::Stored {
            thread_id,
            message_id,
            new_lead,
            ..
        } => Ok(Json(Restored {
            thread_id,
            message_id,
            new_lead,
        })),
        _ => Err(AppError::Conflict("Pesan ini sudah ada di inbox.".into())),
    }
}
