import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type { ServiceItemDetail, ServiceItemSummary } from '@/api/bindings'

export const SEARCH_LIMIT = 20

export const useCatalogStore = defineStore('catalog', () => {
  const query = ref('')
  const results = ref<ServiceItemSummary[]>([])
  const searching = ref(false)
  const selected = ref<ServiceItemDetail | null>(null)
  const loadingItem = ref(false)

  // Only the answer to the latest request is kept: a slow earlier search must not overwrite it.
  let searchSeq = 0
  let itemSeq = 0

  async function search(text: string): Promise<void> {
    query.value = text
    const seq = ++searchSeq
    const q = text.trim()
    if (!q) {
      results.value = []
      searching.value = false
      return
    }
    searching.value = true
    try {
      const found = await ipc.searchServiceItems(q, SEARCH_LIMIT)
      if (seq === searchSeq) results.value = found
    } catch (e) {
      if (seq === searchSeq) {
        results.value = []
        showError(e)
      }
    } finally {
      if (seq === searchSeq) searching.value = false
    }
  }

  async function select(code: string): Promise<void> {
    const seq = ++itemSeq
    loadingItem.value = true
    try {
      const item = await ipc.getServiceItem(code)
      if (seq === itemSeq) selected.value = item
    } catch (e) {
      if (seq === itemSeq) showError(e)
    } finally {
      if (seq === itemSeq) loadingItem.value = false
    }
  }

  function clear(): void {
    searchSeq++
    query.value = ''
    results.value = []
    searching.value = false
  }

  return { query, results, searching, selected, loadingItem, search, select, clear }
})
