import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', () => ({
  printerProfiles: vi.fn(),
  printDocument: vi.fn(),
  printJobs: vi.fn(),
  resendPrintJob: vi.fn(),
  calibratePrinter: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { LABEL, PROFILES, job } from '@/test/printFixtures'
import PrinterSetupView from './PrinterSetupView.vue'

let wrapper: VueWrapper | null = null

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

beforeEach(() => {
  vi.mocked(ipc.printerProfiles).mockReset().mockResolvedValue(PROFILES)
  vi.mocked(ipc.printJobs)
    .mockReset()
    .mockResolvedValue([
      job({
        id: 3,
        case_number: null,
        document: 'test-page',
        profile: 'thermal-80',
        queue: 'OW-ROLL80',
        state: 'failed',
        error: '打印队列OW-ROLL80不存在',
      }),
      job({ id: 2, state: 'done' }),
    ])
  vi.mocked(ipc.printDocument).mockReset()
  vi.mocked(ipc.calibratePrinter).mockReset()
})

async function mountView() {
  wrapper = mount(PrinterSetupView, {
    attachTo: document.body,
    global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus] },
  })
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
  return wrapper
}

describe('PrinterSetupView', () => {
  it('lists the profiles with queue status, paper and documents served', async () => {
    const w = await mountView()
    const rows = w.findAll('[data-testid="printer-profile"]')
    expect(rows.map((r) => r.attributes('data-profile'))).toEqual(['a4-laser', 'thermal-80', 'label-100x150'])
    // The printer by its name; the CUPS queue is this screen's to show (it is what gets installed), the
    // profile's file name and the CUPS media code are not.
    expect(rows[0]!.text()).toContain('A4 激光打印机（综合窗口）')
    expect(rows[0]!.text()).not.toContain('a4-laser')
    expect(rows[1]!.text()).not.toContain('Custom.80x297mm')
    expect(rows[0]!.text()).toContain('OW-A4')
    expect(rows[0]!.text()).toContain('已安装')
    expect(rows[0]!.text()).toContain('210 × 297')
    expect(rows[0]!.text()).toContain('容缺受理承诺书')
    expect(rows[1]!.text()).toContain('未安装')
    expect(rows[1]!.text()).toContain('连续纸卷')
    expect(rows[2]!.text()).toContain('X +1.5, Y -0.5')
    expect(rows[2]!.text()).toContain('电子面单')
  })

  it('prints a test page on the profile', async () => {
    vi.mocked(ipc.printDocument).mockResolvedValue(
      job({ id: 4, case_number: null, document: 'test-page', profile: 'label-100x150', state: 'queued' }),
    )
    const w = await mountView()
    await w.findAll('[data-testid="printer-profile"]')[2]!.get('[data-testid="print-test-page"]').trigger('click')
    await flushPromises()
    expect(ipc.printDocument).toHaveBeenCalledWith({
      document: 'test-page',
      case_number: null,
      profile: 'label-100x150',
      demo: false,
      lang: null,
      queue: null,
    })
  })

  it('shows only the recent test pages, with retry and redirect for a failed one', async () => {
    const w = await mountView()
    expect(ipc.printJobs).toHaveBeenCalledWith(null)
    const jobs = w.findAll('[data-testid="print-job"]')
    expect(jobs).toHaveLength(1)
    expect(jobs[0]!.attributes('data-state')).toBe('failed')
    expect(jobs[0]!.text()).toContain('打印测试页')
    expect(jobs[0]!.text()).toContain('打印队列OW-ROLL80不存在')
    expect(jobs[0]!.find('[data-testid="print-retry"]').exists()).toBe(true)
    expect(jobs[0]!.find('[data-testid="print-redirect"]').exists()).toBe(true)
  })

  it('saves the calibration offset entered', async () => {
    vi.mocked(ipc.calibratePrinter).mockResolvedValue({ ...LABEL, offset_x_mm: 2, offset_y_mm: -0.5 })
    const w = await mountView()
    const row = w.findAll('[data-testid="printer-profile"]')[2]!
    const x = row.get('[data-testid="calibrate-x"] input')
    await x.setValue('2')
    await x.trigger('change')
    await flushPromises()
    await row.get('[data-testid="calibrate-save"]').trigger('click')
    await flushPromises()
    expect(ipc.calibratePrinter).toHaveBeenCalledWith('label-100x150', 2, -0.5)
    expect(w.findAll('[data-testid="printer-profile"]')[2]!.text()).toContain('X +2, Y -0.5')
  })
})
