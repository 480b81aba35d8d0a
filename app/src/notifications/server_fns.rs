//! Server functions of the notification menu: thin doors onto [`super::ssr`].

use super::{NotificationPage, NotificationView};
use crate::codec::JsonText;
use crate::error::AppError;
use leptos::prelude::*;

/// A page of the viewer's notices, unread first.
#[server(prefix = "/api/rpc", endpoint = "notifications_list", input = JsonText, output = JsonText)]
pub async fn my_notifications(cursor: Option<String>) -> Result<NotificationPage, AppError> {
    crate::state::as_user(async |state, viewer| {
        super::ssr::list(&state.db, &viewer, cursor.as_deref(), 20).await
    })
    .await
}

/// Dismisses one of the viewer's notices.
#[server(prefix = "/api/rpc", endpoint = "notifications_dismiss", input = JsonText, output = JsonText)]
pub async fn dismiss_notification(id: i64) -> Result<NotificationView, AppError> {
    crate::state::as_user(async |state, viewer| {
        super::ssr::dismiss(&state.db, &state.runtime.write_gate, &viewer, id).await
    })
    .await
}
