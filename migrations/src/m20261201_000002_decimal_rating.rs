//! A contact's rating is a decimal (`4.2`, shown as ★★★★☆ (4.2)), still from 1 to 5.
//!
//! PostgreSQL changes the column's type in place (its check still holds). SQLite cannot
//! change a type, so there the column is replaced: a new column with the new type and
//! check, the values copied, the old column dropped (its check goes with it) and the
//! new one renamed. Those four statements go to SQLite as one batch: it runs them on
//! one connection, in order, so no pooled connection ever sees half of the change.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        retype(manager, "double precision", "REAL", "rating").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Back to whole stars: 4.2 becomes 4.
        retype(
            manager,
            "integer USING round(rating)::integer",
            "INTEGER",
            "CAST(round(rating) AS INTEGER)",
        )
        .await
    }
}

/// Gives `contacts.rating` the PostgreSQL type `postgres`, or on SQLite the type
/// `sqlite` with the old values converted by `copy`.
async fn retype(
    manager: &SchemaManager<'_>,
    postgres: &str,
    sqlite: &str,
    copy: &str,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => format!("ALTER TABLE contacts ALTER COLUMN rating TYPE {postgres}"),
        _ => format!(
            "ALTER TABLE contacts ADD COLUMN rating_new {sqlite} NULL \
                 CHECK (rating_new BETWEEN 1 AND 5); \
             UPDATE contacts SET rating_new = {copy}; \
             ALTER TABLE contacts DROP COLUMN rating; \
             ALTER TABLE contacts RENAME COLUMN rating_new TO rating;"
        ),
    };
    db.execute_unprepared(&sql).await.map(|_| ())
}
