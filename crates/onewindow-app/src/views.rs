//! What the application hands to its callers (the desktop shell and the CLI): plain data, with
//! identifiers already masked. TypeScript declarations are generated from these types.

use onewindow_domain::shortfall::Outcome;
use onewindow_domain::{
    ApplicantKind, AppliesTo, CaseAction, CaseState, DeliveryMethod, DocumentKind, EntryKind, Guide, IdKind, Material,
    MaterialForm, Role, ShortfallPolicy,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HallRef {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DepartmentRef {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UserView {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub hall: Option<HallRef>,
    pub window: Option<String>,
    pub department: Option<DepartmentRef>,
    /// Minutes without input after which this user's screen locks (their hall's setting).
    pub idle_lock_minutes: u32,
}

/// The session of this window: who is signed in, and whether the screen is locked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SessionView {
    pub user: UserView,
    pub locked: bool,
}

/// Where a username stands with sign-in throttling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SignInStatusView {
    pub username: String,
    /// Failed passwords in a row that count towards a lock-out.
    pub failures: u32,
    /// Failures left before the lock-out; 0 while locked.
    pub remaining: u32,
    /// Refused until then (UTC, RFC 3339), while locked out.
    pub locked_until: Option<String>,
}

/// A member of staff as an admin's list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StaffMemberView {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub hall: Option<HallRef>,
    pub window: Option<String>,
    pub department: Option<DepartmentRef>,
    /// False: the sign-in is disabled (a password reset brings it back).
    pub active: bool,
}

/// An admin's staff screen: everyone, and the places a new member may be given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StaffView {
    pub members: Vec<StaffMemberView>,
    pub halls: Vec<HallWindowsView>,
    pub departments: Vec<DepartmentRef>,
}

/// A hall with its windows, to choose a new member's post from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HallWindowsView {
    pub code: String,
    pub name: String,
    pub windows: Vec<String>,
    /// Minutes without input after which the hall's screens lock.
    pub idle_lock_minutes: u32,
}

/// A new member of staff, as the admin's form sends them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct NewStaffRequest {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub hall_code: Option<String>,
    pub window: Option<String>,
    pub department_code: Option<String>,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ServiceItemSummary {
    pub code: String,
    pub name: String,
    pub department: DepartmentRef,
    pub kind: String,
    pub promised_days: u32,
    pub on_the_spot: bool,
    pub citywide: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ServiceItemDetail {
    pub code: String,
    pub name: String,
    pub department: DepartmentRef,
    pub level: String,
    pub kind: String,
    pub statutory_days: u32,
    pub promised_days: u32,
    pub on_the_spot: bool,
    pub fee: String,
    pub delivery: Vec<DeliveryMethod>,
    pub citywide: bool,
    pub commitment_approval: bool,
    pub guide: Guide,
    pub materials: Vec<Material>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CaseSummary {
    pub number: String,
    pub service_item_code: String,
    pub service_item_name: String,
    pub department: DepartmentRef,
    pub applicant_name: String,
    pub applicant_id_masked: String,
    pub hall: HallRef,
    pub state: CaseState,
    /// RFC 3339, UTC.
    pub accepted_at: Option<String>,
    /// YYYY-MM-DD.
    pub due_date: Option<String>,
    pub shortfall_supplement_due: Option<String>,
    /// The holder's display name, and username (to tell one's own cases).
    pub claimed_by: Option<String>,
    pub claimed_by_username: Option<String>,
    pub delivery: DeliveryMethod,
    /// YYYY-MM-DD the applicant's 容缺 commitment on this case was found broken; kept for good.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub shortfall_broken_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CaseEventView {
    pub seq: u32,
    pub at: String,
    /// None for the event that created the case.
    pub action: Option<CaseAction>,
    pub from_state: Option<CaseState>,
    pub to_state: CaseState,
    pub actor: String,
    pub hall: HallRef,
    pub window: Option<String>,
    pub reason: String,
    /// What a review move recorded beside the reason.
    pub detail: Option<onewindow_domain::EventDetail>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CaseDetail {
    pub summary: CaseSummary,
    pub applicant_kind: String,
    pub applicant_phone_masked: String,
    pub catalog_version: u32,
    pub events: Vec<CaseEventView>,
    /// The 一件事 bundle the case was taken in with, and the cases taken in with it.
    pub bundle: Option<CaseBundleView>,
    /// Whether the case's recorded history is intact (记录完整).
    pub chain: ChainView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CaseBundleView {
    pub code: String,
    pub name: String,
    /// The case the combined receipt is printed under.
    pub lead: String,
    /// Every case of the intake, this one included.
    pub cases: Vec<CaseSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StateCount {
    pub state: CaseState,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HallLoad {
    pub hall: HallRef,
    pub total: u32,
    pub open: u32,
    pub overdue: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Overview {
    pub total: u32,
    pub open: u32,
    pub overdue: u32,
    /// Share of decided cases decided by their due date; none before the first decision.
    pub on_time_rate: Option<f64>,
    /// Approved by the system at intake (智能审批), counted apart from reviewed ones.
    pub instant_approvals: u32,
    /// Approved by a reviewer.
    pub reviewed_approvals: u32,
    /// Ended because tolerated materials did not come (终止办理).
    pub terminated: u32,
    pub by_state: Vec<StateCount>,
    pub by_hall: Vec<HallLoad>,
    /// What the figures cover: every case taken in from the first day to today.
    pub period: OverviewPeriod,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OverviewPeriod {
    /// The local day the first case was taken in (YYYY-MM-DD); none before any.
    pub first_day: Option<String>,
    /// Today, the last day counted.
    pub last_day: String,
    /// When the figures were read (UTC, RFC 3339).
    pub counted_at: String,
}

/// A search result: a service item or a 一件事 bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CatalogHit {
    pub kind: EntryKind,
    pub code: String,
    pub name: String,
    /// The competent department; none for bundles.
    pub department: Option<DepartmentRef>,
    pub promised_days: Option<u32>,
    pub on_the_spot: bool,
    pub citywide: bool,
    /// The member items of a bundle; empty for items.
    pub service_item_codes: Vec<String>,
    pub score: u32,
}

/// A material of a bundle's merged list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MergedMaterialView {
    pub name: String,
    pub form: MaterialForm,
    pub copies: u32,
    pub pages: u32,
    pub policy: ShortfallPolicy,
    pub applies_to: AppliesTo,
    /// Codes of the member items that ask for it.
    pub service_item_codes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BundleDetail {
    pub code: String,
    pub name: String,
    pub description: String,
    pub items: Vec<ServiceItemSummary>,
    pub materials: Vec<MergedMaterialView>,
    /// The ways of delivering results that every member item offers.
    pub delivery: Vec<DeliveryMethod>,
}

/// What the clerk has ticked and knows, for a live shortfall decision.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ShortfallRequest {
    pub service_item_code: String,
    /// Codes of the materials received.
    pub present_codes: Vec<String>,
    pub applicant_kind: ApplicantKind,
    pub has_agent: bool,
    pub commitment_signed: bool,
    pub dishonest: bool,
    /// E-certificate types found for the applicant.
    pub e_certificates: Vec<String>,
    /// Who applies, when known: their earlier, still valid materials count as present.
    #[serde(default)]
    pub applicant: Option<PartyInput>,
    /// How received materials were handed in, by code; the catalog's form for those not named.
    #[serde(default)]
    #[ts(as = "Option<std::collections::BTreeMap<String, MaterialForm>>", optional)]
    pub forms: std::collections::BTreeMap<String, MaterialForm>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FindingKindView {
    Present,
    SatisfiedByReuse,
    SatisfiedByECertificate,
    MissingTolerated,
    MissingBlocking,
    OptionalMissing,
    NotApplicable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FindingView {
    pub material_code: String,
    pub material_name: String,
    pub finding: FindingKindView,
    /// The rule that decided it (stable English name).
    pub rule: String,
    /// zh-CN explanation.
    pub message: String,
    /// YYYY-MM-DD: when a tolerated material must be supplied.
    pub until: Option<String>,
    /// The earlier case a reused material comes from, or the e-certificate used.
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShortfallDecisionView {
    pub decision: Outcome,
    pub findings: Vec<FindingView>,
    /// Why the application is refused, when it is.
    pub refusal: Option<String>,
    /// YYYY-MM-DD: the promised completion date if accepted today.
    pub due: String,
    pub shortfall_supplement_due: Option<String>,
    pub catalog_version: u32,
    /// Set when today's year has no holiday schedule.
    pub calendar_warning: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PrintJobState {
    Queued,
    Printing,
    Held,
    Done,
    Failed,
}

/// A document sent (or not) to a printer: what the clerk sees and acts on.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PrintJobView {
    pub id: u32,
    pub case_number: Option<String>,
    pub document: DocumentKind,
    pub profile: String,
    pub queue: String,
    pub cups_job: Option<String>,
    pub state: PrintJobState,
    /// zh-CN, when the job failed.
    pub error: Option<String>,
    pub reprint: bool,
    pub user: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PrinterProfileView {
    pub name: String,
    pub description: String,
    pub queue: String,
    pub media: String,
    pub copies: u32,
    pub dpi: u32,
    pub serves: Vec<DocumentKind>,
    pub paper_width_mm: f32,
    /// None for a continuous roll.
    pub paper_height_mm: Option<f32>,
    /// Top, right, bottom, left.
    pub margins_mm: Vec<f32>,
    pub offset_x_mm: f32,
    pub offset_y_mm: f32,
    /// Whether CUPS knows the queue; none when CUPS cannot be asked.
    pub queue_installed: Option<bool>,
}

/// Print a document: of a case, or a test page when `case_number` is none.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct PrintRequest {
    pub document: DocumentKind,
    pub case_number: Option<String>,
    /// A profile other than the default for the document.
    pub profile: Option<String>,
    /// For receipts: zh-cn (default), zh-hk or en.
    pub lang: Option<String>,
    /// A CUPS queue other than the profile's.
    #[serde(default)]
    pub queue: Option<String>,
    /// Print the demo sample instead of a case (for trying a printer).
    #[serde(default)]
    pub demo: bool,
    /// For a 交接清单: the handover whose envelopes it lists (default: those waiting to go).
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub handover: Option<i64>,
    /// For a label: the envelope (default: the case's newest live one).
    #[serde(default)]
    #[ts(optional)]
    pub waybill: Option<String>,
}

/// A stored scan, for the clerk's scan inbox.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ScanView {
    pub sha256: String,
    pub media_type: String,
    pub pages: u32,
    #[ts(type = "number")]
    pub bytes: u64,
    pub original_name: String,
    pub received_at: String,
    pub case_number: Option<String>,
    pub material_code: Option<String>,
}

/// One page of a scan, for the review screen's page viewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ScanPageView {
    pub sha256: String,
    /// From 1.
    pub page: u32,
    pub pages: u32,
    pub data_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AssignedScanView {
    pub scan: ScanView,
    /// Clockwise degrees: 0, 90, 180 or 270.
    pub rotation: u16,
}

/// A material of a case's checklist with what was received and the scans that make it up.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CaseMaterialView {
    pub code: String,
    pub name: String,
    pub policy: ShortfallPolicy,
    pub form: MaterialForm,
    pub received: bool,
    pub scans: Vec<AssignedScanView>,
}

/// The workstation's scan inbox: where scanners drop files, and what arrived and is unassigned.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ScanInboxView {
    pub inbox: String,
    pub scans: Vec<ScanView>,
}

/// One file taken from the inbox, as the live inbox shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IngestView {
    pub file: String,
    /// stored | duplicate | quarantined
    pub outcome: String,
    pub sha256: Option<String>,
    pub pages: Option<u32>,
    /// zh-CN, for duplicates and quarantined files.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SaneDeviceView {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct SaneScanRequest {
    pub device: String,
    pub resolution: u32,
    /// Color, Gray or Lineart.
    pub mode: String,
    pub duplex: bool,
    pub pages: Option<u32>,
}

/// The applicant or the agent as the clerk typed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PartyInput {
    pub name: String,
    pub id_kind: IdKind,
    pub id_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReceivedInput {
    pub material_code: String,
    pub form: MaterialForm,
    pub copies: u32,
    pub pages: u32,
    /// SHA-256 of stored scans from the inbox that make up this material, in order.
    #[serde(default)]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub scans: Vec<String>,
}

/// A Guangdong address for mailing results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AddressInput {
    pub province: String,
    pub city: String,
    pub district: String,
    pub street: String,
    pub detail: String,
    pub receiver: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeliveryInput {
    pub method: DeliveryMethod,
    /// Where to collect, for window delivery (any hall of the city; default: this one).
    pub pickup_hall_code: Option<String>,
    pub address: Option<AddressInput>,
}

/// What an item's and a bundle's intake share: who applies, their facts, how the result goes back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IntakeCommon {
    pub applicant_kind: ApplicantKind,
    pub applicant: PartyInput,
    pub phone: String,
    pub agent: Option<PartyInput>,
    pub commitment_signed: bool,
    pub dishonest: bool,
    pub delivery: DeliveryInput,
    /// The draft this intake was saved as, removed once the intake is done.
    pub draft_id: Option<u32>,
    /// On a return visit: the case number of the one-time notice this intake continues (the same
    /// applicant's); the receipt names it.
    #[serde(default)]
    #[ts(optional)]
    pub continues: Option<String>,
}

impl IntakeCommon {
    /// A natural person applying alone, collecting at the receiving hall, nothing signed yet.
    pub fn person(applicant: PartyInput, phone: &str) -> Self {
        Self {
            applicant_kind: ApplicantKind::Person,
            applicant,
            phone: phone.to_string(),
            agent: None,
            commitment_signed: false,
            dishonest: false,
            delivery: DeliveryInput { method: DeliveryMethod::Window, pickup_hall_code: None, address: None },
            draft_id: None,
            continues: None,
        }
    }
}

/// Everything the clerk has taken in for one service item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IntakeRequest {
    pub service_item_code: String,
    pub received: Vec<ReceivedInput>,
    #[serde(flatten)]
    #[ts(flatten)]
    pub common: IntakeCommon,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IntakeResult {
    pub number: String,
    pub decision: ShortfallDecisionView,
    /// What to print now, in order.
    pub documents: Vec<DocumentKind>,
    /// The case is in the competent department's queue.
    pub handed_off: bool,
    /// Approved at once by the system (智能审批): the receipt says 即时办结, and a result to be
    /// collected here can be handed out now.
    pub instant: bool,
    /// A courier task carries the paper originals to the department in another district.
    pub material_transfer: bool,
}

/// What the clerk has ticked and knows for a 一件事 bundle, for a live decision of every member.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct BundleCheckRequest {
    pub bundle_code: String,
    /// Names of the merged-list materials received.
    pub present_names: Vec<String>,
    pub applicant_kind: ApplicantKind,
    pub has_agent: bool,
    pub commitment_signed: bool,
    pub dishonest: bool,
    /// Who applies, when known: their earlier, still valid materials count as present.
    #[serde(default)]
    pub applicant: Option<PartyInput>,
    /// How received materials were handed in, by name; the original for those not named.
    #[serde(default)]
    #[ts(as = "Option<std::collections::BTreeMap<String, MaterialForm>>", optional)]
    pub forms: std::collections::BTreeMap<String, MaterialForm>,
}

/// The decision of one member item of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BundleMemberDecision {
    pub service_item_code: String,
    pub service_item_name: String,
    pub department: DepartmentRef,
    pub decision: ShortfallDecisionView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BundleDecisionView {
    pub bundle_code: String,
    /// One per member item, in the bundle's order.
    pub members: Vec<BundleMemberDecision>,
}

/// A material of a bundle's merged list as received: taken once for every item that asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BundleReceivedInput {
    pub name: String,
    pub form: MaterialForm,
    pub copies: u32,
    pub pages: u32,
    /// SHA-256 of stored scans from the inbox; filed under the material in every case that asks
    /// for it.
    #[serde(default)]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub scans: Vec<String>,
}

/// Everything the clerk has taken in for a 一件事 bundle: one case per member item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BundleIntakeRequest {
    pub bundle_code: String,
    pub received: Vec<BundleReceivedInput>,
    #[serde(flatten)]
    #[ts(flatten)]
    pub common: IntakeCommon,
}

/// One case of a bundle intake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BundleCaseResult {
    pub service_item_code: String,
    pub service_item_name: String,
    pub department: DepartmentRef,
    pub number: String,
    pub decision: ShortfallDecisionView,
    pub handed_off: bool,
    pub material_transfer: bool,
}

/// A document to print for a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PrintTask {
    pub case_number: String,
    pub document: DocumentKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BundleIntakeResult {
    pub bundle_code: String,
    pub bundle_name: String,
    /// In the bundle's order.
    pub cases: Vec<BundleCaseResult>,
    /// The case the combined receipt is printed under (the first accepted); none when no member
    /// was accepted.
    pub lead: Option<String>,
    /// What to print now, in order: the combined receipt first, then each case's notices.
    pub prints: Vec<PrintTask>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DraftView {
    pub id: u32,
    pub title: String,
    /// The intake form as the frontend saved it (JSON).
    pub payload: String,
    pub updated_at: String,
}

/// What the applicant brought before: their cases and the materials still valid for reuse.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ApplicantHistoryView {
    pub name: Option<String>,
    pub cases: Vec<CaseSummary>,
    pub reusable: Vec<ReusableMaterialView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReusableMaterialView {
    pub material_name: String,
    /// The form it is on record in: it stands in only where that form would.
    pub form: MaterialForm,
    pub case_number: String,
    pub valid_until: String,
}

/// A page filed by a cover sheet (or the cover sheet itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CoverFilingView {
    pub sha256: String,
    pub original_name: String,
    pub case_number: String,
    pub material_code: String,
    pub cover: bool,
}

/// A one-time notice reopened on the applicant's return visit: what was already taken in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NoticePrefill {
    pub case_number: String,
    pub service_item_code: String,
    pub service_item_name: String,
    pub applicant_kind: ApplicantKind,
    pub applicant: PartyInput,
    pub phone: String,
    /// Codes of the materials already received at the first visit.
    pub received: Vec<String>,
}

/// Paper originals waiting to travel to the competent department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MaterialTransferView {
    pub case_number: String,
    /// The department they go to.
    pub department: String,
}

/// Whether the clerk's hall may accept an item, and which halls may when it may not: shown the
/// moment the item is chosen, before anything is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RemitView {
    pub service_item_code: String,
    pub accepted_here: bool,
    /// The halls that accept it, when this one does not (the department's own area).
    pub halls: Vec<HallRef>,
}

/// Who holds the cases a queue page lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HolderChoice {
    Any,
    Unclaimed,
    Mine,
    /// Held by this reviewer (a username).
    User(String),
}

/// Which due dates a queue page lists, in working days from today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DueChoice {
    Overdue,
    Today,
    /// Due today or within this many working days.
    Within(u32),
    /// Corrections not brought by the applicant's deadline (for the lead).
    CorrectionOverdue,
}

/// One page of the department queue as the reviewer filters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QueueRequest {
    #[serde(default)]
    #[ts(optional, as = "Option<Vec<CaseState>>")]
    pub states: Vec<CaseState>,
    #[serde(default)]
    #[ts(optional)]
    pub service_item_code: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub hall_code: Option<String>,
    #[serde(default = "HolderChoice::any")]
    #[ts(optional, as = "Option<HolderChoice>")]
    pub holder: HolderChoice,
    #[serde(default)]
    #[ts(optional)]
    pub due: Option<DueChoice>,
    #[serde(default)]
    #[ts(optional, as = "Option<u32>")]
    pub offset: u32,
    /// Rows per page (1–200; default 50).
    #[serde(default)]
    #[ts(optional)]
    pub limit: Option<u32>,
}

impl HolderChoice {
    fn any() -> Self {
        HolderChoice::Any
    }
}

/// A row of the department queue: the case and where its clock stands today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct QueueRowView {
    pub case: CaseSummary,
    /// None before the case is accepted.
    pub clock: Option<onewindow_domain::LimitStatus>,
}

/// The counts on the queue's tabs, over the whole department queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct QueueCountsView {
    pub all: u32,
    pub unclaimed: u32,
    pub mine: u32,
    pub overdue: u32,
    pub paused: u32,
    /// Corrections the applicant has not brought by their deadline (the lead decides these).
    pub correction_overdue: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct QueuePageView {
    pub rows: Vec<QueueRowView>,
    /// Cases matching the filters over every page.
    pub total: u32,
    pub offset: u32,
    pub limit: u32,
    pub counts: QueueCountsView,
}

/// A stretch of time the clock stood still, with the working days it moved the due date by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PauseView {
    /// YYYY-MM-DD; the start day still counts.
    pub start: String,
    /// None while the pause runs.
    pub end: Option<String>,
    pub working_days: u32,
}

/// A case's time limit as the review screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ClockView {
    pub status: onewindow_domain::LimitStatus,
    pub accepted_on: String,
    pub promised_days: u32,
    pub statutory_days: u32,
    pub due_date: String,
    pub statutory_due: String,
    /// The applicant's deadline for an outstanding correction.
    pub correction_due: Option<String>,
    pub correction_overdue: bool,
    pub warning_days: u32,
    pub pauses: Vec<PauseView>,
    /// Working days of the one extension (zero before).
    pub extension_days: u32,
    /// The most the item's rules allow for it.
    pub extension_allowance: u32,
}

/// Whether a case's recorded history is intact (记录完整) or where it breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChainView {
    pub intact: bool,
    pub events: u32,
    /// The first event that does not match, if any.
    pub broken_at: Option<u32>,
    /// zh-CN: 记录完整, or what is wrong.
    pub message: String,
}

/// A reviewer of the department, for reassigning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReviewerView {
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

/// A material of the checklist as received at the window, with its scans.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReceivedMaterialView {
    pub material: CaseMaterialView,
    /// How it was handed in, and how many copies and pages: none when not received.
    pub received_form: Option<MaterialForm>,
    pub copies: u32,
    pub pages: u32,
}

/// Everything the review screen shows of a case, and what its user may do with it now.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReviewView {
    pub detail: CaseDetail,
    pub materials: Vec<ReceivedMaterialView>,
    /// The shortfall engine's findings at intake, tolerated materials with their dates.
    pub findings: Vec<FindingView>,
    pub clock: Option<ClockView>,
    /// The applicant's other cases, newest first.
    pub earlier_cases: Vec<CaseSummary>,
    /// What the user may do with the case now.
    pub actions: Vec<CaseAction>,
    /// The item's legal grounds for a denial.
    pub denial_grounds: Vec<String>,
    /// The item's result (证照) name, for the approval.
    pub result_name: String,
    /// What is outstanding of the last correction request.
    pub correction: Option<CorrectionView>,
    /// The documents the case's decisions have made printable.
    pub documents: Vec<DocumentKind>,
    /// The tolerated materials (容缺): still to come, or made good since the intake.
    pub shortfall: Option<ShortfallStatus>,
}

/// A correction as requested: everything asked for at once, and the applicant's deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CorrectionView {
    pub items: Vec<onewindow_domain::CorrectionItem>,
    pub deadline: String,
    /// Who asked (a display name), and who the supplied case returns to.
    pub requested_by: String,
}

/// A material the reviewer asks for in a correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CorrectionItemInput {
    /// One of the item's materials, or none to name a new one.
    #[serde(default)]
    #[ts(optional)]
    pub material_code: Option<String>,
    /// Required for a new material; defaults to the item material's name.
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    pub reason: String,
}

/// A back-office move on a case, with what it records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ReviewRequest {
    Claim,
    Release {
        reason: String,
    },
    Reassign {
        /// The reviewer of the department who takes it over (a username).
        to: String,
        reason: String,
    },
    Approve {
        /// The certificate or licence's name (default: the item's result name).
        #[serde(default)]
        #[ts(optional)]
        result_name: Option<String>,
        certificate_number: String,
        /// YYYY-MM-DD, if the result has a validity.
        #[serde(default)]
        #[ts(optional)]
        valid_until: Option<String>,
        #[serde(default)]
        #[ts(optional, as = "Option<String>")]
        note: String,
    },
    Deny {
        /// One of the item's legal grounds.
        ground: String,
        /// The facts, in the reviewer's words.
        reason: String,
    },
    RequestCorrection {
        items: Vec<CorrectionItemInput>,
        /// YYYY-MM-DD: by when the applicant brings them.
        deadline: String,
        #[serde(default)]
        #[ts(optional, as = "Option<String>")]
        reason: String,
    },
    StartSpecialProcedure {
        procedure: onewindow_domain::SpecialProcedureKind,
        /// The procedure's own limit in working days.
        limit_days: u32,
        reason: String,
    },
    EndSpecialProcedure {
        outcome: String,
    },
    Extend {
        days: u32,
        reason: String,
    },
    ExtendCorrection {
        /// YYYY-MM-DD: the applicant's new deadline.
        deadline: String,
        reason: String,
    },
    Withdraw {
        reason: String,
    },
}

/// What a clerk at any window records when the applicant brings a correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SupplyRequest {
    /// The case number, or what the notice's or receipt's QR code reads (OW:number:code).
    pub case: String,
    pub materials: Vec<ReceivedInput>,
    #[serde(default)]
    #[ts(optional, as = "Option<String>")]
    pub note: String,
}

/// A back-office move as recorded: the case now, and the documents it made printable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReviewOutcome {
    pub case: CaseSummary,
    pub action: CaseAction,
    pub documents: Vec<DocumentKind>,
}

/// One case of a bulk claim: claimed, or why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ClaimResult {
    pub number: String,
    pub claimed: bool,
    /// zh-CN, when not claimed (who holds it).
    pub error: Option<String>,
}

/// `audit verify`: the chains walked and the first break of each broken one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditReport {
    pub cases: u32,
    #[ts(type = "number")]
    pub events: u64,
    pub broken: Vec<AuditBreak>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditBreak {
    pub case: String,
    /// The first event that does not match, if the break is at one.
    pub seq: Option<u32>,
    pub message: String,
}

/// A case's progress as the applicant may see it (过程追溯): no staff names; the applicant's own
/// details only when the receipt's verification code came with the number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProgressView {
    pub number: String,
    /// The verification code came with the number and matched.
    pub verified: bool,
    pub service_item_name: String,
    pub department: String,
    pub state: CaseState,
    pub steps: Vec<ProgressStep>,
    /// YYYY-MM-DD: the promised date as the clock stands.
    pub due_date: Option<String>,
    /// The clock is stopped (a correction or a special procedure).
    pub paused: bool,
    /// What the applicant still has to bring, and by when.
    pub missing: Vec<ProgressMissing>,
    /// Verified only: the applicant's name, masked.
    pub applicant_masked: Option<String>,
    /// Verified only: where and how the result will be handed over.
    pub delivery: Option<String>,
}

/// One step of a case as the applicant may see it: when, where, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProgressStep {
    /// RFC 3339, UTC.
    pub at: String,
    /// None for the case's creation.
    pub action: Option<CaseAction>,
    pub to_state: CaseState,
    /// The hall where it happened (the back office's steps carry the receiving hall).
    pub hall: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProgressMissing {
    pub name: String,
    /// YYYY-MM-DD.
    pub until: Option<String>,
    /// 容缺补交 or 补正.
    pub why: String,
}

/// The tolerated materials (容缺) of a case: what is still to come and by when, what came, and
/// whether the applicant's commitment is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShortfallStatus {
    /// Still to come, each with its date.
    pub outstanding: Vec<ProgressMissing>,
    /// YYYY-MM-DD the outstanding ones are due; none once everything is in.
    pub due: Option<String>,
    /// The tolerated materials brought after the intake, by name: the shortfall made good.
    pub supplied: Vec<String>,
    /// YYYY-MM-DD the commitment was found broken (overdue); kept for good.
    pub broken_on: Option<String>,
    /// What the item's rule does once they are overdue.
    pub on_overdue: onewindow_domain::ShortfallOverdue,
}

/// Which cases waiting on tolerated materials to list; the default scope is the user's own
/// (a clerk's hall, a reviewer's department, the whole city for a supervisor).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct FollowUpRequest {
    /// A supervisor may narrow the list to one hall.
    #[serde(default)]
    #[ts(optional)]
    pub hall_code: Option<String>,
    /// Only those due within this many working days (0: due today or overdue).
    #[serde(default)]
    #[ts(optional)]
    pub due_within: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReminderView {
    /// RFC 3339, UTC.
    pub at: String,
    pub by: String,
    pub channel: onewindow_domain::ReminderChannel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FollowUpRowView {
    pub case: CaseSummary,
    /// The applicant's phone, masked: the clerk calls through the hall's phone system.
    pub phone_masked: Option<String>,
    pub urgency: onewindow_domain::followup::FollowUpUrgency,
    pub shortfall: ShortfallStatus,
    pub last_reminder: Option<ReminderView>,
    /// What the user may do with the case from the list (remind, supply, hold, terminate).
    pub actions: Vec<CaseAction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FollowUpCounts {
    pub overdue: u32,
    pub due_today: u32,
    pub due_tomorrow: u32,
    pub later: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FollowUpListView {
    /// What the list covers, in words: 江门市政务服务中心受理的办件, 江门市市场监督管理局的办件.
    pub scope: String,
    pub rows: Vec<FollowUpRowView>,
    pub counts: FollowUpCounts,
}

/// A reminder to the applicant of tolerated materials due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RemindRequest {
    /// The case number, or the receipt's QR code text.
    pub case: String,
    pub channel: onewindow_domain::ReminderChannel,
    #[serde(default)]
    #[ts(optional, as = "Option<String>")]
    pub note: String,
}

/// Overdue tolerated materials settled by the item's rule: held, or terminated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SettleRequest {
    pub case: String,
    #[serde(default)]
    #[ts(optional, as = "Option<String>")]
    pub reason: String,
}

/// One result waiting at the hall's issuance window (待出件).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IssuanceRowView {
    pub case: CaseSummary,
    /// What is handed over: the result and its number, or the decision document.
    pub result: String,
    /// RFC 3339, UTC: when it came to the window.
    pub ready_since: String,
    /// Calendar days it has waited.
    pub waiting_days: u32,
    /// Waiting longer than the hall's limit: the applicant should be called.
    pub uncollected: bool,
    /// Why it cannot be handed out yet (tolerated materials still missing), if it cannot.
    pub blocked: Option<String>,
    /// The agent recorded at intake, who may collect without a new authorisation.
    pub agent_name: Option<String>,
    pub instant: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IssuanceListView {
    pub hall: HallRef,
    /// Days a result may wait before it shows as uncollected.
    pub uncollected_days: u32,
    pub rows: Vec<IssuanceRowView>,
}

/// Who takes the result, as the clerk checked their papers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CollectorInput {
    /// The applicant in person.
    Applicant { id_kind: IdKind, id_number: String },
    /// Someone else for the applicant, with the applicant's authorisation letter.
    Agent {
        name: String,
        id_kind: IdKind,
        id_number: String,
        /// The applicant's ID number as the authorisation gives it.
        #[serde(default)]
        #[ts(optional)]
        applicant_id_number: Option<String>,
        /// The authorisation letter (授权委托书) was shown and kept.
        #[serde(default)]
        authorisation: bool,
    },
}

/// Handing a result out at the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IssueRequest {
    /// The case number, or the receipt's QR code text.
    pub case: String,
    pub collector: CollectorInput,
}

/// A carrier's range of waybill numbers (号段) to import: first and last, or a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WaybillRangeImport {
    pub carrier: String,
    pub product: String,
    pub format: onewindow_domain::courier::WaybillFormat,
    #[serde(default)]
    #[ts(optional)]
    pub first: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub last: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub numbers: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WaybillRangeView {
    #[ts(type = "number")]
    pub id: i64,
    pub carrier: String,
    pub product: String,
    pub format: onewindow_domain::courier::WaybillFormat,
    pub first: String,
    pub last: String,
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub used: i64,
    #[ts(type = "number")]
    pub cancelled: i64,
    #[ts(type = "number")]
    pub free: i64,
    /// The carrier product's free numbers are running low: ask the carrier for a new range.
    pub low: bool,
    pub imported_at: String,
}

/// One envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShipmentView {
    pub waybill: String,
    pub kind: onewindow_domain::courier::ShipmentKind,
    pub state: onewindow_domain::courier::ShipmentState,
    pub from_hall: String,
    /// The department's or hall's name, or the address.
    pub destination: String,
    pub receiver_name: String,
    pub carrier: String,
    pub product: String,
    pub cases: Vec<String>,
    /// Each case with the papers (material codes) of it in the envelope.
    pub papers: Vec<(String, Vec<String>)>,
    pub split_reason: Option<String>,
    pub created_at: String,
    pub created_by: String,
}

/// Something to pack: a case's originals for its department, or a result for its applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DispatchItemView {
    pub kind: onewindow_domain::courier::ShipmentKind,
    pub case: CaseSummary,
    pub destination: String,
    /// The originals that travel (material codes).
    pub papers: Vec<String>,
    /// Why it cannot be sent yet (tolerated materials missing), if it cannot.
    pub blocked: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DispatchGroupView {
    pub kind: onewindow_domain::courier::ShipmentKind,
    pub destination: String,
    pub count: u32,
    pub items: Vec<DispatchItemView>,
}

/// The dispatcher's desk: what is to be packed, by destination, and the envelopes not yet gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DispatchWorkView {
    pub total: u32,
    pub groups: Vec<DispatchGroupView>,
    pub shipments: Vec<ShipmentView>,
}

/// An envelope to pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ShipmentRequest {
    pub kind: onewindow_domain::courier::ShipmentKind,
    pub cases: Vec<String>,
    /// For materials: the papers of a case to put in (default: all its originals).
    #[serde(default)]
    #[ts(optional, as = "Option<std::collections::BTreeMap<String, Vec<String>>>")]
    pub papers: std::collections::BTreeMap<String, Vec<String>>,
    /// Why a case already in another envelope goes in this one too.
    #[serde(default)]
    #[ts(optional)]
    pub split_reason: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub carrier: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub product: Option<String>,
}

/// The courier who has come for a hall's envelopes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HandoverRequest {
    pub courier_name: String,
    /// The carrier the courier works for; only its envelopes go.
    pub courier_company: String,
    /// Phone or badge number.
    pub courier_contact: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HandoverView {
    #[ts(type = "number")]
    pub id: i64,
    pub hall: String,
    pub courier_name: String,
    pub courier_company: String,
    pub courier_contact: String,
    pub started_at: String,
    pub started_by: String,
    pub closed_at: Option<String>,
    /// Scanned into this handover.
    pub scanned: Vec<ShipmentView>,
    /// Labelled for this carrier at this hall and not scanned yet.
    pub missing: Vec<ShipmentView>,
}

/// What the receiving end found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReceiveOutcome {
    Received,
    /// Not in the courier's delivery though the carrier says it is.
    Missing,
    Damaged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReceiveRequest {
    pub waybill: String,
    pub outcome: ReceiveOutcome,
    #[serde(default)]
    #[ts(optional, as = "Option<String>")]
    pub reason: String,
}

/// What an import of the carrier's tracking file did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TrackingReport {
    pub lines: u32,
    /// Events not seen before.
    pub new: u32,
    /// Events already imported: changed nothing.
    pub duplicates: u32,
    /// Kept, flagged: the carrier's code is not one we know.
    pub unknown_codes: Vec<String>,
    /// Waybills now delivered, and their cases closed.
    pub delivered: Vec<String>,
    /// Waybills returned or in trouble: on the dispatcher's list.
    pub attention: Vec<String>,
    /// Lines that could not be read, with why.
    pub problems: Vec<String>,
}

/// One step of a case's chain of custody; a gap is a step that should have happened and did not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CustodyStep {
    pub at: Option<String>,
    pub what: String,
    pub who: String,
    pub place: String,
    pub waybill: Option<String>,
    pub gap: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CustodyView {
    pub number: String,
    pub steps: Vec<CustodyStep>,
    /// Every step that should have happened did.
    pub unbroken: bool,
}

/// Labels to print in one run.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct LabelRunRequest {
    /// The envelopes, in printing order.
    pub waybills: Vec<String>,
    /// A label profile other than the default (100×150).
    #[serde(default)]
    pub profile: Option<String>,
    #[serde(default)]
    pub queue: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LabelRunItemView {
    pub position: u32,
    pub waybill: String,
    pub state: onewindow_domain::courier::LabelItemState,
    #[ts(type = "number | null")]
    pub print_job: Option<i64>,
    pub error: Option<String>,
}

/// A batch label run and each of its labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LabelRunView {
    pub id: u32,
    pub state: onewindow_domain::courier::LabelRunState,
    pub profile: String,
    pub queue: Option<String>,
    pub total: u32,
    pub printed: u32,
    pub failed: u32,
    /// Not printed yet (pending, failed, or sent when the run was cut off).
    pub remaining: u32,
    /// Why it stopped, when it did.
    pub note: String,
    pub created_by: String,
    pub created_at: String,
    pub items: Vec<LabelRunItemView>,
}

/// One label of a run done, streamed to the screen as the run goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LabelRunProgress {
    pub run: u32,
    pub done: u32,
    pub total: u32,
    pub waybill: String,
    pub state: onewindow_domain::courier::LabelItemState,
    pub reprint: bool,
    pub error: Option<String>,
}
