import type { CaseAction, CaseState } from '@/api/bindings'

// Every state and every action, once each: a value added to CaseState or CaseAction does not compile
// here until it is listed (and then the locale test asks for its labels). Lifecycle order.
const STATES = {
  draft: true,
  accepted: true,
  accepted_with_shortfall: true,
  handed_off: true,
  under_review: true,
  correction_requested: true,
  corrected: true,
  approved: true,
  denied: true,
  ready_for_issuance: true,
  awaiting_dispatch: true,
  collected: true,
  dispatched: true,
  delivered: true,
  closed: true,
  refused: true,
  notice_issued: true,
} satisfies Record<CaseState, true>

const ACTIONS = {
  accept: true,
  accept_with_shortfall: true,
  refuse: true,
  issue_notice: true,
  hand_off: true,
  claim: true,
  release: true,
  request_correction: true,
  submit_correction: true,
  approve: true,
  deny: true,
  prepare_issuance: true,
  prepare_dispatch: true,
  collect: true,
  dispatch: true,
  deliver: true,
  close: true,
} satisfies Record<CaseAction, true>

/** Case states in lifecycle order (for tabs, charts and legends). */
export const CASE_STATES = Object.keys(STATES) as readonly CaseState[]

/** Everything that moves a case, in lifecycle order. */
export const CASE_ACTIONS = Object.keys(ACTIONS) as readonly CaseAction[]

/** The message key of what an event of the case history did; the first event (no action) created the case. */
export function actionLabelKey(action: CaseAction | null): string {
  return `action.${action ?? 'create'}`
}

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

/** The el-tag colour of a state. */
export function stateTagType(state: CaseState): TagType {
  switch (state) {
    case 'correction_requested':
    case 'accepted_with_shortfall':
    case 'notice_issued':
      return 'warning'
    case 'denied':
    case 'refused':
      return 'danger'
    case 'approved':
    case 'collected':
    case 'delivered':
      return 'success'
    case 'closed':
    case 'draft':
      return 'info'
    default:
      return 'primary'
  }
}

/** The states present in `states`, in lifecycle order, with their counts. */
export function statesPresent(states: readonly CaseState[]): { state: CaseState; count: number }[] {
  const counts = new Map<CaseState, number>()
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1)
  return CASE_STATES.filter((s) => counts.has(s)).map((state) => ({ state, count: counts.get(state)! }))
}
