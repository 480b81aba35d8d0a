//! Which attachments Serambi keeps and sends: one table for the server (inbound
//! downloads, uploads, the type of an outgoing message) and the browser (the file
//! picker and its size check), so the two can never disagree about a file.

use super::MessageType;

/// Largest attachment kept or sent (WhatsApp's own limit for documents is 100 MB;
/// images and voice notes are far smaller).
pub const MAX_MEDIA_BYTES: u64 = 16 * 1024 * 1024;

/// One accepted kind of file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaType {
    /// Its MIME type, lowercase, without parameters.
    pub mime: &'static str,
    /// The extension its files are stored with (no dot).
    pub extension: &'static str,
    /// The WhatsApp message type an attachment of it makes: image, video, audio or
    /// document.
    pub message_type: MessageType,
}

const fn media(
    mime: &'static str,
    extension: &'static str,
    message_type: MessageType,
) -> MediaType {
    MediaType {
        mime,
        extension,
        message_type,
    }
}

/// Every accepted type. The first entry of an extension is the type its files are
/// served with (`audio/mp4` for `.m4a`, `text/vcard` for `.vcf`).
pub const MEDIA_TYPES: [MediaType; 19] = [
    media("image/jpeg", "jpg", MessageType::Image),
    media("image/png", "png", MessageType::Image),
    media("image/webp", "webp", MessageType::Image),
    media("image/gif", "gif", MessageType::Image),
    media("video/mp4", "mp4", MessageType::Video),
    media("video/3gpp", "3gp", MessageType::Video),
    media("audio/ogg", "ogg", MessageType::Audio),
    media("audio/mpeg", "mp3", MessageType::Audio),
    media("audio/mp4", "m4a", MessageType::Audio),
    media("audio/aac", "m4a", MessageType::Audio),
    media("audio/amr", "amr", MessageType::Audio),
    media("application/pdf", "pdf", MessageType::Document),
    media("text/plain", "txt", MessageType::Document),
    media("text/vcard", "vcf", MessageType::Document),
    media("text/x-vcard", "vcf", MessageType::Document),
    media("application/msword", "doc", MessageType::Document),
    media(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        MessageType::Document,
    ),
    media("application/vnd.ms-excel", "xls", MessageType::Document),
    media(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        MessageType::Document,
    ),
];

/// The accepted type of a `Content-Type` value (parameters and case ignored).
fn lookup(content_type: &str) -> Option<&'static MediaType> {
    let base = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    MEDIA_TYPES.iter().find(|t| t.mime == base)
}

/// The file extension for a content type we keep, or `None` for types we refuse.
pub fn extension_for(content_type: &str) -> Option<&'static str> {
    lookup(content_type).map(|t| t.extension)
}

/// The content type files with extension `ext` are served with.
pub fn content_type_for(ext: &str) -> Option<&'static str> {
    MEDIA_TYPES
        .iter()
        .find(|t| t.extension == ext)
        .map(|t| t.mime)
}

/// The message type of an attachment of `content_type`: its MIME family (an image,
/// a video, a sound), anything else a document. The table's own types follow the same
/// rule (tested), so a type the table does not know, arriving from a customer, is
/// sorted the same way.
pub fn message_type_for(content_type: &str) -> MessageType {
    let family = content_type.trim().split('/').next().unwrap_or_default();
    match family.to_ascii_lowercase().as_str() {
        "image" => MessageType::Image,
        "video" => MessageType::Video,
        "audio" => MessageType::Audio,
        _ => MessageType::Document,
    }
}

/// The file picker's `accept` attribute: every MIME type, and every extension too,
/// since browsers guess some types (Office files, vCards) differently per system.
pub fn accept_attribute() -> String {
    let mimes = MEDIA_TYPES.iter().map(|t| t.mime.to_owned());
    let mut extensions: Vec<String> = Vec::new();
    for t in &MEDIA_TYPES {
        let ext = format!(".{}", t.extension);
        if !extensions.contains(&ext) {
            extensions.push(ext);
        }
    }
    mimes.chain(extensions).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_media_types_are_kept() {
        for (ct, want) in [
            ("image/jpeg", Some("jpg")),
            ("IMAGE/PNG", Some("png")),
            ("audio/ogg; codecs=opus", Some("ogg")),
            ("audio/aac", Some("m4a")),
            ("video/3gpp", Some("3gp")),
            ("application/pdf", Some("pdf")),
            ("application/x-msdownload", None),
            ("text/html", None),
            ("", None),
        ] {
            assert_eq!(extension_for(ct), want, "{ct}");
        }
    }

    #[test]
    fn every_extension_is_served_with_a_type_that_maps_back_to_it() {
        for t in MEDIA_TYPES {
            let served = content_type_for(t.extension).unwrap_or_default();
            assert_eq!(extension_for(served), Some(t.extension), "{}", t.mime);
        }
        assert_eq!(content_type_for("m4a"), Some("audio/mp4"));
        assert_eq!(content_type_for("exe"), None);
    }

    #[test]
    fn attachments_get_the_message_type_of_their_content() {
        for (ct, want) in [
            ("image/png", MessageType::Image),
            ("video/mp4", MessageType::Video),
            ("video/3gpp", MessageType::Video),
            ("audio/ogg", MessageType::Audio),
            ("audio/amr", MessageType::Audio),
            ("application/pdf", MessageType::Document),
            ("text/vcard", MessageType::Document),
            ("application/x-unknown", MessageType::Document),
        ] {
            assert_eq!(message_type_for(ct), want, "{ct}");
        }
        // The table's message type is the MIME family WhatsApp sorts media by.
        for t in MEDIA_TYPES {
            let family = t.mime.split('/').next().unwrap_or_default();
            let want = match family {
                "image" | "video" | "audio" => family,
                _ => "document",
            };
            assert_eq!(t.message_type.as_str(), want, "{}", t.mime);
        }
    }

    #[test]
    fn the_file_picker_offers_every_accepted_type() {
        let accept = accept_attribute();
        let items: Vec<&str> = accept.split(',').collect();
        for t in MEDIA_TYPES {
            assert!(items.contains(&t.mime), "{} offered", t.mime);
            assert!(
                items.contains(&format!(".{}", t.extension).as_str()),
                "{} offered",
                t.extension
            );
        }
        // The types the browser's old copy of this list missed.
        for ext in [".3gp", ".m4a", ".amr"] {
            assert!(items.contains(&ext), "{ext}");
        }
        assert!(items.contains(&"audio/aac"));
        assert_eq!(items.iter().filter(|i| **i == ".vcf").count(), 1);
    }

    #[test]
    fn the_size_limit_is_sixteen_megabytes() {
        assert_eq!(MAX_MEDIA_BYTES, 16_777_216);
    }
}
