//! Account badge colours: every browser and every server gives an account the same
//! colour, derived from its id, so agents learn "green is Toko A".

use serde::Serialize;

/// A badge's background and text colour (CSS hex), chosen to keep 4.5:1 contrast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BadgeColor {
    /// Background colour.
    pub background: &'static str,
    /// Text colour on that background.
    pub text: &'static str,
}

/// Twelve distinguishable pairs (Tailwind's 700 shades on white text).
const PALETTE: [BadgeColor; 12] = [
    BadgeColor {
        background: "#047857",
        text: "#ffffff",
    }, // emerald
    BadgeColor {
        background: "#1d4ed8",
        text: "#ffffff",
    }, // blue
    BadgeColor {
        background: "#b45309",
        text: "#ffffff",
    }, // amber
    BadgeColor {
        background: "#7e22ce",
        text: "#ffffff",
    }, // purple
    BadgeColor {
        background: "#be123c",
        text: "#ffffff",
    }, // rose
    BadgeColor {
        background: "#0e7490",
        text: "#ffffff",
    }, // cyan
    BadgeColor {
        background: "#4d7c0f",
        text: "#ffffff",
    }, // lime
    BadgeColor {
        background: "#c2410c",
        text: "#ffffff",
    }, // orange
    BadgeColor {
        background: "#4338ca",
        text: "#ffffff",
    }, // indigo
    BadgeColor {
        background: "#a21caf",
        text: "#ffffff",
    }, // fuchsia
    BadgeColor {
        background: "#0f766e",
        text: "#ffffff",
    }, // teal
    BadgeColor {
        background: "#334155",
        text: "#ffffff",
    }, // slate
];

/// FNV-1a, 32 bit: tiny, identical in wasm and on the server, and stable across
/// releases (unlike `std`'s hasher, which is randomly seeded).
fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// The badge colour of an account.
pub fn badge_color(account_id: &str) -> BadgeColor {
    PALETTE[(fnv1a(account_id) % PALETTE.len() as u32) as usize]
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
