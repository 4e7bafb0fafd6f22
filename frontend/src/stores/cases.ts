import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type { CaseDetail } from '@/api/bindings'

export const useCasesStore = defineStore('cases', () => {
  const current = ref<CaseDetail | null>(null)
  const loading = ref(false)
  let seq = 0

  async function open(number: string): Promise<void> {
    const mine = ++seq
    loading.value = true
    if (current.value?.summary.number !== number) current.value = null
    try {
      const detail = await ipc.getCase(number)
      if (mine === seq) current.value = detail
    } catch (e) {
      if (mine === seq) showError(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  return { current, loading, open }
})
