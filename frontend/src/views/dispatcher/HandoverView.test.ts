import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import type { HandoverView as Handover } from '@/api/bindings'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  startHandover: vi.fn(),
  scanHandover: vi.fn(),
  closeHandover: vi.fn(),
  printDocument: vi.fn(),
  printJobs: vi.fn(),
  printerProfiles: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { resetMocks } from '@/test/mocks'
import { job } from '@/test/printFixtures'
import { shipment } from '@/test/courierFixtures'
import HandoverView from './HandoverView.vue'

const A = 'EA000000011CN'
const B = 'EA000000025CN'

function handover(overrides: Partial<Handover> = {}): Handover {
  return {
    id: 42,
    hall: '蓬江区政务服务中心',
    courier_name: '李师傅',
    courier_company: '中国邮政 EMS',
    courier_contact: '13800138000',
    started_at: '2026-12-02T08:00:00Z',
    started_by: '寄递员小陈',
    closed_at: null,
    scanned: [],
    missing: [shipment(A, { state: 'labelled' }), shipment(B, { state: 'labelled' })],
    ...overrides,
  }
}

let wrapper: VueWrapper | null = null

beforeEach(() => {
  setActivePinia(createPinia())
  resetMocks(ipc)
  vi.mocked(ipc.printJobs).mockResolvedValue([])
  vi.mocked(ipc.printerProfiles).mockResolvedValue([])
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

async function mountView() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:p(.*)*', name: 'dispatcher', component: { template: '<div />' } }],
  })
  wrapper = mount(HandoverView, { attachTo: document.body, global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus, router] } })
  await settle()
  return wrapper
}

function input(testid: string): HTMLInputElement {
  return document.body.querySelector<HTMLInputElement>(`input[data-testid="${testid}"]`)!
}

async function started(w: VueWrapper) {
  vi.mocked(ipc.startHandover).mockResolvedValue(handover())
  await w.get('input[data-testid="handover-courier-name"]').setValue('李师傅')
  await w.get('input[data-testid="handover-courier-contact"]').setValue('13800138000')
  await w.get('[data-testid="handover-start"]').trigger('click')
  await settle()
}

async function scan(w: VueWrapper, code: string) {
  const el = w.get('input[data-testid="handover-scan-input"]')
  await el.setValue(code)
  await el.trigger('keydown', { key: 'Enter' })
  await settle()
}

describe('HandoverView', () => {
  it('starts a handover for the courier, with EMS as the carrier by default', async () => {
    const w = await mountView()
    expect(document.activeElement).toBe(input('handover-courier-name'))
    expect(input('handover-courier-company').value).toBe('中国邮政 EMS')
    await started(w)
    expect(ipc.startHandover).toHaveBeenCalledWith({ courier_name: '李师傅', courier_company: '中国邮政 EMS', courier_contact: '13800138000' })
    expect(w.get('[data-testid="handover-scanning"]').attributes('data-id')).toBe('42')
    expect(w.findAll('[data-testid="handover-missing"]').map((r) => r.attributes('data-waybill'))).toEqual([A, B])
    expect(document.activeElement).toBe(input('handover-scan-input'))
  })

  it('shows a refused scan prominently and keeps the input focused for the next one', async () => {
    const w = await mountView()
    await started(w)
    vi.mocked(ipc.scanHandover).mockRejectedValueOnce({ code: 'invalid_input', message: '运单号 SF123 不是本承运商的邮件', field: 'waybill' })
    await scan(w, 'SF123')
    expect(ipc.scanHandover).toHaveBeenCalledWith(42, 'SF123')
    expect(w.get('[data-testid="handover-scan-error"]').text()).toBe('运单号 SF123 不是本承运商的邮件')
    expect(document.activeElement).toBe(input('handover-scan-input'))
    expect(input('handover-scan-input').value).toBe('')

    vi.mocked(ipc.scanHandover).mockResolvedValueOnce(
      handover({ scanned: [shipment(A, { state: 'labelled' })], missing: [shipment(B, { state: 'labelled' })] }),
    )
    await scan(w, A)
    expect(w.find('[data-testid="handover-scan-error"]').exists()).toBe(false)
    expect(w.findAll('[data-testid="handover-scanned"]').map((r) => r.attributes('data-waybill'))).toEqual([A])
    expect(w.findAll('[data-testid="handover-missing"]').map((r) => r.attributes('data-waybill'))).toEqual([B])
    expect(document.activeElement).toBe(input('handover-scan-input'))
  })

  it('closes the handover once confirmed and offers its 交接清单 for printing', async () => {
    const w = await mountView()
    await started(w)
    vi.mocked(ipc.closeHandover).mockResolvedValue(
      handover({
        closed_at: '2026-12-02T08:10:00Z',
        scanned: [shipment(A, { state: 'handed_over' })],
        missing: [shipment(B, { state: 'labelled' })],
      }),
    )
    await w.get('[data-testid="handover-close"]').trigger('click')
    await settle()
    expect(ipc.closeHandover).not.toHaveBeenCalled()
    document.body.querySelector<HTMLButtonElement>('[data-testid="handover-close-confirm"]')!.click()
    await settle()
    expect(ipc.closeHandover).toHaveBeenCalledWith(42)
    expect(w.get('[data-testid="handover-closed"]').text()).toContain('已交接 1 个邮件给揽收人 李师傅')
    expect(w.find('[data-testid="handover-scanning"]').exists()).toBe(false)

    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 9, document: 'manifest', case_number: null, state: 'done' }))
    await w.get('[data-testid="handover-print-manifest"]').trigger('click')
    await settle()
    expect(ipc.printDocument).toHaveBeenCalledWith({
      document: 'manifest',
      case_number: null,
      profile: null,
      lang: null,
      queue: null,
      demo: false,
      handover: 42,
    })
    expect(w.get('[data-testid="handover-manifest-state"]').text()).not.toBe('')
  })
})
