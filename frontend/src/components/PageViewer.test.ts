import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  scanPage: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import type { AssignedScanView } from '@/api/bindings'
import { JPEG, PDF, TIFF, assigned } from '@/test/scanFixtures'
import PageViewer from './PageViewer.vue'

let wrapper: VueWrapper | null = null

beforeEach(() => {
  vi.mocked(ipc.scanPage)
    .mockReset()
    .mockImplementation(async (sha256, page) => ({ sha256, page, pages: 2, data_url: `data:image/png;base64,${sha256.slice(0, 1)}${page}` }))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

async function mountViewer(scans: AssignedScanView[]) {
  wrapper = mount(PageViewer, {
    attachTo: document.body,
    props: { scans },
    global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus] },
  })
  await flushPromises()
  return wrapper
}

function press(key: string, target: EventTarget = document.body) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
}

function viewer() {
  return wrapper!.get('[data-testid="page-viewer"]')
}

describe('PageViewer', () => {
  it('goes through every page of every scan of the material, with the keys and the buttons', async () => {
    // One JPEG page, then a TIFF of two pages filed turned 90°.
    const w = await mountViewer([assigned(JPEG), assigned(TIFF, 90)])
    expect(w.get('[data-testid="page-counter"]').text()).toBe('1 / 3')
    expect(ipc.scanPage).toHaveBeenLastCalledWith(JPEG.sha256, 1)
    expect(w.get('[data-testid="page-image"]').attributes('src')).toBe('data:image/png;base64,a1')

    press('ArrowRight')
    await flushPromises()
    expect(w.get('[data-testid="page-counter"]').text()).toBe('2 / 3')
    expect(ipc.scanPage).toHaveBeenLastCalledWith(TIFF.sha256, 1)
    expect(viewer().attributes('data-rotation')).toBe('90')

    press('PageDown')
    await flushPromises()
    expect(ipc.scanPage).toHaveBeenLastCalledWith(TIFF.sha256, 2)
    // The last page stays the last.
    press('ArrowRight')
    await flushPromises()
    expect(w.get('[data-testid="page-counter"]').text()).toBe('3 / 3')
    expect(w.get('[data-testid="page-next"]').attributes('disabled')).toBeDefined()

    press('PageUp')
    await flushPromises()
    expect(w.get('[data-testid="page-counter"]').text()).toBe('2 / 3')
    await w.get('[data-testid="page-prev"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="page-counter"]').text()).toBe('1 / 3')
    // A page seen before is not asked for again.
    expect(ipc.scanPage).toHaveBeenCalledTimes(3)
  })

  it('zooms with + and - and turns a quarter with R, on top of the rotation the scan was filed with', async () => {
    const w = await mountViewer([assigned(TIFF, 90)])
    press('+')
    press('=')
    await flushPromises()
    expect(viewer().attributes('data-zoom')).toBe('1.5')
    expect(w.get('[data-testid="page-image"]').attributes('style')).toContain('width: 150%')
    press('-')
    await flushPromises()
    expect(viewer().attributes('data-zoom')).toBe('1.25')
    press('r')
    await flushPromises()
    expect(viewer().attributes('data-rotation')).toBe('180')
    await w.get('[data-testid="page-rotate"]').trigger('click')
    await w.get('[data-testid="page-zoom-in"]').trigger('click')
    expect(viewer().attributes('data-rotation')).toBe('270')
    expect(viewer().attributes('data-zoom')).toBe('1.5')
    expect(w.get('[data-testid="page-image"]').attributes('style')).toContain('rotate(270deg)')
  })

  it('leaves the keys alone while the reviewer types or a dialog is open', async () => {
    await mountViewer([assigned(JPEG), assigned(TIFF)])
    const input = document.createElement('input')
    document.body.appendChild(input)
    press('ArrowRight', input)
    press('r', input)
    const overlay = document.createElement('div')
    overlay.className = 'el-overlay'
    const button = document.createElement('button')
    overlay.appendChild(button)
    document.body.appendChild(overlay)
    press('ArrowRight', button)
    await flushPromises()
    expect(viewer().attributes('data-page')).toBe('1')
    expect(viewer().attributes('data-rotation')).toBe('0')
  })

  it('shows a placeholder for a PDF without asking for its picture, and the reason a page cannot be shown', async () => {
    const w = await mountViewer([assigned(PDF)])
    expect(w.get('[data-testid="page-counter"]').text()).toBe('1 / 4')
    expect(w.get('[data-testid="page-pdf"]').text()).toBe('PDF 扫描件请在案卷中查看')
    expect(ipc.scanPage).not.toHaveBeenCalled()

    vi.mocked(ipc.scanPage).mockRejectedValueOnce({ code: 'not_found', message: '扫描件的文件不在本机的扫描件库中', field: null })
    await w.setProps({ scans: [assigned(JPEG)] })
    await flushPromises()
    expect(w.get('[data-testid="page-problem"]').text()).toBe('扫描件的文件不在本机的扫描件库中')
  })

  it('starts another material from its first page, as filed', async () => {
    const w = await mountViewer([assigned(TIFF)])
    press('ArrowRight')
    press('+')
    press('R')
    await flushPromises()
    await w.setProps({ scans: [assigned(JPEG)] })
    await flushPromises()
    expect(viewer().attributes('data-page')).toBe('1')
    expect(viewer().attributes('data-zoom')).toBe('1')
    expect(viewer().attributes('data-rotation')).toBe('0')
    expect(w.get('[data-testid="page-counter"]').text()).toBe('1 / 1')
  })

  it('says when the material has no scans', async () => {
    const w = await mountViewer([])
    expect(w.get('[data-testid="page-counter"]').text()).toBe('0 / 0')
    expect(w.text()).toContain('没有可查看的扫描件')
  })
})
