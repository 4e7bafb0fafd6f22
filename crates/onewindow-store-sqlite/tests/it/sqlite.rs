//! What only the SQLite backend promises: the file survives reopening, events cannot be edited,
//! and concurrent writers get distinct case numbers.

use std::collections::HashSet;
use std::sync::Arc;

use onewindow_domain::CaseAction;
use onewindow_store::conformance::{act, new_case, setup};
use onewindow_store::{CaseStore, CatalogStore};
use onewindow_store_sqlite::SqliteStore;

#[tokio::test]
async fn a_file_database_is_migrated_once_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("onewindow.db");
    let version = {
        let store = SqliteStore::open(&path).await.unwrap();
        setup(&store).await
    };
    let reopened = SqliteStore::open(&path).await.unwrap();
    assert_eq!(reopened.current_catalog_version().await.unwrap(), Some(version));
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(reopened.pool()).await.unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(reopened.pool()).await.unwrap();
    assert_eq!(fk, 1);
}

#[tokio::test]
async fn case_events_cannot_be_updated_or_deleted() {
    let store = SqliteStore::in_memory().await.unwrap();
    let version = setup(&store).await;
    let number = store.create_case(&new_case(version, "𠮷祥云", onewindow_store::conformance::at())).await.unwrap();
    act(&store, &number, CaseAction::Accept, "clerk", 1).await.unwrap();
    let update = sqlx::query("UPDATE case_events SET reason = 'edited'").execute(store.pool()).await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM case_events").execute(store.pool()).await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(store.case_events(&number).await.unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_intakes_get_distinct_case_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("onewindow.db");
    let first = SqliteStore::open(&path).await.unwrap();
    let version = setup(&first).await;
    // Four "stations": independent connection pools on the same file, 10,000 intakes at once.
    let stations = [
        Arc::new(first),
        Arc::new(SqliteStore::open(&path).await.unwrap()),
        Arc::new(SqliteStore::open(&path).await.unwrap()),
        Arc::new(SqliteStore::open(&path).await.unwrap()),
    ];
    let mut tasks = Vec::new();
    for i in 0..10_000 {
        let store = stations[i % 4].clone();
        tasks.push(tokio::spawn(async move {
            store.create_case(&new_case(version, "并发", onewindow_store::conformance::at())).await.unwrap()
        }));
    }
    let mut numbers = HashSet::new();
    for t in tasks {
        assert!(numbers.insert(t.await.unwrap()));
    }
    assert_eq!(numbers.len(), 10_000);
    assert!(numbers.contains("4407030002026112710000"));
}

/// The sequence has five digits: the 100,000th case of a hall's day is refused with a clear
/// error, the number never grows a digit, and the refusal uses nothing up.
#[tokio::test]
async fn a_halls_day_past_99999_cases_is_refused_not_widened() {
    let store = SqliteStore::in_memory().await.unwrap();
    let version = setup(&store).await;
    let at = onewindow_store::conformance::at();
    assert_eq!(store.create_case(&new_case(version, "陈", at)).await.unwrap(), "4407030002026112700001");
    sqlx::query("UPDATE case_number_sequences SET last = 99998").execute(store.pool()).await.unwrap();
    assert_eq!(store.create_case(&new_case(version, "陈", at)).await.unwrap(), "4407030002026112799999");
    let refused = store.create_case(&new_case(version, "陈", at)).await;
    assert!(matches!(refused, Err(onewindow_store::StoreError::CaseNumbersExhausted(_))), "{refused:?}");
    assert_eq!(store.case_count().await.unwrap(), 2);
    let last: i64 = sqlx::query_scalar("SELECT last FROM case_number_sequences").fetch_one(store.pool()).await.unwrap();
    assert_eq!(last, 99_999);
}
