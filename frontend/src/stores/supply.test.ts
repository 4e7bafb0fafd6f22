import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  ...(await import('@/test/ipcMocks')).scanIpc(),
  reviewCase: vi.fn(),
  supplyCorrection: vi.fn(),
  supplyShortfall: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))
vi.mock('@/api/events', () => ({ onScanIngested: vi.fn(() => () => {}) }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { resetMocks } from '@/test/mocks'
import { reviewView, shortfallStatus, summary } from '@/test/reviewFixtures'
import { inbox, sha } from '@/test/scanFixtures'
import { useScanInboxStore } from './scanInbox'
import { supplyMaterials, supplyMode, useSupplyStore } from './supply'

const QR = 'OW:4407030002026120200001:K7Q2'
const WAITING = reviewView({
  actions: ['submit_correction'],
  correction: { items: [{ material_code: 'M02', name: '营业执照', reason: '复印件不清晰' }], deadline: '2026-12-20', requested_by: '李审批' },
})

describe('supply store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    resetMocks(ipc)
    vi.mocked(showError).mockReset()
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox([]))
  })

  it('finds the case by the QR code as scanned, and sends the code back with the supply', async () => {
    const store = useSupplyStore()
    vi.mocked(ipc.reviewCase).mockResolvedValue(WAITING)
    expect(await store.find(`  ${QR} `)).toBe(true)
    expect(ipc.reviewCase).toHaveBeenCalledWith(QR)
    expect(store.canSupply).toBe(true)

    store.toggle('M02', true)
    store.setDetails('M02', { form: 'original', copies: 2, pages: 0 })
    store.note = '  原件核对无误 '
    vi.mocked(ipc.supplyCorrection).mockResolvedValue({
      case: summary({ state: 'corrected', claimed_by: '李审批', claimed_by_username: 'reviewer' }),
      action: 'submit_correction',
      documents: [],
    })
    const outcome = await store.submit()
    expect(ipc.supplyCorrection).toHaveBeenCalledWith({
      case: QR,
      materials: [{ material_code: 'M02', form: 'original', copies: 2, pages: 1 }],
      note: '原件核对无误',
    })
    expect(outcome?.case.state).toBe('corrected')
    expect(store.review?.detail.summary.state).toBe('corrected')
    expect(store.canSupply).toBe(false)
  })

  it('takes a material brought as the catalog asks unless told otherwise, with the scans attached to it', async () => {
    const store = useSupplyStore()
    vi.mocked(ipc.reviewCase).mockResolvedValue(WAITING)
    await store.find('4407030002026120200001')
    const scans = useScanInboxStore()
    const drop = vi.spyOn(scans, 'drop')
    // Attaching ticks the material; taking the tick off takes its scans with it.
    store.attach('M01', sha('a'))
    store.attach('M01', sha('b'))
    store.attach('M02', sha('c'))
    store.toggle('M02', false)
    expect(store.received()).toEqual([{ material_code: 'M01', form: 'original', copies: 1, pages: 2, scans: [sha('a'), sha('b')] }])
    vi.mocked(ipc.supplyCorrection).mockResolvedValue({ case: summary({ state: 'corrected' }), action: 'submit_correction', documents: [] })
    await store.submit()
    expect(drop).toHaveBeenCalledWith([sha('a'), sha('b')])
  })

  it('names the control a refusal is about', async () => {
    const store = useSupplyStore()
    vi.mocked(ipc.reviewCase).mockRejectedValueOnce({ code: 'invalid_input', message: '办件编号格式不正确', field: 'case' })
    expect(await store.find('OW:??')).toBe(false)
    expect(showError).toHaveBeenCalledTimes(1)
    expect(store.errorField).toBe('supply-case-input')

    vi.mocked(ipc.reviewCase).mockResolvedValue(WAITING)
    await store.find(QR)
    vi.mocked(ipc.supplyCorrection).mockRejectedValueOnce({ code: 'invalid_input', message: '请勾选申请人带来的补正材料', field: 'materials' })
    expect(await store.submit()).toBeNull()
    expect(store.errorField).toBe('material-checklist')
    const seq = store.errorSeq
    vi.mocked(ipc.supplyCorrection).mockRejectedValueOnce({ code: 'invalid_input', message: '二维码的查询码与办件不符', field: 'case' })
    await store.submit()
    expect(store.errorField).toBe('supply-case-input')
    expect(store.errorSeq).toBe(seq + 1)
  })

  it('lists every material of the case with a copy and the pages received', () => {
    expect(supplyMaterials(WAITING).map((m) => [m.code, m.form, m.copies, m.pages])).toEqual([
      ['M01', 'original', 1, 2],
      ['M02', 'copy', 1, 1],
    ])
  })

  it('cannot supply a case that awaits no correction', async () => {
    const store = useSupplyStore()
    vi.mocked(ipc.reviewCase).mockResolvedValue(reviewView())
    await store.find(QR)
    store.toggle('M01', true)
    expect(store.canSupply).toBe(false)
    expect(await store.submit()).toBeNull()
    expect(ipc.supplyCorrection).not.toHaveBeenCalled()
  })

  describe('the tolerated materials (容缺补交)', () => {
    const TOLERATED = reviewView({
      detail: { ...reviewView().detail, summary: summary({ state: 'accepted_with_shortfall', shortfall_supplement_due: '2026-12-09' }) },
      actions: ['supply_shortfall'],
      shortfall: shortfallStatus(),
    })

    it('is the mode when the backend offers the supply and no correction waits', () => {
      expect(supplyMode(TOLERATED)).toBe('shortfall')
      expect(supplyMode(WAITING)).toBe('correction')
      expect(supplyMode(reviewView({ actions: ['supply_shortfall', 'submit_correction'], shortfall: shortfallStatus() }))).toBe('correction')
      expect(supplyMode(null)).toBe('correction')
    })

    it('lists only the materials still to come, with their dates, and supplies them as 容缺补交', async () => {
      const store = useSupplyStore()
      vi.mocked(ipc.reviewCase).mockResolvedValue(TOLERATED)
      await store.find(QR)
      expect(store.mode).toBe('shortfall')
      expect(store.canSupply).toBe(true)
      expect(store.materials.map((m) => [m.code, m.name])).toEqual([['M02', '营业执照']])
      expect(store.dueDates.get('M02')).toBe('2026-12-09')

      store.toggle('M02', true)
      store.note = ' 原件已核 '
      vi.mocked(ipc.supplyShortfall).mockResolvedValue({
        case: summary({ state: 'accepted_with_shortfall', shortfall_supplement_due: null }),
        action: 'supply_shortfall',
        documents: [],
      })
      const outcome = await store.submit()
      expect(ipc.supplyShortfall).toHaveBeenCalledWith({
        case: QR,
        materials: [{ material_code: 'M02', form: 'copy', copies: 1, pages: 1 }],
        note: '原件已核',
      })
      expect(ipc.supplyCorrection).not.toHaveBeenCalled()
      expect(outcome?.case.shortfall_supplement_due).toBeNull()
      expect(store.canSupply).toBe(false)
    })

    it('names the checklist when the backend refuses what was brought', async () => {
      const store = useSupplyStore()
      vi.mocked(ipc.reviewCase).mockResolvedValue(TOLERATED)
      await store.find(QR)
      store.toggle('M02', true)
      vi.mocked(ipc.supplyShortfall).mockRejectedValueOnce({ code: 'invalid_input', message: '营业执照须提交原件', field: 'materials' })
      expect(await store.submit()).toBeNull()
      expect(store.errorField).toBe('material-checklist')
    })
  })
})
