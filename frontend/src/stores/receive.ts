// 邮件签收: an envelope arriving at its destination (a department, or a hall for a result) is scanned
// and signed in as received, or recorded missing or damaged with a reason. A refusal is shown in the
// form, on the field it names, and that field is focused again.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/api/ipc'
import type { ReceiveOutcome, Role, ReceiveRequest, ShipmentView } from '@/api/bindings'

/** Who signs envelopes in: the destination department's reviewers and leads, and a destination hall's window clerks. */
export const RECEIVE_ROLES: Role[] = ['reviewer', 'department_lead', 'window_clerk']

/** An outcome other than received needs the reason it went wrong. */
export function needsReason(outcome: ReceiveOutcome): boolean {
  return outcome !== 'received'
}

export function receiveRequest(waybill: string, outcome: ReceiveOutcome, reason: string): ReceiveRequest {
  const why = reason.trim()
  return { waybill: waybill.trim(), outcome, ...(needsReason(outcome) && why ? { reason: why } : {}) }
}

/** The data-testids of the controls the request's fields are entered in. */
export const RECEIVE_FIELD_TESTIDS: Readonly<Record<string, string>> = {
  waybill: 'receive-waybill',
  reason: 'receive-reason',
}

export const useReceiveStore = defineStore('receive', () => {
  const waybill = ref('')
  const outcome = ref<ReceiveOutcome>('received')
  const reason = ref('')
  const submitting = ref(false)
  const result = ref<ShipmentView | null>(null)
  const error = ref<string | null>(null)
  const errorField = ref<string | null>(null)
  const errorSeq = ref(0)

  function fail(message: string, field: string | null): void {
    error.value = message
    errorField.value = field
    errorSeq.value++
  }

  /** Signs the envelope in; the shipment as it is now, or null (the reason is in `error`). */
  async function submit(missingReason: string): Promise<ShipmentView | null> {
    if (submitting.value) return null
    error.value = null
    errorField.value = null
    if (needsReason(outcome.value) && !reason.value.trim()) {
      fail(missingReason, RECEIVE_FIELD_TESTIDS.reason!)
      return null
    }
    submitting.value = true
    try {
      const shipment = await ipc.receiveShipment(receiveRequest(waybill.value, outcome.value, reason.value))
      result.value = shipment
      // Ready for the next envelope.
      waybill.value = ''
      outcome.value = 'received'
      reason.value = ''
      return shipment
    } catch (e) {
      const err = ipc.toIpcError(e)
      result.value = null
      fail(err.message, (err.field && RECEIVE_FIELD_TESTIDS[err.field]) ?? RECEIVE_FIELD_TESTIDS.waybill!)
      return null
    } finally {
      submitting.value = false
    }
  }

  return { waybill, outcome, reason, submitting, result, error, errorField, errorSeq, submit }
})
