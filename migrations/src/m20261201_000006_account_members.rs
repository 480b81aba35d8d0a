//! Per-account teams: the agents who serve an account. A new lead on an account with
//! members goes round-robin among its available members only, and escalation moves it
//! only among them; an account without members is served by everyone, as before.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AccountMembers::Table)
                    .col(
                        ColumnDef::new(AccountMembers::AccountId)
                            .string()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccountMembers::AgentId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccountMembers::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(AccountMembers::AccountId)
                            .col(AccountMembers::AgentId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AccountMembers::Table, AccountMembers::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AccountMembers::Table, AccountMembers::AgentId)
                            .to(Agents::Table, Agents::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AccountMembers::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AccountMembers {
    Table,
    AccountId,
    AgentId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Agents {
    Table,
    Id,
}
