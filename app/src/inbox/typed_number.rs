//! A phone number as the agent types it into the new-message dialog: grouped as people
//! write it, and judged complete enough to ask the server about.

/// Formats a phone number as it is typed: `0812-3456-7890`, `+62 812-3456-7890`.
/// Anything but digits and a leading `+` is dropped.
pub fn format_typed(input: &str) -> String {
    let plus = input.trim_start().starts_with('+');
    let digits: String = input
        .chars()
        .filter(char::is_ascii_digit)
        .take(15)
        .collect();
    let (prefix, rest) = match (plus, digits.strip_prefix("62")) {
        (true, Some(rest)) => ("+62 ", rest),
        (true, None) => return format!("+{digits}"),
        (false, _) => ("", digits.as_str()),
    };
    let first = if rest.starts_with('0') { 4 } else { 3 };
    let mut groups: Vec<&str> = Vec::new();
    let mut remaining = rest;
    let mut size = first;
    while !remaining.is_empty() {
        let cut = size.min(remaining.len());
        groups.push(&remaining[..cut]);
        remaining = &remaining[cut..];
        size = 4;
    }
    format!("{prefix}{}", groups.join("-"))
}

/// Enough digits to be worth asking the server about.
pub fn looks_complete(typed: &str) -> bool {
    typed.chars().filter(char::is_ascii_digit).count() >= 9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_as_typed() {
        for (typed, want) in [
            ("0812", "0812"),
            ("08123", "0812-3"),
            ("081234567890", "0812-3456-7890"),
            ("0812 3456 7890", "0812-3456-7890"),
            ("+6281234567890", "+62 812-3456-7890"),
            ("+62 812-3456", "+62 812-3456"),
            ("+1 415 555 0100", "+14155550100"),
            ("abc", ""),
        ] {
            assert_eq!(format_typed(typed), want, "{typed}");
        }
        assert!(looks_complete("0812-3456-7") && !looks_complete("0812-34"));
    }
}
