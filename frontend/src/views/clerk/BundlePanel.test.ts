// The 一件事 bundle intake on the bundle panel: the live decision of every member, the merged checklist
// with its editors and findings, the submit labelled by what will happen, the result dialog that
// prints every task in order, and the draft that brings the form back.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Router } from 'vue-router'
import type { BundleCheckRequest, BundleDecisionView, BundleIntakeResult, FindingView, ShortfallDecisionView } from '@/api/bindings'
import { job } from '@/test/printFixtures'

vi.mock('@/api/ipc', async (importOriginal) => (await import('@/test/ipcMocks')).intakeIpc(importOriginal))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))
vi.mock('@/api/events', () => ({ onScanIngested: vi.fn(() => () => {}) }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { bundleDetail } from '@/test/catalogFixtures'
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
import { useIntakeStore } from '@/stores/intake'
import { CHECK_DEBOUNCE_MS } from '@/stores/shortfall'
import BundlePanel from './BundlePanel.vue'

const health = { code: 'JMWJ', name: '江门市卫生健康局' }
const police = { code: 'JMGA', name: '江门市公安局' }
const insurance = { code: 'JMYB', name: '江门市医疗保障局' }

const bundle = bundleDetail({
  description: '出生医学证明、户口登记、医保参保一次办',
  items: [
    { code: 'A', name: '出生医学证明签发', department: health, kind: '公共服务', promised_days: 1, on_the_spot: false, citywide: false },
    { code: 'B', name: '出生登记', department: police, kind: '行政确认', promised_days: 5, on_the_spot: false, citywide: false },
    { code: 'C', name: '城乡居民医保参保登记', department: insurance, kind: '公共服务', promised_days: 3, on_the_spot: false, citywide: true },
  ],
  materials: [
    { name: '居民身份证', form: 'original', copies: 1, pages: 1, policy: 'core', applies_to: 'all', service_item_codes: ['A', 'B', 'C'] },
    { name: '出生医学证明', form: 'original', copies: 1, pages: 2, policy: 'core', applies_to: 'all', service_item_codes: ['B'] },
    { name: '结婚证', form: 'copy', copies: 1, pages: 1, policy: 'tolerable', applies_to: 'all', service_item_codes: ['A', 'C'] },
  ],
  delivery: ['window', 'post'],
})

/** What each member asks for, and how. */
const ASKS: Record<string, [string, 'core' | 'tolerable' | 'optional'][]> = {
  A: [
    ['居民身份证', 'core'],
    ['结婚证', 'tolerable'],
  ],
  B: [
    ['居民身份证', 'core'],
    ['出生医学证明', 'core'],
  ],
  C: [
    ['居民身份证', 'core'],
    ['结婚证', 'optional'],
  ],
}

/** A stand-in for the rule engine: a member refuses organisations (C), lacks core materials, or tolerates. */
function decide(req: BundleCheckRequest): BundleDecisionView {
  return {
    bundle_code: req.bundle_code,
    members: bundle.items.map((item) => {
      const findings: FindingView[] = ASKS[item.code]!.map(([name, policy]) => {
        const f = (finding: FindingView['finding'], message: string, until: string | null = null): FindingView => ({
          material_code: `${item.code}-${name}`,
          material_name: name,
          finding,
          rule: finding,
          message,
          until,
          source: null,
        })
        if (req.present_names.includes(name)) return f('present', '已收取')
        if (policy === 'optional') return f('optional_missing', '非必要材料，未提交')
        if (policy === 'tolerable' && req.commitment_signed) return f('missing_tolerated', '容缺受理，须于2026-12-05前补齐', '2026-12-05')
        return f('missing_blocking', '核心材料，缺少不予受理')
      })
      const refuse = item.code === 'C' && req.applicant_kind === 'organisation'
      const blocking = findings.some((x) => x.finding === 'missing_blocking')
      const tolerated = findings.some((x) => x.finding === 'missing_tolerated')
      const decision: ShortfallDecisionView = {
        decision: refuse ? 'refuse' : blocking ? 'one_time_notice' : tolerated ? 'accept_with_shortfall' : 'accept',
        findings,
        refusal: refuse ? '城乡居民医保参保登记仅受理自然人申请' : null,
        due: '2026-12-10',
        shortfall_supplement_due: tolerated ? '2026-12-05' : null,
        catalog_version: 4,
        calendar_warning: null,
      }
      return { service_item_code: item.code, service_item_name: item.name, department: item.department, decision }
    }),
  }
}

function decision(outcome: ShortfallDecisionView['decision']): ShortfallDecisionView {
  return {
    decision: outcome,
    findings: [],
    refusal: null,
    due: '2026-12-10',
    shortfall_supplement_due: outcome === 'accept_with_shortfall' ? '2026-12-05' : null,
    catalog_version: 4,
    calendar_warning: null,
  }
}

const ID = '11010519491231002X'

let wrapper: VueWrapper | null = null
let pinia: Pinia
let router: Router

async function mountWith(component: Parameters<typeof mount>[0], props: Record<string, unknown> = {}) {
  router = testRouter()
  wrapper = mount(component, { ...mountOptions(pinia, router), props })
  await flushPromises()
  return wrapper
}

const mountPanel = () => mountWith(BundlePanel, { bundle })

function rows(w: VueWrapper) {
  return w.findAll('[data-testid="bundle-material-row"]')
}

function checkboxes(w: VueWrapper) {
  return rows(w).map((r) => r.get('.el-checkbox input[type="checkbox"]'))
}

function memberRows(w: VueWrapper) {
  return w.findAll('[data-testid="bundle-member-decision"]')
}

async function settle() {
  await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS)
  await flushPromises()
  // The row marks follow the table through a MutationObserver.
  await vi.advanceTimersByTimeAsync(0)
}

describe('bundle intake', () => {
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    signInClerk()
    resetIntakeIpc()
    vi.mocked(ipc.checkBundle).mockImplementation(async (req) => decide(req))
    vi.mocked(ipc.listHalls).mockResolvedValue([{ code: '440700000', name: '江门市政务服务中心' }])
    vi.mocked(ipc.saveDraft).mockResolvedValue(5)
    vi.mocked(ipc.getBundle).mockResolvedValue(bundle)
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('decides every member at once on opening and puts the cursor in the ID number when asked', async () => {
    vi.useFakeTimers()
    const w = await mountPanel()
    await settle()
    expect(ipc.checkBundle).toHaveBeenCalledTimes(1)
    expect(ipc.checkBundle).toHaveBeenCalledWith({
      bundle_code: 'JMYJS001',
      present_names: [],
      applicant_kind: 'person',
      has_agent: false,
      commitment_signed: false,
      dishonest: false,
      applicant: null,
      forms: {},
    })
    expect(ipc.checkShortfall).not.toHaveBeenCalled()
    const members = memberRows(w)
    expect(members.map((r) => r.attributes('data-outcome'))).toEqual(['one_time_notice', 'one_time_notice', 'one_time_notice'])
    expect(members[1]!.text()).toContain('出生登记')
    expect(members[1]!.text()).toContain('江门市公安局')
    expect(members[1]!.text()).toContain('须补齐：居民身份证、出生医学证明')
    const submit = w.get('[data-testid="bundle-submit"]')
    expect(submit.text()).toBe('出具一次性告知书（3件）')
    expect(submit.attributes('data-outcome')).toBe('one_time_notice')
    // The member items can still be opened alone.
    expect(w.findAll('[data-testid="bundle-open-item"]')).toHaveLength(3)
    await w.findAll('[data-testid="bundle-open-item"]')[1]!.trigger('click')
    expect(w.emitted('openItem')).toEqual([['B']])

    ;(w.vm as unknown as { focusApplicant: () => void }).focusApplicant()
    await flushPromises()
    expect(document.activeElement).toBe(input(w, 'applicant-id-number').element)
  })

  it('keeps the Tab order applicant → materials → delivery → submit, with nothing to stop at in between', async () => {
    vi.useFakeTimers()
    const w = await mountPanel()
    await settle()
    const root = w.get('[data-testid="bundle-intake"]').element
    const tabbable = [...root.querySelectorAll<HTMLElement>('input, button, select, textarea, a[href], [tabindex]')].filter(
      (el) => el.tabIndex >= 0 && !(el as HTMLInputElement).disabled && !el.closest('[aria-hidden="true"]'),
    )
    const at = (el: Element) => tabbable.indexOf(el as HTMLElement)
    const phone = at(input(w, 'applicant-phone').element)
    const commitment = at(w.get('[data-testid="applicant-dishonest"] input').element)
    const firstTick = at(checkboxes(w)[0]!.element)
    const delivery = at(w.get('[data-testid="delivery-window"] input').element)
    const submit = at(w.get('[data-testid="bundle-submit"]').element)
    expect(at(input(w, 'applicant-id-number').element)).toBeLessThan(phone)
    expect(phone).toBeLessThan(commitment)
    // The decisions between the applicant and the checklist are read, not visited.
    expect(firstTick).toBe(commitment + 1)
    expect(firstTick).toBeLessThan(delivery)
    expect(delivery).toBeLessThan(submit)
    expect(w.get('[data-testid="bundle-decisions"]').findAll('input, button, select, a').length).toBe(0)
    // The form scrolls above the dock; the submit is in the dock, always in sight.
    expect(w.get('[data-testid="intake-dock"]').find('[data-testid="bundle-submit"]').exists()).toBe(true)
    expect(w.get('.ow-intake-scroll').find('[data-testid="bundle-submit"]').exists()).toBe(false)
    expect(w.get('.ow-intake-scroll').find('[data-testid="intake-applicant"]').exists()).toBe(true)
    expect(w.find('[data-testid="intake-keys"]').exists()).toBe(true)
  })

  it("shows each merged material's findings from the members that ask for it, worst first", async () => {
    vi.useFakeTimers()
    const w = await mountPanel()
    await settle()
    const finding = (i: number) => rows(w)[i]!.get('[data-testid="bundle-material-finding"]')
    expect(finding(0).attributes('data-finding')).toBe('missing_blocking')
    // 结婚证: A cannot do without it, C can: both shown, A's first, each naming its items.
    expect(finding(2).attributes('data-finding')).toBe('missing_blocking')
    const lines = finding(2)
      .findAll('.ow-merged-finding')
      .map((l) => l.text())
    expect(lines).toEqual(['缺失(须补齐)出生医学证明签发', '非必要未交城乡居民医保参保登记'])

    await checkboxes(w)[2]!.setValue(true)
    await settle()
    expect(finding(2).attributes('data-finding')).toBe('present')
    expect(
      finding(2)
        .findAll('.ow-merged-finding')
        .map((l) => l.text()),
    ).toEqual(['已收取'])
  })

  it('asks again, once, 100 ms after a burst of ticks, by material name; the ticked row edits how it was received', async () => {
    vi.useFakeTimers()
    const w = await mountPanel()
    await settle()
    expect(rows(w)[0]!.find('[data-testid="material-form"]').exists()).toBe(false)
    await checkboxes(w)[0]!.setValue(true)
    await vi.advanceTimersByTimeAsync(50)
    await checkboxes(w)[1]!.setValue(true)
    await w.get('[data-testid="applicant-commitment"] input').setValue(true)
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS - 1)
    expect(ipc.checkBundle).toHaveBeenCalledTimes(1)
    await settle()
    expect(ipc.checkBundle).toHaveBeenCalledTimes(2)
    expect(vi.mocked(ipc.checkBundle).mock.calls[1]![0]).toMatchObject({ present_names: ['居民身份证', '出生医学证明'], commitment_signed: true })

    // A: 结婚证 tolerated; B: all there; C: 结婚证 optional.
    expect(memberRows(w).map((r) => r.attributes('data-outcome'))).toEqual(['accept_with_shortfall', 'accept', 'accept'])
    expect(memberRows(w)[0]!.get('[data-testid="bundle-member-note"]').text()).toBe('须补齐：结婚证')
    expect(memberRows(w)[0]!.text()).toContain('容缺补交期限 2026-12-05')
    expect(memberRows(w)[1]!.text()).toContain('所需材料已齐全')
    const submit = w.get('[data-testid="bundle-submit"]')
    expect(submit.text()).toBe('受理2件，容缺受理1件')
    expect(submit.attributes('data-outcome')).toBe('mixed')

    // The ticked rows have the same editors as an item's checklist, with the merged list's values.
    const row = rows(w)[1]!
    expect(row.get('[data-testid="material-form"]').text()).toContain('原件')
    expect(row.get<HTMLInputElement>('[data-testid="material-copies"] input').element.value).toBe('1')
    expect(row.get<HTMLInputElement>('[data-testid="material-pages"] input').element.value).toBe('2')
    const pages = row.get<HTMLInputElement>('[data-testid="material-pages"] input')
    await pages.setValue('4')
    await pages.trigger('change')
    await settle()
    // How a material was received is no part of the decision.
    expect(ipc.checkBundle).toHaveBeenCalledTimes(2)

    await checkboxes(w)[2]!.setValue(true)
    await settle()
    expect(submit.text()).toBe('受理（3件）')
    expect(submit.attributes('data-outcome')).toBe('accept')
  })

  it('offers only the delivery every member offers', async () => {
    const postOnly = { ...bundle, delivery: ['post' as const] }
    const w = await mountWith(BundlePanel, { bundle: postOnly })
    expect(w.find('[data-testid="delivery-window"]').exists()).toBe(false)
    expect(w.find('[data-testid="delivery-post"]').exists()).toBe(true)
    expect(useIntakeStore().form.delivery.method).toBe('post')
    expect(w.find('input[data-testid="address-detail"]').exists()).toBe(true)
  })

  it('submits with Ctrl+Enter, lists every case and prints every task in order', async () => {
    vi.useFakeTimers()
    const result: BundleIntakeResult = {
      bundle_code: 'JMYJS001',
      bundle_name: '新生儿出生一件事',
      lead: '440700000202600012',
      cases: [
        {
          service_item_code: 'A',
          service_item_name: '出生医学证明签发',
          department: health,
          number: '440700000202600013',
          decision: decision('accept_with_shortfall'),
          handed_off: true,
          material_transfer: false,
        },
        {
          service_item_code: 'B',
          service_item_name: '出生登记',
          department: police,
          number: '440700000202600012',
          decision: decision('accept'),
          handed_off: true,
          material_transfer: true,
        },
        {
          service_item_code: 'C',
          service_item_name: '城乡居民医保参保登记',
          department: insurance,
          number: '440700000202600014',
          decision: { ...decision('refuse'), refusal: '城乡居民医保参保登记仅受理自然人申请' },
          handed_off: false,
          material_transfer: false,
        },
      ],
      prints: [
        { case_number: '440700000202600012', document: 'bundle-receipt' },
        { case_number: '440700000202600013', document: 'shortfall-notice' },
        { case_number: '440700000202600013', document: 'commitment' },
        { case_number: '440700000202600014', document: 'refusal-notice' },
      ],
    }
    vi.mocked(ipc.intakeBundle).mockResolvedValue(result)
    printsSucceed()
    const w = await mountPanel()
    await fillApplicant(w, ID, '𠮷祥云', '13812345678')
    await checkboxes(w)[0]!.setValue(true)
    await checkboxes(w)[1]!.setValue(true)
    const copies = rows(w)[1]!.get<HTMLInputElement>('[data-testid="material-copies"] input')
    await copies.setValue('2')
    await copies.trigger('change')
    await settle()

    pressCtrlEnter()
    await flushPromises()
    await vi.advanceTimersByTimeAsync(0)
    await flushPromises()
    expect(ipc.intakeBundle).toHaveBeenCalledTimes(1)
    expect(ipc.intake).not.toHaveBeenCalled()
    expect(vi.mocked(ipc.intakeBundle).mock.calls[0]![0]).toEqual({
      bundle_code: 'JMYJS001',
      applicant_kind: 'person',
      applicant: { name: '𠮷祥云', id_kind: 'resident_id', id_number: ID },
      phone: '13812345678',
      agent: null,
      commitment_signed: false,
      dishonest: false,
      received: [
        { name: '居民身份证', form: 'original', copies: 1, pages: 1 },
        { name: '出生医学证明', form: 'original', copies: 2, pages: 2 },
      ],
      delivery: { method: 'window', pickup_hall_code: '440700000', address: null },
      // Submitted before the autosave was due: no draft was made.
      draft_id: null,
    })

    const dialog = document.body.querySelector<HTMLElement>('[data-testid="bundle-result"]')!
    expect(dialog).not.toBeNull()
    expect(dialog.dataset.lead).toBe('440700000202600012')
    expect(dialog.querySelector('[data-testid="bundle-result-summary"]')!.textContent).toBe('共 3 件：受理1件，容缺受理1件，不予受理1件')
    await vi.advanceTimersByTimeAsync(0)
    const cases = [...dialog.querySelectorAll<HTMLElement>('[data-testid="bundle-case"]')]
    expect(cases.map((c) => [c.dataset.number, c.dataset.outcome])).toEqual([
      ['440700000202600013', 'accept_with_shortfall'],
      ['440700000202600012', 'accept'],
      ['440700000202600014', 'refuse'],
    ])
    expect(cases[1]!.querySelector('[data-testid="bundle-case-lead"]')!.textContent).toContain('合并回执')
    expect(cases[0]!.querySelector('[data-testid="bundle-case-lead"]')).toBeNull()
    expect(cases[0]!.textContent).toContain('容缺补交期限 2026-12-05')
    expect(cases[1]!.textContent).toContain('已生成材料转递任务')
    expect(cases[2]!.textContent).toContain('城乡居民医保参保登记仅受理自然人申请')
    expect(cases[2]!.textContent).toContain('未移交')

    // Every print task, in order, each to its default printer; the combined receipt in Chinese.
    expect(vi.mocked(ipc.printDocument).mock.calls.map((c) => c[0])).toEqual([
      { document: 'bundle-receipt', case_number: '440700000202600012', profile: null, lang: 'zh-cn', queue: null, demo: false },
      { document: 'shortfall-notice', case_number: '440700000202600013', profile: null, lang: null, queue: null, demo: false },
      { document: 'commitment', case_number: '440700000202600013', profile: null, lang: null, queue: null, demo: false },
      { document: 'refusal-notice', case_number: '440700000202600014', profile: null, lang: null, queue: null, demo: false },
    ])
    // The jobs of all three cases are followed.
    expect(new Set(vi.mocked(ipc.printJobs).mock.calls.map((c) => c[0]))).toEqual(
      new Set(['440700000202600012', '440700000202600013', '440700000202600014']),
    )
    await vi.advanceTimersByTimeAsync(0)
    const jobs = [...document.body.querySelectorAll<HTMLElement>('[data-testid="bundle-print-job"]')]
    expect(jobs.map((r) => r.dataset.state)).toEqual(['done', 'done', 'done', 'done'])
    expect(jobs[0]!.textContent).toContain('一件事受理回执')
    expect(jobs[0]!.textContent).toContain('440700000202600012')
    expect(jobs[3]!.textContent).toContain('不予受理通知书')
    expect(document.body.querySelector('[data-testid="bundle-open-case"]')).not.toBeNull()

    // Enter = 下一位: an empty form for the next applicant, the same bundle.
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await flushPromises()
    expect(w.emitted('next')?.length).toBeGreaterThanOrEqual(1)
    expect(useIntakeStore().bundleResult).toBeNull()
    expect(input(w, 'applicant-id-number').element.value).toBe('')
    expect(checkboxes(w).map((c) => (c.element as HTMLInputElement).checked)).toEqual([false, false, false])
  })

  it('opens the lead case from the result', async () => {
    vi.mocked(ipc.intakeBundle).mockResolvedValue({
      bundle_code: 'JMYJS001',
      bundle_name: '新生儿出生一件事',
      lead: null,
      cases: [
        {
          service_item_code: 'A',
          service_item_name: '出生医学证明签发',
          department: health,
          number: '440700000202600020',
          decision: decision('one_time_notice'),
          handed_off: false,
          material_transfer: false,
        },
      ],
      prints: [{ case_number: '440700000202600020', document: 'one-time-notice' }],
    })
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ case_number: '440700000202600020', document: 'one-time-notice' }))
    const w = await mountPanel()
    await w.get('[data-testid="bundle-submit"]').trigger('click')
    await flushPromises()
    // No lead when nothing was accepted: 打开办件 opens the first case.
    const open = document.body.querySelector<HTMLElement>('[data-testid="bundle-open-case"]')!
    open.click()
    await flushPromises()
    expect(router.currentRoute.value.params.number).toBe('440700000202600020')
    expect(w.exists()).toBe(true)
  })

  it('shows a rejection and focuses the field it names', async () => {
    vi.mocked(ipc.intakeBundle).mockRejectedValue({
      code: 'invalid_input',
      message: '手机号码应为11位数字，实际为4位',
      field: 'phone',
      suggested_id_kind: null,
    })
    const w = await mountPanel()
    await input(w, 'applicant-phone').setValue('1234')
    await w.get('[data-testid="bundle-submit"]').trigger('click')
    await flushPromises()
    expect(showError).toHaveBeenCalledWith({
      code: 'invalid_input',
      message: '手机号码应为11位数字，实际为4位',
      field: 'phone',
      suggested_id_kind: null,
    })
    expect(document.activeElement).toBe(input(w, 'applicant-phone').element)
    expect(document.body.querySelector('[data-testid="bundle-result"]')).toBeNull()
  })

  it('autosaves the bundle intake as a draft and brings the form and the ticks back with it', async () => {
    vi.useFakeTimers()
    const w = await mountPanel()
    await input(w, 'applicant-name').setValue('阿依古丽·买买提')
    await input(w, 'applicant-phone').setValue('13912345678')
    await checkboxes(w)[2]!.setValue(true)
    await rows(w)[2]!.get<HTMLInputElement>('[data-testid="material-copies"] input').setValue('3')
    await vi.advanceTimersByTimeAsync(1000)
    expect(ipc.saveDraft).toHaveBeenCalledTimes(1)
    const [, title, text] = vi.mocked(ipc.saveDraft).mock.calls[0]!
    expect(title).toBe('新生儿出生一件事 阿依古丽·买买提')
    const saved = JSON.parse(text)
    expect(saved).toMatchObject({
      kind: 'bundle',
      bundle_code: 'JMYJS001',
      present: ['结婚证'],
      details: { 结婚证: { form: 'copy', copies: 3, pages: 1 } },
    })
    await flushPromises()
    expect(w.find('[data-testid="intake-draft-saved"]').exists()).toBe(true)
    vi.useRealTimers()
    w.unmount()
    wrapper = null

    // Reopened from the drafts list: the bundle opens with the form and the ticks as they were.
    const host = await mountWith(CatalogPanel)
    const ok = await useIntakeStore().openDraft({ id: 5, title, payload: text, updated_at: '2026-11-28T01:00:00Z' })
    await flushPromises()
    expect(ok).toBe(true)
    expect(ipc.getBundle).toHaveBeenCalledWith('JMYJS001')
    expect(input(host, 'applicant-name').element.value).toBe('阿依古丽·买买提')
    expect(input(host, 'applicant-phone').element.value).toBe('13912345678')
    expect(checkboxes(host).map((c) => (c.element as HTMLInputElement).checked)).toEqual([false, false, true])
    expect(rows(host)[2]!.get<HTMLInputElement>('[data-testid="material-copies"] input').element.value).toBe('3')
    expect(ipc.checkBundle).toHaveBeenLastCalledWith(expect.objectContaining({ present_names: ['结婚证'] }))
    expect(useIntakeStore().draftId).toBe(5)
  })
})

describe('bundle intake: materials not asked of this applicant', () => {
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    signInClerk()
    resetIntakeIpc()
    vi.mocked(ipc.checkBundle).mockImplementation(async (req) => decide(req))
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    document.body.innerHTML = ''
  })

  it('lists the agent’s papers apart until an agent applies, and counts only what is asked', async () => {
    const withAgent = {
      ...bundle,
      materials: [
        ...bundle.materials,
        {
          name: '授权委托书',
          form: 'original' as const,
          copies: 1,
          pages: 1,
          policy: 'core' as const,
          applies_to: 'agent' as const,
          service_item_codes: ['A'],
        },
      ],
    }
    const w = await mountWith(BundlePanel, { bundle: withAgent })
    expect(rows(w)).toHaveLength(3)
    expect(w.findAll('[data-testid="material-not-applicable"]').map((r) => r.text())).toEqual(['授权委托书（代办时提交）'])
    expect(w.get('[data-testid="checklist-count"]').text()).toBe('已收取 0 / 3')
    await w.get('[data-testid="applicant-agent"] input').trigger('change')
    await flushPromises()
    expect(rows(w)).toHaveLength(4)
    expect(w.get('[data-testid="checklist-count"]').text()).toBe('已收取 0 / 4')
    expect(w.find('[data-testid="materials-not-applicable"]').exists()).toBe(false)
  })
})
