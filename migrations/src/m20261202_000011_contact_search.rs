//! Search over contacts' numbers and names by three-letter pieces (trigrams), so a
//! search reads only the chats it finds rather than every thread.
//!
//! - SQLite: `thread_search` holds each thread's number and WhatsApp profile name under
//!   a stable integer key (a thread's own key is its text id, and an implicit rowid may
//!   change on `VACUUM`), indexed by the FTS5 table `thread_search_fts`; saved names are
//!   indexed by `contacts_fts`. Triggers keep all of them in step in the same
//!   transaction as each change to `threads` or `contacts`.
//! - PostgreSQL: `pg_trgm` GIN indexes on the lower-cased number, profile name and
//!   saved name, which the database keeps in step itself.

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DatabaseBackend},
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    // A thread whose account or owner does not exist is refused before anything is
    // written, as the foreign keys would refuse it at the end of the statement: a
    // statement that fails after it wrote to a full-text index stays open in the driver
    // and holds the write lock.
    "CREATE TRIGGER threads_need_parents BEFORE INSERT ON threads \
     WHEN NOT EXISTS (SELECT 1 FROM accounts WHERE id = new.account_id) \
     OR (new.owner_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agents WHERE id = new.owner_id)) \
     BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END",
    "CREATE TABLE thread_search (id INTEGER PRIMARY KEY, thread_id TEXT NOT NULL UNIQUE, \
     body TEXT NOT NULL)",
    "CREATE VIRTUAL TABLE thread_search_fts USING fts5(body, content='thread_search', \
     content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER thread_search_fts_insert AFTER INSERT ON thread_search BEGIN \
     INSERT INTO thread_search_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER thread_search_fts_delete AFTER DELETE ON thread_search BEGIN \
     INSERT INTO thread_search_fts(thread_search_fts, rowid, body) \
     VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER thread_search_fts_update AFTER UPDATE OF body ON thread_search BEGIN \
     INSERT INTO thread_search_fts(thread_search_fts, rowid, body) \
     VALUES ('delete', old.id, old.body); \
     INSERT INTO thread_search_fts(rowid, body) VALUES (new.id, new.body); END",
    "INSERT INTO thread_search(thread_id, body) \
     SELECT id, contact_number || ' ' || coalesce(profile_name, '') FROM threads",
    "CREATE TRIGGER threads_search_insert AFTER INSERT ON threads BEGIN \
     INSERT INTO thread_search(thread_id, body) \
     VALUES (new.id, new.contact_number || ' ' || coalesce(new.profile_name, '')); END",
    // Only a change of the text rewrites the index: every message updates its thread.
    "CREATE TRIGGER threads_search_update AFTER UPDATE OF contact_number, profile_name \
     ON threads WHEN old.contact_number IS NOT new.contact_number \
     OR old.profile_name IS NOT new.profile_name BEGIN \
     UPDATE thread_search SET body = new.contact_number || ' ' || coalesce(new.profile_name, '') \
     WHERE thread_id = new.id; END",
    "CREATE TRIGGER threads_search_delete AFTER DELETE ON threads BEGIN \
     DELETE FROM thread_search WHERE thread_id = old.id; END",
    "CREATE VIRTUAL TABLE contacts_fts USING fts5(name, content='contacts', \
     content_rowid='id', tokenize='trigram')",
    "INSERT INTO contacts_fts(contacts_fts) VALUES ('rebuild')",
    "CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN \
     INSERT INTO contacts_fts(rowid, name) VALUES (new.id, new.name); END",
    "CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN \
     INSERT INTO contacts_fts(contacts_fts, rowid, name) VALUES ('delete', old.id, old.name); END",
    "CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name ON contacts BEGIN \
     INSERT INTO contacts_fts(contacts_fts, rowid, name) VALUES ('delete', old.id, old.name); \
     INSERT INTO contacts_fts(rowid, name) VALUES (new.id, new.name); END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS contacts_fts_update",
    "DROP TRIGGER IF EXISTS contacts_fts_delete",
    "DROP TRIGGER IF EXISTS contacts_fts_insert",
    "DROP TABLE IF EXISTS contacts_fts",
    "DROP TRIGGER IF EXISTS threads_search_delete",
    "DROP TRIGGER IF EXISTS threads_search_update",
    "DROP TRIGGER IF EXISTS threads_search_insert",
    "DROP TABLE IF EXISTS thread_search_fts",
    "DROP TABLE IF EXISTS thread_search",
    "DROP TRIGGER IF EXISTS threads_need_parents",
];

const POSTGRES_UP: &[&str] = &[
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_threads_number_trgm ON threads \
     USING gin (lower(contact_number) gin_trgm_ops)",
    "CREATE INDEX ix_threads_profile_name_trgm ON threads \
     USING gin (lower(profile_name) gin_trgm_ops)",
    "CREATE INDEX ix_contacts_name_trgm ON contacts USING gin (lower(name) gin_trgm_ops)",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP INDEX IF EXISTS ix_contacts_name_trgm",
    "DROP INDEX IF EXISTS ix_threads_profile_name_trgm",
    "DROP INDEX IF EXISTS ix_threads_number_trgm",
];

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
