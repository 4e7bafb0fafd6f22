//! The city-wide mode on a real PostgreSQL: the demo's staff sign in to the city database as
//! their own login roles, and the day's work runs under its row-level security — a clerk takes a
//! case in, the competent department's reviewer finds it in the queue, claims and decides it,
//! while another department's reviewer and another hall's supervisor never see it; a clerk of
//! another hall sees a case, and takes in what the applicant brings for it, only with the code
//! from its receipt or notice.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use onewindow_app::views::{CorrectionItemInput, ReceivedInput, ReviewRequest, SupplyRequest};
use onewindow_app::{App, AppError, ErrorCode, FixedClock};
use onewindow_domain::shortfall::Outcome;
use onewindow_domain::{CaseAction, CaseState, MaterialForm};
use onewindow_station::{Database, StationConfig};
use onewindow_store::{CaseStore, HallStore};
use onewindow_store_postgres::testing::fresh_database;
use onewindow_store_postgres::PgStore;

use crate::{intake_request, whole_queue};

const PASSWORD: &str = "Demo@2026";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).unwrap()
}

/// The seeded demo on a fresh city database, each of `staff` given their sign-in by the owner
/// (the roles are the cluster's: every test's demo staff share them, with the demo's password).
async fn city(staff: &[&str]) -> String {
    let url = fresh_database().await;
    let owner = Arc::new(PgStore::open(&url).await.unwrap());
    let app = App::new(owner.clone(), Arc::new(FixedClock(now())));
    assert!(app.seed_demo_with(false).await.unwrap().seeded);
    for username in staff {
        owner.set_login(username, PASSWORD).await.unwrap();
    }
    url
}

/// The application as `username` signed in to the city database sees it.
async fn signed_in(url: &str, username: &str) -> App {
    let store = PgStore::sign_in(url, username, PASSWORD, 2).await.unwrap().expect("the password is right");
    App::new(Arc::new(store), Arc::new(FixedClock(now())))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_goes_from_the_window_to_its_department_under_the_databases_rules() {
    let staff = ["clerk_440703101", "reviewer_pjqscjgj", "supervisor", "reviewer", "admin"];
    let url = city(&staff).await;

    let clerk_app = signed_in(&url, "clerk_440703101").await;
    let clerk = clerk_app.user("clerk_440703101").await.unwrap();
    let taken = clerk_app.intake(&clerk, &intake_request(&["M01", "M02", "M03"])).await.unwrap();
    assert!(taken.handed_off);
    let number = taken.number;

    let reviewer_app = signed_in(&url, "reviewer_pjqscjgj").await;
    let reviewer = reviewer_app.user("reviewer_pjqscjgj").await.unwrap();
    let queue = reviewer_app.queue_page(&reviewer, &whole_queue()).await.unwrap();
    assert!(queue.rows.iter().any(|r| r.case.number == number), "the new case is in its department's queue");
    let claimed = reviewer_app.review(&reviewer, &number, &ReviewRequest::Claim).await.unwrap();
    assert_eq!(claimed.case.state, CaseState::UnderReview);
    let approve = ReviewRequest::Approve {
        result_name: None,
        certificate_number: "92440703MA5XXXXX1K".into(),
        valid_until: None,
        note: String::new(),
    };
    let approved = reviewer_app.review(&reviewer, &number, &approve).await.unwrap();
    assert_eq!(approved.case.state, CaseState::ReadyForIssuance);
    let detail = reviewer_app.case_detail(&number).await.unwrap();
    assert!(detail.chain.intact, "{}", detail.chain.message);

    // Another department's reviewer: not in the queue, not to be opened.
    let other_app = signed_in(&url, "reviewer").await;
    let other = other_app.user("reviewer").await.unwrap();
    let theirs = other_app.queue_page(&other, &whole_queue()).await.unwrap();
    assert!(theirs.rows.iter().all(|r| r.case.number != number));
    assert_eq!(other_app.case_detail(&number).await.unwrap_err().code(), ErrorCode::NotFound);

    // The city hall's supervisor counts the city hall's cases only; the admin counts them all.
    let supervisor_app = signed_in(&url, "supervisor").await;
    let supervisor = supervisor_app.user("supervisor").await.unwrap();
    let figures = supervisor_app.overview(&supervisor).await.unwrap();
    let admin_app = signed_in(&url, "admin").await;
    let everything = admin_app.overview(&admin_app.user("admin").await.unwrap()).await.unwrap();
    assert!(figures.total > 0 && figures.total < everything.total, "{} of {}", figures.total, everything.total);
    let own = supervisor.hall_code.clone().unwrap();
    assert!(figures.by_hall.iter().all(|h| h.hall.code == own || h.total == 0), "{:?}", figures.by_hall);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_station_signs_staff_in_to_the_city_database_with_their_own_password() {
    let url = city(&["clerk"]).await;
    let dir = tempfile::tempdir().unwrap();
    let config =
        StationConfig { data_dir: dir.path().into(), database: Database::Postgres(url), city: None, sign_in: None };
    let (_, clerk) = onewindow_station::sign_in(&config, "clerk", PASSWORD).await.unwrap();
    assert_eq!(clerk.username, "clerk");
    let refused = onewindow_station::sign_in(&config, "clerk", "wrong-password").await.err().unwrap();
    assert!(matches!(refused, AppError::CityPasswordRefused { remaining: None }), "{refused:?}");
    assert_eq!(refused.code(), ErrorCode::Unauthenticated);
    // A member of staff without a sign-in of their own is refused the same way. (The demo's
    // usernames may have roles from other tests on this cluster: this one is new.)
    let owner = PgStore::attach(&config.database.to_string(), 1).await.unwrap();
    let mut newcomer = owner.user("dispatcher").await.unwrap().unwrap();
    newcomer.username = format!("newcomer_{}", std::process::id());
    owner.save_user(&newcomer, "not a sign-in").await.unwrap();
    let none = onewindow_station::sign_in(&config, &newcomer.username, PASSWORD).await.err().unwrap();
    assert!(matches!(none, AppError::CityPasswordRefused { remaining: None }), "{none:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_of_another_hall_opens_a_case_with_its_code_and_takes_in_what_the_applicant_brings() {
    // Names of their own: a role two tests give its sign-in at once is "concurrently updated".
    let staff = ["clerk2", "lead_pjqscjgj", "clerk3", "clerk4"];
    let url = city(&staff).await;
    let clerk_app = signed_in(&url, "clerk2").await;
    let clerk = clerk_app.user("clerk2").await.unwrap();
    // Taken first: once the applicant has handed 经营场所使用证明 in, it is not asked again.
    let tolerated = clerk_app.intake(&clerk, &intake_request(&["M01", "M02"])).await.unwrap();
    assert_eq!(tolerated.decision.decision, Outcome::AcceptWithShortfall);
    let tolerated = tolerated.number;
    let number = clerk_app.intake(&clerk, &intake_request(&["M01", "M02", "M03"])).await.unwrap().number;
    let owner = PgStore::attach(&url, 1).await.unwrap();
    let code = owner.case(&number).await.unwrap().unwrap().verification_code;
    let qr = format!("OW:{number}:{code}");

    // 台山: the number alone, or with a wrong code, finds nothing; the receipt's QR code opens it.
    let taishan_app = signed_in(&url, "clerk3").await;
    let taishan = taishan_app.user("clerk3").await.unwrap();
    for reference in [number.clone(), format!("OW:{number}:AAAAAA"), format!("OW:{number}:")] {
        let hidden = taishan_app.progress(&taishan, &reference).await.unwrap_err();
        assert_eq!(hidden.code(), ErrorCode::NotFound, "{reference}");
    }
    let seen = taishan_app.progress(&taishan, &format!("OW:{number}:{}", code.to_lowercase())).await.unwrap();
    assert!(seen.verified);
    assert_eq!(seen.state, CaseState::HandedOff);
    assert!(seen.steps.len() >= 3, "{:?}", seen.steps);
    assert!(seen.applicant_masked.is_some() && seen.delivery.is_some());
    assert_eq!(owner.progress_lookups(&number).await.unwrap().last().unwrap().username, "clerk3");

    // 开平, after 台山's look-up: still nothing without the code.
    let kaiping_app = signed_in(&url, "clerk4").await;
    let kaiping = kaiping_app.user("clerk4").await.unwrap();
    assert_eq!(kaiping_app.progress(&kaiping, &number).await.unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(kaiping_app.case_detail(&number).await.unwrap_err().code(), ErrorCode::NotFound);

    // The department asks for a correction; the applicant brings it to 台山 with the notice.
    let lead_app = signed_in(&url, "lead_pjqscjgj").await;
    let lead = lead_app.user("lead_pjqscjgj").await.unwrap();
    lead_app.review(&lead, &number, &ReviewRequest::Claim).await.unwrap();
    let ask = ReviewRequest::RequestCorrection {
        items: vec![CorrectionItemInput {
            material_code: Some("M03".into()),
            name: None,
            reason: "产权人签章不清晰".into(),
        }],
        deadline: "2026-12-15".into(),
        reason: String::new(),
    };
    lead_app.review(&lead, &number, &ask).await.unwrap();
    let bring = |case: String| SupplyRequest {
        case,
        materials: vec![ReceivedInput {
            material_code: "M03".into(),
            form: MaterialForm::Original,
            copies: 1,
            pages: 1,
            scans: Vec::new(),
        }],
        note: String::new(),
    };
    let without = kaiping_app.supply_correction(&kaiping, &bring(number.clone())).await.unwrap_err();
    assert_eq!(without.code(), ErrorCode::NotFound, "no code, no case: {without:?}");
    let supplied = taishan_app.supply_correction(&taishan, &bring(qr.clone())).await.unwrap();
    assert_eq!(supplied.case.state, CaseState::Corrected);
    assert_eq!(supplied.case.claimed_by_username.as_deref(), Some("lead_pjqscjgj"), "back to who asked");
    let events = owner.case_events(&number).await.unwrap();
    let last = events.last().unwrap();
    assert_eq!((last.action, last.hall_code.as_str()), (Some(CaseAction::SubmitCorrection), "440781000"));
    let detail = lead_app.case_detail(&number).await.unwrap();
    assert!(detail.chain.intact, "{}", detail.chain.message);

    // A 容缺 case's tolerated material made good at 开平 with the receipt; without it, not found.
    let number = tolerated;
    let code = owner.case(&number).await.unwrap().unwrap().verification_code;
    let without = kaiping_app.supply_shortfall(&kaiping, &bring(number.clone())).await.unwrap_err();
    assert_eq!(without.code(), ErrorCode::NotFound, "{without:?}");
    // The supply screen looks the case up by the QR code first, then sends the same text.
    let qr = format!("OW:{number}:{code}");
    let view = kaiping_app.review_view(&kaiping, &qr).await.unwrap();
    assert_eq!(view.shortfall.map(|s| s.outstanding.len()), Some(1));
    let supplied = kaiping_app.supply_shortfall(&kaiping, &bring(qr)).await.unwrap();
    assert_eq!(supplied.case.shortfall_supplement_due, None);
    let last = owner.case_events(&number).await.unwrap().pop().unwrap();
    assert_eq!((last.action, last.hall_code.as_str()), (Some(CaseAction::SupplyShortfall), "440783101"));

    // Codes guessed: after twenty wrong ones in an hour the database opens nothing more for that
    // clerk, and the window says why.
    for n in 0..20 {
        let wrong = kaiping_app.progress(&kaiping, &format!("OW:{number}:WRONG{n}")).await.unwrap_err();
        assert_eq!(wrong.code(), ErrorCode::InvalidInput, "{wrong:?}");
    }
    let stopped = kaiping_app.progress(&kaiping, &format!("OW:{number}:{code}")).await.unwrap_err();
    assert_eq!(stopped.code(), ErrorCode::Forbidden, "{stopped:?}");
    assert!(stopped.to_string().contains("查询码错误次数过多"), "{stopped}");
}

/// In the city, a member of staff the admin adds signs in to the database as their own role at
/// once; a clerk cannot add anyone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_of_staff_added_by_the_admin_signs_in_to_the_city_as_themselves() {
    let url = city(&["admin", "clerk_440703101"]).await;
    let admin_app = signed_in(&url, "admin").await;
    let admin = admin_app.user("admin").await.unwrap();
    // Roles are the cluster's: a name of this run's own.
    let username = format!("clerk_added_{}", std::process::id());
    let new = onewindow_domain::User {
        username: username.clone(),
        display_name: "陈新".into(),
        role: onewindow_domain::Role::WindowClerk,
        hall_code: Some("440703101".into()),
        window: None,
        department_code: None,
    };
    let clerk_app = signed_in(&url, "clerk_440703101").await;
    let clerk = clerk_app.user("clerk_440703101").await.unwrap();
    assert_eq!(clerk_app.add_user(&clerk, &new, "Window#2026").await.unwrap_err().code(), ErrorCode::Forbidden);
    assert!(PgStore::sign_in(&url, &username, "Window#2026", 1).await.unwrap().is_none(), "no sign-in yet");

    admin_app.add_user(&admin, &new, "Window#2026").await.unwrap();
    let theirs = PgStore::sign_in(&url, &username, "Window#2026", 1).await.unwrap().expect("the server takes it");
    let as_them = App::new(Arc::new(theirs), Arc::new(FixedClock(now())));
    assert_eq!(as_them.user(&username).await.unwrap(), new);
}

/// A city station registered for it counts the passwords the city refused, as the hall does:
/// the fifth wrong one locks the username out, the right one is then refused without being
/// tried, the admin sees the lock-out and lifts it, a success starts the count again, and every
/// refusal is recorded under the station's name. A station not registered counts nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registered_station_locks_a_username_out_after_five_passwords_the_city_refused() {
    use onewindow_station::{outbox, CityStation, SignIn};
    let url = fresh_database().await;
    let owner = PgStore::open(&url).await.unwrap();
    App::new(Arc::new(PgStore::attach(&url, 1).await.unwrap()), Arc::new(FixedClock(now())))
        .seed_demo_with(false)
        .await
        .unwrap();
    // Roles are the cluster's: this run's own, so that no other test's seed resets them.
    let pid = std::process::id();
    let (admin, clerk) = (format!("throttle_admin_{pid}"), format!("throttle_clerk_{pid}"));
    for (name, template) in [(&admin, "admin"), (&clerk, "clerk")] {
        let mut user = owner.user(template).await.unwrap().unwrap();
        user.username = name.clone();
        owner.save_user(&user, "not a sign-in").await.unwrap();
        owner.set_login(name, PASSWORD).await.unwrap();
    }
    let data = tempfile::tempdir().unwrap();
    // As `station connect` takes it: no user in the address; the socket's user as a parameter.
    let url = format!("{}&user=ow", url.replacen("ow@", "", 1));
    let city =
        CityStation { database: url.clone(), hall: "440700000".into(), window: Some("A01".into()), station: None };
    onewindow_station::connect(data.path(), &city).await.unwrap();
    let name = format!("station_throttle_{pid}");
    outbox::register(data.path(), &city, &name, &SignIn { username: admin.clone(), password: PASSWORD.into() })
        .await
        .unwrap();
    let config = StationConfig {
        data_dir: data.path().into(),
        database: Database::Postgres(url.clone()),
        city: Some(CityStation { station: Some(name.clone()), ..city.clone() }),
        sign_in: None,
    };
    let sign_in = |password: &'static str| onewindow_station::sign_in(&config, &clerk, password);

    for left in (1..=4).rev() {
        let e = sign_in("wrong-password").await.err().unwrap();
        assert!(matches!(e, AppError::CityPasswordRefused { remaining: Some(n) } if n == left), "{e:?}");
        assert!(e.to_string().contains(&format!("再错{left}次")), "{e}");
    }
    let locked = sign_in("wrong-password").await.err().unwrap();
    assert!(matches!(locked, AppError::LockedOut { .. }), "{locked:?}");
    assert_eq!(locked.code(), ErrorCode::Unauthenticated);
    let right = sign_in(PASSWORD).await.err().unwrap();
    assert!(matches!(right, AppError::LockedOut { .. }), "the right password is not tried: {right:?}");
    let recorded: Vec<(String, String)> =
        sqlx::query_as("SELECT outcome, station FROM sign_in_attempts WHERE username = $1 ORDER BY id")
            .bind(&clerk)
            .fetch_all(owner.pool())
            .await
            .unwrap();
    let mut expected = vec![("failed".to_string(), name.clone()); 5];
    expected.push(("refused".into(), name.clone()));
    assert_eq!(recorded, expected);

    // The admin, at the same station, sees the lock-out and lifts it; the clerk signs in.
    let (admin_app, admin_user) = onewindow_station::sign_in(&config, &admin, PASSWORD).await.unwrap();
    let status = admin_app.sign_in_status(&admin_user, &clerk).await.unwrap();
    assert!(status.locked_until.is_some() && status.remaining == 0, "{status:?}");
    admin_app.lift_lockout(&admin_user, &clerk).await.unwrap();
    let (_, signed_in) = sign_in(PASSWORD).await.unwrap();
    assert_eq!(signed_in.username, clerk);

    // A success starts the count again: four wrong, one right, four wrong leave one to go.
    for _ in 0..4 {
        sign_in("wrong-password").await.err().unwrap();
    }
    sign_in(PASSWORD).await.unwrap();
    for _ in 0..3 {
        sign_in("wrong-password").await.err().unwrap();
    }
    let e = sign_in("wrong-password").await.err().unwrap();
    assert!(matches!(e, AppError::CityPasswordRefused { remaining: Some(1) }), "{e:?}");
    // The locked screen's password counts with them: its fifth failure locks the username out.
    let unlock = onewindow_station::unlock_anywhere(&config, &clerk, "wrong-password").await.err().unwrap();
    assert!(matches!(unlock, AppError::LockedOut { .. }), "{unlock:?}");
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM sign_in_attempts WHERE username = $1 ORDER BY id DESC LIMIT 1")
            .bind(&clerk)
            .fetch_all(owner.pool())
            .await
            .unwrap();
    assert_eq!(kinds, ["unlock"]);

    // A station not registered has no role to count with: the city refuses, uncounted.
    let unregistered = StationConfig { city: Some(city.clone()), ..config.clone() };
    let e = onewindow_station::sign_in(&unregistered, &admin, "wrong-password").await.err().unwrap();
    assert!(matches!(e, AppError::CityPasswordRefused { remaining: None }), "{e:?}");
}
