//! Messages in and out: Twilio's webhooks, the outbox, replies.

#[cfg(feature = "ssr")]
pub mod ssr;
