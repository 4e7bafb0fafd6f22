import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/api/ipc'
import type { CaseSummary } from '@/api/bindings'
import { whileBusy } from './busy'

export const useQueuesStore = defineStore('queues', () => {
  const department = ref<CaseSummary[]>([])
  const dispatch = ref<CaseSummary[]>([])
  const loadingDepartment = ref(false)
  const loadingDispatch = ref(false)

  async function loadDepartment(): Promise<void> {
    const found = await whileBusy(loadingDepartment, () => ipc.departmentQueue())
    if (found) department.value = found
  }

  async function loadDispatch(): Promise<void> {
    const found = await whileBusy(loadingDispatch, () => ipc.dispatchQueue())
    if (found) dispatch.value = found
  }

  return { department, dispatch, loadingDepartment, loadingDispatch, loadDepartment, loadDispatch }
})
