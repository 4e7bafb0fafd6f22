import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  followups: vi.fn(),
  remind: vi.fn(),
  holdShortfall: vi.fn(),
  terminateCase: vi.fn(),
  listHalls: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { resetMocks } from '@/test/mocks'
import { followUpList, followUpRow, summary } from '@/test/reviewFixtures'
import { countOf, rowActions, rowsOf, useFollowUpsStore } from './followups'

const LIST = followUpList()
const OVERDUE = LIST.rows[0]!.case.number

describe('the follow-up tabs', () => {
  it('filters by urgency in the order the backend sent, and counts every case under 全部', () => {
    expect(rowsOf(LIST.rows, 'all').map((r) => r.urgency)).toEqual(['overdue', 'due_today', 'due_tomorrow', 'later'])
    expect(rowsOf(LIST.rows, 'overdue').map((r) => r.case.number)).toEqual([OVERDUE])
    expect(rowsOf(LIST.rows, 'due_tomorrow').map((r) => r.urgency)).toEqual(['due_tomorrow'])
    expect(countOf({ overdue: 2, due_today: 3, due_tomorrow: 1, later: 5 }, 'all')).toBe(11)
    expect(countOf({ overdue: 2, due_today: 3, due_tomorrow: 1, later: 5 }, 'due_today')).toBe(3)
  })

  it('offers the moves of a row in a fixed order, only those the backend allows', () => {
    expect(rowActions(followUpRow({ actions: ['terminate', 'remind', 'claim'] }))).toEqual(['remind', 'terminate'])
    expect(rowActions(followUpRow({ actions: [] }))).toEqual([])
  })
})

describe('follow-ups store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    resetMocks(ipc)
    vi.mocked(showError).mockReset()
    vi.mocked(ipc.followups).mockResolvedValue(LIST)
  })

  it('loads the whole scope and narrows it to a hall only when one is chosen', async () => {
    const store = useFollowUpsStore()
    await store.load()
    expect(ipc.followups).toHaveBeenLastCalledWith({})
    expect(store.rows).toHaveLength(4)
    store.tab = 'overdue'
    expect(store.rows.map((r) => r.case.number)).toEqual([OVERDUE])
    store.hallCode = '440703000'
    await store.load()
    expect(ipc.followups).toHaveBeenLastCalledWith({ hall_code: '440703000' })
  })

  it('records a reminder with its channel and note, and asks for the list again', async () => {
    const store = useFollowUpsStore()
    vi.mocked(ipc.remind).mockResolvedValue({ case: summary(), action: 'remind', documents: [] })
    const result = await store.remind(OVERDUE, 'sms', '  已发短信 ')
    expect(ipc.remind).toHaveBeenCalledWith({ case: OVERDUE, channel: 'sms', note: '已发短信' })
    expect(result.outcome?.action).toBe('remind')
    expect(ipc.followups).toHaveBeenCalledTimes(1)
    await store.remind(OVERDUE, 'phone', '  ')
    expect(ipc.remind).toHaveBeenLastCalledWith({ case: OVERDUE, channel: 'phone' })
  })

  it('holds or ends a case with the reason typed, and reloads after a refusal too', async () => {
    const store = useFollowUpsStore()
    vi.mocked(ipc.terminateCase).mockResolvedValue({ case: summary({ state: 'terminated' }), action: 'terminate', documents: ['termination-notice'] })
    const ended = await store.settle('terminate', OVERDUE, ' 逾期未补交 ')
    expect(ipc.terminateCase).toHaveBeenCalledWith({ case: OVERDUE, reason: '逾期未补交' })
    expect(ended.outcome?.documents).toEqual(['termination-notice'])

    vi.mocked(ipc.holdShortfall).mockRejectedValue({ code: 'conflict', message: '补交期限尚未届满', field: null })
    const held = await store.settle('hold_shortfall', OVERDUE, '')
    expect(ipc.holdShortfall).toHaveBeenCalledWith({ case: OVERDUE })
    expect(held.error?.code).toBe('conflict')
    expect(showError).toHaveBeenCalledTimes(1)
    expect(ipc.followups).toHaveBeenCalledTimes(2)
    expect(store.acting).toBeNull()
  })
})
