import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { IssuanceListView, IssuanceRowView } from '@/api/bindings'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  issuanceQueue: vi.fn(),
  issueResult: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { summary } from '@/test/reviewFixtures'
import { emptyCollector, issueRequest, useIssuanceStore } from './issuance'

const NUMBER = '4407030002026120200001'

function row(overrides: Partial<IssuanceRowView> = {}): IssuanceRowView {
  return {
    case: summary({ number: NUMBER, state: 'ready_for_issuance' }),
    result: '食品经营许可证（JY14407030012345）',
    ready_since: '2026-12-02T02:05:00Z',
    waiting_days: 1,
    uncollected: false,
    blocked: null,
    agent_name: null,
    instant: false,
    ...overrides,
  }
}

function list(rows: IssuanceRowView[]): IssuanceListView {
  return { hall: { code: '440703000', name: '蓬江区政务服务中心' }, uncollected_days: 30, rows }
}

describe('issueRequest', () => {
  it('sends the applicant’s own ID, the number as the backend reads it', () => {
    const form = { ...emptyCollector(), id_number: ' 44070319900101123x ' }
    expect(issueRequest(`OW:${NUMBER}:K7Q2`, form)).toEqual({
      case: `OW:${NUMBER}:K7Q2`,
      collector: { kind: 'applicant', id_kind: 'resident_id', id_number: '44070319900101123X' },
    })
  })

  it('sends an agent’s papers, and the applicant’s number on the authorisation only when typed', () => {
    const agent = { ...emptyCollector(), kind: 'agent' as const, name: ' 陈志强 ', id_kind: 'hk_macau_permit' as const, id_number: 'h12345678' }
    expect(issueRequest(NUMBER, agent)).toEqual({
      case: NUMBER,
      collector: { kind: 'agent', name: '陈志强', id_kind: 'hk_macau_permit', id_number: 'H12345678', authorisation: false },
    })
    expect(issueRequest(NUMBER, { ...agent, applicant_id_number: '44070319900101123x', authorisation: true }).collector).toEqual({
      kind: 'agent',
      name: '陈志强',
      id_kind: 'hk_macau_permit',
      id_number: 'H12345678',
      applicant_id_number: '44070319900101123X',
      authorisation: true,
    })
  })
})

describe('issuance store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(ipc.issuanceQueue).mockReset()
    vi.mocked(ipc.issueResult).mockReset()
  })

  it('finds a scanned QR code’s case in the list and keeps what was scanned, to send it as it is', async () => {
    vi.mocked(ipc.issuanceQueue).mockResolvedValue(list([row()]))
    const store = useIssuanceStore()
    await store.load()
    expect(await store.find(`OW:${NUMBER}:K7Q2`)).not.toBeNull()
    expect(store.selected?.case.number).toBe(NUMBER)
    expect(store.reference).toBe(`OW:${NUMBER}:K7Q2`)
    expect(ipc.issuanceQueue).toHaveBeenCalledTimes(1)
  })

  it('asks for the list again before saying a case is not waiting here', async () => {
    vi.mocked(ipc.issuanceQueue)
      .mockResolvedValueOnce(list([]))
      .mockResolvedValueOnce(list([row()]))
    const store = useIssuanceStore()
    await store.load()
    expect(await store.find(NUMBER)).not.toBeNull()
    expect(await store.find('4407030002026120299999')).toBeNull()
    expect(store.selected?.case.number).toBe(NUMBER)
  })

  it('keeps the form and names the field of a refusal', async () => {
    vi.mocked(ipc.issuanceQueue).mockResolvedValue(list([row()]))
    vi.mocked(ipc.issueResult).mockRejectedValue({
      code: 'invalid_input',
      message: '授权委托书上的申请人证件号码与办件不符，不能代领',
      field: 'collector.applicant_id_number',
    })
    const store = useIssuanceStore()
    await store.load()
    store.open(store.rows[0]!)
    store.setKind('agent')
    store.form.name = '陈志强'
    store.form.id_number = '440703198001011234'
    store.form.applicant_id_number = '440703199001011230'
    expect(await store.submit()).toBeNull()
    expect(store.error).toBe('授权委托书上的申请人证件号码与办件不符，不能代领')
    expect(store.errorField).toBe('collector-applicant-id')
    expect(store.form).toMatchObject({ kind: 'agent', name: '陈志强', applicant_id_number: '440703199001011230' })
  })

  it('does not hand out a result that cannot go out yet', async () => {
    vi.mocked(ipc.issuanceQueue).mockResolvedValue(list([row({ blocked: '容缺材料“场所使用证明”尚未补齐' })]))
    const store = useIssuanceStore()
    await store.load()
    store.open(store.rows[0]!)
    expect(await store.submit()).toBeNull()
    expect(ipc.issueResult).not.toHaveBeenCalled()
  })
})
