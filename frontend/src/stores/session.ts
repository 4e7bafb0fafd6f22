import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { onScreenLocked } from '@/api/screenLocked'
import type { Role, UserView } from '@/api/bindings'
import { whileBusy } from './busy'

/** Who works the department queue: a lead reviews too. */
export const REVIEWER_ROLES: Role[] = ['reviewer', 'department_lead']

/** Where each role starts after login. */
export function homeForRole(role: Role): string {
  switch (role) {
    case 'window_clerk':
      return '/clerk'
    case 'reviewer':
    case 'department_lead':
      return '/reviewer'
    case 'dispatcher':
      return '/dispatcher'
    case 'supervisor':
    case 'admin':
      return '/overview'
  }
}

export const useSessionStore = defineStore('session', () => {
  const user = ref<UserView | null>(null)
  /** The screen is locked (stores/screenLock.ts): the lock screen hides the rest until unlocked. */
  const locked = ref(false)
  /** True once `current_user` has been asked at start-up (whatever it answered). */
  const restored = ref(false)
  const busy = ref(false)

  const loggedIn = computed(() => user.value !== null)
  const homePath = computed(() => (user.value ? homeForRole(user.value.role) : '/login'))

  let restoring: Promise<void> | null = null

  // Whichever command the backend refused for the lock, the lock screen comes up.
  onScreenLocked(() => {
    locked.value = true
  })

  /** Asks the shell who is logged in (once per start-up; later calls share the first answer). */
  function restore(): Promise<void> {
    if (restored.value) return Promise.resolve()
    restoring ??= ipc
      .currentUser()
      .then((found) => {
        user.value = found?.user ?? null
        locked.value = found?.locked ?? false
      })
      .catch((e) => {
        user.value = null
        locked.value = false
        showError(e)
      })
      .finally(() => {
        restored.value = true
        restoring = null
      })
    return restoring
  }

  /** Logs in and returns the path of the role's home; null (and a message shown) on failure. */
  async function login(username: string, password: string): Promise<string | null> {
    const found = await whileBusy(busy, () => ipc.login(username, password))
    if (!found) return null
    user.value = found.user
    locked.value = found.locked
    restored.value = true
    return homeForRole(found.user.role)
  }

  async function logout(): Promise<void> {
    try {
      await ipc.logout()
    } catch (e) {
      showError(e)
    } finally {
      user.value = null
      locked.value = false
    }
  }

  return { user, locked, restored, busy, loggedIn, homePath, restore, login, logout }
})
