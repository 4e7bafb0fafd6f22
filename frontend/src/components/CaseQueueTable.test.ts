import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import type { CaseSummary } from '@/api/bindings'
import { createAppI18n } from '@/locales'
import { hallToday } from '@/format/time'
import CaseQueueTable from './CaseQueueTable.vue'

const base: Omit<CaseSummary, 'number' | 'state' | 'due_date'> = {
  service_item_code: '11440700MB2C123',
  service_item_name: '港澳通行证签注',
  department: { code: 'JMGA', name: '江门市公安局' },
  applicant_name: '欧阳𠮷·买买提',
  applicant_id_masked: '4407**********123X',
  hall: { code: 'JM-PJ', name: '蓬江区政务服务中心' },
  accepted_at: '2025-03-01T02:05:00Z',
  shortfall_supplement_due: null,
  claimed_by: null,
  claimed_by_username: null,
  delivery: 'post',
}

/** Today in hall time (as the table counts lateness), `offset` calendar days on. */
function isoDay(offset: number): string {
  const d = new Date(`${hallToday()}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + offset)
  return d.toISOString().slice(0, 10)
}

let wrapper: VueWrapper | null = null

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

async function mountTable(rows: CaseSummary[]) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/cases/:number', name: 'case', component: { template: '<div />' } },
    ],
  })
  await router.push('/')
  await router.isReady()
  const push = vi.spyOn(router, 'push')
  wrapper = mount(CaseQueueTable, {
    attachTo: document.body,
    props: { rows, loading: false, testid: 'department-queue', showDelivery: true },
    global: { plugins: [createAppI18n('zh-CN'), ElementPlus, router] },
  })
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
  return { wrapper, push }
}

describe('CaseQueueTable', () => {
  const rows: CaseSummary[] = [
    { ...base, number: 'JM2025000001', state: 'handed_off', due_date: isoDay(-3) },
    { ...base, number: 'JM2025000002', state: 'under_review', due_date: isoDay(20) },
    { ...base, number: 'JM2025000003', state: 'correction_requested', due_date: isoDay(20), shortfall_supplement_due: isoDay(20) },
  ]

  it('renders one marked row per case with translated state and the full name', async () => {
    const { wrapper } = await mountTable(rows)
    expect(wrapper.find('[data-testid="department-queue"]').exists()).toBe(true)
    const trs = wrapper.findAll('[data-testid="queue-row"]')
    expect(trs).toHaveLength(3)
    expect(trs[0]!.text()).toContain('JM2025000001')
    expect(trs[0]!.text()).toContain('已移交')
    expect(trs[0]!.text()).toContain('欧阳𠮷·买买提')
    expect(trs[0]!.text()).toContain('4407**********123X')
    expect(trs[0]!.text()).toContain('2025-03-01 10:05')
    expect(trs[0]!.text()).toContain('邮政寄递')
    expect(trs[2]!.text()).toContain('待补正')
  })

  it('writes how late an open case is, and how near, beside the colour', async () => {
    const { wrapper } = await mountTable([
      ...rows,
      { ...base, number: 'JM2025000004', state: 'under_review', due_date: isoDay(1) },
      // Finished: a date in the past is not lateness any more.
      { ...base, number: 'JM2025000005', state: 'closed', due_date: isoDay(-9) },
    ])
    const trs = wrapper.findAll('[data-testid="queue-row"]')
    const note = (i: number) => trs[i]!.find('[data-testid="due-note"]')
    expect(note(0).text()).toBe('已超期 3 天')
    expect(note(0).classes()).toContain('ow-overdue')
    expect(note(1).exists()).toBe(false)
    expect(note(3).text()).toBe('剩 1 天')
    expect(note(3).classes()).toContain('ow-due-soon')
    expect(note(4).exists()).toBe(false)
    expect(trs[4]!.text()).toContain(isoDay(-9))
  })

  it('colours each state its own way, with its label', async () => {
    const { wrapper } = await mountTable(rows)
    const tags = wrapper.findAll('[data-testid="queue-row"] .el-tag[data-state]')
    expect(tags.map((t) => t.attributes('data-state'))).toEqual(['handed_off', 'under_review', 'correction_requested'])
    const styles = tags.map((t) => t.attributes('style'))
    expect(new Set(styles).size).toBe(3)
    expect(tags[2]!.text()).toBe('待补正')
  })

  it('opens the case with ↓ then Enter', async () => {
    const { wrapper, push } = await mountTable(rows)
    const root = wrapper.get('.ow-queue')
    await root.trigger('keydown', { key: 'ArrowDown' })
    await root.trigger('keydown', { key: 'Enter' })
    expect(push).toHaveBeenCalledWith({ name: 'case', params: { number: 'JM2025000002' } })
  })

  it('opens the case on row click', async () => {
    const { wrapper, push } = await mountTable(rows)
    await wrapper.findAll('[data-testid="queue-row"]')[2]!.trigger('click')
    expect(push).toHaveBeenCalledWith({ name: 'case', params: { number: 'JM2025000003' } })
  })

  it('groups a case number on screen and keeps its plain digits in the row text; copying it opens nothing', async () => {
    const number = '4407030002026120200001'
    const { wrapper, push } = await mountTable([{ ...base, number, state: 'handed_off', due_date: isoDay(20) }])
    const tr = wrapper.get('[data-testid="queue-row"]')
    expect(tr.findAll('.ow-case-number-part').map((p) => p.text())).toEqual(['440703000', '20261202', '00001'])
    // The reviewers' end-to-end test reads the row's text for the number.
    expect(tr.element.textContent).toMatch(/440\d{6}2026\d{9}/)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: vi.fn(async () => {}) } })
    await tr.get('[data-testid="case-number-copy"]').trigger('click')
    await flushPromises()
    expect(push).not.toHaveBeenCalled()
    vi.unstubAllGlobals()
  })

  it('leaves out a column no case of the queue has a value for', async () => {
    const headers = async (list: CaseSummary[]) => {
      const { wrapper } = await mountTable(list)
      const text = wrapper.findAll('th').map((h) => h.text())
      wrapper.unmount()
      return text
    }
    const bare = await headers(rows.slice(0, 2))
    expect(bare).not.toContain('容缺补交期限')
    expect(bare).not.toContain('认领人')
    expect(bare).toContain('受理时间')
    const full = await headers([...rows, { ...base, number: 'JM2025000009', state: 'under_review', due_date: isoDay(9), claimed_by: '王审批' }])
    expect(full).toContain('容缺补交期限')
    expect(full).toContain('认领人')
    wrapper = null
  })

  it('offers a tab per state present', async () => {
    const { wrapper } = await mountTable(rows)
    const tabs = wrapper.findAll('.el-tabs__item').map((t) => t.text())
    expect(tabs).toEqual(['全部 (3)', '已移交 (1)', '审查中 (1)', '待补正 (1)'])
  })
})
