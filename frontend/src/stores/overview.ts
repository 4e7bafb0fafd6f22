import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/api/ipc'
import type { Overview } from '@/api/bindings'
import { whileBusy } from './busy'

export const useOverviewStore = defineStore('overview', () => {
  const data = ref<Overview | null>(null)
  const loading = ref(false)
  /** When the figures on screen were counted: the overview counts every case up to that moment. */
  const countedAt = ref<Date | null>(null)

  async function load(): Promise<void> {
    const found = await whileBusy(loading, () => ipc.overview())
    if (found) {
      data.value = found
      countedAt.value = new Date()
    }
  }

  return { data, loading, countedAt, load }
})
