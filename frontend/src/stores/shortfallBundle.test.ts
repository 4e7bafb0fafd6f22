// The live decisions of a 一件事 bundle: materials ticked by merged-list name, one request after a
// burst of changes, and only the latest answer kept.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { BundleCheckRequest, BundleDecisionView } from '@/api/bindings'

vi.mock('@/api/ipc', () => ({ checkShortfall: vi.fn(), checkBundle: vi.fn() }))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { CHECK_DEBOUNCE_MS, useShortfallStore } from './shortfall'

function answer(tag: string): BundleDecisionView {
  return { bundle_code: tag, members: [] }
}

describe('the shortfall store on a bundle', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.useFakeTimers()
    vi.mocked(ipc.checkShortfall).mockReset()
    vi.mocked(ipc.checkBundle).mockReset().mockResolvedValue(answer('JMYJS001'))
    vi.mocked(showError).mockReset()
  })

  afterEach(() => vi.useRealTimers())

  it('asks check_bundle at once on opening, by merged-list name and with the facts, never check_shortfall', async () => {
    const s = useShortfallStore()
    await s.startBundle('JMYJS001', { present: ['居民身份证'], facts: { commitment_signed: true } })
    expect(ipc.checkShortfall).not.toHaveBeenCalled()
    expect(ipc.checkBundle).toHaveBeenCalledTimes(1)
    expect(ipc.checkBundle).toHaveBeenCalledWith({
      bundle_code: 'JMYJS001',
      present_names: ['居民身份证'],
      applicant_kind: 'person',
      has_agent: false,
      commitment_signed: true,
      dishonest: false,
      applicant: null,
      forms: {},
    } satisfies BundleCheckRequest)
    expect(s.bundleCode).toBe('JMYJS001')
    expect(s.itemCode).toBeNull()
    expect(s.isFor('bundle', 'JMYJS001')).toBe(true)
    expect(s.isFor('item', 'JMYJS001')).toBe(false)
    expect(s.bundleDecision).toEqual(answer('JMYJS001'))
    expect(s.decision).toBeNull()
  })

  it('asks once, 100 ms after a burst of ticks and fact changes', async () => {
    const s = useShortfallStore()
    await s.startBundle('JMYJS001')
    s.toggle('居民身份证', true)
    await vi.advanceTimersByTimeAsync(50)
    s.toggle('出生医学证明', true)
    s.setFact('has_agent', true)
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS - 1)
    expect(ipc.checkBundle).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(ipc.checkBundle).toHaveBeenCalledTimes(2)
    expect(vi.mocked(ipc.checkBundle).mock.calls[1]![0]).toMatchObject({ present_names: ['居民身份证', '出生医学证明'], has_agent: true })
    // How a material was received is not part of the decision.
    s.setDetails('居民身份证', { form: 'copy', copies: 2, pages: 2 })
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS * 2)
    expect(ipc.checkBundle).toHaveBeenCalledTimes(2)
    expect(s.details).toEqual({ 居民身份证: { form: 'copy', copies: 2, pages: 2 } })
  })

  it('keeps the answer to the last request when an earlier one comes back later', async () => {
    const s = useShortfallStore()
    await s.startBundle('JMYJS001')
    let resolveSlow: (v: BundleDecisionView) => void = () => {}
    vi.mocked(ipc.checkBundle)
      .mockImplementationOnce(() => new Promise((r) => (resolveSlow = r)))
      .mockResolvedValueOnce(answer('fast'))
    s.toggle('居民身份证', true)
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS)
    s.toggle('出生医学证明', true)
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS)
    expect(s.bundleDecision).toEqual(answer('fast'))
    expect(s.checking).toBe(false)
    resolveSlow(answer('slow'))
    await vi.advanceTimersByTimeAsync(0)
    expect(s.bundleDecision).toEqual(answer('fast'))
  })

  it('asks again when the applicant becomes known, and drops answers once stopped', async () => {
    const s = useShortfallStore()
    await s.startBundle('JMYJS001')
    s.setApplicant({ name: '𠮷祥云', id_kind: 'resident_id', id_number: '11010519491231002X' })
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS)
    expect(ipc.checkBundle).toHaveBeenCalledTimes(2)
    expect(vi.mocked(ipc.checkBundle).mock.calls[1]![0].applicant).toEqual({
      name: '𠮷祥云',
      id_kind: 'resident_id',
      id_number: '11010519491231002X',
    })

    let resolveLate: (v: BundleDecisionView) => void = () => {}
    vi.mocked(ipc.checkBundle).mockImplementationOnce(() => new Promise((r) => (resolveLate = r)))
    s.toggle('居民身份证', true)
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS)
    s.stop()
    resolveLate(answer('late'))
    await vi.advanceTimersByTimeAsync(0)
    expect(s.bundleDecision).toBeNull()
    expect(s.bundleCode).toBeNull()
    expect(s.present.size).toBe(0)
  })

  it('shows a rejection and forgets the stale decisions', async () => {
    const s = useShortfallStore()
    await s.startBundle('JMYJS001')
    vi.mocked(ipc.checkBundle).mockRejectedValueOnce({ code: 'invalid_input', message: '一件事“新生儿出生一件事”的材料清单中没有“户口本”' })
    s.toggle('户口本', true)
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS)
    expect(showError).toHaveBeenCalledWith({ code: 'invalid_input', message: '一件事“新生儿出生一件事”的材料清单中没有“户口本”' })
    expect(s.bundleDecision).toBeNull()
  })

  it('starts an item afresh after a bundle', async () => {
    const s = useShortfallStore()
    await s.startBundle('JMYJS001', { present: ['居民身份证'] })
    vi.mocked(ipc.checkShortfall).mockResolvedValue(null as never)
    await s.start('ITEM')
    expect(s.bundleDecision).toBeNull()
    expect(s.present.size).toBe(0)
    expect(ipc.checkShortfall).toHaveBeenCalledWith(expect.objectContaining({ service_item_code: 'ITEM', present_codes: [] }))
  })
})
