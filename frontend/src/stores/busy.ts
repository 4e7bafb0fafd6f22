// How the stores run a call to the backend that the screen shows as busy (a spinner, a disabled
// button): the flag up until it settles, a failure shown the one way errors are (api/errors.ts).
import { computed, type Ref } from 'vue'
import { showError } from '@/api/errors'

export interface BusyOptions {
  /**
   * Whether this call is still the latest of its kind. A call overtaken by a newer one neither
   * lowers the flag (the newer one holds it) nor shows its error.
   */
  current?: () => boolean
}

/** Runs `action` with `flag` up; its result, or undefined when it failed (the error shown). */
export async function whileBusy<T>(flag: Ref<boolean>, action: () => Promise<T>, options: BusyOptions = {}): Promise<T | undefined> {
  const current = options.current ?? (() => true)
  flag.value = true
  try {
    return await action()
  } catch (e) {
    if (current()) showError(e)
    return undefined
  } finally {
    if (current()) flag.value = false
  }
}

/**
 * A flag that is up while `busy` names `what` (the scan being filed, the document being printed):
 * raising it names `what`, lowering it names nothing.
 */
export function busyOn<K>(busy: Ref<K | null>, what: K): Ref<boolean> {
  return computed({
    get: () => busy.value === what,
    set: (up) => {
      busy.value = up ? what : null
    },
  })
}
