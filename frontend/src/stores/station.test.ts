import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { StationStatusView, UserView } from '@/api/bindings'

vi.mock('@/api/ipc', () => ({ stationStatus: vi.fn() }))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))
const outbox = { handlers: [] as (() => void)[], unsubscribe: vi.fn() }
vi.mock('@/api/events', () => ({
  onOutboxChanged: vi.fn((handler: () => void) => {
    outbox.handlers.push(handler)
    return outbox.unsubscribe
  }),
}))

import * as ipc from '@/api/ipc'
import * as events from '@/api/events'
import { resetMocks } from '@/test/mocks'
import { useSessionStore } from './session'
import { STATION_POLL_MS, useStationStore } from './station'

const CLERK: UserView = {
  username: 'clerk',
  display_name: '李敏',
  role: 'window_clerk',
  hall: { code: '440700000', name: '江门市政务服务中心' },
  window: 'A01',
  department: null,
  idle_lock_minutes: 0,
}

function cityStation(over: Partial<StationStatusView> = {}): StationStatusView {
  return { city: true, registered: true, offline: false, pending: 0, numbers_left: 50, conflicts: [], ...over }
}

const HALL_FILE: StationStatusView = { city: false, registered: false, offline: false, pending: 0, numbers_left: 0, conflicts: [] }

const asked = () => vi.mocked(ipc.stationStatus).mock.calls.length

describe('station status', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
    resetMocks(ipc)
    outbox.handlers = []
    outbox.unsubscribe.mockReset()
    vi.mocked(events.onOutboxChanged).mockClear()
  })

  afterEach(() => {
    useStationStore().stop()
    vi.useRealTimers()
  })

  it('asks once signed in, and shows a city station working offline', async () => {
    vi.mocked(ipc.stationStatus).mockResolvedValue(cityStation({ offline: true, numbers_left: 37 }))
    const station = useStationStore()
    station.start()
    await vi.advanceTimersByTimeAsync(0)
    // Nobody signed in (the layout came up before the session was restored): nothing asked yet.
    expect(asked()).toBe(0)
    useSessionStore().user = CLERK
    await vi.advanceTimersByTimeAsync(0)
    expect(asked()).toBe(1)
    expect(station.status?.numbers_left).toBe(37)
    expect(station.shown).toBe(true)
  })

  it('asks again at each outbox-changed, and stops listening when stopped', async () => {
    useSessionStore().user = CLERK
    vi.mocked(ipc.stationStatus).mockResolvedValueOnce(cityStation({ offline: true, pending: 2 }))
    const station = useStationStore()
    station.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(station.status?.pending).toBe(2)
    expect(events.onOutboxChanged).toHaveBeenCalledTimes(1)

    // The city is back and took both: the header has nothing left to say.
    vi.mocked(ipc.stationStatus).mockResolvedValueOnce(cityStation())
    outbox.handlers[0]!()
    await vi.advanceTimersByTimeAsync(0)
    expect(asked()).toBe(2)
    expect(station.status?.pending).toBe(0)
    expect(station.shown).toBe(false)

    station.stop()
    expect(outbox.unsubscribe).toHaveBeenCalledTimes(1)
    expect(station.status).toBeNull()
  })

  it('polls a city station every 10 s, and no more once stopped', async () => {
    useSessionStore().user = CLERK
    vi.mocked(ipc.stationStatus).mockResolvedValue(cityStation({ pending: 1 }))
    const station = useStationStore()
    station.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(asked()).toBe(1)
    await vi.advanceTimersByTimeAsync(STATION_POLL_MS - 1)
    expect(asked()).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(asked()).toBe(2)
    await vi.advanceTimersByTimeAsync(STATION_POLL_MS)
    expect(asked()).toBe(3)

    station.stop()
    await vi.advanceTimersByTimeAsync(5 * STATION_POLL_MS)
    expect(asked()).toBe(3)
    // Asked for after an intake while stopped (no layout): nothing is asked.
    await station.refresh()
    expect(asked()).toBe(3)
  })

  it('stops polling at sign-out and forgets the status, until the next sign-in', async () => {
    const session = useSessionStore()
    session.user = CLERK
    vi.mocked(ipc.stationStatus).mockResolvedValue(cityStation({ offline: true }))
    const station = useStationStore()
    station.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(station.shown).toBe(true)

    session.user = null
    await vi.advanceTimersByTimeAsync(0)
    expect(station.status).toBeNull()
    expect(station.shown).toBe(false)
    await vi.advanceTimersByTimeAsync(5 * STATION_POLL_MS)
    expect(asked()).toBe(1)

    session.user = { ...CLERK, username: 'clerk2' }
    await vi.advanceTimersByTimeAsync(0)
    expect(asked()).toBe(2)
    expect(station.shown).toBe(true)
  })

  it('does not poll while the screen is locked, and asks again at unlock', async () => {
    const session = useSessionStore()
    session.user = CLERK
    vi.mocked(ipc.stationStatus).mockResolvedValue(cityStation({ offline: true }))
    useStationStore().start()
    await vi.advanceTimersByTimeAsync(0)
    session.locked = true
    await vi.advanceTimersByTimeAsync(5 * STATION_POLL_MS)
    expect(asked()).toBe(1)
    session.locked = false
    await vi.advanceTimersByTimeAsync(0)
    expect(asked()).toBe(2)
  })

  it("shows nothing on a hall's own file and does not poll it", async () => {
    useSessionStore().user = CLERK
    vi.mocked(ipc.stationStatus).mockResolvedValue(HALL_FILE)
    const station = useStationStore()
    station.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(station.status).toEqual(HALL_FILE)
    expect(station.shown).toBe(false)
    await vi.advanceTimersByTimeAsync(6 * STATION_POLL_MS)
    expect(asked()).toBe(1)
  })

  it("shows nothing on a hall's own file even with numbers the city never leased it", async () => {
    useSessionStore().user = CLERK
    // Whatever a hall's file answered, it has no outbox to speak of.
    vi.mocked(ipc.stationStatus).mockResolvedValue({ ...HALL_FILE, offline: true, pending: 3 })
    const station = useStationStore()
    station.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(station.shown).toBe(false)
  })

  it("shows the city's refusals alone, and keeps the last status when a round fails", async () => {
    useSessionStore().user = CLERK
    const refused = cityStation({ conflicts: [{ case: '4407030002026120200001', reason: '办件编号已被占用' }] })
    vi.mocked(ipc.stationStatus).mockResolvedValueOnce(refused)
    const station = useStationStore()
    station.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(station.shown).toBe(true)

    vi.mocked(ipc.stationStatus).mockRejectedValueOnce({ code: 'internal', message: 'x' })
    await vi.advanceTimersByTimeAsync(STATION_POLL_MS)
    expect(asked()).toBe(2)
    expect(station.status).toEqual(refused)
    // The round after asks again.
    vi.mocked(ipc.stationStatus).mockResolvedValueOnce(cityStation())
    await vi.advanceTimersByTimeAsync(STATION_POLL_MS)
    expect(asked()).toBe(3)
    expect(station.shown).toBe(false)
  })

  it('keeps only the latest answer: one given after a sign-out is dropped', async () => {
    const session = useSessionStore()
    session.user = CLERK
    let answer: (s: StationStatusView) => void = () => {}
    vi.mocked(ipc.stationStatus).mockImplementationOnce(() => new Promise((r) => (answer = r)))
    const station = useStationStore()
    station.start()
    await vi.advanceTimersByTimeAsync(0)
    session.user = null
    await vi.advanceTimersByTimeAsync(0)
    answer(cityStation({ offline: true }))
    await vi.advanceTimersByTimeAsync(0)
    expect(station.status).toBeNull()
    await vi.advanceTimersByTimeAsync(5 * STATION_POLL_MS)
    expect(asked()).toBe(1)
  })
})
