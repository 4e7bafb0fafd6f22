import { describe, expect, it } from 'vitest'
import { daysBetween, dueUrgency, formatTimestamp, hallToday } from './time'
import { maskIdNumber, maskPhone } from './mask'
import { graphemes, truncateText } from './text'

describe('time', () => {
  it('shows UTC timestamps in Asia/Shanghai as YYYY-MM-DD HH:mm', () => {
    expect(formatTimestamp('2025-03-01T02:05:00Z')).toBe('2025-03-01 10:05')
    expect(formatTimestamp('2025-12-31T16:30:59.123Z')).toBe('2026-01-01 00:30')
    expect(formatTimestamp('2025-06-01T08:00:00+08:00')).toBe('2025-06-01 08:00')
  })

  it('is empty for null and passes unparseable text through', () => {
    expect(formatTimestamp(null)).toBe('')
    expect(formatTimestamp('not a time')).toBe('not a time')
  })

  it('takes today from hall time', () => {
    expect(hallToday(new Date('2025-03-01T15:59:00Z'))).toBe('2025-03-01')
    expect(hallToday(new Date('2025-03-01T16:00:00Z'))).toBe('2025-03-02')
  })

  it('counts calendar days across months and leap days', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2)
    expect(daysBetween('2025-03-01', '2025-02-28')).toBe(-1)
    expect(daysBetween('2025-3-1', '2025-03-02')).toBeNull()
  })

  it('classifies due dates', () => {
    const today = '2025-03-10'
    expect(dueUrgency('2025-03-09', today)).toBe('overdue')
    expect(dueUrgency('2025-03-10', today)).toBe('soon')
    expect(dueUrgency('2025-03-12', today)).toBe('soon')
    expect(dueUrgency('2025-03-13', today)).toBe('normal')
    expect(dueUrgency(null, today)).toBeNull()
  })
})

describe('mask', () => {
  it('masks resident ID numbers to 4 + 4', () => {
    expect(maskIdNumber('44070319900101123X')).toBe('4407**********123X')
    expect(maskIdNumber('440703900101123')).toBe('4407*******1123')
  })

  it('masks short document numbers harder', () => {
    expect(maskIdNumber('H12345678')).toBe('H1*****78')
    expect(maskIdNumber('AB123')).toBe('A***3')
    expect(maskIdNumber('AB')).toBe('**')
  })

  it('masks mainland mobile numbers as 3 + 4', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('138 1234 5678')).toBe('138****5678')
    expect(maskPhone('0750-3212345')).toBe('*******2345')
  })
})

describe('text', () => {
  it('never splits a character outside the BMP', () => {
    expect('𠮷'.length).toBe(2)
    expect(graphemes('𠮷野家')).toEqual(['𠮷', '野', '家'])
    expect(truncateText('𠮷𠮷𠮷𠮷', 3)).toBe('𠮷𠮷…')
    expect(truncateText('𠮷野', 2)).toBe('𠮷野')
  })

  it('keeps the middle dot of minority and foreign names', () => {
    const name = '阿依古丽·买买提'
    expect(truncateText(name, 20)).toBe(name)
    expect(truncateText(name, 6)).toBe('阿依古丽·…')
  })
})

import { ALL_CASE_ACTIONS, ALL_CASE_STATES } from '@/api/bindings'
import { CASE_ACTIONS, CASE_STATES, actionLabelKey, statesPresent, stateTagType } from './state'

describe('state', () => {
  it('lists all 17 states once', () => {
    expect(new Set(CASE_STATES).size).toBe(17)
    // The same values as the generated lists (these are in lifecycle order).
    expect([...CASE_STATES].sort()).toEqual([...ALL_CASE_STATES].sort())
    expect([...CASE_ACTIONS].sort()).toEqual([...ALL_CASE_ACTIONS].sort())
    expect(actionLabelKey('hand_off')).toBe('action.hand_off')
    expect(actionLabelKey(null)).toBe('action.create')
  })

  it('counts present states in lifecycle order', () => {
    expect(statesPresent(['corrected', 'handed_off', 'corrected', 'under_review'])).toEqual([
      { state: 'handed_off', count: 1 },
      { state: 'under_review', count: 1 },
      { state: 'corrected', count: 2 },
    ])
  })

  it('colours warnings and refusals', () => {
    expect(stateTagType('correction_requested')).toBe('warning')
    expect(stateTagType('refused')).toBe('danger')
    expect(stateTagType('under_review')).toBe('primary')
  })
})

import { formatRate } from './number'

describe('number', () => {
  it('formats rates as percentages', () => {
    expect(formatRate(0.9567)).toBe('95.7%')
    expect(formatRate(1)).toBe('100.0%')
    expect(formatRate(null)).toBeNull()
  })
})
