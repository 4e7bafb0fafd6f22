import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'

vi.mock('@/api/errors', () => ({ showError: vi.fn() }))

import { showError } from '@/api/errors'
import { busyOn, whileBusy } from './busy'

/** A promise the test settles when it wants to. */
function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

beforeEach(() => {
  vi.mocked(showError).mockReset()
})

describe('whileBusy', () => {
  it('holds the flag up until the action settles and gives its result', async () => {
    const flag = ref(false)
    const answer = deferred<string[]>()
    const running = whileBusy(flag, () => answer.promise)
    expect(flag.value).toBe(true)
    answer.resolve(['a'])
    expect(await running).toEqual(['a'])
    expect(flag.value).toBe(false)
    expect(showError).not.toHaveBeenCalled()
  })

  it('shows a failure, lowers the flag and gives undefined; a null answer stays null', async () => {
    const flag = ref(false)
    const error = { code: 'storage', message: '数据库不可用' }
    expect(await whileBusy(flag, () => Promise.reject(error))).toBeUndefined()
    expect(showError).toHaveBeenCalledWith(error)
    expect(flag.value).toBe(false)
    expect(await whileBusy(flag, async () => null)).toBeNull()
  })

  it('leaves the flag and the error of a call overtaken by a newer one to the newer one', async () => {
    const flag = ref(false)
    let seq = 0
    const first = deferred<number>()
    const second = deferred<number>()
    const mine1 = ++seq
    const one = whileBusy(flag, () => first.promise, { current: () => mine1 === seq })
    const mine2 = ++seq
    const two = whileBusy(flag, () => second.promise, { current: () => mine2 === seq })
    first.reject(new Error('slow and failed'))
    expect(await one).toBeUndefined()
    expect(flag.value).toBe(true)
    expect(showError).not.toHaveBeenCalled()
    second.resolve(2)
    expect(await two).toBe(2)
    expect(flag.value).toBe(false)
  })
})

describe('busyOn', () => {
  it('names what is being worked on while the flag is up, and nothing after', async () => {
    const busy = ref<string | null>(null)
    const answer = deferred<null>()
    const running = whileBusy(busyOn(busy, 'sha-a'), () => answer.promise)
    expect(busy.value).toBe('sha-a')
    expect(busyOn(busy, 'sha-a').value).toBe(true)
    expect(busyOn(busy, 'sha-b').value).toBe(false)
    answer.resolve(null)
    await running
    expect(busy.value).toBeNull()
  })
})
