//! What the admin pages rely on.
//!
//! - Label names are unique whatever their case (`Promo` and `promo` would be two
//!   chips nobody can tell apart): an index on `lower(name)`, which SQLite and
//!   PostgreSQL both accept. (Existing names that differ only in case would stop the
//!   migration; the demo and the seeds never made any.)
//! - The default spam keywords (SPEC 8) are installed here, once, on a database that
//!   has none, new or existing. Installing them at every start instead would bring
//!   them back after an admin deleted them all.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const LABEL_NAMES: &str = "uq_labels_name_ci";

/// SPEC 8's keywords, as of this migration (later changes to the list in the code do
/// not rewrite history).
const DEFAULT_KEYWORDS: [&str; 6] = [
    "terima kasih telah menghubungi",
    "pesan anda telah diterima",
    "balasan otomatis",
    "auto reply",
    "di luar jam kerja",
    "akan segera menghubungi",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "CREATE UNIQUE INDEX {LABEL_NAMES} ON labels (lower(name))"
        ))
        .await?;
        let existing = db
            .query_one(sea_orm::Statement::from_string(
                manager.get_database_backend(),
                "SELECT COUNT(*) AS n FROM spam_keywords",
            ))
            .await?
            .map(|row| row.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        if existing == 0 {
            let mut insert = Query::insert()
                .into_table(SpamKeywords::Table)
                .columns([
                    SpamKeywords::Keyword,
                    SpamKeywords::Enabled,
                    SpamKeywords::CreatedAt,
                ])
                .to_owned();
            let now = chrono::Utc::now();
            for keyword in DEFAULT_KEYWORDS {
                insert.values_panic([keyword.into(), true.into(), now.into()]);
            }
            manager.exec_stmt(insert).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(LABEL_NAMES)
                    .table(Labels::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Labels {
    Table,
}

#[derive(DeriveIden)]
enum SpamKeywords {
    Table,
    Keyword,
    Enabled,
    CreatedAt,
}
