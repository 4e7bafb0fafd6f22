// The 容缺受理承诺书 printed at the window for the applicant to sign before the clerk ticks 已签署: offered
// only while signing is all 容缺受理 waits for, printed from the request the submit would send, its
// job followed, and the backend's refusal shown.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { FindingView, IntakeResult, ServiceItemDetail, ShortfallDecisionView } from '@/api/bindings'

vi.mock('@/api/ipc', async (importOriginal) => (await import('@/test/ipcMocks')).intakeIpc(importOriginal))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))
vi.mock('@/api/events', () => ({ onScanIngested: vi.fn(() => () => {}) }))

import * as ipc from '@/api/ipc'
import { showError, showErrorText } from '@/api/errors'
import { serviceItem } from '@/test/catalogFixtures'
import { fillApplicant, mountOptions, pressCtrlEnter, printsSucceed, resetIntakeIpc, signInClerk } from '@/test/intakeFixtures'
import { catchMessages, messages } from '@/test/mocks'
import { job } from '@/test/printFixtures'
import { useIntakeStore } from '@/stores/intake'
import { usePrintingStore } from '@/stores/printing'
import ServiceItemPanel from './ServiceItemPanel.vue'

const material = (code: string, name: string, policy: 'core' | 'tolerable') => ({
  code,
  name,
  form: 'original' as const,
  copies: 1,
  pages: 1,
  policy,
  supplement_days: policy === 'tolerable' ? 5 : null,
  e_certificate: null,
  applies_to: 'all' as const,
  note: '',
})

const item: ServiceItemDetail = serviceItem({
  materials: [material('M01', '食品经营许可申请书', 'core'), material('M02', '经营场所平面图', 'tolerable')],
})

function finding(code: string, kind: FindingView['finding'], rule: string, message = ''): FindingView {
  const m = item.materials.find((x) => x.code === code)!
  return { material_code: code, material_name: m.name, finding: kind, rule, message, until: null, source: null }
}

function decision(outcome: ShortfallDecisionView['decision'], findings: FindingView[]): ShortfallDecisionView {
  return { decision: outcome, findings, refusal: null, due: '2026-12-17', shortfall_supplement_due: null, catalog_version: 1, calendar_warning: null }
}

/** The plan of the premises is missing and the applicant has not signed: signing is all 容缺受理 waits for. */
const UNSIGNED = decision('one_time_notice', [
  finding('M01', 'present', 'present'),
  finding('M02', 'missing_blocking', 'commitment_not_signed', '可容缺材料，但申请人未签署容缺受理承诺书'),
])
const SIGNED = decision('accept_with_shortfall', [finding('M01', 'present', 'present'), finding('M02', 'missing_tolerated', 'tolerated')])

const ID = '11010519491231002X'
const REFUSAL = {
  code: 'invalid_input',
  message: '按当前收取的材料，本次收件不适用容缺受理，无需签署承诺书',
  field: 'commitment_signed',
  suggested_id_kind: null,
}

let wrapper: VueWrapper | null = null
let pinia: Pinia

async function mountPanel() {
  wrapper = mount(ServiceItemPanel, { ...mountOptions(pinia), props: { item } })
  await flushPromises()
  return wrapper
}

/** Fills in who applies and ticks the application form: the plan of the premises is missing. */
async function fill(w: VueWrapper) {
  await fillApplicant(w, ID, '𠮷祥云', '13812345678')
  await w.findAll('[data-testid="material-row"]')[0]!.get('input[type="checkbox"]').setValue(true)
  await settle()
}

/** Past the live check's pause, and its answer in. */
async function settle() {
  await new Promise((r) => setTimeout(r, 150))
  await flushPromises()
}

const button = (w: VueWrapper) => w.find('[data-testid="commitment-print-draft"]')

describe('printing the commitment for signing', () => {
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    signInClerk()
    resetIntakeIpc()
    catchMessages()
    vi.mocked(ipc.checkShortfall).mockImplementation(async (r) => (r.commitment_signed ? SIGNED : UNSIGNED))
    vi.mocked(ipc.saveDraft).mockResolvedValue(5)
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
  })

  it('is offered beside the commitment tick while signing is all 容缺受理 waits for', async () => {
    const w = await mountPanel()
    await fill(w)
    const offered = button(w)
    expect(offered.exists()).toBe(true)
    expect(offered.text()).toBe('打印承诺书')
    expect(w.get('[data-testid="applicant-commitment"]').element.parentElement!.contains(offered.element)).toBe(true)

    // Signed: nothing more to print before the intake.
    await w.get('[data-testid="applicant-commitment"] input').setValue(true)
    await settle()
    expect(button(w).exists()).toBe(false)
  })

  it('is not offered when signing would change nothing', async () => {
    const coreMissing = decision('one_time_notice', [
      finding('M01', 'missing_blocking', 'core_missing'),
      finding('M02', 'missing_blocking', 'commitment_not_signed'),
    ])
    for (const answer of [decision('accept', [finding('M01', 'present', 'present'), finding('M02', 'present', 'present')]), coreMissing]) {
      vi.mocked(ipc.checkShortfall).mockResolvedValue(answer)
      const w = await mountPanel()
      await fill(w)
      expect(button(w).exists()).toBe(false)
      w.unmount()
    }
    wrapper = null
  })

  it('prints from the request the submit would send, follows the job and says it went to the printer', async () => {
    vi.mocked(ipc.printCommitmentDraft).mockResolvedValue(job({ id: 9, case_number: null, document: 'commitment', state: 'queued' }))
    const w = await mountPanel()
    await fill(w)
    await button(w).trigger('click')
    await flushPromises()

    expect(ipc.printCommitmentDraft).toHaveBeenCalledTimes(1)
    const request = vi.mocked(ipc.printCommitmentDraft).mock.calls[0]![0]
    expect(request).toEqual(useIntakeStore().intakeRequest())
    expect(request).toMatchObject({
      service_item_code: item.code,
      applicant: { name: '𠮷祥云', id_kind: 'resident_id', id_number: ID },
      commitment_signed: false,
      received: [{ material_code: 'M01', form: 'original', copies: 1, pages: 1 }],
    })
    expect(messages.success).toHaveBeenCalledWith(expect.objectContaining({ message: '承诺书已送打印机，请申请人签署' }))
    expect(w.get('[data-testid="commitment-print-draft-state"]').text()).toBe('排队中')
    // Followed as any print is: among the recent 承诺书 jobs, the draft having no case yet.
    expect(usePrintingStore().scope).toMatchObject({ caseNumber: null, document: 'commitment' })
    expect(usePrintingStore().polling()).toBe(true)

    // The printer is done with it: the list asked again says so.
    vi.mocked(ipc.printJobs).mockResolvedValue([job({ id: 9, case_number: null, document: 'commitment', state: 'done' })])
    await usePrintingStore().refresh()
    expect(w.get('[data-testid="commitment-print-draft-state"]').text()).toBe('已打印')
    expect(usePrintingStore().polling()).toBe(false)

    // Signed and taken in: the intake sends the same request, signed.
    const result: IntakeResult = {
      number: '440700000202600009',
      decision: SIGNED,
      documents: [],
      handed_off: true,
      instant: false,
      material_transfer: false,
    }
    vi.mocked(ipc.intake).mockResolvedValue(result)
    printsSucceed()
    await w.get('[data-testid="applicant-commitment"] input').setValue(true)
    await settle()
    pressCtrlEnter()
    await flushPromises()
    // The draft may have been saved in between: that is all that may differ besides the signature.
    const submitted = vi.mocked(ipc.intake).mock.calls[0]![0]
    expect({ ...submitted, draft_id: null }).toEqual({ ...request, commitment_signed: true, draft_id: null })
  })

  it('shows why when the backend finds nothing to tolerate', async () => {
    vi.mocked(ipc.printCommitmentDraft).mockRejectedValue(REFUSAL)
    const w = await mountPanel()
    await fill(w)
    await button(w).trigger('click')
    await flushPromises()
    expect(showError).toHaveBeenCalledWith(REFUSAL)
    expect(messages.success).not.toHaveBeenCalled()
    expect(w.find('[data-testid="commitment-print-draft-state"]').exists()).toBe(false)
    expect(button(w).classes()).not.toContain('is-loading')
  })

  it('shows a job the printer refused as any print', async () => {
    vi.mocked(ipc.printCommitmentDraft).mockResolvedValue(
      job({ id: 3, case_number: null, document: 'commitment', state: 'failed', error: '打印机 OW-A4 未安装' }),
    )
    const w = await mountPanel()
    await fill(w)
    await button(w).trigger('click')
    await flushPromises()
    expect(showErrorText).toHaveBeenCalledWith('打印机 OW-A4 未安装')
    expect(messages.success).not.toHaveBeenCalled()
    expect(w.get('[data-testid="commitment-print-draft-state"]').text()).toBe('失败')
  })

  it('stops following the job when the intake panel goes away', async () => {
    vi.mocked(ipc.printCommitmentDraft).mockResolvedValue(job({ id: 9, case_number: null, document: 'commitment', state: 'queued' }))
    const w = await mountPanel()
    await fill(w)
    await button(w).trigger('click')
    await flushPromises()
    expect(usePrintingStore().polling()).toBe(true)
    w.unmount()
    wrapper = null
    expect(usePrintingStore().scope).toBeNull()
    expect(usePrintingStore().polling()).toBe(false)
  })
})
