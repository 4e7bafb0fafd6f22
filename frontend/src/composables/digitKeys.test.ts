import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DIGIT_GUARD_MS, createDigitKeys } from './digitKeys'

function key(k: string, init: KeyboardEventInit = {}) {
  return new KeyboardEvent('keydown', { key: k, cancelable: true, ...init })
}

describe('digit keys', () => {
  let clock = 0
  const now = () => clock
  beforeEach(() => {
    vi.useFakeTimers()
    clock = 1000
  })
  afterEach(() => vi.useRealTimers())

  it('passes a digit a person pressed, after the guard', () => {
    const seen: number[] = []
    const keys = createDigitKeys((n) => seen.push(n), now)
    expect(keys.handle(key('3'))).toBe(true)
    expect(seen).toEqual([])
    vi.advanceTimersByTime(DIGIT_GUARD_MS)
    expect(seen).toEqual([3])
    clock += 500
    keys.handle(key('1'))
    vi.advanceTimersByTime(DIGIT_GUARD_MS)
    expect(seen).toEqual([3, 1])
  })

  it('ignores 0, other keys and modified digits', () => {
    const seen: number[] = []
    const keys = createDigitKeys((n) => seen.push(n), now)
    for (const e of [key('0'), key('a'), key('2', { ctrlKey: true }), key('2', { altKey: true }), key('Enter')]) {
      clock += 500
      expect(keys.handle(e)).toBe(false)
    }
    vi.advanceTimersByTime(DIGIT_GUARD_MS * 2)
    expect(seen).toEqual([])
  })

  it('ignores the digits of a barcode scan burst', () => {
    const seen: number[] = []
    const keys = createDigitKeys((n) => seen.push(n), now)
    for (const c of '2025000001') {
      keys.handle(key(c))
      clock += 8
      vi.advanceTimersByTime(8)
    }
    keys.handle(key('Enter'))
    vi.advanceTimersByTime(DIGIT_GUARD_MS * 2)
    expect(seen).toEqual([])
  })
})
