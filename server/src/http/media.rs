//! Attachments: `GET /api/media/:id` (a message's file, only for agents who may see its
//! thread), `POST /api/media` (an agent's upload to send) and the public upload URLs
//! the provider fetches outgoing media from.

use app::{
    AppError,
    auth::ssr::Authenticated,
    messaging::{
        UploadView,
        ssr::{
            media::{MAX_MEDIA_BYTES, stored_file},
            upload::{public_file, save_upload},
        },
    },
    state::AppState,
};
use axum::{
    Json,
    extract::{
        DefaultBodyLimit, Multipart, Path, State,
        multipart::{MultipartError, MultipartRejection},
    },
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use utoipa_axum::{router::OpenApiRouter, routes};

/// Room for the multipart framing around the largest file.
const MULTIPART_OVERHEAD: usize = 64 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(upload))
        .layer(DefaultBodyLimit::max(
            MAX_MEDIA_BYTES as usize + MULTIPART_OVERHEAD,
        ));
    OpenApiRouter::new()
        .routes(routes!(media))
        .routes(routes!(public_upload))
        .merge(uploads)
}

/// A file read from disk, with headers that stop browsers from guessing its type.
async fn file_response(
    path: &std::path::Path,
    content_type: &str,
    cache: &'static str,
) -> Result<Response, AppError> {
    let bytes = tokio::fs::read(path)
        .await
        .map_err(|e| AppError::internal(format!("reading {}: {e}", path.display())))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CACHE_CONTROL, cache.to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                disposition(content_type).to_owned(),
            ),
            // A file a customer sent is never a page of ours: no scripts, no same
            // origin, even if a browser were to render it.
            (header::CONTENT_SECURITY_POLICY, "sandbox".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// Pictures, sound and video are shown in the chat; anything else (a PDF, a document)
/// is downloaded rather than opened on Serambi's origin.
fn disposition(content_type: &str) -> &'static str {
    let kind = content_type.split('/').next().unwrap_or_default();
    if matches!(
        kind.trim().to_ascii_lowercase().as_str(),
        "image" | "audio" | "video"
    ) {
        "inline"
    } else {
        "attachment"
    }
}

/// The file of attachment `id`.
#[utoipa::path(get, path = "/api/media/{id}", tag = "inbox", params(("id" = i64, Path, description = "attachment id")),
    responses(
        (status = OK, content_type = "application/octet-stream", description = "the file, with its content type"),
        (status = NOT_FOUND, body = super::ErrorBody, description = "unknown, not downloaded yet, or not yours"),
    ))]
async fn media(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (path, content_type) = stored_file(&state.db, &user, &state.runtime.media_dir, id).await?;
    // Private to the logged-in agent; never cached by shared proxies.
    file_response(&path, &content_type, "private, max-age=3600").await
}

/// The multipart body of an upload (for the OpenAPI document).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct UploadForm {
    /// The file; its part's `Content-Type` must match its content.
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: String,
}

/// Uploads a file to send with a reply or a new message (as `mediaPath`).
#[utoipa::path(post, path = "/api/media", tag = "outbox",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = CREATED, body = UploadView, description = "stored; send it with `mediaPath`"),
        (status = PAYLOAD_TOO_LARGE, body = super::ErrorBody, description = "larger than 16 MiB"),
        (status = TOO_MANY_REQUESTS, body = super::ErrorBody, description = "more than 60 uploads in 10 minutes (`too_many_attempts`), or the agent's bytes for the day used up (`quota_exceeded`, SERAMBI_UPLOAD_QUOTA); Retry-After says when"),
        (status = INSUFFICIENT_STORAGE, body = super::ErrorBody, description = "the media disk has less than SERAMBI_MEDIA_MIN_FREE left (`storage_full`)"),
        (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "not a multipart form, no `file` part, an empty file, a type that cannot be sent, or content that does not match its type"),
    ))]
async fn upload(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    form: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<UploadView>), AppError> {
    state
        .runtime
        .upload_limit
        .take(user.id, std::time::Instant::now())
        .map_err(|retry_after_secs| AppError::TooManyAttempts { retry_after_secs })?;
    let mut form = form.map_err(|e| {
        AppError::validation(
            "file",
            format!("send the file as multipart/form-data: {}", e.body_text()),
        )
    })?;
    while let Some(field) = form.next_field().await.map_err(multipart_error)? {
        if field.name() != Some("file") {
            continue;
        }
        let file_name = field.file_name().unwrap_or("file").to_owned();
        let declared = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        let bytes = field.bytes().await.map_err(multipart_error)?;
        let saved = save_upload(
            &state.runtime.media_dir,
            &state.runtime.upload_limit,
            &user,
            &declared,
            &file_name,
            &bytes,
        )
        .await?;
        return Ok((StatusCode::CREATED, Json(saved)));
    }
    Err(AppError::validation("file", "is required"))
}

/// A multipart failure: too large, or not a readable form.
fn multipart_error(e: MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::validation(
            "file",
            format!(
                "the upload is not a valid multipart form: {}",
                e.body_text()
            ),
        )
    }
}

/// An uploaded file at its unguessable public URL, for the provider to fetch.
#[utoipa::path(get, path = "/api/media/uploads/{agent}/{file}", tag = "outbox",
    params(("agent" = String, Path, description = "uploader id"), ("file" = String, Path, description = "random name")),
    responses(
        (status = OK, content_type = "application/octet-stream", description = "the file"),
        (status = NOT_FOUND, body = super::ErrorBody),
    ))]
async fn public_upload(
    State(state): State<AppState>,
    Path((agent, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let not_found = || AppError::NotFound("media".into());
    let (path, content_type) =
        public_file(&state.runtime.media_dir, &agent, &file).ok_or_else(not_found)?;
    if !tokio::fs::try_exists(&path).await.unwrap_or(false) {
        return Err(not_found());
    }
    file_response(&path, content_type, "public, max-age=86400").await
}

#[cfg(test)]
mod disposition_tests {
    #[test]
    fn only_pictures_sound_and_video_open_in_the_browser() {
        for (content_type, expected) in [
            ("image/jpeg", "inline"),
            ("audio/ogg; codecs=opus", "inline"),
            ("video/mp4", "inline"),
            ("application/pdf", "attachment"),
            ("text/html", "attachment"),
            ("text/vcard", "attachment"),
            ("", "attachment"),
        ] {
            assert_eq!(super::disposition(content_type), expected, "{content_type}");
        }
    }
}
