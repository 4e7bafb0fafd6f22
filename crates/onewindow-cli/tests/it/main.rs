//! The `onewindow` binary as operators and scripts use it: arguments in, JSON lines and exit codes out.

use std::process::{Command, Output};

use serde_json::{json, Value};

mod copy;
mod courier;
mod followup;
mod review;
mod scanning;
mod station;

pub(crate) fn onewindow<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onewindow")).args(args).output().expect("run onewindow")
}

pub(crate) fn seeded_db(dir: &tempfile::TempDir) -> String {
    let db = dir.path().join("onewindow.db").to_str().unwrap().to_string();
    assert!(onewindow(&["--db", &db, "demo", "seed", "--without-scans"]).status.success());
    db
}

/// What a statement prints from the database, as an operator would query it.
pub(crate) fn sql(db: &str, statement: &str) -> String {
    let out = Command::new("sqlite3").arg(db).arg(statement).output().expect("sqlite3");
    assert!(out.status.success(), "{statement}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The binary run with `input` on its standard input (a request given as `-`).
pub(crate) fn with_stdin<S: AsRef<std::ffi::OsStr>>(args: &[S], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_onewindow"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// The one JSON object a successful command printed.
pub(crate) fn json(out: &Output) -> Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The error a refused command printed on standard error: exit 2, nothing on standard output.
pub(crate) fn refusal(out: &Output) -> Value {
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(out.stdout.is_empty());
    serde_json::from_slice(&out.stderr).unwrap()
}

/// A case of the demo in `state`, read from the database the way an operator would.
pub(crate) fn first_case_in_state(db: &str, state: &str) -> String {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(format!("SELECT number FROM cases WHERE state = '{state}' LIMIT 1"))
        .output()
        .expect("sqlite3");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

#[test]
fn validate_gives_one_verdict_per_value_in_order() {
    let out = onewindow(&["validate", "--kind", "resident-id", "11010519491231002X", "110105194912310021"]);
    assert_eq!(out.status.code(), Some(1));
    let verdicts = lines(&out);
    assert_eq!(verdicts.len(), 2);
    assert_eq!(
        verdicts[0],
        serde_json::json!({"kind": "resident-id", "value": "11010519491231002X", "valid": true, "error": null})
    );
    assert_eq!(verdicts[1]["valid"], false);
    assert_eq!(verdicts[1]["error"]["code"], "checksum_mismatch");
    assert!(verdicts[1]["error"]["message"].as_str().unwrap().contains("校验位"));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(r#"{"kind":"resident-id","value":"#), "documented field order: {text}");
}

#[test]
fn validate_exits_zero_when_every_value_is_valid() {
    let cases: [(&str, &[&str]); 7] = [
        ("resident-id", &["11010519491231002X", "440524188001010014"]),
        ("uscc", &["91350100M000100Y43"]),
        ("mobile", &["13812345678"]),
        ("hk-macau-permit", &["H12345678", "M87654321"]),
        ("residence-permit", &["810000198001011236"]),
        ("tw-permit", &["12345678"]),
        ("passport", &["E12345678", "533380006"]),
    ];
    for (kind, values) in cases {
        let mut args = vec!["validate", "--kind", kind];
        args.extend_from_slice(values);
        let out = onewindow(&args);
        assert_eq!(out.status.code(), Some(0), "{kind}: {}", String::from_utf8_lossy(&out.stdout));
        assert!(lines(&out).iter().all(|v| v["valid"] == true));
    }
}

#[test]
fn validate_never_panics_on_hostile_input() {
    let long = "9".repeat(5000);
    let hostile = ["", "１２３４５６", &long, "'; DROP TABLE cases; --", "-rf", "\u{7}", "𠮷", "%s%n"];
    for kind in ["resident-id", "uscc", "mobile", "hk-macau-permit", "residence-permit", "tw-permit", "passport"] {
        for value in hostile {
            let out = onewindow(&["validate", "--kind", kind, value]);
            assert_eq!(out.status.code(), Some(1), "{kind} {value:?}: {}", String::from_utf8_lossy(&out.stderr));
            let verdict = &lines(&out)[0];
            assert_eq!(verdict["valid"], false);
            assert!(!verdict["error"]["message"].as_str().unwrap().is_empty());
        }
    }
    let unknown = onewindow(&["validate", "--kind", "drivers-licence", "123"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn migrate_then_seed_then_seed_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nested").join("onewindow.db");
    let db = db.to_str().unwrap();
    let migrated = onewindow(&["--db", db, "db", "migrate"]);
    assert!(migrated.status.success(), "{}", String::from_utf8_lossy(&migrated.stderr));
    assert_eq!(lines(&migrated)[0]["migrated"], true);
    let seeded = onewindow(&["demo", "seed", "--db", db]);
    assert!(seeded.status.success(), "{}", String::from_utf8_lossy(&seeded.stderr));
    let report = &lines(&seeded)[0];
    assert_eq!(report["seeded"], true);
    assert!(report["cases"].as_u64().unwrap() >= 200);
    assert!(report["service_items"].as_u64().unwrap() >= 40);
    // Every received material of a case in the back office has a page to look at.
    assert!(report["scans"].as_u64().unwrap() >= 100, "{report}");
    let queued = first_case_in_state(db, "under_review");
    let shown = lines(&onewindow(&["--db", db, "case", "show", "--case", &queued, "--user", "reviewer"]))[0].clone();
    let materials = shown["materials"].as_array().unwrap();
    let received: Vec<_> = materials.iter().filter(|m| m["received_form"].is_string()).collect();
    assert!(!received.is_empty());
    for m in received {
        let scans = m["material"]["scans"].as_array().unwrap();
        assert_eq!(scans.len(), 1, "{m}");
        assert_eq!(scans[0]["scan"]["media_type"], "image/png");
    }
    let again = lines(&onewindow(&["--db", db, "demo", "seed"]))[0].clone();
    assert_eq!(again["seeded"], false);
    assert_eq!(again["cases"], report["cases"]);
}

#[test]
fn an_unusable_database_path_is_a_clear_error() {
    let out = onewindow(&["--db", "/proc/onewindow/nope.db", "db", "migrate"]);
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert!(err["error"].as_str().unwrap().contains("/proc/onewindow"), "{err}");
}

#[test]
fn catalog_check_reports_every_problem_with_file_and_line_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("GOOD.toml");
    std::fs::write(
        &good,
        "[department]\ncode = \"GOOD\"\nname = \"测试局\"\narea = \"江门市\"\n\n[[items]]\ncode = \"X-1\"\nname = \"测试事项\"\nlevel = \"city\"\nkind = \"公共服务\"\nstatutory_days = 5\npromised_days = 9\non_the_spot = false\nfee = \"不收费\"\ndelivery = [\"window\"]\ncitywide = true\ncommitment_approval = false\n\n[[items.materials]]\ncode = \"M01\"\nname = \"居民身份证\"\nform = \"original\"\ncopies = 1\npages = 1\npolicy = \"tolerable\"\n",
    )
    .unwrap();
    let bundles = dir.path().join("bundles.toml");
    std::fs::write(&bundles, "[[bundles]]\ncode = \"B\"\nname = \"一件事\"\nitems = [\"X-1\", \"X-2\"]\n").unwrap();
    let out = onewindow(&["catalog", "check", good.to_str().unwrap(), bundles.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let problems = lines(&out);
    let codes: Vec<&str> = problems.iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["promised_beyond_statutory", "tolerable_without_deadline", "unknown_item"]);
    assert_eq!(problems[0]["line"], 12);
    assert_eq!(problems[0]["field"], "items[0].promised_days");
    assert!(problems[0]["file"].as_str().unwrap().ends_with("GOOD.toml"));
    assert!(problems[2]["message"].as_str().unwrap().contains("X-2"));
}

#[test]
fn export_check_import_round_trip_makes_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let out_dir = dir.path().join("export");
    let exported = onewindow(&["--db", &db, "catalog", "export", "--out", out_dir.to_str().unwrap()]);
    assert!(exported.status.success());
    assert_eq!(lines(&exported)[0]["catalog_version"], 1);
    let mut files: Vec<String> =
        std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().path().to_str().unwrap().to_string()).collect();
    files.sort();
    let mut check = vec!["catalog", "check"];
    check.extend(files.iter().map(String::as_str));
    let checked = onewindow(&check);
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stdout));
    let mut import = vec!["--db", db.as_str(), "catalog", "import"];
    import.extend(files.iter().map(String::as_str));
    let imported = lines(&onewindow(&import))[0].clone();
    assert_eq!(imported["catalog_version"], 2);
    assert!(imported["service_items"].as_u64().unwrap() >= 40);
    // A broken file is refused whole: the version stays.
    std::fs::write(&files[0], "[department\n").unwrap();
    let mut broken = vec!["--db", db.as_str(), "catalog", "import"];
    broken.extend(files.iter().map(String::as_str));
    assert_eq!(onewindow(&broken).status.code(), Some(1));
    let again = dir.path().join("again");
    let exported = onewindow(&["--db", &db, "catalog", "export", "--out", again.to_str().unwrap()]);
    assert_eq!(lines(&exported)[0]["catalog_version"], 2);
}

#[test]
fn catalog_search_prints_the_best_matches_as_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let hits = lines(&onewindow(&["--db", &db, "catalog", "search", "gtgsh", "--limit", "3"]));
    assert_eq!(hits.len(), 3);
    assert_eq!(hits[0]["name"], "个体工商户设立登记");
    assert_eq!(hits[0]["kind"], "item");
    let bundles = lines(&onewindow(&["--db", &db, "catalog", "search", "一件事"]));
    assert!(bundles.iter().any(|h| h["kind"] == "bundle" && h["name"] == "开办企业一件事"));
}

#[test]
fn shortfall_prints_the_decision() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let item = "440703-PJQSCJGJ-001";
    let decide = |extra: &[&str]| {
        let mut args = vec!["--db", db.as_str(), "shortfall", "--item", item];
        args.extend_from_slice(extra);
        let out = onewindow(&args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        lines(&out)[0].clone()
    };
    let all = decide(&["--present", "M01,M02,M03"]);
    assert_eq!(all["decision"], "accept");
    assert_eq!(all["shortfall_supplement_due"], Value::Null);
    let tolerated = decide(&["--present", "M01,M02", "--commitment-signed"]);
    assert_eq!(tolerated["decision"], "accept_with_shortfall");
    assert_eq!(tolerated["findings"][2]["finding"], "missing_tolerated");
    assert!(tolerated["shortfall_supplement_due"].as_str().unwrap() <= tolerated["due"].as_str().unwrap());
    assert_eq!(decide(&["--present", "M01,M02"])["decision"], "one_time_notice");
    assert_eq!(decide(&["--present", "M01,M02", "--commitment-signed", "--dishonest"])["decision"], "one_time_notice");
    let agent = decide(&["--present", "M01,M02,M03", "--agent"]);
    assert_eq!(agent["decision"], "one_time_notice");
    // A copy of the application form where the original is asked for: wrong, so a notice.
    let copy = decide(&["--present", "M01,M02,M03", "--form", "M01=copy"]);
    assert_eq!(copy["decision"], "one_time_notice");
    assert_eq!(copy["findings"][0]["rule"], "wrong_form");
    assert!(copy["findings"][0]["message"].as_str().unwrap().starts_with("收到的是复印件，须提交原件"));
    let bad_form = onewindow(&["--db", &db, "shortfall", "--item", item, "--present", "M01", "--form", "M01=fax"]);
    assert_eq!(bad_form.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_form.stderr).contains("材料形式“fax”不正确"));
    let unknown = onewindow(&["--db", &db, "shortfall", "--item", "nope", "--present", "M01"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn workdays_count_over_holidays_and_make_up_days() {
    let out = |args: &[&str]| String::from_utf8(onewindow(args).stdout).unwrap().trim().to_string();
    assert_eq!(out(&["workdays", "add", "2026-09-30", "1"]), "2026-10-08");
    assert_eq!(out(&["workdays", "add", "2026-02-13", "3"]), "2026-02-25");
    assert_eq!(out(&["workdays", "between", "2025-12-31", "2026-12-31"]), "248");
    let unknown_year = onewindow(&["workdays", "add", "2030-06-03", "5"]);
    assert_eq!(String::from_utf8(unknown_year.stdout).unwrap().trim(), "2030-06-10");
    assert!(String::from_utf8(unknown_year.stderr).unwrap().contains("2030"));
    assert_eq!(onewindow(&["workdays", "add", "2026-13-01", "1"]).status.code(), Some(2));
}

#[test]
fn render_writes_every_document_and_print_logs_a_failed_job() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    for kind in [
        "receipt",
        "shortfall-notice",
        "commitment",
        "one-time-notice",
        "refusal-notice",
        "correction-notice",
        "approval-decision",
        "denial-decision",
        "special-procedure-notice",
        "extension-notice",
        "withdrawal-notice",
        "termination-notice",
        "collection-receipt",
        "progress-slip",
        "label",
        "manifest",
        "test-page",
    ] {
        let out = dir.path().join(format!("{kind}.pdf"));
        let rendered = onewindow(&["--db", &db, "render", kind, "--demo", "--out", out.to_str().unwrap()]);
        assert!(rendered.status.success(), "{kind}: {}", String::from_utf8_lossy(&rendered.stderr));
        assert_eq!(lines(&rendered)[0]["document"], kind);
        assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    }
    let thermal = dir.path().join("roll.pdf");
    let roll = lines(&onewindow(&[
        "--db",
        &db,
        "render",
        "receipt",
        "--demo",
        "--profile",
        "thermal-80",
        "--lang",
        "en",
        "--out",
        thermal.to_str().unwrap(),
    ]));
    assert_eq!(roll[0]["profile"], "thermal-80");
    let unknown = onewindow(&["--db", &db, "render", "invoice", "--demo", "--out", "/tmp/x.pdf"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("未知的文书类型"));
    let no_case = onewindow(&["--db", &db, "render", "receipt", "--out", "/tmp/x.pdf"]);
    assert_eq!(no_case.status.code(), Some(2));

    let printed = onewindow(&["--db", &db, "print", "test-page", "--queue", "OW-NOT-INSTALLED", "--user", "clerk"]);
    assert_eq!(printed.status.code(), Some(1));
    let job = &lines(&printed)[0];
    assert_eq!(job["state"], "failed");
    assert_eq!(job["user"], "clerk");
    assert!(job["error"].as_str().unwrap().len() > 3);
}

#[test]
fn intake_takes_an_item_and_a_bundle_and_refuses_bad_requests() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let item = json!({
        "service_item_code": "440703-PJQSCJGJ-001",
        "applicant_kind": "person",
        "applicant": { "name": "𠮷祥云", "id_kind": "resident_id", "id_number": "11010519491231002X" },
        "phone": "13812345678",
        "agent": null,
        "commitment_signed": true,
        "dishonest": false,
        "received": [
            { "material_code": "M01", "form": "original", "copies": 1, "pages": 2 },
            { "material_code": "M02", "form": "original", "copies": 1, "pages": 1 }
        ],
        "delivery": { "method": "window", "pickup_hall_code": null, "address": null },
        "draft_id": null
    });
    let file = dir.path().join("item.json");
    std::fs::write(&file, item.to_string()).unwrap();
    let out = onewindow(&["--db", &db, "intake", "--user", "clerk", "--request", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let result = &lines(&out)[0];
    assert_eq!(result["decision"]["decision"], "accept_with_shortfall");
    assert_eq!(result["documents"], json!(["receipt", "shortfall-notice", "commitment"]));
    assert!(result["number"].as_str().unwrap().starts_with("440700000"));

    let mut bundle = item.clone();
    let map = bundle.as_object_mut().unwrap();
    map.remove("service_item_code");
    map.insert("bundle_code".into(), json!("YJS-005"));
    map.insert(
        "applicant".into(),
        json!({ "name": "阿依古丽·买买提", "id_kind": "resident_id", "id_number": "440524188001010014" }),
    );
    map.insert(
        "received".into(),
        json!([{ "name": "个体工商户登记（备案）申请书", "form": "original", "copies": 1, "pages": 2 }]),
    );
    let file = dir.path().join("bundle.json");
    std::fs::write(&file, bundle.to_string()).unwrap();
    let out = onewindow(&["--db", &db, "intake", "--user", "clerk", "--request", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let result = &lines(&out)[0];
    assert_eq!(result["bundle_code"], "YJS-005");
    assert_eq!(result["cases"].as_array().unwrap().len(), 4);

    let bad = onewindow(&["--db", &db, "intake", "--user", "clerk", "--request", "/nonexistent.json"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("无法读取受理请求文件"));
    std::fs::write(&file, "{\"service_item_code\": 1}").unwrap();
    let bad = onewindow(&["--db", &db, "intake", "--user", "clerk", "--request", file.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("受理请求的字段不正确"));
    std::fs::write(&file, item.to_string()).unwrap();
    let reviewer =
        onewindow(&["--db", &db, "intake", "--user", "reviewer_pjqscjgj", "--request", file.to_str().unwrap()]);
    assert_eq!(reviewer.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&reviewer.stderr).contains("只有综合窗口受理员"));
}

/// An admin reads and lifts a username's sign-in lock-out and sets a hall's idle lock; anyone
/// else is refused; a bad number of minutes names its field and changes nothing. The CLI's log
/// lands in the data directory, masked.
#[test]
fn signin_status_lift_and_idle_lock_as_an_admin() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    for _ in 0..5 {
        sql(
            &db,
            "INSERT INTO sign_in_attempts (username, kind, outcome, station, at)
             VALUES ('clerk', 'sign_in', 'failed', 'A01-PC', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        );
    }
    let status =
        lines(&onewindow(&["--db", &db, "signin", "status", "--user", "admin", "--username", "clerk"]))[0].clone();
    assert_eq!(status["remaining"], 0);
    assert!(status["locked_until"].is_string(), "{status}");
    let refused = onewindow(&["--db", &db, "signin", "lift", "--user", "clerk2", "--username", "clerk"]);
    assert_eq!(refused.status.code(), Some(2));
    let lifted =
        lines(&onewindow(&["--db", &db, "signin", "lift", "--user", "admin", "--username", "clerk"]))[0].clone();
    assert_eq!((lifted["remaining"].as_u64(), lifted["locked_until"].is_null()), (Some(5), true));
    assert_eq!(sql(&db, "SELECT by_username FROM sign_in_attempts ORDER BY id DESC LIMIT 1"), "admin");

    let bad =
        onewindow(&["--db", &db, "signin", "idle-lock", "--user", "admin", "--hall", "440700000", "--minutes", "0"]);
    assert_eq!(bad.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&bad.stderr).unwrap();
    assert_eq!(err["field"], "minutes", "{err}");
    assert_eq!(sql(&db, "SELECT idle_lock_minutes FROM halls WHERE code = '440700000'"), "5");
    let set = lines(&onewindow(&[
        "--db",
        &db,
        "signin",
        "idle-lock",
        "--user",
        "admin",
        "--hall",
        "440700000",
        "--minutes",
        "2",
    ]))[0]
        .clone();
    assert_eq!(set["idle_lock_minutes"], 2);
    assert_eq!(sql(&db, "SELECT idle_lock_minutes FROM halls WHERE code = '440700000'"), "2");

    // The staff list: everyone but the system's own user, a disabled member marked so, and the
    // places a new one may be given; an admin's only.
    sql(&db, "UPDATE users SET active = 0 WHERE username = 'clerk2'");
    let staff = lines(&onewindow(&["--db", &db, "signin", "list", "--user", "admin"]))[0].clone();
    let members = staff["members"].as_array().unwrap();
    assert_eq!(members.len().to_string(), sql(&db, "SELECT COUNT(*) FROM users WHERE username <> 'system'"));
    let clerk2 = members.iter().find(|m| m["username"] == "clerk2").unwrap();
    assert_eq!(clerk2["active"], false);
    assert_eq!(clerk2["role"], "window_clerk");
    assert!(clerk2["hall"]["name"].as_str().unwrap().contains("政务服务"), "{clerk2}");
    assert!(members.iter().all(|m| m["username"] != "system"));
    let city_hall = staff["halls"].as_array().unwrap().iter().find(|h| h["code"] == "440700000").unwrap();
    assert_eq!(city_hall["idle_lock_minutes"], 2);
    assert!(!city_hall["windows"].as_array().unwrap().is_empty());
    assert!(!staff["departments"].as_array().unwrap().is_empty());
    let refused = onewindow(&["--db", &db, "signin", "list", "--user", "clerk"]);
    assert_eq!(refused.status.code(), Some(2));

    // A refused intake with an ID number in it: logged with its cause, the number masked.
    let request = dir.path().join("bad.json");
    std::fs::write(&request, r#"{"service_item_code":"nope","applicant_kind":"person","applicant":{"name":"张三","id_kind":"resident_id","id_number":"440703199001011239"},"phone":"13812345678","commitment_signed":false,"dishonest":false,"received":[],"delivery":{"method":"window"}}"#).unwrap();
    assert!(!onewindow(&["--db", &db, "intake", "--user", "clerk", "--request", request.to_str().unwrap()])
        .status
        .success());
    let log = std::fs::read_to_string(dir.path().join("logs/onewindow.log")).unwrap();
    assert!(log.contains("command refused"), "{log}");
    assert!(!log.contains("440703199001011239") && !log.contains("13812345678"), "{log}");
}
