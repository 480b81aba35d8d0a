//! Server functions of the inbox: thin doors onto the inbox and messaging services.

use super::{
    ChatListQuery, ChatPage,
    detail::{SenderOptions, ThreadDetail},
};
use crate::codec::JsonText;
use crate::{
    accounts::AccountView,
    error::AppError,
    messaging::{MessagePage, MessageView},
};
use leptos::prelude::*;

/// A page of the viewer's chat list.
#[server(prefix = "/api/rpc", endpoint = "list_chats", input = JsonText, output = JsonText)]
pub async fn list_chats(query: ChatListQuery) -> Result<ChatPage, AppError> {
    crate::state::as_user(async |state, viewer| {
        super::ssr::chat_list(&state.db, &viewer, &query).await
    })
    .await
}

/// The active accounts, for the filter bar and the sender picker.
#[server(prefix = "/api/rpc", endpoint = "inbox_accounts", input = JsonText, output = JsonText)]
pub async fn inbox_accounts() -> Result<Vec<AccountView>, AppError> {
    crate::state::as_user(async |state, _| {
        crate::accounts::ssr::list_accounts(&state.db, false).await
    })
    .await
}

/// Every label, for the label filter.
#[server(prefix = "/api/rpc", endpoint = "inbox_labels", input = JsonText, output = JsonText)]
pub async fn inbox_labels() -> Result<Vec<crate::labels::LabelView>, AppError> {
    crate::state::as_user(async |state, _| crate::labels::ssr::list_labels(&state.db).await).await
}

/// One thread's header and lead details.
#[server(prefix = "/api/rpc", endpoint = "load_thread", input = JsonText, output = JsonText)]
pub async fn load_thread(thread_id: String) -> Result<ThreadDetail, AppError> {
    crate::state::as_user(async |state, viewer| {
        super::detail_ssr::thread_detail(&state.db, &viewer, &thread_id).await
    })
    .await
}

/// A page of a thread's messages older than `before`, newest first.
#[server(prefix = "/api/rpc", endpoint = "thread_messages", input = JsonText, output = JsonText)]
pub async fn thread_messages(
    thread_id: String,
    before: Option<i64>,
) -> Result<MessagePage, AppError> {
    crate::state::as_user(async |state, viewer| {
        crate::messaging::ssr::history::history(&state.db, &viewer, &thread_id, before, Some(50))
            .await
    })
    .await
}

/// Marks inbound message `id` and those before it read.
#[server(prefix = "/api/rpc", endpoint = "mark_read", input = JsonText, output = JsonText)]
pub async fn mark_read(id: i64) -> Result<(), AppError> {
    crate::state::as_user(async |state, viewer| {
        crate::messaging::ssr::history::mark_read(&state.db, &viewer, id).await
    })
    .await
}

/// Replies in a thread, from the thread's account (the request cannot name another).
#[server(prefix = "/api/rpc", endpoint = "send_reply", input = JsonText, output = JsonText)]
pub async fn send_reply(
    thread_id: String,
    body: String,
    media_path: Option<String>,
    template_id: Option<i64>,
) -> Result<MessageView, AppError> {
    crate::state::as_user(async |state, viewer| {
        let draft = crate::messaging::ssr::outbound::Draft {
            body: &body,
            template_id,
            media_path: media_path.as_deref(),
        };
        crate::messaging::ssr::outbound::reply(
            &state.db,
            &state.runtime,
            &viewer,
            &thread_id,
            draft,
        )
        .await
    })
    .await
}

/// Sends a new message from the explicitly chosen account.
#[server(prefix = "/api/rpc", endpoint = "send_new_message", input = JsonText, output = JsonText)]
pub async fn send_new_message(
    account_id: String,
    recipient: String,
    body: String,
) -> Result<MessageView, AppError> {
    crate::state::as_user(async |state, viewer| {
        let draft = crate::messaging::ssr::outbound::Draft {
            body: &body,
            template_id: None,
            media_path: None,
        };
        crate::messaging::ssr::outbound::send_new(
            &state.db,
            &state.runtime,
            &viewer,
            &account_id,
            &recipient,
            draft,
        )
        .await
    })
    .await
}

/// Queues a failed or unknown message again.
#[server(prefix = "/api/rpc", endpoint = "retry_message", input = JsonText, output = JsonText)]
pub async fn retry_message(id: i64) -> Result<MessageView, AppError> {
    crate::state::as_user(async |state, viewer| {
        crate::messaging::ssr::outbound::retry(&state.db, &state.runtime, &viewer, id).await
    })
    .await
}

/// Which accounts a new message to `recipient` may leave from (SPEC 5.1).
#[server(prefix = "/api/rpc", endpoint = "recipient_senders", input = JsonText, output = JsonText)]
pub async fn recipient_senders(
    recipient: String,
    open_account: Option<String>,
) -> Result<SenderOptions, AppError> {
    crate::state::as_user(async |state, viewer| {
        super::detail_ssr::sender_options(&state.db, &viewer, &recipient, open_account.as_deref())
            .await
    })
    .await
}
