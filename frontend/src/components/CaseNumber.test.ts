import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'

vi.mock('@/api/errors', () => ({ showErrorText: vi.fn() }))

import { showErrorText } from '@/api/errors'
import { catchMessages, messages } from '@/test/mocks'
import CaseNumber from './CaseNumber.vue'

const NUMBER = '4407030002026120200001'
let wrapper: VueWrapper | null = null

function mountNumber(props: { number: string } & Record<string, unknown>) {
  wrapper = mount(CaseNumber, { attachTo: document.body, props, global: { plugins: [createAppI18n('zh-CN'), ElementPlus] } })
  return wrapper
}

describe('CaseNumber', () => {
  beforeEach(() => {
    catchMessages()
    vi.mocked(showErrorText).mockReset()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('shows hall code, date and sequence apart, and keeps the plain digits as its text', () => {
    const w = mountNumber({ number: NUMBER, testid: 'intake-number' })
    expect(w.findAll('.ow-case-number-part').map((p) => p.text())).toEqual(['440703000', '20261202', '00001'])
    // What a test, a selection or a screen reader gets: the digits, nothing between them.
    expect(w.get('[data-testid="intake-number"]').element.textContent).toBe(NUMBER)
    expect(w.element.textContent).toBe(NUMBER)
    expect(w.get('.ow-case-number').classes()).toContain('ow-case-number')
  })

  it('shows a number of another shape whole', () => {
    const w = mountNumber({ number: 'JM2025000001' })
    expect(w.findAll('.ow-case-number-part').map((p) => p.text())).toEqual(['JM2025000001'])
  })

  it('copies the plain digits and says so, grouped', async () => {
    const writeText = vi.fn(async () => {})
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const w = mountNumber({ number: NUMBER })
    await w.get('[data-testid="case-number-copy"]').trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith(NUMBER)
    expect(messages.success).toHaveBeenCalledWith(
      expect.objectContaining({ message: '已复制办件编号 440703000\u202F·\u202F20261202\u202F·\u202F00001' }),
    )
  })

  it('falls back to the selection copy when the clipboard API refuses', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: vi.fn(async () => Promise.reject(new Error('denied'))) } })
    const exec = vi.fn(() => true)
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true })
    const w = mountNumber({ number: NUMBER })
    await w.get('[data-testid="case-number-copy"]').trigger('click')
    await flushPromises()
    expect(exec).toHaveBeenCalledWith('copy')
    expect(messages.success).toHaveBeenCalled()
    // The helper textarea is gone again.
    expect(document.querySelector('textarea')).toBeNull()
  })

  it('says so when nothing could copy', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: undefined })
    Object.defineProperty(document, 'execCommand', { value: vi.fn(() => false), configurable: true })
    const w = mountNumber({ number: NUMBER })
    await w.get('[data-testid="case-number-copy"]').trigger('click')
    await flushPromises()
    expect(showErrorText).toHaveBeenCalledWith('无法复制，请选中办件编号后按 Ctrl+C')
  })

  it('emits open from the digits when openable, and offers no copy when told', async () => {
    const w = mountNumber({ number: NUMBER, openable: true, copy: false })
    expect(w.find('[data-testid="case-number-copy"]').exists()).toBe(false)
    await w.get('button.ow-case-number-digits').trigger('click')
    expect(w.emitted('open')).toEqual([[NUMBER]])
  })

  it('keeps the copy button out of the Tab order in tables', () => {
    const w = mountNumber({ number: NUMBER, tabbable: false })
    expect(w.get('[data-testid="case-number-copy"]').attributes('tabindex')).toBe('-1')
  })
})
