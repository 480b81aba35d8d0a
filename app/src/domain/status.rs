//! Message statuses and the rule that they only move forward.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// Where a message stands. Inbound messages are `Received`; outbound ones start
/// `Pending` in our outbox and follow Twilio's statuses from there.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageStatus {
    /// An inbound message.
    Received,
    /// Written to the outbox, not yet handed to the provider.
    Pending,
    /// We may or may not have reached the provider (the server stopped mid-send);
    /// never resent automatically.
    Unknown,
    /// Accepted by the provider, waiting to be sent.
    Queued,
    /// The provider is sending it.
    Sending,
    /// Sent to WhatsApp.
    Sent,
    /// On the customer's phone.
    Delivered,
    /// Read by the customer.
    Read,
    /// Refused or failed (terminal).
    Failed,
    /// WhatsApp could not deliver it (terminal).
    Undelivered,
}

impl MessageStatus {
    /// Every status, in the order of the delivery path.
    pub const ALL: [MessageStatus; 10] = [
        Self::Received,
        Self::Pending,
        Self::Unknown,
        Self::Queued,
        Self::Sending,
        Self::Sent,
        Self::Delivered,
        Self::Read,
        Self::Failed,
        Self::Undelivered,
    ];

    /// The name stored in the database and used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Pending => "pending",
            Self::Unknown => "unknown",
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Failed => "failed",
            Self::Undelivered => "undelivered",
        }
    }

    /// The provider took the message: it went (or is going) to WhatsApp.
    pub fn accepted_by_provider(self) -> bool {
        matches!(
            self,
            Self::Queued | Self::Sending | Self::Sent | Self::Delivered | Self::Read
        )
    }

    /// Position on the delivery path; terminal failures have none.
    fn rank(self) -> Option<u8> {
        match self {
            Self::Received => None,
            Self::Pending | Self::Unknown => Some(0),
            Self::Queued => Some(1),
            Self::Sending => Some(2),
            Self::Sent => Some(3),
            Self::Delivered => Some(4),
            Self::Read => Some(5),
            Self::Failed | Self::Undelivered => None,
        }
    }

    /// True for statuses that never change again.
    pub fn is_terminal_failure(self) -> bool {
        matches!(self, Self::Failed | Self::Undelivered)
    }

    /// Whether an agent may send the message again ("Kirim ulang"): it failed (at our
    /// side or WhatsApp's), or it is in doubt after a crash, which only a person may
    /// decide to resend. The chat shows the button and the server accepts the retry by
    /// this one rule.
    pub fn can_retry(self) -> bool {
        matches!(self, Self::Failed | Self::Undelivered | Self::Unknown)
    }

    /// The status after a report of `incoming` arrives while the message is `self`,
    /// or `None` when the report must be ignored. Reports arrive out of order and
    /// repeated: statuses only move forward, failures are final, and a message that
    /// reached the phone is not "failed" by a late report.
    pub fn advance(self, incoming: MessageStatus) -> Option<MessageStatus> {
        if self == Self::Received || incoming == Self::Received || self.is_terminal_failure() {
            return None;
        }
        if incoming.is_terminal_failure() {
            return match self.rank() {
                Some(r) if r < Self::Delivered.rank().unwrap_or(u8::MAX) => Some(incoming),
                _ => None,
            };
        }
        match (self.rank(), incoming.rank()) {
            (Some(now), Some(next)) if next > now => Some(incoming),
            _ => None,
        }
    }
}

impl fmt::Display for MessageStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status name we do not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown message status '{0}'")]
pub struct UnknownStatus(pub String);

impl FromStr for MessageStatus {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::MessageStatus::{self, *};

    #[test]
    fn statuses_only_move_forward() {
        let cases: &[(MessageStatus, MessageStatus, Option<MessageStatus>)] = &[
            (Pending, Queued, Some(Queued)),
            (Pending, Sent, Some(Sent)),
            (Queued, Sending, Some(Sending)),
            (Sending, Sent, Some(Sent)),
            (Sent, Delivered, Some(Delivered)),
            (Delivered, Read, Some(Read)),
            (Sent, Read, Some(Read)),
            // Late and repeated reports change nothing.
            (Delivered, Sent, None),
            (Read, Delivered, None),
            (Sent, Sent, None),
            (Read, Queued, None),
            // Failures are terminal.
            (Sent, Failed, Some(Failed)),
            (Queued, Undelivered, Some(Undelivered)),
            (Pending, Failed, Some(Failed)),
            (Failed, Delivered, None),
            (Undelivered, Read, None),
            (Failed, Undelivered, None),
            // A message that reached the phone is not failed by a late report.
            (Delivered, Failed, None),
            (Read, Undelivered, None),
            // A message in doubt after a crash accepts what the provider says.
            (Unknown, Sent, Some(Sent)),
            (Unknown, Failed, Some(Failed)),
            // Inbound messages have no delivery path.
            (Received, Read, None),
            (Sent, Received, None),
        ];
        for (now, incoming, want) in cases {
            assert_eq!(now.advance(*incoming), *want, "{now} + {incoming}");
        }
    }

    #[test]
    fn failed_undelivered_and_unknown_messages_may_be_resent() {
        for st in MessageStatus::ALL {
            let want = matches!(st, Failed | Undelivered | Unknown);
            assert_eq!(st.can_retry(), want, "{st}");
        }
    }

    #[test]
    fn names_round_trip() {
        for st in MessageStatus::ALL {
            assert_eq!(st.as_str().parse::<MessageStatus>(), Ok(st));
            assert_eq!(serde_json::to_string(&st).ok(), Some(format!("\"{st}\"")));
        }
        assert!("delivered!".parse::<MessageStatus>().is_err());
    }
}
