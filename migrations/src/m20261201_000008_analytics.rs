//! Analytics rollups, written in the same transaction as what they count, so the
//! dashboard reads these rows and never the message table:
//!
//! - `daily_analytics.escalation_count`: leads moved on, per account and business day.
//! - `first_responses`: one row per answered lead (its first reply by its owner, the
//!   moment it locks), with the seconds since the customer's first message and since
//!   the owner got it; medians and percentiles are computed from these exactly.
//! - `agent_daily`: per agent, account and business day, the leads taken away from
//!   them by escalation.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(DailyAnalytics::Table)
                    .add_column(
                        ColumnDef::new(DailyAnalytics::EscalationCount)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FirstResponses::Table)
                    .col(
                        ColumnDef::new(FirstResponses::ThreadId)
                            .string()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(FirstResponses::AccountId)
                            .string()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(FirstResponses::AgentId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(FirstResponses::Day).date().not_null())
                    .col(
                        ColumnDef::new(FirstResponses::RespondedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(FirstResponses::SinceArrivalSeconds)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(FirstResponses::SinceAssignedSeconds)
                            .big_integer()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_first_responses_day")
                    .table(FirstResponses::Table)
                    .col(FirstResponses::Day)
                    .col(FirstResponses::AccountId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AgentDaily::Table)
                    .col(ColumnDef::new(AgentDaily::Day).date().not_null())
                    .col(ColumnDef::new(AgentDaily::AccountId).string().not_null())
                    .col(ColumnDef::new(AgentDaily::AgentId).big_integer().not_null())
                    .col(
                        ColumnDef::new(AgentDaily::EscalationsAway)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .primary_key(
                        Index::create()
                            .col(AgentDaily::Day)
                            .col(AgentDaily::AccountId)
                            .col(AgentDaily::AgentId),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AgentDaily::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(FirstResponses::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(DailyAnalytics::Table)
                    .drop_column(DailyAnalytics::EscalationCount)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum DailyAnalytics {
    Table,
    EscalationCount,
}

#[derive(DeriveIden)]
enum FirstResponses {
    Table,
    ThreadId,
    AccountId,
    AgentId,
    Day,
    RespondedAt,
    SinceArrivalSeconds,
    SinceAssignedSeconds,
}

#[derive(DeriveIden)]
enum AgentDaily {
    Table,
    Day,
    AccountId,
    AgentId,
    EscalationsAway,
}
