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

/// A seeded city database (the demo seed gives every demo user a sign-in of their own): its URL
/// as `station connect` takes it (the socket's user as a parameter, no password).
fn city() -> String {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let owner = runtime.block_on(onewindow_store_postgres::testing::fresh_database());
    let seeded = tempfile::tempdir().unwrap();
    json(&at_station(seeded.path(), &["--db", owner.as_str(), "demo", "seed", "--without-scans"]));
    owner.replacen("postgres://ow@", "postgres://", 1) + "&user=ow"
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

fn with_stdin_at(data_dir: &Path, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_onewindow"))
        .args(args)
        .env("ONEWINDOW_DATA_DIR", data_dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
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

    // A command as a member of staff signs in as them: the password from standard input (or the
    // terminal), never an argument; a wrong one is refused by the server.
    let intake = ["intake", "--user", "clerk", "--password-stdin", "--request", "-"];
    let taken = json(&with_stdin_at(dir.path(), &intake, &format!("Demo@2026\n{INTAKE}")));
    assert!(taken["number"].as_str().unwrap().starts_with("440700000"), "{taken}");
    let wrong = refusal(&with_stdin_at(dir.path(), &intake, &format!("not-it\n{INTAKE}")));
    assert_eq!(wrong["code"], "unauthenticated", "{wrong}");
    let unasked = refusal(&at_station(dir.path(), &["intake", "--user", "clerk", "--request", "-"]));
    assert!(unasked["error"].as_str().unwrap().contains("--password-stdin"), "{unasked}");

    // The admin manages sign-ins from a station, as themselves: a new password (the line after
    // the admin's own) is the one the server then takes; a disabled sign-in is refused by the
    // server; a new password brings it back. (A member of staff of this run's own: login roles
    // are the cluster's, and another test's demo seed gives every demo user the demo password.)
    let who = format!("cli_clerk_{}", std::process::id());
    let who = who.as_str();
    let added = with_stdin_at(
        dir.path(),
        &[
            "signin",
            "add",
            "--user",
            "admin",
            "--password-stdin",
            "--username",
            who,
            "--name",
            "黄小明",
            "--role",
            "window_clerk",
            "--hall",
            "440785102",
        ],
        "Demo@2026\nFirst@2026\n",
    );
    assert_eq!(json(&added)["username"], who);
    let admin = |command: &str, input: &str| {
        with_stdin_at(dir.path(), &["signin", command, "--user", "admin", "--password-stdin", "--username", who], input)
    };
    let as_them = |password: &str| {
        with_stdin_at(dir.path(), &["issuance", "--user", who, "--password-stdin"], &format!("{password}\n"))
    };
    assert_eq!(json(&admin("password", "Demo@2026\nHeshan@2026\n"))["username"], who);
    assert!(as_them("Heshan@2026").status.success());
    assert_eq!(refusal(&as_them("Demo@2026"))["code"], "unauthenticated");
    let short = refusal(&admin("password", "Demo@2026\nshort\n"));
    assert_eq!(short["field"], "password", "{short}");
    let by_clerk = refusal(&with_stdin_at(
        dir.path(),
        &["signin", "password", "--user", "clerk", "--password-stdin", "--username", who],
        "Demo@2026\nClerk@2026\n",
    ));
    assert_eq!(by_clerk["code"], "forbidden", "{by_clerk}");
    assert_eq!(json(&admin("disable", "Demo@2026\n"))["active"], false);
    assert_eq!(refusal(&as_them("Heshan@2026"))["code"], "unauthenticated");
    assert_eq!(json(&admin("password", "Demo@2026\nDemo@2026\n"))["username"], who);
    assert!(as_them("Demo@2026").status.success());
}

/// An admin registers the station for offline intake: its name is in `station.toml`, its secret
/// only in the keyring; a clerk's sign-in leases the day's block of numbers, which
/// `station outbox` shows; `station sync` has nothing to hand in. An unregistered station has no
/// outbox to show.
#[test]
fn an_admin_registers_the_station_for_offline_intake() {
    let city = city();
    let dir = tempfile::tempdir().unwrap();
    let connect = ["station", "connect", &city, "--hall", "440700000", "--window", "A01"];
    json(&at_station(dir.path(), &connect));
    let unregistered = refusal(&at_station(dir.path(), &["station", "outbox"]));
    assert_eq!(unregistered["code"], "forbidden", "{unregistered}");

    // Roles are the cluster's: a station name of this run's own.
    let name = format!("station_cli_{}", std::process::id());
    let mut register = connect.to_vec();
    register.extend(["--user", "admin", "--password-stdin", "--name", &name]);
    let wrong = refusal(&with_stdin_at(dir.path(), &register, "not-it\n"));
    assert_eq!(wrong["code"], "unauthenticated", "{wrong}");
    let registered = json(&with_stdin_at(dir.path(), &register, "Demo@2026\n"));
    assert_eq!(registered["station"], name.as_str(), "{registered}");
    let file = std::fs::read_to_string(dir.path().join("station.toml")).unwrap();
    assert!(file.contains(&name) && !file.contains("password") && !file.contains("key"), "{file}");
    assert_eq!(json(&at_station(dir.path(), &["station", "show"]))["station"], name.as_str());
    assert_eq!(
        json(&at_station(dir.path(), &["station", "outbox"])),
        object!({"pending": 0, "numbers_left": 0, "conflicts": []})
    );

    let intake = ["intake", "--user", "clerk", "--password-stdin", "--request", "-"];
    let taken = json(&with_stdin_at(dir.path(), &intake, &format!("Demo@2026\n{INTAKE}")));
    assert!(taken.get("offline").is_none(), "taken online: {taken}");
    let outbox = json(&at_station(dir.path(), &["station", "outbox"]));
    assert_eq!(outbox, object!({"pending": 0, "numbers_left": 50, "conflicts": []}), "the sign-in leased a block");
    let synced = json(&at_station(dir.path(), &["station", "sync"]));
    assert_eq!(synced, object!({"handed_in": [], "already": [], "conflicts": []}));
    // Registered again: a new password for the role, the outbox still readable with its key.
    json(&with_stdin_at(dir.path(), &register, "Demo@2026\n"));
    assert_eq!(json(&at_station(dir.path(), &["station", "outbox"]))["numbers_left"], 50);
    assert_eq!(json(&at_station(dir.path(), &["station", "sync"]))["conflicts"], object!([]));
}
