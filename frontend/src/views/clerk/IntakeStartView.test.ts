import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import type { ServiceItemDetail, ServiceItemSummary } from '@/api/bindings'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', () => ({
  searchServiceItems: vi.fn(),
  getServiceItem: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import IntakeStartView from './IntakeStartView.vue'

const department = { code: 'JMGA', name: '江门市公安局' }

const results: ServiceItemSummary[] = [
  { code: '11440700MB2C123', name: '港澳通行证签注', department, kind: '行政许可', promised_days: 7, on_the_spot: false, citywide: true },
  { code: '11440700MB2C456', name: '户籍证明开具', department, kind: '公共服务', promised_days: 0, on_the_spot: true, citywide: false },
]

const detail: ServiceItemDetail = {
  code: '11440700MB2C456',
  name: '户籍证明开具',
  department,
  level: '市级',
  kind: '公共服务',
  statutory_days: 20,
  promised_days: 0,
  on_the_spot: true,
  fee: '不收费',
  delivery: ['window', 'post'],
  citywide: false,
  commitment_approval: true,
  guide: { conditions: '本市户籍人员', basis: '《户口登记条例》', process: '受理→审核→出证', faq: '可以代办' },
  materials: [
    { code: 'M1', name: '居民身份证', form: 'original', copies: 1, pages: 1, policy: 'core', supplement_days: null, e_certificate: '居民身份证电子证照', applies_to: 'person', note: '' },
    { code: 'M2', name: '委托书', form: 'original', copies: 1, pages: 1, policy: 'tolerable', supplement_days: 5, e_certificate: null, applies_to: 'agent', note: '代办时提供' },
    { code: 'M3', name: '户口簿复印件', form: 'copy', copies: 1, pages: 2, policy: 'optional', supplement_days: null, e_certificate: null, applies_to: 'all', note: '' },
  ],
}

let wrapper: VueWrapper | null = null

async function mountView() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/clerk', name: 'clerk', component: IntakeStartView },
      { path: '/cases/:number', name: 'case', component: { template: '<div />' } },
    ],
  })
  await router.push('/clerk')
  await router.isReady()
  wrapper = mount(IntakeStartView, {
    attachTo: document.body,
    global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus, router] },
  })
  await flushPromises()
  return { wrapper, router }
}

function searchInput(w: VueWrapper) {
  return w.get<HTMLInputElement>('input[data-testid="item-search"]')
}

describe('IntakeStartView', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.mocked(ipc.searchServiceItems).mockReset().mockResolvedValue(results)
    vi.mocked(ipc.getServiceItem).mockReset().mockResolvedValue(detail)
    vi.mocked(showError).mockReset()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    vi.useRealTimers()
  })

  it('focuses the search box on arrival', async () => {
    const { wrapper } = await mountView()
    expect(document.activeElement).toBe(searchInput(wrapper).element)
  })

  it('searches after a 150 ms pause, once, with limit 20', async () => {
    const { wrapper } = await mountView()
    const input = searchInput(wrapper)
    await input.setValue('h')
    await vi.advanceTimersByTimeAsync(50)
    await input.setValue('hj')
    await vi.advanceTimersByTimeAsync(100)
    expect(ipc.searchServiceItems).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(60)
    await flushPromises()
    expect(ipc.searchServiceItems).toHaveBeenCalledTimes(1)
    expect(ipc.searchServiceItems).toHaveBeenCalledWith('hj', 20)
    const rows = wrapper.findAll('[data-testid="item-result"]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.text()).toContain('港澳通行证签注')
    expect(rows[0]!.text()).toContain('承诺件')
    expect(rows[0]!.text()).toContain('全城通办')
    expect(rows[1]!.text()).toContain('即办件')
  })

  it('moves with ↓ and opens the item with Enter, showing its checklist', async () => {
    const { wrapper } = await mountView()
    const input = searchInput(wrapper)
    await input.setValue('hj')
    await vi.advanceTimersByTimeAsync(200)
    await flushPromises()
    await input.trigger('keydown', { key: 'ArrowDown' })
    expect(wrapper.findAll('[data-testid="item-result"]')[1]!.attributes('aria-selected')).toBe('true')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(ipc.getServiceItem).toHaveBeenCalledWith('11440700MB2C456')
    const panel = wrapper.get('[data-testid="item-detail"]')
    expect(panel.text()).toContain('户籍证明开具')
    expect(panel.text()).toContain('江门市公安局')
    expect(panel.text()).toContain('不收费')
    expect(panel.text()).toContain('窗口领取、邮政寄递')
    await vi.advanceTimersByTimeAsync(50)
    await flushPromises()
    const rows = wrapper.findAll('[data-testid="material-row"]')
    expect(rows).toHaveLength(3)
    expect(rows[0]!.text()).toContain('居民身份证')
    expect(rows[0]!.text()).toContain('原件')
    expect(rows[0]!.text()).toContain('核心(不可容缺)')
    expect(rows[0]!.text()).toContain('自然人')
    expect(rows[0]!.text()).toContain('居民身份证电子证照')
    expect(rows[1]!.text()).toContain('可容缺(5个工作日内补齐)')
    expect(rows[1]!.text()).toContain('代办时')
    expect(rows[2]!.text()).toContain('复印件')
    expect(rows[2]!.text()).toContain('非必要')
    expect(panel.text()).toContain('尚缺核心材料 1 项')
  })

  it('ticks a material as received', async () => {
    const { wrapper } = await mountView()
    const input = searchInput(wrapper)
    await input.setValue('hj')
    await vi.advanceTimersByTimeAsync(200)
    await flushPromises()
    await wrapper.findAll('[data-testid="item-result"]')[1]!.trigger('click')
    await flushPromises()
    await vi.advanceTimersByTimeAsync(50)
    await flushPromises()
    const first = wrapper.findAll('[data-testid="material-row"]')[0]!
    await first.get('input[type="checkbox"]').setValue(true)
    await flushPromises()
    const panel = wrapper.get('[data-testid="item-detail"]')
    expect(panel.text()).toContain('已收取 1 / 3')
    expect(panel.text()).toContain('核心材料已齐全')
  })

  it('searches at once when Enter comes before the pause ends', async () => {
    const { wrapper } = await mountView()
    const input = searchInput(wrapper)
    await input.setValue('gat')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(ipc.searchServiceItems).toHaveBeenCalledWith('gat', 20)
    expect(ipc.getServiceItem).toHaveBeenCalledWith('11440700MB2C123')
  })

  it('does not search for blank text and shows errors through showError', async () => {
    const err = { code: 'storage', message: '事项目录暂不可用' }
    vi.mocked(ipc.searchServiceItems).mockRejectedValue(err)
    const { wrapper } = await mountView()
    const input = searchInput(wrapper)
    await input.setValue('   ')
    await vi.advanceTimersByTimeAsync(200)
    expect(ipc.searchServiceItems).not.toHaveBeenCalled()
    await input.setValue('x')
    await vi.advanceTimersByTimeAsync(200)
    await flushPromises()
    expect(showError).toHaveBeenCalledWith(err)
    expect(wrapper.text()).toContain('未找到匹配的事项')
  })

  it('refocuses the search box on F2', async () => {
    const { wrapper } = await mountView()
    ;(document.activeElement as HTMLElement).blur()
    expect(document.activeElement).not.toBe(searchInput(wrapper).element)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F2' }))
    expect(document.activeElement).toBe(searchInput(wrapper).element)
  })
})
