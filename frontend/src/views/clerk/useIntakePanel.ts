// What the item panel and the 一件事 bundle panel do alike around their intake: the stores they work
// with (and leave when the panel goes), the checklist wired to the ticks, details and scans, the focus
// on a field (the applicant's ID number, the field a rejected submit is about), the submit and
// Ctrl+Enter for it, and 下一位 / 打开办件 from the result dialog. What differs stays in the panels:
// what they open, the decision(s) they show and the submit's label and colour. Which of the materials
// are asked of this applicant (the checklist's rows) and which are not (listed apart, never ticked) is
// the same rule for both.
import { computed, nextTick, onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import { useRouter } from 'vue-router'
import { useShortfallStore } from '@/stores/shortfall'
import { useIntakeStore } from '@/stores/intake'
import { useScanInboxStore } from '@/stores/scanInbox'
import { materialApplies } from '@/intake/intakeForm'
import type { AppliesTo } from '@/api/bindings'

export function useIntakePanel<M extends { name: string; applies_to: AppliesTo }>(options: {
  /** The panel's root element (`ref="root"`): fields are looked for in it. */
  root: Ref<HTMLElement | null>
  /** Whether the decision on screen is about this panel's item or bundle (and not a leftover). */
  decided: () => boolean
  /** The clerk is ready for the next applicant: the panel's `next` event. */
  onNext: () => void
  /** The item's materials, or the bundle's merged list. */
  materials: () => readonly M[]
  /** What a material is ticked under: an item's material code, a bundle's merged-list name. */
  keyOf: (m: M) => string
}) {
  const router = useRouter()
  // Which materials the clerk has received and the applicant's facts, with the live decision(s) on them.
  const shortfall = useShortfallStore()
  // The rest of the intake form, its draft and the submit.
  const intake = useIntakeStore()
  // The inbox scans the clerk attaches to the materials, filed with the case(s) on submit.
  const scanInbox = useScanInboxStore()
  const { root } = options

  onBeforeUnmount(() => {
    intake.end()
    shortfall.stop()
  })

  const collected = computed(() => shortfall.present)

  /** The materials asked of this applicant: the checklist's rows. */
  const applicable = computed(() => options.materials().filter((m) => materialApplies(m, shortfall.facts)))
  /** Those not asked of them (an agent's papers without an agent). */
  const notApplicable = computed(() => options.materials().filter((m) => !materialApplies(m, shortfall.facts)))
  /** Of the materials asked, how many were received. */
  const received = computed(() => applicable.value.filter((m) => collected.value.has(options.keyOf(m))).length)
  /** The checklist's rows for the scan inbox: 1–9 attach to them in this order. */
  const inboxMaterials = computed(() => applicable.value.map((m) => ({ key: options.keyOf(m), name: m.name })))

  // A material that stops applying (the agent switched off) is unticked, its details and scans with
  // it: it is not received for this applicant, so it is neither sent nor counted.
  watch(
    () => notApplicable.value.map(options.keyOf).filter((key) => shortfall.present.has(key)),
    (ticked) => {
      for (const key of ticked) shortfall.toggle(key, false)
    },
    { immediate: true },
  )

  /** An attached scan the inbox no longer lists (filed elsewhere since the draft): the intake would refuse it. */
  function scanGone(sha: string): boolean {
    return scanInbox.loaded && !intake.done && !scanInbox.byHash.has(sha)
  }

  /** MaterialChecklist's ticks, details and scans, and its events, on the stores: `v-bind` it. */
  const checklist = computed(() => ({
    present: collected.value,
    details: shortfall.details,
    scans: shortfall.attached,
    scanOf: scanInbox.scanOf,
    scanGone,
    onToggle: shortfall.toggle,
    onDetails: shortfall.setDetails,
    onAttach: shortfall.attach,
    onDetach: shortfall.detach,
  }))

  /**
   * Focuses a field by its data-testid (the input itself, or the first control inside it): the
   * panel's, else the screen's (the search box, for another item).
   */
  function focusField(testid: string) {
    void nextTick(() => {
      const selector = `[data-testid="${testid}"]`
      const el = root.value?.querySelector<HTMLElement>(selector) ?? document.querySelector<HTMLElement>(selector)
      if (!el) return
      // A field, or the first control inside it; the scan inbox itself takes the focus.
      const target = el.matches('input, textarea, button, select, [role="listbox"]') ? el : el.querySelector<HTMLElement>('input, textarea, button')
      target?.focus()
      el.scrollIntoView?.({ block: 'nearest' })
    })
  }

  /** Puts the focus on the applicant's ID number: the clerk's next keystroke after opening an item or a bundle. */
  function focusApplicant() {
    focusField('applicant-id-number')
  }

  // A rejected submit: the field it is about gets the focus.
  watch(
    () => intake.errorSeq,
    () => {
      if (intake.errorField) focusField(intake.errorField)
    },
  )

  const canSubmit = computed(() => options.decided() && !intake.submitting && !intake.done)

  async function submit() {
    if (!canSubmit.value) return
    await intake.submit()
  }

  /** 下一位: an empty form; the search box gets the focus now and again once the dialog has gone. */
  async function next() {
    await intake.next()
    options.onNext()
  }

  function openCase(number: string) {
    void router.push({ name: 'case', params: { number } })
  }

  /** 立即出件: a result approved at once (智能审批) handed out at this window now. */
  function issueNow(number: string) {
    void router.push({ name: 'issuance', query: { case: number } })
  }

  // Listened for while the event goes down to its target (capture), and stopped there: a focused
  // select would otherwise take Ctrl+Enter as its own Enter (it opens its menu and stops the key).
  function onKeydown(e: KeyboardEvent) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
      if (intake.done) return
      e.preventDefault()
      e.stopPropagation()
      void submit()
    }
  }

  onMounted(() => window.addEventListener('keydown', onKeydown, true))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown, true))

  return {
    shortfall,
    intake,
    scanInbox,
    collected,
    applicable,
    notApplicable,
    received,
    inboxMaterials,
    checklist,
    focusField,
    focusApplicant,
    canSubmit,
    submit,
    next,
    openCase,
    issueNow,
  }
}
