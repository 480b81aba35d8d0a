//! Placeholders in quick-reply templates: `{{nama}}` (the customer), `{{toko}}` (the
//! thread's account, where the reply leaves from) and `{{agen}}` (the sending agent).
//! The composer fills them in the browser so the agent sees and can edit the text;
//! the server fills the variables of an approved template itself.

/// The placeholders a template may use, as written between `{{` and `}}`.
pub const PLACEHOLDERS: [&str; 3] = ["nama", "toko", "agen"];

/// What the placeholders stand for in one conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Values<'a> {
    /// The customer: saved contact name, else WhatsApp profile name, else the number.
    pub nama: &'a str,
    /// The thread's account name.
    pub toko: &'a str,
    /// The sending agent's name.
    pub agen: &'a str,
}

impl Values<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        match name {
            "nama" => Some(self.nama),
            "toko" => Some(self.toko),
            "agen" => Some(self.agen),
            _ => None,
        }
    }
}

/// One piece of a template's text.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    /// The name between the braces, trimmed and as written.
    Placeholder(&'a str),
}

/// Splits `text` into plain text and `{{name}}` placeholders. A `{{` without a closing
/// `}}` on the same line is plain text; so is `{{}}` (nothing to fill).
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let close = after.find("}}");
        let line_end = after.find('\n').unwrap_or(after.len());
        match close {
            Some(close) if close <= line_end && !after[..close].trim().is_empty() => {
                if open > 0 {
                    out.push(Piece::Text(&rest[..open]));
                }
                out.push(Piece::Placeholder(after[..close].trim()));
                rest = &after[close + 2..];
            }
            _ => {
                out.push(Piece::Text(&rest[..open + 2]));
                rest = after;
            }
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The placeholders in `text` that are not in [`PLACEHOLDERS`], each once, in order.
pub fn unknown_placeholders(text: &str) -> Vec<String> {
    let mut unknown: Vec<String> = Vec::new();
    for piece in pieces(text) {
        if let Piece::Placeholder(name) = piece {
            let known = PLACEHOLDERS.iter().any(|p| p.eq_ignore_ascii_case(name));
            if !known && !unknown.iter().any(|u| u == name) {
                unknown.push(name.to_owned());
            }
        }
    }
    unknown
}

/// `text` with every known placeholder replaced by its value (names compare without
/// case, `{{ Nama }}` too). Unknown ones stay as written: saving refuses them, so they
/// only reach here from text an agent typed.
pub fn fill(text: &str, values: &Values<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Placeholder(name) => match values.get(&name.to_ascii_lowercase()) {
                Some(value) => out.push_str(value),
                None => {
                    out.push_str("{{");
                    out.push_str(name);
                    out.push_str("}}");
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUES: Values<'static> = Values {
        nama: "Budi",
        toko: "Toko A",
        agen: "Sari",
    };

    #[test]
    fn known_placeholders_are_filled_whatever_their_case_and_spacing() {
        let cases = [
            ("Halo {{nama}}!", "Halo Budi!"),
            (
                "Halo {{ Nama }}, ini {{agen}} dari {{toko}}.",
                "Halo Budi, ini Sari dari Toko A.",
            ),
            ("{{nama}}{{nama}}", "BudiBudi"),
            ("tanpa placeholder", "tanpa placeholder"),
            ("", ""),
            ("harga {{ 10% }} {{unknown}}", "harga {{10%}} {{unknown}}"),
            ("kurung {{ tanpa tutup", "kurung {{ tanpa tutup"),
            ("{{nama\n}}", "{{nama\n}}"),
            ("{{}} kosong", "{{}} kosong"),
            ("emoji 🙏 {{nama}} 🙏", "emoji 🙏 Budi 🙏"),
        ];
        for (text, want) in cases {
            assert_eq!(fill(text, &VALUES), want, "{text:?}");
        }
    }

    #[test]
    fn unknown_placeholders_are_found_once_each() {
        let cases: [(&str, &[&str]); 6] = [
            ("Halo {{nama}} dari {{toko}}, {{agen}}", &[]),
            ("Halo {{NAMA}}", &[]),
            ("Halo {{name}}", &["name"]),
            ("{{kota}} {{kota}} {{ harga }}", &["kota", "harga"]),
            ("kurung {{ tanpa tutup", &[]),
            ("{{}}", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(unknown_placeholders(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_value_that_looks_like_a_placeholder_is_not_filled_again() {
        let values = Values {
            nama: "{{toko}}",
            ..VALUES
        };
        assert_eq!(fill("Halo {{nama}}", &values), "Halo {{toko}}");
    }
}
