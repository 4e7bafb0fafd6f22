import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import type { Role } from '@/api/bindings'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  queuePage: vi.fn(),
  reviewAction: vi.fn(),
  claimCases: vi.fn(),
  claimNextCase: vi.fn(),
  departmentReviewers: vi.fn(),
  listHalls: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))
vi.mock('@/api/events', () => ({ onQueueChanged: vi.fn() }))

import * as ipc from '@/api/ipc'
import { onQueueChanged } from '@/api/events'
import { useReviewStore } from '@/stores/review'
import { useSessionStore } from '@/stores/session'
import { catchMessages, messages } from '@/test/mocks'
import { page, row } from '@/test/reviewFixtures'
import DepartmentQueueView from './DepartmentQueueView.vue'

let wrapper: VueWrapper | null = null

const ROWS = [
  row({ number: '4407030002026120200001', state: 'handed_off', due_date: '2026-12-10' }, { status: 'overdue', days: 2 }),
  row(
    { number: '4407030002026120200002', state: 'under_review', claimed_by: '陈审批', claimed_by_username: 'reviewer2' },
    { status: 'warning', remaining: 1 },
  ),
  row(
    { number: '4407030002026120200003', state: 'correction_requested', claimed_by: '李审批', claimed_by_username: 'reviewer' },
    { status: 'paused' },
  ),
]

beforeEach(() => {
  vi.mocked(ipc.queuePage).mockReset().mockResolvedValue(page(ROWS))
  vi.mocked(ipc.reviewAction).mockReset()
  vi.mocked(ipc.claimCases).mockReset()
  vi.mocked(ipc.claimNextCase).mockReset()
  vi.mocked(ipc.departmentReviewers)
    .mockReset()
    .mockResolvedValue([{ username: 'reviewer2', display_name: '陈审批', role: 'reviewer' }])
  vi.mocked(ipc.listHalls)
    .mockReset()
    .mockResolvedValue([{ code: '440703000', name: '蓬江区政务服务中心' }])
  catchMessages()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

async function mountQueue(role: Role = 'reviewer') {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().user = {
    username: 'reviewer',
    display_name: '李审批',
    role,
    hall: null,
    window: null,
    department: { code: 'JMSSCJGJ', name: '江门市市场监督管理局' },
    idle_lock_minutes: 5,
  }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/reviewer/cases/:number', name: 'review-case', component: { template: '<div />' } },
    ],
  })
  await router.push('/')
  const push = vi.spyOn(router, 'push')
  wrapper = mount(DepartmentQueueView, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus, router] } })
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
  return { wrapper, push }
}

function lastRequest() {
  return vi.mocked(ipc.queuePage).mock.lastCall![0]
}

describe('DepartmentQueueView', () => {
  it('lists the page with each case’s clock and holder, rows marked with their number', async () => {
    const { wrapper } = await mountQueue()
    expect(lastRequest()).toEqual({ offset: 0, limit: 50 })
    const rows = wrapper.findAll('[data-testid="queue-row"]')
    expect(rows.map((r) => r.attributes('data-number'))).toEqual(ROWS.map((r) => r.case.number))
    expect(rows[0]!.get('[data-testid="clock-tag"]').text()).toBe('超期 2 个工作日')
    expect(rows[1]!.get('[data-testid="clock-tag"]').text()).toBe('预警 剩 1 个工作日')
    expect(rows[2]!.get('[data-testid="clock-tag"]').text()).toBe('已暂停')
    expect(rows[1]!.text()).toContain('陈审批')
    expect(rows[0]!.text()).toContain('未认领')
    // Only an unclaimed case waiting in the department has a claim button.
    expect(wrapper.find('[data-testid="claim-4407030002026120200001"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="claim-4407030002026120200002"]').exists()).toBe(false)
  })

  it('shows the counts on the tabs and asks for the tab’s cases; 补正逾期 is not a reviewer’s', async () => {
    const { wrapper } = await mountQueue()
    expect(wrapper.get('[data-testid="queue-tab-unclaimed"]').text()).toBe('未认领 (5)')
    expect(wrapper.get('[data-testid="queue-tab-paused"]').text()).toBe('已暂停 (1)')
    expect(wrapper.find('[data-testid="queue-tab-correction_overdue"]').exists()).toBe(false)
    await wrapper.get('[data-testid="queue-tab-mine"]').trigger('click')
    await flushPromises()
    expect(lastRequest()).toEqual({ offset: 0, limit: 50, holder: 'mine' })
    await wrapper.get('[data-testid="queue-tab-overdue"]').trigger('click')
    await flushPromises()
    expect(lastRequest()).toEqual({ offset: 0, limit: 50, states: ['handed_off', 'under_review', 'corrected'], due: 'overdue' })
  })

  it('offers a lead the overdue corrections', async () => {
    const lead = await mountQueue('department_lead')
    await lead.wrapper.get('[data-testid="queue-tab-correction_overdue"]').trigger('click')
    await flushPromises()
    expect(lastRequest()).toEqual({ offset: 0, limit: 50, states: ['correction_requested'], due: 'correction_overdue' })
  })

  it('reads the page again when the shell says the queue changed, not while rows are ticked, and stops at leaving', async () => {
    let wake: () => void = () => {}
    const stop = vi.fn()
    vi.mocked(onQueueChanged).mockImplementation((handler) => {
      wake = handler
      return stop
    })
    const { wrapper } = await mountQueue()
    const reads = vi.mocked(ipc.queuePage).mock.calls.length
    wake()
    await flushPromises()
    expect(vi.mocked(ipc.queuePage).mock.calls.length).toBe(reads + 1)
    useReviewStore().select(['4407030002026120200001'])
    wake()
    await flushPromises()
    expect(vi.mocked(ipc.queuePage).mock.calls.length).toBe(reads + 1)
    wrapper.unmount()
    expect(stop).toHaveBeenCalledTimes(1)
  })

  it('asks the server for the filtered page from the first page', async () => {
    const { wrapper } = await mountQueue()
    const item = wrapper.get('[data-testid="queue-filter-item"]')
    await item.setValue('11440700MB2C123')
    await item.trigger('change')
    await flushPromises()
    expect(lastRequest()).toEqual({ offset: 0, limit: 50, service_item_code: '11440700MB2C123' })
  })

  it('opens the review screen from a row, but not from its tick or its claim button', async () => {
    const { wrapper, push } = await mountQueue()
    await wrapper.findAll('[data-testid="queue-row"]')[1]!.findAll('td')[2]!.trigger('click')
    expect(push).toHaveBeenCalledWith({ name: 'review-case', params: { number: '4407030002026120200002' } })
    push.mockClear()
    await wrapper.findAll('[data-testid="queue-row"]')[0]!.findAll('td')[0]!.trigger('click')
    expect(push).not.toHaveBeenCalled()
    vi.mocked(ipc.reviewAction).mockResolvedValue({ case: ROWS[0]!.case, action: 'claim', documents: [] })
    await wrapper.get('[data-testid="claim-4407030002026120200001"]').trigger('click')
    await flushPromises()
    expect(ipc.reviewAction).toHaveBeenCalledWith('4407030002026120200001', { action: 'claim' })
    expect(push).not.toHaveBeenCalled()
  })

  it('claims the ticked cases and names who holds those it could not', async () => {
    const { wrapper } = await mountQueue()
    expect(wrapper.get('[data-testid="bulk-claim"]').attributes('disabled')).toBeDefined()
    const tick = wrapper.findAll('[data-testid="queue-row"]')[0]!.get('.el-checkbox input')
    await tick.setValue(true)
    await flushPromises()
    vi.mocked(ipc.claimCases).mockResolvedValue([{ number: '4407030002026120200001', claimed: false, error: '该办件已由陈审批认领' }])
    await wrapper.get('[data-testid="bulk-claim"]').trigger('click')
    await flushPromises()
    expect(ipc.claimCases).toHaveBeenCalledWith(['4407030002026120200001'])
    const failure = wrapper.get('[data-testid="claim-failure"]')
    expect(failure.attributes('data-number')).toBe('4407030002026120200001')
    expect(failure.text()).toContain('该办件已由陈审批认领')
  })

  it('takes the next free case (领取下一件, from its button or Alt+N) and opens it; says so when none is left', async () => {
    const { wrapper, push } = await mountQueue()
    const claimed = { ...ROWS[0]!.case, state: 'under_review' as const, claimed_by: '李审批', claimed_by_username: 'reviewer' }
    vi.mocked(ipc.claimNextCase).mockResolvedValue({ case: claimed, action: 'claim', documents: [] })
    const reads = vi.mocked(ipc.queuePage).mock.calls.length
    await wrapper.get('[data-testid="claim-next"]').trigger('click')
    await flushPromises()
    expect(ipc.claimNextCase).toHaveBeenCalledTimes(1)
    expect(messages.success).toHaveBeenCalledWith(expect.objectContaining({ message: '已认领办件 4407030002026120200001' }))
    expect(push).toHaveBeenCalledWith({ name: 'review-case', params: { number: '4407030002026120200001' } })
    expect(vi.mocked(ipc.queuePage).mock.calls.length).toBe(reads + 1)
    push.mockClear()
    vi.mocked(ipc.claimNextCase).mockResolvedValue(null)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'n', altKey: true }))
    await flushPromises()
    expect(ipc.claimNextCase).toHaveBeenCalledTimes(2)
    expect(messages.info).toHaveBeenCalledWith(expect.objectContaining({ message: '本部门队列中没有待认领的办件' }))
    expect(push).not.toHaveBeenCalled()
    // N alone is typing, not the shortcut.
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'n' }))
    await flushPromises()
    expect(ipc.claimNextCase).toHaveBeenCalledTimes(2)
  })

  it('pages on the server', async () => {
    vi.mocked(ipc.queuePage).mockResolvedValue(page(ROWS, { total: 120 }))
    const { wrapper } = await mountQueue()
    await wrapper.get('[data-testid="queue-pagination"] .btn-next').trigger('click')
    await flushPromises()
    expect(lastRequest()).toEqual({ offset: 50, limit: 50 })
  })

  it('follows other stations without a click: it reloads when the window comes back, unless rows are ticked', async () => {
    await mountQueue()
    const before = vi.mocked(ipc.queuePage).mock.calls.length
    window.dispatchEvent(new Event('focus'))
    await flushPromises()
    expect(vi.mocked(ipc.queuePage).mock.calls.length).toBe(before + 1)
    useReviewStore().select(['4407030002026120200001'])
    window.dispatchEvent(new Event('focus'))
    await flushPromises()
    expect(vi.mocked(ipc.queuePage).mock.calls.length).toBe(before + 1)
  })
})
