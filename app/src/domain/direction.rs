//! Which way a message went, and who carries an account's messages: the two small
//! states that were strings compared in several places.

use super::stored::stored_enum;

stored_enum! {
    /// Which way a message went.
    pub enum Direction as "direction" {
        /// From the customer to the business.
        Inbound = "inbound",
        /// From the business to the customer.
        Outbound = "outbound",
    }
}

stored_enum! {
    /// Who carries an account's messages.
    pub enum Provider as "provider" {
        /// Twilio's WhatsApp API.
        Twilio = "twilio",
        /// The built-in simulator (demo mode and tests).
        Simulator = "simulator",
    }
}

impl Provider {
    /// Whether WhatsApp's rules (the 24-hour window, templates) apply: they do on a real
    /// provider, never on the simulator.
    pub fn enforces_whatsapp_rules(self) -> bool {
        self == Self::Twilio
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_strings_and_json() {
        for d in [Direction::Inbound, Direction::Outbound] {
            assert_eq!(d.as_str().parse::<Direction>(), Ok(d));
            assert_eq!(serde_json::to_string(&d).ok(), Some(format!("\"{d}\"")));
        }
        for p in [Provider::Twilio, Provider::Simulator] {
            assert_eq!(p.as_str().parse::<Provider>(), Ok(p));
            assert_eq!(serde_json::to_string(&p).ok(), Some(format!("\"{p}\"")));
        }
        assert!("sideways".parse::<Direction>().is_err());
        assert!("whatsapp-cloud".parse::<Provider>().is_err());
    }

    #[test]
    fn only_a_real_provider_enforces_whatsapp_rules() {
        assert!(Provider::Twilio.enforces_whatsapp_rules());
        assert!(!Provider::Simulator.enforces_whatsapp_rules());
    }
}
