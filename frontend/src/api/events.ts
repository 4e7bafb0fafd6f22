// The only module that listens to events the Rust shell emits (the counterpart of ipc.ts for
// commands). Each subscription returns a plain function that stops it, callable at once: a
// listener still being registered is dropped as soon as it is.
import { listen } from '@tauri-apps/api/event'
import type { IngestView } from './bindings'

/** Emitted for every file taken from the scan inbox. */
export const SCAN_INGESTED = 'scan-ingested'
/** Emitted when the signed-in reviewer's department queue may have changed at any station. */
export const QUEUE_CHANGED = 'queue-changed'
/** Emitted when a city station's offline outbox was handed in, or the city's refusals of it changed. */
export const OUTBOX_CHANGED = 'outbox-changed'

export type Unsubscribe = () => void

/**
 * Calls `handler` with each `scan-ingested` payload until the returned function is called.
 * A listener the shell could not register is reported through `onError`.
 */
export function onScanIngested(handler: (event: IngestView) => void, onError: (e: unknown) => void = () => {}): Unsubscribe {
  return subscribe<IngestView>(SCAN_INGESTED, handler, onError)
}

/** Calls `handler` at each `queue-changed` until the returned function is called. */
export function onQueueChanged(handler: () => void, onError: (e: unknown) => void = () => {}): Unsubscribe {
  return subscribe<null>(QUEUE_CHANGED, () => handler(), onError)
}

/** Calls `handler` at each `outbox-changed` until the returned function is called. */
export function onOutboxChanged(handler: () => void, onError: (e: unknown) => void = () => {}): Unsubscribe {
  return subscribe<null>(OUTBOX_CHANGED, () => handler(), onError)
}

function subscribe<T>(name: string, handler: (payload: T) => void, onError: (e: unknown) => void): Unsubscribe {
  let stopped = false
  let unlisten: (() => void) | null = null
  let registration: Promise<() => void>
  try {
    registration = listen<T>(name, (event) => {
      if (!stopped) handler(event.payload)
    })
  } catch (e) {
    registration = Promise.reject(e)
  }
  registration.then(
    (fn) => {
      if (stopped) fn()
      else unlisten = fn
    },
    (e: unknown) => {
      if (!stopped) onError(e)
    },
  )
  return () => {
    if (stopped) return
    stopped = true
    unlisten?.()
    unlisten = null
  }
}
