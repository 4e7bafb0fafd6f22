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
mod outbox;
mod printing;
mod queue;
mod scans;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use log::LevelFilter;
use onewindow_domain::CaseState;
use onewindow_store::{Result, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, SqlitePool};

pub use outbox::PendingHandIn;

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

/// A database file's connection options, the same for a hall's database and a station's
/// encrypted outbox: created if missing, WAL journal, foreign keys on, a 10-second busy timeout.
fn file_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
}

const OPEN_PLAIN: &str = "数据库文件无法打开（文件已加密或已损坏）";
const OPEN_ENCRYPTED: &str = "本地待同步库无法用本站密钥打开（密钥不符或文件已损坏）";

/// SQLite's (SQLCipher's) "file is not a database" (SQLITE_NOTADB) on opening a file, as
/// `message`: a wrong key, no key for an encrypted file, or a damaged file. Anything else is the
/// backend's error as before.
fn unreadable(e: StoreError, message: &str) -> StoreError {
    const SQLITE_NOTADB: &str = "26";
    match e {
        StoreError::Backend(source)
            if source
                .downcast_ref::<sqlx::Error>()
                .and_then(|e| e.as_database_error())
                .and_then(|e| e.code())
                .is_some_and(|code| code == SQLITE_NOTADB) =>
        {
            StoreError::Corrupt(message.to_string())
        }
        other => other,
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self> {
        Self::connect(file_options(path), 4).await.map_err(|e| unreadable(e, OPEN_PLAIN))
    }

    /// [`open`](Self::open) for a file encrypted at rest with SQLCipher under a raw 256-bit `key`
    /// (a city station's offline outbox; the key is the station's, kept in the OS keyring). A new
    /// file is created encrypted. A wrong key, or a file that is not such a database (a plain one,
    /// a damaged one), is refused as [`StoreError::Corrupt`] and the file is left as it was.
    pub async fn open_encrypted(path: &Path, key: &[u8; 32]) -> Result<Self> {
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        let options = file_options(path)
            // A raw key: used as it is, no key derivation.
            .pragma("key", format!("\"x'{hex}'\""))
            // The key is sent as a PRAGMA statement, which sqlx would log like any other (at
            // debug, or as a slow statement): never on this connection.
            .log_statements(LevelFilter::Off)
            .log_slow_statements(LevelFilter::Off, Duration::MAX);
        Self::connect(options, 4).await.map_err(|e| unreadable(e, OPEN_ENCRYPTED))
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
        // A wrong SQLCipher key, or a file that is not a database, fails by here at the latest
        // (usually already at the journal-mode PRAGMA): a read, before anything is written.
        sqlx::query("SELECT count(*) FROM sqlite_master").execute(&pool).await.map_err(backend)?;
        MIGRATOR.run(&pool).await.map_err(|e| StoreError::Backend(Box::new(e)))?;
        audit::seal_unhashed_events(&pool).await?;
        Ok(Self { pool })
    }

    /// The connection pool, for the backend's own tests and maintenance.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}
