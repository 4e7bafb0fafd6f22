//! `db copy`: a hall's SQLite history moved into a city database on a real PostgreSQL, read back
//! through the `Store` trait, verified there, copied again to no effect, and a case changed in the
//! city meanwhile reported and left alone.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use onewindow_app::views::ReviewRequest;
use onewindow_app::{App, ErrorCode, FixedClock};
use onewindow_domain::CaseState;
use onewindow_station::copy::copy_to_city;
use onewindow_store::{CaseStore, NewPrintJob, NewScan, PrintStore, ScanStore};
use onewindow_store_postgres::testing::fresh_database;
use onewindow_store_postgres::PgStore;
use onewindow_store_sqlite::SqliteStore;

fn hall_day() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 7, 0, 0).unwrap()
}

/// A hall's file with the demo, plus a scan and two print jobs on one case in the back office.
/// Returns that case's number.
async fn hall_file(path: &Path) -> String {
    let store = Arc::new(SqliteStore::open(path).await.unwrap());
    let app = App::new(store.clone(), Arc::new(FixedClock(hall_day())));
    assert!(app.seed_demo().await.unwrap().seeded);
    let number = store.cases_in_state(CaseState::HandedOff).await.unwrap()[0].number.clone();
    let material = store.case_materials(&number).await.unwrap()[0].material_code.clone();
    let sha256 = "ab".repeat(32);
    store
        .record_scan(&NewScan {
            sha256: sha256.clone(),
            media_type: "image/png".into(),
            pages: 1,
            bytes: 2048,
            original_name: "scan-0001.png".into(),
            source_key: "/inbox/scan-0001.png|2048|1".into(),
            at: hall_day(),
        })
        .await
        .unwrap();
    store.assign_scan(&number, &material, &sha256, 90).await.unwrap();
    for reprint in [false, true] {
        store
            .record_print_job(&NewPrintJob {
                case_number: Some(number.clone()),
                document_kind: "receipt".into(),
                profile: "a4-laser".into(),
                queue: "hall-a4".into(),
                cups_job: Some("hall-a4-17".into()),
                state: "done".into(),
                error: None,
                reprint,
                username: "clerk".into(),
                at: hall_day(),
                waybill: None,
            })
            .await
            .unwrap();
    }
    number
}

/// A city database with the demo's halls, departments, windows, staff and catalog, and cases of
/// its own seeded half a year before the hall's: none of them shares a number with the hall's.
async fn city() -> String {
    let url = fresh_database().await;
    let owner = Arc::new(PgStore::open(&url).await.unwrap());
    let earlier = Utc.with_ymd_and_hms(2026, 5, 27, 7, 0, 0).unwrap();
    let app = App::new(owner, Arc::new(FixedClock(earlier)));
    assert!(app.seed_demo_with(false).await.unwrap().seeded);
    url
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_halls_history_moves_into_the_city_once_and_verifies_there() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("onewindow.db");
    let with_scan = hall_file(&file).await;
    let url = city().await;
    let hall = SqliteStore::open(&file).await.unwrap();
    let city = PgStore::open(&url).await.unwrap();
    let city_cases_before = city.case_count().await.unwrap() as u64;
    let hall_cases = hall.case_count().await.unwrap() as u64;

    let first = copy_to_city(&file, &url).await.unwrap();
    assert!(first.clean(), "{:?}", first.conflicts);
    assert_eq!((first.cases.copied, first.cases.present, first.cases.conflicts), (hall_cases, 0, 0));
    assert_eq!(first.verified.cases, hall_cases);
    assert!(first.events.copied > hall_cases * 2, "{:?}", first.events);
    assert_eq!((first.scans.copied, first.print_jobs.copied), (1, 2));
    assert_eq!(city.case_count().await.unwrap() as u64, city_cases_before + hall_cases);

    // Every case reads back the same through the Store trait (the catalog version is the city's
    // own number for the same item).
    let chains = hall.case_chains(None, 10_000).await.unwrap();
    assert_eq!(chains.len() as u64, hall_cases);
    for chain in &chains {
        let number = chain.number.as_str();
        let mut theirs = city.case(number).await.unwrap().expect("copied");
        let ours = hall.case(number).await.unwrap().unwrap();
        theirs.catalog_version = ours.catalog_version;
        assert_eq!(theirs, ours, "{number}");
        assert_eq!(city.case_events(number).await.unwrap(), hall.case_events(number).await.unwrap(), "{number}");
        assert_eq!(city.case_materials(number).await.unwrap(), hall.case_materials(number).await.unwrap());
        assert_eq!(city.case_findings(number).await.unwrap(), hall.case_findings(number).await.unwrap());
        assert_eq!(city.case_chain(number).await.unwrap().as_ref(), Some(chain));
    }
    let scans = |rows: Vec<onewindow_store::CaseScanRow>| {
        rows.into_iter()
            .map(|r| (r.material_code, r.position, r.rotation, r.scan.sha256, r.scan.received_at))
            .collect::<Vec<_>>()
    };
    assert_eq!(scans(city.case_scans(&with_scan).await.unwrap()), scans(hall.case_scans(&with_scan).await.unwrap()));
    let jobs = |rows: Vec<onewindow_store::PrintJobRow>| {
        rows.into_iter().map(|j| (j.document_kind, j.queue, j.reprint, j.username, j.created_at)).collect::<Vec<_>>()
    };
    assert_eq!(
        jobs(city.print_jobs(Some(&with_scan), 10).await.unwrap()),
        jobs(hall.print_jobs(Some(&with_scan), 10).await.unwrap())
    );

    // `audit verify` on the city database: its own cases and every copied one.
    let city_app = App::new(Arc::new(PgStore::open(&url).await.unwrap()), Arc::new(FixedClock(hall_day())));
    let audit = city_app.verify_audit(None).await.unwrap();
    assert!(audit.broken.is_empty(), "{:?}", audit.broken);
    assert_eq!(u64::from(audit.cases), city_cases_before + hall_cases);

    // Again: nothing to copy.
    let second = copy_to_city(&file, &url).await.unwrap();
    assert!(second.clean());
    assert_eq!((second.cases.copied, second.cases.present), (0, hall_cases));
    assert_eq!((second.events.copied, second.events.present), (0, first.events.copied));
    assert_eq!((second.scans.copied, second.scans.present, second.print_jobs.present), (0, 1, 2));
    assert_eq!(city.case_count().await.unwrap() as u64, city_cases_before + hall_cases);

    // A reviewer in the city claims a copied case; the next copy reports it and leaves it be.
    let reviewer = city_app.user("reviewer").await.unwrap();
    let department = reviewer.department_code.clone().unwrap();
    let mut claimed = None;
    for chain in &chains {
        let row = hall.case(&chain.number).await.unwrap().unwrap();
        if row.state == CaseState::HandedOff && row.department.code == department {
            claimed = Some(row.number);
            break;
        }
    }
    let claimed = claimed.expect("a handed-off case of the reviewer's department");
    city_app.review(&reviewer, &claimed, &ReviewRequest::Claim).await.unwrap();
    let third = copy_to_city(&file, &url).await.unwrap();
    assert!(!third.clean());
    assert_eq!((third.cases.copied, third.cases.present, third.cases.conflicts), (0, hall_cases - 1, 1));
    assert_eq!(third.conflicts.len(), 1);
    assert_eq!(third.conflicts[0].case, claimed);
    assert!(third.conflicts[0].reason.contains("未覆盖"), "{}", third.conflicts[0].reason);
    let after = city.case(&claimed).await.unwrap().unwrap();
    assert_eq!(after.state, CaseState::UnderReview);
    assert_eq!(after.claimed_by_username.as_deref(), Some("reviewer"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_without_the_halls_people_and_places_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("onewindow.db");
    hall_file(&file).await;
    let url = fresh_database().await;
    let refused = copy_to_city(&file, &url).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
    assert_eq!(refused.field(), Some("to"));
    let message = refused.to_string();
    for named in ["大厅 440700000", "部门 ", "用户 clerk", "事项 ", "未复制任何办件"] {
        assert!(message.contains(named), "{named}: {message}");
    }
    assert_eq!(PgStore::open(&url).await.unwrap().case_count().await.unwrap(), 0);
    let not_city = copy_to_city(&file, "mysql://city/onewindow").await.unwrap_err();
    assert_eq!(not_city.field(), Some("to"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chain_already_broken_in_the_halls_file_is_not_carried_into_the_city() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("onewindow.db");
    let tampered = hall_file(&file).await;
    let hall = SqliteStore::open(&file).await.unwrap();
    // Behind the application's back: the head no longer matches the case's last event.
    sqlx::query("UPDATE cases SET chain_head = ?1 WHERE number = ?2")
        .bind("0".repeat(64))
        .bind(&tampered)
        .execute(hall.pool())
        .await
        .unwrap();
    let url = city().await;
    let report = copy_to_city(&file, &url).await.unwrap();
    assert_eq!(report.cases.conflicts, 1);
    assert_eq!(report.cases.copied, hall.case_count().await.unwrap() as u64 - 1);
    assert_eq!(report.conflicts[0].case, tampered);
    assert!(report.conflicts[0].reason.contains("校验未通过"), "{}", report.conflicts[0].reason);
    assert_eq!((report.scans.conflicts, report.print_jobs.conflicts), (1, 2));
    assert!(PgStore::open(&url).await.unwrap().case(&tampered).await.unwrap().is_none());
}
