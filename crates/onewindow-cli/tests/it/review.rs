//! The back office from the command line: moves in, JSON out, 2 and nothing stored when refused;
//! the due-date rule; and `audit verify` finding every kind of edit made behind the app's back.

use std::process::Command;

use serde_json::Value;

use crate::{first_case_in_state, json, onewindow, refusal, seeded_db, sql, with_stdin};

fn event_count(db: &str, number: &str) -> String {
    sql(db, &format!("SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = '{number}'"))
}

/// A case waiting in the queue of the demo reviewer's department.
fn queued(db: &str) -> String {
    sql(
        db,
        "SELECT c.number FROM cases c JOIN departments d ON d.id = c.department_id
         WHERE c.state = 'handed_off' AND d.code = 'JMSSCJGJ' ORDER BY c.number LIMIT 1",
    )
}

/// `case claim-next` takes the department's free cases one by one, soonest due first, then says
/// there is none left (1); a window clerk is refused (2).
#[test]
fn claim_next_takes_the_free_cases_in_the_queues_order_until_none_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let free = "SELECT c.number FROM cases c JOIN departments d ON d.id = c.department_id
                WHERE c.state IN ('handed_off', 'corrected') AND c.claimed_by_id IS NULL AND d.code = 'JMSSCJGJ'
                ORDER BY c.due_date, c.number";
    let waiting: Vec<String> = sql(&db, free).lines().map(str::to_string).collect();
    assert!(waiting.len() >= 2, "{waiting:?}");
    let next = |user: &str| onewindow(&["--db", db.as_str(), "case", "claim-next", "--user", user]);
    let clerk = refusal(&next("clerk"));
    assert_eq!(clerk["code"], "forbidden");
    let mut taken = Vec::new();
    loop {
        let out = next("reviewer");
        if out.status.code() == Some(1) {
            assert!(out.stdout.is_empty());
            let said: Value = serde_json::from_slice(&out.stderr).unwrap();
            assert_eq!(said["error"], "本部门队列中没有待认领的办件");
            break;
        }
        let claimed = json(&out);
        assert_eq!(claimed["action"], "claim");
        assert_eq!(claimed["case"]["claimed_by_username"], "reviewer");
        taken.push(claimed["case"]["number"].as_str().unwrap().to_string());
        assert!(taken.len() <= waiting.len(), "{taken:?}");
    }
    assert_eq!(taken, waiting);
    assert_eq!(sql(&db, free), "");
}

#[test]
fn a_case_goes_through_review_and_refusals_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let number = queued(&db);
    assert!(!number.is_empty());
    let at =
        |args: &[&str]| -> Vec<String> { ["--db", db.as_str()].iter().chain(args).map(|s| s.to_string()).collect() };
    let claimed = json(&onewindow(&at(&["case", "claim", "--case", &number, "--user", "reviewer"])));
    assert_eq!(claimed["case"]["state"], "under_review");
    assert_eq!(claimed["case"]["claimed_by_username"], "reviewer");
    let events = event_count(&db, &number);
    // Someone else's claim, a clerk's approval, a malformed request: 2, named, nothing stored.
    let taken = refusal(&onewindow(&at(&["case", "claim", "--case", &number, "--user", "reviewer2"])));
    assert_eq!(taken["code"], "conflict");
    assert!(taken["error"].as_str().unwrap().starts_with("该办件已由"), "{taken}");
    let clerk = refusal(&with_stdin(
        &at(&["case", "approve", "--case", &number, "--user", "clerk", "--request", "-"]),
        r#"{"certificate_number": "X1"}"#,
    ));
    assert_eq!(clerk["code"], "forbidden");
    let past = refusal(&with_stdin(
        &at(&["case", "request-correction", "--case", &number, "--user", "reviewer", "--request", "-"]),
        r#"{"items": [{"material_code": "M01", "reason": "模糊"}], "deadline": "2020-01-01"}"#,
    ));
    assert_eq!((past["code"].as_str(), past["field"].as_str()), (Some("invalid_input"), Some("deadline")));
    let missing = refusal(&onewindow(&at(&["case", "deny", "--case", &number, "--user", "reviewer"])));
    assert!(missing["error"].as_str().unwrap().contains("ground"), "{missing}");
    assert_eq!(event_count(&db, &number), events, "nothing stored");

    // The command runs on the real clock: a deadline a month from today.
    let deadline = (chrono::Utc::now() + chrono::Duration::days(30)).date_naive();
    let asked = json(&with_stdin(
        &at(&["case", "request-correction", "--case", &number, "--user", "reviewer", "--request", "-"]),
        &format!(r#"{{"items": [{{"material_code": "M01", "reason": "签字不全"}}], "deadline": "{deadline}"}}"#),
    ));
    assert_eq!(asked["documents"], serde_json::json!(["correction-notice"]));
    let code = sql(&db, &format!("SELECT verification_code FROM cases WHERE number = '{number}'"));
    let qr = format!("OW:{number}:{code}");
    let supplied = json(&with_stdin(
        &at(&["case", "supply", "--case", &qr, "--user", "clerk_440704000", "--request", "-"]),
        r#"{"materials": [{"material_code": "M01", "form": "original", "copies": 1, "pages": 2}]}"#,
    ));
    assert_eq!(supplied["case"]["state"], "corrected");
    assert_eq!(supplied["case"]["claimed_by_username"], "reviewer");
    let approved = json(&with_stdin(
        &at(&["case", "approve", "--case", &number, "--user", "reviewer", "--request", "-"]),
        r#"{"certificate_number": "914407030000000001", "valid_until": "2099-12-31"}"#,
    ));
    assert!(["ready_for_issuance", "awaiting_dispatch"].contains(&approved["case"]["state"].as_str().unwrap()));
    let shown = json(&onewindow(&at(&["case", "show", "--case", &number, "--user", "reviewer"])));
    assert_eq!(shown["detail"]["chain"]["message"], "记录完整");
    assert_eq!(shown["documents"], serde_json::json!(["correction-notice", "approval-decision"]));
    let pdf = dir.path().join("decision.pdf");
    let rendered = onewindow(&at(&["render", "approval-decision", "--case", &number, "--out", pdf.to_str().unwrap()]));
    assert!(rendered.status.success(), "{}", String::from_utf8_lossy(&rendered.stderr));
    let text = Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().unwrap();
    let text: String = String::from_utf8(text.stdout).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
    for must in ["准予行政许可决定书", "914407030000000001", "有效期至：2099-12-31", "江门市市场监督管理局"]
    {
        assert!(text.contains(must), "{must} missing: {text}");
    }
}

#[test]
fn workdays_due_moves_the_date_by_each_pause_and_the_extension() {
    let due = |args: &[&str]| {
        let out = onewindow(&[&["workdays", "due"], args].concat());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    // Accepted Monday 23 Nov 2026, 5 working days: Monday 30 Nov.
    assert_eq!(due(&["--from", "2026-11-23", "--days", "5"]), "2026-11-30");
    // Paused Tuesday to Thursday: two working days (Wednesday, Thursday) later.
    assert_eq!(due(&["--from", "2026-11-23", "--days", "5", "--pause", "2026-11-24:2026-11-26"]), "2026-12-02");
    // Around National Day 2026 (1–7 Oct off; Sun 20 Sep and Sat 10 Oct are working days): three
    // working days from Mon 28 Sep are 29 Sep, 30 Sep and 8 Oct.
    assert_eq!(due(&["--from", "2026-09-28", "--days", "3"]), "2026-10-08");
    // Paused 30 Sep to 9 Oct: moved by 8 and 9 Oct; extended by 2: 10 Oct (make-up) and 12 Oct, then 13 Oct.
    let across = due(&["--from", "2026-09-28", "--days", "3", "--pause", "2026-09-30:2026-10-09", "--extend", "2"]);
    assert_eq!(across, "2026-10-13");
    // A pause that starts on a holiday and ends on the make-up Saturday: 8, 9 and 10 Oct.
    assert_eq!(due(&["--from", "2026-09-28", "--days", "3", "--pause", "2026-10-03:2026-10-10"]), "2026-10-12");
    let bad =
        onewindow(&["workdays", "due", "--from", "2026-11-23", "--days", "5", "--pause", "2026-11-26:2026-11-24"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("早于开始日"));
}

#[test]
fn audit_verify_finds_an_edited_reason_a_deleted_event_and_a_reordered_pair() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let verify = |case: Option<&str>| {
        let mut args = vec!["--db", db.as_str(), "audit", "verify"];
        if let Some(case) = case {
            args.extend(["--case", case]);
        }
        onewindow(&args)
    };
    let whole = verify(None);
    assert!(whole.status.success(), "{}", String::from_utf8_lossy(&whole.stdout));
    let report: Value = serde_json::from_slice(&whole.stdout).unwrap();
    assert!(report["events"].as_u64().unwrap() > 1000 && report["broken"] == serde_json::json!([]));
    // Behind the application's back: the append-only triggers dropped, the file edited.
    sql(&db, "DROP TRIGGER case_events_no_update; DROP TRIGGER case_events_no_delete;");
    let cases: Vec<String> = ["closed", "approved", "denied"].iter().map(|s| first_case_in_state(&db, s)).collect();
    let id = |n: &str| format!("(SELECT id FROM cases WHERE number = '{n}')");
    sql(&db, &format!("UPDATE case_events SET reason = '改过的理由' WHERE case_id = {} AND seq = 2", id(&cases[0])));
    sql(&db, &format!("DELETE FROM case_events WHERE case_id = {} AND seq = 3", id(&cases[1])));
    sql(
        &db,
        &format!(
            "UPDATE case_events SET seq = CASE seq WHEN 2 THEN -3 WHEN 3 THEN -2 END WHERE case_id = {c} AND seq IN (2, 3);
             UPDATE case_events SET seq = -seq WHERE case_id = {c} AND seq < 0;",
            c = id(&cases[2])
        ),
    );
    let out = verify(None);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let broken = report["broken"].as_array().unwrap();
    assert_eq!(broken.len(), 3, "{report}");
    // The edited event itself; the one after the deleted one; the first of the swapped pair.
    for (case, seq) in [(&cases[0], 2), (&cases[1], 4), (&cases[2], 2)] {
        let b = broken.iter().find(|b| b["case"] == case.as_str()).unwrap_or_else(|| panic!("{case}: {report}"));
        assert_eq!(b["seq"], seq, "{b}");
        assert!(!b["message"].as_str().unwrap().is_empty());
    }
    let one = verify(Some(&cases[0]));
    assert_eq!(one.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(report["cases"], 1);
}

#[test]
fn progress_shows_nothing_personal_without_the_code_and_logs_every_look_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let number = queued(&db);
    let code = sql(&db, &format!("SELECT verification_code FROM cases WHERE number = '{number}'"));
    let progress =
        |case: &str| onewindow(&["--db", &db, "case", "progress", "--case", case, "--user", "clerk_440704000"]);
    let plain = json(&progress(&number));
    assert_eq!((plain["verified"].as_bool(), plain["state"].as_str()), (Some(false), Some("handed_off")));
    assert!(plain["applicant_masked"].is_null() && plain["delivery"].is_null());
    let own = json(&progress(&format!("OW:{number}:{code}")));
    assert_eq!(own["verified"], true);
    assert!(own["applicant_masked"].as_str().unwrap().contains('*'));
    let wrong = refusal(&progress(&format!("OW:{number}:AAAAAA")));
    assert_eq!(wrong["field"], "case");
    let logged = sql(
        &db,
        &format!(
            "SELECT group_concat(l.verified || '@' || h.code, ',') FROM progress_lookups l
             JOIN cases c ON c.id = l.case_id JOIN halls h ON h.id = l.hall_id WHERE c.number = '{number}'"
        ),
    );
    assert_eq!(logged, "0@440704000,1@440704000");
}
