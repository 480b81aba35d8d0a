//! Inbound media: downloaded in the background with the account's credentials into the
//! media folder, then served only to agents who may see the thread.

use super::credentials;
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

/// Largest attachment kept (WhatsApp's own limit for documents is 100 MB; images and
/// voice notes are far smaller).
pub const MAX_MEDIA_BYTES: u64 = 16 * 1024 * 1024;
/// Downloads per tick.
const BATCH: u64 = 20;

/// The content types kept, with their file extension; the first entry of an
/// extension is the type its files are served with.
const TYPES: [(&str, &str); 19] = [
    ("image/jpeg", "jpg"),
    ("image/png", "png"),
    ("image/webp", "webp"),
    ("image/gif", "gif"),
    ("video/mp4", "mp4"),
    ("video/3gpp", "3gp"),
    ("audio/ogg", "ogg"),
    ("audio/mpeg", "mp3"),
    ("audio/mp4", "m4a"),
    ("audio/aac", "m4a"),
    ("audio/amr", "amr"),
    ("application/pdf", "pdf"),
    ("text/plain", "txt"),
    ("text/vcard", "vcf"),
    ("text/x-vcard", "vcf"),
    ("application/msword", "doc"),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    ("application/vnd.ms-excel", "xls"),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
];

/// The file extension for a content type we keep, or `None` for types we refuse.
pub fn extension_for(content_type: &str) -> Option<&'static str> {
    let base = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    TYPES
        .iter()
        .find(|(ct, _)| *ct == base)
        .map(|(_, ext)| *ext)
}

/// The content type files with extension `ext` are served with.
pub fn content_type_for(ext: &str) -> Option<&'static str> {
    TYPES.iter().find(|(_, e)| *e == ext).map(|(ct, _)| *ct)
}

/// The message type of an attachment of `content_type`.
pub fn message_type_for(content_type: &str) -> &'static str {
    match content_type.split('/').next().unwrap_or_default() {
        "image" => "image",
        "video" => "video",
        "audio" => "audio",
        _ => "document",
    }
}

/// What one tick did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MediaReport {
    /// Stored files.
    pub stored: usize,
    /// Refused or failed downloads.
    pub failed: usize,
}

/// Downloads pending attachments into `media_dir`.
pub async fn tick(
    db: &DatabaseConnection,
    runtime: &Runtime,
    media_dir: &Path,
) -> Result<MediaReport, AppError> {
    let pending = message_media::Entity::find()
        .filter(message_media::Column::Status.eq("pending"))
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
                ("stored", Some(path), Some(size as i64))
            }
            Err(why) => {
                report.failed += 1;
                tracing::warn!(media = media.id, "attachment not stored: {why}");
                ("failed", None, None)
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
    if Provider::parse(&account.provider) == Some(Provider::Twilio) {
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
        .filter(|_| media.status == "stored")
        .ok_or_else(not_found)?;
    Ok((media_dir.join(relative), media.content_type))
}

#[cfg(test)]
mod tests {
    use super::extension_for;

    #[test]
    fn only_known_media_types_are_kept() {
        for (ct, want) in [
            ("image/jpeg", Some("jpg")),
            ("IMAGE/PNG", Some("png")),
            ("audio/ogg; codecs=opus", Some("ogg")),
            ("application/pdf", Some("pdf")),
            ("application/x-msdownload", None),
            ("text/html", None),
            ("", None),
        ] {
            assert_eq!(extension_for(ct), want, "{ct}");
        }
        for (ct, ext) in super::TYPES {
            let served = super::content_type_for(ext).unwrap_or_default();
            assert_eq!(extension_for(served), Some(ext), "{ct} round-trips");
        }
    }

    #[test]
    fn attachments_get_the_message_type_of_their_content() {
        for (ct, want) in [
            ("image/png", "image"),
            ("video/mp4", "video"),
            ("audio/ogg", "audio"),
            ("application/pdf", "document"),
            ("text/vcard", "document"),
        ] {
            assert_eq!(super::message_type_for(ct), want, "{ct}");
        }
    }
}
