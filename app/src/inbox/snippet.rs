//! The words around a search hit, for a result row: the match itself and a little on
//! each side, cut at spaces, on one line.

use serde::{Deserialize, Serialize};

/// A piece of a message around a match: `before`, the matching `hit`, `after`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Snippet {
    /// Text before the match (with `…` when the message goes on before it).
    pub before: String,
    /// The matching text, as written in the message.
    pub hit: String,
    /// Text after the match (with `…` when the message goes on after it).
    pub after: String,
}

/// How many characters of context each side keeps, at most.
pub const CONTEXT: usize = 32;

/// The first case-insensitive occurrence of `needle` in `text` with up to `context`
/// characters around it; `None` when it does not occur.
pub fn snippet(text: &str, needle: &str, context: usize) -> Option<Snippet> {
    let needle: String = needle.trim().to_lowercase();
    if needle.is_empty() {
        return None;
    }
    // Lower-case char by char, remembering where each lowered byte came from: lowering
    // can change a character's length, and the hit must be cut from the original.
    let mut lower = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        for l in c.to_lowercase() {
            let before = lower.len();
            lower.push(l);
            origin.extend(std::iter::repeat_n(at, lower.len() - before));
        }
    }
    let start_lower = lower.find(&needle)?;
    let end_lower = start_lower + needle.len();
    let start = origin[start_lower];
    // The end of the original character the hit's last byte belongs to.
    let last = origin[end_lower - 1];
    let end = last + text[last..].chars().next().map_or(0, char::len_utf8);

    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let head = &text[..start];
    let tail = &text[end..];
    let head_chars: Vec<char> = head.chars().collect();
    let mut before: String = if head_chars.len() > context {
        let cut: String = head_chars[head_chars.len() - context..].iter().collect();
        // Start at a word, not in the middle of one.
        let word = cut.find(' ').map_or(cut.as_str(), |i| &cut[i + 1..]);
        format!("…{}", one_line(word))
    } else {
        one_line(head)
    };
    if head.ends_with(char::is_whitespace) && !before.is_empty() {
        before.push(' ');
    }
    let tail_chars: Vec<char> = tail.chars().collect();
    let mut after: String = if tail_chars.len() > context {
        let cut: String = tail_chars[..context].iter().collect();
        let word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
        format!("{}…", one_line(word))
    } else {
        one_line(tail)
    };
    if tail.starts_with(char::is_whitespace) && !after.is_empty() {
        after.insert(0, ' ');
    }
    Some(Snippet {
        before,
        hit: text[start..end].to_owned(),
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str, needle: &str, context: usize) -> Option<(String, String, String)> {
        snippet(text, needle, context).map(|s| (s.before, s.hit, s.after))
    }

    #[test]
    fn the_hit_keeps_its_case_and_its_neighbours() {
        assert_eq!(
            s("Kak, STOK baju merah masih ada?", "stok", 40),
            Some((
                "Kak, ".into(),
                "STOK".into(),
                " baju merah masih ada?".into()
            ))
        );
        assert_eq!(s("Halo", "tidak", 10), None);
        assert_eq!(s("Halo", "  ", 10), None);
    }

    #[test]
    fn long_messages_are_cut_at_words_on_one_line() {
        let text = "Selamat pagi kak, saya mau tanya\napakah ukuran XL untuk kemeja batik \
                    masih tersedia atau sudah habis terjual minggu lalu";
        let (before, hit, after) = s(text, "kemeja", 20).expect("found");
        assert_eq!(hit, "kemeja");
        assert!(before.starts_with('…') && before.ends_with(' '), "{before}");
        assert!(!before.contains('\n'));
        assert!(after.ends_with('…') && after.starts_with(' '), "{after}");
        assert!(before.chars().count() <= 22 && after.chars().count() <= 22);
    }

    #[test]
    fn characters_that_change_length_when_lowered_do_not_shift_the_hit() {
        // 'İ' lowers to two characters ("i̇").
        let (before, hit, after) = s("İstanbul 0812-3456", "0812", 10).expect("found");
        assert_eq!(
            (before.as_str(), hit.as_str(), after.as_str()),
            ("İstanbul ", "0812", "-3456")
        );
        let (_, hit, _) = s("ÉCLAIR kue", "éclair", 10).expect("found");
        assert_eq!(hit, "ÉCLAIR");
    }
}
