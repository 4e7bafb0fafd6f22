//! Timing for `tests/bench/offline.sh`: a registered city station on a cluster of its own takes
//! intakes online, then (the server stopped) offline into its encrypted outbox, then hands the
//! outbox in once the server is back. Prints one JSON line: the median of each, and the ratios of
//! an offline intake and of one hand-in to an online intake, and of an online intake (the clerk
//! signed in as their own role, under row-level security) to the same intake as the owner.

use std::sync::Arc;
use std::time::Instant;

use onewindow_app::views::{IntakeCommon, IntakeRequest, PartyInput, ReceivedInput};
use onewindow_app::App;
use onewindow_domain::{IdKind, MaterialForm};
use onewindow_station::{outbox, sign_in_anywhere, CityStation, Database, SignIn, StationConfig};
use onewindow_store_postgres::testing::OwnCluster;
use onewindow_store_postgres::PgStore;

const N: usize = 40;
const PASSWORD: &str = "Demo@2026";

fn request() -> IntakeRequest {
    let applicant =
        PartyInput { name: "𠮷祥云".into(), id_kind: IdKind::ResidentId, id_number: "11010519491231002X".into() };
    let common = IntakeCommon { commitment_signed: true, ..IntakeCommon::person(applicant, "13812345678") };
    let received = ["M01", "M02", "M03"]
        .iter()
        .map(|code| ReceivedInput {
            material_code: (*code).into(),
            form: MaterialForm::Original,
            copies: 1,
            pages: 1,
            scans: Vec::new(),
        })
        .collect();
    IntakeRequest { service_item_code: "440703-PJQSCJGJ-001".into(), received, common }
}

fn median(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[ms.len() / 2]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let cluster = OwnCluster::start("offline-bench");
    let owner_url = cluster.database("city").await;
    let owner = Arc::new(PgStore::open(&owner_url).await.unwrap());
    App::new(owner.clone(), Arc::new(onewindow_app::SystemClock)).seed_demo_with(false).await.unwrap();
    for username in ["clerk", "admin"] {
        owner.set_login(username, PASSWORD).await.unwrap();
    }
    let data = tempfile::tempdir().unwrap();
    let url = format!("postgres://localhost/city?host={}&user=ow", cluster.host());
    let name = format!("station_bench_{}", std::process::id());
    let city =
        CityStation { database: url.clone(), hall: "440700000".into(), window: Some("A01".into()), station: None };
    onewindow_station::connect(data.path(), &city).await.unwrap();
    outbox::register(data.path(), &city, &name, &SignIn { username: "admin".into(), password: PASSWORD.into() })
        .await
        .unwrap();
    let config = StationConfig {
        data_dir: data.path().to_path_buf(),
        database: Database::Postgres(url),
        city: Some(CityStation { station: Some(name.clone()), ..city }),
        sign_in: None,
    };

    let timed = |started: Instant| started.elapsed().as_secs_f64() * 1000.0;
    let online = sign_in_anywhere(&config, "clerk", PASSWORD).await.unwrap();
    let mut online_ms = Vec::new();
    for _ in 0..N {
        let started = Instant::now();
        online.app.intake(&online.user, &request()).await.unwrap();
        online_ms.push(timed(started));
    }
    // The same intakes on the owner's session, which row-level security does not apply to: what
    // the policies cost an online intake.
    let as_owner = App::new(owner.clone(), Arc::new(onewindow_app::SystemClock));
    let mut owner_ms = Vec::new();
    for _ in 0..N {
        let started = Instant::now();
        as_owner.intake(&online.user, &request()).await.unwrap();
        owner_ms.push(timed(started));
    }
    cluster.stop();
    let started = Instant::now();
    let offline = sign_in_anywhere(&config, "clerk", PASSWORD).await.unwrap();
    let offline_sign_in_ms = timed(started);
    assert!(offline.offline);
    let mut offline_ms = Vec::new();
    for _ in 0..N.min(outbox::LEASE_BLOCK as usize) {
        let started = Instant::now();
        offline.app.intake(&offline.user, &request()).await.unwrap();
        offline_ms.push(timed(started));
    }
    cluster.restart();
    let started = Instant::now();
    let report = outbox::hand_in(&config).await.unwrap();
    let hand_in_ms = timed(started);
    assert_eq!(report.handed_in.len(), offline_ms.len());
    let per_hand_in = hand_in_ms / offline_ms.len() as f64;
    let (online_median, offline_median) = (median(online_ms), median(offline_ms.clone()));
    println!(
        "{}",
        serde_json::json!({
            "intakes": N,
            "online_intake_median_ms": online_median,
            "owner_intake_median_ms": median(owner_ms.clone()),
            "online_to_owner": online_median / median(owner_ms),
            "offline_intake_median_ms": offline_median,
            "offline_sign_in_ms": offline_sign_in_ms,
            "hand_in_total_ms": hand_in_ms,
            "hand_in_per_intake_ms": per_hand_in,
            "offline_to_online": offline_median / online_median,
            "hand_in_to_online_intake": per_hand_in / online_median,
        })
    );
    let _ = onewindow_station::secret::forget(&name).await;
}
