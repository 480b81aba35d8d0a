//! What a message is (text, a picture, a template…) and where each of its attachments
//! stands.

use super::stored::stored_enum;

stored_enum! {
    /// What a message carries.
    pub enum MessageType as "message type" {
        /// Words only.
        Text = "text",
        /// A picture.
        Image = "image",
        /// A video.
        Video = "video",
        /// A voice note or other sound.
        Audio = "audio",
        /// A PDF, an Office file, a vCard…
        Document = "document",
        /// A shared location.
        Location = "location",
        /// An approved WhatsApp template (outside the 24-hour window).
        Template = "template",
    }
}

stored_enum! {
    /// Where one attachment stands.
    pub enum MediaStatus as "media status" {
        /// An inbound file not downloaded yet.
        Pending = "pending",
        /// On our disk, served at `/api/media/{id}`.
        Stored = "stored",
        /// Could not be downloaded (too large, a refused type, gone at the provider).
        Failed = "failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_stored_ones() {
        for t in MessageType::ALL {
            assert_eq!(t.as_str().parse(), Ok(t));
        }
        for s in MediaStatus::ALL {
            assert_eq!(s.as_str().parse(), Ok(s));
        }
        assert_eq!(
            crate::domain::media_types::message_type_for("audio/ogg"),
            MessageType::Audio
        );
    }
}
