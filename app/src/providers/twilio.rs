//! Twilio's Messages API: a form POST with basic auth.

use super::{Accepted, Credentials, MessageProvider, OutgoingMessage, SendError};
use crate::domain::MessageStatus;
use serde::Deserialize;
use std::time::Duration;

/// Twilio error codes that mean "later", not "never".
const RETRYABLE_CODES: [&str; 3] = ["20429", "63018", "63038"];

/// A Twilio REST client for one API address (`TWILIO_API_BASE_URL`).
#[derive(Debug, Clone)]
pub struct TwilioClient {
    http: reqwest::Client,
    base_url: String,
}

#[derive(Deserialize)]
struct Created {
    sid: String,
    status: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    code: Option<serde_json::Value>,
    message: Option<String>,
}

impl TwilioClient {
    /// A client for `base_url` (no trailing `/`) that waits 20 s for an answer.
    pub fn new(base_url: impl Into<String>) -> Self {
        Self::with_timeout(base_url, Duration::from_secs(20))
    }

    /// A client for `base_url` that waits `timeout` for each answer (connecting
    /// included; connecting alone gets at most 5 s).
    pub fn with_timeout(base_url: impl Into<String>, timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5).min(timeout))
            .timeout(timeout)
            .build()
            .unwrap_or_default();
        Self {
            http,
            base_url: base_url.into().trim_end_matches('/').to_owned(),
        }
    }

    /// The form Twilio receives for `message`: free text (`Body`, `MediaUrl`s), or an
    /// approved template (`ContentSid`, `ContentVariables`) and no `Body`, as the
    /// Content API requires outside the 24-hour window.
    pub fn form(message: &OutgoingMessage) -> Vec<(&'static str, String)> {
        let mut form = vec![
            ("From", message.from.whatsapp_address()),
            ("To", message.to.whatsapp_address()),
        ];
        match &message.content_sid {
            Some(sid) => {
                form.push(("ContentSid", sid.clone()));
                if let Some(variables) = &message.content_variables {
                    form.push(("ContentVariables", variables.clone()));
                }
            }
            None => {
                form.push(("Body", message.body.clone()));
                form.extend(message.media_urls.iter().map(|u| ("MediaUrl", u.clone())));
            }
        }
        form.push(("StatusCallback", message.status_callback.clone()));
        form
    }
}

impl MessageProvider for TwilioClient {
    async fn send(
        &self,
        credentials: &Credentials,
        message: &OutgoingMessage,
    ) -> Result<Accepted, SendError> {
        let url = format!(
            "{}/2010-04-01/Accounts/{}/Messages.json",
            self.base_url, credentials.account_sid
        );
        let response = self
            .http
            .post(&url)
            .basic_auth(&credentials.account_sid, Some(&credentials.auth_token))
            .form(&Self::form(message))
            .send()
            .await;
        let response = match response {
            Ok(r) => r,
            // Never connected: Twilio cannot have the message.
            Err(e) if e.is_connect() => {
                return Err(SendError::Transient {
                    code: "network".into(),
                    message: e.to_string(),
                });
            }
            // Sent, but no answer: it may have been accepted.
            Err(e) => {
                return Err(SendError::Unknown {
                    message: e.to_string(),
                });
            }
        };
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        if status.is_success() {
            let created: Created = serde_json::from_str(&text).map_err(|e| SendError::Unknown {
                message: format!("unreadable answer from Twilio: {e}"),
            })?;
            let reported = created
                .status
                .as_deref()
                .and_then(crate::messaging::ssr::parse_twilio_status)
                .unwrap_or(MessageStatus::Queued);
            return Ok(Accepted {
                provider_id: created.sid,
                status: reported,
            });
        }
        let body: Option<ErrorBody> = serde_json::from_str(&text).ok();
        let code = body
            .as_ref()
            .and_then(|b| b.code.as_ref())
            .map(|c| c.to_string().trim_matches('"').to_owned())
            .unwrap_or_else(|| status.as_u16().to_string());
        let message = body
            .and_then(|b| b.message)
            .unwrap_or_else(|| format!("HTTP {status}"));
        if status.as_u16() == 429
            || status.is_server_error()
            || RETRYABLE_CODES.contains(&code.as_str())
        {
            Err(SendError::Transient { code, message })
        } else {
            Err(SendError::Permanent { code, message })
        }
    }
}
