// Scans attached at the intake window, on the item panel and the bundle panel: the intake's scan
// inbox (F4, ↑/↓, 1–9, Enter, drag onto a row), the count and × on each checklist row, and the scans
// sent with the intake.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { IngestView, IntakeResult, ShortfallDecisionView } from '@/api/bindings'

vi.mock('@/api/ipc', async (importOriginal) => (await import('@/test/ipcMocks')).intakeIpc(importOriginal))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))
vi.mock('@/api/events', () => ({ onScanIngested: vi.fn() }))

import * as ipc from '@/api/ipc'
import { onScanIngested } from '@/api/events'
import { showError } from '@/api/errors'
import { MARKET, bundleDetail, serviceItem } from '@/test/catalogFixtures'
import { mountOptions, pressCtrlEnter, resetIntakeIpc } from '@/test/intakeFixtures'
import { catchMessages, fakeDataTransfer } from '@/test/mocks'
import { useScanInboxStore } from '@/stores/scanInbox'
import { JPEG, PDF, TIFF, inbox, ingest, sha } from '@/test/scanFixtures'
import { DIGIT_GUARD_MS } from '@/composables/digitKeys'
import ServiceItemPanel from './ServiceItemPanel.vue'
import BundlePanel from './BundlePanel.vue'

const item = serviceItem({
  materials: [
    {
      code: 'A',
      name: '营业执照',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'core',
      supplement_days: null,
      e_certificate: null,
      applies_to: 'all',
      note: '',
    },
    {
      code: 'B',
      name: '法定代表人身份证',
      form: 'copy',
      copies: 1,
      pages: 1,
      policy: 'core',
      supplement_days: null,
      e_certificate: null,
      applies_to: 'all',
      note: '',
    },
    {
      code: 'C',
      name: '经营场所平面图',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'tolerable',
      supplement_days: 5,
      e_certificate: null,
      applies_to: 'all',
      note: '',
    },
  ],
})

const decision: ShortfallDecisionView = {
  decision: 'accept',
  findings: [],
  refusal: null,
  due: '2025-07-01',
  shortfall_supplement_due: null,
  catalog_version: 7,
  calendar_warning: null,
}

const bundle = bundleDetail({
  items: [
    { code: 'X', name: '出生医学证明签发', department: MARKET, kind: '公共服务', promised_days: 1, on_the_spot: false, citywide: false },
    { code: 'Y', name: '出生登记', department: MARKET, kind: '行政确认', promised_days: 5, on_the_spot: false, citywide: false },
  ],
  materials: [
    { name: '居民身份证', form: 'original', copies: 1, pages: 1, policy: 'core', applies_to: 'all', service_item_codes: ['X', 'Y'] },
    { name: '出生医学证明', form: 'original', copies: 1, pages: 2, policy: 'core', applies_to: 'all', service_item_codes: ['Y'] },
  ],
})

let wrapper: VueWrapper | null = null
let pinia: Pinia
let emitIngest: (e: IngestView) => void = () => {}

async function settle() {
  await flushPromises()
  await new Promise((r) => setTimeout(r, 120))
  await flushPromises()
}

async function mountItem() {
  wrapper = mount(ServiceItemPanel, { ...mountOptions(pinia), props: { item } })
  await settle()
  return wrapper
}

async function mountBundle() {
  wrapper = mount(BundlePanel, { ...mountOptions(pinia), props: { bundle } })
  await settle()
  return wrapper
}

const box = (w: VueWrapper) => w.get('[data-testid="intake-inbox"]')
const cards = (w: VueWrapper) => w.findAll('[data-testid="intake-inbox-scan"]').map((c) => c.attributes('data-sha'))
const selected = (w: VueWrapper) => box(w).get('[aria-selected="true"]').attributes('data-sha')
const rows = (w: VueWrapper, testid = 'material-row') => w.findAll(`[data-testid="${testid}"]`)
const counts = (w: VueWrapper, testid = 'material-row') =>
  rows(w, testid).map((r) => r.get('[data-testid="material-scans"]').attributes('data-count'))
const ticked = (w: VueWrapper, testid = 'material-row') =>
  rows(w, testid).map((r) => r.get<HTMLInputElement>('input[type="checkbox"]').element.checked)

/** Presses a key on the focused inbox. */
async function press(w: VueWrapper, key: string) {
  await box(w).trigger('keydown', { key })
}

/** Presses a digit as a person does: alone, then waits out the barcode guard. */
async function pressDigit(w: VueWrapper, digit: string) {
  await press(w, digit)
  await new Promise((r) => setTimeout(r, DIGIT_GUARD_MS + 20))
  await flushPromises()
}

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  resetIntakeIpc()
  vi.mocked(ipc.checkShortfall).mockResolvedValue(decision)
  vi.mocked(ipc.checkBundle).mockResolvedValue({ bundle_code: bundle.code, members: [] })
  vi.mocked(ipc.saveDraft).mockResolvedValue(5)
  vi.mocked(ipc.scanInbox).mockResolvedValue(inbox())
  vi.mocked(ipc.scanThumbnail).mockResolvedValue('data:image/jpeg;base64,AAAA')
  vi.mocked(onScanIngested)
    .mockReset()
    .mockImplementation((h) => {
      emitIngest = h
      return () => {}
    })
  catchMessages()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

describe('the scan inbox at the item intake', () => {
  it('lists the inbox under the checklist, newest first, the first selected, and follows the feed while open', async () => {
    const w = await mountItem()
    expect(ipc.scanInbox).toHaveBeenCalledTimes(1)
    expect(cards(w)).toEqual([JPEG.sha256, PDF.sha256, TIFF.sha256])
    expect(selected(w)).toBe(JPEG.sha256)
    expect(box(w).text()).toContain('营业执照.pdf')
    expect(box(w).text()).toContain('4 页')
    expect(counts(w)).toEqual(['0', '0', '0'])
    expect(useScanInboxStore().listening).toBe(true)

    // A scan arriving shows up at once.
    const fresh = { ...JPEG, sha256: sha('d'), original_name: 'scan-0003.jpg' }
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox([fresh, JPEG, PDF, TIFF]))
    emitIngest(ingest())
    await settle()
    expect(cards(w)).toEqual([fresh.sha256, JPEG.sha256, PDF.sha256, TIFF.sha256])

    wrapper!.unmount()
    wrapper = null
    expect(useScanInboxStore().listening).toBe(false)
  })

  it('attaches the selected scan to the n-th material with 1–9, ticking it, and selects the next scan', async () => {
    const w = await mountItem()
    ;(box(w).element as HTMLElement).focus()
    await pressDigit(w, '2')
    expect(counts(w)).toEqual(['0', '1', '0'])
    expect(ticked(w)).toEqual([false, true, false])
    expect(rows(w)[1]!.get('[data-testid="material-scans"]').text()).toContain('scan-0001.jpg')
    // Attached scans leave the intake's inbox; the one now in its place is selected.
    expect(cards(w)).toEqual([PDF.sha256, TIFF.sha256])
    expect(selected(w)).toBe(PDF.sha256)
    // The decision is asked again for the tick.
    await settle()
    expect(vi.mocked(ipc.checkShortfall).mock.lastCall![0].present_codes).toEqual(['B'])

    await press(w, 'ArrowDown')
    expect(selected(w)).toBe(TIFF.sha256)
    // (A digit right after another key is taken for a barcode scanner's: a person pauses.)
    await new Promise((r) => setTimeout(r, DIGIT_GUARD_MS + 20))
    await pressDigit(w, '2')
    expect(counts(w)).toEqual(['0', '2', '0'])
    expect(selected(w)).toBe(PDF.sha256)

    // Beyond the checklist, 9 does nothing.
    await pressDigit(w, '9')
    expect(counts(w)).toEqual(['0', '2', '0'])

    // A barcode scanned while the inbox has focus is not a string of attachments.
    for (const c of 'JM2025000001') await press(w, c)
    await new Promise((r) => setTimeout(r, DIGIT_GUARD_MS + 20))
    expect(counts(w)).toEqual(['0', '2', '0'])
    expect(cards(w)).toEqual([PDF.sha256])
    // The focus stays in the inbox for the next scan.
    expect(document.activeElement).toBe(box(w).element)
  })

  it('attaches with Enter to the material chosen beside the scan: the first without a scan unless changed', async () => {
    const w = await mountItem()
    ;(box(w).element as HTMLElement).focus()
    const card = box(w).get('[aria-selected="true"]')
    expect(card.get('[data-testid="intake-inbox-material"]').text()).toContain('1. 营业执照')
    await press(w, 'Enter')
    await flushPromises()
    expect(counts(w)).toEqual(['1', '0', '0'])
    // The next scan goes to the next material without one.
    expect(box(w).get('[aria-selected="true"] [data-testid="intake-inbox-material"]').text()).toContain('2. 法定代表人身份证')
    await box(w).get('[data-testid="intake-inbox-attach"]').trigger('click')
    await flushPromises()
    expect(counts(w)).toEqual(['1', '1', '0'])
    expect(ticked(w)).toEqual([true, true, false])
  })

  it('attaches a card dropped on a checklist row, and moves an attached scan when dropped elsewhere', async () => {
    const w = await mountItem()
    const dataTransfer = fakeDataTransfer()
    await w.findAll('[data-testid="intake-inbox-scan"]')[1]!.trigger('dragstart', { dataTransfer })
    const target = rows(w)[2]!
    await target.trigger('dragover', { dataTransfer })
    expect(target.classes()).toContain('ow-dropping')
    await target.trigger('drop', { dataTransfer })
    await flushPromises()
    expect(target.classes()).not.toContain('ow-dropping')
    expect(counts(w)).toEqual(['0', '0', '1'])
    expect(ticked(w)).toEqual([false, false, true])
    expect(cards(w)).toEqual([JPEG.sha256, TIFF.sha256])

    // The same scan dropped on another row moves there (a scan belongs to one material).
    await rows(w)[0]!.trigger('drop', { dataTransfer })
    await flushPromises()
    expect(counts(w)).toEqual(['1', '0', '0'])
    expect(ticked(w)).toEqual([true, false, true])

    // Something else dragged over a row (a file from the desktop) is not taken.
    const other = fakeDataTransfer()
    other.setData('text/plain', 'x')
    await rows(w)[1]!.trigger('drop', { dataTransfer: other })
    expect(counts(w)).toEqual(['1', '0', '0'])
  })

  it("puts a scan back in the inbox with its ×, and all of a material's with the untick", async () => {
    const w = await mountItem()
    ;(box(w).element as HTMLElement).focus()
    await pressDigit(w, '1')
    await pressDigit(w, '1')
    await pressDigit(w, '2')
    expect(counts(w)).toEqual(['2', '1', '0'])
    expect(cards(w)).toEqual([])
    expect(box(w).text()).toContain('收件箱中没有待归入的扫描件')

    const remove = rows(w)[0]!.findAll('[data-testid="material-scan-remove"]')
    expect(remove.map((b) => b.attributes('data-sha'))).toEqual([JPEG.sha256, PDF.sha256])
    expect(remove[0]!.attributes('aria-label')).toBe('移出扫描件“scan-0001.jpg”')
    await remove[0]!.trigger('click')
    await flushPromises()
    expect(counts(w)).toEqual(['1', '1', '0'])
    expect(ticked(w)).toEqual([true, true, false])
    expect(cards(w)).toEqual([JPEG.sha256])

    await rows(w)[1]!.get('input[type="checkbox"]').setValue(false)
    await flushPromises()
    expect(counts(w)).toEqual(['1', '0', '0'])
    expect(cards(w)).toEqual([JPEG.sha256, TIFF.sha256])
  })

  it('comes into focus with F4 from anywhere, and keeps the Tab order applicant → materials → inbox → delivery → submit', async () => {
    const w = await mountItem()
    const id = w.get<HTMLInputElement>('input[data-testid="applicant-id-number"]').element
    id.focus()
    const f4 = new KeyboardEvent('keydown', { key: 'F4', bubbles: true, cancelable: true })
    id.dispatchEvent(f4)
    expect(f4.defaultPrevented).toBe(true)
    expect(document.activeElement).toBe(box(w).element)

    const root = w.get('[data-testid="item-detail"]').element
    const tabbable = [...root.querySelectorAll<HTMLElement>('input, button, select, textarea, a[href], [tabindex]')].filter(
      (el) => el.tabIndex >= 0 && !(el as HTMLInputElement).disabled && !el.closest('[aria-hidden="true"]'),
    )
    const at = (el: Element) => tabbable.indexOf(el as HTMLElement)
    const lastTick = at(rows(w)[2]!.get('input[type="checkbox"]').element)
    const inboxAt = at(box(w).element)
    const delivery = at(w.get('[data-testid="delivery-window"] input').element)
    const submit = at(w.get('[data-testid="intake-submit"]').element)
    expect(at(id)).toBeLessThan(lastTick)
    expect(lastTick).toBeLessThan(inboxAt)
    expect(inboxAt).toBeLessThan(delivery)
    expect(delivery).toBeLessThan(submit)
  })

  it('sends the attached scans with Ctrl+Enter and shows them gone from the inbox once taken in', async () => {
    const w = await mountItem()
    ;(box(w).element as HTMLElement).focus()
    await pressDigit(w, '2')
    await pressDigit(w, '2')
    await settle()
    const result = {
      number: 'JM2026000001',
      decision,
      documents: [],
      handed_off: true,
      material_transfer: false,
      prints: [],
    } as unknown as IntakeResult
    vi.mocked(ipc.intake).mockResolvedValue(result)
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox([TIFF]))
    pressCtrlEnter(box(w).element)
    await settle()
    expect(ipc.intake).toHaveBeenCalledTimes(1)
    expect(vi.mocked(ipc.intake).mock.calls[0]![0].received).toEqual([
      { material_code: 'B', form: 'copy', copies: 1, pages: 1, scans: [JPEG.sha256, PDF.sha256] },
    ])
    expect(ipc.scanInbox).toHaveBeenCalledTimes(2)
    expect(useScanInboxStore().inbox.map((s) => s.sha256)).toEqual([TIFF.sha256])
    expect(cards(w)).toEqual([TIFF.sha256])
    // Filed with the case, not missing: the row keeps their names, unmarked.
    const filed = rows(w)[1]!.findAll('[data-testid="material-scan"]')
    expect(filed.map((c) => c.attributes('data-gone'))).toEqual(['false', 'false'])
    expect(filed[1]!.text()).toContain('营业执照.pdf')
  })

  it('marks an attached scan the inbox no longer lists, which the intake would refuse', async () => {
    const w = await mountItem()
    ;(box(w).element as HTMLElement).focus()
    await pressDigit(w, '1')
    expect(rows(w)[0]!.get('[data-testid="material-scan"]').attributes('data-gone')).toBe('false')
    // Filed with another case meanwhile (at the case screen, say): the inbox comes back without it.
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox([PDF, TIFF]))
    emitIngest(ingest())
    await settle()
    const chip = rows(w)[0]!.get('[data-testid="material-scan"]')
    expect(chip.attributes('data-gone')).toBe('true')
    expect(chip.text()).toContain('scan-0001.jpg')
    expect(chip.attributes('title')).toContain('已不在收件箱')
    expect(counts(w)).toEqual(['1', '0', '0'])
  })

  it('points a refused scan at the inbox and changes nothing', async () => {
    const w = await mountItem()
    ;(box(w).element as HTMLElement).focus()
    await pressDigit(w, '1')
    await settle()
    w.get<HTMLInputElement>('input[data-testid="applicant-id-number"]').element.focus()
    vi.mocked(ipc.intake).mockRejectedValue({
      code: 'invalid_input',
      message: '材料“营业执照”的扫描件不存在，请重新扫描',
      field: 'received.scans',
      suggested_id_kind: null,
    })
    await w.get('[data-testid="intake-submit"]').trigger('click')
    await settle()
    expect(showError).toHaveBeenCalled()
    expect(document.activeElement).toBe(box(w).element)
    expect(counts(w)).toEqual(['1', '0', '0'])
    expect(cards(w)).toEqual([PDF.sha256, TIFF.sha256])
    expect(ipc.scanInbox).toHaveBeenCalledTimes(1)
  })
})

describe('the scan inbox at the bundle intake', () => {
  it("attaches by the merged list's order and sends the scans by name", async () => {
    const w = await mountBundle()
    expect(cards(w)).toEqual([JPEG.sha256, PDF.sha256, TIFF.sha256])
    ;(box(w).element as HTMLElement).focus()
    await pressDigit(w, '2')
    await pressDigit(w, '1')
    expect(counts(w, 'bundle-material-row')).toEqual(['1', '1'])
    expect(ticked(w, 'bundle-material-row')).toEqual([true, true])
    await settle()
    vi.mocked(ipc.intakeBundle).mockResolvedValue({ bundle_code: bundle.code, bundle_name: bundle.name, cases: [], lead: null, prints: [] })
    // The bundle submit waits for the members' decisions.
    vi.mocked(ipc.checkBundle).mockResolvedValue({
      bundle_code: bundle.code,
      members: [{ service_item_code: 'X', service_item_name: '出生医学证明签发', department: MARKET, decision }],
    })
    await rows(w, 'bundle-material-row')[0]!.get('[data-testid="material-scan-remove"]').trigger('click')
    await pressDigit(w, '1')
    await settle()
    await w.get('[data-testid="bundle-submit"]').trigger('click')
    await settle()
    expect(vi.mocked(ipc.intakeBundle).mock.calls[0]![0].received).toEqual([
      { name: '居民身份证', form: 'original', copies: 1, pages: 1, scans: [TIFF.sha256] },
      { name: '出生医学证明', form: 'original', copies: 1, pages: 2, scans: [JPEG.sha256] },
    ])
  })
})
