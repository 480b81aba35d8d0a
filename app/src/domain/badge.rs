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

/// Twelve backgrounds no two of which are mistaken for one another: each from its
/// own hue family, and at least 35 ΔE*ab (CIE76) from every other (tested), dark ones
/// with white text and light ones with dark text, all at 4.5:1 or better. (The
/// earlier palette of twelve 700 shades put emerald `#047857` and teal `#0f766e`
/// 15.9 apart: the demo's Toko A and Personal looked the same.)
pub const PALETTE: [&str; 12] = [
    "#047857", // emerald-700
    "#be123c", // rose-700
    "#facc15", // yellow-400
    "#a5b4fc", // indigo-300
    "#0f172a", // slate-900
    "#fca5a5", // red-300
    "#a3e635", // lime-400
    "#67e8f9", // cyan-300
    "#86efac", // green-300
    "#6d28d9", // violet-700
    "#b45309", // amber-700
    "#78716c", // stone-500
];

/// FNV-1a, 32 bit: tiny, identical in wasm and on the server, and stable across
/// releases (unlike `std`'s hasher, which is randomly seeded).
fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// The palette slot an account's id prefers.
fn preferred_slot(account_id: &str) -> usize {
    (fnv1a(account_id) % PALETTE.len() as u32) as usize
}

fn colour_of(slot: usize) -> BadgeColor {
    let background = PALETTE[slot % PALETTE.len()];
    BadgeColor {
        background,
        text: text_on(background),
    }
}

/// The badge colour of an account on its own: the slot its id prefers. Where the
/// other accounts are known, [`badge_colors`] decides instead.
pub fn badge_color(account_id: &str) -> BadgeColor {
    colour_of(preferred_slot(account_id))
}

/// The badge colours of every account that exists, `ids` in any order: each takes
/// the slot its id prefers, unless an account before it (in the ids' sorted order)
/// took that one; then the next free slot. Only when there are more accounts than
/// colours do two share one, and then as few as possible. Every browser and server
/// that knows the same accounts gives the same answer.
pub fn badge_colors<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<(&'a str, BadgeColor)> {
    let mut sorted: Vec<&str> = ids.into_iter().collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut taken = [false; PALETTE.len()];
    let mut out = Vec::with_capacity(sorted.len());
    for id in sorted {
        if taken.iter().all(|t| *t) {
            // Every colour is in use: a new round.
            taken = [false; PALETTE.len()];
        }
        let preferred = preferred_slot(id);
        let slot = (0..PALETTE.len())
            .map(|k| (preferred + k) % PALETTE.len())
            .find(|s| !taken[*s])
            .unwrap_or(preferred);
        taken[slot] = true;
        out.push((id, colour_of(slot)));
    }
    out
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
            ("acc-002", "#6d28d9"),
            ("acc-003", "#b45309"),
            ("toko-jakarta", "#fca5a5"),
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

    /// No two colours of the palette are mistaken for one another.
    #[test]
    fn the_palettes_colours_are_far_apart() {
        let mut closest = f64::MAX;
        for (i, a) in PALETTE.iter().enumerate() {
            for b in &PALETTE[i + 1..] {
                let d = crate::domain::contrast::delta_e(a, b).unwrap_or(0.0);
                assert!(d >= 35.0, "{a} and {b} are only {d:.1} apart");
                closest = closest.min(d);
            }
        }
        assert!(closest < 45.0, "the bound is tight: {closest:.1}");
        // The pair that made this palette: Toko A's and Personal's old colours.
        assert!(crate::domain::contrast::delta_e("#047857", "#0f766e").unwrap_or(0.0) < 35.0);
    }

    #[test]
    fn accounts_that_want_the_same_colour_get_different_ones() {
        // Ids whose preferred slots collide.
        let mut by_slot: std::collections::HashMap<usize, Vec<String>> = Default::default();
        for i in 0..500 {
            let id = format!("toko-{i}");
            by_slot.entry(preferred_slot(&id)).or_default().push(id);
        }
        let clash = by_slot
            .values()
            .find(|v| v.len() >= 3)
            .expect("a shared slot");
        let ids: Vec<&str> = clash.iter().take(3).map(String::as_str).collect();
        let colours = badge_colors(ids.iter().copied());
        let backgrounds: std::collections::HashSet<_> =
            colours.iter().map(|(_, c)| c.background).collect();
        assert_eq!(backgrounds.len(), 3, "{colours:?}");
        // The first in sorted order keeps its own.
        let first = ids.iter().min().copied().unwrap_or_default();
        assert_eq!(
            colours.iter().find(|(id, _)| *id == first).map(|(_, c)| *c),
            Some(badge_color(first))
        );
        // Order of the input does not matter.
        let mut reversed = ids.clone();
        reversed.reverse();
        assert_eq!(badge_colors(reversed), colours);
    }

    #[test]
    fn colours_are_shared_only_beyond_the_palette() {
        let ids: Vec<String> = (0..30).map(|i| format!("acc-{i:03}")).collect();
        for n in [2, 5, 12, 13, 24, 30] {
            let colours = badge_colors(ids[..n].iter().map(String::as_str));
            let mut uses: std::collections::HashMap<&str, usize> = Default::default();
            for (_, c) in &colours {
                *uses.entry(c.background).or_default() += 1;
            }
            let most = uses.values().copied().max().unwrap_or(0);
            assert_eq!(most, n.div_ceil(PALETTE.len()), "{n} accounts: {uses:?}");
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
