//! The embedded SQLite backend: one file in the user's data directory, WAL journal, foreign keys
//! on, migrations from `migrations/sqlite/` embedded and run on open. Queries are checked at
//! compile time against that schema (offline data in `.sqlx/`).

mod audit;
mod cases;
mod catalog;
mod courier;
mod drafts;
mod export;
mod followups;
mod halls;
mod label_runs;
mod lookups;
mod printing;
mod queue;
mod scans;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use onewindow_domain::CaseState;
use onewindow_store::{Result, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

pub struct SqliteStore {
    pool: SqlitePool,
}

pub(crate) fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(Box::new(e))
}

pub(crate) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} “{value}”"))
}

pub(crate) fn parse<T>(what: &str, value: &str, f: impl Fn(&str) -> Option<T>) -> Result<T> {
    f(value).ok_or_else(|| corrupt(what, value))
}

/// The states as a JSON array, the one way a list crosses into a checked query.
pub(crate) fn states_json(states: impl IntoIterator<Item = CaseState>) -> String {
    let names: Vec<&str> = states.into_iter().map(CaseState::as_str).collect();
    serde_json::to_string(&names).expect("strings serialise")
}

pub(crate) fn open_states() -> String {
    states_json(CaseState::ALL.into_iter().filter(|s| s.is_open()))
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        Self::connect(options, 4).await
    }

    /// A private in-memory database, for tests.
    pub async fn in_memory() -> Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:").map_err(backend)?.foreign_keys(true);
        // One connection: every connection to ":memory:" is a database of its own.
        Self::connect(options, 1).await
    }

    async fn connect(options: SqliteConnectOptions, connections: u32) -> Result<Self> {
        let pool =
            SqlitePoolOptions::new().max_connections(connections).connect_with(options).await.map_err(backend)?;
        MIGRATOR.run(&pool).await.map_err(|e| StoreError::Backend(Box::new(e)))?;
        audit::seal_unhashed_events(&pool).await?;
        Ok(Self { pool })
    }

    /// The connection pool, for the backend's own tests and maintenance.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}
