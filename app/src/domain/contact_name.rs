//! The one rule for a customer's name as the team sees it, wherever it is shown: the
//! chat list, the chat header, a message's `senderName`, announcements.

/// The name of a customer: the saved contact's name when there is one, otherwise the
/// name their WhatsApp profile sends; blank names count as none. `None` means the
/// number is all the team knows.
pub fn contact_name(saved: Option<&str>, profile: Option<&str>) -> Option<String> {
    [saved, profile]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|name| !name.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_saved_name_comes_first_and_blanks_do_not_count() {
        for (saved, profile, want) in [
            (Some("Bu Sari"), Some("Sari WA"), Some("Bu Sari")),
            (None, Some("Sari WA"), Some("Sari WA")),
            (Some("  "), Some(" Sari WA "), Some("Sari WA")),
            (Some(""), None, None),
            (None, Some("   "), None),
            (None, None, None),
        ] {
            assert_eq!(
                contact_name(saved, profile).as_deref(),
                want,
                "{saved:?} {profile:?}"
            );
        }
    }
}
