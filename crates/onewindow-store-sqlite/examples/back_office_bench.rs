//! The back office at city scale: a generated database of a million cases (70 halls, the demo's
//! 19 departments and 71 items, two years of intakes, each case walked through the state machine
//! and stored through the store's own intake path, so every event is hashed into its chain), then
//!
//! - the department queue's first page with the tabs' counts: p50/p99 over many queries, with
//!   the back-office indexes and again without them (the ratio);
//! - opening one case by its number: p50/p99 of `Store::case`;
//! - `audit verify` over every chain: events per second, against `sha256sum` over the same bytes.
//!
//! `cargo run --release -p onewindow-store-sqlite --example back_office_bench -- DB [CASES]`
//! (see tests/bench/back-office.sh). The database is generated once and reused.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use onewindow_domain::audit::{canonical_encoding, verify_chain};
use onewindow_domain::{
    advance_all, validate, Applicant, ApplicantKind, CaseAction, CaseProgress, CaseState, CaseStep, DeliveryMethod,
    Hall, HallLevel, IdKind, MaterialForm, ReceivedMaterial, Role, User, WorkCalendar,
};
use onewindow_store::{CaseStore, CaseTransition, CatalogStore, HallStore, HolderFilter, NewCase, QueueQuery};
use onewindow_store_sqlite::SqliteStore;

/// A small, fast, seeded generator: the same database every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const HALLS: usize = 70;
const REVIEWERS_PER_DEPARTMENT: usize = 5;

fn hall_code(i: usize) -> String {
    format!("44079{i:04}")
}

fn resident_id(n: u64) -> String {
    let body = format!("440703{:04}{:02}{:02}{:03}", 1950 + n % 50, 1 + n % 12, 1 + n % 28, n % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(W).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// What a case of age `age_days` has been through: most old cases are finished.
fn path(rng: &mut Rng, age_days: u64) -> &'static [CaseAction] {
    use CaseAction::*;
    const FINISHED: [&[CaseAction]; 5] = [
        &[Accept, HandOff, Claim, Approve, PrepareIssuance, Collect, Close],
        &[Accept, HandOff, Claim, RequestCorrection, SubmitCorrection, Approve, PrepareIssuance, Collect, Close],
        &[Accept, HandOff, Claim, Deny, PrepareIssuance, Collect, Close],
        &[Refuse],
        &[IssueNotice],
    ];
    const OPEN: [&[CaseAction]; 7] = [
        &[Accept, HandOff],
        &[Accept, HandOff, Claim],
        &[Accept, HandOff, Claim, RequestCorrection],
        &[Accept, HandOff, Claim, RequestCorrection, SubmitCorrection],
        &[Accept, HandOff, Claim, StartSpecialProcedure],
        &[Accept, HandOff, Claim, Approve],
        &[Accept, HandOff, Claim, Approve, PrepareIssuance],
    ];
    let open_share = if age_days < 20 {
        80
    } else if age_days < 60 {
        15
    } else {
        1
    };
    if rng.below(100) < open_share {
        OPEN[rng.below(OPEN.len())]
    } else {
        FINISHED[[0, 0, 0, 0, 1, 1, 2, 3, 4][rng.below(9)]]
    }
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let i = ((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1;
    samples[i].as_secs_f64() * 1000.0
}

async fn generate(store: &SqliteStore, cases: usize, today: NaiveDate) {
    let demo = onewindow_demo::demo();
    let halls: Vec<Hall> = (0..HALLS)
        .map(|i| Hall {
            code: hall_code(i),
            name: format!("江门市第{}政务服务大厅", i + 1),
            level: HallLevel::Town,
            area: "蓬江区".into(),
            address: "江门市".into(),
            phone: "0750-1234567".into(),
            windows: vec!["A01".into()],
            uncollected_days: 30,
            idle_lock_minutes: 5,
        })
        .collect();
    store.save_halls(&halls).await.unwrap();
    let version = store.import_catalog(&demo.catalog, "bench", Utc::now()).await.unwrap();
    for (i, h) in halls.iter().enumerate() {
        let clerk = User {
            username: format!("clerk{i}"),
            display_name: format!("窗口{i}"),
            role: Role::WindowClerk,
            hall_code: Some(h.code.clone()),
            window: Some("A01".into()),
            department_code: None,
        };
        store.save_user(&clerk, "x").await.unwrap();
    }
    for d in &demo.catalog.departments {
        for r in 0..REVIEWERS_PER_DEPARTMENT {
            let reviewer = User {
                username: format!("{}-r{r}", d.code),
                display_name: format!("审批{r}"),
                role: Role::Reviewer,
                hall_code: None,
                window: None,
                department_code: Some(d.code.clone()),
            };
            store.save_user(&reviewer, "x").await.unwrap();
        }
    }
    let calendar = WorkCalendar::weekends_only();
    let mut rng = Rng(0x4407_2026_0750);
    let started = Instant::now();
    for n in 0..cases {
        let age = rng.below(730) as u64;
        let day = today.checked_sub_days(Days::new(age)).unwrap();
        let at: DateTime<Utc> =
            Utc.from_utc_datetime(&day.and_hms_opt(1 + rng.below(8) as u32, rng.below(60) as u32, 0).unwrap());
        let hall = rng.below(HALLS);
        let item = &demo.catalog.items[rng.below(demo.catalog.items.len())];
        let reviewer = format!("{}-r{}", item.department_code, rng.below(REVIEWERS_PER_DEPARTMENT));
        let clerk = format!("clerk{hall}");
        let actions = path(&mut rng, age);
        let due = calendar.add_working_days(day, item.promised_days);
        let steps: Vec<CaseStep> = actions
            .iter()
            .enumerate()
            .map(|(i, action)| {
                let actor = if matches!(
                    action,
                    CaseAction::Claim
                        | CaseAction::Approve
                        | CaseAction::Deny
                        | CaseAction::RequestCorrection
                        | CaseAction::StartSpecialProcedure
                ) {
                    &reviewer
                } else {
                    &clerk
                };
                CaseStep {
                    due_date: Some(due),
                    statutory_due: Some(calendar.add_working_days(day, item.statutory_days)),
                    correction_due: Some(day + Days::new(15)),
                    ..CaseStep::new(*action, actor, at + chrono::Duration::minutes(i as i64 * 37))
                }
            })
            .collect();
        let changes = advance_all(CaseState::Draft, &CaseProgress::default(), &steps).expect("legal paths");
        let mut held_by = None;
        let transitions: Vec<CaseTransition> = changes
            .into_iter()
            .zip(&steps)
            .map(|(change, step)| {
                let next = change.progress.claimed_by.clone();
                let t = CaseTransition {
                    held_by: held_by.take(),
                    ..CaseTransition::new(change, &step.actor, &hall_code(hall), step.at, "生成的办件")
                };
                held_by = next;
                t
            })
            .collect();
        let case = NewCase {
            catalog_version: version,
            service_item_code: item.code.clone(),
            applicant: Applicant {
                kind: ApplicantKind::Person,
                name: format!("申请人{}", n % 50_000),
                id: validate(IdKind::ResidentId, &resident_id(n as u64 % 50_000), today).unwrap(),
                phone: Some(validate(IdKind::Mobile, &format!("138{:08}", n % 100_000_000), today).unwrap()),
            },
            agent: None,
            hall_code: hall_code(hall),
            window: Some("A01".into()),
            clerk_username: clerk.clone(),
            delivery: DeliveryMethod::Window,
            pickup_hall_code: None,
            delivery_address: None,
            materials: item
                .materials
                .iter()
                .take(3)
                .map(|m| ReceivedMaterial {
                    material_code: m.code.clone(),
                    form: MaterialForm::Original,
                    copies: 1,
                    pages: 2,
                })
                .collect(),
            findings: Vec::new(),
            scans: Vec::new(),
            verification_code: "K7Q2M9".into(),
            material_transfer: false,
            at,
            local_day: day,
        };
        store.create_case_with(&case, &transitions).await.unwrap();
        if (n + 1) % 50_000 == 0 {
            eprintln!("{} cases ({:.0} s)", n + 1, started.elapsed().as_secs_f64());
        }
    }
}

async fn queue_p(store: &SqliteStore, departments: &[String], today: NaiveDate, runs: usize) -> (f64, f64) {
    let mut rng = Rng(7);
    let mut samples = Vec::with_capacity(runs);
    for i in 0..runs {
        let department = &departments[rng.below(departments.len())];
        let me = format!("{department}-r{}", rng.below(REVIEWERS_PER_DEPARTMENT));
        let holder = match i % 3 {
            0 => HolderFilter::Any,
            1 => HolderFilter::Unclaimed,
            _ => HolderFilter::User(me.clone()),
        };
        let query = QueueQuery { holder, ..QueueQuery::whole(department, 50) };
        let start = Instant::now();
        let page = store.department_queue(&query, &me, today).await.unwrap();
        samples.push(start.elapsed());
        std::hint::black_box(page);
    }
    (percentile(&mut samples, 0.5), percentile(&mut samples, 0.99))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().expect("usage: back_office_bench DB [CASES]"));
    let cases: usize = args.next().map(|n| n.parse().expect("a number of cases")).unwrap_or(1_000_000);
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let fresh = !path.exists();
    let store = SqliteStore::open(&path).await.unwrap();
    if fresh {
        generate(&store, cases, today).await;
    }
    let count = store.case_count().await.unwrap();
    let version = store.current_catalog_version().await.unwrap().unwrap();
    let departments: Vec<String> =
        store.catalog(version).await.unwrap().departments.iter().map(|d| d.code.clone()).collect();
    // Warm the page cache as a station that has been running would be.
    queue_p(&store, &departments, today, 50).await;
    let (q50, q99) = queue_p(&store, &departments, today, 400).await;
    let mut rng = Rng(11);
    let numbers: Vec<String> = {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT number FROM cases ORDER BY random() LIMIT 2000")
            .fetch_all(store.pool())
            .await
            .unwrap();
        rows.into_iter().map(|r| r.0).collect()
    };
    let mut by_number = Vec::new();
    for _ in 0..4000 {
        let n = &numbers[rng.below(numbers.len())];
        let start = Instant::now();
        let row = store.case(n).await.unwrap();
        by_number.push(start.elapsed());
        assert!(row.is_some());
    }
    let (n50, n99) = (percentile(&mut by_number, 0.5), percentile(&mut by_number, 0.99));

    // The whole history, chain by chain, as `onewindow audit verify` walks it.
    let bytes_file = path.with_extension("events.bin");
    let mut encoded = std::io::BufWriter::new(std::fs::File::create(&bytes_file).unwrap());
    let (mut events, mut chains, mut bytes) = (0u64, 0u64, 0u64);
    let start = Instant::now();
    let mut after: Option<String> = None;
    loop {
        let page = store.case_chains(after.as_deref(), 1000).await.unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.number.clone());
        for chain in &page {
            let facts: Vec<_> =
                chain.events.iter().map(|e| (e.facts(&chain.number), e.hash.as_deref().unwrap_or(""))).collect();
            verify_chain(&facts, chain.head.as_deref()).expect("generated chains are whole");
            events += facts.len() as u64;
            chains += 1;
        }
    }
    let verify = start.elapsed();
    // The same bytes the verification hashed, for sha256sum (written after timing the walk).
    let mut after: Option<String> = None;
    loop {
        let page = store.case_chains(after.as_deref(), 1000).await.unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.number.clone());
        for chain in &page {
            let mut previous: Option<&str> = None;
            for e in &chain.events {
                let bytes_of = canonical_encoding(previous, &e.facts(&chain.number));
                bytes += bytes_of.len() as u64;
                std::io::Write::write_all(&mut encoded, &bytes_of).unwrap();
                previous = e.hash.as_deref();
            }
        }
    }
    drop(encoded);
    let start = Instant::now();
    let status = std::process::Command::new("sha256sum").arg(&bytes_file).output().unwrap();
    let sha = start.elapsed();
    assert!(status.status.success());
    std::fs::remove_file(&bytes_file).ok();

    // The queue again without the back office's indexes, for the ratio; then put them back as the
    // migrations made them.
    let mut made = Vec::new();
    for index in ["cases_department_queue", "cases_claimed_by"] {
        let (sql,): (String,) = sqlx::query_as("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?")
            .bind(index)
            .fetch_one(store.pool())
            .await
            .unwrap();
        sqlx::query(&format!("DROP INDEX {index}")).execute(store.pool()).await.unwrap();
        made.push(sql);
    }
    let (u50, u99) = queue_p(&store, &departments, today, 40).await;
    for sql in made {
        sqlx::query(&sql).execute(store.pool()).await.unwrap();
    }

    let rate = events as f64 / verify.as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "cases": count,
            "queue_first_page_ms": { "p50": q50, "p99": q99 },
            "queue_without_indexes_ms": { "p50": u50, "p99": u99 },
            "queue_p99_ratio_without_indexes": u99 / q99,
            "case_by_number_ms": { "p50": n50, "p99": n99 },
            "audit_verify": {
                "chains": chains,
                "events": events,
                "seconds": verify.as_secs_f64(),
                "events_per_second": rate,
                "bytes": bytes,
                "sha256sum_seconds": sha.as_secs_f64(),
                "verify_over_sha256sum": verify.as_secs_f64() / sha.as_secs_f64(),
            },
        })
    );
}
