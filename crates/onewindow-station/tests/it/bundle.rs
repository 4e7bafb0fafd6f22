//! 一件事 bundle intake from the seeded demo: one intake, the shared materials taken once, one case
//! per member item with its own decision, all in one transaction, one combined receipt.

use onewindow_app::views::{
    BundleCheckRequest, BundleDetail, BundleIntakeRequest, BundleReceivedInput, DeliveryInput, IntakeCommon, PartyInput,
};
use onewindow_app::{App, AppError, ErrorCode};
use onewindow_domain::shortfall::Outcome;
use onewindow_domain::{
    ApplicantKind, AppliesTo, CaseState, DeliveryMethod, DocumentKind, IdKind, MaterialForm, ShortfallPolicy,
};

use crate::demo_app;
use crate::printing::text_of;

/// 个体工商户开业一件事: four items of three departments.
const BUNDLE: &str = "YJS-005";

/// The merged-list materials a person applying alone is asked for, but `leave_out`.
fn everything_but(bundle: &BundleDetail, leave_out: &[&str]) -> Vec<BundleReceivedInput> {
    bundle
        .materials
        .iter()
        .filter(|m| matches!(m.applies_to, AppliesTo::All | AppliesTo::Person))
        .filter(|m| !leave_out.contains(&m.name.as_str()))
        .map(|m| BundleReceivedInput {
            name: m.name.clone(),
            form: m.form,
            copies: m.copies.max(1),
            pages: m.pages.max(1),
            scans: Vec::new(),
        })
        .collect()
}

fn request(received: Vec<BundleReceivedInput>) -> BundleIntakeRequest {
    let applicant =
        PartyInput {
            name: "欧阳·𠮷娜".into(), id_kind: IdKind::ResidentId, id_number: "11010519491231002X".into()
        };
    BundleIntakeRequest { bundle_code: BUNDLE.into(), received, common: IntakeCommon::person(applicant, "13812345678") }
}

/// The request with one thing of its common part changed.
fn with(mut request: BundleIntakeRequest, change: impl FnOnce(&mut IntakeCommon)) -> BundleIntakeRequest {
    change(&mut request.common);
    request
}

fn check(received: &[BundleReceivedInput]) -> BundleCheckRequest {
    BundleCheckRequest {
        bundle_code: BUNDLE.into(),
        present_names: received.iter().map(|r| r.name.clone()).collect(),
        applicant_kind: ApplicantKind::Person,
        has_agent: false,
        commitment_signed: false,
        dishonest: false,
        applicant: None,
        forms: received.iter().map(|r| (r.name.clone(), r.form)).collect(),
    }
}

async fn case_count(app: &App) -> usize {
    let mut n = 0;
    for state in CaseState::ALL {
        n += app.cases_in_state(state).await.unwrap().len();
    }
    n
}

async fn setup() -> (App, onewindow_domain::User, BundleDetail) {
    let app = demo_app().await;
    let clerk = app.login("clerk", "Demo@2026").await.unwrap();
    let bundle = app.bundle(BUNDLE).await.unwrap();
    assert!(bundle.items.len() >= 3, "a bundle of several items");
    (app, clerk, bundle)
}

#[tokio::test]
async fn a_complete_bundle_opens_one_case_per_item_with_one_combined_receipt() {
    let (app, clerk, bundle) = setup().await;
    let all = everything_but(&bundle, &[]);
    let live = app.check_bundle(&clerk, &check(&all)).await.unwrap();
    assert_eq!(live.members.len(), bundle.items.len());
    assert!(live.members.iter().all(|m| m.decision.decision == Outcome::Accept), "{live:?}");

    let cases_before = case_count(&app).await;
    let result = app.intake_bundle(&clerk, &request(all.clone())).await.unwrap();
    assert_eq!(result.bundle_name, bundle.name);
    assert_eq!(
        result.cases.iter().map(|c| c.service_item_code.as_str()).collect::<Vec<_>>(),
        bundle.items.iter().map(|i| i.code.as_str()).collect::<Vec<_>>()
    );
    assert_eq!(case_count(&app).await, cases_before + bundle.items.len());
    let lead = result.lead.clone().expect("accepted, so a combined receipt");
    assert_eq!(lead, result.cases[0].number);
    // One receipt for all, and nothing else to print when everything was there.
    assert_eq!(result.prints.len(), 1);
    assert_eq!(
        (result.prints[0].case_number.as_str(), result.prints[0].document),
        (lead.as_str(), DocumentKind::BundleReceipt)
    );

    for case in &result.cases {
        assert!(case.handed_off && case.decision.decision == Outcome::Accept);
        let detail = app.case_detail(&case.number).await.unwrap();
        assert_eq!(detail.summary.state, CaseState::HandedOff);
        let b = detail.bundle.expect("taken in with the bundle");
        assert_eq!((b.code.as_str(), b.lead.as_str()), (BUNDLE, lead.as_str()));
        assert_eq!(b.cases.len(), bundle.items.len());
        // Each case holds the papers its own item asks for, from the one set handed in.
        let materials = app.case_materials(&case.number).await.unwrap();
        let item_materials = bundle
            .materials
            .iter()
            .filter(|m| m.service_item_codes.contains(&case.service_item_code) && all.iter().any(|r| r.name == m.name));
        for m in item_materials {
            assert!(
                materials.iter().any(|x| x.name == m.name && x.received),
                "{}: {} not received",
                case.service_item_code,
                m.name
            );
        }
    }

    // The combined receipt lists every case and each paper once.
    let (pdf, _) = app
        .render_document(DocumentKind::BundleReceipt, Some(&result.cases[2].number), false, None, None, false)
        .await
        .unwrap();
    let text: String = text_of(&pdf).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains("一件事受理回执") && text.contains(&bundle.name), "{text}");
    for case in &result.cases {
        assert!(text.contains(&case.number), "{} missing:\n{text}", case.number);
    }
    let shared =
        bundle.materials.iter().find(|m| m.service_item_codes.len() >= 2).expect("a paper several items ask for");
    assert_eq!(text.matches(shared.name.as_str()).count(), 1, "{} once:\n{text}", shared.name);
}

#[tokio::test]
async fn each_item_is_decided_on_its_own_terms() {
    let (app, clerk, bundle) = setup().await;
    // A core paper only one member asks for: that member gets the one-time notice, the others go on.
    let only_one = bundle
        .materials
        .iter()
        .find(|m| {
            m.policy == ShortfallPolicy::Core
                && m.service_item_codes.len() == 1
                && matches!(m.applies_to, AppliesTo::All | AppliesTo::Person)
        })
        .expect("a core paper of one member");
    let short = &only_one.service_item_codes[0];
    let result = app.intake_bundle(&clerk, &request(everything_but(&bundle, &[only_one.name.as_str()]))).await.unwrap();
    for case in &result.cases {
        let detail = app.case_detail(&case.number).await.unwrap();
        if &case.service_item_code == short {
            assert_eq!(case.decision.decision, Outcome::OneTimeNotice);
            assert_eq!(detail.summary.state, CaseState::NoticeIssued);
            assert!(result
                .prints
                .iter()
                .any(|p| p.case_number == case.number && p.document == DocumentKind::OneTimeNotice));
        } else {
            assert_eq!(case.decision.decision, Outcome::Accept);
            assert_eq!(detail.summary.state, CaseState::HandedOff);
        }
    }
    let lead = result.lead.clone().unwrap();
    assert_ne!(
        &result.cases.iter().find(|c| c.number == lead).unwrap().service_item_code,
        short,
        "the lead is accepted"
    );
    assert_eq!(result.prints[0].document, DocumentKind::BundleReceipt);
    let (pdf, _) =
        app.render_document(DocumentKind::BundleReceipt, Some(&lead), false, None, None, false).await.unwrap();
    let text: String = text_of(&pdf).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains("一次性告知"), "{text}");

    // Nothing handed in by someone new (the first applicant's papers would be reused): no
    // combined receipt, a notice for each.
    let stranger = PartyInput {
        name: "阿依古丽·买买提".into(),
        id_kind: IdKind::ResidentId,
        id_number: "440524188001010014".into(),
    };
    let none = app.intake_bundle(&clerk, &with(request(Vec::new()), |c| c.applicant = stranger)).await.unwrap();
    assert_eq!(none.lead, None);
    assert!(none.prints.iter().all(|p| p.document == DocumentKind::OneTimeNotice));
    assert_eq!(none.prints.len(), bundle.items.len());
}

#[tokio::test]
async fn bad_bundle_input_names_its_field_and_stores_nothing() {
    let (app, clerk, bundle) = setup().await;
    let before = case_count(&app).await;
    let field_of = |e: AppError| match e {
        AppError::InvalidInput { field, .. } => field,
        other => panic!("{other:?}"),
    };
    let mut unknown = everything_but(&bundle, &[]);
    unknown.push(BundleReceivedInput {
        name: "不存在的材料".into(),
        form: MaterialForm::Copy,
        copies: 1,
        pages: 1,
        scans: Vec::new(),
    });
    assert_eq!(field_of(app.intake_bundle(&clerk, &request(unknown)).await.unwrap_err()), "received");
    let mut twice = everything_but(&bundle, &[]);
    twice.push(twice[0].clone());
    assert_eq!(field_of(app.intake_bundle(&clerk, &request(twice)).await.unwrap_err()), "received");
    let bad_id = with(request(everything_but(&bundle, &[])), |c| {
        c.applicant =
            PartyInput { name: "陈".into(), id_kind: IdKind::ResidentId, id_number: "110105194912310021".into() }
    });
    assert_eq!(field_of(app.intake_bundle(&clerk, &bad_id).await.unwrap_err()), "applicant.id_number");
    let no_bundle = BundleIntakeRequest { bundle_code: "YJS-999".into(), ..request(Vec::new()) };
    let err = app.intake_bundle(&clerk, &no_bundle).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let post_without_address = with(request(everything_but(&bundle, &[])), |c| {
        c.delivery = DeliveryInput { method: DeliveryMethod::Post, pickup_hall_code: None, address: None }
    });
    assert!(field_of(app.intake_bundle(&clerk, &post_without_address).await.unwrap_err()).starts_with("delivery"));
    assert_eq!(case_count(&app).await, before, "nothing stored");

    // Only a window clerk takes intakes; a single case has no combined receipt.
    let reviewer = app.login("reviewer_pjqscjgj", "Demo@2026").await.unwrap();
    assert_eq!(app.intake_bundle(&reviewer, &request(Vec::new())).await.unwrap_err().code(), ErrorCode::Forbidden);
    let mut single = None;
    for number in app.cases_in_state(CaseState::HandedOff).await.unwrap() {
        if app.case_detail(&number).await.unwrap().bundle.is_none() {
            single = Some(number);
            break;
        }
    }
    let single = single.expect("the demo has cases taken in alone");
    let err =
        app.render_document(DocumentKind::BundleReceipt, Some(&single), false, None, None, false).await.unwrap_err();
    assert_eq!(field_of(err), "case_number");
}

#[tokio::test]
async fn a_shared_papers_scan_is_filed_in_every_case_that_asks_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = onewindow_station::open(
        &onewindow_station::StationConfig::resolve(Some(&dir.path().join("onewindow.db"))).unwrap(),
    )
    .await
    .unwrap();
    app.seed_demo().await.unwrap();
    let clerk = app.login("clerk", "Demo@2026").await.unwrap();
    let bundle = app.bundle(BUNDLE).await.unwrap();
    let file = dir.path().join("身份证.jpg");
    std::fs::write(&file, onewindow_scans::samples::jpeg_bytes(80, 50, 7)).unwrap();
    let sha = app.ingest_scan(&file).await.unwrap().sha256.unwrap();
    let shared = bundle.materials.iter().find(|m| m.service_item_codes.len() >= 2).unwrap();
    let mut received = everything_but(&bundle, &[]);
    received.iter_mut().find(|r| r.name == shared.name).unwrap().scans = vec![sha.clone()];
    let result = app.intake_bundle(&clerk, &request(received)).await.unwrap();
    for case in &result.cases {
        let materials = app.case_materials(&case.number).await.unwrap();
        let has = materials.iter().any(|m| m.name == shared.name && m.scans.iter().any(|s| s.scan.sha256 == sha));
        assert_eq!(
            has,
            shared.service_item_codes.contains(&case.service_item_code),
            "{} {}",
            case.service_item_code,
            shared.name
        );
    }
}
