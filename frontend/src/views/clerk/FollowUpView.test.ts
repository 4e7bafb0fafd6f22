import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import ElementPlus from 'element-plus'
import type { Role } from '@/api/bindings'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  followups: vi.fn(),
  remind: vi.fn(),
  holdShortfall: vi.fn(),
  terminateCase: vi.fn(),
  listHalls: vi.fn(),
  printerProfiles: vi.fn(),
  printDocument: vi.fn(),
  printJobs: vi.fn(),
  resendPrintJob: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { useSessionStore } from '@/stores/session'
import { catchMessages, messages, resetMocks } from '@/test/mocks'
import { job } from '@/test/printFixtures'
import { followUpList, summary } from '@/test/reviewFixtures'
import FollowUpView from './FollowUpView.vue'

const LIST = followUpList()
const [OVERDUE, TODAY, TOMORROW, LATER] = LIST.rows.map((r) => r.case.number) as [string, string, string, string]

let wrapper: VueWrapper | null = null
let router: Router

beforeEach(() => {
  resetMocks(ipc)
  vi.mocked(ipc.followups).mockResolvedValue(LIST)
  vi.mocked(ipc.listHalls).mockResolvedValue([{ code: '440703000', name: '蓬江区政务服务中心' }])
  vi.mocked(ipc.printJobs).mockResolvedValue([])
  catchMessages()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

async function settle() {
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
  await flushPromises()
}

async function mountList(role: Role = 'window_clerk') {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().user = {
    username: 'clerk1',
    display_name: '李敏',
    role,
    hall: { code: '440703000', name: '蓬江区政务服务中心' },
    window: '3',
    department: null,
    idle_lock_minutes: 5,
  }
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/cases/:number', name: 'case', component: { template: '<div />' } },
      { path: '/reviewer/cases/:number', name: 'review-case', component: { template: '<div />' } },
      { path: '/clerk/correction', name: 'correction-supply', component: { template: '<div />' } },
    ],
  })
  await router.push('/')
  wrapper = mount(FollowUpView, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus, router] } })
  await settle()
  return wrapper
}

function $(testid: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)
  if (!el) throw new Error(`no ${testid}`)
  return el
}

function rows(w: VueWrapper) {
  return w.findAll('[data-testid="followup-row"]')
}

function rowOf(w: VueWrapper, number: string) {
  const found = rows(w).find((r) => r.attributes('data-number') === number)
  if (!found) throw new Error(`no row ${number}`)
  return found
}

async function typeInto(testid: string, value: string) {
  const el = $(testid) as HTMLTextAreaElement
  el.value = value
  el.dispatchEvent(new Event('input'))
  await flushPromises()
}

describe('FollowUpView', () => {
  it('lists the scope as the backend sends it, with what is missing, the deadline in words, the last reminder and the rule', async () => {
    const w = await mountList()
    expect(ipc.followups).toHaveBeenCalledWith({})
    expect(w.get('[data-testid="followup-scope"]').text()).toBe('蓬江区政务服务中心受理的办件')
    expect(rows(w).map((r) => [r.attributes('data-number'), r.attributes('data-urgency')])).toEqual([
      [OVERDUE, 'overdue'],
      [TODAY, 'due_today'],
      [TOMORROW, 'due_tomorrow'],
      [LATER, 'later'],
    ])
    const overdue = rowOf(w, OVERDUE)
    expect(overdue.text()).toContain('张三')
    expect(overdue.text()).toContain('4407**********123X')
    expect(overdue.get('[data-testid="followup-phone"]').text()).toBe('138****5678')
    expect(overdue.get('[data-testid="followup-outstanding"]').text()).toBe('营业执照（2026-12-01 前）')
    expect(overdue.get('[data-testid="followup-urgency"]').text()).toBe('已逾期')
    expect(overdue.get('[data-testid="followup-reminded"]').text()).toBe('李敏 12-01 10:20 电话提醒')
    expect(overdue.get('[data-testid="followup-on-overdue"]').text()).toBe('终止办理')
    expect(overdue.get('[data-testid="followup-broken"]').text()).toBe('未履行承诺')
    expect(rowOf(w, TODAY).get('[data-testid="followup-urgency"]').text()).toBe('今日到期')
    expect(rowOf(w, TOMORROW).get('[data-testid="followup-urgency"]').text()).toBe('1个工作日内到期')
    expect(rowOf(w, TOMORROW).get('[data-testid="followup-on-overdue"]').text()).toBe('暂缓出件')
    expect(rowOf(w, TODAY).find('[data-testid="followup-reminded"]').exists()).toBe(false)
    expect(rowOf(w, TODAY).find('[data-testid="followup-broken"]').exists()).toBe(false)
    // Only the moves the backend allows.
    expect(overdue.findAll('button[data-testid^="followup-"]').map((b) => b.attributes('data-testid'))).toEqual([
      'followup-remind',
      'followup-supply',
      'followup-terminate',
    ])
    expect(rowOf(w, LATER).findAll('button[data-testid^="followup-"]')).toHaveLength(0)
  })

  it('filters by urgency on the screen, with the counts on the tabs', async () => {
    const w = await mountList()
    expect(w.get('[data-testid="followup-tab-all"]').attributes('data-count')).toBe('4')
    expect(w.get('[data-testid="followup-tab-overdue"]').text()).toBe('已逾期 (1)')
    expect(w.get('[data-testid="followup-tab-due_tomorrow"]').text()).toBe('1个工作日内到期 (1)')
    await w.get('[data-testid="followup-tab-due_today"]').trigger('click')
    await settle()
    expect(rows(w).map((r) => r.attributes('data-number'))).toEqual([TODAY])
    await w.get('[data-testid="followup-tab-all"]').trigger('click')
    await settle()
    expect(rows(w)).toHaveLength(4)
    // Asked once: the tabs do not go to the backend.
    expect(ipc.followups).toHaveBeenCalledTimes(1)
  })

  it('says when nothing is waiting', async () => {
    vi.mocked(ipc.followups).mockResolvedValue({
      scope: '蓬江区政务服务中心受理的办件',
      rows: [],
      counts: { overdue: 0, due_today: 0, due_tomorrow: 0, later: 0 },
    })
    const w = await mountList()
    expect(w.get('[data-testid="followup-empty"]').text()).toBe('暂无待补交的容缺材料')
  })

  it('records a reminder by the channel chosen, with the note, and reloads', async () => {
    const w = await mountList()
    await rowOf(w, OVERDUE).get('[data-testid="followup-remind"]').trigger('click')
    await settle()
    expect($('remind-dialog')).toBeTruthy()
    expect(($('remind-channel-phone').querySelector('input') as HTMLInputElement).checked).toBe(true)
    $('remind-channel-sms').querySelector('input')!.click()
    await typeInto('remind-note', '  申请人称明日送来 ')
    vi.mocked(ipc.remind).mockResolvedValue({ case: LIST.rows[0]!.case, action: 'remind', documents: [] })
    $('remind-submit').click()
    await settle()
    expect(ipc.remind).toHaveBeenCalledWith({ case: OVERDUE, channel: 'sms', note: '申请人称明日送来' })
    expect(messages.success).toHaveBeenCalledWith(expect.objectContaining({ message: '已记录对张三的提醒' }))
    expect(ipc.followups).toHaveBeenCalledTimes(2)
  })

  it('sends the reminder by phone unless told otherwise', async () => {
    const w = await mountList()
    await rowOf(w, TODAY).get('[data-testid="followup-remind"]').trigger('click')
    await settle()
    vi.mocked(ipc.remind).mockResolvedValue({ case: LIST.rows[1]!.case, action: 'remind', documents: [] })
    $('remind-submit').click()
    await settle()
    expect(ipc.remind).toHaveBeenCalledWith({ case: TODAY, channel: 'phone' })
  })

  it('ends an overdue case after asking, then offers the termination notice for printing', async () => {
    const w = await mountList()
    await rowOf(w, OVERDUE).get('[data-testid="followup-terminate"]').trigger('click')
    await settle()
    expect($('settle-dialog').textContent).toContain(`确认终止办理办件 ${OVERDUE}`)
    await typeInto('settle-reason', '逾期未补交营业执照')
    vi.mocked(ipc.terminateCase).mockResolvedValue({
      case: summary({ number: OVERDUE, state: 'terminated' }),
      action: 'terminate',
      documents: ['termination-notice'],
    })
    $('settle-submit').click()
    await settle()
    expect(ipc.terminateCase).toHaveBeenCalledWith({ case: OVERDUE, reason: '逾期未补交营业执照' })
    expect(ipc.followups).toHaveBeenCalledTimes(2)
    expect($('review-outcome').textContent).toContain('终止办理')

    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 9, case_number: OVERDUE, document: 'termination-notice', state: 'queued' }))
    $('outcome-print-termination-notice').click()
    await settle()
    expect(ipc.printDocument).toHaveBeenCalledWith(expect.objectContaining({ document: 'termination-notice', case_number: OVERDUE }))
    expect($('outcome-print-state-termination-notice').textContent).toBe('排队中')
  })

  it('holds the result of a case whose rule is hold, and keeps the dialog open when the backend refuses', async () => {
    const held = { ...LIST, rows: LIST.rows.map((r) => (r.case.number === TOMORROW ? { ...r, actions: ['hold_shortfall' as const] } : r)) }
    vi.mocked(ipc.followups).mockResolvedValue(held)
    const w = await mountList()
    await rowOf(w, TOMORROW).get('[data-testid="followup-hold"]').trigger('click')
    await settle()
    vi.mocked(ipc.holdShortfall).mockRejectedValueOnce({ code: 'conflict', message: '补交期限尚未届满，不能暂缓出件', field: null })
    $('settle-submit').click()
    await settle()
    expect(ipc.holdShortfall).toHaveBeenCalledWith({ case: TOMORROW })
    expect(document.activeElement).toBe($('settle-reason'))

    vi.mocked(ipc.holdShortfall).mockResolvedValue({
      case: summary({ number: TOMORROW, state: 'approved' }),
      action: 'hold_shortfall',
      documents: [],
    })
    $('settle-submit').click()
    await settle()
    expect(messages.success).toHaveBeenCalledWith(expect.objectContaining({ message: `办件 ${TOMORROW} 已暂缓出件` }))
  })

  it('sends 补交 to the supply screen for the case, and refreshes on request', async () => {
    const w = await mountList()
    await rowOf(w, OVERDUE).get('[data-testid="followup-supply"]').trigger('click')
    await settle()
    expect(router.currentRoute.value.fullPath).toBe(`/clerk/correction?case=${OVERDUE}`)
    await w.get('[data-testid="followup-refresh"]').trigger('click')
    await settle()
    expect(ipc.followups).toHaveBeenCalledTimes(2)
  })

  it('lets a supervisor narrow the city to one hall', async () => {
    const w = await mountList('supervisor')
    expect(ipc.listHalls).toHaveBeenCalled()
    expect(w.find('[data-testid="followup-hall"]').exists()).toBe(true)
    wrapper!.unmount()
    const clerk = await mountList('window_clerk')
    expect(clerk.find('[data-testid="followup-hall"]').exists()).toBe(false)
  })
})
