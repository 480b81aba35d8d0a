//! What a label may be called and coloured: checked in the browser as the admin types
//! and again on the server, with the same words.

/// Longest label name, in characters (it has to fit on a chip in a list row).
pub const MAX_NAME_CHARS: usize = 32;

/// The colours offered in the picker; any other `#rrggbb` may be typed.
pub const PALETTE: [&str; 10] = [
    "#dc2626", "#ea580c", "#d97706", "#65a30d", "#059669", "#0891b2", "#2563eb", "#7c3aed",
    "#db2777", "#475569",
];

/// A label name as typed: inner runs of spaces collapsed, trimmed, not empty, not
/// too long.
pub fn clean_name(raw: &str) -> Result<String, String> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err("Nama label tidak boleh kosong.".into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "Nama label paling panjang {MAX_NAME_CHARS} karakter."
        ));
    }
    Ok(name)
}

/// A colour as typed: `#rrggbb` (or `rrggbb`), any case; stored lower-case. Nothing
/// else reaches a `style` attribute.
pub fn clean_color(raw: &str) -> Result<String, String> {
    let hex = raw.trim();
    let hex = hex.strip_prefix('#').unwrap_or(hex);
    if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(format!("#{}", hex.to_ascii_lowercase()))
    } else {
        Err("Warna harus berupa kode hex #rrggbb, misalnya #059669.".into())
    }
}

/// Whether two names are the same label name (names are unique ignoring case).
pub fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_collapsed_and_limited() {
        assert_eq!(clean_name("  Prospek   panas "), Ok("Prospek panas".into()));
        assert!(clean_name("  \t ").is_err());
        assert!(clean_name(&"é".repeat(MAX_NAME_CHARS)).is_ok());
        assert!(clean_name(&"é".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert_eq!(clean_name("VIP 🌟"), Ok("VIP 🌟".into()));
    }

    #[test]
    fn colours_are_six_hex_digits() {
        assert_eq!(clean_color("#05966A"), Ok("#05966a".into()));
        assert_eq!(clean_color("2563eb"), Ok("#2563eb".into()));
        for bad in [
            "", "#fff", "#12345g", "red", "#1234567", "#12 456", "url(x)", "#ffffff;",
        ] {
            assert!(clean_color(bad).is_err(), "{bad:?}");
        }
        for c in PALETTE {
            assert_eq!(clean_color(c).as_deref(), Ok(c));
        }
    }

    #[test]
    fn names_compare_without_case() {
        assert!(same_name("Prospek", "PROSPEK"));
        assert!(same_name("Ölçü", "ölçü"));
        assert!(!same_name("Prospek", "Prospek panas"));
    }
}
