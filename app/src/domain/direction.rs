//! Which way a message went, and who carries an account's messages: the two small
//! states that were strings compared in several places.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// Which way a message went.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// From the customer to the business.
    Inbound,
    /// From the business to the customer.
    Outbound,
}

impl Direction {
    /// The name stored in the database and used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inbound => "inbound",
            Self::Outbound => "outbound",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Direction {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "inbound" => Ok(Self::Inbound),
            "outbound" => Ok(Self::Outbound),
            other => Err(UnknownName::new("direction", other)),
        }
    }
}

/// Who carries an account's messages.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Twilio's WhatsApp API.
    Twilio,
    /// The built-in simulator (demo mode and tests).
    Simulator,
}

impl Provider {
    /// The name stored in the database and used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Twilio => "twilio",
            Self::Simulator => "simulator",
        }
    }

    /// Whether WhatsApp's rules (the 24-hour window, templates) apply: they do on a real
    /// provider, never on the simulator.
    pub fn enforces_whatsapp_rules(self) -> bool {
        self == Self::Twilio
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Provider {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "twilio" => Ok(Self::Twilio),
            "simulator" => Ok(Self::Simulator),
            other => Err(UnknownName::new("provider", other)),
        }
    }
}

/// A stored name that is not one of the enum's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{name}'")]
pub struct UnknownName {
    what: &'static str,
    name: String,
}

impl UnknownName {
    fn new(what: &'static str, name: &str) -> Self {
        Self {
            what,
            name: name.to_owned(),
        }
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
