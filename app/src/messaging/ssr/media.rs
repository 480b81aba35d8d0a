//! Inbound media: downloaded in the background with the account's credentials into the
//! media folder, then served only to agents who may see the thread.

use super::credentials;
use crate::domain::MediaStatus;
use crate::{
    accounts::Provider,
    db::{accounts, message_media, messages},
    error::AppError,
    state::Runtime,
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use std::path::{Path, PathBuf};

// The table of accepted types is shared with the browser's file picker.
pub use crate::domain::media_types::{
    MAX_MEDIA_BYTES, content_type_for, extension_for, message_type_for,
};

/// Downloads per tick.
const BATCH: u64 = 20;

/// What one tick did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MediaReport {
    /// Stored files.
    pub stored: usize,
    /// Refused or failed downloads.
    pub failed: usize,
}

/// Downloads pending attachments into `media_dir`.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn tick(
    db: &DatabaseConnection,
    runtime: &Runtime,
    media_dir: &Path,
) -> Result<MediaReport, AppError> {
    let pending = message_media::Entity::find()
        .filter(message_media::Column::Status.eq(MediaStatus::Pending))
        .order_by_asc(message_media::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut report = MediaReport::default();
    for media in pending {
        let outcome = download(db, runtime, media_dir, &media).await;
        let (status, path, size) = match outcome {
            Ok((path, size)) => {
                report.stored += 1;
                (MediaStatus::Stored, Some(path), Some(size as i64))
            }
            Err(why) => {
                report.failed += 1;
                tracing::warn!(media = media.id, "attachment not stored: {why}");
                (MediaStatus::Failed, None, None)
            }
        };
        message_media::Entity::update_many()
            .col_expr(message_media::Column::Status, Expr::value(status))
            .col_expr(message_media::Column::LocalPath, Expr::value(path))
            .col_expr(message_media::Column::SizeBytes, Expr::value(size))
            .filter(message_media::Column::Id.eq(media.id))
            .exec(db)
            .await?;
    }
    Ok(report)
}

async fn download(
    db: &DatabaseConnection,
    runtime: &Runtime,
    media_dir: &Path,
    media: &message_media::Model,
) -> Result<(String, u64), String> {
    let ext = extension_for(&media.content_type)
        .ok_or_else(|| format!("content type {} is not accepted", media.content_type))?;
    let url = media.provider_url.clone().ok_or("no URL")?;
    let message = messages::Entity::find_by_id(media.message_id)
        .one(db)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("message gone")?;
    let account = accounts::Entity::find_by_id(message.account_id.clone())
        .one(db)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("account gone")?;
    let mut request = runtime.http.get(&url);
    if account.provider == Provider::Twilio {
        // The request carries the account's credentials: only to the Twilio API.
        if !on_api(&url, &runtime.twilio.api_base_url) {
            return Err(format!(
                "{url} is not on the Twilio API ({}): not fetched",
                runtime.twilio.api_base_url
            ));
        }
        let sid = credentials::account_sid(runtime, &account).ok_or("no Account SID")?;
        let token = credentials::auth_token(runtime, &account).ok_or("no auth token")?;
        request = request.basic_auth(sid, Some(token));
    }
    let mut response = request.send().await.map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("HTTP {}", response.status()));
    }
    if response
        .content_length()
        .is_some_and(|n| n > MAX_MEDIA_BYTES)
    {
        return Err("larger than the limit".into());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() as u64 > MAX_MEDIA_BYTES {
            return Err("larger than the limit".into());
        }
    }
    let relative = format!("inbound/{}-{}.{ext}", media.message_id, media.position);
    let path: PathBuf = media_dir.join(&relative);
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent)
            .await
            .map_err(|e| e.to_string())?;
    }
    tokio::fs::write(&path, &bytes)
        .await
        .map_err(|e| e.to_string())?;
    Ok((relative, bytes.len() as u64))
}

/// Whether `url` is on the API at `base` (its scheme and host, and below its path):
/// `https://api.twilio.com.evil.example/…` and `https://api.twilio.com@evil.example/…`
/// are not.
fn on_api(url: &str, base: &str) -> bool {
    let base = base.trim_end_matches('/');
    url.strip_prefix(base)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// A stored attachment `id` that `viewer` may see: its file and content type.
pub async fn stored_file(
    db: &DatabaseConnection,
    viewer: &crate::auth::CurrentUser,
    media_dir: &Path,
    id: i64,
) -> Result<(PathBuf, String), AppError> {
    let not_found = || AppError::NotFound(format!("media {id}"));
    let media = message_media::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let message = messages::Entity::find_by_id(media.message_id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    super::history::visible_thread(db, viewer, &message.thread_id)
        .await
        .map_err(|_| not_found())?;
    let relative = media
        .local_path
        .filter(|_| media.status == crate::domain::MediaStatus::Stored)
        .ok_or_else(not_found)?;
    Ok((media_dir.join(relative), media.content_type))
}

#[cfg(test)]
mod tests {
    #[test]
    fn credentials_go_only_to_the_twilio_api() {
        let api = "https://api.twilio.com";
        assert!(super::on_api(
            "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1",
            api
        ));
        assert!(super::on_api(
            "https://api.twilio.com/x",
            "https://api.twilio.com/"
        ));
        for url in [
            "https://api.twilio.com.evil.example/media",
            "https://api.twilio.com@evil.example/media",
            "http://api.twilio.com/media",
            "https://evil.example/https://api.twilio.com/",
            "https://api.twilio.com",
        ] {
            assert!(!super::on_api(url, api), "{url}");
        }
    }
}
