//! Who gets a new lead: the contact's existing owner (sticky) or the next agent in the
//! round-robin, with the rotation pointer taken under a lock.

use crate::{
    db::{account_members, agents, rotation_state, threads},
    domain::round_robin::next_agent,
    error::AppError,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::LockType,
};
use std::collections::HashMap;

/// The rotation of new leads.
const LEADS_ROTATION: &str = "leads";

pub use crate::domain::AssignReason;

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
    /// The members of each account that has any (an account without is everyone's).
    members: HashMap<String, Vec<i64>>,
    /// The turns available on each account, computed once.
    pools: HashMap<String, Vec<i64>>,
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
        // A small table (accounts × their agents), read whole.
        let mut members: HashMap<String, Vec<i64>> = HashMap::new();
        for m in account_members::Entity::find()
            .order_by_asc(account_members::Column::AgentId)
            .all(txn)
            .await?
        {
            members.entry(m.account_id).or_default().push(m.agent_id);
        }
        Ok(Self {
            stored,
            eligible,
            members,
            pools: HashMap::new(),
            last,
        })
    }

    /// The agents who may take a lead on `account`: its available members, or every
    /// available agent when it has no members.
    fn pool(&mut self, account: &str) -> &[i64] {
        if !self.pools.contains_key(account) {
            let pool = match self.members.get(account) {
                Some(members) => self
                    .eligible
                    .iter()
                    .copied()
                    .filter(|id| members.contains(id))
                    .collect(),
                None => self.eligible.clone(),
            };
            self.pools.insert(account.to_owned(), pool);
        }
        self.pools.get(account).map_or(&[], Vec::as_slice)
    }

    /// Does `agent` serve `account` (a member, or the account has no members)? Says
    /// nothing about availability: a sticky owner keeps their contact while away.
    pub fn serves(&self, account: &str, agent: i64) -> bool {
        self.members
            .get(account)
            .is_none_or(|members| members.contains(&agent))
    }

    /// Who gets a new lead of `account` from a contact whose most recent chat is
    /// `sticky`'s: that owner, if they serve the account (the contact stays with the
    /// person they know); otherwise the next agent in turn. The one rule of who gets
    /// the next lead.
    pub fn choose(&mut self, account: &str, sticky: Option<i64>) -> Option<(i64, AssignReason)> {
        match sticky.filter(|owner| self.serves(account, *owner)) {
            Some(owner) => Some((owner, AssignReason::Sticky)),
            None => self
                .take_turn(account)
                .map(|id| (id, AssignReason::RoundRobin)),
        }
    }

    /// Takes the next turn on `account`; `None` when nobody may take it.
    pub fn take_turn(&mut self, account: &str) -> Option<i64> {
        let last = self.last;
        let chosen = next_agent(self.pool(account), last)?;
        self.last = Some(chosen);
        Some(chosen)
    }

    /// Is `agent` in the rotation of `account` (active, available, serving it)?
    pub fn includes(&mut self, account: &str, agent: i64) -> bool {
        self.pool(account).contains(&agent)
    }

    /// Is anyone other than `agent` in the rotation of `account`?
    pub fn has_other_than(&mut self, account: &str, agent: i64) -> bool {
        self.pool(account).iter().any(|&id| id != agent)
    }

    /// Takes the next turn on `account` that is not `agent`'s (an escalated lead never
    /// returns to the owner it is taken from); `None` when nobody else may take it.
    pub fn take_turn_except(&mut self, account: &str, agent: i64) -> Option<i64> {
        let size = self.pool(account).len();
        for _ in 0..size {
            match self.take_turn(account) {
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
