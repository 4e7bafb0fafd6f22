import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/api/ipc'
import type { Overview } from '@/api/bindings'
import { whileBusy } from './busy'

export const useOverviewStore = defineStore('overview', () => {
  const data = ref<Overview | null>(null)
  const loading = ref(false)

  async function load(): Promise<void> {
    const found = await whileBusy(loading, () => ipc.overview())
    if (found) data.value = found
  }

  return { data, loading, load }
})
