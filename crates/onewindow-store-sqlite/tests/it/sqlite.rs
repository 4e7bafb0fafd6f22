//! What only the SQLite backend promises: the file survives reopening, events cannot be edited,
//! and concurrent writers get distinct case numbers.

use std::collections::HashSet;
use std::sync::Arc;

use onewindow_domain::CaseAction;
use onewindow_store::conformance::{act, new_case, setup};
use onewindow_store::{CaseStore, CatalogStore, HallStore, StoreError};
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
    // 64 in flight at a time: every station's pool stays busy, and no intake waits out the pool's
    // acquire timeout behind ten thousand others on a loaded machine (which is not what is tested).
    let in_flight = Arc::new(tokio::sync::Semaphore::new(64));
    let mut tasks = Vec::new();
    for i in 0..10_000 {
        let store = stations[i % 4].clone();
        let in_flight = in_flight.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = in_flight.acquire().await.unwrap();
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

/// 1,000 claims at once of 100 cases waiting in the queue, by ten reviewers through ten separate
/// connection pools on the same file (ten stations): each case ends with exactly one holder, the
/// one whose claim the store accepted, and one claim event; every other claim is a conflict.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claims_leave_exactly_one_holder_per_case() {
    use onewindow_domain::{advance, Role, User};
    use onewindow_store::conformance::{case_step, transition_with};
    use onewindow_store::{CaseTransition, HallStore, StoreError};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("onewindow.db");
    let first = SqliteStore::open(&path).await.unwrap();
    let version = setup(&first).await;
    let reviewers: Vec<String> = (0..10).map(|i| format!("reviewer{i}")).collect();
    for name in &reviewers {
        let user = User {
            username: name.clone(),
            display_name: format!("审批员{name}"),
            role: Role::Reviewer,
            hall_code: None,
            window: None,
            department_code: Some("PJQSCJGJ".into()),
        };
        first.save_user(&user, "hash").await.unwrap();
    }
    let mut numbers = Vec::new();
    for i in 0..100 {
        let n = first
            .create_case(&new_case(version, &format!("申请人{i}"), onewindow_store::conformance::at()))
            .await
            .unwrap();
        act(&first, &n, CaseAction::Accept, "clerk", 1).await.unwrap();
        act(&first, &n, CaseAction::HandOff, "clerk", 2).await.unwrap();
        numbers.push(n);
    }
    let mut stations = vec![Arc::new(first)];
    for _ in 1..10 {
        stations.push(Arc::new(SqliteStore::open(&path).await.unwrap()));
    }
    let mut tasks = Vec::new();
    for (i, number) in numbers.iter().enumerate() {
        for (j, reviewer) in reviewers.iter().enumerate() {
            let store = stations[(i + j) % 10].clone();
            let (number, reviewer) = (number.clone(), reviewer.clone());
            tasks.push(tokio::spawn(async move {
                // As the application claims: read the case, let the domain compute the move.
                let row = store.case(&number).await.unwrap().unwrap();
                let change = match advance(row.state, &row.progress(), &case_step(CaseAction::Claim, &reviewer, 3)) {
                    Ok(change) => change,
                    Err(_) => return (number, reviewer, false),
                };
                let held_by = row.claimed_by_username.clone();
                let claim = CaseTransition { held_by, ..transition_with(change, &reviewer, 3) };
                match store.apply_action(&number, &claim).await {
                    Ok(_) => (number, reviewer, true),
                    Err(StoreError::Conflict(_) | StoreError::IllegalTransition(_)) => (number, reviewer, false),
                    Err(e) => panic!("{number} {reviewer}: {e}"),
                }
            }));
        }
    }
    assert_eq!(tasks.len(), 1000);
    let mut winners: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for t in tasks {
        let (number, reviewer, won) = t.await.unwrap();
        if won {
            winners.entry(number).or_default().push(reviewer);
        }
    }
    for number in &numbers {
        let won = winners.get(number).map(Vec::as_slice).unwrap_or_default();
        assert_eq!(won.len(), 1, "{number}: {won:?}");
        let row = stations[0].case(number).await.unwrap().unwrap();
        assert_eq!(row.claimed_by_username.as_deref(), Some(won[0].as_str()));
        let claims = stations[0].case_events(number).await.unwrap();
        assert_eq!(claims.iter().filter(|e| e.action == Some(CaseAction::Claim)).count(), 1, "{number}");
    }
}

/// 10,000 shipments packed at once from four stations (connection pools) on one file: every one
/// gets its own waybill number, none twice, and the range counts them all.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_shipments_never_take_a_waybill_twice() {
    use onewindow_domain::courier::{expand_range, ShipmentKind, WaybillFormat};
    use onewindow_store::{CourierStore, Destination, NewShipment, NewWaybillRange};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("onewindow.db");
    let first = SqliteStore::open(&path).await.unwrap();
    let version = setup(&first).await;
    let at = onewindow_store::conformance::at();
    let number = first.create_case(&new_case(version, "并发", at)).await.unwrap();
    let numbers = expand_range(WaybillFormat::S10, "EA000000014CN", "EA000101004CN").unwrap();
    assert!(numbers.len() > 10_000);
    let range = NewWaybillRange {
        carrier: "EMS".into(),
        product: "国际".into(),
        format: WaybillFormat::S10,
        numbers,
        username: "clerk".into(),
        at,
    };
    first.import_waybill_range(&range).await.unwrap();
    let stations = [
        Arc::new(first),
        Arc::new(SqliteStore::open(&path).await.unwrap()),
        Arc::new(SqliteStore::open(&path).await.unwrap()),
        Arc::new(SqliteStore::open(&path).await.unwrap()),
    ];
    let shipment = NewShipment {
        kind: ShipmentKind::MaterialTransfer,
        from_hall_code: "440703000".into(),
        to: Destination::Department("PJQSCJGJ".into()),
        receiver_name: "收件部门".into(),
        receiver_phone: None,
        carrier: "EMS".into(),
        product: "国际".into(),
        cases: vec![(number, vec!["M01".into()])],
        split_reason: Some("并发测试".into()),
        username: "clerk".into(),
        at,
    };
    // Many at once, but not all 10,000 queued on the pools together: a wait for a connection must
    // not outlast the pool's timeout on a busy CI machine.
    let in_flight = Arc::new(tokio::sync::Semaphore::new(64));
    let mut tasks = Vec::new();
    for i in 0..10_000 {
        let store = stations[i % 4].clone();
        let shipment = shipment.clone();
        let in_flight = in_flight.clone();
        tasks.push(tokio::spawn(async move {
            let _turn = in_flight.acquire_owned().await.unwrap();
            store.create_shipment(&shipment).await.unwrap().waybill
        }));
    }
    let mut taken = HashSet::new();
    for t in tasks {
        let waybill = t.await.unwrap();
        onewindow_domain::courier::validate_waybill(WaybillFormat::S10, &waybill).unwrap();
        assert!(taken.insert(waybill), "a waybill twice");
    }
    assert_eq!(taken.len(), 10_000);
    let ranges = stations[0].waybill_ranges().await.unwrap();
    assert_eq!(ranges[0].used, 10_000);
}

/// Every file SQLite keeps for a database (the file, its WAL and shared-memory index), read.
fn files_of(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let dir = path.parent().unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with(name))
        // A WAL or index a closing connection removes between the listing and the read is gone.
        .filter_map(|p| match std::fs::read(&p) {
            Ok(bytes) => Some((p.display().to_string(), bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => panic!("{}: {e}", p.display()),
        })
        .collect();
    files.sort();
    files
}

/// The database's content as stored: the file and its WAL (the shared-memory index is only a
/// cache of the WAL's, rewritten by any connection), by name and a hash. An empty WAL holds
/// nothing: whether a closing connection has removed it yet does not count.
fn stored(path: &std::path::Path) -> Vec<(String, usize, u64)> {
    use std::hash::{Hash, Hasher};
    files_of(path)
        .into_iter()
        .filter(|(name, _)| !name.ends_with("-shm"))
        .filter(|(name, bytes)| !(name.ends_with("-wal") && bytes.is_empty()))
        .map(|(name, bytes)| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            (name, bytes.len(), h.finish())
        })
        .collect()
}

/// Everything written moved from the WAL into the file, then the pool closed.
async fn checkpoint_and_close(store: SqliteStore) {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(store.pool()).await.unwrap();
    store.pool().close().await;
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn assert_no_plaintext(path: &std::path::Path, plain: &[&str]) {
    let files = files_of(path);
    assert!(!files.is_empty());
    for (file, bytes) in &files {
        for plain in plain {
            assert!(!contains(bytes, plain), "{file} holds “{plain}” in the clear");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_encrypted_file_holds_no_plaintext_and_opens_with_its_key_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.db");
    let key = [7u8; 32];
    let store = SqliteStore::open_encrypted(&path, &key).await.unwrap();
    let version = setup(&store).await;
    let number =
        store.create_case(&new_case(version, "加密测试申请人", onewindow_store::conformance::at())).await.unwrap();
    let plain =
        ["SQLite format 3", "江门市蓬江区政务服务中心", "加密测试申请人", number.as_str(), "11010519491231002X"];
    // While open, with what was written still in the WAL; and once all of it is in the file.
    assert_no_plaintext(&path, &plain);
    checkpoint_and_close(store).await;
    assert_no_plaintext(&path, &plain);

    // The same key reads it back.
    let store = SqliteStore::open_encrypted(&path, &key).await.unwrap();
    assert_eq!(store.current_catalog_version().await.unwrap(), Some(version));
    assert_eq!(store.case(&number).await.unwrap().unwrap().applicant_name, "加密测试申请人");
    assert_eq!(store.hall("440703000").await.unwrap().unwrap().name, "江门市蓬江区政务服务中心");
    checkpoint_and_close(store).await;

    // A wrong key and no key are refused, and the file is left as it was.
    let before = stored(&path);
    let mut wrong = key;
    wrong[31] ^= 1;
    match SqliteStore::open_encrypted(&path, &wrong).await {
        Err(StoreError::Corrupt(message)) => {
            assert_eq!(message, "本地待同步库无法用本站密钥打开（密钥不符或文件已损坏）")
        }
        Err(other) => panic!("a wrong key: {other:?}"),
        Ok(_) => panic!("a wrong key opened the file"),
    }
    match SqliteStore::open(&path).await {
        Err(StoreError::Corrupt(message)) => assert_eq!(message, "数据库文件无法打开（文件已加密或已损坏）"),
        Err(other) => panic!("no key: {other:?}"),
        Ok(_) => panic!("the encrypted file opened without its key"),
    }
    assert_eq!(stored(&path), before, "a refused open changed the file");
    // And it still opens with its key.
    let store = SqliteStore::open_encrypted(&path, &key).await.unwrap();
    assert_eq!(store.case(&number).await.unwrap().unwrap().applicant_name, "加密测试申请人");
}

#[tokio::test]
async fn a_plain_file_is_plain_sqlite_and_a_key_does_not_open_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("onewindow.db");
    let store = SqliteStore::open(&path).await.unwrap();
    setup(&store).await;
    checkpoint_and_close(store).await;
    // What a hall keeps is an ordinary SQLite file, readable by any SQLite.
    let file = std::fs::read(&path).unwrap();
    assert!(file.starts_with(b"SQLite format 3\0"));
    assert!(contains(&file, "江门市蓬江区政务服务中心"));
    let before = stored(&path);
    match SqliteStore::open_encrypted(&path, &[1u8; 32]).await {
        Err(StoreError::Corrupt(message)) => {
            assert_eq!(message, "本地待同步库无法用本站密钥打开（密钥不符或文件已损坏）")
        }
        Err(other) => panic!("{other:?}"),
        Ok(_) => panic!("a key opened a plain file"),
    }
    assert_eq!(stored(&path), before);
    let reopened = SqliteStore::open(&path).await.unwrap();
    assert_eq!(reopened.hall("440703000").await.unwrap().unwrap().name, "江门市蓬江区政务服务中心");
}

/// An outbox (a file holding the city's catalog) numbers its cases from the blocks the city leased
/// to the station only: from the first block, on to the next past a gap, and refuses an intake
/// when none is left, writing nothing. A hall's own file numbers freely, as before.
#[tokio::test]
async fn an_outbox_numbers_its_cases_from_the_leased_blocks_only() {
    let hall = SqliteStore::in_memory().await.unwrap();
    let version = setup(&hall).await;
    let case = new_case(version, "申请人", onewindow_store::conformance::at());
    let day = case.local_day;
    assert!(hall.create_case(&case).await.unwrap().ends_with("00001"), "a hall's file numbers from 1");

    let outbox = SqliteStore::in_memory().await.unwrap();
    let version = setup(&outbox).await;
    let case = new_case(version, "申请人", onewindow_store::conformance::at());
    outbox.record_outbox_catalog(version, 7).await.unwrap();
    assert_eq!(outbox.city_catalog(version).await.unwrap(), Some(7));
    assert_eq!(outbox.outbox_catalog(7).await.unwrap(), Some(version));
    assert!(matches!(outbox.create_case(&case).await, Err(StoreError::NoLeasedNumbers)), "no lease, no number");
    outbox.record_lease("440703000", day, 41, 42, onewindow_store::conformance::at()).await.unwrap();
    outbox.record_lease("440703000", day, 90, 90, onewindow_store::conformance::at()).await.unwrap();
    assert_eq!(outbox.leased_numbers_left("440703000", day).await.unwrap(), 3);
    let mut numbers = Vec::new();
    for _ in 0..3 {
        numbers.push(outbox.create_case(&case).await.unwrap());
    }
    let sequences: Vec<&str> = numbers.iter().map(|n| &n[n.len() - 5..]).collect();
    assert_eq!(sequences, ["00041", "00042", "00090"]);
    assert_eq!(outbox.leased_numbers_left("440703000", day).await.unwrap(), 0);
    let refused = outbox.create_case(&case).await;
    assert!(matches!(refused, Err(StoreError::NoLeasedNumbers)), "{refused:?}");
    let cases: i64 = sqlx::query_scalar("SELECT count(*) FROM cases").fetch_one(outbox.pool()).await.unwrap();
    assert_eq!(cases, 3, "the refused intake wrote nothing");
    // Every case the outbox holds waits to be handed in, in number order, with no key before its first try.
    let pending = outbox.pending_hand_ins().await.unwrap();
    assert_eq!(pending.iter().map(|p| p.case_number.clone()).collect::<Vec<_>>(), numbers);
    assert!(pending.iter().all(|p| p.intake_key.is_none() && p.conflict.is_none()));
    let key = outbox.hand_in_key(&numbers[0], "k-first", onewindow_store::conformance::at()).await.unwrap();
    let again = outbox.hand_in_key(&numbers[0], "k-second", onewindow_store::conformance::at()).await.unwrap();
    assert_eq!((key.as_str(), again.as_str()), ("k-first", "k-first"), "a retry keeps the first key");
    outbox.record_hand_in(&numbers[0], Some("受理人账号已停用"), onewindow_store::conformance::at()).await.unwrap();
    assert_eq!(outbox.pending_hand_ins().await.unwrap()[0].conflict.as_deref(), Some("受理人账号已停用"));
    outbox.record_hand_in(&numbers[0], None, onewindow_store::conformance::at()).await.unwrap();
    assert_eq!(outbox.pending_hand_ins().await.unwrap().len(), 2);
}
