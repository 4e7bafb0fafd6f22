//! What a service item requires. The shortfall rule engine (a later issue) reads these.

use serde::{Deserialize, Serialize};

use crate::org::Department;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MaterialForm {
    /// 原件
    Original,
    /// 复印件
    Copy,
    /// 电子证照
    ECertificate,
}

impl MaterialForm {
    pub fn name_zh(self) -> &'static str {
        match self {
            MaterialForm::Original => "原件",
            MaterialForm::Copy => "复印件",
            MaterialForm::ECertificate => "电子证照",
        }
    }

    /// Whether a material handed in this way is what `material` asks for: the original stands
    /// in for anything, an e-certificate for a material that has one; a copy is only a copy.
    pub fn satisfies(self, material: &Material) -> bool {
        self == material.form
            || self == MaterialForm::Original
            || (self == MaterialForm::ECertificate && material.e_certificate.is_some())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ShortfallPolicy {
    /// 核心: never missing.
    Core,
    /// 可容缺: may be supplied later.
    Tolerable,
    Optional,
}

/// Who a material is asked of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AppliesTo {
    All,
    Person,
    Organisation,
    /// Only when an agent (代办人) applies, e.g. the authorisation letter.
    Agent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DeliveryMethod {
    /// 窗口领取
    Window,
    /// 邮政寄递
    Post,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemLevel {
    City,
    District,
    Town,
}

macro_rules! snake_names {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($name => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

snake_names!(MaterialForm { Original => "original", Copy => "copy", ECertificate => "e_certificate" });
snake_names!(ShortfallPolicy { Core => "core", Tolerable => "tolerable", Optional => "optional" });
snake_names!(AppliesTo { All => "all", Person => "person", Organisation => "organisation", Agent => "agent" });
snake_names!(DeliveryMethod { Window => "window", Post => "post" });
snake_names!(ItemLevel { City => "city", District => "district", Town => "town" });
snake_names!(Eligibility { All => "all", Person => "person", Organisation => "organisation" });
snake_names!(ShortfallOverdue { Terminate => "terminate", Hold => "hold" });

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Material {
    /// Unique within its item, e.g. "M01".
    pub code: String,
    pub name: String,
    pub form: MaterialForm,
    pub copies: u32,
    pub pages: u32,
    pub policy: ShortfallPolicy,
    /// Working days to supply a tolerated material; only for tolerable ones.
    pub supplement_days: Option<u32>,
    /// The e-certificate type that satisfies this material, if any.
    pub e_certificate: Option<String>,
    pub applies_to: AppliesTo,
    pub note: String,
}

/// Who may apply for an item at all; anyone else is refused (不予受理).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    All,
    Person,
    Organisation,
}

/// The item's terms for accepting with materials missing (容缺受理).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortfallRules {
    /// At most this many tolerable materials may be missing at once.
    pub max_missing: u32,
    /// The applicant must sign a commitment letter (承诺书).
    pub commitment_required: bool,
    /// Applicants on the dishonest-entity list (失信名单) get no shortfall tolerance.
    pub dishonest_excluded: bool,
}

impl Default for ShortfallRules {
    fn default() -> Self {
        Self { max_missing: 2, commitment_required: true, dishonest_excluded: true }
    }
}

/// 办事指南.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Guide {
    pub conditions: String,
    pub basis: String,
    pub process: String,
    pub faq: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceItem {
    pub code: String,
    pub name: String,
    /// What citizens call the item or ask for at the guide desk (俗称): 医保卡, 房产证, 开餐馆.
    /// Searched like the name, in full pinyin and initials too.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// What the item produces (办理结果): 社会保障卡, 不动产权证书, 出生医学证明. Searched too.
    #[serde(default)]
    pub results: Vec<String>,
    pub department_code: String,
    pub level: ItemLevel,
    /// 行政许可, 公共服务, …
    pub kind: String,
    /// 法定时限, working days.
    pub statutory_days: u32,
    /// 承诺时限, working days.
    pub promised_days: u32,
    /// 即办件.
    pub on_the_spot: bool,
    pub fee: String,
    pub delivery: Vec<DeliveryMethod>,
    /// 全城通办.
    pub citywide: bool,
    /// 告知承诺制.
    pub commitment_approval: bool,
    pub applicants: Eligibility,
    pub shortfall: ShortfallRules,
    pub guide: Guide,
    pub materials: Vec<Material>,
    /// How the back office reviews the item: its warning threshold, extension and denial grounds.
    #[serde(default)]
    pub review: ReviewRules,
    /// What follows the intake: overdue tolerated materials, and instant approval.
    #[serde(default)]
    pub followup: FollowUpRules,
}

/// What happens when tolerated materials (容缺) are not in by their date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ShortfallOverdue {
    /// 终止办理: the case ends with a 终止办理通知书.
    Terminate,
    /// The case waits, flagged, and its result is not handed out until the materials are in.
    #[default]
    Hold,
}

/// 智能审批 (秒批): the conditions under which the system approves an intake at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstantApproval {
    /// Every required material must come as an e-certificate (电子证照), none on paper.
    pub e_certificates_only: bool,
    /// Who may be approved this way.
    pub applicants: Eligibility,
}

/// The months an applicant gets no shortfall tolerance after breaking a 容缺 commitment.
pub const DEFAULT_NO_TOLERANCE_MONTHS: u32 = 12;

fn default_no_tolerance_months() -> u32 {
    DEFAULT_NO_TOLERANCE_MONTHS
}

/// What the catalog says of an item after the intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpRules {
    #[serde(default)]
    pub on_shortfall_overdue: ShortfallOverdue,
    /// After a broken commitment, this many months without tolerance for the applicant.
    #[serde(default = "default_no_tolerance_months")]
    pub no_tolerance_months: u32,
    /// None: every case is reviewed by a person.
    #[serde(default)]
    pub instant_approval: Option<InstantApproval>,
}

impl Default for FollowUpRules {
    fn default() -> Self {
        FollowUpRules {
            on_shortfall_overdue: ShortfallOverdue::default(),
            no_tolerance_months: DEFAULT_NO_TOLERANCE_MONTHS,
            instant_approval: None,
        }
    }
}

/// What the catalog says of an item's review (后台审批).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReviewRules {
    /// Working days left at which the case turns yellow (预警); none: the default
    /// ([`crate::time_limit::warning_threshold`]).
    #[serde(default)]
    pub warning_days: Option<u32>,
    /// The statutory allowance for the one extension (延期), in working days; zero: none.
    #[serde(default)]
    pub extension_days: u32,
    /// The legal grounds a denial may rest on; empty: [`crate::review::DEFAULT_DENIAL_GROUNDS`].
    #[serde(default)]
    pub denial_grounds: Vec<String>,
}

impl ReviewRules {
    pub fn denial_grounds(&self) -> Vec<String> {
        if self.denial_grounds.is_empty() {
            crate::review::DEFAULT_DENIAL_GROUNDS.iter().map(|g| g.to_string()).collect()
        } else {
            self.denial_grounds.clone()
        }
    }
}

/// 一件事: several items from several departments, taken in one intake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    pub code: String,
    pub name: String,
    pub description: String,
    pub item_codes: Vec<String>,
}

/// One version of the catalog: everything a case can be decided under.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Catalog {
    pub departments: Vec<Department>,
    pub items: Vec<ServiceItem>,
    pub bundles: Vec<Bundle>,
}

impl Catalog {
    pub fn item(&self, code: &str) -> Option<&ServiceItem> {
        self.items.iter().find(|i| i.code == code)
    }

    pub fn department(&self, code: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.code == code)
    }

    pub fn bundle(&self, code: &str) -> Option<&Bundle> {
        self.bundles.iter().find(|b| b.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in [MaterialForm::Original, MaterialForm::Copy, MaterialForm::ECertificate] {
            assert_eq!(MaterialForm::parse(f.as_str()), Some(f));
        }
        for p in [ShortfallPolicy::Core, ShortfallPolicy::Tolerable, ShortfallPolicy::Optional] {
            assert_eq!(ShortfallPolicy::parse(p.as_str()), Some(p));
        }
        for a in [AppliesTo::All, AppliesTo::Person, AppliesTo::Organisation, AppliesTo::Agent] {
            assert_eq!(AppliesTo::parse(a.as_str()), Some(a));
        }
        assert_eq!(DeliveryMethod::parse("post"), Some(DeliveryMethod::Post));
        assert_eq!(ItemLevel::parse("province"), None);
        for e in [Eligibility::All, Eligibility::Person, Eligibility::Organisation] {
            assert_eq!(Eligibility::parse(e.as_str()), Some(e));
        }
    }
}
