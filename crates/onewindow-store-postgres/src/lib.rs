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
mod import;
mod label_runs;
mod lookups;
mod printing;
mod queue;
mod scans;
mod stations;
#[cfg(feature = "testing")]
pub mod testing;

use std::str::FromStr;

use onewindow_domain::CaseState;
use onewindow_store::{Result, StoreError};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::Connection;
use sqlx::PgPool;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

pub use stations::NumberLease;

pub struct PgStore {
    pool: PgPool,
}

pub(crate) fn backend(e: sqlx::Error) -> StoreError {
    match &e {
        // The server is not there, went away, or is shutting down (SQLSTATE class 08, 57P01–57P03).
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
            StoreError::Unreachable(e.to_string())
        }
        sqlx::Error::Database(d)
            if d.code().is_some_and(|c| c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03")) =>
        {
            StoreError::Unreachable(e.to_string())
        }
        _ => StoreError::Backend(Box::new(e)),
    }
}

/// The user-management functions' refusals, as what they are.
pub(crate) fn refused(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.code().as_deref() == Some("P0002") => StoreError::NotFound(d.message().into()),
        sqlx::Error::Database(d) if matches!(d.code().as_deref(), Some("42501" | "22023")) => {
            StoreError::InvalidReference(d.message().into())
        }
        _ => backend(e),
    }
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

/// The connection options of `url`. Case queries join nine tables (`select_cases!`), past the
/// planner's default limit of eight, beyond which it keeps the joins in the order written and
/// joins every case before the queue's page of fifty is chosen (seconds at a million cases).
/// No JIT: under the row-level security policies the planner prices a read of a department's
/// cases by the policies' sub-plans per row of the table, millions once the city holds a million
/// cases, past JIT's thresholds, and compiling the query then takes 250–400 ms where running it
/// takes 1–2 ms (the queue's counts, a reviewer signed in as themselves). Every query of a
/// station is that short.
fn options(url: &str) -> Result<PgConnectOptions> {
    Ok(PgConnectOptions::from_str(url).map_err(backend)?.options([
        ("join_collapse_limit", "12"),
        ("from_collapse_limit", "12"),
        ("jit", "off"),
    ]))
}

/// A pool of at most `connections`. sqlx asks the server whether a connection is alive each time
/// it hands one out, a round trip before every statement a station sends, one more than the
/// statement itself on the department queue's two reads. A connection used in the last
/// [`RECENTLY_USED`] is handed out as it is (if the server went away meanwhile, the statement
/// fails as it would have on a dead line, and the next one gets a new connection); one idle longer
/// is asked first, so a connection the server or a firewall dropped overnight is replaced without
/// a failed statement.
fn pool(connections: u32) -> PgPoolOptions {
    PgPoolOptions::new().max_connections(connections).test_before_acquire(false).before_acquire(|conn, meta| {
        Box::pin(async move {
            if meta.idle_for >= RECENTLY_USED {
                conn.ping().await?;
            }
            Ok(true)
        })
    })
}

const RECENTLY_USED: std::time::Duration = std::time::Duration::from_secs(10);

impl PgStore {
    /// Connects to the database at `url` as its owner and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self> {
        let store = Self::attach(url, 8).await?;
        MIGRATOR.run(&store.pool).await.map_err(|e| StoreError::Backend(Box::new(e)))?;
        Ok(store)
    }

    /// Connects to a database whose schema is already up to date, with at most `connections`.
    pub async fn attach(url: &str, connections: u32) -> Result<Self> {
        let options = options(url)?;
        let pool = pool(connections).connect_with(options).await.map_err(backend)?;
        Ok(Self { pool })
    }

    /// Signs in to the city database as `username`'s own login role, so that row-level security
    /// decides what the session sees (migration 0002). None: the server refused the password (a
    /// wrong one, or a sign-in that does not exist or is disabled; it does not say which).
    pub async fn sign_in(url: &str, username: &str, password: &str, connections: u32) -> Result<Option<Self>> {
        let options = options(url)?.username(username).password(password);
        // A station whose line is down hears so in seconds, not the pool's default half minute.
        let pool = pool(connections).acquire_timeout(std::time::Duration::from_secs(5));
        match pool.connect_with(options).await {
            Ok(pool) => Ok(Some(Self { pool })),
            Err(sqlx::Error::Database(e)) if matches!(e.code().as_deref(), Some("28P01" | "28000")) => Ok(None),
            Err(e) => Err(backend(e)),
        }
    }

    /// Gives `username` (a user of the users table) a login role with `password`, or resets it;
    /// as an admin or the owner, through the one function that may (migration 0002).
    pub async fn set_login(&self, username: &str, password: &str) -> Result<()> {
        sqlx::query!("SELECT onewindow_set_login($1, $2)", username, password)
            .execute(&self.pool)
            .await
            .map_err(refused)?;
        Ok(())
    }

    /// Disables `username`'s sign-in and marks the user inactive.
    pub async fn disable_login(&self, username: &str) -> Result<()> {
        sqlx::query!("SELECT onewindow_disable_login($1)", username).execute(&self.pool).await.map_err(refused)?;
        Ok(())
    }

    /// The connection pool, for the backend's own tests and maintenance.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}
