//! The store conformance suite and the SQLite-only guarantees, against real SQLite databases.

use onewindow_store::conformance as suite;
use onewindow_store::Store;
use onewindow_store_sqlite::SqliteStore;

mod sqlite;

async fn fresh() -> SqliteStore {
    SqliteStore::in_memory().await.expect("in-memory database")
}

macro_rules! conformance {
    ($($name:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                let store = fresh().await;
                suite::$name(&store as &dyn Store).await;
            }
        )+
    };
}

conformance!(
    halls_and_users_round_trip,
    catalog_versions_round_trip,
    a_failed_import_stores_nothing,
    case_numbers_are_per_hall_and_day,
    a_bundle_intake_is_one_transaction,
    actions_append_events_and_illegal_ones_change_nothing,
    queues_and_counts,
    print_jobs_are_logged_per_case,
    scans_are_recorded_once_and_assigned_in_order,
);
