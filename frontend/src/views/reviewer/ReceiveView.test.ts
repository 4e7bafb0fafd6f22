import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  receiveShipment: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { resetMocks } from '@/test/mocks'
import { shipment } from '@/test/courierFixtures'
import ReceiveView from './ReceiveView.vue'

const WAYBILL = 'EA000000011CN'
let wrapper: VueWrapper | null = null

beforeEach(() => {
  setActivePinia(createPinia())
  resetMocks(ipc)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

async function mountView() {
  wrapper = mount(ReceiveView, { attachTo: document.body, global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus] } })
  await flushPromises()
  return wrapper
}

async function choose(w: VueWrapper, outcome: string) {
  await w.get(`[data-testid="receive-outcome-${outcome}"] input`).setValue(true)
  await flushPromises()
}

describe('ReceiveView', () => {
  it('signs an envelope in and shows its state', async () => {
    vi.mocked(ipc.receiveShipment).mockResolvedValue(shipment(WAYBILL, { state: 'received' }))
    const w = await mountView()
    expect(w.find('[data-testid="receive-reason"]').exists()).toBe(false)
    const input = w.get('input[data-testid="receive-waybill"]')
    await input.setValue(WAYBILL)
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(ipc.receiveShipment).toHaveBeenCalledWith({ waybill: WAYBILL, outcome: 'received' })
    expect(w.get('[data-testid="receive-result"]').attributes('data-state')).toBe('received')
  })

  it('asks for the reason of a missing envelope before sending it', async () => {
    vi.mocked(ipc.receiveShipment).mockResolvedValue(shipment(WAYBILL, { state: 'exception' }))
    const w = await mountView()
    await w.get('input[data-testid="receive-waybill"]').setValue(WAYBILL)
    await choose(w, 'missing')
    expect(w.find('[data-testid="receive-reason"]').exists()).toBe(true)
    await w.get('[data-testid="receive-submit"]').trigger('click')
    await flushPromises()
    expect(ipc.receiveShipment).not.toHaveBeenCalled()
    expect(w.get('[data-testid="receive-error"]').text()).toContain('未收到或破损须填写原因')
    expect(document.activeElement).toBe(w.get('textarea[data-testid="receive-reason"]').element)

    await w.get('textarea[data-testid="receive-reason"]').setValue('未随批次送达')
    await w.get('[data-testid="receive-submit"]').trigger('click')
    await flushPromises()
    expect(ipc.receiveShipment).toHaveBeenCalledWith({ waybill: WAYBILL, outcome: 'missing', reason: '未随批次送达' })
    expect(w.get('[data-testid="receive-result"]').attributes('data-state')).toBe('exception')
  })

  it('shows a refusal of the backend on the field it names', async () => {
    vi.mocked(ipc.receiveShipment).mockRejectedValue({ code: 'invalid_input', message: '该邮件不是寄往本部门的', field: 'waybill' })
    const w = await mountView()
    await w.get('input[data-testid="receive-waybill"]').setValue(WAYBILL)
    await w.get('[data-testid="receive-submit"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="receive-error"]').text()).toContain('该邮件不是寄往本部门的')
    expect(document.activeElement).toBe(w.get('input[data-testid="receive-waybill"]').element)
  })
})
