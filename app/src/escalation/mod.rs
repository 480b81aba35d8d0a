//! Escalation: a lead nobody answered in time moves to the next agent.
//!
//! [`decide`] is the rule, pure and tested on its own; [`ssr::run`] applies it to every
//! due lead in one transaction that claims its leads, so the in-server worker, the cron
//! endpoint and other servers running at the same moment never escalate a lead twice.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

/// How escalation behaves (settings `escalation.timeoutSeconds` and
/// `escalation.maxEscalations`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// How long an owner has for the first response, in working time.
    pub timeout: Duration,
    /// After this many escalations a lead stays where it is and is marked overdue,
    /// rather than touring the team all night.
    pub max_escalations: i32,
    /// When the clock runs (always, unless working hours are on).
    pub hours: crate::domain::working_hours::WorkingHours,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            timeout: Duration::minutes(5),
            max_escalations: 3,
            hours: Default::default(),
        }
    }
}

/// What the rule needs to know about one lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lead {
    /// Its owner, if it has one.
    pub owner_id: Option<i64>,
    /// Whether that owner is still active and available.
    pub owner_active: bool,
    /// When the owner got it.
    pub assigned_at: Option<DateTime<Utc>>,
    /// The owner's first reply.
    pub first_response_at: Option<DateTime<Utc>>,
    /// Times it has moved already.
    pub escalation_count: i32,
    /// Already marked overdue.
    pub overdue: bool,
}

/// What to do with a lead now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Answered: ownership is locked, nothing ever happens again.
    Locked,
    /// Nobody owns it (no agent was available); the next assignment handles it.
    Unassigned,
    /// Not due yet.
    Wait {
        /// When it becomes due.
        deadline: DateTime<Utc>,
    },
    /// Give it to the next agent in the rotation (not its owner).
    Escalate,
    /// Leave it with its owner, marked overdue.
    MarkOverdue,
    /// Already overdue: nothing more to do.
    Overdue,
}

/// Whether a lead is locked: its owner answered, so it stays theirs and never escalates.
///
/// The one rule behind the escalation job, the chat list's lock, the chat header's
/// clock and the lead panel. An answer without an owner (a lead whose owner was
/// removed) locks nothing: the next assignment starts a clock again.
pub fn is_locked(owner_id: Option<i64>, first_response_at: Option<DateTime<Utc>>) -> bool {
    owner_id.is_some() && first_response_at.is_some()
}

impl Lead {
    /// See [`is_locked`].
    pub fn is_locked(&self) -> bool {
        is_locked(self.owner_id, self.first_response_at)
    }
}

/// The deadline of an unanswered, owned lead that is not overdue: `timeout` of
/// working time after it was assigned. `None` too when no working day is ever open.
pub fn deadline(lead: &Lead, policy: &Policy) -> Option<DateTime<Utc>> {
    match (lead.owner_id, lead.assigned_at, lead.first_response_at) {
        (Some(_), Some(at), None) if !lead.overdue => {
            policy.hours.after_working_time(at, policy.timeout)
        }
        _ => None,
    }
}

/// The rule. `others_available`: someone other than the owner is active and available
/// to take the lead.
pub fn decide(
    lead: &Lead,
    policy: &Policy,
    now: DateTime<Utc>,
    others_available: bool,
) -> Decision {
    if lead.is_locked() {
        return Decision::Locked;
    }
    if lead.owner_id.is_none() {
        return Decision::Unassigned;
    }
    if lead.overdue {
        return Decision::Overdue;
    }
    // An owner who left (deactivated, or marked unavailable) cannot answer: no waiting.
    // A lead with no assignment time cannot be timed: due. One whose working hours
    // never open never comes due by time.
    let due = !lead.owner_active
        || match lead.assigned_at {
            None => true,
            Some(_) => deadline(lead, policy).is_some_and(|deadline| now >= deadline),
        };
    if !due {
        return Decision::Wait {
            deadline: deadline(lead, policy).unwrap_or(now),
        };
    }
    if others_available && lead.escalation_count < policy.max_escalations {
        Decision::Escalate
    } else {
        Decision::MarkOverdue
    }
}

/// What one escalation run did (`GET /api/cron/check-escalations`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Report {
    /// Due leads this run claimed and looked at.
    pub checked: usize,
    /// Leads moved to another agent.
    pub escalated: Vec<Moved>,
    /// Leads left with their owner and marked overdue.
    pub overdue: Vec<String>,
}

/// A lead that moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Moved {
    /// The thread.
    pub thread_id: String,
    /// Its previous owner.
    pub from_agent_id: i64,
    /// Its new owner.
    pub to_agent_id: i64,
    /// Escalations so far, this one included.
    pub escalation_count: i32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_795_000_000, 0).unwrap_or_default()
            + Duration::minutes(minutes)
    }

    fn lead() -> Lead {
        Lead {
            owner_id: Some(2),
            owner_active: true,
            assigned_at: Some(at(0)),
            first_response_at: None,
            escalation_count: 0,
            overdue: false,
        }
    }

    #[test]
    fn the_decision_table() {
        let policy = Policy::default();
        let due = at(5);
        let cases: Vec<(&str, Lead, DateTime<Utc>, bool, Decision)> = vec![
            (
                "answered",
                Lead {
                    first_response_at: Some(at(1)),
                    ..lead()
                },
                at(60),
                true,
                Decision::Locked,
            ),
            (
                "not yet due",
                lead(),
                at(4),
                true,
                Decision::Wait { deadline: due },
            ),
            ("due to the second", lead(), due, true, Decision::Escalate),
            ("long overdue", lead(), at(90), true, Decision::Escalate),
            ("single agent", lead(), at(6), false, Decision::MarkOverdue),
            (
                "inactive owner, not yet due",
                Lead {
                    owner_active: false,
                    ..lead()
                },
                at(1),
                true,
                Decision::Escalate,
            ),
            (
                "inactive owner, nobody else",
                Lead {
                    owner_active: false,
                    ..lead()
                },
                at(1),
                false,
                Decision::MarkOverdue,
            ),
            (
                "already escalated twice",
                Lead {
                    escalation_count: 2,
                    ..lead()
                },
                at(6),
                true,
                Decision::Escalate,
            ),
            (
                "escalated as often as allowed",
                Lead {
                    escalation_count: 3,
                    ..lead()
                },
                at(6),
                true,
                Decision::MarkOverdue,
            ),
            (
                "already overdue",
                Lead {
                    overdue: true,
                    ..lead()
                },
                at(60),
                true,
                Decision::Overdue,
            ),
            (
                "nobody owns it",
                Lead {
                    owner_id: None,
                    assigned_at: None,
                    ..lead()
                },
                at(60),
                true,
                Decision::Unassigned,
            ),
        ];
        for (name, lead, now, others, want) in cases {
            assert_eq!(decide(&lead, &policy, now, others), want, "{name}");
        }
    }

    #[test]
    fn a_lead_is_locked_once_its_owner_answered() {
        for (owner, answered, want) in [
            (Some(2), Some(at(1)), true),
            (Some(2), None, false),
            (None, Some(at(1)), false),
            (None, None, false),
        ] {
            assert_eq!(is_locked(owner, answered), want, "{owner:?} {answered:?}");
            let lead = Lead {
                owner_id: owner,
                first_response_at: answered,
                ..lead()
            };
            assert_eq!(lead.is_locked(), want);
            // The job agrees with the lock the inbox shows.
            let decision = decide(&lead, &Policy::default(), at(60), true);
            assert_eq!(decision == Decision::Locked, want, "{decision:?}");
        }
    }

    #[test]
    fn a_shorter_timeout_and_the_deadline() {
        let policy = Policy {
            timeout: Duration::seconds(5),
            max_escalations: 2,
            ..Policy::default()
        };
        assert_eq!(
            deadline(&lead(), &policy),
            Some(at(0) + Duration::seconds(5))
        );
        assert_eq!(
            decide(&lead(), &policy, at(0) + Duration::seconds(4), true),
            Decision::Wait {
                deadline: at(0) + Duration::seconds(5)
            }
        );
        assert_eq!(
            decide(&lead(), &policy, at(0) + Duration::seconds(5), true),
            Decision::Escalate
        );
        let answered = Lead {
            first_response_at: Some(at(0)),
            ..lead()
        };
        assert_eq!(deadline(&answered, &policy), None);
        let twice = Lead {
            escalation_count: 2,
            ..lead()
        };
        assert_eq!(decide(&twice, &policy, at(1), true), Decision::MarkOverdue);
    }
}
