// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test -p onewindow-desktop bindings`.

export type Role = "window_clerk" | "reviewer" | "department_lead" | "dispatcher" | "supervisor" | "admin";
export type CaseState = "draft" | "accepted" | "accepted_with_shortfall" | "handed_off" | "under_review" | "correction_requested" | "corrected" | "special_procedure" | "approved" | "denied" | "ready_for_issuance" | "awaiting_dispatch" | "collected" | "dispatched" | "delivered" | "closed" | "refused" | "notice_issued" | "withdrawn" | "terminated";
export type CaseAction = "accept" | "accept_with_shortfall" | "refuse" | "issue_notice" | "hand_off" | "claim" | "release" | "request_correction" | "submit_correction" | "reassign" | "start_special_procedure" | "end_special_procedure" | "extend" | "extend_correction" | "withdraw" | "approve" | "deny" | "prepare_issuance" | "prepare_dispatch" | "collect" | "dispatch" | "deliver" | "close" | "instant_approve" | "supply_shortfall" | "remind" | "hold_shortfall" | "terminate";
export type DeliveryMethod = "window" | "post";
export type MaterialForm = "original" | "copy" | "e_certificate";
export type ShortfallPolicy = "core" | "tolerable" | "optional";
export type AppliesTo = "all" | "person" | "organisation" | "agent";
export type ErrorCode = "invalid_input" | "not_found" | "unauthenticated" | "screen_locked" | "forbidden" | "conflict" | "storage" | "internal";
export type IpcError = { code: ErrorCode, message: string, 
/**
 * The input the error concerns (`delivery.address.city`): the UI focuses it.
 */
field: string | null, 
/**
 * When an identifier number typed under one kind is valid for another, that kind: the UI
 * offers to switch.
 */
suggested_id_kind: IdKind | null, };
export type HallRef = { code: string, name: string, };
export type DepartmentRef = { code: string, name: string, };
export type UserView = { username: string, display_name: string, role: Role, hall: HallRef | null, window: string | null, department: DepartmentRef | null, 
/**
 * Minutes without input after which this user's screen locks (their hall's setting).
 */
idle_lock_minutes: number, };
export type SessionView = { user: UserView, locked: boolean, };
export type SignInStatusView = { username: string, 
/**
 * Failed passwords in a row that count towards a lock-out.
 */
failures: number, 
/**
 * Failures left before the lock-out; 0 while locked.
 */
remaining: number, 
/**
 * Refused until then (UTC, RFC 3339), while locked out.
 */
locked_until: string | null, };
export type StationStatusView = { 
/**
 * A city-wide station (a hall's own file has no outbox).
 */
city: boolean, 
/**
 * Registered for offline intake (a role and a secret of its own).
 */
registered: boolean, 
/**
 * This session works on the offline outbox: the city database cannot be reached.
 */
offline: boolean, 
/**
 * Intakes taken offline and not yet taken by the city.
 */
pending: number, 
/**
 * Case numbers leased for today and not used yet.
 */
numbers_left: number, conflicts: Array<HandInConflictView>, };
export type HandInConflictView = { case: string, reason: string, };
export type StationSettingsView = { 
/**
 * A city-wide station; else a hall's own embedded database.
 */
city: boolean, 
/**
 * The embedded database's file, or the city database's address.
 */
database: string, data_dir: string, 
/**
 * The hall and window a city station was connected for.
 */
hall_code: string | null, window: string | null, 
/**
 * The station's name with the city, once registered for offline intake.
 */
station: string | null, 
/**
 * The name registering gives by default.
 */
suggested_station: string | null, 
/**
 * `station.toml` now says otherwise than this run started with: the change counts from the
 * next start.
 */
restart_needed: boolean, };
export type StaffMemberView = { username: string, display_name: string, role: Role, hall: HallRef | null, window: string | null, department: DepartmentRef | null, 
/**
 * False: the sign-in is disabled (a password reset brings it back).
 */
active: boolean, };
export type StaffView = { members: Array<StaffMemberView>, halls: Array<HallWindowsView>, departments: Array<DepartmentRef>, };
export type HallWindowsView = { code: string, name: string, windows: Array<string>, 
/**
 * Minutes without input after which the hall's screens lock.
 */
idle_lock_minutes: number, };
export type NewStaffRequest = { username: string, display_name: string, role: Role, hall_code: string | null, window: string | null, department_code: string | null, password: string, };
export type ServiceItemSummary = { code: string, name: string, department: DepartmentRef, kind: string, promised_days: number, on_the_spot: boolean, citywide: boolean, };
export type Guide = { conditions: string, basis: string, process: string, faq: string, };
export type Material = { 
/**
 * Unique within its item, e.g. "M01".
 */
code: string, name: string, form: MaterialForm, copies: number, pages: number, policy: ShortfallPolicy, 
/**
 * Working days to supply a tolerated material; only for tolerable ones.
 */
supplement_days: number | null, 
/**
 * The e-certificate type that satisfies this material, if any.
 */
e_certificate: string | null, applies_to: AppliesTo, note: string, };
export type ServiceItemDetail = { code: string, name: string, department: DepartmentRef, level: string, kind: string, statutory_days: number, promised_days: number, on_the_spot: boolean, fee: string, delivery: Array<DeliveryMethod>, citywide: boolean, commitment_approval: boolean, guide: Guide, materials: Array<Material>, };
export type CaseSummary = { number: string, service_item_code: string, service_item_name: string, department: DepartmentRef, applicant_name: string, applicant_id_masked: string, hall: HallRef, state: CaseState, 
/**
 * RFC 3339, UTC.
 */
accepted_at: string | null, 
/**
 * YYYY-MM-DD.
 */
due_date: string | null, shortfall_supplement_due: string | null, 
/**
 * The holder's display name, and username (to tell one's own cases).
 */
claimed_by: string | null, claimed_by_username: string | null, delivery: DeliveryMethod, 
/**
 * YYYY-MM-DD the applicant's 容缺 commitment on this case was found broken; kept for good.
 */
shortfall_broken_on?: string, };
export type CaseEventView = { seq: number, at: string, 
/**
 * None for the event that created the case.
 */
action: CaseAction | null, from_state: CaseState | null, to_state: CaseState, actor: string, hall: HallRef, window: string | null, reason: string, 
/**
 * What a review move recorded beside the reason.
 */
detail: EventDetail | null, };
export type CaseDetail = { summary: CaseSummary, applicant_kind: string, applicant_phone_masked: string, catalog_version: number, events: Array<CaseEventView>, 
/**
 * The 一件事 bundle the case was taken in with, and the cases taken in with it.
 */
bundle: CaseBundleView | null, 
/**
 * Whether the case's recorded history is intact (记录完整).
 */
chain: ChainView, };
export type StateCount = { state: CaseState, count: number, };
export type HallLoad = { hall: HallRef, total: number, open: number, overdue: number, };
export type Overview = { total: number, open: number, overdue: number, 
/**
 * Share of decided cases decided by their due date; none before the first decision.
 */
on_time_rate: number | null, 
/**
 * Approved by the system at intake (智能审批), counted apart from reviewed ones.
 */
instant_approvals: number, 
/**
 * Approved by a reviewer.
 */
reviewed_approvals: number, 
/**
 * Ended because tolerated materials did not come (终止办理).
 */
terminated: number, by_state: Array<StateCount>, by_hall: Array<HallLoad>, 
/**
 * What the figures cover: every case taken in from the first day to today.
 */
period: OverviewPeriod, };
export type OverviewPeriod = { 
/**
 * The local day the first case was taken in (YYYY-MM-DD); none before any.
 */
first_day: string | null, 
/**
 * Today, the last day counted.
 */
last_day: string, 
/**
 * When the figures were read (UTC, RFC 3339).
 */
counted_at: string, };
export type EntryKind = "item" | "bundle";
export type CatalogHit = { kind: EntryKind, code: string, name: string, 
/**
 * The competent department; none for bundles.
 */
department: DepartmentRef | null, promised_days: number | null, on_the_spot: boolean, citywide: boolean, 
/**
 * The member items of a bundle; empty for items.
 */
service_item_codes: Array<string>, score: number, };
export type MergedMaterialView = { name: string, form: MaterialForm, copies: number, pages: number, policy: ShortfallPolicy, applies_to: AppliesTo, 
/**
 * Codes of the member items that ask for it.
 */
service_item_codes: Array<string>, };
export type BundleDetail = { code: string, name: string, description: string, items: Array<ServiceItemSummary>, materials: Array<MergedMaterialView>, 
/**
 * The ways of delivering results that every member item offers.
 */
delivery: Array<DeliveryMethod>, };
export type ApplicantKind = "person" | "organisation";
export type ShortfallRequest = { service_item_code: string, 
/**
 * Codes of the materials received.
 */
present_codes: Array<string>, applicant_kind: ApplicantKind, has_agent: boolean, commitment_signed: boolean, dishonest: boolean, 
/**
 * E-certificate types found for the applicant.
 */
e_certificates: Array<string>, 
/**
 * Who applies, when known: their earlier, still valid materials count as present.
 */
applicant: PartyInput | null, 
/**
 * How received materials were handed in, by code; the catalog's form for those not named.
 */
forms?: { [key in string]: MaterialForm }, };
export type Outcome = "accept" | "accept_with_shortfall" | "one_time_notice" | "refuse";
export type FindingKindView = "present" | "satisfied_by_reuse" | "satisfied_by_e_certificate" | "missing_tolerated" | "missing_blocking" | "optional_missing" | "not_applicable";
export type FindingView = { material_code: string, material_name: string, finding: FindingKindView, 
/**
 * The rule that decided it (stable English name).
 */
rule: string, 
/**
 * zh-CN explanation.
 */
message: string, 
/**
 * YYYY-MM-DD: when a tolerated material must be supplied.
 */
until: string | null, 
/**
 * The earlier case a reused material comes from, or the e-certificate used.
 */
source: string | null, };
export type ShortfallDecisionView = { decision: Outcome, findings: Array<FindingView>, 
/**
 * Why the application is refused, when it is.
 */
refusal: string | null, 
/**
 * YYYY-MM-DD: the promised completion date if accepted today.
 */
due: string, shortfall_supplement_due: string | null, catalog_version: number, 
/**
 * Set when today's year has no holiday schedule.
 */
calendar_warning: string | null, };
export type DocumentKind = "receipt" | "bundle-receipt" | "shortfall-notice" | "commitment" | "one-time-notice" | "refusal-notice" | "correction-notice" | "approval-decision" | "denial-decision" | "special-procedure-notice" | "extension-notice" | "withdrawal-notice" | "progress-slip" | "termination-notice" | "collection-receipt" | "label" | "manifest" | "test-page" | "cover-sheet";
export type PrintJobState = "queued" | "printing" | "held" | "done" | "failed";
export type PrintJobView = { id: number, case_number: string | null, document: DocumentKind, profile: string, queue: string, cups_job: string | null, state: PrintJobState, 
/**
 * zh-CN, when the job failed.
 */
error: string | null, reprint: boolean, user: string, 
/**
 * RFC 3339, UTC.
 */
created_at: string, updated_at: string, };
export type PrinterProfileView = { name: string, description: string, queue: string, media: string, copies: number, dpi: number, serves: Array<DocumentKind>, paper_width_mm: number, 
/**
 * None for a continuous roll.
 */
paper_height_mm: number | null, 
/**
 * Top, right, bottom, left.
 */
margins_mm: Array<number>, offset_x_mm: number, offset_y_mm: number, 
/**
 * Whether CUPS knows the queue; none when CUPS cannot be asked.
 */
queue_installed: boolean | null, };
export type PrintRequest = { document: DocumentKind, case_number: string | null, 
/**
 * A profile other than the default for the document.
 */
profile: string | null, 
/**
 * For receipts: zh-cn (default), zh-hk or en.
 */
lang: string | null, 
/**
 * A CUPS queue other than the profile's.
 */
queue: string | null, 
/**
 * Print the demo sample instead of a case (for trying a printer).
 */
demo: boolean, 
/**
 * For a 交接清单: the handover whose envelopes it lists (default: those waiting to go).
 */
handover?: number, 
/**
 * For a label: the envelope (default: the case's newest live one).
 */
waybill?: string, };
export type ScanView = { sha256: string, media_type: string, pages: number, bytes: number, original_name: string, received_at: string, case_number: string | null, material_code: string | null, };
export type AssignedScanView = { scan: ScanView, 
/**
 * Clockwise degrees: 0, 90, 180 or 270.
 */
rotation: number, };
export type CaseMaterialView = { code: string, name: string, policy: ShortfallPolicy, form: MaterialForm, received: boolean, scans: Array<AssignedScanView>, };
export type ScanInboxView = { inbox: string, scans: Array<ScanView>, };
export type IngestView = { file: string, 
/**
 * stored | duplicate | quarantined
 */
outcome: string, sha256: string | null, pages: number | null, 
/**
 * zh-CN, for duplicates and quarantined files.
 */
reason: string | null, };
export type SaneDeviceView = { name: string, description: string, };
export type SaneScanRequest = { device: string, resolution: number, 
/**
 * Color, Gray or Lineart.
 */
mode: string, duplex: boolean, pages: number | null, };
export type IdKind = "resident_id" | "uscc" | "mobile" | "hk_macau_permit" | "residence_permit" | "tw_permit" | "passport";
export type PartyInput = { name: string, id_kind: IdKind, id_number: string, };
export type ReceivedInput = { material_code: string, form: MaterialForm, copies: number, pages: number, 
/**
 * SHA-256 of stored scans from the inbox that make up this material, in order.
 */
scans?: Array<string>, };
export type AddressInput = { province: string, city: string, district: string, street: string, detail: string, receiver: string, phone: string, };
export type DeliveryInput = { method: DeliveryMethod, 
/**
 * Where to collect, for window delivery (any hall of the city; default: this one).
 */
pickup_hall_code: string | null, address: AddressInput | null, };
export type IntakeRequest = { service_item_code: string, received: Array<ReceivedInput>, applicant_kind: ApplicantKind, applicant: PartyInput, phone: string, agent: PartyInput | null, commitment_signed: boolean, dishonest: boolean, delivery: DeliveryInput, 
/**
 * The draft this intake was saved as, removed once the intake is done.
 */
draft_id: number | null, 
/**
 * On a return visit: the case number of the one-time notice this intake continues (the same
 * applicant's); the receipt names it.
 */
continues?: string, };
export type IntakeResult = { number: string, decision: ShortfallDecisionView, 
/**
 * What to print now, in order.
 */
documents: Array<DocumentKind>, 
/**
 * The case is in the competent department's queue.
 */
handed_off: boolean, 
/**
 * Approved at once by the system (智能审批): the receipt says 即时办结, and a result to be
 * collected here can be handed out now.
 */
instant: boolean, 
/**
 * A courier task carries the paper originals to the department in another district.
 */
material_transfer: boolean, };
export type CaseBundleView = { code: string, name: string, 
/**
 * The case the combined receipt is printed under.
 */
lead: string, 
/**
 * Every case of the intake, this one included.
 */
cases: Array<CaseSummary>, };
export type BundleCheckRequest = { bundle_code: string, 
/**
 * Names of the merged-list materials received.
 */
present_names: Array<string>, applicant_kind: ApplicantKind, has_agent: boolean, commitment_signed: boolean, dishonest: boolean, 
/**
 * Who applies, when known: their earlier, still valid materials count as present.
 */
applicant: PartyInput | null, 
/**
 * How received materials were handed in, by name; the original for those not named.
 */
forms?: { [key in string]: MaterialForm }, };
export type BundleMemberDecision = { service_item_code: string, service_item_name: string, department: DepartmentRef, decision: ShortfallDecisionView, };
export type BundleDecisionView = { bundle_code: string, 
/**
 * One per member item, in the bundle's order.
 */
members: Array<BundleMemberDecision>, };
export type BundleReceivedInput = { name: string, form: MaterialForm, copies: number, pages: number, 
/**
 * SHA-256 of stored scans from the inbox; filed under the material in every case that asks
 * for it.
 */
scans?: Array<string>, };
export type BundleIntakeRequest = { bundle_code: string, received: Array<BundleReceivedInput>, applicant_kind: ApplicantKind, applicant: PartyInput, phone: string, agent: PartyInput | null, commitment_signed: boolean, dishonest: boolean, delivery: DeliveryInput, 
/**
 * The draft this intake was saved as, removed once the intake is done.
 */
draft_id: number | null, 
/**
 * On a return visit: the case number of the one-time notice this intake continues (the same
 * applicant's); the receipt names it.
 */
continues?: string, };
export type BundleCaseResult = { service_item_code: string, service_item_name: string, department: DepartmentRef, number: string, decision: ShortfallDecisionView, handed_off: boolean, material_transfer: boolean, };
export type PrintTask = { case_number: string, document: DocumentKind, };
export type BundleIntakeResult = { bundle_code: string, bundle_name: string, 
/**
 * In the bundle's order.
 */
cases: Array<BundleCaseResult>, 
/**
 * The case the combined receipt is printed under (the first accepted); none when no member
 * was accepted.
 */
lead: string | null, 
/**
 * What to print now, in order: the combined receipt first, then each case's notices.
 */
prints: Array<PrintTask>, };
export type DraftView = { id: number, title: string, 
/**
 * The intake form as the frontend saved it (JSON).
 */
payload: string, updated_at: string, };
export type ReusableMaterialView = { material_name: string, 
/**
 * The form it is on record in: it stands in only where that form would.
 */
form: MaterialForm, case_number: string, valid_until: string, };
export type ApplicantHistoryView = { name: string | null, cases: Array<CaseSummary>, reusable: Array<ReusableMaterialView>, };
export type CoverFilingView = { sha256: string, original_name: string, case_number: string, material_code: string, cover: boolean, };
export type NoticePrefill = { case_number: string, service_item_code: string, service_item_name: string, applicant_kind: ApplicantKind, applicant: PartyInput, phone: string, 
/**
 * Codes of the materials already received at the first visit.
 */
received: Array<string>, };
export type RemitView = { service_item_code: string, accepted_here: boolean, 
/**
 * The halls that accept it, when this one does not (the department's own area).
 */
halls: Array<HallRef>, };
export type LimitStatus = { "status": "paused" } | { "status": "on_track", remaining: number, } | { "status": "warning", remaining: number, } | { "status": "overdue", days: number, };
export type SpecialProcedureKind = "hearing" | "expert_review" | "inspection" | "on_site_check" | "appraisal" | "public_notice";
export type CorrectionItem = { 
/**
 * The item's material, or the code the case gave a paper the catalog does not list (`BZ1`…);
 * none only in records from before such papers had codes.
 */
material_code: string | null, name: string, reason: string, };
export type ReceivedMaterial = { material_code: string, form: MaterialForm, copies: number, pages: number, };
export type EventDetail = { "kind": "return_visit", notice: string, } | { "kind": "reassignment", from: string, to: string, } | { "kind": "approval", result_name: string, certificate_number: string, valid_until: string | null, note: string, } | { "kind": "denial", ground: string, } | { "kind": "correction_request", items: Array<CorrectionItem>, deadline: string, } | { "kind": "correction_supplied", materials: Array<ReceivedMaterial>, } | { "kind": "correction_extended", deadline: string, } | { "kind": "special_procedure_started", procedure: SpecialProcedureKind, limit_days: number, } | { "kind": "special_procedure_ended", outcome: string, } | { "kind": "extension", days: number, } | { "kind": "shortfall_supplied", materials: Array<ReceivedMaterial>, } | { "kind": "reminder", channel: ReminderChannel, } | { "kind": "shortfall_overdue", due: string, missing: Array<string>, } | { "kind": "collection", collector_name: string, collector_id_masked: string, as_agent: boolean, };
export type HolderChoice = "any" | "unclaimed" | "mine" | { "user": string };
export type DueChoice = "overdue" | "today" | { "within": number } | "correction_overdue";
export type QueueRequest = { states?: Array<CaseState>, service_item_code?: string, hall_code?: string, holder?: HolderChoice, due?: DueChoice, offset?: number, 
/**
 * Rows per page (1–200; default 50).
 */
limit?: number, };
export type QueueRowView = { case: CaseSummary, 
/**
 * None before the case is accepted.
 */
clock: LimitStatus | null, };
export type QueueCountsView = { all: number, unclaimed: number, mine: number, overdue: number, paused: number, 
/**
 * Corrections the applicant has not brought by their deadline (the lead decides these).
 */
correction_overdue: number, };
export type QueuePageView = { rows: Array<QueueRowView>, 
/**
 * Cases matching the filters over every page.
 */
total: number, offset: number, limit: number, counts: QueueCountsView, };
export type PauseView = { 
/**
 * YYYY-MM-DD; the start day still counts.
 */
start: string, 
/**
 * None while the pause runs.
 */
end: string | null, working_days: number, };
export type ClockView = { status: LimitStatus, accepted_on: string, promised_days: number, statutory_days: number, due_date: string, statutory_due: string, 
/**
 * The applicant's deadline for an outstanding correction.
 */
correction_due: string | null, correction_overdue: boolean, warning_days: number, pauses: Array<PauseView>, 
/**
 * Working days of the one extension (zero before).
 */
extension_days: number, 
/**
 * The most the item's rules allow for it.
 */
extension_allowance: number, };
export type ChainView = { intact: boolean, events: number, 
/**
 * The first event that does not match, if any.
 */
broken_at: number | null, 
/**
 * zh-CN: 记录完整, or what is wrong.
 */
message: string, };
export type ReviewerView = { username: string, display_name: string, role: Role, };
export type ReceivedMaterialView = { material: CaseMaterialView, 
/**
 * How it was handed in, and how many copies and pages: none when not received.
 */
received_form: MaterialForm | null, copies: number, pages: number, };
export type CorrectionView = { items: Array<CorrectionItem>, deadline: string, 
/**
 * Who asked (a display name), and who the supplied case returns to.
 */
requested_by: string, };
export type ReviewView = { detail: CaseDetail, materials: Array<ReceivedMaterialView>, 
/**
 * The shortfall engine's findings at intake, tolerated materials with their dates.
 */
findings: Array<FindingView>, clock: ClockView | null, 
/**
 * The applicant's other cases, newest first.
 */
earlier_cases: Array<CaseSummary>, 
/**
 * What the user may do with the case now.
 */
actions: Array<CaseAction>, 
/**
 * The item's legal grounds for a denial.
 */
denial_grounds: Array<string>, 
/**
 * The item's result (证照) name, for the approval.
 */
result_name: string, 
/**
 * What is outstanding of the last correction request.
 */
correction: CorrectionView | null, 
/**
 * The documents the case's decisions have made printable.
 */
documents: Array<DocumentKind>, 
/**
 * The tolerated materials (容缺): still to come, or made good since the intake.
 */
shortfall: ShortfallStatus | null, };
export type CorrectionItemInput = { 
/**
 * One of the item's materials, or none to name a new one.
 */
material_code?: string, 
/**
 * Required for a new material; defaults to the item material's name.
 */
name?: string, reason: string, };
export type ReviewRequest = { "action": "claim" } | { "action": "release", reason: string, } | { "action": "reassign", 
/**
 * The reviewer of the department who takes it over (a username).
 */
to: string, reason: string, } | { "action": "approve", 
/**
 * The certificate or licence's name (default: the item's result name).
 */
result_name?: string, certificate_number: string, 
/**
 * YYYY-MM-DD, if the result has a validity.
 */
valid_until?: string, note?: string, } | { "action": "deny", 
/**
 * One of the item's legal grounds.
 */
ground: string, 
/**
 * The facts, in the reviewer's words.
 */
reason: string, } | { "action": "request_correction", items: Array<CorrectionItemInput>, 
/**
 * YYYY-MM-DD: by when the applicant brings them.
 */
deadline: string, reason?: string, } | { "action": "start_special_procedure", procedure: SpecialProcedureKind, 
/**
 * The procedure's own limit in working days.
 */
limit_days: number, reason: string, } | { "action": "end_special_procedure", outcome: string, } | { "action": "extend", days: number, reason: string, } | { "action": "extend_correction", 
/**
 * YYYY-MM-DD: the applicant's new deadline.
 */
deadline: string, reason: string, } | { "action": "withdraw", reason: string, };
export type SupplyRequest = { 
/**
 * The case number, or what the notice's or receipt's QR code reads (OW:number:code).
 */
case: string, materials: Array<ReceivedInput>, note?: string, };
export type ReviewOutcome = { case: CaseSummary, action: CaseAction, documents: Array<DocumentKind>, };
export type ClaimResult = { number: string, claimed: boolean, 
/**
 * zh-CN, when not claimed (who holds it).
 */
error: string | null, };
export type AuditBreak = { case: string, 
/**
 * The first event that does not match, if the break is at one.
 */
seq: number | null, message: string, };
export type AuditReport = { cases: number, events: number, broken: Array<AuditBreak>, };
export type ScanPageView = { sha256: string, 
/**
 * From 1.
 */
page: number, pages: number, data_url: string, };
export type ProgressStep = { 
/**
 * RFC 3339, UTC.
 */
at: string, 
/**
 * None for the case's creation.
 */
action: CaseAction | null, to_state: CaseState, 
/**
 * The hall where it happened (the back office's steps carry the receiving hall).
 */
hall: string, };
export type ProgressMissing = { name: string, 
/**
 * YYYY-MM-DD.
 */
until: string | null, 
/**
 * 容缺补交 or 补正.
 */
why: string, };
export type ProgressView = { number: string, 
/**
 * The verification code came with the number and matched.
 */
verified: boolean, service_item_name: string, department: string, state: CaseState, steps: Array<ProgressStep>, 
/**
 * YYYY-MM-DD: the promised date as the clock stands.
 */
due_date: string | null, 
/**
 * The clock is stopped (a correction or a special procedure).
 */
paused: boolean, 
/**
 * What the applicant still has to bring, and by when.
 */
missing: Array<ProgressMissing>, 
/**
 * Verified only: the applicant's name, masked.
 */
applicant_masked: string | null, 
/**
 * Verified only: where and how the result will be handed over.
 */
delivery: string | null, };
export type ShortfallOverdue = "terminate" | "hold";
export type ReminderChannel = "phone" | "sms" | "in_person";
export type LabelRunState = "printing" | "stopped" | "finished";
export type LabelItemState = "pending" | "sending" | "printed" | "failed";
export type LabelRunRequest = { 
/**
 * The envelopes, in printing order.
 */
waybills: Array<string>, 
/**
 * A label profile other than the default (100×150).
 */
profile: string | null, queue: string | null, };
export type LabelRunItemView = { position: number, waybill: string, state: LabelItemState, print_job: number | null, error: string | null, };
export type LabelRunView = { id: number, state: LabelRunState, profile: string, queue: string | null, total: number, printed: number, failed: number, 
/**
 * Not printed yet (pending, failed, or sent when the run was cut off).
 */
remaining: number, 
/**
 * Why it stopped, when it did.
 */
note: string, created_by: string, created_at: string, items: Array<LabelRunItemView>, };
export type LabelRunProgress = { run: number, done: number, total: number, waybill: string, state: LabelItemState, reprint: boolean, error: string | null, };
export type FollowUpUrgency = "overdue" | "due_today" | "due_tomorrow" | "later";
export type ShortfallStatus = { 
/**
 * Still to come, each with its date.
 */
outstanding: Array<ProgressMissing>, 
/**
 * YYYY-MM-DD the outstanding ones are due; none once everything is in.
 */
due: string | null, 
/**
 * The tolerated materials brought after the intake, by name: the shortfall made good.
 */
supplied: Array<string>, 
/**
 * YYYY-MM-DD the commitment was found broken (overdue); kept for good.
 */
broken_on: string | null, 
/**
 * What the item's rule does once they are overdue.
 */
on_overdue: ShortfallOverdue, };
export type FollowUpRequest = { 
/**
 * A supervisor may narrow the list to one hall.
 */
hall_code?: string, 
/**
 * Only those due within this many working days (0: due today or overdue).
 */
due_within?: number, };
export type ReminderView = { 
/**
 * RFC 3339, UTC.
 */
at: string, by: string, channel: ReminderChannel, };
export type FollowUpRowView = { case: CaseSummary, 
/**
 * The applicant's phone, masked: the clerk calls through the hall's phone system.
 */
phone_masked: string | null, urgency: FollowUpUrgency, shortfall: ShortfallStatus, last_reminder: ReminderView | null, 
/**
 * What the user may do with the case from the list (remind, supply, hold, terminate).
 */
actions: Array<CaseAction>, };
export type FollowUpCounts = { overdue: number, due_today: number, due_tomorrow: number, later: number, };
export type FollowUpListView = { 
/**
 * What the list covers, in words: 江门市政务服务中心受理的办件, 江门市市场监督管理局的办件.
 */
scope: string, rows: Array<FollowUpRowView>, counts: FollowUpCounts, };
export type RemindRequest = { 
/**
 * The case number, or the receipt's QR code text.
 */
case: string, channel: ReminderChannel, note?: string, };
export type SettleRequest = { case: string, reason?: string, };
export type IssuanceRowView = { case: CaseSummary, 
/**
 * What is handed over: the result and its number, or the decision document.
 */
result: string, 
/**
 * RFC 3339, UTC: when it came to the window.
 */
ready_since: string, 
/**
 * Calendar days it has waited.
 */
waiting_days: number, 
/**
 * Waiting longer than the hall's limit: the applicant should be called.
 */
uncollected: boolean, 
/**
 * Why it cannot be handed out yet (tolerated materials still missing), if it cannot.
 */
blocked: string | null, 
/**
 * The agent recorded at intake, who may collect without a new authorisation.
 */
agent_name: string | null, instant: boolean, };
export type IssuanceListView = { hall: HallRef, 
/**
 * Days a result may wait before it shows as uncollected.
 */
uncollected_days: number, rows: Array<IssuanceRowView>, };
export type CollectorInput = { "kind": "applicant", id_kind: IdKind, id_number: string, } | { "kind": "agent", name: string, id_kind: IdKind, id_number: string, 
/**
 * The applicant's ID number as the authorisation gives it.
 */
applicant_id_number?: string, 
/**
 * The authorisation letter (授权委托书) was shown and kept.
 */
authorisation: boolean, };
export type IssueRequest = { 
/**
 * The case number, or the receipt's QR code text.
 */
case: string, collector: CollectorInput, };
export type WaybillFormat = "s10" | "digits";
export type ShipmentKind = "material_transfer" | "result_to_hall" | "result_to_applicant" | "return";
export type ShipmentState = "packed" | "labelled" | "handed_over" | "received" | "delivered" | "returned" | "exception" | "cancelled";
export type WaybillRangeImport = { carrier: string, product: string, format: WaybillFormat, first?: string, last?: string, numbers?: Array<string>, };
export type WaybillRangeView = { id: number, carrier: string, product: string, format: WaybillFormat, first: string, last: string, total: number, used: number, cancelled: number, free: number, 
/**
 * The carrier product's free numbers are running low: ask the carrier for a new range.
 */
low: boolean, imported_at: string, };
export type ShipmentView = { waybill: string, kind: ShipmentKind, state: ShipmentState, from_hall: string, 
/**
 * The department's or hall's name, or the address.
 */
destination: string, receiver_name: string, carrier: string, product: string, cases: Array<string>, 
/**
 * Each case with the papers (material codes) of it in the envelope.
 */
papers: Array<[string, Array<string>]>, split_reason: string | null, created_at: string, created_by: string, };
export type DispatchItemView = { kind: ShipmentKind, case: CaseSummary, destination: string, 
/**
 * The originals that travel (material codes).
 */
papers: Array<string>, 
/**
 * Why it cannot be sent yet (tolerated materials missing), if it cannot.
 */
blocked: string | null, };
export type DispatchGroupView = { kind: ShipmentKind, destination: string, count: number, items: Array<DispatchItemView>, };
export type DispatchWorkView = { total: number, groups: Array<DispatchGroupView>, shipments: Array<ShipmentView>, };
export type ShipmentRequest = { kind: ShipmentKind, cases: Array<string>, 
/**
 * For materials: the papers of a case to put in (default: all its originals).
 */
papers?: { [key in string]: Array<string> }, 
/**
 * Why a case already in another envelope goes in this one too.
 */
split_reason?: string, carrier?: string, product?: string, };
export type HandoverRequest = { courier_name: string, 
/**
 * The carrier the courier works for; only its envelopes go.
 */
courier_company: string, 
/**
 * Phone or badge number.
 */
courier_contact: string, };
export type HandoverView = { id: number, hall: string, courier_name: string, courier_company: string, courier_contact: string, started_at: string, started_by: string, closed_at: string | null, 
/**
 * Scanned into this handover.
 */
scanned: Array<ShipmentView>, 
/**
 * Labelled for this carrier at this hall and not scanned yet.
 */
missing: Array<ShipmentView>, };
export type ReceiveOutcome = "received" | "missing" | "damaged";
export type ReceiveRequest = { waybill: string, outcome: ReceiveOutcome, reason?: string, };
export type TrackingReport = { lines: number, 
/**
 * Events not seen before.
 */
new: number, 
/**
 * Events already imported: changed nothing.
 */
duplicates: number, 
/**
 * Kept, flagged: the carrier's code is not one we know.
 */
unknown_codes: Array<string>, 
/**
 * Waybills now delivered, and their cases closed.
 */
delivered: Array<string>, 
/**
 * Waybills returned or in trouble: on the dispatcher's list.
 */
attention: Array<string>, 
/**
 * Lines that could not be read, with why.
 */
problems: Array<string>, };
export type CustodyStep = { at: string | null, what: string, who: string, place: string, waybill: string | null, gap: boolean, };
export type CustodyView = { number: string, steps: Array<CustodyStep>, 
/**
 * Every step that should have happened did.
 */
unbroken: boolean, };

export const ALL_CASE_STATES: readonly CaseState[] = ['draft', 'accepted', 'accepted_with_shortfall', 'handed_off', 'under_review', 'correction_requested', 'corrected', 'special_procedure', 'approved', 'denied', 'ready_for_issuance', 'awaiting_dispatch', 'collected', 'dispatched', 'delivered', 'closed', 'refused', 'notice_issued', 'withdrawn', 'terminated']
export const ALL_CASE_ACTIONS: readonly CaseAction[] = ['accept', 'accept_with_shortfall', 'refuse', 'issue_notice', 'hand_off', 'claim', 'release', 'request_correction', 'submit_correction', 'reassign', 'start_special_procedure', 'end_special_procedure', 'extend', 'extend_correction', 'withdraw', 'approve', 'deny', 'prepare_issuance', 'prepare_dispatch', 'collect', 'dispatch', 'deliver', 'close', 'instant_approve', 'supply_shortfall', 'remind', 'hold_shortfall', 'terminate']
