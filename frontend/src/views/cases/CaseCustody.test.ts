import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import type { CustodyView } from '@/api/bindings'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  caseCustody: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { resetMocks } from '@/test/mocks'
import CaseCustody from './CaseCustody.vue'

const NUMBER = '4407030002026120200011'

const CUSTODY: CustodyView = {
  number: NUMBER,
  unbroken: false,
  steps: [
    { at: '2026-12-01T02:00:00Z', what: '封装', who: '寄递员小陈', place: '蓬江区政务服务中心', waybill: 'EA000000011CN', gap: false },
    { at: null, what: '交寄揽收', who: '', place: '蓬江区政务服务中心', waybill: 'EA000000011CN', gap: true },
    { at: '2026-12-03T02:00:00Z', what: '签收', who: '审批员王五', place: '江门市市场监督管理局', waybill: 'EA000000011CN', gap: false },
  ],
}

beforeEach(() => {
  setActivePinia(createPinia())
  resetMocks(ipc)
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('CaseCustody', () => {
  it('shows the steps in order with the gap drawn as missing', async () => {
    vi.mocked(ipc.caseCustody).mockResolvedValue(CUSTODY)
    const w = mount(CaseCustody, { props: { number: NUMBER }, global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus] } })
    await flushPromises()
    expect(ipc.caseCustody).toHaveBeenCalledWith(NUMBER)
    const panel = w.get('[data-testid="case-custody"]')
    expect(panel.attributes('data-unbroken')).toBe('false')
    const steps = w.findAll('[data-testid="custody-step"]')
    expect(steps.map((s) => s.attributes('data-gap'))).toEqual(['false', 'true', 'false'])
    expect(steps.map((s) => s.text())).toEqual([
      expect.stringContaining('封装'),
      expect.stringContaining('交寄揽收'),
      expect.stringContaining('签收'),
    ])
    expect(steps[1]!.get('[data-testid="custody-gap"]').text()).toBe('缺失')
    expect(steps[1]!.classes()).toContain('ow-custody-gap')
    expect(w.get('[data-testid="custody-broken"]').text()).toBe('流转有缺失')
    w.unmount()
  })

  it('says an unbroken chain is whole', async () => {
    vi.mocked(ipc.caseCustody).mockResolvedValue({ ...CUSTODY, unbroken: true, steps: CUSTODY.steps.filter((s) => !s.gap) })
    const w = mount(CaseCustody, { props: { number: NUMBER }, global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus] } })
    await flushPromises()
    expect(w.get('[data-testid="case-custody"]').attributes('data-unbroken')).toBe('true')
    expect(w.find('[data-testid="custody-gap"]').exists()).toBe(false)
    w.unmount()
  })
})
