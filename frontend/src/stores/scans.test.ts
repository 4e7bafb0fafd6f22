import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/api/ipc', async () => (await import('@/test/ipcMocks')).scanIpc())
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))
vi.mock('@/api/events', () => ({ onScanIngested: vi.fn() }))

import * as ipc from '@/api/ipc'
import * as events from '@/api/events'
import * as errors from '@/api/errors'
import { showError } from '@/api/errors'
import { catchMessages, messages, resetMocks } from '@/test/mocks'
import { JPEG, PDF, TIFF, assigned, inbox, materials } from '@/test/scanFixtures'
import { nextRotation, useScansStore } from './scans'
import { useScanInboxStore } from './scanInbox'

const { success } = messages

describe('scans store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    resetMocks(ipc, events, errors)
    catchMessages()
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox())
    vi.mocked(ipc.caseMaterials).mockResolvedValue(materials())
    vi.mocked(ipc.assignScan).mockResolvedValue(null)
    vi.mocked(ipc.unassignScan).mockResolvedValue(null)
    vi.mocked(ipc.scanThumbnail).mockResolvedValue('data:image/jpeg;base64,AAAA')
  })

  it('cycles the rotation 0 → 90 → 180 → 270 → 0', () => {
    expect([0, 90, 180, 270].map(nextRotation)).toEqual([90, 180, 270, 0])
    expect(nextRotation(360)).toBe(90)
    expect(nextRotation(-90)).toBe(0)
  })

  it('opens a case: its checklist, the inbox, the newest scan selected, thumbnails except for PDFs', async () => {
    const store = useScansStore()
    await store.open('JM2025000001')
    expect(ipc.caseMaterials).toHaveBeenCalledWith('JM2025000001')
    expect(ipc.scanInbox).toHaveBeenCalledTimes(1)
    expect(store.materials.map((m) => m.code)).toEqual(['M1', 'M2', 'M3', 'M4'])
    const inboxStore = useScanInboxStore()
    expect(inboxStore.inboxDir).toBe('/home/clerk/.local/share/onewindow/inbox')
    expect(inboxStore.inbox.map((s) => s.sha256)).toEqual([JPEG.sha256, PDF.sha256, TIFF.sha256])
    expect(store.selected).toBe(JPEG.sha256)
    await vi.waitFor(() => expect(inboxStore.thumbnails[TIFF.sha256]).toBe('data:image/jpeg;base64,AAAA'))
    expect(inboxStore.thumbnails[PDF.sha256]).toBeNull()
    expect(
      vi
        .mocked(ipc.scanThumbnail)
        .mock.calls.map((c) => c[0])
        .sort(),
    ).toEqual([JPEG.sha256, TIFF.sha256].sort())
  })

  it('assigns the selected scan to the n-th material (1-based) and selects the next one', async () => {
    const store = useScansStore()
    await store.open('JM2025000001')
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox([PDF, TIFF]))
    vi.mocked(ipc.caseMaterials).mockResolvedValue(materials({ M3: [assigned(JPEG)] }))
    expect(await store.assignSelectedTo(3)).toBe(true)
    expect(ipc.assignScan).toHaveBeenCalledWith('JM2025000001', 'M3', JPEG.sha256, 0)
    expect(useScanInboxStore().inbox.map((s) => s.sha256)).toEqual([PDF.sha256, TIFF.sha256])
    expect(store.selected).toBe(PDF.sha256)
    expect(store.materials[2]!.scans.map((s) => s.scan.sha256)).toEqual([JPEG.sha256])
    // Beyond the checklist: nothing happens.
    expect(await store.assignSelectedTo(9)).toBe(false)
    expect(ipc.assignScan).toHaveBeenCalledTimes(1)
  })

  it('shows a refused assignment and keeps the scan in the inbox', async () => {
    const store = useScansStore()
    await store.open('JM2025000001')
    vi.mocked(ipc.assignScan).mockRejectedValue({ code: 'invalid_input', message: '事项“x”没有编码为“M9”的材料' })
    expect(await store.assign(JPEG.sha256, 'M9')).toBe(false)
    expect(showError).toHaveBeenCalledWith({ code: 'invalid_input', message: '事项“x”没有编码为“M9”的材料' })
    expect(useScanInboxStore().inbox).toHaveLength(3)
    expect(store.busy).toBeNull()
  })

  it('rotates an assigned scan through 0 → 90 → 180 → 270 → 0 with assign_scan', async () => {
    vi.mocked(ipc.caseMaterials).mockResolvedValue(materials({ M2: [assigned(TIFF, 0), assigned(PDF, 0)] }))
    const store = useScansStore()
    await store.open('JM2025000001')
    const seen: number[] = []
    for (let i = 0; i < 4; i++) {
      const current = store.materials[1]!.scans[0]!
      expect(await store.rotate('M2', current)).toBe(true)
      seen.push(vi.mocked(ipc.assignScan).mock.lastCall![3])
      expect(vi.mocked(ipc.assignScan).mock.lastCall!.slice(0, 3)).toEqual(['JM2025000001', 'M2', TIFF.sha256])
    }
    expect(seen).toEqual([90, 180, 270, 0])
    expect(store.materials[1]!.scans.map((s) => [s.scan.sha256, s.rotation])).toEqual([
      [TIFF.sha256, 0],
      [PDF.sha256, 0],
    ])
    // Rotating keeps the position: the checklist is not asked again.
    expect(ipc.caseMaterials).toHaveBeenCalledTimes(1)
  })

  it('unassigns a scan: back in the inbox, selected', async () => {
    vi.mocked(ipc.caseMaterials).mockResolvedValue(materials({ M1: [assigned(TIFF, 90)] }))
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox([JPEG, PDF]))
    const store = useScansStore()
    await store.open('JM2025000001')
    vi.mocked(ipc.caseMaterials).mockResolvedValue(materials())
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox([JPEG, PDF, TIFF]))
    expect(await store.unassign(TIFF.sha256)).toBe(true)
    expect(ipc.unassignScan).toHaveBeenCalledWith('JM2025000001', TIFF.sha256)
    expect(store.materials[0]!.scans).toEqual([])
    expect(useScanInboxStore().inbox.map((s) => s.sha256)).toContain(TIFF.sha256)
    expect(store.selected).toBe(TIFF.sha256)
  })

  it('exports the case file and keeps its path', async () => {
    const store = useScansStore()
    await store.open('JM2025000001')
    vi.mocked(ipc.exportCaseFile).mockResolvedValue('/data/exports/JM2025000001-材料.pdf')
    expect(await store.exportCaseFile()).toBe('/data/exports/JM2025000001-材料.pdf')
    expect(ipc.exportCaseFile).toHaveBeenCalledWith('JM2025000001')
    expect(store.exportedPath).toBe('/data/exports/JM2025000001-材料.pdf')
    expect(success).toHaveBeenCalledWith(expect.objectContaining({ message: '材料PDF已生成：JM2025000001-材料.pdf' }))
    vi.mocked(ipc.exportCaseFile).mockRejectedValue({ code: 'storage', message: '扫描件缺失' })
    expect(await store.exportCaseFile()).toBeNull()
    expect(showError).toHaveBeenCalled()
    store.close()
    expect(store.exportedPath).toBeNull()
  })
})

describe('reordering assigned scans', () => {
  it('swaps a scan with its neighbour and tells the backend which way', async () => {
    const { useScansStore } = await import('./scans')
    const moveScan = vi.mocked(ipc.moveScan).mockResolvedValue(null)
    const store = useScansStore()
    const scan = (sha: string) => ({
      scan: {
        sha256: sha,
        media_type: 'image/jpeg',
        pages: 1,
        bytes: 1,
        original_name: sha,
        received_at: '',
        case_number: 'C1',
        material_code: 'M01',
      },
      rotation: 0,
    })
    store.$patch({
      caseNumber: 'C1',
      materials: [{ code: 'M01', name: '居民身份证', policy: 'core', form: 'original', received: true, scans: [scan('a'), scan('b')] }],
    } as never)
    expect(await store.move('M01', 'b', true)).toBe(true)
    expect(moveScan).toHaveBeenCalledWith('C1', 'b', true)
    expect(store.materials[0].scans.map((s) => s.scan.sha256)).toEqual(['b', 'a'])
  })
})
