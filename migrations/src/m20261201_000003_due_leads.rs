//! The escalation worker's look for due leads.
//!
//! A lead that nobody ever answers stays unanswered forever: once escalated as often as
//! allowed it is marked overdue and left where it is. `ix_threads_unanswered` holds
//! every such lead, so the worker's ordered walk for "the oldest lead not yet overdue"
//! grew with the history of ignored leads and ran on every tick. This partial index
//! holds only the leads the worker may still act on (owned, unanswered, not overdue),
//! a set as large as the desk's backlog, not its history. It replaces
//! `ix_threads_unanswered`, which served nothing else (and which SQLite's planner
//! would otherwise keep choosing).
//!
//! The condition is plain SQL that SQLite and PostgreSQL both accept; the worker's
//! query repeats it word for word (with the literal, not a bound parameter), which is
//! what lets both planners prove the index applies.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_threads_due";
const REPLACED: &str = "ix_threads_unanswered";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX {INDEX} ON threads (assigned_at) \
                 WHERE first_response_at IS NULL AND owner_id IS NOT NULL \
                 AND escalation_state <> 'overdue'"
            ))
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(REPLACED)
                    .table(Threads::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(REPLACED)
                    .table(Threads::Table)
                    .col(Threads::FirstResponseAt)
                    .col(Threads::AssignedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(Index::drop().name(INDEX).table(Threads::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Threads {
    Table,
    FirstResponseAt,
    AssignedAt,
}
