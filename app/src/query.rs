//! Query-string text written and read the same way by the browser (the inbox URL), the
//! server's REST API and its login redirect, so a list or a value never round-trips
//! differently on one side.

/// The items of a comma-separated list (`acc-001, acc-002,,`): trimmed, empty items
/// dropped, so a hand-edited or trailing comma never yields an empty id.
pub fn split_list(value: Option<&str>) -> impl Iterator<Item = &str> {
    value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Percent-encodes `value` for a URL, keeping RFC 3986's unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) and the bytes in `keep` as they are.
///
/// Callers keep what stays readable where they put the value: the inbox keeps `,` and
/// `:` (account lists and thread ids), the login redirect keeps `/` (paths).
pub fn percent_encode(value: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || keep.contains(&b)
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_drop_blanks_and_spaces() {
        for (text, want) in [
            (None, vec![]),
            (Some(""), vec![]),
            (Some("a"), vec!["a"]),
            (Some(" a , b ,,c,"), vec!["a", "b", "c"]),
            (Some(",,"), vec![]),
            (Some("a,a"), vec!["a", "a"]),
        ] {
            assert_eq!(split_list(text).collect::<Vec<_>>(), want, "{text:?}");
        }
    }

    #[test]
    fn only_unreserved_and_kept_bytes_stay_readable() {
        for (value, keep, want) in [
            ("acc-001,acc-002", &b",:"[..], "acc-001,acc-002"),
            ("acc-001:628123", b",:", "acc-001:628123"),
            ("budi & co 100%", b",:", "budi%20%26%20co%20100%25"),
            ("/inbox?accounts=a,b", b"/", "/inbox%3Faccounts%3Da%2Cb"),
            ("a.b_c~d", b"", "a.b_c~d"),
            ("é", b"", "%C3%A9"),
        ] {
            assert_eq!(percent_encode(value, keep), want, "{value}");
        }
    }
}
