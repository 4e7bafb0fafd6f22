import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { IngestView } from './bindings'

type Handler = (event: { event: string; id: number; payload: unknown }) => void

const listen = vi.fn()
vi.mock('@tauri-apps/api/event', () => ({ listen: (...args: unknown[]) => listen(...args) }))

import { onOutboxChanged, onQueueChanged, onScanIngested, OUTBOX_CHANGED, QUEUE_CHANGED, SCAN_INGESTED } from './events'

const STORED: IngestView = { file: '/inbox/a.jpg', outcome: 'stored', sha256: 'a'.repeat(64), pages: 1, reason: null }

/** Makes `listen` register the handler and resolve with an unlisten spy, as Tauri does. */
function registering() {
  const handlers: Handler[] = []
  const unlisten = vi.fn()
  listen.mockImplementation((_name: string, handler: Handler) => {
    handlers.push(handler)
    return Promise.resolve(unlisten)
  })
  return { handlers, unlisten }
}

describe('events', () => {
  beforeEach(() => {
    listen.mockReset()
  })

  it('listens to scan-ingested and hands over the payload', async () => {
    const { handlers } = registering()
    const seen: IngestView[] = []
    onScanIngested((e) => seen.push(e))
    expect(listen).toHaveBeenCalledTimes(1)
    expect(listen.mock.lastCall![0]).toBe('scan-ingested')
    expect(SCAN_INGESTED).toBe('scan-ingested')
    handlers[0]!({ event: 'scan-ingested', id: 1, payload: STORED })
    expect(seen).toEqual([STORED])
  })

  it('listens to queue-changed and calls the handler for each wake-up until stopped', async () => {
    const { handlers, unlisten } = registering()
    let woken = 0
    const stop = onQueueChanged(() => woken++)
    expect(listen.mock.lastCall![0]).toBe(QUEUE_CHANGED)
    expect(QUEUE_CHANGED).toBe('queue-changed')
    handlers[0]!({ event: 'queue-changed', id: 1, payload: null })
    handlers[0]!({ event: 'queue-changed', id: 2, payload: null })
    expect(woken).toBe(2)
    await Promise.resolve()
    stop()
    expect(unlisten).toHaveBeenCalledTimes(1)
    handlers[0]!({ event: 'queue-changed', id: 3, payload: null })
    expect(woken).toBe(2)
  })

  it('listens to outbox-changed and calls the handler for each hand-in until stopped', async () => {
    const { handlers, unlisten } = registering()
    let woken = 0
    const stop = onOutboxChanged(() => woken++)
    expect(listen).toHaveBeenCalledTimes(1)
    expect(listen.mock.lastCall![0]).toBe(OUTBOX_CHANGED)
    expect(OUTBOX_CHANGED).toBe('outbox-changed')
    handlers[0]!({ event: 'outbox-changed', id: 1, payload: null })
    handlers[0]!({ event: 'outbox-changed', id: 2, payload: null })
    expect(woken).toBe(2)
    await Promise.resolve()
    stop()
    expect(unlisten).toHaveBeenCalledTimes(1)
    handlers[0]!({ event: 'outbox-changed', id: 3, payload: null })
    expect(woken).toBe(2)
  })

  it('reports an outbox-changed listener that could not be registered', async () => {
    listen.mockRejectedValue(new Error('window.__TAURI_INTERNALS__ is undefined'))
    const onError = vi.fn()
    onOutboxChanged(() => {}, onError)
    await Promise.resolve()
    await Promise.resolve()
    expect(onError).toHaveBeenCalledTimes(1)
  })

  it('stops listening when unsubscribed', async () => {
    const { handlers, unlisten } = registering()
    const seen: IngestView[] = []
    const stop = onScanIngested((e) => seen.push(e))
    await Promise.resolve()
    stop()
    expect(unlisten).toHaveBeenCalledTimes(1)
    handlers[0]!({ event: 'scan-ingested', id: 2, payload: STORED })
    expect(seen).toEqual([])
    stop()
    expect(unlisten).toHaveBeenCalledTimes(1)
  })

  it('drops a listener unsubscribed before it was registered', async () => {
    let resolve: (fn: () => void) => void = () => {}
    listen.mockImplementation(() => new Promise((r) => (resolve = r)))
    const unlisten = vi.fn()
    const stop = onScanIngested(() => {})
    stop()
    resolve(unlisten)
    await Promise.resolve()
    await Promise.resolve()
    expect(unlisten).toHaveBeenCalledTimes(1)
  })

  it('reports a listener that could not be registered', async () => {
    listen.mockRejectedValue(new Error('window.__TAURI_INTERNALS__ is undefined'))
    const onError = vi.fn()
    onScanIngested(() => {}, onError)
    await Promise.resolve()
    await Promise.resolve()
    expect(onError).toHaveBeenCalledTimes(1)

    listen.mockImplementation(() => {
      throw new Error('sync')
    })
    const onError2 = vi.fn()
    expect(() => onScanIngested(() => {}, onError2)).not.toThrow()
    await Promise.resolve()
    await Promise.resolve()
    expect(onError2).toHaveBeenCalledTimes(1)
  })

  it('is the only module that imports the Tauri event API, as ipc.ts is for invoke', () => {
    const sources = import.meta.glob<string>(['/src/**/*.ts', '/src/**/*.vue', '!/src/**/*.test.ts'], {
      query: '?raw',
      import: 'default',
      eager: true,
    })
    expect(Object.keys(sources).length).toBeGreaterThan(20)
    const importing = (module: string) =>
      Object.entries(sources)
        .filter(([, text]) => new RegExp(`from\\s+['"]${module}['"]`).test(text))
        .map(([path]) => path.replace(/^\/src\//, ''))
    expect(importing('@tauri-apps/api/event')).toEqual(['api/events.ts'])
    expect(importing('@tauri-apps/api/core')).toEqual(['api/ipc.ts'])
  })
})
