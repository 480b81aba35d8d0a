//! Server functions of the spam filter page: thin doors onto [`super::ssr`] (and the
//! restore in the inbound flow), which check the role themselves.

use super::{BlockedPage, SpamKeyword, SpamOverview};
use crate::codec::JsonText;
use crate::{domain::spam::SpamOptions, error::AppError};
use leptos::prelude::*;

/// Keywords, options and today's count (admins).
#[server(prefix = "/api/rpc", endpoint = "spam_overview", input = JsonText, output = JsonText)]
pub async fn load_spam_overview() -> Result<SpamOverview, AppError> {
    crate::state::as_user(async |state, user| {
        super::ssr::overview(&state.db, &user, chrono::Utc::now()).await
    })
    .await
}

/// Adds a keyword (admins).
#[server(prefix = "/api/rpc", endpoint = "spam_keyword_add", input = JsonText, output = JsonText)]
pub async fn add_keyword(keyword: String) -> Result<SpamKeyword, AppError> {
    crate::state::as_user(async |state, user| {
        let gate = &state.runtime.write_gate;
        super::ssr::add_keyword(&state.db, gate, &user, &keyword, true).await
    })
    .await
}

/// Switches a keyword on or off (admins).
#[server(prefix = "/api/rpc", endpoint = "spam_keyword_toggle", input = JsonText, output = JsonText)]
pub async fn toggle_keyword(id: i64, enabled: bool) -> Result<SpamKeyword, AppError> {
    crate::state::as_user(async |state, user| {
        let change = super::KeywordChangeRequest {
            keyword: None,
            enabled: Some(enabled),
        };
        let gate = &state.runtime.write_gate;
        super::ssr::update_keyword(&state.db, gate, &user, id, change).await
    })
    .await
}

/// Deletes a keyword (admins).
#[server(prefix = "/api/rpc", endpoint = "spam_keyword_delete", input = JsonText, output = JsonText)]
pub async fn delete_keyword(id: i64) -> Result<(), AppError> {
    crate::state::as_user(async |state, user| {
        super::ssr::delete_keyword(&state.db, &state.runtime.write_gate, &user, id).await
    })
    .await
}

/// Stores the matching options (admins).
#[server(prefix = "/api/rpc", endpoint = "spam_options_set", input = JsonText, output = JsonText)]
pub async fn set_spam_options(options: SpamOptions) -> Result<SpamOptions, AppError> {
    crate::state::as_user(async |state, user| {
        super::ssr::set_options(&state.db, &state.runtime.write_gate, &user, options).await
    })
    .await
}

/// A page of the blocked log (admins).
#[server(prefix = "/api/rpc", endpoint = "spam_blocked", input = JsonText, output = JsonText)]
pub async fn load_blocked(
    account: Option<String>,
    cursor: Option<String>,
) -> Result<BlockedPage, AppError> {
    crate::state::as_user(async |state, user| {
        super::ssr::blocked_log(&state.db, &user, account.as_deref(), cursor.as_deref(), 50).await
    })
    .await
}

/// Empties the blocked log (admins).
#[server(prefix = "/api/rpc", endpoint = "spam_blocked_clear", input = JsonText, output = JsonText)]
pub async fn clear_blocked() -> Result<u64, AppError> {
    crate::state::as_user(async |state, user| {
        super::ssr::clear_blocked(&state.db, &state.runtime.write_gate, &user).await
    })
    .await
}

/// Restores a blocked message to its thread (admins); returns the thread's id.
#[server(prefix = "/api/rpc", endpoint = "spam_blocked_restore", input = JsonText, output = JsonText)]
pub async fn restore_blocked(id: i64) -> Result<String, AppError> {
    crate::state::as_user(async |state, user| {
        let rt = &state.runtime;
        match crate::messaging::ssr::restore_blocked(
            &state.db,
            &rt.write_gate,
            &rt.filters,
            &user,
            id,
        )
        .await?
        {
            crate::messaging::ssr::InboundOutcome::Stored { thread_id, .. } => Ok(thread_id),
            _ => Err(AppError::Conflict("Pesan ini sudah ada di inbox.".into())),
        }
    })
    .await
}
