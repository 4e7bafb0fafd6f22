// 1–9 file the selected inbox scan under a material (on the case screen and at the intake window).
// A barcode scanner "types" digits too (a case number scanned while the inbox has focus), so a
// digit only counts when no other key follows within DIGIT_GUARD_MS and none came just before it: a
// person pressing one digit always passes, a scan burst never does.

/** Keys closer together than this are a barcode scanner, not a person. */
export const DIGIT_GUARD_MS = 60

export interface DigitKeys {
  /** Feed a keydown; true when it was a digit 1–9 (handled, even if it turns out to be a scan). */
  handle(event: KeyboardEvent): boolean
  /** Drops a digit still waiting. */
  cancel(): void
}

export function createDigitKeys(onDigit: (n: number) => void, now: () => number = () => performance.now()): DigitKeys {
  let last = -Infinity
  let pending: ReturnType<typeof setTimeout> | null = null

  function cancel(): void {
    if (pending !== null) clearTimeout(pending)
    pending = null
  }

  function handle(event: KeyboardEvent): boolean {
    const t = now()
    const fast = t - last < DIGIT_GUARD_MS
    last = t
    // Any key right after a digit makes that digit part of a burst.
    cancel()
    if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return false
    if (!/^[1-9]$/.test(event.key)) return false
    if (!fast) {
      const n = Number(event.key)
      pending = setTimeout(() => {
        pending = null
        onDigit(n)
      }, DIGIT_GUARD_MS)
    }
    return true
  }

  return { handle, cancel }
}
