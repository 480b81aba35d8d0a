//! What an audit row is about: the kind of thing an admin changed and what they did
//! to it. Stored and sent as the strings below.

use super::stored::stored_enum;

stored_enum! {
    /// The kind of thing an admin change touched.
    pub enum AuditKind as "audit kind" {
        /// A setting (its key is the target), including the spam filter's options.
        Setting = "setting",
        /// A WhatsApp account (credentials: only that they changed).
        Account = "account",
        /// The agents an account is shared with.
        AccountMembers = "accountMembers",
        /// An agent: created, renamed, role, active, availability, password reset.
        Agent = "agent",
        /// A label.
        Label = "label",
        /// A quick-reply template.
        Template = "template",
        /// A spam keyword.
        SpamKeyword = "spamKeyword",
        /// The blocked-message log (a restore, or emptying it).
        BlockedMessage = "blockedMessage",
        /// The auto-reply patterns.
        AutoReplyPatterns = "autoReplyPatterns",
    }
}

stored_enum! {
    /// What was done.
    pub enum AuditAction as "audit action" {
        /// Made.
        Create = "create",
        /// Changed.
        Update = "update",
        /// Removed (an account: deactivated).
        Delete = "delete",
        /// Put in a new order.
        Reorder = "reorder",
        /// A blocked message let through into the inbox.
        Restore = "restore",
        /// The blocked log emptied.
        Clear = "clear",
        /// An agent's password set by an admin.
        PasswordReset = "passwordReset",
    }
}

impl AuditKind {
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
