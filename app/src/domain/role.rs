//! What a user may do.

use super::stored::stored_enum;

stored_enum! {
    /// What a user may do: admins see and manage everything, agents their own chats.
    pub enum Role as "role" {
        /// Everything an agent does, plus all threads, accounts, agents and settings.
        Admin = "admin",
        /// Reads and answers the chats assigned to them.
        Agent = "agent",
    }
}

impl Role {
    /// Reads a stored or submitted role name.
    pub fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }
}
