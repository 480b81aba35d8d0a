//! One writer at a time on SQLite.
//!
//! SQLite allows a single writer; a transaction that reads and then writes while
//! another connection commits fails with `SQLITE_BUSY` instead of waiting. Writers that
//! read first (the inbound flow, round-robin) take this gate, so on SQLite the write
//! transaction itself is the lock. PostgreSQL needs no gate: it uses row locks.

use sea_orm::DatabaseBackend;
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
}
