//! The printouts of the hall, by kind (`shared/domain.md`, "Paper").

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// 受理回执 / 受理通知书.
    Receipt,
    /// 一件事受理回执: one receipt for every case of a bundle taken in one intake.
    BundleReceipt,
    /// 容缺受理通知书.
    ShortfallNotice,
    /// 承诺书.
    Commitment,
    /// 一次性告知书.
    OneTimeNotice,
    /// 不予受理通知书.
    RefusalNotice,
    /// 补正材料告知书: the reviewer's correction request. Profiles saved before the rename say
    /// `supplement-notice`.
    #[serde(alias = "supplement-notice")]
    CorrectionNotice,
    /// 准予行政许可决定书 (or the item's own result name): the approval as issued.
    ApprovalDecision,
    /// 不予行政许可决定书: the denial with its legal ground and the applicant's remedies.
    DenialDecision,
    /// 特别程序告知书: a hearing, expert review, inspection… and that its time does not count.
    SpecialProcedureNotice,
    /// 延长审批期限告知书.
    ExtensionNotice,
    /// 视为撤回通知书: the correction was not brought by its deadline.
    WithdrawalNotice,
    /// 办件进度查询单: the progress as the applicant may see it, on the roll or A4.
    ProgressSlip,
    /// 终止办理通知书: the tolerated materials did not come by their date.
    TerminationNotice,
    /// 办理结果领取签收单: signed by whoever takes the result at the window.
    CollectionReceipt,
    /// 电子面单.
    Label,
    /// 交接清单.
    Manifest,
    /// Calibration and test page.
    TestPage,
    /// 材料分隔页: one page per material, with a code the scan inbox reads to file what follows.
    CoverSheet,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 19] = [
        DocumentKind::Receipt,
        DocumentKind::BundleReceipt,
        DocumentKind::ShortfallNotice,
        DocumentKind::Commitment,
        DocumentKind::OneTimeNotice,
        DocumentKind::RefusalNotice,
        DocumentKind::CorrectionNotice,
        DocumentKind::ApprovalDecision,
        DocumentKind::DenialDecision,
        DocumentKind::SpecialProcedureNotice,
        DocumentKind::ExtensionNotice,
        DocumentKind::WithdrawalNotice,
        DocumentKind::ProgressSlip,
        DocumentKind::TerminationNotice,
        DocumentKind::CollectionReceipt,
        DocumentKind::Label,
        DocumentKind::Manifest,
        DocumentKind::TestPage,
        DocumentKind::CoverSheet,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Receipt => "receipt",
            DocumentKind::BundleReceipt => "bundle-receipt",
            DocumentKind::ShortfallNotice => "shortfall-notice",
            DocumentKind::Commitment => "commitment",
            DocumentKind::OneTimeNotice => "one-time-notice",
            DocumentKind::RefusalNotice => "refusal-notice",
            DocumentKind::CorrectionNotice => "correction-notice",
            DocumentKind::ApprovalDecision => "approval-decision",
            DocumentKind::DenialDecision => "denial-decision",
            DocumentKind::SpecialProcedureNotice => "special-procedure-notice",
            DocumentKind::ExtensionNotice => "extension-notice",
            DocumentKind::WithdrawalNotice => "withdrawal-notice",
            DocumentKind::ProgressSlip => "progress-slip",
            DocumentKind::TerminationNotice => "termination-notice",
            DocumentKind::CollectionReceipt => "collection-receipt",
            DocumentKind::Label => "label",
            DocumentKind::Manifest => "manifest",
            DocumentKind::TestPage => "test-page",
            DocumentKind::CoverSheet => "cover-sheet",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kinds drawn from one case's data as a letter to the applicant.
    pub fn is_case_document(self) -> bool {
        !matches!(
            self,
            DocumentKind::Label | DocumentKind::Manifest | DocumentKind::TestPage | DocumentKind::CoverSheet
        )
    }

    /// The decisions and notices of the back office, issued by the department.
    pub fn is_review_document(self) -> bool {
        matches!(
            self,
            DocumentKind::ApprovalDecision
                | DocumentKind::DenialDecision
                | DocumentKind::SpecialProcedureNotice
                | DocumentKind::ExtensionNotice
                | DocumentKind::WithdrawalNotice
                | DocumentKind::TerminationNotice
        )
    }

    /// The kinds that need a case to print.
    pub fn needs_case(self) -> bool {
        self.is_case_document() || matches!(self, DocumentKind::Label | DocumentKind::CoverSheet)
    }
}
