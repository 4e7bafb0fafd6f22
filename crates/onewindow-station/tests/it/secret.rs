//! The station's secret in the real OS keyring: a Secret Service on the session bus, which
//! `./x test` starts (GNOME Keyring in a D-Bus session of its own). Without one these tests fail,
//! naming what is missing; by hand:
//! `dbus-run-session -- sh -c 'echo -n x | gnome-keyring-daemon --unlock --components=secrets >/dev/null; cargo test -p onewindow-station --test it secret'`.

use onewindow_station::secret::{self, StationSecret};

/// A station name of this test run's own, so that runs sharing a keyring do not meet.
fn station(tag: &str) -> String {
    format!("it_{}_{tag}", std::process::id())
}

const NO_KEYRING: &str = "no usable Secret Service on the session bus: run the tests through ./x test, or inside \
     dbus-run-session with gnome-keyring-daemon --unlock started (see this file's header)";

async fn save(station: &str, secret: &StationSecret) {
    if let Err(e) = secret::save(station, secret).await {
        panic!("{NO_KEYRING}: {e}");
    }
}

#[tokio::test]
async fn a_saved_secret_loads_back_and_a_new_one_replaces_it() {
    let name = station("round_trip");
    let first = StationSecret::generate(&name);
    save(&name, &first).await;
    assert_eq!(secret::load(&name).await.unwrap(), Some(first.clone()));
    let second = StationSecret::generate(&name);
    save(&name, &second).await;
    let loaded = secret::load(&name).await.unwrap().unwrap();
    assert_eq!(loaded, second);
    assert_ne!(loaded.password, first.password);
    assert_eq!(loaded.role, name);
    secret::forget(&name).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stations_keep_their_own_secrets() {
    let (a, b) = (station("a"), station("b"));
    let (secret_a, secret_b) = (StationSecret::generate(&a), StationSecret::generate(&b));
    // At the same time, from two tasks of one runtime.
    let (saved_a, saved_b) = tokio::join!(secret::save(&a, &secret_a), secret::save(&b, &secret_b));
    if let Err(e) = saved_a.and(saved_b) {
        panic!("{NO_KEYRING}: {e}");
    }
    assert_eq!(secret::load(&a).await.unwrap().as_ref(), Some(&secret_a));
    assert_eq!(secret::load(&b).await.unwrap().as_ref(), Some(&secret_b));
    secret::forget(&a).await.unwrap();
    assert_eq!(secret::load(&a).await.unwrap(), None);
    assert_eq!(secret::load(&b).await.unwrap(), Some(secret_b), "forgetting one station kept the other's");
    secret::forget(&b).await.unwrap();
}

#[tokio::test]
async fn a_forgotten_secret_is_none_and_forgetting_twice_is_fine() {
    let name = station("forget");
    assert_eq!(secret::load(&station("never_saved")).await.map_err(|e| format!("{NO_KEYRING}: {e}")).unwrap(), None);
    save(&name, &StationSecret::generate(&name)).await;
    secret::forget(&name).await.unwrap();
    assert_eq!(secret::load(&name).await.unwrap(), None);
    secret::forget(&name).await.unwrap();
}

#[tokio::test]
async fn debug_shows_the_role_and_neither_password_nor_key() {
    let secret = StationSecret::generate("station_440700000_ws1");
    let shown = format!("{secret:?} {secret:#?}");
    assert!(shown.contains("station_440700000_ws1"), "{shown}");
    assert!(!shown.contains(&secret.password), "{shown}");
    let key_hex: String = secret.outbox_key.iter().map(|b| format!("{b:02x}")).collect();
    assert!(!shown.contains(&key_hex), "{shown}");
    assert!(!shown.contains(&format!("{:?}", secret.outbox_key)), "{shown}");
    assert!(shown.contains("<hidden>"), "{shown}");
    assert!(secret.password.len() >= 32);
}

#[tokio::test]
async fn an_empty_station_name_is_refused() {
    let e = secret::load(" ").await.unwrap_err();
    assert_eq!(e.field(), Some("station"));
}
