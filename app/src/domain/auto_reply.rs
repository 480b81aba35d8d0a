//! Auto-reply detection (SPEC 9): is an inbound message a machine's answer?

/// The patterns every installation starts with (case-insensitive regular expressions).
pub const DEFAULT_PATTERNS: [&str; 5] = [
    r"terima kasih.*menghubungi",
    r"pesan.*diterima",
    r"balasan otomatis",
    r"auto.?reply",
    r"akan.*menghubungi.*kembali",
];

/// Compiled auto-reply patterns.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
pub struct AutoReplyDetector {
    set: regex::RegexSet,
}

#[cfg(feature = "ssr")]
impl AutoReplyDetector {
    /// Compiles `patterns` case-insensitively; a bad pattern is reported with its text.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, String> {
        regex::RegexSetBuilder::new(patterns.iter().map(AsRef::as_ref))
            .case_insensitive(true)
            .dot_matches_new_line(true)
            .size_limit(1 << 20)
            .build()
            .map(|set| Self { set })
            .map_err(|e| format!("invalid auto-reply pattern: {e}"))
    }

    /// The detector with [`DEFAULT_PATTERNS`].
    pub fn with_defaults() -> Self {
        // The defaults are fixed, valid patterns; the unit tests compile them.
        Self::new(&DEFAULT_PATTERNS).unwrap_or_else(|_| Self {
            set: regex::RegexSet::empty(),
        })
    }

    /// True when `text` looks like an automatic answer.
    pub fn is_auto_reply(&self, text: &str) -> bool {
        self.set.is_match(text)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn machine_answers_are_told_from_people() {
        let d = AutoReplyDetector::new(&DEFAULT_PATTERNS).expect("defaults compile");
        let cases = [
            (
                "Terima kasih telah menghubungi Toko Maju, kami akan membalas.",
                true,
            ),
            ("Pesan Anda sudah kami terima", false),
            ("Pesan Anda telah diterima.", true),
            ("BALASAN OTOMATIS: kantor tutup", true),
            ("Auto-reply: out of office", true),
            ("autoreply", true),
            ("Kami akan segera menghubungi Anda kembali", true),
            ("Halo kak, sepatu 42 ada?", false),
            ("Terima kasih kak!", false),
            ("", false),
        ];
        for (text, want) in cases {
            assert_eq!(d.is_auto_reply(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_bad_pattern_is_reported() {
        assert!(AutoReplyDetector::new(&["(unclosed"]).is_err());
    }
}
