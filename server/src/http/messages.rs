//! Chats and messages over REST: the list, history, read marks, replies and new
//! messages. Every handler only parses, authorises through the session and calls the
//! service layer the pages use too.

use super::ApiJson;
use app::{
    AppError,
    auth::ssr::Authenticated,
    inbox::{ChatListQuery, ChatPage, OwnerFilter, ssr::chat_list},
    messaging::{
        ConversationReplyRequest, MessagePage, MessageView, ReplyRequest, SendRequest,
        ssr::{
            history::{history, mark_read},
            outbound::{Draft, reply, retry, send_new},
        },
    },
    query::split_list,
    state::AppState,
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
        .routes(routes!(list_chats))
        .routes(routes!(list_conversations))
        .routes(routes!(messages))
        .routes(routes!(reply_to_thread))
        .routes(routes!(reply_to_conversation))
        .routes(routes!(read))
        .routes(routes!(send))
        .routes(routes!(retry_message))
}

/// Query string of the chat list (SPEC 14).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct ChatListParams {
    /// Comma-separated account ids; empty means all.
    accounts: Option<String>,
    /// Comma-separated label ids.
    labels: Option<String>,
    /// Only threads with unread messages.
    unread: Option<bool>,
    /// `me`, `unassigned` or `all` (agents always get their own).
    owner: Option<String>,
    /// Text in the contact's name or number or the last message.
    q: Option<String>,
    /// `nextCursor` of the previous page.
    cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
}

impl TryFrom<ChatListParams> for ChatListQuery {
    type Error = AppError;

    fn try_from(p: ChatListParams) -> Result<Self, AppError> {
        let owner = match p.owner.as_deref() {
            None => OwnerFilter::All,
            Some(text) => text
                .parse::<OwnerFilter>()
                .map_err(|e| AppError::validation("owner", e.to_string()))?,
        };
        let labels = split_list(p.labels.as_deref())
            .map(|l| {
                l.parse::<i64>()
                    .map_err(|_| AppError::validation("labels", format!("'{l}' is not a label id")))
            })
            .collect::<Result<_, _>>()?;
        if p.limit.is_some_and(|l| l == 0 || l > 200) {
            return Err(AppError::validation("limit", "must be 1 to 200"));
        }
        Ok(ChatListQuery {
            accounts: split_list(p.accounts.as_deref())
                .map(str::to_owned)
                .collect(),
            owner,
            unread: p.unread.unwrap_or(false),
            labels,
            q: p.q,
            cursor: p.cursor,
            limit: p.limit,
        })
    }
}

fn query_error(e: axum::extract::rejection::QueryRejection) -> AppError {
    AppError::validation("query", e.body_text())
}

type ChatListQueryParams = Result<Query<ChatListParams>, axum::extract::rejection::QueryRejection>;

async fn chat_page(
    state: &AppState,
    user: &app::auth::CurrentUser,
    params: ChatListQueryParams,
) -> Result<Json<ChatPage>, AppError> {
    let Query(params) = params.map_err(query_error)?;
    let query = ChatListQuery::try_from(params)?;
    Ok(Json(chat_list(&state.db, user, &query).await?))
}

/// The viewer's chat list, newest activity first, cursor-paged.
#[utoipa::path(get, path = "/api/inbox/chats", tag = "inbox", params(ChatListParams),
    responses((status = OK, body = ChatPage), (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody)))]
async fn list_chats(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    params: ChatListQueryParams,
) -> Result<Json<ChatPage>, AppError> {
    chat_page(&state, &user, params).await
}

/// The same list under seed 000's name.
#[utoipa::path(get, path = "/api/conversations", tag = "inbox", params(ChatListParams),
    responses((status = OK, body = ChatPage), (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody)))]
async fn list_conversations(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    params: ChatListQueryParams,
) -> Result<Json<ChatPage>, AppError> {
    chat_page(&state, &user, params).await
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct HistoryParams {
    /// Only messages older than this message id (`nextBefore` of the previous page).
    before: Option<i64>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A thread's history, newest first.
#[utoipa::path(get, path = "/api/inbox/chats/{thread_id}/messages", tag = "inbox",
    params(("thread_id" = String, Path, description = "`{accountId}:{contactNumber}`"), HistoryParams),
    responses((status = OK, body = MessagePage), (status = NOT_FOUND, body = super::ErrorBody)))]
async fn messages(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    Path(thread_id): Path<String>,
    params: Result<Query<HistoryParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<MessagePage>, AppError> {
    let Query(p) = params.map_err(query_error)?;
    Ok(Json(
        history(&state.db, &user, &thread_id, p.before, p.limit).await?,
    ))
}

/// Replies from the thread's account (the only account it can leave from).
#[utoipa::path(post, path = "/api/inbox/chats/{thread_id}/reply", tag = "outbox",
    params(("thread_id" = String, Path, description = "`{accountId}:{contactNumber}`")), request_body = ReplyRequest,
    responses(
        (status = ACCEPTED, body = MessageView, description = "queued in the outbox"),
        (status = FORBIDDEN, body = super::ErrorBody, description = "not the thread's owner"),
        (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "invalid body or outside the 24-hour window"),
    ))]
async fn reply_to_thread(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    Path(thread_id): Path<String>,
    ApiJson(req): ApiJson<ReplyRequest>,
) -> Result<(StatusCode, Json<MessageView>), AppError> {
    let message = reply(
        &state.db,
        &state.runtime,
        &user,
        &thread_id,
        Draft {
            body: &req.body,
            template_id: req.template_id,
            media_path: req.media_path.as_deref(),
        },
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(message)))
}

/// Seed 000's reply endpoint: the same as replying to the thread.
#[utoipa::path(post, path = "/api/conversations/reply", tag = "outbox", request_body = ConversationReplyRequest,
    responses((status = ACCEPTED, body = MessageView), (status = FORBIDDEN, body = super::ErrorBody), (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody)))]
async fn reply_to_conversation(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    ApiJson(req): ApiJson<ConversationReplyRequest>,
) -> Result<(StatusCode, Json<MessageView>), AppError> {
    let message = reply(
        &state.db,
        &state.runtime,
        &user,
        &req.thread_id,
        Draft {
            body: &req.body,
            template_id: req.template_id,
            media_path: req.media_path.as_deref(),
        },
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(message)))
}

/// A new message from the explicitly chosen account.
#[utoipa::path(post, path = "/api/outbox/send", tag = "outbox", request_body = SendRequest,
    responses(
        (status = ACCEPTED, body = MessageView, description = "queued in the outbox"),
        (status = FORBIDDEN, body = super::ErrorBody, description = "the thread belongs to another agent"),
        (status = NOT_FOUND, body = super::ErrorBody, description = "unknown account"),
        (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody),
    ))]
async fn send(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    ApiJson(req): ApiJson<SendRequest>,
) -> Result<(StatusCode, Json<MessageView>), AppError> {
    let message = send_new(
        &state.db,
        &state.runtime,
        &user,
        &req.account_id,
        &req.recipient_number,
        Draft {
            body: &req.body,
            template_id: req.template_id,
            media_path: req.media_path.as_deref(),
        },
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(message)))
}

/// Marks this inbound message and those before it read.
#[utoipa::path(patch, path = "/api/inbox/messages/{id}/read", tag = "inbox", params(("id" = i64, Path, description = "message id")),
    responses((status = NO_CONTENT), (status = NOT_FOUND, body = super::ErrorBody)))]
async fn read(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    mark_read(&state.db, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Queues a failed or unknown message again.
#[utoipa::path(post, path = "/api/inbox/messages/{id}/retry", tag = "outbox", params(("id" = i64, Path, description = "message id")),
    responses((status = ACCEPTED, body = MessageView), (status = CONFLICT, body = super::ErrorBody), (status = NOT_FOUND, body = super::ErrorBody)))]
async fn retry_message(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<MessageView>), AppError> {
    Ok((
        StatusCode::ACCEPTED,
        Json(retry(&state.db, &state.runtime, &user, id).await?),
    ))
}
