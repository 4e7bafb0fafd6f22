import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  reviewCase: vi.fn(),
  reviewAction: vi.fn(),
  departmentReviewers: vi.fn(),
  scanPage: vi.fn(),
  printerProfiles: vi.fn(),
  printDocument: vi.fn(),
  printJobs: vi.fn(),
  resendPrintJob: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import type { ReviewView } from '@/api/bindings'
import { catchMessages, messages } from '@/test/mocks'
import { PROFILES, job } from '@/test/printFixtures'
import { reviewView, shortfallStatus, summary } from '@/test/reviewFixtures'
import { JPEG } from '@/test/scanFixtures'
import ReviewCaseView from './ReviewCaseView.vue'

const NUMBER = '4407030002026120200001'
let wrapper: VueWrapper | null = null

beforeEach(() => {
  vi.mocked(ipc.reviewCase).mockReset().mockResolvedValue(reviewView())
  vi.mocked(ipc.reviewAction).mockReset()
  vi.mocked(ipc.departmentReviewers)
    .mockReset()
    .mockResolvedValue([
      { username: 'reviewer', display_name: '李审批', role: 'reviewer' },
      { username: 'reviewer2', display_name: '陈审批', role: 'reviewer' },
    ])
  vi.mocked(ipc.scanPage)
    .mockReset()
    .mockImplementation(async (sha256, page) => ({ sha256, page, pages: 1, data_url: 'data:image/png;base64,AA' }))
  vi.mocked(ipc.printerProfiles).mockReset().mockResolvedValue(PROFILES)
  vi.mocked(ipc.printJobs).mockReset().mockResolvedValue([])
  vi.mocked(ipc.printDocument).mockReset()
  catchMessages()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

async function mountReview(review: ReviewView = reviewView()) {
  vi.mocked(ipc.reviewCase).mockResolvedValue(review)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/cases/:number', name: 'case', component: { template: '<div />' } },
      { path: '/reviewer', name: 'reviewer', component: { template: '<div />' } },
      { path: '/followups', name: 'followups', component: { template: '<div />' } },
    ],
  })
  await router.push('/')
  wrapper = mount(ReviewCaseView, {
    attachTo: document.body,
    props: { number: NUMBER },
    global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus, router] },
  })
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
  return wrapper
}

function $(testid: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)
  if (!el) throw new Error(`no ${testid}`)
  return el
}

describe('ReviewCaseView', () => {
  it('offers exactly the moves the backend allows', async () => {
    const w = await mountReview()
    expect(ipc.reviewCase).toHaveBeenCalledWith(NUMBER)
    const buttons = w.findAll('[data-testid^="action-"]').map((b) => b.attributes('data-testid'))
    expect(buttons).toEqual(['action-approve', 'action-deny', 'action-request_correction', 'action-start_special_procedure', 'action-release'])
    wrapper!.unmount()

    const none = await mountReview(reviewView({ actions: ['submit_correction'] }))
    expect(none.findAll('[data-testid^="action-"]')).toHaveLength(0)
    expect(none.get('[data-testid="review-no-actions"]').text()).toBe('您当前不能对该办件进行操作')
  })

  it('shows the materials as received with the tolerated one, and the first scanned material in the viewer', async () => {
    const w = await mountReview()
    const rows = w.findAll('[data-testid="review-material"]')
    expect(rows.map((r) => r.attributes('data-code'))).toEqual(['M01', 'M02'])
    expect(rows[0]!.text()).toContain('原件')
    expect(rows[1]!.text()).toContain('未收取')
    expect(rows[1]!.text()).toContain('容缺至 2026-12-09')
    expect(w.get('[data-testid="review-tolerated"]').text()).toContain('营业执照：应于 2026-12-09 前补交')
    expect(w.get('[data-testid="page-counter"]').text()).toBe('1 / 3')
    expect(ipc.scanPage).toHaveBeenCalledWith(JPEG.sha256, 1)
    await rows[1]!.findAll('td')[1]!.trigger('click')
    expect(w.get('[data-testid="page-counter"]').text()).toBe('0 / 0')
  })

  it('shows the clock with its dates, pauses and rule, the earlier cases, the history and the audit record', async () => {
    const w = await mountReview()
    expect(w.get('[data-testid="review-clock"] [data-testid="clock-tag"]').text()).toBe('预警 剩 2 个工作日')
    expect(w.get('[data-testid="clock-due"]').text()).toBe('2026-12-16')
    expect(w.get('[data-testid="clock-statutory-due"]').text()).toBe('2026-12-30')
    expect(w.get('[data-testid="clock-pause"]').text()).toContain('2026-12-04 至 2026-12-08')
    expect(w.get('[data-testid="clock-pause"]').text()).toContain('2 个工作日')
    expect(w.get('[data-testid="clock-rule"]').text()).toBe('暂停开始当日照常计时；结束后的下一个工作日恢复计时')
    expect(w.get('[data-testid="earlier-case"]').attributes('data-number')).toBe('4407030002025060100007')
    // A reassignment names the reviewers, not their usernames.
    expect(w.get('[data-testid="case-event-detail"]').text()).toBe('由 陈审批 改派给 李审批')
    const chain = w.get('[data-testid="chain-status"]')
    expect(chain.attributes('data-intact')).toBe('true')
    expect(chain.text()).toContain('记录完整')
    expect(chain.find('.el-tag--success').exists()).toBe(true)
  })

  it('shows a broken audit chain in red with what is wrong', async () => {
    const base = reviewView()
    const broken = { intact: false, events: 3, broken_at: 2, message: '第2条记录被改动' }
    const w = await mountReview(reviewView({ detail: { ...base.detail, chain: broken } }))
    const chain = w.get('[data-testid="chain-status"]')
    expect(chain.attributes('data-intact')).toBe('false')
    expect(chain.find('.el-alert--error').text()).toContain('第2条记录被改动')
  })

  it('after a move reads the case again and offers its documents to print', async () => {
    const w = await mountReview()
    vi.mocked(ipc.reviewAction).mockResolvedValue({ case: summary({ state: 'approved' }), action: 'approve', documents: ['approval-decision'] })
    vi.mocked(ipc.reviewCase).mockResolvedValue(
      reviewView({ actions: [], documents: ['approval-decision'], detail: { ...reviewView().detail, summary: summary({ state: 'approved' }) } }),
    )
    await w.get('[data-testid="action-approve"]').trigger('click')
    await flushPromises()
    const certificate = $('input-certificate_number') as HTMLInputElement
    certificate.value = 'JY14407030001'
    certificate.dispatchEvent(new Event('input'))
    $('dialog-submit').click()
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
    expect(ipc.reviewCase).toHaveBeenCalledTimes(2)
    expect(w.get('[data-testid="review-case"]').attributes('data-state')).toBe('approved')
    expect(w.findAll('[data-testid^="action-"]')).toHaveLength(0)

    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 7, case_number: NUMBER, document: 'approval-decision', state: 'queued' }))
    $('outcome-print-approval-decision').click()
    await flushPromises()
    expect(ipc.printDocument).toHaveBeenCalledWith(expect.objectContaining({ document: 'approval-decision', case_number: NUMBER }))
    // The print panel of the case offers it too.
    expect(w.find('[data-testid="print-approval-decision"]').exists()).toBe(true)
  })

  it('claims at once, without a form', async () => {
    const w = await mountReview(reviewView({ actions: ['claim'] }))
    vi.mocked(ipc.reviewAction).mockResolvedValue({ case: summary({ state: 'under_review' }), action: 'claim', documents: [] })
    await w.get('[data-testid="action-claim"]').trigger('click')
    await flushPromises()
    expect(ipc.reviewAction).toHaveBeenCalledWith(NUMBER, { action: 'claim' })
    expect(messages.success).toHaveBeenCalled()
    expect(document.querySelector('[data-testid="review-dialog"]')).toBeNull()
  })

  it('shows the tolerated materials still to come and those brought, and leaves the follow-up moves to the follow-up list', async () => {
    const w = await mountReview(
      reviewView({
        actions: ['approve', 'remind', 'terminate', 'supply_shortfall', 'hold_shortfall'],
        shortfall: shortfallStatus({ supplied: ['场地证明'], broken_on: '2026-12-10' }),
      }),
    )
    const panel = w.get('[data-testid="review-shortfall"]')
    expect(panel.findAll('[data-testid="review-shortfall-outstanding"]').map((e) => e.text())).toEqual(['营业执照（2026-12-09 前）'])
    expect(panel.findAll('[data-testid="review-shortfall-supplied"]').map((e) => e.text())).toEqual(['场地证明 已补交'])
    expect(panel.find('[data-testid="review-shortfall-done"]').exists()).toBe(false)
    expect(panel.get('[data-testid="review-shortfall-broken"]').text()).toBe('未履行容缺承诺（2026-12-10）')
    expect(panel.get('[data-testid="review-shortfall-rule"]').text()).toBe('逾期处理：终止办理')
    expect(panel.get('[data-testid="review-shortfall-followups"]').attributes('href')).toBe('/followups')
    // No broken buttons: the decision panel offers the review moves only.
    expect(w.findAll('[data-testid^="action-"]').map((b) => b.attributes('data-testid'))).toEqual(['action-approve'])
  })

  it('says when the tolerated materials are all in, and shows no panel for a case without any', async () => {
    const w = await mountReview(
      reviewView({ shortfall: shortfallStatus({ outstanding: [], due: null, supplied: ['营业执照'], on_overdue: 'hold' }) }),
    )
    expect(w.get('[data-testid="review-shortfall"]').attributes('data-done')).toBe('true')
    expect(w.get('[data-testid="review-shortfall-done"]').text()).toBe('容缺材料已全部补齐')
    expect(w.findAll('[data-testid="review-shortfall-outstanding"]')).toHaveLength(0)
    expect(w.find('[data-testid="review-shortfall-broken"]').exists()).toBe(false)
    expect(w.find('[data-testid="review-shortfall-followups"]').exists()).toBe(false)
    wrapper!.unmount()

    const none = await mountReview()
    expect(none.find('[data-testid="review-shortfall"]').exists()).toBe(false)
  })
})
