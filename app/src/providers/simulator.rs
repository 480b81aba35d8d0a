//! The simulator: "delivers" messages of simulator accounts and plays inbound ones,
//! through the same signed webhooks Twilio would use, so the real code paths run.

use super::{Accepted, Credentials, MessageProvider, OutgoingMessage, SendError, signature};
use crate::domain::{MessageStatus, PhoneNumber};
use std::time::Duration;

/// The simulated provider of one server.
#[derive(Debug, Clone)]
pub struct Simulator {
    http: reqwest::Client,
    /// Our own public URL, where the simulator posts webhooks.
    public_base_url: String,
    /// The token it signs with.
    token: crate::secret::Secret,
}

/// Recipients whose number ends with this are "not on WhatsApp": sends to them fail
/// with Twilio's code 63003.
pub const NOT_ON_WHATSAPP_SUFFIX: &str = "00000";

/// Recipients whose number ends with this have WhatsApp but never receive: sends are
/// accepted, then reported `undelivered` with Twilio's code 30003.
pub const UNDELIVERED_SUFFIX: &str = "11111";

/// A fresh Twilio-like id with `prefix` (`SM`).
pub fn new_sid(prefix: &str) -> String {
    format!("{prefix}{:032x}", rand::random::<u128>())
}

impl Simulator {
    /// A simulator posting to `public_base_url`, signing with `token`.
    pub fn new(public_base_url: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
            public_base_url: public_base_url.into(),
            token: crate::secret::Secret::new(token),
        }
    }

    /// Posts `params` to our `path`, signed like Twilio; returns the HTTP status.
    pub async fn post_signed(
        &self,
        path: &str,
        params: &[(String, String)],
    ) -> Result<u16, String> {
        let url = format!("{}{path}", self.public_base_url);
        let signature = signature::compute(self.token.expose(), &url, params);
        self.http
            .post(&url)
            .header("X-Twilio-Signature", signature)
            .form(params)
            .send()
            .await
            .map(|r| r.status().as_u16())
            .map_err(|e| e.to_string())
    }

    /// Plays an inbound message from `from` to the account number `to`, exactly as
    /// Twilio would post it. Returns the webhook's HTTP status.
    pub async fn inbound(
        &self,
        from: &PhoneNumber,
        to: &PhoneNumber,
        body: &str,
        profile_name: Option<&str>,
    ) -> Result<u16, String> {
        let mut params = vec![
            ("MessageSid".to_owned(), new_sid("SM")),
            ("AccountSid".to_owned(), "ACsimulator".to_owned()),
            ("From".to_owned(), from.whatsapp_address()),
            ("To".to_owned(), to.whatsapp_address()),
            ("Body".to_owned(), body.to_owned()),
            ("NumMedia".to_owned(), "0".to_owned()),
            ("WaId".to_owned(), from.digits().to_owned()),
            ("SmsStatus".to_owned(), "received".to_owned()),
        ];
        if let Some(name) = profile_name {
            params.push(("ProfileName".to_owned(), name.to_owned()));
        }
        self.post_signed("/api/whatsapp/webhook", &params).await
    }
}

impl MessageProvider for Simulator {
    async fn send(
        &self,
        _credentials: &Credentials,
        message: &OutgoingMessage,
    ) -> Result<Accepted, SendError> {
        // A number ending in five zeros plays a customer without WhatsApp, so demos and
        // tests can show what a refused send looks like.
        if message.to.digits().ends_with(NOT_ON_WHATSAPP_SUFFIX) {
            return Err(SendError::Permanent {
                code: "63003".into(),
                message: "the recipient is not on WhatsApp (simulated)".into(),
            });
        }
        let sid = new_sid("SM");
        // Report sent, delivered and read later, like a phone on the other end would.
        let reporter = self.clone();
        let callback_sid = sid.clone();
        let path = message
            .status_callback
            .strip_prefix(&self.public_base_url)
            .unwrap_or("/api/whatsapp/status")
            .to_owned();
        let reports: &[(u64, &str)] = if message.to.digits().ends_with(UNDELIVERED_SUFFIX) {
            &[(300, "sent"), (600, "undelivered")]
        } else {
            &[(300, "sent"), (900, "delivered"), (2500, "read")]
        };
        tokio::spawn(async move {
            for &(delay_ms, status) in reports {
                tokio::time::sleep(Duration::from_millis(delay_ms)).await;
                let mut params = vec![
                    ("MessageSid".to_owned(), callback_sid.clone()),
                    ("MessageStatus".to_owned(), status.to_owned()),
                    ("ChannelPrefix".to_owned(), "whatsapp".to_owned()),
                ];
                if status == "undelivered" {
                    params.push(("ErrorCode".to_owned(), "30003".to_owned()));
                }
                if let Err(e) = reporter.post_signed(&path, &params).await {
                    tracing::debug!("simulated status callback not delivered: {e}");
                    return;
                }
            }
        });
        Ok(Accepted {
            provider_id: sid,
            status: MessageStatus::Queued,
        })
    }
}
