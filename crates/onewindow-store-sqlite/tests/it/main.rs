//! The store conformance suite and the SQLite-only guarantees, against real SQLite databases.

use onewindow_store::conformance as suite;
use onewindow_store::Store;
use onewindow_store_sqlite::SqliteStore;

mod sqlite;

/// The suite twice: on the single-connection in-memory database the unit tests use, and on a
/// file with WAL, the production pool and busy timeout, as a station runs it.
macro_rules! conformance {
    ($($name:ident),+ $(,)?) => {
        mod in_memory {
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let store = SqliteStore::in_memory().await.expect("in-memory database");
                    suite::run(stringify!($name), &store as &dyn Store).await;
                }
            )+
        }

        mod file_backed {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let dir = tempfile::tempdir().expect("temp dir");
                    let store = SqliteStore::open(&dir.path().join("onewindow.db")).await.expect("file database");
                    suite::run(stringify!($name), &store as &dyn Store).await;
                }
            )+
        }
    };
}

onewindow_store::conformance_suite!(conformance);
