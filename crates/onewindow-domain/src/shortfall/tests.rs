use super::*;
use crate::catalog::{DeliveryMethod, Guide, ItemLevel, ShortfallRules};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Friday 27 November 2026.
fn today() -> NaiveDate {
    d(2026, 11, 27)
}

fn material(code: &str, name: &str, policy: ShortfallPolicy) -> Material {
    Material {
        code: code.into(),
        name: name.into(),
        form: MaterialForm::Original,
        copies: 1,
        pages: 1,
        policy,
        supplement_days: (policy == ShortfallPolicy::Tolerable).then_some(3),
        e_certificate: None,
        applies_to: AppliesTo::All,
        note: String::new(),
    }
}

fn item(materials: Vec<Material>) -> ServiceItem {
    ServiceItem {
        code: "440700-TEST-001".into(),
        name: "测试事项".into(),
        keywords: Vec::new(),
        results: Vec::new(),
        department_code: "TEST".into(),
        level: ItemLevel::City,
        kind: "行政许可".into(),
        statutory_days: 20,
        promised_days: 5,
        on_the_spot: false,
        fee: "不收费".into(),
        delivery: vec![DeliveryMethod::Window],
        citywide: true,
        commitment_approval: false,
        applicants: Eligibility::All,
        shortfall: ShortfallRules::default(),
        guide: Guide::default(),
        materials,
        review: Default::default(),
        followup: Default::default(),
    }
}

fn signed() -> ApplicantFacts {
    ApplicantFacts { commitment_signed: true, ..ApplicantFacts::person() }
}

fn decide_at(item: &ServiceItem, facts: &ApplicantFacts, present: &[&str]) -> Decision {
    let calendar = WorkCalendar::weekends_only();
    let window = Window { today: today(), hall_area: "江门市", department_area: "江门市", calendar: &calendar };
    decide(item, facts, &present.iter().copied().collect(), &window)
}

fn standard() -> ServiceItem {
    item(vec![
        material("M01", "居民身份证", ShortfallPolicy::Core),
        material("M02", "申请表", ShortfallPolicy::Core),
        material("M03", "经营场所使用证明", ShortfallPolicy::Tolerable),
        material("M04", "租赁合同", ShortfallPolicy::Tolerable),
        material("M05", "照片", ShortfallPolicy::Optional),
    ])
}

#[test]
fn everything_present_is_accepted_with_the_due_date_in_working_days() {
    let decision = decide_at(&standard(), &signed(), &["M01", "M02", "M03", "M04", "M05"]);
    assert_eq!(decision.outcome, Outcome::Accept);
    // Friday + 5 working days = the next Friday.
    assert_eq!(decision.due, d(2026, 12, 4));
    assert_eq!(decision.shortfall_supplement_due, None);
    assert!(decision.findings.iter().all(|f| f.finding == FindingKind::Present));
}

#[test]
fn missing_tolerable_materials_are_tolerated_until_a_date() {
    let decision = decide_at(&standard(), &signed(), &["M01", "M02", "M04"]);
    assert_eq!(decision.outcome, Outcome::AcceptWithShortfall);
    let m03 = &decision.findings[2];
    assert_eq!(m03.finding, FindingKind::MissingTolerated { until: d(2026, 12, 2) });
    assert_eq!(m03.rule, "tolerated");
    assert_eq!(m03.message, "容缺受理，须于2026-12-02前补齐");
    assert_eq!(decision.findings[4].finding, FindingKind::OptionalMissing);
    assert_eq!(decision.shortfall_supplement_due, Some(d(2026, 12, 2)));
}

#[test]
fn a_missing_core_material_means_a_one_time_notice_listing_everything() {
    let decision = decide_at(&standard(), &signed(), &["M01"]);
    assert_eq!(decision.outcome, Outcome::OneTimeNotice);
    let rules: Vec<_> = decision.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, vec!["present", "core_missing", "tolerated", "tolerated", "optional"]);
}

#[test]
fn the_items_terms_decide_whether_gaps_are_tolerated() {
    let item = standard();
    let unsigned = decide_at(&item, &ApplicantFacts::person(), &["M01", "M02", "M04", "M05"]);
    assert_eq!(unsigned.outcome, Outcome::OneTimeNotice);
    assert_eq!(unsigned.findings[2].rule, "commitment_not_signed");
    assert!(unsigned.findings[2].message.contains("承诺书"));

    let dishonest = ApplicantFacts { dishonest: true, ..signed() };
    let listed = decide_at(&item, &dishonest, &["M01", "M02", "M04"]);
    assert_eq!((listed.outcome, listed.findings[2].rule), (Outcome::OneTimeNotice, "dishonest_applicant"));

    let mut strict = standard();
    strict.shortfall.max_missing = 1;
    let two_missing = decide_at(&strict, &signed(), &["M01", "M02"]);
    assert_eq!(two_missing.outcome, Outcome::OneTimeNotice);
    assert!(two_missing.findings[2].message.contains("超过本事项最多容缺1项"));
    assert_eq!(decide_at(&strict, &signed(), &["M01", "M02", "M03"]).outcome, Outcome::AcceptWithShortfall);

    let mut lenient = standard();
    lenient.shortfall.commitment_required = false;
    lenient.shortfall.dishonest_excluded = false;
    let facts = ApplicantFacts { dishonest: true, ..ApplicantFacts::person() };
    assert_eq!(decide_at(&lenient, &facts, &["M01", "M02"]).outcome, Outcome::AcceptWithShortfall);
}

#[test]
fn the_supplement_date_never_passes_the_due_date() {
    let mut item = standard();
    item.promised_days = 2;
    item.materials[2].supplement_days = Some(10);
    let decision = decide_at(&item, &signed(), &["M01", "M02", "M04"]);
    assert_eq!(decision.due, d(2026, 12, 1));
    assert_eq!(decision.shortfall_supplement_due, Some(d(2026, 12, 1)));
}

#[test]
fn e_certificates_and_earlier_submissions_satisfy_without_paper() {
    let mut item = standard();
    item.materials[0].e_certificate = Some("居民身份证".into());
    let mut facts = signed();
    facts.e_certificates.insert("居民身份证".into());
    facts.earlier_submissions.push(EarlierSubmission {
        material_name: "申请表".into(),
        form: MaterialForm::Original,
        case_number: "4407000002026110100001".into(),
        valid_until: today(),
    });
    facts.earlier_submissions.push(EarlierSubmission {
        material_name: "租赁合同".into(),
        form: MaterialForm::Original,
        case_number: "4407000002025010100001".into(),
        valid_until: d(2026, 11, 26),
    });
    let decision = decide_at(&item, &facts, &["M03", "M04"]);
    assert_eq!(decision.outcome, Outcome::Accept);
    assert_eq!(decision.findings[0].finding, FindingKind::SatisfiedByECertificate { certificate: "居民身份证".into() });
    assert_eq!(
        decision.findings[1].finding,
        FindingKind::SatisfiedByReuse {
            case_number: "4407000002026110100001".into(),
            form: MaterialForm::Original,
            valid_until: today()
        }
    );
    // An expired earlier submission does not count.
    let expired = decide_at(&item, &facts, &["M03"]);
    assert_eq!(expired.findings[3].rule, "tolerated");
}

#[test]
fn conditional_materials_apply_only_to_whom_they_concern() {
    let mut item = standard();
    item.materials
        .push(Material { applies_to: AppliesTo::Agent, ..material("M06", "授权委托书", ShortfallPolicy::Core) });
    item.materials
        .push(Material {
            applies_to: AppliesTo::Organisation, ..material("M07", "营业执照", ShortfallPolicy::Core)
        });
    let all = ["M01", "M02", "M03", "M04"];
    let alone = decide_at(&item, &signed(), &all);
    assert_eq!(alone.outcome, Outcome::Accept);
    assert_eq!(alone.findings[5].finding, FindingKind::NotApplicable);
    assert_eq!(alone.findings[6].finding, FindingKind::NotApplicable);
    let with_agent = ApplicantFacts { has_agent: true, ..signed() };
    let agent = decide_at(&item, &with_agent, &all);
    assert_eq!((agent.outcome, agent.findings[5].rule), (Outcome::OneTimeNotice, "core_missing"));
    let company = ApplicantFacts { kind: ApplicantKind::Organisation, ..signed() };
    assert_eq!(decide_at(&item, &company, &all).findings[6].rule, "core_missing");
}

#[test]
fn refusals_carry_the_reason() {
    let mut only_companies = standard();
    only_companies.applicants = Eligibility::Organisation;
    let refused = decide_at(&only_companies, &signed(), &["M01", "M02", "M03", "M04"]);
    assert_eq!(refused.outcome, Outcome::Refuse);
    assert_eq!(refused.refusal.as_ref().unwrap().rule, "applicant_not_eligible");
    assert!(refused.findings.is_empty());

    let mut local = standard();
    local.citywide = false;
    let calendar = WorkCalendar::weekends_only();
    let elsewhere =
        Window { today: today(), hall_area: "台山市", department_area: "蓬江区", calendar: &calendar };
    let decision = decide(&local, &signed(), &BTreeSet::from(["M01"]), &elsewhere);
    assert_eq!(decision.outcome, Outcome::Refuse);
    assert_eq!(decision.refusal.unwrap().rule, "outside_remit");
    let here = Window { hall_area: "蓬江区", ..elsewhere };
    assert_eq!(decide(&local, &signed(), &BTreeSet::from(["M01"]), &here).outcome, Outcome::OneTimeNotice);
}

fn rank(o: Outcome) -> u8 {
    match o {
        Outcome::Accept => 0,
        Outcome::AcceptWithShortfall => 1,
        Outcome::OneTimeNotice => 2,
        Outcome::Refuse => 3,
    }
}

/// Every policy assignment of four materials × every subset present × the applicant's facts ×
/// the item's limits: the engine's promises hold everywhere.
#[test]
fn exhaustive_properties() {
    let policies = [ShortfallPolicy::Core, ShortfallPolicy::Tolerable, ShortfallPolicy::Optional];
    let codes = ["M01", "M02", "M03", "M04"];
    let mut checked = 0;
    for assignment in 0..81u32 {
        let materials: Vec<Material> = (0..4)
            .map(|i| {
                let policy = policies[(assignment / 3u32.pow(i) % 3) as usize];
                material(codes[i as usize], &format!("材料{i}"), policy)
            })
            .collect();
        for max_missing in 0..3 {
            let mut it = item(materials.clone());
            it.shortfall.max_missing = max_missing;
            for (commitment_signed, dishonest) in [(false, false), (true, false), (true, true), (false, true)] {
                let facts = ApplicantFacts { commitment_signed, dishonest, ..ApplicantFacts::person() };
                for subset in 0..16u32 {
                    let present: Vec<&str> = (0..4).filter(|i| subset & (1 << i) != 0).map(|i| codes[i]).collect();
                    let decision = decide_at(&it, &facts, &present);
                    checked += 1;
                    assert_eq!(decision.findings.len(), 4);
                    // The supplement date never passes the due date, and exists exactly for shortfall.
                    assert_eq!(
                        decision.shortfall_supplement_due.is_some(),
                        decision.outcome == Outcome::AcceptWithShortfall
                    );
                    if let Some(s) = decision.shortfall_supplement_due {
                        assert!(s <= decision.due && s > today());
                    }
                    // A missing core material always blocks.
                    let core_missing = it
                        .materials
                        .iter()
                        .any(|m| m.policy == ShortfallPolicy::Core && !present.contains(&m.code.as_str()));
                    if core_missing {
                        assert_eq!(decision.outcome, Outcome::OneTimeNotice);
                    }
                    if subset == 15 {
                        assert_eq!(decision.outcome, Outcome::Accept);
                    }
                    // Adding a material never makes the decision worse.
                    for (i, code) in codes.iter().enumerate() {
                        if subset & (1 << i) == 0 {
                            let mut more = present.clone();
                            more.push(code);
                            let better = decide_at(&it, &facts, &more);
                            assert!(rank(better.outcome) <= rank(decision.outcome), "{present:?} + {code}");
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 81 * 3 * 4 * 16);
}

#[test]
fn bundles_merge_the_same_paper_once_in_its_strictest_form() {
    let a = ServiceItem {
        code: "A".into(),
        ..item(vec![
            material("M01", "居民身份证", ShortfallPolicy::Tolerable),
            Material { form: MaterialForm::Copy, copies: 2, ..material("M02", "营业执照", ShortfallPolicy::Core) },
        ])
    };
    let b = ServiceItem {
        code: "B".into(),
        ..item(vec![
            material("M01", "营业执照", ShortfallPolicy::Optional),
            material("M02", "居民身份证", ShortfallPolicy::Core),
            material("M03", "税务登记表", ShortfallPolicy::Core),
        ])
    };
    let merged = merge_materials(&[&a, &b]);
    let names: Vec<_> = merged.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, vec!["居民身份证", "营业执照", "税务登记表"]);
    assert_eq!(merged[0].policy, ShortfallPolicy::Core);
    assert_eq!(merged[0].wanted_by, vec![("A".into(), "M01".into()), ("B".into(), "M02".into())]);
    assert_eq!(
        (merged[1].form, merged[1].copies, merged[1].policy),
        (MaterialForm::Original, 2, ShortfallPolicy::Core)
    );

    let calendar = WorkCalendar::weekends_only();
    let received = [("居民身份证", MaterialForm::Original), ("营业执照", MaterialForm::Original)];
    let decision = decide_bundle(&[(&a, "江门市"), (&b, "江门市")], &signed(), &received, today(), "江门市", &calendar);
    let outcomes: Vec<_> = decision.decisions.iter().map(|(code, d)| (code.as_str(), d.outcome)).collect();
    assert_eq!(outcomes, vec![("A", Outcome::Accept), ("B", Outcome::OneTimeNotice)]);
    // A copy of the licence is what A asks for but short of the original B asks for.
    assert_eq!(a.materials.iter().find(|m| m.name == "营业执照").unwrap().form, MaterialForm::Copy);
    let copied = [
        ("居民身份证", MaterialForm::Original),
        ("营业执照", MaterialForm::Copy),
        ("税务登记表", MaterialForm::Original),
    ];
    let decision = decide_bundle(&[(&a, "江门市"), (&b, "江门市")], &signed(), &copied, today(), "江门市", &calendar);
    let (a_decision, b_decision) = (&decision.decisions[0].1, &decision.decisions[1].1);
    assert_eq!((a_decision.outcome, b_decision.outcome), (Outcome::Accept, Outcome::Accept));
    let licence = b_decision.findings.iter().find(|f| f.material_name == "营业执照").unwrap();
    assert_eq!((licence.rule, &licence.finding), ("wrong_form", &FindingKind::OptionalMissing));
}

#[test]
fn which_form_stands_in_for_which() {
    use MaterialForm::{Copy, ECertificate, Original};
    // (asked for, has an e-certificate, handed in) -> acceptable
    let table = [
        (Original, false, Original, true),
        (Original, false, Copy, false),
        (Original, false, ECertificate, false),
        (Original, true, ECertificate, true),
        (Original, true, Copy, false),
        (Copy, false, Original, true),
        (Copy, false, Copy, true),
        (Copy, false, ECertificate, false),
        (Copy, true, ECertificate, true),
        (ECertificate, true, ECertificate, true),
        (ECertificate, true, Original, true),
        (ECertificate, true, Copy, false),
        (ECertificate, false, ECertificate, true),
        (ECertificate, false, Copy, false),
    ];
    for (asked, e_certificate, given, ok) in table {
        let m = Material {
            form: asked,
            e_certificate: e_certificate.then(|| "居民身份证".to_string()),
            ..material("M01", "居民身份证", ShortfallPolicy::Core)
        };
        assert_eq!(given.satisfies(&m), ok, "{asked:?} (e-certificate {e_certificate}) given {given:?}");
    }
}

#[test]
fn a_material_in_the_wrong_form_counts_as_missing_and_says_why() {
    use MaterialForm::{Copy, ECertificate, Original};
    let calendar = WorkCalendar::weekends_only();
    let window = Window { today: today(), hall_area: "江门市", department_area: "江门市", calendar: &calendar };
    let it = standard();
    let codes: Vec<&str> = it.materials.iter().map(|m| m.code.as_str()).collect();
    // Every subset of the materials, each handed in in every form: the decision is the one on the
    // acceptable ones, and only the unacceptable ones change their reason.
    for mask in 0..(1u32 << codes.len()) {
        let chosen: Vec<&str> =
            codes.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, c)| *c).collect();
        for forms in 0..3u32.pow(chosen.len() as u32) {
            let received: Vec<(&str, MaterialForm)> = chosen
                .iter()
                .enumerate()
                .map(|(i, c)| (*c, [Original, Copy, ECertificate][(forms / 3u32.pow(i as u32) % 3) as usize]))
                .collect();
            let acceptable: BTreeSet<&str> = received
                .iter()
                .filter(|(c, f)| f.satisfies(it.materials.iter().find(|m| m.code == *c).unwrap()))
                .map(|(c, _)| *c)
                .collect();
            let got = decide_received(&it, &signed(), &received, &window);
            let plain = decide(&it, &signed(), &acceptable, &window);
            assert_eq!(
                (got.outcome, got.due, got.shortfall_supplement_due),
                (plain.outcome, plain.due, plain.shortfall_supplement_due)
            );
            for (g, p) in got.findings.iter().zip(&plain.findings) {
                assert_eq!(g.finding, p.finding);
                let wrong = received.iter().any(|(c, _)| *c == g.material_code)
                    && !acceptable.contains(g.material_code.as_str());
                let explained = g.rule == "wrong_form" && g.message.starts_with("收到的是");
                assert_eq!(
                    explained,
                    wrong && p.finding != FindingKind::NotApplicable && p.finding != FindingKind::Present,
                    "{g:?}"
                );
            }
        }
    }
    let copy_of_core = [(codes[0], Copy)];
    let d = decide_received(&it, &signed(), &copy_of_core, &window);
    assert_eq!(d.outcome, Outcome::OneTimeNotice);
    assert!(d.findings[0].message.starts_with("收到的是复印件，须提交原件"), "{}", d.findings[0].message);
}

/// What the applicant brings of one material, and what is on record for them.
#[derive(Debug, Clone, Copy)]
struct Brought {
    handed_in: Option<MaterialForm>,
    e_certificate_found: bool,
    /// An earlier submission: its form, and whether it is still valid.
    earlier: Option<(MaterialForm, bool)>,
}

fn all_brought() -> Vec<Brought> {
    let handed = [None, Some(MaterialForm::Original), Some(MaterialForm::Copy), Some(MaterialForm::ECertificate)];
    let earlier = [
        None,
        Some((MaterialForm::Original, true)),
        Some((MaterialForm::Copy, true)),
        Some((MaterialForm::Original, false)),
    ];
    let mut out = Vec::new();
    for handed_in in handed {
        for e_certificate_found in [false, true] {
            for earlier in earlier {
                out.push(Brought { handed_in, e_certificate_found, earlier });
            }
        }
    }
    out
}

/// Two materials (one core, one tolerable), each of every audience (all, agents, organisations),
/// asked as an original or a copy, with or without an e-certificate; every kind of applicant with
/// and without an agent; and for each material everything that can be brought or be on record
/// (handed in as an original, a copy or an e-certificate, or not; its e-certificate found or not;
/// an earlier submission as an original, a copy or expired, or none). A material counts as
/// supplied exactly when something stands in for what the item asks; reuse names its case and a
/// form that would do; a conditional material concerns exactly whom it names.
#[test]
fn exhaustive_properties_with_conditions_e_certificates_and_reuse() {
    let audiences = [AppliesTo::All, AppliesTo::Agent, AppliesTo::Organisation];
    let forms = [MaterialForm::Original, MaterialForm::Copy];
    let mut variants = Vec::new();
    for applies_to in audiences {
        for form in forms {
            for e_certificate in [None, Some("证照".to_string())] {
                variants.push((applies_to, form, e_certificate.clone()));
            }
        }
    }
    let brought = all_brought();
    let calendar = WorkCalendar::weekends_only();
    let window = Window { today: today(), hall_area: "江门市", department_area: "江门市", calendar: &calendar };
    let mut checked = 0u32;
    for (a1, f1, e1) in &variants {
        for (a2, f2, e2) in &variants {
            let mk = |code: &str, name: &str, policy, applies_to: AppliesTo, form, e: &Option<String>| Material {
                applies_to,
                form,
                e_certificate: e.as_ref().map(|c| format!("{c}{code}")),
                ..material(code, name, policy)
            };
            let it = item(vec![
                mk("M01", "身份证明", ShortfallPolicy::Core, *a1, *f1, e1),
                mk("M02", "场所证明", ShortfallPolicy::Tolerable, *a2, *f2, e2),
            ]);
            for (kind, has_agent) in [
                (ApplicantKind::Person, false),
                (ApplicantKind::Person, true),
                (ApplicantKind::Organisation, false),
                (ApplicantKind::Organisation, true),
            ] {
                for b1 in &brought {
                    for b2 in &brought {
                        let mut facts = ApplicantFacts { kind, has_agent, ..signed() };
                        let mut received: Vec<(&str, MaterialForm)> = Vec::new();
                        for (m, b) in it.materials.iter().zip([b1, b2]) {
                            if let Some(form) = b.handed_in {
                                received.push((m.code.as_str(), form));
                            }
                            if let (true, Some(cert)) = (b.e_certificate_found, &m.e_certificate) {
                                facts.e_certificates.insert(cert.clone());
                            }
                            if let Some((form, valid)) = b.earlier {
                                facts.earlier_submissions.push(EarlierSubmission {
                                    material_name: m.name.clone(),
                                    form,
                                    case_number: format!("44070300020261101000{}", m.code),
                                    valid_until: if valid { today() } else { d(2026, 11, 26) },
                                });
                            }
                        }
                        let decision = decide_received(&it, &facts, &received, &window);
                        checked += 1;
                        for ((m, b), f) in it.materials.iter().zip([b1, b2]).zip(&decision.findings) {
                            let concerns = match m.applies_to {
                                AppliesTo::All => true,
                                AppliesTo::Agent => has_agent,
                                AppliesTo::Organisation => kind == ApplicantKind::Organisation,
                                AppliesTo::Person => kind == ApplicantKind::Person,
                            };
                            assert_eq!(f.finding == FindingKind::NotApplicable, !concerns, "{m:?} {f:?}");
                            if !concerns {
                                continue;
                            }
                            let handed = b.handed_in.is_some_and(|form| form.satisfies(m));
                            let certified = b.e_certificate_found && m.e_certificate.is_some();
                            let reused = b.earlier.is_some_and(|(form, valid)| valid && form.satisfies(m));
                            let supplied = matches!(
                                f.finding,
                                FindingKind::Present
                                    | FindingKind::SatisfiedByECertificate { .. }
                                    | FindingKind::SatisfiedByReuse { .. }
                            );
                            assert_eq!(supplied, handed || certified || reused, "{m:?} {b:?} {f:?}");
                            if let FindingKind::SatisfiedByReuse { case_number, form, valid_until } = &f.finding {
                                assert!(case_number.ends_with(&m.code) && form.satisfies(m) && *valid_until >= today());
                                assert!(f.message.contains(case_number.as_str()) && f.message.contains(form.name_zh()));
                            }
                            // A copy on record never stands in for an original asked for.
                            if m.form == MaterialForm::Original && !handed && !certified {
                                let only_a_copy = b.earlier.is_some_and(|(form, _)| form == MaterialForm::Copy);
                                if only_a_copy {
                                    assert!(!supplied, "{m:?} {b:?}");
                                }
                            }
                            if m.policy == ShortfallPolicy::Core && !supplied {
                                assert_eq!(decision.outcome, Outcome::OneTimeNotice);
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 12 * 12 * 4 * 32 * 32);
}

#[test]
fn only_accepted_originals_across_districts_travel() {
    use MaterialForm::*;
    let outcomes = [Outcome::Accept, Outcome::AcceptWithShortfall, Outcome::OneTimeNotice, Outcome::Refuse];
    let handed: [&[MaterialForm]; 6] =
        [&[], &[Original], &[Copy], &[ECertificate], &[Copy, ECertificate], &[Copy, Original]];
    for outcome in outcomes {
        for (hall, department) in [("江门市", "蓬江区"), ("蓬江区", "蓬江区")] {
            for forms in handed {
                let expected = outcome.is_accepted() && hall != department && forms.contains(&Original);
                assert_eq!(
                    needs_material_transfer(outcome, hall, department, forms.iter().copied()),
                    expected,
                    "{outcome:?} {hall} {department} {forms:?}"
                );
            }
        }
    }
}

#[test]
fn a_broken_commitment_bars_tolerance_for_the_configured_months_and_not_a_day_longer() {
    let it = item(vec![
        material("M01", "身份证", ShortfallPolicy::Core),
        material("M02", "证明", ShortfallPolicy::Tolerable),
    ]);
    let broke = |on: NaiveDate| ApplicantFacts {
        broken_commitments: vec![BrokenCommitment { case_number: "440703001202511270001".into(), broken_on: on }],
        ..signed()
    };
    // Broken a year ago to the day: today (27 Nov 2026) is the first day of tolerance again.
    let year_ago = broke(d(2025, 11, 27));
    assert_eq!(decide_at(&it, &year_ago, &["M01"]).outcome, Outcome::AcceptWithShortfall);
    // One day later, still inside the twelve months: no tolerance, and the finding says why.
    let recent = broke(d(2025, 11, 28));
    let decision = decide_at(&it, &recent, &["M01"]);
    assert_eq!(decision.outcome, Outcome::OneTimeNotice);
    let f = &decision.findings[1];
    assert_eq!(f.rule, "broken_commitment");
    assert!(f.message.contains("440703001202511270001"), "{}", f.message);
    assert!(f.message.contains("2026年11月27日前"), "{}", f.message);
    // Complete materials are accepted as ever: the bar is on tolerance only.
    assert_eq!(decide_at(&it, &recent, &["M01", "M02"]).outcome, Outcome::Accept);
    // The item's own number of months decides.
    let mut short = it.clone();
    short.followup.no_tolerance_months = 6;
    assert_eq!(decide_at(&short, &broke(d(2026, 5, 27)), &["M01"]).outcome, Outcome::AcceptWithShortfall);
    assert_eq!(decide_at(&short, &broke(d(2026, 5, 28)), &["M01"]).outcome, Outcome::OneTimeNotice);
    // A commitment "broken" in the future (a clock set wrong) bars nothing it cannot yet have.
    assert_eq!(decide_at(&it, &broke(d(2026, 12, 1)), &["M01"]).outcome, Outcome::AcceptWithShortfall);
    // Zero months: no bar at all.
    let mut none = it.clone();
    none.followup.no_tolerance_months = 0;
    assert_eq!(decide_at(&none, &broke(today()), &["M01"]).outcome, Outcome::AcceptWithShortfall);
}

#[test]
fn the_bar_ends_on_the_day_before_the_anniversary_even_at_month_ends() {
    assert_eq!(no_tolerance_until(d(2025, 8, 31), 6), d(2026, 2, 27));
    assert_eq!(no_tolerance_until(d(2024, 2, 29), 12), d(2025, 2, 27));
    assert_eq!(no_tolerance_until(d(2026, 1, 15), 12), d(2027, 1, 14));
}
