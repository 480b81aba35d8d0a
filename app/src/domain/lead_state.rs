//! A lead's escalation state and why a lead went to whom: stored on the thread and on
//! each assignment.

use super::stored::stored_enum;

stored_enum! {
    /// Where a lead's escalation stands.
    pub enum EscalationState as "escalation state" {
        /// Its clock runs (or it was answered): nothing to say.
        None = "none",
        /// Not answered in time and nobody left to take it: marked, and it stays.
        Overdue = "overdue",
    }
}

stored_enum! {
    /// Why a lead has the owner it has (each assignment's reason).
    pub enum AssignReason as "assignment reason" {
        /// The next agent in turn.
        RoundRobin = "round_robin",
        /// The contact already had an active owner on another thread.
        Sticky = "sticky",
        /// Taken from an owner who did not answer in time.
        Escalation = "escalation",
        /// Given by an admin.
        Manual = "manual",
        /// Whoever wrote the first message of the chat (a new message to a new number).
        Sender = "sender",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_stored_ones() {
        for state in EscalationState::ALL {
            assert_eq!(state.as_str().parse(), Ok(state));
        }
        for reason in AssignReason::ALL {
            assert_eq!(reason.as_str().parse(), Ok(reason));
            assert_eq!(
                serde_json::to_value(reason).ok(),
                Some(serde_json::Value::from(reason.as_str()))
            );
        }
        assert_eq!(AssignReason::RoundRobin.as_str(), "round_robin");
        assert!("escalated".parse::<EscalationState>().is_err());
    }
}
