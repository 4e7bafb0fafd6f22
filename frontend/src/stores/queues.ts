import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/api/ipc'
import type { CaseSummary } from '@/api/bindings'
import { whileBusy } from './busy'

// The dispatch queue; the department's, paged and filtered, is the review store's.
export const useQueuesStore = defineStore('queues', () => {
  const dispatch = ref<CaseSummary[]>([])
  const loadingDispatch = ref(false)

  async function loadDispatch(): Promise<void> {
    const found = await whileBusy(loadingDispatch, () => ipc.dispatchQueue())
    if (found) dispatch.value = found
  }

  return { dispatch, loadingDispatch, loadDispatch }
})
