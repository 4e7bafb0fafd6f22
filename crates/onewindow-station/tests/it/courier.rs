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
