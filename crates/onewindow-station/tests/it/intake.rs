//! Intake at the window, from the seeded demo: each outcome is recorded with its events, accepted
//! cases land in the department's queue at once, bad input names its field and changes nothing.

use onewindow_app::views::{AddressInput, DeliveryInput, IntakeCommon, IntakeRequest, PartyInput, ReceivedInput};
use onewindow_app::{App, AppError, ErrorCode};
use onewindow_domain::shortfall::Outcome;
use onewindow_domain::{ApplicantKind, CaseState, DeliveryMethod, DocumentKind, IdKind, MaterialForm, User};

use crate::{demo_app, demo_app_at};

/// 个体工商户设立登记: M01 application (core), M02 ID (core), M03 premises proof (tolerable, 1 day),
/// M04/M05 only with an agent.
const ITEM: &str = "440703-PJQSCJGJ-001";

fn received(codes: &[&str]) -> Vec<ReceivedInput> {
    codes
        .iter()
        .map(|c| ReceivedInput {
            material_code: c.to_string(),
            form: MaterialForm::Original,
            copies: 1,
            pages: 2,
            scans: Vec::new(),
        })
        .collect()
}

pub(crate) fn request(codes: &[&str]) -> IntakeRequest {
    let applicant =
        PartyInput { name: "𠮷祥云".into(), id_kind: IdKind::ResidentId, id_number: "11010519491231002X".into() };
    let common = IntakeCommon { commitment_signed: true, ..IntakeCommon::person(applicant, "13812345678") };
    IntakeRequest { service_item_code: ITEM.into(), received: received(codes), common }
}

/// The request with one thing of its common part changed.
fn with(mut request: IntakeRequest, change: impl FnOnce(&mut IntakeCommon)) -> IntakeRequest {
    change(&mut request.common);
    request
}

async fn clerk(app: &App) -> User {
    app.login("clerk", "Demo@2026").await.unwrap()
}

#[tokio::test]
async fn a_complete_intake_is_accepted_and_in_the_departments_queue_at_once() {
    let app = demo_app().await;
    let clerk = clerk(&app).await;
    let result = app.intake(&clerk, &request(&["M01", "M02", "M03"])).await.unwrap();
    assert_eq!(result.decision.decision, Outcome::Accept);
    assert_eq!(result.documents, vec![DocumentKind::Receipt]);
    assert!(result.handed_off);
    assert!(result.number.starts_with("440700000"), "{}", result.number);
    let detail = app.case_detail(&result.number).await.unwrap();
    assert_eq!(detail.summary.state, CaseState::HandedOff);
    assert_eq!(detail.summary.applicant_name, "𠮷祥云");
    assert_eq!(detail.summary.due_date.as_deref(), Some(result.decision.due.as_str()));
    let actions: Vec<_> = detail.events.iter().map(|e| e.action.map_or("create", |a| a.as_str())).collect();
    assert_eq!(actions, vec!["create", "accept", "hand_off"]);
    // The city's market supervision reviewer is not this department; the district one is.
    let reviewer = app.login("reviewer_pjqscjgj", "Demo@2026").await.unwrap();
    let queue = app.queue_page(&reviewer, &crate::whole_queue()).await.unwrap();
    assert!(queue.rows.iter().any(|r| r.case.number == result.number));
    // A department in another district than the city hall: the paper originals travel.
    assert!(result.material_transfer);
}

#[tokio::test]
async fn shortfall_notice_and_refusal_are_each_recorded() {
    let app = demo_app().await;
    let clerk = clerk(&app).await;
    let tolerated = app.intake(&clerk, &request(&["M01", "M02"])).await.unwrap();
    assert_eq!(tolerated.decision.decision, Outcome::AcceptWithShortfall);
    assert_eq!(
        tolerated.documents,
        vec![DocumentKind::Receipt, DocumentKind::ShortfallNotice, DocumentKind::Commitment]
    );
    let case = app.case_detail(&tolerated.number).await.unwrap();
    assert_eq!(case.summary.state, CaseState::HandedOff);
    assert_eq!(case.summary.shortfall_supplement_due, tolerated.decision.shortfall_supplement_due);
    assert!(case.events[1].reason.contains("经营场所使用证明"));

    // Another applicant (the first one's ID card would be reused from the case above).
    let other = PartyInput {
        name: "阿依古丽·买买提".into(),
        id_kind: IdKind::ResidentId,
        id_number: "440524188001010014".into(),
    };
    let notice = app.intake(&clerk, &with(request(&["M01"]), |c| c.applicant = other)).await.unwrap();
    assert_eq!(notice.decision.decision, Outcome::OneTimeNotice);
    assert_eq!(notice.documents, vec![DocumentKind::OneTimeNotice]);
    assert!(!notice.handed_off);
    let case = app.case_detail(&notice.number).await.unwrap();
    assert_eq!(case.summary.state, CaseState::NoticeIssued);
    // The return visit starts from what was already taken in.
    let prefill = app.notice_prefill(&notice.number).await.unwrap();
    assert_eq!((prefill.service_item_code.as_str(), prefill.received.clone()), (ITEM, vec!["M01".to_string()]));
    assert_eq!(prefill.applicant.id_number, "440524188001010014");
    assert_eq!(prefill.phone, "13812345678");
    assert_eq!(app.notice_prefill(&tolerated.number).await.unwrap_err().code(), ErrorCode::Conflict);
    assert!(case.events[1].reason.contains("居民身份证"), "{}", case.events[1].reason);

    // An item of a city department not handled city-wide, taken at a county hall, is refused.
    let local = app
        .search_catalog("440700-", 100)
        .await
        .unwrap()
        .into_iter()
        .find(|h| !h.citywide && h.code.starts_with("440700-"))
        .expect("the demo has city items not handled city-wide");
    let county_clerk = app.login("clerk3", "Demo@2026").await.unwrap();
    let refused = app
        .intake(&county_clerk, &IntakeRequest { service_item_code: local.code.clone(), ..request(&[]) })
        .await
        .unwrap();
    assert_eq!(refused.decision.decision, Outcome::Refuse, "{}", local.name);
    assert_eq!(refused.documents, vec![DocumentKind::RefusalNotice]);
    let case = app.case_detail(&refused.number).await.unwrap();
    assert_eq!(case.summary.state, CaseState::Refused);
    assert!(case.events[1].reason.contains("全城通办"));
}

#[tokio::test]
async fn bad_input_names_its_field_and_stores_nothing() {
    let app = demo_app().await;
    let clerk = clerk(&app).await;
    let before = app.case_count().await.unwrap();
    let cases: Vec<(IntakeRequest, &str)> = vec![
        (
            with(request(&["M01", "M02", "M03"]), |c| {
                c.applicant = PartyInput { id_number: "110105194912310021".into(), ..request(&[]).common.applicant }
            }),
            "applicant.id_number",
        ),
        (
            with(request(&["M01"]), |c| {
                c.applicant = PartyInput { name: "  ".into(), ..request(&[]).common.applicant }
            }),
            "applicant.name",
        ),
        (with(request(&["M01"]), |c| c.phone = "1234".into()), "phone"),
        (with(request(&["M01"]), |c| c.applicant_kind = ApplicantKind::Organisation), "applicant.id_kind"),
        (IntakeRequest { received: received(&["M99"]), ..request(&[]) }, "received"),
        (
            with(request(&["M01", "M02", "M03"]), |c| {
                c.delivery = DeliveryInput {
                    method: DeliveryMethod::Post,
                    pickup_hall_code: None,
                    address: Some(AddressInput {
                        province: "广东省".into(),
                        city: "长沙市".into(),
                        district: "岳麓区".into(),
                        street: "某街道".into(),
                        detail: "某路1号".into(),
                        receiver: "陈𠮷娣".into(),
                        phone: "13912345678".into(),
                    }),
                }
            }),
            "delivery.address.city",
        ),
        (
            with(request(&["M01", "M02", "M03"]), |c| {
                c.delivery = DeliveryInput { method: DeliveryMethod::Post, pickup_hall_code: None, address: None }
            }),
            "delivery.address",
        ),
    ];
    for (req, field) in cases {
        match app.intake(&clerk, &req).await.unwrap_err() {
            AppError::InvalidInput { field: got, message } => {
                assert_eq!(got, field, "{message}");
                assert!(!message.is_empty());
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    assert_eq!(app.case_count().await.unwrap(), before, "nothing stored");
    let reviewer = app.login("reviewer", "Demo@2026").await.unwrap();
    assert_eq!(app.intake(&reviewer, &request(&["M01"])).await.unwrap_err().code(), ErrorCode::Forbidden);
}

#[tokio::test]
async fn mailing_a_result_and_collecting_it_elsewhere() {
    let app = demo_app().await;
    let clerk = clerk(&app).await;
    let posted = with(request(&["M01", "M02", "M03"]), |c| {
        c.delivery = DeliveryInput {
            method: DeliveryMethod::Post,
            pickup_hall_code: None,
            address: Some(AddressInput {
                province: "广东省".into(),
                city: "江门市".into(),
                district: "新会区".into(),
                street: "会城街道".into(),
                detail: "今古洲路88号华侨新村12座1802室".into(),
                receiver: "陈𠮷娣".into(),
                phone: "0750-6612345".into(),
            }),
        }
    });
    let result = app.intake(&clerk, &posted).await.unwrap();
    assert_eq!(app.case_detail(&result.number).await.unwrap().summary.delivery, DeliveryMethod::Post);
    let elsewhere = with(request(&["M01", "M02", "M03"]), |c| {
        c.delivery =
            DeliveryInput { method: DeliveryMethod::Window, pickup_hall_code: Some("440781000".into()), address: None }
    });
    app.intake(&clerk, &elsewhere).await.unwrap();
    let nowhere = with(request(&["M01", "M02", "M03"]), |c| {
        c.delivery =
            DeliveryInput { method: DeliveryMethod::Window, pickup_hall_code: Some("999".into()), address: None }
    });
    assert!(matches!(
        app.intake(&clerk, &nowhere).await,
        Err(AppError::InvalidInput { field: "delivery.pickup_hall_code", .. })
    ));
}

#[tokio::test]
async fn earlier_materials_need_not_be_brought_again() {
    let app = demo_app().await;
    let clerk = clerk(&app).await;
    app.intake(&clerk, &request(&["M01", "M02", "M03"])).await.unwrap();
    let history = app.applicant_history(IdKind::ResidentId, "11010519491231002X").await.unwrap();
    assert_eq!(history.name.as_deref(), Some("𠮷祥云"));
    assert!(history.reusable.iter().any(|r| r.material_name == "居民身份证"));
    // The ID card was handed in with the first case: the second intake accepts without it.
    let again = app.intake(&clerk, &request(&["M01", "M03"])).await.unwrap();
    assert_eq!(again.decision.decision, Outcome::Accept);
    let reused = again.decision.findings.iter().find(|f| f.material_name == "居民身份证").unwrap();
    assert_eq!(reused.source.as_deref(), Some(history.cases.last().unwrap().number.as_str()));
}

#[tokio::test]
async fn drafts_survive_and_go_when_the_intake_is_done() {
    let app = demo_app().await;
    let clerk = clerk(&app).await;
    let id =
        app.save_draft(&clerk, None, "个体工商户设立登记 𠮷祥云", r#"{"item":"440703-PJQSCJGJ-001"}"#).await.unwrap();
    assert_eq!(
        app.save_draft(&clerk, Some(id), "个体工商户设立登记 𠮷祥云", r#"{"item":"x","step":2}"#).await.unwrap(),
        id
    );
    let drafts = app.drafts(&clerk).await.unwrap();
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].payload.contains("step"));
    let other = app.login("clerk2", "Demo@2026").await.unwrap();
    assert!(app.drafts(&other).await.unwrap().is_empty(), "drafts are the clerk's own");
    app.intake(&clerk, &with(request(&["M01", "M02", "M03"]), |c| c.draft_id = Some(id))).await.unwrap();
    assert!(app.drafts(&clerk).await.unwrap().is_empty());
}

#[tokio::test]
async fn scans_taken_at_the_window_are_filed_with_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let app = onewindow_station::open(
        &onewindow_station::StationConfig::resolve(Some(&dir.path().join("onewindow.db"))).unwrap(),
    )
    .await
    .unwrap();
    app.seed_demo().await.unwrap();
    let clerk = clerk(&app).await;
    let mut shas = Vec::new();
    for seed in 0..3u8 {
        let file = dir.path().join(format!("扫描 {seed}.jpg"));
        std::fs::write(&file, onewindow_scans::samples::jpeg_bytes(64, 90, seed)).unwrap();
        shas.push(app.ingest_scan(&file).await.unwrap().sha256.unwrap());
    }
    let mut with_scans = request(&["M01", "M02", "M03"]);
    with_scans.received[0].scans = vec![shas[0].clone(), shas[1].clone()];
    with_scans.received[1].scans = vec![shas[2].to_uppercase()];

    // A scan that is not stored, or one named twice, is refused and nothing is recorded.
    let mut unknown = with_scans.clone();
    unknown.received[2].scans = vec!["0".repeat(64)];
    let before = app.cases_in_state(CaseState::HandedOff).await.unwrap().len();
    match app.intake(&clerk, &unknown).await.unwrap_err() {
        AppError::InvalidInput { field, message } => {
            assert!(field == "received.scans" && message.contains("扫描件"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    let mut twice = with_scans.clone();
    twice.received[2].scans = vec![shas[0].clone()];
    assert_eq!(app.intake(&clerk, &twice).await.unwrap_err().code(), ErrorCode::InvalidInput);
    assert_eq!(app.cases_in_state(CaseState::HandedOff).await.unwrap().len(), before);

    let result = app.intake(&clerk, &with_scans).await.unwrap();
    let materials = app.case_materials(&result.number).await.unwrap();
    let filed = |code: &str| {
        materials
            .iter()
            .find(|m| m.code == code)
            .unwrap()
            .scans
            .iter()
            .map(|s| s.scan.sha256.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(filed("M01"), vec![shas[0].clone(), shas[1].clone()]);
    assert_eq!(filed("M02"), vec![shas[2].clone()]);
    assert!(filed("M03").is_empty());
    // Filed scans leave the unassigned inbox, and the case file holds them.
    assert!(app.recent_scans(true, 50).await.unwrap().is_empty());
    assert!(app.case_file(&result.number).await.unwrap().starts_with(b"%PDF-"));
    // A draft reopened later cannot file them with another case.
    match app.intake(&clerk, &with_scans).await.unwrap_err() {
        AppError::InvalidInput { field, message } => {
            assert!(field == "received.scans" && message.contains(&result.number), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_copy_where_the_original_is_asked_for_is_wrong_and_the_notice_says_so() {
    let app = demo_app().await;
    let clerk = clerk(&app).await;
    let mut copied = request(&["M01", "M02", "M03"]);
    copied.received[0].form = MaterialForm::Copy;
    let notice = app.intake(&clerk, &copied).await.unwrap();
    assert_eq!(notice.decision.decision, Outcome::OneTimeNotice);
    let finding = &notice.decision.findings[0];
    assert_eq!(finding.rule, "wrong_form");
    assert!(finding.message.starts_with("收到的是复印件，须提交原件"), "{}", finding.message);
    let (pdf, _) =
        app.render_document(DocumentKind::OneTimeNotice, Some(&notice.number), false, None, None, false).await.unwrap();
    let text = crate::printing::text_of(&pdf);
    assert!(
        text.contains("个体工商户登记（备案）申请书：原件1份") && text.contains("收到的是复印件，须提交原件"),
        "{text}"
    );
    assert!(!text.contains("核心材料") && !text.contains("不可容缺"), "no rule text on paper: {text}");
}

#[tokio::test]
async fn paper_originals_for_another_district_make_exactly_one_courier_task() {
    let app = demo_app().await;
    let dispatcher = app.login("dispatcher", "Demo@2026").await.unwrap();
    let before = app.pending_transfers(&dispatcher).await.unwrap();
    // The city hall (江门市) takes originals for a 蓬江区 department: one task for that case.
    let accepted = app.intake(&clerk(&app).await, &request(&["M01", "M02", "M03"])).await.unwrap();
    assert!(accepted.material_transfer);
    // A notice and a refusal take nothing in for a department: no task.
    // (Another applicant: the first one's papers would be reused.)
    let other = |c: &mut IntakeCommon| c.applicant.id_number = "440704198503150046".into();
    let notice = app.intake(&clerk(&app).await, &with(request(&["M01"]), other)).await.unwrap();
    assert_eq!(notice.decision.decision, Outcome::OneTimeNotice);
    assert!(!notice.material_transfer);
    // A hall of the department's own district keeps the paper: no task.
    let town = app.login("clerk_440703101", "Demo@2026").await.unwrap();
    let third = |c: &mut IntakeCommon| c.applicant.id_number = "440781197608203616".into();
    let local = app.intake(&town, &with(request(&["M01", "M02", "M03"]), third)).await.unwrap();
    assert_eq!(local.decision.decision, Outcome::Accept);
    assert!(!local.material_transfer);
    let after = app.pending_transfers(&dispatcher).await.unwrap();
    let new: Vec<_> = after.iter().filter(|t| !before.contains(t)).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].case_number, accepted.number);
    // A clerk has no business with the courier's tasks.
    let refused = app.pending_transfers(&clerk(&app).await).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden);
}

#[tokio::test]
async fn half_past_midnight_in_jiangmen_is_the_next_day_everywhere() {
    // 2026-11-27T16:30Z is 00:30 on Saturday 28 November in the halls.
    let app = demo_app_at(chrono::DateTime::parse_from_rfc3339("2026-11-27T16:30:00Z").unwrap().into()).await;
    let clerk = clerk(&app).await;
    assert_eq!(app.today().to_string(), "2026-11-28");
    let result = app.intake(&clerk, &request(&["M01", "M02", "M03"])).await.unwrap();
    assert_eq!(&result.number[9..17], "20261128", "{}", result.number);
    // Counted from the day after Saturday the 28th, as from that day's intake.
    let promised = app.service_item(ITEM).await.unwrap().promised_days;
    let from_28th = app.calendar().add_working_days(chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(), promised);
    assert_eq!(result.decision.due, from_28th.to_string());
    let detail = app.case_detail(&result.number).await.unwrap();
    assert!(detail.events.iter().all(|e| e.at == "2026-11-27T16:30:00+00:00"), "one reading of the clock");
}

#[tokio::test]
async fn a_due_date_in_a_year_without_a_calendar_carries_the_warning() {
    let app = demo_app_at(chrono::DateTime::parse_from_rfc3339("2026-12-31T02:00:00Z").unwrap().into()).await;
    let result = app.intake(&clerk(&app).await, &request(&["M01", "M02", "M03"])).await.unwrap();
    assert!(result.decision.due.starts_with("2027-"), "{}", result.decision.due);
    let warning = result.decision.calendar_warning.expect("no 2027 calendar is shipped");
    assert!(warning.contains("2027"), "{warning}");
}

#[tokio::test]
async fn an_agent_needs_a_personal_id_and_brings_the_agents_papers() {
    let app = demo_app().await;
    let clerk = clerk(&app).await;
    let agent = |id_kind, id_number: &str| {
        Some(PartyInput { name: "阿依古丽·买买提".into(), id_kind, id_number: id_number.into() })
    };
    // A USCC is no person's ID.
    let uscc = with(request(&["M01", "M02", "M03"]), |c| c.agent = agent(IdKind::Uscc, "91440703MA4UXXXX0X"));
    let e = app.intake(&clerk, &uscc).await.unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::InvalidInput, Some("agent.id_kind")));
    // With an agent the authorisation papers (M04, M05) are asked for: a notice lists them.
    let agented = |codes: &[&str]| with(request(codes), |c| c.agent = agent(IdKind::ResidentId, "440703199001011239"));
    let notice = app.intake(&clerk, &agented(&["M01", "M02", "M03"])).await.unwrap();
    assert_eq!(notice.decision.decision, Outcome::OneTimeNotice);
    let missing: Vec<_> = notice
        .decision
        .findings
        .iter()
        .filter(|f| f.rule == "core_missing")
        .map(|f| f.material_code.as_str())
        .collect();
    assert!(missing.contains(&"M04"), "{missing:?}");
    let all = app.intake(&clerk, &agented(&["M01", "M02", "M03", "M04", "M05"])).await.unwrap();
    assert_eq!(all.decision.decision, Outcome::Accept);
    assert!(app.case_detail(&all.number).await.unwrap().summary.applicant_name == "𠮷祥云");
}

#[tokio::test]
async fn a_dishonest_applicant_with_a_tolerable_gap_gets_a_one_time_notice() {
    let app = demo_app().await;
    let dishonest = with(request(&["M01", "M02"]), |c| c.dishonest = true);
    let result = app.intake(&clerk(&app).await, &dishonest).await.unwrap();
    assert_eq!(result.decision.decision, Outcome::OneTimeNotice);
    assert_eq!(result.documents, vec![DocumentKind::OneTimeNotice]);
    let m03 = result.decision.findings.iter().find(|f| f.material_code == "M03").unwrap();
    assert_eq!(m03.rule, "dishonest_applicant");
    assert!(m03.message.contains("失信"), "{}", m03.message);
    // Honest, the same gap is tolerated.
    let honest = app.intake(&clerk(&app).await, &request(&["M01", "M02"])).await.unwrap();
    assert_eq!(honest.decision.decision, Outcome::AcceptWithShortfall);
}

/// The 承诺书 printed for signing before the clerk ticks 已签署: the applicant's name, what would
/// be tolerated and by when, no case number yet; refused when nothing would be tolerated, and
/// nothing is stored either way.
#[tokio::test]
async fn the_commitment_prints_for_signing_before_the_intake_is_submitted() {
    let app = demo_app().await;
    let clerk = clerk(&app).await;
    let unsigned = with(request(&["M01", "M02"]), |c| c.commitment_signed = false);
    let before = app.case_count().await.unwrap();
    let (pdf, _) = app.render_commitment_draft(&clerk, &unsigned, None).await.unwrap();
    let text = crate::printing::text_of(&pdf);
    for must in ["容缺受理承诺书", "𠮷祥云", "经营场所使用证明", "个体工商户设立登记", "受理后生成", "承诺人（签名）"]
    {
        assert!(text.contains(must), "{must}: {text}");
    }
    assert!(!text.contains("440700000"), "no case number yet: {text}");
    let complete = with(request(&["M01", "M02", "M03"]), |c| c.commitment_signed = false);
    let e = app.render_commitment_draft(&clerk, &complete, None).await.unwrap_err();
    assert_eq!(e.field(), Some("commitment_signed"), "{e}");
    assert_eq!(app.case_count().await.unwrap(), before, "nothing stored");
}

/// A return visit names the one-time notice it continues: recorded with the acceptance and
/// printed on the receipt; a notice of someone else, or a case that is no notice, is refused.
#[tokio::test]
async fn a_return_visit_records_and_prints_the_notice_it_continues() {
    let app = demo_app().await;
    let clerk = clerk(&app).await;
    let notice = app.intake(&clerk, &request(&["M01"])).await.unwrap();
    assert_eq!(notice.decision.decision, Outcome::OneTimeNotice);
    let accepted = app.intake(&clerk, &request(&["M01", "M02", "M03"])).await.unwrap();
    let other =
        PartyInput { name: "何嘉仪".into(), id_kind: IdKind::ResidentId, id_number: "440524188001010014".into() };
    for (continues, why) in
        [(accepted.number.clone(), "不是一次性告知"), ("4407000002020010100001".to_string(), "未找到")]
    {
        let e = app
            .intake(&clerk, &with(request(&["M01", "M02", "M03"]), |c| c.continues = Some(continues.clone())))
            .await
            .unwrap_err();
        assert_eq!(e.field(), Some("continues"));
        assert!(e.to_string().contains(why), "{e}");
    }
    let e = app
        .intake(
            &clerk,
            &with(request(&["M01", "M02", "M03"]), |c| {
                c.applicant = other.clone();
                c.continues = Some(notice.number.clone());
            }),
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("不是本申请人"), "{e}");

    let visit = app
        .intake(&clerk, &with(request(&["M01", "M02", "M03"]), |c| c.continues = Some(notice.number.clone())))
        .await
        .unwrap();
    let case = app.case_detail(&visit.number).await.unwrap();
    let first = &case.events[1];
    assert_eq!(first.detail, Some(onewindow_domain::EventDetail::ReturnVisit { notice: notice.number.clone() }));
    assert!(first.reason.contains(&notice.number), "{}", first.reason);
    let (pdf, _) =
        app.render_document(DocumentKind::Receipt, Some(&visit.number), false, None, None, false).await.unwrap();
    let text = crate::printing::text_of(&pdf);
    // (The text is read without its spaces: the number is printed grouped.)
    assert!(text.contains("续办") && text.contains(&format!("一次性告知书（办件编号{}）", notice.number)), "{text}");
}
