import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/api/ipc', () => ({
  noticePrefill: vi.fn(),
  saveDraft: vi.fn(),
  serviceItem: vi.fn(),
  getServiceItem: vi.fn(),
  checkShortfall: vi.fn(),
  applicantHistory: vi.fn(),
  listHalls: vi.fn(),
  drafts: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { useIntakeStore } from './intake'
import { useShortfallStore } from './shortfall'

describe('the return visit of a one-time notice', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('saves a draft from what the first visit took in and opens it', async () => {
    vi.mocked(ipc.noticePrefill).mockResolvedValue({
      case_number: '4407000002026112900003',
      service_item_code: '440703-PJQSCJGJ-001',
      service_item_name: '个体工商户设立登记',
      applicant_kind: 'person',
      applicant: { name: '何嘉仪', id_kind: 'residence_permit', id_number: '810000198001011236' },
      phone: '13812345678',
      received: ['M01'],
    })
    vi.mocked(ipc.saveDraft).mockResolvedValue(41)
    vi.mocked(ipc.getServiceItem).mockResolvedValue({
      code: '440703-PJQSCJGJ-001',
      name: '个体工商户设立登记',
      delivery: ['window'],
      materials: [],
    } as never)
    vi.mocked(ipc.checkShortfall).mockResolvedValue(null as never)
    vi.mocked(ipc.applicantHistory).mockResolvedValue({ name: '何嘉仪', cases: [], reusable: [] })
    vi.mocked(ipc.listHalls).mockResolvedValue([])
    const intake = useIntakeStore()
    expect(await intake.reopenNotice('4407000002026112900003')).toBe(true)
    const [id, title, payload] = vi.mocked(ipc.saveDraft).mock.calls[0]
    expect(id).toBeNull()
    expect(title).toBe('个体工商户设立登记 何嘉仪')
    const saved = JSON.parse(payload)
    expect(saved.service_item_code).toBe('440703-PJQSCJGJ-001')
    expect(saved.present).toEqual(['M01'])
    // The prefill knows only which materials came: they count as received as the catalog asks.
    expect(saved.version).toBe(2)
    expect(saved.details).toEqual({})
    expect(saved.form.applicant).toEqual({ name: '何嘉仪', id_kind: 'residence_permit', id_number: '810000198001011236' })
    expect(saved.form.phone).toBe('13812345678')
    // It says which notice it continues, and is in the drafts list at once.
    expect(saved.continues).toBe('4407000002026112900003')
    expect(intake.continues).toBe('4407000002026112900003')
    expect(intake.drafts.map((d) => d.id)).toEqual([41])
    // The draft is the one being edited now, with the first visit's applicant.
    expect(intake.draftId).toBe(41)
    expect(intake.form.applicant.id_number).toBe('810000198001011236')
    const shortfall = useShortfallStore()
    expect([...shortfall.present]).toEqual(['M01'])
    expect(shortfall.details).toEqual({})
  })
})
