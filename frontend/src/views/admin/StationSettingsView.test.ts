import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import type { Role, StationSettingsView as Settings } from '@/api/bindings'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  stationSettings: vi.fn(),
  connectStation: vi.fn(),
  registerStation: vi.fn(),
  restartApp: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { useSessionStore } from '@/stores/session'
import { catchMessages, messages, resetMocks } from '@/test/mocks'
import StationSettingsView from './StationSettingsView.vue'

const HALL_STATION: Settings = {
  city: false,
  database: '/var/lib/onewindow/onewindow.db',
  data_dir: '/var/lib/onewindow',
  hall_code: null,
  window: null,
  station: null,
  suggested_station: null,
  restart_needed: false,
}

const CITY_STATION: Settings = {
  city: true,
  database: 'postgres://db.jiangmen.gov.cn/onewindow',
  data_dir: '/var/lib/onewindow',
  hall_code: '440703000',
  window: '3',
  station: null,
  suggested_station: 'station_440703000_pc3',
  restart_needed: false,
}

let wrapper: VueWrapper | null = null

beforeEach(() => {
  resetMocks(ipc)
  vi.mocked(showError).mockReset()
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

async function mountSettings(settings: Settings, role: Role = 'admin') {
  vi.mocked(ipc.stationSettings).mockResolvedValue(settings)
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().user = { username: role, display_name: '王管理', role, hall: null, window: null, department: null, idle_lock_minutes: 5 }
  wrapper = mount(StationSettingsView, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus] } })
  await settle()
  return wrapper
}

function input(testid: string): HTMLInputElement {
  return document.body.querySelector<HTMLInputElement>(`input[data-testid="${testid}"]`)!
}

async function type(testid: string, value: string) {
  const el = input(testid)
  el.value = value
  el.dispatchEvent(new Event('input'))
  await flushPromises()
}

/** The message the form shows under the control of `testid` (Element Plus shows it 100 ms after the refusal). */
async function fieldError(testid: string): Promise<string> {
  await new Promise((r) => setTimeout(r, 120))
  return input(testid).closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
}

describe('StationSettingsView', () => {
  it('shows a clerk what the station works on, and no form', async () => {
    const w = await mountSettings(CITY_STATION, 'window_clerk')
    expect(w.get('[data-testid="settings-mode"]').text()).toBe('市级数据库')
    expect(w.get('[data-testid="settings-database"]').text()).toBe('postgres://db.jiangmen.gov.cn/onewindow')
    expect(w.get('[data-testid="settings-data-dir"]').text()).toBe('/var/lib/onewindow')
    expect(w.get('[data-testid="settings-hall"]').text()).toBe('440703000')
    expect(w.get('[data-testid="settings-window"]').text()).toBe('3号窗口')
    expect(w.get('[data-testid="settings-station"]').text()).toBe('未登记')
    expect(w.find('[data-testid="connect-form"]').exists()).toBe(false)
    expect(w.find('[data-testid="register-form"]').exists()).toBe(false)
    expect(w.get('[data-testid="settings-admin-only"]').text()).toBe('本站设置由系统管理员更改')
  })

  it("shows a hall's own database, with nothing to register", async () => {
    const w = await mountSettings(HALL_STATION)
    expect(w.get('[data-testid="settings-mode"]').text()).toBe('本大厅数据库')
    expect(w.get('[data-testid="settings-hall"]').text()).toBe('未设置')
    expect(w.find('[data-testid="settings-station"]').exists()).toBe(false)
    expect(w.find('[data-testid="connect-form"]').exists()).toBe(true)
    expect(w.find('[data-testid="register-form"]').exists()).toBe(false)
    expect(w.find('[data-testid="settings-restart-needed"]').exists()).toBe(false)
  })

  it('connects the station to the city database and shows what it now says', async () => {
    vi.mocked(ipc.connectStation).mockResolvedValue({ ...HALL_STATION, restart_needed: true })
    const w = await mountSettings(HALL_STATION)
    await type('connect-url', ' postgres://db.jiangmen.gov.cn/onewindow ')
    await type('connect-hall', '440703000')
    await type('connect-window', '3')
    input('connect-window').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
    await settle()
    expect(ipc.connectStation).toHaveBeenCalledWith('postgres://db.jiangmen.gov.cn/onewindow', '440703000', '3')
    expect(messages.success).toHaveBeenCalledWith(expect.objectContaining({ message: '已连接市级数据库，重新启动后生效' }))
    expect(w.get('[data-testid="settings-restart-needed"]').text()).toContain('本站设置已更改，重新启动后生效')

    await type('connect-window', '')
    await w.get('[data-testid="connect-submit"]').trigger('click')
    await settle()
    expect(vi.mocked(ipc.connectStation).mock.lastCall).toEqual(['postgres://db.jiangmen.gov.cn/onewindow', '440703000', null])
  })

  it('shows a refused address at the address field, nothing cleared', async () => {
    vi.mocked(ipc.connectStation).mockRejectedValue({
      code: 'invalid_input',
      message: '地址中不能写用户名或密码：每位工作人员以自己的账号登录',
      field: 'url',
    })
    const w = await mountSettings(HALL_STATION)
    await type('connect-url', 'postgres://admin:secret@db/onewindow')
    await type('connect-hall', '440703000')
    await w.get('[data-testid="connect-submit"]').trigger('click')
    await settle()
    expect(await fieldError('connect-url')).toBe('地址中不能写用户名或密码：每位工作人员以自己的账号登录')
    expect(document.activeElement).toBe(input('connect-url'))
    expect(showError).not.toHaveBeenCalled()
    expect(input('connect-url').value).toBe('postgres://admin:secret@db/onewindow')
    expect(input('connect-hall').value).toBe('440703000')
  })

  it('registers a city station under the suggested name with the admin’s own password', async () => {
    vi.mocked(ipc.registerStation).mockResolvedValue({ ...CITY_STATION, station: 'station_440703000_pc3', restart_needed: true })
    const w = await mountSettings(CITY_STATION)
    expect(input('connect-url').value).toBe('postgres://db.jiangmen.gov.cn/onewindow')
    expect(input('register-name').value).toBe('station_440703000_pc3')
    await type('register-password', 'admin-pass')
    input('register-password').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
    await settle()
    expect(ipc.registerStation).toHaveBeenCalledWith('station_440703000_pc3', 'admin-pass')
    expect(w.get('[data-testid="settings-station"]').text()).toBe('已登记为 station_440703000_pc3')
    expect(input('register-password').value).toBe('')

    vi.mocked(ipc.registerStation).mockRejectedValue({ code: 'invalid_input', message: '请输入您的密码', field: 'password' })
    await w.get('[data-testid="register-submit"]').trigger('click')
    await settle()
    expect(await fieldError('register-password')).toBe('请输入您的密码')
    expect(document.activeElement).toBe(input('register-password'))
  })

  it('offers the admin a restart once the settings changed, and a clerk only the notice', async () => {
    vi.mocked(ipc.restartApp).mockReturnValue(new Promise(() => {}))
    const w = await mountSettings({ ...CITY_STATION, restart_needed: true })
    expect(w.get('[data-testid="settings-restart-needed"]').text()).toContain('本站设置已更改，重新启动后生效')
    await w.get('[data-testid="settings-restart"]').trigger('click')
    await settle()
    expect(ipc.restartApp).toHaveBeenCalledTimes(1)
    wrapper!.unmount()
    wrapper = null

    const clerk = await mountSettings({ ...CITY_STATION, restart_needed: true }, 'window_clerk')
    expect(clerk.get('[data-testid="settings-restart-needed"]').text()).toContain('本站设置已更改，重新启动后生效')
    expect(clerk.find('[data-testid="settings-restart"]').exists()).toBe(false)
  })
})
