use super::*;
use crate::catalog::{AppliesTo, DeliveryMethod, Guide, InstantApproval, ItemLevel, Material, ShortfallRules};
use crate::shortfall::{decide_received, ApplicantFacts, Window};
use std::collections::BTreeSet;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn material(code: &str, policy: ShortfallPolicy, e_certificate: Option<&str>) -> Material {
    Material {
        code: code.into(),
        name: format!("材料{code}"),
        form: MaterialForm::Original,
        copies: 1,
        pages: 1,
        policy,
        supplement_days: (policy == ShortfallPolicy::Tolerable).then_some(3),
        e_certificate: e_certificate.map(str::to_string),
        applies_to: AppliesTo::All,
        note: String::new(),
    }
}

fn item(rule: Option<InstantApproval>) -> ServiceItem {
    let mut item = ServiceItem {
        code: "440700-TEST-002".into(),
        name: "测试秒批事项".into(),
        keywords: Vec::new(),
        results: vec!["证明".into()],
        department_code: "TEST".into(),
        level: ItemLevel::City,
        kind: "公共服务".into(),
        statutory_days: 5,
        promised_days: 1,
        on_the_spot: false,
        fee: "不收费".into(),
        delivery: vec![DeliveryMethod::Window],
        citywide: true,
        commitment_approval: false,
        applicants: Eligibility::All,
        shortfall: ShortfallRules::default(),
        guide: Guide::default(),
        materials: vec![
            material("M01", ShortfallPolicy::Core, Some("居民身份证")),
            material("M02", ShortfallPolicy::Tolerable, Some("户口簿")),
            material("M03", ShortfallPolicy::Optional, None),
        ],
        review: Default::default(),
        followup: Default::default(),
    };
    item.followup.instant_approval = rule;
    item
}

/// Every combination of the conditions: offered or not, complete or with a gap, the applicant's
/// kind against the rule's, paper or e-certificates against an e-certificates-only rule. The
/// system approves exactly when every one holds.
#[test]
fn instant_approval_holds_exactly_when_every_condition_does() {
    let calendar = WorkCalendar::weekends_only();
    let window = Window { today: d(11, 27), hall_area: "江门市", department_area: "江门市", calendar: &calendar };
    let facts = ApplicantFacts { commitment_signed: true, ..ApplicantFacts::person() };
    let mut seen = BTreeSet::new();
    for offered in [false, true] {
        for applicants in [Eligibility::All, Eligibility::Person, Eligibility::Organisation] {
            for e_only in [false, true] {
                for kind in [ApplicantKind::Person, ApplicantKind::Organisation] {
                    for complete in [false, true] {
                        for form in [MaterialForm::Original, MaterialForm::ECertificate] {
                            let it =
                                item(offered.then_some(InstantApproval { e_certificates_only: e_only, applicants }));
                            let mut received = vec![("M01", form)];
                            if complete {
                                received.push(("M02", form));
                            }
                            let facts = ApplicantFacts { kind, ..facts.clone() };
                            let decision = decide_received(&it, &facts, &received, &window);
                            let got = instant_approval(&it, kind, &decision, &received);
                            let kind_fits = match applicants {
                                Eligibility::All => true,
                                Eligibility::Person => kind == ApplicantKind::Person,
                                Eligibility::Organisation => kind == ApplicantKind::Organisation,
                            };
                            let expected = if !offered {
                                Err(NotInstant::NotOffered)
                            } else if !complete {
                                Err(NotInstant::NotComplete)
                            } else if !kind_fits {
                                Err(NotInstant::ApplicantKind)
                            } else if e_only && form != MaterialForm::ECertificate {
                                Err(NotInstant::PaperMaterial)
                            } else {
                                Ok(())
                            };
                            assert_eq!(got, expected, "offered {offered}, {applicants:?}, e-only {e_only}, {kind:?}, complete {complete}, {form:?}");
                            seen.insert(format!("{got:?}"));
                        }
                    }
                }
            }
        }
    }
    assert_eq!(seen.len(), 5, "every answer occurs: {seen:?}");
}

#[test]
fn an_e_certificate_found_for_the_applicant_counts_as_one_handed_in() {
    let calendar = WorkCalendar::weekends_only();
    let window = Window { today: d(11, 27), hall_area: "江门市", department_area: "江门市", calendar: &calendar };
    let it = item(Some(InstantApproval { e_certificates_only: true, applicants: Eligibility::All }));
    let facts = ApplicantFacts {
        e_certificates: ["居民身份证".to_string(), "户口簿".to_string()].into(),
        ..ApplicantFacts::person()
    };
    let decision = decide_received(&it, &facts, &[], &window);
    assert_eq!(instant_approval(&it, ApplicantKind::Person, &decision, &[]), Ok(()));
}

#[test]
fn the_catalog_check_finds_instant_approval_that_can_never_apply() {
    let mut it = item(Some(InstantApproval { e_certificates_only: true, applicants: Eligibility::All }));
    assert_eq!(instant_approval_impossible(&it), None);
    it.materials.push(material("M04", ShortfallPolicy::Tolerable, None));
    let why = instant_approval_impossible(&it).expect("a paper-only material");
    assert!(why.contains("材料M04"), "{why}");
    // A paper-only material asked only of organisations does not matter to a rule for persons.
    it.materials.last_mut().unwrap().applies_to = AppliesTo::Organisation;
    it.followup.instant_approval = Some(InstantApproval { e_certificates_only: true, applicants: Eligibility::Person });
    assert_eq!(instant_approval_impossible(&it), None);
    // The rule for organisations on an item only persons may apply for.
    it.applicants = Eligibility::Person;
    it.followup.instant_approval =
        Some(InstantApproval { e_certificates_only: false, applicants: Eligibility::Organisation });
    assert!(instant_approval_impossible(&it).unwrap().contains("只受理自然人"));
    it.followup.instant_approval = None;
    assert_eq!(instant_approval_impossible(&it), None);
}

#[test]
fn urgency_counts_working_days() {
    let calendar = WorkCalendar::weekends_only();
    // Friday 27 November: the next working day is Monday 30.
    let friday = d(11, 27);
    assert_eq!(urgency(d(11, 26), friday, &calendar), FollowUpUrgency::Overdue);
    assert_eq!(urgency(friday, friday, &calendar), FollowUpUrgency::DueToday);
    assert_eq!(urgency(d(11, 28), friday, &calendar), FollowUpUrgency::DueTomorrow);
    assert_eq!(urgency(d(11, 30), friday, &calendar), FollowUpUrgency::DueTomorrow);
    assert_eq!(urgency(d(12, 1), friday, &calendar), FollowUpUrgency::Later);
}

fn id(kind: IdKind, value: &str) -> Identifier {
    Identifier { kind, value: value.into() }
}

const PERSON: &str = "440703199001011234";
const OTHER: &str = "440703198502023456";
const AGENT: &str = "440704197703035678";
const USCC: &str = "91440703MA5E2E0001";

fn person_case(agent: Option<(IdKind, &'static str)>) -> CaseParties<'static> {
    CaseParties {
        applicant_kind: ApplicantKind::Person,
        applicant_name: "陈小明",
        applicant_id_kind: IdKind::ResidentId,
        applicant_id_number: PERSON,
        agent_id: agent,
    }
}

fn agent(id_number: &str, applicant_id: Option<&str>, authorisation: bool) -> Collector {
    Collector::Agent {
        name: "李代领".into(),
        id: id(IdKind::ResidentId, id_number),
        applicant_id: applicant_id.map(str::to_string),
        authorisation,
    }
}

fn field(r: Result<(), CollectorMismatch>) -> Option<&'static str> {
    r.err().map(|e| e.field)
}

#[test]
fn a_person_collects_with_their_own_id_and_nothing_else() {
    let case = person_case(None);
    assert_eq!(check_collector(&case, &Collector::Applicant { id: id(IdKind::ResidentId, PERSON) }), Ok(()));
    assert_eq!(
        check_collector(&case, &Collector::Applicant { id: id(IdKind::ResidentId, &PERSON.to_lowercase()) }),
        Ok(()),
        "the check letter's case does not matter"
    );
    let wrong = check_collector(&case, &Collector::Applicant { id: id(IdKind::ResidentId, OTHER) });
    assert_eq!(field(wrong.clone()), Some("collector_id"));
    assert!(wrong.unwrap_err().message.contains("不符"));
    // The same digits on another kind of document are another document.
    assert_eq!(
        field(check_collector(&case, &Collector::Applicant { id: id(IdKind::Passport, PERSON) })),
        Some("collector_id")
    );
}

#[test]
fn an_organisation_collects_only_through_an_authorised_agent() {
    let case = CaseParties {
        applicant_kind: ApplicantKind::Organisation,
        applicant_name: "江门市蓬江区示例餐饮有限公司",
        applicant_id_kind: IdKind::Uscc,
        applicant_id_number: USCC,
        agent_id: None,
    };
    assert_eq!(
        field(check_collector(&case, &Collector::Applicant { id: id(IdKind::Uscc, USCC) })),
        Some("collector_kind")
    );
    assert_eq!(check_collector(&case, &agent(AGENT, Some(USCC), true)), Ok(()));
    assert_eq!(field(check_collector(&case, &agent(AGENT, Some(USCC), false))), Some("authorisation"));
    assert_eq!(field(check_collector(&case, &agent(AGENT, Some("91440703MA5E2E0002"), true))), Some("applicant_id"));
    assert_eq!(field(check_collector(&case, &agent(AGENT, None, true))), Some("applicant_id"));
}

#[test]
fn an_agent_needs_the_authorisation_unless_they_are_the_agent_of_the_intake() {
    let plain = person_case(None);
    assert_eq!(check_collector(&plain, &agent(AGENT, Some(PERSON), true)), Ok(()));
    assert_eq!(field(check_collector(&plain, &agent(AGENT, Some(PERSON), false))), Some("authorisation"));
    assert_eq!(field(check_collector(&plain, &agent(AGENT, Some(OTHER), true))), Some("applicant_id"));
    assert_eq!(field(check_collector(&plain, &agent(PERSON, Some(PERSON), true))), Some("collector_id"));
    let blank = Collector::Agent {
        name: " ".into(),
        id: id(IdKind::ResidentId, AGENT),
        applicant_id: None,
        authorisation: true,
    };
    assert_eq!(field(check_collector(&plain, &blank)), Some("collector_name"));
    // The agent who applied takes the result on the authorisation given at intake.
    let with_agent = person_case(Some((IdKind::ResidentId, AGENT)));
    assert_eq!(check_collector(&with_agent, &agent(AGENT, None, false)), Ok(()));
    // Anyone else still needs one of their own.
    assert_eq!(field(check_collector(&with_agent, &agent(OTHER, None, false))), Some("authorisation"));
}
