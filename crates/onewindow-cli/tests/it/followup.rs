//! After the decision from the command line: the follow-up list, a reminder, tolerated materials
//! supplied (a wrong form refused with nothing stored), the overdue rule refused before the date,
//! and a result handed out at its pickup hall after the collector's ID check.

use crate::{json, onewindow, refusal, seeded_db, sql, with_stdin};
use serde_json::Value;

fn events(db: &str, number: &str) -> String {
    sql(db, &format!("SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = '{number}'"))
}

const INTAKE: &str = r#"{
  "service_item_code": "440703-PJQSCJGJ-001",
  "applicant_kind": "person",
  "applicant": {"name": "陈小明", "id_kind": "resident_id", "id_number": "440703199001011239"},
  "phone": "13812345678",
  "commitment_signed": true,
  "dishonest": false,
  "received": [
    {"material_code": "M01", "form": "original", "copies": 1, "pages": 2},
    {"material_code": "M02", "form": "original", "copies": 1, "pages": 1}
  ],
  "delivery": {"method": "window"}
}"#;

#[test]
fn tolerated_materials_are_followed_up_and_a_result_is_handed_out_after_the_id_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let at =
        |args: &[&str]| -> Vec<String> { ["--db", db.as_str()].iter().chain(args).map(|s| s.to_string()).collect() };

    let taken = json(&with_stdin(&at(&["intake", "--user", "clerk", "--request", "-"]), INTAKE));
    assert_eq!(taken["decision"]["decision"], "accept_with_shortfall");
    assert_eq!(taken["instant"], false);
    let number = taken["number"].as_str().unwrap().to_string();

    let list = json(&onewindow(&at(&["followups", "--user", "clerk"])));
    let row = list["rows"].as_array().unwrap().iter().find(|r| r["case"]["number"] == number.as_str()).expect("listed");
    assert_eq!(row["shortfall"]["outstanding"][0]["name"], "经营场所使用证明");
    assert_eq!(row["shortfall"]["on_overdue"], "terminate");
    assert_eq!(row["phone_masked"], "138****5678");

    let reminded = json(&onewindow(&at(&["case", "remind", "--case", &number, "--user", "clerk", "--channel", "sms"])));
    assert_eq!(reminded["action"], "remind");
    let list = json(&onewindow(&at(&["followups", "--user", "clerk"])));
    let row = list["rows"].as_array().unwrap().iter().find(|r| r["case"]["number"] == number.as_str()).unwrap();
    assert_eq!(row["last_reminder"]["channel"], "sms");

    // Not overdue yet: the rule is refused, nothing stored.
    let before = events(&db, &number);
    let early = refusal(&onewindow(&at(&["case", "terminate", "--case", &number, "--user", "lead_pjqscjgj"])));
    assert!(early["error"].as_str().unwrap().contains("尚未逾期"), "{early}");
    // A copy where the original is required: refused on its field, nothing stored.
    let copy = r#"{"materials": [{"material_code": "M03", "form": "copy", "copies": 1, "pages": 1}]}"#;
    let wrong = refusal(&with_stdin(
        &at(&["case", "supply-shortfall", "--case", &number, "--user", "clerk2", "--request", "-"]),
        copy,
    ));
    assert_eq!((wrong["code"].as_str(), wrong["field"].as_str()), (Some("invalid_input"), Some("materials")));
    assert_eq!(events(&db, &number), before);
    let original = r#"{"materials": [{"material_code": "M03", "form": "original", "copies": 1, "pages": 1}]}"#;
    let supplied = json(&with_stdin(
        &at(&["case", "supply-shortfall", "--case", &number, "--user", "clerk2", "--request", "-"]),
        original,
    ));
    assert_eq!(supplied["case"]["shortfall_supplement_due"], Value::Null);
    let list = json(&onewindow(&at(&["followups", "--user", "clerk"])));
    assert!(!list["rows"].as_array().unwrap().iter().any(|r| r["case"]["number"] == number.as_str()));

    // A demo result waiting at a hall, nothing outstanding: the wrong ID refused, the right one passes.
    let found = sql(
        &db,
        "SELECT c.number || '|' || a.id_number || '|' || u.username FROM cases c
         JOIN applicants a ON a.id = c.applicant_id
         JOIN users u ON u.role = 'window_clerk' AND u.hall_id = COALESCE(c.pickup_hall_id, c.hall_id)
         WHERE c.state = 'ready_for_issuance' AND c.shortfall_supplement_due IS NULL AND a.kind = 'person'
         ORDER BY c.number LIMIT 1",
    );
    let parts: Vec<&str> = found.split('|').collect();
    let [waiting, id_number, pickup_clerk] = parts[..] else { panic!("no result waiting: {found}") };
    let queue = json(&onewindow(&at(&["issuance", "--user", pickup_clerk])));
    assert!(queue["rows"].as_array().unwrap().iter().any(|r| r["case"]["number"] == waiting));
    let before = events(&db, waiting);
    let other = r#"{"collector": {"kind": "applicant", "id_kind": "resident_id", "id_number": "11010519491231002X"}}"#;
    let mismatch = refusal(&with_stdin(
        &at(&["case", "issue", "--case", waiting, "--user", pickup_clerk, "--request", "-"]),
        other,
    ));
    assert_eq!(mismatch["field"], "collector.id_number", "{mismatch}");
    assert_eq!(events(&db, waiting), before);
    let own =
        format!(r#"{{"collector": {{"kind": "applicant", "id_kind": "resident_id", "id_number": "{id_number}"}}}}"#);
    let issued =
        json(&with_stdin(&at(&["case", "issue", "--case", waiting, "--user", pickup_clerk, "--request", "-"]), &own));
    assert_eq!(issued["case"]["state"], "closed");
    assert_eq!(issued["documents"][0], "collection-receipt");
    let receipt = dir.path().join("collection.pdf");
    let rendered =
        json(&onewindow(&at(&["render", "collection-receipt", "--case", waiting, "--out", receipt.to_str().unwrap()])));
    assert!(rendered["bytes"].as_u64().unwrap() > 1000);
}
