//! Search over every message, indexed by three-letter pieces (trigrams), so a word or
//! a piece of a phone number anywhere in a message is found without reading the
//! message table.
//!
//! - SQLite: an FTS5 table with the `trigram` tokenizer (case-insensitive), holding no
//!   copy of the text (`content='messages'`), kept in step by triggers in the same
//!   transaction as each insert, change or delete of a message.
//! - PostgreSQL: a `pg_trgm` GIN index on `lower(body)`, which the database keeps in
//!   step itself. `pg_trgm` ships with PostgreSQL and is a trusted extension: the
//!   database's owner may create it.

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DatabaseBackend},
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    // A message whose thread or account does not exist is refused before anything is
    // written, as the foreign keys would refuse it at the end of the statement: a
    // statement that fails after it wrote to the index stays open in the driver and
    // holds the write lock.
    "CREATE TRIGGER messages_need_parents BEFORE INSERT ON messages \
     WHEN NOT EXISTS (SELECT 1 FROM threads WHERE id = new.thread_id) \
     OR NOT EXISTS (SELECT 1 FROM accounts WHERE id = new.account_id) BEGIN \
     SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END",
    "CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='messages', \
     content_rowid='id', tokenize='trigram')",
    "INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')",
    "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN \
     INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN \
     INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN \
     INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body); \
     INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body); END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS messages_need_parents",
    "DROP TRIGGER IF EXISTS messages_fts_update",
    "DROP TRIGGER IF EXISTS messages_fts_delete",
    "DROP TRIGGER IF EXISTS messages_fts_insert",
    "DROP TABLE IF EXISTS messages_fts",
];

const POSTGRES_UP: &[&str] = &[
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_messages_body_trgm ON messages USING gin (lower(body) gin_trgm_ops)",
];

const POSTGRES_DOWN: &[&str] = &["DROP INDEX IF EXISTS ix_messages_body_trgm"];

async fn run(manager: &SchemaManager<'_>, sqlite: &[&str], postgres: &[&str]) -> Result<(), DbErr> {
    let statements = match manager.get_database_backend() {
        DatabaseBackend::Postgres => postgres,
        _ => sqlite,
    };
    for sql in statements {
        manager.get_connection().execute_unprepared(sql).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, SQLITE_UP, POSTGRES_UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, SQLITE_DOWN, POSTGRES_DOWN).await
    }
}
