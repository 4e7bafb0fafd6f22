import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'
import type { Role, StationStatusView } from '@/api/bindings'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  stationStatus: vi.fn(),
  lockScreen: vi.fn(),
  unlockScreen: vi.fn(),
  logout: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))
const outbox = { handlers: [] as (() => void)[], unsubscribe: vi.fn() }
vi.mock('@/api/events', () => ({
  onOutboxChanged: vi.fn((handler: () => void) => {
    outbox.handlers.push(handler)
    return outbox.unsubscribe
  }),
}))
vi.mock('@/stores/intake', () => ({ useIntakeStore: () => ({ saveNow: vi.fn(async () => {}) }) }))

import * as ipc from '@/api/ipc'
import { resetMocks } from '@/test/mocks'
import { useSessionStore } from '@/stores/session'
import AppLayout from './AppLayout.vue'

let wrapper: VueWrapper | null = null

function cityStation(over: Partial<StationStatusView> = {}): StationStatusView {
  return { city: true, registered: true, offline: false, pending: 0, numbers_left: 50, conflicts: [], ...over }
}

async function mountLayout(status: StationStatusView, role: Role = 'window_clerk') {
  vi.mocked(ipc.stationStatus).mockResolvedValue(status)
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().user = {
    username: 'clerk',
    display_name: '李敏',
    role,
    hall: { code: '440703000', name: '蓬江区政务服务中心' },
    window: '3',
    department: null,
    idle_lock_minutes: 0,
  }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: AppLayout, children: [{ path: '', component: { template: '<div />' } }] },
      { path: '/:rest(.*)*', component: { template: '<div />' } },
    ],
  })
  await router.push('/')
  wrapper = mount(
    { template: '<router-view />' },
    { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus, router] } },
  )
  await flushPromises()
}

function el(testid: string): HTMLElement | null {
  return document.body.querySelector<HTMLElement>(`[data-testid="${testid}"]`)
}

/** Lets Element Plus open a tooltip or a popover (it does so on a timer, then renders into the body). */
async function settle() {
  await flushPromises()
  await new Promise((r) => setTimeout(r, 20))
  await flushPromises()
}

describe('the header on a city station', () => {
  beforeEach(() => {
    resetMocks(ipc)
    outbox.handlers = []
    outbox.unsubscribe.mockReset()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    document.body.innerHTML = ''
  })

  it('says 离线 and how many intakes wait to be handed in, with the numbers left on hover', async () => {
    await mountLayout(cityStation({ offline: true, pending: 3, numbers_left: 37 }))
    expect(ipc.stationStatus).toHaveBeenCalledTimes(1)
    const offline = el('station-offline')!
    expect(offline.textContent?.trim()).toBe('离线')
    expect(offline.classList).toContain('el-tag--danger')
    expect(el('station-pending')?.textContent?.trim()).toBe('3 件待同步')
    expect(el('station-conflicts')).toBeNull()

    const tip = '城市数据库暂时无法连接：受理照常进行，编号来自本站预领号段（剩余 37 个），恢复后自动提交'
    expect(document.body.textContent).not.toContain(tip)
    offline.dispatchEvent(new MouseEvent('mouseenter'))
    await settle()
    expect(document.body.textContent).toContain(tip)
  })

  it('lists the intakes the city refused, each with its reason', async () => {
    await mountLayout(
      cityStation({
        pending: 5,
        conflicts: [
          { case: '4407030002026120200001', reason: '办件编号已被占用' },
          { case: '4407030002026120200002', reason: '事项已停止受理' },
        ],
      }),
    )
    expect(el('station-offline')).toBeNull()
    // Pending counts the refused ones too: they are shown apart, not twice.
    expect(el('station-pending')?.textContent?.trim()).toBe('3 件待同步')
    const conflicts = el('station-conflicts')!
    expect(conflicts.textContent?.trim()).toBe('2 件需处理')
    expect(conflicts.classList).toContain('el-tag--warning')

    const popover = () => document.body.querySelector<HTMLElement>('[data-testid="station-conflict-list"]')!.closest<HTMLElement>('.el-popover')!
    expect(popover().style.display).toBe('none')
    conflicts.click()
    await settle()
    expect(popover().style.display).not.toBe('none')
    const rows = [...document.body.querySelectorAll<HTMLElement>('[data-testid="station-conflict"]')]
    expect(rows.map((r) => r.dataset.case)).toEqual(['4407030002026120200001', '4407030002026120200002'])
    expect(rows[0]!.textContent).toContain('办件编号已被占用')
    expect(rows[1]!.textContent).toContain('事项已停止受理')
  })

  it('opens the refusals from the keyboard too (Enter on the focused tag)', async () => {
    await mountLayout(cityStation({ pending: 1, conflicts: [{ case: '4407030002026120200001', reason: '办件编号已被占用' }] }))
    const conflicts = el('station-conflicts')!
    const popover = () => document.body.querySelector<HTMLElement>('[data-testid="station-conflict-list"]')!.closest<HTMLElement>('.el-popover')!
    conflicts.focus()
    expect(document.activeElement).toBe(conflicts)
    expect(popover().style.display).toBe('none')
    conflicts.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true }))
    await settle()
    expect(popover().style.display).not.toBe('none')
  })

  it('follows outbox-changed: the count goes once the city took the intakes', async () => {
    await mountLayout(cityStation({ offline: true, pending: 1 }))
    expect(el('station-pending')).not.toBeNull()
    vi.mocked(ipc.stationStatus).mockResolvedValue(cityStation())
    outbox.handlers[0]!()
    await flushPromises()
    expect(el('station-status')).toBeNull()
    expect(el('station-offline')).toBeNull()
    expect(el('station-pending')).toBeNull()
  })

  it('shows nothing on a city station online with nothing to hand in', async () => {
    await mountLayout(cityStation())
    expect(ipc.stationStatus).toHaveBeenCalledTimes(1)
    expect(el('station-status')).toBeNull()
  })

  it("shows nothing on a hall's own file", async () => {
    await mountLayout({ city: false, registered: false, offline: true, pending: 4, numbers_left: 0, conflicts: [{ case: 'x', reason: 'y' }] })
    expect(el('user-name')).not.toBeNull()
    expect(el('station-status')).toBeNull()
    expect(el('station-offline')).toBeNull()
    expect(el('station-pending')).toBeNull()
    expect(el('station-conflicts')).toBeNull()
  })

  it('stops following the station when the layout goes', async () => {
    await mountLayout(cityStation({ offline: true }))
    wrapper!.unmount()
    wrapper = null
    expect(outbox.unsubscribe).toHaveBeenCalledTimes(1)
  })
})

describe('the header links', () => {
  beforeEach(() => resetMocks(ipc))

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    document.body.innerHTML = ''
  })

  // The clerk's header is full at 1280 px: the settings screen is the admin's to reach from it.
  it('leads the admin alone to the station settings and the staff', async () => {
    await mountLayout(cityStation())
    expect(el('nav-settings')).toBeNull()
    expect(el('nav-staff')).toBeNull()
    wrapper!.unmount()
    wrapper = null
    await mountLayout(cityStation(), 'admin')
    expect(el('nav-settings')?.textContent?.trim()).toBe('本站设置')
    expect(el('nav-settings')?.getAttribute('href')).toContain('/settings')
    expect(el('nav-staff')?.textContent?.trim()).toBe('工作人员')
    expect(el('nav-staff')?.getAttribute('href')).toContain('/admin/staff')
  })
})
