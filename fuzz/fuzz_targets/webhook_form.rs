//! Twilio's inbound webhook: any form body, decoded as the server decodes it, is either
//! refused with a reason or read into a message whose every field holds what the rest
//! of the server relies on.
#![no_main]

use app::messaging::ssr::inbound_form::{InboundMessage, without_nul};
use app::domain::PhoneNumber;
use chrono::Utc;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    // What axum's `Form` does with the body; a body it cannot decode never reaches
    // the parser (the handler answers 400 first).
    let Ok(params) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) else {
        return;
    };
    let Ok(message) = InboundMessage::from_params(&params, Utc::now()) else {
        return;
    };
    let sid = &message.message_sid;
    assert!(!sid.is_empty() && sid.len() <= 64, "sid {sid:?}");
    assert!(sid.chars().all(|c| c.is_ascii_alphanumeric()), "sid {sid:?}");
    for number in [&message.from, &message.to] {
        let digits = number.digits();
        assert!(
            !digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit()),
            "number {digits:?}"
        );
        // A stored number reads back as itself: threads are keyed by these digits.
        assert_eq!(PhoneNumber::parse(&number.e164(), None).as_ref(), Ok(number));
    }
    assert!(message.media.len() <= 10);
    for media in &message.media {
        assert!(media.url.starts_with("https://") || media.url.starts_with("http://"));
        assert!(!media.content_type.is_empty());
    }
    if let Some((lat, lon)) = message.location {
        assert!(lat.abs() <= 90.0 && lon.abs() <= 180.0, "{lat} {lon}");
    }
    assert!(message.body.chars().count() <= 4096);
    assert!(
        !message.body.trim().is_empty() || !message.media.is_empty() || message.location.is_some()
    );
    if let Some(name) = &message.profile_name {
        assert!(!name.is_empty() && name.chars().count() <= 100, "{name:?}");
    }
    // Every parameter is kept, as sent but for NUL characters (which neither
    // database stores), to restore a blocked message exactly.
    assert_eq!(message.raw, without_nul(&params));
    let texts = [message.body.as_str()].into_iter().chain(message.profile_name.as_deref());
    for text in texts.chain(message.raw.iter().flat_map(|(k, v)| [k.as_str(), v.as_str()])) {
        assert!(!text.contains('\0'), "{text:?}");
    }
    // The stored type is one an inbound message can have (never a template).
    assert_ne!(message.message_type(), app::domain::MessageType::Template);
});
