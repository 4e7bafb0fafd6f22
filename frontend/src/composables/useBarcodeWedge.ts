// A keyboard-wedge barcode scanner "types" a code very fast and ends with Enter. Keystrokes that
// arrive less than `maxGapMs` apart outside an editable field are collected; Enter after such a
// burst hands the code to `onScan`. People typing never reach that speed, so their keys pass.
import { onBeforeUnmount, onMounted } from 'vue'

export interface BarcodeWedgeOptions {
  /** Longest pause between two keys of one scan, in ms. */
  maxGapMs?: number
  /** Shortest code accepted. */
  minLength?: number
  /** Also collect keys typed into inputs (for a detector bound to one search box). */
  inEditable?: boolean
  /** Clock, for tests. */
  now?: () => number
}

export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return true
  return false
}

/** The detector itself, independent of Vue: feed it keydown events. */
export function createBarcodeWedge(onScan: (code: string) => void, options: BarcodeWedgeOptions = {}) {
  const maxGapMs = options.maxGapMs ?? 30
  const minLength = options.minLength ?? 6
  const now = options.now ?? (() => performance.now())
  let buffer = ''
  let last = -Infinity

  function reset(): void {
    buffer = ''
    last = -Infinity
  }

  function handle(event: KeyboardEvent): void {
    if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) {
      reset()
      return
    }
    if (!options.inEditable && isEditableTarget(event.target)) {
      reset()
      return
    }
    const t = now()
    const fast = t - last < maxGapMs
    if (event.key === 'Enter') {
      const code = buffer
      const complete = fast && code.length >= minLength
      reset()
      if (complete) {
        event.preventDefault()
        event.stopPropagation()
        onScan(code)
      }
      return
    }
    if (event.key.length !== 1) {
      // Shift and the like do not break a burst; other named keys do.
      if (event.key !== 'Shift') reset()
      return
    }
    buffer = fast ? buffer + event.key : event.key
    last = t
  }

  return { handle, reset }
}

/** Listens on the window while the calling component is mounted. */
export function useBarcodeWedge(onScan: (code: string) => void, options: BarcodeWedgeOptions = {}) {
  const wedge = createBarcodeWedge(onScan, options)
  const listener = (e: KeyboardEvent) => wedge.handle(e)
  onMounted(() => window.addEventListener('keydown', listener, true))
  onBeforeUnmount(() => window.removeEventListener('keydown', listener, true))
  return wedge
}
