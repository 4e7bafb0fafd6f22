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
    vi.mocked(ipc.checkShortfall).mockReset().mockResolvedValue(null as never)
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

  it('ask for no decision when they change, and the request still sends codes only', async () => {
    const s = useShortfallStore()
    await s.start('ITEM', { present: ['M01'] })
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(1)
    s.setDetails('M01', { form: 'copy', copies: 3, pages: 3 })
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS * 2)
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(1)
    s.toggle('M02', true)
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS * 2)
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(2)
    const req = vi.mocked(ipc.checkShortfall).mock.calls[1]![0]
    expect(req.present).toEqual(['M01', 'M02'])
    expect(Object.keys(req)).not.toContain('details')
  })
})
