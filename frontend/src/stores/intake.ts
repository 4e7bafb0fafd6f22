// The intake form of the item or 一件事 bundle open at the window: applicant, agent, delivery (the
// ticks, how each material was received, the scans attached to it and the facts live in the
// shortfall store), autosaved as a draft, the applicant's history, and the submit: one case for an
// item, one per member for a bundle, the attached scans filed with it.
import { defineStore } from 'pinia'
import { computed, nextTick, ref, shallowRef, watch } from 'vue'
import { ElMessage } from 'element-plus'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { i18n } from '@/locales'
import type {
  ApplicantHistoryView,
  BundleDetail,
  BundleIntakeResult,
  DraftView,
  HallRef,
  IdKind,
  IntakeRequest,
  IntakeResult,
  IpcError,
  PartyInput,
  ServiceItemDetail,
} from '@/api/bindings'
import { maskIdNumber } from '@/format/mask'
import {
  buildBundleIntakeRequest,
  buildIntakeRequest,
  bundleDraftPayload,
  carryToMember,
  draftPayload,
  emptyForm,
  hasContent,
  idLooksComplete,
  normaliseId,
  PERSON_ID_KINDS,
  parseAnyDraft,
  type AnyDraftPayload,
  type DraftBody,
  type DraftPayload,
  type IntakeFormState,
} from '@/intake/intakeForm'
import { useShortfallStore } from './shortfall'
import { useScanInboxStore } from './scanInbox'
import { useSessionStore } from './session'
import { useCatalogStore } from './catalog'
import { usePrintingStore, type JobScope } from './printing'
import { useStationStore } from './station'
import { partyOfIdField, testidForField } from '@/intake/errorField'
import { whileBusy } from './busy'

/** Pause after the last change before the form is saved as a draft, in ms. */
export const DRAFT_DEBOUNCE_MS = 1000
/** Pause after the ID number looks complete before its history is asked for, in ms. */
export const HISTORY_DEBOUNCE_MS = 300

/** What the form is for: a service item, or a 一件事 bundle (several items, one intake). */
export type IntakeTarget = { kind: 'item'; item: ServiceItemDetail } | { kind: 'bundle'; bundle: BundleDetail }

function codeOf(t: IntakeTarget): string {
  return t.kind === 'item' ? t.item.code : t.bundle.code
}

function nameOf(t: IntakeTarget): string {
  return t.kind === 'item' ? t.item.name : t.bundle.name
}

/** One string per item or bundle: whether two targets are the same. */
function keyOf(t: IntakeTarget | null): string | null {
  return t ? `${t.kind}:${codeOf(t)}` : null
}

/** The item or bundle a draft is for, as a key like `keyOf`'s. */
function draftKey(d: AnyDraftPayload): string {
  return d.kind === 'bundle' ? `bundle:${d.bundle_code}` : `item:${d.service_item_code}`
}

/** The 承诺书 printed before the intake has a case: followed among the recent 承诺书 jobs of no case in particular. */
const DRAFT_JOBS: JobScope = { caseNumber: null, document: 'commitment' }

function isDraftJobs(s: JobScope | null): boolean {
  return s !== null && s.caseNumber === null && !s.caseNumbers && s.document === 'commitment' && !s.documents
}

export const useIntakeStore = defineStore('intake', () => {
  const shortfall = useShortfallStore()
  const session = useSessionStore()

  /** The item or bundle the form is for; null when none is open. */
  const target = shallowRef<IntakeTarget | null>(null)
  /** The item the form is for; null when none (or a bundle) is open. */
  const item = computed(() => (target.value?.kind === 'item' ? target.value.item : null))
  /** The bundle the form is for; null when none (or an item) is open. */
  const bundle = computed(() => (target.value?.kind === 'bundle' ? target.value.bundle : null))
  const form = ref<IntakeFormState>(emptyForm())
  /** The draft this form is saved as. */
  const draftId = ref<number | null>(null)
  /** On a return visit: the number of the one-time notice this intake continues. */
  const continues = ref<string | null>(null)
  /** The print job of the 承诺书 printed for this applicant to sign, before the intake (none yet). */
  const commitmentDraftJob = ref<number | null>(null)
  const drafts = ref<DraftView[]>([])
  /** The clerk answered the offer to carry on with the newest draft (or took one up): it is not made again. */
  const resumeDismissed = ref(false)
  /**
   * Drafts taken in or deleted here: a list asked for before that (and answered after) must not bring
   * them back.
   */
  const gone = new Set<number>()
  const loadingDrafts = ref(false)
  const halls = ref<HallRef[]>([])
  const loadingHalls = ref(false)
  /** The applicant's earlier cases and reusable materials, once their ID looks complete. */
  const history = ref<ApplicantHistoryView | null>(null)
  /** Why the backend would not look the ID up (it is not a valid number). */
  const idError = ref<string | null>(null)
  const submitting = ref(false)
  /** The answer to the last submit of an item; the form stays as it was until the next applicant. */
  const result = ref<IntakeResult | null>(null)
  /** The answer to the last submit of a bundle. */
  const bundleResult = ref<BundleIntakeResult | null>(null)
  /** Submitted: nothing more to save until the next applicant. */
  const done = computed(() => result.value !== null || bundleResult.value !== null)
  /** The field (data-testid) a rejected submit is about, and a counter to focus it again. */
  const errorField = ref<string | null>(null)
  const errorSeq = ref(0)
  /**
   * A rejected ID number that is valid for another kind: whose it is, that kind, and the kind and
   * number as they were rejected (the offer lasts while they stay so).
   */
  const idKindSuggestion = ref<{ party: 'applicant' | 'agent'; kind: IdKind; rejected: PartyInput } | null>(null)
  /** The switch of an ID kind offered next to the rejected number, while it still applies. */
  const idKindOffer = computed(() => {
    const s = idKindSuggestion.value
    if (!s) return null
    const now = form.value[s.party]
    return now.id_kind === s.rejected.id_kind && now.id_number === s.rejected.id_number ? { party: s.party, kind: s.kind } : null
  })

  let pendingDraft: (AnyDraftPayload & { id: number }) | null = null
  /** The bundle's form, taken along to the member item being opened from it (by merged-list name). */
  let pendingCarry: { service_item_code: string; bundle: BundleDetail; body: DraftBody } | null = null
  let saveTimer: ReturnType<typeof setTimeout> | null = null
  let saving: Promise<void> = Promise.resolve()
  let historyTimer: ReturnType<typeof setTimeout> | null = null
  let historySeq = 0

  function cancelSave(): void {
    if (saveTimer) clearTimeout(saveTimer)
    saveTimer = null
  }

  function cancelHistory(): void {
    if (historyTimer) clearTimeout(historyTimer)
    historyTimer = null
    historySeq++
  }

  function draftTitle(t: IntakeTarget): string {
    const a = form.value.applicant
    const who = a.name.trim() || (a.id_number.trim() ? maskIdNumber(normaliseId(a.id_number)) : '')
    return who ? `${nameOf(t)} ${who}` : nameOf(t)
  }

  function payloadOf(t: IntakeTarget): string {
    const { facts, present, details, attached } = shortfall
    const also = continues.value ? { continues: continues.value } : {}
    return JSON.stringify(
      t.kind === 'item'
        ? { ...draftPayload(t.item, form.value, facts, present, details, attached), ...also }
        : bundleDraftPayload(t.bundle, form.value, facts, present, details, attached),
    )
  }

  /** Saves the form now (after any save still on its way, so a new draft is created only once). */
  function saveNow(): Promise<void> {
    cancelSave()
    const t = target.value
    // Nothing to keep, or logged out already (the panel goes away after the logout).
    if (!t || done.value || !session.user || !hasContent(form.value, shortfall.present)) return saving
    const key = keyOf(t)
    const title = draftTitle(t)
    const payload = payloadOf(t)
    saving = saving.then(async () => {
      if (keyOf(target.value) !== key || done.value) return
      try {
        const id = await ipc.saveDraft(draftId.value, title, payload)
        if (keyOf(target.value) !== key || done.value) return
        draftId.value = id
        const row: DraftView = { id, title, payload, updated_at: new Date().toISOString() }
        drafts.value = [row, ...drafts.value.filter((d) => d.id !== id)]
      } catch (e) {
        showError(e)
      }
    })
    return saving
  }

  function scheduleSave(): void {
    cancelSave()
    saveTimer = setTimeout(() => void saveNow(), DRAFT_DEBOUNCE_MS)
  }

  // Any change to the form, the ticks, how materials were received, their scans or the facts, once an
  // item or a bundle is open and something was typed.
  watch(
    () => [form.value, shortfall.facts, shortfall.present, shortfall.details, shortfall.attached] as const,
    () => {
      const t = target.value
      if (!t || done.value || !shortfall.isFor(t.kind, codeOf(t))) return
      if (!hasContent(form.value, shortfall.present)) return
      scheduleSave()
    },
    { deep: true },
  )

  function applicantIdKind(): IdKind {
    return shortfall.facts.applicant_kind === 'organisation' ? 'uscc' : form.value.applicant.id_kind
  }

  async function lookUp(kind: IdKind, number: string): Promise<void> {
    const mine = ++historySeq
    try {
      const found = await ipc.applicantHistory(kind, number)
      if (mine !== historySeq) return
      history.value = found
      idError.value = null
      const a = form.value.applicant
      if (!a.name.trim() && found.name) a.name = found.name
      shortfall.setApplicant({ name: form.value.applicant.name.trim(), id_kind: kind, id_number: number })
    } catch (e) {
      if (mine !== historySeq) return
      history.value = null
      shortfall.setApplicant(null)
      const err = ipc.toIpcError(e)
      if (err.code === 'invalid_input') {
        idError.value = err.message
        offerIdKind('applicant', err.suggested_id_kind)
      } else showError(e)
    }
  }

  // The applicant's history, asked for only when the ID number looks complete.
  watch(
    () => [keyOf(target.value), shortfall.facts.applicant_kind, form.value.applicant.id_kind, form.value.applicant.id_number] as const,
    () => {
      cancelHistory()
      const kind = applicantIdKind()
      const number = normaliseId(form.value.applicant.id_number)
      idError.value = null
      if (!target.value || !idLooksComplete(kind, number)) {
        history.value = null
        shortfall.setApplicant(null)
        return
      }
      historyTimer = setTimeout(() => {
        historyTimer = null
        void lookUp(kind, number)
      }, HISTORY_DEBOUNCE_MS)
    },
  )

  async function loadHalls(): Promise<void> {
    if (halls.value.length > 0 || loadingHalls.value) return
    const found = await whileBusy(loadingHalls, () => ipc.listHalls())
    if (found) halls.value = found
  }

  function homeHall(): string | null {
    return session.user?.hall?.code ?? null
  }

  /**
   * A newly opened item or bundle: an empty form (or the draft being reopened for it, or what a
   * member item takes along from its bundle's); decides at once.
   */
  function open(t: IntakeTarget): Promise<void> {
    const key = keyOf(t)
    if (saveTimer && target.value && keyOf(target.value) !== key) void saveNow()
    cancelSave()
    cancelHistory()
    const restore = pendingDraft && draftKey(pendingDraft) === key ? pendingDraft : null
    pendingDraft = null
    const carry = pendingCarry
    pendingCarry = null
    const carried =
      !restore && carry && t.kind === 'item' && t.item.code === carry.service_item_code ? carryToMember(carry.bundle, carry.body, t.item) : null
    const start: DraftBody | null = restore ?? carried
    target.value = t
    result.value = null
    bundleResult.value = null
    history.value = null
    idError.value = null
    errorField.value = null
    idKindSuggestion.value = null
    commitmentDraftJob.value = null
    // What a member takes along is a new draft of the item's.
    draftId.value = restore ? restore.id : null
    continues.value = restore && restore.kind !== 'bundle' ? (restore.continues ?? null) : null
    const offers = t.kind === 'item' ? t.item : t.bundle
    form.value = start ? start.form : emptyForm(offers, homeHall())
    if (!form.value.delivery.pickup_hall_code) form.value.delivery.pickup_hall_code = homeHall()
    void loadHalls()
    const from = start ? { present: start.present, details: start.details, scans: start.scans, facts: start.facts } : {}
    return t.kind === 'item' ? shortfall.start(t.item.code, from) : shortfall.startBundle(t.bundle.code, from)
  }

  /** A newly opened item. */
  function begin(it: ServiceItemDetail): Promise<void> {
    return open({ kind: 'item', item: it })
  }

  /** A newly opened 一件事 bundle. */
  function beginBundle(b: BundleDetail): Promise<void> {
    return open({ kind: 'bundle', bundle: b })
  }

  /** The next applicant at the window: the same item or bundle, an empty form. */
  function next(): Promise<void> {
    const t = target.value
    result.value = null
    bundleResult.value = null
    if (!t) return Promise.resolve()
    return open(t)
  }

  /** The item or bundle panel went away: the form is saved if a save was due. */
  function end(): void {
    if (saveTimer) void saveNow()
    cancelSave()
    cancelHistory()
    stopFollowingDraft()
    target.value = null
    result.value = null
    bundleResult.value = null
  }

  /** The intake is done: its draft is gone (the backend removed it), from the list at once. */
  function forgetDraft(): void {
    const id = draftId.value
    if (id !== null) {
      gone.add(id)
      drafts.value = drafts.value.filter((d) => d.id !== id)
    }
    draftId.value = null
  }

  /** The intake filed these scans with its case(s): they are no longer the inbox's. */
  function scansFiled(shas: string[]): void {
    if (shas.length === 0) return
    const inbox = useScanInboxStore()
    inbox.drop(shas)
    void inbox.loadInbox()
  }

  /** A kind a party may show: an agent is a person; the applicant may be an organisation too. */
  function mayShow(party: 'applicant' | 'agent', kind: IdKind): boolean {
    return PERSON_ID_KINDS.includes(kind) || (party === 'applicant' && kind === 'uscc')
  }

  /** Offers `kind` for the party's number as it stands, when there is one the party may show. */
  function offerIdKind(party: 'applicant' | 'agent', kind: IdKind | null): void {
    idKindSuggestion.value = kind && mayShow(party, kind) ? { party, kind, rejected: { ...form.value[party] } } : null
  }

  /** A rejected submit: the field it is about is focused, and a better ID kind offered if there is one. */
  function rejectedFor(err: IpcError): void {
    errorField.value = testidForField(err.field)
    const party = partyOfIdField(err.field)
    if (party) offerIdKind(party, err.suggested_id_kind)
    errorSeq.value++
  }

  /** Takes the offered ID kind for the rejected number: the credit code makes the applicant an organisation, any other kind a person. */
  function switchIdKind(): void {
    const offer = idKindOffer.value
    if (!offer) return
    idKindSuggestion.value = null
    if (offer.party === 'applicant') shortfall.setFact('applicant_kind', offer.kind === 'uscc' ? 'organisation' : 'person')
    form.value[offer.party].id_kind = offer.kind
  }

  /** What an item's and a bundle's request are built from, as the form and the ticks stand. */
  function requestInput() {
    return {
      form: form.value,
      facts: shortfall.facts,
      present: shortfall.present,
      details: shortfall.details,
      scans: shortfall.attached,
      draftId: draftId.value,
    }
  }

  /**
   * The request the submit of the item on screen sends, as the form stands: also what its 承诺书 is
   * printed from before it is signed. Null for a bundle, or when nothing is open.
   */
  function intakeRequest(): IntakeRequest | null {
    const t = target.value
    return t?.kind === 'item' ? itemRequest(t.item) : null
  }

  function itemRequest(it: ServiceItemDetail): IntakeRequest {
    return buildIntakeRequest({ item: it, ...requestInput(), continues: continues.value })
  }

  /** No more polling for the 承诺书 printed before the intake, unless another screen follows jobs now. */
  function stopFollowingDraft(): void {
    const printing = usePrintingStore()
    if (isDraftJobs(printing.scope)) printing.unwatch()
  }

  /**
   * Prints the 承诺书 of the item on screen for the applicant to sign before the clerk ticks 已签署,
   * from the request the submit would send (the backend works out what would be tolerated once
   * signed, and refuses when nothing would be). Whether it went to the printer.
   */
  async function printCommitmentDraft(): Promise<boolean> {
    const request = intakeRequest()
    if (!request || done.value) return false
    const printing = usePrintingStore()
    // Its job is followed like any other print's; the result dialog follows its own once submitted.
    if (!isDraftJobs(printing.scope)) void printing.watchJobs(DRAFT_JOBS)
    const job = await printing.printCommitmentDraft(request)
    if (!job) return false
    commitmentDraftJob.value = job.id
    if (job.state === 'failed') return false
    ElMessage.success({ message: i18n.global.t('intake.commitmentDraft.sent'), grouping: true })
    return true
  }

  /** Takes the item or the bundle in; the answer stays in `result` or `bundleResult` until the next applicant. */
  async function submit(): Promise<IntakeResult | BundleIntakeResult | null> {
    const t = target.value
    if (!t || submitting.value || done.value) return null
    const key = keyOf(t)
    cancelSave()
    submitting.value = true
    errorField.value = null
    idKindSuggestion.value = null
    try {
      // A save on its way must not recreate the draft the intake removes.
      await saving
      const filed = [...shortfall.attachedScans]
      if (t.kind === 'item') {
        const answer = await ipc.intake(itemRequest(t.item))
        scansFiled(filed)
        // Taken offline, it waits in the station's outbox: the header counts it at once.
        void useStationStore().refresh()
        if (keyOf(target.value) !== key) return null
        result.value = answer
        forgetDraft()
        return answer
      }
      const answer = await ipc.intakeBundle(buildBundleIntakeRequest({ bundle: t.bundle, ...requestInput() }))
      scansFiled(filed)
      void useStationStore().refresh()
      if (keyOf(target.value) !== key) return null
      bundleResult.value = answer
      forgetDraft()
      return answer
    } catch (e) {
      showError(e)
      rejectedFor(ipc.toIpcError(e))
      return null
    } finally {
      submitting.value = false
    }
  }

  async function loadDrafts(): Promise<void> {
    const found = await whileBusy(loadingDrafts, () => ipc.drafts())
    if (found) drafts.value = found.filter((d) => !gone.has(d.id))
  }

  /** Reopens a draft: its item or bundle, then its form. */
  async function openDraft(draft: DraftView): Promise<boolean> {
    const payload = parseAnyDraft(draft.payload)
    if (!payload) return false
    resumeDismissed.value = true
    if (saveTimer) await saveNow()
    pendingDraft = { ...payload, id: draft.id }
    const catalog = useCatalogStore()
    if (payload.kind === 'bundle') {
      const code = payload.bundle_code
      await catalog.selectBundle(code)
      await nextTick()
      // The same bundle was open already (or no panel shows it): the panel does not start again by itself.
      if (pendingDraft && catalog.bundle?.code === code) await beginBundle(catalog.bundle)
      pendingDraft = null
      return catalog.bundle?.code === code
    }
    await catalog.select(payload.service_item_code)
    await nextTick()
    // The same item was open already (or no panel shows it): the panel does not start again by itself.
    if (pendingDraft && catalog.selected?.code === payload.service_item_code) await begin(catalog.selected)
    pendingDraft = null
    return catalog.selected?.code === payload.service_item_code
  }

  /**
   * Opens a member item of the 一件事 bundle at the window, to take it alone. The bundle's form is
   * saved as a draft first if a save was due; the item's starts as a new draft with what is not the
   * bundle's own: who applies, their facts, the agent, the delivery (where the item offers it) and the
   * materials received, by name (`carryToMember`). A bundle already taken in takes nothing along.
   */
  async function openMember(code: string): Promise<boolean> {
    const t = target.value
    if (t?.kind === 'bundle' && !done.value) {
      const { facts, present, details, attached } = shortfall
      const body = bundleDraftPayload(t.bundle, form.value, facts, present, details, attached)
      pendingCarry = { service_item_code: code, bundle: t.bundle, body }
    }
    try {
      if (saveTimer) await saveNow()
      const catalog = useCatalogStore()
      await catalog.select(code)
      await nextTick()
      // No panel shows the item: it does not start by itself.
      if (catalog.selected?.code === code && item.value?.code !== code) await begin(catalog.selected)
      return catalog.selected?.code === code
    } finally {
      pendingCarry = null
    }
  }

  /**
   * The return visit of a one-time notice: a draft made from what the first visit took in (the
   * applicant, the materials already received), opened like any other draft. The first visit's
   * materials count as received as the catalog asks: the prefill carries only their codes.
   */
  async function reopenNotice(number: string): Promise<boolean> {
    try {
      const prefill = await ipc.noticePrefill(number)
      const form = emptyForm()
      form.applicant = { ...prefill.applicant }
      form.phone = prefill.phone
      const payload: DraftPayload = {
        version: 2,
        service_item_code: prefill.service_item_code,
        service_item_name: prefill.service_item_name,
        facts: { applicant_kind: prefill.applicant_kind, has_agent: false, commitment_signed: false, dishonest: false },
        present: prefill.received,
        details: {},
        scans: {},
        form,
        continues: prefill.case_number,
      }
      const title = `${prefill.service_item_name} ${prefill.applicant.name}`
      const text = JSON.stringify(payload)
      const id = await ipc.saveDraft(null, title, text)
      const draft: DraftView = { id, title, payload: text, updated_at: new Date().toISOString() }
      drafts.value = [draft, ...drafts.value.filter((d) => d.id !== id)]
      return await openDraft(draft)
    } catch (e) {
      showError(e)
      return false
    }
  }

  async function removeDraft(id: number): Promise<void> {
    try {
      await ipc.deleteDraft(id)
      gone.add(id)
      drafts.value = drafts.value.filter((d) => d.id !== id)
      if (draftId.value === id) {
        cancelSave()
        draftId.value = null
      }
    } catch (e) {
      showError(e)
    }
  }

  return {
    target,
    item,
    bundle,
    form,
    draftId,
    continues,
    commitmentDraftJob,
    drafts,
    resumeDismissed,
    loadingDrafts,
    halls,
    history,
    idError,
    submitting,
    result,
    bundleResult,
    done,
    errorField,
    errorSeq,
    idKindOffer,
    switchIdKind,
    intakeRequest,
    printCommitmentDraft,
    begin,
    beginBundle,
    next,
    end,
    submit,
    saveNow,
    loadHalls,
    loadDrafts,
    openDraft,
    openMember,
    reopenNotice,
    removeDraft,
  }
})
