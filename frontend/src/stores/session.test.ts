import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Role, SessionView, UserView } from '@/api/bindings'

vi.mock('@/api/ipc', () => ({
  login: vi.fn(),
  logout: vi.fn(),
  currentUser: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { reportScreenLocked } from '@/api/screenLocked'
import { homeForRole, useSessionStore } from './session'

function user(role: Role): UserView {
  return {
    username: 'u1',
    display_name: '欧阳𠮷',
    role,
    hall: { code: 'JM-PJ', name: '蓬江区政务服务中心' },
    window: '3',
    department: null,
    idle_lock_minutes: 5,
  }
}

function signedIn(role: Role, locked = false): SessionView {
  return { user: user(role), locked }
}

describe('session store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(ipc.login).mockReset()
    vi.mocked(ipc.logout).mockReset()
    vi.mocked(ipc.currentUser).mockReset()
    vi.mocked(showError).mockReset()
  })

  it.each([
    ['window_clerk', '/clerk'],
    ['reviewer', '/reviewer'],
    ['dispatcher', '/dispatcher'],
    ['supervisor', '/overview'],
    ['admin', '/overview'],
  ] as const)('routes %s to %s after login', async (role, path) => {
    expect(homeForRole(role)).toBe(path)
    vi.mocked(ipc.login).mockResolvedValue(signedIn(role))
    const session = useSessionStore()
    await expect(session.login('u1', 'pw')).resolves.toBe(path)
    expect(ipc.login).toHaveBeenCalledWith('u1', 'pw')
    expect(session.loggedIn).toBe(true)
    expect(session.homePath).toBe(path)
  })

  it('shows the error and stays logged out when login fails', async () => {
    const err = { code: 'unauthenticated', message: '用户名或密码错误，再错3次将锁定15分钟' }
    vi.mocked(ipc.login).mockRejectedValue(err)
    const session = useSessionStore()
    await expect(session.login('u1', 'bad')).resolves.toBeNull()
    expect(showError).toHaveBeenCalledWith(err)
    expect(session.user).toBeNull()
    expect(session.homePath).toBe('/login')
  })

  it('restores the user once from current_user', async () => {
    vi.mocked(ipc.currentUser).mockResolvedValue(signedIn('reviewer'))
    const session = useSessionStore()
    await Promise.all([session.restore(), session.restore()])
    await session.restore()
    expect(ipc.currentUser).toHaveBeenCalledTimes(1)
    expect(session.restored).toBe(true)
    expect(session.homePath).toBe('/reviewer')
    expect(session.user?.display_name).toBe('欧阳𠮷')
    expect(session.locked).toBe(false)
  })

  it('restores a locked screen as locked', async () => {
    vi.mocked(ipc.currentUser).mockResolvedValue(signedIn('window_clerk', true))
    const session = useSessionStore()
    await session.restore()
    expect(session.user?.idle_lock_minutes).toBe(5)
    expect(session.locked).toBe(true)
  })

  it('locks when the backend refuses a command for the lock', async () => {
    vi.mocked(ipc.login).mockResolvedValue(signedIn('window_clerk'))
    const session = useSessionStore()
    await session.login('u1', 'pw')
    expect(session.locked).toBe(false)
    reportScreenLocked()
    expect(session.locked).toBe(true)
  })

  it('treats a null current_user as logged out', async () => {
    vi.mocked(ipc.currentUser).mockResolvedValue(null)
    const session = useSessionStore()
    await session.restore()
    expect(session.loggedIn).toBe(false)
    expect(showError).not.toHaveBeenCalled()
  })

  it('clears the user on logout even when the shell fails', async () => {
    vi.mocked(ipc.currentUser).mockResolvedValue(signedIn('window_clerk', true))
    vi.mocked(ipc.logout).mockRejectedValue({ code: 'storage', message: '数据库不可用' })
    const session = useSessionStore()
    await session.restore()
    await session.logout()
    expect(session.user).toBeNull()
    expect(session.locked).toBe(false)
    expect(showError).toHaveBeenCalled()
  })
})
