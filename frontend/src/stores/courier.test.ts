import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  dispatchWork: vi.fn(),
  createShipment: vi.fn(),
  cancelShipment: vi.fn(),
  waybillRanges: vi.fn(),
  printDocument: vi.fn(),
  printJobs: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { resetMocks } from '@/test/mocks'
import { job } from '@/test/printFixtures'
import { MAT_A, MAT_B, MAT_C, RES_A, RES_B, RES_BLOCKED, range, shipment, work } from '@/test/courierFixtures'
import { useWaybillRangesStore } from './waybillRanges'
import { defaultProduct, groupToggled, labelCase, packRequests, pruned, toggled, useCourierStore } from './courier'

const WORK = work()
const [MATERIALS, HOUSING, RESULTS] = WORK.groups as [(typeof WORK.groups)[0], (typeof WORK.groups)[0], (typeof WORK.groups)[0]]

beforeEach(() => {
  setActivePinia(createPinia())
  resetMocks(ipc)
  vi.mocked(showError).mockReset()
  vi.mocked(ipc.dispatchWork).mockResolvedValue(WORK)
  vi.mocked(ipc.waybillRanges).mockResolvedValue([range()])
  vi.mocked(ipc.printJobs).mockResolvedValue([])
})

describe('selection', () => {
  it('ticks the cases of one group; a case of another group starts over there', () => {
    let s = toggled({ group: null, numbers: [] }, MATERIALS, MATERIALS.items[0]!, true)
    s = toggled(s, MATERIALS, MATERIALS.items[1]!, true)
    expect(s.numbers).toEqual([MAT_A, MAT_B])
    s = toggled(s, HOUSING, HOUSING.items[0]!, true)
    expect(s.numbers).toEqual([MAT_C])
    s = toggled(s, HOUSING, HOUSING.items[0]!, false)
    expect(s).toEqual({ group: null, numbers: [] })
  })

  it('never ticks a blocked case, also not with the whole group', () => {
    const blocked = RESULTS.items[2]!
    expect(toggled({ group: null, numbers: [] }, RESULTS, blocked, true)).toEqual({ group: null, numbers: [] })
    expect(groupToggled(RESULTS, true).numbers).toEqual([RES_A, RES_B])
    expect(groupToggled(RESULTS, false)).toEqual({ group: null, numbers: [] })
  })

  it('drops the cases no longer waiting when the work is asked again', () => {
    const s = groupToggled(MATERIALS, true)
    const after = work().groups.map((g) => (g.destination === MATERIALS.destination ? { ...g, items: g.items.slice(1), count: 1 } : g))
    expect(pruned(s, after).numbers).toEqual([MAT_B])
    expect(pruned(s, after.slice(1))).toEqual({ group: null, numbers: [] })
  })
})

describe('requests', () => {
  it('puts the cases of a department in one envelope with the papers ticked, the results for a hall in one, a result to each applicant in its own', () => {
    const materials = {
      kind: 'material_transfer' as const,
      destination: MATERIALS.destination,
      items: MATERIALS.items,
      papers: { [MAT_A]: ['M01'], [MAT_B]: ['M02'] },
      product: null,
    }
    expect(packRequests(materials, '  ')).toEqual([
      { kind: 'material_transfer', cases: [MAT_A, MAT_B], papers: { [MAT_A]: ['M01'], [MAT_B]: ['M02'] } },
    ])
    const results = {
      kind: 'result_to_applicant' as const,
      destination: RESULTS.destination,
      items: RESULTS.items.slice(0, 2),
      papers: {},
      product: { carrier: '顺丰速运', product: '标快' },
    }
    expect(packRequests(results, '重新封装')).toEqual([
      { kind: 'result_to_applicant', cases: [RES_A], split_reason: '重新封装', carrier: '顺丰速运', product: '标快' },
      { kind: 'result_to_applicant', cases: [RES_B], split_reason: '重新封装', carrier: '顺丰速运', product: '标快' },
    ])
    const toHall = { ...results, kind: 'result_to_hall' as const, destination: '江门市蓬江区政务服务中心', product: null }
    expect(packRequests(toHall, '')).toEqual([{ kind: 'result_to_hall', cases: [RES_A, RES_B] }])
  })

  it('takes numbers from the default carrier product while it has any', () => {
    const ems = { carrier: '中国邮政 EMS', product: '标准快递', total: 500, free: 3, low: true }
    const sf = { carrier: '顺丰速运', product: '标快', total: 100, free: 90, low: false }
    expect(defaultProduct([sf, ems])).toEqual({ carrier: '中国邮政 EMS', product: '标准快递' })
    expect(defaultProduct([sf, { ...ems, free: 0 }])).toEqual({ carrier: '顺丰速运', product: '标快' })
    expect(defaultProduct([])).toBeNull()
  })

  it('prints a label under a case whose newest live envelope it is', () => {
    const older = shipment('A1', { kind: 'material_transfer', cases: [MAT_A, MAT_B], created_at: '2026-12-02T02:00:00Z' })
    const newer = shipment('A2', { kind: 'material_transfer', cases: [MAT_A], created_at: '2026-12-02T03:00:00Z' })
    expect(labelCase(older, [older, newer])).toBe(MAT_B)
    expect(labelCase(newer, [older, newer])).toBe(MAT_A)
    expect(labelCase(shipment('A3', { cases: [MAT_A], created_at: '2026-12-02T01:00:00Z' }), [older, newer])).toBeNull()
    // A cancelled envelope does not count.
    expect(labelCase(older, [older, { ...newer, cases: [MAT_B], state: 'cancelled' }])).toBe(MAT_A)
  })
})

describe('courier store', () => {
  async function loaded() {
    const store = useCourierStore()
    await Promise.all([store.load(), useWaybillRangesStore().load()])
    return store
  }

  it('packs several cases for a department into one envelope', async () => {
    const store = await loaded()
    store.selectGroup(store.groups[0]!, true)
    expect(store.openPack()).toBe(true)
    store.setPaper(MAT_A, 'M03', false)
    vi.mocked(ipc.createShipment).mockResolvedValue(shipment('1189202600101', { kind: 'material_transfer', cases: [MAT_A, MAT_B] }))
    expect(await store.submitPack()).toBe(true)
    expect(ipc.createShipment).toHaveBeenCalledTimes(1)
    expect(ipc.createShipment).toHaveBeenCalledWith({
      kind: 'material_transfer',
      cases: [MAT_A, MAT_B],
      papers: { [MAT_A]: ['M01'], [MAT_B]: ['M02'] },
      carrier: '中国邮政 EMS',
      product: '标准快递',
    })
    expect(store.packDone).toBe(true)
    expect(store.selection).toEqual({ group: null, numbers: [] })
  })

  it('packs each result alone, one after another, and stops at a refusal asking for the split reason', async () => {
    const store = await loaded()
    store.selectGroup(store.groups[2]!, true)
    store.openPack()
    // The blocked result is not among them.
    expect(store.packing!.items.map((i) => i.case.number)).toEqual([RES_A, RES_B])
    vi.mocked(ipc.createShipment)
      .mockResolvedValueOnce(shipment('1189202600102', { cases: [RES_A] }))
      .mockRejectedValueOnce({
        code: 'invalid_input',
        message: '办件的材料已装入另一个邮件（1189202600050），如需分装请说明原因',
        field: 'split_reason',
      })
    expect(await store.submitPack()).toBe(false)
    expect(vi.mocked(ipc.createShipment).mock.calls.map((c) => c[0].cases)).toEqual([[RES_A], [RES_B]])
    expect(showError).toHaveBeenCalledTimes(1)
    expect(store.askSplit).toBe(true)
    expect(store.errorField).toBe('pack-split-reason')
    expect(store.packed.map((s) => s.waybill)).toEqual(['1189202600102'])
    expect(store.packing!.items.map((i) => i.case.number)).toEqual([RES_B])
    expect(store.packDone).toBe(false)

    // With a reason, the rest goes.
    store.splitReason = '原邮件破损，重新封装'
    vi.mocked(ipc.createShipment).mockResolvedValueOnce(shipment('1189202600103', { cases: [RES_B] }))
    expect(await store.submitPack()).toBe(true)
    expect(vi.mocked(ipc.createShipment).mock.lastCall![0]).toEqual({
      kind: 'result_to_applicant',
      cases: [RES_B],
      split_reason: '原邮件破损，重新封装',
      carrier: '中国邮政 EMS',
      product: '标准快递',
    })
    expect(store.packDone).toBe(true)
    expect(vi.mocked(ipc.createShipment).mock.calls.flatMap((c) => c[0].cases)).not.toContain(RES_BLOCKED)
  })

  it('prints a label under the envelope’s case and asks for the work again', async () => {
    const store = await loaded()
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 31, case_number: '4407030002026110100002', document: 'label', state: 'queued' }))
    expect(await store.printLabel(store.shipments[1]!)).toBe(true)
    expect(ipc.printDocument).toHaveBeenCalledWith({
      document: 'label',
      case_number: '4407030002026110100002',
      profile: null,
      lang: null,
      queue: null,
      demo: false,
    })
    expect(store.labelJobs).toEqual({ '1189202600008': 31 })
    expect(ipc.dispatchWork).toHaveBeenCalledTimes(2)
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 32, case_number: null, document: 'manifest' }))
    await store.printManifest()
    expect(vi.mocked(ipc.printDocument).mock.lastCall![0]).toMatchObject({ document: 'manifest', case_number: null })
    expect(store.manifestJob).toBe(32)
  })

  it('cancels only with a reason, and only an envelope that has not left', async () => {
    const store = await loaded()
    store.openCancel(store.shipments[2]!)
    expect(store.cancelling).toBeNull()
    store.openCancel(store.shipments[0]!)
    store.cancelReason = '   '
    expect(await store.submitCancel()).toBeNull()
    expect(ipc.cancelShipment).not.toHaveBeenCalled()
    store.cancelReason = ' 面单打印错位 '
    vi.mocked(ipc.cancelShipment).mockResolvedValue({ ...store.shipments[0]!, state: 'cancelled' })
    expect((await store.submitCancel())?.state).toBe('cancelled')
    expect(ipc.cancelShipment).toHaveBeenCalledWith('1189202600007', '面单打印错位')
    expect(store.cancelling).toBeNull()
  })
})
