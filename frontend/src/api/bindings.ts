// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test -p onewindow-desktop bindings`.

export type Role = "window_clerk" | "reviewer" | "dispatcher" | "supervisor" | "admin";
export type CaseState = "draft" | "accepted" | "accepted_with_shortfall" | "handed_off" | "under_review" | "supplement_requested" | "supplied" | "approved" | "denied" | "ready_for_issuance" | "awaiting_dispatch" | "collected" | "dispatched" | "delivered" | "closed" | "refused" | "notice_issued";
export type DeliveryMethod = "window" | "post";
export type MaterialForm = "original" | "copy" | "e_certificate";
export type ShortfallPolicy = "core" | "tolerable" | "optional";
export type AppliesTo = "all" | "person" | "organisation" | "agent";
export type ErrorCode = "invalid_input" | "not_found" | "unauthenticated" | "forbidden" | "conflict" | "storage" | "internal";
export type IpcError = { code: ErrorCode, message: string, };
export type HallRef = { code: string, name: string, };
export type DepartmentRef = { code: string, name: string, };
export type UserView = { username: string, display_name: string, role: Role, hall: HallRef | null, window: string | null, department: DepartmentRef | null, };
export type ServiceItemSummary = { code: string, name: string, department: DepartmentRef, kind: string, promised_days: number, on_the_spot: boolean, citywide: boolean, };
export type Guide = { conditions: string, basis: string, process: string, faq: string, };
export type MaterialView = { code: string, name: string, form: MaterialForm, copies: number, pages: number, policy: ShortfallPolicy, supplement_days: number | null, e_certificate: string | null, applies_to: AppliesTo, note: string, };
export type ServiceItemDetail = { code: string, name: string, department: DepartmentRef, level: string, kind: string, statutory_days: number, promised_days: number, on_the_spot: boolean, fee: string, delivery: Array<DeliveryMethod>, citywide: boolean, commitment_approval: boolean, guide: Guide, materials: Array<MaterialView>, };
export type CaseSummary = { number: string, service_item_code: string, service_item_name: string, department: DepartmentRef, applicant_name: string, applicant_id_masked: string, hall: HallRef, state: CaseState, 
/**
 * RFC 3339, UTC.
 */
accepted_at: string | null, 
/**
 * YYYY-MM-DD.
 */
due_date: string | null, supplement_due: string | null, claimed_by: string | null, delivery: DeliveryMethod, };
export type CaseEventView = { seq: number, at: string, action: string, from_state: CaseState | null, to_state: CaseState, actor: string, hall: HallRef, window: string | null, reason: string, };
export type CaseDetail = { summary: CaseSummary, applicant_kind: string, applicant_phone_masked: string, catalog_version: number, events: Array<CaseEventView>, };
export type StateCount = { state: CaseState, count: number, };
export type HallLoad = { hall: HallRef, total: number, open: number, overdue: number, };
export type Overview = { total: number, open: number, overdue: number, 
/**
 * Share of decided cases decided by their due date; none before the first decision.
 */
on_time_rate: number | null, by_state: Array<StateCount>, by_hall: Array<HallLoad>, };
