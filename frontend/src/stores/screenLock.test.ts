import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { UserView } from '@/api/bindings'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  lockScreen: vi.fn(),
  unlockScreen: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))
const saveNow = vi.fn()
vi.mock('./intake', () => ({ useIntakeStore: () => ({ saveNow }) }))

import * as ipc from '@/api/ipc'
import { resetMocks } from '@/test/mocks'
import { useSessionStore } from './session'
import { useScreenLockStore } from './screenLock'

const MINUTE = 60_000

function clerk(idle_lock_minutes = 5): UserView {
  return {
    username: 'clerk',
    display_name: '李敏',
    role: 'window_clerk',
    hall: { code: '440700000', name: '江门市政务服务中心' },
    window: 'A01',
    department: null,
    idle_lock_minutes,
  }
}

function move() {
  window.dispatchEvent(new MouseEvent('mousemove'))
}

describe('screen lock', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
    resetMocks(ipc)
    saveNow.mockReset()
    saveNow.mockResolvedValue(undefined)
    vi.mocked(ipc.lockScreen).mockResolvedValue(null)
  })

  afterEach(() => {
    useScreenLockStore().stop()
    vi.useRealTimers()
  })

  it("locks after the hall's idle minutes, the intake saved first", async () => {
    const session = useSessionStore()
    session.user = clerk(5)
    useScreenLockStore().start()
    await vi.advanceTimersByTimeAsync(5 * MINUTE - 1)
    expect(ipc.lockScreen).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(saveNow).toHaveBeenCalledTimes(1)
    expect(ipc.lockScreen).toHaveBeenCalledTimes(1)
    expect(saveNow.mock.invocationCallOrder[0]).toBeLessThan(vi.mocked(ipc.lockScreen).mock.invocationCallOrder[0])
    expect(session.locked).toBe(true)
  })

  it('counts the idle time afresh after any input', async () => {
    const session = useSessionStore()
    session.user = clerk(2)
    useScreenLockStore().start()
    await vi.advanceTimersByTimeAsync(2 * MINUTE - 1000)
    move()
    await vi.advanceTimersByTimeAsync(2 * MINUTE - 1000)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
    await vi.advanceTimersByTimeAsync(2 * MINUTE - 1000)
    expect(session.locked).toBe(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(session.locked).toBe(true)
  })

  it('does nothing while signed out, nor once stopped (the login page)', async () => {
    const session = useSessionStore()
    const lock = useScreenLockStore()
    lock.start()
    await vi.advanceTimersByTimeAsync(60 * MINUTE)
    expect(ipc.lockScreen).not.toHaveBeenCalled()
    session.user = clerk(5)
    await vi.advanceTimersByTimeAsync(4 * MINUTE)
    session.user = null
    await vi.advanceTimersByTimeAsync(60 * MINUTE)
    lock.stop()
    session.user = clerk(5)
    await vi.advanceTimersByTimeAsync(60 * MINUTE)
    expect(ipc.lockScreen).not.toHaveBeenCalled()
    expect(session.locked).toBe(false)
  })

  it('locks at once when asked, and once however often', async () => {
    const session = useSessionStore()
    session.user = clerk()
    const lock = useScreenLockStore()
    lock.start()
    await Promise.all([lock.lock(), lock.lock()])
    await lock.lock()
    expect(ipc.lockScreen).toHaveBeenCalledTimes(1)
    expect(session.locked).toBe(true)
  })

  it('locks even when the draft could not be saved', async () => {
    const session = useSessionStore()
    session.user = clerk()
    saveNow.mockRejectedValue(new Error('save failed'))
    await useScreenLockStore().lock()
    expect(ipc.lockScreen).toHaveBeenCalled()
    expect(session.locked).toBe(true)
  })

  it('unlocks with the password and counts the idle time again', async () => {
    const session = useSessionStore()
    session.user = clerk(5)
    const lock = useScreenLockStore()
    lock.start()
    await lock.lock()
    // Locked: no second lock however long it stays so.
    await vi.advanceTimersByTimeAsync(60 * MINUTE)
    expect(ipc.lockScreen).toHaveBeenCalledTimes(1)
    vi.mocked(ipc.unlockScreen).mockResolvedValue(null)
    await expect(lock.unlock('Demo@2026')).resolves.toBeNull()
    expect(ipc.unlockScreen).toHaveBeenCalledWith('Demo@2026')
    expect(session.locked).toBe(false)
    await vi.advanceTimersByTimeAsync(5 * MINUTE)
    expect(ipc.lockScreen).toHaveBeenCalledTimes(2)
    expect(session.locked).toBe(true)
  })

  it('stays locked on a wrong password, with the backend’s message', async () => {
    const session = useSessionStore()
    session.user = clerk()
    session.locked = true
    vi.mocked(ipc.unlockScreen).mockRejectedValue({ code: 'unauthenticated', message: '用户名或密码错误，再错3次将锁定15分钟' })
    const refused = await useScreenLockStore().unlock('wrong')
    expect(refused).toMatchObject({ code: 'unauthenticated', message: '用户名或密码错误，再错3次将锁定15分钟' })
    expect(session.locked).toBe(true)
  })
})
