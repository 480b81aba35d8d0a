//! Files agents upload to send (`POST /api/media`): checked, stored under the media
//! folder, named by a path only their uploader can send, and served to the provider at
//! an unguessable public URL (Twilio fetches `MediaUrl` without credentials).

use super::media::{MAX_MEDIA_BYTES, content_type_for, extension_for};
use crate::{auth::CurrentUser, error::AppError, messaging::UploadView};
use regex::Regex;
use std::{
    collections::{HashMap, HashSet},
    path::{Path, PathBuf},
    sync::{LazyLock, Mutex},
    time::{Duration, Instant, SystemTime},
};

/// Folder of uploads inside the media folder.
const UPLOADS: &str = "uploads";
/// Uploads one agent may make per [`UPLOAD_WINDOW`]: enough to send a catalogue, not
/// enough to fill the disk.
pub const UPLOADS_PER_WINDOW: u32 = 60;
/// The window of [`UPLOADS_PER_WINDOW`].
const UPLOAD_WINDOW: Duration = Duration::from_secs(10 * 60);
/// Bytes one agent may upload a day by default (`SERAMBI_UPLOAD_QUOTA`): a busy day's
/// photos and catalogues many times over, far from a disk.
pub const DEFAULT_UPLOAD_QUOTA: u64 = 1 << 30;
/// Free space the media disk keeps by default (`SERAMBI_MEDIA_MIN_FREE`): below it,
/// uploads are refused rather than filling the disk the database may share.
pub const DEFAULT_MEDIA_MIN_FREE: u64 = 1 << 30;
/// The window of the byte quota.
const QUOTA_WINDOW: Duration = Duration::from_secs(24 * 3600);
/// An upload no message was sent with is deleted after this long.
pub const UNSENT_UPLOAD_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// An upload this old can no longer be attached (the sweep may delete it any moment).
const ATTACHABLE_FOR: Duration = Duration::from_secs(23 * 3600);

/// `uploads/{agentId}/{32 hex}.{ext}`.
static UPLOAD_PATH: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^uploads/([0-9]{1,18})/([0-9a-f]{32})\.([a-z0-9]{2,4})$").ok());

/// An upload ready to attach to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Its path inside the media folder (the `mediaPath`).
    pub relative: String,
    /// Its MIME type.
    pub content_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
}

/// Does `bytes` look like a file of type `content_type`? Declared types are easy to
/// get wrong (or lie about), and the customer's phone trusts what it receives.
pub fn content_matches(content_type: &str, bytes: &[u8]) -> bool {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    let ftyp = bytes.get(4..8) == Some(b"ftyp");
    match extension_for(content_type) {
        Some("jpg") => starts(&[0xFF, 0xD8, 0xFF]),
        Some("png") => starts(b"\x89PNG\r\n\x1a\n"),
        Some("gif") => starts(b"GIF87a") || starts(b"GIF89a"),
        Some("webp") => starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"),
        Some("mp4" | "3gp" | "m4a") => ftyp,
        Some("ogg") => starts(b"OggS"),
        Some("mp3") => starts(b"ID3") || (bytes.len() > 1 && bytes[0] == 0xFF && bytes[1] >= 0xE0),
        Some("amr") => starts(b"#!AMR"),
        Some("pdf") => starts(b"%PDF-"),
        Some("docx" | "xlsx") => starts(b"PK\x03\x04"),
        Some("doc" | "xls") => starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        Some("txt" | "vcf") => std::str::from_utf8(bytes).is_ok(),
        _ => false,
    }
}

/// Checks an uploaded file and stores it for `uploader`.
#[tracing::instrument(skip_all, fields(uploader = uploader.id, declared_type = %declared_type, size = bytes.len()), err(level = "info"))]
pub async fn save_upload(
    media_dir: &Path,
    limits: &UploadLimiter,
    uploader: &CurrentUser,
    declared_type: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<UploadView, AppError> {
    if bytes.is_empty() {
        return Err(AppError::validation("file", "is empty"));
    }
    if bytes.len() as u64 > MAX_MEDIA_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    let min_free = limits.min_free;
    let ext = extension_for(declared_type).ok_or_else(|| {
        AppError::validation(
            "file",
            format!(
                "type '{declared_type}' cannot be sent; use an image, video, audio, PDF, Office document, text or vCard"
            ),
        )
    })?;
    let content_type = content_type_for(ext).unwrap_or(declared_type);
    if !content_matches(content_type, bytes) {
        return Err(AppError::validation(
            "file",
            format!("the content is not a {content_type} file"),
        ));
    }
    let relative = format!(
        "{UPLOADS}/{}/{}.{ext}",
        uploader.id,
        hex::encode(rand::random::<[u8; 16]>())
    );
    let path = media_dir.join(&relative);
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent)
            .await
            .map_err(|e| AppError::internal(format!("creating {}: {e}", parent.display())))?;
        if free_bytes(parent).is_some_and(|free| free.saturating_sub(bytes.len() as u64) < min_free)
        {
            tracing::warn!(dir = %parent.display(), "media disk nearly full: upload refused");
            return Err(AppError::StorageFull);
        }
    }
    // Counted last: a refused file costs no allowance.
    limits
        .take_bytes(uploader.id, bytes.len() as u64, Instant::now())
        .map_err(|retry_after_secs| AppError::QuotaExceeded { retry_after_secs })?;
    tokio::fs::write(&path, bytes)
        .await
        .map_err(|e| AppError::internal(format!("writing {}: {e}", path.display())))?;
    Ok(UploadView {
        media_path: relative,
        content_type: content_type.to_owned(),
        size_bytes: bytes.len() as i64,
        file_name: file_name.chars().take(200).collect(),
    })
}

/// The upload `media_path` names, if it exists and `sender` uploaded it (admins may
/// send any upload).
pub async fn resolve_upload(
    media_dir: &Path,
    sender: &CurrentUser,
    media_path: &str,
) -> Result<Attachment, AppError> {
    let invalid =
        || AppError::validation("mediaPath", "is not a file uploaded with POST /api/media");
    let caps = UPLOAD_PATH
        .as_ref()
        .and_then(|re| re.captures(media_path))
        .ok_or_else(invalid)?;
    let owner: i64 = caps[1].parse().map_err(|_| invalid())?;
    if owner != sender.id && !sender.is_admin() {
        return Err(invalid());
    }
    let content_type = content_type_for(&caps[3]).ok_or_else(invalid)?;
    let meta = tokio::fs::metadata(media_dir.join(media_path))
        .await
        .map_err(|_| invalid())?;
    if age(&meta) > ATTACHABLE_FOR {
        return Err(AppError::validation(
            "mediaPath",
            "the upload is more than a day old and is being removed; attach the file again",
        ));
    }
    let size = meta.len();
    Ok(Attachment {
        relative: media_path.to_owned(),
        content_type: content_type.to_owned(),
        size_bytes: size as i64,
    })
}

fn age(meta: &std::fs::Metadata) -> Duration {
    meta.modified()
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .unwrap_or_default()
}

/// Free bytes (for an unprivileged process) on the disk that holds `dir`; `None`
/// where the system does not say.
#[cfg(unix)]
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stats = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `path` is a valid NUL-terminated string and `stats` a buffer of the
    // right type, which statvfs fills when it returns 0.
    let stats = unsafe {
        if libc::statvfs(path.as_ptr(), stats.as_mut_ptr()) != 0 {
            return None;
        }
        stats.assume_init()
    };
    #[allow(clippy::unnecessary_cast)] // the field types differ between platforms
    Some((stats.f_bavail as u64).saturating_mul(stats.f_frsize as u64))
}

#[cfg(not(unix))]
fn free_bytes(_dir: &Path) -> Option<u64> {
    None
}

/// Uploads per agent: how many in the current window, and how many bytes a day. In
/// memory: each server counts its own.
#[derive(Debug)]
pub struct UploadLimiter {
    windows: Mutex<HashMap<i64, (Instant, u32)>>,
    /// Per agent: the uploads of the last day, oldest first (when, bytes).
    bytes: Mutex<HashMap<i64, std::collections::VecDeque<(Instant, u64)>>>,
    /// Bytes one agent may upload a day.
    pub quota: u64,
    /// Free bytes the media disk keeps.
    pub min_free: u64,
}

impl Default for UploadLimiter {
    fn default() -> Self {
        Self::new(DEFAULT_UPLOAD_QUOTA, DEFAULT_MEDIA_MIN_FREE)
    }
}

impl UploadLimiter {
    /// A limiter allowing `quota` bytes per agent a day, keeping `min_free` bytes free.
    pub fn new(quota: u64, min_free: u64) -> Self {
        Self {
            windows: Mutex::default(),
            bytes: Mutex::default(),
            quota,
            min_free,
        }
    }

    /// Counts `size` bytes uploaded by `agent_id`; `Err(seconds to wait)` when they
    /// would go past the day's quota.
    pub fn take_bytes(&self, agent_id: i64, size: u64, now: Instant) -> Result<(), u64> {
        let mut all = self.bytes.lock().unwrap_or_else(|p| p.into_inner());
        if all.len() > 1_000 {
            all.retain(|_, d| {
                d.back()
                    .is_some_and(|(at, _)| now.duration_since(*at) < QUOTA_WINDOW)
            });
        }
        let day = all.entry(agent_id).or_default();
        while day
            .front()
            .is_some_and(|(at, _)| now.duration_since(*at) >= QUOTA_WINDOW)
        {
            day.pop_front();
        }
        let used: u64 = day.iter().map(|(_, b)| b).sum();
        if used.saturating_add(size) > self.quota {
            // When enough of the oldest uploads leave the window for this one to fit.
            let mut freed = 0u64;
            let wait = day
                .iter()
                .find(|(_, b)| {
                    freed += b;
                    used - freed + size <= self.quota
                })
                .map_or(QUOTA_WINDOW, |(at, _)| {
                    QUOTA_WINDOW.saturating_sub(now.duration_since(*at))
                });
            return Err(wait.as_secs().max(1));
        }
        day.push_back((now, size));
        Ok(())
    }

    /// Counts an upload by `agent_id`; `Err(seconds to wait)` past the limit.
    pub fn take(&self, agent_id: i64, now: Instant) -> Result<(), u64> {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        // One entry per agent who uploaded lately: drop the ended windows now and then.
        if windows.len() > 1_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < UPLOAD_WINDOW);
        }
        let (start, count) = windows.entry(agent_id).or_insert((now, 0));
        if now.duration_since(*start) >= UPLOAD_WINDOW {
            *start = now;
            *count = 0;
        }
        if *count >= UPLOADS_PER_WINDOW {
            let wait = UPLOAD_WINDOW.saturating_sub(now.duration_since(*start));
            return Err(wait.as_secs().max(1));
        }
        *count += 1;
        Ok(())
    }
}

/// Deletes uploads older than [`UNSENT_UPLOAD_LIFETIME`] that no message was sent with
/// and returns how many. Files a message refers to stay as long as the message.
pub async fn sweep_unsent(
    db: &impl sea_orm::ConnectionTrait,
    media_dir: &Path,
) -> Result<usize, AppError> {
    use crate::db::message_media;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let root = media_dir.join(UPLOADS);
    let Ok(mut agents) = tokio::fs::read_dir(&root).await else {
        return Ok(0); // nothing was ever uploaded
    };
    let mut old = Vec::new();
    while let Ok(Some(agent)) = agents.next_entry().await {
        let Ok(mut files) = tokio::fs::read_dir(agent.path()).await else {
            continue;
        };
        while let Ok(Some(file)) = files.next_entry().await {
            let Ok(meta) = file.metadata().await else {
                continue;
            };
            if meta.is_file() && age(&meta) > UNSENT_UPLOAD_LIFETIME {
                let relative = format!(
                    "{UPLOADS}/{}/{}",
                    agent.file_name().to_string_lossy(),
                    file.file_name().to_string_lossy()
                );
                old.push((relative, file.path()));
            }
        }
    }
    if old.is_empty() {
        return Ok(0);
    }
    let sent: HashSet<String> = message_media::Entity::find()
        .select_only()
        .column(message_media::Column::LocalPath)
        .filter(message_media::Column::LocalPath.like(format!("{UPLOADS}/%")))
        .into_tuple::<Option<String>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let mut deleted = 0;
    for (relative, path) in old {
        if !sent.contains(&relative) && tokio::fs::remove_file(&path).await.is_ok() {
            deleted += 1;
        }
    }
    Ok(deleted)
}

/// The public URL the provider fetches an upload from.
pub fn public_url(public_base_url: &str, relative: &str) -> Option<String> {
    relative
        .strip_prefix("uploads/")
        .map(|rest| format!("{public_base_url}/api/media/uploads/{rest}"))
}

/// The file behind a public upload URL, with its content type; `None` for anything that
/// is not an upload's exact name.
pub fn public_file(media_dir: &Path, agent: &str, file: &str) -> Option<(PathBuf, &'static str)> {
    let relative = format!("{UPLOADS}/{agent}/{file}");
    let caps = UPLOAD_PATH.as_ref()?.captures(&relative)?;
    let content_type = content_type_for(&caps[3])?;
    Some((media_dir.join(relative), content_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_must_match_the_content() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let pdf = b"%PDF-1.7\n";
        let mp4 = b"\0\0\0\x18ftypmp42";
        for (ct, bytes, ok) in [
            ("image/png", &png[..], true),
            ("image/jpeg", &png[..], false),
            ("application/pdf", &pdf[..], true),
            ("image/png", &pdf[..], false),
            ("video/mp4", &mp4[..], true),
            ("text/plain", "Halo, apa kabar?".as_bytes(), true),
            ("text/plain", &[0xFF, 0xFE, 0x00][..], false),
            ("application/x-msdownload", b"MZ\x90\0", false),
        ] {
            assert_eq!(content_matches(ct, bytes), ok, "{ct}");
        }
    }

    #[test]
    fn uploads_are_limited_per_agent_and_window() {
        let limiter = UploadLimiter::default();
        let now = Instant::now();
        for _ in 0..UPLOADS_PER_WINDOW {
            assert_eq!(limiter.take(1, now), Ok(()));
        }
        assert_eq!(limiter.take(1, now + Duration::from_secs(60)), Err(540));
        // Another agent has their own allowance.
        assert_eq!(limiter.take(2, now), Ok(()));
        // A new window starts afresh.
        assert_eq!(limiter.take(1, now + UPLOAD_WINDOW), Ok(()));
    }

    #[test]
    fn the_byte_quota_counts_a_day_per_agent() {
        let limiter = UploadLimiter::new(10_000, 0);
        let now = Instant::now();
        assert_eq!(limiter.take_bytes(1, 6_000, now), Ok(()));
        assert_eq!(
            limiter.take_bytes(1, 4_000, now + Duration::from_secs(3600)),
            Ok(())
        );
        // Full: the next byte waits until the first upload is a day old.
        assert_eq!(
            limiter.take_bytes(1, 1, now + Duration::from_secs(7200)),
            Err(22 * 3600)
        );
        // Another agent has their own quota; a file larger than it never fits.
        assert_eq!(limiter.take_bytes(2, 10_000, now), Ok(()));
        assert_eq!(limiter.take_bytes(3, 10_001, now), Err(24 * 3600));
        // A day later the first upload no longer counts.
        assert_eq!(limiter.take_bytes(1, 6_000, now + QUOTA_WINDOW), Ok(()));
    }

    #[test]
    fn the_free_space_of_a_folder_is_read() {
        let free = free_bytes(Path::new("."));
        assert!(free.is_some_and(|f| f > 0), "{free:?}");
        assert_eq!(free_bytes(Path::new("/no/such/folder")), None);
    }

    #[test]
    fn only_exact_upload_names_are_public() {
        let dir = Path::new("/m");
        let name = "0123456789abcdef0123456789abcdef.png";
        assert_eq!(
            public_file(dir, "7", name),
            Some((dir.join(format!("uploads/7/{name}")), "image/png"))
        );
        for (agent, file) in [
            ("7", "../../etc/passwd"),
            ("..", name),
            ("7", "0123456789abcdef0123456789abcdef.exe"),
            ("7", "short.png"),
            ("7", "0123456789ABCDEF0123456789ABCDEF.png"),
        ] {
            assert_eq!(public_file(dir, agent, file), None, "{agent}/{file}");
        }
        assert_eq!(
            public_url("https://x.test", &format!("uploads/7/{name}")).as_deref(),
            Some("https://x.test/api/media/uploads/7/0123456789abcdef0123456789abcdef.png")
        );
        assert_eq!(public_url("https://x.test", "inbound/1-0.png"), None);
    }
}
