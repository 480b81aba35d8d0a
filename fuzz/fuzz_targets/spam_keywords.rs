//! The spam filter: for any keywords, options and message, the compiled matcher
//! (Aho-Corasick, one pass) finds a keyword exactly when a plain search of every
//! keyword at every position does, and the keyword it names really is in the message.
#![no_main]

use app::domain::spam::{SpamMatcher, SpamOptions};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    keywords: Vec<String>,
    case_insensitive: bool,
    partial_match: bool,
    text: String,
}

fn fold(s: &str, options: SpamOptions) -> String {
    if options.case_insensitive {
        s.to_lowercase()
    } else {
        s.to_owned()
    }
}

/// Whether `keyword` occurs in `text` as `options` say, by trying every position.
fn occurs(text: &str, keyword: &str, options: SpamOptions) -> bool {
    let keyword = keyword.trim();
    if keyword.is_empty() {
        return false;
    }
    let hay = fold(text, options);
    let needle = fold(keyword, options);
    hay.char_indices().any(|(start, _)| {
        if !hay[start..].starts_with(&needle) {
            return false;
        }
        if options.partial_match {
            return true;
        }
        let end = start + needle.len();
        let word = |c: char| c.is_alphanumeric();
        let before = hay[..start].chars().next_back().is_some_and(word);
        let after = hay[end..].chars().next().is_some_and(word);
        let first = needle.chars().next().is_some_and(word);
        let last = needle.chars().next_back().is_some_and(word);
        !(first && before) && !(last && after)
    })
}

fuzz_target!(|input: Input| {
    let options = SpamOptions {
        case_insensitive: input.case_insensitive,
        partial_match: input.partial_match,
    };
    let keywords: Vec<String> = input.keywords.into_iter().take(20).collect();
    let matcher = SpamMatcher::new(keywords.iter().map(String::as_str), options);
    let found = matcher.find(&input.text);
    let expected = keywords.iter().any(|k| occurs(&input.text, k, options));
    assert_eq!(found.is_some(), expected, "{keywords:?} in {:?}", input.text);
    if let Some(k) = found {
        assert!(keywords.iter().any(|x| x == k));
        assert!(occurs(&input.text, k, options), "{k:?} in {:?}", input.text);
    }
});
