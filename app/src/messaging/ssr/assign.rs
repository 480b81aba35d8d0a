//! Who gets a new lead: the contact's existing owner (sticky) or the next agent in the
//! round-robin, with the rotation pointer taken under a lock.

use crate::{
    db::{agents, rotation_state, threads},
    domain::round_robin::next_agent,
    error::AppError,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::LockType,
};

/// The rotation of new leads.
const LEADS_ROTATION: &str = "leads";

/// Why a lead went to its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignReason {
    /// The contact already had an active owner on another thread.
    Sticky,
    /// The next agent in turn.
    RoundRobin,
}

impl AssignReason {
    /// The stored reason.
    pub fn as_str(self) -> &'static str {
        match self {
            AssignReason::Sticky => "sticky",
            AssignReason::RoundRobin => "round_robin",
        }
    }
}

/// Chooses the owner of a new lead for `contact`, inside `txn`. On PostgreSQL the
/// rotation row is locked (`FOR UPDATE`) until the transaction ends; on SQLite the
/// caller holds the write gate, which serialises writers. Either way no two leads can
/// take the same turn.
pub async fn choose_owner(
    txn: &DatabaseTransaction,
    contact: &str,
    now: DateTime<Utc>,
) -> Result<Option<(i64, AssignReason)>, AppError> {
    if let Some(owner) = sticky_owner(txn, contact).await? {
        return Ok(Some((owner, AssignReason::Sticky)));
    }
    let mut rotation = Rotation::load(txn).await?;
    let chosen = rotation.take_turn();
    rotation.save(txn, now).await?;
    Ok(chosen.map(|id| (id, AssignReason::RoundRobin)))
}

/// The active owner of the contact's most recent thread on any account, if any.
pub async fn sticky_owner(
    txn: &DatabaseTransaction,
    contact: &str,
) -> Result<Option<i64>, AppError> {
    Ok(threads::Entity::find()
        .inner_join(agents::Entity)
        .filter(threads::Column::ContactNumber.eq(contact))
        .filter(agents::Column::Active.eq(true))
        .order_by_desc(threads::Column::LastMessageAt)
        .one(txn)
        .await?
        .and_then(|t| t.owner_id))
}

/// The round-robin of new leads, loaded (and on PostgreSQL locked) inside a transaction,
/// advanced in memory for any number of leads and written back once.
#[derive(Debug)]
pub struct Rotation {
    stored: Option<rotation_state::Model>,
    eligible: Vec<i64>,
    last: Option<i64>,
}

impl Rotation {
    /// Reads the pointer (locking its row on PostgreSQL) and the agents in the rotation.
    pub async fn load(txn: &DatabaseTransaction) -> Result<Self, AppError> {
        let mut pointer_query = rotation_state::Entity::find_by_id(LEADS_ROTATION.to_owned());
        if txn.get_database_backend() == DatabaseBackend::Postgres {
            pointer_query = pointer_query.lock(LockType::Update);
        }
        let stored = pointer_query.one(txn).await?;
        let eligible: Vec<i64> = agents::Entity::find()
            .select_only()
            .column(agents::Column::Id)
            .filter(agents::Column::Active.eq(true))
            .filter(agents::Column::Available.eq(true))
            .order_by_asc(agents::Column::Id)
            .into_tuple()
            .all(txn)
            .await?;
        let last = stored.as_ref().and_then(|p| p.last_agent_id);
        Ok(Self {
            stored,
            eligible,
            last,
        })
    }

    /// Takes the next turn; `None` when no agent is active and available.
    pub fn take_turn(&mut self) -> Option<i64> {
        let chosen = next_agent(&self.eligible, self.last)?;
        self.last = Some(chosen);
        Some(chosen)
    }

    /// Is `agent` in the rotation (active and available)?
    pub fn includes(&self, agent: i64) -> bool {
        self.eligible.contains(&agent)
    }

    /// Is anyone other than `agent` in the rotation?
    pub fn has_other_than(&self, agent: i64) -> bool {
        self.eligible.iter().any(|&id| id != agent)
    }

    /// Takes the next turn that is not `agent`'s (an escalated lead never returns to
    /// the owner it is taken from); `None` when nobody else is in the rotation.
    pub fn take_turn_except(&mut self, agent: i64) -> Option<i64> {
        for _ in 0..self.eligible.len() {
            match self.take_turn() {
                Some(id) if id != agent => return Some(id),
                Some(_) => {}
                None => return None,
            }
        }
        None
    }

    /// Writes the pointer back if any turn was taken.
    pub async fn save(self, txn: &DatabaseTransaction, now: DateTime<Utc>) -> Result<(), AppError> {
        let stored_last = self.stored.as_ref().and_then(|p| p.last_agent_id);
        if self.last == stored_last {
            return Ok(());
        }
        match self.stored {
            Some(p) => {
                let mut p: rotation_state::ActiveModel = p.into();
                p.last_agent_id = Set(self.last);
                p.updated_at = Set(now);
                p.update(txn).await?;
            }
            None => {
                rotation_state::ActiveModel {
                    id: Set(LEADS_ROTATION.to_owned()),
                    last_agent_id: Set(self.last),
                    updated_at: Set(now),
                }
                .insert(txn)
                .await?;
            }
        }
        Ok(())
    }
}
