//! Server functions of the label pages and the label menus: thin doors onto
//! [`super::manage`], which checks the role itself.

use super::{LabelSummary, LabelView};
use crate::codec::JsonText;
use crate::error::AppError;
use leptos::prelude::*;

/// Every label with its chat count.
#[server(prefix = "/api/rpc", endpoint = "label_list", input = JsonText, output = JsonText)]
pub async fn label_list() -> Result<Vec<LabelSummary>, AppError> {
    crate::state::as_user(async |state, user| super::ssr::label_summaries(&state.db, &user).await)
        .await
}

/// Creates a label (admins).
#[server(prefix = "/api/rpc", endpoint = "label_create", input = JsonText, output = JsonText)]
pub async fn create_label(name: String, color: String) -> Result<LabelSummary, AppError> {
    crate::state::as_user(async |state, user| {
        let gate = &state.runtime.write_gate;
        super::manage::create_label(&state.db, gate, &user, &name, &color).await
    })
    .await
}

/// Renames, recolours or moves a label (admins).
#[server(prefix = "/api/rpc", endpoint = "label_update", input = JsonText, output = JsonText)]
pub async fn update_label(
    id: i64,
    name: Option<String>,
    color: Option<String>,
    order: Option<i32>,
) -> Result<LabelSummary, AppError> {
    crate::state::as_user(async |state, user| {
        let change = super::manage::LabelChange { name, color, order };
        let gate = &state.runtime.write_gate;
        super::manage::update_label(&state.db, gate, &user, id, change).await
    })
    .await
}

/// Deletes a label (admins); returns how many chats carried it.
#[server(prefix = "/api/rpc", endpoint = "label_delete", input = JsonText, output = JsonText)]
pub async fn delete_label(id: i64) -> Result<u64, AppError> {
    crate::state::as_user(async |state, user| {
        super::manage::delete_label(&state.db, &state.runtime.write_gate, &user, id).await
    })
    .await
}

/// Sets a thread's labels (its owner or an admin).
#[server(prefix = "/api/rpc", endpoint = "thread_labels_set", input = JsonText, output = JsonText)]
pub async fn set_thread_labels(
    thread_id: String,
    label_ids: Vec<i64>,
) -> Result<Vec<LabelView>, AppError> {
    crate::state::as_user(async |state, user| {
        let gate = &state.runtime.write_gate;
        super::manage::set_thread_labels(&state.db, gate, &user, &thread_id, &label_ids).await
    })
    .await
}
