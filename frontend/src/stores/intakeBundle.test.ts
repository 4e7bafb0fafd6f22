// The intake store on a 一件事 bundle: the draft says it is a bundle's and comes back with its form and
// ticks, and the submit sends the materials by merged-list name.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { BundleIntakeResult, DraftView } from '@/api/bindings'

vi.mock('@/api/ipc', async (importOriginal) => (await import('@/test/ipcMocks')).intakeIpc(importOriginal))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { bundleDetail, serviceItem } from '@/test/catalogFixtures'
import { resetIntakeIpc, signInClerk } from '@/test/intakeFixtures'
import { DRAFT_DEBOUNCE_MS, useIntakeStore } from './intake'
import { useShortfallStore } from './shortfall'
import { useCatalogStore } from './catalog'

const department = { code: 'JMGA', name: '江门市公安局' }

const bundle = bundleDetail({
  items: [
    { code: 'A', name: '出生医学证明签发', department, kind: '公共服务', promised_days: 1, on_the_spot: false, citywide: false },
    { code: 'B', name: '出生登记', department, kind: '行政确认', promised_days: 5, on_the_spot: false, citywide: false },
  ],
  materials: [
    { name: '居民身份证', form: 'original', copies: 1, pages: 1, policy: 'core', applies_to: 'all', service_item_codes: ['A', 'B'] },
    { name: '出生医学证明', form: 'original', copies: 1, pages: 2, policy: 'core', applies_to: 'all', service_item_codes: ['B'] },
    { name: '结婚证', form: 'copy', copies: 1, pages: 1, policy: 'tolerable', applies_to: 'all', service_item_codes: ['A'] },
  ],
  delivery: ['window', 'post'],
})

const ID = '11010519491231002X'

describe('the intake store on a bundle', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    signInClerk()
    resetIntakeIpc()
    vi.mocked(ipc.saveDraft).mockResolvedValue(21)
    vi.mocked(ipc.getBundle).mockResolvedValue(bundle)
    vi.mocked(ipc.checkBundle).mockResolvedValue({ bundle_code: bundle.code, members: [] })
  })

  afterEach(() => vi.useRealTimers())

  it("starts the bundle's live decisions, with the delivery its members offer", async () => {
    const intake = useIntakeStore()
    await intake.beginBundle(bundle)
    expect(intake.bundle).toBe(bundle)
    expect(intake.item).toBeNull()
    expect(intake.form.delivery).toMatchObject({ method: 'window', pickup_hall_code: '440700000' })
    expect(ipc.checkBundle).toHaveBeenCalledTimes(1)
    expect(ipc.checkShortfall).not.toHaveBeenCalled()
    expect(useShortfallStore().bundleCode).toBe('JMYJS001')
  })

  it('autosaves a bundle draft that says so, titled with the bundle and the applicant', async () => {
    vi.useFakeTimers()
    const intake = useIntakeStore()
    const shortfall = useShortfallStore()
    await intake.beginBundle(bundle)
    intake.form.applicant.name = '𠮷祥云'
    shortfall.toggle('出生医学证明', true)
    shortfall.setDetails('出生医学证明', { form: 'copy', copies: 1, pages: 3 })
    await vi.advanceTimersByTimeAsync(DRAFT_DEBOUNCE_MS - 1)
    expect(ipc.saveDraft).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(ipc.saveDraft).toHaveBeenCalledTimes(1)
    const [id, title, text] = vi.mocked(ipc.saveDraft).mock.calls[0]!
    expect(id).toBeNull()
    expect(title).toBe('新生儿出生一件事 𠮷祥云')
    const saved = JSON.parse(text)
    expect(saved).toMatchObject({
      version: 2,
      kind: 'bundle',
      bundle_code: 'JMYJS001',
      bundle_name: '新生儿出生一件事',
      present: ['出生医学证明'],
      details: { 出生医学证明: { form: 'copy', copies: 1, pages: 3 } },
    })
    expect(saved.service_item_code).toBeUndefined()
    expect(saved.form.applicant.name).toBe('𠮷祥云')
    expect(intake.draftId).toBe(21)
    expect(intake.drafts.map((d) => d.id)).toEqual([21])
  })

  it('reopens a bundle draft: the bundle, the form, the ticks, the details and the facts', async () => {
    const intake = useIntakeStore()
    const payload = JSON.stringify({
      version: 2,
      kind: 'bundle',
      bundle_code: 'JMYJS001',
      bundle_name: '新生儿出生一件事',
      facts: { applicant_kind: 'person', has_agent: true, commitment_signed: true, dishonest: false },
      present: ['居民身份证', '结婚证'],
      details: { 结婚证: { form: 'original', copies: 1, pages: 2 } },
      form: {
        applicant: { name: '阿依古丽·买买提', id_kind: 'resident_id', id_number: '440524188001010014' },
        phone: '13912345678',
        agent: { name: '何嘉仪', id_kind: 'residence_permit', id_number: '810000198001011236' },
        delivery: {
          method: 'post',
          pickup_hall_code: null,
          address: { city: '江门市', district: '蓬江区', street: '', detail: '', receiver: '', phone: '' },
        },
      },
    })
    const draft: DraftView = { id: 8, title: '新生儿出生一件事 阿依古丽·买买提', payload, updated_at: '2026-11-28T01:00:00Z' }
    expect(await intake.openDraft(draft)).toBe(true)
    expect(ipc.getBundle).toHaveBeenCalledWith('JMYJS001')
    expect(useCatalogStore().bundle?.code).toBe('JMYJS001')
    expect(intake.bundle?.code).toBe('JMYJS001')
    expect(intake.draftId).toBe(8)
    expect(intake.form.applicant.name).toBe('阿依古丽·买买提')
    expect(intake.form.agent.name).toBe('何嘉仪')
    expect(intake.form.delivery.method).toBe('post')
    expect(intake.form.delivery.address.district).toBe('蓬江区')
    const shortfall = useShortfallStore()
    expect([...shortfall.present]).toEqual(['居民身份证', '结婚证'])
    expect(shortfall.details).toEqual({ 结婚证: { form: 'original', copies: 1, pages: 2 } })
    expect(ipc.checkBundle).toHaveBeenLastCalledWith(
      expect.objectContaining({ bundle_code: 'JMYJS001', present_names: ['居民身份证', '结婚证'], has_agent: true, commitment_signed: true }),
    )

    // Submitting sends the materials by name and the draft id, and forgets the draft.
    intake.drafts = [draft]
    const answer: BundleIntakeResult = { bundle_code: 'JMYJS001', bundle_name: '新生儿出生一件事', cases: [], lead: null, prints: [] }
    vi.mocked(ipc.intakeBundle).mockResolvedValue(answer)
    expect(await intake.submit()).toBe(answer)
    expect(ipc.intake).not.toHaveBeenCalled()
    const request = vi.mocked(ipc.intakeBundle).mock.calls[0]![0]
    expect(request).toMatchObject({
      bundle_code: 'JMYJS001',
      draft_id: 8,
      agent: { name: '何嘉仪', id_kind: 'residence_permit', id_number: '810000198001011236' },
      commitment_signed: true,
      received: [
        { name: '居民身份证', form: 'original', copies: 1, pages: 1 },
        { name: '结婚证', form: 'original', copies: 1, pages: 2 },
      ],
    })
    expect(intake.bundleResult).toEqual(answer)
    expect(intake.result).toBeNull()
    expect(intake.done).toBe(true)
    expect(intake.draftId).toBeNull()
    expect(intake.drafts).toEqual([])
    // Nothing more is saved for this applicant.
    await intake.saveNow()
    expect(ipc.saveDraft).not.toHaveBeenCalled()

    // 下一位: the same bundle, an empty form.
    await intake.next()
    expect(intake.bundleResult).toBeNull()
    expect(intake.bundle?.code).toBe('JMYJS001')
    expect(intake.form.applicant.name).toBe('')
    expect(shortfall.present.size).toBe(0)
  })

  it('points a rejected submit at the field it names', async () => {
    const intake = useIntakeStore()
    await intake.beginBundle(bundle)
    intake.form.applicant.id_number = ID
    intake.form.phone = '1234'
    vi.mocked(ipc.intakeBundle).mockRejectedValue({
      code: 'invalid_input',
      message: '手机号码应为11位数字，实际为4位',
      field: 'phone',
      suggested_id_kind: null,
    })
    expect(await intake.submit()).toBeNull()
    expect(showError).toHaveBeenCalledWith({
      code: 'invalid_input',
      message: '手机号码应为11位数字，实际为4位',
      field: 'phone',
      suggested_id_kind: null,
    })
    expect(intake.errorField).toBe('applicant-phone')
    expect(intake.bundleResult).toBeNull()
  })

  it('still opens an item draft after a bundle was open', async () => {
    const intake = useIntakeStore()
    await intake.beginBundle(bundle)
    vi.mocked(ipc.getServiceItem).mockResolvedValue({ code: 'ITEM', name: '出生登记', delivery: ['window'], materials: [] } as never)
    vi.mocked(ipc.checkShortfall).mockResolvedValue(null as never)
    const payload = JSON.stringify({
      version: 1,
      service_item_code: 'ITEM',
      service_item_name: '出生登记',
      facts: {},
      present: ['M01'],
      form: { applicant: { name: '𠮷' } },
    })
    expect(await intake.openDraft({ id: 3, title: '出生登记 𠮷', payload, updated_at: '' })).toBe(true)
    expect(intake.item?.code).toBe('ITEM')
    expect(intake.bundle).toBeNull()
    expect(intake.form.applicant.name).toBe('𠮷')
    expect(useShortfallStore().itemCode).toBe('ITEM')
    expect([...useShortfallStore().present]).toEqual(['M01'])
  })

  describe('opening a member item alone', () => {
    const SCAN = 'c'.repeat(64)
    /** 出生登记 of the bundle: the ID card as a copy, the birth certificate; at the window only. */
    const member = serviceItem({
      code: 'B',
      name: '出生登记',
      delivery: ['window'],
      materials: [
        {
          code: 'B01',
          name: '居民身份证',
          form: 'copy',
          copies: 1,
          pages: 1,
          policy: 'core',
          supplement_days: null,
          e_certificate: null,
          applies_to: 'all',
          note: '',
        },
        {
          code: 'B02',
          name: '出生医学证明',
          form: 'original',
          copies: 1,
          pages: 2,
          policy: 'core',
          supplement_days: null,
          e_certificate: null,
          applies_to: 'all',
          note: '',
        },
      ],
    })

    beforeEach(() => {
      vi.mocked(ipc.getServiceItem).mockResolvedValue(member)
      vi.mocked(ipc.checkShortfall).mockResolvedValue({
        decision: 'accept',
        findings: [],
        refusal: null,
        due: '2026-12-10',
        shortfall_supplement_due: null,
        catalog_version: 4,
        calendar_warning: null,
      })
    })

    it("takes the applicant, the facts, the delivery and the materials by name along; the bundle's draft is saved, the item's is new", async () => {
      vi.useFakeTimers()
      const intake = useIntakeStore()
      const shortfall = useShortfallStore()
      await intake.beginBundle(bundle)
      intake.form.applicant = { name: '𠮷祥云', id_kind: 'resident_id', id_number: ID }
      intake.form.phone = '13812345678'
      intake.form.agent = { name: '何嘉仪', id_kind: 'residence_permit', id_number: '810000198001011236' }
      intake.form.delivery.method = 'post'
      intake.form.delivery.address.detail = '今古洲路88号'
      shortfall.setFact('has_agent', true)
      shortfall.setFact('commitment_signed', true)
      shortfall.toggle('居民身份证', true)
      shortfall.toggle('结婚证', true)
      shortfall.setDetails('居民身份证', { form: 'original', copies: 2, pages: 1 })
      shortfall.attach('居民身份证', SCAN)
      // A save is due, not made yet.
      await vi.advanceTimersByTimeAsync(DRAFT_DEBOUNCE_MS / 2)
      expect(ipc.saveDraft).not.toHaveBeenCalled()

      expect(await intake.openMember('B')).toBe(true)
      // The bundle's form is kept as its draft, as it was.
      expect(ipc.saveDraft).toHaveBeenCalledTimes(1)
      const [bundleDraftId, bundleTitle, bundleText] = vi.mocked(ipc.saveDraft).mock.calls[0]!
      expect(bundleDraftId).toBeNull()
      expect(bundleTitle).toBe('新生儿出生一件事 𠮷祥云')
      expect(JSON.parse(bundleText)).toMatchObject({ kind: 'bundle', present: ['居民身份证', '结婚证'], scans: { 居民身份证: [SCAN] } })

      expect(ipc.getServiceItem).toHaveBeenCalledWith('B')
      expect(intake.item?.code).toBe('B')
      expect(intake.bundle).toBeNull()
      expect(intake.draftId).toBeNull()
      expect(intake.form.applicant).toEqual({ name: '𠮷祥云', id_kind: 'resident_id', id_number: ID })
      expect(intake.form.phone).toBe('13812345678')
      expect(intake.form.agent).toEqual({ name: '何嘉仪', id_kind: 'residence_permit', id_number: '810000198001011236' })
      // Posted in the bundle; the item delivers at the window only: its default, the address kept.
      expect(intake.form.delivery).toMatchObject({ method: 'window', pickup_hall_code: '440700000', address: { detail: '今古洲路88号' } })
      expect(shortfall.itemCode).toBe('B')
      expect(shortfall.facts).toEqual({ applicant_kind: 'person', has_agent: true, commitment_signed: true, dishonest: false })
      // 结婚证 is not the item's: it stays with the bundle.
      expect([...shortfall.present]).toEqual(['B01'])
      expect(shortfall.details).toEqual({ B01: { form: 'original', copies: 2, pages: 1 } })
      expect(shortfall.attached).toEqual({ B01: [SCAN] })
      expect(ipc.checkShortfall).toHaveBeenLastCalledWith(
        expect.objectContaining({
          service_item_code: 'B',
          present_codes: ['B01'],
          has_agent: true,
          commitment_signed: true,
          forms: { B01: 'original' },
        }),
      )

      // The item's form is saved as a draft of its own.
      await vi.advanceTimersByTimeAsync(DRAFT_DEBOUNCE_MS)
      expect(ipc.saveDraft).toHaveBeenCalledTimes(2)
      const [itemDraftId, itemTitle, itemText] = vi.mocked(ipc.saveDraft).mock.calls[1]!
      expect(itemDraftId).toBeNull()
      expect(itemTitle).toBe('出生登记 𠮷祥云')
      expect(JSON.parse(itemText)).toMatchObject({ service_item_code: 'B', present: ['B01'], scans: { B01: [SCAN] }, facts: { has_agent: true } })
    })

    it('saves no bundle draft when none was due, and takes nothing along to an item that did not open', async () => {
      vi.useFakeTimers()
      const intake = useIntakeStore()
      await intake.beginBundle(bundle)
      intake.form.applicant.name = '𠮷祥云'
      // Autosaved already: nothing more is due.
      await vi.advanceTimersByTimeAsync(DRAFT_DEBOUNCE_MS)
      expect(ipc.saveDraft).toHaveBeenCalledTimes(1)
      vi.mocked(ipc.getServiceItem).mockRejectedValueOnce({ code: 'not_found', message: '未找到事项' })
      expect(await intake.openMember('B')).toBe(false)
      expect(showError).toHaveBeenCalled()
      expect(intake.bundle?.code).toBe('JMYJS001')
      expect(intake.form.applicant.name).toBe('𠮷祥云')
      // Opened later from the search, the item starts empty.
      await intake.begin(member)
      expect(intake.form.applicant.name).toBe('')
      expect(useShortfallStore().present.size).toBe(0)
      expect(ipc.saveDraft).toHaveBeenCalledTimes(1)
    })
  })
})
