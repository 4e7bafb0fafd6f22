// How each ticked material was received, kept beside the ticks: the catalog's until the clerk says
// otherwise, dropped with the tick, never part of the decision request.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/api/ipc', () => ({ checkShortfall: vi.fn() }))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))

import * as ipc from '@/api/ipc'
import { CHECK_DEBOUNCE_MS, useShortfallStore } from './shortfall'

describe('received details in the shortfall store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.useFakeTimers()
    vi.mocked(ipc.checkShortfall)
      .mockReset()
      .mockResolvedValue(null as never)
  })

  afterEach(() => vi.useRealTimers())

  it('start empty on a tick, so the catalog applies, and go with the untick', async () => {
    const s = useShortfallStore()
    await s.start('ITEM')
    s.toggle('M01', true)
    expect(s.details).toEqual({})
    s.setDetails('M01', { form: 'copy', copies: 2, pages: 7 })
    expect(s.details).toEqual({ M01: { form: 'copy', copies: 2, pages: 7 } })
    s.toggle('M01', false)
    expect(s.details).toEqual({})
    // Ticked again, it starts from the catalog again.
    s.toggle('M01', true)
    expect(s.details).toEqual({})
  })

  it('are kept in range and only for ticked materials', async () => {
    const s = useShortfallStore()
    await s.start('ITEM', { present: ['M01'] })
    s.setDetails('M02', { form: 'copy', copies: 1, pages: 1 })
    expect(s.details).toEqual({})
    s.setDetails('M01', { form: 'original', copies: 0, pages: 10000.4 })
    expect(s.details).toEqual({ M01: { form: 'original', copies: 1, pages: 9999 } })
    s.setDetails('M01', { form: 'original', copies: 120, pages: 3.4 })
    expect(s.details).toEqual({ M01: { form: 'original', copies: 99, pages: 3 } })
  })

  it('come from a draft for its ticks only, and are forgotten with the item', async () => {
    const s = useShortfallStore()
    await s.start('ITEM', {
      present: ['M01'],
      details: { M01: { form: 'e_certificate', copies: 1, pages: 2 }, M02: { form: 'copy', copies: 1, pages: 1 } },
    })
    expect(s.details).toEqual({ M01: { form: 'e_certificate', copies: 1, pages: 2 } })
    await s.start('OTHER')
    expect(s.details).toEqual({})
    await s.start('ITEM', { present: ['M01'], details: { M01: { form: 'copy', copies: 2, pages: 2 } } })
    s.stop()
    expect(s.details).toEqual({})
  })

  it('ask for a new decision when the form changes, not for copies or pages; the request sends the forms', async () => {
    const s = useShortfallStore()
    await s.start('ITEM', { present: ['M01'] })
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(1)
    s.setDetails('M01', { form: 'copy', copies: 3, pages: 3 }, true)
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS * 2)
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(2)
    expect(vi.mocked(ipc.checkShortfall).mock.calls[1]![0].forms).toEqual({ M01: 'copy' })
    s.setDetails('M01', { form: 'copy', copies: 4, pages: 9 })
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS * 2)
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(2)
    s.toggle('M02', true)
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS * 2)
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(3)
    const req = vi.mocked(ipc.checkShortfall).mock.calls[2]![0]
    expect(req.present_codes).toEqual(['M01', 'M02'])
    expect(Object.keys(req)).not.toContain('details')
  })
})

describe('scans attached at the window in the shortfall store', () => {
  const A = 'a'.repeat(64)
  const B = 'b'.repeat(64)
  const C = 'c'.repeat(64)

  beforeEach(() => {
    setActivePinia(createPinia())
    vi.useFakeTimers()
    vi.mocked(ipc.checkShortfall)
      .mockReset()
      .mockResolvedValue(null as never)
  })

  afterEach(() => vi.useRealTimers())

  it('tick a material not ticked yet, as the catalog asks, and ask for the decision again', async () => {
    const s = useShortfallStore()
    await s.start('ITEM')
    s.attach('M02', A)
    expect([...s.present]).toEqual(['M02'])
    expect(s.details).toEqual({})
    expect(s.attached).toEqual({ M02: [A] })
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS * 2)
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(2)
    expect(vi.mocked(ipc.checkShortfall).mock.calls[1]![0].present_codes).toEqual(['M02'])
    // A ticked one stays as it was received, and the decision is not asked for.
    s.setDetails('M02', { form: 'copy', copies: 2, pages: 2 })
    s.attach('M02', B)
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS * 2)
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(2)
    expect(s.details).toEqual({ M02: { form: 'copy', copies: 2, pages: 2 } })
  })

  it("keep their order, move to the material attached last, and are one material's only", async () => {
    const s = useShortfallStore()
    await s.start('ITEM', { present: ['M01', 'M02'] })
    s.attach('M01', A)
    s.attach('M01', B)
    s.attach('M02', C)
    expect(s.attached).toEqual({ M01: [A, B], M02: [C] })
    // Attached again where it is: nothing changes.
    s.attach('M01', A)
    expect(s.attached).toEqual({ M01: [A, B], M02: [C] })
    // Elsewhere: it moves, after the scans there.
    s.attach('M02', A)
    expect(s.attached).toEqual({ M01: [B], M02: [C, A] })
    s.attach('M02', B)
    expect(s.attached).toEqual({ M02: [C, A, B] })
    expect([...s.attachedScans].sort()).toEqual([A, B, C])
    // The material left without scans stays ticked.
    expect(s.present.has('M01')).toBe(true)
  })

  it("come off with ×, the material staying ticked, and all of a material's with its untick", async () => {
    const s = useShortfallStore()
    await s.start('ITEM')
    s.attach('M01', A)
    s.attach('M01', B)
    s.attach('M02', C)
    s.detach(A)
    expect(s.attached).toEqual({ M01: [B], M02: [C] })
    s.detach(A)
    expect(s.attached).toEqual({ M01: [B], M02: [C] })
    s.toggle('M01', false)
    expect(s.attached).toEqual({ M02: [C] })
    expect(s.attachedScans.has(B)).toBe(false)
    // Ticked again, it starts without scans.
    s.toggle('M01', true)
    expect(s.attached).toEqual({ M02: [C] })
    s.detach(C)
    expect(s.attached).toEqual({})
    expect([...s.present].sort()).toEqual(['M01', 'M02'])
  })

  it('come from a draft for its ticks only, each scan once, and are forgotten with the item', async () => {
    const s = useShortfallStore()
    await s.start('ITEM', { present: ['M01', 'M02'], scans: { M01: [A, B], M02: [B, C], M03: ['d'.repeat(64)] } })
    expect(s.attached).toEqual({ M01: [A, B], M02: [C] })
    await s.start('OTHER')
    expect(s.attached).toEqual({})
    await s.start('ITEM', { present: ['M01'], scans: { M01: [A] } })
    s.stop()
    expect(s.attached).toEqual({})
    // Nothing is open: nothing to attach to.
    s.attach('M01', A)
    expect(s.attached).toEqual({})
    expect(s.present.size).toBe(0)
  })
})
