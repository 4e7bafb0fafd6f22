import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/api/ipc'
import type { CaseDetail } from '@/api/bindings'
import { whileBusy } from './busy'

export const useCasesStore = defineStore('cases', () => {
  const current = ref<CaseDetail | null>(null)
  const loading = ref(false)
  let seq = 0

  async function open(number: string): Promise<void> {
    const mine = ++seq
    if (current.value?.summary.number !== number) current.value = null
    const detail = await whileBusy(loading, () => ipc.getCase(number), { current: () => mine === seq })
    if (detail && mine === seq) current.value = detail
  }

  return { current, loading, open }
})
