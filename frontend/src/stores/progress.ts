// 过程追溯: where a case stands, looked up at any window by its number or by the receipt's QR code.
// The reference goes to the backend as it was typed or scanned, so the QR code's check code is checked
// there; only a matching code brings the applicant's own details. Nothing is kept once the screen closes.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type { ProgressView } from '@/api/bindings'

export const useProgressStore = defineStore('progress', () => {
  const view = ref<ProgressView | null>(null)
  const loading = ref(false)
  /** Counts rejected look-ups, for putting the focus back on the input. */
  const errorSeq = ref(0)

  let seq = 0

  /** Looks the case up; false when nothing was found (the message is shown). */
  async function find(text: string): Promise<boolean> {
    const reference = text.trim()
    if (!reference) return false
    const mine = ++seq
    view.value = null
    loading.value = true
    try {
      const found = await ipc.caseProgress(reference)
      if (mine !== seq) return false
      view.value = found
      return true
    } catch (e) {
      if (mine === seq) {
        showError(e)
        errorSeq.value++
      }
      return false
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  /** Forgets the case shown (and the applicant's details with it). */
  function reset(): void {
    seq++
    view.value = null
    loading.value = false
  }

  return { view, loading, errorSeq, find, reset }
})
