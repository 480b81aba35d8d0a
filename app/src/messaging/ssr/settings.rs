//! The settings the inbound flow reads: spam keywords and options.

use crate::{
    db::{settings, spam_keywords},
    domain::spam::{DEFAULT_KEYWORDS, SpamOptions},
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

/// Settings key of the spam filter's options.
pub const SPAM_OPTIONS_KEY: &str = "spamFilter.options";

/// The enabled spam keywords and the matching options.
pub async fn spam_settings(
    db: &impl ConnectionTrait,
) -> Result<(Vec<String>, SpamOptions), AppError> {
    let keywords = spam_keywords::Entity::find()
        .filter(spam_keywords::Column::Enabled.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|k| k.keyword)
        .collect();
    let options = settings::Entity::find_by_id(SPAM_OPTIONS_KEY.to_owned())
        .one(db)
        .await?
        .and_then(|s| serde_json::from_str(&s.value).ok())
        .unwrap_or_default();
    Ok((keywords, options))
}

/// Installs the default spam keywords on a database that has none yet.
pub async fn ensure_default_keywords(db: &impl ConnectionTrait) -> Result<(), AppError> {
    if spam_keywords::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let now = Utc::now();
    for keyword in DEFAULT_KEYWORDS {
        spam_keywords::ActiveModel {
            keyword: Set(keyword.to_owned()),
            enabled: Set(true),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

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
