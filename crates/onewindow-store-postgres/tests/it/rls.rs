//! Who may see and change what, enforced by PostgreSQL: each member of staff signs in to the
//! database as their own login role with `psql` and runs SQL directly, as anyone at a window
//! could. Every read returns only what the role may see, every forbidden write changes nothing
//! or fails, history stays append-only, and nobody can become someone else.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use onewindow_domain::{validate, CaseAction, DeliveryMethod, IdKind, Role, User};
use onewindow_store::conformance::{act, at, new_case, setup};
use onewindow_store::{CaseStore, HallStore, NewCase};
use onewindow_store_postgres::PgStore;

use crate::fresh_database;

const PASSWORD: &str = "Window#2026";
const PJ: &str = "440703000";
const JH: &str = "440704000";

/// A database as the owner sees it, with one login role per member of staff.
struct City {
    store: PgStore,
    db: String,
    socket: String,
    /// Role names are cluster-wide: each test's staff carry its database's name.
    prefix: String,
    cases: BTreeMap<&'static str, String>,
}

impl City {
    fn role(&self, name: &str) -> String {
        format!("{}_{name}", self.prefix)
    }

    /// Runs `sql` as `who` (a login role, by its password): its rows, or psql's error text.
    fn psql_as(&self, who: &str, password: &str, sql: &str) -> Result<Vec<String>, String> {
        let url = format!("postgres://{who}@localhost/{}?host={}", self.db, self.socket);
        let out = Command::new("psql")
            .args([url.as_str(), "-X", "-qtA", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .env("PGPASSWORD", password)
            .output()
            .expect("psql runs");
        if out.status.success() {
            Ok(String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    fn sql(&self, who: &str, sql: &str) -> Result<Vec<String>, String> {
        self.psql_as(&self.role(who), PASSWORD, sql)
    }

    fn numbers(&self, who: &str) -> BTreeSet<String> {
        self.sql(who, "SELECT number FROM cases").unwrap().into_iter().collect()
    }

    fn named(&self, names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| self.cases[n].clone()).collect()
    }

    async fn owner_count(&self, sql: &str, numbers: &BTreeSet<String>) -> i64 {
        let numbers: Vec<String> = numbers.iter().cloned().collect();
        sqlx::query_scalar(sql).bind(numbers).fetch_one(self.store.pool()).await.unwrap()
    }
}

async fn city() -> City {
    let url = fresh_database().await;
    let (db, socket) = {
        let (_, rest) = url.split_once("localhost/").unwrap();
        let (db, query) = rest.split_once('?').unwrap();
        (db.to_string(), query.strip_prefix("host=").unwrap().to_string())
    };
    let store = PgStore::open(&url).await.unwrap();
    let version = setup(&store).await;
    let pool = store.pool();
    sqlx::query(
        "INSERT INTO departments (code, name, area) VALUES ('JHQSCJGJ', '江门市江海区市场监督管理局', '江海区')",
    )
    .execute(pool)
    .await
    .unwrap();
    let prefix = db.clone();
    let staff = [
        ("clerk_pj", Role::WindowClerk, Some(PJ), None),
        ("clerk_jh", Role::WindowClerk, Some(JH), None),
        ("reviewer_pj", Role::Reviewer, None, Some("PJQSCJGJ")),
        ("reviewer_jh", Role::Reviewer, None, Some("JHQSCJGJ")),
        ("dispatcher_jh", Role::Dispatcher, Some(JH), None),
        ("supervisor_pj", Role::Supervisor, Some(PJ), None),
        ("admin", Role::Admin, None, None),
    ];
    for (name, role, hall, department) in staff {
        let user = User {
            username: format!("{prefix}_{name}"),
            display_name: name.into(),
            role,
            hall_code: hall.map(str::to_string),
            window: (role == Role::WindowClerk).then(|| "A01".to_string()),
            department_code: department.map(str::to_string),
        };
        store.save_user(&user, "argon2-not-used-in-city-mode").await.unwrap();
    }
    // The owner gives the first admin a sign-in; the admin gives everyone else theirs.
    sqlx::query("SELECT onewindow_set_login($1, $2)")
        .bind(format!("{prefix}_admin"))
        .bind(PASSWORD)
        .execute(pool)
        .await
        .unwrap();
    let mut city = City { store, db, socket, prefix, cases: BTreeMap::new() };
    for (name, ..) in staff.iter().filter(|s| s.0 != "admin") {
        city.sql("admin", &format!("SELECT onewindow_set_login('{}', '{PASSWORD}')", city.role(name))).unwrap();
    }

    // pj: taken in and reviewed at 蓬江; jh: taken in at 江海 for the 江海 department;
    // to_jh: taken in at 蓬江, collected at 江海.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let mut pj = new_case(version, "蓬江申请人", at());
    pj.pickup_hall_code = None;
    let mut jh = NewCase {
        hall_code: JH.into(),
        clerk_username: city.role("clerk_jh"),
        pickup_hall_code: None,
        ..new_case(version, "江海申请人", at())
    };
    jh.applicant.id = validate(IdKind::Passport, "E12345678", today).unwrap();
    let to_jh = NewCase { delivery: DeliveryMethod::Window, ..new_case(version, "蓬江申请人", at()) };
    for (name, case) in [("pj", pj), ("jh", jh), ("to_jh", to_jh)] {
        let number = city.store.create_case(&case).await.unwrap();
        act(&city.store, &number, CaseAction::Accept, "clerk", 1).await.unwrap();
        city.cases.insert(name, number);
    }
    sqlx::query(
        "UPDATE cases SET department_id = (SELECT id FROM departments WHERE code = 'JHQSCJGJ') WHERE number = $1",
    )
    .bind(&city.cases["jh"])
    .execute(city.store.pool())
    .await
    .unwrap();
    city
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_reads_only_its_own_cases_and_what_hangs_under_them() {
    let city = city().await;
    let expected: [(&str, &[&str]); 7] = [
        ("clerk_pj", &["pj", "to_jh"]),
        ("clerk_jh", &["jh", "to_jh"]),
        ("reviewer_pj", &["pj", "to_jh"]),
        ("reviewer_jh", &["jh"]),
        ("dispatcher_jh", &["jh", "to_jh"]),
        ("supervisor_pj", &["pj", "to_jh"]),
        ("admin", &["pj", "jh", "to_jh"]),
    ];
    for (who, cases) in expected {
        let visible = city.named(cases);
        assert_eq!(city.numbers(who), visible, "{who}");
        // Every table holding personal data shows exactly the rows of the visible cases.
        for (table, owner_sql) in [
            ("case_events", "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = ANY($1)"),
            (
                "case_materials",
                "SELECT count(*) FROM case_materials m JOIN cases c ON c.id = m.case_id WHERE c.number = ANY($1)",
            ),
            (
                "applicants",
                "SELECT count(DISTINCT a.id) FROM applicants a JOIN cases c ON c.applicant_id = a.id WHERE c.number = ANY($1)",
            ),
        ] {
            let seen = city.sql(who, &format!("SELECT count(*) FROM {table}")).unwrap();
            assert_eq!(seen, vec![city.owner_count(owner_sql, &visible).await.to_string()], "{who} {table}");
        }
        let names: BTreeSet<String> = city.sql(who, "SELECT name FROM applicants").unwrap().into_iter().collect();
        assert_eq!(names.contains("江海申请人"), visible.contains(&city.cases["jh"]), "{who}");
        // Drafts and sign-in records of others stay out of sight.
        assert_eq!(
            city.sql(who, "SELECT count(*) FROM intake_drafts WHERE clerk_id <> onewindow_me_id()").unwrap(),
            ["0"]
        );
        // No one reads a password hash.
        let hashes = city.sql(who, "SELECT password_hash FROM users");
        assert!(hashes.unwrap_err().contains("permission denied"), "{who}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forbidden_writes_change_nothing_or_fail_and_history_is_append_only() {
    let city = city().await;
    let pj = &city.cases["pj"];
    // Another hall's clerk cannot move, re-route or take in for a hall not theirs.
    assert_eq!(
        city.sql("clerk_jh", &format!("UPDATE cases SET state = 'closed' WHERE number = '{pj}'")).unwrap(),
        Vec::<String>::new()
    );
    let moved =
        city.sql("clerk_jh", &format!("UPDATE cases SET state = 'closed' WHERE number = '{pj}' RETURNING number"));
    assert_eq!(moved.unwrap(), Vec::<String>::new());
    let forged = city.sql(
        "clerk_jh",
        "INSERT INTO cases (number, catalog_version_id, service_item_id, applicant_id, hall_id, clerk_id, state, delivery, created_at)
         SELECT 'FORGED', catalog_version_id, service_item_id, applicant_id, (SELECT id FROM halls WHERE code = '440703000'),
                onewindow_me_id(), 'accepted', 'window', now() FROM cases LIMIT 1",
    );
    assert!(forged.unwrap_err().contains("row-level security"));
    // A supervisor reads the hall's figures and changes nothing.
    let supervised =
        city.sql("supervisor_pj", &format!("UPDATE cases SET state = 'closed' WHERE number = '{pj}' RETURNING number"));
    assert_eq!(supervised.unwrap(), Vec::<String>::new());
    // A reviewer of another department cannot decide it.
    let decided = city.sql(
        "reviewer_jh",
        &format!("UPDATE cases SET claimed_by_id = onewindow_me_id() WHERE number = '{pj}' RETURNING number"),
    );
    assert_eq!(decided.unwrap(), Vec::<String>::new());
    let row = city.store.case(pj).await.unwrap().unwrap();
    assert_eq!(row.state.as_str(), "accepted");
    assert_eq!(row.claimed_by_username, None);

    // History: no role may edit or delete an event, not even the admin.
    for who in ["clerk_pj", "reviewer_pj", "admin"] {
        for sql in
            ["UPDATE case_events SET reason = 'edited'", "DELETE FROM case_events", "DELETE FROM shipment_events"]
        {
            let refused = city.sql(who, sql).unwrap_err();
            assert!(refused.contains("permission denied"), "{who}: {sql}: {refused}");
        }
    }
    assert_eq!(city.store.case_events(pj).await.unwrap().len(), 2);

    // Nobody becomes somebody else, and only an admin manages sign-ins.
    let became = city.sql("clerk_pj", &format!("SET ROLE {}", city.role("admin"))).unwrap_err();
    assert!(became.contains("permission denied"), "{became}");
    let managed =
        city.sql("clerk_pj", &format!("SELECT onewindow_set_login('{}', 'Stolen#2026')", city.role("reviewer_pj")));
    assert!(managed.unwrap_err().contains("only an admin"));
    let escalated = city.sql("admin", "SELECT onewindow_set_login('ow', 'Stolen#2026')").unwrap_err();
    assert!(escalated.contains("no user"), "{escalated}");
    assert!(city.sql("clerk_pj", "CREATE ROLE sneaky LOGIN").unwrap_err().contains("permission denied"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_of_another_hall_opens_only_with_its_code_and_a_disabled_sign_in_is_refused() {
    let city = city().await;
    let pj = &city.cases["pj"];
    assert!(!city.numbers("clerk_jh").contains(pj));
    let with_code =
        city.sql("clerk_jh", &format!("SELECT number FROM onewindow_case_by_code('{pj}', 'K7Q2M9')")).unwrap();
    assert_eq!(with_code, vec![pj.clone()]);
    let wrong = city.sql("clerk_jh", &format!("SELECT number FROM onewindow_case_by_code('{pj}', 'WRONG1')")).unwrap();
    assert!(wrong.is_empty());

    // The admin disables a reviewer: the role can no longer sign in, and its row says so.
    city.sql("admin", &format!("SELECT onewindow_disable_login('{}')", city.role("reviewer_pj"))).unwrap();
    let refused = city.sql("reviewer_pj", "SELECT 1").unwrap_err();
    assert!(refused.contains("not permitted to log in"), "{refused}");
    assert_eq!(city.store.user(&city.role("reviewer_pj")).await.unwrap(), None);
    // A wrong password is refused by the server.
    let wrong_password = city.psql_as(&city.role("clerk_pj"), "not-the-password", "SELECT 1").unwrap_err();
    assert!(wrong_password.contains("password authentication failed"), "{wrong_password}");
    // Reset, the reviewer signs in again with the new password only.
    city.sql("admin", &format!("SELECT onewindow_set_login('{}', 'Renewed#2026')", city.role("reviewer_pj"))).unwrap();
    assert_eq!(city.psql_as(&city.role("reviewer_pj"), "Renewed#2026", "SELECT count(*) FROM cases").unwrap(), ["2"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_opened_with_its_code_is_seen_by_its_opener_for_a_day_and_changes_only_by_a_supply() {
    let city = city().await;
    let pj = &city.cases["pj"];
    let open = |who: &str, code: &str| city.sql(who, &format!("SELECT onewindow_open_case('{pj}', '{code}')")).unwrap();
    assert_eq!(open("clerk_jh", "WRONG1"), ["f"]);
    assert_eq!(open("clerk_jh", ""), ["f"]);
    assert!(!city.numbers("clerk_jh").contains(pj), "a wrong code opens nothing");
    assert_eq!(open("clerk_jh", "K7Q2M9"), ["t"]);
    assert!(city.numbers("clerk_jh").contains(pj));
    let events = city.sql(
        "clerk_jh",
        &format!("SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = '{pj}'"),
    );
    assert_eq!(events.unwrap(), ["2"], "and everything under it");
    // The own hall's look-ups need no grant; the opening is the opener's alone.
    assert_eq!(open("clerk_pj", "K7Q2M9"), ["t"]);
    assert_eq!(city.sql("clerk_pj", "SELECT count(*) FROM case_openings").unwrap(), ["0"]);
    assert_eq!(city.sql("clerk_jh", "SELECT count(*) FROM case_openings").unwrap(), ["1"]);
    assert!(!city.numbers("reviewer_jh").contains(pj));
    assert!(!city.numbers("dispatcher_jh").contains(pj));
    let granted = city.sql("clerk_jh", &format!("INSERT INTO case_openings (case_id, user_id, at) SELECT id, onewindow_me_id(), now() FROM cases WHERE number = '{}'", city.cases["jh"]));
    assert!(granted.unwrap_err().contains("permission denied"), "openings are written by the function only");

    // Opened, the case takes a supply and nothing else: no re-routing, no other move or event.
    for sql in [
        format!("UPDATE cases SET delivery_address = '别处' WHERE number = '{pj}'"),
        format!("UPDATE cases SET state = 'closed' WHERE number = '{pj}'"),
        format!("UPDATE cases SET due_date = '2030-01-01' WHERE number = '{pj}'"),
    ] {
        let refused = city.sql("clerk_jh", &sql).unwrap_err();
        assert!(refused.contains("opened with its code"), "{sql}: {refused}");
    }
    let remind = city.sql(
        "clerk_jh",
        &format!(
            "INSERT INTO case_events (case_id, seq, at, action, from_state, to_state, actor_id, hall_id, reason, hash)
             SELECT id, 3, now(), 'remind', state, state, onewindow_me_id(), onewindow_me_hall(), 'x', 'x'
             FROM cases WHERE number = '{pj}'"
        ),
    );
    assert!(remind.unwrap_err().contains("row-level security"));
    assert_eq!(city.store.case_events(pj).await.unwrap().len(), 2);
    let row = city.store.case(pj).await.unwrap().unwrap();
    assert_eq!((row.state.as_str(), row.delivery_address), ("accepted", None));

    // An opening lapses after the working day.
    let opened_ago = |hours: i32| {
        sqlx::query(
            "INSERT INTO case_openings (case_id, user_id, at)
             SELECT c.id, u.id, now() - make_interval(hours => $3) FROM cases c, users u
             WHERE c.number = $1 AND u.username = $2",
        )
        .bind(&city.cases["jh"])
        .bind(city.role("clerk_pj"))
        .bind(hours)
        .execute(city.store.pool())
    };
    opened_ago(13).await.unwrap();
    assert!(!city.numbers("clerk_pj").contains(&city.cases["jh"]));
    opened_ago(11).await.unwrap();
    assert!(city.numbers("clerk_pj").contains(&city.cases["jh"]));
}

/// A scan not yet filed under a case, and a file the inbox refused, are the hall's that took
/// them in (migration 0005): another hall's staff and the back office see neither, and nobody
/// can write one in another hall's name.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unfiled_scans_and_refused_files_stay_in_the_hall_that_took_them_in() {
    let city = city().await;
    let sha = "ab".repeat(32);
    let insert = |sha: &str, extra: &str, value: &str| {
        format!(
            "INSERT INTO scans (sha256, media_type, pages, bytes, original_name, source_key, received_at{extra})
             VALUES ('{sha}', 'image/jpeg', 1, 1000, '身份证正面.jpg', 'inbox/a.jpg', now(){value})"
        )
    };
    city.sql("clerk_pj", &insert(&sha, "", "")).unwrap();
    let sees = |who: &str| city.sql(who, &format!("SELECT original_name FROM scans WHERE sha256 = '{sha}'")).unwrap();
    assert_eq!(sees("clerk_pj"), vec!["身份证正面.jpg"]);
    assert_eq!(sees("supervisor_pj"), vec!["身份证正面.jpg"], "the same hall");
    assert_eq!(sees("admin").len(), 1);
    for other in ["clerk_jh", "dispatcher_jh", "reviewer_pj", "reviewer_jh"] {
        assert!(sees(other).is_empty(), "{other} sees another hall's unfiled scan");
    }
    let changed = city.sql("clerk_jh", &format!("UPDATE scans SET cover_for = 'x|y' WHERE sha256 = '{sha}'"));
    assert_eq!(changed, Ok(vec![]));
    let hall_of_pj = format!(", (SELECT id FROM halls WHERE code = '{PJ}')");
    let forged = city.sql("clerk_jh", &insert(&"cd".repeat(32), ", hall_id", &hall_of_pj));
    assert!(forged.unwrap_err().contains("row-level security"));

    let refused = "INSERT INTO quarantined_files (original_name, code, reason, moved_to, at)
                   VALUES ('陈小明-户口本.heic', 'unsupported', '格式不支持', 'quarantine/1', now())";
    city.sql("clerk_pj", refused).unwrap();
    let refused_seen = |who: &str| city.sql(who, "SELECT original_name FROM quarantined_files").unwrap();
    assert_eq!(refused_seen("clerk_pj"), vec!["陈小明-户口本.heic"]);
    assert!(refused_seen("clerk_jh").is_empty());
    assert_eq!(refused_seen("admin").len(), 1);
}

/// Rows of `cases` a plan read (rows times loops over every node on the table), from psql's
/// `EXPLAIN (ANALYZE, FORMAT JSON)`.
fn case_rows_read(plan: &serde_json::Value) -> f64 {
    let own = if plan["Relation Name"] == "cases" {
        plan["Actual Rows"].as_f64().unwrap_or(0.0) * plan["Actual Loops"].as_f64().unwrap_or(0.0)
    } else {
        0.0
    };
    own + plan["Plans"].as_array().map_or(0.0, |children| children.iter().map(case_rows_read).sum())
}

/// Row-level security costs what the rows a query touches cost, not what the city holds
/// (migration 0008): each role's read of one case's history, and a clerk's of its materials,
/// asks for that one case by its key, with two thousand other cases in the database (0002's
/// policies read every case the role may see, asking the rule of each).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_reads_the_one_case_a_row_hangs_under_not_every_case() {
    let city = city().await;
    sqlx::query(
        "INSERT INTO cases SELECT (jsonb_populate_record(NULL::cases, to_jsonb(c)
                || jsonb_build_object('id', 1000000 + g, 'number', '9' || lpad(g::text, 21, '0')))).*
         FROM cases c, generate_series(1, 2000) g WHERE c.number = $1",
    )
    .bind(&city.cases["pj"])
    .execute(city.store.pool())
    .await
    .unwrap();
    sqlx::query("ANALYZE").execute(city.store.pool()).await.unwrap();
    let pj: i64 = sqlx::query_scalar("SELECT id FROM cases WHERE number = $1")
        .bind(&city.cases["pj"])
        .fetch_one(city.store.pool())
        .await
        .unwrap();
    for (who, table) in [
        ("clerk_pj", "case_events"),
        ("clerk_pj", "case_materials"),
        ("reviewer_pj", "case_events"),
        ("supervisor_pj", "case_events"),
        ("dispatcher_jh", "case_events"),
        ("admin", "case_events"),
    ] {
        let sql = format!("EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM {table} WHERE case_id = {pj}");
        let out = city.sql(who, &sql).unwrap().join("\n");
        let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
        let read = case_rows_read(&plan[0]["Plan"]);
        assert!(read <= 4.0, "{who} read {read} rows of cases for one case's {table}: {out}");
    }
}

/// A station's queries are never compiled by JIT (`PgStore`'s connection options): under the
/// policies the planner prices a read of a department's cases by their sub-plans for every row of
/// the table, past JIT's thresholds once a city holds a million cases, and the compiling then
/// took a hundred times the read. The thresholds are lowered to nothing here so that a dozen
/// cases cross them: psql, without the station's options, compiles the reviewer's read; the same
/// read on the reviewer's own sign-in through the store does not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stations_reads_are_never_jit_compiled() {
    let city = city().await;
    let read = "EXPLAIN ANALYZE SELECT count(*) FROM cases WHERE state = ANY('{handed_off,under_review}')";
    let by_psql = city.sql("reviewer_pj", &format!("SET jit_above_cost = 0; {read}")).unwrap().join("\n");
    assert!(by_psql.contains("JIT:"), "this server compiles with JIT at all: {by_psql}");
    let url = format!("postgres://localhost/{}?host={}", city.db, city.socket);
    let station = PgStore::sign_in(&url, &city.role("reviewer_pj"), PASSWORD, 1).await.unwrap().unwrap();
    let mut tx = station.pool().begin().await.unwrap();
    sqlx::query("SET LOCAL jit_above_cost = 0").execute(&mut *tx).await.unwrap();
    let plan: Vec<String> = sqlx::query_scalar(read).fetch_all(&mut *tx).await.unwrap();
    let plan = plan.join("\n");
    assert!(!plan.contains("JIT:"), "a station's read was compiled: {plan}");
}

/// A reviewer's department queue is read from its covering index alone under the policies, as
/// the owner reads it (migration 0010): the policies' own columns (the case's id for an opening,
/// the pickup hall) are in the index. With every other way of reading the table priced out, the
/// plan is an index-only scan, or it could not be one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reviewers_queue_is_read_from_its_index_alone() {
    let city = city().await;
    let counts = "SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_indexscan = off;
                  EXPLAIN SELECT count(*), count(*) FILTER (WHERE c.claimed_by_id IS NULL),
                                 count(*) FILTER (WHERE c.due_date < current_date),
                                 count(*) FILTER (WHERE c.correction_due < current_date)
                  FROM cases c
                  WHERE c.department_id = (SELECT id FROM departments WHERE code = 'PJQSCJGJ')
                    AND c.state = ANY('{handed_off,under_review,correction_requested}')";
    let plan = city.sql("reviewer_pj", counts).unwrap().join("\n");
    assert!(plan.contains("Index Only Scan using cases_department_queue on cases"), "{plan}");
}

/// The department queue's functions (migrations 0011 and 0012) read as the owner once they have
/// asked who is reading: they answer a department's own reviewer and an admin as the policies
/// would, and refuse every other member of staff, a reviewer of another department included; a
/// station's role may not call them at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_departments_own_reviewers_and_an_admin_read_its_queue() {
    let city = city().await;
    let state: String = sqlx::query_scalar("SELECT state FROM cases WHERE number = $1")
        .bind(&city.cases["pj"])
        .fetch_one(city.store.pool())
        .await
        .unwrap();
    let queue = format!(
        "SELECT all_cases, total, array_to_string(numbers, ' ')
         FROM onewindow_department_queue('PJQSCJGJ', '{{{state}}}', '{{}}', '', current_date, '{{{state}}}',
                                         NULL, NULL, 'any', NULL, NULL, NULL, false, 50, 0)"
    );
    let mut numbers = [&city.cases["pj"], &city.cases["to_jh"]];
    numbers.sort();
    let expected = format!("2|2|{} {}", numbers[0], numbers[1]);
    for who in ["reviewer_pj", "admin"] {
        assert_eq!(city.sql(who, &queue).unwrap(), [expected.as_str()], "{who}");
    }
    for who in ["reviewer_jh", "clerk_pj", "dispatcher_jh", "supervisor_pj"] {
        let refused = city.sql(who, &queue).unwrap_err();
        assert!(refused.contains("only the department's own reviewers and leads read its queue"), "{who}: {refused}");
    }
    let station_may: bool = sqlx::query_scalar(
        "SELECT has_function_privilege('onewindow_station', 'onewindow_department_queue(text, text[], text[], text,
                    date, text[], text, text, text, text, date, date, boolean, bigint, bigint)', 'EXECUTE')
            OR has_function_privilege('onewindow_station', 'onewindow_department_queue_cases(text, text[])', 'EXECUTE')",
    )
    .fetch_one(city.store.pool())
    .await
    .unwrap();
    assert!(!station_may);

    // The page's cases (0012): what the policies show the same reader, only the department's
    // whatever numbers are asked for, a bundle's lead only where the reader sees it.
    let (pj, to_jh, jh) = (&city.cases["pj"], &city.cases["to_jh"], &city.cases["jh"]);
    for (case, lead) in [(pj, jh), (to_jh, pj)] {
        sqlx::query(
            "UPDATE cases SET bundle_code = 'B1', bundle_lead_id = (SELECT id FROM cases WHERE number = $2)
             WHERE number = $1",
        )
        .bind(case)
        .bind(lead)
        .execute(city.store.pool())
        .await
        .unwrap();
    }
    let asked = format!("'{{{pj}, {to_jh}, {jh}}}'");
    let page = format!(
        r#"SELECT "number!", "bundle_lead?", "applicant_name!", "state!"
           FROM onewindow_department_queue_cases('PJQSCJGJ', {asked})"#
    );
    let policies = format!(
        "SELECT c.number, bl.number, a.name, c.state
         FROM cases c JOIN applicants a ON a.id = c.applicant_id LEFT JOIN cases bl ON bl.id = c.bundle_lead_id
         WHERE c.number = ANY({asked}) AND c.department_id = (SELECT id FROM departments WHERE code = 'PJQSCJGJ')
         ORDER BY c.due_date NULLS FIRST, c.number"
    );
    for who in ["reviewer_pj", "admin"] {
        let shown = city.sql(who, &page).unwrap();
        assert_eq!(shown.len(), 2, "{who}: {shown:?}");
        assert_eq!(shown, city.sql(who, &policies).unwrap(), "{who}");
    }
    let lead_of_pj = |who: &str| city.sql(who, &page).unwrap().into_iter().find(|r| r.starts_with(pj.as_str()));
    assert_eq!(lead_of_pj("reviewer_pj"), Some(format!("{pj}||蓬江申请人|{state}")), "jh's case is not theirs");
    assert_eq!(lead_of_pj("admin"), Some(format!("{pj}|{jh}|蓬江申请人|{state}")));
    for who in ["reviewer_jh", "clerk_pj", "dispatcher_jh", "supervisor_pj"] {
        let refused = city.sql(who, &page).unwrap_err();
        assert!(refused.contains("only the department's own reviewers and leads read its queue"), "{who}: {refused}");
    }
}

/// Guessing codes at psql is slowed by the database (migration 0006): twenty wrong tries in an
/// hour, each recorded, and the member of staff opens nothing more, the right code included,
/// while a colleague is not affected.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_wrong_codes_in_an_hour_and_no_case_opens_with_any() {
    let city = city().await;
    let pj = &city.cases["pj"];
    let open = |who: &str, code: &str| city.sql(who, &format!("SELECT onewindow_open_case('{pj}', '{code}')"));
    for n in 0..20 {
        assert_eq!(open("clerk_jh", &format!("WRONG{n}")), Ok(vec!["f".to_string()]));
    }
    let refused = open("clerk_jh", "K7Q2M9").unwrap_err();
    assert!(refused.contains("too many wrong verification codes"), "{refused}");
    assert!(!city.numbers("clerk_jh").contains(pj));
    assert_eq!(city.sql("clerk_jh", "SELECT count(*) FROM case_opening_refusals").unwrap(), ["20"]);
    assert_eq!(
        city.sql("dispatcher_jh", "SELECT count(*) FROM case_opening_refusals").unwrap(),
        ["0"],
        "one's own only"
    );
    assert_eq!(open("dispatcher_jh", "K7Q2M9"), Ok(vec!["t".to_string()]), "a colleague's count is their own");
    let forged = city.sql("clerk_jh", "DELETE FROM case_opening_refusals");
    assert!(forged.unwrap_err().contains("permission denied"));
}

/// A hand-in payload as `onewindow_hand_in` reads it: one event by `actor` at `hall`.
fn payload(number: &str, hall: &str, clerk: &str, actor: &str) -> String {
    serde_json::json!({
        "number": number, "verification_code": "K7Q2M9", "catalog_version": 1,
        "service_item_code": "X", "department_code": "PJQSCJGJ", "hall_code": hall, "clerk_username": clerk,
        "chain_head": "h1", "state": "handed_off", "delivery": "window",
        "events": [{"seq": 1, "at": "2026-11-28T02:00:00Z", "action": "create", "to_state": "draft",
                    "actor_username": actor, "hall_code": hall, "reason": "受理", "hash": "h1"}],
    })
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_station_role_leases_numbers_and_hands_in_its_own_halls_intakes_and_does_nothing_else() {
    let city = city().await;
    let station = city.role("station");
    let secret = "a-station-secret-of-24-chars-or-more";
    let register = |who: &str| {
        city.sql(who, &format!("SELECT onewindow_register_station('{station}', '{PJ}', 'A01', '{secret}')"))
    };
    assert!(register("clerk_pj").unwrap_err().contains("only an admin registers a station"));
    let short = city.sql("admin", &format!("SELECT onewindow_register_station('{station}', '{PJ}', NULL, 'short')"));
    assert!(short.unwrap_err().contains("at least 24 characters"));
    let as_staff = city.sql(
        "admin",
        &format!("SELECT onewindow_register_station('{}', '{PJ}', NULL, '{secret}')", city.role("clerk_pj")),
    );
    assert!(
        as_staff.unwrap_err().contains("not as a member of staff"),
        "a member of staff's role is never a station's"
    );
    register("admin").unwrap();
    let as_station = |sql: &str| city.psql_as(&station, secret, sql);

    // It reads nothing and writes nothing directly.
    for table in ["cases", "case_events", "applicants", "users", "scans", "stations", "number_leases"] {
        let read = as_station(&format!("SELECT count(*) FROM {table}"));
        assert!(read.unwrap_err().contains("permission denied"), "{table}");
    }
    let write = as_station("INSERT INTO case_number_sequences (hall_id, day, last) VALUES (1, '2026-11-28', 9)");
    assert!(write.unwrap_err().contains("permission denied"));
    assert!(as_station("SELECT onewindow_set_login('x', 'password123')").unwrap_err().contains("permission denied"));

    // A lease raises the hall's sequence past the block; a member of staff leases none.
    let today = chrono::Local::now().date_naive();
    let lease =
        as_station(&format!("SELECT lease_first || '-' || lease_last FROM onewindow_lease_numbers('{today}', 5)"));
    let (first, last) = {
        let range = lease.unwrap().remove(0);
        let (a, b) = range.split_once('-').unwrap();
        (a.parse::<i64>().unwrap(), b.parse::<i64>().unwrap())
    };
    assert_eq!(last - first, 4);
    let taken: i64 = sqlx::query_scalar(
        "SELECT last FROM case_number_sequences WHERE day = $1 AND hall_id = (SELECT id FROM halls WHERE code = $2)",
    )
    .bind(today)
    .bind(PJ)
    .fetch_one(city.store.pool())
    .await
    .unwrap();
    assert_eq!(taken, last);
    let staff_lease = city.sql("clerk_pj", &format!("SELECT * FROM onewindow_lease_numbers('{today}', 5)"));
    assert!(staff_lease.unwrap_err().contains("permission denied"));
    let past = as_station("SELECT * FROM onewindow_lease_numbers('2020-01-01', 5)");
    assert!(past.unwrap_err().contains("no lease for"));

    // Hand-ins: another hall's case, another's act, a number not leased to it: refused, nothing written.
    let day = today.format("%Y%m%d");
    let leased = format!("{PJ}{day}{first:05}");
    let clerk = city.role("clerk_pj");
    let hand_in = |key: &str, body: &str| as_station(&format!("SELECT onewindow_hand_in('{key}', '{body}'::jsonb)"));
    let other_hall = hand_in("k1", &payload(&format!("{JH}{day}{first:05}"), JH, &city.role("clerk_jh"), "x"));
    assert!(other_hall.unwrap_err().contains("not of this station's hall"));
    let others_act = hand_in("k2", &payload(&leased, PJ, &clerk, &city.role("reviewer_pj")));
    assert!(others_act.unwrap_err().contains("the clerk's own acts only"));
    let not_leased = hand_in("k3", &payload(&format!("{PJ}{day}{:05}", last + 1), PJ, &clerk, &clerk));
    assert!(not_leased.unwrap_err().contains("was not leased to this station"));
    let staff_hand_in = city
        .sql("clerk_pj", &format!("SELECT onewindow_hand_in('k4', '{}'::jsonb)", payload(&leased, PJ, &clerk, &clerk)));
    assert!(staff_hand_in.unwrap_err().contains("permission denied"));
    let keyed: i64 = sqlx::query_scalar("SELECT count(*) FROM cases WHERE intake_key IS NOT NULL")
        .fetch_one(city.store.pool())
        .await
        .unwrap();
    assert_eq!(keyed, 0);
    // The clerk's hall sees the station's registration and leases; another hall's clerk does not.
    assert_eq!(city.sql("clerk_pj", "SELECT count(*) FROM number_leases").unwrap(), ["1"]);
    assert_eq!(city.sql("clerk_jh", "SELECT count(*) FROM stations").unwrap(), ["0"]);
    let forged = city.sql("admin", "DELETE FROM number_leases");
    assert!(forged.unwrap_err().contains("permission denied"));
}

/// The city's sign-in throttle cannot be cleared or aimed from psql (migration 0009): a member of
/// staff records only their own success and an admin a lift in their own name; a failure is the stations' to record, under their own name; and only an admin reads another
/// user's attempts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_attempts_are_recorded_only_by_whom_they_concern() {
    let city = city().await;
    let (clerk, reviewer) = (city.role("clerk_pj"), city.role("reviewer_pj"));
    let insert = |who: &str, username: &str, outcome: &str, by: &str| {
        city.sql(
            who,
            &format!(
                "INSERT INTO sign_in_attempts (username, kind, outcome, station, by_username, at)
                 VALUES ('{username}', 'sign_in', '{outcome}', 'psql', {by}, now())"
            ),
        )
    };
    let refused_by_policy = |r: Result<Vec<String>, String>| r.unwrap_err().contains("row-level security");
    // A clerk clears a colleague's count, or records failures to lock the admin out: refused.
    assert!(refused_by_policy(insert("clerk_pj", &reviewer, "lifted", &format!("'{clerk}'"))));
    assert!(refused_by_policy(insert("clerk_pj", &reviewer, "succeeded", "NULL")));
    assert!(refused_by_policy(insert("clerk_pj", &city.role("admin"), "failed", "NULL")));
    assert!(refused_by_policy(insert("clerk_pj", &clerk, "failed", "NULL")));
    insert("clerk_pj", &clerk, "succeeded", "NULL").unwrap();
    // The admin lifts in their own name only.
    let admin = city.role("admin");
    assert!(refused_by_policy(insert("admin", &reviewer, "lifted", &format!("'{clerk}'"))));
    insert("admin", &reviewer, "lifted", &format!("'{admin}'")).unwrap();
    // Through the function: one's own attempts, or anyone's as the admin.
    let own = city.sql("clerk_pj", &format!("SELECT outcome FROM onewindow_attempts_since_reset('{clerk}')"));
    assert_eq!(own.unwrap(), ["succeeded"]);
    let others = city.sql("clerk_pj", &format!("SELECT outcome FROM onewindow_attempts_since_reset('{reviewer}')"));
    assert!(others.unwrap_err().contains("only an admin"));
    let as_admin = city.sql("admin", &format!("SELECT outcome FROM onewindow_attempts_since_reset('{reviewer}')"));
    assert_eq!(as_admin.unwrap(), ["lifted"]);
    // A member of staff records no refusal through the stations' function.
    let staff_refusal =
        city.sql("clerk_pj", &format!("SELECT onewindow_record_refused_sign_in('{reviewer}', 'sign_in', 'failed')"));
    assert!(staff_refusal.unwrap_err().contains("permission denied"));

    // A station records failures and refusals in its own name, with the server's time, and nothing else.
    let station = city.role("station");
    let secret = "a-station-secret-of-24-chars-or-more";
    city.sql("admin", &format!("SELECT onewindow_register_station('{station}', '{PJ}', 'A01', '{secret}')")).unwrap();
    let as_station = |sql: &str| city.psql_as(&station, secret, sql);
    for outcome in ["failed", "refused"] {
        as_station(&format!("SELECT onewindow_record_refused_sign_in('{reviewer}', 'sign_in', '{outcome}')")).unwrap();
    }
    for outcome in ["succeeded", "lifted"] {
        let cleared =
            as_station(&format!("SELECT onewindow_record_refused_sign_in('{reviewer}', 'sign_in', '{outcome}')"));
        assert!(cleared.unwrap_err().contains("failed or refused sign-ins only"), "{outcome}");
    }
    let direct = as_station(&format!(
        "INSERT INTO sign_in_attempts (username, kind, outcome, station, at) VALUES ('{reviewer}', 'sign_in', 'lifted', 'x', now())"
    ));
    assert!(direct.unwrap_err().contains("permission denied"));
    let read =
        as_station(&format!("SELECT outcome || ' ' || station FROM onewindow_attempts_since_reset('{reviewer}')"));
    assert_eq!(read.unwrap(), ["lifted psql", &format!("failed {station}"), &format!("refused {station}")]);
}
