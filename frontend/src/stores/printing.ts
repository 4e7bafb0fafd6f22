import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/api/ipc'
import { showError, showErrorText } from '@/api/errors'
import type { DocumentKind, IntakeRequest, PrinterProfileView, PrintJobState, PrintJobView, PrintRequest } from '@/api/bindings'
import { busyOn, whileBusy } from './busy'

/** How often the jobs being viewed are asked again while one is still queued, printing or held. */
export const POLL_MS = 2000

/** A job CUPS has not finished with yet. */
export function isPending(state: PrintJobState): boolean {
  return state === 'queued' || state === 'printing' || state === 'held'
}

/**
 * What the jobs list shows: the jobs of one case, or (case null) recent jobs, optionally of one
 * document; or the jobs of several cases together (a 一件事 bundle intake's), `caseNumbers`.
 */
export interface JobScope {
  caseNumber: string | null
  /** Cases whose jobs are shown together; overrides `caseNumber`. */
  caseNumbers?: readonly string[]
  document?: DocumentKind
  /** Jobs of any of these documents (the courier desk's labels and manifests); with `document`, both apply. */
  documents?: readonly DocumentKind[]
}

/** The cases a scope asks the jobs of, one request each (null: recent jobs of all cases). */
function casesOf(s: JobScope): (string | null)[] {
  return s.caseNumbers ? [...s.caseNumbers] : [s.caseNumber]
}

function sameScope(a: JobScope, b: JobScope): boolean {
  return casesOf(a).join('\n') === casesOf(b).join('\n') && a.document === b.document && (a.documents ?? []).join() === (b.documents ?? []).join()
}

export const usePrintingStore = defineStore('printing', () => {
  const profiles = ref<PrinterProfileView[]>([])
  const loadingProfiles = ref(false)
  const jobs = ref<PrintJobView[]>([])
  const loadingJobs = ref(false)
  /** The document being sent right now (a print, a resend or the 承诺书 of an intake not submitted yet), for button spinners. */
  const busy = ref<DocumentKind | 'resend' | 'commitment-draft' | null>(null)
  const scope = ref<JobScope | null>(null)

  const pending = computed(() => jobs.value.some((j) => isPending(j.state)))

  let timer: ReturnType<typeof setTimeout> | null = null
  let seq = 0

  function inScope(job: PrintJobView): boolean {
    const s = scope.value
    if (!s) return false
    if (s.caseNumbers) {
      if (job.case_number === null || !s.caseNumbers.includes(job.case_number)) return false
    } else if (s.caseNumber !== null && job.case_number !== s.caseNumber) return false
    if (s.documents && !s.documents.includes(job.document)) return false
    return !s.document || job.document === s.document
  }

  function stopPolling(): void {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }

  /** Polls again in POLL_MS while a view watches jobs and one of them is still pending. */
  function schedule(): void {
    stopPolling()
    if (scope.value && pending.value) {
      timer = setTimeout(() => {
        timer = null
        void refresh()
      }, POLL_MS)
    }
  }

  async function loadProfiles(): Promise<void> {
    const found = await whileBusy(loadingProfiles, () => ipc.printerProfiles())
    if (found) profiles.value = found
  }

  /** Asks for the jobs in scope again; keeps polling while one is pending. */
  async function refresh(): Promise<void> {
    const s = scope.value
    if (!s) return
    const mine = ++seq
    stopPolling()
    const lists = await whileBusy(loadingJobs, () => Promise.all(casesOf(s).map((n) => ipc.printJobs(n))), { current: () => mine === seq })
    // On an error polling stops rather than repeat it every two seconds; Refresh starts again.
    if (!lists || mine !== seq) return
    const list = lists.flat().filter(inScope)
    // Several cases' lists merged: newest first, like one case's.
    jobs.value = lists.length > 1 ? list.sort((a, b) => b.id - a.id) : list
    schedule()
  }

  /** A view starts showing the jobs of `next` (and polling them while pending). */
  function watchJobs(next: JobScope): Promise<void> {
    const s = scope.value
    if (!s || !sameScope(s, next)) jobs.value = []
    scope.value = {
      ...next,
      caseNumbers: next.caseNumbers ? [...next.caseNumbers] : undefined,
      documents: next.documents ? [...next.documents] : undefined,
    }
    return refresh()
  }

  /** The view showing jobs went away: no more polling. */
  function unwatch(): void {
    scope.value = null
    invalidate()
    stopPolling()
  }

  /** Drops the answer of a refresh in flight, which may predate a job just sent. */
  function invalidate(): void {
    seq++
    loadingJobs.value = false
  }

  function upsert(job: PrintJobView): void {
    if (!inScope(job)) return
    invalidate()
    const i = jobs.value.findIndex((j) => j.id === job.id)
    if (i >= 0) jobs.value.splice(i, 1, job)
    else jobs.value.unshift(job)
  }

  /** Shows a job CUPS refused as an error; it stays in the list for retry or redirect. */
  function report(job: PrintJobView): void {
    if (job.state === 'failed') showErrorText(job.error ?? job.document)
  }

  /** A job just sent: in the list when it is in scope, its refusal shown, followed while pending. */
  function sent(job: PrintJobView): PrintJobView {
    upsert(job)
    report(job)
    schedule()
    return job
  }

  /** Prints a document; the job (even a failed one) or null when the request was rejected. */
  async function print(request: PrintRequest): Promise<PrintJobView | null> {
    const job = await whileBusy(busyOn(busy, request.document), () => ipc.printDocument(request))
    return job ? sent(job) : null
  }

  /**
   * Prints the 承诺书 of the intake on screen for the applicant to sign, before it is submitted (it has
   * no case yet); the job (even a failed one) or null when the request was rejected.
   */
  async function printCommitmentDraft(request: IntakeRequest): Promise<PrintJobView | null> {
    const job = await whileBusy(busyOn(busy, 'commitment-draft'), () => ipc.printCommitmentDraft(request))
    return job ? sent(job) : null
  }

  /** Sends a failed or held job again: to the same printer, or to `profile`. */
  async function resend(id: number, profile: string | null = null): Promise<PrintJobView | null> {
    const job = await whileBusy(busyOn(busy, 'resend'), async () => {
      const job = await ipc.resendPrintJob(id, profile)
      report(job)
      // The old job is marked as resent and a new one is logged: ask for the whole list again.
      if (scope.value) await refresh()
      else upsert(job)
      return job
    })
    return job ?? null
  }

  /** Saves a calibration offset; the updated profile or null on failure. */
  async function calibrate(profile: string, xMm: number, yMm: number): Promise<PrinterProfileView | null> {
    try {
      const updated = await ipc.calibratePrinter(profile, xMm, yMm)
      const i = profiles.value.findIndex((p) => p.name === updated.name)
      if (i >= 0) profiles.value.splice(i, 1, updated)
      else profiles.value.push(updated)
      return updated
    } catch (e) {
      showError(e)
      return null
    }
  }

  return {
    profiles,
    loadingProfiles,
    jobs,
    loadingJobs,
    busy,
    scope,
    pending,
    loadProfiles,
    refresh,
    watchJobs,
    unwatch,
    print,
    printCommitmentDraft,
    resend,
    calibrate,
    /** Whether a poll is scheduled (for tests). */
    polling: () => timer !== null,
  }
})
