// The scans of the case being viewed: its materials checklist with the scans under each material,
// the inbox scan selected for filing, and case file export. The inbox itself (its list, thumbnails,
// live feed and SANE scanning) is the scan inbox store's.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ElMessage } from 'element-plus'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { i18n } from '@/locales'
import type { AssignedScanView, CaseMaterialView } from '@/api/bindings'
import { baseName, scanSelection, useScanInboxStore } from './scanInbox'
import { busyOn, whileBusy } from './busy'

/** Clockwise rotations a scan can have. */
export const ROTATIONS = [0, 90, 180, 270] as const

/** The next rotation, a quarter turn clockwise: 0 → 90 → 180 → 270 → 0. */
export function nextRotation(rotation: number): number {
  const quarter = ((Math.round(rotation / 90) % 4) + 4) % 4
  return ((quarter + 1) % 4) * 90
}

export const useScansStore = defineStore('scans', () => {
  const t = i18n.global.t
  const inbox = useScanInboxStore()

  /** The case whose materials are shown. */
  const caseNumber = ref<string | null>(null)
  const materials = ref<CaseMaterialView[]>([])
  const loadingMaterials = ref(false)
  /** The inbox scan selected for filing (its sha256). */
  const { selected, select, moveSelection } = scanSelection(() => inbox.inbox)
  /** The scan being assigned, unassigned or rotated. */
  const busy = ref<string | null>(null)
  const exporting = ref(false)
  /** The case file written last (for the case being viewed). */
  const exportedPath = ref<string | null>(null)

  const selectedScan = computed(() => inbox.byHash.get(selected.value ?? '') ?? null)
  const assignedCount = computed(() => materials.value.reduce((n, m) => n + m.scans.length, 0))

  let materialsSeq = 0

  // ---- loading ----------------------------------------------------------------------------

  async function loadMaterials(): Promise<void> {
    const number = caseNumber.value
    if (!number) return
    const mine = ++materialsSeq
    const list = await whileBusy(loadingMaterials, () => ipc.caseMaterials(number), { current: () => mine === materialsSeq })
    if (!list || mine !== materialsSeq) return
    materials.value = list
    inbox.loadThumbnails(list.flatMap((m) => m.scans.map((s) => s.scan)))
  }

  /** Shows the materials of case `number` and the inbox. */
  function open(number: string): Promise<void> {
    if (caseNumber.value !== number) {
      materials.value = []
      exportedPath.value = null
    }
    caseNumber.value = number
    return Promise.all([loadMaterials(), inbox.loadInbox()]).then(() => undefined)
  }

  /** The case view went away. */
  function close(): void {
    materialsSeq++
    loadingMaterials.value = false
    caseNumber.value = null
    materials.value = []
    exportedPath.value = null
  }

  // ---- assigning --------------------------------------------------------------------------

  /** Puts a scan under a material of the open case; true when done. */
  async function assign(sha: string, materialCode: string, rotation = 0): Promise<boolean> {
    const number = caseNumber.value
    if (!number || busy.value) return false
    const done = await whileBusy(busyOn(busy, sha), async () => {
      await ipc.assignScan(number, materialCode, sha, rotation)
      inbox.drop([sha])
      await Promise.all([loadMaterials(), inbox.loadInbox()])
      return true
    })
    return done ?? false
  }

  /** Assigns the selected inbox scan to the `n`-th material of the checklist (1-based). */
  function assignSelectedTo(n: number): Promise<boolean> {
    const material = materials.value[n - 1]
    const sha = selected.value
    if (!material || !sha || !inbox.byHash.has(sha)) return Promise.resolve(false)
    return assign(sha, material.code)
  }

  /** Turns an assigned scan a quarter turn clockwise. */
  async function rotate(materialCode: string, assigned: AssignedScanView): Promise<boolean> {
    const number = caseNumber.value
    if (!number || busy.value) return false
    const sha = assigned.scan.sha256
    const rotation = nextRotation(assigned.rotation)
    const done = await whileBusy(busyOn(busy, sha), () => ipc.assignScan(number, materialCode, sha, rotation))
    if (done === undefined) return false
    // Same position, new rotation: no need to ask for the checklist again.
    materials.value = materials.value.map((m) =>
      m.code !== materialCode ? m : { ...m, scans: m.scans.map((s) => (s.scan.sha256 === sha ? { ...s, rotation } : s)) },
    )
    return true
  }

  /** Moves a scan one place up or down among its material's scans. */
  async function move(materialCode: string, sha: string, up: boolean): Promise<boolean> {
    const number = caseNumber.value
    if (!number || busy.value) return false
    const done = await whileBusy(busyOn(busy, sha), () => ipc.moveScan(number, sha, up))
    if (done === undefined) return false
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
  }

  /** Takes a scan off the case; it returns to the inbox, selected. */
  async function unassign(sha: string): Promise<boolean> {
    const number = caseNumber.value
    if (!number || busy.value) return false
    const done = await whileBusy(busyOn(busy, sha), async () => {
      await ipc.unassignScan(number, sha)
      select(sha)
      await Promise.all([loadMaterials(), inbox.loadInbox()])
      return true
    })
    return done ?? false
  }

  // ---- case file --------------------------------------------------------------

  /** Writes the case file PDF; its path, or null on failure. */
  async function exportCaseFile(): Promise<string | null> {
    const number = caseNumber.value
    if (!number || exporting.value) return null
    const path = await whileBusy(exporting, () => ipc.exportCaseFile(number))
    if (path === undefined) return null
    if (caseNumber.value === number) exportedPath.value = path
    ElMessage.success({ message: t('scans.exported', { file: baseName(path) }), showClose: true, duration: 10_000 })
    return path
  }

  /** Files the inbox by the cover sheets scanned into it, then refreshes both lists. */
  async function fileByCovers(): Promise<number> {
    try {
      const filed = await ipc.fileByCoverSheets()
      const pages = filed.filter((f) => !f.cover).length
      if (filed.length === 0) ElMessage.warning(t('scans.noCovers'))
      else ElMessage.success(t('scans.filedByCovers', { count: pages }))
      await Promise.all([inbox.loadInbox(), loadMaterials()])
      return pages
    } catch (e) {
      showError(e)
      return 0
    }
  }

  return {
    caseNumber,
    materials,
    loadingMaterials,
    selected,
    selectedScan,
    busy,
    exporting,
    exportedPath,
    assignedCount,
    open,
    close,
    loadMaterials,
    select,
    moveSelection,
    assign,
    assignSelectedTo,
    rotate,
    unassign,
    exportCaseFile,
    fileByCovers,
    move,
  }
})
