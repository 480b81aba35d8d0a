//! First-response times as histograms on `agent_daily` (per agent, account and
//! business day), so the dashboard reads one row per agent and day rather than one
//! per answered lead: `answered`, and `arrival_seconds` / `assigned_seconds` as
//! `seconds:count` pairs. Existing `first_responses` rows are folded in, their exact
//! seconds as they are.

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DatabaseBackend},
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(AgentDaily::Table)
                    .add_column(
                        ColumnDef::new(AgentDaily::Answered)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        for column in [AgentDaily::ArrivalSeconds, AgentDaily::AssignedSeconds] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AgentDaily::Table)
                        .add_column(ColumnDef::new(column).text().not_null().default(""))
                        .to_owned(),
                )
                .await?;
        }
        let concat = |column: &str| match manager.get_database_backend() {
            DatabaseBackend::Postgres => format!("string_agg({column}::text || ':1', ',')"),
            _ => format!("group_concat({column} || ':1', ',')"),
        };
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO agent_daily \
                   (day, account_id, agent_id, escalations_away, answered, arrival_seconds, assigned_seconds) \
                 SELECT day, account_id, agent_id, 0, COUNT(*), {}, {} \
                 FROM first_responses WHERE true GROUP BY day, account_id, agent_id \
                 ON CONFLICT (day, account_id, agent_id) DO UPDATE SET \
                   answered = excluded.answered, \
                   arrival_seconds = excluded.arrival_seconds, \
                   assigned_seconds = excluded.assigned_seconds",
                concat("since_arrival_seconds"),
                concat("since_assigned_seconds"),
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            AgentDaily::AssignedSeconds,
            AgentDaily::ArrivalSeconds,
            AgentDaily::Answered,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AgentDaily::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum AgentDaily {
    Table,
    Answered,
    ArrivalSeconds,
    AssignedSeconds,
}
