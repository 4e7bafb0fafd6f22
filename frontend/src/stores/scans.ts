// The scan inbox and the scans of the case being viewed: the unassigned scans, the case's
// materials checklist with the scans under each material, the live `scan-ingested` feed, case
// file export and SANE scanning.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ElMessage } from 'element-plus'
import * as ipc from '@/api/ipc'
import { onScanIngested, type Unsubscribe } from '@/api/events'
import { showError, showErrorText } from '@/api/errors'
import { i18n } from '@/locales'
import type { AssignedScanView, CaseMaterialView, IngestView, SaneDeviceView, SaneScanRequest, ScanView } from '@/api/bindings'

/** Clockwise rotations a scan can have. */
export const ROTATIONS = [0, 90, 180, 270] as const

/** The next rotation, a quarter turn clockwise: 0 → 90 → 180 → 270 → 0. */
export function nextRotation(rotation: number): number {
  const quarter = ((Math.round(rotation / 90) % 4) + 4) % 4
  return ((quarter + 1) % 4) * 90
}

/** How many refused and duplicate files the inbox keeps listing. */
export const REJECTED_KEEP = 10

/** How many thumbnails are asked for at once (each may be made on first look). */
const THUMBNAIL_CONCURRENCY = 3

export function isPdf(scan: ScanView): boolean {
  return scan.media_type === 'application/pdf'
}

/** The file name of a path, either separator. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/)
  return parts[parts.length - 1] || path
}

export const useScansStore = defineStore('scans', () => {
  const t = i18n.global.t

  /** The case whose materials are shown. */
  const caseNumber = ref<string | null>(null)
  const materials = ref<CaseMaterialView[]>([])
  const loadingMaterials = ref(false)
  /** The folder scanners drop files into. */
  const inboxDir = ref('')
  /** Stored scans not assigned to any case, newest first. */
  const inbox = ref<ScanView[]>([])
  const loadingInbox = ref(false)
  /** The sha256 of the inbox scan selected for assignment. */
  const selected = ref<string | null>(null)
  /** Duplicate and quarantined files seen since the app started, newest first. */
  const rejected = ref<IngestView[]>([])
  /** Thumbnails by sha256: a data: URL, or null for PDFs and scans without one. Absent: not loaded yet. */
  const thumbnails = ref<Record<string, string | null>>({})
  /** The scan being assigned, unassigned or rotated. */
  const busy = ref<string | null>(null)
  const exporting = ref(false)
  /** The case file written last (for the case being viewed). */
  const exportedPath = ref<string | null>(null)
  /** SANE devices; null until asked for. */
  const devices = ref<SaneDeviceView[] | null>(null)
  const loadingDevices = ref(false)
  const scanning = ref(false)
  const listening = ref(false)

  const selectedScan = computed(() => inbox.value.find((s) => s.sha256 === selected.value) ?? null)
  const assignedCount = computed(() => materials.value.reduce((n, m) => n + m.scans.length, 0))

  let unsubscribe: Unsubscribe | null = null
  let materialsSeq = 0
  let inboxLoad: Promise<void> | null = null
  let inboxAgain = false
  const thumbnailQueue: string[] = []
  const thumbnailAsked = new Set<string>()
  let thumbnailsActive = 0

  // ---- thumbnails -------------------------------------------------------------------------

  function pumpThumbnails(): void {
    while (thumbnailsActive < THUMBNAIL_CONCURRENCY && thumbnailQueue.length > 0) {
      const sha = thumbnailQueue.shift()!
      thumbnailsActive++
      ipc
        .scanThumbnail(sha)
        .then(
          (url) => {
            thumbnails.value[sha] = url
          },
          () => {
            // A thumbnail is a convenience: the placeholder stays, no message.
            thumbnails.value[sha] = null
          },
        )
        .finally(() => {
          thumbnailsActive--
          pumpThumbnails()
        })
    }
  }

  /** Asks for the thumbnail of each scan once; PDFs have none. */
  function loadThumbnails(scans: ScanView[]): void {
    for (const scan of scans) {
      if (thumbnailAsked.has(scan.sha256)) continue
      thumbnailAsked.add(scan.sha256)
      if (isPdf(scan)) thumbnails.value[scan.sha256] = null
      else thumbnailQueue.push(scan.sha256)
    }
    pumpThumbnails()
  }

  // ---- loading ----------------------------------------------------------------------------

  function setInbox(scans: ScanView[]): void {
    const before = inbox.value.findIndex((s) => s.sha256 === selected.value)
    inbox.value = scans
    if (!scans.some((s) => s.sha256 === selected.value)) {
      // The selected scan went (assigned, or never there): select the one now in its place.
      const at = before >= 0 ? Math.min(before, scans.length - 1) : 0
      selected.value = scans[at]?.sha256 ?? null
    }
    loadThumbnails(scans)
  }

  /**
   * Asks for the inbox again. Calls while one is on its way are folded into one more request
   * after it, so a burst of ingested pages costs two requests, not one per page.
   */
  function loadInbox(): Promise<void> {
    if (inboxLoad) {
      inboxAgain = true
      return inboxLoad
    }
    inboxLoad = (async () => {
      loadingInbox.value = true
      try {
        do {
          inboxAgain = false
          try {
            const view = await ipc.scanInbox()
            inboxDir.value = view.inbox
            setInbox(view.scans)
          } catch (e) {
            showError(e)
            break
          }
        } while (inboxAgain)
      } finally {
        loadingInbox.value = false
        inboxLoad = null
      }
    })()
    return inboxLoad
  }

  async function loadMaterials(): Promise<void> {
    const number = caseNumber.value
    if (!number) return
    const mine = ++materialsSeq
    loadingMaterials.value = true
    try {
      const list = await ipc.caseMaterials(number)
      if (mine !== materialsSeq) return
      materials.value = list
      loadThumbnails(list.flatMap((m) => m.scans.map((s) => s.scan)))
    } catch (e) {
      if (mine === materialsSeq) showError(e)
    } finally {
      if (mine === materialsSeq) loadingMaterials.value = false
    }
  }

  /** Shows the materials of case `number` and the inbox. */
  function open(number: string): Promise<void> {
    if (caseNumber.value !== number) {
      materials.value = []
      exportedPath.value = null
    }
    caseNumber.value = number
    return Promise.all([loadMaterials(), loadInbox()]).then(() => undefined)
  }

  /** The case view went away. */
  function close(): void {
    materialsSeq++
    loadingMaterials.value = false
    caseNumber.value = null
    materials.value = []
    exportedPath.value = null
  }

  // ---- the live feed ----------------------------------------------------------------------

  function reject(event: IngestView): void {
    rejected.value = [event, ...rejected.value].slice(0, REJECTED_KEEP)
  }

  /** One file taken from the inbox: tell the clerk, and show the inbox as it is now. */
  function onIngested(event: IngestView): void {
    const file = baseName(event.file)
    switch (event.outcome) {
      case 'stored':
        ElMessage.success({ message: t('scans.ingested', { file }), grouping: true })
        break
      case 'duplicate':
        reject(event)
        ElMessage.warning({
          message: t('scans.rejectedMessage', { file, reason: event.reason ?? t('scans.outcome.duplicate') }),
          showClose: true,
          grouping: true,
        })
        break
      case 'quarantined':
        reject(event)
        showErrorText(t('scans.rejectedMessage', { file, reason: event.reason ?? t('scans.outcome.quarantined') }))
        break
      default:
        break
    }
    void loadInbox()
  }

  /** Starts following `scan-ingested` (once; again after `unsubscribe`). */
  function subscribe(): void {
    if (unsubscribe) return
    unsubscribe = onScanIngested(onIngested, showError)
    listening.value = true
  }

  function unsubscribeFeed(): void {
    unsubscribe?.()
    unsubscribe = null
    listening.value = false
  }

  // ---- assigning --------------------------------------------------------------------------

  function select(sha: string | null): void {
    selected.value = sha
  }

  /** Moves the inbox selection by `delta` (↑ -1, ↓ +1), staying within the list. */
  function moveSelection(delta: number): void {
    const list = inbox.value
    if (list.length === 0) return
    const i = list.findIndex((s) => s.sha256 === selected.value)
    const next = i < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(Math.max(i + delta, 0), list.length - 1)
    selected.value = list[next]!.sha256
  }

  /** Puts a scan under a material of the open case; true when done. */
  async function assign(sha: string, materialCode: string, rotation = 0): Promise<boolean> {
    const number = caseNumber.value
    if (!number || busy.value) return false
    busy.value = sha
    try {
      await ipc.assignScan(number, materialCode, sha, rotation)
      const i = inbox.value.findIndex((s) => s.sha256 === sha)
      if (i >= 0) setInbox(inbox.value.filter((s) => s.sha256 !== sha))
      await Promise.all([loadMaterials(), loadInbox()])
      return true
    } catch (e) {
      showError(e)
      return false
    } finally {
      busy.value = null
    }
  }

  /** Assigns the selected inbox scan to the `n`-th material of the checklist (1-based). */
  function assignSelectedTo(n: number): Promise<boolean> {
    const material = materials.value[n - 1]
    const sha = selected.value
    if (!material || !sha || !inbox.value.some((s) => s.sha256 === sha)) return Promise.resolve(false)
    return assign(sha, material.code)
  }

  /** Turns an assigned scan a quarter turn clockwise. */
  async function rotate(materialCode: string, assigned: AssignedScanView): Promise<boolean> {
    const number = caseNumber.value
    if (!number || busy.value) return false
    const sha = assigned.scan.sha256
    const rotation = nextRotation(assigned.rotation)
    busy.value = sha
    try {
      await ipc.assignScan(number, materialCode, sha, rotation)
      // Same position, new rotation: no need to ask for the checklist again.
      materials.value = materials.value.map((m) =>
        m.code !== materialCode ? m : { ...m, scans: m.scans.map((s) => (s.scan.sha256 === sha ? { ...s, rotation } : s)) },
      )
      return true
    } catch (e) {
      showError(e)
      return false
    } finally {
      busy.value = null
    }
  }

  /** Moves a scan one place up or down among its material's scans. */
  async function move(materialCode: string, sha: string, up: boolean): Promise<boolean> {
    const number = caseNumber.value
    if (!number || busy.value) return false
    busy.value = sha
    try {
      await ipc.moveScan(number, sha, up)
      materials.value = materials.value.map((m) => {
        if (m.code !== materialCode) return m
        const list = [...m.scans]
        const i = list.findIndex((s) => s.scan.sha256 === sha)
        const j = up ? i - 1 : i + 1
        if (i < 0 || j < 0 || j >= list.length) return m
        ;[list[i], list[j]] = [list[j], list[i]]
        return { ...m, scans: list }
      })
      return true
    } catch (e) {
      showError(e)
      return false
    } finally {
      busy.value = null
    }
  }

  /** Takes a scan off the case; it returns to the inbox, selected. */
  async function unassign(sha: string): Promise<boolean> {
    const number = caseNumber.value
    if (!number || busy.value) return false
    busy.value = sha
    try {
      await ipc.unassignScan(number, sha)
      selected.value = sha
      await Promise.all([loadMaterials(), loadInbox()])
      return true
    } catch (e) {
      showError(e)
      return false
    } finally {
      busy.value = null
    }
  }

  // ---- case file and scanner --------------------------------------------------------------

  /** Writes the case file PDF; its path, or null on failure. */
  async function exportCaseFile(): Promise<string | null> {
    const number = caseNumber.value
    if (!number || exporting.value) return null
    exporting.value = true
    try {
      const path = await ipc.exportCaseFile(number)
      if (caseNumber.value === number) exportedPath.value = path
      ElMessage.success({ message: t('scans.exported', { path }), showClose: true, duration: 10_000 })
      return path
    } catch (e) {
      showError(e)
      return null
    } finally {
      exporting.value = false
    }
  }

  /** Files the inbox by the cover sheets scanned into it, then refreshes both lists. */
  async function fileByCovers(): Promise<number> {
    try {
      const filed = await ipc.fileByCoverSheets()
      const pages = filed.filter((f) => !f.cover).length
      if (filed.length === 0) ElMessage.warning(t('scans.noCovers'))
      else ElMessage.success(t('scans.filedByCovers', { count: pages }))
      await Promise.all([loadInbox(), loadMaterials()])
      return pages
    } catch (e) {
      showError(e)
      return 0
    }
  }

  async function loadDevices(): Promise<void> {
    loadingDevices.value = true
    try {
      devices.value = await ipc.saneDevices()
    } catch (e) {
      showError(e)
    } finally {
      loadingDevices.value = false
    }
  }

  /** Scans into the inbox; the files written, or null on failure. The pages arrive as events. */
  async function scan(request: SaneScanRequest): Promise<string[] | null> {
    if (scanning.value) return null
    scanning.value = true
    try {
      const files = await ipc.saneScan(request)
      ElMessage.success({ message: t('scans.sane.done', { count: files.length }), grouping: true })
      return files
    } catch (e) {
      showError(e)
      return null
    } finally {
      scanning.value = false
    }
  }

  return {
    caseNumber,
    materials,
    loadingMaterials,
    inboxDir,
    inbox,
    loadingInbox,
    selected,
    selectedScan,
    rejected,
    thumbnails,
    busy,
    exporting,
    exportedPath,
    assignedCount,
    devices,
    loadingDevices,
    scanning,
    listening,
    open,
    close,
    loadInbox,
    loadMaterials,
    onIngested,
    subscribe,
    unsubscribe: unsubscribeFeed,
    select,
    moveSelection,
    assign,
    assignSelectedTo,
    rotate,
    unassign,
    exportCaseFile,
    fileByCovers,
    move,
    loadDevices,
    scan,
  }
})
