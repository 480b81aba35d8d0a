//! Server functions of contacts and the sender profile.

use super::{ContactInput, ContactView, SenderProfile};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The sender profile of `phone_number` on `account_id`.
#[server(prefix = "/api/rpc", endpoint = "load_profile")]
pub async fn load_profile(
    account_id: String,
    phone_number: String,
) -> Result<SenderProfile, AppError> {
    let result = async {
        let state = crate::state::app_state()?;
        crate::state::current_user().await?;
        super::ssr::profile(&state.db, &account_id, &phone_number).await
    }
    .await;
    crate::error::respond(result)
}

/// Saves a contact (`id` None) or changes one.
#[server(prefix = "/api/rpc", endpoint = "save_contact", input = Json)]
pub async fn save_contact(id: Option<i64>, contact: ContactInput) -> Result<ContactView, AppError> {
    let result = async {
        let state = crate::state::app_state()?;
        crate::state::current_user().await?;
        match id {
            Some(id) => super::ssr::update(&state.db, id, &contact).await,
            None => super::ssr::create(&state.db, &contact).await,
        }
    }
    .await;
    crate::error::respond(result)
}

/// Deletes a contact.
#[server(prefix = "/api/rpc", endpoint = "delete_contact")]
pub async fn delete_contact(id: i64) -> Result<(), AppError> {
    let result = async {
        let state = crate::state::app_state()?;
        crate::state::current_user().await?;
        super::ssr::delete(&state.db, id).await
    }
    .await;
    crate::error::respond(result)
}
