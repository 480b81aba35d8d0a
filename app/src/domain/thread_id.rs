//! Thread identifiers: `{accountId}:{contactDigits}`, e.g. `acc-001:6281234567890`.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// Why a thread id or account id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThreadIdError {
    /// There is no `:` between the account and the number.
    #[error("thread id '{0}' must look like 'accountId:digits'")]
    MissingSeparator(String),
    /// The account part is empty or has characters other than `a-z A-Z 0-9 - _`.
    #[error("'{0}' is not a valid account id")]
    BadAccount(String),
    /// The number part is not 6 to 15 digits.
    #[error("'{0}' is not a valid contact number in a thread id")]
    BadNumber(String),
}

/// Checks an account id: 1 to 64 characters of `a-z A-Z 0-9 - _`, so it can never
/// contain the `:` that separates it from the number in a thread id.
pub fn validate_account_id(id: &str) -> Result<(), ThreadIdError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ThreadIdError::BadAccount(id.to_owned()))
    }
}

/// One conversation: one account and one contact number. The same number on two
/// accounts is two different threads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ThreadId {
    account_id: String,
    contact: String,
}

impl ThreadId {
    /// Builds the id of the thread between `account_id` and `contact_digits`.
    pub fn new(account_id: &str, contact_digits: &str) -> Result<Self, ThreadIdError> {
        validate_account_id(account_id)?;
        let digits_ok = (6..=15).contains(&contact_digits.len())
            && contact_digits.chars().all(|c| c.is_ascii_digit());
        if !digits_ok {
            return Err(ThreadIdError::BadNumber(contact_digits.to_owned()));
        }
        Ok(Self {
            account_id: account_id.to_owned(),
            contact: contact_digits.to_owned(),
        })
    }

    /// Parses `accountId:digits`.
    pub fn parse(s: &str) -> Result<Self, ThreadIdError> {
        let (account, digits) = s
            .split_once(':')
            .ok_or_else(|| ThreadIdError::MissingSeparator(s.to_owned()))?;
        Self::new(account, digits)
    }

    /// The account the thread belongs to (and the only one it may be answered from).
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// The contact's E.164 digits.
    pub fn contact_digits(&self) -> &str {
        &self.contact
    }
}

impl fmt::Display for ThreadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.account_id, self.contact)
    }
}

impl FromStr for ThreadId {
    type Err = ThreadIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for ThreadId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ThreadId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_the_same_text() {
        for text in [
            "acc-001:6281234567890",
            "acc_B:14155238886",
            "TokoA:123456",
            "a:123456789012345",
        ] {
            let id = ThreadId::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(id.to_string(), text);
            let json = serde_json::to_string(&id).expect("serialise");
            assert_eq!(json, format!("\"{text}\""));
            let back: ThreadId = serde_json::from_str(&json).expect("deserialise");
            assert_eq!(back, id);
        }
    }

    #[test]
    fn splits_into_account_and_number() {
        let id: ThreadId = "acc-002:6281234567890".parse().expect("valid");
        assert_eq!(id.account_id(), "acc-002");
        assert_eq!(id.contact_digits(), "6281234567890");
    }

    #[test]
    fn refuses_malformed_ids() {
        type IsExpected = fn(&ThreadIdError) -> bool;
        let cases: &[(&str, IsExpected)] = &[
            ("acc-0016281234567890", |e| {
                matches!(e, ThreadIdError::MissingSeparator(_))
            }),
            (":6281234567890", |e| {
                matches!(e, ThreadIdError::BadAccount(_))
            }),
            ("acc 1:6281234567890", |e| {
                matches!(e, ThreadIdError::BadAccount(_))
            }),
            ("acc-001:+6281234567890", |e| {
                matches!(e, ThreadIdError::BadNumber(_))
            }),
            ("acc-001:62812:34567890", |e| {
                matches!(e, ThreadIdError::BadNumber(_))
            }),
            ("acc-001:12345", |e| {
                matches!(e, ThreadIdError::BadNumber(_))
            }),
            ("acc-001:1234567890123456", |e| {
                matches!(e, ThreadIdError::BadNumber(_))
            }),
            ("acc-001:", |e| matches!(e, ThreadIdError::BadNumber(_))),
        ];
        for (text, is_expected) in cases {
            let err = ThreadId::parse(text).expect_err(text);
            assert!(is_expected(&err), "{text}: unexpected {err:?}");
        }
        assert!(serde_json::from_str::<ThreadId>("\"nope\"").is_err());
    }

    #[test]
    fn the_same_number_on_two_accounts_is_two_threads() {
        let a = ThreadId::new("acc-001", "6281234567890").expect("valid");
        let b = ThreadId::new("acc-002", "6281234567890").expect("valid");
        assert_ne!(a, b);
        assert_eq!(a.contact_digits(), b.contact_digits());
    }
}
