import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  lockScreen: vi.fn(),
  unlockScreen: vi.fn(),
  logout: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))
vi.mock('@/stores/intake', () => ({ useIntakeStore: () => ({ saveNow: vi.fn(async () => {}) }) }))

import * as ipc from '@/api/ipc'
import { resetMocks } from '@/test/mocks'
import { useSessionStore } from '@/stores/session'
import LockScreen from './LockScreen.vue'

let wrapper: VueWrapper | null = null
let router: Router

async function mountLocked() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const session = useSessionStore()
  session.user = {
    username: 'clerk',
    display_name: '欧阳𠮷',
    role: 'window_clerk',
    hall: { code: '440703000', name: '蓬江区政务服务中心' },
    window: '3',
    department: null,
    idle_lock_minutes: 5,
  }
  session.locked = true
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/login', component: { template: '<div />' } },
    ],
  })
  await router.push('/')
  wrapper = mount(LockScreen, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus, router] } })
  await flushPromises()
  return session
}

function el(testid: string): HTMLElement | null {
  return document.body.querySelector<HTMLElement>(`[data-testid="${testid}"]`)
}

function password(): HTMLInputElement {
  return document.body.querySelector<HTMLInputElement>('input[data-testid="lock-password"]')!
}

async function type(value: string) {
  const input = password()
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function pressEnter() {
  password().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
  await flushPromises()
}

describe('LockScreen', () => {
  beforeEach(() => {
    resetMocks(ipc)
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    document.body.innerHTML = ''
  })

  it('covers the window with who is signed in, the password focused', async () => {
    await mountLocked()
    expect(el('lock-screen')).not.toBeNull()
    expect(el('lock-screen')!.textContent).toContain('屏幕已锁定')
    expect(el('lock-user')!.textContent).toBe('欧阳𠮷')
    expect(el('lock-place')!.textContent).toBe('蓬江区政务服务中心 3号窗口')
    expect(password().type).toBe('password')
    expect(document.activeElement).toBe(password())
    expect(el('lock-unlock')!.textContent).toContain('解锁')
    expect(el('lock-switch-user')!.textContent).toContain('换其他工作人员登录')
  })

  it('is not there while unlocked', async () => {
    const session = await mountLocked()
    session.locked = false
    await flushPromises()
    expect(el('lock-screen')).toBeNull()
  })

  it('makes what Element Plus put under <body> inert while locked (a dialog left open)', async () => {
    const dialog = document.createElement('div')
    document.body.appendChild(dialog)
    const session = await mountLocked()
    expect(dialog.inert).toBe(true)
    expect(el('lock-screen')!.inert).toBeFalsy()
    session.locked = false
    await flushPromises()
    expect(dialog.inert).toBe(false)
  })

  it('unlocks with the password on Enter', async () => {
    vi.mocked(ipc.unlockScreen).mockResolvedValue(null)
    const session = await mountLocked()
    await type('Demo@2026')
    await pressEnter()
    expect(ipc.unlockScreen).toHaveBeenCalledWith('Demo@2026')
    expect(ipc.unlockScreen).toHaveBeenCalledTimes(1)
    expect(session.locked).toBe(false)
    expect(el('lock-screen')).toBeNull()
  })

  it('shows the refusal as it is and stays, the password selected again', async () => {
    const message = '用户名或密码错误，再错3次将锁定15分钟'
    vi.mocked(ipc.unlockScreen).mockRejectedValue({ code: 'unauthenticated', message })
    const session = await mountLocked()
    await type('wrong')
    password().blur()
    el('lock-unlock')!.click()
    await flushPromises()
    expect(ipc.unlockScreen).toHaveBeenCalledWith('wrong')
    expect(el('lock-error')!.textContent).toContain(message)
    expect(session.locked).toBe(true)
    expect(el('lock-screen')).not.toBeNull()
    expect(document.activeElement).toBe(password())
    expect([password().selectionStart, password().selectionEnd]).toEqual([0, 'wrong'.length])
  })

  it('lets another clerk sign in: logged out, to the login page', async () => {
    vi.mocked(ipc.logout).mockResolvedValue(null)
    const session = await mountLocked()
    el('lock-switch-user')!.click()
    await flushPromises()
    expect(ipc.logout).toHaveBeenCalledTimes(1)
    expect(session.user).toBeNull()
    expect(session.locked).toBe(false)
    expect(router.currentRoute.value.path).toBe('/login')
    expect(el('lock-screen')).toBeNull()
  })
})
