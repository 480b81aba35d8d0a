//! What a template may hold, checked the same way in the browser (before saving) and
//! on the server (which decides).

use super::TemplateRequest;
use crate::domain::placeholders::{PLACEHOLDERS, unknown_placeholders};
use std::collections::BTreeMap;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 80;
/// Longest body: WhatsApp's (through Twilio) limit for one message.
pub const MAX_BODY_CHARS: usize = 1600;
/// Longest shortcut.
pub const MAX_SHORTCUT_CHARS: usize = 32;
/// Most variables an approved template may take.
pub const MAX_VARIABLES: usize = 20;

/// A checked template: trimmed, the shortcut without its `/`, in lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanTemplate {
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Shortcut.
    pub shortcut: Option<String>,
    /// Content SID.
    pub content_sid: Option<String>,
    /// Variables (only with a content SID).
    pub content_variables: Option<BTreeMap<String, String>>,
}

/// The field and the reason a template is refused.
pub type Refusal = (&'static str, String);

fn unknown_message(unknown: &[String]) -> String {
    let names: Vec<String> = unknown.iter().map(|u| format!("{{{{{u}}}}}")).collect();
    let allowed: Vec<String> = PLACEHOLDERS
        .iter()
        .map(|p| format!("{{{{{p}}}}}"))
        .collect();
    format!(
        "unknown placeholder {}; use {}",
        names.join(", "),
        allowed.join(", ")
    )
}

/// Checks `req`, saying which field is wrong and why.
pub fn clean(req: &TemplateRequest) -> Result<CleanTemplate, Refusal> {
    let title = req.title.trim().to_owned();
    if title.is_empty() {
        return Err(("title", "is required".into()));
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err((
            "title",
            format!("is longer than {MAX_TITLE_CHARS} characters"),
        ));
    }
    let body = req.body.trim().to_owned();
    if body.is_empty() {
        return Err(("body", "is required".into()));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err((
            "body",
            format!("is longer than {MAX_BODY_CHARS} characters"),
        ));
    }
    let unknown = unknown_placeholders(&body);
    if !unknown.is_empty() {
        return Err(("body", unknown_message(&unknown)));
    }
    let shortcut = match req.shortcut.as_deref().map(str::trim) {
        None | Some("") | Some("/") => None,
        Some(s) => Some(clean_shortcut(s)?),
    };
    let content_sid = match req.content_sid.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(sid) if is_content_sid(sid) => Some(sid.to_owned()),
        Some(_) => {
            return Err((
                "contentSid",
                "must be a Twilio Content SID: HX and 32 hexadecimal digits".into(),
            ));
        }
    };
    let variables = req.content_variables.clone().unwrap_or_default();
    let content_variables = match (&content_sid, variables.is_empty()) {
        (_, true) => None,
        (None, false) => {
            return Err((
                "contentVariables",
                "only an approved template (with a contentSid) takes variables".into(),
            ));
        }
        (Some(_), false) => Some(clean_variables(variables)?),
    };
    Ok(CleanTemplate {
        title,
        body,
        shortcut,
        content_sid,
        content_variables,
    })
}

fn clean_shortcut(raw: &str) -> Result<String, Refusal> {
    let s = raw.trim_start_matches('/').to_lowercase();
    if s.chars().count() > MAX_SHORTCUT_CHARS {
        return Err((
            "shortcut",
            format!("is longer than {MAX_SHORTCUT_CHARS} characters"),
        ));
    }
    if !s
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(("shortcut", "may hold only letters, digits, - and _".into()));
    }
    Ok(s)
}

/// `HX` and 32 hexadecimal digits, as Twilio's Content API names templates.
pub fn is_content_sid(sid: &str) -> bool {
    sid.len() == 34 && sid.starts_with("HX") && sid[2..].chars().all(|c| c.is_ascii_hexdigit())
}

fn clean_variables(
    variables: BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, Refusal> {
    if variables.len() > MAX_VARIABLES {
        return Err((
            "contentVariables",
            format!("at most {MAX_VARIABLES} variables"),
        ));
    }
    let mut out = BTreeMap::new();
    for (key, value) in variables {
        let number = key.trim();
        let valid_key = !number.is_empty()
            && number.len() <= 2
            && number.chars().all(|c| c.is_ascii_digit())
            && !number.starts_with('0');
        if !valid_key {
            return Err((
                "contentVariables",
                format!("variable {key:?} must be a number from 1 to 99"),
            ));
        }
        let value = value.trim().to_owned();
        if value.is_empty() {
            return Err(("contentVariables", format!("variable {number} is empty")));
        }
        let unknown = unknown_placeholders(&value);
        if !unknown.is_empty() {
            return Err((
                "contentVariables",
                format!("variable {number}: {}", unknown_message(&unknown)),
            ));
        }
        out.insert(number.to_owned(), value);
    }
    Ok(out)
}

/// How well `template` answers what was typed after `/`: `None` when it does not, else
/// lower is better (shortcut prefix, then title prefix, then anywhere in title or body).
pub fn match_rank(query: &str, title: &str, shortcut: Option<&str>, body: &str) -> Option<u8> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Some(3);
    }
    if shortcut.is_some_and(|s| s.starts_with(&q)) {
        return Some(0);
    }
    let title = title.to_lowercase();
    if title.starts_with(&q) {
        return Some(1);
    }
    if title.contains(&q) || body.to_lowercase().contains(&q) {
        return Some(2);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &str) -> TemplateRequest {
        TemplateRequest {
            title: "Salam".into(),
            body: body.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_body_with_an_unknown_placeholder_is_refused_by_name() {
        let (field, message) = clean(&request("Halo {{nama}}, harga {{harga}}")).unwrap_err();
        assert_eq!(field, "body");
        assert!(message.contains("{{harga}}"), "{message}");
        assert!(
            message.contains("{{nama}}, {{toko}}, {{agen}}"),
            "{message}"
        );
        assert!(clean(&request("Halo {{nama}} dari {{toko}}, saya {{agen}}")).is_ok());
    }

    #[test]
    fn fields_are_trimmed_and_limited() {
        let ok = clean(&TemplateRequest {
            title: "  Salam  ".into(),
            body: "  Halo  ".into(),
            shortcut: Some(" /Promo_1 ".into()),
            ..Default::default()
        })
        .expect("valid");
        assert_eq!(ok.title, "Salam");
        assert_eq!(ok.body, "Halo");
        assert_eq!(ok.shortcut.as_deref(), Some("promo_1"));
        let refused = [
            (
                TemplateRequest {
                    title: " ".into(),
                    body: "x".into(),
                    ..Default::default()
                },
                "title",
            ),
            (
                TemplateRequest {
                    title: "t".repeat(81),
                    body: "x".into(),
                    ..Default::default()
                },
                "title",
            ),
            (request(""), "body"),
            (request(&"x".repeat(1601)), "body"),
            (
                TemplateRequest {
                    shortcut: Some("pro mo".into()),
                    ..request("x")
                },
                "shortcut",
            ),
            (
                TemplateRequest {
                    content_sid: Some("HX123".into()),
                    ..request("x")
                },
                "contentSid",
            ),
        ];
        for (req, field) in refused {
            assert_eq!(clean(&req).unwrap_err().0, field, "{req:?}");
        }
    }

    #[test]
    fn variables_need_a_content_sid_numbered_keys_and_known_placeholders() {
        let sid = "HX".to_owned() + &"a1".repeat(16);
        let vars = |pairs: &[(&str, &str)]| {
            Some(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            )
        };
        let ok = clean(&TemplateRequest {
            content_sid: Some(sid.clone()),
            content_variables: vars(&[("1", " {{nama}} "), ("2", "{{toko}}")]),
            ..request("Halo {{nama}}")
        })
        .expect("valid");
        assert_eq!(
            ok.content_variables,
            vars(&[("1", "{{nama}}"), ("2", "{{toko}}")])
        );
        let refused = [
            TemplateRequest {
                content_variables: vars(&[("1", "x")]),
                ..request("x")
            },
            TemplateRequest {
                content_sid: Some(sid.clone()),
                content_variables: vars(&[("a", "x")]),
                ..request("x")
            },
            TemplateRequest {
                content_sid: Some(sid.clone()),
                content_variables: vars(&[("0", "x")]),
                ..request("x")
            },
            TemplateRequest {
                content_sid: Some(sid.clone()),
                content_variables: vars(&[("1", " ")]),
                ..request("x")
            },
            TemplateRequest {
                content_sid: Some(sid.clone()),
                content_variables: vars(&[("1", "{{kota}}")]),
                ..request("x")
            },
        ];
        for req in refused {
            assert_eq!(clean(&req).unwrap_err().0, "contentVariables", "{req:?}");
        }
    }

    #[test]
    fn the_picker_ranks_shortcut_then_title_then_anywhere() {
        let rank = |q| {
            match_rank(
                q,
                "Promo Desember",
                Some("promo"),
                "Diskon 10% untuk {{nama}}",
            )
        };
        assert_eq!(rank("pro"), Some(0));
        assert_eq!(rank("Promo D"), Some(1));
        assert_eq!(rank("desember"), Some(2));
        assert_eq!(rank("diskon"), Some(2));
        assert_eq!(rank("ongkir"), None);
        assert_eq!(rank(""), Some(3));
    }
}
