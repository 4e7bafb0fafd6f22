import { beforeEach, describe, expect, it, vi } from 'vitest'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))

import * as ipc from './ipc'

describe('ipc', () => {
  beforeEach(() => {
    invoke.mockReset()
  })

  it('passes the arguments as one object with the contract keys', async () => {
    invoke.mockResolvedValue([])
    await ipc.searchServiceItems('gt', 20)
    expect(invoke).toHaveBeenCalledWith('search_service_items', { query: 'gt', limit: 20 })
    await ipc.getCase('JM2025000001')
    expect(invoke).toHaveBeenCalledWith('get_case', { number: 'JM2025000001' })
    await ipc.login('clerk1', 'secret')
    expect(invoke).toHaveBeenCalledWith('login', { username: 'clerk1', password: 'secret' })
    await ipc.departmentQueue()
    expect(invoke).toHaveBeenCalledWith('department_queue', undefined)
  })

  it('returns what the command resolved with', async () => {
    invoke.mockResolvedValue(null)
    await expect(ipc.currentUser()).resolves.toBeNull()
  })

  it('rethrows an IpcError rejection unchanged', async () => {
    invoke.mockRejectedValue({ code: 'forbidden', message: '无权访问该办件' })
    await expect(ipc.getCase('X')).rejects.toEqual({ code: 'forbidden', message: '无权访问该办件' })
  })

  it('wraps a string rejection as internal', async () => {
    invoke.mockRejectedValue('command get_case not found')
    await expect(ipc.getCase('X')).rejects.toEqual({ code: 'internal', message: 'command get_case not found' })
  })

  it('wraps an Error rejection as internal with its text', async () => {
    invoke.mockRejectedValue(new TypeError('window.__TAURI_INTERNALS__ is undefined'))
    await expect(ipc.overview()).rejects.toEqual({
      code: 'internal',
      message: 'TypeError: window.__TAURI_INTERNALS__ is undefined',
    })
  })

  it('wraps a synchronous throw from invoke too', async () => {
    invoke.mockImplementation(() => {
      throw new Error('boom')
    })
    await expect(ipc.logout()).rejects.toEqual({ code: 'internal', message: 'Error: boom' })
  })

  it('keeps the message of an object with an unknown code', () => {
    expect(ipc.toIpcError({ code: 'teapot', message: '出错了' })).toEqual({ code: 'internal', message: '出错了' })
  })

  it('wraps objects without the shape', () => {
    expect(ipc.toIpcError({ code: 1 })).toEqual({ code: 'internal', message: '[object Object]' })
    expect(ipc.toIpcError(null)).toEqual({ code: 'internal', message: 'null' })
    expect(ipc.isIpcError({ code: 'conflict', message: '办件已被认领' })).toBe(true)
  })
})
