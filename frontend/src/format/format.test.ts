import { describe, expect, it } from 'vitest'
import { daysBetween, dueState, dueUrgency, formatClock, formatDay, formatTimestamp, hallToday } from './time'
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

  it('reads the clock in hall time', () => {
    expect(formatClock('2026-12-03T09:40:00Z')).toBe('17:40')
    expect(formatClock('2026-12-02T16:05:00Z')).toBe('00:05')
    expect(formatClock(null)).toBe('')
    expect(formatClock('not a time')).toBe('not a time')
  })

  it('writes a calendar day as a sentence says it, whatever the time zone', () => {
    expect(formatDay('2026-10-08', 'zh-CN')).toBe('2026年10月8日')
    expect(formatDay('2026-10-08', 'en')).toBe('8 Oct 2026')
    expect(formatDay('2026-12-31', 'en')).toBe('31 Dec 2026')
    expect(formatDay('2026-10-8', 'zh-CN')).toBe('2026-10-8')
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

  it('says by how many days a date is late or left', () => {
    const today = '2025-03-10'
    expect(dueState('2025-03-07', today)).toEqual({ urgency: 'overdue', days: 3 })
    expect(dueState('2025-03-10', today)).toEqual({ urgency: 'soon', days: 0 })
    expect(dueState('2025-03-12', today)).toEqual({ urgency: 'soon', days: 2 })
    expect(dueState('2025-03-20', today)).toEqual({ urgency: 'normal', days: 10 })
    expect(dueState(null, today)).toBeNull()
    expect(dueState('soon', today)).toBeNull()
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
import { CASE_ACTIONS, CASE_STATES, OUTCOME_COLOURS, STATE_COLOURS, actionLabelKey, isOpen, statesPresent, tagStyle, tint } from './state'

describe('state', () => {
  it('lists all 20 states once', () => {
    expect(new Set(CASE_STATES).size).toBe(20)
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

  it('gives every state and every outcome a colour of its own', () => {
    const states = Object.values(STATE_COLOURS)
    expect(states).toHaveLength(20)
    // A state and the outcome that leads to it share theirs; no two states share one otherwise.
    expect(new Set(states).size).toBe(20)
    expect(new Set(Object.values(OUTCOME_COLOURS)).size).toBe(4)
    expect(STATE_COLOURS.notice_issued).toBe(OUTCOME_COLOURS.one_time_notice)
    expect(STATE_COLOURS.refused).toBe(OUTCOME_COLOURS.refuse)
    expect(STATE_COLOURS.accepted_with_shortfall).toBe(OUTCOME_COLOURS.accept_with_shortfall)
    // 一次性告知 orange, 不予受理 red.
    expect(OUTCOME_COLOURS.one_time_notice).toBe('#e65100')
    expect(OUTCOME_COLOURS.refuse).toBe('#c62828')
  })

  it('tints a colour for light tags and fills dark ones', () => {
    expect(tint('#c62828', 0)).toBe('#c62828')
    expect(tint('#c62828', 1)).toBe('#ffffff')
    expect(tint('#000000', 0.5)).toBe('#808080')
    expect(tagStyle('#c62828', 'dark')['--el-tag-bg-color']).toBe('#c62828')
    expect(tagStyle('#c62828', 'dark')['--el-tag-text-color']).toBe('#fff')
    expect(tagStyle('#c62828')['--el-tag-text-color']).toBe('#c62828')
    expect(tagStyle('#c62828')['--el-tag-bg-color']).toBe(tint('#c62828', 0.9))
  })

  it('counts as open what the backend counts as 在办', () => {
    expect(CASE_STATES.filter(isOpen)).toEqual([
      'accepted',
      'accepted_with_shortfall',
      'handed_off',
      'under_review',
      'correction_requested',
      'corrected',
    ])
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
