// 揽收交接: the dispatcher hands the hall's labelled envelopes to a courier. The handover is started
// for the courier (name, carrier, contact), each envelope is scanned into it — one that does not
// belong (another hall's, another carrier's, not labelled, scanned already) is refused on `waybill`
// and the refusal stays on screen for the next scan — and closing it hands them over and dispatches
// their cases; the 交接清单 of this handover is then printed.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type { HandoverRequest, HandoverView } from '@/api/bindings'
import { usePrintingStore } from './printing'
import { DEFAULT_CARRIER } from './waybillRanges'

export function emptyCourier(): HandoverRequest {
  return { courier_name: '', courier_company: DEFAULT_CARRIER, courier_contact: '' }
}

/** The data-testids of the controls the handover's fields are entered in. */
export const HANDOVER_FIELD_TESTIDS: Readonly<Record<string, string>> = {
  courier_name: 'handover-courier-name',
  courier_company: 'handover-courier-company',
  courier_contact: 'handover-courier-contact',
  waybill: 'handover-scan-input',
}

export const useHandoverStore = defineStore('handover', () => {
  const printing = usePrintingStore()

  const form = ref<HandoverRequest>(emptyCourier())
  const handover = ref<HandoverView | null>(null)
  const busy = ref(false)
  /** The last refusal (a scan that does not belong, nothing to close), shown on screen. */
  const error = ref<string | null>(null)
  /** The data-testid of the control a refusal is about; `errorSeq` counts refusals, for focusing it again. */
  const errorField = ref<string | null>(null)
  const errorSeq = ref(0)
  const manifestJob = ref<number | null>(null)

  const closed = computed(() => handover.value?.closed_at != null)

  function refused(e: unknown): void {
    const err = ipc.toIpcError(e)
    if (err.code === 'invalid_input' && err.field) error.value = err.message
    else showError(e)
    errorField.value = (err.field && HANDOVER_FIELD_TESTIDS[err.field]) ?? null
    errorSeq.value++
  }

  async function run(action: () => Promise<HandoverView>): Promise<boolean> {
    if (busy.value) return false
    busy.value = true
    error.value = null
    errorField.value = null
    try {
      handover.value = await action()
      return true
    } catch (e) {
      refused(e)
      return false
    } finally {
      busy.value = false
    }
  }

  function start(): Promise<boolean> {
    const f = form.value
    return run(() =>
      ipc.startHandover({
        courier_name: f.courier_name.trim(),
        courier_company: f.courier_company.trim(),
        courier_contact: f.courier_contact.trim(),
      }),
    )
  }

  /** Scans an envelope into the open handover; false when refused (the reason is in `error`). */
  function scan(waybill: string): Promise<boolean> {
    const h = handover.value
    const code = waybill.trim()
    if (!h || closed.value || !code) return Promise.resolve(false)
    return run(() => ipc.scanHandover(h.id, code))
  }

  function close(): Promise<boolean> {
    const h = handover.value
    if (!h || closed.value) return Promise.resolve(false)
    return run(() => ipc.closeHandover(h.id))
  }

  /** The 交接清单 of this handover. */
  async function printManifest(): Promise<void> {
    const h = handover.value
    if (!h) return
    const job = await printing.print({ document: 'manifest', case_number: null, profile: null, lang: null, queue: null, demo: false, handover: h.id })
    if (job) manifestJob.value = job.id
  }

  /** Back to the courier form, for the next courier. */
  function reset(): void {
    form.value = emptyCourier()
    handover.value = null
    error.value = null
    errorField.value = null
    manifestJob.value = null
  }

  return { form, handover, busy, error, errorField, errorSeq, manifestJob, closed, start, scan, close, printManifest, reset }
})
