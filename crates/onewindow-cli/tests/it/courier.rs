//! The courier desk from the command line: a range imported (a bad check digit refused, nothing
//! stored), an envelope packed with a number of that range, and cancelled.

use crate::{json, onewindow, refusal, seeded_db, sql};

#[test]
fn a_range_is_imported_and_an_envelope_packed_with_its_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let at =
        |args: &[&str]| -> Vec<String> { ["--db", db.as_str()].iter().chain(args).map(|s| s.to_string()).collect() };
    let import = |first: &str, last: &str| {
        onewindow(&at(&[
            "courier",
            "ranges",
            "import",
            "--user",
            "admin",
            "--carrier",
            "顺丰速运",
            "--product",
            "标快",
            "--format",
            "s10",
            "--first",
            first,
            "--last",
            last,
        ]))
    };
    let bad = refusal(&import("SF000000015CN", "SF000000045CN"));
    assert_eq!(bad["field"], "first", "{bad}");
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM waybill_ranges WHERE carrier = '顺丰速运'"), "0");
    let range = json(&import("SF000000014CN", "SF000000045CN"));
    assert_eq!(range["total"], 4);
    let listed = onewindow(&at(&["courier", "ranges", "list", "--user", "dispatcher"]));
    assert!(String::from_utf8_lossy(&listed.stdout).lines().count() >= 2);

    // A demo result waiting to be mailed and not yet packed, at the city hall's desk.
    let work = json(&onewindow(&at(&["courier", "work", "--user", "dispatcher"])));
    assert!(work["shipments"].as_array().unwrap().iter().all(|s| s["state"] != "cancelled"));
    let number = sql(
        &db,
        "SELECT c.number FROM cases c JOIN halls h ON h.id = c.hall_id
         WHERE c.state = 'awaiting_dispatch' AND c.delivery = 'post' AND h.code = '440700000'
           AND c.shortfall_supplement_due IS NULL
           AND NOT EXISTS (SELECT 1 FROM shipment_cases sc WHERE sc.case_id = c.id) LIMIT 1",
    );
    let request = dir.path().join("pack.json");
    if number.is_empty() {
        // Every demo result here is packed already: cancel one and pack it again.
        let packed = sql(
            &db,
            "SELECT w.number FROM shipments s JOIN waybills w ON w.id = s.waybill_id JOIN halls h ON h.id = s.from_hall_id
             WHERE s.state = 'labelled' AND h.code = '440700000' LIMIT 1",
        );
        let case = sql(&db, &format!("SELECT c.number FROM shipment_cases sc JOIN cases c ON c.id = sc.case_id JOIN shipments s ON s.id = sc.shipment_id JOIN waybills w ON w.id = s.waybill_id WHERE w.number = '{packed}'"));
        let cancelled = json(&onewindow(&at(&[
            "courier",
            "shipment",
            "cancel",
            "--user",
            "dispatcher",
            "--waybill",
            &packed,
            "--reason",
            "面单污损",
        ])));
        assert_eq!(cancelled["state"], "cancelled");
        std::fs::write(&request, format!(r#"{{"kind": "result_to_applicant", "cases": ["{case}"]}}"#)).unwrap();
    } else {
        std::fs::write(&request, format!(r#"{{"kind": "result_to_applicant", "cases": ["{number}"]}}"#)).unwrap();
    }
    let packed = json(&onewindow(&at(&[
        "courier",
        "shipment",
        "create",
        "--user",
        "dispatcher",
        "--request",
        request.to_str().unwrap(),
    ])));
    assert_eq!(packed["state"], "packed");
    assert_eq!(packed["kind"], "result_to_applicant");
    let waybill = packed["waybill"].as_str().unwrap();
    assert_eq!(sql(&db, &format!("SELECT state FROM waybills WHERE number = '{waybill}'")), "used");
    // A clerk does not pack.
    let clerk = refusal(&onewindow(&at(&[
        "courier",
        "shipment",
        "create",
        "--user",
        "clerk",
        "--request",
        request.to_str().unwrap(),
    ])));
    assert_eq!(clerk["code"], "forbidden");
    let case = packed["cases"][0].as_str().unwrap();
    let of_case = onewindow(&at(&["courier", "shipment", "list", "--case", case]));
    assert!(String::from_utf8_lossy(&of_case.stdout).contains(waybill));
    // A courier comes; the envelope has no label yet: refused, nothing stored.
    let handover = json(&onewindow(&at(&[
        "courier",
        "handover",
        "start",
        "--user",
        "dispatcher",
        "--courier",
        "张揽收",
        "--company",
        "中国邮政 EMS",
        "--contact",
        "13800138000",
    ])));
    let id = handover["id"].to_string();
    let early = refusal(&onewindow(&at(&[
        "courier",
        "handover",
        "scan",
        "--user",
        "dispatcher",
        "--id",
        &id,
        "--waybill",
        waybill,
    ])));
    assert!(early["error"].as_str().unwrap().contains("尚未打印面单"), "{early}");
    assert_eq!(sql(&db, &format!("SELECT COUNT(*) FROM handover_items WHERE handover_id = {id}")), "0");
    let nothing = refusal(&onewindow(&at(&["courier", "handover", "close", "--user", "dispatcher", "--id", &id])));
    assert_eq!(nothing["field"], "waybill");
    // Its label in a batch run: each label a JSON line on standard error as it prints, the run finished.
    let out = onewindow(&at(&["courier", "shipment", "label", "--user", "dispatcher", "--waybill", waybill]));
    let run = json(&out);
    assert_eq!((run["state"].as_str(), run["printed"].as_u64()), (Some("finished"), Some(1)), "{run}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().find(|l| l.contains("\"waybill\"")).expect("a progress line");
    let progress: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!((progress["waybill"].as_str(), progress["state"].as_str()), (Some(waybill), Some("printed")));
    assert_eq!(sql(&db, &format!("SELECT state FROM label_run_items WHERE run_id = {}", run["id"])), "printed");
    let runs = onewindow(&at(&["courier", "labels", "list", "--user", "dispatcher"]));
    assert!(String::from_utf8_lossy(&runs.stdout).contains(&format!("\"id\":{}", run["id"])));
    let run_id = run["id"].to_string();
    let done = refusal(&onewindow(&at(&["courier", "labels", "resume", "--user", "dispatcher", "--run", &run_id])));
    assert_eq!(done["code"], "conflict", "{done}");
    let unknown = refusal(&onewindow(&at(&[
        "courier",
        "shipment",
        "label",
        "--user",
        "dispatcher",
        "--waybill",
        "1189999999999",
    ])));
    assert_eq!(unknown["field"], "waybill", "{unknown}");

    // The custody of the case so far: packed, a gap where the result has not left yet.
    let custody = json(&onewindow(&at(&["custody", "--case", case])));
    assert!(custody["steps"].as_array().unwrap().iter().any(|s| s["waybill"] == waybill));
    let track = dir.path().join("track.csv");
    std::fs::write(&track, format!("{waybill},2026-12-01 10:00,99,江门,\n")).unwrap();
    let report =
        json(&onewindow(&at(&["courier", "track", "--user", "dispatcher", "--file", track.to_str().unwrap()])));
    assert_eq!(report["unknown_codes"][0], "99");
    assert_eq!(report["new"], 1);
}
