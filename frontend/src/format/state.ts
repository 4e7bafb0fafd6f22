import type { CaseAction, CaseState, Outcome, ShipmentKind, ShipmentState } from '@/api/bindings'

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
  special_procedure: true,
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
  withdrawn: true,
  terminated: true,
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
  reassign: true,
  start_special_procedure: true,
  end_special_procedure: true,
  extend: true,
  extend_correction: true,
  withdraw: true,
  approve: true,
  deny: true,
  prepare_issuance: true,
  prepare_dispatch: true,
  collect: true,
  dispatch: true,
  deliver: true,
  close: true,
  instant_approve: true,
  supply_shortfall: true,
  remind: true,
  hold_shortfall: true,
  terminate: true,
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

// The colours of outcomes and states, in one place. Each has its own, so a glance at a tag tells a
// 一次性告知 (orange) from a 不予受理 (red) from a 容缺受理 (teal); a state and the outcome that leads to
// it share theirs. Colour is never the only sign: every tag says its label, every lateness its days.

/** The colour of each outcome of the shortfall check. */
export const OUTCOME_COLOURS = {
  accept: '#2e7d32',
  accept_with_shortfall: '#00838f',
  one_time_notice: '#e65100',
  refuse: '#c62828',
} satisfies Record<Outcome, string>

/** The colour of each case state, by phase: intake, the department's review, the result, the end. */
export const STATE_COLOURS = {
  draft: '#909399',
  accepted: OUTCOME_COLOURS.accept,
  accepted_with_shortfall: OUTCOME_COLOURS.accept_with_shortfall,
  handed_off: '#1565c0',
  under_review: '#3949ab',
  correction_requested: '#8e24aa',
  corrected: '#5e35b1',
  special_procedure: '#6a1b9a',
  approved: '#43a047',
  denied: '#ad1457',
  ready_for_issuance: '#00897b',
  awaiting_dispatch: '#0277bd',
  collected: '#558b2f',
  dispatched: '#6d4c41',
  delivered: '#689f38',
  closed: '#607d8b',
  refused: OUTCOME_COLOURS.refuse,
  notice_issued: OUTCOME_COLOURS.one_time_notice,
  withdrawn: '#78909c',
  terminated: '#5d4037',
} satisfies Record<CaseState, string>

export function stateColour(state: CaseState): string {
  return STATE_COLOURS[state] ?? STATE_COLOURS.draft
}

export function outcomeColour(outcome: Outcome): string {
  return OUTCOME_COLOURS[outcome] ?? STATE_COLOURS.draft
}

/** `#rrggbb` mixed with white: 0 is the colour, 1 is white. */
export function tint(hex: string, white: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) return hex
  const mix = (c: string) =>
    Math.round(parseInt(c, 16) + (255 - parseInt(c, 16)) * white)
      .toString(16)
      .padStart(2, '0')
  return `#${mix(m[1]!)}${mix(m[2]!)}${mix(m[3]!)}`
}

/** The CSS variables that give an el-tag a colour of its own: light (tinted) or dark (filled). */
export function tagStyle(colour: string, effect: 'light' | 'dark' | 'plain' = 'light'): Record<string, string> {
  if (effect === 'dark') {
    return { '--el-tag-bg-color': colour, '--el-tag-border-color': colour, '--el-tag-text-color': '#fff', '--el-tag-hover-color': tint(colour, 0.3) }
  }
  return {
    '--el-tag-bg-color': effect === 'plain' ? '#fff' : tint(colour, 0.9),
    '--el-tag-border-color': tint(colour, effect === 'plain' ? 0.5 : 0.75),
    '--el-tag-text-color': colour,
    '--el-tag-hover-color': colour,
  }
}

/**
 * The CSS variables that fill a dark el-alert inside the element carrying them with `colour`, whatever
 * its type (the type still chooses the icon). On a wrapper: el-alert keeps no attributes of its own.
 */
export function alertStyle(colour: string): Record<string, string> {
  return { '--el-color-success': colour, '--el-color-warning': colour, '--el-color-error': colour, '--el-color-info': colour }
}

/** The states a case is still being worked in (as the backend counts 在办): only these can be late. */
const OPEN: ReadonlySet<CaseState> = new Set<CaseState>([
  'accepted',
  'accepted_with_shortfall',
  'handed_off',
  'under_review',
  'correction_requested',
  'corrected',
])

export function isOpen(state: CaseState): boolean {
  return OPEN.has(state)
}

/** The states present in `states`, in lifecycle order, with their counts. */
export function statesPresent(states: readonly CaseState[]): { state: CaseState; count: number }[] {
  const counts = new Map<CaseState, number>()
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1)
  return CASE_STATES.filter((s) => counts.has(s)).map((state) => ({ state, count: counts.get(state)! }))
}

/** Every kind and state of an envelope, once: a value added on the Rust side does not compile here until it is listed. */
const SHIPMENT_KIND_SET = { material_transfer: true, result_to_hall: true, result_to_applicant: true, return: true } satisfies Record<
  ShipmentKind,
  true
>
const SHIPMENT_STATE_SET = {
  packed: true,
  labelled: true,
  handed_over: true,
  received: true,
  delivered: true,
  returned: true,
  exception: true,
  cancelled: true,
} satisfies Record<ShipmentState, true>

export const SHIPMENT_KINDS = Object.keys(SHIPMENT_KIND_SET) as readonly ShipmentKind[]
export const SHIPMENT_STATES = Object.keys(SHIPMENT_STATE_SET) as readonly ShipmentState[]

/** The colour of each state of an envelope (寄递): at the hall, on its way, arrived, gone wrong. */
export const SHIPMENT_STATE_COLOURS = {
  packed: '#0277bd',
  labelled: '#00838f',
  handed_over: '#6d4c41',
  received: '#558b2f',
  delivered: '#689f38',
  returned: '#ad1457',
  exception: '#c62828',
  cancelled: '#909399',
} satisfies Record<ShipmentState, string>

export function shipmentStateColour(state: ShipmentState): string {
  return SHIPMENT_STATE_COLOURS[state] ?? STATE_COLOURS.draft
}
