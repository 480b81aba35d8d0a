//! Whose threads the chat list shows, as the inbox URL, the filter bar's select and the
//! REST API's `owner` parameter all write it.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// Whose threads a list shows. Agents always see their own; admins choose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnerFilter {
    /// The viewer's own threads.
    Mine,
    /// Threads nobody owns.
    Unassigned,
    /// Every thread (admins only; agents get their own).
    #[default]
    All,
}

/// An `owner` value that names none of the filters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be me, unassigned or all (got '{0}')")]
pub struct OwnerFilterError(pub String);

impl OwnerFilter {
    /// The value as URLs and the API write it (`all`, `mine`, `unassigned`).
    pub fn as_query(self) -> &'static str {
        match self {
            Self::Mine => "mine",
            Self::Unassigned => "unassigned",
            Self::All => "all",
        }
    }
}

impl FromStr for OwnerFilter {
    type Err = OwnerFilterError;

    /// Reads `all`, `mine` (or `me`, the REST API's older spelling) and `unassigned`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "all" => Ok(Self::All),
            "mine" | "me" => Ok(Self::Mine),
            "unassigned" => Ok(Self::Unassigned),
            other => Err(OwnerFilterError(other.to_owned())),
        }
    }
}

impl fmt::Display for OwnerFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_query())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_reads_back_what_it_writes() {
        for filter in [OwnerFilter::All, OwnerFilter::Mine, OwnerFilter::Unassigned] {
            assert_eq!(filter.to_string().parse(), Ok(filter));
            let json = serde_json::to_string(&filter).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", filter.as_query()), "serde agrees");
        }
    }

    #[test]
    fn the_older_spelling_and_unknown_values() {
        assert_eq!("me".parse(), Ok(OwnerFilter::Mine));
        for bad in ["", "everyone", "Mine", "42"] {
            let err = bad.parse::<OwnerFilter>().expect_err(bad);
            assert_eq!(
                err.to_string(),
                format!("must be me, unassigned or all (got '{bad}')")
            );
        }
    }
}
