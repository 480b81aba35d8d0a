//! Server functions of the template page and the composer's picker: thin doors onto
//! [`super::ssr`].

use super::{TemplateRequest, TemplateView};
use crate::codec::JsonText;
use crate::error::AppError;
use leptos::prelude::*;

/// Every template, most points first (anyone logged in).
#[server(prefix = "/api/rpc", endpoint = "templates", input = JsonText, output = JsonText)]
pub async fn load_templates() -> Result<Vec<TemplateView>, AppError> {
    crate::state::as_user(async |state, user| {
        super::ssr::list_templates(&state.db, &user, None).await
    })
    .await
}

/// Creates (`id` empty) or replaces template `id` (admins).
#[server(prefix = "/api/rpc", endpoint = "template_save", input = JsonText, output = JsonText)]
pub async fn save_template(
    id: Option<i64>,
    template: TemplateRequest,
) -> Result<TemplateView, AppError> {
    crate::state::as_user(async |state, user| {
        let gate = &state.runtime.write_gate;
        match id {
            Some(id) => super::ssr::update_template(&state.db, gate, &user, id, &template).await,
            None => super::ssr::create_template(&state.db, gate, &user, &template).await,
        }
    })
    .await
}

/// Deletes template `id` (admins).
#[server(prefix = "/api/rpc", endpoint = "template_delete", input = JsonText, output = JsonText)]
pub async fn remove_template(id: i64) -> Result<(), AppError> {
    crate::state::as_user(async |state, user| {
        super::ssr::delete_template(&state.db, &state.runtime.write_gate, &user, id).await
    })
    .await
}
