//! Reading Twilio's inbound webhook form into a typed message.

use crate::domain::{MessageType, media_types::message_type_for};
use crate::{
    domain::{PhoneNumber, phone::DEFAULT_REGION},
    error::AppError,
};
use chrono::{DateTime, Utc};

/// Most attachments one WhatsApp message can carry.
const MAX_MEDIA: usize = 10;

/// One attachment announced by the webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundMedia {
    /// Where Twilio keeps it (needs the account's credentials).
    pub url: String,
    /// Its MIME type.
    pub content_type: String,
}

/// An inbound WhatsApp message as Twilio announced it, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundMessage {
    /// Twilio's `MessageSid`: the idempotency key.
    pub message_sid: String,
    /// The customer.
    pub from: PhoneNumber,
    /// Our sender number that was written to.
    pub to: PhoneNumber,
    /// WhatsApp profile name, if sent.
    pub profile_name: Option<String>,
    /// Text (may be empty when media is attached).
    pub body: String,
    /// Attachments.
    pub media: Vec<InboundMedia>,
    /// Shared location, if any.
    pub location: Option<(f64, f64)>,
    /// When we received it.
    pub received_at: DateTime<Utc>,
    /// Every parameter as sent, kept to restore a blocked message exactly.
    pub raw: Vec<(String, String)>,
}

/// `params` with every NUL character taken out of names and values.
///
/// A NUL carries nothing a person wrote, PostgreSQL refuses it in text and JSON (the
/// message would never be stored, and Twilio would retry it for ever), and SQLite's
/// search index stops reading a message at its first NUL.
pub fn without_nul(params: &[(String, String)]) -> Vec<(String, String)> {
    params
        .iter()
        .map(|(k, v)| (k.replace('\0', ""), v.replace('\0', "")))
        .collect()
}

impl InboundMessage {
    /// The stored message type: location, the first attachment's kind, or text.
    pub fn message_type(&self) -> MessageType {
        if self.location.is_some() {
            return MessageType::Location;
        }
        match self.media.first() {
            Some(m) => message_type_for(&m.content_type),
            None => MessageType::Text,
        }
    }

    /// Parses the webhook's form parameters. Unknown parameters are accepted (Twilio
    /// adds them without notice); missing or malformed required ones are refused with
    /// the parameter's name.
    pub fn from_params(
        params: &[(String, String)],
        received_at: DateTime<Utc>,
    ) -> Result<Self, AppError> {
        let params = &without_nul(params);
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        };
        let required =
            |name: &'static str| get(name).ok_or_else(|| AppError::validation(name, "is required"));
        let message_sid = required("MessageSid")?;
        let sid_ok =
            message_sid.len() <= 64 && message_sid.chars().all(|c| c.is_ascii_alphanumeric());
        if !sid_ok {
            return Err(AppError::validation(
                "MessageSid",
                "must be letters and digits",
            ));
        }
        let phone = |name: &'static str| -> Result<PhoneNumber, AppError> {
            PhoneNumber::parse(required(name)?, Some(DEFAULT_REGION))
                .map_err(|e| AppError::validation(name, e.to_string()))
        };
        let from = phone("From")?;
        let to = phone("To")?;
        let num_media = match get("NumMedia") {
            None => 0,
            Some(n) => n
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= MAX_MEDIA)
                .ok_or_else(|| {
                    AppError::validation("NumMedia", format!("must be 0 to {MAX_MEDIA}"))
                })?,
        };
        let mut media = Vec::with_capacity(num_media);
        for i in 0..num_media {
            let url = get(&format!("MediaUrl{i}")).ok_or_else(|| {
                AppError::validation(format!("MediaUrl{i}"), "is required by NumMedia")
            })?;
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(AppError::validation(
                    format!("MediaUrl{i}"),
                    "must be an http(s) URL",
                ));
            }
            let content_type = get(&format!("MediaContentType{i}"))
                .unwrap_or("application/octet-stream")
                .to_owned();
            media.push(InboundMedia {
                url: url.to_owned(),
                content_type,
            });
        }
        let coordinate = |name: &'static str, limit: f64| -> Result<Option<f64>, AppError> {
            get(name)
                .map(|v| {
                    v.parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite() && x.abs() <= limit)
                        .ok_or_else(|| AppError::validation(name, "is not a coordinate"))
                })
                .transpose()
        };
        let location = match (
            coordinate("Latitude", 90.0)?,
            coordinate("Longitude", 180.0)?,
        ) {
            (Some(lat), Some(lon)) => Some((lat, lon)),
            _ => None,
        };
        let body = params
            .iter()
            .find(|(k, _)| k == "Body")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        if body.chars().count() > 4096 {
            return Err(AppError::validation(
                "Body",
                "is longer than 4096 characters",
            ));
        }
        if body.trim().is_empty() && media.is_empty() && location.is_none() {
            return Err(AppError::validation(
                "Body",
                "is empty and nothing is attached",
            ));
        }
        Ok(Self {
            message_sid: message_sid.to_owned(),
            from,
            to,
            profile_name: get("ProfileName").map(|n| n.chars().take(100).collect()),
            body,
            media,
            location,
            received_at,
            raw: params.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn base() -> Vec<(&'static str, &'static str)> {
        vec![
            ("MessageSid", "SM0123456789abcdef0123456789abcdef"),
            ("From", "whatsapp:+6281234567890"),
            ("To", "whatsapp:+6281211110001"),
            ("Body", "Halo"),
            ("ProfileName", "Budi"),
            ("SomethingNew", "accepted"),
        ]
    }

    /// Found by fuzzing (fuzz/fuzz_targets/search_text.rs): a NUL hid the rest of a
    /// message from SQLite's search index; PostgreSQL refuses to store one at all.
    #[test]
    fn nul_characters_are_taken_out() {
        let mut p = base();
        p.retain(|(k, _)| *k != "Body" && *k != "ProfileName");
        p.extend([
            ("Body", "Ha\0lo\0"),
            ("ProfileName", "\0Budi"),
            ("X\0Y", "\0"),
        ]);
        let m = InboundMessage::from_params(&form(&p), Utc::now()).expect("valid");
        assert_eq!(m.body, "Halo");
        assert_eq!(m.profile_name.as_deref(), Some("Budi"));
        assert!(
            m.raw
                .iter()
                .all(|(k, v)| !k.contains('\0') && !v.contains('\0'))
        );
        assert!(m.raw.contains(&("XY".to_owned(), String::new())));
        // Only NUL: nothing else changes.
        let again = InboundMessage::from_params(&m.raw, m.received_at).expect("valid");
        assert_eq!(again, m);
    }

    #[test]
    fn a_text_message_is_read() {
        let m = InboundMessage::from_params(&form(&base()), Utc::now()).expect("valid");
        assert_eq!(m.from.digits(), "6281234567890");
        assert_eq!(m.to.digits(), "6281211110001");
        assert_eq!(
            (m.body.as_str(), m.message_type()),
            ("Halo", MessageType::Text)
        );
        assert_eq!(m.profile_name.as_deref(), Some("Budi"));
        assert_eq!(m.raw.len(), 6);
    }

    #[test]
    fn media_and_locations_are_read() {
        let mut p = base();
        p.extend([
            ("NumMedia", "2"),
            ("MediaUrl0", "https://api.twilio.com/media/ME1"),
            ("MediaContentType0", "image/jpeg"),
            ("MediaUrl1", "https://api.twilio.com/media/ME2"),
            ("MediaContentType1", "application/pdf"),
        ]);
        let m = InboundMessage::from_params(&form(&p), Utc::now()).expect("valid");
        assert_eq!((m.media.len(), m.message_type()), (2, MessageType::Image));
        let mut loc = base();
        loc.retain(|(k, _)| *k != "Body");
        loc.extend([("Latitude", "-6.2"), ("Longitude", "106.8")]);
        let m = InboundMessage::from_params(&form(&loc), Utc::now()).expect("valid");
        assert_eq!(
            (m.location, m.message_type()),
            (Some((-6.2, 106.8)), MessageType::Location)
        );
    }

    #[test]
    fn malformed_forms_name_the_parameter() {
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (
                base()
                    .into_iter()
                    .filter(|(k, _)| *k != "MessageSid")
                    .collect(),
                "MessageSid",
            ),
            (
                base().into_iter().filter(|(k, _)| *k != "From").collect(),
                "From",
            ),
            (
                base().into_iter().filter(|(k, _)| *k != "To").collect(),
                "To",
            ),
            (
                [base(), vec![("MessageSid", "SM 1")]].concat()[1..].to_vec(),
                "MessageSid",
            ),
            (
                vec![
                    ("MessageSid", "SM1"),
                    ("From", "whatsapp:+0"),
                    ("To", "whatsapp:+6281211110001"),
                    ("Body", "x"),
                ],
                "From",
            ),
            (
                vec![
                    ("MessageSid", "SM1"),
                    ("From", "whatsapp:+6281234567890"),
                    ("To", "whatsapp:+6281211110001"),
                ],
                "Body",
            ),
            ([base(), vec![("NumMedia", "1")]].concat(), "MediaUrl0"),
            ([base(), vec![("NumMedia", "many")]].concat(), "NumMedia"),
            (
                [base(), vec![("Latitude", "99"), ("Longitude", "1")]].concat(),
                "Latitude",
            ),
        ];
        for (pairs, field) in cases {
            let err = InboundMessage::from_params(&form(&pairs), Utc::now()).expect_err(field);
            assert!(
                matches!(&err, AppError::Validation { field: f, .. } if f == field),
                "{field}: {err:?}"
            );
        }
    }
}
