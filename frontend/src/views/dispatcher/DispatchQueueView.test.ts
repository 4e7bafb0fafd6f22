import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  dispatchWork: vi.fn(),
  createShipment: vi.fn(),
  cancelShipment: vi.fn(),
  waybillRanges: vi.fn(),
  dispatchQueue: vi.fn(),
  printDocument: vi.fn(),
  printJobs: vi.fn(),
  printerProfiles: vi.fn(),
  resendPrintJob: vi.fn(),
  printLabels: vi.fn(),
  resumeLabelRun: vi.fn(),
  cancelLabelRun: vi.fn(),
  labelRuns: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError, showErrorText } from '@/api/errors'
import { useSessionStore } from '@/stores/session'
import { catchMessages, messages, resetMocks } from '@/test/mocks'
import { PROFILES, job } from '@/test/printFixtures'
import { summary } from '@/test/reviewFixtures'
import { ADDRESS, HOUSING, MARKET, MAT_A, MAT_B, MAT_C, RES_A, RES_B, RES_BLOCKED, range, shipment, work } from '@/test/courierFixtures'
import DispatchQueueView from './DispatchQueueView.vue'

let wrapper: VueWrapper | null = null
let router: Router

beforeEach(() => {
  resetMocks(ipc)
  vi.mocked(showError).mockReset()
  vi.mocked(showErrorText).mockReset()
  vi.mocked(ipc.dispatchWork).mockResolvedValue(work())
  vi.mocked(ipc.waybillRanges).mockResolvedValue([range()])
  vi.mocked(ipc.dispatchQueue).mockResolvedValue([summary({ number: RES_A, state: 'awaiting_dispatch', delivery: 'post' })])
  vi.mocked(ipc.printJobs).mockResolvedValue([])
  vi.mocked(ipc.printerProfiles).mockResolvedValue(PROFILES)
  vi.mocked(ipc.labelRuns).mockResolvedValue([])
  catchMessages()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

async function settle() {
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
  await flushPromises()
}

async function mountDesk() {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().user = {
    username: 'dispatcher',
    display_name: '寄递员小陈',
    role: 'dispatcher',
    hall: { code: '440703000', name: '蓬江区政务服务中心' },
    window: null,
    department: null,
    idle_lock_minutes: 5,
  }
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/cases/:number', name: 'case', component: { template: '<div />' } },
      { path: '/courier/ranges', name: 'waybill-ranges', component: { template: '<div />' } },
    ],
  })
  await router.push('/')
  wrapper = mount(DispatchQueueView, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus, router] } })
  await settle()
  return wrapper
}

function q<T extends HTMLElement = HTMLElement>(selector: string): T | null {
  return document.body.querySelector<T>(selector)
}

function all(selector: string): HTMLElement[] {
  return [...document.body.querySelectorAll<HTMLElement>(selector)]
}

function item(number: string): HTMLElement {
  return q(`[data-testid="courier-item"][data-number="${number}"]`)!
}

async function tick(number: string) {
  item(number).querySelector<HTMLInputElement>('[data-testid="courier-item-select"] input')!.click()
  await settle()
}

function button(testid: string): HTMLButtonElement {
  return q<HTMLButtonElement>(`button[data-testid="${testid}"]`)!
}

async function click(testid: string) {
  button(testid).click()
  await settle()
}

describe('the courier desk', () => {
  it('keeps the testids the end-to-end test looks for: the screen and the cases in dispatch', async () => {
    await mountDesk()
    expect(q('[data-testid="dispatch-queue"]')).not.toBeNull()
    expect(all('[data-testid="queue-row"]')).toHaveLength(1)
    expect(ipc.dispatchQueue).toHaveBeenCalledTimes(1)
  })

  it('groups the work by destination with counts, and shows why a case cannot go', async () => {
    await mountDesk()
    const groups = all('[data-testid="courier-group"]')
    expect(groups.map((g) => [g.dataset.kind, g.dataset.destination, g.dataset.count])).toEqual([
      ['material_transfer', MARKET, '2'],
      ['material_transfer', HOUSING, '1'],
      ['result_to_applicant', ADDRESS, '3'],
    ])
    expect(groups[0]!.querySelector('[data-testid="courier-group-kind"]')!.textContent).toContain('材料流转')
    expect(groups[2]!.querySelector('[data-testid="courier-group-kind"]')!.textContent).toContain('结果寄申请人')
    expect(groups[0]!.querySelector('[data-testid="courier-group-count"]')!.textContent).toBe('2 件')
    expect(q('[data-testid="courier-work"]')!.textContent).toContain('共 6 件')
    expect(item(MAT_A).querySelector('[data-testid="courier-item-papers"]')!.textContent).toContain('M01、M03')
    expect(item(RES_A).querySelector('[data-testid="courier-item-papers"]')).toBeNull()
    expect(item(RES_BLOCKED).dataset.blocked).toBe('true')
    expect(item(RES_BLOCKED).querySelector('[data-testid="courier-item-blocked"]')!.textContent).toBe(
      '暂不能寄出：容缺材料“经营场所使用证明”尚未补齐，补齐后方可寄出',
    )
  })

  it('ticks the cases of one group only, and never a blocked one', async () => {
    await mountDesk()
    expect(button('courier-pack').disabled).toBe(true)
    await tick(MAT_A)
    await tick(MAT_B)
    expect(button('courier-pack').textContent).toContain('封装（2 件）')
    // A case of another group: the selection starts over there.
    await tick(MAT_C)
    expect(item(MAT_A).querySelector<HTMLInputElement>('[data-testid="courier-item-select"] input')!.checked).toBe(false)
    expect(item(MAT_C).querySelector<HTMLInputElement>('[data-testid="courier-item-select"] input')!.checked).toBe(true)
    expect(button('courier-pack').textContent).toContain('封装（1 件）')

    const blocked = item(RES_BLOCKED).querySelector<HTMLInputElement>('[data-testid="courier-item-select"] input')!
    expect(blocked.disabled).toBe(true)
    blocked.click()
    await settle()
    expect(blocked.checked).toBe(false)
    // The whole group: its sendable cases.
    all('[data-testid="courier-group"]')[2]!.querySelector<HTMLInputElement>('[data-testid="courier-group-select"] input')!.click()
    await settle()
    expect(button('courier-pack').textContent).toContain('封装（2 件）')
    expect(blocked.checked).toBe(false)
  })

  it('ticks a case whose barcode is scanned on the desk, and says when it cannot', async () => {
    await mountDesk()
    ;(document.activeElement as HTMLElement | null)?.blur()
    let t = 0
    vi.spyOn(performance, 'now').mockImplementation(() => (t += 5))
    const scan = (code: string) => {
      for (const key of [...code, 'Enter']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
    }
    scan(`OW:${MAT_B}:K7Q2`)
    await settle()
    expect(item(MAT_B).querySelector<HTMLInputElement>('[data-testid="courier-item-select"] input')!.checked).toBe(true)
    scan(RES_BLOCKED)
    await settle()
    expect(showErrorText).toHaveBeenLastCalledWith(expect.stringContaining(`办件 ${RES_BLOCKED} 暂不能寄出`))
    scan('4407030002026120299999')
    await settle()
    expect(showErrorText).toHaveBeenLastCalledWith('待封装的办件中没有“4407030002026120299999”')
  })

  it('packs the materials of a department into one envelope with the papers ticked, and offers the label at once', async () => {
    await mountDesk()
    await tick(MAT_A)
    await tick(MAT_B)
    await click('courier-pack')
    const dialog = q('[data-testid="pack-dialog"]')!
    expect(dialog.querySelector('[data-testid="pack-destination"]')!.textContent).toBe(MARKET)
    expect(all('[data-testid="pack-case"]').map((c) => c.dataset.number)).toEqual([MAT_A, MAT_B])
    const papers = all('[data-testid="pack-paper"]')
    expect(papers.map((p) => `${p.dataset.number}:${p.dataset.code}`)).toEqual([`${MAT_A}:M01`, `${MAT_A}:M03`, `${MAT_B}:M02`])
    expect(papers.every((p) => p.querySelector<HTMLInputElement>('input')!.checked)).toBe(true)
    expect(q('[data-testid="pack-split-reason"]')).toBeNull()
    papers[1]!.querySelector<HTMLInputElement>('input')!.click()
    await settle()

    vi.mocked(ipc.createShipment).mockResolvedValue(
      shipment('1189202600101', { kind: 'material_transfer', cases: [MAT_A, MAT_B], destination: MARKET, receiver_name: MARKET }),
    )
    await click('pack-submit')
    expect(ipc.createShipment).toHaveBeenCalledTimes(1)
    expect(ipc.createShipment).toHaveBeenCalledWith({
      kind: 'material_transfer',
      cases: [MAT_A, MAT_B],
      papers: { [MAT_A]: ['M01'], [MAT_B]: ['M02'] },
      carrier: '中国邮政 EMS',
      product: '标准快递',
    })
    expect(all('[data-testid="pack-shipment"]').map((s) => s.dataset.waybill)).toEqual(['1189202600101'])
    expect(q('[data-testid="pack-done"]')!.textContent).toContain('已封装 1 个邮件')
    expect(document.activeElement).toBe(button('pack-print-label'))

    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 41, case_number: MAT_A, document: 'label', state: 'done' }))
    await click('pack-print-label')
    expect(ipc.printDocument).toHaveBeenCalledWith({ document: 'label', case_number: MAT_A, profile: null, lang: null, queue: null, demo: false })
    expect(q('[data-testid="pack-label-state"]')!.textContent).toBe('已打印')
    await click('pack-close')
    expect(q('[data-testid="pack-case"]')).toBeNull()
  })

  it('packs each result to its applicant in its own envelope, one after another', async () => {
    await mountDesk()
    await tick(RES_A)
    await tick(RES_B)
    await click('courier-pack')
    expect(q('[data-testid="pack-dialog"]')!.textContent).toContain('每件单独封装，共 2 个邮件')
    expect(q('[data-testid="pack-paper"]')).toBeNull()
    vi.mocked(ipc.createShipment)
      .mockResolvedValueOnce(shipment('1189202600102', { cases: [RES_A] }))
      .mockResolvedValueOnce(shipment('1189202600103', { cases: [RES_B] }))
    await click('pack-submit')
    expect(vi.mocked(ipc.createShipment).mock.calls.map((c) => c[0])).toEqual([
      { kind: 'result_to_applicant', cases: [RES_A], carrier: '中国邮政 EMS', product: '标准快递' },
      { kind: 'result_to_applicant', cases: [RES_B], carrier: '中国邮政 EMS', product: '标准快递' },
    ])
    expect(all('[data-testid="pack-shipment"]').map((s) => s.dataset.waybill)).toEqual(['1189202600102', '1189202600103'])
    vi.mocked(ipc.printDocument)
      .mockResolvedValueOnce(job({ id: 42, case_number: RES_A, document: 'label', state: 'queued' }))
      .mockResolvedValueOnce(job({ id: 43, case_number: RES_B, document: 'label', state: 'queued' }))
    await click('pack-print-label')
    expect(vi.mocked(ipc.printDocument).mock.calls.map((c) => c[0].case_number)).toEqual([RES_A, RES_B])
  })

  it('asks for the split reason when the backend names it, and focuses it', async () => {
    await mountDesk()
    await tick(MAT_C)
    await click('courier-pack')
    vi.mocked(ipc.createShipment).mockRejectedValueOnce({
      code: 'invalid_input',
      message: '办件的材料已装入另一个邮件（1189202600050），如需分装请说明原因',
      field: 'split_reason',
    })
    await click('pack-submit')
    expect(showError).toHaveBeenCalledTimes(1)
    const reason = q<HTMLTextAreaElement>('textarea[data-testid="pack-split-reason"]')!
    expect(reason).not.toBeNull()
    expect(document.activeElement).toBe(reason)
    expect(reason.getAttribute('aria-invalid')).toBe('true')

    reason.value = '补充材料另行封装'
    reason.dispatchEvent(new Event('input'))
    vi.mocked(ipc.createShipment).mockResolvedValueOnce(
      shipment('1189202600104', { kind: 'material_transfer', cases: [MAT_C], split_reason: '补充材料另行封装' }),
    )
    await click('pack-submit')
    expect(vi.mocked(ipc.createShipment).mock.lastCall![0]).toMatchObject({ cases: [MAT_C], split_reason: '补充材料另行封装' })
    expect(q('[data-testid="pack-shipment"]')!.dataset.waybill).toBe('1189202600104')
  })

  it('lists the envelopes not handed over, prints and reprints labels, and the manifest', async () => {
    await mountDesk()
    const rows = () => all('[data-testid="courier-shipment"]')
    expect(rows().map((r) => [r.dataset.waybill, r.dataset.state])).toEqual([
      ['1189202600007', 'labelled'],
      ['1189202600008', 'packed'],
    ])
    expect(rows()[0]!.textContent).toContain('已打面单')
    expect(rows()[0]!.textContent).toContain('寄递员小陈')
    expect(rows()[0]!.querySelector('[data-testid="shipment-print-label"]')!.textContent).toContain('补打面单')
    expect(rows()[1]!.querySelector('[data-testid="shipment-print-label"]')!.textContent).toContain('打印面单')
    q<HTMLInputElement>('[data-testid="courier-shipments-all"] input')!.click()
    await settle()
    expect(rows().map((r) => r.dataset.state)).toEqual(['labelled', 'packed', 'handed_over'])
    expect(rows()[2]!.querySelector('[data-testid="shipment-print-label"]')).toBeNull()
    expect(rows()[2]!.querySelector('[data-testid="shipment-cancel"]')).toBeNull()

    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 51, case_number: '4407030002026110100002', document: 'label', state: 'done' }))
    rows()[1]!.querySelector<HTMLButtonElement>('[data-testid="shipment-print-label"]')!.click()
    await settle()
    expect(ipc.printDocument).toHaveBeenCalledWith({
      document: 'label',
      case_number: '4407030002026110100002',
      profile: null,
      lang: null,
      queue: null,
      demo: false,
    })
    expect(rows()[1]!.querySelector('[data-testid="shipment-label-state"]')!.textContent).toContain('已打印')
    // The label's job is followed on the desk.
    expect(all('[data-testid="courier-print-job"]').map((r) => r.dataset.id)).toEqual(['51'])

    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 52, case_number: null, document: 'manifest', state: 'queued' }))
    await click('courier-print-manifest')
    expect(vi.mocked(ipc.printDocument).mock.lastCall![0]).toEqual({
      document: 'manifest',
      case_number: null,
      profile: null,
      lang: null,
      queue: null,
      demo: false,
    })
    expect(q('[data-testid="courier-manifest-state"]')!.textContent).toBe('排队中')
  })

  it('offers no manifest while nothing is labelled', async () => {
    vi.mocked(ipc.dispatchWork).mockResolvedValue(work({ shipments: [shipment('1189202600008')] }))
    await mountDesk()
    expect(button('courier-print-manifest').disabled).toBe(true)
    expect(q('[data-testid="courier-shipments"]')!.textContent).toContain('没有已打面单、待揽收的邮件')
  })

  it('cancels an envelope only with a reason', async () => {
    await mountDesk()
    all('[data-testid="courier-shipment"]')[1]!.querySelector<HTMLButtonElement>('[data-testid="shipment-cancel"]')!.click()
    await settle()
    expect(q('[data-testid="cancel-dialog"]')!.textContent).toContain('1189202600008')
    await click('cancel-submit')
    expect(ipc.cancelShipment).not.toHaveBeenCalled()
    expect(q('[data-testid="cancel-reason-required"]')!.textContent).toBe('请填写作废原因')
    const reason = q<HTMLTextAreaElement>('textarea[data-testid="cancel-reason"]')!
    expect(document.activeElement).toBe(reason)

    reason.value = '面单打印错位'
    reason.dispatchEvent(new Event('input'))
    vi.mocked(ipc.cancelShipment).mockResolvedValue(shipment('1189202600008', { state: 'cancelled' }))
    vi.mocked(ipc.dispatchWork).mockResolvedValue(work({ shipments: [shipment('1189202600007', { state: 'labelled' })] }))
    await click('cancel-submit')
    expect(ipc.cancelShipment).toHaveBeenCalledWith('1189202600008', '面单打印错位')
    expect(messages.success).toHaveBeenCalledWith(expect.objectContaining({ message: '运单号 1189202600008 的邮件已作废' }))
    expect(all('[data-testid="courier-shipment"]').map((r) => r.dataset.waybill)).toEqual(['1189202600007'])
  })

  it('keeps the reason and its focus when the backend refuses the cancel', async () => {
    await mountDesk()
    all('[data-testid="courier-shipment"]')[0]!.querySelector<HTMLButtonElement>('[data-testid="shipment-cancel"]')!.click()
    await settle()
    const reason = q<HTMLTextAreaElement>('textarea[data-testid="cancel-reason"]')!
    reason.value = '重复封装'
    reason.dispatchEvent(new Event('input'))
    vi.mocked(ipc.cancelShipment).mockRejectedValue({ code: 'conflict', message: '邮件1189202600007刚刚有变化，请刷新后再试', field: null })
    await click('cancel-submit')
    expect(showError).toHaveBeenCalledTimes(1)
    expect(document.activeElement).toBe(reason)
    expect(reason.value).toBe('重复封装')
  })

  it('warns when a carrier product runs low, with the free numbers of each', async () => {
    vi.mocked(ipc.waybillRanges).mockResolvedValue([
      range({ id: 1, free: 4, total: 500, low: true }),
      range({ id: 2, carrier: '顺丰速运', product: '标快', free: 80, total: 100 }),
    ])
    await mountDesk()
    const low = q('[data-testid="courier-low"]')!
    expect(low.textContent).toContain('运单号即将用完')
    expect(all('[data-testid="courier-low-item"]').map((e) => e.textContent!.trim())).toEqual(['中国邮政 EMS 标准快递 仅剩 4 个运单号'])
    expect(all('[data-testid="courier-free"]').map((e) => [e.dataset.carrier, e.dataset.free])).toEqual([
      ['中国邮政 EMS', '4'],
      ['顺丰速运', '80'],
    ])
  })

  it('shows no warning while the numbers last, and says so when no range is imported', async () => {
    await mountDesk()
    expect(q('[data-testid="courier-low"]')).toBeNull()
    expect(q('[data-testid="courier-no-ranges"]')).toBeNull()
    wrapper!.unmount()
    wrapper = null
    vi.mocked(ipc.waybillRanges).mockResolvedValue([])
    await mountDesk()
    expect(q('[data-testid="courier-no-ranges"]')).not.toBeNull()
  })

  it('refreshes everything, and leads a dispatcher to the waybill ranges', async () => {
    await mountDesk()
    await click('courier-refresh')
    expect(ipc.dispatchWork).toHaveBeenCalledTimes(2)
    expect(ipc.waybillRanges).toHaveBeenCalledTimes(2)
    expect(ipc.dispatchQueue).toHaveBeenCalledTimes(2)
    await click('courier-ranges')
    expect(router.currentRoute.value.name).toBe('waybill-ranges')
  })

  it('says when nothing is to be packed', async () => {
    vi.mocked(ipc.dispatchWork).mockResolvedValue(work({ total: 0, groups: [] }))
    await mountDesk()
    expect(q('[data-testid="courier-work-empty"]')!.textContent).toBe('暂无待封装的办件')
  })
})
