//! After the decision, on the seeded demo: tolerated materials supplied at another district's
//! window, approval, issuance at the pickup hall after the collector's papers are checked; the
//! overdue rule both ways with the broken commitment that bars tolerance for a year; instant
//! approval in one visit; and every bad input or move not allowed refused with nothing stored.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use onewindow_app::views::{
    CollectorInput, DeliveryInput, FollowUpRequest, IntakeCommon, IntakeRequest, IssueRequest, PartyInput,
    ReceivedInput, RemindRequest, ReviewRequest, SettleRequest, SupplyRequest,
};
use onewindow_app::{App, AppError, ErrorCode, FixedClock};
use onewindow_domain::followup::FollowUpUrgency;
use onewindow_domain::shortfall::Outcome;
use onewindow_domain::{
    CaseAction, CaseState, DeliveryMethod, DocumentKind, EventDetail, IdKind, MaterialForm, ReminderChannel, User,
};
use onewindow_store::Store;
use onewindow_store_sqlite::SqliteStore;

use crate::intake_request;

/// Friday 27 November 2026, 10:00 in the halls.
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).unwrap()
}

fn app_at(store: &Arc<dyn Store>, now: DateTime<Utc>) -> App {
    App::new(store.clone(), Arc::new(FixedClock(now)))
}

async fn demo() -> (Arc<dyn Store>, App) {
    let store: Arc<dyn Store> = Arc::new(SqliteStore::in_memory().await.unwrap());
    let app = app_at(&store, start());
    assert!(app.seed_demo().await.unwrap().seeded);
    (store, app)
}

async fn user(app: &App, name: &str) -> User {
    app.user(name).await.unwrap()
}

const APPLICANT_ID: &str = "11010519491231002X";

fn brought(code: &str) -> ReceivedInput {
    ReceivedInput { material_code: code.into(), form: MaterialForm::Original, copies: 1, pages: 1, scans: Vec::new() }
}

fn code_of(e: &AppError) -> ErrorCode {
    e.code()
}

fn field_of(e: &AppError) -> Option<String> {
    match e {
        AppError::InvalidInput { field, .. } => Some(field.to_string()),
        _ => None,
    }
}

/// 个体工商户设立登记 taken in at the city hall without 经营场所使用证明 (tolerated, due Monday 30
/// November), the result to be collected at the 蓬江 hall.
async fn tolerated_case(app: &App) -> String {
    let clerk = user(app, "clerk").await;
    let mut request = intake_request(&["M01", "M02"]);
    request.common.delivery =
        DeliveryInput { method: DeliveryMethod::Window, pickup_hall_code: Some("440703000".into()), address: None };
    let result = app.intake(&clerk, &request).await.unwrap();
    assert_eq!(result.decision.decision, Outcome::AcceptWithShortfall);
    result.number
}

async fn approve(app: &App, number: &str) {
    let reviewer = user(app, "reviewer_pjqscjgj").await;
    app.review(&reviewer, number, &ReviewRequest::Claim).await.unwrap();
    let approve = ReviewRequest::Approve {
        certificate_number: "92440703MA5E2E0001".into(),
        result_name: None,
        valid_until: None,
        note: String::new(),
    };
    let outcome = app.review(&reviewer, number, &approve).await.unwrap();
    assert_eq!(outcome.case.state, CaseState::ReadyForIssuance);
}

#[tokio::test]
async fn a_tolerated_material_brought_elsewhere_then_the_result_is_handed_out_after_the_id_check() {
    let (store, app) = demo().await;
    let number = tolerated_case(&app).await;

    // On the follow-up list of the hall that took it in, due on the next working day.
    let clerk = user(&app, "clerk").await;
    let list = app.followups(&clerk, &FollowUpRequest::default()).await.unwrap();
    let row = list.rows.iter().find(|r| r.case.number == number).expect("listed");
    assert_eq!(row.urgency, FollowUpUrgency::DueTomorrow);
    assert_eq!(row.phone_masked.as_deref(), Some("138****5678"));
    assert_eq!(row.shortfall.outstanding[0].name, "经营场所使用证明");
    assert!(row.actions.contains(&CaseAction::Remind) && !row.actions.contains(&CaseAction::Terminate));
    assert!(list.scope.contains("江门市政务服务中心"), "{}", list.scope);

    // Reminded by phone: the mark says who, when and how.
    app.remind(&clerk, &RemindRequest { case: number.clone(), channel: ReminderChannel::Phone, note: String::new() })
        .await
        .unwrap();
    let list = app.followups(&clerk, &FollowUpRequest { due_within: Some(1), hall_code: None }).await.unwrap();
    let reminded = list.rows.iter().find(|r| r.case.number == number).unwrap().last_reminder.clone().unwrap();
    assert_eq!((reminded.by.as_str(), reminded.channel), ("李敏", ReminderChannel::Phone));

    // Approval may go ahead while the material is outstanding; the result is not handed out.
    approve(&app, &number).await;
    let pickup = user(&app, "clerk2").await;
    let waiting = app.issuance_queue(&pickup).await.unwrap();
    let row = waiting.rows.iter().find(|r| r.case.number == number).expect("waiting at 蓬江");
    assert!(row.blocked.as_deref().is_some_and(|b| b.contains("经营场所使用证明")), "{:?}", row.blocked);
    assert_eq!(row.result, "营业执照（92440703MA5E2E0001）");
    let applicant = CollectorInput::Applicant { id_kind: IdKind::ResidentId, id_number: APPLICANT_ID.into() };
    let issue = |collector: CollectorInput| IssueRequest { case: number.clone(), collector };
    let e = app.issue(&pickup, &issue(applicant.clone())).await.unwrap_err();
    assert!(e.to_string().contains("容缺材料尚未补齐"), "{e}");

    // The applicant brings it to a window of another district (新会): in a copy first, refused.
    let xinhui = user(&app, "clerk5").await;
    let copy = ReceivedInput { form: MaterialForm::Copy, ..brought("M03") };
    let e = app
        .supply_shortfall(&xinhui, &SupplyRequest { case: number.clone(), materials: vec![copy], note: String::new() })
        .await
        .unwrap_err();
    assert_eq!(field_of(&e).as_deref(), Some("materials"), "{e}");
    assert!(e.to_string().contains("须提交原件"), "{e}");
    // A paper that is not outstanding is refused by name.
    let e = app
        .supply_shortfall(
            &xinhui,
            &SupplyRequest { case: number.clone(), materials: vec![brought("M01")], note: String::new() },
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("不是本办件待补交的容缺材料"), "{e}");
    // A reviewer does not take papers in.
    let reviewer = user(&app, "reviewer_pjqscjgj").await;
    let e = app
        .supply_shortfall(
            &reviewer,
            &SupplyRequest { case: number.clone(), materials: vec![brought("M03")], note: String::new() },
        )
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), ErrorCode::Forbidden);
    let detail = app.case_detail(&number).await.unwrap();
    assert_eq!(detail.summary.shortfall_supplement_due.as_deref(), Some("2026-11-30"), "nothing changed yet");

    // The original, by the receipt's QR code: recorded, and the shortfall is made good.
    let code = store.case(&number).await.unwrap().unwrap().verification_code;
    let supplied = app
        .supply_shortfall(
            &xinhui,
            &SupplyRequest {
                case: format!("OW:{number}:{code}"),
                materials: vec![brought("M03")],
                note: String::new(),
            },
        )
        .await
        .unwrap();
    assert_eq!(supplied.case.state, CaseState::ReadyForIssuance);
    assert_eq!(supplied.case.shortfall_supplement_due, None);
    let view = app.review_view(&reviewer, &number).await.unwrap();
    let shortfall = view.shortfall.expect("a shortfall case");
    assert!(shortfall.outstanding.is_empty());
    assert_eq!(shortfall.supplied, vec!["经营场所使用证明".to_string()]);
    let last = view.detail.events.last().unwrap();
    assert_eq!((last.action, last.hall.code.as_str()), (Some(CaseAction::SupplyShortfall), "440705101"));
    // Twice is refused: nothing is outstanding any more.
    let e = app
        .supply_shortfall(
            &xinhui,
            &SupplyRequest { case: number.clone(), materials: vec![brought("M03")], note: String::new() },
        )
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), ErrorCode::Conflict);
    assert!(!app
        .followups(&clerk, &FollowUpRequest::default())
        .await
        .unwrap()
        .rows
        .iter()
        .any(|r| r.case.number == number));

    // Issuance: not at another hall; a wrong ID refused with its field; the applicant's own ID passes.
    let e = app.issue(&clerk, &issue(applicant.clone())).await.unwrap_err();
    assert!(e.to_string().contains("江门市蓬江区政务服务中心领取"), "{e}");
    let wrong = CollectorInput::Applicant { id_kind: IdKind::ResidentId, id_number: "440703199001011239".into() };
    let e = app.issue(&pickup, &issue(wrong)).await.unwrap_err();
    assert_eq!(field_of(&e).as_deref(), Some("collector.id_number"), "{e}");
    let invalid = CollectorInput::Applicant { id_kind: IdKind::ResidentId, id_number: "4407031990".into() };
    let e = app.issue(&pickup, &issue(invalid)).await.unwrap_err();
    assert_eq!(field_of(&e).as_deref(), Some("collector.id_number"), "{e}");
    let agent_without = CollectorInput::Agent {
        name: "陈大文".into(),
        id_kind: IdKind::ResidentId,
        id_number: "440703199001011239".into(),
        applicant_id_number: Some(APPLICANT_ID.into()),
        authorisation: false,
    };
    let e = app.issue(&pickup, &issue(agent_without)).await.unwrap_err();
    assert_eq!(field_of(&e).as_deref(), Some("collector.authorisation"), "{e}");
    assert_eq!(app.case_detail(&number).await.unwrap().summary.state, CaseState::ReadyForIssuance);

    let done = app.issue(&pickup, &issue(applicant.clone())).await.unwrap();
    assert_eq!(done.case.state, CaseState::Closed);
    assert_eq!(done.documents, vec![DocumentKind::CollectionReceipt]);
    let detail = app.case_detail(&number).await.unwrap();
    let actions: Vec<_> = detail.events.iter().rev().take(2).filter_map(|e| e.action).collect();
    assert_eq!(actions, vec![CaseAction::Close, CaseAction::Collect]);
    let collected = detail.events.iter().find(|e| e.action == Some(CaseAction::Collect)).unwrap();
    match &collected.detail {
        Some(EventDetail::Collection { collector_id_masked, as_agent, .. }) => {
            assert!(!as_agent);
            assert!(!collector_id_masked.contains(APPLICANT_ID) && collector_id_masked.contains('*'));
        }
        other => panic!("{other:?}"),
    }
    // The signed 领取签收单 is scanned back onto the case.
    let signed = app.case_materials(&number).await.unwrap();
    assert!(signed.iter().any(|m| m.code == "LQQS" && m.name.contains("领取签收单")), "{signed:?}");
    // Handed out once: a second time is refused.
    let e = app.issue(&pickup, &issue(applicant)).await.unwrap_err();
    assert_eq!(code_of(&e), ErrorCode::Conflict);
    assert!(!app.issuance_queue(&pickup).await.unwrap().rows.iter().any(|r| r.case.number == number));
    // The audit chain holds over the new events.
    assert!(app.verify_audit(Some(&number)).await.unwrap().broken.is_empty());
}

#[tokio::test]
async fn overdue_on_a_terminating_item_ends_the_case_and_bars_tolerance_for_twelve_months() {
    let (store, app) = demo().await;
    let number = tolerated_case(&app).await;
    let lead = user(&app, "lead_pjqscjgj").await;
    let settle = SettleRequest { case: number.clone(), reason: String::new() };
    // Not before the date has passed.
    let e = app.terminate(&lead, &settle).await.unwrap_err();
    assert!(e.to_string().contains("尚未逾期"), "{e}");

    // Tuesday 1 December: overdue. A clerk may not terminate; the item's rule is not "hold".
    let later = app_at(&store, start() + Duration::days(4));
    let clerk = user(&later, "clerk").await;
    let list = later.followups(&clerk, &FollowUpRequest { due_within: Some(0), hall_code: None }).await.unwrap();
    let row = list.rows.iter().find(|r| r.case.number == number).unwrap();
    assert_eq!(row.urgency, FollowUpUrgency::Overdue);
    assert_eq!(
        list.counts.overdue as usize,
        list.rows.iter().filter(|r| r.urgency == FollowUpUrgency::Overdue).count()
    );
    assert_eq!(code_of(&later.terminate(&clerk, &settle).await.unwrap_err()), ErrorCode::Forbidden);
    let e = later.hold_shortfall(&clerk, &settle).await.unwrap_err();
    assert!(e.to_string().contains("终止办理"), "{e}");
    let reviewer = user(&later, "reviewer_pjqscjgj").await;
    let view = later.review_view(&reviewer, &number).await.unwrap();
    assert!(view.actions.contains(&CaseAction::Terminate), "{:?}", view.actions);

    let ended = later.terminate(&lead, &settle).await.unwrap();
    assert_eq!(ended.case.state, CaseState::Terminated);
    assert_eq!(ended.documents, vec![DocumentKind::TerminationNotice]);
    let detail = later.case_detail(&number).await.unwrap();
    let last = detail.events.last().unwrap();
    assert!(last.reason.contains("经营场所使用证明"), "{}", last.reason);
    assert!(
        matches!(&last.detail, Some(EventDetail::ShortfallOverdue { missing, .. }) if missing == &["经营场所使用证明".to_string()])
    );

    // The same applicant, a month on, at any hall: no tolerance, and the finding says why.
    let month = app_at(&store, start() + Duration::days(30));
    let clerk = user(&month, "clerk").await;
    let again = month.intake(&clerk, &intake_request(&["M01", "M02"])).await.unwrap();
    assert_eq!(again.decision.decision, Outcome::OneTimeNotice);
    let finding = again.decision.findings.iter().find(|f| f.material_code == "M03").unwrap();
    assert_eq!(finding.rule, "broken_commitment");
    assert!(finding.message.contains(&number), "{}", finding.message);
    // The broken commitment shows on the applicant's history.
    let history = month.applicant_history(IdKind::ResidentId, APPLICANT_ID).await.unwrap();
    let broken = history.cases.iter().find(|c| c.number == number).unwrap();
    assert_eq!(broken.state, CaseState::Terminated);
    assert_eq!(broken.shortfall_broken_on.as_deref(), Some("2026-12-01"));

    // A year on (1 December 2027): tolerance again.
    let year = app_at(&store, Utc.with_ymd_and_hms(2027, 12, 1, 2, 0, 0).unwrap());
    let clerk = user(&year, "clerk").await;
    let tolerated = year.intake(&clerk, &intake_request(&["M01", "M02"])).await.unwrap();
    assert_eq!(tolerated.decision.decision, Outcome::AcceptWithShortfall);
}

/// 社会保障卡申领's tolerable material, held when overdue (the default rule).
#[tokio::test]
async fn overdue_on_a_holding_item_keeps_the_case_waiting_flagged_and_the_commitment_broken() {
    let (store, app) = demo().await;
    let clerk = user(&app, "clerk").await;
    let snapshot = app.service_item("440700-JMSRSJ-001").await.unwrap();
    let tolerable: Vec<&str> = snapshot
        .materials
        .iter()
        .filter(|m| m.policy == onewindow_domain::ShortfallPolicy::Tolerable)
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(tolerable.len(), 1);
    let present: Vec<ReceivedInput> = snapshot
        .materials
        .iter()
        .filter(|m| {
            m.policy != onewindow_domain::ShortfallPolicy::Tolerable
                && m.applies_to != onewindow_domain::AppliesTo::Agent
        })
        .map(|m| ReceivedInput { form: m.form, ..brought(&m.code) })
        .collect();
    let applicant =
        PartyInput { name: "陈小明".into(), id_kind: IdKind::ResidentId, id_number: "440703199001011239".into() };
    let request = IntakeRequest {
        service_item_code: "440700-JMSRSJ-001".into(),
        received: present,
        common: IntakeCommon { commitment_signed: true, ..IntakeCommon::person(applicant, "13912345678") },
    };
    let result = app.intake(&clerk, &request).await.unwrap();
    assert_eq!(result.decision.decision, Outcome::AcceptWithShortfall, "{:?}", result.decision.findings);
    let due = app.case_detail(&result.number).await.unwrap().summary.shortfall_supplement_due.unwrap();
    let overdue_day = chrono::NaiveDate::parse_from_str(&due, "%Y-%m-%d").unwrap() + Duration::days(1);
    let later = app_at(&store, onewindow_domain::time::from_local(overdue_day.and_hms_opt(9, 0, 0).unwrap()));
    let clerk = user(&later, "clerk").await;
    let settle = SettleRequest { case: result.number.clone(), reason: String::new() };
    let e = later.terminate(&user(&later, "reviewer_jmsrsj").await, &settle).await.unwrap_err();
    assert!(e.to_string().contains("暂缓出件"), "{e}");
    let held = later.hold_shortfall(&clerk, &settle).await.unwrap();
    assert_eq!(held.case.state, CaseState::HandedOff, "held, not ended");
    let e = later.hold_shortfall(&clerk, &settle).await.unwrap_err();
    assert!(e.to_string().contains("暂缓出件"), "{e}");
    let list = later.followups(&clerk, &FollowUpRequest::default()).await.unwrap();
    let row = list.rows.iter().find(|r| r.case.number == result.number).unwrap();
    assert_eq!(row.shortfall.broken_on.as_deref(), Some(overdue_day.to_string().as_str()));
    assert!(!row.actions.contains(&CaseAction::HoldShortfall));
    // Bringing it late makes the case whole, and the broken commitment stays.
    let late = later
        .supply_shortfall(
            &clerk,
            &SupplyRequest { case: result.number.clone(), materials: vec![brought(tolerable[0])], note: String::new() },
        )
        .await
        .unwrap();
    assert_eq!(late.case.shortfall_supplement_due, None);
    let broken = store.broken_commitments(IdKind::ResidentId, "440703199001011239").await.unwrap();
    assert_eq!(broken.len(), 1);
    assert_eq!(broken[0].case_number, result.number);
}

#[tokio::test]
async fn an_instant_approval_item_is_accepted_approved_and_handed_out_in_one_visit() {
    let (_, app) = demo().await;
    let clerk = user(&app, "clerk").await;
    let item = app.service_item("440700-JMSSWJ-004").await.unwrap();
    let all: Vec<ReceivedInput> = item
        .materials
        .iter()
        .filter(|m| {
            m.applies_to != onewindow_domain::AppliesTo::Agent
                && m.applies_to != onewindow_domain::AppliesTo::Organisation
        })
        .map(|m| ReceivedInput { form: m.form, ..brought(&m.code) })
        .collect();
    let applicant =
        PartyInput { name: "黄秀英".into(), id_kind: IdKind::ResidentId, id_number: "440703198502023452".into() };
    let request = IntakeRequest {
        service_item_code: item.code.clone(),
        received: all.clone(),
        common: IntakeCommon::person(applicant.clone(), "13712345678"),
    };
    let result = app.intake(&clerk, &request).await.unwrap();
    assert!(result.instant && !result.handed_off, "{result:?}");
    assert_eq!(result.documents, vec![DocumentKind::Receipt, DocumentKind::ApprovalDecision]);
    let detail = app.case_detail(&result.number).await.unwrap();
    assert_eq!(detail.summary.state, CaseState::ReadyForIssuance);
    let approval = detail.events.iter().find(|e| e.action == Some(CaseAction::InstantApprove)).unwrap();
    assert_eq!(approval.actor, "智能审批");
    // Handed out at once, at the same window.
    let done = app
        .issue(
            &clerk,
            &IssueRequest {
                case: result.number.clone(),
                collector: CollectorInput::Applicant {
                    id_kind: IdKind::ResidentId,
                    id_number: applicant.id_number.clone(),
                },
            },
        )
        .await
        .unwrap();
    assert_eq!(done.case.state, CaseState::Closed);
    // Something missing, for someone with nothing on record to reuse: reviewed by a person as ever.
    let stranger =
        PartyInput { name: "周建国".into(), id_kind: IdKind::ResidentId, id_number: "440703199001011239".into() };
    let partial = IntakeRequest {
        received: all[..all.len() - 1].to_vec(),
        common: IntakeCommon::person(stranger, "13612345678"),
        ..request
    };
    let reviewed = app.intake(&clerk, &partial).await.unwrap();
    assert!(!reviewed.instant);
    // The supervisor counts instant approvals apart.
    let overview = app.overview(&user(&app, "supervisor").await).await.unwrap();
    assert!(overview.instant_approvals >= 1, "{}", overview.instant_approvals);
}
