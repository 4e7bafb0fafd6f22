// The screen lock of a shared window: after the hall's idle minutes without input, or at once from
// the header (Ctrl+Alt+L), the screen locks until the signed-in user's password unlocks it. The
// intake in progress is saved first: once locked, the backend refuses every command.
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type { IpcError } from '@/api/bindings'
import { useSessionStore } from './session'
import { useIntakeStore } from './intake'

/** What counts as the clerk being there. */
const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'pointerdown'] as const

// Capture: a screen that stops an event still counts it. Passive: it only resets a timer.
const LISTENING = { capture: true, passive: true } as const

export const useScreenLockStore = defineStore('screenLock', () => {
  const session = useSessionStore()
  const unlocking = ref(false)

  /** Between start() and stop(): the signed-in screens are up. */
  let watching = false
  let timer: ReturnType<typeof setTimeout> | null = null
  let locking: Promise<void> | null = null

  function disarm(): void {
    if (timer) clearTimeout(timer)
    timer = null
  }

  function arm(): void {
    disarm()
    const minutes = session.user?.idle_lock_minutes ?? 0
    // A hall without the setting (0) does not lock by itself.
    if (!watching || session.locked || !(minutes > 0)) return
    timer = setTimeout(() => void lock(), minutes * 60_000)
  }

  function onActivity(): void {
    if (timer) arm()
  }

  /** Counts input on the window from now on (the layout of the signed-in screens is up). */
  function start(): void {
    if (watching) return
    watching = true
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, LISTENING)
    arm()
  }

  function stop(): void {
    watching = false
    for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, LISTENING)
    disarm()
  }

  // Signed in or out, locked or unlocked: the idle time counts afresh.
  watch(() => [session.user, session.locked], arm)

  /** Saves the intake in progress, then locks the screen (once, however often it is asked). */
  function lock(): Promise<void> {
    if (!session.user || session.locked) return Promise.resolve()
    locking ??= (async () => {
      disarm()
      // A failed save is shown by the intake store; the screen locks all the same.
      await useIntakeStore()
        .saveNow()
        .catch(() => {})
      try {
        await ipc.lockScreen()
      } catch (e) {
        showError(e)
      }
      // Signed out meanwhile: nothing left to lock.
      if (session.user) session.locked = true
    })().finally(() => {
      locking = null
    })
    return locking
  }

  /** Unlocks with the signed-in user's password: null once unlocked, else the backend's refusal. */
  async function unlock(password: string): Promise<IpcError | null> {
    unlocking.value = true
    try {
      await ipc.unlockScreen(password)
      session.locked = false
      return null
    } catch (e) {
      return ipc.toIpcError(e)
    } finally {
      unlocking.value = false
    }
  }

  return { unlocking, start, stop, lock, unlock }
})
