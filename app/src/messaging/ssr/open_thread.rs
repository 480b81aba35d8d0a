//! Creating a thread (a new lead) together with the record of who got it and why.

use crate::db::{assignment_events, threads};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

/// A thread to create.
pub struct NewThread<'a> {
    /// `{accountId}:{contactDigits}`.
    pub id: &'a str,
    /// The account it belongs to.
    pub account_id: &'a str,
    /// The contact's digits.
    pub contact: &'a str,
    /// WhatsApp profile name, if known.
    pub profile_name: Option<String>,
    /// The owner and why, if any.
    pub owner: Option<(i64, crate::domain::AssignReason)>,
}

/// Inserts the thread and, when it has an owner, its assignment event.
pub async fn open_thread(
    db: &impl ConnectionTrait,
    new: NewThread<'_>,
    now: DateTime<Utc>,
) -> Result<threads::Model, DbErr> {
    let thread = threads::ActiveModel {
        id: Set(new.id.to_owned()),
        account_id: Set(new.account_id.to_owned()),
        contact_number: Set(new.contact.to_owned()),
        profile_name: Set(new.profile_name),
        owner_id: Set(new.owner.map(|(id, _)| id)),
        assigned_at: Set(new.owner.map(|_| now)),
        escalation_count: Set(0),
        escalation_state: Set(crate::domain::EscalationState::None),
        unread_count: Set(0),
        last_message_at: Set(Some(now)),
        last_inbound_auto_reply: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if let Some((owner, reason)) = new.owner {
        assignment_events::ActiveModel {
            thread_id: Set(new.id.to_owned()),
            from_agent_id: Set(None),
            to_agent_id: Set(Some(owner)),
            reason: Set(reason),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(thread)
}
