// The back office: one page of the department queue as the reviewer filters it (tab, filters, page,
// selection, claims), and the case open on the review screen with the moves taken on it. The server
// filters, sorts and pages; what the screen keeps is only what it asked for.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ElMessage } from 'element-plus'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { i18n } from '@/locales'
import type {
  CaseAction,
  CaseState,
  ClaimResult,
  DueChoice,
  HallRef,
  HolderChoice,
  IpcError,
  QueueCountsView,
  QueueRequest,
  QueueRowView,
  ReviewerView,
  ReviewOutcome,
  ReviewRequest,
  ReviewView,
  ScanPageView,
} from '@/api/bindings'
import { busyOn, whileBusy } from './busy'

/** The tabs of the queue, in the order they are shown (the last one only for a department lead). */
export const QUEUE_TABS = ['all', 'unclaimed', 'mine', 'overdue', 'paused', 'correction_overdue'] as const
export type QueueTab = (typeof QUEUE_TABS)[number]

/** The states of the department queue, in lifecycle order. */
export const QUEUE_STATES: readonly CaseState[] = ['handed_off', 'under_review', 'correction_requested', 'corrected', 'special_procedure']
/** The states in which the clock does not run. */
export const PAUSED_STATES: readonly CaseState[] = ['correction_requested', 'special_procedure']
/** The states in which the clock runs: only these can be overdue (as the 超期 count has it). */
const RUNNING_STATES = QUEUE_STATES.filter((s) => !PAUSED_STATES.includes(s))

export const PAGE_SIZES = [20, 50, 100, 200] as const

/** Who holds the cases listed: anyone, nobody, me, or `user:<username>`. */
export type HolderKey = 'any' | 'unclaimed' | 'mine' | `user:${string}`
export type DueKey = '' | 'overdue' | 'today' | 'within'

export interface QueueFilters {
  /** One state, or '' for every state the tab lists. */
  state: CaseState | ''
  itemCode: string
  hallCode: string
  holder: HolderKey
  due: DueKey
  /** For `due: 'within'`: due today or within this many working days. */
  withinDays: number
}

export function emptyFilters(): QueueFilters {
  return { state: '', itemCode: '', hallCode: '', holder: 'any', due: '', withinDays: 3 }
}

/** The states a tab is limited to; null for every state of the queue. */
export function tabStates(tab: QueueTab): readonly CaseState[] | null {
  switch (tab) {
    case 'overdue':
      return RUNNING_STATES
    case 'paused':
      return PAUSED_STATES
    case 'correction_overdue':
      return ['correction_requested']
    default:
      return null
  }
}

/** Which filters a tab decides itself (their controls are off while it is chosen). */
export function tabFixes(tab: QueueTab): { holder: boolean; due: boolean } {
  return { holder: tab === 'unclaimed' || tab === 'mine', due: tab === 'overdue' || tab === 'correction_overdue' }
}

function holderChoice(key: HolderKey): HolderChoice {
  if (key.startsWith('user:')) return { user: key.slice('user:'.length) }
  return key as 'any' | 'unclaimed' | 'mine'
}

function dueChoice(filters: QueueFilters): DueChoice | undefined {
  switch (filters.due) {
    case 'overdue':
    case 'today':
      return filters.due
    case 'within':
      return { within: Math.max(0, Math.round(filters.withinDays || 0)) }
    default:
      return undefined
  }
}

/** The request of one page of the queue: the tab's own choices first, the filters for the rest. */
export function queueRequest(tab: QueueTab, filters: QueueFilters, page: number, pageSize: number): QueueRequest {
  const request: QueueRequest = { offset: Math.max(0, page - 1) * pageSize, limit: pageSize }
  const limited = tabStates(tab)
  // A state filter outside the tab's states is not offered; one left over is ignored.
  if (filters.state && (!limited || limited.includes(filters.state))) request.states = [filters.state]
  else if (limited) request.states = [...limited]
  const item = filters.itemCode.trim()
  if (item) request.service_item_code = item
  if (filters.hallCode) request.hall_code = filters.hallCode
  if (tab === 'unclaimed' || tab === 'mine') request.holder = tab
  else if (filters.holder !== 'any') request.holder = holderChoice(filters.holder)
  if (tab === 'overdue') request.due = 'overdue'
  else if (tab === 'correction_overdue') request.due = 'correction_overdue'
  else {
    const due = dueChoice(filters)
    if (due !== undefined) request.due = due
  }
  return request
}

/** Whether a row can be claimed from the queue: waiting in the department, held by nobody. */
export function claimable(row: QueueRowView): boolean {
  return (row.case.state === 'handed_off' || row.case.state === 'corrected') && !row.case.claimed_by_username
}

const NO_COUNTS: QueueCountsView = { all: 0, unclaimed: 0, mine: 0, overdue: 0, paused: 0, correction_overdue: 0 }

/** How many page pictures are kept for going back and forth. */
const PAGE_CACHE = 40

/** A move's answer: the outcome, or the rejection (its message already shown) with the field it is about. */
export type ActResult = { outcome: ReviewOutcome; error: null } | { outcome: null; error: IpcError }

export const useReviewStore = defineStore('review', () => {
  const t = i18n.global.t

  // ---- the queue ------------------------------------------------------------------------------

  const tab = ref<QueueTab>('all')
  const filters = ref<QueueFilters>(emptyFilters())
  const page = ref(1)
  const pageSize = ref<number>(50)
  const rows = ref<QueueRowView[]>([])
  const total = ref(0)
  const counts = ref<QueueCountsView>({ ...NO_COUNTS })
  const loading = ref(false)
  /** The case numbers ticked for a bulk claim. */
  const selection = ref<string[]>([])
  /** The case being claimed from its row, or 'bulk'. */
  const claiming = ref<string | null>(null)
  /** The cases the last bulk claim could not take, each with why (who holds it). */
  const claimFailures = ref<ClaimResult[]>([])
  const reviewers = ref<ReviewerView[]>([])
  const halls = ref<HallRef[]>([])
  /** The reviewers and halls the filters offer are being asked for. */
  const loadingChoices = ref(false)

  let queueSeq = 0

  /** Loads the page; `quiet` for the background refresh: no spinner, and a failure waits for the next one. */
  async function load(quiet = false): Promise<void> {
    const mine = ++queueSeq
    const request = queueRequest(tab.value, filters.value, page.value, pageSize.value)
    const found = quiet
      ? await ipc.queuePage(request).catch(() => null)
      : await whileBusy(loading, () => ipc.queuePage(request), { current: () => mine === queueSeq })
    if (!found || mine !== queueSeq) return
    // The page emptied meanwhile (its cases claimed or decided): the last page that has rows.
    if (found.rows.length === 0 && found.total > 0 && page.value > 1) {
      page.value = Math.max(1, Math.ceil(found.total / pageSize.value))
      return load(quiet)
    }
    rows.value = found.rows
    total.value = found.total
    counts.value = found.counts
    selection.value = selection.value.filter((n) => found.rows.some((r) => r.case.number === n))
  }

  function setTab(next: QueueTab): Promise<void> {
    tab.value = next
    page.value = 1
    const limited = tabStates(next)
    if (filters.value.state && limited && !limited.includes(filters.value.state)) filters.value.state = ''
    claimFailures.value = []
    return load()
  }

  /** The filters changed: from the first page. */
  function applyFilters(): Promise<void> {
    page.value = 1
    return load()
  }

  function resetFilters(): Promise<void> {
    filters.value = emptyFilters()
    return applyFilters()
  }

  function setPage(next: number): Promise<void> {
    page.value = next
    return load()
  }

  function setPageSize(next: number): Promise<void> {
    pageSize.value = next
    page.value = 1
    return load()
  }

  function select(numbers: string[]): void {
    selection.value = numbers
  }

  /** Claims one case from its row; the queue is asked again either way (someone may have taken it). */
  async function claim(number: string): Promise<boolean> {
    const done = await whileBusy(busyOn(claiming, number), () => ipc.reviewAction(number, { action: 'claim' }))
    if (done) ElMessage.success({ message: t('review.claimed', { number }), grouping: true })
    await load()
    return !!done
  }

  /**
   * 领取下一件: claims the department's next free case; its number, or null when there is none (said
   * so) or the claim failed (the error shown). The queue is asked again either way.
   */
  async function claimNext(): Promise<string | null> {
    const outcome = await whileBusy(busyOn(claiming, 'next'), () => ipc.claimNextCase())
    if (outcome) ElMessage.success({ message: t('review.claimed', { number: outcome.case.number }), grouping: true })
    else if (outcome === null) ElMessage.info({ message: t('review.nothingToClaim'), grouping: true })
    await load()
    return outcome?.case.number ?? null
  }

  /** Claims the ticked cases; those someone else took are listed with who holds them. */
  async function claimSelected(): Promise<ClaimResult[] | null> {
    const numbers = [...selection.value]
    if (numbers.length === 0) return null
    claimFailures.value = []
    const results = await whileBusy(busyOn(claiming, 'bulk'), () => ipc.claimCases(numbers))
    if (!results) return null
    claimFailures.value = results.filter((r) => !r.claimed)
    const claimed = results.length - claimFailures.value.length
    if (claimed > 0) ElMessage.success({ message: t('review.bulkClaimed', { count: claimed }), grouping: true })
    selection.value = []
    await load()
    return results
  }

  async function loadReviewers(): Promise<void> {
    if (reviewers.value.length > 0) return
    const found = await whileBusy(loadingChoices, () => ipc.departmentReviewers())
    if (found) reviewers.value = found
  }

  async function loadHalls(): Promise<void> {
    if (halls.value.length > 0) return
    const found = await whileBusy(loadingChoices, () => ipc.listHalls())
    if (found) halls.value = found
  }

  // ---- the case under review ------------------------------------------------------------------

  const current = ref<ReviewView | null>(null)
  const loadingCase = ref(false)
  /** The move being taken. */
  const acting = ref<CaseAction | null>(null)
  let caseSeq = 0

  async function openCase(number: string): Promise<void> {
    const mine = ++caseSeq
    if (current.value?.detail.summary.number !== number) current.value = null
    const found = await whileBusy(loadingCase, () => ipc.reviewCase(number), { current: () => mine === caseSeq })
    if (found && mine === caseSeq) current.value = found
  }

  /** Takes a move on the case; after it the case is read again, so the screen shows what it is now. */
  async function act(number: string, request: ReviewRequest): Promise<ActResult> {
    acting.value = request.action
    try {
      const outcome = await ipc.reviewAction(number, request)
      await openCase(number)
      return { outcome, error: null }
    } catch (e) {
      showError(e)
      return { outcome: null, error: ipc.toIpcError(e) }
    } finally {
      acting.value = null
    }
  }

  // ---- page pictures --------------------------------------------------------------------------

  const pictures = new Map<string, ScanPageView>()

  /** One page of a scan as a picture, or why it cannot be shown (a PDF, a file gone): said in place, not as a message. */
  async function scanPage(sha256: string, pageNumber: number): Promise<{ view: ScanPageView } | { error: string }> {
    const key = `${sha256}:${pageNumber}`
    const kept = pictures.get(key)
    if (kept) return { view: kept }
    try {
      const view = await ipc.scanPage(sha256, pageNumber)
      pictures.set(key, view)
      if (pictures.size > PAGE_CACHE) pictures.delete(pictures.keys().next().value!)
      return { view }
    } catch (e) {
      return { error: ipc.toIpcError(e).message }
    }
  }

  return {
    tab,
    filters,
    page,
    pageSize,
    rows,
    total,
    counts,
    loading,
    selection,
    claiming,
    claimFailures,
    reviewers,
    halls,
    loadingChoices,
    load,
    setTab,
    applyFilters,
    resetFilters,
    setPage,
    setPageSize,
    select,
    claim,
    claimSelected,
    claimNext,
    loadReviewers,
    loadHalls,
    current,
    loadingCase,
    acting,
    openCase,
    act,
    scanPage,
  }
})
