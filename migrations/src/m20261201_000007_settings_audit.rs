//! The settings' audit trail: every change an admin makes to a setting, with who
//! made it, when, and the value before and after (SPEC 10, issue "run the team").

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SettingsAudit::Table)
                    .col(
                        ColumnDef::new(SettingsAudit::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(SettingsAudit::Key).string().not_null())
                    .col(ColumnDef::new(SettingsAudit::OldValue).text().null())
                    .col(ColumnDef::new(SettingsAudit::NewValue).text().not_null())
                    .col(ColumnDef::new(SettingsAudit::AgentId).big_integer().null())
                    .col(ColumnDef::new(SettingsAudit::AgentName).string().not_null())
                    .col(
                        ColumnDef::new(SettingsAudit::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_settings_audit_created")
                    .table(SettingsAudit::Table)
                    .col((SettingsAudit::CreatedAt, IndexOrder::Desc))
                    .col((SettingsAudit::Id, IndexOrder::Desc))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SettingsAudit::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SettingsAudit {
    Table,
    Id,
    Key,
    OldValue,
    NewValue,
    AgentId,
    AgentName,
    CreatedAt,
}
