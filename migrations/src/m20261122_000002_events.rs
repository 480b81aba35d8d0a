//! The realtime event log: every change a browser must hear about, in commit order.
//!
//! The id is the event's sequence number. A browser that reconnects asks for the events
//! after the last id it saw; servers tell each other "new events" and each loads them
//! from here, so no event lives only in one process's memory.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    .col(
                        ColumnDef::new(Events::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Events::Kind).string().not_null())
                    // Who may see it: admins always; agents when they are one of these
                    // (the thread's owner, an owner it was taken from, a notice's
                    // addressee). Both empty: admins only.
                    .col(ColumnDef::new(Events::AgentId).big_integer().null())
                    .col(ColumnDef::new(Events::OtherAgentId).big_integer().null())
                    .col(ColumnDef::new(Events::ThreadId).string().null())
                    .col(ColumnDef::new(Events::Payload).text().not_null())
                    .col(
                        ColumnDef::new(Events::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .take(),
            )
            .await?;
        // Pruning old events.
        manager
            .create_index(
                Index::create()
                    .name("ix_events_created")
                    .table(Events::Table)
                    .col(Events::CreatedAt)
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Events::Table).if_exists().to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    Kind,
    AgentId,
    OtherAgentId,
    ThreadId,
    Payload,
    CreatedAt,
}
