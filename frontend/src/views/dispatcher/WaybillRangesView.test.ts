import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import type { Role } from '@/api/bindings'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  waybillRanges: vi.fn(),
  importWaybillRange: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { useSessionStore } from '@/stores/session'
import { catchMessages, messages, resetMocks } from '@/test/mocks'
import { range } from '@/test/courierFixtures'
import WaybillRangesView from './WaybillRangesView.vue'

let wrapper: VueWrapper | null = null

const RANGES = [
  range({ id: 1, total: 500, used: 480, cancelled: 4, free: 16, low: true }),
  range({
    id: 2,
    carrier: '顺丰速运',
    product: '标快',
    format: 's10',
    first: 'SF000000001CN',
    last: 'SF000000100CN',
    total: 100,
    used: 0,
    cancelled: 0,
    free: 100,
  }),
]

beforeEach(() => {
  resetMocks(ipc)
  vi.mocked(showError).mockReset()
  vi.mocked(ipc.waybillRanges).mockResolvedValue(RANGES)
  catchMessages()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

async function settle() {
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
  await flushPromises()
}

async function mountRanges(role: Role = 'admin') {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().user = { username: role, display_name: '管理员', role, hall: null, window: null, department: null, idle_lock_minutes: 5 }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/dispatcher', name: 'dispatcher', component: { template: '<div />' } },
    ],
  })
  await router.push('/')
  wrapper = mount(WaybillRangesView, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus, router] } })
  await settle()
  return wrapper
}

function input(testid: string): HTMLInputElement | HTMLTextAreaElement {
  return document.body.querySelector<HTMLInputElement | HTMLTextAreaElement>(`input[data-testid="${testid}"], textarea[data-testid="${testid}"]`)!
}

async function type(testid: string, value: string) {
  const el = input(testid)
  el.value = value
  el.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function importNow(w: VueWrapper) {
  await w.get('button[data-testid="range-import"]').trigger('click')
  await settle()
}

describe('WaybillRangesView', () => {
  it('lists every range with its counts and marks the low ones', async () => {
    const w = await mountRanges()
    const rows = w.findAll('[data-testid="range-row"]')
    expect(rows.map((r) => r.attributes('data-low'))).toEqual(['true', 'false'])
    expect(rows[0]!.get('[data-testid="range-total"]').text()).toBe('500')
    expect(rows[0]!.get('[data-testid="range-used"]').text()).toBe('480')
    expect(rows[0]!.get('[data-testid="range-cancelled"]').text()).toBe('4')
    expect(rows[0]!.get('[data-testid="range-free"]').text()).toBe('16')
    expect(rows[0]!.get('[data-testid="range-low"]').text()).toBe('余量不足')
    expect(rows[1]!.find('[data-testid="range-low"]').exists()).toBe(false)
    expect(rows[1]!.text()).toContain('SF000000001CN – SF000000100CN')
  })

  it('imports a range by first and last number and asks for the list again', async () => {
    const w = await mountRanges()
    await type('range-first', 'ea000000001cn')
    await type('range-last', 'EA000000100CN')
    vi.mocked(ipc.importWaybillRange).mockResolvedValue(range({ id: 3, format: 's10', first: 'EA000000001CN', last: 'EA000000100CN', total: 100 }))
    await importNow(w)
    expect(ipc.importWaybillRange).toHaveBeenCalledWith({
      carrier: '中国邮政 EMS',
      product: '标准快递',
      format: 's10',
      first: 'EA000000001CN',
      last: 'EA000000100CN',
    })
    expect(messages.success).toHaveBeenCalledWith(expect.objectContaining({ message: '已导入 100 个运单号（EA000000001CN – EA000000100CN）' }))
    expect(ipc.waybillRanges).toHaveBeenCalledTimes(2)
    expect(input('range-first').value).toBe('')
  })

  it('focuses the field a refused import is about, nothing cleared', async () => {
    const w = await mountRanges()
    await type('range-carrier', '')
    vi.mocked(ipc.importWaybillRange).mockRejectedValueOnce({ code: 'invalid_input', message: '请填写承运商', field: 'carrier' })
    await importNow(w)
    expect(showError).toHaveBeenCalledTimes(1)
    expect(document.activeElement).toBe(input('range-carrier'))
    expect(input('range-carrier').getAttribute('aria-invalid')).toBe('true')

    await type('range-carrier', '中国邮政 EMS')
    await type('range-numbers', 'EA000000001CN\nEA000000002CN')
    vi.mocked(ipc.importWaybillRange).mockRejectedValueOnce({ code: 'invalid_input', message: '运单号“EA000000002CN”校验位错误', field: 'numbers' })
    await importNow(w)
    expect(vi.mocked(ipc.importWaybillRange).mock.lastCall![0]).toEqual({
      carrier: '中国邮政 EMS',
      product: '标准快递',
      format: 's10',
      numbers: ['EA000000001CN', 'EA000000002CN'],
    })
    expect(document.activeElement).toBe(input('range-numbers'))
    expect(input('range-numbers').value).toBe('EA000000001CN\nEA000000002CN')

    await type('range-numbers', '')
    await type('range-first', 'EA000000001CN')
    await type('range-last', 'EA000000100CN')
    vi.mocked(ipc.importWaybillRange).mockRejectedValueOnce({
      code: 'invalid_input',
      message: '号段中有运单号已在此前导入的号段中，未导入任何号码',
      field: 'first',
    })
    await importNow(w)
    expect(document.activeElement).toBe(input('range-first'))
    expect(input('range-last').value).toBe('EA000000100CN')
  })

  it('shows the ranges without the import form to a supervisor, and leads a dispatcher back to the desk', async () => {
    const w = await mountRanges('supervisor')
    expect(w.findAll('[data-testid="range-row"]')).toHaveLength(2)
    expect(w.find('[data-testid="range-import-form"]').exists()).toBe(false)
    expect(w.get('[data-testid="range-admin-only"]').text()).toBe('号段由系统管理员导入')
    expect(w.find('[data-testid="ranges-back"]').exists()).toBe(false)
    wrapper!.unmount()
    wrapper = null
    const d = await mountRanges('dispatcher')
    expect(d.find('[data-testid="range-import-form"]').exists()).toBe(false)
    expect(d.find('[data-testid="ranges-back"]').exists()).toBe(true)
  })
})
