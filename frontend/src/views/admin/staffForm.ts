// 工作人员: what the admin's form for a new member of staff sends, and the password checks made before
// anything is sent (the backend makes them again, and the username rule, which it alone states).
import type { NewStaffRequest, Role, StaffMemberView } from '@/api/bindings'

/** Where a role works: at a hall (a window there optional), for a department, or neither. */
export type Post = 'hall' | 'department' | 'none'

// Every role once, in the order the role menu offers them: a role added on the Rust side does not
// compile here until it is given its post.
const POSTS = {
  window_clerk: 'hall',
  reviewer: 'department',
  department_lead: 'department',
  dispatcher: 'hall',
  supervisor: 'hall',
  admin: 'none',
} as const satisfies Record<Role, Post>

export const STAFF_ROLES = Object.keys(POSTS) as Role[]

export function postOfRole(role: Role): Post {
  return POSTS[role]
}

/** The city database's rule for a password (migration 0002), told before asking it. */
export const MIN_PASSWORD_CHARS = 8

/** A new password typed twice: too short, or the two differ; null when it will do. */
export type PasswordProblem = 'short' | 'mismatch'

export function passwordProblem(password: string, again: string): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_CHARS) return 'short'
  if (password !== again) return 'mismatch'
  return null
}

/** The form as the admin fills it in; a place not chosen is empty. */
export interface StaffForm {
  username: string
  display_name: string
  role: Role
  hall_code: string
  window: string
  department_code: string
  password: string
  password_again: string
}

export function emptyStaffForm(): StaffForm {
  return { username: '', display_name: '', role: 'window_clerk', hall_code: '', window: '', department_code: '', password: '', password_again: '' }
}

/** The request: only the places the role uses (a hall chosen before the role changed is not sent), none for blanks. */
export function newStaffRequest(form: StaffForm): NewStaffRequest {
  const post = postOfRole(form.role)
  const orNone = (v: string) => (v.trim() === '' ? null : v.trim())
  return {
    username: form.username.trim(),
    display_name: form.display_name.trim(),
    role: form.role,
    hall_code: post === 'hall' ? orNone(form.hall_code) : null,
    window: post === 'hall' && form.hall_code.trim() !== '' ? orNone(form.window) : null,
    department_code: post === 'department' ? orNone(form.department_code) : null,
    password: form.password,
  }
}

/** Whether a member matches the filter box: a part of their name or username. */
export function memberMatches(member: StaffMemberView, filter: string): boolean {
  const f = filter.trim().toLowerCase()
  return f === '' || member.display_name.toLowerCase().includes(f) || member.username.includes(f)
}
