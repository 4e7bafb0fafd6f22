// 统一出件: the results waiting at the clerk's hall, and handing one out. The clerk scans the receipt's
// QR code (or types the case number, or picks a row), compares the collector's papers with the case
// and hands the result over; the backend checks the collector against the case and refuses a
// mismatch on the field it is about, which the hand-out form shows and focuses, nothing cleared.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/api/ipc'
import type { IdKind, IssuanceListView, IssuanceRowView, IssueRequest, ReviewOutcome } from '@/api/bindings'
import { caseReference } from '@/format/caseNumber'
import { normaliseId } from '@/intake/intakeForm'
import { whileBusy } from './busy'

/** Who takes the result: the applicant in person, or someone for them. */
export type CollectorKind = 'applicant' | 'agent'

/** The hand-out form as the clerk fills it in. */
export interface CollectorForm {
  kind: CollectorKind
  id_kind: IdKind
  id_number: string
  /** The agent's own name; only for an agent. */
  name: string
  /** The applicant's ID number as the authorisation letter gives it; only for an agent. */
  applicant_id_number: string
  /** The authorisation letter (授权委托书) was shown and kept; only for an agent. */
  authorisation: boolean
}

export function emptyCollector(): CollectorForm {
  return { kind: 'applicant', id_kind: 'resident_id', id_number: '', name: '', applicant_id_number: '', authorisation: false }
}

/** The data-testids of the controls the issue request's fields are entered in. */
export const ISSUE_FIELD_TESTIDS: Readonly<Record<string, string>> = {
  // The only refusal of the kind: an organisation's result is collected by an agent.
  'collector.kind': 'collector-kind-agent',
  'collector.id_kind': 'collector-id-kind',
  'collector.id_number': 'collector-id-number',
  'collector.name': 'collector-name',
  'collector.applicant_id_number': 'collector-applicant-id',
  'collector.authorisation': 'collector-authorisation',
}

/** The request for handing the result of `reference` (sent as it was typed or scanned) to the collector. */
export function issueRequest(reference: string, form: CollectorForm): IssueRequest {
  const id_number = normaliseId(form.id_number)
  if (form.kind === 'applicant') return { case: reference, collector: { kind: 'applicant', id_kind: form.id_kind, id_number } }
  const stated = normaliseId(form.applicant_id_number)
  return {
    case: reference,
    collector: {
      kind: 'agent',
      name: form.name.trim(),
      id_kind: form.id_kind,
      id_number,
      ...(stated ? { applicant_id_number: stated } : {}),
      authorisation: form.authorisation,
    },
  }
}

export const useIssuanceStore = defineStore('issuance', () => {
  const list = ref<IssuanceListView | null>(null)
  const loading = ref(false)
  /** The row whose result is being handed out (the form is open), and the case as typed or scanned. */
  const selected = ref<IssuanceRowView | null>(null)
  const reference = ref('')
  const form = ref<CollectorForm>(emptyCollector())
  const submitting = ref(false)
  /** Why the backend refused the hand-out, shown inside the form. */
  const error = ref<string | null>(null)
  /** The data-testid of the control a refusal is about; `errorSeq` counts refusals, for focusing it again. */
  const errorField = ref<string | null>(null)
  const errorSeq = ref(0)
  /** The hand-out done: the case as it is now and what became printable (the 领取签收单). */
  const outcome = ref<ReviewOutcome | null>(null)

  const rows = computed(() => list.value?.rows ?? [])

  let seq = 0

  async function load(): Promise<void> {
    const mine = ++seq
    const found = await whileBusy(loading, () => ipc.issuanceQueue(), { current: () => mine === seq })
    if (found && mine === seq) list.value = found
  }

  function rowOf(text: string): IssuanceRowView | null {
    const number = caseReference(text)
    return rows.value.find((r) => r.case.number === number) ?? null
  }

  /** Opens the hand-out form of a row, for the case as the clerk typed or scanned it. */
  function open(row: IssuanceRowView, typed: string = row.case.number): void {
    selected.value = row
    reference.value = typed.trim()
    form.value = emptyCollector()
    error.value = null
    errorField.value = null
    outcome.value = null
  }

  /**
   * Opens the form of the case the clerk typed or scanned; a case not in the list yet (it may have
   * come to the window since) is asked for once more. The row, or null when the hall has no such
   * result waiting.
   */
  async function find(text: string): Promise<IssuanceRowView | null> {
    const typed = text.trim()
    if (!typed) return null
    let row = rowOf(typed)
    if (!row) {
      await load()
      row = rowOf(typed)
    }
    if (row) open(row, typed)
    return row
  }

  function close(): void {
    selected.value = null
    reference.value = ''
    error.value = null
    errorField.value = null
    outcome.value = null
  }

  function setKind(kind: CollectorKind): void {
    // What was typed stays: the clerk may only have picked the wrong way of collecting.
    form.value.kind = kind
    error.value = null
    errorField.value = null
  }

  /** Hands the result out; the outcome, or null when refused (the reason is in `error`). */
  async function submit(): Promise<ReviewOutcome | null> {
    const row = selected.value
    if (!row || row.blocked || submitting.value || outcome.value) return null
    error.value = null
    errorField.value = null
    submitting.value = true
    try {
      const answer = await ipc.issueResult(issueRequest(reference.value, form.value))
      outcome.value = answer
      // Handed out: no longer waiting here.
      if (list.value) list.value = { ...list.value, rows: list.value.rows.filter((r) => r.case.number !== row.case.number) }
      void load()
      return answer
    } catch (e) {
      const err = ipc.toIpcError(e)
      error.value = err.message
      errorField.value = (err.field && ISSUE_FIELD_TESTIDS[err.field]) ?? null
      errorSeq.value++
      // Someone else handed it out, or it is no longer waiting here: the list as it is now.
      if (err.code === 'conflict' || err.code === 'not_found') void load()
      return null
    } finally {
      submitting.value = false
    }
  }

  return {
    list,
    loading,
    rows,
    selected,
    reference,
    form,
    submitting,
    error,
    errorField,
    errorSeq,
    outcome,
    load,
    find,
    open,
    close,
    setKind,
    submit,
  }
})
