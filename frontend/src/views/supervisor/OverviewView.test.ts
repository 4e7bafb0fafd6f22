import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import type { Overview } from '@/api/bindings'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', () => ({ overview: vi.fn() }))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))

import * as ipc from '@/api/ipc'
import OverviewView from './OverviewView.vue'

const hall = (code: string, name: string) => ({ code, name })

const overview: Overview = {
  total: 263,
  open: 43,
  overdue: 5,
  on_time_rate: 0.9,
  instant_approvals: 12,
  reviewed_approvals: 158,
  terminated: 3,
  by_state: [
    { state: 'accepted', count: 3 },
    { state: 'under_review', count: 40 },
    { state: 'closed', count: 185 },
    { state: 'refused', count: 15 },
    { state: 'notice_issued', count: 20 },
  ],
  by_hall: [
    { hall: hall('440700000', '江门市政务服务中心'), total: 200, open: 30, overdue: 4 },
    { hall: hall('440703000', '蓬江区政务服务中心'), total: 63, open: 13, overdue: 1 },
  ],
  period: { first_day: '2026-10-08', last_day: '2026-12-03', counted_at: '2026-12-03T09:40:00Z' },
}

let wrapper: VueWrapper | null = null

async function mountView(locale: 'zh-CN' | 'en' = 'zh-CN') {
  wrapper = mount(OverviewView, {
    attachTo: document.body,
    // The chart draws on a canvas jsdom lacks; its option is tested on its own (stateBars.test.ts).
    global: { plugins: [createPinia(), createAppI18n(locale), ElementPlus], stubs: { StateBarChart: true } },
  })
  await flushPromises()
  return wrapper
}

describe('OverviewView', () => {
  beforeEach(() => {
    vi.mocked(ipc.overview).mockReset().mockResolvedValue(overview)
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    vi.useRealTimers()
  })

  it('says what it counts from the period the backend counted, not from the screen clock', async () => {
    // A screen clock months off must not move the period.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2027-05-01T01:00:00Z'))
    const w = await mountView()
    expect(w.get('[data-testid="overview-period"]').text()).toBe('统计范围：2026年10月8日至2026年12月3日受理的全部办件（统计于 17:40）')
  })

  it('says the period in English too', async () => {
    const w = await mountView('en')
    expect(w.get('[data-testid="overview-period"]').text()).toBe('All cases taken in from 8 Oct 2026 to 3 Dec 2026 (counted at 17:40)')
  })

  it('says there are no cases yet before the first one', async () => {
    vi.mocked(ipc.overview).mockResolvedValue({
      ...overview,
      total: 0,
      by_state: [],
      by_hall: [],
      period: { first_day: null, last_day: '2026-12-03', counted_at: '2026-12-03T09:40:00Z' },
    })
    const w = await mountView()
    expect(w.get('[data-testid="overview-period"]').text()).toBe('尚无办件')
  })

  it('says what the state bars add up to, which is the total', async () => {
    const w = await mountView()
    expect(w.get('[data-testid="overview-cards"]').text()).toContain('263')
    expect(w.get('[data-testid="overview-state-sum"]').text()).toBe('各状态合计 263 件')
    expect(w.find('[data-testid="overview-state-mismatch"]').exists()).toBe(false)
  })

  it('says so when the states do not add up to the total', async () => {
    vi.mocked(ipc.overview).mockResolvedValue({ ...overview, total: 270 })
    const w = await mountView()
    expect(w.get('[data-testid="overview-state-mismatch"]').text()).toBe('与办件总数 270 件不符')
  })

  it('ends the halls table with their totals', async () => {
    const w = await mountView()
    const foot = w.get('[data-testid="overview-halls"] .el-table__footer-wrapper').text().replace(/\s+/g, ' ')
    expect(foot).toContain('合计')
    expect(foot).toContain('263')
    expect(foot).toContain('43')
    expect(foot).toContain('5')
  })

  it('shows approvals by the system apart from those a reviewer made, and the terminated cases', async () => {
    const w = await mountView()
    const figure = (testid: string) => {
      const card = w.get(`[data-testid="${testid}"]`)
      return [card.get('.el-statistic__head').text(), card.get('.el-statistic__number').text()]
    }
    expect(figure('overview-instant')).toEqual(['智能审批', '12'])
    expect(figure('overview-reviewed')).toEqual(['人工审批', '158'])
    expect(figure('overview-terminated')).toEqual(['终止办理', '3'])
  })
})
