// A form refused on one of its inputs — by the backend (`{ field: 'username' }`) or by a check made
// before asking it (the passwords differ) — shows the message under that input and focuses it; what
// was typed stays. A refusal about no input of the form is shown the one way errors are (api/errors.ts).
import { nextTick, ref, toValue, type MaybeRefOrGetter, type Ref } from 'vue'
import { toIpcError } from '@/api/ipc'
import { showError } from '@/api/errors'

export interface FieldErrors {
  /** The message to show at the control of `testid`; empty when it has none. */
  at(testid: string): string
  /** Shows `message` at the control of `testid` and focuses it. */
  show(testid: string, message: string): void
  /** Shows a rejected call at the control of its field when the form has one, as a toast otherwise. */
  refuse(e: unknown): void
  clear(): void
  /** Focuses the control of `testid` (its input, for a wrapper such as a select). */
  focus(testid: string): void
}

/**
 * The refusals of the form inside `root`. `fields` gives, for each field the backend may name, the
 * data-testid of the control it is entered in.
 */
export function useFieldErrors(root: Ref<HTMLElement | null>, fields: MaybeRefOrGetter<Readonly<Record<string, string>>>): FieldErrors {
  const shown = ref<{ testid: string; message: string } | null>(null)

  function focus(testid: string): void {
    void nextTick(() => {
      const el = root.value?.querySelector<HTMLElement>(`[data-testid="${testid}"]`)
      if (!el) return
      const target = el.matches('input, textarea, button') ? el : el.querySelector<HTMLElement>('input, textarea, button')
      target?.focus()
    })
  }

  function show(testid: string, message: string): void {
    shown.value = { testid, message }
    focus(testid)
  }

  function refuse(e: unknown): void {
    const err = toIpcError(e)
    const known = toValue(fields)
    const testid = err.field && Object.hasOwn(known, err.field) ? known[err.field]! : null
    if (testid) show(testid, err.message)
    else {
      shown.value = null
      showError(e)
    }
  }

  return {
    at: (testid) => (shown.value?.testid === testid ? shown.value.message : ''),
    show,
    refuse,
    clear: () => (shown.value = null),
    focus,
  }
}
