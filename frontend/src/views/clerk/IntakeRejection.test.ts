// A rejected intake on the item panel: the field the backend names gets the focus, and an ID number
// valid for another kind is offered that kind in one click.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { IdKind, IpcError, ShortfallDecisionView } from '@/api/bindings'

vi.mock('@/api/ipc', async (importOriginal) => (await import('@/test/ipcMocks')).intakeIpc(importOriginal))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))
vi.mock('@/api/events', () => ({ onScanIngested: vi.fn(() => () => {}) }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { serviceItem } from '@/test/catalogFixtures'
import { fillApplicant, input, mountOptions, resetIntakeIpc, signInClerk } from '@/test/intakeFixtures'
import { useIntakeStore } from '@/stores/intake'
import { useShortfallStore } from '@/stores/shortfall'
import ServiceItemPanel from './ServiceItemPanel.vue'

const item = serviceItem({
  delivery: ['window', 'post'],
  materials: [
    {
      code: 'M01',
      name: '申请书',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'core',
      supplement_days: null,
      e_certificate: null,
      applies_to: 'all',
      note: '',
    },
  ],
})

const decision: ShortfallDecisionView = {
  decision: 'accept',
  findings: [],
  refusal: null,
  due: '2026-12-03',
  shortfall_supplement_due: null,
  catalog_version: 1,
  calendar_warning: null,
}

let wrapper: VueWrapper | null = null
let pinia: Pinia

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  signInClerk()
  resetIntakeIpc()
  vi.mocked(ipc.checkShortfall).mockResolvedValue(decision)
  vi.mocked(ipc.listHalls).mockResolvedValue([{ code: '440700000', name: '江门市政务服务中心' }])
  vi.mocked(ipc.saveDraft).mockResolvedValue(5)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

async function mountPanel() {
  wrapper = mount(ServiceItemPanel, { ...mountOptions(pinia), props: { item } })
  await flushPromises()
  await fillApplicant(wrapper, '11010519491231002X', '𠮷祥云', '13812345678')
  return wrapper
}

function rejection(field: string | null, suggested_id_kind: IdKind | null = null): IpcError {
  return { code: 'invalid_input', message: '输入有误', field, suggested_id_kind }
}

async function submitRejected(w: VueWrapper, err: IpcError) {
  vi.mocked(ipc.intake).mockRejectedValueOnce(err)
  await w.get('[data-testid="intake-submit"]').trigger('click')
  await flushPromises()
  expect(showError).toHaveBeenLastCalledWith(err)
}

/** The control inside a field's testid that takes the keys: the input itself, or the first inside it. */
function control(w: VueWrapper, testid: string): Element {
  const el = w.get(`[data-testid="${testid}"]`).element
  return el.matches('input') ? el : el.querySelector('input')!
}

/** Posting, with an agent: every field of the form is on screen. */
async function everyField(w: VueWrapper) {
  await w.get('[data-testid="delivery-post"] input').setValue(true)
  useShortfallStore().setFact('has_agent', true)
  await flushPromises()
}

describe('a rejected intake', () => {
  it.each([
    ['delivery.address.city', 'address-city'],
    ['delivery.address.district', 'address-district'],
    ['delivery.address.phone', 'address-phone'],
    ['delivery.address', 'address-detail'],
    ['agent.id_number', 'agent-id-number'],
    ['agent.name', 'agent-name'],
    ['applicant.name', 'applicant-name'],
    ['applicant.id_kind', 'applicant-id-kind'],
    ['phone', 'applicant-phone'],
    ['received', 'material-checklist'],
  ])('with field %s focuses %s', async (field, testid) => {
    const w = await mountPanel()
    await everyField(w)
    input(w, 'applicant-id-number').element.focus()
    await submitRejected(w, rejection(field))
    expect(document.activeElement).toBe(control(w, testid))
    expect(useIntakeStore().errorField).toBe(testid)
  })

  it('focuses the pickup hall for window delivery', async () => {
    const w = await mountPanel()
    await submitRejected(w, rejection('delivery.pickup_hall_code'))
    expect(document.activeElement).toBe(control(w, 'pickup-hall'))
  })

  it('sends the clerk to the search box when the item itself is refused, and leaves the focus alone for a field it cannot show', async () => {
    const search = document.createElement('input')
    search.setAttribute('data-testid', 'item-search')
    document.body.appendChild(search)
    const w = await mountPanel()
    await submitRejected(w, rejection('service_item_code'))
    expect(document.activeElement).toBe(search)

    input(w, 'applicant-name').element.focus()
    await submitRejected(w, rejection('draft_id'))
    await submitRejected(w, rejection(null))
    expect(document.activeElement).toBe(input(w, 'applicant-name').element)
  })

  it("offers the applicant's number the kind it is valid for, in one click, and sends it so", async () => {
    const w = await mountPanel()
    expect(w.find('[data-testid="applicant-id-kind-switch"]').exists()).toBe(false)
    await submitRejected(w, rejection('applicant.id_number', 'residence_permit'))
    const offer = w.get('[data-testid="applicant-id-kind-switch"]')
    expect(offer.text()).toBe('改为港澳台居民居住证')
    expect(w.find('[data-testid="agent-id-kind-switch"]').exists()).toBe(false)
    await offer.trigger('click')
    await flushPromises()
    expect(useIntakeStore().form.applicant.id_kind).toBe('residence_permit')
    expect(w.find('[data-testid="applicant-id-kind-switch"]').exists()).toBe(false)

    vi.mocked(ipc.intake).mockRejectedValueOnce(rejection(null))
    await w.get('[data-testid="intake-submit"]').trigger('click')
    await flushPromises()
    expect(vi.mocked(ipc.intake).mock.lastCall![0].applicant).toMatchObject({ id_kind: 'residence_permit', id_number: '11010519491231002X' })
  })

  it("offers the agent's number its kind, until the clerk changes the number", async () => {
    const w = await mountPanel()
    await everyField(w)
    await input(w, 'agent-name').setValue('何嘉仪')
    await input(w, 'agent-id-number').setValue('H12345678')
    await submitRejected(w, rejection('agent.id_number', 'hk_macau_permit'))
    expect(w.get('[data-testid="agent-id-kind-switch"]').text()).toBe('改为港澳居民来往内地通行证')
    expect(document.activeElement).toBe(input(w, 'agent-id-number').element)
    await input(w, 'agent-id-number').setValue('H1234567')
    expect(w.find('[data-testid="agent-id-kind-switch"]').exists()).toBe(false)
  })

  it('makes the applicant an organisation when their number is a credit code, and never offers an agent one', async () => {
    const w = await mountPanel()
    await submitRejected(w, rejection('applicant.id_number', 'uscc'))
    expect(w.get('[data-testid="applicant-id-kind-switch"]').text()).toBe('改为统一社会信用代码')
    await w.get('[data-testid="applicant-id-kind-switch"]').trigger('click')
    await flushPromises()
    expect(useShortfallStore().facts.applicant_kind).toBe('organisation')
    expect(useIntakeStore().form.applicant.id_kind).toBe('uscc')

    await everyField(w)
    await submitRejected(w, rejection('agent.id_number', 'uscc'))
    expect(w.find('[data-testid="agent-id-kind-switch"]').exists()).toBe(false)
  })

  it("offers the switch as soon as the applicant's history is refused for the number's kind", async () => {
    vi.mocked(ipc.applicantHistory).mockRejectedValue(rejection('id_number', 'residence_permit'))
    const w = await mountPanel()
    await new Promise((r) => setTimeout(r, 350))
    await flushPromises()
    expect(w.get('[data-testid="applicant-id-hint"]').text()).toBe('输入有误')
    await w.get('[data-testid="applicant-id-kind-switch"]').trigger('click')
    expect(useIntakeStore().form.applicant.id_kind).toBe('residence_permit')
  })
})
