import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { createBarcodeWedge, useBarcodeWedge } from './useBarcodeWedge'

function clock() {
  let t = 1000
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

function press(target: EventTarget, key: string) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
}

function type(target: EventTarget, c: ReturnType<typeof clock>, text: string, gap: number) {
  for (const ch of text) {
    press(target, ch)
    c.advance(gap)
  }
  press(target, 'Enter')
}

describe('useBarcodeWedge', () => {
  it('reports a fast burst ending with Enter', () => {
    const c = clock()
    const onScan = vi.fn()
    const wedge = createBarcodeWedge(onScan, { now: c.now })
    document.body.addEventListener('keydown', wedge.handle)
    type(document.body, c, 'JM20250301000123', 8)
    document.body.removeEventListener('keydown', wedge.handle)
    expect(onScan).toHaveBeenCalledWith('JM20250301000123')
  })

  it('ignores a person typing slowly', () => {
    const c = clock()
    const onScan = vi.fn()
    const wedge = createBarcodeWedge(onScan, { now: c.now })
    document.body.addEventListener('keydown', wedge.handle)
    type(document.body, c, 'JM20250301000123', 120)
    document.body.removeEventListener('keydown', wedge.handle)
    expect(onScan).not.toHaveBeenCalled()
  })

  it('starts over after a pause and still catches the scan that follows', () => {
    const c = clock()
    const onScan = vi.fn()
    const wedge = createBarcodeWedge(onScan, { now: c.now })
    document.body.addEventListener('keydown', wedge.handle)
    press(document.body, 'x')
    c.advance(500)
    type(document.body, c, 'JM001234', 5)
    document.body.removeEventListener('keydown', wedge.handle)
    expect(onScan).toHaveBeenCalledTimes(1)
    expect(onScan).toHaveBeenCalledWith('JM001234')
  })

  it('ignores short bursts and keys typed into inputs', () => {
    const c = clock()
    const onScan = vi.fn()
    const wedge = createBarcodeWedge(onScan, { now: c.now })
    const input = document.createElement('input')
    document.body.appendChild(input)
    input.addEventListener('keydown', wedge.handle)
    type(input, c, 'JM20250301000123', 5)
    document.body.addEventListener('keydown', wedge.handle)
    type(document.body, c, 'ab', 5)
    document.body.removeEventListener('keydown', wedge.handle)
    input.remove()
    expect(onScan).not.toHaveBeenCalled()
  })

  it('listens on the window only while mounted', () => {
    const c = clock()
    const onScan = vi.fn()
    const Host = defineComponent({
      setup() {
        useBarcodeWedge(onScan, { now: c.now })
        return () => h('div')
      },
    })
    const wrapper = mount(Host, { attachTo: document.body })
    type(document.body, c, 'JM20250301000123', 10)
    expect(onScan).toHaveBeenCalledWith('JM20250301000123')
    wrapper.unmount()
    type(document.body, c, 'JM20250301000999', 10)
    expect(onScan).toHaveBeenCalledTimes(1)
  })
})
