// The intake flow on the item panel: the applicant's history, the draft autosave and restore, the
// submit and the result dialog that prints every document in order.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { IntakeResult, ServiceItemDetail, ShortfallDecisionView } from '@/api/bindings'

vi.mock('@/api/ipc', async (importOriginal) => (await import('@/test/ipcMocks')).intakeIpc(importOriginal))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))
vi.mock('@/api/events', () => ({ onScanIngested: vi.fn(() => () => {}) }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import {
  CatalogPanel,
  fillApplicant,
  input,
  mountOptions,
  pressCtrlEnter,
  printsSucceed,
  resetIntakeIpc,
  signInClerk,
  testRouter,
} from '@/test/intakeFixtures'
import { job } from '@/test/printFixtures'
import { useIntakeStore } from '@/stores/intake'
import ServiceItemPanel from './ServiceItemPanel.vue'

const department = { code: 'PJQSCJGJ', name: '江门市蓬江区市场监督管理局' }

const item: ServiceItemDetail = {
  code: '440703-PJQSCJGJ-001',
  name: '个体工商户设立登记',
  department,
  level: 'district',
  kind: '行政许可',
  statutory_days: 3,
  promised_days: 1,
  on_the_spot: false,
  fee: '不收费',
  delivery: ['window', 'post'],
  citywide: true,
  commitment_approval: true,
  guide: { conditions: '', basis: '', process: '', faq: '' },
  materials: [
    {
      code: 'M01',
      name: '个体工商户登记（备案）申请书',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'core',
      supplement_days: null,
      e_certificate: null,
      applies_to: 'all',
      note: '',
    },
    {
      code: 'M02',
      name: '居民身份证',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'core',
      supplement_days: null,
      e_certificate: '居民身份证',
      applies_to: 'all',
      note: '',
    },
    {
      code: 'M03',
      name: '经营场所使用证明',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'tolerable',
      supplement_days: 1,
      e_certificate: null,
      applies_to: 'all',
      note: '',
    },
  ],
}

function decision(outcome: ShortfallDecisionView['decision'] = 'accept'): ShortfallDecisionView {
  return {
    decision: outcome,
    findings: [],
    refusal: null,
    due: '2026-12-03',
    shortfall_supplement_due: outcome === 'accept_with_shortfall' ? '2026-12-02' : null,
    catalog_version: 1,
    calendar_warning: null,
  }
}

const ID = '11010519491231002X'

let wrapper: VueWrapper | null = null
let pinia: Pinia

async function mountWith(component: Parameters<typeof mount>[0], props: Record<string, unknown> = {}) {
  wrapper = mount(component, { ...mountOptions(pinia), props })
  await flushPromises()
  return wrapper
}

const mountPanel = () => mountWith(ServiceItemPanel, { item })

function checkboxes(w: VueWrapper) {
  return w.findAll('[data-testid="material-row"]').map((r) => r.get('input[type="checkbox"]'))
}

describe('intake form', () => {
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    signInClerk()
    resetIntakeIpc()
    vi.mocked(ipc.checkShortfall).mockResolvedValue(decision())
    vi.mocked(ipc.listHalls).mockResolvedValue([
      { code: '440700000', name: '江门市政务服务中心' },
      { code: '440703000', name: '江门市蓬江区政务服务中心' },
    ])
    vi.mocked(ipc.saveDraft).mockResolvedValue(5)
    vi.mocked(ipc.getServiceItem).mockResolvedValue(item)
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    vi.useRealTimers()
  })

  it("defaults the pickup hall to the clerk's own hall", async () => {
    const w = await mountPanel()
    expect(useIntakeStore().form.delivery).toMatchObject({ method: 'window', pickup_hall_code: '440700000' })
    expect(w.find('[data-testid="intake-delivery"] [data-testid="pickup-hall"]').exists()).toBe(true)
    await w.get('[data-testid="delivery-post"] input').setValue(true)
    for (const id of ['address-district', 'address-street', 'address-detail', 'address-receiver', 'address-phone']) {
      expect(w.find(`input[data-testid="${id}"]`).exists()).toBe(true)
    }
  })

  it("asks for the applicant's history only once the ID number looks complete, then reuses what they handed in", async () => {
    vi.useFakeTimers()
    vi.mocked(ipc.applicantHistory).mockResolvedValue({
      name: '𠮷祥云',
      cases: [
        { number: '440700000202600001' } as never,
        { number: '440700000202600002' } as never,
        { number: '440700000202600003' } as never,
        { number: '440700000202600004' } as never,
      ],
      reusable: [{ material_name: '居民身份证', form: 'original', case_number: '440700000202600004', valid_until: '2027-05-28' }],
    })
    const w = await mountPanel()
    await input(w, 'applicant-id-number').setValue('1101051949')
    await vi.advanceTimersByTimeAsync(2000)
    await input(w, 'applicant-id-number').setValue('11010519491231002')
    await vi.advanceTimersByTimeAsync(2000)
    expect(ipc.applicantHistory).not.toHaveBeenCalled()

    await input(w, 'applicant-id-number').setValue('11010519491231002x')
    await vi.advanceTimersByTimeAsync(299)
    expect(ipc.applicantHistory).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(ipc.applicantHistory).toHaveBeenCalledTimes(1)
    expect(ipc.applicantHistory).toHaveBeenCalledWith('resident_id', ID)
    await flushPromises()

    const reusable = w.get('[data-testid="applicant-reusable"]').text()
    expect(reusable).toContain('少带')
    expect(reusable).toContain('已有 居民身份证（原件，办件 440700000202600004，有效至 2027-05-28）')
    expect(w.get('[data-testid="applicant-cases"]').text()).toContain('4')
    expect(w.get('[data-testid="applicant-cases"]').text()).toContain('440700000202600004')
    expect(w.get('[data-testid="applicant-cases"]').text()).not.toContain('440700000202600001')
    // The name comes from the earlier cases when nothing was typed yet.
    expect(input(w, 'applicant-name').element.value).toBe('𠮷祥云')
    // The decision now knows who applies.
    await vi.advanceTimersByTimeAsync(200)
    expect(ipc.checkShortfall).toHaveBeenLastCalledWith(
      expect.objectContaining({ applicant: { name: '𠮷祥云', id_kind: 'resident_id', id_number: ID } }),
    )
    // Typing the name does not ask again.
    const calls = vi.mocked(ipc.applicantHistory).mock.calls.length
    await input(w, 'applicant-name').setValue('𠮷祥云先生')
    await vi.advanceTimersByTimeAsync(1000)
    expect(ipc.applicantHistory).toHaveBeenCalledTimes(calls)
  })

  it('saves a draft 1 s after the last change once something was typed, then keeps its id', async () => {
    vi.useFakeTimers()
    const w = await mountPanel()
    await vi.advanceTimersByTimeAsync(3000)
    expect(ipc.saveDraft).not.toHaveBeenCalled()

    await input(w, 'applicant-name').setValue('𠮷')
    await vi.advanceTimersByTimeAsync(500)
    await input(w, 'applicant-name').setValue('𠮷祥云')
    await vi.advanceTimersByTimeAsync(999)
    expect(ipc.saveDraft).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(ipc.saveDraft).toHaveBeenCalledTimes(1)
    const [id, title, payload] = vi.mocked(ipc.saveDraft).mock.calls[0]!
    expect(id).toBeNull()
    expect(title).toBe('个体工商户设立登记 𠮷祥云')
    const saved = JSON.parse(payload)
    expect(saved.service_item_code).toBe(item.code)
    expect(saved.form.applicant.name).toBe('𠮷祥云')
    await flushPromises()
    expect(useIntakeStore().draftId).toBe(5)

    await checkboxes(w)[0]!.setValue(true)
    await vi.advanceTimersByTimeAsync(1000)
    expect(ipc.saveDraft).toHaveBeenCalledTimes(2)
    expect(vi.mocked(ipc.saveDraft).mock.calls[1]![0]).toBe(5)
    expect(JSON.parse(vi.mocked(ipc.saveDraft).mock.calls[1]![2]).present).toEqual(['M01'])
  })

  it('reopens a draft: the item, the applicant, the ticks and the facts', async () => {
    const w = await mountWith(CatalogPanel)
    const payload = JSON.stringify({
      version: 1,
      service_item_code: item.code,
      service_item_name: item.name,
      facts: { applicant_kind: 'person', has_agent: true, commitment_signed: true, dishonest: false },
      present: ['M01', 'M02'],
      form: {
        applicant: { name: '阿依古丽·买买提', id_kind: 'resident_id', id_number: '440524188001010014' },
        phone: '13912345678',
        agent: { name: '何嘉仪', id_kind: 'residence_permit', id_number: '810000198001011236' },
        delivery: {
          method: 'window',
          pickup_hall_code: '440703000',
          address: { city: '江门市', district: '', street: '', detail: '', receiver: '', phone: '' },
        },
      },
    })
    const intake = useIntakeStore()
    await intake.openDraft({ id: 8, title: '个体工商户设立登记 阿依古丽·买买提', payload, updated_at: '2026-11-28T01:00:00Z' })
    await flushPromises()
    expect(ipc.getServiceItem).toHaveBeenCalledWith(item.code)
    expect(intake.draftId).toBe(8)
    expect(input(w, 'applicant-name').element.value).toBe('阿依古丽·买买提')
    expect(input(w, 'applicant-id-number').element.value).toBe('440524188001010014')
    expect(input(w, 'applicant-phone').element.value).toBe('13912345678')
    expect(input(w, 'agent-name').element.value).toBe('何嘉仪')
    expect(input(w, 'agent-id-number').element.value).toBe('810000198001011236')
    expect(checkboxes(w).map((c) => (c.element as HTMLInputElement).checked)).toEqual([true, true, false])
    expect(intake.form.delivery.pickup_hall_code).toBe('440703000')
    expect(ipc.checkShortfall).toHaveBeenCalledWith(
      expect.objectContaining({ present_codes: ['M01', 'M02'], has_agent: true, commitment_signed: true }),
    )

    // Submitting passes the draft id on, so the backend removes it.
    vi.mocked(ipc.intake).mockReturnValue(new Promise(() => {}))
    await w.get('[data-testid="intake-submit"]').trigger('click')
    await flushPromises()
    expect(vi.mocked(ipc.intake).mock.calls[0]![0].draft_id).toBe(8)
  })

  it('saves how materials were received in the draft and brings it back with the draft', async () => {
    vi.useFakeTimers()
    const w = await mountPanel()
    await input(w, 'applicant-name').setValue('𠮷祥云')
    await checkboxes(w)[0]!.setValue(true)
    const pages = w.findAll('[data-testid="material-row"]')[0]!.get<HTMLInputElement>('[data-testid="material-pages"] input')
    await pages.setValue('6')
    await pages.trigger('change')
    await vi.advanceTimersByTimeAsync(1000)
    expect(ipc.saveDraft).toHaveBeenCalledTimes(1)
    const saved = JSON.parse(vi.mocked(ipc.saveDraft).mock.calls[0]![2])
    expect(saved.version).toBe(2)
    expect(saved.present).toEqual(['M01'])
    expect(saved.details).toEqual({ M01: { form: 'original', copies: 1, pages: 6 } })
    // Changing only the details is worth a save too.
    await flushPromises()
    const copies = w.findAll('[data-testid="material-row"]')[0]!.get<HTMLInputElement>('[data-testid="material-copies"] input')
    await copies.setValue('2')
    await vi.advanceTimersByTimeAsync(1000)
    expect(ipc.saveDraft).toHaveBeenCalledTimes(2)
    expect(JSON.parse(vi.mocked(ipc.saveDraft).mock.calls[1]![2]).details).toEqual({ M01: { form: 'original', copies: 2, pages: 6 } })
    vi.useRealTimers()
    w.unmount()
    wrapper = null

    const host = await mountWith(CatalogPanel)
    const payload = JSON.stringify({ ...saved, present: ['M01', 'M03'], details: { M01: { form: 'copy', copies: 2, pages: 6 } } })
    await useIntakeStore().openDraft({ id: 5, title: '个体工商户设立登记 𠮷祥云', payload, updated_at: '2026-11-28T01:00:00Z' })
    await flushPromises()
    const rows = host.findAll('[data-testid="material-row"]')
    expect(rows[0]!.get('[data-testid="material-form"]').text()).toContain('复印件')
    expect(rows[0]!.get('[data-testid="material-form-hint"]').text()).toBe('须原件')
    expect(rows[0]!.get<HTMLInputElement>('[data-testid="material-copies"] input').element.value).toBe('2')
    expect(rows[0]!.get<HTMLInputElement>('[data-testid="material-pages"] input').element.value).toBe('6')
    // A tick the draft has no details for shows the catalog's.
    expect(rows[2]!.get('[data-testid="material-form"]').text()).toContain('原件')
    expect(rows[2]!.get<HTMLInputElement>('[data-testid="material-pages"] input').element.value).toBe('1')

    vi.mocked(ipc.intake).mockReturnValue(new Promise(() => {}))
    await host.get('[data-testid="intake-submit"]').trigger('click')
    await flushPromises()
    expect(vi.mocked(ipc.intake).mock.calls[0]![0].received).toEqual([
      { material_code: 'M01', form: 'copy', copies: 2, pages: 6 },
      { material_code: 'M03', form: 'original', copies: 1, pages: 1 },
    ])
  })

  it('labels the submit button after the decision', async () => {
    for (const [outcome, label] of [
      ['accept', '受理'],
      ['accept_with_shortfall', '容缺受理'],
      ['one_time_notice', '出具一次性告知书'],
      ['refuse', '不予受理'],
    ] as const) {
      vi.mocked(ipc.checkShortfall).mockResolvedValue(decision(outcome))
      const w = await mountPanel()
      const button = w.get('[data-testid="intake-submit"]')
      expect(button.text()).toBe(label)
      expect(button.attributes('data-outcome')).toBe(outcome)
      w.unmount()
      wrapper = null
    }
  })

  it('submits with Ctrl+Enter, shows the result and prints every document in order', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(decision('accept_with_shortfall'))
    const result: IntakeResult = {
      number: '440700000202600007',
      decision: decision('accept_with_shortfall'),
      documents: ['receipt', 'shortfall-notice', 'commitment'],
      handed_off: true,
      instant: false,
      material_transfer: true,
    }
    vi.mocked(ipc.intake).mockResolvedValue(result)
    printsSucceed()
    const w = await mountPanel()
    await fillApplicant(w, ID, '𠮷祥云', '13812345678')
    await checkboxes(w)[0]!.setValue(true)
    await checkboxes(w)[1]!.setValue(true)
    await w.get('[data-testid="applicant-commitment"] input').setValue(true)

    pressCtrlEnter()
    await flushPromises()
    await flushPromises()
    expect(ipc.intake).toHaveBeenCalledTimes(1)
    const request = vi.mocked(ipc.intake).mock.calls[0]![0]
    expect(request).toMatchObject({
      service_item_code: item.code,
      applicant: { name: '𠮷祥云', id_kind: 'resident_id', id_number: ID },
      phone: '13812345678',
      commitment_signed: true,
      received: [
        { material_code: 'M01', form: 'original', copies: 1, pages: 1 },
        { material_code: 'M02', form: 'original', copies: 1, pages: 1 },
      ],
      delivery: { method: 'window', pickup_hall_code: '440700000', address: null },
    })

    const dialog = document.body.querySelector<HTMLElement>('[data-testid="intake-result"]')!
    expect(dialog).not.toBeNull()
    expect(dialog.querySelector('[data-testid="intake-number"]')!.textContent).toBe('440700000202600007')
    expect(dialog.querySelector('[data-testid="intake-outcome"]')!.getAttribute('data-outcome')).toBe('accept_with_shortfall')
    expect(dialog.querySelector('[data-testid="intake-supplement-due"]')!.textContent).toContain('2026-12-02')
    expect(dialog.querySelector('[data-testid="intake-handed-off"]')!.textContent).toBe('已移交 江门市蓬江区市场监督管理局')
    expect(dialog.querySelector('[data-testid="intake-transfer"]')!.textContent).toBe('已生成材料转递任务')

    expect(vi.mocked(ipc.printDocument).mock.calls.map((c) => c[0])).toEqual([
      { document: 'receipt', case_number: '440700000202600007', profile: null, lang: 'zh-cn', queue: null, demo: false },
      { document: 'shortfall-notice', case_number: '440700000202600007', profile: null, lang: null, queue: null, demo: false },
      { document: 'commitment', case_number: '440700000202600007', profile: null, lang: null, queue: null, demo: false },
    ])
    await new Promise((r) => setTimeout(r, 20))
    const rows = [...document.body.querySelectorAll<HTMLElement>('[data-testid="intake-print-job"]')]
    expect(rows).toHaveLength(3)
    expect(rows.map((r) => r.dataset.state)).toEqual(['done', 'done', 'done'])
    expect(rows[0]!.textContent).toContain('受理回执')
    expect(rows[2]!.textContent).toContain('容缺受理承诺书')

    // Enter = 下一位: an empty form for the next applicant.
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await flushPromises()
    expect(w.emitted('next')?.length).toBeGreaterThanOrEqual(1)
    expect(useIntakeStore().result).toBeNull()
    expect(input(w, 'applicant-id-number').element.value).toBe('')
    expect(checkboxes(w).map((c) => (c.element as HTMLInputElement).checked)).toEqual([false, false, false])
  })

  it('a return visit names the notice it continues, keeps it in its draft, and its draft leaves the list once taken in', async () => {
    const notice = '4407030002026112900003'
    vi.mocked(ipc.noticePrefill).mockResolvedValue({
      case_number: notice,
      service_item_code: item.code,
      service_item_name: item.name,
      applicant_kind: 'person',
      applicant: { name: '何嘉仪', id_kind: 'resident_id', id_number: ID },
      phone: '13612345678',
      received: ['M01'],
    })
    vi.mocked(ipc.saveDraft).mockResolvedValue(41)
    const w = await mountWith(CatalogPanel)
    const intake = useIntakeStore()
    expect(await intake.reopenNotice(notice)).toBe(true)
    await flushPromises()
    const banner = w.get('[data-testid="intake-continues"]')
    expect(banner.text()).toContain('再次受理，续办一次性告知')
    expect(banner.findAll('.ow-case-number-part').map((p) => p.text())).toEqual(['440703000', '20261129', '00003'])
    // In the drafts list at once, and kept in the draft as it is saved again.
    expect(intake.drafts.map((d) => d.id)).toEqual([41])
    await input(w, 'applicant-phone').setValue('13612345679')
    await intake.saveNow()
    expect(JSON.parse(vi.mocked(ipc.saveDraft).mock.calls.at(-1)![2]).continues).toBe(notice)

    vi.mocked(ipc.intake).mockResolvedValue({
      number: '4407030002026120200001',
      decision: decision('accept'),
      documents: [],
      handed_off: true,
      instant: false,
      material_transfer: false,
    })
    await w.get('[data-testid="intake-submit"]').trigger('click')
    await flushPromises()
    expect(vi.mocked(ipc.intake).mock.calls[0]![0].draft_id).toBe(41)
    expect(intake.drafts).toEqual([])
    const result = document.body.querySelector('[data-testid="intake-result-continues"]')!
    expect(result.textContent).toContain('续办一次性告知')
    // A list asked for before and answered after does not bring it back.
    vi.mocked(ipc.drafts).mockResolvedValue([{ id: 41, title: '', payload: '{}', updated_at: '' }])
    await intake.loadDrafts()
    expect(intake.drafts).toEqual([])
    // The next applicant's intake continues nothing.
    await intake.next()
    await flushPromises()
    expect(w.find('[data-testid="intake-continues"]').exists()).toBe(false)
  })

  it('shows a rejection and focuses the field it names', async () => {
    vi.mocked(ipc.intake).mockRejectedValue({
      code: 'invalid_input',
      message: '手机号码应为11位数字，实际为4位',
      field: 'phone',
      suggested_id_kind: null,
    })
    const w = await mountPanel()
    await input(w, 'applicant-id-number').setValue(ID)
    await input(w, 'applicant-phone').setValue('1234')
    await w.get('[data-testid="intake-submit"]').trigger('click')
    await flushPromises()
    expect(showError).toHaveBeenCalledWith({
      code: 'invalid_input',
      message: '手机号码应为11位数字，实际为4位',
      field: 'phone',
      suggested_id_kind: null,
    })
    expect(document.activeElement).toBe(input(w, 'applicant-phone').element)
    expect(document.body.querySelector('[data-testid="intake-result"]')).toBeNull()
  })

  it('says an instant approval (智能审批) was decided at once and hands the result out now, once the documents are sent', async () => {
    const number = '4407000002026120200009'
    vi.mocked(ipc.intake).mockResolvedValue({
      number,
      decision: decision('accept'),
      documents: ['receipt', 'approval-decision'],
      handed_off: false,
      instant: true,
      material_transfer: false,
    })
    let sendDecision: () => void = () => {}
    let id = 0
    vi.mocked(ipc.printDocument).mockImplementation(async (req) => {
      if (req.document === 'approval-decision') await new Promise<void>((r) => (sendDecision = r))
      return job({ id: ++id, case_number: req.case_number, document: req.document, state: 'done' })
    })
    const router = testRouter()
    await router.push('/')
    wrapper = mount(ServiceItemPanel, { ...mountOptions(pinia, router), props: { item } })
    await flushPromises()
    await fillApplicant(wrapper, ID, '𠮷祥云', '13812345678')
    await wrapper.get('[data-testid="intake-submit"]').trigger('click')
    await flushPromises()

    const dialog = document.body.querySelector<HTMLElement>('[data-testid="intake-result"]')!
    expect(dialog.querySelector('[data-testid="intake-instant"]')!.textContent).toBe('智能审批：即时办结')
    expect(dialog.querySelector('[data-testid="intake-handed-off"]')).toBeNull()
    // Leaving now would stop the run before the decision is printed.
    const issueNow = () => document.body.querySelector<HTMLButtonElement>('[data-testid="intake-issue-now"]')!
    expect(issueNow().disabled).toBe(true)
    sendDecision()
    await flushPromises()
    expect(issueNow().disabled).toBe(false)
    issueNow().click()
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('issuance')
    expect(router.currentRoute.value.query).toEqual({ case: number })
  })

  it('says nothing of an instant approval for a case handed off to its department', async () => {
    vi.mocked(ipc.intake).mockResolvedValue({
      number: '4407000002026120200010',
      decision: decision('accept'),
      documents: [],
      handed_off: true,
      instant: false,
      material_transfer: false,
    })
    const w = await mountPanel()
    await fillApplicant(w, ID, '𠮷祥云', '13812345678')
    await w.get('[data-testid="intake-submit"]').trigger('click')
    await flushPromises()
    expect(document.body.querySelector('[data-testid="intake-result"]')).not.toBeNull()
    expect(document.body.querySelector('[data-testid="intake-instant"]')).toBeNull()
    expect(document.body.querySelector('[data-testid="intake-issue-now"]')).toBeNull()
  })

  it('focuses the applicant ID number when asked', async () => {
    const w = await mountPanel()
    ;(w.vm as unknown as { focusApplicant: () => void }).focusApplicant()
    await flushPromises()
    expect(document.activeElement).toBe(input(w, 'applicant-id-number').element)
  })
})
