//! Server functions of the settings page: thin doors onto [`super::ssr`].

use super::{SettingsPage, SettingsPatch};
use crate::codec::JsonText;
use crate::error::AppError;
use leptos::prelude::*;

/// The settings and their history (admins).
#[server(prefix = "/api/rpc", endpoint = "settings", input = JsonText, output = JsonText)]
pub async fn load_settings() -> Result<SettingsPage, AppError> {
    crate::state::as_user(async |state, user| super::ssr::page(&state.db, &user).await).await
}

/// Applies a partial change (admins).
#[server(prefix = "/api/rpc", endpoint = "settings_save", input = JsonText, output = JsonText)]
pub async fn save_settings(patch: SettingsPatch) -> Result<SettingsPage, AppError> {
    crate::state::as_user(async |state, user| {
        super::ssr::apply(&state.db, &state.runtime.write_gate, &user, &patch).await
    })
    .await
}
