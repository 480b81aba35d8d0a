//! WhatsApp's 24-hour customer-care window.

use super::Provider;
use chrono::{DateTime, Duration, Utc};

/// How long after the customer's last message free text may be sent.
pub const CUSTOMER_CARE_WINDOW_HOURS: i64 = 24;

/// True when free text may be sent at `now` to a contact whose last inbound message
/// arrived at `last_inbound` (never: outside).
pub fn within_window(last_inbound: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    // A timestamp slightly in the future (clock skew between servers) counts as now.
    last_inbound.is_some_and(|at| now - at < Duration::hours(CUSTOMER_CARE_WINDOW_HOURS))
}

/// May free text go to a contact through `provider` at `now`? On a real provider only
/// within the window; the simulator is not held to WhatsApp's rules. The composer
/// (through `ThreadDetail::window_open`) and the server's check both ask this.
pub fn may_send_free_text(
    provider: Provider,
    last_inbound: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    !provider.enforces_whatsapp_rules() || within_window(last_inbound, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_real_provider_holds_free_text_to_the_window() {
        let now = Utc::now();
        let old = Some(now - Duration::days(2));
        assert!(!may_send_free_text(Provider::Twilio, old, now));
        assert!(!may_send_free_text(Provider::Twilio, None, now));
        assert!(may_send_free_text(Provider::Twilio, Some(now), now));
        assert!(may_send_free_text(Provider::Simulator, old, now));
        assert!(may_send_free_text(Provider::Simulator, None, now));
    }

    #[test]
    fn the_window_is_24_hours_after_the_last_inbound_message() {
        let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        let cases = [
            (None, false),
            (Some(now - Duration::minutes(1)), true),
            (
                Some(now - Duration::hours(23) - Duration::minutes(59)),
                true,
            ),
            (Some(now - Duration::hours(24)), false),
            (Some(now - Duration::days(3)), false),
            // Small clock skew between servers is tolerated.
            (Some(now + Duration::minutes(1)), true),
        ];
        for (last, want) in cases {
            assert_eq!(within_window(last, now), want, "{last:?}");
        }
    }
}
