import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import ElementPlus, { ElMessage } from 'element-plus'
import type { IngestView } from '@/api/bindings'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async () => (await import('@/test/ipcMocks')).scanIpc())
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))
vi.mock('@/api/events', () => ({ onScanIngested: vi.fn() }))

import * as ipc from '@/api/ipc'
import * as events from '@/api/events'
import * as errors from '@/api/errors'
import { onScanIngested } from '@/api/events'
import { showErrorText } from '@/api/errors'
import { useScanInboxStore } from '@/stores/scanInbox'
import { catchMessages, fakeDataTransfer, resetMocks } from '@/test/mocks'
import { JPEG, PDF, TIFF, assigned, inbox, ingest, materials } from '@/test/scanFixtures'
import { DIGIT_GUARD_MS } from '@/composables/digitKeys'
import CaseMaterialsPanel from './CaseMaterialsPanel.vue'

let wrapper: VueWrapper | null = null
let pinia: Pinia

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  resetMocks(ipc, events, errors)
  catchMessages()
  vi.mocked(ipc.scanInbox).mockResolvedValue(inbox())
  vi.mocked(ipc.caseMaterials).mockResolvedValue(materials({ M1: [assigned(scanOf('e', '申请表.jpg'), 90)] }))
  vi.mocked(ipc.assignScan).mockResolvedValue(null)
  vi.mocked(ipc.unassignScan).mockResolvedValue(null)
  vi.mocked(ipc.scanThumbnail).mockResolvedValue('data:image/jpeg;base64,AAAA')
})

function scanOf(c: string, name: string) {
  return { ...JPEG, sha256: c.repeat(64), original_name: name }
}

async function settle() {
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
  await flushPromises()
}

async function mountPanel() {
  wrapper = mount(CaseMaterialsPanel, {
    attachTo: document.body,
    props: { number: 'JM2025000001' },
    global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus] },
  })
  await settle()
  return wrapper
}

/** Presses a digit as a person does: alone, then waits out the barcode guard. */
async function pressDigit(w: VueWrapper, digit: string) {
  await w.get('[data-testid="scan-inbox"]').trigger('keydown', { key: digit })
  await new Promise((r) => setTimeout(r, DIGIT_GUARD_MS + 20))
  await settle()
}

describe('CaseMaterialsPanel', () => {
  it("renders the checklist and the inbox from the shell's answers", async () => {
    const w = await mountPanel()
    expect(ipc.caseMaterials).toHaveBeenCalledWith('JM2025000001')
    expect(w.find('[data-testid="case-materials"]').exists()).toBe(true)

    const rows = w.findAll('[data-testid="case-material"]')
    expect(rows.map((r) => r.attributes('data-code'))).toEqual(['M1', 'M2', 'M3', 'M4'])
    expect(rows[0]!.text()).toContain('申请表')
    expect(rows[0]!.text()).toContain('核心')
    expect(rows[0]!.text()).toContain('已收取')
    expect(rows[2]!.text()).toContain('可容缺')
    expect(rows[2]!.text()).toContain('未收取')
    expect(rows[3]!.text()).toContain('非必要')
    expect(rows[0]!.find('.ow-key').text()).toBe('1')
    const onM1 = rows[0]!.findAll('[data-testid="assigned-scan"]')
    expect(onM1).toHaveLength(1)
    expect(onM1[0]!.attributes('data-rotation')).toBe('90')
    expect(onM1[0]!.find('img').attributes('style')).toContain('rotate(90deg)')
    expect(rows[1]!.findAll('[data-testid="assigned-scan"]')).toHaveLength(0)

    const box = w.get('[data-testid="scan-inbox"]')
    expect(box.text()).not.toContain('/home/clerk/.local/share/onewindow/inbox')
    expect(box.text()).toContain('扫描件保存到本工作站的扫描收件箱后会自动收取')
    expect(box.find('[data-testid="scan-inbox-path-copy"]').exists()).toBe(true)
    // Materials by their number and name, not their catalog code.
    expect(rows[0]!.text()).not.toMatch(/\bM\d+\b/)
    const cards = w.findAll('[data-testid="scan-inbox-scan"]')
    expect(cards.map((c) => c.attributes('data-sha'))).toEqual([JPEG.sha256, PDF.sha256, TIFF.sha256])
    expect(cards[0]!.attributes('aria-selected')).toBe('true')
    expect(cards[0]!.text()).toContain('scan-0001.jpg')
    expect(cards[0]!.text()).toContain('1 页')
    expect(cards[0]!.text()).toContain('2025-03-01 10:07')
    expect(cards[0]!.find('img').attributes('src')).toBe('data:image/jpeg;base64,AAAA')
    // A PDF has no thumbnail: a placeholder with its page count.
    expect(cards[1]!.find('img').exists()).toBe(false)
    expect(cards[1]!.get('[data-testid="scan-pdf"]').text()).toContain('4 页')
    expect(ipc.scanThumbnail).not.toHaveBeenCalledWith(PDF.sha256)
    // The material select and the 归入 button sit next to the selected card only.
    expect(cards[0]!.find('[data-testid="scan-inbox-material"]').exists()).toBe(true)
    expect(cards[0]!.find('[data-testid="scan-inbox-attach"]').exists()).toBe(true)
    expect(w.findAll('[data-testid="scan-inbox-attach"]')).toHaveLength(1)
    expect(w.find('[data-testid="sane-bar"]').exists()).toBe(true)
    expect(w.find('[data-testid="inbox-rejected"]').exists()).toBe(false)
  })

  it('assigns the selected scan to the n-th material with keys 1–9', async () => {
    const w = await mountPanel()
    ;(w.get('[data-testid="scan-inbox"]').element as HTMLElement).focus()
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox([PDF, TIFF]))
    await pressDigit(w, '3')
    expect(ipc.assignScan).toHaveBeenCalledTimes(1)
    expect(ipc.assignScan).toHaveBeenCalledWith('JM2025000001', 'M3', JPEG.sha256, 0)

    // The next scan is selected; ↓ moves on, then 2 assigns that one.
    expect(w.get('[aria-selected="true"]').attributes('data-sha')).toBe(PDF.sha256)
    await w.get('[data-testid="scan-inbox"]').trigger('keydown', { key: 'ArrowDown' })
    await new Promise((r) => setTimeout(r, DIGIT_GUARD_MS + 10))
    await pressDigit(w, '2')
    expect(ipc.assignScan).toHaveBeenLastCalledWith('JM2025000001', 'M2', TIFF.sha256, 0)

    // Beyond the checklist, 9 does nothing.
    await pressDigit(w, '9')
    expect(ipc.assignScan).toHaveBeenCalledTimes(2)

    // A barcode scanned while the inbox has focus is not a string of assignments.
    for (const c of 'JM2025000001') await w.get('[data-testid="scan-inbox"]').trigger('keydown', { key: c })
    await new Promise((r) => setTimeout(r, DIGIT_GUARD_MS + 20))
    await settle()
    expect(ipc.assignScan).toHaveBeenCalledTimes(2)
  })

  it('takes 1–9 pressed elsewhere in the section for the scan selected in the inbox, once', async () => {
    const w = await mountPanel()
    const rotate = w.get('[data-testid="rotate-scan"]')
    ;(rotate.element as HTMLElement).focus()
    await rotate.trigger('keydown', { key: '2' })
    await new Promise((r) => setTimeout(r, DIGIT_GUARD_MS + 20))
    await settle()
    expect(ipc.assignScan).toHaveBeenCalledTimes(1)
    expect(ipc.assignScan).toHaveBeenCalledWith('JM2025000001', 'M2', JPEG.sha256, 0)
  })

  it('moves the selection with ↑/↓ inside the inbox', async () => {
    const w = await mountPanel()
    const box = w.get('[data-testid="scan-inbox"]')
    await box.trigger('keydown', { key: 'ArrowDown' })
    await box.trigger('keydown', { key: 'ArrowDown' })
    await box.trigger('keydown', { key: 'ArrowDown' })
    expect(w.get('[aria-selected="true"]').attributes('data-sha')).toBe(TIFF.sha256)
    await box.trigger('keydown', { key: 'ArrowUp' })
    expect(w.get('[aria-selected="true"]').attributes('data-sha')).toBe(PDF.sha256)
  })

  it('selects a card by click and assigns it with the 归入 button to the first material without scans', async () => {
    const w = await mountPanel()
    await w.findAll('[data-testid="scan-inbox-scan"]')[2]!.trigger('click')
    const card = w.findAll('[data-testid="scan-inbox-scan"]')[2]!
    expect(card.attributes('aria-selected')).toBe('true')
    expect(card.get('[data-testid="scan-inbox-material"]').text()).toContain('2. 身份证')
    await card.get('[data-testid="scan-inbox-attach"]').trigger('click')
    await settle()
    expect(ipc.assignScan).toHaveBeenCalledWith('JM2025000001', 'M2', TIFF.sha256, 0)
  })

  it('assigns a card dropped on a material row', async () => {
    const w = await mountPanel()
    const dataTransfer = fakeDataTransfer()
    await w.findAll('[data-testid="scan-inbox-scan"]')[1]!.trigger('dragstart', { dataTransfer })
    const row = w.findAll('[data-testid="case-material"]')[3]!
    await row.trigger('dragover', { dataTransfer })
    expect(row.classes()).toContain('ow-dropping')
    await row.trigger('drop', { dataTransfer })
    await settle()
    expect(ipc.assignScan).toHaveBeenCalledWith('JM2025000001', 'M4', PDF.sha256, 0)
  })

  it('rotates an assigned scan a quarter turn per click and takes one off', async () => {
    const w = await mountPanel()
    const rotate = () => w.get('[data-testid="assigned-scan"] [data-testid="rotate-scan"]').trigger('click')
    const sha = 'e'.repeat(64)
    for (const expected of [180, 270, 0, 90]) {
      await rotate()
      await settle()
      expect(ipc.assignScan).toHaveBeenLastCalledWith('JM2025000001', 'M1', sha, expected)
      expect(w.get('[data-testid="assigned-scan"]').attributes('data-rotation')).toBe(String(expected))
    }

    vi.mocked(ipc.caseMaterials).mockResolvedValue(materials())
    await w.get('[data-testid="unassign-scan"]').trigger('click')
    await settle()
    expect(ipc.unassignScan).toHaveBeenCalledWith('JM2025000001', sha)
    expect(w.findAll('[data-testid="assigned-scan"]')).toHaveLength(0)
  })

  it('exports the case file, names it by its file and copies its location on request', async () => {
    vi.mocked(ipc.exportCaseFile).mockResolvedValue('/data/exports/JM2025000001-材料.pdf')
    const w = await mountPanel()
    const button = w.get('[data-testid="export-case-file"]')
    expect(button.attributes('disabled')).toBeUndefined()
    await button.trigger('click')
    await settle()
    expect(ipc.exportCaseFile).toHaveBeenCalledWith('JM2025000001')
    expect(ElMessage.success).toHaveBeenCalledWith(expect.objectContaining({ message: '材料PDF已生成：JM2025000001-材料.pdf' }))
    expect(w.get('[data-testid="export-file"]').text()).toBe('JM2025000001-材料.pdf')
    expect(w.get('[data-testid="export-path"]').text()).not.toContain('/data/exports')
    const writeText = vi.fn(async () => {})
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    await w.get('[data-testid="export-path-copy"]').trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith('/data/exports/JM2025000001-材料.pdf')
    vi.unstubAllGlobals()
  })

  it('opens the folder the case file was written to, and says why when it cannot', async () => {
    vi.mocked(ipc.exportCaseFile).mockResolvedValue('/data/exports/JM2025000001-材料.pdf')
    vi.mocked(ipc.openFolder).mockResolvedValue(undefined)
    const w = await mountPanel()
    expect(w.find('[data-testid="case-file-open"]').exists()).toBe(false)
    await w.get('[data-testid="export-case-file"]').trigger('click')
    await settle()
    const open = w.get('[data-testid="case-file-open"]')
    expect(open.text()).toBe('打开所在文件夹')
    await open.trigger('click')
    await settle()
    expect(ipc.openFolder).toHaveBeenCalledWith('exports')
    expect(errors.showError).not.toHaveBeenCalled()

    const refusal = { code: 'storage', message: '无法创建导出文件夹：权限不足' }
    vi.mocked(ipc.openFolder).mockRejectedValueOnce(refusal)
    await w.get('[data-testid="case-file-open"]').trigger('click')
    await settle()
    expect(errors.showError).toHaveBeenCalledWith(refusal)
    // Nothing on screen ever shows where the file is.
    expect(w.text()).not.toContain('/data/exports')
  })

  it('cannot export before any scan is assigned', async () => {
    vi.mocked(ipc.caseMaterials).mockResolvedValue(materials())
    const w = await mountPanel()
    expect(w.get('[data-testid="export-case-file"]').attributes('disabled')).toBeDefined()
  })

  it('lists duplicates and refused files as they arrive', async () => {
    let emit: (e: IngestView) => void = () => {}
    vi.mocked(onScanIngested).mockImplementation((h) => {
      emit = h
      return () => {}
    })
    const w = await mountPanel()
    useScanInboxStore().subscribe()
    emit(ingest({ outcome: 'duplicate', file: '/inbox/again.jpg', reason: '与已收取的扫描件相同' }))
    emit(ingest({ outcome: 'quarantined', file: '/inbox/broken.tif', reason: '文件已损坏' }))
    await settle()
    const items = w.findAll('[data-testid="inbox-rejected"] [data-testid="rejected-item"]')
    expect(items.map((i) => i.attributes('data-outcome'))).toEqual(['quarantined', 'duplicate'])
    expect(items[0]!.text()).toContain('拒收')
    expect(items[0]!.text()).toContain('文件已损坏')
    expect(items[1]!.text()).toContain('重复')
    expect(showErrorText).toHaveBeenCalledWith('broken.tif：文件已损坏')
    // Opening, then one request for the first event and one more for the one that came meanwhile.
    expect(ipc.scanInbox).toHaveBeenCalledTimes(3)
  })

  it('finds scanners when the SANE bar is opened, and scans with the chosen settings', async () => {
    vi.mocked(ipc.saneDevices).mockResolvedValue([{ name: 'test:0', description: 'Noname frontend-tester' }])
    vi.mocked(ipc.saneScan).mockResolvedValue(['/inbox/sane-1.png'])
    const w = await mountPanel()
    expect(ipc.saneDevices).not.toHaveBeenCalled()
    await w.get('[data-testid="sane-toggle"]').trigger('click')
    await settle()
    expect(ipc.saneDevices).toHaveBeenCalledTimes(1)
    const bar = w.get('[data-testid="sane-bar"]')
    expect(bar.get('[data-testid="sane-device"]').text()).toContain('Noname frontend-tester')
    expect(bar.get('[data-testid="sane-mode"]').text()).toContain('灰度')
    expect(bar.find('[data-testid="sane-duplex"]').exists()).toBe(true)
    expect(bar.find('[data-testid="sane-pages"]').exists()).toBe(true)
    await bar.get('[data-testid="sane-scan"]').trigger('click')
    await settle()
    expect(ipc.saneScan).toHaveBeenCalledWith({ device: 'test:0', resolution: 300, mode: 'Gray', duplex: false, pages: 1 })

    // Closed and opened again: the devices are not asked for again.
    await w.get('[data-testid="sane-toggle"]').trigger('click')
    await w.get('[data-testid="sane-toggle"]').trigger('click')
    await settle()
    expect(ipc.saneDevices).toHaveBeenCalledTimes(1)
  })

  it('says so when no scanner is found', async () => {
    vi.mocked(ipc.saneDevices).mockResolvedValue([])
    const w = await mountPanel()
    await w.get('[data-testid="sane-toggle"]').trigger('click')
    await settle()
    expect(w.get('[data-testid="sane-none"]').text()).toBe('未发现扫描仪')
    expect(w.find('[data-testid="sane-scan"]').exists()).toBe(false)
  })
})
