//! The spam keyword filter (SPEC 8).

use serde::{Deserialize, Serialize};

/// The keywords every new installation starts with.
pub const DEFAULT_KEYWORDS: [&str; 6] = [
    "terima kasih telah menghubungi",
    "pesan anda telah diterima",
    "balasan otomatis",
    "auto reply",
    "di luar jam kerja",
    "akan segera menghubungi",
];

/// How keywords are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpamOptions {
    /// Ignore letter case (default on).
    pub case_insensitive: bool,
    /// Match inside words (default on); off means whole words only.
    pub partial_match: bool,
}

impl Default for SpamOptions {
    fn default() -> Self {
        Self {
            case_insensitive: true,
            partial_match: true,
        }
    }
}

/// The first of the enabled `keywords` that `text` contains, if any.
pub fn matching_keyword<'k>(
    text: &str,
    keywords: &'k [String],
    options: SpamOptions,
) -> Option<&'k str> {
    let fold = |s: &str| {
        if options.case_insensitive {
            s.to_lowercase()
        } else {
            s.to_owned()
        }
    };
    let haystack = fold(text);
    keywords
        .iter()
        .filter(|k| !k.trim().is_empty())
        .find(|k| {
            let needle = fold(k.trim());
            if options.partial_match {
                haystack.contains(&needle)
            } else {
                contains_whole_words(&haystack, &needle)
            }
        })
        .map(String::as_str)
}

/// True when `needle` occurs in `haystack` with no letter or digit right before or
/// after it.
fn contains_whole_words(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(start, m)| {
        let before = haystack[..start].chars().next_back();
        let after = haystack[start + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn keywords_match_as_configured() {
        let defaults = keywords(&DEFAULT_KEYWORDS);
        let on = SpamOptions::default();
        let exact_case = SpamOptions {
            case_insensitive: false,
            partial_match: true,
        };
        let whole = SpamOptions {
            case_insensitive: true,
            partial_match: false,
        };
        let cases: &[(&str, &[String], SpamOptions, Option<&str>)] = &[
            (
                "Terima kasih telah menghubungi Toko Maju!",
                &defaults,
                on,
                Some("terima kasih telah menghubungi"),
            ),
            ("AUTO REPLY: sedang cuti", &defaults, on, Some("auto reply")),
            ("Halo, sepatu 42 ada?", &defaults, on, None),
            ("AUTO REPLY: sedang cuti", &defaults, exact_case, None),
            (
                "auto reply: sedang cuti",
                &defaults,
                exact_case,
                Some("auto reply"),
            ),
            (
                "Ini balasan otomatis.",
                &defaults,
                whole,
                Some("balasan otomatis"),
            ),
        ];
        for (text, kws, options, want) in cases {
            assert_eq!(
                matching_keyword(text, kws, *options),
                *want,
                "{text:?} {options:?}"
            );
        }
    }

    #[test]
    fn whole_word_matching_ignores_parts_of_words() {
        let kws = keywords(&["promo"]);
        let whole = SpamOptions {
            case_insensitive: true,
            partial_match: false,
        };
        assert_eq!(
            matching_keyword("Ada PROMO hari ini", &kws, whole),
            Some("promo")
        );
        assert_eq!(matching_keyword("promo!", &kws, whole), Some("promo"));
        assert_eq!(matching_keyword("promosi besar", &kws, whole), None);
        assert_eq!(
            matching_keyword("promosi besar", &kws, SpamOptions::default()),
            Some("promo")
        );
        assert_eq!(
            matching_keyword("anything", &keywords(&["  "]), SpamOptions::default()),
            None
        );
    }
}
