// The forms of the review moves: what each dialog starts with, and the request it sends. Blank
// optional fields are left out of the request; required ones are sent as typed, and the backend
// names the field it refuses (the dialog focuses `input-<field>`).
import type { CaseAction, ReviewRequest, ReviewView, SpecialProcedureKind } from '@/api/bindings'

/** The moves that open a dialog (claim is taken at once; the window's correction supply is not the reviewer's). */
export const DIALOG_ACTIONS = [
  'approve',
  'deny',
  'request_correction',
  'start_special_procedure',
  'end_special_procedure',
  'release',
  'reassign',
  'extend',
  'extend_correction',
  'withdraw',
] as const satisfies readonly CaseAction[]
export type DialogAction = (typeof DIALOG_ACTIONS)[number]

export function isDialogAction(action: CaseAction): action is DialogAction {
  return (DIALOG_ACTIONS as readonly CaseAction[]).includes(action)
}

export const PROCEDURES: readonly SpecialProcedureKind[] = ['hearing', 'expert_review', 'inspection', 'on_site_check', 'appraisal', 'public_notice']

/** A material the correction asks for: one of the checklist's (`code`), or one the reviewer names. */
export interface CorrectionRow {
  code: string | null
  name: string
  picked: boolean
  reason: string
}

export interface ReviewForm {
  reason: string
  to: string
  result_name: string
  certificate_number: string
  valid_until: string
  note: string
  ground: string
  items: CorrectionRow[]
  deadline: string
  procedure: SpecialProcedureKind | ''
  limit_days: number | null
  outcome: string
  days: number | null
}

/** What a dialog starts with: the item's result name, its only legal ground, the most days it allows. */
export function startForm(action: DialogAction, review: ReviewView): ReviewForm {
  return {
    reason: '',
    to: '',
    result_name: action === 'approve' ? review.result_name : '',
    certificate_number: '',
    valid_until: '',
    note: '',
    ground: review.denial_grounds.length === 1 ? review.denial_grounds[0]! : '',
    items: review.materials.map((m) => ({ code: m.material.code, name: m.material.name, picked: false, reason: '' })),
    deadline: '',
    procedure: '',
    limit_days: null,
    outcome: '',
    days: review.clock && review.clock.extension_allowance > 0 ? review.clock.extension_allowance : null,
  }
}

/** A row the reviewer added, not one of the checklist's. */
export function newRow(): CorrectionRow {
  return { code: null, name: '', picked: true, reason: '' }
}

function optional(value: string): string | undefined {
  const v = value.trim()
  return v ? v : undefined
}

/** The materials asked for: the ticked checklist rows and every added row with something typed in it. */
export function correctionItems(rows: readonly CorrectionRow[]) {
  return rows
    .filter((r) => (r.code ? r.picked : r.name.trim() !== '' || r.reason.trim() !== ''))
    .map((r) => (r.code ? { material_code: r.code, reason: r.reason } : { name: r.name, reason: r.reason }))
}

/**
 * A choice the dialog must have before it can send anything the backend could name (the kind of
 * procedure is an enum the request cannot carry blank): the field, or null when there is none missing.
 */
export function missingChoice(action: DialogAction, form: ReviewForm): 'procedure' | 'to' | null {
  if (action === 'start_special_procedure' && !form.procedure) return 'procedure'
  if (action === 'reassign' && !form.to) return 'to'
  return null
}

export function requestFor(action: DialogAction, form: ReviewForm): ReviewRequest {
  switch (action) {
    case 'approve': {
      const result_name = optional(form.result_name)
      const valid_until = optional(form.valid_until)
      const note = optional(form.note)
      return {
        action,
        certificate_number: form.certificate_number,
        ...(result_name ? { result_name } : {}),
        ...(valid_until ? { valid_until } : {}),
        ...(note ? { note } : {}),
      }
    }
    case 'deny':
      return { action, ground: form.ground, reason: form.reason }
    case 'request_correction': {
      const reason = optional(form.reason)
      return { action, items: correctionItems(form.items), deadline: form.deadline, ...(reason ? { reason } : {}) }
    }
    case 'start_special_procedure':
      return { action, procedure: form.procedure as SpecialProcedureKind, limit_days: form.limit_days ?? 0, reason: form.reason }
    case 'end_special_procedure':
      return { action, outcome: form.outcome }
    case 'release':
      return { action, reason: form.reason }
    case 'reassign':
      return { action, to: form.to, reason: form.reason }
    case 'extend':
      return { action, days: form.days ?? 0, reason: form.reason }
    case 'extend_correction':
      return { action, deadline: form.deadline, reason: form.reason }
    case 'withdraw':
      return { action, reason: form.reason }
  }
}
