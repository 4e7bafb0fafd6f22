import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import type { CaseDetail, CaseEventView, CaseState, CaseSummary } from '@/api/bindings'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async () => ({
  ...(await import('@/test/ipcMocks')).scanIpc(),
  getCase: vi.fn(),
  caseShipments: vi.fn(),
  caseCustody: vi.fn(),
  printerProfiles: vi.fn(),
  printDocument: vi.fn(),
  printJobs: vi.fn(),
  resendPrintJob: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))
vi.mock('@/api/events', () => ({ onScanIngested: vi.fn() }))

import * as ipc from '@/api/ipc'
import { onScanIngested } from '@/api/events'
import { useSessionStore } from '@/stores/session'
import { PROFILES, job } from '@/test/printFixtures'
import { inbox, materials } from '@/test/scanFixtures'
import { shipment } from '@/test/courierFixtures'
import CaseDetailView from './CaseDetailView.vue'

const DETAIL: CaseDetail = {
  summary: {
    number: 'JM2025000001',
    service_item_code: '11440700MB2C123',
    service_item_name: '港澳通行证签注',
    department: { code: 'JMGA', name: '江门市公安局' },
    applicant_name: '欧阳𠮷',
    applicant_id_masked: '4407**********123X',
    hall: { code: 'JM-PJ', name: '蓬江区政务服务中心' },
    state: 'accepted',
    accepted_at: '2025-03-01T02:05:00Z',
    due_date: '2025-03-20',
    shortfall_supplement_due: null,
    claimed_by: null,
    claimed_by_username: null,
    delivery: 'window',
  },
  applicant_kind: 'person',
  applicant_phone_masked: '138****0000',
  catalog_version: 3,
  events: [],
  bundle: null,
  chain: { intact: true, events: 3, broken_at: null, message: '记录完整' },
}

let wrapper: VueWrapper | null = null
const stop = vi.fn()

beforeEach(() => {
  vi.mocked(ipc.getCase).mockReset().mockResolvedValue(DETAIL)
  vi.mocked(ipc.caseShipments).mockReset().mockResolvedValue([])
  vi.mocked(ipc.printerProfiles).mockReset().mockResolvedValue(PROFILES)
  vi.mocked(ipc.printJobs).mockReset().mockResolvedValue([])
  vi.mocked(ipc.scanInbox).mockReset().mockResolvedValue(inbox([]))
  vi.mocked(ipc.caseMaterials).mockReset().mockResolvedValue(materials())
  stop.mockReset()
  vi.mocked(onScanIngested).mockReset().mockReturnValue(stop)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

describe('CaseDetailView', () => {
  it('follows scan-ingested while shown, with the materials section between the summary and the print panel', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] })
    wrapper = mount(CaseDetailView, {
      attachTo: document.body,
      props: { number: 'JM2025000001' },
      global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus, router] },
    })
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
    expect(onScanIngested).toHaveBeenCalledTimes(1)
    expect(ipc.caseMaterials).toHaveBeenCalledWith('JM2025000001')

    const order = [...document.querySelectorAll('[data-testid="case-materials"], [data-testid="print-panel"], .el-descriptions')].map(
      (el) => el.getAttribute('data-testid') ?? 'summary',
    )
    expect(order).toEqual(['summary', 'case-materials', 'print-panel'])
    // No system words, no empty facts: the catalog version and a claim the case does not have are left out.
    const summary = document.querySelector('.el-descriptions')!.textContent!
    expect(summary).not.toContain('目录版本')
    expect(summary).not.toContain('认领人')
    // The case screen says whether its recorded history is intact.
    const chain = document.querySelector('[data-testid="chain-status"]')!
    expect(chain.getAttribute('data-intact')).toBe('true')
    expect(chain.textContent).toContain('记录完整')

    wrapper.unmount()
    wrapper = null
    expect(stop).toHaveBeenCalledTimes(1)
    // A case taken in alone has no bundle section.
    expect(document.querySelector('[data-testid="case-bundle"]')).toBeNull()
  })

  it('shows the 一件事 bundle the case was taken in with: every case as a link, the lead marked, and its combined receipt', async () => {
    const member = (number: string, name: string, state: CaseSummary['state']): CaseSummary => ({
      ...DETAIL.summary,
      number,
      service_item_name: name,
      state,
    })
    vi.mocked(ipc.getCase).mockResolvedValue({
      ...DETAIL,
      summary: member('JM2025000002', '出生登记', 'notice_issued'),
      bundle: {
        code: 'JMYJS001',
        name: '新生儿出生一件事',
        lead: 'JM2025000001',
        cases: [
          member('JM2025000001', '出生医学证明签发', 'accepted'),
          member('JM2025000002', '出生登记', 'notice_issued'),
          member('JM2025000003', '城乡居民医保参保登记', 'accepted_with_shortfall'),
        ],
      },
    })
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 9, case_number: 'JM2025000001', document: 'bundle-receipt' }))
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { template: '<div />' } },
        { path: '/cases/:number', name: 'case', component: { template: '<div />' } },
      ],
    })
    wrapper = mount(CaseDetailView, {
      attachTo: document.body,
      props: { number: 'JM2025000002' },
      global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus, router] },
    })
    await flushPromises()
    const section = wrapper.get('[data-testid="case-bundle"]')
    expect(section.get('[data-testid="case-bundle-name"]').text()).toBe('新生儿出生一件事')
    expect(section.text()).toContain('同次受理 3 件')
    const rows = section.findAll('[data-testid="case-bundle-member"]')
    expect(rows.map((r) => [r.attributes('data-number'), r.attributes('data-lead')])).toEqual([
      ['JM2025000001', 'true'],
      ['JM2025000002', 'false'],
      ['JM2025000003', 'false'],
    ])
    expect(rows[0]!.get('[data-testid="case-bundle-lead"]').text()).toBe('合并回执')
    expect(rows[1]!.find('[data-testid="case-bundle-lead"]').exists()).toBe(false)
    expect(rows[0]!.text()).toContain('出生医学证明签发')
    expect(rows[2]!.text()).toContain('容缺受理')
    // The others open from their number; this case does not.
    expect(rows[0]!.find('button.ow-case-number-open').exists()).toBe(true)
    expect(rows[1]!.find('button.ow-case-number-open').exists()).toBe(false)
    expect(rows[1]!.text()).toContain('本件')
    await rows[2]!.get('button.ow-case-number-open').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/cases/JM2025000003')

    // The print panel offers the combined receipt under the lead's number.
    await wrapper.get('[data-testid="print-bundle-receipt"]').trigger('click')
    await flushPromises()
    expect(ipc.printDocument).toHaveBeenCalledWith(expect.objectContaining({ document: 'bundle-receipt', case_number: 'JM2025000001' }))
  })

  it('tells the history by the Chinese label of each action, the first event as the creation', async () => {
    const event = (seq: number, action: CaseEventView['action'], from: CaseState | null, to: CaseState): CaseEventView => ({
      seq,
      at: '2025-03-01T02:05:00Z',
      action,
      from_state: from,
      to_state: to,
      actor: 'clerk1',
      hall: DETAIL.summary.hall,
      window: '3',
      reason: '',
      detail: null,
    })
    vi.mocked(ipc.getCase).mockResolvedValue({
      ...DETAIL,
      summary: { ...DETAIL.summary, state: 'under_review' },
      events: [
        event(4, 'release', 'under_review', 'handed_off'),
        event(1, null, null, 'draft'),
        event(2, 'accept', 'draft', 'accepted'),
        event(3, 'hand_off', 'accepted', 'handed_off'),
        event(5, 'request_correction', 'handed_off', 'correction_requested'),
      ],
    })
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] })
    wrapper = mount(CaseDetailView, {
      attachTo: document.body,
      props: { number: 'JM2025000001' },
      global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus, router] },
    })
    await flushPromises()
    const actions = wrapper.findAll('[data-testid="case-event-action"]').map((a) => a.text())
    expect(actions).toEqual(['新建', '受理', '移交部门', '退回队列', '要求补正'])
    expect(wrapper.findAll('[data-testid="case-event"]')[4]!.text()).toContain('待补正')
  })

  it('offers a clerk the supply of the tolerated materials still to come, and nobody else', async () => {
    vi.mocked(ipc.getCase).mockResolvedValue({
      ...DETAIL,
      summary: { ...DETAIL.summary, state: 'accepted_with_shortfall', shortfall_supplement_due: '2025-03-10' },
    })
    const open = async (role: 'window_clerk' | 'reviewer') => {
      const pinia = createPinia()
      setActivePinia(pinia)
      useSessionStore().user = { username: 'u', display_name: '李敏', role, hall: null, window: null, department: null, idle_lock_minutes: 5 }
      const router = createRouter({
        history: createMemoryHistory(),
        routes: [
          { path: '/', component: { template: '<div />' } },
          { path: '/clerk/correction', name: 'correction-supply', component: { template: '<div />' } },
        ],
      })
      wrapper = mount(CaseDetailView, {
        attachTo: document.body,
        props: { number: 'JM2025000001' },
        global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus, router] },
      })
      await flushPromises()
      return { w: wrapper, router }
    }
    const { w, router } = await open('window_clerk')
    const button = w.get('[data-testid="case-supply-shortfall"]')
    expect(button.text()).toBe('补交容缺材料')
    expect(w.find('[data-testid="supply-correction"]').exists()).toBe(false)
    await button.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/clerk/correction?case=JM2025000001')
    wrapper!.unmount()

    const reviewer = await open('reviewer')
    expect(reviewer.w.find('[data-testid="case-supply-shortfall"]').exists()).toBe(false)
  })

  it('lists the envelopes of the case under 寄递, only when it has any, and asks again after a label is printed', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] })
    const mountCase = async () => {
      wrapper = mount(CaseDetailView, {
        attachTo: document.body,
        props: { number: 'JM2025000001' },
        global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus, router] },
      })
      await flushPromises()
      await new Promise((r) => setTimeout(r, 0))
      await flushPromises()
    }
    await mountCase()
    expect(ipc.caseShipments).toHaveBeenCalledWith('JM2025000001')
    expect(document.querySelector('[data-testid="case-shipments"]')).toBeNull()
    wrapper!.unmount()

    const post = { ...DETAIL, summary: { ...DETAIL.summary, state: 'awaiting_dispatch' as const, delivery: 'post' as const } }
    vi.mocked(ipc.getCase).mockResolvedValue(post)
    vi.mocked(ipc.caseShipments).mockResolvedValue([
      shipment('1189202600050', { kind: 'result_to_applicant', state: 'cancelled', cases: ['JM2025000001'] }),
      shipment('1189202600051', { kind: 'result_to_applicant', state: 'packed', cases: ['JM2025000001'] }),
    ])
    await mountCase()
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="case-shipments"] [data-testid="case-shipment"]')]
    expect(rows.map((r) => [r.dataset.waybill, r.dataset.state])).toEqual([
      ['1189202600050', 'cancelled'],
      ['1189202600051', 'packed'],
    ])
    expect(rows[1]!.textContent).toContain('结果寄申请人')
    expect(rows[1]!.textContent).toContain('已封装')
    expect(rows[1]!.textContent).toContain('广东省江门市新会区会城今古洲路1号')

    vi.mocked(ipc.caseShipments).mockResolvedValue([shipment('1189202600051', { state: 'labelled', cases: ['JM2025000001'] })])
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 12, case_number: 'JM2025000001', document: 'label', state: 'queued' }))
    document.querySelector<HTMLButtonElement>('[data-testid="print-label"]')!.click()
    await flushPromises()
    await flushPromises()
    expect(ipc.caseShipments).toHaveBeenCalledTimes(3)
    expect(document.querySelector<HTMLElement>('[data-testid="case-shipment"]')!.dataset.state).toBe('labelled')
  })
})
