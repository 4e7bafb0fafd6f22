//! The courier desk on the seeded demo: a material transfer packed with its originals and a real
//! waybill from the demo's range, the label carrying it, a second envelope refused without a
//! reason, a cancellation whose number is never reused; waybill ranges imported by the admin with
//! their check digits, and the low-range warning.

use onewindow_app::views::{ShipmentRequest, WaybillRangeImport};
use onewindow_app::{AppError, ErrorCode};
use onewindow_domain::courier::{ShipmentKind, ShipmentState, WaybillFormat};
use onewindow_domain::DocumentKind;

use crate::{demo_app, intake_request};

fn field(e: &AppError) -> Option<String> {
    match e {
        AppError::InvalidInput { field, .. } => Some(field.to_string()),
        _ => None,
    }
}

fn request(kind: ShipmentKind, cases: &[&str]) -> ShipmentRequest {
    ShipmentRequest {
        kind,
        cases: cases.iter().map(|c| c.to_string()).collect(),
        papers: Default::default(),
        split_reason: None,
        carrier: None,
        product: None,
    }
}

#[tokio::test]
async fn originals_are_packed_with_a_real_waybill_and_a_cancelled_number_is_never_reused() {
    let app = demo_app().await;
    let clerk = app.login("clerk", "Demo@2026").await.unwrap();
    // Taken in at the city hall for the 蓬江 department: the originals travel.
    let taken = app.intake(&clerk, &intake_request(&["M01", "M02", "M03"])).await.unwrap();
    assert!(taken.material_transfer);
    let number = taken.number;
    let dispatcher = app.login("dispatcher", "Demo@2026").await.unwrap();
    let work = app.dispatch_work(&dispatcher).await.unwrap();
    let group = work
        .groups
        .iter()
        .find(|g| g.kind == ShipmentKind::MaterialTransfer && g.items.iter().any(|i| i.case.number == number))
        .expect("to be packed");
    assert_eq!(group.destination, "江门市蓬江区市场监督管理局");
    let item = group.items.iter().find(|i| i.case.number == number).unwrap();
    assert!(item.papers.contains(&"M01".to_string()), "{:?}", item.papers);

    // Only a dispatcher packs; a paper that is not an original received is refused.
    assert_eq!(
        app.create_shipment(&clerk, &request(ShipmentKind::MaterialTransfer, &[&number])).await.unwrap_err().code(),
        ErrorCode::Forbidden
    );
    let mut wrong = request(ShipmentKind::MaterialTransfer, &[&number]);
    wrong.papers.insert(number.clone(), vec!["M09".into()]);
    assert_eq!(field(&app.create_shipment(&dispatcher, &wrong).await.unwrap_err()).as_deref(), Some("papers"));

    let packed = app.create_shipment(&dispatcher, &request(ShipmentKind::MaterialTransfer, &[&number])).await.unwrap();
    assert_eq!((packed.state, packed.kind), (ShipmentState::Packed, ShipmentKind::MaterialTransfer));
    assert!(packed.waybill.starts_with("118920260") && packed.waybill.len() == 13, "{}", packed.waybill);
    assert_eq!(packed.destination, "江门市蓬江区市场监督管理局");
    // Off the list of what is to be packed; on the list of envelopes not yet gone.
    let work = app.dispatch_work(&dispatcher).await.unwrap();
    assert!(!work.groups.iter().flat_map(|g| &g.items).any(|i| i.case.number == number));
    assert!(work.shipments.iter().any(|s| s.waybill == packed.waybill));
    // The label carries the envelope's waybill and what it is, nothing else of the applicant.
    let (pdf, _) = app.render_document(DocumentKind::Label, Some(&number), false, None, None, false).await.unwrap();
    let text = crate::printing::text_of(&pdf);
    assert!(text.contains(&packed.waybill) && text.contains("政务文书") && text.contains(&number), "{text}");
    assert!(!text.contains("𠮷祥云"), "no applicant's name on a department envelope: {text}");

    // The same papers in a second envelope: only with a reason.
    let again =
        app.create_shipment(&dispatcher, &request(ShipmentKind::MaterialTransfer, &[&number])).await.unwrap_err();
    assert_eq!(field(&again).as_deref(), Some("split_reason"), "{again}");
    // Cancelled (a reason is required), then packed again: a new number, never the cancelled one.
    assert_eq!(
        field(&app.cancel_shipment(&dispatcher, &packed.waybill, " ").await.unwrap_err()).as_deref(),
        Some("reason")
    );
    let cancelled = app.cancel_shipment(&dispatcher, &packed.waybill, "封袋破损，重新封装").await.unwrap();
    assert_eq!(cancelled.state, ShipmentState::Cancelled);
    let repacked =
        app.create_shipment(&dispatcher, &request(ShipmentKind::MaterialTransfer, &[&number])).await.unwrap();
    assert_ne!(repacked.waybill, packed.waybill);
    let history: Vec<_> =
        app.case_shipments(&number).await.unwrap().into_iter().map(|s| (s.waybill, s.state)).collect();
    assert_eq!(
        history,
        vec![(packed.waybill.clone(), ShipmentState::Cancelled), (repacked.waybill.clone(), ShipmentState::Packed)]
    );
    let e = app.cancel_shipment(&dispatcher, &packed.waybill, "再作废").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict, "{e}");
}

#[tokio::test]
async fn the_admin_imports_ranges_checked_digit_by_digit_and_a_small_one_runs_low() {
    let app = demo_app().await;
    let admin = app.login("admin", "Demo@2026").await.unwrap();
    let dispatcher = app.login("dispatcher", "Demo@2026").await.unwrap();
    let range = |first: &str, last: &str| WaybillRangeImport {
        carrier: "中国邮政 EMS".into(),
        product: "国际特快".into(),
        format: WaybillFormat::S10,
        first: Some(first.into()),
        last: Some(last.into()),
        numbers: None,
    };
    // A wrong check digit names the field and stores nothing.
    let e = app.import_waybill_range(&admin, &range("EA000000015CN", "EA000000045CN")).await.unwrap_err();
    assert_eq!(field(&e).as_deref(), Some("first"), "{e}");
    assert!(e.to_string().contains("校验位"), "{e}");
    assert_eq!(
        app.import_waybill_range(&dispatcher, &range("EA000000014CN", "EA000000045CN")).await.unwrap_err().code(),
        ErrorCode::Forbidden
    );
    let imported = app.import_waybill_range(&admin, &range("EA000000014CN", "EA000000045CN")).await.unwrap();
    assert_eq!((imported.total, imported.free), (4, 4));
    // Overlapping the one just imported: refused whole.
    let e = app.import_waybill_range(&admin, &range("EA000000045CN", "EA000000080CN")).await.unwrap_err();
    assert!(e.to_string().contains("已在此前导入"), "{e}");
    let ranges = app.waybill_ranges(&dispatcher).await.unwrap();
    let small = ranges.iter().find(|r| r.product == "国际特快").unwrap();
    assert!(small.low, "four numbers are few");
    let demo = ranges.iter().find(|r| r.product == "标准快递").unwrap();
    assert!(!demo.low, "{demo:?}");
    // A list of numbers works too, each checked.
    let listed = WaybillRangeImport {
        numbers: Some(vec!["1189300000001".into(), "1189300000002".into()]),
        first: None,
        last: None,
        format: WaybillFormat::Digits,
        ..range("", "")
    };
    assert_eq!(app.import_waybill_range(&admin, &listed).await.unwrap().total, 2);
}

fn label(number: &str, queue: &str) -> onewindow_app::views::PrintRequest {
    onewindow_app::views::PrintRequest {
        document: DocumentKind::Label,
        case_number: Some(number.to_string()),
        profile: None,
        lang: None,
        queue: Some(queue.to_string()),
        demo: false,
        handover: None,
        waybill: None,
    }
}

/// The whole chain: originals packed at the city hall, labelled through CUPS, scanned into a
/// handover (what does not belong refused), handed over, received by the department; a mailed
/// result handed over and delivered by the carrier's tracking file (imported twice, changing
/// nothing the second time); the custody view shows every step, and a gap where one is missing.
#[tokio::test]
async fn the_chain_of_custody_from_the_window_to_the_department_and_to_the_door() {
    use onewindow_app::views::{HandoverRequest, ReceiveOutcome, ReceiveRequest};
    use onewindow_domain::CaseState;

    let app = demo_app().await;
    let queue = crate::printing::own_queue("COURIER");
    let clerk = app.login("clerk", "Demo@2026").await.unwrap();
    let dispatcher = app.login("dispatcher", "Demo@2026").await.unwrap();
    let number = app.intake(&clerk, &intake_request(&["M01", "M02", "M03"])).await.unwrap().number;
    let packed = app.create_shipment(&dispatcher, &request(ShipmentKind::MaterialTransfer, &[&number])).await.unwrap();
    // Not labelled yet: a handover refuses it.
    let handover = app
        .start_handover(
            &dispatcher,
            &HandoverRequest {
                courier_name: "张揽收".into(),
                courier_company: "中国邮政 EMS".into(),
                courier_contact: "13800138000".into(),
            },
        )
        .await
        .unwrap();
    let e = app.scan_handover(&dispatcher, handover.id, &packed.waybill).await.unwrap_err();
    assert!(e.to_string().contains("尚未打印面单"), "{e}");
    let job = app.print(&dispatcher, &label(&number, &queue)).await.unwrap();
    assert_eq!(job.document, DocumentKind::Label);
    assert_eq!(app.case_shipments(&number).await.unwrap()[0].state, ShipmentState::Labelled);
    // The demo's labelled results of this hall are waiting for the same courier.
    let before = app.handover(&dispatcher, handover.id).await.unwrap();
    assert!(before.missing.iter().any(|s| s.waybill == packed.waybill));
    let e = app.scan_handover(&dispatcher, handover.id, "1189999999999").await.unwrap_err();
    assert!(e.to_string().contains("不是本系统封装"), "{e}");
    let scanned = app.scan_handover(&dispatcher, handover.id, &packed.waybill).await.unwrap();
    assert_eq!(scanned.scanned.len(), 1);
    assert!(!scanned.missing.iter().any(|s| s.waybill == packed.waybill));
    let e = app.scan_handover(&dispatcher, handover.id, &packed.waybill).await.unwrap_err();
    assert!(e.to_string().contains("已扫描"), "{e}");
    // One of the demo's mailed results goes in the same bag.
    let result =
        before.missing.iter().find(|s| s.kind == ShipmentKind::ResultToApplicant).expect("a labelled result").clone();
    let result_case = result.cases[0].clone();
    assert_eq!(app.case_detail(&result_case).await.unwrap().summary.state, CaseState::AwaitingDispatch);
    app.scan_handover(&dispatcher, handover.id, &result.waybill).await.unwrap();
    let closed = app.close_handover(&dispatcher, handover.id).await.unwrap();
    assert!(closed.closed_at.is_some());
    assert!(closed.scanned.iter().all(|s| s.state == ShipmentState::HandedOver));
    assert_eq!(app.case_detail(&result_case).await.unwrap().summary.state, CaseState::Dispatched, "in one transaction");
    assert!(app.scan_handover(&dispatcher, handover.id, &result.waybill).await.is_err(), "closed");

    // Handed over, not received yet: a gap in the chain.
    let custody = app.custody(&number).await.unwrap();
    assert!(!custody.unbroken);
    assert!(custody.steps.iter().any(|s| s.gap && s.what.contains("尚未签收")), "{:?}", custody.steps);
    // The department scans it in; the window cannot sign for it.
    let receive =
        ReceiveRequest { waybill: packed.waybill.clone(), outcome: ReceiveOutcome::Received, reason: String::new() };
    assert_eq!(app.receive(&clerk, &receive).await.unwrap_err().code(), ErrorCode::Forbidden);
    let reviewer = app.login("reviewer_pjqscjgj", "Demo@2026").await.unwrap();
    assert_eq!(app.receive(&reviewer, &receive).await.unwrap().state, ShipmentState::Received);
    let custody = app.custody(&number).await.unwrap();
    assert!(custody.unbroken, "{:?}", custody.steps);
    let what: Vec<&str> = custody.steps.iter().map(|s| s.what.as_str()).collect();
    for must in ["窗口收取材料", "封装", "交寄", "签收入库"] {
        assert!(what.iter().any(|w| w.contains(must)), "{must}: {what:?}");
    }

    // The carrier's file: delivered, signed for; an unknown code kept and flagged; a bad line named.
    let file = format!(
        "waybill,time,code,location,signer\n{w},2026-11-28 09:10,10,江门邮区中心,\n{w},2026-11-28 15:40,50,江门市新会区,陈某某\n{w},2026-11-28 16:00,88,江门市新会区,\n{w},sometime,50,?,\n",
        w = result.waybill
    );
    let report = app.import_tracking(&dispatcher, &file).await.unwrap();
    assert_eq!((report.lines, report.new, report.duplicates), (4, 3, 0));
    assert_eq!(report.delivered, vec![result.waybill.clone()]);
    assert_eq!(report.unknown_codes, vec!["88".to_string()]);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(app.case_detail(&result_case).await.unwrap().summary.state, CaseState::Closed);
    let again = app.import_tracking(&dispatcher, &file).await.unwrap();
    assert_eq!((again.new, again.duplicates), (0, 3));
    assert!(again.delivered.is_empty());
    let custody = app.custody(&result_case).await.unwrap();
    assert!(custody.unbroken, "{:?}", custody.steps);
    assert!(custody.steps.iter().any(|s| s.what.contains("陈某某")), "{:?}", custody.steps);
}

/// A result collected at another hall travels there in an envelope of its own kind: packed at the
/// hall that took the case in, refused at the pickup window until that hall has scanned it in, then
/// handed out; the custody view follows it to the hand-out.
#[tokio::test]
async fn a_result_collected_at_another_hall_is_sent_there_and_handed_out_once_signed_for() {
    use onewindow_app::views::{
        CollectorInput, DeliveryInput, HandoverRequest, IssueRequest, ReceiveOutcome, ReceiveRequest, ReviewRequest,
    };
    use onewindow_domain::{CaseState, DeliveryMethod, IdKind};

    let app = demo_app().await;
    let queue = crate::printing::own_queue("RESULTHALL");
    let clerk = app.login("clerk", "Demo@2026").await.unwrap();
    let dispatcher = app.login("dispatcher", "Demo@2026").await.unwrap();
    let mut intake = intake_request(&["M01", "M02", "M03"]);
    intake.common.delivery =
        DeliveryInput { method: DeliveryMethod::Window, pickup_hall_code: Some("440703000".into()), address: None };
    let applicant_id = intake.common.applicant.id_number.clone();
    let number = app.intake(&clerk, &intake).await.unwrap().number;
    let reviewer = app.login("reviewer_pjqscjgj", "Demo@2026").await.unwrap();
    app.review(&reviewer, &number, &ReviewRequest::Claim).await.unwrap();
    let approve = ReviewRequest::Approve {
        certificate_number: "92440703MA5E2E0002".into(),
        result_name: None,
        valid_until: None,
        note: String::new(),
    };
    assert_eq!(app.review(&reviewer, &number, &approve).await.unwrap().case.state, CaseState::ReadyForIssuance);

    let work = app.dispatch_work(&dispatcher).await.unwrap();
    let group = work
        .groups
        .iter()
        .find(|g| g.kind == ShipmentKind::ResultToHall && g.items.iter().any(|i| i.case.number == number))
        .expect("the result is to be sent to the pickup hall");
    assert_eq!(group.destination, "江门市蓬江区政务服务中心");
    // A result is no material transfer, and a case collected here does not travel.
    let e = app.create_shipment(&dispatcher, &request(ShipmentKind::ResultToApplicant, &[&number])).await.unwrap_err();
    assert_eq!(field(&e).as_deref(), Some("cases"), "{e}");
    let packed = app.create_shipment(&dispatcher, &request(ShipmentKind::ResultToHall, &[&number])).await.unwrap();
    assert_eq!(packed.destination, "江门市蓬江区政务服务中心");
    let work = app.dispatch_work(&dispatcher).await.unwrap();
    assert!(!work
        .groups
        .iter()
        .any(|g| g.kind == ShipmentKind::ResultToHall && g.items.iter().any(|i| i.case.number == number)));

    // At 蓬江 the result is on its way: nothing handed out yet.
    let pickup = app.login("clerk2", "Demo@2026").await.unwrap();
    let issue = IssueRequest {
        case: number.clone(),
        collector: CollectorInput::Applicant { id_kind: IdKind::ResidentId, id_number: applicant_id.clone() },
    };
    let e = app.issue(&pickup, &issue).await.unwrap_err();
    assert!(e.to_string().contains(&packed.waybill) && e.to_string().contains("尚未送达"), "{e}");
    assert_eq!(app.case_detail(&number).await.unwrap().summary.state, CaseState::ReadyForIssuance);

    app.print(&dispatcher, &label(&number, &queue)).await.unwrap();
    let courier = HandoverRequest {
        courier_name: "张揽收".into(),
        courier_company: "中国邮政 EMS".into(),
        courier_contact: "13800138000".into(),
    };
    let handover = app.start_handover(&dispatcher, &courier).await.unwrap();
    app.scan_handover(&dispatcher, handover.id, &packed.waybill).await.unwrap();
    app.close_handover(&dispatcher, handover.id).await.unwrap();
    // Handed over, the case waits at the pickup hall as before: only a result to the door is dispatched.
    assert_eq!(app.case_detail(&number).await.unwrap().summary.state, CaseState::ReadyForIssuance);
    let custody = app.custody(&number).await.unwrap();
    assert!(custody.steps.iter().any(|s| s.gap && s.what == "领取大厅尚未签收"), "{:?}", custody.steps);

    // The department cannot sign for it; the pickup hall's window does, and then hands it out.
    let receive =
        ReceiveRequest { waybill: packed.waybill.clone(), outcome: ReceiveOutcome::Received, reason: String::new() };
    assert_eq!(app.receive(&reviewer, &receive).await.unwrap_err().code(), ErrorCode::Forbidden);
    assert_eq!(app.receive(&pickup, &receive).await.unwrap().state, ShipmentState::Received);
    app.issue(&pickup, &issue).await.unwrap();
    assert_eq!(app.case_detail(&number).await.unwrap().summary.state, CaseState::Closed);
    let what: Vec<String> = app.custody(&number).await.unwrap().steps.iter().map(|s| s.what.clone()).collect();
    assert!(
        what.iter().any(|w| w.contains("结果送领取大厅") || w.contains("寄往江门市蓬江区政务服务中心")),
        "{what:?}"
    );
    assert!(what.iter().any(|w| w.contains("签收入库")) && what.iter().any(|w| w == "结果窗口领取"), "{what:?}");
    // The originals were never sent to the department: that gap stays in the chain.
    assert_eq!(what.last().map(String::as_str), Some("原件尚未封装寄往审批部门"), "{what:?}");
}

/// A batch of labels through a real CUPS queue: the printer stops accepting jobs (offline) and the
/// run stops at the label it refused; resumed once the printer is back, it prints the rest, each
/// once. A label the app had handed to the printer when it was killed prints again as 补打.
#[tokio::test]
async fn a_label_run_stops_with_the_printer_and_resumes_printing_only_what_is_left() {
    use std::process::Command;
    use std::sync::{Arc, Mutex};

    use onewindow_app::views::LabelRunRequest;
    use onewindow_domain::courier::{LabelItemState, LabelRunState};
    use onewindow_store::{CourierStore, LabelRunStore};

    let store = Arc::new(onewindow_store_sqlite::SqliteStore::in_memory().await.unwrap());
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 27, 7, 0, 0).unwrap();
    let app = onewindow_app::App::new(store.clone(), Arc::new(onewindow_app::FixedClock(now)));
    app.seed_demo().await.unwrap();
    let queue = crate::printing::own_queue("LABELRUN");
    let clerk = app.login("clerk", "Demo@2026").await.unwrap();
    let dispatcher = app.login("dispatcher", "Demo@2026").await.unwrap();
    let mut waybills = Vec::new();
    for _ in 0..4 {
        let number = app.intake(&clerk, &intake_request(&["M01", "M02", "M03"])).await.unwrap().number;
        let packed =
            app.create_shipment(&dispatcher, &request(ShipmentKind::MaterialTransfer, &[&number])).await.unwrap();
        waybills.push(packed.waybill);
    }
    let ask = LabelRunRequest { waybills: waybills.clone(), profile: None, queue: Some(queue.clone()) };
    // Only the dispatcher's own envelopes, and nothing stored when one is wrong.
    let wrong = LabelRunRequest { waybills: vec![waybills[0].clone(), "1189999999999".into()], ..ask.clone() };
    assert!(app.start_label_run(&dispatcher, &wrong).await.is_err());
    assert!(app.label_runs(&dispatcher).await.unwrap().is_empty());
    assert_eq!(app.start_label_run(&clerk, &ask).await.unwrap_err().code(), ErrorCode::Forbidden);

    let run = app.start_label_run(&dispatcher, &ask).await.unwrap();
    assert_eq!((run.total, run.remaining, run.state), (4, 4, LabelRunState::Printing));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = {
        let seen = seen.clone();
        move |p: onewindow_app::views::LabelRunProgress| seen.lock().unwrap().push((p.waybill, p.state, p.reprint))
    };
    // The printer goes offline: it refuses the first label and the run stops there.
    assert!(Command::new("cupsreject").arg(&queue).status().unwrap().success());
    let stopped = app.run_labels(&dispatcher, i64::from(run.id), &record).await.unwrap();
    assert!(Command::new("cupsaccept").arg(&queue).status().unwrap().success());
    assert_eq!((stopped.state, stopped.printed, stopped.failed), (LabelRunState::Stopped, 0, 1));
    assert!(!stopped.note.is_empty(), "says why it stopped");
    assert_eq!(seen.lock().unwrap().len(), 1);

    // Back online: resumed, the first two print; then the app is "killed" with the third handed to
    // the printer and its outcome unknown (what a kill between the two leaves behind).
    seen.lock().unwrap().clear();
    let run_id = i64::from(run.id);
    store.set_label_item(run_id, 3, LabelItemState::Sending, None, None).await.unwrap();
    store.set_label_item(run_id, 4, LabelItemState::Printed, None, None).await.unwrap();
    let finished = app.run_labels(&dispatcher, run_id, &record).await.unwrap();
    assert_eq!((finished.state, finished.printed, finished.remaining), (LabelRunState::Finished, 4, 0));
    let printed: Vec<_> = seen.lock().unwrap().iter().map(|(w, _, reprint)| (w.clone(), *reprint)).collect();
    assert_eq!(
        printed,
        [(waybills[0].clone(), false), (waybills[1].clone(), false), (waybills[2].clone(), true)],
        "only what was not printed, the uncertain one marked 补打"
    );
    for w in &waybills[..3] {
        assert_eq!(store.shipment(w).await.unwrap().unwrap().state, ShipmentState::Labelled);
    }
    let e = app.run_labels(&dispatcher, run_id, &record).await.unwrap_err();
    assert!(e.to_string().contains("已全部打印完成"), "{e}");
    // A single label for an envelope printed in the run is a 补打.
    let again = app
        .print(
            &dispatcher,
            &onewindow_app::views::PrintRequest { waybill: Some(waybills[0].clone()), ..label("", &queue) },
        )
        .await
        .unwrap();
    assert!(again.reprint);
}
