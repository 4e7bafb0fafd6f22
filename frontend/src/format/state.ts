import type { CaseState } from '@/api/bindings'

/** Case states in lifecycle order (for tabs, charts and legends). */
export const CASE_STATES: readonly CaseState[] = [
  'draft',
  'accepted',
  'accepted_with_shortfall',
  'handed_off',
  'under_review',
  'supplement_requested',
  'supplied',
  'approved',
  'denied',
  'ready_for_issuance',
  'awaiting_dispatch',
  'collected',
  'dispatched',
  'delivered',
  'closed',
  'refused',
  'notice_issued',
]

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

/** The el-tag colour of a state. */
export function stateTagType(state: CaseState): TagType {
  switch (state) {
    case 'supplement_requested':
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
