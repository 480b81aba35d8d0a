//! Names people read on badges and in lists: an account's ("Toko A"), an agent's.

use crate::error::AppError;

/// Longest account name: it must fit on a badge.
pub const MAX_ACCOUNT_NAME: usize = 60;
/// Longest agent name.
pub const MAX_AGENT_NAME: usize = 100;

/// `name` trimmed, when it has 1 to `max_chars` characters; otherwise a validation
/// error on the `name` field that says the limits.
pub fn display_name(name: &str, max_chars: usize) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > max_chars {
        return Err(AppError::validation(
            "name",
            format!("must be 1 to {max_chars} characters"),
        ));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_limited() {
        assert_eq!(
            display_name("  Toko A ", 60).ok().as_deref(),
            Some("Toko A")
        );
        assert_eq!(display_name(&"é".repeat(60), 60).ok(), Some("é".repeat(60)));
        for bad in ["", "   ", &"x".repeat(61)] {
            match display_name(bad, 60) {
                Err(AppError::Validation { field, message }) => {
                    assert_eq!(field, "name");
                    assert_eq!(message, "must be 1 to 60 characters");
                }
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }
}
