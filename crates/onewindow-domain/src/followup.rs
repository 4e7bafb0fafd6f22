//! After the decision, as pure rules: whether an intake is approved by the system at once
//! (智能审批), how urgent a tolerated material is, and whether the person at the issuance window
//! may take the result (统一窗口出件).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
use crate::case::ApplicantKind;
use crate::catalog::{AppliesTo, Eligibility, MaterialForm, ServiceItem, ShortfallPolicy};
use crate::identifiers::{IdKind, Identifier};
use crate::shortfall::{Decision, FindingKind, Outcome};

/// Why an intake is not approved by the system, when the item has instant approval at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotInstant {
    /// The item is reviewed by a person.
    NotOffered,
    /// Something is missing or tolerated: a person reviews it.
    NotComplete,
    /// The item's instant approval is for the other kind of applicant.
    ApplicantKind,
    /// A required material came on paper where the item asks for e-certificates only.
    PaperMaterial,
}

impl NotInstant {
    pub fn message_zh(self) -> &'static str {
        match self {
            NotInstant::NotOffered => "本事项不适用智能审批",
            NotInstant::NotComplete => "材料未齐全（含容缺），转人工审批",
            NotInstant::ApplicantKind => "申请人类型不适用本事项的智能审批，转人工审批",
            NotInstant::PaperMaterial => "本事项智能审批须全部材料以电子证照提交，转人工审批",
        }
    }
}

/// Whether `decision` on `item`, for an applicant of `kind` who handed in `received`, is approved
/// by the system at once: every condition the item sets must hold.
pub fn instant_approval(
    item: &ServiceItem,
    kind: ApplicantKind,
    decision: &Decision,
    received: &[(&str, MaterialForm)],
) -> Result<(), NotInstant> {
    let Some(rule) = item.followup.instant_approval else {
        return Err(NotInstant::NotOffered);
    };
    if decision.outcome != Outcome::Accept {
        return Err(NotInstant::NotComplete);
    }
    let kind_fits = match rule.applicants {
        Eligibility::All => true,
        Eligibility::Person => kind == ApplicantKind::Person,
        Eligibility::Organisation => kind == ApplicantKind::Organisation,
    };
    if !kind_fits {
        return Err(NotInstant::ApplicantKind);
    }
    if rule.e_certificates_only {
        let on_paper = decision.findings.iter().any(|f| {
            let required =
                item.materials.iter().any(|m| m.code == f.material_code && m.policy != ShortfallPolicy::Optional);
            let handed_in = received.iter().find(|(code, _)| *code == f.material_code).map(|(_, form)| *form);
            required
                && match &f.finding {
                    FindingKind::SatisfiedByECertificate { .. } => false,
                    FindingKind::Present => handed_in != Some(MaterialForm::ECertificate),
                    FindingKind::SatisfiedByReuse { form, .. } => *form != MaterialForm::ECertificate,
                    FindingKind::NotApplicable | FindingKind::OptionalMissing => false,
                    FindingKind::MissingTolerated { .. } | FindingKind::MissingBlocking => true,
                }
        });
        if on_paper {
            return Err(NotInstant::PaperMaterial);
        }
    }
    Ok(())
}

/// Why an item's instant approval can never apply, whatever the applicant brings: for the
/// catalog check.
pub fn instant_approval_impossible(item: &ServiceItem) -> Option<String> {
    let rule = item.followup.instant_approval?;
    let clash = matches!(
        (item.applicants, rule.applicants),
        (Eligibility::Person, Eligibility::Organisation) | (Eligibility::Organisation, Eligibility::Person)
    );
    if clash {
        return Some(format!(
            "事项“{}”只受理{}的申请，智能审批却只适用于{}",
            item.name,
            eligibility_zh(item.applicants),
            eligibility_zh(rule.applicants)
        ));
    }
    if rule.e_certificates_only {
        let paper_only: Vec<&str> = item
            .materials
            .iter()
            .filter(|m| m.policy != ShortfallPolicy::Optional && m.e_certificate.is_none())
            .filter(|m| m.form != MaterialForm::ECertificate)
            .filter(|m| {
                !matches!(
                    (m.applies_to, rule.applicants),
                    (AppliesTo::Person, Eligibility::Organisation) | (AppliesTo::Organisation, Eligibility::Person)
                )
            })
            .map(|m| m.name.as_str())
            .collect();
        if !paper_only.is_empty() {
            return Some(format!(
                "事项“{}”的智能审批要求全部材料为电子证照，但“{}”没有对应的电子证照",
                item.name,
                paper_only.join("”“")
            ));
        }
    }
    None
}

fn eligibility_zh(e: Eligibility) -> &'static str {
    match e {
        Eligibility::All => "所有申请人",
        Eligibility::Person => "自然人",
        Eligibility::Organisation => "法人或其他组织",
    }
}

/// How soon tolerated materials are due, as the follow-up list sorts and colours them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FollowUpUrgency {
    /// Past the date.
    Overdue,
    DueToday,
    /// Due on the next working day.
    DueTomorrow,
    Later,
}

/// The urgency of materials due on `due`, seen on `today`.
pub fn urgency(due: NaiveDate, today: NaiveDate, calendar: &WorkCalendar) -> FollowUpUrgency {
    if due < today {
        FollowUpUrgency::Overdue
    } else if due == today {
        FollowUpUrgency::DueToday
    } else if due <= calendar.add_working_days(today, 1) {
        FollowUpUrgency::DueTomorrow
    } else {
        FollowUpUrgency::Later
    }
}

/// Who takes a result at the window, as the clerk checked their papers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Collector {
    /// The applicant in person, with their ID.
    Applicant { id: Identifier },
    /// Someone else for the applicant: their own ID, the applicant's ID number as stated on the
    /// authorisation, and whether the authorisation letter (授权委托书) was shown.
    Agent { name: String, id: Identifier, applicant_id: Option<String>, authorisation: bool },
}

/// The parties of a case, as the issuance check compares them.
#[derive(Debug, Clone, Copy)]
pub struct CaseParties<'a> {
    pub applicant_kind: ApplicantKind,
    pub applicant_name: &'a str,
    pub applicant_id_kind: IdKind,
    pub applicant_id_number: &'a str,
    /// The agent recorded at intake, if any.
    pub agent_id: Option<(IdKind, &'a str)>,
}

/// Why the person at the window may not take the result: the field to correct and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CollectorMismatch {
    pub field: &'static str,
    pub message: String,
}

fn mismatch(field: &'static str, message: impl Into<String>) -> CollectorMismatch {
    CollectorMismatch { field, message: message.into() }
}

fn same(kind: IdKind, number: &str, other_kind: IdKind, other: &str) -> bool {
    kind == other_kind && number.trim().eq_ignore_ascii_case(other.trim())
}

/// Compares the collector with the case: a mismatch is refused with its reason, never passed.
pub fn check_collector(case: &CaseParties<'_>, collector: &Collector) -> Result<(), CollectorMismatch> {
    match collector {
        Collector::Applicant { id } => {
            if case.applicant_kind == ApplicantKind::Organisation {
                return Err(mismatch(
                    "collector_kind",
                    format!("申请人为单位（{}），须由经办人持授权委托书代领", case.applicant_name),
                ));
            }
            if !same(id.kind, &id.value, case.applicant_id_kind, case.applicant_id_number) {
                return Err(mismatch(
                    "collector_id",
                    "领取人证件与申请人证件不符：本人领取须出示申请时所用的证件，他人代领请选择“代领”",
                ));
            }
            Ok(())
        }
        Collector::Agent { name, id, applicant_id, authorisation } => {
            if name.trim().is_empty() {
                return Err(mismatch("collector_name", "请填写代领人姓名"));
            }
            if same(id.kind, &id.value, case.applicant_id_kind, case.applicant_id_number) {
                return Err(mismatch("collector_id", "代领人证件即申请人本人证件，请选择“本人领取”"));
            }
            let recorded_agent = case.agent_id.is_some_and(|(kind, number)| same(id.kind, &id.value, kind, number));
            if recorded_agent {
                return Ok(());
            }
            if !authorisation {
                return Err(mismatch("authorisation", "代领须出示申请人签署的授权委托书"));
            }
            match applicant_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Err(mismatch("applicant_id", "请填写授权委托书上申请人的证件号码，以便与办件核对")),
                Some(stated) if !stated.eq_ignore_ascii_case(case.applicant_id_number) => {
                    Err(mismatch("applicant_id", "授权委托书上的申请人证件号码与办件不符，不能代领"))
                }
                Some(_) => Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod tests;
