//! A station of the city-wide mode: pointed at the city's PostgreSQL with `station connect`,
//! shown with `station show`, and every command then served by the city database.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::json as object;

use crate::{json, refusal};

fn at_station<S: AsRef<std::ffi::OsStr>>(data_dir: &Path, args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onewindow"))
        .args(args)
        .env("ONEWINDOW_DATA_DIR", data_dir)
        .output()
        .expect("run onewindow")
}

/// A seeded city database: its URL as `station connect` takes it (the socket's user as a
/// parameter, no password), and the owner's.
fn city() -> String {
    let owner = tokio::runtime::Runtime::new().unwrap().block_on(onewindow_store_postgres::testing::fresh_database());
    let seeded = tempfile::tempdir().unwrap();
    json(&at_station(seeded.path(), &["--db", owner.as_str(), "demo", "seed", "--without-scans"]));
    owner.replacen("postgres://ow@", "postgres://", 1) + "&user=ow"
}

#[test]
fn a_station_connects_to_the_city_and_is_served_by_it() {
    let city = city();
    let dir = tempfile::tempdir().unwrap();

    // Before: the embedded file.
    let before = json(&at_station(dir.path(), &["station", "show"]));
    assert_eq!(before["backend"], "sqlite");
    assert_eq!(before["hall"], object!(null));

    // Refused, and nothing written: a password in the address, a hall or window the city lacks.
    let with_password = city.replacen("postgres://", "postgres://ow:secret@", 1);
    let refused = refusal(&at_station(dir.path(), &["station", "connect", &with_password, "--hall", "440700000"]));
    assert_eq!(refused["field"], "url");
    let in_query = format!("{city}&password=secret");
    assert_eq!(
        refusal(&at_station(dir.path(), &["station", "connect", &in_query, "--hall", "440700000"]))["field"],
        "url"
    );
    let no_hall = refusal(&at_station(dir.path(), &["station", "connect", &city, "--hall", "999999999"]));
    assert_eq!(no_hall["field"], "hall");
    let no_window =
        refusal(&at_station(dir.path(), &["station", "connect", &city, "--hall", "440700000", "--window", "Z99"]));
    assert_eq!(no_window["field"], "window");
    assert!(!dir.path().join("station.toml").exists());

    let connected =
        json(&at_station(dir.path(), &["station", "connect", &city, "--hall", "440700000", "--window", "A01"]));
    assert_eq!(connected["backend"], "postgres");
    assert_eq!(connected["database"], city);
    assert_eq!(json(&at_station(dir.path(), &["station", "show"])), connected);
    assert_eq!(connected["hall"], "440700000");
    assert_eq!(connected["window"], "A01");

    // The station's commands now read the city: the demo's catalog and cases are there.
    let found = at_station(dir.path(), &["catalog", "search", "营业执照", "--limit", "1"]);
    assert!(found.status.success(), "{}", String::from_utf8_lossy(&found.stderr));
    assert!(String::from_utf8_lossy(&found.stdout).contains("个体工商户"));
    let verified = json(&at_station(dir.path(), &["audit", "verify"]));
    assert_eq!(verified["broken"], object!([]), "{verified}");
    assert!(verified["cases"].as_u64().unwrap() > 100, "{verified}");
}
