import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  waybillRanges: vi.fn(),
  importWaybillRange: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { resetMocks } from '@/test/mocks'
import { range } from '@/test/courierFixtures'
import { carrierProducts, emptyRangeForm, rangeImport, useWaybillRangesStore } from './waybillRanges'

beforeEach(() => {
  setActivePinia(createPinia())
  resetMocks(ipc)
  vi.mocked(showError).mockReset()
  vi.mocked(ipc.waybillRanges).mockResolvedValue([range()])
})

describe('waybill ranges', () => {
  it('adds up the ranges of each carrier product', () => {
    const products = carrierProducts([
      range({ id: 1, free: 3, total: 100, low: true }),
      range({ id: 2, carrier: '顺丰速运', product: '标快', free: 50, total: 50 }),
      range({ id: 3, free: 2, total: 20, low: true }),
    ])
    expect(products).toEqual([
      { carrier: '中国邮政 EMS', product: '标准快递', total: 120, free: 5, low: true },
      { carrier: '顺丰速运', product: '标快', total: 50, free: 50, low: false },
    ])
  })

  it('sends what was filled in: first and last, or the numbers listed one a line', () => {
    const form = { ...emptyRangeForm(), carrier: ' 中国邮政 EMS ', first: 'ea000000001cn ', last: 'EA000000100CN' }
    expect(rangeImport(form)).toEqual({ carrier: '中国邮政 EMS', product: '标准快递', format: 's10', first: 'EA000000001CN', last: 'EA000000100CN' })
    expect(rangeImport({ ...emptyRangeForm(), format: 'digits', numbers: '1189202600001\n\n 1189202600002 \r\n' })).toEqual({
      carrier: '中国邮政 EMS',
      product: '标准快递',
      format: 'digits',
      numbers: ['1189202600001', '1189202600002'],
    })
  })

  it('names the field of a refused import, keeps the form, and clears the numbers once imported', async () => {
    const store = useWaybillRangesStore()
    store.form.numbers = 'EA000000002CN'
    vi.mocked(ipc.importWaybillRange).mockRejectedValueOnce({ code: 'invalid_input', message: '运单号“EA000000002CN”校验位错误', field: 'numbers' })
    expect(await store.submitImport()).toBeNull()
    expect(showError).toHaveBeenCalledTimes(1)
    expect(store.errorField).toBe('range-numbers')
    expect(store.form.numbers).toBe('EA000000002CN')

    store.form.numbers = 'EA000000001CN'
    vi.mocked(ipc.importWaybillRange).mockResolvedValueOnce(range({ id: 2, format: 's10', first: 'EA000000001CN', last: 'EA000000001CN', total: 1 }))
    expect((await store.submitImport())?.id).toBe(2)
    expect(store.errorField).toBeNull()
    expect(store.form).toMatchObject({ carrier: '中国邮政 EMS', numbers: '', first: '', last: '' })
    expect(ipc.waybillRanges).toHaveBeenCalledTimes(1)
    expect(store.loaded).toBe(true)
  })
})
