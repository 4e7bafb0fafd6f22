import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { BundleDetail, ServiceItemDetail } from '@/api/bindings'

vi.mock('@/api/ipc', () => ({ searchCatalog: vi.fn(), getServiceItem: vi.fn(), getBundle: vi.fn(), itemRemit: vi.fn() }))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { SEARCH_LIMIT, useCatalogStore } from './catalog'

const item = { code: 'I1', name: '户籍证明开具' } as ServiceItemDetail
const bundle = { code: 'B1', name: '新生儿出生一件事', description: '', items: [], materials: [], delivery: ['window'] } as BundleDetail

describe('catalog store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(ipc.searchCatalog).mockReset().mockResolvedValue([])
    vi.mocked(ipc.getServiceItem).mockReset().mockResolvedValue(item)
    vi.mocked(ipc.getBundle).mockReset().mockResolvedValue(bundle)
    vi.mocked(showError).mockReset()
    vi.mocked(ipc.itemRemit)
      .mockReset()
      .mockImplementation(async (code) => ({ service_item_code: code, accepted_here: true, halls: [] }))
  })

  it("asks an item's remit at the clerk's hall once, also when it is opened", async () => {
    const store = useCatalogStore()
    const away = { service_item_code: 'I2', accepted_here: false, halls: [{ code: '440703000', name: '蓬江区政务服务中心' }] }
    vi.mocked(ipc.itemRemit).mockResolvedValueOnce(away)
    await expect(store.loadRemit('I2')).resolves.toEqual(away)
    await store.loadRemit('I2')
    expect(ipc.itemRemit).toHaveBeenCalledTimes(1)
    expect(store.remits.I2).toEqual(away)
    await store.select('I1')
    await store.loadRemit('I1')
    expect(ipc.itemRemit).toHaveBeenCalledWith('I1')
    expect(store.remits.I1?.accepted_here).toBe(true)
  })

  it('shows nothing when the remit cannot be asked, and asks again next time', async () => {
    const store = useCatalogStore()
    vi.mocked(ipc.itemRemit).mockRejectedValueOnce({ code: 'internal', message: '无法读取大厅' })
    await expect(store.loadRemit('I3')).resolves.toBeNull()
    expect(showError).not.toHaveBeenCalled()
    await store.loadRemit('I3')
    expect(ipc.itemRemit).toHaveBeenCalledTimes(2)
    expect(store.remits.I3?.accepted_here).toBe(true)
  })

  it('searches the catalog with the trimmed text and the limit', async () => {
    const store = useCatalogStore()
    await store.search('  hj ')
    expect(ipc.searchCatalog).toHaveBeenCalledWith('hj', SEARCH_LIMIT)
  })

  it('opens items and bundles by kind, one at a time', async () => {
    const store = useCatalogStore()
    await store.open({ kind: 'bundle', code: 'B1' })
    expect(ipc.getBundle).toHaveBeenCalledWith('B1')
    expect(store.bundle).toEqual(bundle)
    expect(store.selected).toBeNull()
    await store.open({ kind: 'item', code: 'I1' })
    expect(ipc.getServiceItem).toHaveBeenCalledWith('I1')
    expect(store.selected).toEqual(item)
    expect(store.bundle).toBeNull()
  })

  it('keeps whatever was opened last when an earlier answer comes back later', async () => {
    let resolveItem!: (v: ServiceItemDetail) => void
    vi.mocked(ipc.getServiceItem).mockReturnValue(new Promise((r) => (resolveItem = r)))
    const store = useCatalogStore()
    const slow = store.select('I1')
    await store.selectBundle('B1')
    resolveItem(item)
    await slow
    expect(store.bundle).toEqual(bundle)
    expect(store.selected).toBeNull()
    expect(store.loadingItem).toBe(false)
  })

  it('reports a failed bundle through showError', async () => {
    const err = { code: 'not_found', message: '未找到编码为“B9”的一件事' }
    vi.mocked(ipc.getBundle).mockRejectedValue(err)
    const store = useCatalogStore()
    await store.selectBundle('B9')
    expect(showError).toHaveBeenCalledWith(err)
    expect(store.bundle).toBeNull()
  })
})
