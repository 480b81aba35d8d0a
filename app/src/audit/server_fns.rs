//! Server functions of the audit page: thin doors onto [`super::ssr`].

use super::{AuditPage, AuditQuery};
use crate::codec::JsonText;
use crate::error::AppError;
use leptos::prelude::*;

/// A page of the audit trail (admins).
#[server(prefix = "/api/rpc", endpoint = "audit_page", input = JsonText, output = JsonText)]
pub async fn load_audit(query: AuditQuery) -> Result<AuditPage, AppError> {
    crate::state::as_user(async |state, user| super::ssr::list(&state.db, &user, &query).await)
        .await
}
