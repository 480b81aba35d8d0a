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

/// Longest keyword an admin may add, in characters.
pub const MAX_KEYWORD_CHARS: usize = 100;

/// A keyword as an admin typed it, trimmed and checked: not empty, not too long.
pub fn clean_keyword(raw: &str) -> Result<String, String> {
    let keyword = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if keyword.is_empty() {
        return Err("Kata kunci tidak boleh kosong.".into());
    }
    if keyword.chars().count() > MAX_KEYWORD_CHARS {
        return Err(format!(
            "Kata kunci paling panjang {MAX_KEYWORD_CHARS} karakter."
        ));
    }
    Ok(keyword)
}

#[cfg(feature = "ssr")]
/// Whether `c` belongs to a word: letters and digits of any script. Punctuation,
/// spaces and emoji end a word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The enabled keywords compiled once into one automaton (Aho-Corasick), so checking a
/// message costs one pass over its text however many keywords there are. Built when
/// the keywords or options change, not per message.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
pub struct SpamMatcher {
    automaton: Option<aho_corasick::AhoCorasick>,
    /// The keywords as stored, in the automaton's pattern order.
    keywords: Vec<String>,
    options: SpamOptions,
}

#[cfg(feature = "ssr")]
impl SpamMatcher {
    /// Compiles `keywords` (blank ones are skipped) for `options`.
    pub fn new<I, S>(keywords: I, options: SpamOptions) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let keywords: Vec<String> = keywords
            .into_iter()
            .map(Into::into)
            .filter(|k| !k.trim().is_empty())
            .collect();
        let patterns = keywords
            .iter()
            .map(|k| fold(k.trim(), options).into_owned());
        // Only a pathological pattern set fails to build; matching nothing is then
        // safer than refusing every message.
        let automaton = aho_corasick::AhoCorasick::new(patterns)
            .inspect_err(|e| tracing::error!("spam keywords did not compile: {e}"))
            .ok();
        Self {
            automaton,
            keywords,
            options,
        }
    }

    /// The keyword `text` contains (the one that occurs first), if any.
    pub fn find(&self, text: &str) -> Option<&str> {
        let automaton = self.automaton.as_ref()?;
        let haystack = fold(text, self.options);
        automaton
            .find_overlapping_iter(haystack.as_ref())
            .find(|m| {
                self.options.partial_match || {
                    let before = haystack[..m.start()].chars().next_back();
                    let after = haystack[m.end()..].chars().next();
                    let first = haystack[m.start()..].chars().next();
                    let last = haystack[..m.end()].chars().next_back();
                    // A boundary is needed only where the keyword itself has a word
                    // character: "promo!" ends in punctuation and needs none after it.
                    let starts =
                        !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char));
                    let ends = !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char));
                    starts && ends
                }
            })
            .and_then(|m| self.keywords.get(m.pattern().as_usize()))
            .map(String::as_str)
    }

    /// How many keywords it checks.
    pub fn len(&self) -> usize {
        self.keywords.len()
    }

    /// Whether it has no keyword at all.
    pub fn is_empty(&self) -> bool {
        self.keywords.is_empty()
    }
}

/// `s` as it is compared: lower-cased when case does not matter.
#[cfg(feature = "ssr")]
fn fold(s: &str, options: SpamOptions) -> std::borrow::Cow<'_, str> {
    if options.case_insensitive {
        std::borrow::Cow::Owned(s.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The first of the enabled `keywords` that `text` contains, if any (compiles them for
/// one use; the inbound flow keeps a [`SpamMatcher`]).
#[cfg(feature = "ssr")]
pub fn matching_keyword<'k>(
    text: &str,
    keywords: &'k [String],
    options: SpamOptions,
) -> Option<&'k str> {
    let matcher = SpamMatcher::new(keywords.iter().map(String::as_str), options);
    let found = matcher.find(text)?;
    keywords.iter().find(|k| *k == found).map(String::as_str)
}

#[cfg(all(test, feature = "ssr"))]
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

    /// Every combination of the two options over Indonesian text with punctuation,
    /// emoji and other scripts around the keyword.
    #[test]
    fn the_option_matrix_over_indonesian_text() {
        let opts = |case_insensitive, partial_match| SpamOptions {
            case_insensitive,
            partial_match,
        };
        let kws = keywords(&["auto reply", "promo gratis", "Diskon"]);
        // (text, [ci+partial, ci+whole, exact+partial, exact+whole])
        let cases: &[(&str, [Option<&str>; 4])] = &[
            (
                "Ada PROMO GRATIS hari ini!",
                [Some("promo gratis"), Some("promo gratis"), None, None],
            ),
            ("promo gratis🎉🎉 buruan", [Some("promo gratis"); 4]),
            ("🎁promo gratis", [Some("promo gratis"); 4]),
            ("«promo gratis»—ambil sekarang", [Some("promo gratis"); 4]),
            (
                "promo gratisan",
                [Some("promo gratis"), None, Some("promo gratis"), None],
            ),
            ("autoreply: sedang cuti", [None; 4]),
            (
                "Auto Reply: sedang cuti",
                [Some("auto reply"), Some("auto reply"), None, None],
            ),
            ("(auto reply) sedang cuti", [Some("auto reply"); 4]),
            (
                "diskon, diskon!",
                [Some("Diskon"), Some("Diskon"), None, None],
            ),
            ("Diskon, diskon!", [Some("Diskon"); 4]),
            ("superDiskon", [Some("Diskon"), None, Some("Diskon"), None]),
            ("Diskon2026", [Some("Diskon"), None, Some("Diskon"), None]),
            ("ДисконDiskon", [Some("Diskon"), None, Some("Diskon"), None]),
            ("折扣 Diskon 折扣", [Some("Diskon"); 4]),
            ("Halo kak, sepatu 42 ada?", [None; 4]),
        ];
        let matrix = [
            opts(true, true),
            opts(true, false),
            opts(false, true),
            opts(false, false),
        ];
        for (text, want) in cases {
            for (options, want) in matrix.iter().zip(want) {
                let matcher = SpamMatcher::new(kws.clone(), *options);
                assert_eq!(matcher.find(text), *want, "{text:?} with {options:?}");
            }
        }
    }

    #[test]
    fn the_keyword_found_is_the_first_in_the_text_and_overlaps_are_seen() {
        let whole = SpamOptions {
            case_insensitive: true,
            partial_match: false,
        };
        // "promo" inside "promosi" is no whole word, but the later one is.
        let m = SpamMatcher::new(["promo"], whole);
        assert_eq!(m.find("promosi promo"), Some("promo"));
        // Two keywords overlap: the one that is a whole word is reported.
        let m = SpamMatcher::new(["gratisan", "gratis"], whole);
        assert_eq!(m.find("ongkir gratis!"), Some("gratis"));
        let m = SpamMatcher::new(["balasan", "otomatis"], SpamOptions::default());
        assert_eq!(
            m.find("Ini pesan otomatis, balasan menyusul"),
            Some("otomatis")
        );
        assert!(
            SpamMatcher::new(Vec::<String>::new(), whole)
                .find("apa saja")
                .is_none()
        );
    }

    #[test]
    fn keywords_are_trimmed_and_limited() {
        assert_eq!(
            clean_keyword("  promo   gratis "),
            Ok("promo gratis".to_owned())
        );
        assert!(clean_keyword("   ").is_err());
        assert!(clean_keyword(&"a".repeat(MAX_KEYWORD_CHARS)).is_ok());
        assert!(clean_keyword(&"a".repeat(MAX_KEYWORD_CHARS + 1)).is_err());
    }
}
