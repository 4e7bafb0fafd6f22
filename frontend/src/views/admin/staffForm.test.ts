import { describe, expect, it } from 'vitest'
import { STAFF_ROLES, emptyStaffForm, newStaffRequest, passwordProblem, postOfRole } from './staffForm'

describe('staffForm', () => {
  it('gives every role its post, as the backend asks of it', () => {
    expect(STAFF_ROLES.map((r) => [r, postOfRole(r)])).toEqual([
      ['window_clerk', 'hall'],
      ['reviewer', 'department'],
      ['department_lead', 'department'],
      ['dispatcher', 'hall'],
      ['supervisor', 'hall'],
      ['admin', 'none'],
    ])
  })

  it('sends only the places the role uses, blanks as none', () => {
    const form = { ...emptyStaffForm(), username: ' he_yun ', display_name: ' 何云 ', hall_code: '440703000', window: '2', department_code: 'GAJ' }
    expect(newStaffRequest(form)).toEqual({
      username: 'he_yun',
      display_name: '何云',
      role: 'window_clerk',
      hall_code: '440703000',
      window: '2',
      department_code: null,
      password: '',
    })
    expect(newStaffRequest({ ...form, role: 'department_lead' })).toMatchObject({ hall_code: null, window: null, department_code: 'GAJ' })
    expect(newStaffRequest({ ...form, role: 'admin' })).toMatchObject({ hall_code: null, window: null, department_code: null })
    expect(newStaffRequest({ ...form, role: 'dispatcher', window: ' ' })).toMatchObject({ hall_code: '440703000', window: null })
  })

  it('wants a password of 8 characters at least, typed the same twice', () => {
    expect(passwordProblem('1234567', '1234567')).toBe('short')
    // Characters, not bytes or UTF-16 units.
    expect(passwordProblem('密码密码密码密码', '密码密码密码密码')).toBeNull()
    expect(passwordProblem('𠮷𠮷𠮷𠮷', '𠮷𠮷𠮷𠮷')).toBe('short')
    expect(passwordProblem('first-pass', 'first-pasS')).toBe('mismatch')
    expect(passwordProblem('first-pass', 'first-pass')).toBeNull()
  })
})
