//! Text colour by contrast: the WCAG 2 relative luminance and contrast ratio, and the
//! choice between dark and white text on a background, so a name stays readable on any
//! colour (account badges and the labels an admin paints).

/// Dark text (Tailwind's slate-900).
pub const DARK_TEXT: &str = "#0f172a";
/// White text.
pub const WHITE_TEXT: &str = "#ffffff";

/// The relative luminance (WCAG 2) of a `#rrggbb` colour, 0 for black to 1 for white;
/// `None` for anything else.
pub fn relative_luminance(color: &str) -> Option<f64> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let c = f64::from(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?) / 255.0;
        // sRGB to linear light.
        Some(if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

/// A `#rrggbb` colour in CIELAB (D65): `(L*, a*, b*)`, the space in which distances
/// follow what people see.
pub fn lab(color: &str) -> Option<(f64, f64, f64)> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let linear = |i: usize| -> Option<f64> {
        let c = f64::from(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        })
    };
    let (r, g, b) = (linear(0)?, linear(2)?, linear(4)?);
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
    let f = |t: f64| {
        if t > 0.008_856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    Some((116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)))
}

/// How different two `#rrggbb` colours look: the CIE76 ΔE*ab (about 2.3 is the
/// smallest difference people notice; above 30, two colours are not mistaken for one
/// another at a glance).
pub fn delta_e(a: &str, b: &str) -> Option<f64> {
    let (a, b) = (lab(a)?, lab(b)?);
    Some(((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2) + (a.2 - b.2).powi(2)).sqrt())
}

/// The contrast ratio (WCAG 2) of two `#rrggbb` colours, from 1 (none) to 21 (black on
/// white); `None` when either is not a colour.
pub fn contrast_ratio(a: &str, b: &str) -> Option<f64> {
    let (a, b) = (relative_luminance(a)?, relative_luminance(b)?);
    let (light, dark) = if a > b { (a, b) } else { (b, a) };
    Some((light + 0.05) / (dark + 0.05))
}

/// The text colour, dark or white, that contrasts more with `background`. Anything
/// that is not `#rrggbb` gets white text on whatever the browser draws.
pub fn text_on(background: &str) -> &'static str {
    match (
        contrast_ratio(background, DARK_TEXT),
        contrast_ratio(background, WHITE_TEXT),
    ) {
        (Some(dark), Some(white)) if dark > white => DARK_TEXT,
        _ => WHITE_TEXT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lab_matches_published_values() {
        // White is L* 100, black 0; pure red is (53.24, 80.09, 67.20).
        let close = |a: f64, b: f64| (a - b).abs() < 0.05;
        let white = lab("#ffffff").unwrap_or_default();
        assert!(
            close(white.0, 100.0) && close(white.1, 0.0) && close(white.2, 0.0),
            "{white:?}"
        );
        let red = lab("#ff0000").unwrap_or_default();
        assert!(
            close(red.0, 53.24) && close(red.1, 80.09) && close(red.2, 67.20),
            "{red:?}"
        );
        assert!(delta_e("#000000", "#ffffff").is_some_and(|d| close(d, 100.0)));
        assert_eq!(delta_e("#047857", "#047857"), Some(0.0));
        assert_eq!(delta_e("green", "#047857"), None);
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.01
    }

    #[test]
    fn ratios_match_the_published_values() {
        // WCAG's own reference points: 21:1 for black on white, and #767676, the
        // lightest grey that still reaches 4.5:1 on white.
        assert!(close(
            contrast_ratio("#000000", "#ffffff").unwrap_or(0.0),
            21.0
        ));
        assert!(close(
            contrast_ratio("#767676", "#ffffff").unwrap_or(0.0),
            4.54
        ));
        assert!(close(
            contrast_ratio("#ffffff", "#ffffff").unwrap_or(0.0),
            1.0
        ));
        assert_eq!(contrast_ratio("red", "#ffffff"), None);
        assert_eq!(contrast_ratio("#12345", "#ffffff"), None);
        assert_eq!(contrast_ratio("#gggggg", "#ffffff"), None);
    }

    #[test]
    fn the_text_is_the_colour_that_contrasts_more() {
        assert_eq!(text_on("#fde68a"), DARK_TEXT);
        assert_eq!(text_on("#ffffff"), DARK_TEXT);
        assert_eq!(text_on("#dc2626"), WHITE_TEXT);
        assert_eq!(text_on("#065f46"), WHITE_TEXT);
        // Mid-tones a simple brightness rule gets wrong: light enough for dark text.
        assert_eq!(text_on("#22c55e"), DARK_TEXT);
        assert_eq!(text_on("#f97316"), DARK_TEXT);
        assert_eq!(text_on("red"), WHITE_TEXT);
        for bg in [
            "#000000", "#ffffff", "#808080", "#3b82f6", "#eab308", "#a21caf",
        ] {
            let chosen = contrast_ratio(bg, text_on(bg)).unwrap_or(0.0);
            let other = if text_on(bg) == DARK_TEXT {
                WHITE_TEXT
            } else {
                DARK_TEXT
            };
            assert!(chosen >= contrast_ratio(bg, other).unwrap_or(0.0), "{bg}");
        }
    }
}
