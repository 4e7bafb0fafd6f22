import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type { CaseSummary } from '@/api/bindings'

export const useQueuesStore = defineStore('queues', () => {
  const department = ref<CaseSummary[]>([])
  const dispatch = ref<CaseSummary[]>([])
  const loadingDepartment = ref(false)
  const loadingDispatch = ref(false)

  async function loadDepartment(): Promise<void> {
    loadingDepartment.value = true
    try {
      department.value = await ipc.departmentQueue()
    } catch (e) {
      showError(e)
    } finally {
      loadingDepartment.value = false
    }
  }

  async function loadDispatch(): Promise<void> {
    loadingDispatch.value = true
    try {
      dispatch.value = await ipc.dispatchQueue()
    } catch (e) {
      showError(e)
    } finally {
      loadingDispatch.value = false
    }
  }

  return { department, dispatch, loadingDepartment, loadingDispatch, loadDepartment, loadDispatch }
})
