import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { mount } from '@vue/test-utils'
import { useStickyDock } from './stickyDock'

const Panel = defineComponent({
  setup() {
    const dock = ref<HTMLElement | null>(null)
    useStickyDock(dock)
    return () => h('div', [h('p', 'checklist'), h('div', { ref: dock, class: 'dock' }, 'submit')])
  },
})

describe('useStickyDock', () => {
  it("keeps the scroll container's bottom scroll padding at the dock's height while it is there", () => {
    const scroller = document.createElement('div')
    scroller.style.overflowY = 'auto'
    document.body.appendChild(scroller)
    const original = HTMLElement.prototype.getBoundingClientRect
    HTMLElement.prototype.getBoundingClientRect = function () {
      return { height: this.classList.contains('dock') ? 119.5 : 0 } as DOMRect
    }
    try {
      const w = mount(Panel, { attachTo: scroller })
      expect(scroller.style.scrollPaddingBottom).toBe('128px')
      w.unmount()
      expect(scroller.style.scrollPaddingBottom).toBe('')
    } finally {
      HTMLElement.prototype.getBoundingClientRect = original
      scroller.remove()
    }
  })
})
