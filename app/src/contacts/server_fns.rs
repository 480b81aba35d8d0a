//! Server functions of contacts and the sender profile.

use super::{ContactInput, ContactView, SenderProfile};
use crate::codec::JsonText;
use crate::error::AppError;
use leptos::prelude::*;

/// The sender profile of `phone_number` on `account_id`.
#[server(prefix = "/api/rpc", endpoint = "load_profile", input = JsonText, output = JsonText)]
pub async fn load_profile(
    account_id: String,
    phone_number: String,
) -> Result<SenderProfile, AppError> {
    crate::state::as_user(async |state, viewer| {
        super::ssr::profile(&state.db, &viewer, &account_id, &phone_number).await
    })
    .await
}

/// Saves a contact (`id` None) or changes one.
#[server(prefix = "/api/rpc", endpoint = "save_contact", input = JsonText, output = JsonText)]
pub async fn save_contact(id: Option<i64>, contact: ContactInput) -> Result<ContactView, AppError> {
    crate::state::as_user(async |state, _| match id {
        Some(id) => super::ssr::update(&state.db, id, &contact).await,
        None => super::ssr::create(&state.db, &contact).await,
    })
    .await
}

/// Deletes a contact.
#[server(prefix = "/api/rpc", endpoint = "delete_contact", input = JsonText, output = JsonText)]
pub async fn delete_contact(id: i64) -> Result<(), AppError> {
    crate::state::as_user(async |state, _| super::ssr::delete(&state.db, id).await).await
}
