import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/api/ipc'
import type { CaseDetail, CustodyView, ShipmentView } from '@/api/bindings'
import { whileBusy } from './busy'

export const useCasesStore = defineStore('cases', () => {
  const current = ref<CaseDetail | null>(null)
  const loading = ref(false)
  /** The envelopes the case has been in (寄递), oldest first, and the case they are of. */
  const shipments = ref<ShipmentView[]>([])
  const shipmentsOf = ref<string | null>(null)
  const loadingShipments = ref(false)
  /** The chain of custody of the case's papers (who held them, where, and any gap). */
  const custody = ref<CustodyView | null>(null)
  const loadingCustody = ref(false)
  let seq = 0
  let shipmentSeq = 0
  let custodySeq = 0

  async function open(number: string): Promise<void> {
    const mine = ++seq
    if (current.value?.summary.number !== number) current.value = null
    const detail = await whileBusy(loading, () => ipc.getCase(number), { current: () => mine === seq })
    if (detail && mine === seq) current.value = detail
  }

  async function loadShipments(number: string): Promise<void> {
    const mine = ++shipmentSeq
    if (shipmentsOf.value !== number) {
      shipments.value = []
      shipmentsOf.value = number
    }
    const found = await whileBusy(loadingShipments, () => ipc.caseShipments(number), { current: () => mine === shipmentSeq })
    if (found && mine === shipmentSeq) shipments.value = found
  }

  async function loadCustody(number: string): Promise<void> {
    const mine = ++custodySeq
    if (custody.value?.number !== number) custody.value = null
    const found = await whileBusy(loadingCustody, () => ipc.caseCustody(number), { current: () => mine === custodySeq })
    if (found && mine === custodySeq) custody.value = found
  }

  return { current, loading, shipments, shipmentsOf, loadingShipments, custody, loadingCustody, open, loadShipments, loadCustody }
})
