import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type { Overview } from '@/api/bindings'

export const useOverviewStore = defineStore('overview', () => {
  const data = ref<Overview | null>(null)
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      data.value = await ipc.overview()
    } catch (e) {
      showError(e)
    } finally {
      loading.value = false
    }
  }

  return { data, loading, load }
})
