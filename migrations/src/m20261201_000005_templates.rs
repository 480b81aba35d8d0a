//! Quick-reply templates as a team uses them.
//!
//! - A template may have a shortcut (`/promo`), unique whatever its case, and, for a
//!   WhatsApp-approved template, the variables its Twilio `ContentSid` takes
//!   (`content_variables`, a JSON object from variable number to text with
//!   placeholders, e.g. `{"1": "{{nama}}"}`).
//! - A message sent as an approved template keeps the `ContentSid` and the filled
//!   variables it goes out with (`messages.content_sid`, `messages.content_variables`):
//!   the outbox sends exactly what was chosen, even if the template changes meanwhile.
//! - The customer's next message credits the templates of the messages sent before it.
//!   A partial index holds only the messages still waiting for that, so the look made
//!   for every inbound batch reads a handful of rows, never the history. The condition
//!   is plain SQL both databases accept, repeated word for word by the query.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SHORTCUTS: &str = "uq_templates_shortcut_ci";
const UNCREDITED: &str = "ix_messages_template_uncredited";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one change per ALTER TABLE.
        let columns = [
            (
                Templates::Table.into_iden(),
                Templates::Shortcut.into_iden(),
            ),
            (
                Templates::Table.into_iden(),
                Templates::ContentVariables.into_iden(),
            ),
            (
                Messages::Table.into_iden(),
                Messages::ContentSid.into_iden(),
            ),
            (
                Messages::Table.into_iden(),
                Messages::ContentVariables.into_iden(),
            ),
        ];
        for (table, column) in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(ColumnDef::new(column).text().null())
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "CREATE UNIQUE INDEX {SHORTCUTS} ON templates (lower(shortcut)) \
             WHERE shortcut IS NOT NULL"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE INDEX {UNCREDITED} ON messages (thread_id) \
             WHERE template_id IS NOT NULL AND template_credited = false"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(UNCREDITED)
                    .table(Messages::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(SHORTCUTS)
                    .table(Templates::Table)
                    .to_owned(),
            )
            .await?;
        let columns = [
            (
                Messages::Table.into_iden(),
                Messages::ContentVariables.into_iden(),
            ),
            (
                Messages::Table.into_iden(),
                Messages::ContentSid.into_iden(),
            ),
            (
                Templates::Table.into_iden(),
                Templates::ContentVariables.into_iden(),
            ),
            (
                Templates::Table.into_iden(),
                Templates::Shortcut.into_iden(),
            ),
        ];
        for (table, column) in columns {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Templates {
    Table,
    Shortcut,
    ContentVariables,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    ContentSid,
    ContentVariables,
}
