//! Contact phone numbers: E.164 digits without the `+` (`6281234567890`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Nothing was given.
    #[error("phone number is empty")]
    Empty,
    /// The phone-number library could not read it at all.
    #[error("'{0}' is not a phone number")]
    Unparseable(String),
    /// It reads as a number, but no such number can exist (wrong length or prefix).
    #[error("'{0}' is not a valid phone number")]
    Invalid(String),
}

/// A validated phone number, held as E.164 digits without the `+`.
///
/// Values are only made by [`PhoneNumber::parse`] on the server (which uses the full
/// libphonenumber metadata) or deserialised from what the server sent, so a
/// `PhoneNumber` is always valid. The browser never parses: the metadata would
/// triple the wasm bundle.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PhoneNumber(String);

/// The most digits an E.164 number has, country code included.
pub const MAX_DIGITS: usize = 15;

/// The region assumed for numbers written in national form (`0812…`): Indonesia.
pub const DEFAULT_REGION: &str = "ID";

impl PhoneNumber {
    /// The digits, without `+` (`6281234567890`).
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The E.164 form with `+` (`+6281234567890`).
    pub fn e164(&self) -> String {
        format!("+{}", self.0)
    }

    /// The address Twilio uses for WhatsApp (`whatsapp:+6281234567890`).
    pub fn whatsapp_address(&self) -> String {
        format!("whatsapp:+{}", self.0)
    }
}

#[cfg(feature = "ssr")]
impl PhoneNumber {
    /// Parses a number as people and Twilio write it: `+62 812-3456-7890`,
    /// `whatsapp:+6281234567890`, `6281234567890`, or a national form such as
    /// `0812 3456 7890` when `default_region` (ISO 3166 code, e.g. `"ID"`) is given.
    pub fn parse(input: &str, default_region: Option<&str>) -> Result<Self, PhoneError> {
        let trimmed = input.trim();
        let without_scheme = trimmed.strip_prefix("whatsapp:").unwrap_or(trimmed).trim();
        if without_scheme.is_empty() {
            return Err(PhoneError::Empty);
        }
        let region = default_region.and_then(|r| r.parse::<phonenumber::country::Id>().ok());
        // Bare international digits ("6281…") carry no `+`; libphonenumber would read
        // them as a national number of the default region, so they are tried as
        // international first when they cannot be a national form (no leading 0).
        let attempts: Vec<(Option<phonenumber::country::Id>, String)> =
            if is_bare_digits(without_scheme) && !without_scheme.starts_with('0') {
                vec![
                    (None, format!("+{without_scheme}")),
                    (region, without_scheme.to_owned()),
                ]
            } else {
                vec![(region, without_scheme.to_owned())]
            };
        let mut parsed_any = false;
        for (region, text) in attempts {
            if let Ok(number) = phonenumber::parse(region, &text) {
                parsed_any = true;
                let e164 = number.format().mode(phonenumber::Mode::E164).to_string();
                let digits = e164.trim_start_matches('+');
                // The metadata accepts some longer national numbers (German ones), but
                // E.164, and so WhatsApp and Twilio, stop at 15 digits.
                if number.is_valid() && digits.len() <= MAX_DIGITS && reads_back(digits) {
                    return Ok(Self(digits.to_owned()));
                }
            }
        }
        if parsed_any {
            Err(PhoneError::Invalid(input.to_owned()))
        } else {
            Err(PhoneError::Unparseable(input.to_owned()))
        }
    }

    /// The number as people read it (`+62 812-3456-7890`).
    pub fn display_international(&self) -> String {
        phonenumber::parse(None, self.e164())
            .map(|n| {
                n.format()
                    .mode(phonenumber::Mode::International)
                    .to_string()
            })
            .unwrap_or_else(|_| self.e164())
    }

    /// Wraps digits read back from our own database, where only parsed numbers are
    /// ever written.
    pub fn from_trusted_digits(digits: impl Into<String>) -> Self {
        Self(digits.into())
    }
}

/// Whether `+digits` reads back as a valid number with the same digits, with no
/// default region and with the one the server assumes. Text with letters and stray
/// symbols can parse to a number the library itself reads differently when written in
/// E.164 (`+247023462` keeps its leading zero without a region and loses it with
/// Indonesia's): such a number could never be written to again.
#[cfg(feature = "ssr")]
fn reads_back(digits: &str) -> bool {
    let e164 = format!("+{digits}");
    let default = DEFAULT_REGION.parse::<phonenumber::country::Id>().ok();
    [None, default].into_iter().all(|region| {
        phonenumber::parse(region, &e164).is_ok_and(|n| {
            n.is_valid() && n.format().mode(phonenumber::Mode::E164).to_string() == e164
        })
    })
}

#[cfg(feature = "ssr")]
fn is_bare_digits(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", self.0)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_forms_people_and_twilio_write() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("+6281234567890", None, "6281234567890"),
            ("whatsapp:+6281234567890", None, "6281234567890"),
            ("  whatsapp:+62 812-3456-7890 ", None, "6281234567890"),
            ("+62 812 3456 7890", Some("ID"), "6281234567890"),
            ("6281234567890", Some("ID"), "6281234567890"),
            ("6281234567890", None, "6281234567890"),
            ("081234567890", Some("ID"), "6281234567890"),
            ("0812-3456-7890", Some("ID"), "6281234567890"),
            ("+14155238886", Some("ID"), "14155238886"),
            ("whatsapp:+14155238886", None, "14155238886"),
            ("+442071838750", None, "442071838750"),
        ];
        for (input, region, want) in cases {
            let got = PhoneNumber::parse(input, *region)
                .unwrap_or_else(|e| panic!("{input:?} with {region:?} failed: {e}"));
            assert_eq!(got.digits(), *want, "input {input:?}");
        }
    }

    #[test]
    fn refuses_what_cannot_be_a_number() {
        let cases: &[(&str, Option<&str>, PhoneError)] = &[
            ("", Some("ID"), PhoneError::Empty),
            ("whatsapp:", None, PhoneError::Empty),
            ("   ", None, PhoneError::Empty),
            ("hello", Some("ID"), PhoneError::Unparseable("hello".into())),
            // National form without a region cannot be placed in any country.
            (
                "081234567890",
                None,
                PhoneError::Unparseable("081234567890".into()),
            ),
            ("+62 12", Some("ID"), PhoneError::Invalid("+62 12".into())),
            (
                "+999123456789",
                None,
                PhoneError::Unparseable("+999123456789".into()),
            ),
            // Found by fuzzing (fuzz/fuzz_targets/phone.rs): 17 digits that the
            // metadata calls a valid German number, beyond E.164's 15.
            (
                "+49442810002687180",
                Some("ID"),
                PhoneError::Invalid("+49442810002687180".into()),
            ),
            // Found by fuzzing: read as +247023462, which is not a valid number when
            // written back.
            (
                "\u{1}+2-4 70234*6-c",
                None,
                PhoneError::Invalid("\u{1}+2-4 70234*6-c".into()),
            ),
        ];
        for (input, region, want) in cases {
            let got = PhoneNumber::parse(input, *region);
            assert_eq!(
                got.as_ref().err(),
                Some(want),
                "input {input:?} gave {got:?}"
            );
        }
    }

    #[test]
    fn renders_e164_whatsapp_and_international_forms() {
        let n = PhoneNumber::parse("081234567890", Some("ID")).expect("valid");
        assert_eq!(n.e164(), "+6281234567890");
        assert_eq!(n.whatsapp_address(), "whatsapp:+6281234567890");
        assert_eq!(n.to_string(), "+6281234567890");
        assert_eq!(n.display_international(), "+62 812-3456-7890");
    }
}
