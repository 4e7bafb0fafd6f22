//! Timing for `tests/bench/intake.sh`: (1) the intake commit (case + 10 materials + its events,
//! one transaction) through the store, against a bare SQLite insert-and-commit loop writing the
//! same rows; (2) from "accept" to the receipt PDF handed to the print queue, median and p99.
//! Prints JSON lines.

use std::time::{Duration as StdDuration, Instant};

use onewindow_app::views::{IntakeCommon, IntakeRequest, PartyInput, PrintRequest, ReceivedInput};
use onewindow_domain::{DocumentKind, IdKind, MaterialForm};
use onewindow_store::conformance::{from_draft, new_case, setup};
use onewindow_store::CaseStore;
use onewindow_store_sqlite::SqliteStore;

const N: usize = 2000;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let dir = tempfile::tempdir().unwrap();

    // (1) The store's intake commit.
    let store = SqliteStore::open(&dir.path().join("store.db")).await.unwrap();
    let version = setup(&store).await;
    let mut case = new_case(version, "𠮷祥云", onewindow_store::conformance::at());
    case.materials = (0..10)
        .map(|i| onewindow_domain::ReceivedMaterial {
            material_code: format!("M{i:02}"),
            form: MaterialForm::Original,
            copies: 1,
            pages: 2,
        })
        .collect();
    let transitions = from_draft(&[
        (onewindow_domain::CaseAction::Accept, "clerk"),
        (onewindow_domain::CaseAction::HandOff, "clerk"),
    ]);
    let start = Instant::now();
    for _ in 0..N {
        store.create_case_with(&case, &transitions).await.unwrap();
    }
    let ours = N as f64 / start.elapsed().as_secs_f64();

    // The same rows with bare inserts, one transaction per case.
    let bare = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            sqlx::sqlite::SqliteConnectOptions::new()
                .filename(dir.path().join("bare.db"))
                .create_if_missing(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal),
        )
        .await
        .unwrap();
    sqlx::query("CREATE TABLE c (id INTEGER PRIMARY KEY, number TEXT, a TEXT, b TEXT, c TEXT, d TEXT, e TEXT, f TEXT, g TEXT, h TEXT)").execute(&bare).await.unwrap();
    sqlx::query("CREATE TABLE m (case_id INTEGER, code TEXT, form TEXT, copies INTEGER, pages INTEGER)")
        .execute(&bare)
        .await
        .unwrap();
    sqlx::query("CREATE TABLE e (case_id INTEGER, seq INTEGER, at TEXT, action TEXT, f TEXT, t TEXT, actor INTEGER, hall INTEGER, w TEXT, r TEXT)").execute(&bare).await.unwrap();
    let start = Instant::now();
    for i in 0..N {
        let mut tx = bare.begin().await.unwrap();
        let id: i64 = sqlx::query_scalar("INSERT INTO c (number, a, b, c, d, e, f, g, h) VALUES (?, 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x') RETURNING id")
            .bind(format!("n{i}"))
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        for k in 0..10 {
            sqlx::query("INSERT INTO m VALUES (?, ?, 'original', 1, 2)")
                .bind(id)
                .bind(format!("M{k:02}"))
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        for s in 1..=3 {
            sqlx::query("INSERT INTO e VALUES (?, ?, 'now', 'a', 'x', 'y', 1, 1, 'A01', '')")
                .bind(id)
                .bind(s)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    let bare_rate = N as f64 / start.elapsed().as_secs_f64();
    println!(
        "{{\"intakes\":{N},\"store_per_s\":{ours:.0},\"bare_per_s\":{bare_rate:.0},\"ratio\":{:.2}}}",
        ours / bare_rate
    );

    // (2) Accept → receipt PDF handed to the print queue, on the seeded demo.
    let app = onewindow_station::open(
        &onewindow_station::StationConfig::resolve(Some(&dir.path().join("app").join("onewindow.db"))).unwrap(),
    )
    .await
    .unwrap();
    app.seed_demo().await.unwrap();
    let clerk = app.login("clerk", "Demo@2026").await.unwrap();
    let queue = std::env::args().nth(1);
    let mut latencies = Vec::new();
    for i in 0..100u32 {
        let applicant = PartyInput {
            name: format!("测试{i}"),
            id_kind: IdKind::Passport,
            id_number: format!("E{:08}", 10_000_000 + i),
        };
        let request = IntakeRequest {
            service_item_code: "440703-PJQSCJGJ-001".into(),
            received: ["M01", "M02", "M03"]
                .iter()
                .map(|c| ReceivedInput {
                    material_code: c.to_string(),
                    form: MaterialForm::Original,
                    copies: 1,
                    pages: 1,
                    scans: Vec::new(),
                })
                .collect(),
            common: IntakeCommon { commitment_signed: true, ..IntakeCommon::person(applicant, "13812345678") },
        };
        let start = Instant::now();
        let result = app.intake(&clerk, &request).await.unwrap();
        let job = app
            .print(
                &clerk,
                &PrintRequest {
                    document: DocumentKind::Receipt,
                    case_number: Some(result.number),
                    profile: None,
                    lang: None,
                    queue: queue.clone(),
                    demo: false,
                    handover: None,
                    waybill: None,
                },
            )
            .await
            .unwrap();
        latencies.push(start.elapsed());
        assert!(job.error.is_none() || queue.is_none(), "{:?}", job.error);
    }
    latencies.sort();
    let ms = |d: StdDuration| d.as_secs_f64() * 1e3;
    println!(
        "{{\"accept_to_print_queue_ms\":{{\"median\":{:.1},\"p99\":{:.1},\"max\":{:.1}}},\"runs\":{}}}",
        ms(latencies[latencies.len() / 2]),
        ms(latencies[latencies.len() * 99 / 100]),
        ms(*latencies.last().unwrap()),
        latencies.len()
    );
}
