import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  caseProgress: vi.fn(),
  printDocument: vi.fn(),
  printJobs: vi.fn(),
  printerProfiles: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type { ProgressView } from '@/api/bindings'
import ProgressLookupView from './ProgressLookupView.vue'

const NUMBER = '4407030002026120200001'
const QR = `OW:${NUMBER}:K7Q2`

function progress(overrides: Partial<ProgressView> = {}): ProgressView {
  return {
    number: NUMBER,
    verified: false,
    service_item_name: '食品经营许可证核发',
    department: '江门市蓬江区市场监督管理局',
    state: 'correction_requested',
    steps: [
      { at: '2026-12-02T01:30:00Z', action: null, to_state: 'draft', hall: '蓬江区政务服务中心' },
      { at: '2026-12-02T01:42:00Z', action: 'accept', to_state: 'accepted', hall: '蓬江区政务服务中心' },
      { at: '2026-12-04T06:05:00Z', action: 'request_correction', to_state: 'correction_requested', hall: '蓬江区政务服务中心' },
    ],
    due_date: '2026-12-30',
    paused: true,
    missing: [{ name: '营业执照', until: '2026-12-20', why: '补正' }],
    applicant_masked: null,
    delivery: null,
    ...overrides,
  }
}

let wrapper: VueWrapper | null = null

beforeEach(() => {
  vi.mocked(ipc.caseProgress).mockReset()
  vi.mocked(showError).mockReset()
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
}

async function mountView() {
  wrapper = mount(ProgressLookupView, {
    attachTo: document.body,
    global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus] },
  })
  await settle()
  return wrapper
}

describe('ProgressLookupView', () => {
  it('looks a typed number up on Enter and shows the progress without personal details', async () => {
    vi.mocked(ipc.caseProgress).mockResolvedValue(progress())
    const w = await mountView()
    const input = w.get('[data-testid="progress-input"]')
    expect(document.activeElement).toBe(input.element)
    await input.setValue(NUMBER)
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(ipc.caseProgress).toHaveBeenCalledWith(NUMBER)

    const result = w.get('[data-testid="progress-result"]')
    expect(result.attributes('data-verified')).toBe('false')
    expect(result.attributes('data-state')).toBe('correction_requested')
    expect(result.text()).toContain('食品经营许可证核发')
    expect(result.text()).toContain('江门市蓬江区市场监督管理局')
    expect(result.text()).toContain('待补正')
    expect(result.text()).toContain('2026-12-30')
    expect(w.get('[data-testid="progress-paused"]').text()).toBe('已暂停')

    const steps = w.findAll('[data-testid="progress-step"]')
    expect(steps).toHaveLength(3)
    // Hall time (UTC+8), and the action as the case history names it.
    expect(steps[0]!.text()).toContain('2026-12-02 09:30')
    expect(steps[0]!.get('[data-testid="progress-step-action"]').text()).toBe('新建')
    expect(steps[2]!.text()).toContain('2026-12-04 14:05')
    expect(steps[2]!.get('[data-testid="progress-step-action"]').text()).toBe('要求补正')
    expect(steps[2]!.text()).toContain('蓬江区政务服务中心')

    const missing = w.findAll('[data-testid="progress-missing"]')
    expect(missing).toHaveLength(1)
    expect(missing[0]!.text()).toContain('营业执照')
    expect(missing[0]!.text()).toContain('补正')
    expect(missing[0]!.text()).toContain('2026-12-20')

    expect(w.find('[data-testid="progress-applicant"]').exists()).toBe(false)
    expect(w.find('[data-testid="progress-delivery"]').exists()).toBe(false)
    expect(w.get('[data-testid="progress-unverified"]').text()).toContain('扫描受理回执上的二维码')
    // Ready for the next scan: the input keeps the focus.
    expect(document.activeElement).toBe(input.element)
  })

  it("shows the applicant's own details for the receipt's QR code scanned anywhere on the screen", async () => {
    vi.mocked(ipc.caseProgress).mockResolvedValue(
      progress({ verified: true, applicant_masked: '张*明', delivery: '邮政寄递：江门市蓬江区××路**号', paused: false, missing: [] }),
    )
    const w = await mountView()
    ;(document.activeElement as HTMLElement | null)?.blur()
    let t = 0
    vi.spyOn(performance, 'now').mockImplementation(() => (t += 5))
    for (const key of [...QR, 'Enter']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
    await settle()
    expect(ipc.caseProgress).toHaveBeenCalledWith(QR)

    const result = w.get('[data-testid="progress-result"]')
    expect(result.attributes('data-verified')).toBe('true')
    expect(w.get('[data-testid="progress-applicant"]').text()).toBe('张*明')
    expect(w.get('[data-testid="progress-delivery"]').text()).toBe('邮政寄递：江门市蓬江区××路**号')
    expect(w.find('[data-testid="progress-unverified"]').exists()).toBe(false)
    expect(w.find('[data-testid="progress-paused"]').exists()).toBe(false)
    expect(w.find('[data-testid="progress-missing"]').exists()).toBe(false)
  })

  it('shows the message and focuses the input when the check code does not match', async () => {
    const w = await mountView()
    const input = w.get('[data-testid="progress-input"]')
    const rejection = { code: 'invalid_input', message: '二维码校验码不符，请重新扫描受理回执', field: 'case' }
    vi.mocked(ipc.caseProgress).mockRejectedValue(rejection)
    await input.setValue(`OW:${NUMBER}:ZZZZ`)
    await w.get('[data-testid="progress-find"]').trigger('click')
    ;(input.element as HTMLInputElement).blur()
    await settle()
    expect(showError).toHaveBeenCalledWith(rejection)
    expect(w.find('[data-testid="progress-result"]').exists()).toBe(false)
    expect(document.activeElement).toBe(input.element)
  })

  it('prints the 办件进度查询单 of the case on screen', async () => {
    vi.mocked(ipc.caseProgress).mockResolvedValue(progress())
    vi.mocked(ipc.printDocument).mockResolvedValue({
      id: 1,
      case_number: NUMBER,
      document: 'progress-slip',
      profile: 'thermal-80',
      queue: 'OW-ROLL80',
      cups_job: 'OW-ROLL80-1',
      state: 'done',
      error: null,
      reprint: false,
      username: 'clerk',
      created_at: '2026-12-02T07:00:00Z',
      updated_at: '2026-12-02T07:00:01Z',
    } as never)
    const w = await mountView()
    await w.get('input[data-testid="progress-input"]').setValue(NUMBER)
    await w.get('[data-testid="progress-find"]').trigger('click')
    await settle()
    await w.get('[data-testid="progress-print"]').trigger('click')
    await settle()
    expect(ipc.printDocument).toHaveBeenCalledWith(expect.objectContaining({ document: 'progress-slip', case_number: NUMBER }))
  })
})
