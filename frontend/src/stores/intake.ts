// The intake form of the item open at the window: applicant, agent, delivery (the ticks, how each
// material was received and the facts live in the shortfall store), autosaved as a draft, the
// applicant's history, and the submit.
import { defineStore } from 'pinia'
import { nextTick, ref, shallowRef, watch } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type {
  ApplicantHistoryView,
  DraftView,
  HallRef,
  IdKind,
  IntakeResult,
  ServiceItemDetail,
} from '@/api/bindings'
import { maskIdNumber } from '@/format/mask'
import {
  buildIntakeRequest,
  draftPayload,
  emptyForm,
  fieldForError,
  hasContent,
  idLooksComplete,
  normaliseId,
  parseDraftPayload,
  type DraftPayload,
  type IntakeFormState,
} from '@/views/clerk/intakeForm'
import { useShortfallStore } from './shortfall'
import { useSessionStore } from './session'
import { useCatalogStore } from './catalog'

/** Pause after the last change before the form is saved as a draft, in ms. */
export const DRAFT_DEBOUNCE_MS = 1000
/** Pause after the ID number looks complete before its history is asked for, in ms. */
export const HISTORY_DEBOUNCE_MS = 300

export const useIntakeStore = defineStore('intake', () => {
  const shortfall = useShortfallStore()
  const session = useSessionStore()

  /** The item the form is for; null when none is open. */
  const item = shallowRef<ServiceItemDetail | null>(null)
  const form = ref<IntakeFormState>(emptyForm())
  /** The draft this form is saved as. */
  const draftId = ref<number | null>(null)
  const drafts = ref<DraftView[]>([])
  const loadingDrafts = ref(false)
  const halls = ref<HallRef[]>([])
  /** The applicant's earlier cases and reusable materials, once their ID looks complete. */
  const history = ref<ApplicantHistoryView | null>(null)
  /** Why the backend would not look the ID up (it is not a valid number). */
  const idError = ref<string | null>(null)
  const submitting = ref(false)
  /** The answer to the last submit; the form stays as it was until the next applicant. */
  const result = ref<IntakeResult | null>(null)
  /** The field (data-testid) a rejected submit is about, and a counter to focus it again. */
  const errorField = ref<string | null>(null)
  const errorSeq = ref(0)

  let pendingDraft: (DraftPayload & { id: number }) | null = null
  let saveTimer: ReturnType<typeof setTimeout> | null = null
  let saving: Promise<void> = Promise.resolve()
  let historyTimer: ReturnType<typeof setTimeout> | null = null
  let historySeq = 0
  let hallsLoading = false

  function cancelSave(): void {
    if (saveTimer) clearTimeout(saveTimer)
    saveTimer = null
  }

  function cancelHistory(): void {
    if (historyTimer) clearTimeout(historyTimer)
    historyTimer = null
    historySeq++
  }

  function draftTitle(it: ServiceItemDetail): string {
    const a = form.value.applicant
    const who = a.name.trim() || (a.id_number.trim() ? maskIdNumber(normaliseId(a.id_number)) : '')
    return who ? `${it.name} ${who}` : it.name
  }

  /** Saves the form now (after any save still on its way, so a new draft is created only once). */
  function saveNow(): Promise<void> {
    cancelSave()
    const it = item.value
    // Nothing to keep, or logged out already (the panel goes away after the logout).
    if (!it || result.value || !session.user || !hasContent(form.value, shortfall.present)) return saving
    const title = draftTitle(it)
    const payload = JSON.stringify(draftPayload(it, form.value, shortfall.facts, shortfall.present, shortfall.details))
    saving = saving.then(async () => {
      if (item.value?.code !== it.code || result.value) return
      try {
        const id = await ipc.saveDraft(draftId.value, title, payload)
        if (item.value?.code !== it.code || result.value) return
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

  // Any change to the form, the ticks, how materials were received or the facts, once an item is open
  // and something was typed.
  watch(
    () => [form.value, shortfall.facts, shortfall.present, shortfall.details] as const,
    () => {
      if (!item.value || result.value || shortfall.itemCode !== item.value.code) return
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
      if (err.code === 'invalid_input') idError.value = err.message
      else showError(e)
    }
  }

  // The applicant's history, asked for only when the ID number looks complete.
  watch(
    () => [item.value?.code, shortfall.facts.applicant_kind, form.value.applicant.id_kind, form.value.applicant.id_number] as const,
    () => {
      cancelHistory()
      const kind = applicantIdKind()
      const number = normaliseId(form.value.applicant.id_number)
      idError.value = null
      if (!item.value || !idLooksComplete(kind, number)) {
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
    if (halls.value.length > 0 || hallsLoading) return
    hallsLoading = true
    try {
      halls.value = await ipc.listHalls()
    } catch (e) {
      showError(e)
    } finally {
      hallsLoading = false
    }
  }

  function homeHall(): string | null {
    return session.user?.hall?.code ?? null
  }

  /** A newly opened item: an empty form (or the draft being reopened for it); decides at once. */
  function begin(it: ServiceItemDetail): Promise<void> {
    if (saveTimer && item.value && item.value.code !== it.code) void saveNow()
    cancelSave()
    cancelHistory()
    const restore = pendingDraft && pendingDraft.item_code === it.code ? pendingDraft : null
    pendingDraft = null
    item.value = it
    result.value = null
    history.value = null
    idError.value = null
    errorField.value = null
    draftId.value = restore ? restore.id : null
    form.value = restore ? restore.form : emptyForm(it, homeHall())
    if (!form.value.delivery.pickup_hall_code) form.value.delivery.pickup_hall_code = homeHall()
    void loadHalls()
    return shortfall.start(it.code, restore ? { present: restore.present, details: restore.details, facts: restore.facts } : {})
  }

  /** The next applicant at the window: the same item, an empty form. */
  function next(): Promise<void> {
    const it = item.value
    result.value = null
    if (!it) return Promise.resolve()
    return begin(it)
  }

  /** The item panel went away: the form is saved if a save was due. */
  function end(): void {
    if (saveTimer) void saveNow()
    cancelSave()
    cancelHistory()
    item.value = null
    result.value = null
  }

  async function submit(): Promise<IntakeResult | null> {
    const it = item.value
    if (!it || submitting.value || result.value) return null
    cancelSave()
    submitting.value = true
    errorField.value = null
    try {
      // A save on its way must not recreate the draft the intake removes.
      await saving
      const request = buildIntakeRequest({
        item: it,
        form: form.value,
        facts: shortfall.facts,
        present: shortfall.present,
        details: shortfall.details,
        draftId: draftId.value,
      })
      const answer = await ipc.intake(request)
      if (item.value?.code !== it.code) return null
      result.value = answer
      const done = draftId.value
      if (done !== null) drafts.value = drafts.value.filter((d) => d.id !== done)
      draftId.value = null
      return answer
    } catch (e) {
      showError(e)
      errorField.value = fieldForError(ipc.toIpcError(e).message, form.value, shortfall.facts)
      errorSeq.value++
      return null
    } finally {
      submitting.value = false
    }
  }

  async function loadDrafts(): Promise<void> {
    loadingDrafts.value = true
    try {
      drafts.value = await ipc.drafts()
    } catch (e) {
      showError(e)
    } finally {
      loadingDrafts.value = false
    }
  }

  /** Reopens a draft: its item, then its form. */
  async function openDraft(draft: DraftView): Promise<boolean> {
    const payload = parseDraftPayload(draft.payload)
    if (!payload) return false
    if (saveTimer) await saveNow()
    pendingDraft = { ...payload, id: draft.id }
    const catalog = useCatalogStore()
    await catalog.select(payload.item_code)
    await nextTick()
    // The same item was open already (or no panel shows it): the panel does not start again by itself.
    if (pendingDraft && catalog.selected?.code === payload.item_code) await begin(catalog.selected)
    pendingDraft = null
    return catalog.selected?.code === payload.item_code
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
        item_code: prefill.item_code,
        item_name: prefill.item_name,
        facts: { applicant_kind: prefill.applicant_kind, agent: false, commitment_signed: false, dishonest: false },
        present: prefill.received,
        details: {},
        form,
      }
      const title = `${prefill.item_name} ${prefill.applicant.name}`
      const text = JSON.stringify(payload)
      const id = await ipc.saveDraft(null, title, text)
      return await openDraft({ id, title, payload: text, updated_at: new Date().toISOString() })
    } catch (e) {
      showError(e)
      return false
    }
  }

  async function removeDraft(id: number): Promise<void> {
    try {
      await ipc.deleteDraft(id)
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
    item,
    form,
    draftId,
    drafts,
    loadingDrafts,
    halls,
    history,
    idError,
    submitting,
    result,
    errorField,
    errorSeq,
    begin,
    next,
    end,
    submit,
    saveNow,
    loadHalls,
    loadDrafts,
    openDraft,
    reopenNotice,
    removeDraft,
  }
})
