import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { IntakeResult } from '@/api/bindings'

vi.mock('@/api/ipc', async (importOriginal) => (await import('@/test/ipcMocks')).intakeIpc(importOriginal))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { bundleDetail, serviceItem } from '@/test/catalogFixtures'
import { resetIntakeIpc, signInClerk } from '@/test/intakeFixtures'
import { useIntakeStore } from './intake'
import { useShortfallStore } from './shortfall'

const NOTICE = '4407000002026112900003'

const prefill = {
  case_number: NOTICE,
  service_item_code: '440703-PJQSCJGJ-001',
  service_item_name: '个体工商户设立登记',
  applicant_kind: 'person' as const,
  applicant: { name: '何嘉仪', id_kind: 'residence_permit' as const, id_number: '810000198001011236' },
  phone: '13812345678',
  received: ['M01'],
}

const item = serviceItem({
  code: '440703-PJQSCJGJ-001',
  name: '个体工商户设立登记',
  materials: [
    {
      code: 'M01',
      name: '申请书',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'core',
      applies_to: 'all',
      supplement_days: null,
      e_certificate: null,
      note: '',
    },
  ],
})

const answer: IntakeResult = {
  number: '4407000002026120300001',
  decision: {
    decision: 'accept',
    findings: [],
    refusal: null,
    due: '2026-12-17',
    shortfall_supplement_due: null,
    catalog_version: 1,
    calendar_warning: null,
  },
  documents: ['receipt'],
  handed_off: true,
  instant: false,
  material_transfer: false,
}

describe('the return visit of a one-time notice', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    signInClerk()
    resetIntakeIpc()
    vi.mocked(ipc.noticePrefill).mockResolvedValue(prefill)
    vi.mocked(ipc.saveDraft).mockResolvedValue(41)
    vi.mocked(ipc.getServiceItem).mockResolvedValue(item)
    vi.mocked(ipc.checkShortfall).mockResolvedValue(answer.decision)
    vi.mocked(ipc.checkBundle).mockResolvedValue({ bundle_code: 'JMYJS001', members: [] })
    vi.mocked(ipc.applicantHistory).mockResolvedValue({ name: '何嘉仪', cases: [], reusable: [] })
  })

  it('saves a draft from what the first visit took in and opens it', async () => {
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

  it('tells the backend which notice the intake continues, so that it records it', async () => {
    const intake = useIntakeStore()
    await intake.reopenNotice(NOTICE)
    vi.mocked(ipc.intake).mockResolvedValue(answer)
    expect(await intake.submit()).toBe(answer)
    expect(ipc.intake).toHaveBeenCalledTimes(1)
    expect(vi.mocked(ipc.intake).mock.calls[0]![0]).toMatchObject({
      service_item_code: '440703-PJQSCJGJ-001',
      continues: NOTICE,
      draft_id: 41,
      received: [{ material_code: 'M01', form: 'original', copies: 1, pages: 1 }],
    })
  })

  it('names no notice on a first visit', async () => {
    const intake = useIntakeStore()
    await intake.begin(item)
    vi.mocked(ipc.intake).mockResolvedValue(answer)
    await intake.submit()
    expect('continues' in vi.mocked(ipc.intake).mock.calls[0]![0]).toBe(false)
  })

  it('shows the refusal of a notice that cannot be continued, as any other', async () => {
    const intake = useIntakeStore()
    await intake.reopenNotice(NOTICE)
    const refusal = { code: 'invalid_input', message: `办件${NOTICE}不是一次性告知的办件，不能续办`, field: 'continues', suggested_id_kind: null }
    vi.mocked(ipc.intake).mockRejectedValue(refusal)
    expect(await intake.submit()).toBeNull()
    expect(showError).toHaveBeenCalledWith(refusal)
    expect(intake.result).toBeNull()
    // The form stays as it was, still continuing the notice, for the clerk to decide.
    expect(intake.continues).toBe(NOTICE)
  })

  it('never names a notice for a bundle, even after a return visit was open', async () => {
    const intake = useIntakeStore()
    await intake.reopenNotice(NOTICE)
    await intake.beginBundle(bundleDetail())
    expect(intake.continues).toBeNull()
    expect(intake.intakeRequest()).toBeNull()
    vi.mocked(ipc.intakeBundle).mockResolvedValue({ bundle_code: 'JMYJS001', bundle_name: '新生儿出生一件事', cases: [], lead: null, prints: [] })
    await intake.submit()
    expect('continues' in vi.mocked(ipc.intakeBundle).mock.calls[0]![0]).toBe(false)
  })
})
