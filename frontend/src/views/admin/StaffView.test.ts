import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import type { SignInStatusView, StaffMemberView, StaffView as Staff } from '@/api/bindings'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  staff: vi.fn(),
  addStaff: vi.fn(),
  resetPassword: vi.fn(),
  disableSignIn: vi.fn(),
  setIdleLockMinutes: vi.fn(),
  signInStatus: vi.fn(),
  liftLockout: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { useSessionStore } from '@/stores/session'
import { catchMessages, messages, resetMocks } from '@/test/mocks'
import StaffView from './StaffView.vue'

const PENGJIANG = { code: '440703000', name: '蓬江区政务服务中心' }
const MARKET = { code: 'SCJGJ', name: '市场监督管理局' }

function member(over: Partial<StaffMemberView>): StaffMemberView {
  return { username: 'li_min', display_name: '李敏', role: 'window_clerk', hall: PENGJIANG, window: '3', department: null, active: true, ...over }
}

const STAFF: Staff = {
  members: [
    member({ username: 'admin', display_name: '王管理', role: 'admin', hall: null, window: null }),
    member({}),
    member({ username: 'chen_jing', display_name: '陈静', role: 'reviewer', hall: null, window: null, department: MARKET, active: false }),
  ],
  halls: [
    { ...PENGJIANG, windows: ['1', '2', '3'], idle_lock_minutes: 5 },
    { code: '440704000', name: '江海区政务服务中心', windows: ['1'], idle_lock_minutes: 10 },
  ],
  departments: [MARKET, { code: 'GAJ', name: '公安局' }],
}

function status(over: Partial<SignInStatusView> = {}): SignInStatusView {
  return { username: 'li_min', failures: 0, remaining: 5, locked_until: null, ...over }
}

let wrapper: VueWrapper | null = null

beforeEach(() => {
  resetMocks(ipc)
  vi.mocked(showError).mockReset()
  vi.mocked(ipc.staff).mockResolvedValue(STAFF)
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

async function mountStaff() {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().user = {
    username: 'admin',
    display_name: '王管理',
    role: 'admin',
    hall: null,
    window: null,
    department: null,
    idle_lock_minutes: 5,
  }
  wrapper = mount(StaffView, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus] } })
  await settle()
  return wrapper
}

function $<T extends HTMLElement = HTMLElement>(selector: string): T {
  const el = document.body.querySelector<T>(selector)
  if (!el) throw new Error(`no ${selector}`)
  return el
}

function input(testid: string): HTMLInputElement {
  return $<HTMLInputElement>(`input[data-testid="${testid}"]`)
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
  return $(`[data-testid="${testid}"]`).closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
}

/** Picks an option of a select, as the admin would from its menu. */
async function pick(select: string, option: string) {
  $(`[data-testid="${select}"] .el-select__wrapper`).click()
  await flushPromises()
  const options = [...document.body.querySelectorAll<HTMLElement>(`[data-testid="${option}"]`)]
  ;(options.find((o) => o.closest('.el-select-dropdown')) ?? options.at(-1))!.click()
  await flushPromises()
}

function row(username: string) {
  return wrapper!.findAll('[data-testid="staff-row"]').find((r) => r.attributes('data-username') === username)!
}

async function openAdd() {
  await wrapper!.get('[data-testid="staff-add"]').trigger('click')
  await settle()
}

describe('StaffView', () => {
  it('lists every member with role, place and status, the disabled one as 已停用', async () => {
    const w = await mountStaff()
    const rows = w.findAll('[data-testid="staff-row"]')
    expect(rows.map((r) => r.attributes('data-username'))).toEqual(['admin', 'li_min', 'chen_jing'])
    expect(rows[1]!.text()).toContain('李敏')
    expect(rows[1]!.text()).toContain('综合窗口受理员')
    expect(rows[1]!.text()).toContain('蓬江区政务服务中心 3号窗口')
    expect(rows[1]!.get('[data-testid="staff-status"]').text()).toBe('启用')
    expect(rows[2]!.attributes('data-active')).toBe('false')
    expect(rows[2]!.get('[data-testid="staff-status"]').text()).toBe('已停用')
    expect(rows[2]!.text()).toContain('市场监督管理局')
    // A disabled sign-in is not disabled again: a reset brings it back.
    expect(rows[2]!.find('[data-testid="staff-disable"]').exists()).toBe(false)
    expect(rows[2]!.find('[data-testid="staff-reset"]').exists()).toBe(true)
    expect(w.text()).toContain('为其重置密码即恢复登录')
  })

  it('filters by name or username and by hall', async () => {
    const w = await mountStaff()
    await type('staff-filter', '陈')
    expect(w.findAll('[data-testid="staff-row"]').map((r) => r.attributes('data-username'))).toEqual(['chen_jing'])
    await type('staff-filter', 'li_')
    expect(w.findAll('[data-testid="staff-row"]').map((r) => r.attributes('data-username'))).toEqual(['li_min'])
    await type('staff-filter', '')
    await pick('staff-hall-filter', 'staff-hall-filter-440703000')
    expect(w.findAll('[data-testid="staff-row"]').map((r) => r.attributes('data-username'))).toEqual(['li_min'])
  })

  it('does not offer the signed-in admin to disable themself', async () => {
    await mountStaff()
    expect(row('admin').find('[data-testid="staff-disable"]').exists()).toBe(false)
    expect(row('admin').text()).toContain('本人')
    expect(row('li_min').find('[data-testid="staff-disable"]').exists()).toBe(true)
  })

  it('disables a sign-in once confirmed, and reads the list again', async () => {
    vi.mocked(ipc.disableSignIn).mockResolvedValue(null)
    await mountStaff()
    await row('li_min').get('[data-testid="staff-disable"]').trigger('click')
    await settle()
    expect($('[data-testid="disable-confirm"]').textContent).toContain('确定停用李敏的登录吗')
    expect($('[data-testid="disable-confirm"]').textContent).toContain('li_min')
    expect(ipc.disableSignIn).not.toHaveBeenCalled()
    $('[data-testid="disable-submit"]').click()
    await settle()
    expect(ipc.disableSignIn).toHaveBeenCalledWith('li_min')
    expect(messages.success).toHaveBeenCalledWith(expect.objectContaining({ message: '已停用李敏的登录' }))
    expect(ipc.staff).toHaveBeenCalledTimes(2)
  })

  it('adds a reviewer with their department and no hall', async () => {
    vi.mocked(ipc.addStaff).mockResolvedValue(status({ username: 'zhao_li' }))
    await mountStaff()
    await openAdd()
    expect(document.activeElement).toBe(input('staff-username'))
    await type('staff-username', 'zhao_li')
    await type('staff-display-name', '赵丽')
    // A hall chosen for the clerk it was first is not sent once the role needs none.
    await pick('staff-hall', 'staff-hall-440703000')
    await pick('staff-role', 'staff-role-reviewer')
    expect(document.body.querySelector('[data-testid="staff-hall"]')).toBeNull()
    await pick('staff-department', 'staff-department-GAJ')
    await type('staff-password', 'first-pass')
    await type('staff-password-again', 'first-pass')
    input('staff-password-again').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
    await settle()
    expect(ipc.addStaff).toHaveBeenCalledWith({
      username: 'zhao_li',
      display_name: '赵丽',
      role: 'reviewer',
      hall_code: null,
      window: null,
      department_code: 'GAJ',
      password: 'first-pass',
    })
    expect(messages.success).toHaveBeenCalledWith(expect.objectContaining({ message: '已添加工作人员赵丽' }))
    expect(ipc.staff).toHaveBeenCalledTimes(2)
  })

  it("adds a clerk at a hall's window", async () => {
    vi.mocked(ipc.addStaff).mockResolvedValue(status({ username: 'he_yun' }))
    await mountStaff()
    await openAdd()
    expect(document.body.querySelector('[data-testid="staff-department"]')).toBeNull()
    await type('staff-username', 'he_yun')
    await type('staff-display-name', '何云')
    await pick('staff-hall', 'staff-hall-440703000')
    await pick('staff-window', 'staff-window-2')
    await type('staff-password', 'first-pass')
    await type('staff-password-again', 'first-pass')
    $('[data-testid="staff-add-submit"]').click()
    await settle()
    expect(ipc.addStaff).toHaveBeenCalledWith(
      expect.objectContaining({ role: 'window_clerk', hall_code: '440703000', window: '2', department_code: null }),
    )
  })

  it('shows a refusal at the username and keeps what was typed', async () => {
    vi.mocked(ipc.addStaff).mockRejectedValue({ code: 'invalid_input', message: '用户名“li_min”已被使用', field: 'username' })
    await mountStaff()
    await openAdd()
    await type('staff-username', 'li_min')
    await type('staff-display-name', '李敏')
    await pick('staff-hall', 'staff-hall-440703000')
    await type('staff-password', 'first-pass')
    await type('staff-password-again', 'first-pass')
    $('[data-testid="staff-add-submit"]').click()
    await settle()
    expect(await fieldError('staff-username')).toBe('用户名“li_min”已被使用')
    expect(document.activeElement).toBe(input('staff-username'))
    expect(showError).not.toHaveBeenCalled()
    expect(input('staff-username').value).toBe('li_min')
    expect(input('staff-display-name').value).toBe('李敏')
    expect(input('staff-password').value).toBe('first-pass')
    expect($('[data-testid="staff-hall"]').textContent).toContain('蓬江区政务服务中心')
    expect(ipc.staff).toHaveBeenCalledTimes(1)
  })

  it('refuses passwords that differ, or are short, before asking the backend', async () => {
    await mountStaff()
    await openAdd()
    await type('staff-username', 'he_yun')
    await type('staff-display-name', '何云')
    await type('staff-password', 'first-pass')
    await type('staff-password-again', 'first-pasS')
    $('[data-testid="staff-add-submit"]').click()
    await settle()
    expect(await fieldError('staff-password-again')).toBe('两次输入的密码不一致')
    expect(document.activeElement).toBe(input('staff-password-again'))
    await type('staff-password', 'short')
    $('[data-testid="staff-add-submit"]').click()
    await settle()
    expect(await fieldError('staff-password')).toBe('密码至少8位')
    expect(await fieldError('staff-password-again')).toBe('')
    expect(ipc.addStaff).not.toHaveBeenCalled()
  })

  it('resets a password, which brings a disabled sign-in back', async () => {
    vi.mocked(ipc.resetPassword).mockResolvedValue(status({ username: 'chen_jing' }))
    await mountStaff()
    await row('chen_jing').get('[data-testid="staff-reset"]').trigger('click')
    await settle()
    expect(document.activeElement).toBe(input('reset-password'))
    expect($('[data-testid="reset-note"]').textContent).toContain('重置密码后即恢复登录')
    await type('reset-password', 'new-pass-1')
    await type('reset-password-again', 'new-pass-2')
    input('reset-password-again').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
    await settle()
    expect(await fieldError('reset-password-again')).toBe('两次输入的密码不一致')
    expect(ipc.resetPassword).not.toHaveBeenCalled()
    await type('reset-password-again', 'new-pass-1')
    input('reset-password-again').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
    await settle()
    expect(ipc.resetPassword).toHaveBeenCalledWith('chen_jing', 'new-pass-1')
    expect(messages.success).toHaveBeenCalledWith(expect.objectContaining({ message: '已为陈静重置密码，账号已恢复登录' }))
    expect(ipc.staff).toHaveBeenCalledTimes(2)
  })

  it('shows a lock-out in hall time and lifts it', async () => {
    vi.mocked(ipc.signInStatus).mockResolvedValue(status({ failures: 5, remaining: 0, locked_until: '2026-03-02T06:30:00Z' }))
    vi.mocked(ipc.liftLockout).mockResolvedValue(status())
    await mountStaff()
    await row('li_min').get('[data-testid="staff-sign-in"]').trigger('click')
    await settle()
    expect(ipc.signInStatus).toHaveBeenCalledWith('li_min')
    expect($('[data-testid="sign-in-locked"]').textContent).toContain('已锁定，至 2026-03-02 14:30')
    expect($('[data-testid="sign-in-failures"]').textContent).toBe('5 次')
    expect($('[data-testid="sign-in-remaining"]').textContent).toBe('0 次')
    $('[data-testid="sign-in-lift"]').click()
    await settle()
    expect(ipc.liftLockout).toHaveBeenCalledWith('li_min')
    expect($('[data-testid="sign-in-unlocked"]').textContent).toContain('未锁定')
    expect(document.body.querySelector('[data-testid="sign-in-lift"]')).toBeNull()
  })

  it("sets a hall's screen-lock minutes, a refusal shown at them", async () => {
    vi.mocked(ipc.setIdleLockMinutes).mockResolvedValue(15)
    await mountStaff()
    const minutes = $('[data-testid="idle-minutes-440703000"] input') as HTMLInputElement
    expect(minutes.value).toBe('5')
    minutes.value = '15'
    minutes.dispatchEvent(new Event('input'))
    await flushPromises()
    minutes.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
    await settle()
    expect(ipc.setIdleLockMinutes).toHaveBeenCalledWith('440703000', 15)
    expect(messages.success).toHaveBeenCalledWith(expect.objectContaining({ message: '蓬江区政务服务中心的锁屏时间已设为15分钟' }))

    vi.mocked(ipc.setIdleLockMinutes).mockRejectedValue({ code: 'invalid_input', message: '锁屏时间应为1至120分钟', field: 'minutes' })
    $('[data-testid="idle-save-440704000"]').click()
    await settle()
    expect($('[data-hall="440704000"]').textContent).toContain('锁屏时间应为1至120分钟')
    expect(document.activeElement).toBe($('[data-testid="idle-minutes-440704000"] input'))
  })
})
