//! A town hall's line goes down in the middle of a run of intakes: the station goes on taking them
//! into its encrypted outbox, numbered from the block the city leased to it, and when the city
//! database is back hands each in exactly once, in order; a clerk disabled meanwhile holds the
//! outbox back as a conflict, shown, not dropped. The cut is real: the test's own PostgreSQL
//! server is stopped and started again. The station's secret is in a real Secret Service.

use std::path::Path;
use std::sync::Arc;

use onewindow_app::{App, AppError};
use onewindow_station::outbox::{self, LEASE_BLOCK};
use onewindow_station::{sign_in_anywhere, CityStation, Database, SignIn, StationConfig};
use onewindow_store::CaseStore;
use onewindow_store_postgres::testing::OwnCluster;
use onewindow_store_postgres::PgStore;

use crate::intake_request;

const PASSWORD: &str = "Demo@2026";

/// Every file under `dir`, read whole.
fn files_under(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn intakes_go_on_through_a_cut_and_each_is_handed_in_exactly_once() {
    let cluster = OwnCluster::start("offline");
    let owner_url = cluster.database("city").await;
    let owner = Arc::new(PgStore::open(&owner_url).await.unwrap());
    let seeding = App::new(owner.clone(), Arc::new(onewindow_app::SystemClock));
    assert!(seeding.seed_demo_with(false).await.unwrap().seeded);
    for username in ["clerk", "admin"] {
        owner.set_login(username, PASSWORD).await.unwrap();
    }

    // The station, connected and registered by the admin; its secret goes to the keyring.
    let data = tempfile::tempdir().unwrap();
    // As `station connect` takes it: no password; the socket's user as a parameter.
    let url = format!("postgres://localhost/city?host={}&user=ow", cluster.host());
    let name = format!("station_offline_{}", std::process::id());
    let city =
        CityStation { database: url.clone(), hall: "440700000".into(), window: Some("A01".into()), station: None };
    onewindow_station::connect(data.path(), &city).await.unwrap();
    let admin = SignIn { username: "admin".into(), password: PASSWORD.into() };
    outbox::register(data.path(), &city, &name, &admin).await.unwrap();
    let config = StationConfig {
        data_dir: data.path().to_path_buf(),
        database: Database::Postgres(url.clone()),
        city: Some(CityStation { station: Some(name.clone()), ..city.clone() }),
        sign_in: None,
    };
    let station_file = std::fs::read_to_string(data.path().join(onewindow_station::STATION_FILE)).unwrap();
    assert!(station_file.contains(&name), "{station_file}");

    // Online: the sign-in brings the outbox up to date and leases the day's block.
    let mut session = sign_in_anywhere(&config, "clerk", PASSWORD).await.unwrap();
    assert!(!session.offline);
    let status = outbox::status(&config).await.unwrap().unwrap();
    assert_eq!((status.pending, status.numbers_left), (0, i64::from(LEASE_BLOCK)));

    // Twelve intakes; the server goes down after the fifth.
    let mut numbers = Vec::new();
    let mut offline = Vec::new();
    for i in 0..12 {
        if i == 5 {
            cluster.stop();
        }
        let request = intake_request(&["M01", "M02", "M03"]);
        let taken = match session.app.intake(&session.user, &request).await {
            Err(AppError::Unreachable) => {
                // What the window does: the clerk signs in again, and the station takes them offline.
                session = sign_in_anywhere(&config, "clerk", PASSWORD).await.unwrap();
                assert!(session.offline, "signed in to the outbox");
                session.app.intake(&session.user, &request).await.unwrap()
            }
            other => other.unwrap(),
        };
        if session.offline {
            offline.push(taken.number.clone());
        }
        numbers.push(taken.number);
    }
    assert_eq!(offline.len(), 7, "{numbers:?}");
    let unique: std::collections::BTreeSet<_> = numbers.iter().collect();
    assert_eq!(unique.len(), 12, "no number twice: {numbers:?}");
    let status = outbox::status(&config).await.unwrap().unwrap();
    assert_eq!((status.pending, status.numbers_left), (7, i64::from(LEASE_BLOCK) - 7));

    // Nothing of the secret, and no personal data in the clear, under the data directory.
    let secret = onewindow_station::secret::load(&name).await.unwrap().expect("the secret is in the keyring");
    let key_hex: String = secret.outbox_key.iter().map(|b| format!("{b:02x}")).collect();
    for (path, bytes) in files_under(data.path()) {
        assert!(!contains(&bytes, secret.password.as_bytes()), "the station's password in {}", path.display());
        assert!(!contains(&bytes, key_hex.as_bytes()), "the outbox key in {}", path.display());
        assert!(!contains(&bytes, &secret.outbox_key), "the outbox key in {}", path.display());
        assert!(!contains(&bytes, "𠮷祥云".as_bytes()), "the applicant's name in the clear in {}", path.display());
    }

    // Back, but the clerk was disabled meanwhile: every intake is held back as a conflict.
    cluster.restart();
    let owner = PgStore::attach(&owner_url, 1).await.unwrap();
    owner.disable_login("clerk").await.unwrap();
    let held = outbox::hand_in(&config).await.unwrap();
    assert!(held.handed_in.is_empty());
    assert_eq!(held.conflicts.len(), 7);
    assert!(held.conflicts[0].reason.contains("停用"), "{}", held.conflicts[0].reason);
    let status = outbox::status(&config).await.unwrap().unwrap();
    assert_eq!((status.pending, status.conflicts.len()), (7, 7));
    for number in &offline {
        assert!(owner.case(number).await.unwrap().is_none(), "{number} not in the city yet");
    }

    // Enabled again: all seven are handed in, in order, each once; a second run sends nothing.
    owner.set_login("clerk", PASSWORD).await.unwrap();
    let report = outbox::hand_in(&config).await.unwrap();
    assert_eq!(report.handed_in, offline);
    assert!(report.conflicts.is_empty() && report.already.is_empty());
    assert_eq!(outbox::hand_in(&config).await.unwrap(), outbox::HandInReport::default());
    assert_eq!(outbox::status(&config).await.unwrap().unwrap().pending, 0);
    for number in &numbers {
        let chain = owner.case_chain(number).await.unwrap().unwrap_or_else(|| panic!("{number} in the city"));
        let facts: Vec<_> = chain.events.iter().map(|e| (e.facts(number), e.hash.as_deref().unwrap_or(""))).collect();
        let verified = onewindow_domain::audit::verify_chain(&facts, chain.head.as_deref());
        assert!(verified.is_ok(), "{number} (offline: {}): {verified:?} {:?}", offline.contains(number), chain.events);
    }
    let keyed: i64 = sqlx::query_scalar("SELECT count(*) FROM cases WHERE intake_key IS NOT NULL")
        .fetch_one(owner.pool())
        .await
        .unwrap();
    assert_eq!(keyed, 7);

    // An answer lost in a cut: the station tries again with the same key, and the city, which
    // took it the first time, does not take it twice.
    let store =
        onewindow_store_sqlite::SqliteStore::open_encrypted(&data.path().join(outbox::OUTBOX_FILE), &secret.outbox_key)
            .await
            .unwrap();
    sqlx::query("UPDATE outbox_hand_ins SET handed_in_at = NULL WHERE case_number = ?")
        .bind(&offline[3])
        .execute(store.pool())
        .await
        .unwrap();
    let again = outbox::hand_in(&config).await.unwrap();
    assert_eq!(again.already, vec![offline[3].clone()]);
    assert!(again.handed_in.is_empty());
    let copies: i64 = sqlx::query_scalar("SELECT count(*) FROM cases WHERE number = $1")
        .bind(&offline[3])
        .fetch_one(owner.pool())
        .await
        .unwrap();
    assert_eq!(copies, 1);

    // The city's own numbering goes on after the leased block: an online intake now takes none of it.
    let online = sign_in_anywhere(&config, "clerk", PASSWORD).await.unwrap();
    assert!(!online.offline);
    let next = online.app.intake(&online.user, &intake_request(&["M01", "M02", "M03"])).await.unwrap();
    assert!(!numbers.contains(&next.number), "{}", next.number);
    assert!(next.number > *offline.last().unwrap(), "{} after the leased block", next.number);
}
