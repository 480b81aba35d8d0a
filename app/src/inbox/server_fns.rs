//! Server functions of the inbox.

use super::{ChatListQuery, ChatPage};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A page of the viewer's chat list.
#[server(prefix = "/api/rpc", endpoint = "list_chats", input = Json)]
pub async fn list_chats(query: ChatListQuery) -> Result<ChatPage, AppError> {
    let result = async {
        let state = crate::state::app_state()?;
        let viewer = crate::state::current_user().await?;
        super::ssr::chat_list(&state.db, &viewer, &query).await
    }
    .await;
    crate::error::respond(result)
}
