//! Sign-in throttling on the seeded demo: five wrong passwords lock a username for fifteen
//! minutes (the message says until when), a sixth try with the right password is refused too,
//! unlocking the screen counts with signing in, an admin lifts a lock-out, and every attempt is
//! recorded with its station.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use onewindow_app::{App, AppError, ErrorCode, FixedClock};
use onewindow_domain::signin::{AttemptKind, AttemptOutcome};
use onewindow_store::HallStore;
use onewindow_store_sqlite::SqliteStore;

/// 15:00 in Jiangmen.
fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 7, 0, 0).unwrap()
}

/// The demo's store, and the app on it at `minutes` after 15:00 on the station "A01-PC".
async fn demo() -> (Arc<SqliteStore>, impl Fn(i64) -> App) {
    let store = Arc::new(SqliteStore::in_memory().await.unwrap());
    App::new(store.clone(), Arc::new(FixedClock(start()))).seed_demo().await.unwrap();
    let shared = store.clone();
    let at = move |minutes: i64| {
        App::new(shared.clone(), Arc::new(FixedClock(start() + Duration::minutes(minutes)))).on_station("A01-PC")
    };
    (store, at)
}

#[tokio::test]
async fn five_wrong_passwords_lock_a_username_for_fifteen_minutes_and_an_admin_lifts_it() {
    let (store, at) = demo().await;
    for (minute, left) in (0..4).zip([4, 3, 2, 1]) {
        let e = at(minute).login("clerk", "wrong").await.unwrap_err();
        assert!(matches!(e, AppError::WrongCredentials { remaining } if remaining == left), "{e:?}");
        assert_eq!(e.code(), ErrorCode::Unauthenticated);
        assert!(e.to_string().contains(&format!("再错{left}次")), "{e}");
    }
    // The fifth locks it, until 15:19 (fifteen minutes after that failure).
    let e = at(4).login("clerk", "wrong").await.unwrap_err();
    assert!(e.to_string().contains("锁定至15:19"), "{e}");
    // Even the right password is refused meanwhile, and the refusal does not prolong the lock.
    let e = at(10).login("clerk", "Demo@2026").await.unwrap_err();
    assert!(matches!(&e, AppError::LockedOut { until } if until == "15:19"), "{e:?}");
    // Another username is not affected.
    at(10).login("clerk2", "Demo@2026").await.unwrap();

    // The admin sees it and lifts it; the clerk signs in at once.
    let admin = at(11).login("admin", "Demo@2026").await.unwrap();
    let clerk2 = at(11).login("clerk2", "Demo@2026").await.unwrap();
    assert_eq!(at(11).sign_in_status(&clerk2, "clerk").await.unwrap_err().code(), ErrorCode::Forbidden);
    let status = at(11).sign_in_status(&admin, "clerk").await.unwrap();
    assert_eq!((status.remaining, status.locked_until.as_deref()), (0, Some("2026-12-03T07:19:00+00:00")));
    let lifted = at(12).lift_lockout(&admin, "clerk").await.unwrap();
    assert_eq!((lifted.failures, lifted.remaining, lifted.locked_until), (0, 5, None));
    at(12).login("clerk", "Demo@2026").await.unwrap();

    // Every attempt is on record with its station; the lift with the admin's name.
    let rows = store.attempts_since_reset("clerk").await.unwrap();
    assert_eq!(rows.len(), 1, "a success starts the record again");
    assert_eq!((rows[0].outcome, rows[0].station.as_str()), (AttemptOutcome::Succeeded, "A01-PC"));
    let all: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT outcome, station, by_username FROM sign_in_attempts WHERE username = 'clerk' ORDER BY id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let outcomes: Vec<&str> = all.iter().map(|(o, _, _)| o.as_str()).collect();
    assert_eq!(outcomes, ["failed", "failed", "failed", "failed", "failed", "refused", "lifted", "succeeded"]);
    assert!(all.iter().all(|(_, station, _)| station == "A01-PC"));
    assert_eq!(all[6].2.as_deref(), Some("admin"));
}

#[tokio::test]
async fn the_lock_out_ends_by_itself_and_a_name_nobody_has_is_throttled_alike() {
    let (_, at) = demo().await;
    for minute in 0..5 {
        at(minute).login("clerk", "wrong").await.unwrap_err();
    }
    assert!(matches!(at(18).login("clerk", "Demo@2026").await, Err(AppError::LockedOut { .. })));
    at(19).login("clerk", "Demo@2026").await.unwrap();
    // A guessed name gets the same answers as a real one, so guessing tells no one which exist.
    for minute in 0..4 {
        assert!(matches!(at(minute).login("nobody", "x").await, Err(AppError::WrongCredentials { .. })));
    }
    let e = at(4).login("nobody", "x").await.unwrap_err();
    assert!(matches!(e, AppError::LockedOut { .. }), "{e:?}");
}

#[tokio::test]
async fn unlocking_the_screen_is_throttled_with_signing_in() {
    let (store, at) = demo().await;
    let clerk = at(0).login("clerk", "Demo@2026").await.unwrap();
    assert_eq!(at(0).unlock(&clerk, "").await.unwrap_err().field(), Some("password"));
    for minute in 1..4 {
        at(minute).unlock(&clerk, "wrong").await.unwrap_err();
    }
    // Two failures at the lock screen and at sign-in count together.
    at(4).login("clerk", "wrong").await.unwrap_err();
    let e = at(5).unlock(&clerk, "wrong").await.unwrap_err();
    assert!(e.to_string().contains("锁定至15:20"), "{e}");
    assert!(matches!(at(6).unlock(&clerk, "Demo@2026").await, Err(AppError::LockedOut { .. })));
    let rows = store.attempts_since_reset("clerk").await.unwrap();
    let kinds: Vec<AttemptKind> = rows.iter().skip(1).map(|r| r.kind).collect();
    use AttemptKind::{SignIn, Unlock};
    assert_eq!(kinds, [Unlock, Unlock, Unlock, SignIn, Unlock, Unlock]);
    at(20).unlock(&clerk, "Demo@2026").await.unwrap();
}

/// An admin adds a member of staff, who then signs in with the first password; what does not fit
/// is refused with the field named, and nothing is written.
#[tokio::test]
async fn an_admin_adds_a_member_of_staff_who_then_signs_in() {
    let (_, at) = demo().await;
    let app = at(0);
    let admin = app.login("admin", "Demo@2026").await.unwrap();
    let clerk = app.login("clerk", "Demo@2026").await.unwrap();
    let new = onewindow_domain::User {
        username: "clerk_new".into(),
        display_name: "陈新".into(),
        role: onewindow_domain::Role::WindowClerk,
        hall_code: Some("440700000".into()),
        window: Some("A01".into()),
        department_code: None,
    };
    let refused = |e: AppError| (e.code(), e.field());
    assert_eq!(app.add_user(&clerk, &new, "Window#2026").await.unwrap_err().code(), ErrorCode::Forbidden);
    assert_eq!(
        refused(app.add_user(&admin, &new, "short").await.unwrap_err()),
        (ErrorCode::InvalidInput, Some("password"))
    );
    let taken = onewindow_domain::User { username: "clerk".into(), ..new.clone() };
    assert_eq!(
        refused(app.add_user(&admin, &taken, "Window#2026").await.unwrap_err()),
        (ErrorCode::InvalidInput, Some("username"))
    );
    let bad_name = onewindow_domain::User { username: "Clerk New".into(), ..new.clone() };
    assert_eq!(refused(app.add_user(&admin, &bad_name, "Window#2026").await.unwrap_err()).1, Some("username"));
    let no_hall = onewindow_domain::User { hall_code: None, window: None, ..new.clone() };
    assert_eq!(refused(app.add_user(&admin, &no_hall, "Window#2026").await.unwrap_err()).1, Some("hall"));
    let no_window = onewindow_domain::User { window: Some("Z99".into()), ..new.clone() };
    let error = app.add_user(&admin, &no_window, "Window#2026").await.unwrap_err();
    assert_eq!((error.field(), error.to_string()), (Some("window"), "没有窗口“Z99”，未添加".to_string()));
    let reviewer =
        onewindow_domain::User { role: onewindow_domain::Role::Reviewer, hall_code: None, window: None, ..new.clone() };
    assert_eq!(refused(app.add_user(&admin, &reviewer, "Window#2026").await.unwrap_err()).1, Some("department"));
    assert!(app.user("clerk_new").await.is_err(), "nothing written by a refusal");

    let status = app.add_user(&admin, &new, "Window#2026").await.unwrap();
    assert_eq!(status.username, "clerk_new");
    assert_eq!(app.login("clerk_new", "Window#2026").await.unwrap(), new);
}
