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

/** `data-testid` for every body row plus per-row `data-*` values, by row index. */
export interface RowMarks {
  testid: string
  /** `dataset` entries of each row, in the table's row order. */
  data: Record<string, string>[]
}

const latest = new WeakMap<HTMLElement, RowMarks>()

function markRows(el: HTMLElement): void {
  const marks = latest.get(el)
  if (!marks) return
  el.querySelectorAll<HTMLElement>('.el-table__body tr.el-table__row').forEach((tr, i) => {
    if (tr.dataset.testid !== marks.testid) tr.dataset.testid = marks.testid
    for (const [key, value] of Object.entries(marks.data[i] ?? {})) {
      if (tr.dataset[key] !== value) tr.dataset[key] = value
    }
  })
}

/** Like `v-row-testid`, and also writes per-row data attributes (e.g. `data-state`). */
export const vRowMarks: Directive<HTMLElement, RowMarks> = {
  mounted(el, binding) {
    latest.set(el, binding.value)
    markRows(el)
    const observer = new MutationObserver(() => markRows(el))
    observer.observe(el, { childList: true, subtree: true, characterData: true })
    observers.set(el, observer)
  },
  updated(el, binding) {
    latest.set(el, binding.value)
    markRows(el)
  },
  beforeUnmount(el) {
    observers.get(el)?.disconnect()
    observers.delete(el)
    latest.delete(el)
  },
}
