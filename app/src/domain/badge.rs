//! Account badge colours: every browser and every server gives an account the same
//! colour, derived from its id, so agents learn "green is Toko A".

use super::contrast::text_on;
use serde::Serialize;

/// A badge's background and text colour (CSS hex); the text is chosen by contrast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BadgeColor {
    /// Background colour.
    pub background: &'static str,
    /// Text colour on that background.
    pub text: &'static str,
}

/// Twelve distinguishable backgrounds (Tailwind's 700 shades).
const PALETTE: [&str; 12] = [
    "#047857", // emerald
    "#1d4ed8", // blue
    "#b45309", // amber
    "#7e22ce", // purple
    "#be123c", // rose
    "#0e7490", // cyan
    "#4d7c0f", // lime
    "#c2410c", // orange
    "#4338ca", // indigo
    "#a21caf", // fuchsia
    "#0f766e", // teal
    "#334155", // slate
];

/// FNV-1a, 32 bit: tiny, identical in wasm and on the server, and stable across
/// releases (unlike `std`'s hasher, which is randomly seeded).
fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// The badge colour of an account: its background, and the text colour that
/// contrasts more with it.
pub fn badge_color(account_id: &str) -> BadgeColor {
    let background = PALETTE[(fnv1a(account_id) % PALETTE.len() as u32) as usize];
    BadgeColor {
        background,
        text: text_on(background),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_matches_the_published_fnv1a_vectors() {
        for (input, want) in [
            ("", 0x811c_9dc5),
            ("a", 0xe40c_292c),
            ("foobar", 0xbf9c_f968),
        ] {
            assert_eq!(fnv1a(input), want, "fnv1a({input:?})");
        }
    }

    /// Pinned: an account's colour is part of how agents recognise it, so a change to
    /// the hash or the palette's order must be a deliberate one (FNV-1a of the id,
    /// modulo the palette's 12 colours).
    #[test]
    fn each_account_keeps_its_colour() {
        for (id, background) in [
            ("acc-001", "#047857"),
            ("acc-002", "#a21caf"),
            ("acc-003", "#0f766e"),
            ("toko-jakarta", "#0e7490"),
        ] {
            assert_eq!(badge_color(id).background, background, "{id}");
        }
    }

    /// WCAG AA for small text: every badge's name reads at 4.5:1 or better.
    #[test]
    fn every_badge_text_reaches_four_and_a_half_to_one() {
        for background in PALETTE {
            let colour = BadgeColor {
                background,
                text: text_on(background),
            };
            let ratio = crate::domain::contrast::contrast_ratio(colour.background, colour.text)
                .unwrap_or(0.0);
            assert!(ratio >= 4.5, "{background}: {ratio:.2}:1");
        }
        assert_eq!(badge_color("acc-001").text, "#ffffff");
    }

    #[test]
    fn the_demo_accounts_are_told_apart() {
        let colours = ["acc-001", "acc-002", "acc-003"].map(badge_color);
        assert_ne!(colours[0], colours[1]);
        assert_ne!(colours[1], colours[2]);
        assert_ne!(colours[0], colours[2]);
    }

    #[test]
    fn colours_spread_over_the_palette() {
        let used: std::collections::HashSet<_> = (0..200)
            .map(|i| badge_color(&format!("acc-{i:03}")).background)
            .collect();
        assert!(used.len() >= 10, "only {} colours used", used.len());
    }
}
