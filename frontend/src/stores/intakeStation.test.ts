// An intake taken at the window, offline or not, is counted in the header at once: the station's
// status is asked again right after it (stores/station.ts), not at the next round.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { BundleIntakeResult, IntakeResult, StationStatusView } from '@/api/bindings'

vi.mock('@/api/ipc', async (importOriginal) => (await import('@/test/ipcMocks')).intakeIpc(importOriginal))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))
vi.mock('@/api/events', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/events')>()),
  onOutboxChanged: vi.fn(() => () => {}),
}))

import * as ipc from '@/api/ipc'
import { bundleDetail, serviceItem } from '@/test/catalogFixtures'
import { resetIntakeIpc, signInClerk } from '@/test/intakeFixtures'
import { useIntakeStore } from './intake'
import { useStationStore } from './station'

const item = serviceItem({ code: 'ITEM', materials: [] })
const bundle = bundleDetail({ materials: [] })

function offline(pending: number): StationStatusView {
  return { city: true, registered: true, offline: true, pending, numbers_left: 50 - pending, conflicts: [] }
}

describe("the station's status after an intake", () => {
  beforeEach(async () => {
    setActivePinia(createPinia())
    signInClerk()
    resetIntakeIpc()
    vi.mocked(ipc.saveDraft).mockResolvedValue(41)
    vi.mocked(ipc.getServiceItem).mockResolvedValue(item)
    vi.mocked(ipc.getBundle).mockResolvedValue(bundle)
    vi.mocked(ipc.checkShortfall).mockResolvedValue(null as never)
    vi.mocked(ipc.checkBundle).mockResolvedValue({ bundle_code: bundle.code, members: [] })
    vi.mocked(ipc.stationStatus).mockResolvedValueOnce(offline(0))
    const station = useStationStore()
    station.start()
    await vi.waitFor(() => expect(station.status?.pending).toBe(0))
  })

  afterEach(() => useStationStore().stop())

  it('is asked again once an item is taken in', async () => {
    const intake = useIntakeStore()
    await intake.begin(item)
    vi.mocked(ipc.intake).mockResolvedValue({ number: '4407030002026120200001' } as IntakeResult)
    vi.mocked(ipc.stationStatus).mockResolvedValueOnce(offline(1))
    await intake.submit()
    await vi.waitFor(() => expect(useStationStore().status?.pending).toBe(1))
    expect(ipc.stationStatus).toHaveBeenCalledTimes(2)
    expect(vi.mocked(ipc.intake).mock.invocationCallOrder[0]).toBeLessThan(vi.mocked(ipc.stationStatus).mock.invocationCallOrder[1]!)
  })

  it('is asked again once a 一件事 bundle is taken in', async () => {
    const intake = useIntakeStore()
    await intake.beginBundle(bundle)
    const answer: BundleIntakeResult = { bundle_code: bundle.code, bundle_name: bundle.name, cases: [], lead: null, prints: [] }
    vi.mocked(ipc.intakeBundle).mockResolvedValue(answer)
    vi.mocked(ipc.stationStatus).mockResolvedValueOnce(offline(2))
    await intake.submit()
    await vi.waitFor(() => expect(useStationStore().status?.pending).toBe(2))
    expect(ipc.stationStatus).toHaveBeenCalledTimes(2)
  })

  it('is not asked again for an intake the backend refused', async () => {
    const intake = useIntakeStore()
    await intake.begin(item)
    vi.mocked(ipc.intake).mockRejectedValue({ code: 'invalid_input', message: '手机号码应为11位数字', field: 'phone', suggested_id_kind: null })
    expect(await intake.submit()).toBeNull()
    expect(ipc.stationStatus).toHaveBeenCalledTimes(1)
  })
})
