//! What only the PostgreSQL backend promises: many stations writing at once on one server get
//! distinct case and waybill numbers and one holder per claimed case, migrations run once, and
//! the database itself refuses to edit history.

use std::collections::HashSet;
use std::sync::Arc;

use onewindow_domain::CaseAction;
use onewindow_store::conformance::{act, at, new_case, setup};
use onewindow_store::{CaseStore, CatalogStore, QueueWakeup};
use onewindow_store_postgres::PgStore;

use crate::fresh_database;

/// The stations of the city-wide tests: as many connections as a district's halls have windows.
const STATIONS: usize = 200;
/// What 200 stations do at once in each test: enough that every station waits on the others.
const AT_ONCE: usize = 4_000;

/// One 200-station test at a time: two at once would pass the cluster's connection limit.
async fn city_hour() -> tokio::sync::SemaphorePermit<'static> {
    static ONE: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);
    ONE.acquire().await.expect("never closed")
}

#[tokio::test]
async fn a_database_is_migrated_once_and_keeps_its_data() {
    let url = fresh_database().await;
    let version = {
        let store = PgStore::open(&url).await.unwrap();
        setup(&store).await
    };
    let reopened = PgStore::open(&url).await.unwrap();
    assert_eq!(reopened.current_catalog_version().await.unwrap(), Some(version));
    let applied: i64 =
        sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations").fetch_one(reopened.pool()).await.unwrap();
    let shipped = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations/postgres")).unwrap().count();
    assert_eq!(applied, shipped as i64);
}

#[tokio::test]
async fn case_events_cannot_be_updated_or_deleted() {
    let store = PgStore::open(&fresh_database().await).await.unwrap();
    let version = setup(&store).await;
    let number = store.create_case(&new_case(version, "𠮷祥云", at())).await.unwrap();
    act(&store, &number, CaseAction::Accept, "clerk", 1).await.unwrap();
    let update = sqlx::query("UPDATE case_events SET reason = 'edited'").execute(store.pool()).await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM case_events").execute(store.pool()).await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(store.case_events(&number).await.unwrap().len(), 2);
}

/// 4,000 intakes at once from 200 stations, each its own connection, at one hall on one day:
/// every number is taken once, in the case's own transaction.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_intakes_get_distinct_case_numbers() {
    let _turn = city_hour().await;
    let url = fresh_database().await;
    let first = PgStore::open(&url).await.unwrap();
    let version = setup(&first).await;
    let mut stations = vec![Arc::new(first)];
    for _ in 1..STATIONS {
        stations.push(Arc::new(PgStore::attach(&url, 1).await.unwrap()));
    }
    let in_flight = Arc::new(tokio::sync::Semaphore::new(STATIONS));
    let mut tasks = Vec::new();
    for i in 0..AT_ONCE {
        let store = stations[i % STATIONS].clone();
        let in_flight = in_flight.clone();
        tasks.push(tokio::spawn(async move {
            let _turn = in_flight.acquire_owned().await.unwrap();
            store.create_case(&new_case(version, "并发", onewindow_store::conformance::at())).await.unwrap()
        }));
    }
    let mut numbers = HashSet::new();
    for t in tasks {
        assert!(numbers.insert(t.await.unwrap()));
    }
    assert_eq!(numbers.len(), AT_ONCE);
    assert!(numbers.contains("4407030002026112704000"));
}

/// The sequence has five digits: the 100,000th case of a hall's day is refused, the number never
/// grows a digit, and the refusal uses nothing up.
#[tokio::test]
async fn a_halls_day_past_99999_cases_is_refused_not_widened() {
    let store = PgStore::open(&fresh_database().await).await.unwrap();
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
/// connection pools (ten stations): each case ends with exactly one holder, the
/// one whose claim the store accepted, and one claim event; every other claim is a conflict.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claims_leave_exactly_one_holder_per_case() {
    use onewindow_domain::{advance, Role, User};
    use onewindow_store::conformance::{case_step, transition_with};
    use onewindow_store::{CaseTransition, HallStore, StoreError};

    let url = fresh_database().await;
    let first = PgStore::open(&url).await.unwrap();
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
        stations.push(Arc::new(PgStore::attach(&url, 2).await.unwrap()));
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

/// 领取下一件 from ten stations at once: 200 asks for 100 free cases take each case exactly once
/// (100 claims, 100 answers that none is left, no conflict, no error); and a case another station
/// is moving right now is passed over, not waited for.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reviewers_taking_their_next_case_at_once_take_different_ones_and_never_wait() {
    use onewindow_domain::advance;
    use onewindow_store::conformance::{case_step, from_draft, transition_with};
    use onewindow_store::{CaseRow, CaseTransition};

    let url = fresh_database().await;
    let first = PgStore::open(&url).await.unwrap();
    let version = setup(&first).await;
    let handed_off = from_draft(&[(CaseAction::Accept, "clerk"), (CaseAction::HandOff, "clerk")]);
    let mut numbers = Vec::new();
    for i in 0..100 {
        numbers
            .push(first.create_case_with(&new_case(version, &format!("申请人{i}"), at()), &handed_off).await.unwrap());
    }
    let claim = |row: &CaseRow| -> onewindow_store::Result<CaseTransition> {
        let change = advance(row.state, &row.progress(), &case_step(CaseAction::Claim, "reviewer", 3))?;
        Ok(transition_with(change, "reviewer", 3))
    };
    // Another station holds the first case's row, moving it: the next case is the second.
    let mut moving = first.pool().begin().await.unwrap();
    sqlx::query("SELECT 1 FROM cases WHERE number = $1 FOR NO KEY UPDATE")
        .bind(&numbers[0])
        .execute(&mut *moving)
        .await
        .unwrap();
    let waited = std::time::Duration::from_secs(60);
    let next = tokio::time::timeout(waited, first.claim_next("PJQSCJGJ", &claim)).await;
    assert_eq!(next.expect("passed over, not waited for").unwrap(), Some(numbers[1].clone()));
    moving.rollback().await.unwrap();

    let mut stations = vec![Arc::new(first)];
    for _ in 1..10 {
        stations.push(Arc::new(PgStore::attach(&url, 2).await.unwrap()));
    }
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let store = stations[i % 10].clone();
            tokio::spawn(async move {
                let claim = |row: &CaseRow| -> onewindow_store::Result<CaseTransition> {
                    let change = advance(row.state, &row.progress(), &case_step(CaseAction::Claim, "reviewer", 3))?;
                    Ok(transition_with(change, "reviewer", 3))
                };
                store.claim_next("PJQSCJGJ", &claim).await
            })
        })
        .collect();
    let mut taken = vec![numbers[1].clone()];
    let mut none_left = 0;
    for t in tasks {
        match t.await.unwrap().unwrap() {
            Some(number) => taken.push(number),
            None => none_left += 1,
        }
    }
    assert_eq!((taken.len(), none_left), (100, 101));
    let distinct: HashSet<&String> = taken.iter().collect();
    assert_eq!(distinct.len(), 100, "no case taken twice");
    for number in &numbers {
        let claims = stations[0].case_events(number).await.unwrap();
        assert_eq!(claims.iter().filter(|e| e.action == Some(CaseAction::Claim)).count(), 1, "{number}");
    }
}

/// 4,000 shipments packed at once from 200 stations, each its own connection: every one gets
/// its own waybill number, none twice, and the range counts them all.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_shipments_never_take_a_waybill_twice() {
    let _turn = city_hour().await;
    use onewindow_domain::courier::{expand_range, ShipmentKind, WaybillFormat};
    use onewindow_store::{CourierStore, Destination, NewShipment, NewWaybillRange};

    let url = fresh_database().await;
    let first = PgStore::open(&url).await.unwrap();
    let version = setup(&first).await;
    let at = onewindow_store::conformance::at();
    let number = first.create_case(&new_case(version, "并发", at)).await.unwrap();
    let numbers = expand_range(WaybillFormat::S10, "EA000000014CN", "EA000101004CN").unwrap();
    assert!(numbers.len() > AT_ONCE);
    let range = NewWaybillRange {
        carrier: "EMS".into(),
        product: "国际".into(),
        format: WaybillFormat::S10,
        numbers,
        username: "clerk".into(),
        at,
    };
    first.import_waybill_range(&range).await.unwrap();
    let mut stations = vec![Arc::new(first)];
    for _ in 1..STATIONS {
        stations.push(Arc::new(PgStore::attach(&url, 1).await.unwrap()));
    }
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
    // Many at once, but not all of them queued on the pools together: a wait for a connection must
    // not outlast the pool's timeout on a busy CI machine.
    let in_flight = Arc::new(tokio::sync::Semaphore::new(STATIONS));
    let mut tasks = Vec::new();
    for i in 0..AT_ONCE {
        let store = stations[i % STATIONS].clone();
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
    assert_eq!(taken.len(), AT_ONCE);
    let ranges = stations[0].waybill_ranges().await.unwrap();
    assert_eq!(ranges[0].used, AT_ONCE as i64);
}

/// Waits for the next wake-up the test expects; any other is skipped (an intake and its hand-off
/// are two transactions, so two wake-ups).
async fn woken(wakeups: &mut tokio::sync::mpsc::Receiver<QueueWakeup>, expected: &QueueWakeup) {
    let wait = async {
        while let Some(wakeup) = wakeups.recv().await {
            if &wakeup == expected {
                return;
            }
        }
        panic!("the wake-ups ended");
    };
    tokio::time::timeout(std::time::Duration::from_secs(20), wait).await.unwrap_or_else(|_| panic!("no {expected:?}"));
}

/// A change at one station wakes another station's queue with the case's department; a listener
/// whose connection the server cut says that it may have missed some, and listens again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_at_one_station_wakes_the_others_and_a_cut_connection_asks_for_a_re_read() {
    let url = fresh_database().await;
    let listening = PgStore::open(&url).await.unwrap();
    let version = setup(&listening).await;
    let mut wakeups = listening.queue_wakeups().await.unwrap().expect("the city database wakes its stations");
    let other = PgStore::attach(&url, 2).await.unwrap();
    let number = other.create_case(&new_case(version, "陈小明", at())).await.unwrap();
    let department = other.case(&number).await.unwrap().unwrap().department.code;
    act(&other, &number, CaseAction::Accept, "clerk", 1).await.unwrap();
    woken(&mut wakeups, &QueueWakeup::Department(department.clone())).await;

    let cut: i64 = sqlx::query_scalar(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .fetch_one(other.pool())
    .await
    .unwrap();
    assert_eq!(cut, 1, "the listener's connection");
    woken(&mut wakeups, &QueueWakeup::Missed).await;
    act(&other, &number, CaseAction::HandOff, "clerk", 2).await.unwrap();
    woken(&mut wakeups, &QueueWakeup::Department(department)).await;
}
