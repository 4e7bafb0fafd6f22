import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/api/ipc', () => ({
  printerProfiles: vi.fn(),
  printDocument: vi.fn(),
  printJobs: vi.fn(),
  resendPrintJob: vi.fn(),
  calibratePrinter: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError, showErrorText } from '@/api/errors'
import { A4, LABEL, PROFILES, job } from '@/test/printFixtures'
import { POLL_MS, usePrintingStore } from './printing'

describe('printing store', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
    vi.mocked(ipc.printJobs).mockReset().mockResolvedValue([])
    vi.mocked(ipc.printDocument).mockReset()
    vi.mocked(ipc.resendPrintJob).mockReset()
    vi.mocked(ipc.printerProfiles).mockReset().mockResolvedValue(PROFILES)
    vi.mocked(ipc.calibratePrinter).mockReset()
    vi.mocked(showError).mockReset()
    vi.mocked(showErrorText).mockReset()
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  it('polls every 2 s while a job is queued, printing or held, and stops when none is pending', async () => {
    vi.mocked(ipc.printJobs)
      .mockResolvedValueOnce([job({ state: 'queued' })])
      .mockResolvedValueOnce([job({ state: 'held' })])
      .mockResolvedValueOnce([job({ state: 'printing' })])
      .mockResolvedValueOnce([job({ state: 'done' })])
    const store = usePrintingStore()
    await store.watchJobs({ caseNumber: 'JM2025000001' })
    expect(ipc.printJobs).toHaveBeenCalledTimes(1)
    expect(ipc.printJobs).toHaveBeenLastCalledWith('JM2025000001')
    expect(store.pending).toBe(true)
    expect(store.polling()).toBe(true)

    await vi.advanceTimersByTimeAsync(POLL_MS - 1)
    expect(ipc.printJobs).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(ipc.printJobs).toHaveBeenCalledTimes(2)
    expect(store.jobs[0]!.state).toBe('held')
    expect(store.polling()).toBe(true)

    await vi.advanceTimersByTimeAsync(POLL_MS)
    expect(store.jobs[0]!.state).toBe('printing')
    expect(store.polling()).toBe(true)

    await vi.advanceTimersByTimeAsync(POLL_MS)
    expect(ipc.printJobs).toHaveBeenCalledTimes(4)
    expect(store.jobs[0]!.state).toBe('done')
    expect(store.pending).toBe(false)
    expect(store.polling()).toBe(false)

    await vi.advanceTimersByTimeAsync(POLL_MS * 5)
    expect(ipc.printJobs).toHaveBeenCalledTimes(4)
  })

  it('does not poll when nothing is pending, even with failed jobs', async () => {
    vi.mocked(ipc.printJobs).mockResolvedValue([job({ state: 'failed', error: '打印机离线' }), job({ id: 2 })])
    const store = usePrintingStore()
    await store.watchJobs({ caseNumber: 'JM2025000001' })
    expect(store.polling()).toBe(false)
    await vi.advanceTimersByTimeAsync(POLL_MS * 3)
    expect(ipc.printJobs).toHaveBeenCalledTimes(1)
  })

  it('stops polling when the view unmounts (unwatch), also with a refresh in flight', async () => {
    vi.mocked(ipc.printJobs).mockResolvedValue([job({ state: 'queued' })])
    const store = usePrintingStore()
    await store.watchJobs({ caseNumber: 'JM2025000001' })
    expect(store.polling()).toBe(true)
    store.unwatch()
    expect(store.polling()).toBe(false)
    await vi.advanceTimersByTimeAsync(POLL_MS * 3)
    expect(ipc.printJobs).toHaveBeenCalledTimes(1)

    // Unwatched while the answer is on its way: the answer does not start polling again.
    let answer: (v: ReturnType<typeof job>[]) => void = () => {}
    vi.mocked(ipc.printJobs).mockImplementationOnce(() => new Promise((r) => (answer = r)))
    const pendingRefresh = store.watchJobs({ caseNumber: 'JM2025000001' })
    store.unwatch()
    answer([job({ state: 'queued' })])
    await pendingRefresh
    expect(store.polling()).toBe(false)
    await vi.advanceTimersByTimeAsync(POLL_MS * 3)
    expect(ipc.printJobs).toHaveBeenCalledTimes(2)
  })

  it('stops polling after an error instead of repeating it', async () => {
    vi.mocked(ipc.printJobs)
      .mockResolvedValueOnce([job({ state: 'queued' })])
      .mockRejectedValueOnce({ code: 'storage', message: '数据库不可用' })
    const store = usePrintingStore()
    await store.watchJobs({ caseNumber: 'JM2025000001' })
    await vi.advanceTimersByTimeAsync(POLL_MS)
    expect(showError).toHaveBeenCalledTimes(1)
    expect(store.polling()).toBe(false)
  })

  it('starts polling after printing a queued job, and polls the case being viewed', async () => {
    const store = usePrintingStore()
    await store.watchJobs({ caseNumber: 'JM2025000002' })
    expect(store.polling()).toBe(false)
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 9, case_number: 'JM2025000002', state: 'queued' }))
    const printed = await store.print({
      document: 'receipt',
      case_number: 'JM2025000002',
      profile: 'a4-laser',
      lang: 'zh-cn',
      queue: null,
      demo: false,
    })
    expect(printed?.id).toBe(9)
    expect(store.jobs.map((j) => j.id)).toEqual([9])
    expect(store.polling()).toBe(true)
    vi.mocked(ipc.printJobs).mockResolvedValue([job({ id: 9, case_number: 'JM2025000002', state: 'done' })])
    await vi.advanceTimersByTimeAsync(POLL_MS)
    expect(ipc.printJobs).toHaveBeenLastCalledWith('JM2025000002')
    expect(store.polling()).toBe(false)
  })

  it('shows a job CUPS refused as an error and keeps it in the list', async () => {
    const store = usePrintingStore()
    await store.watchJobs({ caseNumber: 'JM2025000001' })
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 4, state: 'failed', cups_job: null, error: '打印队列OW-A4不存在' }))
    const printed = await store.print({ document: 'receipt', case_number: 'JM2025000001', profile: null, lang: null, queue: null, demo: false })
    expect(printed?.state).toBe('failed')
    expect(showErrorText).toHaveBeenCalledWith('打印队列OW-A4不存在')
    expect(showError).not.toHaveBeenCalled()
    expect(store.jobs.map((j) => [j.id, j.state])).toEqual([[4, 'failed']])
    expect(store.polling()).toBe(false)
  })

  it('shows a rejected print request through showError', async () => {
    const store = usePrintingStore()
    await store.watchJobs({ caseNumber: 'JM2025000001' })
    vi.mocked(ipc.printDocument).mockRejectedValue({ code: 'not_found', message: '未找到打印方案x' })
    expect(await store.print({ document: 'receipt', case_number: 'JM2025000001', profile: 'x', lang: null, queue: null, demo: false })).toBeNull()
    expect(showError).toHaveBeenCalledWith({ code: 'not_found', message: '未找到打印方案x' })
    expect(store.busy).toBeNull()
  })

  it('resends to the same printer or redirects, then asks for the list again', async () => {
    vi.mocked(ipc.printJobs).mockResolvedValue([job({ id: 1, state: 'failed', error: '打印机离线' })])
    const store = usePrintingStore()
    await store.watchJobs({ caseNumber: 'JM2025000001' })
    vi.mocked(ipc.resendPrintJob).mockResolvedValue(job({ id: 2, state: 'queued', reprint: true }))
    vi.mocked(ipc.printJobs).mockResolvedValue([job({ id: 2, state: 'queued', reprint: true }), job({ id: 1, state: 'failed', error: '已重新发送' })])
    await store.resend(1)
    expect(ipc.resendPrintJob).toHaveBeenLastCalledWith(1, null)
    expect(store.jobs.map((j) => j.id)).toEqual([2, 1])
    expect(store.polling()).toBe(true)
    await store.resend(1, 'thermal-80')
    expect(ipc.resendPrintJob).toHaveBeenLastCalledWith(1, 'thermal-80')
  })

  it('keeps only the jobs in scope (test pages on the printer screen)', async () => {
    vi.mocked(ipc.printJobs).mockResolvedValue([
      job({ id: 3, case_number: null, document: 'test-page', state: 'done' }),
      job({ id: 2, state: 'queued' }),
    ])
    const store = usePrintingStore()
    await store.watchJobs({ caseNumber: null, document: 'test-page' })
    expect(ipc.printJobs).toHaveBeenLastCalledWith(null)
    expect(store.jobs.map((j) => j.id)).toEqual([3])
    // The other case's queued receipt does not keep this screen polling.
    expect(store.polling()).toBe(false)
  })

  it("keeps the jobs of any of several documents (the courier desk's labels and manifests)", async () => {
    vi.mocked(ipc.printJobs).mockResolvedValue([
      job({ id: 4, case_number: null, document: 'manifest', state: 'done' }),
      job({ id: 3, case_number: 'JM2025000002', document: 'label', state: 'done' }),
      job({ id: 2, state: 'queued' }),
    ])
    const store = usePrintingStore()
    await store.watchJobs({ caseNumber: null, documents: ['label', 'manifest'] })
    expect(store.jobs.map((j) => j.id)).toEqual([4, 3])
    expect(store.polling()).toBe(false)
    // A label printed joins the list; a receipt does not.
    vi.mocked(ipc.printDocument).mockResolvedValueOnce(job({ id: 5, case_number: 'JM2025000003', document: 'label', state: 'queued' }))
    await store.print({ document: 'label', case_number: 'JM2025000003', profile: null, lang: null, queue: null, demo: false })
    vi.mocked(ipc.printDocument).mockResolvedValueOnce(job({ id: 6, case_number: 'JM2025000003' }))
    await store.print({ document: 'receipt', case_number: 'JM2025000003', profile: null, lang: null, queue: null, demo: false })
    expect(store.jobs.map((j) => j.id)).toEqual([5, 4, 3])
    expect(store.polling()).toBe(true)
  })

  it("watches the jobs of several cases together (a bundle intake's), newest first", async () => {
    vi.mocked(ipc.printJobs).mockImplementation(async (n) =>
      n === 'JM2025000001'
        ? [job({ id: 4, case_number: 'JM2025000001', state: 'queued' }), job({ id: 1, case_number: 'JM2025000001', document: 'bundle-receipt' })]
        : [job({ id: 3, case_number: n, document: 'one-time-notice' })],
    )
    const store = usePrintingStore()
    await store.watchJobs({ caseNumber: null, caseNumbers: ['JM2025000001', 'JM2025000002'] })
    expect(vi.mocked(ipc.printJobs).mock.calls.map((c) => c[0])).toEqual(['JM2025000001', 'JM2025000002'])
    expect(store.jobs.map((j) => j.id)).toEqual([4, 3, 1])
    expect(store.polling()).toBe(true)

    // A job printed under one of them joins the list; one of another case does not.
    vi.mocked(ipc.printDocument).mockResolvedValueOnce(job({ id: 5, case_number: 'JM2025000002', document: 'refusal-notice' }))
    await store.print({ document: 'refusal-notice', case_number: 'JM2025000002', profile: null, lang: null, queue: null, demo: false })
    vi.mocked(ipc.printDocument).mockResolvedValueOnce(job({ id: 6, case_number: 'JM2025000009' }))
    await store.print({ document: 'receipt', case_number: 'JM2025000009', profile: null, lang: null, queue: null, demo: false })
    expect(store.jobs.map((j) => j.id)).toEqual([5, 4, 3, 1])

    // Watching the same cases again keeps the list; other cases start empty.
    vi.mocked(ipc.printJobs).mockReturnValue(new Promise(() => {}))
    void store.watchJobs({ caseNumber: null, caseNumbers: ['JM2025000001', 'JM2025000002'] })
    expect(store.jobs).toHaveLength(4)
    void store.watchJobs({ caseNumber: 'JM2025000001' })
    expect(store.jobs).toEqual([])
    store.unwatch()
  })

  it('loads profiles and replaces one after calibration', async () => {
    const store = usePrintingStore()
    await store.loadProfiles()
    expect(store.profiles.map((p) => p.name)).toEqual(['a4-laser', 'thermal-80', 'label-100x150'])
    vi.mocked(ipc.calibratePrinter).mockResolvedValue({ ...LABEL, offset_x_mm: 2, offset_y_mm: -1 })
    await store.calibrate('label-100x150', 2, -1)
    expect(ipc.calibratePrinter).toHaveBeenCalledWith('label-100x150', 2, -1)
    expect(store.profiles[2]!.offset_x_mm).toBe(2)
    expect(store.profiles[0]).toEqual(A4)
    vi.mocked(ipc.calibratePrinter).mockRejectedValue({ code: 'invalid_input', message: '校准偏移应在±20毫米之内' })
    expect(await store.calibrate('a4-laser', 30, 0)).toBeNull()
    expect(showError).toHaveBeenCalled()
  })
})
