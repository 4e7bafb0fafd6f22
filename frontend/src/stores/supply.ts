// A correction brought to the window: the case found by its number or by the QR code of its notice or
// receipt, the correction it answers, which materials the applicant brought (form, copies, pages,
// scans from the inbox), and the supply that sends the case back to its reviewer. A case accepted
// with tolerated materials (容缺受理) is supplied the same way (容缺补交): only the materials still to
// come are listed, and the supply makes the shortfall good instead.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type { CaseMaterialView, IpcError, ReceivedInput, ReviewOutcome, ReviewView, SupplyRequest } from '@/api/bindings'
import { clampDetails, receivedDetailsAt, type ChecklistMaterial, type ReceivedDetails } from '@/intake/intakeForm'
import { useScanInboxStore } from './scanInbox'

/** A material of the case as the supply checklist lists it. */
export type SupplyMaterial = ChecklistMaterial & Pick<CaseMaterialView, 'code'>

/** The data-testids of the controls the supply's fields are entered in. */
export const SUPPLY_FIELD_TESTIDS: Readonly<Record<string, string>> = {
  case: 'supply-case-input',
  materials: 'material-checklist',
  note: 'supply-note',
}

/**
 * What the screen takes in: the reviewer's correction, or the tolerated materials still to come — the
 * latter when the backend offers their supply and no correction is waiting.
 */
export type SupplyMode = 'correction' | 'shortfall'

export function supplyMode(review: ReviewView | null): SupplyMode {
  return review && review.actions.includes('supply_shortfall') && !review.actions.includes('submit_correction') ? 'shortfall' : 'correction'
}

/**
 * The case's materials, each as brought by default: in the catalog's form, one copy, as many pages as
 * at intake. For the tolerated materials' supply, only those still to come (by name).
 */
export function supplyMaterials(review: ReviewView, mode: SupplyMode = 'correction'): SupplyMaterial[] {
  const outstanding = new Set((review.shortfall?.outstanding ?? []).map((m) => m.name))
  const listed = mode === 'shortfall' ? review.materials.filter((r) => outstanding.has(r.material.name)) : review.materials
  return listed.map((r) => ({
    code: r.material.code,
    name: r.material.name,
    form: r.material.form,
    policy: r.material.policy,
    copies: 1,
    pages: Math.max(1, r.pages),
    applies_to: 'all',
  }))
}

export const useSupplyStore = defineStore('supply', () => {
  /** The case as the clerk typed or scanned it: sent as it is, so the QR code's check code is checked. */
  const reference = ref('')
  const review = ref<ReviewView | null>(null)
  const loading = ref(false)
  const present = ref<Set<string>>(new Set())
  const details = ref<Record<string, ReceivedDetails>>({})
  /** Inbox scans attached to the materials brought, by material code. */
  const attached = ref<Record<string, string[]>>({})
  const note = ref('')
  const submitting = ref(false)
  const outcome = ref<ReviewOutcome | null>(null)
  /** The data-testid of the control a rejection is about; `errorSeq` counts rejections, for focusing it again. */
  const errorField = ref<string | null>(null)
  const errorSeq = ref(0)

  const mode = computed(() => supplyMode(review.value))
  const materials = computed(() => (review.value ? supplyMaterials(review.value, mode.value) : []))
  /** The date each tolerated material still to come is due, by material code (the shortfall's supply only). */
  const dueDates = computed(() => {
    const out = new Map<string, string>()
    if (mode.value !== 'shortfall') return out
    const until = new Map((review.value?.shortfall?.outstanding ?? []).map((m) => [m.name, m.until]))
    for (const m of materials.value) {
      const date = until.get(m.name)
      if (date) out.set(m.code, date)
    }
    return out
  })
  const canSupply = computed(
    () => !!review.value?.actions.includes(mode.value === 'shortfall' ? 'supply_shortfall' : 'submit_correction') && !outcome.value,
  )
  const attachedScans = computed(() => new Set(Object.values(attached.value).flat()))

  let seq = 0

  function rejectedFor(e: unknown): void {
    showError(e)
    const err: IpcError = ipc.toIpcError(e)
    errorField.value = (err.field && SUPPLY_FIELD_TESTIDS[err.field.split('.')[0]!]) ?? null
    errorSeq.value++
  }

  function clearForm(): void {
    present.value = new Set()
    details.value = {}
    attached.value = {}
    note.value = ''
    outcome.value = null
    errorField.value = null
  }

  /** Looks the case up by what the clerk typed or scanned. */
  async function find(text: string): Promise<boolean> {
    const wanted = text.trim()
    if (!wanted) return false
    const mine = ++seq
    reference.value = wanted
    review.value = null
    clearForm()
    loading.value = true
    try {
      const found = await ipc.reviewCase(wanted)
      if (mine !== seq) return false
      review.value = found
      return true
    } catch (e) {
      if (mine === seq) rejectedFor(e)
      return false
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function toggle(code: string, on: boolean): void {
    const next = new Set(present.value)
    if (on) next.add(code)
    else {
      next.delete(code)
      delete attached.value[code]
    }
    present.value = next
  }

  function setDetails(code: string, value: ReceivedDetails): void {
    details.value = { ...details.value, [code]: clampDetails(value) }
  }

  /** Files an inbox scan under a material; attaching ticks it. */
  function attach(code: string, sha: string): void {
    detach(sha)
    attached.value = { ...attached.value, [code]: [...(attached.value[code] ?? []), sha] }
    if (!present.value.has(code)) toggle(code, true)
  }

  function detach(sha: string): void {
    const next: Record<string, string[]> = {}
    for (const [code, shas] of Object.entries(attached.value)) {
      const kept = shas.filter((s) => s !== sha)
      if (kept.length > 0) next[code] = kept
    }
    attached.value = next
  }

  /** What the applicant brought, in the checklist's order. */
  function received(): ReceivedInput[] {
    return materials.value
      .filter((m) => present.value.has(m.code))
      .map((m) => {
        const scans = attached.value[m.code] ?? []
        return { material_code: m.code, ...receivedDetailsAt(m.code, m, details.value), ...(scans.length > 0 ? { scans: [...scans] } : {}) }
      })
  }

  async function submit(): Promise<ReviewOutcome | null> {
    if (!review.value || submitting.value || !canSupply.value) return null
    errorField.value = null
    const filed = [...attachedScans.value]
    const text = note.value.trim()
    const request: SupplyRequest = { case: reference.value, materials: received(), ...(text ? { note: text } : {}) }
    submitting.value = true
    try {
      const answer = await (mode.value === 'shortfall' ? ipc.supplyShortfall(request) : ipc.supplyCorrection(request))
      outcome.value = answer
      // The case as it is now (已补正, back with its reviewer; or its shortfall made good), without asking again.
      if (review.value) review.value = { ...review.value, detail: { ...review.value.detail, summary: answer.case } }
      if (filed.length > 0) {
        const inbox = useScanInboxStore()
        inbox.drop(filed)
        void inbox.loadInbox()
      }
      return answer
    } catch (e) {
      rejectedFor(e)
      return null
    } finally {
      submitting.value = false
    }
  }

  /** The next applicant: nothing found, nothing ticked. */
  function reset(): void {
    seq++
    reference.value = ''
    review.value = null
    loading.value = false
    clearForm()
  }

  return {
    reference,
    review,
    loading,
    present,
    details,
    attached,
    note,
    submitting,
    outcome,
    errorField,
    errorSeq,
    mode,
    materials,
    dueDates,
    canSupply,
    attachedScans,
    find,
    toggle,
    setDetails,
    attach,
    detach,
    received,
    submit,
    reset,
  }
})
