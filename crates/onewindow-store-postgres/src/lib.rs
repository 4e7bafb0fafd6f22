//! The city-wide PostgreSQL backend: every station of every hall on one server. The same tables
//! as SQLite's with native types, migrations from `migrations/postgres/` embedded and run by
//! [`PgStore::open`]. Queries are checked at compile time against that schema (offline data in
//! `.sqlx/`, rewritten by `prepare-offline.sh`).
//!
//! Many stations write at once here, unlike on a hall's SQLite file: a read that decides a write
//! locks its rows (`FOR UPDATE`), counters are taken by one upsert, free numbers by
//! `FOR UPDATE SKIP LOCKED`, and conditional updates check what they change.

mod audit;
mod cases;
mod catalog;
mod courier;
mod drafts;
mod followups;
mod halls;
mod label_runs;
mod lookups;
mod printing;
mod queue;
mod scans;
#[cfg(feature = "testing")]
pub mod testing;

use std::str::FromStr;

use onewindow_domain::CaseState;
use onewindow_store::{Result, StoreError};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

pub struct PgStore {
    pool: PgPool,
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

/// The states' names, the one way a list of states crosses into a checked query (`= ANY($n)`).
pub(crate) fn states(states: impl IntoIterator<Item = CaseState>) -> Vec<String> {
    states.into_iter().map(|s| s.as_str().to_string()).collect()
}

pub(crate) fn open_states() -> Vec<String> {
    states(CaseState::ALL.into_iter().filter(|s| s.is_open()))
}

impl PgStore {
    /// Connects to the database at `url` as its owner and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self> {
        let store = Self::attach(url, 8).await?;
        MIGRATOR.run(&store.pool).await.map_err(|e| StoreError::Backend(Box::new(e)))?;
        Ok(store)
    }

    /// Connects to a database whose schema is already up to date, with at most `connections`.
    pub async fn attach(url: &str, connections: u32) -> Result<Self> {
        let options = PgConnectOptions::from_str(url).map_err(backend)?;
        let pool = PgPoolOptions::new().max_connections(connections).connect_with(options).await.map_err(backend)?;
        Ok(Self { pool })
    }

    /// The connection pool, for the backend's own tests and maintenance.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}
