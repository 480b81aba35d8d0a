//! Settings kept in the database for every instance: the simulator's signing token.
//! (The spam filter's and auto-reply settings are [`super::filters`].)

use crate::{db::settings, error::AppError};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

/// Settings key of the simulator's signing token.
const SIMULATOR_TOKEN_KEY: &str = "simulator.authToken";

/// The token simulator accounts sign webhooks with: random, created once, shared by
/// every instance through the database.
pub async fn simulator_token(db: &impl ConnectionTrait) -> Result<String, AppError> {
    let stored = settings::Entity::find_by_id(SIMULATOR_TOKEN_KEY.to_owned())
        .one(db)
        .await?
        .and_then(|s| serde_json::from_str::<String>(&s.value).ok());
    if let Some(token) = stored {
        return Ok(token);
    }
    let token = hex::encode(rand::random::<[u8; 20]>());
    let insert = settings::ActiveModel {
        key: Set(SIMULATOR_TOKEN_KEY.to_owned()),
        value: Set(serde_json::to_string(&token).map_err(AppError::internal)?),
        updated_at: Set(Utc::now()),
    }
    .insert(db)
    .await;
    match insert {
        Ok(_) => Ok(token),
        // Another instance created it first: use theirs.
        Err(_) => settings::Entity::find_by_id(SIMULATOR_TOKEN_KEY.to_owned())
            .one(db)
            .await?
            .and_then(|s| serde_json::from_str(&s.value).ok())
            .ok_or_else(|| AppError::internal("the simulator token could not be stored")),
    }
}
