// The scan inbox: the stored scans not yet filed with any case, their thumbnails, the live
// `scan-ingested` feed that keeps the list current, the files it refused, and SANE scanning into
// it. It knows nothing of cases: the case screen files scans from it at once, the intake window
// names them with the materials of the case it is about to make.
import { defineStore } from 'pinia'
import { computed, ref, watch, type Ref } from 'vue'
import { ElMessage } from 'element-plus'
import * as ipc from '@/api/ipc'
import { onScanIngested, type Unsubscribe } from '@/api/events'
import { showError, showErrorText } from '@/api/errors'
import { i18n } from '@/locales'
import type { IngestView, SaneDeviceView, SaneScanRequest, ScanView } from '@/api/bindings'
import type { StationFolder } from '@/api/ipc'
import { busyOn, whileBusy } from './busy'

/** How many refused and duplicate files the inbox keeps listing. */
export const REJECTED_KEEP = 10

/** How many thumbnails are asked for at once (each may be made on first look). */
const THUMBNAIL_CONCURRENCY = 3

/** The drag payload type of an inbox scan card: its sha256. */
export const SCAN_DRAG_TYPE = 'application/x-onewindow-scan'

/** Puts an inbox scan on a drag, for a material row to take. */
export function startScanDrag(scan: ScanView, e: DragEvent): void {
  if (!e.dataTransfer) return
  e.dataTransfer.setData(SCAN_DRAG_TYPE, scan.sha256)
  e.dataTransfer.setData('text/plain', scan.original_name)
  e.dataTransfer.effectAllowed = 'move'
}

/** Whether a drag carries an inbox scan. */
export function isScanDrag(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes(SCAN_DRAG_TYPE) ?? false
}

/** The sha256 of the inbox scan dropped, if a scan was. */
export function droppedScan(e: DragEvent): string | null {
  return e.dataTransfer?.getData(SCAN_DRAG_TYPE) || null
}

export function isPdf(scan: ScanView): boolean {
  return scan.media_type === 'application/pdf'
}

/** The file name of a path, either separator. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/)
  return parts[parts.length - 1] || path
}

/** A selection in a list of scans, kept in it as the list changes. */
export interface ScanSelection {
  /** The sha256 of the scan selected; null when the list is empty. */
  selected: Ref<string | null>
  select(sha: string | null): void
  /** Moves the selection by `delta` (↑ -1, ↓ +1), staying within the list. */
  moveSelection(delta: number): void
}

/**
 * The selected scan of the list `list()` returns. When the selected scan leaves the list (filed,
 * or never there), the one now in its place is selected, or the first.
 */
export function scanSelection(list: () => readonly ScanView[]): ScanSelection {
  const selected = ref<string | null>(null)
  watch(
    list,
    (now, before) => {
      if (now.some((s) => s.sha256 === selected.value)) return
      const at = before?.findIndex((s) => s.sha256 === selected.value) ?? -1
      selected.value = now[at >= 0 ? Math.min(at, now.length - 1) : 0]?.sha256 ?? null
    },
    { immediate: true, flush: 'sync' },
  )

  function select(sha: string | null): void {
    selected.value = sha
  }

  function moveSelection(delta: number): void {
    const all = list()
    if (all.length === 0) return
    const i = all.findIndex((s) => s.sha256 === selected.value)
    const next = i < 0 ? (delta > 0 ? 0 : all.length - 1) : Math.min(Math.max(i + delta, 0), all.length - 1)
    selected.value = all[next]!.sha256
  }

  return { selected, select, moveSelection }
}

export const useScanInboxStore = defineStore('scanInbox', () => {
  const t = i18n.global.t

  /** The folder scanners drop files into. */
  const inboxDir = ref('')
  /** Stored scans not filed with any case, newest first. */
  const inbox = ref<ScanView[]>([])
  const loadingInbox = ref(false)
  /** Whether the inbox was listed at least once (before that, no scan is known to be missing from it). */
  const loaded = ref(false)
  /** Duplicate and quarantined files seen since the app started, newest first. */
  const rejected = ref<IngestView[]>([])
  /** Thumbnails by sha256: a data: URL, or null for PDFs and scans without one. Absent: not loaded yet. */
  const thumbnails = ref<Record<string, string | null>>({})
  /** SANE devices; null until asked for. */
  const devices = ref<SaneDeviceView[] | null>(null)
  const loadingDevices = ref(false)
  const scanning = ref(false)
  const listening = ref(false)
  /** The folder being opened in the file manager: its button spins meanwhile. */
  const openingFolder = ref<StationFolder | null>(null)

  /** The inbox scans by sha256. */
  const byHash = computed(() => new Map(inbox.value.map((s) => [s.sha256, s])))

  /** Every scan listed since the app started, by sha256: a filed scan keeps its name. */
  const seen = new Map<string, ScanView>()

  let unsubscribe: Unsubscribe | null = null
  /** How many screens follow the feed: it stops when the last one lets go. */
  let followers = 0
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
  function loadThumbnails(scans: readonly ScanView[]): void {
    for (const scan of scans) {
      if (thumbnailAsked.has(scan.sha256)) continue
      thumbnailAsked.add(scan.sha256)
      if (isPdf(scan)) thumbnails.value[scan.sha256] = null
      else thumbnailQueue.push(scan.sha256)
    }
    pumpThumbnails()
  }

  // ---- the list ---------------------------------------------------------------------------

  function setInbox(scans: ScanView[]): void {
    for (const scan of scans) seen.set(scan.sha256, scan)
    inbox.value = scans
    loaded.value = true
    loadThumbnails(scans)
  }

  /** A scan listed now or since the app started; undefined for one never seen here. */
  function scanOf(sha: string): ScanView | undefined {
    return byHash.value.get(sha) ?? seen.get(sha)
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

  /** Takes scans off the list now (they were filed), before the inbox is asked for again. */
  function drop(shas: Iterable<string>): void {
    const gone = new Set(shas)
    if (inbox.value.some((s) => gone.has(s.sha256))) inbox.value = inbox.value.filter((s) => !gone.has(s.sha256))
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

  /** A screen follows `scan-ingested`; the feed starts with the first one. Pair with `unsubscribe`. */
  function subscribe(): void {
    followers++
    if (unsubscribe) return
    unsubscribe = onScanIngested(onIngested, showError)
    listening.value = true
  }

  /** A screen stops following; the feed stops with the last one. */
  function unsubscribeFeed(): void {
    followers = Math.max(0, followers - 1)
    if (followers > 0) return
    unsubscribe?.()
    unsubscribe = null
    listening.value = false
  }

  // ---- the scanner ------------------------------------------------------------------------

  async function loadDevices(): Promise<void> {
    const found = await whileBusy(loadingDevices, () => ipc.saneDevices())
    if (found) devices.value = found
  }

  /** Scans into the inbox; the files written, or null on failure. The pages arrive as events. */
  async function scan(request: SaneScanRequest): Promise<string[] | null> {
    if (scanning.value) return null
    const files = await whileBusy(scanning, () => ipc.saneScan(request))
    if (!files) return null
    ElMessage.success({ message: t('scans.sane.done', { count: files.length }), grouping: true })
    return files
  }

  // ---- folders ----------------------------------------------------------------------------

  /** Opens the scan inbox or the case files' folder in the file manager; whether it opened. */
  async function openFolder(folder: StationFolder): Promise<boolean> {
    if (openingFolder.value) return false
    const done = await whileBusy(busyOn(openingFolder, folder), async () => {
      await ipc.openFolder(folder)
      return true
    })
    return done ?? false
  }

  return {
    inboxDir,
    inbox,
    loadingInbox,
    loaded,
    rejected,
    thumbnails,
    devices,
    loadingDevices,
    scanning,
    listening,
    openingFolder,
    byHash,
    scanOf,
    loadThumbnails,
    loadInbox,
    drop,
    onIngested,
    subscribe,
    unsubscribe: unsubscribeFeed,
    loadDevices,
    scan,
    openFolder,
  }
})
