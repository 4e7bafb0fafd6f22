//! The use cases against a real (in-memory) SQLite store holding the seeded demo.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use onewindow_app::{App, AppError, ErrorCode};
use onewindow_domain::{CaseState, Role};
use onewindow_store_sqlite::SqliteStore;

mod bundle;
mod city;
mod copy;
mod courier;
mod followup;
mod intake;
mod offline;
mod printing;
mod progress;
mod review;
mod secret;
mod signin;

pub(crate) use intake::request as intake_request;

/// The first page of a department queue, unfiltered.
pub(crate) fn whole_queue() -> onewindow_app::views::QueueRequest {
    onewindow_app::views::QueueRequest {
        states: Vec::new(),
        service_item_code: None,
        hall_code: None,
        holder: onewindow_app::views::HolderChoice::Any,
        due: None,
        offset: 0,
        limit: Some(200),
    }
}

pub(crate) async fn demo_app() -> App {
    demo_app_at(Utc.with_ymd_and_hms(2026, 11, 27, 7, 0, 0).unwrap()).await
}

/// The seeded demo on a clock that always reads `now`.
pub(crate) async fn demo_app_at(now: chrono::DateTime<Utc>) -> App {
    let store = SqliteStore::in_memory().await.unwrap();
    let app = App::new(Arc::new(store), Arc::new(onewindow_app::FixedClock(now)));
    let report = app.seed_demo().await.unwrap();
    assert!(report.seeded);
    app
}

#[tokio::test]
async fn seeding_is_once_only_and_covers_every_state() {
    let app = demo_app().await;
    let again = app.seed_demo().await.unwrap();
    assert!(!again.seeded);
    assert!(again.cases >= 200);
    let supervisor = app.login("supervisor", "Demo@2026").await.unwrap();
    let overview = app.overview(&supervisor).await.unwrap();
    assert_eq!(overview.total as usize, again.cases);
    assert_eq!(overview.by_state.len(), CaseState::ALL.len());
    assert_eq!(overview.by_state.iter().map(|s| s.count).sum::<u32>(), overview.total);
    assert_eq!(overview.by_hall.iter().map(|h| h.total).sum::<u32>(), overview.total);
    let rate = overview.on_time_rate.unwrap();
    assert!((0.0..=1.0).contains(&rate));
    // The period the figures cover: from the demo's first case to today (the clock's 27 November).
    let first = overview.period.first_day.clone().expect("a first day");
    assert!(first.as_str() < "2026-11-27" && first.as_str() > "2026-01-01", "{first}");
    assert_eq!(overview.period.last_day, "2026-11-27");
    assert_eq!(overview.period.counted_at, "2026-11-27T07:00:00+00:00");
    // Two 一件事 intakes, taken through the real use case: their cases know each other.
    let mut in_bundles = 0;
    for number in app.cases_in_state(CaseState::HandedOff).await.unwrap() {
        if let Some(bundle) = app.case_detail(&number).await.unwrap().bundle {
            assert!(bundle.cases.iter().any(|c| c.number == bundle.lead));
            in_bundles += 1;
        }
    }
    assert_eq!(in_bundles, 8);
}

#[tokio::test]
async fn login_checks_the_password_and_names_the_empty_field() {
    let app = demo_app().await;
    let clerk = app.login(" clerk ", "Demo@2026").await.unwrap();
    assert_eq!(clerk.role, Role::WindowClerk);
    let view = app.user_view(&clerk).await.unwrap();
    assert_eq!(view.hall.unwrap().name, "江门市政务服务中心");
    assert_eq!(view.window.as_deref(), Some("A01"));
    for (user, password) in [("clerk", "demo@2026"), ("nobody", "Demo@2026")] {
        let e = app.login(user, password).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::Unauthenticated);
        assert_eq!(e.to_string(), "用户名或密码错误，再错4次将锁定15分钟");
    }
    match app.login("", "x").await.unwrap_err() {
        AppError::InvalidInput { field, message } => {
            assert_eq!((field, message.as_str()), ("username", "请输入用户名"))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(app.login("clerk", "").await, Err(AppError::InvalidInput { field: "password", .. })));
}

#[tokio::test]
async fn the_clerk_finds_items_by_pinyin_initials_name_and_code() {
    let app = demo_app().await;
    let found = app.search_service_items("gtgsh", 10).await.unwrap();
    assert_eq!(found[0].name, "个体工商户设立登记");
    let by_name = app.search_service_items("居民身份证换领", 10).await.unwrap();
    assert_eq!(by_name[0].name, "居民身份证换领");
    let detail = app.service_item(&found[0].code).await.unwrap();
    assert!(detail.materials.len() >= 3);
    assert!(app.search_service_items(&"长".repeat(101), 10).await.is_err());
    let missing = app.service_item("no-such-item").await.unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn each_role_sees_its_own_queue_only() {
    let app = demo_app().await;
    let reviewer = app.login("reviewer", "Demo@2026").await.unwrap();
    let queue = app.queue_page(&reviewer, &whole_queue()).await.unwrap();
    assert!(!queue.rows.is_empty());
    for case in queue.rows.iter().map(|r| &r.case) {
        assert_eq!(case.department.code, reviewer.department_code.clone().unwrap());
        assert!(case.state.is_in_department_queue());
        assert!(case.applicant_id_masked.contains("****"));
    }
    let dispatcher = app.login("dispatcher", "Demo@2026").await.unwrap();
    let dispatch = app.dispatch_queue(&dispatcher).await.unwrap();
    assert!(!dispatch.is_empty() && dispatch.iter().all(|c| c.state.is_in_dispatch_queue()));
    let clerk = app.login("clerk", "Demo@2026").await.unwrap();
    assert_eq!(app.queue_page(&clerk, &whole_queue()).await.unwrap_err().code(), ErrorCode::Forbidden);
    assert_eq!(app.dispatch_queue(&clerk).await.unwrap_err().code(), ErrorCode::Forbidden);
    assert_eq!(app.overview(&reviewer).await.unwrap_err().code(), ErrorCode::Forbidden);
}

#[tokio::test]
async fn a_case_opens_with_its_whole_history_and_masked_identifiers() {
    let app = demo_app().await;
    let reviewer = app.login("reviewer", "Demo@2026").await.unwrap();
    let number = app.queue_page(&reviewer, &whole_queue()).await.unwrap().rows[0].case.number.clone();
    let detail = app.case_detail(&number).await.unwrap();
    assert_eq!(detail.summary.number, number);
    assert!(detail.events.len() >= 3);
    assert_eq!(detail.events[0].action, None);
    assert_eq!(detail.events.last().unwrap().to_state, detail.summary.state);
    assert!(detail.applicant_phone_masked.contains("****"));
    assert_eq!(app.case_detail("x' OR 1=1").await.unwrap_err().code(), ErrorCode::InvalidInput);
    assert_eq!(app.case_detail("4407000002020010100001").await.unwrap_err().code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn bundles_are_found_and_merge_their_materials() {
    let app = demo_app().await;
    let hits = app.search_catalog("开办企业", 5).await.unwrap();
    assert_eq!(hits[0].kind, onewindow_domain::EntryKind::Bundle);
    let bundle = app.bundle(&hits[0].code).await.unwrap();
    assert!(bundle.items.len() >= 2);
    let names: Vec<_> = bundle.materials.iter().map(|m| m.name.as_str()).collect();
    let unique: std::collections::HashSet<_> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "each paper once");
    assert!(bundle.materials.iter().any(|m| m.service_item_codes.len() >= 2), "some paper serves several items");
}

#[tokio::test]
async fn the_clerks_hall_decides_the_remit() {
    let app = demo_app().await;
    let clerk = app.login("clerk3", "Demo@2026").await.unwrap(); // 台山市
    let snapshot_item = app.search_catalog("", 1).await.unwrap();
    assert!(snapshot_item.is_empty(), "an empty query finds nothing");
    // Find an item not handled city-wide whose department is not in 台山市.
    let mut local = None;
    for hit in app.search_catalog("登记", 100).await.unwrap() {
        if hit.kind == onewindow_domain::EntryKind::Item && !hit.citywide {
            let detail = app.service_item(&hit.code).await.unwrap();
            if !detail.department.name.contains("台山") {
                local = Some(detail);
                break;
            }
        }
    }
    let item = local.expect("the demo has items not handled city-wide");
    let request = onewindow_app::views::ShortfallRequest {
        service_item_code: item.code.clone(),
        present_codes: item.materials.iter().map(|m| m.code.clone()).collect(),
        applicant_kind: onewindow_domain::ApplicantKind::Person,
        has_agent: true,
        commitment_signed: true,
        dishonest: false,
        e_certificates: vec![],
        applicant: None,
        forms: Default::default(),
    };
    let decision = app.check_shortfall_for(&clerk, &request).await.unwrap();
    assert_eq!(decision.decision, onewindow_domain::shortfall::Outcome::Refuse);
    assert!(decision.refusal.unwrap().contains("全城通办"));
    let bad = onewindow_app::views::ShortfallRequest { present_codes: vec!["M99".into()], ..request };
    assert_eq!(app.check_shortfall(&bad, None).await.unwrap_err().code(), ErrorCode::InvalidInput);
}

#[tokio::test]
async fn an_item_outside_the_halls_remit_names_the_halls_that_accept_it() {
    let app = demo_app().await;
    // 残疾人证新办 is the city's and not handled city-wide: the 江海区 hall may not take it.
    let jianghai = app.login("clerk_440704000", "Demo@2026").await.unwrap();
    let remit = app.item_remit_for(&jianghai, "440700-JMSCL-001").await.unwrap();
    assert!(!remit.accepted_here);
    assert_eq!(remit.halls.iter().map(|h| h.code.as_str()).collect::<Vec<_>>(), vec!["440700000"]);
    let city = app.login("clerk", "Demo@2026").await.unwrap();
    let here = app.item_remit_for(&city, "440700-JMSCL-001").await.unwrap();
    assert!(here.accepted_here && here.halls.is_empty());
    // Handled city-wide: every hall takes it.
    assert!(app.item_remit_for(&jianghai, "440703-PJQSCJGJ-001").await.unwrap().accepted_here);
    let reviewer = app.login("reviewer", "Demo@2026").await.unwrap();
    assert_eq!(app.item_remit_for(&reviewer, "440700-JMSCL-001").await.unwrap_err().code(), ErrorCode::Forbidden);
}
