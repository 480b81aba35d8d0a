//! The auto-reply patterns against the database, checked before they are stored.

use super::{MAX_PATTERN_CHARS, MAX_PATTERNS, PatternList, Preview};
use crate::{
    auth::CurrentUser,
    db::write_gate::WriteGate,
    domain::auto_reply::AutoReplyDetector,
    error::AppError,
    messaging::ssr::filters::{
        FilterCache, PATTERNS_KEY, auto_reply_patterns, bump_version, put_setting,
    },
};
use sea_orm::DatabaseConnection;

/// Checks `raw` patterns: trimmed, blank ones dropped, each a valid regular expression
/// (refused with the parser's own message) that does not match everything (one that
/// matches the empty text, like `.*`, would flag every message).
pub fn check_patterns(raw: &[String]) -> Result<Vec<String>, AppError> {
    let patterns: Vec<String> = raw
        .iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    if patterns.len() > MAX_PATTERNS {
        return Err(AppError::validation(
            "patterns",
            format!("at most {MAX_PATTERNS} patterns"),
        ));
    }
    for p in &patterns {
        let field = format!("patterns: {p}");
        if p.chars().count() > MAX_PATTERN_CHARS {
            return Err(AppError::validation(
                field,
                format!("Pola paling panjang {MAX_PATTERN_CHARS} karakter."),
            ));
        }
        let one = AutoReplyDetector::new(std::slice::from_ref(p))
            .map_err(|e| AppError::validation(field.clone(), e))?;
        if one.is_auto_reply("") {
            return Err(AppError::validation(
                field,
                "Pola ini cocok dengan teks apa pun (bahkan teks kosong), jadi setiap pesan akan dianggap balasan otomatis.",
            ));
        }
    }
    // Each one fits the engine's size limit, but the detector compiles them into one
    // set: saved beyond the limit, they would be replaced by the defaults at the next
    // message, without anyone being told.
    AutoReplyDetector::new(&patterns).map_err(|_| {
        AppError::validation(
            "patterns",
            "Pola-pola ini terlalu rumit jika digabung; sederhanakan atau kurangi jumlahnya (misalnya \\w{20} menjadi \\w+).",
        )
    })?;
    Ok(patterns)
}

/// The stored patterns (the defaults until an admin saves others).
pub async fn patterns(
    db: &DatabaseConnection,
    user: &CurrentUser,
) -> Result<PatternList, AppError> {
    user.require_admin()?;
    Ok(PatternList {
        patterns: auto_reply_patterns(db).await?,
    })
}

/// Replaces the patterns (admins); they apply to the next message on every server.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn save_patterns(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    raw: &[String],
) -> Result<PatternList, AppError> {
    user.require_admin()?;
    let patterns = check_patterns(raw)?;
    let (_guard, txn) = gate.begin(db).await?;
    crate::settings::ssr::lock_settings(&txn).await?;
    let before = auto_reply_patterns(&txn).await?;
    if before != patterns {
        put_setting(
            &txn,
            PATTERNS_KEY,
            serde_json::to_string(&patterns).map_err(AppError::internal)?,
        )
        .await?;
        crate::audit::ssr::record(
            &txn,
            user,
            crate::audit::ssr::Change::whole(
                crate::domain::audit::AuditKind::AutoReplyPatterns,
                crate::domain::audit::AuditAction::Update,
            )
            .before(&before)
            .after(&patterns),
        )
        .await?;
        bump_version(&txn).await?;
    }
    txn.commit().await?;
    Ok(PatternList { patterns })
}

/// Which patterns (the stored ones, or `patterns` when given) and which spam keyword
/// `text` meets (admins).
pub async fn preview(
    db: &DatabaseConnection,
    filters: &FilterCache,
    user: &CurrentUser,
    text: &str,
    patterns: Option<&[String]>,
) -> Result<Preview, AppError> {
    user.require_admin()?;
    let current = filters.current(db).await?;
    let patterns = match patterns {
        Some(p) => check_patterns(p)?,
        None => auto_reply_patterns(db).await?,
    };
    let auto_reply_patterns = patterns
        .into_iter()
        .filter(|p| {
            AutoReplyDetector::new(std::slice::from_ref(p)).is_ok_and(|d| d.is_auto_reply(text))
        })
        .collect();
    Ok(Preview {
        auto_reply_patterns,
        spam_keyword: current.spam.find(text).map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::check_patterns;

    fn check(list: &[&str]) -> Result<Vec<String>, String> {
        let owned: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        check_patterns(&owned).map_err(|e| e.to_string())
    }

    #[test]
    fn patterns_are_trimmed_and_checked() {
        assert_eq!(
            check(&["  auto.?reply ", "", "sedang cuti"]),
            Ok(vec!["auto.?reply".into(), "sedang cuti".into()])
        );
        let bad = check(&["(unclosed"]).expect_err("invalid");
        assert!(bad.contains("unclosed"), "{bad}");
        for everything in [".*", "a*", "|libur", "(?s).*", "^", "\\b*"] {
            assert!(
                check(&[everything]).is_err(),
                "{everything} matches every message"
            );
        }
        assert!(check(&[&"a".repeat(201)]).is_err());
        assert!(check(&vec!["x"; 51]).is_err());
        assert_eq!(check(&[]), Ok(vec![]));
    }

    /// Each of these compiles alone, but not together: saved, the server would fall
    /// back to the default patterns at the next message.
    #[test]
    fn patterns_that_only_fail_together_are_refused_when_saved() {
        assert!(check(&[r"\w{20}"]).is_ok());
        let err = check(&[r"\w{20}", r"x\w{20}"]).expect_err("too large together");
        assert!(err.contains("digabung"), "{err}");
    }
}
