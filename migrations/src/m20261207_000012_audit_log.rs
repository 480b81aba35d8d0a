//! One audit trail for every admin change: who, when, what (a kind, an action and the
//! thing changed) and the value before and after, as JSON with secrets left out. The
//! settings' own trail (`settings_audit`) moves into it and goes.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The kinds of `domain::audit::AuditKind`, as stored: the database refuses any other
/// (the typed model could not read it back).
const KINDS: &[&str] = &[
    "setting",
    "account",
    "accountMembers",
    "agent",
    "label",
    "template",
    "spamKeyword",
    "blockedMessage",
    "autoReplyPatterns",
];
/// The actions of `domain::audit::AuditAction`, as stored.
const ACTIONS: &[&str] = &[
    "create",
    "update",
    "delete",
    "reorder",
    "restore",
    "clear",
    "passwordReset",
];

/// A `NOT NULL` text column whose value must be one of `values`.
fn one_of(col: AuditLog, values: &[&str]) -> ColumnDef {
    ColumnDef::new(col)
        .string()
        .not_null()
        .check(Expr::col(col).is_in(values.iter().copied()))
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(
                        ColumnDef::new(AuditLog::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(AuditLog::ActorId).big_integer().null())
                    .col(ColumnDef::new(AuditLog::ActorName).string().not_null())
                    .col(one_of(AuditLog::Kind, KINDS))
                    .col(one_of(AuditLog::Action, ACTIONS))
                    .col(ColumnDef::new(AuditLog::Target).string().null())
                    .col(ColumnDef::new(AuditLog::Before).text().null())
                    .col(ColumnDef::new(AuditLog::After).text().null())
                    .col(
                        ColumnDef::new(AuditLog::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        // Pages are read newest first by id, whole or for one person or one kind.
        for (name, column) in [
            ("ix_audit_log_actor", AuditLog::ActorId),
            ("ix_audit_log_kind", AuditLog::Kind),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(AuditLog::Table)
                        .col(column)
                        .col((AuditLog::Id, IndexOrder::Desc))
                        .to_owned(),
                )
                .await?;
        }
        let copy = Query::insert()
            .into_table(AuditLog::Table)
            .columns([
                AuditLog::ActorId,
                AuditLog::ActorName,
                AuditLog::Kind,
                AuditLog::Action,
                AuditLog::Target,
                AuditLog::Before,
                AuditLog::After,
                AuditLog::CreatedAt,
            ])
            .select_from(
                Query::select()
                    .column(SettingsAudit::AgentId)
                    .column(SettingsAudit::AgentName)
                    .expr(Expr::val("setting"))
                    .expr(Expr::val("update"))
                    .column(SettingsAudit::Key)
                    .column(SettingsAudit::OldValue)
                    .column(SettingsAudit::NewValue)
                    .column(SettingsAudit::CreatedAt)
                    .from(SettingsAudit::Table)
                    .order_by(SettingsAudit::Id, Order::Asc)
                    .to_owned(),
            )
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .to_owned();
        manager.exec_stmt(copy).await?;
        manager
            .drop_table(Table::drop().table(SettingsAudit::Table).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The settings' trail comes back with the rows it had; the rest goes.
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
            .await?;
        let back = Query::insert()
            .into_table(SettingsAudit::Table)
            .columns([
                SettingsAudit::Key,
                SettingsAudit::OldValue,
                SettingsAudit::NewValue,
                SettingsAudit::AgentId,
                SettingsAudit::AgentName,
                SettingsAudit::CreatedAt,
            ])
            .select_from(
                Query::select()
                    .column(AuditLog::Target)
                    .column(AuditLog::Before)
                    .column(AuditLog::After)
                    .column(AuditLog::ActorId)
                    .column(AuditLog::ActorName)
                    .column(AuditLog::CreatedAt)
                    .from(AuditLog::Table)
                    .and_where(Expr::col(AuditLog::Kind).eq("setting"))
                    .and_where(Expr::col(AuditLog::After).is_not_null())
                    .and_where(Expr::col(AuditLog::Target).is_not_null())
                    .order_by(AuditLog::Id, Order::Asc)
                    .to_owned(),
            )
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .to_owned();
        manager.exec_stmt(back).await?;
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditLog {
    Table,
    Id,
    ActorId,
    ActorName,
    Kind,
    Action,
    Target,
    Before,
    After,
    CreatedAt,
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
