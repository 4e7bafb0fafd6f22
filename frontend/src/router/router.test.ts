import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Role, SessionView, UserView } from '@/api/bindings'

vi.mock('@/api/ipc', () => ({ currentUser: vi.fn(), login: vi.fn(), logout: vi.fn() }))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))

import * as ipc from '@/api/ipc'
import { installGuards, routes } from '.'

function user(role: Role): UserView {
  return { username: 'u', display_name: '测试', role, hall: null, window: null, department: null, idle_lock_minutes: 5 }
}

function signedIn(role: Role): SessionView {
  return { user: user(role), locked: false }
}

async function navigate(path: string) {
  const router = createRouter({ history: createMemoryHistory(), routes })
  installGuards(router)
  await router.push(path)
  return router.currentRoute.value.fullPath
}

describe('router guard', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(ipc.currentUser).mockReset()
  })

  it('sends a visitor without a session to /login', async () => {
    vi.mocked(ipc.currentUser).mockResolvedValue(null)
    expect(await navigate('/reviewer')).toBe('/login')
    expect(await navigate('/cases/JM1')).toBe('/login')
  })

  it('sends a restored user from / and /login to the role home', async () => {
    vi.mocked(ipc.currentUser).mockResolvedValue(signedIn('dispatcher'))
    expect(await navigate('/')).toBe('/dispatcher')
    setActivePinia(createPinia())
    expect(await navigate('/login')).toBe('/dispatcher')
  })

  it('keeps users on screens of their role', async () => {
    vi.mocked(ipc.currentUser).mockResolvedValue(signedIn('reviewer'))
    expect(await navigate('/overview')).toBe('/reviewer')
    setActivePinia(createPinia())
    expect(await navigate('/cases/JM2025000001')).toBe('/cases/JM2025000001')
  })

  it('opens the printer setup for every role', async () => {
    for (const role of ['window_clerk', 'reviewer', 'dispatcher', 'supervisor', 'admin'] as const) {
      setActivePinia(createPinia())
      vi.mocked(ipc.currentUser).mockResolvedValue(signedIn(role))
      expect(await navigate('/printers')).toBe('/printers')
    }
  })

  it('lets a supervisor use the intake screen and the overview', async () => {
    vi.mocked(ipc.currentUser).mockResolvedValue(signedIn('supervisor'))
    expect(await navigate('/clerk')).toBe('/clerk')
    setActivePinia(createPinia())
    expect(await navigate('/overview')).toBe('/overview')
  })

  it('lets a department lead work the queue and review cases, as a reviewer does', async () => {
    for (const role of ['reviewer', 'department_lead'] as const) {
      setActivePinia(createPinia())
      vi.mocked(ipc.currentUser).mockResolvedValue(signedIn(role))
      expect(await navigate('/')).toBe('/reviewer')
      setActivePinia(createPinia())
      expect(await navigate('/reviewer/cases/4407030002026120200001')).toBe('/reviewer/cases/4407030002026120200001')
      setActivePinia(createPinia())
      expect(await navigate('/clerk/correction')).toBe('/reviewer')
    }
  })

  it('takes corrections at the window from a clerk only', async () => {
    vi.mocked(ipc.currentUser).mockResolvedValue(signedIn('window_clerk'))
    expect(await navigate('/clerk/correction')).toBe('/clerk/correction')
    setActivePinia(createPinia())
    expect(await navigate('/reviewer/cases/4407030002026120200001')).toBe('/clerk')
    setActivePinia(createPinia())
    vi.mocked(ipc.currentUser).mockResolvedValue(signedIn('dispatcher'))
    expect(await navigate('/clerk/correction')).toBe('/dispatcher')
  })

  it('looks up progress at the window for clerks, supervisors and admins, and leaves scans to that screen', async () => {
    for (const role of ['window_clerk', 'supervisor', 'admin'] as const) {
      setActivePinia(createPinia())
      vi.mocked(ipc.currentUser).mockResolvedValue(signedIn(role))
      expect(await navigate('/clerk/progress')).toBe('/clerk/progress')
    }
    setActivePinia(createPinia())
    vi.mocked(ipc.currentUser).mockResolvedValue(signedIn('reviewer'))
    expect(await navigate('/clerk/progress')).toBe('/reviewer')
    const route = routes.flatMap((r) => r.children ?? []).find((r) => r.name === 'progress-lookup')
    expect(route?.meta?.ownsBarcode).toBe(true)
  })

  it('opens the follow-ups of tolerated materials to the window, the back office and the supervisors, not to a dispatcher', async () => {
    for (const role of ['window_clerk', 'reviewer', 'department_lead', 'supervisor', 'admin'] as const) {
      setActivePinia(createPinia())
      vi.mocked(ipc.currentUser).mockResolvedValue(signedIn(role))
      expect(await navigate('/followups')).toBe('/followups')
    }
    setActivePinia(createPinia())
    vi.mocked(ipc.currentUser).mockResolvedValue(signedIn('dispatcher'))
    expect(await navigate('/followups')).toBe('/dispatcher')
  })

  it('hands results out at the window to clerks only, with the case of ?case= and scans left to that screen', async () => {
    vi.mocked(ipc.currentUser).mockResolvedValue(signedIn('window_clerk'))
    expect(await navigate('/clerk/issuance?case=4407030002026120200001')).toBe('/clerk/issuance?case=4407030002026120200001')
    for (const [role, home] of [
      ['supervisor', '/overview'],
      ['reviewer', '/reviewer'],
    ] as const) {
      setActivePinia(createPinia())
      vi.mocked(ipc.currentUser).mockResolvedValue(signedIn(role))
      expect(await navigate('/clerk/issuance')).toBe(home)
    }
    const route = routes.flatMap((r) => r.children ?? []).find((r) => r.name === 'issuance')
    expect(route?.meta?.ownsBarcode).toBe(true)
    const props = route?.props as (r: { query: Record<string, unknown> }) => Record<string, unknown>
    expect(props({ query: { case: '4407030002026120200001' } })).toEqual({ initial: '4407030002026120200001' })
    expect(props({ query: {} })).toEqual({ initial: null })
  })

  it('opens the courier desk to dispatchers (scans ticking cases there) and the waybill ranges to admins, dispatchers and supervisors', async () => {
    for (const role of ['admin', 'dispatcher', 'supervisor'] as const) {
      setActivePinia(createPinia())
      vi.mocked(ipc.currentUser).mockResolvedValue(signedIn(role))
      expect(await navigate('/courier/ranges')).toBe('/courier/ranges')
    }
    for (const [role, home] of [
      ['window_clerk', '/clerk'],
      ['reviewer', '/reviewer'],
    ] as const) {
      setActivePinia(createPinia())
      vi.mocked(ipc.currentUser).mockResolvedValue(signedIn(role))
      expect(await navigate('/courier/ranges')).toBe(home)
    }
    setActivePinia(createPinia())
    vi.mocked(ipc.currentUser).mockResolvedValue(signedIn('admin'))
    expect(await navigate('/dispatcher')).toBe('/overview')
    const children = routes.flatMap((r) => r.children ?? [])
    expect(children.find((r) => r.name === 'waybill-ranges')?.path).toBe('courier/ranges')
    expect(children.find((r) => r.name === 'dispatcher')?.meta?.ownsBarcode).toBe(true)
  })

  it('opens the staff to the admin only and the station settings to every role', async () => {
    vi.mocked(ipc.currentUser).mockResolvedValue(signedIn('admin'))
    expect(await navigate('/admin/staff')).toBe('/admin/staff')
    for (const [role, home] of [
      ['window_clerk', '/clerk'],
      ['reviewer', '/reviewer'],
      ['dispatcher', '/dispatcher'],
      ['supervisor', '/overview'],
    ] as const) {
      setActivePinia(createPinia())
      vi.mocked(ipc.currentUser).mockResolvedValue(signedIn(role))
      expect(await navigate('/admin/staff')).toBe(home)
    }
    for (const role of ['window_clerk', 'reviewer', 'department_lead', 'dispatcher', 'supervisor', 'admin'] as const) {
      setActivePinia(createPinia())
      vi.mocked(ipc.currentUser).mockResolvedValue(signedIn(role))
      expect(await navigate('/settings')).toBe('/settings')
    }
    const children = routes.flatMap((r) => r.children ?? [])
    expect(children.find((r) => r.name === 'staff')?.path).toBe('admin/staff')
    expect(children.find((r) => r.name === 'settings')?.path).toBe('settings')
  })
})
