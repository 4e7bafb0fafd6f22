//! The shortfall check (容缺受理): given an item, the applicant's facts and the materials
//! present, decide — accept, accept with shortfall, one-time notice or refuse — and explain every
//! material. A refusal or a notice is a result, not an error. Deterministic: the date and the
//! calendar are passed in.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
use crate::case::ApplicantKind;
use crate::catalog::{AppliesTo, Eligibility, Material, MaterialForm, ServiceItem, ShortfallPolicy};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 受理.
    Accept,
    /// 容缺受理.
    AcceptWithShortfall,
    /// 一次性告知.
    OneTimeNotice,
    /// 不予受理.
    Refuse,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accept => "accept",
            Outcome::AcceptWithShortfall => "accept_with_shortfall",
            Outcome::OneTimeNotice => "one_time_notice",
            Outcome::Refuse => "refuse",
        }
    }

    /// Accepted, with or without shortfall: a case goes on to the department.
    pub fn is_accepted(self) -> bool {
        matches!(self, Outcome::Accept | Outcome::AcceptWithShortfall)
    }
}

/// An earlier, still valid submission of a material (数据共享互认: do not ask again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierSubmission {
    pub material_name: String,
    /// The form it was handed in: it stands in only where that form would (a copy never for an
    /// original).
    pub form: MaterialForm,
    /// The case it came with.
    pub case_number: String,
    pub valid_until: NaiveDate,
}

/// What the clerk knows of the applicant at the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantFacts {
    pub kind: ApplicantKind,
    pub has_agent: bool,
    pub commitment_signed: bool,
    /// On the dishonest-entity list (失信名单).
    pub dishonest: bool,
    /// E-certificate types (电子证照) found for the applicant.
    pub e_certificates: BTreeSet<String>,
    pub earlier_submissions: Vec<EarlierSubmission>,
    /// 容缺 commitments the applicant broke on earlier cases.
    #[serde(default)]
    pub broken_commitments: Vec<BrokenCommitment>,
}

/// An earlier case whose tolerated materials the applicant did not bring by their date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokenCommitment {
    pub case_number: String,
    pub broken_on: NaiveDate,
}

/// The last day a commitment broken on `broken_on` still bars tolerance, `months` later.
pub fn no_tolerance_until(broken_on: NaiveDate, months: u32) -> NaiveDate {
    let end = broken_on.checked_add_months(chrono::Months::new(months)).unwrap_or(NaiveDate::MAX);
    end.pred_opt().unwrap_or(end)
}

impl ApplicantFacts {
    pub fn person() -> Self {
        Self {
            kind: ApplicantKind::Person,
            has_agent: false,
            commitment_signed: false,
            dishonest: false,
            e_certificates: BTreeSet::new(),
            earlier_submissions: Vec::new(),
            broken_commitments: Vec::new(),
        }
    }
}

/// Where and when the application is made.
#[derive(Debug, Clone, Copy)]
pub struct Window<'a> {
    pub today: NaiveDate,
    /// The receiving hall's area (江门市 or a county-level area).
    pub hall_area: &'a str,
    /// The area of the item's competent department.
    pub department_area: &'a str,
    pub calendar: &'a WorkCalendar,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FindingKind {
    Present,
    SatisfiedByReuse {
        case_number: String,
        form: MaterialForm,
        valid_until: NaiveDate,
    },
    SatisfiedByECertificate {
        certificate: String,
    },
    MissingTolerated {
        until: NaiveDate,
    },
    MissingBlocking,
    /// An optional material not brought: no consequence.
    OptionalMissing,
    NotApplicable,
}

/// One line of the decision: a material, what was found, the rule that decided it and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub material_code: String,
    pub material_name: String,
    pub finding: FindingKind,
    /// Stable English name of the rule.
    pub rule: &'static str,
    /// zh-CN, for the clerk and the printed notices.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub rule: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub outcome: Outcome,
    pub findings: Vec<Finding>,
    pub refusal: Option<Refusal>,
    /// The promised completion date, counted from the day after `today`.
    pub due: NaiveDate,
    /// The statutory limit's date, counted alike.
    pub statutory_due: NaiveDate,
    /// When the tolerated materials must be supplied; never after `due`.
    pub shortfall_supplement_due: Option<NaiveDate>,
}

fn applies(material: &Material, facts: &ApplicantFacts) -> bool {
    match material.applies_to {
        AppliesTo::All => true,
        AppliesTo::Person => facts.kind == ApplicantKind::Person,
        AppliesTo::Organisation => facts.kind == ApplicantKind::Organisation,
        AppliesTo::Agent => facts.has_agent,
    }
}

fn form_zh(form: MaterialForm) -> &'static str {
    match form {
        MaterialForm::Original => "原件",
        MaterialForm::Copy => "复印件",
        MaterialForm::ECertificate => "电子证照",
    }
}

/// Why the application cannot be taken at all, if it cannot.
fn refusal(item: &ServiceItem, facts: &ApplicantFacts, window: &Window<'_>) -> Option<Refusal> {
    let eligible = match item.applicants {
        Eligibility::All => true,
        Eligibility::Person => facts.kind == ApplicantKind::Person,
        Eligibility::Organisation => facts.kind == ApplicantKind::Organisation,
    };
    if !eligible {
        let who = if item.applicants == Eligibility::Person { "自然人" } else { "法人或其他组织" };
        return Some(Refusal {
            rule: "applicant_not_eligible",
            message: format!("“{}”仅受理{who}的申请，申请人不具备申请资格", item.name),
        });
    }
    if !within_remit(item, window.hall_area, window.department_area) {
        return Some(Refusal {
            rule: "outside_remit",
            message: format!(
                "“{}”未纳入全城通办，须向{}的政务服务中心申请，本大厅不予受理",
                item.name, window.department_area
            ),
        });
    }
    None
}

/// Whether a hall of `hall_area` may accept `item` of a department in `department_area`: any hall
/// for an item handled city-wide (全城通办), else only the halls of the department's own area.
pub fn within_remit(item: &ServiceItem, hall_area: &str, department_area: &str) -> bool {
    item.citywide || hall_area == department_area
}

/// Decides one item. `present` holds the codes of the materials received at the window.
pub fn decide(item: &ServiceItem, facts: &ApplicantFacts, present: &BTreeSet<&str>, window: &Window<'_>) -> Decision {
    let due = window.calendar.add_working_days(window.today, item.promised_days);
    let statutory_due = window.calendar.add_working_days(window.today, item.statutory_days);
    if let Some(refusal) = refusal(item, facts, window) {
        return Decision {
            outcome: Outcome::Refuse,
            findings: Vec::new(),
            refusal: Some(refusal),
            due,
            statutory_due,
            shortfall_supplement_due: None,
        };
    }
    let finding = |m: &Material, finding: FindingKind, rule: &'static str, message: String| Finding {
        material_code: m.code.clone(),
        material_name: m.name.clone(),
        finding,
        rule,
        message,
    };
    let mut findings = Vec::with_capacity(item.materials.len());
    let mut tolerable_missing = Vec::new();
    for m in &item.materials {
        if !applies(m, facts) {
            let message = match m.applies_to {
                AppliesTo::Agent => "非代办申请，无需提交".to_string(),
                AppliesTo::Organisation => "申请人为自然人，无需提交".to_string(),
                AppliesTo::Person => "申请人为法人或其他组织，无需提交".to_string(),
                AppliesTo::All => unreachable!("applies to everyone"),
            };
            findings.push(finding(m, FindingKind::NotApplicable, "not_applicable", message));
        } else if present.contains(m.code.as_str()) {
            let message = format!("已收取{}{}份", form_zh(m.form), m.copies);
            findings.push(finding(m, FindingKind::Present, "present", message));
        } else if let Some(cert) = m.e_certificate.as_ref().filter(|c| facts.e_certificates.contains(*c)) {
            let message = format!("已调取电子证照“{cert}”，免于提交");
            findings.push(finding(
                m,
                FindingKind::SatisfiedByECertificate { certificate: cert.clone() },
                "e_certificate",
                message,
            ));
        } else if let Some(earlier) = facts
            .earlier_submissions
            .iter()
            .filter(|e| e.material_name == m.name && e.valid_until >= window.today && e.form.satisfies(m))
            .max_by_key(|e| e.valid_until)
        {
            let message = format!(
                "沿用办件{}已提交的{}（有效期至{}），免于重复提交",
                earlier.case_number,
                earlier.form.name_zh(),
                earlier.valid_until
            );
            findings.push(finding(
                m,
                FindingKind::SatisfiedByReuse {
                    case_number: earlier.case_number.clone(),
                    form: earlier.form,
                    valid_until: earlier.valid_until,
                },
                "earlier_submission",
                message,
            ));
        } else {
            match m.policy {
                ShortfallPolicy::Optional => {
                    findings.push(finding(
                        m,
                        FindingKind::OptionalMissing,
                        "optional",
                        "非必要材料，未提交".to_string(),
                    ));
                }
                ShortfallPolicy::Core => {
                    findings.push(finding(
                        m,
                        FindingKind::MissingBlocking,
                        "core_missing",
                        "核心材料，不可容缺，须补齐后方可受理".to_string(),
                    ));
                }
                ShortfallPolicy::Tolerable => {
                    tolerable_missing.push(findings.len());
                    // Provisional: settled below, once all missing tolerable materials are known.
                    findings.push(finding(m, FindingKind::MissingBlocking, "tolerable", String::new()));
                }
            }
        }
    }

    // The item's terms decide whether the tolerable gaps are tolerated, for all of them at once.
    let rules = item.shortfall;
    let count = tolerable_missing.len();
    let months = item.followup.no_tolerance_months;
    let broken = facts
        .broken_commitments
        .iter()
        .filter(|b| b.broken_on <= window.today && no_tolerance_until(b.broken_on, months) >= window.today)
        .max_by_key(|b| b.broken_on);
    let blocked: Option<(&'static str, String)> = if count as u32 > rules.max_missing {
        Some((
            "tolerable_limit_exceeded",
            format!("可容缺材料缺{count}项，超过本事项最多容缺{}项的规定", rules.max_missing),
        ))
    } else if rules.dishonest_excluded && facts.dishonest {
        Some(("dishonest_applicant", "申请人被列入失信名单，不适用容缺受理".to_string()))
    } else if let Some(b) = broken {
        Some((
            "broken_commitment",
            format!(
                "申请人在办件{}中未按承诺补齐容缺材料（{}），{}前不适用容缺受理",
                b.case_number,
                b.broken_on.format("%Y年%-m月%-d日"),
                no_tolerance_until(b.broken_on, months).format("%Y年%-m月%-d日")
            ),
        ))
    } else if rules.commitment_required && !facts.commitment_signed {
        Some(("commitment_not_signed", "申请人未签署容缺受理承诺书".to_string()))
    } else {
        None
    };
    let mut shortfall_supplement_due: Option<NaiveDate> = None;
    for &i in &tolerable_missing {
        let m = item.materials.iter().find(|m| m.code == findings[i].material_code).expect("found above");
        match &blocked {
            Some((rule, message)) => {
                findings[i].rule = rule;
                findings[i].message = format!("可容缺材料，但{message}");
            }
            None => {
                let days = m.supplement_days.unwrap_or(item.promised_days).min(item.promised_days);
                let until = window.calendar.add_working_days(window.today, days).min(due);
                findings[i].finding = FindingKind::MissingTolerated { until };
                findings[i].rule = "tolerated";
                findings[i].message = format!("容缺受理，须于{until}前补齐");
                shortfall_supplement_due = Some(shortfall_supplement_due.map_or(until, |d| d.max(until)));
            }
        }
    }
    let outcome = if findings.iter().any(|f| f.finding == FindingKind::MissingBlocking) {
        Outcome::OneTimeNotice
    } else if shortfall_supplement_due.is_some() {
        Outcome::AcceptWithShortfall
    } else {
        Outcome::Accept
    };
    // Not accepted today, nothing to supply by a date: the notice still says which gaps could be
    // tolerated on the return visit.
    let shortfall_supplement_due = shortfall_supplement_due.filter(|_| outcome == Outcome::AcceptWithShortfall);
    Decision { outcome, findings, refusal: None, due, statutory_due, shortfall_supplement_due }
}

/// Whether the paper handed in must travel by courier to the competent department: only for an
/// accepted case, only across districts, and only when an original was taken in (copies and
/// e-certificates stay with the scans).
pub fn needs_material_transfer(
    outcome: Outcome,
    hall_area: &str,
    department_area: &str,
    forms_handed_in: impl IntoIterator<Item = MaterialForm>,
) -> bool {
    outcome.is_accepted()
        && hall_area != department_area
        && forms_handed_in.into_iter().any(|f| f == MaterialForm::Original)
}

/// Decides on what was handed in and how: a material in a form short of what the item asks for
/// (a copy where the original is required) counts as not handed in, and its finding says what
/// came and what is needed (rule `wrong_form`), so the one-time notice lists it as wrong.
pub fn decide_received(
    item: &ServiceItem,
    facts: &ApplicantFacts,
    received: &[(&str, MaterialForm)],
    window: &Window<'_>,
) -> Decision {
    let material = |code: &str| item.materials.iter().find(|m| m.code == code);
    let present: BTreeSet<&str> = received
        .iter()
        .filter(|(code, form)| material(code).is_some_and(|m| form.satisfies(m)))
        .map(|(code, _)| *code)
        .collect();
    let mut decision = decide(item, facts, &present, window);
    for finding in &mut decision.findings {
        let missing = matches!(
            finding.finding,
            FindingKind::MissingBlocking | FindingKind::MissingTolerated { .. } | FindingKind::OptionalMissing
        );
        let given = received.iter().find(|(code, _)| *code == finding.material_code).map(|(_, form)| *form);
        if let (true, Some(given), Some(m)) = (missing, given, material(&finding.material_code)) {
            finding.rule = "wrong_form";
            finding.message = format!("收到的是{}，须提交{}；{}", given.name_zh(), m.form.name_zh(), finding.message);
        }
    }
    decision
}

/// A material of a bundle's merged list: the same paper (by name) asked by several items is
/// taken once, in the most demanding form the items ask for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedMaterial {
    pub name: String,
    pub form: MaterialForm,
    pub copies: u32,
    pub pages: u32,
    /// The strictest policy among the items: core over tolerable over optional.
    pub policy: ShortfallPolicy,
    pub applies_to: AppliesTo,
    /// `(item code, material code)` of every item that asks for it.
    pub wanted_by: Vec<(String, String)>,
}

fn strictness(p: ShortfallPolicy) -> u8 {
    match p {
        ShortfallPolicy::Core => 2,
        ShortfallPolicy::Tolerable => 1,
        ShortfallPolicy::Optional => 0,
    }
}

fn form_weight(f: MaterialForm) -> u8 {
    match f {
        MaterialForm::Original => 2,
        MaterialForm::Copy => 1,
        MaterialForm::ECertificate => 0,
    }
}

/// The merged, de-duplicated materials list of a bundle's items, in first-asked order.
pub fn merge_materials(items: &[&ServiceItem]) -> Vec<MergedMaterial> {
    let mut merged: Vec<MergedMaterial> = Vec::new();
    let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
    for item in items {
        for m in &item.materials {
            match by_name.get(m.name.as_str()) {
                Some(&i) => {
                    let entry = &mut merged[i];
                    if strictness(m.policy) > strictness(entry.policy) {
                        entry.policy = m.policy;
                    }
                    if form_weight(m.form) > form_weight(entry.form) {
                        entry.form = m.form;
                    }
                    entry.copies = entry.copies.max(m.copies);
                    entry.pages = entry.pages.max(m.pages);
                    if entry.applies_to != m.applies_to {
                        entry.applies_to = AppliesTo::All;
                    }
                    entry.wanted_by.push((item.code.clone(), m.code.clone()));
                }
                None => {
                    by_name.insert(m.name.as_str(), merged.len());
                    merged.push(MergedMaterial {
                        name: m.name.clone(),
                        form: m.form,
                        copies: m.copies,
                        pages: m.pages,
                        policy: m.policy,
                        applies_to: m.applies_to,
                        wanted_by: vec![(item.code.clone(), m.code.clone())],
                    });
                }
            }
        }
    }
    merged
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleDecision {
    pub materials: Vec<MergedMaterial>,
    /// One decision per member item, in the bundle's order.
    pub decisions: Vec<(String, Decision)>,
}

/// Decides a bundle: `received` names the merged materials handed in (by name) and how; each
/// member item is decided on its own terms with what it asks for.
pub fn decide_bundle(
    items: &[(&ServiceItem, &str)],
    facts: &ApplicantFacts,
    received: &[(&str, MaterialForm)],
    today: NaiveDate,
    hall_area: &str,
    calendar: &WorkCalendar,
) -> BundleDecision {
    let only_items: Vec<&ServiceItem> = items.iter().map(|(i, _)| *i).collect();
    let materials = merge_materials(&only_items);
    let decisions = items
        .iter()
        .map(|(item, department_area)| {
            let own: Vec<(&str, MaterialForm)> = item
                .materials
                .iter()
                .filter_map(|m| {
                    received.iter().find(|(name, _)| *name == m.name).map(|(_, form)| (m.code.as_str(), *form))
                })
                .collect();
            let window = Window { today, hall_area, department_area, calendar };
            (item.code.clone(), decide_received(item, facts, &own, &window))
        })
        .collect();
    BundleDecision { materials, decisions }
}

#[cfg(test)]
mod tests;
