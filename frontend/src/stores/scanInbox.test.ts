import { beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import type { IngestView } from '@/api/bindings'

vi.mock('@/api/ipc', async () => (await import('@/test/ipcMocks')).scanIpc())
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))
vi.mock('@/api/events', () => ({ onScanIngested: vi.fn() }))

import * as ipc from '@/api/ipc'
import * as events from '@/api/events'
import * as errors from '@/api/errors'
import { onScanIngested } from '@/api/events'
import { showError, showErrorText } from '@/api/errors'
import { catchMessages, messages, resetMocks } from '@/test/mocks'
import { JPEG, PDF, TIFF, inbox, ingest, sha } from '@/test/scanFixtures'
import { REJECTED_KEEP, baseName, scanSelection, useScanInboxStore } from './scanInbox'

/** The handler the store gave the event wrapper, and the unsubscribe spy it got back. */
function feed() {
  const stop = vi.fn()
  let handler: ((e: IngestView) => void) | null = null
  vi.mocked(onScanIngested).mockImplementation((h) => {
    handler = h
    return stop
  })
  return {
    stop,
    emit: (e: IngestView) => handler!(e),
    subscribed: () => handler !== null,
  }
}

const { success, warning } = messages

describe('scan inbox store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    resetMocks(ipc, events, errors)
    catchMessages()
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox())
    vi.mocked(ipc.scanThumbnail).mockResolvedValue('data:image/jpeg;base64,AAAA')
  })

  it('names a file by its last path part, either separator', () => {
    expect(baseName('C:\\scans\\a.jpg')).toBe('a.jpg')
    expect(baseName('/inbox/b.pdf')).toBe('b.pdf')
    expect(baseName('c.tif')).toBe('c.tif')
  })

  it('loads the inbox with its folder, and thumbnails except for PDFs', async () => {
    const store = useScanInboxStore()
    await store.loadInbox()
    expect(store.inboxDir).toBe('/home/clerk/.local/share/onewindow/inbox')
    expect(store.inbox.map((s) => s.sha256)).toEqual([JPEG.sha256, PDF.sha256, TIFF.sha256])
    expect(store.byHash.get(PDF.sha256)).toEqual(PDF)
    await vi.waitFor(() => expect(store.thumbnails[TIFF.sha256]).toBe('data:image/jpeg;base64,AAAA'))
    expect(store.thumbnails[PDF.sha256]).toBeNull()
    expect(
      vi
        .mocked(ipc.scanThumbnail)
        .mock.calls.map((c) => c[0])
        .sort(),
    ).toEqual([JPEG.sha256, TIFF.sha256].sort())
    // Asked once per scan, however often the inbox is loaded.
    await store.loadInbox()
    expect(ipc.scanThumbnail).toHaveBeenCalledTimes(2)
  })

  it('drops filed scans from the list at once, and still knows their names', async () => {
    const store = useScanInboxStore()
    expect(store.loaded).toBe(false)
    await store.loadInbox()
    expect(store.loaded).toBe(true)
    store.drop([PDF.sha256, sha('z')])
    expect(store.inbox.map((s) => s.sha256)).toEqual([JPEG.sha256, TIFF.sha256])
    expect(store.byHash.has(PDF.sha256)).toBe(false)
    expect(store.scanOf(PDF.sha256)?.original_name).toBe('营业执照.pdf')
    expect(store.scanOf(sha('z'))).toBeUndefined()
  })

  it('follows the feed while any screen follows it: one listener, stopped with the last follower', () => {
    const f = feed()
    const store = useScanInboxStore()
    store.subscribe()
    store.subscribe()
    expect(onScanIngested).toHaveBeenCalledTimes(1)
    expect(store.listening).toBe(true)
    store.unsubscribe()
    expect(f.stop).not.toHaveBeenCalled()
    expect(store.listening).toBe(true)
    store.unsubscribe()
    expect(f.stop).toHaveBeenCalledTimes(1)
    expect(store.listening).toBe(false)
    // One too many lets go of nothing.
    store.unsubscribe()
    expect(f.stop).toHaveBeenCalledTimes(1)
    store.subscribe()
    expect(onScanIngested).toHaveBeenCalledTimes(2)
  })

  it('a stored file: success message with the file name, inbox asked again', async () => {
    const f = feed()
    const store = useScanInboxStore()
    store.subscribe()
    await store.loadInbox()
    const fresh = { ...JPEG, sha256: sha('d'), original_name: 'scan-0003.jpg' }
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox([fresh, JPEG, PDF, TIFF]))
    f.emit(ingest({ outcome: 'stored' }))
    await vi.waitFor(() => expect(store.inbox).toHaveLength(4))
    expect(ipc.scanInbox).toHaveBeenCalledTimes(2)
    expect(success).toHaveBeenCalledWith(expect.objectContaining({ message: '已收到 scan-0003.jpg' }))
    expect(store.rejected).toEqual([])
  })

  it('a duplicate: warning with the reason, listed as rejected', async () => {
    const f = feed()
    const store = useScanInboxStore()
    store.subscribe()
    await store.loadInbox()
    const dup = ingest({ outcome: 'duplicate', file: '/inbox/scan-0001 (1).jpg', reason: '与已收取的扫描件 scan-0001.jpg 相同' })
    f.emit(dup)
    await vi.waitFor(() => expect(ipc.scanInbox).toHaveBeenCalledTimes(2))
    expect(warning).toHaveBeenCalledWith(expect.objectContaining({ message: 'scan-0001 (1).jpg：与已收取的扫描件 scan-0001.jpg 相同' }))
    expect(showErrorText).not.toHaveBeenCalled()
    expect(store.rejected).toEqual([dup])
  })

  it('a quarantined file: an error through showErrorText, listed as rejected', async () => {
    const f = feed()
    const store = useScanInboxStore()
    store.subscribe()
    const bad = ingest({ outcome: 'quarantined', file: '/inbox/broken.tif', sha256: null, pages: null, reason: '文件已损坏，无法读取' })
    f.emit(bad)
    expect(showErrorText).toHaveBeenCalledWith('broken.tif：文件已损坏，无法读取')
    expect(success).not.toHaveBeenCalled()
    expect(warning).not.toHaveBeenCalled()
    expect(store.rejected).toEqual([bad])
    await vi.waitFor(() => expect(ipc.scanInbox).toHaveBeenCalledTimes(1))
  })

  it('keeps the latest rejected files only', () => {
    const f = feed()
    const store = useScanInboxStore()
    store.subscribe()
    for (let i = 0; i < REJECTED_KEEP + 3; i++) f.emit(ingest({ outcome: 'quarantined', file: `/inbox/bad-${i}.jpg`, reason: '不是图片或PDF' }))
    expect(store.rejected).toHaveLength(REJECTED_KEEP)
    expect(store.rejected[0]!.file).toBe(`/inbox/bad-${REJECTED_KEEP + 2}.jpg`)
  })

  it('folds a burst of events into one more inbox request', async () => {
    const f = feed()
    const store = useScanInboxStore()
    store.subscribe()
    let answer: () => void = () => {}
    vi.mocked(ipc.scanInbox).mockImplementationOnce(() => new Promise((r) => (answer = () => r(inbox([JPEG])))))
    for (let i = 0; i < 20; i++) f.emit(ingest({ file: `/inbox/p${i}.jpg`, sha256: sha(String(i % 10)) }))
    expect(ipc.scanInbox).toHaveBeenCalledTimes(1)
    answer()
    await vi.waitFor(() => expect(store.loadingInbox).toBe(false))
    expect(ipc.scanInbox).toHaveBeenCalledTimes(2)
    expect(store.inbox).toHaveLength(3)
  })

  it('loads SANE devices on demand and scans with the request as given', async () => {
    const store = useScanInboxStore()
    expect(store.devices).toBeNull()
    vi.mocked(ipc.saneDevices).mockResolvedValue([{ name: 'test:0', description: 'Noname frontend-tester' }])
    await store.loadDevices()
    expect(store.devices).toEqual([{ name: 'test:0', description: 'Noname frontend-tester' }])
    vi.mocked(ipc.saneScan).mockResolvedValue(['/inbox/sane-1.png', '/inbox/sane-2.png'])
    const request = { device: 'test:0', resolution: 200, mode: 'Color', duplex: true, pages: 2 }
    expect(await store.scan(request)).toEqual(['/inbox/sane-1.png', '/inbox/sane-2.png'])
    expect(ipc.saneScan).toHaveBeenCalledWith(request)
    expect(success).toHaveBeenCalledWith(expect.objectContaining({ message: '已扫描 2 页，正在收取' }))
    vi.mocked(ipc.saneScan).mockRejectedValue({ code: 'invalid_input', message: '扫描仪不支持该分辨率' })
    expect(await store.scan(request)).toBeNull()
    expect(showError).toHaveBeenCalledWith({ code: 'invalid_input', message: '扫描仪不支持该分辨率' })
    expect(store.scanning).toBe(false)
  })

  it('keeps the devices unknown (not "none") when they could not be listed', async () => {
    const store = useScanInboxStore()
    vi.mocked(ipc.saneDevices).mockRejectedValue({ code: 'internal', message: 'SANE不可用' })
    await store.loadDevices()
    expect(store.devices).toBeNull()
    expect(showError).toHaveBeenCalled()
  })
})

describe('a selection in a list of scans', () => {
  it('starts on the first scan, moves within the list, and takes the next one when its scan leaves', () => {
    const scope = effectScope()
    const store = useScanInboxStore()
    const s = scope.run(() => scanSelection(() => store.inbox))!
    expect(s.selected.value).toBeNull()
    store.inbox = [JPEG, PDF, TIFF]
    expect(s.selected.value).toBe(JPEG.sha256)
    s.moveSelection(-1)
    expect(s.selected.value).toBe(JPEG.sha256)
    s.moveSelection(1)
    s.moveSelection(1)
    s.moveSelection(1)
    expect(s.selected.value).toBe(TIFF.sha256)
    // The last one leaves: the one now last is selected.
    store.inbox = [JPEG, PDF]
    expect(s.selected.value).toBe(PDF.sha256)
    s.select(JPEG.sha256)
    store.inbox = [PDF]
    expect(s.selected.value).toBe(PDF.sha256)
    store.inbox = []
    expect(s.selected.value).toBeNull()
    s.moveSelection(1)
    expect(s.selected.value).toBeNull()
    // A new arrival into an empty list is selected.
    store.inbox = [TIFF]
    expect(s.selected.value).toBe(TIFF.sha256)
    scope.stop()
  })
})
