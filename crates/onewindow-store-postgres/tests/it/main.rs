//! The store conformance suite and the PostgreSQL-only guarantees, against a real server (see
//! `onewindow_store_postgres::testing`). Every test gets a database of its own, migrated from
//! empty.

use onewindow_store::conformance as suite;
use onewindow_store::Store;
pub use onewindow_store_postgres::testing::fresh_database;
use onewindow_store_postgres::PgStore;

mod postgres;
mod rls;

pub async fn fresh_store() -> PgStore {
    PgStore::open(&fresh_database().await).await.expect("migrated database")
}

macro_rules! conformance {
    ($($name:ident),+ $(,)?) => {
        mod conformance {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let store = fresh_store().await;
                    suite::run(stringify!($name), &store as &dyn Store).await;
                }
            )+
        }
    };
}

onewindow_store::conformance_suite!(conformance);
