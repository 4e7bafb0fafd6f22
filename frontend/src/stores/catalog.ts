import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/api/ipc'
import type { BundleDetail, CatalogHit, RemitView, ServiceItemDetail } from '@/api/bindings'
import { whileBusy } from './busy'

export const SEARCH_LIMIT = 20

export const useCatalogStore = defineStore('catalog', () => {
  const query = ref('')
  /** Service items and 一件事 bundles, best first. */
  const results = ref<CatalogHit[]>([])
  const searching = ref(false)
  /** The opened service item; at most one of `selected` and `bundle` is set. */
  const selected = ref<ServiceItemDetail | null>(null)
  /** The opened 一件事 bundle. */
  const bundle = ref<BundleDetail | null>(null)
  const loadingItem = ref(false)
  /**
   * Whether the clerk's hall may accept an item, and which halls may when it may not, by item code,
   * once asked: asked for the hit the clerk moves to, before anything is opened or typed.
   */
  const remits = ref<Record<string, RemitView>>({})
  const remitsAsked = new Map<string, Promise<RemitView | null>>()

  // Only the answer to the latest request is kept: a slow earlier search must not overwrite it.
  // Items and bundles share one counter: whatever was opened last wins.
  let searchSeq = 0
  let openSeq = 0

  async function search(text: string): Promise<void> {
    query.value = text
    const seq = ++searchSeq
    const q = text.trim()
    if (!q) {
      results.value = []
      searching.value = false
      return
    }
    const found = await whileBusy(searching, () => ipc.searchCatalog(q, SEARCH_LIMIT), { current: () => seq === searchSeq })
    if (seq === searchSeq) results.value = found ?? []
  }

  async function load<T>(fetch: () => Promise<T>, apply: (value: T) => void): Promise<void> {
    const seq = ++openSeq
    const value = await whileBusy(loadingItem, fetch, { current: () => seq === openSeq })
    if (value !== undefined && seq === openSeq) apply(value)
  }

  /**
   * The remit of an item at the clerk's hall, asked once per item. A failure shows nothing: the flag
   * only tells early what the decision will say anyway, and the clerk must not be nagged while moving
   * through the hits.
   */
  function loadRemit(code: string): Promise<RemitView | null> {
    const asked = remitsAsked.get(code)
    if (asked) return asked
    // Asked inside the promise: even a call that throws at once is a failure like any other.
    const next = Promise.resolve()
      .then(() => ipc.itemRemit(code))
      .then(
        (remit) => {
          if (remit) remits.value = { ...remits.value, [code]: remit }
          return remit ?? null
        },
        () => {
          remitsAsked.delete(code)
          return null
        },
      )
    remitsAsked.set(code, next)
    return next
  }

  /** Opens a service item. */
  function select(code: string): Promise<void> {
    void loadRemit(code)
    return load(
      () => ipc.getServiceItem(code),
      (item) => {
        selected.value = item
        bundle.value = null
      },
    )
  }

  /** Opens a 一件事 bundle. */
  function selectBundle(code: string): Promise<void> {
    return load(
      () => ipc.getBundle(code),
      (found) => {
        bundle.value = found
        selected.value = null
      },
    )
  }

  /** Opens a search hit, item or bundle. */
  function open(hit: Pick<CatalogHit, 'kind' | 'code'>): Promise<void> {
    return hit.kind === 'bundle' ? selectBundle(hit.code) : select(hit.code)
  }

  function clear(): void {
    searchSeq++
    query.value = ''
    results.value = []
    searching.value = false
  }

  return { query, results, searching, selected, bundle, loadingItem, remits, search, select, selectBundle, open, clear, loadRemit }
})
