//! The back office on the seeded demo: claims and their conflicts, each decision with what it
//! records, a correction supplied at another district's window, the lead's moves, the clock and
//! the audit chain, and bad input or a move not allowed refused with nothing stored.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use onewindow_app::views::{
    CorrectionItemInput, DueChoice, HolderChoice, QueueRequest, ReceivedInput, ReviewRequest, SupplyRequest,
};
use onewindow_app::{App, AppError, ErrorCode, FixedClock};
use onewindow_domain::time::local_day;
use onewindow_domain::{CaseAction, CaseState, DocumentKind, LimitStatus, MaterialForm, TimeLimit, User};
use onewindow_store::Store;
use onewindow_store_sqlite::SqliteStore;

use crate::intake_request;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).unwrap()
}

/// The seeded demo on `store`, read at `now`.
fn app_at(store: &Arc<dyn Store>, now: DateTime<Utc>) -> App {
    App::new(store.clone(), Arc::new(FixedClock(now)))
}

pub(crate) async fn demo() -> (Arc<dyn Store>, App) {
    let store: Arc<dyn Store> = Arc::new(SqliteStore::in_memory().await.unwrap());
    let app = app_at(&store, start());
    assert!(app.seed_demo().await.unwrap().seeded);
    (store, app)
}

async fn user(app: &App, name: &str) -> User {
    app.user(name).await.unwrap()
}

/// A new case of 个体工商户设立登记 (蓬江区市场监督管理局), taken in at the 蓬江 hall and waiting in
/// its department's queue.
async fn handed_off(app: &App) -> String {
    let clerk = user(app, "clerk_440703101").await;
    let result = app.intake(&clerk, &intake_request(&["M01", "M02", "M03"])).await.unwrap();
    assert!(result.handed_off);
    result.number
}

fn events(detail: &onewindow_app::views::CaseDetail) -> Vec<Option<CaseAction>> {
    detail.events.iter().map(|e| e.action).collect()
}

fn conflict(e: AppError) -> String {
    assert_eq!(e.code(), ErrorCode::Conflict, "{e:?}");
    e.to_string()
}

#[tokio::test]
async fn one_claim_wins_and_the_others_are_told_who_holds_the_case() {
    let (_, app) = demo().await;
    let number = handed_off(&app).await;
    let reviewer = user(&app, "reviewer_pjqscjgj").await;
    let lead = user(&app, "lead_pjqscjgj").await;
    let outcome = app.review(&reviewer, &number, &ReviewRequest::Claim).await.unwrap();
    assert_eq!(outcome.case.state, CaseState::UnderReview);
    assert_eq!(outcome.case.claimed_by_username.as_deref(), Some("reviewer_pjqscjgj"));
    let holder = outcome.case.claimed_by.clone().unwrap();
    let refused = conflict(app.review(&lead, &number, &ReviewRequest::Claim).await.unwrap_err());
    assert_eq!(refused, format!("该办件已由{holder}认领"));
    // Someone of another department, a clerk: refused by role, not by state.
    for other in ["reviewer", "clerk"] {
        let e = app.review(&user(&app, other).await, &number, &ReviewRequest::Claim).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::Forbidden, "{other}: {e}");
    }
    // The holder is the same on every screen: the case, the review view, the queue.
    let view = app.review_view(&lead, &number).await.unwrap();
    assert_eq!(view.detail.summary.claimed_by.as_deref(), Some(holder.as_str()));
    assert!(!view.actions.contains(&CaseAction::Claim) && !view.actions.contains(&CaseAction::Approve));
    assert!(view.actions.contains(&CaseAction::Reassign), "{:?}", view.actions);
    let bulk = app.claim_many(&lead, &[number.clone(), "4407000000000000000".into()]).await.unwrap();
    assert!(!bulk[0].claimed && bulk[0].error.as_deref() == Some(refused.as_str()));
    assert!(!bulk[1].claimed && bulk[1].error.as_deref().unwrap().contains("未找到"));
    assert_eq!(events(&app.case_detail(&number).await.unwrap()).len(), 4, "refusals leave no event");
}

/// 领取下一件: the queue's first case that nobody holds and a claim moves, again and again until
/// there is none; only a reviewer takes one, and an empty queue is no error.
#[tokio::test]
async fn the_next_case_is_the_queues_first_free_one_until_none_is_left() {
    let (_, app) = demo().await;
    let reviewer = user(&app, "reviewer").await;
    let free = |page: onewindow_app::views::QueuePageView| -> Vec<String> {
        let claimable = [CaseState::HandedOff, CaseState::Corrected];
        page.rows.into_iter().filter(|r| claimable.contains(&r.case.state)).map(|r| r.case.number).collect()
    };
    let unclaimed = QueueRequest { holder: HolderChoice::Unclaimed, limit: Some(200), ..queue() };
    let waiting = free(app.queue_page(&reviewer, &unclaimed).await.unwrap());
    assert!(waiting.len() >= 2, "the demo's queue has free cases: {waiting:?}");
    let mut taken = Vec::new();
    while let Some(outcome) = app.claim_next(&reviewer).await.unwrap() {
        assert_eq!(outcome.action, CaseAction::Claim);
        assert_eq!(outcome.case.state, CaseState::UnderReview);
        assert_eq!(outcome.case.claimed_by_username.as_deref(), Some("reviewer"));
        taken.push(outcome.case.number);
    }
    assert_eq!(taken, waiting, "in the queue's order, each once");
    assert!(free(app.queue_page(&reviewer, &unclaimed).await.unwrap()).is_empty());
    let detail = app.case_detail(&taken[0]).await.unwrap();
    assert_eq!(events(&detail).last(), Some(&Some(CaseAction::Claim)));
    // A window clerk takes no case from a department's queue.
    let clerk = user(&app, "clerk").await;
    assert_eq!(app.claim_next(&clerk).await.unwrap_err().code(), ErrorCode::Forbidden);
}

#[tokio::test]
async fn a_correction_pauses_the_clock_comes_in_at_another_districts_window_and_returns_to_its_reviewer() {
    let (store, app) = demo().await;
    let number = handed_off(&app).await;
    let reviewer = user(&app, "reviewer_pjqscjgj").await;
    app.review(&reviewer, &number, &ReviewRequest::Claim).await.unwrap();
    let before = app.review_view(&reviewer, &number).await.unwrap().clock.unwrap();
    let ask = ReviewRequest::RequestCorrection {
        items: vec![
            CorrectionItemInput {
                material_code: Some("M03".into()), name: None, reason: "产权人签章不清晰".into()
            },
            CorrectionItemInput {
                material_code: None, name: Some("租赁合同".into()), reason: "请提供原件".into()
            },
        ],
        deadline: "2026-12-15".into(),
        reason: String::new(),
    };
    let outcome = app.review(&reviewer, &number, &ask).await.unwrap();
    assert_eq!(outcome.case.state, CaseState::CorrectionRequested);
    assert_eq!(outcome.documents, vec![DocumentKind::CorrectionNotice]);
    let view = app.review_view(&reviewer, &number).await.unwrap();
    assert_eq!(view.clock.as_ref().unwrap().status, LimitStatus::Paused);
    let correction = view.correction.unwrap();
    assert_eq!(correction.items.len(), 2);
    assert_eq!(correction.deadline, "2026-12-15");

    // Four days later the applicant brings it to the 江海区 hall; the clerk scans the QR code.
    let later = app_at(&store, start() + Duration::days(4));
    let clerk = user(&later, "clerk_440704000").await;
    let code = store.case(&number).await.unwrap().unwrap().verification_code;
    // The paper the reviewer named has a code of its own in the case, to tick like any other.
    assert_eq!(correction.items[1].material_code.as_deref(), Some("BZ1"));
    let brought = |code: &str| ReceivedInput {
        material_code: code.into(),
        form: MaterialForm::Original,
        copies: 1,
        pages: 1,
        scans: Vec::new(),
    };
    let bring =
        |case: String| SupplyRequest { case, materials: vec![brought("M03"), brought("BZ1")], note: String::new() };
    let wrong = later.supply_correction(&clerk, &bring(format!("OW:{number}:AAAAAA"))).await.unwrap_err();
    assert!(matches!(wrong, AppError::InvalidInput { field: "case", .. }), "{wrong:?}");
    let e = later.supply_correction(&reviewer, &bring(number.clone())).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden);
    let supplied = later.supply_correction(&clerk, &bring(format!("OW:{number}:{code}"))).await.unwrap();
    assert_eq!(supplied.case.state, CaseState::Corrected);
    assert_eq!(supplied.case.claimed_by_username.as_deref(), Some("reviewer_pjqscjgj"), "back to who asked");
    let materials = later.review_view(&reviewer, &number).await.unwrap().materials;
    let lease = materials.iter().find(|m| m.material.code == "BZ1").expect("the named paper is on the checklist");
    assert_eq!((lease.material.name.as_str(), lease.material.received), ("租赁合同", true));
    let detail = later.case_detail(&number).await.unwrap();
    let last = detail.events.last().unwrap();
    assert_eq!((last.hall.code.as_str(), last.actor.as_str()), ("440704000", "张慧"));

    // The clock ran again, moved by the working days of the pause: the same function of the events.
    let accepted = local_day(store.case(&number).await.unwrap().unwrap().accepted_at.unwrap());
    let mut limit = TimeLimit::new(accepted, before.promised_days, before.statutory_days);
    limit.apply(CaseAction::RequestCorrection, local_day(start()), 0);
    limit.apply(CaseAction::SubmitCorrection, local_day(start() + Duration::days(4)), 0);
    let clock = later.review_view(&reviewer, &number).await.unwrap().clock.unwrap();
    assert_eq!(clock.due_date, limit.due_date(later.calendar()).to_string());
    assert_eq!(clock.statutory_due, limit.statutory_due(later.calendar()).to_string());
    assert!(clock.due_date > before.due_date, "{} after {}", clock.due_date, before.due_date);
    assert_eq!(clock.pauses.len(), 1);
    assert_eq!(clock.pauses[0].working_days, limit.paused_working_days(later.calendar()));
    assert!(!matches!(clock.status, LimitStatus::Paused));

    let approve = ReviewRequest::Approve {
        result_name: None,
        certificate_number: "92440703MA5XXXXX1K".into(),
        valid_until: None,
        note: String::new(),
    };
    let approved = later.review(&reviewer, &number, &approve).await.unwrap();
    // Approved, and at once on to the window the applicant collects at.
    assert_eq!(approved.case.state, CaseState::ReadyForIssuance);
    let view = later.review_view(&reviewer, &number).await.unwrap();
    assert_eq!(view.documents, vec![DocumentKind::CorrectionNotice, DocumentKind::ApprovalDecision]);
    assert!(view.detail.chain.intact, "{}", view.detail.chain.message);
    assert_eq!(view.detail.chain.message, "记录完整");
    assert_eq!(
        events(&view.detail)[3..],
        [
            Some(CaseAction::Claim),
            Some(CaseAction::RequestCorrection),
            Some(CaseAction::SubmitCorrection),
            Some(CaseAction::Approve),
            Some(CaseAction::PrepareIssuance)
        ]
    );
}

#[tokio::test]
async fn the_lead_reassigns_extends_once_and_withdraws_only_after_the_deadline() {
    let (store, app) = demo().await;
    let number = handed_off(&app).await;
    let reviewer = user(&app, "reviewer_pjqscjgj").await;
    let lead = user(&app, "lead_pjqscjgj").await;
    app.review(&reviewer, &number, &ReviewRequest::Claim).await.unwrap();
    let reassign = |to: &str, reason: &str| ReviewRequest::Reassign { to: to.into(), reason: reason.into() };
    let e = app.review(&reviewer, &number, &reassign("lead_pjqscjgj", "休假")).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden);
    let e = app.review(&lead, &number, &reassign("reviewer", "休假")).await.unwrap_err();
    assert!(matches!(e, AppError::InvalidInput { field: "to", .. }), "another department's reviewer: {e:?}");
    let e = app.review(&lead, &number, &reassign("lead_pjqscjgj", " ")).await.unwrap_err();
    assert!(matches!(e, AppError::InvalidInput { field: "reason", .. }));
    let moved = app.review(&lead, &number, &reassign("lead_pjqscjgj", "原承办人休假")).await.unwrap();
    assert_eq!(moved.case.claimed_by_username.as_deref(), Some("lead_pjqscjgj"));
    // The reviewer who had it no longer may decide it.
    let deny = ReviewRequest::Deny { ground: "申请人不符合法定条件".into(), reason: "不符".into() };
    conflict(app.review(&reviewer, &number, &deny).await.unwrap_err());

    let allowance = app.review_view(&lead, &number).await.unwrap().clock.unwrap().extension_allowance;
    assert!(allowance > 0);
    let extend = |days: u32| ReviewRequest::Extend { days, reason: "需征求相关部门意见".into() };
    let e = app.review(&lead, &number, &extend(allowance + 1)).await.unwrap_err();
    assert!(matches!(e, AppError::InvalidInput { field: "days", .. }));
    let before = store.case(&number).await.unwrap().unwrap().due_date.unwrap();
    let extended = app.review(&lead, &number, &extend(allowance)).await.unwrap();
    assert_eq!(extended.documents, vec![DocumentKind::ExtensionNotice]);
    let after = store.case(&number).await.unwrap().unwrap().due_date.unwrap();
    assert_eq!(app.calendar().working_days_between(before, after), allowance);
    assert!(conflict(app.review(&lead, &number, &extend(1)).await.unwrap_err()).contains("只能延期一次"));

    let ask = ReviewRequest::RequestCorrection {
        items: vec![CorrectionItemInput {
            material_code: Some("M02".into()), name: None, reason: "复印件不清".into()
        }],
        deadline: "2026-11-30".into(),
        reason: String::new(),
    };
    app.review(&lead, &number, &ask).await.unwrap();
    let withdraw = ReviewRequest::Withdraw { reason: String::new() };
    assert!(conflict(app.review(&lead, &number, &withdraw).await.unwrap_err()).contains("补正期限未过"));
    // After the deadline the lead sees it as overdue and may extend the deadline or withdraw.
    let later = app_at(&store, start() + Duration::days(5));
    let page =
        later.queue_page(&lead, &QueueRequest { due: Some(DueChoice::CorrectionOverdue), ..queue() }).await.unwrap();
    assert!(page.rows.iter().any(|r| r.case.number == number));
    assert_eq!(page.counts.correction_overdue as usize, page.rows.len());
    let e = later.review(&reviewer, &number, &withdraw).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden);
    let withdrawn = later.review(&lead, &number, &withdraw).await.unwrap();
    assert_eq!(withdrawn.case.state, CaseState::Withdrawn);
    assert_eq!(withdrawn.documents, vec![DocumentKind::WithdrawalNotice]);
}

#[tokio::test]
async fn bad_input_names_its_field_and_stores_nothing() {
    let (_, app) = demo().await;
    let number = handed_off(&app).await;
    let reviewer = user(&app, "reviewer_pjqscjgj").await;
    let e = app.review(&reviewer, &number, &ReviewRequest::Deny { ground: "x".into(), reason: "y".into() }).await;
    conflict(e.unwrap_err());
    app.review(&reviewer, &number, &ReviewRequest::Claim).await.unwrap();
    let count = events(&app.case_detail(&number).await.unwrap()).len();
    let cases: Vec<(ReviewRequest, &str)> = vec![
        (ReviewRequest::Deny { ground: "没有这条".into(), reason: "y".into() }, "ground"),
        (ReviewRequest::Deny { ground: "申请人不符合法定条件".into(), reason: " ".into() }, "reason"),
        (
            ReviewRequest::Approve {
                result_name: None,
                certificate_number: " ".into(),
                valid_until: None,
                note: String::new(),
            },
            "certificate_number",
        ),
        (
            ReviewRequest::Approve {
                result_name: None,
                certificate_number: "A1".into(),
                valid_until: Some("2026-02-30".into()),
                note: String::new(),
            },
            "valid_until",
        ),
        (
            ReviewRequest::RequestCorrection { items: vec![], deadline: "2026-12-15".into(), reason: String::new() },
            "items",
        ),
        (
            ReviewRequest::RequestCorrection {
                items: vec![CorrectionItemInput { material_code: Some("M99".into()), name: None, reason: "x".into() }],
                deadline: "2026-12-15".into(),
                reason: String::new(),
            },
            "items",
        ),
        (
            ReviewRequest::RequestCorrection {
                items: vec![CorrectionItemInput { material_code: Some("M01".into()), name: None, reason: "x".into() }],
                deadline: "2026-11-27".into(),
                reason: String::new(),
            },
            "deadline",
        ),
        (
            ReviewRequest::StartSpecialProcedure {
                procedure: onewindow_domain::SpecialProcedureKind::Hearing,
                limit_days: 0,
                reason: "听证".into(),
            },
            "limit_days",
        ),
    ];
    for (request, field) in cases {
        match app.review(&reviewer, &number, &request).await {
            Err(AppError::InvalidInput { field: f, message }) => assert_eq!(f, field, "{request:?}: {message}"),
            other => panic!("{request:?}: {other:?}"),
        }
    }
    let detail = app.case_detail(&number).await.unwrap();
    assert_eq!(events(&detail).len(), count, "nothing stored");
    assert_eq!(detail.summary.state, CaseState::UnderReview);
    // A clerk approving is refused by role.
    let clerk = user(&app, "clerk").await;
    let approve = ReviewRequest::Approve {
        result_name: None,
        certificate_number: "A1".into(),
        valid_until: None,
        note: String::new(),
    };
    assert_eq!(app.review(&clerk, &number, &approve).await.unwrap_err().code(), ErrorCode::Forbidden);
}

fn queue() -> QueueRequest {
    QueueRequest {
        states: Vec::new(),
        service_item_code: None,
        hall_code: None,
        holder: HolderChoice::Any,
        due: None,
        offset: 0,
        limit: Some(20),
    }
}

#[tokio::test]
async fn the_queue_pages_filters_and_colours_each_clock() {
    let (_, app) = demo().await;
    let reviewer = user(&app, "reviewer").await;
    let all = app.queue_page(&reviewer, &queue()).await.unwrap();
    assert!(all.total >= 10, "the demo reviewer has a day's work: {}", all.total);
    assert_eq!(all.counts.all, all.total);
    assert!(all.rows.len() <= 20);
    // Soonest due first; paused clocks say so.
    let dues: Vec<_> = all.rows.iter().filter_map(|r| r.case.due_date.clone()).collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
    for row in &all.rows {
        let paused = matches!(row.clock, Some(LimitStatus::Paused));
        assert_eq!(paused, row.case.state.pauses_time_limit(), "{}", row.case.number);
    }
    let unclaimed =
        app.queue_page(&reviewer, &QueueRequest { holder: HolderChoice::Unclaimed, ..queue() }).await.unwrap();
    assert_eq!(unclaimed.total, all.counts.unclaimed);
    assert!(unclaimed.rows.iter().all(|r| r.case.claimed_by.is_none()));
    let first = unclaimed.rows.iter().find(|r| r.case.state == CaseState::HandedOff).unwrap().case.number.clone();
    app.review(&reviewer, &first, &ReviewRequest::Claim).await.unwrap();
    let mine = app.queue_page(&reviewer, &QueueRequest { holder: HolderChoice::Mine, ..queue() }).await.unwrap();
    assert!(mine.rows.iter().any(|r| r.case.number == first));
    assert!(mine.rows.iter().all(|r| r.case.claimed_by_username.as_deref() == Some("reviewer")));
    assert_eq!(mine.counts.mine, mine.total);
    let overdue = app.queue_page(&reviewer, &QueueRequest { due: Some(DueChoice::Overdue), ..queue() }).await.unwrap();
    for row in &overdue.rows {
        assert!(matches!(row.clock, Some(LimitStatus::Overdue { .. } | LimitStatus::Paused)), "{row:?}");
    }
    let e = app.queue_page(&reviewer, &QueueRequest { limit: Some(0), ..queue() }).await.unwrap_err();
    assert!(matches!(e, AppError::InvalidInput { field: "limit", .. }));
    let clerk = user(&app, "clerk").await;
    assert_eq!(app.queue_page(&clerk, &queue()).await.unwrap_err().code(), ErrorCode::Forbidden);
    // The lead's reassign list: the department's reviewers and leads only.
    let lead = user(&app, "lead").await;
    let names: Vec<_> = app.department_reviewers(&lead).await.unwrap().into_iter().map(|r| r.username).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&"reviewer2".to_string()) && names.contains(&"lead".to_string()));
}

#[tokio::test]
async fn the_demo_history_verifies_and_every_chain_is_whole() {
    let (_, app) = demo().await;
    let report = app.verify_audit(None).await.unwrap();
    assert!(report.cases >= 200);
    assert!(report.events > u64::from(report.cases));
    assert!(report.broken.is_empty(), "{:?}", report.broken);
}
