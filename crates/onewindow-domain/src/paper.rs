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
    pub const ALL: [DocumentKind; 11] = [
        DocumentKind::Receipt,
        DocumentKind::BundleReceipt,
        DocumentKind::ShortfallNotice,
        DocumentKind::Commitment,
        DocumentKind::OneTimeNotice,
        DocumentKind::RefusalNotice,
        DocumentKind::CorrectionNotice,
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

    /// The kinds that need a case to print.
    pub fn needs_case(self) -> bool {
        self.is_case_document() || matches!(self, DocumentKind::Label | DocumentKind::CoverSheet)
    }
}
