import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  queuePage: vi.fn(),
  reviewCase: vi.fn(),
  reviewAction: vi.fn(),
  claimCases: vi.fn(),
  departmentReviewers: vi.fn(),
  listHalls: vi.fn(),
  scanPage: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { catchMessages, messages, resetMocks } from '@/test/mocks'
import { page, reviewView, row, summary } from '@/test/reviewFixtures'
import { sha } from '@/test/scanFixtures'
import { claimable, emptyFilters, queueRequest, tabStates, useReviewStore, type QueueFilters } from './review'

function filters(overrides: Partial<QueueFilters> = {}): QueueFilters {
  return { ...emptyFilters(), ...overrides }
}

describe('queueRequest', () => {
  it('asks for the first page of everything by default', () => {
    expect(queueRequest('all', filters(), 1, 50)).toEqual({ offset: 0, limit: 50 })
  })

  it('pages by offset and limit', () => {
    expect(queueRequest('all', filters(), 3, 20)).toEqual({ offset: 40, limit: 20 })
  })

  it('lets the tab choose the holder and the due date, over the filters', () => {
    const f = filters({ holder: 'user:reviewer2', due: 'today' })
    expect(queueRequest('unclaimed', f, 1, 50)).toMatchObject({ holder: 'unclaimed', due: 'today' })
    expect(queueRequest('mine', f, 1, 50)).toMatchObject({ holder: 'mine', due: 'today' })
    expect(queueRequest('all', f, 1, 50)).toMatchObject({ holder: { user: 'reviewer2' }, due: 'today' })
    // 超期 counts only cases whose clock runs: a paused case past its old date is not late.
    expect(queueRequest('overdue', f, 1, 50)).toMatchObject({
      holder: { user: 'reviewer2' },
      due: 'overdue',
      states: ['handed_off', 'under_review', 'corrected'],
    })
    expect(queueRequest('paused', filters(), 1, 50)).toEqual({ offset: 0, limit: 50, states: ['correction_requested', 'special_procedure'] })
    expect(queueRequest('correction_overdue', filters({ due: 'today' }), 1, 50)).toEqual({
      offset: 0,
      limit: 50,
      states: ['correction_requested'],
      due: 'correction_overdue',
    })
  })

  it('maps the filters: one state, the item code trimmed, the hall, due within N working days', () => {
    expect(
      queueRequest(
        'all',
        filters({ state: 'corrected', itemCode: '  11440700MB2C123 ', hallCode: '440703000', due: 'within', withinDays: 5 }),
        1,
        50,
      ),
    ).toEqual({
      offset: 0,
      limit: 50,
      states: ['corrected'],
      service_item_code: '11440700MB2C123',
      hall_code: '440703000',
      due: { within: 5 },
    })
    expect(queueRequest('all', filters({ due: 'overdue', holder: 'mine' }), 1, 50)).toMatchObject({ due: 'overdue', holder: 'mine' })
    expect(queueRequest('all', filters({ itemCode: '   ' }), 1, 50)).not.toHaveProperty('service_item_code')
  })

  it("narrows a tab's states to the state filtered, and ignores one outside them", () => {
    expect(queueRequest('paused', filters({ state: 'special_procedure' }), 1, 50).states).toEqual(['special_procedure'])
    expect(queueRequest('paused', filters({ state: 'under_review' }), 1, 50).states).toEqual(['correction_requested', 'special_procedure'])
    expect(tabStates('all')).toBeNull()
  })

  it('claims from the queue only what waits unclaimed in the department', () => {
    expect(claimable(row({ state: 'handed_off' }))).toBe(true)
    expect(claimable(row({ state: 'corrected' }))).toBe(true)
    expect(claimable(row({ state: 'handed_off', claimed_by: '李审批', claimed_by_username: 'reviewer' }))).toBe(false)
    expect(claimable(row({ state: 'under_review' }))).toBe(false)
  })
})

describe('review store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    resetMocks(ipc)
    vi.mocked(showError).mockReset()
    catchMessages()
  })

  it('loads a page with its counts and keeps only the selection still on it', async () => {
    const store = useReviewStore()
    vi.mocked(ipc.queuePage).mockResolvedValue(page([row({ number: 'A1' }), row({ number: 'A2' })]))
    store.select(['A2', 'GONE'])
    await store.load()
    expect(store.rows.map((r) => r.case.number)).toEqual(['A1', 'A2'])
    expect(store.counts.unclaimed).toBe(5)
    expect(store.selection).toEqual(['A2'])
  })

  it('goes back to the last page that has rows when its page emptied', async () => {
    const store = useReviewStore()
    store.page = 3
    vi.mocked(ipc.queuePage)
      .mockResolvedValueOnce(page([], { total: 60 }))
      .mockResolvedValueOnce(page([row()], { total: 60, offset: 50 }))
    await store.load()
    expect(store.page).toBe(2)
    expect(vi.mocked(ipc.queuePage).mock.calls.map((c) => c[0].offset)).toEqual([100, 50])
    expect(store.rows).toHaveLength(1)
  })

  it('switches tab from the first page, dropping a state filter the tab does not list', async () => {
    const store = useReviewStore()
    vi.mocked(ipc.queuePage).mockResolvedValue(page([]))
    store.page = 4
    store.filters.state = 'under_review'
    await store.setTab('paused')
    expect(store.page).toBe(1)
    expect(store.filters.state).toBe('')
    expect(ipc.queuePage).toHaveBeenLastCalledWith({ offset: 0, limit: 50, states: ['correction_requested', 'special_procedure'] })
  })

  it('claims a row and asks for the page again, also when someone else was faster', async () => {
    const store = useReviewStore()
    vi.mocked(ipc.queuePage).mockResolvedValue(page([]))
    vi.mocked(ipc.reviewAction).mockResolvedValueOnce({ case: summary({ state: 'under_review' }), action: 'claim', documents: [] })
    expect(await store.claim('A1')).toBe(true)
    expect(ipc.reviewAction).toHaveBeenCalledWith('A1', { action: 'claim' })
    expect(messages.success).toHaveBeenCalled()
    vi.mocked(ipc.reviewAction).mockRejectedValueOnce({ code: 'conflict', message: '该办件已由张三认领', field: null })
    expect(await store.claim('A1')).toBe(false)
    expect(showError).toHaveBeenCalledTimes(1)
    expect(ipc.queuePage).toHaveBeenCalledTimes(2)
    expect(store.claiming).toBeNull()
  })

  it('claims the ticked cases at once and lists those it could not, with who holds them', async () => {
    const store = useReviewStore()
    vi.mocked(ipc.queuePage).mockResolvedValue(page([]))
    vi.mocked(ipc.claimCases).mockResolvedValue([
      { number: 'A1', claimed: true, error: null },
      { number: 'A2', claimed: false, error: '该办件已由张三认领' },
    ])
    store.select(['A1', 'A2'])
    await store.claimSelected()
    expect(ipc.claimCases).toHaveBeenCalledWith(['A1', 'A2'])
    expect(store.claimFailures).toEqual([{ number: 'A2', claimed: false, error: '该办件已由张三认领' }])
    expect(store.selection).toEqual([])
    expect(messages.success).toHaveBeenCalledTimes(1)
    expect(ipc.queuePage).toHaveBeenCalledTimes(1)
  })

  it('takes a move and reads the case again; a refusal comes back with its field', async () => {
    const store = useReviewStore()
    vi.mocked(ipc.reviewCase).mockResolvedValue(reviewView())
    vi.mocked(ipc.reviewAction).mockResolvedValueOnce({ case: summary({ state: 'approved' }), action: 'approve', documents: ['approval-decision'] })
    const done = await store.act('4407030002026120200001', { action: 'approve', certificate_number: 'JY1' })
    expect(done.outcome?.documents).toEqual(['approval-decision'])
    expect(ipc.reviewCase).toHaveBeenCalledWith('4407030002026120200001')
    expect(store.current?.result_name).toBe('食品经营许可证')

    vi.mocked(ipc.reviewAction).mockRejectedValueOnce({ code: 'invalid_input', message: '请填写证照编号', field: 'certificate_number' })
    const refused = await store.act('4407030002026120200001', { action: 'approve', certificate_number: '' })
    expect(refused.outcome).toBeNull()
    expect(refused.error?.field).toBe('certificate_number')
    expect(showError).toHaveBeenCalledTimes(1)
    expect(store.acting).toBeNull()
  })

  it('keeps page pictures for going back, and says in place why one cannot be shown', async () => {
    const store = useReviewStore()
    vi.mocked(ipc.scanPage).mockResolvedValue({ sha256: sha('a'), page: 1, pages: 1, data_url: 'data:image/jpeg;base64,AA' })
    expect(await store.scanPage(sha('a'), 1)).toEqual({ view: expect.objectContaining({ data_url: 'data:image/jpeg;base64,AA' }) })
    await store.scanPage(sha('a'), 1)
    expect(ipc.scanPage).toHaveBeenCalledTimes(1)
    vi.mocked(ipc.scanPage).mockRejectedValueOnce({ code: 'conflict', message: 'PDF 不能转换为图片', field: null })
    expect(await store.scanPage(sha('b'), 1)).toEqual({ error: 'PDF 不能转换为图片' })
    expect(showError).not.toHaveBeenCalled()
  })
})
