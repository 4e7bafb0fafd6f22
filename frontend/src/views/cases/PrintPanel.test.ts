import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import type { CaseBundleView, CaseState, CaseSummary, DocumentKind, PrintJobView } from '@/api/bindings'
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
import { showErrorText } from '@/api/errors'
import { ElMessage } from 'element-plus'
import { PROFILES, job } from '@/test/printFixtures'
import { documentsFor, profileFor } from './printDocuments'
import PrintPanel from './PrintPanel.vue'

function summary(state: CaseState, overrides: Partial<CaseSummary> = {}): CaseSummary {
  return {
    number: 'JM2025000001',
    service_item_code: '11440700MB2C123',
    service_item_name: '港澳通行证签注',
    department: { code: 'JMGA', name: '江门市公安局' },
    applicant_name: '欧阳𠮷',
    applicant_id_masked: '4407**********123X',
    hall: { code: 'JM-PJ', name: '蓬江区政务服务中心' },
    state,
    accepted_at: '2025-03-01T02:05:00Z',
    due_date: '2025-03-20',
    shortfall_supplement_due: null,
    claimed_by: null,
    claimed_by_username: null,
    delivery: 'window',
    ...overrides,
  }
}

let wrapper: VueWrapper | null = null

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

beforeEach(() => {
  vi.mocked(ipc.printerProfiles).mockReset().mockResolvedValue(PROFILES)
  vi.mocked(ipc.printJobs).mockReset().mockResolvedValue([])
  vi.mocked(ipc.printDocument).mockReset()
  vi.mocked(ipc.resendPrintJob).mockReset()
  vi.mocked(showErrorText).mockReset()
})

async function mountPanel(s: CaseSummary, fakeTimers = false, bundle: CaseBundleView | null = null) {
  wrapper = mount(PrintPanel, {
    attachTo: document.body,
    props: { summary: s, bundle },
    global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus] },
  })
  await flushPromises()
  if (fakeTimers) await vi.advanceTimersByTimeAsync(0)
  else await new Promise((r) => setTimeout(r, 0))
  return wrapper
}

/** The data-testids of the document buttons, in order. */
function buttons(w: VueWrapper): string[] {
  return w.findAll('.ow-print-buttons [data-testid^="print-"]').map((b) => b.attributes('data-testid')!)
}

describe('documentsFor', () => {
  const cases: [CaseState, Partial<CaseSummary>, DocumentKind[]][] = [
    ['draft', {}, []],
    ['accepted', {}, ['receipt', 'cover-sheet']],
    ['accepted_with_shortfall', { shortfall_supplement_due: '2025-03-10' }, ['receipt', 'shortfall-notice', 'commitment', 'cover-sheet']],
    ['accepted_with_shortfall', {}, ['receipt', 'shortfall-notice', 'commitment', 'cover-sheet']],
    ['handed_off', { shortfall_supplement_due: '2025-03-10' }, ['receipt', 'shortfall-notice', 'commitment', 'cover-sheet']],
    ['under_review', {}, ['receipt', 'cover-sheet']],
    ['correction_requested', {}, ['receipt', 'correction-notice', 'cover-sheet']],
    ['refused', {}, ['refusal-notice']],
    ['notice_issued', {}, ['one-time-notice']],
    ['awaiting_dispatch', { delivery: 'post' }, ['receipt', 'label', 'cover-sheet']],
    ['dispatched', { delivery: 'post' }, ['receipt', 'label', 'cover-sheet']],
    ['awaiting_dispatch', { delivery: 'window' }, ['receipt', 'cover-sheet']],
    ['delivered', { delivery: 'post' }, ['receipt', 'cover-sheet']],
    ['closed', {}, ['receipt', 'cover-sheet']],
  ]
  it.each(cases)('%s %o → %o', (state, overrides, expected) => {
    expect(documentsFor(summary(state, overrides))).toEqual(expected)
  })

  it('sends each document to the chosen profile when it serves it, to its default otherwise', () => {
    expect(profileFor(PROFILES, 'receipt', 'thermal-80')).toBe('thermal-80')
    expect(profileFor(PROFILES, 'commitment', 'thermal-80')).toBe('a4-laser')
    expect(profileFor(PROFILES, 'label', 'a4-laser')).toBe('label-100x150')
    expect(profileFor(PROFILES, 'receipt', null)).toBe('a4-laser')
  })
})

describe('PrintPanel', () => {
  it('shows the receipt button, the language select and the profile select for an accepted case', async () => {
    const w = await mountPanel(summary('accepted'))
    expect(w.find('[data-testid="print-panel"]').exists()).toBe(true)
    expect(buttons(w)).toEqual(['print-receipt', 'print-cover-sheet'])
    expect(w.find('[data-testid="print-lang"]').exists()).toBe(true)
    expect(w.find('[data-testid="print-profile"]').exists()).toBe(true)
    expect(w.get('[data-testid="print-receipt"]').text()).toBe('受理回执')
    // The default profile, the first one that serves the receipt, by the name the clerk knows it by.
    expect(w.get('[data-testid="print-profile"]').text()).toContain('A4 激光打印机（综合窗口）')
    expect(w.get('[data-testid="print-profile"]').text()).not.toContain('a4-laser')
    expect(w.get('[data-testid="print-receipt"]').attributes('title')).toBe('将发送到 A4 激光打印机（综合窗口）')
    expect(w.get('[data-testid="print-lang"]').text()).toContain('简体中文')
    expect(ipc.printJobs).toHaveBeenCalledWith('JM2025000001')
  })

  it('shows the buttons that fit each state', async () => {
    let w = await mountPanel(summary('accepted_with_shortfall', { shortfall_supplement_due: '2025-03-10' }))
    expect(buttons(w)).toEqual(['print-receipt', 'print-shortfall-notice', 'print-commitment', 'print-cover-sheet'])
    w.unmount()
    w = await mountPanel(summary('refused'))
    expect(buttons(w)).toEqual(['print-refusal-notice'])
    expect(w.find('[data-testid="print-lang"]').exists()).toBe(false)
    w.unmount()
    w = await mountPanel(summary('notice_issued'))
    expect(buttons(w)).toEqual(['print-one-time-notice'])
    w.unmount()
    w = await mountPanel(summary('correction_requested'))
    expect(buttons(w)).toEqual(['print-receipt', 'print-correction-notice', 'print-cover-sheet'])
    w.unmount()
    w = await mountPanel(summary('awaiting_dispatch', { delivery: 'post' }))
    expect(buttons(w)).toEqual(['print-receipt', 'print-label', 'print-cover-sheet'])
    expect(w.get('[data-testid="print-label"]').text()).toBe('电子面单')
    w.unmount()
    w = await mountPanel(summary('draft'))
    expect(buttons(w)).toEqual([])
    expect(w.find('[data-testid="print-none"]').exists()).toBe(true)
  })

  it('prints the receipt with the chosen language on the default profile', async () => {
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 5, state: 'done' }))
    const w = await mountPanel(summary('accepted'))
    await w.get('[data-testid="print-receipt"]').trigger('click')
    await flushPromises()
    expect(ipc.printDocument).toHaveBeenCalledWith({
      document: 'receipt',
      case_number: 'JM2025000001',
      profile: 'a4-laser',
      lang: 'zh-cn',
      queue: null,
      demo: false,
    })
  })

  it("offers the combined receipt of a bundle intake, printed under the lead's number", async () => {
    const bundle: CaseBundleView = {
      code: 'JMYJS001',
      name: '新生儿出生一件事',
      lead: 'JM2025000001',
      cases: [summary('accepted'), summary('notice_issued', { number: 'JM2025000002' })],
    }
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 7, document: 'bundle-receipt', state: 'done' }))
    const success = vi.spyOn(ElMessage, 'success')
    // On a member that is not the lead (a one-time notice: no receipt of its own).
    let w = await mountPanel(summary('notice_issued', { number: 'JM2025000002' }), false, bundle)
    expect(buttons(w)).toEqual(['print-one-time-notice', 'print-bundle-receipt'])
    const button = w.get('[data-testid="print-bundle-receipt"]')
    expect(button.text()).toBe('一件事受理回执')
    expect(button.attributes('title')).toBe('打印在办件 JM2025000001 下')
    expect(w.find('[data-testid="print-lang"]').exists()).toBe(true)
    await button.trigger('click')
    await flushPromises()
    expect(ipc.printDocument).toHaveBeenLastCalledWith({
      document: 'bundle-receipt',
      case_number: 'JM2025000001',
      profile: 'a4-laser',
      lang: 'zh-cn',
      queue: null,
      demo: false,
    })
    expect(success).toHaveBeenCalledWith(expect.objectContaining({ message: '一件事受理回执已发送，打印记录见办件 JM2025000001' }))
    w.unmount()

    // On the lead itself the job joins its own list.
    success.mockClear()
    w = await mountPanel(summary('accepted'), false, bundle)
    expect(buttons(w)).toEqual(['print-receipt', 'print-cover-sheet', 'print-bundle-receipt'])
    expect(w.get('[data-testid="print-bundle-receipt"]').attributes('title')).toBeUndefined()
    await w.get('[data-testid="print-bundle-receipt"]').trigger('click')
    await flushPromises()
    expect(success).not.toHaveBeenCalled()
    expect(w.findAll('[data-testid="print-job"]')).toHaveLength(1)
  })

  it('offers no combined receipt for a case taken in alone', async () => {
    const w = await mountPanel(summary('accepted'))
    expect(w.find('[data-testid="print-bundle-receipt"]').exists()).toBe(false)
  })

  it('prints the label on the label profile and without a language', async () => {
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 6, document: 'label', profile: 'label-100x150', state: 'queued' }))
    const w = await mountPanel(summary('dispatched', { delivery: 'post' }))
    await w.get('[data-testid="print-label"]').trigger('click')
    await flushPromises()
    expect(ipc.printDocument).toHaveBeenCalledWith(expect.objectContaining({ document: 'label', profile: 'label-100x150', lang: null }))
  })

  it('prints the receipt on Ctrl+P', async () => {
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 5, state: 'queued' }))
    await mountPanel(summary('under_review'))
    const event = new KeyboardEvent('keydown', { key: 'p', ctrlKey: true, cancelable: true })
    window.dispatchEvent(event)
    await flushPromises()
    expect(event.defaultPrevented).toBe(true)
    expect(ipc.printDocument).toHaveBeenCalledWith(expect.objectContaining({ document: 'receipt', case_number: 'JM2025000001' }))
  })

  it('does not print a receipt on Ctrl+P for a refused case', async () => {
    await mountPanel(summary('refused'))
    const event = new KeyboardEvent('keydown', { key: 'p', ctrlKey: true, cancelable: true })
    window.dispatchEvent(event)
    await flushPromises()
    expect(event.defaultPrevented).toBe(true)
    expect(ipc.printDocument).not.toHaveBeenCalled()
  })

  it('leaves out the error and action columns when no job needs them', async () => {
    vi.mocked(ipc.printJobs).mockResolvedValue([job({ id: 6, state: 'done' })])
    const w = await mountPanel(summary('accepted'))
    const headers = w.findAll('[data-testid="print-jobs"] th').map((h) => h.text())
    expect(headers).toEqual(['时间', '文书', '打印方案', '状态'])
  })

  it('renders a failed job with its error, Retry and Redirect', async () => {
    const failed: PrintJobView = job({ id: 7, state: 'failed', cups_job: null, error: '打印机OW-A4已停用', reprint: true })
    vi.mocked(ipc.printJobs).mockResolvedValue([failed, job({ id: 6, state: 'done' })])
    const w = await mountPanel(summary('accepted'))
    const rows = w.findAll('[data-testid="print-job"]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.attributes('data-state')).toBe('failed')
    expect(rows[1]!.attributes('data-state')).toBe('done')
    expect(rows[0]!.text()).toContain('受理回执')
    expect(rows[0]!.text()).toContain('补打')
    expect(rows[0]!.text()).toContain('失败')
    expect(rows[0]!.text()).toContain('打印机OW-A4已停用')
    expect(rows[0]!.text()).toContain('2025-03-01 10:05')
    // The printer by its name, never the profile's file name or the CUPS queue.
    expect(rows[1]!.text()).toContain('A4 激光打印机（综合窗口）')
    expect(rows[1]!.text()).not.toMatch(/a4-laser|OW-A4/)
    expect(rows[0]!.find('[data-testid="print-retry"]').exists()).toBe(true)
    expect(rows[0]!.find('[data-testid="print-redirect"]').exists()).toBe(true)
    expect(rows[1]!.find('[data-testid="print-retry"]').exists()).toBe(false)

    // Retry: the same printer.
    vi.mocked(ipc.resendPrintJob).mockResolvedValue(job({ id: 8, state: 'queued' }))
    await rows[0]!.get('[data-testid="print-retry"]').trigger('click')
    await flushPromises()
    expect(ipc.resendPrintJob).toHaveBeenLastCalledWith(7, null)

    // Redirect: another profile that serves receipts.
    await w.findAll('[data-testid="print-job"]')[0]!.get('[data-testid="print-redirect"]').trigger('click')
    await flushPromises()
    const options = document.querySelectorAll<HTMLElement>('[data-testid="print-redirect-option"]')
    expect([...options].map((o) => o.dataset.profile)).toEqual(['thermal-80'])
    expect(options[0]!.textContent).toContain('未安装')
    expect(options[0]!.textContent).toContain('80 毫米热敏小票（受理回执）')
    expect(options[0]!.textContent).not.toContain('thermal-80')
    document.querySelector<HTMLElement>('[data-testid="print-redirect-confirm"]')!.click()
    await flushPromises()
    expect(ipc.resendPrintJob).toHaveBeenLastCalledWith(7, 'thermal-80')
  })

  it('shows a job CUPS refused as an error and lists it', async () => {
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 9, state: 'failed', cups_job: null, error: '打印队列OW-A4不存在' }))
    const w = await mountPanel(summary('accepted'))
    await w.get('[data-testid="print-receipt"]').trigger('click')
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
    expect(showErrorText).toHaveBeenCalledWith('打印队列OW-A4不存在')
    const rows = w.findAll('[data-testid="print-job"]')
    expect(rows).toHaveLength(1)
    expect(rows[0]!.attributes('data-state')).toBe('failed')
    expect(rows[0]!.find('[data-testid="print-redirect"]').exists()).toBe(true)
  })

  it('stops polling when unmounted', async () => {
    vi.useFakeTimers()
    try {
      vi.mocked(ipc.printJobs).mockResolvedValue([job({ state: 'held' })])
      const w = await mountPanel(summary('accepted'), true)
      expect(ipc.printJobs).toHaveBeenCalledTimes(1)
      await vi.advanceTimersByTimeAsync(2000)
      expect(ipc.printJobs).toHaveBeenCalledTimes(2)
      w.unmount()
      wrapper = null
      await vi.advanceTimersByTimeAsync(10_000)
      expect(ipc.printJobs).toHaveBeenCalledTimes(2)
    } finally {
      vi.useRealTimers()
    }
  })
})
