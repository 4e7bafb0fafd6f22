// The live 容缺受理 decision of the item or 一件事 bundle open on the intake screen: which materials the
// clerk has received (and how: form, copies, pages, the inbox scans attached to each), the
// applicant's facts, and the backend's answer to them: one decision for an item, one per member item
// for a bundle.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/api/ipc'
import type { BundleCheckRequest, BundleDecisionView, FindingView, PartyInput, ShortfallDecisionView, ShortfallRequest } from '@/api/bindings'
import { clampDetails, keptScans, type ApplicantFacts, type AttachedScans, type ReceivedDetails } from '@/intake/intakeForm'
import { whileBusy } from './busy'

/** Pause after the last tick or fact change before asking for a decision, in ms. */
export const CHECK_DEBOUNCE_MS = 100

function defaultFacts(): ApplicantFacts {
  return { applicant_kind: 'person', has_agent: false, commitment_signed: false, dishonest: false }
}

/**
 * What the decision is about. Materials are ticked by key: an item's by material code, a bundle's
 * by the name in its merged list.
 */
export interface ShortfallTarget {
  kind: 'item' | 'bundle'
  code: string
}

/** What a reopened draft starts from instead of the defaults. */
export interface ShortfallStart {
  present?: readonly string[]
  /** How ticked materials were received, by key; keys not ticked are ignored. */
  details?: Readonly<Record<string, ReceivedDetails>>
  /** The scans attached to ticked materials, by key; keys not ticked are ignored. */
  scans?: Readonly<Record<string, readonly string[]>>
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
  /** The item or bundle the decision is about; null when none is open. */
  const target = ref<ShortfallTarget | null>(null)
  /** The item the decision is about; null when none (or a bundle) is open. */
  const itemCode = computed(() => (target.value?.kind === 'item' ? target.value.code : null))
  /** The bundle the decisions are about; null when none (or an item) is open. */
  const bundleCode = computed(() => (target.value?.kind === 'bundle' ? target.value.code : null))
  /** Keys of the materials received: codes for an item, merged-list names for a bundle. */
  const present = ref(new Set<string>())
  /**
   * How a ticked material was received, where the clerk entered it; the catalog's form, copies and
   * pages otherwise (this store does not know the catalog). Untick drops it, so a tick starts from
   * the catalog again. The decision does not depend on it: changing it asks nothing.
   */
  const details = ref<Record<string, ReceivedDetails>>({})
  /**
   * The inbox scans attached to ticked materials, by key: sha256s in the order attached, each scan
   * under one material only. Sent with the intake, which files them with the new case(s); untick
   * drops them (they are the inbox's again). The decision does not depend on them.
   */
  const attached = ref<AttachedScans>({})
  const facts = ref<ApplicantFacts>(defaultFacts())
  /** Who applies, once their ID looks valid: their earlier, still valid materials count as present. */
  const applicant = ref<PartyInput | null>(null)
  /** The item's decision. */
  const decision = ref<ShortfallDecisionView | null>(null)
  /** The bundle's decisions, one per member item. */
  const bundleDecision = ref<BundleDecisionView | null>(null)
  const checking = ref(false)

  // Only the answer to the latest request is kept: an earlier, slower one must not overwrite it.
  let seq = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  function cancelTimer(): void {
    if (timer) clearTimeout(timer)
    timer = null
  }

  /** What the item's and the bundle's check both ask about besides which materials were received: how they were, and who applies. */
  function asked(): Omit<BundleCheckRequest, 'bundle_code' | 'present_names'> {
    return {
      applicant_kind: facts.value.applicant_kind,
      has_agent: facts.value.has_agent,
      commitment_signed: facts.value.commitment_signed,
      dishonest: facts.value.dishonest,
      applicant: applicant.value,
      // The forms the clerk changed (a copy where the original is asked for decides differently).
      forms: Object.fromEntries(Object.entries(details.value).map(([key, d]) => [key, d.form])),
    }
  }

  function itemRequest(code: string): ShortfallRequest {
    // No e-certificate lookup yet: nothing is found for the applicant.
    return { service_item_code: code, present_codes: [...present.value], ...asked(), e_certificates: [] }
  }

  function bundleRequest(code: string): BundleCheckRequest {
    return { bundle_code: code, present_names: [...present.value], ...asked() }
  }

  /** Asks for the decision now. */
  async function check(): Promise<void> {
    cancelTimer()
    const t = target.value
    if (!t) return
    const mine = ++seq
    const current = () => mine === seq
    // A failed check leaves no decision on screen: none is better than a stale one.
    if (t.kind === 'item') {
      const answer = await whileBusy(checking, () => ipc.checkShortfall(itemRequest(t.code)), { current })
      if (current()) decision.value = answer ?? null
    } else {
      const answer = await whileBusy(checking, () => ipc.checkBundle(bundleRequest(t.code)), { current })
      if (current()) bundleDecision.value = answer ?? null
    }
  }

  /** Asks for the decision after a short pause, so a burst of changes makes one request. */
  function schedule(): void {
    cancelTimer()
    timer = setTimeout(() => void check(), CHECK_DEBOUNCE_MS)
  }

  function begin(next: ShortfallTarget, from: ShortfallStart): Promise<void> {
    target.value = next
    present.value = new Set(from.present ?? [])
    details.value = detailsOf(present.value, from.details ?? {})
    attached.value = keptScans(present.value, from.scans ?? {})
    facts.value = { ...defaultFacts(), ...from.facts }
    applicant.value = null
    decision.value = null
    bundleDecision.value = null
    return check()
  }

  /** Starts over for a newly opened item: nothing received, default facts (or a draft's); decides at once. */
  function start(code: string, from: ShortfallStart = {}): Promise<void> {
    return begin({ kind: 'item', code }, from)
  }

  /** The same for a newly opened 一件事 bundle, its materials ticked by merged-list name. */
  function startBundle(code: string, from: ShortfallStart = {}): Promise<void> {
    return begin({ kind: 'bundle', code }, from)
  }

  /** Whether the decision is about this item or bundle (and not a leftover of the previous one). */
  function isFor(kind: ShortfallTarget['kind'], code: string): boolean {
    return target.value?.kind === kind && target.value.code === code
  }

  /** Forgets the item or bundle; answers still on their way are dropped. */
  function stop(): void {
    cancelTimer()
    seq++
    target.value = null
    present.value = new Set()
    details.value = {}
    attached.value = {}
    applicant.value = null
    decision.value = null
    bundleDecision.value = null
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
    if (target.value) schedule()
  }

  /** Ticks or unticks a material by its key (an item's material code, a bundle's merged-list name). */
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
    if (!value && Object.hasOwn(attached.value, code)) {
      const rest = { ...attached.value }
      delete rest[code]
      attached.value = rest
    }
    schedule()
  }

  /** The scans attached, with `sha` taken off whichever material had it. */
  function without(sha: string): AttachedScans {
    const rest: AttachedScans = {}
    for (const [key, shas] of Object.entries(attached.value)) {
      const kept = shas.filter((s) => s !== sha)
      if (kept.length > 0) rest[key] = kept
    }
    return rest
  }

  /**
   * Attaches an inbox scan to a material (by key), after its other scans; a scan attached to
   * another material moves here. A material not ticked yet is ticked, received as the catalog asks.
   */
  function attach(code: string, sha: string): void {
    if (!target.value) return
    if (attached.value[code]?.includes(sha)) return
    if (!present.value.has(code)) toggle(code, true)
    const rest = without(sha)
    attached.value = { ...rest, [code]: [...(rest[code] ?? []), sha] }
  }

  /** Takes a scan off its material: it is the inbox's again. The material stays ticked. */
  function detach(sha: string): void {
    if (Object.values(attached.value).some((shas) => shas.includes(sha))) attached.value = without(sha)
  }

  /**
   * How a ticked material was received; ignored for one not ticked. Only a new form can change the
   * decision (a copy where the original is asked for): `formChanged` asks for it again; copies and
   * pages are for the record.
   */
  function setDetails(code: string, value: ReceivedDetails, formChanged = false): void {
    if (!present.value.has(code)) return
    details.value = { ...details.value, [code]: clampDetails(value) }
    if (formChanged) schedule()
  }

  function setFact<K extends keyof ApplicantFacts>(key: K, value: ApplicantFacts[K]): void {
    if (facts.value[key] === value) return
    facts.value = { ...facts.value, [key]: value }
    schedule()
  }

  /** Every scan attached to a material. */
  const attachedScans = computed(() => new Set(Object.values(attached.value).flat()))

  /** The finding of each material, by material code. */
  const findings = computed(() => {
    const map = new Map<string, FindingView>()
    for (const f of decision.value?.findings ?? []) map.set(f.material_code, f)
    return map
  })

  return {
    target,
    itemCode,
    bundleCode,
    present,
    details,
    attached,
    attachedScans,
    facts,
    applicant,
    decision,
    bundleDecision,
    checking,
    findings,
    check,
    schedule,
    start,
    startBundle,
    isFor,
    stop,
    toggle,
    setDetails,
    attach,
    detach,
    setFact,
    setApplicant,
  }
})
