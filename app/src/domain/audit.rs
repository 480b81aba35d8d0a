//! What an audit row is about: the kind of thing an admin changed and what they did
//! to it. Stored and sent as the strings below.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// The kind of thing an admin change touched.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AuditKind {
    /// A setting (its key is the target), including the spam filter's options.
    Setting,
    /// A spam keyword.
    SpamKeyword,
    /// The blocked-message log (a restore, or emptying it).
    BlockedMessage,
    /// The auto-reply patterns.
    AutoReplyPatterns,
    /// A WhatsApp account (credentials: only that they changed).
    Account,
    /// The agents an account is shared with.
    AccountMembers,
    /// An agent: created, renamed, role, active, availability, password reset.
    Agent,
    /// A label.
    Label,
    /// A quick-reply template.
    Template,
}

/// What was done.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AuditAction {
    /// Made.
    Create,
    /// Changed.
    Update,
    /// Removed (an account: deactivated).
    Delete,
    /// Put in a new order.
    Reorder,
    /// A blocked message let through into the inbox.
    Restore,
    /// The blocked log emptied.
    Clear,
    /// An agent's password set by an admin.
    PasswordReset,
}

impl AuditKind {
    /// Every kind, in the order the audit page offers them.
    pub const ALL: [AuditKind; 9] = [
        Self::Setting,
        Self::Account,
        Self::AccountMembers,
        Self::Agent,
        Self::Label,
        Self::Template,
        Self::SpamKeyword,
        Self::BlockedMessage,
        Self::AutoReplyPatterns,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Setting => "setting",
            Self::SpamKeyword => "spamKeyword",
            Self::BlockedMessage => "blockedMessage",
            Self::AutoReplyPatterns => "autoReplyPatterns",
            Self::Account => "account",
            Self::AccountMembers => "accountMembers",
            Self::Agent => "agent",
            Self::Label => "label",
            Self::Template => "template",
        }
    }

    /// The name people read (Indonesian; the page translates it).
    pub fn label(self) -> &'static str {
        match self {
            Self::Setting => "Pengaturan",
            Self::SpamKeyword => "Kata kunci spam",
            Self::BlockedMessage => "Pesan diblokir",
            Self::AutoReplyPatterns => "Pola balasan otomatis",
            Self::Account => "Akun WhatsApp",
            Self::AccountMembers => "Anggota akun",
            Self::Agent => "Agen",
            Self::Label => "Label",
            Self::Template => "Template",
        }
    }
}

impl AuditAction {
    /// Every action.
    pub const ALL: [AuditAction; 7] = [
        Self::Create,
        Self::Update,
        Self::Delete,
        Self::Reorder,
        Self::Restore,
        Self::Clear,
        Self::PasswordReset,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Reorder => "reorder",
            Self::Restore => "restore",
            Self::Clear => "clear",
            Self::PasswordReset => "passwordReset",
        }
    }

    /// The name people read (Indonesian; the page translates it).
    pub fn label(self) -> &'static str {
        match self {
            Self::Create => "dibuat",
            Self::Update => "diubah",
            Self::Delete => "dihapus",
            Self::Reorder => "diurutkan",
            Self::Restore => "dipulihkan",
            Self::Clear => "dikosongkan",
            Self::PasswordReset => "kata sandi diatur ulang",
        }
    }
}

/// A stored name that is not one of the enum's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName(pub String);

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown audit name '{}'", self.0)
    }
}

impl FromStr for AuditKind {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownName(s.to_owned()))
    }
}

impl FromStr for AuditAction {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownName(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_go_there_and_back_and_match_serde() {
        for kind in AuditKind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(kind));
            assert_eq!(
                serde_json::to_value(kind).ok(),
                Some(serde_json::Value::from(kind.as_str()))
            );
        }
        for action in AuditAction::ALL {
            assert_eq!(action.as_str().parse(), Ok(action));
            assert_eq!(
                serde_json::to_value(action).ok(),
                Some(serde_json::Value::from(action.as_str()))
            );
        }
        assert!("settings".parse::<AuditKind>().is_err());
    }
}
