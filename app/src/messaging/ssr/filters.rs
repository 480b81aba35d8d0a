//! The inbound flow's filters as the admins configured them: the spam keywords with
//! their options, and the auto-reply patterns, compiled once per change.
//!
//! Every change to them stores a new random version token in `settings`, in the same
//! transaction as the change. Each batch of inbound messages reads that one row and
//! rebuilds its compiled filters only when the token changed, so a change made on one
//! server applies to the very next webhook on every server, without a restart and
//! without compiling anything per message.

use crate::{
    db::{settings, spam_keywords},
    domain::{
        auto_reply::{AutoReplyDetector, DEFAULT_PATTERNS},
        spam::{SpamMatcher, SpamOptions},
    },
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, sea_query::OnConflict,
};
use std::sync::{Arc, RwLock};

/// Settings key of the filters' version token.
pub const VERSION_KEY: &str = "filters.version";
/// Settings key of the spam filter's options.
pub const SPAM_OPTIONS_KEY: &str = "spamFilter.options";
/// Settings key of the auto-reply patterns (a JSON array of strings).
pub const PATTERNS_KEY: &str = "autoReply.patterns";

/// The compiled filters.
#[derive(Debug)]
pub struct Filters {
    /// The enabled spam keywords.
    pub spam: SpamMatcher,
    /// The auto-reply patterns.
    pub auto_reply: AutoReplyDetector,
}

/// This server's compiled filters and the version they were built from.
#[derive(Debug, Default)]
pub struct FilterCache {
    current: RwLock<Option<(String, Arc<Filters>)>>,
}

impl FilterCache {
    /// The filters as configured now: the cached ones while the stored version is the
    /// one they were built from, rebuilt otherwise.
    pub async fn current(&self, db: &impl ConnectionTrait) -> Result<Arc<Filters>, AppError> {
        let version = version(db).await?;
        if let Ok(guard) = self.current.read()
            && let Some((built, filters)) = guard.as_ref()
            && *built == version
        {
            return Ok(filters.clone());
        }
        let filters = Arc::new(load(db).await?);
        if let Ok(mut guard) = self.current.write() {
            *guard = Some((version, filters.clone()));
        }
        Ok(filters)
    }
}

/// Reads and compiles the filters.
async fn load(db: &impl ConnectionTrait) -> Result<Filters, AppError> {
    let keywords: Vec<String> = spam_keywords::Entity::find()
        .filter(spam_keywords::Column::Enabled.eq(true))
        .order_by_asc(spam_keywords::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|k| k.keyword)
        .collect();
    let options = spam_options(db).await?;
    let patterns = auto_reply_patterns(db).await?;
    let auto_reply = AutoReplyDetector::new(&patterns).unwrap_or_else(|e| {
        // Patterns are checked when saved; one that no longer compiles (a newer
        // regex engine) must not stop messages from arriving.
        tracing::error!("stored auto-reply patterns do not compile, using the defaults: {e}");
        AutoReplyDetector::with_defaults()
    });
    Ok(Filters {
        spam: SpamMatcher::new(keywords, options),
        auto_reply,
    })
}

/// The stored version token (empty before the first change).
async fn version(db: &impl ConnectionTrait) -> Result<String, AppError> {
    Ok(settings::Entity::find_by_id(VERSION_KEY.to_owned())
        .one(db)
        .await?
        .map(|s| s.value)
        .unwrap_or_default())
}

/// Stores a new version token, inside the transaction of a change to the filters, so
/// every server rebuilds its filters before its next message. A fresh random token
/// rather than a counter: two servers changing the filters at once need not read it.
pub async fn bump_version(db: &impl ConnectionTrait) -> Result<(), AppError> {
    put_setting(db, VERSION_KEY, hex::encode(rand::random::<[u8; 12]>())).await
}

/// Stores `value` under `key`, replacing what was there.
pub async fn put_setting(
    db: &impl ConnectionTrait,
    key: &str,
    value: String,
) -> Result<(), AppError> {
    let row = settings::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value),
        updated_at: Set(Utc::now()),
    };
    settings::Entity::insert(row)
        .on_conflict(
            OnConflict::column(settings::Column::Key)
                .update_columns([settings::Column::Value, settings::Column::UpdatedAt])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// The spam filter's options (defaults where unset).
pub async fn spam_options(db: &impl ConnectionTrait) -> Result<SpamOptions, AppError> {
    Ok(settings::Entity::find_by_id(SPAM_OPTIONS_KEY.to_owned())
        .one(db)
        .await?
        .and_then(|s| serde_json::from_str(&s.value).ok())
        .unwrap_or_default())
}

/// The auto-reply patterns (the defaults until an admin saves others).
pub async fn auto_reply_patterns(db: &impl ConnectionTrait) -> Result<Vec<String>, AppError> {
    Ok(settings::Entity::find_by_id(PATTERNS_KEY.to_owned())
        .one(db)
        .await?
        .and_then(|s| serde_json::from_str(&s.value).ok())
        .unwrap_or_else(|| DEFAULT_PATTERNS.iter().map(|p| (*p).to_owned()).collect()))
}
