// The only module that talks to the Rust shell. One typed wrapper per Tauri command; a rejected
// invoke always surfaces as a thrown `IpcError` (`{ code, message, field, suggested_id_kind }`).
import { Channel, invoke } from '@tauri-apps/api/core'
import type {
  ApplicantHistoryView,
  BundleCheckRequest,
  BundleDecisionView,
  BundleDetail,
  BundleIntakeRequest,
  BundleIntakeResult,
  CaseDetail,
  CaseMaterialView,
  CatalogHit,
  CaseSummary,
  DraftView,
  ErrorCode,
  HallRef,
  IdKind,
  IntakeRequest,
  IntakeResult,
  IpcError,
  Overview,
  PrinterProfileView,
  PrintJobView,
  PrintRequest,
  ProgressView,
  SaneDeviceView,
  SaneScanRequest,
  ScanInboxView,
  RemitView,
  SessionView,
  SignInStatusView,
  StaffView,
  NewStaffRequest,
  StationSettingsView,
  StationStatusView,
  ServiceItemDetail,
  ShortfallDecisionView,
  ShortfallRequest,
  CoverFilingView,
  NoticePrefill,
  AuditReport,
  ClaimResult,
  QueuePageView,
  QueueRequest,
  ReviewOutcome,
  ReviewRequest,
  ReviewView,
  ReviewerView,
  ScanPageView,
  SupplyRequest,
  FollowUpListView,
  FollowUpRequest,
  RemindRequest,
  SettleRequest,
  IssuanceListView,
  IssueRequest,
  DispatchWorkView,
  ShipmentRequest,
  ShipmentView,
  WaybillRangeImport,
  WaybillRangeView,
  HandoverRequest,
  HandoverView,
  ReceiveRequest,
  CustodyView,
  LabelRunProgress,
  LabelRunRequest,
  LabelRunView,
} from './bindings'
import { reportScreenLocked } from './screenLocked'

// Every code and ID kind, once: a value added on the Rust side does not compile here until it is listed.
const ERROR_CODES = {
  invalid_input: true,
  not_found: true,
  unauthenticated: true,
  screen_locked: true,
  forbidden: true,
  conflict: true,
  storage: true,
  internal: true,
} satisfies Record<ErrorCode, true>

const ID_KINDS = {
  resident_id: true,
  uscc: true,
  mobile: true,
  hk_macau_permit: true,
  residence_permit: true,
  tw_permit: true,
  passport: true,
} satisfies Record<IdKind, true>

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value)
}

function isIdKind(value: unknown): value is IdKind {
  return typeof value === 'string' && Object.hasOwn(ID_KINDS, value)
}

export function isIpcError(e: unknown): e is IpcError {
  if (typeof e !== 'object' || e === null) return false
  const { code, message } = e as Record<string, unknown>
  return typeof message === 'string' && isErrorCode(code)
}

/**
 * Normalises whatever `invoke` rejected with into an `IpcError`. The field and the suggested ID kind
 * are kept when they are sound, null otherwise (a shell that does not send them, a test's stand-in).
 */
export function toIpcError(e: unknown): IpcError {
  const v = typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : {}
  const field = typeof v.field === 'string' && v.field !== '' ? v.field : null
  const suggested_id_kind = isIdKind(v.suggested_id_kind) ? v.suggested_id_kind : null
  if (typeof v.message === 'string' && typeof v.code === 'string') {
    // A code this build does not know yet: keep the message, as an internal error.
    return { code: isErrorCode(v.code) ? v.code : 'internal', message: v.message, field, suggested_id_kind }
  }
  return { code: 'internal', message: String(e), field: null, suggested_id_kind: null }
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args)
  } catch (e) {
    const err = toIpcError(e)
    // A call in flight when the screen locked, or any call after a reload of a locked window: the
    // lock screen must come up, whichever screen made the call.
    if (err.code === 'screen_locked') reportScreenLocked()
    throw err
  }
}

export function login(username: string, password: string): Promise<SessionView> {
  return call('login', { username, password })
}

export function logout(): Promise<null> {
  return call('logout')
}

/** Who is signed in, and whether their screen is locked; null when nobody is. */
export function currentUser(): Promise<SessionView | null> {
  return call('current_user')
}

/** Locks the screen: the backend refuses every other command (code `screen_locked`) until unlocked. */
export function lockScreen(): Promise<null> {
  return call('lock_screen')
}

/** Unlocks with the signed-in user's password (throttled like the login). */
export function unlockScreen(password: string): Promise<null> {
  return call('unlock_screen', { password })
}

/** The admin's view of a username's failed sign-ins and lock-out. */
export function signInStatus(username: string): Promise<SignInStatusView> {
  return call('sign_in_status', { username })
}

/** The admin lifts a username's lock-out before it runs out. */
export function liftLockout(username: string): Promise<SignInStatusView> {
  return call('lift_lockout', { username })
}

// ---- the staff (工作人员), admins only ------------------------------------------------------------

/** Every member of staff (the disabled too), the halls with their windows and screen lock, the departments. */
export function staff(): Promise<StaffView> {
  return call('staff')
}

/** Adds a member of staff with their first password; resolves with their sign-in status. */
export function addStaff(request: NewStaffRequest): Promise<SignInStatusView> {
  return call('add_staff', { request })
}

/** Gives a member a new password; it also brings a disabled sign-in back and lifts a lock-out. */
export function resetPassword(username: string, password: string): Promise<SignInStatusView> {
  return call('reset_password', { username, password })
}

/** Ends a member's sign-in until their password is reset (never the admin's own). */
export function disableSignIn(username: string): Promise<null> {
  return call('disable_sign_in', { username })
}

/** Sets after how many idle minutes (1–120) the hall's screens lock; resolves with the minutes set. */
export function setIdleLockMinutes(hallCode: string, minutes: number): Promise<number> {
  return call('set_idle_lock_minutes', { hall_code: hallCode, minutes })
}

// ---- the station settings (本站设置) ----------------------------------------------------------------

/** Which database this station works on, where its data lives, and whether a change waits for a restart. */
export function stationSettings(): Promise<StationSettingsView> {
  return call('station_settings')
}

/** Points this station at the city database (`postgres://HOST/DB`) for a hall and window, from the next start. Admins only. */
export function connectStation(url: string, hall: string, window: string | null): Promise<StationSettingsView> {
  return call('connect_station', { url, hall, window })
}

/** Registers this city station for offline intake under `name`, with the admin's own password typed again. Admins only. */
export function registerStation(name: string, password: string): Promise<StationSettingsView> {
  return call('register_station', { name, password })
}

/** Starts the app again, for changed station settings to count; it never resolves (everyone is signed out). Admins only. */
export function restartApp(): Promise<never> {
  return call('restart_app')
}

/**
 * What the header shows of the station: on a city station, whether this session works offline (the
 * city database cut off), the intakes not yet taken by the city, the case numbers leased for today
 * still unused, and the offline intakes the city refused. A hall's own file answers `city: false`.
 */
export function stationStatus(): Promise<StationStatusView> {
  return call('station_status')
}

/** Service items and 一件事 bundles matching `query`, best first. */
export function searchCatalog(query: string, limit: number): Promise<CatalogHit[]> {
  return call('search_catalog', { query, limit })
}

export function getServiceItem(code: string): Promise<ServiceItemDetail> {
  return call('get_service_item', { code })
}

/** Whether the clerk's hall may accept the item, and which halls may when it may not. */
export function itemRemit(code: string): Promise<RemitView> {
  return call('item_remit', { code })
}

export function getBundle(code: string): Promise<BundleDetail> {
  return call('get_bundle', { code })
}

/** The live 容缺受理 decision for the materials ticked so far and the applicant's facts. */
export function checkShortfall(request: ShortfallRequest): Promise<ShortfallDecisionView> {
  return call('check_shortfall', { request })
}

/**
 * The live decision of every member item of a 一件事 bundle for the merged-list materials received so
 * far (by name) and the applicant's facts, in the bundle's order.
 */
export function checkBundle(request: BundleCheckRequest): Promise<BundleDecisionView> {
  return call('check_bundle', { request })
}

export function dispatchQueue(): Promise<CaseSummary[]> {
  return call('dispatch_queue')
}

export function overview(): Promise<Overview> {
  return call('overview')
}

export function getCase(number: string): Promise<CaseDetail> {
  return call('get_case', { number })
}

/** The printer profiles of this workstation, with whether CUPS knows each queue. */
export function printerProfiles(): Promise<PrinterProfileView[]> {
  return call('printer_profiles')
}

/**
 * Renders and sends a document. A job CUPS refused resolves normally, with state `failed` and
 * `error`; only a request that could not be made at all rejects.
 */
export function printDocument(request: PrintRequest): Promise<PrintJobView> {
  return call('print_document', { request })
}

/** The print jobs of a case (all recent jobs for null), newest first, refreshed from CUPS. */
export function printJobs(caseNumber: string | null): Promise<PrintJobView[]> {
  return call('print_jobs', { case_number: caseNumber })
}

/**
 * Prints the 容缺受理承诺书 of the intake on screen, not submitted yet, for the applicant to sign before
 * the clerk ticks 已签署 (on the document's own printer). Refused naming `commitment_signed` when the
 * materials taken in would tolerate nothing.
 */
export function printCommitmentDraft(request: IntakeRequest): Promise<PrintJobView> {
  return call('print_commitment_draft', { request, profile: null })
}

/** Sends a failed or held job again: to the same printer (null) or to another profile. */
export function resendPrintJob(id: number, profile: string | null): Promise<PrintJobView> {
  return call('resend_print_job', { id, profile })
}

/** Saves a profile's calibration offset on this workstation (mm, right and down; ±20). */
export function calibratePrinter(profile: string, xMm: number, yMm: number): Promise<PrinterProfileView> {
  return call('calibrate_printer', { profile, x_mm: xMm, y_mm: yMm })
}

/** The workstation's scan inbox folder and the stored scans not yet assigned to a case, newest first. */
export function scanInbox(): Promise<ScanInboxView> {
  return call('scan_inbox')
}

/** The case's materials checklist in catalog order, each with its assigned scans. */
export function caseMaterials(number: string): Promise<CaseMaterialView[]> {
  return call('case_materials', { number })
}

/**
 * Puts a stored scan under a material of a case, turned clockwise by `rotation` (0, 90, 180, 270).
 * Called again for an assigned scan, it changes the rotation and keeps the scan's position.
 */
export function assignScan(number: string, materialCode: string, sha256: string, rotation: number): Promise<null> {
  return call('assign_scan', { number, material_code: materialCode, sha256, rotation })
}

/** Takes a scan off the case; it goes back to the unassigned inbox. */
export function unassignScan(number: string, sha256: string): Promise<null> {
  return call('unassign_scan', { number, sha256 })
}

/** A scan's thumbnail as a `data:` URL (JPEG); null for PDFs. */
export function scanThumbnail(sha256: string): Promise<string | null> {
  return call('scan_thumbnail', { sha256 })
}

/** Writes all scans of the case into one PDF, a bookmark per material; resolves with its path. */
export function exportCaseFile(number: string): Promise<string> {
  return call('export_case_file', { number })
}

/** A folder of the workstation the clerk may open: the scan inbox, or where case files are written. */
export type StationFolder = 'inbox' | 'exports'

/** Opens the folder in the system's file manager, so that the clerk never has to be shown its path. */
export function openFolder(folder: StationFolder): Promise<void> {
  return call('open_folder', { folder })
}

/** Moves a scan one place earlier (`up`) or later within its material. */
export function moveScan(number: string, sha256: string, up: boolean): Promise<null> {
  return call('move_scan', { number, sha256, up })
}

/** Files the unassigned scans by the cover sheets among them; the pages filed. */
export function fileByCoverSheets(): Promise<CoverFilingView[]> {
  return call('file_by_cover_sheets')
}

/** The SANE scanners this workstation can reach. */
export function saneDevices(): Promise<SaneDeviceView[]> {
  return call('sane_devices')
}

/** Scans into the inbox; resolves with the files written. They arrive as `scan-ingested` events. */
export function saneScan(request: SaneScanRequest): Promise<string[]> {
  return call('sane_scan', { request })
}

/**
 * Takes the intake at the window: the case is accepted (and handed off), or a one-time notice or a
 * refusal is recorded. Resolves with the case number and the documents to print now, in order.
 */
export function intake(request: IntakeRequest): Promise<IntakeResult> {
  return call('intake', { request })
}

/**
 * Takes a 一件事 bundle in at the window, in one transaction: one case per member item, each with its
 * own outcome. Resolves with the cases, the lead (whose number the combined receipt is printed
 * under) and everything to print now, in order.
 */
export function intakeBundle(request: BundleIntakeRequest): Promise<BundleIntakeResult> {
  return call('intake_bundle', { request })
}

/** Saves the intake form in progress (a new draft for id null); resolves with the draft id. */
export function saveDraft(id: number | null, title: string, payload: string): Promise<number> {
  return call('save_draft', { id, title, payload })
}

/** The clerk's own drafts. */
/** What the first visit of a one-time notice took in. */
export function noticePrefill(number: string): Promise<NoticePrefill> {
  return call('notice_prefill', { number })
}

export function drafts(): Promise<DraftView[]> {
  return call('drafts')
}

export function deleteDraft(id: number): Promise<null> {
  return call('delete_draft', { id })
}

/** The applicant's earlier cases and the materials they need not bring again. */
export function applicantHistory(idKind: IdKind, idNumber: string): Promise<ApplicantHistoryView> {
  return call('applicant_history', { id_kind: idKind, id_number: idNumber })
}

/** The halls of the city (for the pickup hall). */
export function listHalls(): Promise<HallRef[]> {
  return call('list_halls')
}

/** One page of the reviewer's department queue, soonest due first, with the counts of its tabs. */
export function queuePage(request: QueueRequest): Promise<QueuePageView> {
  return call('queue_page', { request })
}

/** Everything the review screen shows of a case, and the moves this user may take on it now. */
export function reviewCase(number: string): Promise<ReviewView> {
  return call('review_case', { number })
}

/** Takes one back-office move on a case; resolves with the case as it is now and what became printable. */
export function reviewAction(number: string, request: ReviewRequest): Promise<ReviewOutcome> {
  return call('review_action', { number, request })
}

/**
 * 领取下一件: claims the department's next case nobody holds, soonest due first (one another
 * reviewer is taking at the same moment is passed over); null when none is free.
 */
export function claimNextCase(): Promise<ReviewOutcome | null> {
  return call('claim_next_case')
}

/** Claims each case: one result per case, claimed or why not (who holds it). */
export function claimCases(numbers: string[]): Promise<ClaimResult[]> {
  return call('claim_cases', { numbers })
}

/** The reviewers of the user's department (for reassigning and the holder filter). */
export function departmentReviewers(): Promise<ReviewerView[]> {
  return call('department_reviewers')
}

/** What the applicant brought for a correction, taken in at this window; the case goes back to its reviewer. */
export function supplyCorrection(request: SupplyRequest): Promise<ReviewOutcome> {
  return call('supply_correction', { request })
}

/**
 * Where a case stands, for the applicant at any window: a case number, or the receipt's QR code
 * (`OW:number:code`), whose matching code adds the applicant's own details. Every look-up is logged.
 */
export function caseProgress(reference: string): Promise<ProgressView> {
  return call('case_progress', { reference })
}

/** Walks the audit chain of one case, or of every case (number null). */
export function verifyAudit(number: string | null): Promise<AuditReport> {
  return call('verify_audit', { number })
}

/** One page (from 1) of a stored scan as a picture; rejects for PDFs. */
export function scanPage(sha256: string, page: number): Promise<ScanPageView> {
  return call('scan_page', { sha256, page })
}

// ---- follow-ups of tolerated materials (容缺跟踪) ------------------------------------------------

/** The cases whose tolerated materials are still to come, in the user's scope (decided by the backend), soonest due first. */
export function followups(request: FollowUpRequest): Promise<FollowUpListView> {
  return call('followups', { request })
}

/** Records that the applicant was reminded to bring the tolerated materials (by phone, SMS or in person). */
export function remind(request: RemindRequest): Promise<ReviewOutcome> {
  return call('remind', { request })
}

/** What the applicant brought of the tolerated materials, taken in at this window. */
export function supplyShortfall(request: SupplyRequest): Promise<ReviewOutcome> {
  return call('supply_shortfall', { request })
}

/** Holds the result back (暂缓出件): the tolerated materials are overdue and the item's rule is hold. */
export function holdShortfall(request: SettleRequest): Promise<ReviewOutcome> {
  return call('hold_shortfall', { request })
}

/** Ends the case (终止办理): the tolerated materials are overdue and the item's rule is terminate; the notice becomes printable. */
export function terminateCase(request: SettleRequest): Promise<ReviewOutcome> {
  return call('terminate_case', { request })
}

// ---- issuance at the window (统一出件) ---------------------------------------------------------

/** The results waiting at the clerk's hall to be collected, longest waiting first. */
export function issuanceQueue(): Promise<IssuanceListView> {
  return call('issuance_queue')
}

/**
 * Hands the result of `request.case` (a case number or the receipt's QR code text, as typed or
 * scanned) to the collector, after their papers are compared with the case; the case is collected
 * and closed, and the 领取签收单 is printable. A mismatch rejects on the field it is about.
 */
export function issueResult(request: IssueRequest): Promise<ReviewOutcome> {
  return call('issue_result', { request })
}

// ---- the courier desk (寄递) ----------------------------------------------------------------------

/**
 * What is to be packed at the dispatcher's hall, grouped by kind and destination (an item that cannot
 * go yet says why), and the hall's envelopes not cancelled or returned. Dispatchers only.
 */
export function dispatchWork(): Promise<DispatchWorkView> {
  return call('dispatch_work')
}

/**
 * Packs an envelope and takes its waybill number from the carrier's range: several cases to one
 * department (materials), or one result to its applicant. A case already in another live envelope of
 * the kind is refused on `split_reason` until a reason is given.
 */
export function createShipment(request: ShipmentRequest): Promise<ShipmentView> {
  return call('create_shipment', { request })
}

/** Cancels an envelope before it leaves (packed or labelled); its waybill number is never used again. */
export function cancelShipment(waybill: string, reason: string): Promise<ShipmentView> {
  return call('cancel_shipment', { waybill, reason })
}

/** The carriers' waybill ranges, each marked when its carrier product's free numbers run low. */
export function waybillRanges(): Promise<WaybillRangeView[]> {
  return call('waybill_ranges')
}

/** Imports a range (first and last, or every number listed), all of it or nothing. Admins only. */
export function importWaybillRange(request: WaybillRangeImport): Promise<WaybillRangeView> {
  return call('import_waybill_range', { request })
}

/** The envelopes a case has been in, oldest first. */
export function caseShipments(number: string): Promise<ShipmentView[]> {
  return call('case_shipments', { number })
}

// ---- the batch label run (批量打印面单) ----------------------------------------------------------------

/** A channel that hands each label's progress to `onProgress`, for a label run's command. */
function progressChannel(onProgress: (progress: LabelRunProgress) => void): Channel<LabelRunProgress> {
  const channel = new Channel<LabelRunProgress>()
  channel.onmessage = onProgress
  return channel
}

/**
 * Prints the labels of the envelopes listed, in order, reporting each label to `onProgress`; resolves
 * with the run when it finishes or stops (cancelled, or a printer refused a label).
 */
export function printLabels(request: LabelRunRequest, onProgress: (progress: LabelRunProgress) => void): Promise<LabelRunView> {
  return call('print_labels', { request, on_progress: progressChannel(onProgress) })
}

/** Resumes a run that stopped or was cut off (the app killed mid-run): only what is not printed yet. */
export function resumeLabelRun(id: number, onProgress: (progress: LabelRunProgress) => void): Promise<LabelRunView> {
  return call('resume_label_run', { id, on_progress: progressChannel(onProgress) })
}

/** Stops a run after the label in hand; the pending print or resume then resolves with it stopped. */
export function cancelLabelRun(id: number): Promise<LabelRunView> {
  return call('cancel_label_run', { id })
}

/** The hall's recent label runs, newest first. */
export function labelRuns(): Promise<LabelRunView[]> {
  return call('label_runs')
}

// ---- the courier's pickup (揽收交接) and receiving at the other end (签收) ----------------------------

/** Starts a handover to a courier of a carrier at the dispatcher's hall; its envelopes are listed as missing. */
export function startHandover(request: HandoverRequest): Promise<HandoverView> {
  return call('start_handover', { request })
}

/** Scans an envelope into the handover; one that does not belong is refused on `waybill`. */
export function scanHandover(id: number, waybill: string): Promise<HandoverView> {
  return call('scan_handover', { id, waybill })
}

/** Closes the handover: every scanned envelope is handed over and its cases dispatched. */
export function closeHandover(id: number): Promise<HandoverView> {
  return call('close_handover', { id })
}

/** Signs an envelope in at its destination (received), or records it missing or damaged with a reason. */
export function receiveShipment(request: ReceiveRequest): Promise<ShipmentView> {
  return call('receive_shipment', { request })
}

/** The chain of custody of a case's papers, in order, with any step that did not happen marked as a gap. */
export function caseCustody(number: string): Promise<CustodyView> {
  return call('case_custody', { number })
}
