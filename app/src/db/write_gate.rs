//! One writer at a time on SQLite.
//!
//! SQLite allows a single writer; a transaction that reads and then writes while
//! another connection commits fails with `SQLITE_BUSY` instead of waiting. Writers that
//! read first (the inbound flow, round-robin) take this gate, so on SQLite the write
//! transaction itself is the lock. PostgreSQL needs no gate: it uses row locks.

use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    TransactionTrait,
};
use std::sync::Arc;
use tokio::sync::{Mutex, MutexGuard};

/// A mutex on SQLite, nothing on PostgreSQL.
#[derive(Debug, Clone, Default)]
pub struct WriteGate(Option<Arc<Mutex<()>>>);

impl WriteGate {
    /// The gate a database of `backend` needs.
    pub fn for_backend(backend: DatabaseBackend) -> Self {
        match backend {
            DatabaseBackend::Sqlite => Self(Some(Arc::new(Mutex::new(())))),
            _ => Self(None),
        }
    }

    /// Waits for the gate (immediately on PostgreSQL); it opens when the guard drops.
    pub async fn lock(&self) -> Option<MutexGuard<'_, ()>> {
        match &self.0 {
            Some(m) => Some(m.lock().await),
            None => None,
        }
    }

    /// Waits for the gate and begins a write transaction. On SQLite the transaction
    /// takes the database's write lock before anything else: a transaction that read
    /// first would otherwise fail (`SQLITE_BUSY_SNAPSHOT`) as soon as a writer outside
    /// the gate (a status callback, the outbox worker) committed in between, where
    /// waiting for the lock (the busy timeout) is what it should do.
    pub async fn begin(
        &self,
        db: &DatabaseConnection,
    ) -> Result<(Option<MutexGuard<'_, ()>>, DatabaseTransaction), DbErr> {
        let guard = self.lock().await;
        let txn = db.begin().await?;
        if db.get_database_backend() == DatabaseBackend::Sqlite {
            // A write that changes nothing still takes the write lock.
            txn.execute_unprepared("UPDATE rotation_state SET id = id WHERE 0")
                .await?;
        }
        Ok((guard, txn))
    }
}
