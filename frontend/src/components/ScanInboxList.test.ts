// The scan inbox list on its own: what it shows, and which scan it says goes where for each key,
// click and drag. The case screen and the intake window tests cover what filing then means.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import ElementPlus from 'element-plus'

vi.mock('@/api/ipc', async () => (await import('@/test/ipcMocks')).scanIpc())
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import { createAppI18n } from '@/locales'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { SCAN_DRAG_TYPE, useScanInboxStore } from '@/stores/scanInbox'
import { DIGIT_GUARD_MS } from '@/composables/digitKeys'
import { fakeDataTransfer } from '@/test/mocks'
import { JPEG, PDF, TIFF } from '@/test/scanFixtures'
import type { ScanView } from '@/api/bindings'
import ScanInboxList, { type InboxMaterial } from './ScanInboxList.vue'

const MATERIALS: InboxMaterial[] = [
  { key: 'M1', name: '申请表', hasScans: true },
  { key: 'M2', name: '身份证', hasScans: false },
  { key: 'M3', name: '营业执照', hasScans: false },
]

let wrapper: VueWrapper | null = null
let pinia: Pinia

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  const inbox = useScanInboxStore()
  inbox.inboxDir = '/home/clerk/inbox'
  inbox.thumbnails = { [JPEG.sha256]: 'data:image/jpeg;base64,AAAA' }
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

function mountList(
  props: Partial<{ scans: ScanView[]; materials: InboxMaterial[]; selected: string | null; busy: string | null; hint: string }> = {},
) {
  wrapper = mount(ScanInboxList, {
    attachTo: document.body,
    props: {
      scans: [JPEG, PDF, TIFF],
      materials: MATERIALS,
      selected: JPEG.sha256,
      testid: 'some-inbox',
      title: '扫描收件箱',
      emptyText: '没有扫描件',
      ...props,
    },
    global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus] },
  })
  return wrapper
}

const root = (w: VueWrapper) => w.get('[data-testid="some-inbox"]')
const cards = (w: VueWrapper) => w.findAll('[data-testid="some-inbox-scan"]')

async function press(w: VueWrapper, key: string) {
  await root(w).trigger('keydown', { key })
}

async function pressDigit(w: VueWrapper, digit: string) {
  await press(w, digit)
  await new Promise((r) => setTimeout(r, DIGIT_GUARD_MS + 20))
  await flushPromises()
}

describe('ScanInboxList', () => {
  it('shows the scans as cards named after its testid, the material select and the button beside the selected one only', () => {
    const w = mountList({ hint: '↑/↓ 选择' })
    expect(root(w).attributes('role')).toBe('listbox')
    expect(root(w).attributes('aria-label')).toBe('扫描收件箱')
    expect(w.get('[data-testid="some-inbox-count"]').text()).toBe('3')
    expect(root(w).text()).toContain('↑/↓ 选择')
    expect(cards(w).map((c) => c.attributes('data-sha'))).toEqual([JPEG.sha256, PDF.sha256, TIFF.sha256])
    expect(cards(w).map((c) => c.attributes('aria-selected'))).toEqual(['true', 'false', 'false'])
    expect(cards(w)[0]!.text()).toContain('scan-0001.jpg')
    expect(cards(w)[0]!.text()).toContain('1 页')
    expect(cards(w)[0]!.find('img').attributes('src')).toBe('data:image/jpeg;base64,AAAA')
    expect(w.findAll('[data-testid="some-inbox-material"]')).toHaveLength(1)
    expect(cards(w)[0]!.find('[data-testid="some-inbox-attach"]').exists()).toBe(true)
    // The inbox is named, not shown by its path; the path is for the clipboard only.
    expect(w.text()).not.toContain('/home/clerk/inbox')
    expect(w.get('[data-testid="some-inbox-path-copy"]').text()).toBe('复制扫描收件箱的位置')
    expect(w.get('[data-testid="some-inbox-open"]').text()).toBe('打开文件夹')
  })

  it('opens the inbox in the file manager, and says why when it cannot', async () => {
    vi.mocked(ipc.openFolder).mockReset().mockResolvedValue(undefined)
    vi.mocked(showError).mockReset()
    const w = mountList()
    await w.get('[data-testid="some-inbox-open"]').trigger('click')
    await flushPromises()
    expect(ipc.openFolder).toHaveBeenCalledWith('inbox')
    expect(showError).not.toHaveBeenCalled()
    // Opening the folder is not a click on a card: nothing is selected or filed.
    expect(w.emitted('select')).toBeUndefined()
    expect(w.emitted('attach')).toBeUndefined()

    const refusal = { code: 'storage', message: '无法打开文件夹：没有可用的文件管理器' }
    vi.mocked(ipc.openFolder).mockRejectedValueOnce(refusal)
    await w.get('[data-testid="some-inbox-open"]').trigger('click')
    await flushPromises()
    expect(showError).toHaveBeenCalledWith(refusal)
    expect(w.get('[data-testid="some-inbox-open"]').classes()).not.toContain('is-loading')
  })

  it('says so when there is nothing to file, and offers no select without materials', () => {
    expect(mountList({ scans: [] }).text()).toContain('没有扫描件')
    wrapper!.unmount()
    const w = mountList({ materials: [] })
    expect(w.find('[data-testid="some-inbox-material"]').exists()).toBe(false)
  })

  it('asks to select a card clicked or dragged, and to move the selection with ↑/↓', async () => {
    const w = mountList()
    await cards(w)[2]!.trigger('click')
    expect(w.emitted('select')).toEqual([[TIFF.sha256]])
    expect(document.activeElement).toBe(root(w).element)
    await press(w, 'ArrowDown')
    await press(w, 'ArrowUp')
    // With Shift, an arrow is not the list's.
    await root(w).trigger('keydown', { key: 'ArrowDown', shiftKey: true })
    expect(w.emitted('move')).toEqual([[1], [-1]])

    const dataTransfer = fakeDataTransfer()
    await cards(w)[1]!.trigger('dragstart', { dataTransfer })
    expect(w.emitted('select')![1]).toEqual([PDF.sha256])
    expect(dataTransfer.getData(SCAN_DRAG_TYPE)).toBe(PDF.sha256)
  })

  it('files the selected scan under the n-th material with 1–9, not beyond the list, and not for a barcode burst', async () => {
    const w = mountList()
    ;(root(w).element as HTMLElement).focus()
    await pressDigit(w, '3')
    expect(w.emitted('attach')).toEqual([[JPEG.sha256, 'M3']])
    await pressDigit(w, '9')
    for (const c of 'JM2025000001') await press(w, c)
    await new Promise((r) => setTimeout(r, DIGIT_GUARD_MS + 20))
    expect(w.emitted('attach')).toHaveLength(1)
  })

  it('files with Enter or the button under the first material without a scan, or the one chosen', async () => {
    const w = mountList()
    await flushPromises()
    expect(w.get('[data-testid="some-inbox-material"]').text()).toContain('2. 身份证')
    await press(w, 'Enter')
    await w.get('[data-testid="some-inbox-attach"]').trigger('click')
    expect(w.emitted('attach')).toEqual([
      [JPEG.sha256, 'M2'],
      [JPEG.sha256, 'M2'],
    ])
    // Once that material has a scan, the next selected scan goes to the next one without.
    await w.setProps({ materials: [MATERIALS[0]!, { ...MATERIALS[1]!, hasScans: true }, MATERIALS[2]!], selected: PDF.sha256 })
    await flushPromises()
    expect(w.get('[data-testid="some-inbox-material"]').text()).toContain('3. 营业执照')
    await press(w, 'Enter')
    expect(w.emitted('attach')![2]).toEqual([PDF.sha256, 'M3'])
  })

  it('leaves the keys of the select and the button alone', async () => {
    const w = mountList()
    const select = w.get('[data-testid="some-inbox-material"] input')
    await select.trigger('keydown', { key: '2' })
    await select.trigger('keydown', { key: 'Enter' })
    await new Promise((r) => setTimeout(r, DIGIT_GUARD_MS + 20))
    expect(w.emitted('attach')).toBeUndefined()
  })

  it('spins the button of the scan being filed and holds the others', async () => {
    const w = mountList({ busy: JPEG.sha256 })
    const button = w.get('[data-testid="some-inbox-attach"]')
    expect(button.classes()).toContain('is-loading')
    await w.setProps({ busy: PDF.sha256 })
    expect(w.get('[data-testid="some-inbox-attach"]').attributes('disabled')).toBeDefined()
  })
})
