import type { UserView } from '@/api/bindings'

/**
 * Where the user works, as the header and the lock screen name it: their department (and its hall),
 * or their hall and window; empty for an admin of no hall.
 */
export function userPlace(u: UserView, windowLabel: (window: string) => string): string {
  if (u.department) return u.hall ? `${u.department.name} · ${u.hall.name}` : u.department.name
  if (u.hall) return u.window ? `${u.hall.name} ${windowLabel(u.window)}` : u.hall.name
  return ''
}
