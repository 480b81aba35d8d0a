//! Saved contacts (SPEC 10) and the sender profile: what we know about a number.

mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use server_fns::*;

use crate::error::AppError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A saved contact.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactView {
    /// Contact id.
    pub id: i64,
    /// E.164 digits.
    pub phone_number: String,
    /// Name.
    pub name: String,
    /// Street address.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Province or state.
    pub state: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Website (`http(s)://…`).
    pub website: Option<String>,
    /// Business name.
    pub business_name: Option<String>,
    /// Business category.
    pub business_category: Option<String>,
    /// Rating, 1 to 5, with decimals (`4.2`).
    pub rating: Option<f64>,
    /// Number of reviews.
    pub reviews: Option<i32>,
    /// A business rather than a person.
    pub is_business: bool,
    /// We have written to this contact.
    pub has_received_message: bool,
    /// Latitude, -90 to 90.
    pub latitude: Option<f64>,
    /// Longitude, -180 to 180.
    pub longitude: Option<f64>,
    /// Free notes.
    pub notes: Option<String>,
}

/// Body of `POST /api/contacts` and `PUT /api/contacts/:id`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactInput {
    /// The number, in any common form.
    pub phone_number: String,
    /// Name (required).
    pub name: String,
    /// Street address.
    #[serde(default)]
    pub address: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// Province or state.
    #[serde(default)]
    pub state: Option<String>,
    /// Country.
    #[serde(default)]
    pub country: Option<String>,
    /// Postal code.
    #[serde(default)]
    pub postal_code: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// Website (`http(s)://…`).
    #[serde(default)]
    pub website: Option<String>,
    /// Business name.
    #[serde(default)]
    pub business_name: Option<String>,
    /// Business category.
    #[serde(default)]
    pub business_category: Option<String>,
    /// Rating, 1 to 5, with decimals (`4.2`).
    #[serde(default)]
    pub rating: Option<f64>,
    /// Number of reviews (0 or more).
    #[serde(default)]
    pub reviews: Option<i32>,
    /// A business rather than a person.
    #[serde(default)]
    pub is_business: bool,
    /// Latitude, -90 to 90 (with a longitude).
    #[serde(default)]
    pub latitude: Option<f64>,
    /// Longitude, -180 to 180 (with a latitude).
    #[serde(default)]
    pub longitude: Option<f64>,
    /// Free notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Longest free text kept in one field.
const MAX_TEXT: usize = 500;

fn clean(value: &Option<String>, field: &str) -> Result<Option<String>, AppError> {
    let v = value.as_deref().map(str::trim).filter(|v| !v.is_empty());
    if v.is_some_and(|v| v.chars().count() > MAX_TEXT) {
        return Err(AppError::validation(
            field,
            format!("is longer than {MAX_TEXT} characters"),
        ));
    }
    Ok(v.map(str::to_owned))
}

/// A plausible email: one `@`, something before it, a dotted domain after, no spaces.
pub fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// An `http://` or `https://` address with a host.
pub fn is_web_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or_default();
        host.contains('.') && !s.contains(char::is_whitespace)
    })
}

/// A rating as people read it: five stars, filled to the nearest whole star, and the
/// number with one decimal (`★★★★☆ (4.2)`).
pub fn rating_stars(rating: f64) -> String {
    let filled = rating.round().clamp(0.0, 5.0) as usize;
    format!(
        "{}{} ({rating:.1})",
        "★".repeat(filled),
        "☆".repeat(5 - filled)
    )
}

/// A typed rating that is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// Reads a rating typed in a form; Indonesian writes the decimal with a comma (`4,2`).
/// Blank is no rating; anything else that is not a number is `Err`.
pub fn parse_rating(typed: &str) -> Result<Option<f64>, NotANumber> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    typed
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|r| r.is_finite())
        .map(Some)
        .ok_or(NotANumber)
}

impl ContactInput {
    /// Trims every text, turns blanks into nothing and checks every field; the error
    /// names the first field at fault. The number is checked by the server.
    pub fn cleaned(&self) -> Result<Self, AppError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(AppError::validation("name", "is required"));
        }
        if name.chars().count() > 200 {
            return Err(AppError::validation(
                "name",
                "is longer than 200 characters",
            ));
        }
        let email = clean(&self.email, "email")?;
        if email.as_deref().is_some_and(|e| !is_email(e)) {
            return Err(AppError::validation("email", "is not an email address"));
        }
        let website = clean(&self.website, "website")?;
        if website.as_deref().is_some_and(|w| !is_web_url(w)) {
            return Err(AppError::validation(
                "website",
                "must start with http:// or https:// and name a host",
            ));
        }
        if self.rating.is_some_and(|r| !(1.0..=5.0).contains(&r)) {
            return Err(AppError::validation("rating", "must be from 1 to 5"));
        }
        if self.reviews.is_some_and(|r| r < 0) {
            return Err(AppError::validation("reviews", "cannot be negative"));
        }
        match (self.latitude, self.longitude) {
            (Some(lat), Some(lon)) => {
                if !(-90.0..=90.0).contains(&lat) {
                    return Err(AppError::validation("latitude", "must be from -90 to 90"));
                }
                if !(-180.0..=180.0).contains(&lon) {
                    return Err(AppError::validation(
                        "longitude",
                        "must be from -180 to 180",
                    ));
                }
            }
            (None, None) => {}
            (Some(_), None) => {
                return Err(AppError::validation(
                    "longitude",
                    "is required with a latitude",
                ));
            }
            (None, Some(_)) => {
                return Err(AppError::validation(
                    "latitude",
                    "is required with a longitude",
                ));
            }
        }
        Ok(Self {
            phone_number: self.phone_number.trim().to_owned(),
            name: name.to_owned(),
            address: clean(&self.address, "address")?,
            city: clean(&self.city, "city")?,
            state: clean(&self.state, "state")?,
            country: clean(&self.country, "country")?,
            postal_code: clean(&self.postal_code, "postalCode")?,
            email,
            website,
            business_name: clean(&self.business_name, "businessName")?,
            business_category: clean(&self.business_category, "businessCategory")?,
            rating: self.rating,
            reviews: self.reviews,
            is_business: self.is_business,
            latitude: self.latitude,
            longitude: self.longitude,
            notes: clean(&self.notes, "notes")?,
        })
    }
}

/// What the sender profile dialog shows about a number on an account.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SenderProfile {
    /// The account asked about.
    pub account_id: String,
    /// E.164 digits.
    pub phone_number: String,
    /// The number as people read it.
    pub display: String,
    /// The WhatsApp profile name the provider passed on, if any.
    pub profile_name: Option<String>,
    /// The account's provider.
    pub provider: crate::domain::Provider,
    /// What that provider can tell about a number, in words.
    pub provider_note: String,
    /// The saved contact, if any.
    pub contact: Option<ContactView>,
    /// The last message with this number on this account.
    pub last_contacted_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ContactInput {
        ContactInput {
            phone_number: "0812 3456 7890".into(),
            name: "  Budi Santoso ".into(),
            email: Some("budi@example.co.id".into()),
            website: Some("https://toko-budi.id/katalog".into()),
            rating: Some(4.2),
            latitude: Some(-6.2),
            longitude: Some(106.8),
            city: Some("   ".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_contact_is_trimmed() {
        let c = valid().cleaned().expect("valid");
        assert_eq!(c.name, "Budi Santoso");
        assert_eq!(c.city, None, "blank becomes nothing");
    }

    #[test]
    fn each_bad_field_is_named() {
        /// A change that breaks the contact, and the field the error must name.
        type Case = (Box<dyn Fn(&mut ContactInput)>, &'static str);
        let cases: Vec<Case> = vec![
            (Box::new(|c| c.name = " ".into()), "name"),
            (Box::new(|c| c.email = Some("budi@".into())), "email"),
            (
                Box::new(|c| c.email = Some("budi example.com".into())),
                "email",
            ),
            (Box::new(|c| c.website = Some("toko.id".into())), "website"),
            (
                Box::new(|c| c.website = Some("https://localhost".into())),
                "website",
            ),
            (Box::new(|c| c.rating = Some(0.0)), "rating"),
            (Box::new(|c| c.rating = Some(0.9)), "rating"),
            (Box::new(|c| c.rating = Some(5.1)), "rating"),
            (Box::new(|c| c.rating = Some(6.0)), "rating"),
            (Box::new(|c| c.reviews = Some(-1)), "reviews"),
            (Box::new(|c| c.latitude = Some(91.0)), "latitude"),
            (Box::new(|c| c.longitude = Some(-181.0)), "longitude"),
            (Box::new(|c| c.longitude = None), "longitude"),
            (Box::new(|c| c.notes = Some("x".repeat(501))), "notes"),
        ];
        for (change, field) in cases {
            let mut c = valid();
            change(&mut c);
            match c.cleaned() {
                Err(AppError::Validation { field: f, .. }) => assert_eq!(f, field),
                other => panic!("expected an error on {field}, got {other:?}"),
            }
        }
    }

    #[test]
    fn ratings_show_as_stars_with_one_decimal() {
        let cases = [
            (4.2, "★★★★☆ (4.2)"),
            (4.5, "★★★★★ (4.5)"),
            (1.0, "★☆☆☆☆ (1.0)"),
            (5.0, "★★★★★ (5.0)"),
            (3.75, "★★★★☆ (3.8)"),
        ];
        for (rating, want) in cases {
            assert_eq!(rating_stars(rating), want);
        }
    }

    #[test]
    fn typed_ratings_accept_a_decimal_comma() {
        assert_eq!(parse_rating("4.2"), Ok(Some(4.2)));
        assert_eq!(parse_rating(" 4,2 "), Ok(Some(4.2)));
        assert_eq!(parse_rating("5"), Ok(Some(5.0)));
        assert_eq!(parse_rating("  "), Ok(None));
        assert_eq!(parse_rating("empat"), Err(NotANumber));
        assert_eq!(parse_rating("NaN"), Err(NotANumber));
    }

    #[test]
    fn emails_and_urls() {
        assert!(is_email("a@b.co") && !is_email("a@b") && !is_email("@b.co"));
        assert!(is_web_url("http://x.id") && !is_web_url("ftp://x.id") && !is_web_url("https://"));
    }
}
