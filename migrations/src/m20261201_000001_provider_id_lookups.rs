//! Lookups by a provider's message id alone.
//!
//! Twilio's status callback names a message only by its `MessageSid`, and the inbound
//! duplicate check looks a whole batch up by its sids. The unique keys lead with the
//! account (`uq_messages_account_provider_id`, `uq_blocked_account_provider_id`), so
//! those lookups scanned every message once history grew. These indexes serve them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const MESSAGES_INDEX: &str = "ix_messages_provider_id";
const BLOCKED_INDEX: &str = "ix_blocked_provider_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(MESSAGES_INDEX)
                    .table(Messages::Table)
                    .col(Messages::ProviderMessageId)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(BLOCKED_INDEX)
                    .table(BlockedMessages::Table)
                    .col(BlockedMessages::ProviderMessageId)
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(BLOCKED_INDEX)
                    .table(BlockedMessages::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(MESSAGES_INDEX)
                    .table(Messages::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    ProviderMessageId,
}

#[derive(DeriveIden)]
enum BlockedMessages {
    Table,
    ProviderMessageId,
}
