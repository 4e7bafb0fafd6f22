//! The back office's decisions as data: what each review action records with its event beside the
//! reason, and the lists a reviewer chooses from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::case::ReceivedMaterial;

/// 特别程序: the procedures whose time does not count against the limit (行政许可法第四十五条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SpecialProcedureKind {
    Hearing,
    ExpertReview,
    Inspection,
    OnSiteCheck,
    Appraisal,
    PublicNotice,
}

impl SpecialProcedureKind {
    pub const ALL: [SpecialProcedureKind; 6] = [
        SpecialProcedureKind::Hearing,
        SpecialProcedureKind::ExpertReview,
        SpecialProcedureKind::Inspection,
        SpecialProcedureKind::OnSiteCheck,
        SpecialProcedureKind::Appraisal,
        SpecialProcedureKind::PublicNotice,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            SpecialProcedureKind::Hearing => "听证",
            SpecialProcedureKind::ExpertReview => "专家评审",
            SpecialProcedureKind::Inspection => "检验检测",
            SpecialProcedureKind::OnSiteCheck => "现场核查",
            SpecialProcedureKind::Appraisal => "鉴定",
            SpecialProcedureKind::PublicNotice => "公示",
        }
    }
}

/// One material a correction asks for: a paper of the item (its code) or a new one, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CorrectionItem {
    /// The item's material, or the code the case gave a paper the catalog does not list (`BZ1`…);
    /// none only in records from before such papers had codes.
    pub material_code: Option<String>,
    pub name: String,
    pub reason: String,
}

/// What a review action records with its event, beside who, when and why. Hashed into the case's
/// audit chain with the rest of the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EventDetail {
    /// A return visit: the case number of the 一次性告知书 this intake continues.
    ReturnVisit {
        notice: String,
    },
    /// Who held the case before a reassignment and who holds it now (usernames).
    Reassignment {
        from: String,
        to: String,
    },
    /// 准予: the result as issued.
    Approval {
        result_name: String,
        certificate_number: String,
        #[cfg_attr(feature = "ts", ts(type = "string | null"))]
        valid_until: Option<NaiveDate>,
        note: String,
    },
    /// 不予批准: the legal ground chosen from the item's list; the event's reason says more.
    Denial {
        ground: String,
    },
    /// 补正: everything asked for at once, and the applicant's deadline.
    CorrectionRequest {
        items: Vec<CorrectionItem>,
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        deadline: NaiveDate,
    },
    /// The materials the applicant brought for a correction.
    CorrectionSupplied {
        materials: Vec<ReceivedMaterial>,
    },
    CorrectionExtended {
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        deadline: NaiveDate,
    },
    SpecialProcedureStarted {
        procedure: SpecialProcedureKind,
        limit_days: u32,
    },
    SpecialProcedureEnded {
        outcome: String,
    },
    /// 延期 by this many working days.
    Extension {
        days: u32,
    },
    /// Tolerated materials (容缺) the applicant brought after the intake.
    ShortfallSupplied {
        materials: Vec<ReceivedMaterial>,
    },
    /// The applicant was reminded of tolerated materials due; the event's reason says more.
    Reminder {
        channel: ReminderChannel,
    },
    /// Tolerated materials not in by their date: the commitment is broken. What was missing.
    ShortfallOverdue {
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        due: NaiveDate,
        missing: Vec<String>,
    },
    /// Who took the result at the window, as checked: their ID masked, never whole.
    Collection {
        collector_name: String,
        collector_id_masked: String,
        as_agent: bool,
    },
}

/// How the applicant was reminded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ReminderChannel {
    Phone,
    Sms,
    InPerson,
}

impl ReminderChannel {
    pub const ALL: [ReminderChannel; 3] = [ReminderChannel::Phone, ReminderChannel::Sms, ReminderChannel::InPerson];

    pub fn label_zh(self) -> &'static str {
        match self {
            ReminderChannel::Phone => "电话",
            ReminderChannel::Sms => "短信",
            ReminderChannel::InPerson => "当面",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "phone" => Some(ReminderChannel::Phone),
            "sms" => Some(ReminderChannel::Sms),
            "in_person" => Some(ReminderChannel::InPerson),
            _ => None,
        }
    }
}

/// The legal grounds a denial may rest on when the item lists none of its own (行政许可法第三十八条
/// and the common grounds of the departments' rules).
pub const DEFAULT_DENIAL_GROUNDS: [&str; 4] =
    ["申请人不符合法定条件", "申请事项不符合法定标准", "申请材料内容与实际情况不符", "依法应当不予批准的其他情形"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_round_trip_as_tagged_json() {
        let detail = EventDetail::CorrectionRequest {
            items: vec![CorrectionItem {
                material_code: Some("M01".into()),
                name: "身份证".into(),
                reason: "模糊".into(),
            }],
            deadline: NaiveDate::from_ymd_opt(2026, 12, 20).unwrap(),
        };
        let json = serde_json::to_string(&detail).unwrap();
        assert!(json.starts_with(r#"{"kind":"correction_request""#), "{json}");
        assert_eq!(serde_json::from_str::<EventDetail>(&json).unwrap(), detail);
    }

    #[test]
    fn every_procedure_has_a_label() {
        let labels: std::collections::BTreeSet<_> = SpecialProcedureKind::ALL.iter().map(|k| k.label_zh()).collect();
        assert_eq!(labels.len(), SpecialProcedureKind::ALL.len());
    }
}
