// The live 容缺受理 decision of the item open on the intake screen: which materials the clerk has
// received (and how: form, copies, pages), the applicant's facts, and the backend's answer to them.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type { ApplicantKind, FindingView, PartyInput, ShortfallDecisionView, ShortfallRequest } from '@/api/bindings'
import { clampDetails, type ReceivedDetails } from '@/views/clerk/intakeForm'

/** Pause after the last tick or fact change before asking for a decision, in ms. */
export const CHECK_DEBOUNCE_MS = 100

export type ApplicantFacts = {
  applicant_kind: ApplicantKind
  agent: boolean
  commitment_signed: boolean
  dishonest: boolean
}

function defaultFacts(): ApplicantFacts {
  return { applicant_kind: 'person', agent: false, commitment_signed: false, dishonest: false }
}

/** What a reopened draft starts from instead of the defaults. */
export interface ShortfallStart {
  present?: readonly string[]
  /** How ticked materials were received, by material code; other codes are ignored. */
  details?: Readonly<Record<string, ReceivedDetails>>
  facts?: Partial<ApplicantFacts>
}

/** The details of the ticked codes only, with their counts in range. */
function detailsOf(present: ReadonlySet<string>, from: Readonly<Record<string, ReceivedDetails>>): Record<string, ReceivedDetails> {
  const kept: Record<string, ReceivedDetails> = {}
  for (const [code, d] of Object.entries(from)) {
    if (present.has(code)) kept[code] = clampDetails(d)
  }
  return kept
}

export const useShortfallStore = defineStore('shortfall', () => {
  /** The item the decision is about; null when none is open. */
  const itemCode = ref<string | null>(null)
  /** Codes of the materials received. */
  const present = ref(new Set<string>())
  /**
   * How a ticked material was received, where the clerk entered it; the catalog's form, copies and
   * pages otherwise (this store does not know the catalog). Untick drops it, so a tick starts from
   * the catalog again. The decision does not depend on it: changing it asks nothing.
   */
  const details = ref<Record<string, ReceivedDetails>>({})
  const facts = ref<ApplicantFacts>(defaultFacts())
  /** Who applies, once their ID looks valid: their earlier, still valid materials count as present. */
  const applicant = ref<PartyInput | null>(null)
  const decision = ref<ShortfallDecisionView | null>(null)
  const checking = ref(false)

  // Only the answer to the latest request is kept: an earlier, slower one must not overwrite it.
  let seq = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  function cancelTimer(): void {
    if (timer) clearTimeout(timer)
    timer = null
  }

  function request(): ShortfallRequest | null {
    if (!itemCode.value) return null
    return {
      item_code: itemCode.value,
      present: [...present.value],
      applicant_kind: facts.value.applicant_kind,
      agent: facts.value.agent,
      commitment_signed: facts.value.commitment_signed,
      dishonest: facts.value.dishonest,
      // No e-certificate lookup yet: nothing is found for the applicant.
      e_certificates: [],
      applicant: applicant.value,
    }
  }

  /** Asks for the decision now. */
  async function check(): Promise<void> {
    cancelTimer()
    const req = request()
    if (!req) return
    const mine = ++seq
    checking.value = true
    try {
      const answer = await ipc.checkShortfall(req)
      if (mine === seq) decision.value = answer
    } catch (e) {
      if (mine === seq) {
        decision.value = null
        showError(e)
      }
    } finally {
      if (mine === seq) checking.value = false
    }
  }

  /** Asks for the decision after a short pause, so a burst of changes makes one request. */
  function schedule(): void {
    cancelTimer()
    timer = setTimeout(() => void check(), CHECK_DEBOUNCE_MS)
  }

  /** Starts over for a newly opened item: nothing received, default facts (or a draft's); decides at once. */
  function start(code: string, from: ShortfallStart = {}): Promise<void> {
    itemCode.value = code
    present.value = new Set(from.present ?? [])
    details.value = detailsOf(present.value, from.details ?? {})
    facts.value = { ...defaultFacts(), ...from.facts }
    applicant.value = null
    decision.value = null
    return check()
  }

  /** Forgets the item; answers still on their way are dropped. */
  function stop(): void {
    cancelTimer()
    seq++
    itemCode.value = null
    present.value = new Set()
    details.value = {}
    applicant.value = null
    decision.value = null
    checking.value = false
  }

  /** The applicant whose earlier materials may be reused; asks again only when the ID changes. */
  function setApplicant(party: PartyInput | null): void {
    const old = applicant.value
    if (old === party) return
    if (old && party && old.id_kind === party.id_kind && old.id_number === party.id_number) {
      applicant.value = party
      return
    }
    applicant.value = party
    if (itemCode.value) schedule()
  }

  function toggle(code: string, value: boolean): void {
    const next = new Set(present.value)
    if (value) next.add(code)
    else next.delete(code)
    present.value = next
    if (!value && Object.hasOwn(details.value, code)) {
      const rest = { ...details.value }
      delete rest[code]
      details.value = rest
    }
    schedule()
  }

  /** How a ticked material was received; ignored for one not ticked. */
  function setDetails(code: string, value: ReceivedDetails): void {
    if (!present.value.has(code)) return
    details.value = { ...details.value, [code]: clampDetails(value) }
  }

  function setFact<K extends keyof ApplicantFacts>(key: K, value: ApplicantFacts[K]): void {
    if (facts.value[key] === value) return
    facts.value = { ...facts.value, [key]: value }
    schedule()
  }

  /** The finding of each material, by material code. */
  const findings = computed(() => {
    const map = new Map<string, FindingView>()
    for (const f of decision.value?.findings ?? []) map.set(f.material_code, f)
    return map
  })

  return {
    itemCode,
    present,
    details,
    facts,
    applicant,
    decision,
    checking,
    findings,
    check,
    schedule,
    start,
    stop,
    toggle,
    setDetails,
    setFact,
    setApplicant,
  }
})
