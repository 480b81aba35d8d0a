//! What a personal notice (the 🔔 menu) is about.

use super::stored::stored_enum;

stored_enum! {
    /// The kind of a notice.
    pub enum NotificationKind as "notification kind" {
        /// A customer wrote to a chat the agent owns (not an automatic answer).
        PersonalMessage = "personal_message",
        /// A lead moved from or to the agent because nobody answered it in time.
        Escalation = "escalation",
        /// A lead of the agent's was not answered in time and nobody could take it.
        Overdue = "overdue",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_stored_ones() {
        for kind in NotificationKind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(kind));
        }
    }
}
