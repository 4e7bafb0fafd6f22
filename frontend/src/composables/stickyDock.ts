// A bar kept in sight at the foot of a scrolling panel (position: sticky) covers what scrolls under
// it: a field brought into view (by focus, by a keystroke, by scrollIntoView) could land behind it.
// The scroll container's scroll-padding-bottom is kept at the bar's height, so "into view" means above it.
import { onBeforeUnmount, onMounted, type Ref } from 'vue'

/** The nearest ancestor that scrolls vertically; null when none does. */
function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY
    if (overflow === 'auto' || overflow === 'scroll') return p
  }
  return null
}

export function useStickyDock(dock: Ref<HTMLElement | null>): void {
  let container: HTMLElement | null = null
  let observer: ResizeObserver | null = null

  function update() {
    if (container && dock.value) container.style.scrollPaddingBottom = `${Math.ceil(dock.value.getBoundingClientRect().height) + 8}px`
  }

  onMounted(() => {
    if (!dock.value) return
    container = scrollParent(dock.value)
    update()
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(update)
      observer.observe(dock.value)
    }
  })

  onBeforeUnmount(() => {
    observer?.disconnect()
    observer = null
    if (container) container.style.scrollPaddingBottom = ''
    container = null
  })
}
