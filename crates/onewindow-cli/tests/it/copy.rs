//! `db copy --to postgres://…` as an operator runs it: one JSON report, and the refusals that
//! come before anything is written.

use crate::{json, onewindow, refusal, seeded_db};

#[test]
fn a_hall_copies_into_the_city_or_is_told_what_the_city_lacks() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let empty_city = runtime.block_on(onewindow_store_postgres::testing::fresh_database());

    // A hall with cases, a city with none of its halls, staff or catalog: refused, naming them.
    let dir = tempfile::tempdir().unwrap();
    let hall = seeded_db(&dir);
    let refused = refusal(&onewindow(&["--db", hall.as_str(), "db", "copy", "--to", empty_city.as_str()]));
    assert_eq!(refused["field"], "to");
    let message = refused["error"].as_str().unwrap();
    assert!(message.contains("大厅 440700000") && message.contains("用户 clerk"), "{message}");

    // The source must be the hall's file, not a city database; and a file that is there.
    let from_city = refusal(&onewindow(&["--db", empty_city.as_str(), "db", "copy", "--to", empty_city.as_str()]));
    assert_eq!(from_city["field"], "db");
    let missing = dir.path().join("no-such.db");
    let missing = missing.to_str().unwrap();
    assert_eq!(refusal(&onewindow(&["--db", missing, "db", "copy", "--to", empty_city.as_str()]))["field"], "db");

    // A hall with no cases yet: nothing to copy, and the report says so.
    let fresh = dir.path().join("fresh.db");
    let fresh = fresh.to_str().unwrap();
    json(&onewindow(&["--db", fresh, "db", "migrate"]));
    let report = json(&onewindow(&["--db", fresh, "db", "copy", "--to", empty_city.as_str()]));
    assert_eq!(report["cases"], serde_json::json!({ "copied": 0, "present": 0, "conflicts": 0 }));
    assert_eq!(report["conflicts"], serde_json::json!([]));
    assert_eq!(report["verified"]["broken"], serde_json::json!([]));
}
