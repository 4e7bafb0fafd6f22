//! The `onewindow` binary as operators and scripts use it: arguments in, JSON lines and exit codes out.

use std::process::{Command, Output};

use serde_json::Value;

fn onewindow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onewindow")).args(args).output().expect("run onewindow")
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
    assert_eq!(verdicts[0], serde_json::json!({"kind": "resident-id", "value": "11010519491231002X", "valid": true, "error": null}));
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
