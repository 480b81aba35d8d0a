//! Server functions of the auto-reply page: thin doors onto [`super::ssr`].

use super::{PatternList, Preview};
use crate::codec::JsonText;
use crate::error::AppError;
use leptos::prelude::*;

/// The stored patterns (admins).
#[server(prefix = "/api/rpc", endpoint = "auto_reply_patterns", input = JsonText, output = JsonText)]
pub async fn load_patterns() -> Result<PatternList, AppError> {
    crate::state::as_user(async |state, user| super::ssr::patterns(&state.db, &user).await).await
}

/// Replaces the patterns (admins).
#[server(prefix = "/api/rpc", endpoint = "auto_reply_save", input = JsonText, output = JsonText)]
pub async fn save_patterns(patterns: Vec<String>) -> Result<PatternList, AppError> {
    crate::state::as_user(async |state, user| {
        super::ssr::save_patterns(&state.db, &state.runtime.write_gate, &user, &patterns).await
    })
    .await
}

/// What the filters make of `text`, with `patterns` instead of the stored ones.
#[server(prefix = "/api/rpc", endpoint = "auto_reply_preview", input = JsonText, output = JsonText)]
pub async fn preview_text(
    text: String,
    patterns: Option<Vec<String>>,
) -> Result<Preview, AppError> {
    crate::state::as_user(async |state, user| {
        let filters = &state.runtime.filters;
        super::ssr::preview(&state.db, filters, &user, &text, patterns.as_deref()).await
    })
    .await
}
