//! Message statuses and the rule that they only move forward.

use super::stored::stored_enum;

stored_enum! {
    /// Where a message stands. Inbound messages are `Received`; outbound ones start
    /// `Pending` in our outbox and follow Twilio's statuses from there.
    pub enum MessageStatus as "message status" {
        /// An inbound message.
        Received = "received",
        /// Written to the outbox, not yet handed to the provider.
        Pending = "pending",
        /// We may or may not have reached the provider (the server stopped mid-send);
        /// never resent automatically.
        Unknown = "unknown",
        /// Accepted by the provider, waiting to be sent.
        Queued = "queued",
        /// The provider is sending it.
        Sending = "sending",
        /// Sent to WhatsApp.
        Sent = "sent",
        /// On the customer's phone.
        Delivered = "delivered",
        /// Read by the customer.
        Read = "read",
        /// Refused or failed (terminal).
        Failed = "failed",
        /// WhatsApp could not deliver it (terminal).
        Undelivered = "undelivered",
    }
}

impl MessageStatus {
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
