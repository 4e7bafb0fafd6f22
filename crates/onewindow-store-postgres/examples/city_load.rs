//! The city-wide load test: many stations, each with a connection of its own, on one PostgreSQL,
//! for a peak hour's mix of work at ten times a busy hall's rate (see tests/load/README.md):
//!
//! - intake (40%): a case taken in, accepted and handed to the department, one transaction;
//! - queue read (30%): the department queue's first page with its tabs' counts;
//! - claim and decide (20%): a reviewer takes the department's next free case (领取下一件), opens
//!   it and approves it;
//! - progress look-up (10%): a case taken in earlier, read by its number, and the look-up logged.
//!
//! Every operation goes through the `Store` trait, as a station's would. At the end the database
//! itself is asked whether any number was given twice and whether any intake that returned its
//! number lost its hand-off. With `--million`, the database is then filled to a million cases
//! with SQL and the department queue's first page is timed there, idle, as the SQLite benchmark
//! does (tests/bench/back-office.sh).
//!
//! `cargo run --release -p onewindow-store-postgres --example city_load -- --url URL [--stations N]
//! [--seconds S] [--pace-ms MS] [--million]` against an empty database (see tests/load/city.sh).
//! Prints a table on stderr and one JSON object on stdout; exits 1 when a target is missed.

use std::collections::{HashMap, HashSet};
use std::error::Error;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Days, Utc};
use onewindow_domain::{
    advance, advance_all, validate, CaseAction, CaseProgress, CaseState, CaseStep, Department, EventDetail, IdKind,
    Identifier, Role, ServiceItem, User, WorkCalendar,
};
use onewindow_store::conformance::{at, catalog, day, new_case, queue_query, setup};
use onewindow_store::{
    CaseRow, CaseStore, CaseTransition, CatalogStore, HallStore, HolderFilter, ProgressLookup, QueueQuery,
    Result as StoreResult, StoreError,
};
use onewindow_store_postgres::PgStore;
use serde_json::{json, Value};

/// The department whose queue the reviewers work: the one `setup` creates.
const DEPARTMENT: &str = "PJQSCJGJ";
/// The halls `setup` creates; clerk stations alternate between them.
const HALLS: [&str; 2] = ["440703000", "440704000"];
const WINDOWS: [&str; 2] = ["A01", "A02"];
/// A case number has five digits per hall and day: a hall's intakes move on to the next day after
/// this many, so no run, however long or fast, runs out of numbers.
const INTAKES_PER_HALL_DAY: u64 = 90_000;
/// Distinct applicants the intakes cycle through: some come back, as at a real hall.
const APPLICANTS: usize = 20_000;
/// The departments of the million-case database, as many as the demo catalog the SQLite benchmark
/// generates its cases over; `DEPARTMENT` is one of them.
const DEPARTMENTS_AT_A_MILLION: usize = 19;
const REVIEWERS_PER_DEPARTMENT: usize = 5;
const MILLION: i64 = 1_000_000;
/// The targets of the issue, in milliseconds.
const TARGET_P99_MS: f64 = 50.0;
const TARGET_QUEUE_AT_A_MILLION_P99_MS: f64 = 5.0;

struct Options {
    url: String,
    stations: usize,
    seconds: u64,
    /// Seconds the stations work before the timed run: each connection's first statements load
    /// its caches and plans, which at two hundred at once is a start-of-day storm, not the peak hour.
    warm_up: u64,
    pace_ms: u64,
    million: bool,
    /// Each station signs in as its own member of staff's login role, under row-level security,
    /// as a city station does; else all connect as the owner, whom the policies do not apply to.
    as_staff: bool,
}

/// The password of every station's login role with `--as-staff`.
const STAFF_PASSWORD: &str = "Load#2026";

const USAGE: &str =
    "usage: city_load --url URL [--stations 200] [--seconds 300] [--warm-up 0] [--pace-ms 3000] [--million] [--as-staff] (an empty database)";

fn options() -> Result<Options, String> {
    // 10× a busy window's rate: one operation every 30 s at a real window (an applicant every three
    // minutes, about six operations a visit), so one every 3 s here (tests/load/README.md).
    let mut options = Options {
        url: String::new(),
        stations: 200,
        seconds: 300,
        warm_up: 0,
        pace_ms: 3_000,
        million: false,
        as_staff: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
        let number = |v: String| v.parse::<u64>().map_err(|_| format!("{arg}: “{v}” is not a number\n{USAGE}"));
        match arg.as_str() {
            "--url" => options.url = value()?,
            "--stations" => options.stations = number(value()?)? as usize,
            "--seconds" => options.seconds = number(value()?)?,
            "--warm-up" => options.warm_up = number(value()?)?,
            "--pace-ms" => options.pace_ms = number(value()?)?,
            "--million" => options.million = true,
            "--as-staff" => options.as_staff = true,
            "--help" | "-h" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    if options.url.is_empty() {
        return Err(USAGE.to_string());
    }
    if options.stations < 2 {
        return Err("--stations: at least 2 (one clerk, one reviewer)".to_string());
    }
    Ok(options)
}

/// A small, fast generator, seeded per station: runs differ only by timing.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A valid resident ID for `n` (distinct for n below 21,000), as the SQLite benchmark makes them.
fn resident_id(n: u64) -> String {
    let body = format!("440703{:04}{:02}{:02}{:03}", 1950 + n % 50, 1 + n % 12, 1 + n % 28, n % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(W).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Intake,
    QueueRead,
    ClaimDecide,
    Lookup,
}

const OPS: [Op; 4] = [Op::Intake, Op::QueueRead, Op::ClaimDecide, Op::Lookup];

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Intake => "intake",
            Op::QueueRead => "queue_read",
            Op::ClaimDecide => "claim_and_decide",
            Op::Lookup => "progress_lookup",
        }
    }
}

/// What a station is: a window clerk's (intakes and look-ups) or a reviewer's (the queue, claims
/// and decisions). Half of each, and these shares, make the issue's mix 40/30/20/10.
enum Seat {
    Clerk { username: String, hall: usize, window: &'static str },
    Reviewer { username: String },
}

impl Seat {
    fn pick(&self, rng: &mut Rng) -> Op {
        let roll = rng.below(100);
        match self {
            Seat::Clerk { .. } if roll < 80 => Op::Intake,
            Seat::Clerk { .. } => Op::Lookup,
            Seat::Reviewer { .. } if roll < 60 => Op::QueueRead,
            Seat::Reviewer { .. } => Op::ClaimDecide,
        }
    }
}

/// What every station shares.
struct City {
    version: i64,
    applicants: Vec<Identifier>,
    calendar: WorkCalendar,
    started: Instant,
    /// Intakes begun per hall: which day an intake's number is taken on.
    intakes: [AtomicU64; 2],
    /// Numbers of cases taken in, for look-ups.
    taken: Mutex<Vec<String>>,
    /// Stations are members of staff: a look-up opens the case with the code on its receipt first,
    /// as a window does (a case of another hall is not theirs to read otherwise).
    as_staff: bool,
}

impl City {
    fn taken(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        // A station that panicked holding the list left it whole: pushes are single steps.
        self.taken.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The instant of an operation: the conformance day's morning plus the time into the run.
    fn now(&self, days: u64) -> DateTime<Utc> {
        at() + chrono::Duration::days(days as i64)
            + chrono::Duration::milliseconds(self.started.elapsed().as_millis() as i64)
    }
}

/// How an operation ended, short of an error.
enum Outcome {
    Done,
    /// Nothing to work on (no case of the department free to claim).
    Nothing,
}

/// One station's record of its run, merged with the others' at the end.
#[derive(Default)]
struct Tally {
    samples: [Vec<Duration>; 4],
    errors: [u64; 4],
    nothing: [u64; 4],
    /// The claim's and the decision's own transactions, apart from the reads around them.
    claims: Vec<Duration>,
    decisions: Vec<Duration>,
    first_errors: Vec<String>,
    /// Numbers the store returned from intakes, and cases this station decided.
    intakes: Vec<String>,
    decided: Vec<String>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        for i in 0..OPS.len() {
            self.samples[i].extend(&other.samples[i]);
            self.errors[i] += other.errors[i];
            self.nothing[i] += other.nothing[i];
        }
        self.claims.extend(other.claims);
        self.decisions.extend(other.decisions);
        self.first_errors.extend(other.first_errors);
        self.intakes.extend(other.intakes);
        self.decided.extend(other.decided);
    }
}

/// Accepted and handed to the department by the clerk, with the dates an acceptance sets: what
/// the conformance suite's `from_draft(&[(Accept, "clerk"), (HandOff, "clerk")])` computes, at this
/// hall, window and time.
fn intake_moves(
    city: &City,
    clerk: &str,
    hall: &str,
    window: &str,
    at: DateTime<Utc>,
    local_day: chrono::NaiveDate,
) -> StoreResult<Vec<CaseTransition>> {
    let steps: Vec<CaseStep> = [CaseAction::Accept, CaseAction::HandOff]
        .into_iter()
        .enumerate()
        .map(|(i, action)| CaseStep {
            due_date: Some(city.calendar.add_working_days(local_day, 3)),
            statutory_due: Some(city.calendar.add_working_days(local_day, 15)),
            ..CaseStep::new(action, clerk, at + chrono::Duration::minutes(i as i64 + 1))
        })
        .collect();
    let changes = advance_all(CaseState::Draft, &CaseProgress::default(), &steps)?;
    Ok(changes
        .into_iter()
        .zip(&steps)
        .map(|(change, step)| CaseTransition {
            window: Some(window.to_string()),
            ..CaseTransition::new(change, clerk, hall, step.at, "受理并移交部门")
        })
        .collect())
}

async fn intake(
    store: &PgStore,
    city: &City,
    (clerk, hall, window): (&str, usize, &str),
    tally: &mut Tally,
) -> StoreResult<Outcome> {
    let n = city.intakes[hall].fetch_add(1, Ordering::Relaxed);
    let days = n / INTAKES_PER_HALL_DAY;
    let local_day = day() + Days::new(days);
    let at = city.now(days);
    let mut case = new_case(city.version, &format!("市民{}", n % APPLICANTS as u64), at);
    case.applicant.id = city.applicants[((n * 2 + hall as u64) % APPLICANTS as u64) as usize].clone();
    case.hall_code = HALLS[hall].to_string();
    case.window = Some(window.to_string());
    case.clerk_username = clerk.to_string();
    case.local_day = local_day;
    let moves = intake_moves(city, clerk, HALLS[hall], window, at, local_day)?;
    let number = store.create_case_with(&case, &moves).await?;
    city.taken().push(number.clone());
    tally.intakes.push(number);
    Ok(Outcome::Done)
}

async fn queue_read(store: &PgStore, reviewer: &str) -> StoreResult<Outcome> {
    let page = store.department_queue(&queue_query(DEPARTMENT), reviewer, day()).await?;
    std::hint::black_box(page);
    Ok(Outcome::Done)
}

/// The reviewer's 领取下一件 and the approval, as the application takes them: the store claims the
/// department's next free case in one transaction (passing over one another station is claiming,
/// so no two reviewers take the same one); the reviewer opens it (a read), and approves it with
/// the holder it read, the approval going on to the issuance window in the same transaction.
async fn claim_and_decide(store: &PgStore, reviewer: &str, tally: &mut Tally) -> StoreResult<Outcome> {
    let claim = |row: &CaseRow| -> StoreResult<CaseTransition> {
        let at = row.created_at + chrono::Duration::minutes(30);
        let change = advance(row.state, &row.progress(), &CaseStep::new(CaseAction::Claim, reviewer, at))?;
        Ok(CaseTransition {
            held_by: row.claimed_by_username.clone(),
            ..CaseTransition::new(change, reviewer, &row.hall_code, at, "认领审查")
        })
    };
    let started = Instant::now();
    let Some(number) = store.claim_next(DEPARTMENT, &claim).await? else {
        return Ok(Outcome::Nothing);
    };
    tally.claims.push(started.elapsed());

    let row = store.case(&number).await?.ok_or_else(|| StoreError::NotFound(format!("case {number} (claimed)")))?;
    let at = row.created_at + chrono::Duration::minutes(45);
    let approve = advance(row.state, &row.progress(), &CaseStep::new(CaseAction::Approve, reviewer, at))?;
    let issue = advance(approve.to, &approve.progress, &CaseStep::new(CaseAction::PrepareIssuance, reviewer, at))?;
    let detail = EventDetail::Approval {
        result_name: "营业执照（个体工商户）".into(),
        certificate_number: format!("JM{number}"),
        valid_until: None,
        note: String::new(),
    };
    let moves = [
        CaseTransition {
            held_by: row.claimed_by_username.clone(),
            detail: Some(detail),
            ..CaseTransition::new(approve.clone(), reviewer, &row.hall_code, at, "符合条件，准予办理")
        },
        CaseTransition {
            held_by: approve.progress.claimed_by.clone(),
            ..CaseTransition::new(issue, reviewer, &row.hall_code, at, "转窗口发证")
        },
    ];
    // The case is this reviewer's now: a conflict here is a real failure, not a lost race.
    let started = Instant::now();
    store.apply_actions(&number, &moves).await?;
    tally.decisions.push(started.elapsed());
    tally.decided.push(number);
    Ok(Outcome::Done)
}

async fn lookup(store: &PgStore, city: &City, clerk: &str, hall: usize, rng: &mut Rng) -> StoreResult<Outcome> {
    let number = {
        let taken = city.taken();
        if taken.is_empty() {
            return Ok(Outcome::Nothing);
        }
        taken[rng.below(taken.len())].clone()
    };
    if city.as_staff && !store.open_case_with_code(&number, RECEIPT_CODE).await? {
        return Err(StoreError::NotFound(format!("case {number} (taken in) does not open with its code")));
    }
    // The store returned this number from an intake: not finding it is a lost case.
    let row = store.case(&number).await?.ok_or_else(|| StoreError::NotFound(format!("case {number} (taken in)")))?;
    std::hint::black_box(&row);
    let lookup = ProgressLookup {
        case_number: number,
        username: clerk.to_string(),
        hall_code: Some(HALLS[hall].to_string()),
        verified: true,
        at: city.now(0),
    };
    store.record_progress_lookup(&lookup).await?;
    Ok(Outcome::Done)
}

/// One station: its operations one after another, each followed by a pause of about `pace`
/// (uniform between half and one and a half of it, so stations do not move in step), until
/// `deadline`; timed from `timed_from` (before it, the station warms up: its work is checked
/// like the rest, its times and counts are not kept).
async fn station(
    store: PgStore,
    seat: Seat,
    seed: u64,
    city: Arc<City>,
    pace: Duration,
    (timed_from, deadline): (Instant, Instant),
) -> Tally {
    let mut rng = Rng::new(seed);
    let mut tally = Tally::default();
    // Stations come in over the first pause, not all in the same instant.
    let first = Instant::now() + pace.mul_f64(rng.unit());
    tokio::time::sleep_until(first.min(deadline).into()).await;
    while Instant::now() < deadline {
        let op = seat.pick(&mut rng);
        let started = Instant::now();
        let steps_before = (tally.claims.len(), tally.decisions.len());
        let outcome = match (&seat, op) {
            (Seat::Clerk { username, hall, window }, Op::Intake) => {
                intake(&store, &city, (username, *hall, window), &mut tally).await
            }
            (Seat::Clerk { username, hall, .. }, _) => lookup(&store, &city, username, *hall, &mut rng).await,
            (Seat::Reviewer { username }, Op::QueueRead) => queue_read(&store, username).await,
            (Seat::Reviewer { username }, _) => claim_and_decide(&store, username, &mut tally).await,
        };
        let took = started.elapsed();
        let i = op as usize;
        match outcome {
            // Warming up: the work is kept for the checks (an intake is in `tally.intakes`), not its time.
            Ok(_) if started < timed_from => {
                tally.claims.truncate(steps_before.0);
                tally.decisions.truncate(steps_before.1);
            }
            Ok(Outcome::Done) => tally.samples[i].push(took),
            Ok(Outcome::Nothing) => tally.nothing[i] += 1,
            Err(e) => {
                tally.errors[i] += 1;
                if tally.first_errors.len() < 3 {
                    tally.first_errors.push(format!("{}: {e}", op.name()));
                }
            }
        }
        // Not past the deadline: the run's length is the stations' working time.
        let next = Instant::now() + pace.mul_f64(0.5 + rng.unit());
        tokio::time::sleep_until(next.min(deadline).into()).await;
    }
    tally
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

/// count, p50, p99 and max in milliseconds.
fn summary(samples: &mut [Duration]) -> (usize, f64, f64, f64) {
    samples.sort();
    (samples.len(), percentile(samples, 0.5), percentile(samples, 0.99), percentile(samples, 1.0))
}

fn round(ms: f64) -> f64 {
    (ms * 100.0).round() / 100.0
}

/// Every other station a clerk's, at the two halls and their windows in turn; the others a
/// reviewer's, each reviewer their own user so that claims spread as in a department.
fn seats(stations: usize) -> Vec<Seat> {
    (0..stations)
        .map(|i| {
            let k = i / 2;
            if i % 2 == 0 {
                Seat::Clerk { username: format!("city-clerk-{k}"), hall: k % 2, window: WINDOWS[(k / 2) % 2] }
            } else {
                Seat::Reviewer { username: format!("city-reviewer-{k}") }
            }
        })
        .collect()
}

/// The clerk of each hall who takes in the cases waiting before the run and the million's.
fn hall_clerk(hall: usize) -> Seat {
    Seat::Clerk { username: format!("hall-clerk-{hall}"), hall, window: WINDOWS[0] }
}

/// The verification code of every case the load takes in (the conformance suite's `new_case`).
const RECEIPT_CODE: &str = "K7Q2M9";

async fn save_staff(owner: &PgStore, seats: &[Seat], logins: bool) -> StoreResult<()> {
    for (i, seat) in [hall_clerk(0), hall_clerk(1)].iter().chain(seats).enumerate() {
        let user = match seat {
            Seat::Clerk { username, hall, window } => User {
                username: username.clone(),
                display_name: format!("窗口{i}"),
                role: Role::WindowClerk,
                hall_code: Some(HALLS[*hall].to_string()),
                window: Some(window.to_string()),
                department_code: None,
            },
            Seat::Reviewer { username } => User {
                username: username.clone(),
                display_name: format!("审批员{i}"),
                role: Role::Reviewer,
                hall_code: None,
                window: None,
                department_code: Some(DEPARTMENT.to_string()),
            },
        };
        owner.save_user(&user, "x").await?;
        if logins {
            owner.set_login(&user.username, STAFF_PASSWORD).await?;
        }
    }
    Ok(())
}

fn seat_user(seat: &Seat) -> &str {
    match seat {
        Seat::Clerk { username, .. } | Seat::Reviewer { username } => username,
    }
}

/// The conformance catalog with the departments of a city beside its own, one item each: what
/// the million cases are spread over.
fn city_catalog() -> onewindow_domain::Catalog {
    let mut catalog = catalog("个体工商户设立登记");
    let (department, item) = (catalog.departments[0].clone(), catalog.items[0].clone());
    for k in 1..DEPARTMENTS_AT_A_MILLION {
        let code = format!("D{k:02}");
        catalog.departments.push(Department {
            code: code.clone(),
            name: format!("江门市第{k}局"),
            ..department.clone()
        });
        catalog.items.push(ServiceItem {
            code: format!("440703-{code}-001"),
            name: format!("第{k}局的许可"),
            department_code: code,
            ..item.clone()
        });
    }
    catalog
}

struct LoadRun {
    tally: Tally,
    seconds: f64,
}

async fn run_load(owner: &PgStore, city: Arc<City>, options: &Options, seats: Vec<Seat>) -> StoreResult<LoadRun> {
    // A hall in the middle of its day has cases waiting: a queue to claim from and numbers to look
    // up from the first second. Taken in before the clock starts, through the same intake.
    let mut seeded = Tally::default();
    for i in 0..2 * options.stations {
        let hall = i % 2;
        intake(owner, &city, (&format!("hall-clerk-{hall}"), hall, WINDOWS[0]), &mut seeded).await?;
    }
    let mut stores = Vec::with_capacity(seats.len());
    for seat in &seats {
        stores.push(if options.as_staff {
            PgStore::sign_in(&options.url, seat_user(seat), STAFF_PASSWORD, 1)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("a login role for {}", seat_user(seat))))?
        } else {
            PgStore::attach(&options.url, 1).await?
        });
    }
    eprintln!(
        "{} stations connected, {} cases waiting; running {} s",
        stores.len(),
        seeded.intakes.len(),
        options.seconds
    );
    let pace = Duration::from_millis(options.pace_ms);
    let started = Instant::now() + Duration::from_secs(options.warm_up);
    let deadline = started + Duration::from_secs(options.seconds);
    let tasks: Vec<_> = stores
        .into_iter()
        .zip(seats)
        .enumerate()
        .map(|(i, (store, seat))| {
            tokio::spawn(station(store, seat, i as u64 + 1, city.clone(), pace, (started, deadline)))
        })
        .collect();
    let mut tally = Tally::default();
    for task in tasks {
        match task.await {
            Ok(t) => tally.merge(t),
            Err(e) => {
                tally.errors[0] += 1;
                tally.first_errors.push(format!("a station stopped: {e}"));
            }
        }
    }
    // The timed part only: the warm-up's operations are not counted either.
    let seconds = started.elapsed().as_secs_f64();
    // The seeded cases are checked like the others but were not timed.
    tally.intakes.extend(seeded.intakes);
    Ok(LoadRun { tally, seconds })
}

/// What the database holds after the run, asked of it directly as its owner.
struct Checks {
    returned_twice: usize,
    numbers_twice_in_database: i64,
    lost_hand_offs: Vec<String>,
    lost_decisions: Vec<String>,
    double_claims: i64,
}

async fn check(owner: &PgStore, tally: &Tally) -> Result<Checks, sqlx::Error> {
    let pool = owner.pool();
    let mut seen = HashSet::new();
    let returned_twice = tally.intakes.iter().filter(|n| !seen.insert(n.as_str())).count();
    let numbers_twice_in_database: i64 =
        sqlx::query_scalar("SELECT count(*) FROM (SELECT number FROM cases GROUP BY number HAVING count(*) > 1) twice")
            .fetch_one(pool)
            .await?;
    // Handed off, or moved on from there, with the hand-off in its history.
    let before_hand_off: Vec<String> = [
        CaseState::Draft,
        CaseState::Accepted,
        CaseState::AcceptedWithShortfall,
        CaseState::Refused,
        CaseState::NoticeIssued,
    ]
    .iter()
    .map(|s| s.as_str().to_string())
    .collect();
    let lost_hand_offs: Vec<String> = sqlx::query_scalar(
        "SELECT n.number FROM unnest($1::text[]) AS n(number)
         WHERE NOT EXISTS (SELECT 1 FROM cases c
                           WHERE c.number = n.number AND c.state <> ALL($2::text[])
                             AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.action = 'hand_off'))
         ORDER BY n.number",
    )
    .bind(&tally.intakes)
    .bind(&before_hand_off)
    .fetch_all(pool)
    .await?;
    let lost_decisions: Vec<String> = sqlx::query_scalar(
        "SELECT n.number FROM unnest($1::text[]) AS n(number)
         WHERE NOT EXISTS (SELECT 1 FROM cases c
                           WHERE c.number = n.number AND c.state = 'ready_for_issuance'
                             AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.action = 'approve'))
         ORDER BY n.number",
    )
    .bind(&tally.decided)
    .fetch_all(pool)
    .await?;
    // Nobody releases a case here: a second claim event would be two holders one after the other.
    let double_claims: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT case_id FROM case_events WHERE action = 'claim'
                               GROUP BY case_id HAVING count(*) > 1) twice",
    )
    .fetch_one(pool)
    .await?;
    Ok(Checks { returned_twice, numbers_twice_in_database, lost_hand_offs, lost_decisions, double_claims })
}

/// Fills the database with SQL up to a million cases: two years of intakes before the run's day at
/// the two halls, over the city catalog's departments, most of the old ones finished, as the
/// SQLite benchmark's generator shapes them (the same shares of open and finished paths). Only
/// the cases (and their applicants) are written, without events: the queue reads neither.
async fn fill_to_a_million(owner: &PgStore, version: i64) -> Result<i64, Box<dyn Error>> {
    let pool = owner.pool();
    let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM cases").fetch_one(pool).await?;
    let missing = MILLION - existing;
    if missing <= 0 {
        return Ok(existing);
    }
    let started = Instant::now();
    eprintln!("filling the database to {MILLION} cases ({missing} with SQL)…");
    let mut tx = pool.begin().await?;
    // The same database every run.
    sqlx::query("SELECT setseed(0.4407)").execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO applicants (kind, name, id_kind, id_number, phone)
         SELECT 'person', '申请人' || k, 'resident-id', '440799' || lpad(k::text, 12, '0'),
                '138' || lpad(k::text, 8, '0')
         FROM generate_series(1, 50000) k
         ON CONFLICT (id_kind, id_number) DO NOTHING",
    )
    .execute(&mut *tx)
    .await?;
    let halls: Vec<i64> = sqlx::query_scalar("SELECT id FROM halls WHERE code = ANY($1) ORDER BY code")
        .bind(HALLS.map(String::from).to_vec())
        .fetch_all(&mut *tx)
        .await?;
    let clerks: Vec<i64> = sqlx::query_scalar(
        "SELECT u.id FROM users u JOIN halls h ON h.id = u.hall_id
         WHERE u.username IN ('hall-clerk-0', 'hall-clerk-1') ORDER BY h.code",
    )
    .fetch_all(&mut *tx)
    .await?;
    if halls.len() != 2 || clerks.len() != 2 {
        return Err("the halls or their clerks are missing".into());
    }
    sqlx::query(
        "WITH items AS (
             SELECT array_agg(i.id ORDER BY i.code) AS ids, array_agg(i.department_id ORDER BY i.code) AS departments
             FROM service_items i WHERE i.catalog_version_id = $2
         ),
         people AS (
             SELECT row_number() OVER (ORDER BY id) AS k, id FROM applicants WHERE id_number LIKE '440799%'
         ),
         reviewers AS (
             SELECT department_id, right(username, 1)::int AS k, id FROM users
             WHERE role = 'reviewer' AND username ~ '-r[0-9]$'
         ),
         draws AS (
             SELECT g AS n,
                    1 + floor(random() * 730)::int AS age,
                    floor(random() * 100)::int AS open_roll,
                    random() AS path_roll,
                    1 + floor(random() * (SELECT cardinality(ids) FROM items))::int AS item,
                    floor(random() * $5::int)::int AS reviewer,
                    1 + floor(random() * 2)::int AS hall,
                    1 + floor(random() * 50000)::int AS person,
                    floor(random() * 480)::int AS minute
             FROM generate_series(1, $1::bigint) g
         ),
         shaped AS (
             SELECT d.*, DATE '2026-11-27' - d.age AS day,
                    CASE WHEN d.open_roll < CASE WHEN d.age < 20 THEN 80 WHEN d.age < 60 THEN 15 ELSE 1 END
                         THEN (ARRAY['handed_off', 'under_review', 'correction_requested', 'corrected',
                                     'special_procedure', 'approved', 'ready_for_issuance']
                              )[1 + floor(d.path_roll * 7)::int]
                         ELSE (ARRAY['closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed',
                                     'refused', 'notice_issued'])[1 + floor(d.path_roll * 9)::int]
                    END AS state
             FROM draws d
         ),
         numbered AS (
             SELECT s.*, row_number() OVER (PARTITION BY s.hall, s.day ORDER BY s.n) AS seq,
                    it.ids[s.item] AS item_id, it.departments[s.item] AS department_id,
                    (s.day + TIME '01:00') AT TIME ZONE 'UTC' + s.minute * INTERVAL '1 minute' AS created_at,
                    s.state NOT IN ('refused', 'notice_issued') AS accepted
             FROM shaped s CROSS JOIN items it
         )
         INSERT INTO cases (number, verification_code, catalog_version_id, service_item_id, department_id,
                            applicant_id, hall_id, window_number, clerk_id, state, delivery, created_at,
                            accepted_at, due_date, statutory_due, correction_due, claimed_by_id)
         SELECT h.code || to_char(x.day, 'YYYYMMDD') || lpad(x.seq::text, 5, '0'), 'K7Q2M9', $2, x.item_id,
                x.department_id, p.id, ($3::bigint[])[x.hall], 'A01', ($4::bigint[])[x.hall], x.state, 'window',
                x.created_at,
                CASE WHEN x.accepted THEN x.created_at + INTERVAL '1 minute' END,
                CASE WHEN x.accepted THEN x.day + 5 END,
                CASE WHEN x.accepted THEN x.day + 21 END,
                CASE WHEN x.state = 'correction_requested' THEN x.day + 15 END,
                CASE WHEN x.accepted AND x.state <> 'handed_off' THEN r.id END
         FROM numbered x
         JOIN halls h ON h.id = ($3::bigint[])[x.hall]
         JOIN people p ON p.k = x.person
         LEFT JOIN reviewers r ON r.department_id = x.department_id AND r.k = x.reviewer",
    )
    .bind(missing)
    .bind(version)
    .bind(&halls)
    .bind(&clerks)
    .bind(REVIEWERS_PER_DEPARTMENT as i32)
    .execute(&mut *tx)
    .await?;
    // A later intake on one of those days continues their numbers instead of taking one again.
    sqlx::query(
        "INSERT INTO case_number_sequences (hall_id, day, last)
         SELECT hall_id, to_date(substr(number, 10, 8), 'YYYYMMDD'), max(right(number, 5)::bigint)
         FROM cases GROUP BY 1, 2
         ON CONFLICT (hall_id, day) DO UPDATE SET last = GREATEST(case_number_sequences.last, excluded.last)",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    // As autovacuum would have by the time a city has a million cases: statistics for the planner
    // and the visibility map that lets the queue read its covering index alone. The checkpoint
    // writes out the bulk load's pages now, which a city's server did over the two years the
    // load stands for, instead of while the queue is being timed.
    sqlx::raw_sql("VACUUM (ANALYZE) cases, applicants").execute(pool).await?;
    sqlx::raw_sql("CHECKPOINT").execute(pool).await?;
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM cases").fetch_one(pool).await?;
    eprintln!("{count} cases ({:.0} s)", started.elapsed().as_secs_f64());
    Ok(count)
}

/// The department queue's first page with its tabs' counts at a million cases, idle, from one
/// station's connection, a reviewer's own sign-in (`stations`) or else one as the owner: random departments, every holder filter in turn, as the SQLite benchmark times it. The first `warm` are not counted (a station that has been running has its pages
/// cached). Each part stops early past its time budget: a page that takes seconds is answer
/// enough, not worth an hour of them.
async fn time_queue(
    stations: &HashMap<String, PgStore>,
    as_owner: &PgStore,
    departments: &[String],
    (warm, runs): (usize, usize),
    (warm_budget, budget): (Duration, Duration),
) -> StoreResult<Vec<Duration>> {
    let mut rng = Rng::new(7);
    let mut samples = Vec::with_capacity(runs);
    let mut begun = Instant::now();
    let mut warming = true;
    for i in 0.. {
        if warming && (i == warm || begun.elapsed() > warm_budget) {
            warming = false;
            begun = Instant::now();
        }
        if !warming && (samples.len() == runs || begun.elapsed() > budget) {
            break;
        }
        let department = &departments[rng.below(departments.len())];
        let me = format!("{department}-r{}", rng.below(REVIEWERS_PER_DEPARTMENT));
        let holder = match i % 3 {
            0 => HolderFilter::Any,
            1 => HolderFilter::Unclaimed,
            _ => HolderFilter::User(me.clone()),
        };
        let query = QueueQuery { holder, ..QueueQuery::whole(department, 50) };
        let started = Instant::now();
        let page = stations.get(&me).unwrap_or(as_owner).department_queue(&query, &me, day()).await?;
        if !warming {
            samples.push(started.elapsed());
        }
        std::hint::black_box(page);
    }
    Ok(samples)
}

async fn at_a_million(owner: &PgStore, url: &str, version: i64, as_staff: bool) -> Result<Value, Box<dyn Error>> {
    let catalog = owner.catalog(version).await?;
    let departments: Vec<String> = catalog.departments.iter().map(|d| d.code.clone()).collect();
    let mut reviewers = Vec::new();
    for d in &departments {
        for r in 0..REVIEWERS_PER_DEPARTMENT {
            let reviewer = User {
                username: format!("{d}-r{r}"),
                display_name: format!("审批{r}"),
                role: Role::Reviewer,
                hall_code: None,
                window: None,
                department_code: Some(d.clone()),
            };
            owner.save_user(&reviewer, "x").await?;
            reviewers.push(reviewer.username);
        }
    }
    let cases = fill_to_a_million(owner, version).await?;
    // As staff, each reviewer reads through their own sign-in, under the policies; else one
    // connection as the owner, whom they do not apply to.
    let mut stations = HashMap::new();
    for reviewer in reviewers.iter().filter(|_| as_staff) {
        owner.set_login(reviewer, STAFF_PASSWORD).await?;
        let store = PgStore::sign_in(url, reviewer, STAFF_PASSWORD, 1)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("a login role for {reviewer}")))?;
        stations.insert(reviewer.clone(), store);
    }
    let as_owner = PgStore::attach(url, 1).await?;
    // A reviewer's station has read its queue before, all day: each sign-in's first read (a new
    // server backend planning the queries and filling its caches) is not the one timed.
    for (reviewer, station) in &stations {
        let department = reviewer.rsplit_once("-r").map_or(reviewer.as_str(), |(d, _)| d);
        station.department_queue(&QueueQuery::whole(department, 50), reviewer, day()).await?;
    }
    const RUNS: usize = 1_000;
    let budgets = (Duration::from_secs(10), Duration::from_secs(120));
    let mut samples = time_queue(&stations, &as_owner, &departments, (100, RUNS), budgets).await?;
    let (count, p50, p99, max) = summary(&mut samples);
    let met = count > 0 && p99 <= TARGET_QUEUE_AT_A_MILLION_P99_MS;
    let queued: i64 = sqlx::query_scalar("SELECT count(*) FROM cases WHERE state = ANY($1)")
        .bind(
            CaseState::ALL
                .iter()
                .filter(|s| s.is_in_department_queue())
                .map(|s| s.as_str().to_string())
                .collect::<Vec<_>>(),
        )
        .fetch_one(owner.pool())
        .await?;
    eprintln!();
    eprintln!(
        "department queue, first page, at {cases} cases ({queued} in department queues, {} departments), {}",
        departments.len(),
        if as_staff { "each reviewer their own login role" } else { "as the owner" }
    );
    let stopped = if count < RUNS { format!(" (stopped at two minutes, of {RUNS})") } else { String::new() };
    let verdict = if met { "met" } else { "MISSED" };
    eprintln!("  {count} queries{stopped}: p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms");
    eprintln!("  target p99 ≤ {TARGET_QUEUE_AT_A_MILLION_P99_MS} ms: {verdict}");
    Ok(json!({
        "cases": cases,
        "in_department_queues": queued,
        "departments": departments.len(),
        "as_staff": as_staff,
        "queue_first_page_ms": { "queries": count, "p50": round(p50), "p99": round(p99), "max": round(max) },
        "stopped_early": count < RUNS,
        "target_p99_ms": TARGET_QUEUE_AT_A_MILLION_P99_MS,
        "met": met,
    }))
}

fn report(options: &Options, run: LoadRun, checks: &Checks, cases: i64) -> (Value, bool) {
    let mut tally = run.tally;
    let mut operations = serde_json::Map::new();
    let mut p99_met = true;
    let mut completed = 0usize;
    eprintln!();
    eprintln!(
        "{} stations ({}), {:.0} s timed after {} s of warm-up, pause {} ms between operations; {} cases in the database",
        options.stations,
        if options.as_staff { "each its member of staff's own login role" } else { "as the owner" },
        run.seconds,
        options.warm_up,
        options.pace_ms,
        cases
    );
    eprintln!(
        "{:<18} {:>8} {:>6} {:>9} {:>9} {:>9} {:>7}  target",
        "operation", "count", "share", "p50 ms", "p99 ms", "max ms", "errors"
    );
    let total: usize = tally.samples.iter().map(Vec::len).sum();
    for op in OPS {
        let i = op as usize;
        let (count, p50, p99, max) = summary(&mut tally.samples[i]);
        completed += count;
        let met = count > 0 && p99 <= TARGET_P99_MS;
        p99_met &= met;
        let share = if total > 0 { count as f64 / total as f64 } else { 0.0 };
        eprintln!(
            "{:<18} {:>8} {:>5.1}% {:>9.2} {:>9.2} {:>9.2} {:>7}  p99 ≤ {TARGET_P99_MS} ms: {}",
            op.name(),
            count,
            share * 100.0,
            p50,
            p99,
            max,
            tally.errors[i],
            if met { "met" } else { "MISSED" }
        );
        operations.insert(
            op.name().to_string(),
            json!({
                "count": count, "share_percent": round(share * 100.0),
                "p50_ms": round(p50), "p99_ms": round(p99), "max_ms": round(max),
                "errors": tally.errors[i], "nothing_to_do": tally.nothing[i],
                "target_p99_ms": TARGET_P99_MS, "met": met,
            }),
        );
    }
    let mut steps = serde_json::Map::new();
    for (name, samples) in [("claim", &mut tally.claims), ("decide", &mut tally.decisions)] {
        let (count, p50, p99, max) = summary(samples);
        eprintln!("  {:<16} {:>8} {:>6} {:>9.2} {:>9.2} {:>9.2}", name, count, "", p50, p99, max);
        steps.insert(
            name.into(),
            json!({ "count": count, "p50_ms": round(p50), "p99_ms": round(p99), "max_ms": round(max) }),
        );
    }
    let errors: u64 = tally.errors.iter().sum();
    let throughput = completed as f64 / run.seconds;
    eprintln!(
        "throughput {throughput:.1} operations/s; {} times nothing to claim; {errors} errors",
        tally.nothing[Op::ClaimDecide as usize]
    );
    // The first few of each station's first three: enough to see what went wrong.
    tally.first_errors.truncate(10);
    for e in &tally.first_errors {
        eprintln!("  error: {e}");
    }
    let no_duplicates = checks.returned_twice == 0 && checks.numbers_twice_in_database == 0;
    let no_lost = checks.lost_hand_offs.is_empty();
    let whole = no_duplicates && no_lost && checks.lost_decisions.is_empty() && checks.double_claims == 0;
    eprintln!(
        "{} intakes: {} numbers returned twice, {} twice in the database, {} hand-offs lost; \
         {} decisions: {} lost; {} cases claimed twice",
        tally.intakes.len(),
        checks.returned_twice,
        checks.numbers_twice_in_database,
        checks.lost_hand_offs.len(),
        tally.decided.len(),
        checks.lost_decisions.len(),
        checks.double_claims
    );
    for n in checks.lost_hand_offs.iter().chain(&checks.lost_decisions).take(5) {
        eprintln!("  lost: {n}");
    }
    let all_met = p99_met && whole && errors == 0;
    let value = json!({
        "stations": options.stations,
        "as_staff": options.as_staff,
        "seconds": round(run.seconds),
        "pace_ms": options.pace_ms,
        "warm_up_seconds": options.warm_up,
        "cases_in_database": cases,
        "operations": operations,
        "steps": steps,
        "throughput_ops_per_s": round(throughput),
        "errors": errors,
        "first_errors": tally.first_errors,
        "intakes": tally.intakes.len(),
        "decisions": tally.decided.len(),
        "duplicates": { "returned_twice": checks.returned_twice, "in_database": checks.numbers_twice_in_database },
        "lost_hand_offs": checks.lost_hand_offs.len(),
        "lost_decisions": checks.lost_decisions.len(),
        "double_claims": checks.double_claims,
        "targets": {
            "p99_every_operation": p99_met,
            "no_duplicate_numbers": no_duplicates,
            "no_lost_hand_offs": no_lost,
            "no_errors": errors == 0,
        },
    });
    (value, all_met)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let owner = PgStore::open(&options.url).await?;
    if owner.case_count().await? > 0 {
        return Err("the database already has cases: give the load test an empty one".into());
    }
    setup(&owner).await;
    let version = owner.import_catalog(&city_catalog(), "city load test", at()).await?;
    let seats = seats(options.stations);
    save_staff(&owner, &seats, options.as_staff).await?;
    let applicants = (0..APPLICANTS as u64)
        .map(|n| validate(IdKind::ResidentId, &resident_id(n), day()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("a generated resident ID is invalid: {e:?}"))?;
    let city = Arc::new(City {
        version,
        applicants,
        calendar: WorkCalendar::weekends_only(),
        started: Instant::now(),
        intakes: [AtomicU64::new(0), AtomicU64::new(0)],
        taken: Mutex::new(Vec::new()),
        as_staff: options.as_staff,
    });

    let mut out = serde_json::Map::new();
    let mut all_met = true;
    if options.seconds > 0 {
        let run = run_load(&owner, city, &options, seats).await?;
        let checks = check(&owner, &run.tally).await?;
        let cases = owner.case_count().await?;
        let (value, met) = report(&options, run, &checks, cases);
        all_met &= met;
        out.insert("load".into(), value);
    }
    if options.million {
        let value = at_a_million(&owner, &options.url, version, options.as_staff).await?;
        all_met &= value["met"] == json!(true);
        out.insert("million".into(), value);
    }
    out.insert("all_targets_met".into(), json!(all_met));
    println!("{}", Value::Object(out));
    if !all_met {
        std::process::exit(1);
    }
    Ok(())
}
