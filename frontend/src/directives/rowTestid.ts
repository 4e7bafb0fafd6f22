// el-table renders its own <tr>s and offers no way to put attributes on them; this directive marks
// every body row of the table it sits on with `data-testid`, and keeps doing so as rows change.
import type { Directive } from 'vue'

const observers = new WeakMap<HTMLElement, MutationObserver>()

function mark(el: HTMLElement, testid: string): void {
  el.querySelectorAll<HTMLElement>('.el-table__body tr.el-table__row').forEach((tr) => {
    if (tr.dataset.testid !== testid) tr.dataset.testid = testid
  })
}

export const vRowTestid: Directive<HTMLElement, string> = {
  mounted(el, binding) {
    mark(el, binding.value)
    const observer = new MutationObserver(() => mark(el, binding.value))
    observer.observe(el, { childList: true, subtree: true })
    observers.set(el, observer)
  },
  updated(el, binding) {
    mark(el, binding.value)
  },
  beforeUnmount(el) {
    observers.get(el)?.disconnect()
    observers.delete(el)
  },
}
