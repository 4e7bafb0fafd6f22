// 容缺跟踪: the cases whose tolerated materials are still to come, in the scope the backend gives the
// signed-in user (a clerk their hall's intakes, a reviewer their department's, a supervisor the city or
// one hall), soonest due first, and the moves taken from the list: a reminder, holding the result,
// ending the case. Everything in scope comes at once; the tabs filter it here. After every move the
// list is asked again.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type {
  CaseAction,
  FollowUpCounts,
  FollowUpListView,
  FollowUpRowView,
  FollowUpUrgency,
  HallRef,
  ReminderChannel,
  ReviewOutcome,
  Role,
} from '@/api/bindings'
import { whileBusy } from './busy'
import type { ActResult } from './review'

/** Who follows the tolerated materials up: the window, the back office, the supervisors. */
export const FOLLOWUP_ROLES: Role[] = ['window_clerk', 'reviewer', 'department_lead', 'supervisor', 'admin']

/** The tabs of the list, in the order shown: every case, then the urgent ones (a case not yet due is under 全部 only). */
export const FOLLOWUP_TABS = ['all', 'overdue', 'due_today', 'due_tomorrow'] as const
export type FollowUpTab = (typeof FOLLOWUP_TABS)[number]

/** The moves a row offers, in the order its buttons are shown. */
export const ROW_ACTIONS = ['remind', 'supply_shortfall', 'hold_shortfall', 'terminate'] as const satisfies readonly CaseAction[]
export type RowAction = (typeof ROW_ACTIONS)[number]

/** The two overdue moves that settle the case, each asked for through the same confirmation. */
export type SettleAction = Extract<RowAction, 'hold_shortfall' | 'terminate'>

const NO_COUNTS: FollowUpCounts = { overdue: 0, due_today: 0, due_tomorrow: 0, later: 0 }

/** The rows of a tab, in the backend's order. */
export function rowsOf(rows: readonly FollowUpRowView[], tab: FollowUpTab): FollowUpRowView[] {
  return tab === 'all' ? [...rows] : rows.filter((r) => r.urgency === (tab satisfies FollowUpUrgency))
}

/** How many cases a tab lists. */
export function countOf(counts: FollowUpCounts, tab: FollowUpTab): number {
  return tab === 'all' ? counts.overdue + counts.due_today + counts.due_tomorrow + counts.later : counts[tab]
}

/** The moves of a row this user may take, in the buttons' order. */
export function rowActions(row: FollowUpRowView): RowAction[] {
  return ROW_ACTIONS.filter((a) => row.actions.includes(a))
}

export const useFollowUpsStore = defineStore('followups', () => {
  const view = ref<FollowUpListView | null>(null)
  const loading = ref(false)
  const tab = ref<FollowUpTab>('all')
  /** A supervisor's choice of one hall ('' for the whole city). */
  const hallCode = ref('')
  /** The case a move is being taken on. */
  const acting = ref<string | null>(null)
  /** The halls a supervisor may narrow the list to. */
  const halls = ref<HallRef[]>([])
  const loadingHalls = ref(false)

  const rows = computed(() => rowsOf(view.value?.rows ?? [], tab.value))
  const counts = computed(() => view.value?.counts ?? NO_COUNTS)

  let seq = 0

  async function load(): Promise<void> {
    const mine = ++seq
    const request = hallCode.value ? { hall_code: hallCode.value } : {}
    const found = await whileBusy(loading, () => ipc.followups(request), { current: () => mine === seq })
    if (found && mine === seq) view.value = found
  }

  async function loadHalls(): Promise<void> {
    if (halls.value.length > 0) return
    const found = await whileBusy(loadingHalls, () => ipc.listHalls())
    if (found) halls.value = found
  }

  /** Runs a move on a case; the list is asked again after it either way (another station may have moved the case). */
  async function act(number: string, move: () => Promise<ReviewOutcome>): Promise<ActResult> {
    acting.value = number
    try {
      const outcome = await move()
      return { outcome, error: null }
    } catch (e) {
      showError(e)
      return { outcome: null, error: ipc.toIpcError(e) }
    } finally {
      acting.value = null
      await load()
    }
  }

  function optional(text: string): string | undefined {
    const v = text.trim()
    return v ? v : undefined
  }

  /** Records a reminder of the applicant, with the note when there is one. */
  function remind(number: string, channel: ReminderChannel, note: string): Promise<ActResult> {
    const text = optional(note)
    return act(number, () => ipc.remind({ case: number, channel, ...(text ? { note: text } : {}) }))
  }

  /** Holds the result back or ends the case, with the reason when there is one. */
  function settle(action: SettleAction, number: string, reason: string): Promise<ActResult> {
    const text = optional(reason)
    const request = { case: number, ...(text ? { reason: text } : {}) }
    return act(number, () => (action === 'terminate' ? ipc.terminateCase(request) : ipc.holdShortfall(request)))
  }

  return { view, loading, tab, hallCode, acting, halls, loadingHalls, rows, counts, load, loadHalls, remind, settle }
})
