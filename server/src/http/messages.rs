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
            outbound::{reply, retry, send_new},
        },
    },
    state::AppState,
};
use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::StatusCode,
    routing::{get, patch, post},
};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/inbox/chats", get(list_chats))
        .route("/api/conversations", get(list_chats))
        .route("/api/inbox/chats/{thread_id}/messages", get(messages))
        .route("/api/inbox/chats/{thread_id}/reply", post(reply_to_thread))
        .route("/api/conversations/reply", post(reply_to_conversation))
        .route("/api/inbox/messages/{id}/read", patch(read))
        .route("/api/outbox/send", post(send))
        .route("/api/inbox/messages/{id}/retry", post(retry_message))
}

/// Query string of the chat list (SPEC 14).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ChatListParams {
    accounts: Option<String>,
    labels: Option<String>,
    unread: Option<bool>,
    owner: Option<String>,
    q: Option<String>,
    cursor: Option<String>,
    limit: Option<u32>,
}

fn comma_list(s: Option<&str>) -> Vec<String> {
    s.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

impl TryFrom<ChatListParams> for ChatListQuery {
    type Error = AppError;

    fn try_from(p: ChatListParams) -> Result<Self, AppError> {
        let owner = match p.owner.as_deref() {
            None | Some("all") => OwnerFilter::All,
            Some("me" | "mine") => OwnerFilter::Mine,
            Some("unassigned") => OwnerFilter::Unassigned,
            Some(other) => {
                return Err(AppError::validation(
                    "owner",
                    format!("must be me, unassigned or all (got '{other}')"),
                ));
            }
        };
        let labels = comma_list(p.labels.as_deref())
            .into_iter()
            .map(|l| {
                l.parse::<i64>()
                    .map_err(|_| AppError::validation("labels", format!("'{l}' is not a label id")))
            })
            .collect::<Result<_, _>>()?;
        if p.limit.is_some_and(|l| l == 0 || l > 200) {
            return Err(AppError::validation("limit", "must be 1 to 200"));
        }
        Ok(ChatListQuery {
            accounts: comma_list(p.accounts.as_deref()),
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

async fn list_chats(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    params: Result<Query<ChatListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ChatPage>, AppError> {
    let Query(params) = params.map_err(query_error)?;
    let query = ChatListQuery::try_from(params)?;
    Ok(Json(chat_list(&state.db, &user, &query).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct HistoryParams {
    before: Option<i64>,
    limit: Option<u32>,
}

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

async fn reply_to_thread(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    Path(thread_id): Path<String>,
    ApiJson(req): ApiJson<ReplyRequest>,
) -> Result<(StatusCode, Json<MessageView>), AppError> {
    if req.media_path.is_some() {
        return Err(AppError::validation(
            "mediaPath",
            "attachments are not supported yet",
        ));
    }
    let message = reply(
        &state.db,
        &state.runtime,
        &user,
        &thread_id,
        &req.body,
        req.template_id,
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(message)))
}

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
        &req.body,
        req.template_id,
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(message)))
}

async fn send(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    ApiJson(req): ApiJson<SendRequest>,
) -> Result<(StatusCode, Json<MessageView>), AppError> {
    if req.media_path.is_some() {
        return Err(AppError::validation(
            "mediaPath",
            "attachments are not supported yet",
        ));
    }
    let message = send_new(
        &state.db,
        &state.runtime,
        &user,
        &req.account_id,
        &req.recipient_number,
        &req.body,
        req.template_id,
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(message)))
}

async fn read(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    mark_read(&state.db, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

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
