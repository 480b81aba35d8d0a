//! Initials avatars (WhatsApp through Twilio gives us no profile photos).

use leptos::prelude::*;

/// Up to two initials of `name` (letters only), or `#` when it has none (a number).
pub fn initials(name: &str) -> String {
    let letters: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    if letters.is_empty() {
        "#".to_owned()
    } else {
        letters
    }
}

/// A round avatar with the initials of `name`.
#[component]
pub fn Avatar(
    /// Whose avatar.
    #[prop(into)]
    name: String,
) -> impl IntoView {
    view! {
        <span
            aria-hidden="true"
            class="flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-slate-200 text-sm font-semibold text-slate-700"
        >
            {initials(&name)}
        </span>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn initials_take_the_first_letters_of_two_words() {
        for (name, want) in [
            ("Budi Santoso", "BS"),
            ("siti", "S"),
            ("Dewi Lestari Putri", "DL"),
            ("+62 812-3456-7890", "#"),
            ("", "#"),
            ("  Ñoño  ábc ", "ÑÁ"),
        ] {
            assert_eq!(super::initials(name), want, "{name:?}");
        }
    }
}
