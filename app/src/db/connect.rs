//! Opening the database and bringing its schema up to date.

use anyhow::Context;
use migrations::MigratorTrait;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, SqlxSqliteConnector};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::{str::FromStr, time::Duration};

/// Connects to `url` (`sqlite://…` or `postgres://…`) with a pool sized for a server.
///
/// SQLite gets WAL (readers never wait for the writer), `synchronous=NORMAL` (safe
/// with WAL, no fsync per commit), foreign keys on and a busy timeout so concurrent
/// writers queue instead of failing. The parent folder of the file is created.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("DATABASE_URL '{url}' is not a valid SQLite URL"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let file = options.get_filename().to_path_buf();
        if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty())
            && file.to_str() != Some(":memory:")
        {
            std::fs::create_dir_all(parent).with_context(|| {
                format!("cannot create the database folder {}", parent.display())
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the SQLite database {}", file.display()))?;
        Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(32)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .sqlx_logging(false);
        Database::connect(options)
            .await
            .with_context(|| format!("cannot connect to PostgreSQL at {}", redact(url)))
    } else {
        anyhow::bail!(
            "DATABASE_URL must start with sqlite:// or postgres:// (got '{}')",
            redact(url)
        )
    }
}

/// Applies every pending migration. A failure is returned with the migration's error so
/// the caller can stop instead of serving on a half-built schema.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    migrations::Migrator::up(db, None)
        .await
        .context("database migration failed")
}

/// The URL with any password replaced, for log and error messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_the_logs() {
        for (url, want) in [
            (
                "postgres://serambi:hunter2@db:5432/x",
                "postgres://serambi:***@db:5432/x",
            ),
            ("postgres://serambi@db/x", "postgres://serambi@db/x"),
            (
                "sqlite://data/serambi.db?mode=rwc",
                "sqlite://data/serambi.db?mode=rwc",
            ),
        ] {
            assert_eq!(super::redact(url), want);
        }
    }
}
